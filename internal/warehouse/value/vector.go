package value

import (
	"math"
)

// Value is one typed SQL value. Null reports SQL NULL; otherwise the field
// that Type.Physical names holds the value (I for PhysInt, F for PhysFloat, D
// for PhysDecimal, S for PhysString).
type Value struct {
	Type Type
	Null bool
	I    int64
	F    float64
	D    Int128
	S    string
}

// NullOf returns a NULL of type t.
func NullOf(t Type) Value { return Value{Type: t, Null: true} }

// Bool returns a BOOLEAN value.
func Bool(b bool) Value {
	v := Value{Type: BooleanType}
	if b {
		v.I = 1
	}
	return v
}

// IntOf returns a value of an integral, DATE or TIMESTAMP type t.
func IntOf(t Type, i int64) Value { return Value{Type: t, I: i} }

// Int32 returns an INT value.
func Int32(i int32) Value { return Value{Type: IntType, I: int64(i)} }

// Int64 returns a BIGINT value.
func Int64(i int64) Value { return Value{Type: BigIntType, I: i} }

// Float64 returns a DOUBLE value.
func Float64(f float64) Value { return Value{Type: DoubleType, F: f} }

// Str returns a STRING value.
func Str(s string) Value { return Value{Type: StringType, S: s} }

// Dec returns a DECIMAL(p,s) value with the given unscaled value.
func Dec(unscaled Int128, p, s int) Value { return Value{Type: DecimalType(p, s), D: unscaled} }

// Bool returns the value of a BOOLEAN.
func (v Value) Bool() bool { return v.I != 0 }

// Vector is a column of values of one type. Nulls is nil when no row is NULL;
// otherwise Nulls[i] reports whether row i is NULL and the slot in the data
// slice holds a zero value. Exactly one data slice is used, chosen by
// Type.Physical; for VOID, Nulls alone gives the length.
//
// A Vector is immutable once built and safe for concurrent reads.
type Vector struct {
	Type  Type
	Nulls []bool
	I64   []int64
	F64   []float64
	Dec   []Int128
	Str   []string
}

// Len returns the number of rows.
func (v *Vector) Len() int {
	switch v.Type.Physical() {
	case PhysInt:
		return len(v.I64)
	case PhysFloat:
		return len(v.F64)
	case PhysDecimal:
		return len(v.Dec)
	case PhysString:
		return len(v.Str)
	}
	return len(v.Nulls)
}

// IsNull reports whether row i is NULL.
func (v *Vector) IsNull(i int) bool { return v.Nulls != nil && v.Nulls[i] }

// HasNulls reports whether any row is NULL.
func (v *Vector) HasNulls() bool {
	for _, n := range v.Nulls {
		if n {
			return true
		}
	}
	return false
}

// Get returns row i as a Value.
func (v *Vector) Get(i int) Value {
	if v.IsNull(i) || v.Type.Kind == Void {
		return NullOf(v.Type)
	}
	out := Value{Type: v.Type}
	switch v.Type.Physical() {
	case PhysInt:
		out.I = v.I64[i]
	case PhysFloat:
		out.F = v.F64[i]
	case PhysDecimal:
		out.D = v.Dec[i]
	case PhysString:
		out.S = v.Str[i]
	}
	return out
}

// NewVector returns a vector of n rows of type t, all zero and not NULL (all
// NULL for VOID). Callers fill it in before sharing it.
func NewVector(t Type, n int) *Vector {
	v := &Vector{Type: t}
	switch t.Physical() {
	case PhysInt:
		v.I64 = make([]int64, n)
	case PhysFloat:
		v.F64 = make([]float64, n)
	case PhysDecimal:
		v.Dec = make([]Int128, n)
	case PhysString:
		v.Str = make([]string, n)
	default:
		v.Nulls = make([]bool, n)
		for i := range v.Nulls {
			v.Nulls[i] = true
		}
	}
	return v
}

// SetNull marks row i NULL, allocating the null mask on first use. Only for
// vectors under construction.
func (v *Vector) SetNull(i int) {
	if v.Nulls == nil {
		v.Nulls = make([]bool, v.Len())
	}
	v.Nulls[i] = true
	switch v.Type.Physical() {
	case PhysInt:
		v.I64[i] = 0
	case PhysFloat:
		v.F64[i] = 0
	case PhysDecimal:
		v.Dec[i] = Int128{}
	case PhysString:
		v.Str[i] = ""
	}
}

// Set stores x (which must have v's physical representation, or be NULL) at
// row i. Only for vectors under construction.
func (v *Vector) Set(i int, x Value) {
	if x.Null {
		v.SetNull(i)
		return
	}
	if v.Nulls != nil {
		v.Nulls[i] = false
	}
	switch v.Type.Physical() {
	case PhysInt:
		v.I64[i] = x.I
	case PhysFloat:
		v.F64[i] = x.F
	case PhysDecimal:
		v.Dec[i] = x.D
	case PhysString:
		v.Str[i] = x.S
	}
}

// Constant returns a vector of n copies of x.
func Constant(x Value, n int) *Vector {
	v := NewVector(x.Type, n)
	if x.Null {
		v.Nulls = make([]bool, n)
		for i := range v.Nulls {
			v.Nulls[i] = true
		}
		return v
	}
	switch x.Type.Physical() {
	case PhysInt:
		for i := range v.I64 {
			v.I64[i] = x.I
		}
	case PhysFloat:
		for i := range v.F64 {
			v.F64[i] = x.F
		}
	case PhysDecimal:
		for i := range v.Dec {
			v.Dec[i] = x.D
		}
	case PhysString:
		for i := range v.Str {
			v.Str[i] = x.S
		}
	}
	return v
}

