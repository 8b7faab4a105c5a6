package agg

import (
	"encoding/binary"
	"math"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// distinctAcc passes to its inner accumulator only the rows whose argument
// tuple has not been seen before in their group. NULL is a value like any
// other here (count skips it itself); FLOAT and DOUBLE are normalised so
// that -0.0 equals 0.0 and all NaNs are one value, as Spark's
// NormalizeFloatingNumbers does for DISTINCT.
type distinctAcc struct {
	inner Accumulator
	// One-argument integer and floating point tuples use ints; strings use
	// strs; everything else the encoded tuple in encoded.
	ints map[intKey]struct{}
	strs map[strKey]struct{}
	// flat and flatNull serve the common ungrouped one-column integral or
	// floating point case with a plain uint64 key, which Go's maps hash
	// fastest.
	flat     map[uint64]struct{}
	flatNull bool
	encoded  map[string]struct{}
	buf      []byte
	rows     []int
	groups   []uint32
}

type intKey struct {
	g    uint32
	null bool
	v    uint64
}

type strKey struct {
	g    uint32
	null bool
	v    string
}

var _ Accumulator = (*distinctAcc)(nil)

func newDistinct(inner Accumulator) *distinctAcc { return &distinctAcc{inner: inner} }

func (d *distinctAcc) Update(args []*value.Vector, n int, groups []uint32, ngroups int) error {
	d.rows, d.groups = d.rows[:0], d.groups[:0]
	if groups == nil && len(args) == 1 && (args[0].Type.Physical() == value.PhysInt || args[0].Type.Physical() == value.PhysFloat) {
		d.freshFlat(args[0], n)
		return d.pass(args, nil, ngroups)
	}
	for i := range n {
		g := uint32(0)
		if groups != nil {
			g = groups[i]
		}
		if d.fresh(args, i, g) {
			d.rows = append(d.rows, i)
			d.groups = append(d.groups, g)
		}
	}
	var gs []uint32
	if groups != nil {
		gs = d.groups
	}
	return d.pass(args, gs, ngroups)
}

// freshFlat records the new rows of an ungrouped integral or floating point
// column in d.rows.
func (d *distinctAcc) freshFlat(v *value.Vector, n int) {
	if d.flat == nil {
		d.flat = make(map[uint64]struct{}, min(n, 1<<16))
	}
	isInt := v.Type.Physical() == value.PhysInt
	for i := range n {
		if v.IsNull(i) {
			if !d.flatNull {
				d.flatNull = true
				d.rows = append(d.rows, i)
			}
			continue
		}
		var k uint64
		if isInt {
			k = uint64(v.I64[i])
		} else {
			k = normFloatBits(v.F64[i])
		}
		if _, dup := d.flat[k]; !dup {
			d.flat[k] = struct{}{}
			d.rows = append(d.rows, i)
		}
	}
}

// pass feeds the rows in d.rows to the inner accumulator.
func (d *distinctAcc) pass(args []*value.Vector, gs []uint32, ngroups int) error {
	if len(d.rows) == 0 {
		return nil
	}
	picked := make([]*value.Vector, len(args))
	for j, v := range args {
		picked[j] = v.Gather(d.rows)
	}
	return d.inner.Update(picked, len(d.rows), gs, ngroups)
}

// fresh records row i's tuple for group g and reports whether it is new.
func (d *distinctAcc) fresh(args []*value.Vector, i int, g uint32) bool {
	if len(args) == 1 {
		v := args[0]
		switch v.Type.Physical() {
		case value.PhysInt, value.PhysFloat:
			k := intKey{g: g, null: v.IsNull(i)}
			if !k.null {
				if v.Type.Physical() == value.PhysInt {
					k.v = uint64(v.I64[i])
				} else {
					k.v = normFloatBits(v.F64[i])
				}
			}
			if d.ints == nil {
				d.ints = map[intKey]struct{}{}
			}
			if _, dup := d.ints[k]; dup {
				return false
			}
			d.ints[k] = struct{}{}
			return true
		case value.PhysString:
			k := strKey{g: g, null: v.IsNull(i)}
			if !k.null {
				k.v = v.Str[i]
			}
			if d.strs == nil {
				d.strs = map[strKey]struct{}{}
			}
			if _, dup := d.strs[k]; dup {
				return false
			}
			d.strs[k] = struct{}{}
			return true
		}
	}
	b := binary.LittleEndian.AppendUint32(d.buf[:0], g)
	for _, v := range args {
		b = appendKey(b, v, i)
	}
	d.buf = b
	if d.encoded == nil {
		d.encoded = map[string]struct{}{}
	}
	if _, dup := d.encoded[string(b)]; dup {
		return false
	}
	d.encoded[string(b)] = struct{}{}
	return true
}

// normFloatBits returns the bits of f with -0.0 as 0.0 and one NaN.
func normFloatBits(f float64) uint64 {
	switch {
	case f == 0:
		return 0
	case f != f:
		return 0x7ff8000000000000
	}
	return math.Float64bits(f)
}

// appendKey appends an unambiguous encoding of row i of v.
func appendKey(b []byte, v *value.Vector, i int) []byte {
	if v.IsNull(i) || v.Type.Physical() == value.PhysNone {
		return append(b, 0)
	}
	b = append(b, 1)
	switch v.Type.Physical() {
	case value.PhysInt:
		b = binary.LittleEndian.AppendUint64(b, uint64(v.I64[i]))
	case value.PhysFloat:
		b = binary.LittleEndian.AppendUint64(b, normFloatBits(v.F64[i]))
	case value.PhysDecimal:
		b = binary.LittleEndian.AppendUint64(b, uint64(v.Dec[i].Hi))
		b = binary.LittleEndian.AppendUint64(b, v.Dec[i].Lo)
	case value.PhysString:
		b = binary.AppendUvarint(b, uint64(len(v.Str[i])))
		b = append(b, v.Str[i]...)
	}
	return b
}

func (d *distinctAcc) Result(ngroups int) (*value.Vector, error) { return d.inner.Result(ngroups) }
