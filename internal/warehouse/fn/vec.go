package fn

import (
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// unionNulls returns the union of the null masks of vs, or nil when no
// vector has one. The result may alias an input's mask: callers that add
// NULLs of their own must take a copy with ownNulls.
func unionNulls(n int, vs ...*value.Vector) []bool {
	var out []bool
	owned := false
	for _, v := range vs {
		if v.Nulls == nil {
			continue
		}
		if out == nil {
			out = v.Nulls[:n]
			continue
		}
		if !owned {
			out = append([]bool(nil), out...)
			owned = true
		}
		for i, b := range v.Nulls[:n] {
			if b {
				out[i] = true
			}
		}
	}
	return out
}

// ownNulls returns a mask the caller may modify: a copy of m, or a fresh
// all-false mask when m is nil.
func ownNulls(m []bool, n int) []bool {
	out := make([]bool, n)
	copy(out, m)
	return out
}

// anyVoid reports whether a vector has the VOID type (every row NULL).
func anyVoid(vs []*value.Vector) bool {
	for _, v := range vs {
		if v.Type.Kind == value.Void {
			return true
		}
	}
	return false
}

// allNull returns n NULLs of type t.
func allNull(t value.Type, n int) *value.Vector {
	return value.Constant(value.NullOf(t), n)
}

// clearNullSlots zeroes the data of NULL rows, as the Vector contract asks.
func clearNullSlots(v *value.Vector) {
	if v.Nulls == nil {
		return
	}
	for i, null := range v.Nulls {
		if null {
			switch v.Type.Physical() {
			case value.PhysInt:
				v.I64[i] = 0
			case value.PhysFloat:
				v.F64[i] = 0
			case value.PhysDecimal:
				v.Dec[i] = value.Int128{}
			case value.PhysString:
				v.Str[i] = ""
			}
		}
	}
}

// boolVector wraps 0/1 results as a BOOLEAN vector.
func boolVector(data []int64, nulls []bool) *value.Vector {
	return &value.Vector{Type: value.BooleanType, I64: data, Nulls: nulls}
}

// b2i converts a bool to 0 or 1.
func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// rowNull reports whether row i of the mask is NULL.
func rowNull(m []bool, i int) bool { return m != nil && m[i] }

// mapStrings applies f to every non-NULL row of a STRING vector.
func mapStrings(v *value.Vector, n int, f func(string) string) *value.Vector {
	out := make([]string, n)
	for i, s := range v.Str[:n] {
		if !rowNull(v.Nulls, i) {
			out[i] = f(s)
		}
	}
	return &value.Vector{Type: value.StringType, Str: out, Nulls: v.Nulls}
}

// sameTypes returns n copies of t, the common cast list of functions whose
// arguments all share one type.
func sameTypes(t value.Type, n int) []value.Type {
	out := make([]value.Type, n)
	for i := range out {
		out[i] = t
	}
	return out
}

// strRows evaluates a STRING function row by row: a row is NULL when any
// argument is NULL there (every row when one is VOID); f gives the value of
// every other row, and its error stops the evaluation.
func strRows(args []*value.Vector, n int, f func(i int) (string, error)) (*value.Vector, error) {
	if anyVoid(args) {
		return allNull(value.StringType, n), nil
	}
	nulls := unionNulls(n, args...)
	out := make([]string, n)
	if err := eachRow(out, nulls, f); err != nil {
		return nil, err
	}
	return &value.Vector{Type: value.StringType, Str: out, Nulls: nulls}, nil
}

// eachRow sets out[i] = f(i) for every row the mask leaves non-NULL; the
// first error stops it.
func eachRow[T any](out []T, nulls []bool, f func(i int) (T, error)) error {
	if nulls == nil {
		for i := range out {
			v, err := f(i)
			if err != nil {
				return err
			}
			out[i] = v
		}
		return nil
	}
	for i := range out {
		if nulls[i] {
			continue
		}
		v, err := f(i)
		if err != nil {
			return err
		}
		out[i] = v
	}
	return nil
}

// mapInts returns f applied to every row of in the mask leaves non-NULL;
// NULL rows are 0.
func mapInts(in []int64, nulls []bool, f func(int64) int64) []int64 {
	out := make([]int64, len(in))
	for i, x := range in {
		if !rowNull(nulls, i) {
			out[i] = f(x)
		}
	}
	return out
}