// Gather returns a new vector holding the rows of v at the given indexes, in
// that order.
func (v *Vector) Gather(idx []int) *Vector {
	out := &Vector{Type: v.Type}
	if v.Nulls != nil {
		out.Nulls = make([]bool, len(idx))
		for j, i := range idx {
			out.Nulls[j] = v.Nulls[i]
		}
	}
	switch v.Type.Physical() {
	case PhysInt:
		out.I64 = make([]int64, len(idx))
		for j, i := range idx {
			out.I64[j] = v.I64[i]
		}
	case PhysFloat:
		out.F64 = make([]float64, len(idx))
		for j, i := range idx {
			out.F64[j] = v.F64[i]
		}
	case PhysDecimal:
		out.Dec = make([]Int128, len(idx))
		for j, i := range idx {
			out.Dec[j] = v.Dec[i]
		}
	case PhysString:
		out.Str = make([]string, len(idx))
		for j, i := range idx {
			out.Str[j] = v.Str[i]
		}
	default:
		out.Nulls = make([]bool, len(idx))
		for j := range out.Nulls {
			out.Nulls[j] = true
		}
	}
	return out
}

// Slice returns rows [lo, hi) of v, sharing its storage.
func (v *Vector) Slice(lo, hi int) *Vector {
	out := &Vector{Type: v.Type}
	if v.Nulls != nil {
		out.Nulls = v.Nulls[lo:hi:hi]
	}
	switch v.Type.Physical() {
	case PhysInt:
		out.I64 = v.I64[lo:hi:hi]
	case PhysFloat:
		out.F64 = v.F64[lo:hi:hi]
	case PhysDecimal:
		out.Dec = v.Dec[lo:hi:hi]
	case PhysString:
		out.Str = v.Str[lo:hi:hi]
	}
	return out
}

// Concat returns one vector holding the rows of vs in order. All must have
// the same physical representation; the result has type t.
func Concat(t Type, vs ...*Vector) *Vector {
	n := 0
	nulls := false
	for _, v := range vs {
		n += v.Len()
		nulls = nulls || v.Nulls != nil
	}
	out := &Vector{Type: t}
	if nulls || t.Physical() == PhysNone {
		out.Nulls = make([]bool, 0, n)
		for _, v := range vs {
			if v.Nulls != nil {
				out.Nulls = append(out.Nulls, v.Nulls...)
			} else {
				out.Nulls = append(out.Nulls, make([]bool, v.Len())...)
			}
		}
	}
	switch t.Physical() {
	case PhysInt:
		out.I64 = make([]int64, 0, n)
		for _, v := range vs {
			out.I64 = append(out.I64, v.I64...)
		}
	case PhysFloat:
		out.F64 = make([]float64, 0, n)
		for _, v := range vs {
			out.F64 = append(out.F64, v.F64...)
		}
	case PhysDecimal:
		out.Dec = make([]Int128, 0, n)
		for _, v := range vs {
			out.Dec = append(out.Dec, v.Dec...)
		}
	case PhysString:
		out.Str = make([]string, 0, n)
		for _, v := range vs {
			out.Str = append(out.Str, v.Str...)
		}
	}
	return out
}

// Builder appends values to a growing vector.
type Builder struct {
	v     Vector
	nulls bool
}

// NewBuilder returns a builder for vectors of type t with room for n rows.
func NewBuilder(t Type, n int) *Builder {
	b := &Builder{v: Vector{Type: t}}
	switch t.Physical() {
	case PhysInt:
		b.v.I64 = make([]int64, 0, n)
	case PhysFloat:
		b.v.F64 = make([]float64, 0, n)
	case PhysDecimal:
		b.v.Dec = make([]Int128, 0, n)
	case PhysString:
		b.v.Str = make([]string, 0, n)
	}
	b.v.Nulls = make([]bool, 0, n)
	return b
}

// Append adds x, which must have the builder's physical representation or be NULL.
func (b *Builder) Append(x Value) {
	null := x.Null || b.v.Type.Kind == Void
	b.v.Nulls = append(b.v.Nulls, null)
	if null {
		b.nulls = true
	}
	switch b.v.Type.Physical() {
	case PhysInt:
		b.v.I64 = append(b.v.I64, x.I)
	case PhysFloat:
		b.v.F64 = append(b.v.F64, x.F)
	case PhysDecimal:
		b.v.Dec = append(b.v.Dec, x.D)
	case PhysString:
		b.v.Str = append(b.v.Str, x.S)
	}
}

// Len returns the number of values appended so far.
func (b *Builder) Len() int { return len(b.v.Nulls) }

// Build returns the vector. The builder must not be used afterwards.
func (b *Builder) Build() *Vector {
	v := b.v
	if !b.nulls && v.Type.Physical() != PhysNone {
		v.Nulls = nil
	}
	return &v
}

// Batch is a set of columns of equal length: a slice of a relation.
type Batch struct {
	Cols []*Vector
	N    int
}

// Row returns row i as values.
func (b *Batch) Row(i int) []Value {
	out := make([]Value, len(b.Cols))
	for c, v := range b.Cols {
		out[c] = v.Get(i)
	}
	return out
}

// RoundFloat32 rounds f to the nearest float32, as FLOAT values are stored.
func RoundFloat32(f float64) float64 { return float64(float32(f)) }

// NaN returns a DOUBLE NaN, for readability at call sites.
func NaN() float64 { return math.NaN() }
