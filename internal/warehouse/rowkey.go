package warehouse

import (
	"encoding/binary"
	"math"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// appendKey appends an encoding of row i of v to buf such that two rows
// encode equally exactly when GROUP BY and DISTINCT treat them as the same
// value: NULLs are equal to each other, -0.0 equals 0.0, all NaNs are equal.
func appendKey(buf []byte, v *value.Vector, i int) []byte {
	if v.IsNull(i) || v.Type.Kind == value.Void {
		return append(buf, 0)
	}
	buf = append(buf, 1)
	switch v.Type.Physical() {
	case value.PhysInt:
		buf = binary.LittleEndian.AppendUint64(buf, uint64(v.I64[i]))
	case value.PhysFloat:
		f := v.F64[i]
		switch {
		case f == 0:
			f = 0
		case math.IsNaN(f):
			f = math.NaN()
		}
		buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(f))
	case value.PhysDecimal:
		d := v.Dec[i]
		buf = binary.LittleEndian.AppendUint64(buf, uint64(d.Hi))
		buf = binary.LittleEndian.AppendUint64(buf, d.Lo)
	case value.PhysString:
		buf = binary.AppendUvarint(buf, uint64(len(v.Str[i])))
		buf = append(buf, v.Str[i]...)
	}
	return buf
}

// rowKey encodes row i of cols.
func rowKey(buf []byte, cols []*value.Vector, i int) []byte {
	for _, v := range cols {
		buf = appendKey(buf, v, i)
	}
	return buf
}

// grouper assigns group numbers to key tuples in order of first appearance
// and remembers each group's key values.
type grouper struct {
	keys  []expr
	n     int
	ints  map[int64]uint32 // single integral key, not NULL
	null  int64            // group of the NULL key in the ints path, -1 if none
	other map[string]uint32
	reps  []*value.Builder
	buf   []byte
}

func newGrouper(keys []expr) *grouper {
	g := &grouper{keys: keys, null: -1, reps: make([]*value.Builder, len(keys))}
	for i, k := range keys {
		g.reps[i] = value.NewBuilder(k.Type(), 16)
	}
	if len(keys) == 1 && keys[0].Type().Physical() == value.PhysInt {
		g.ints = map[int64]uint32{}
	} else {
		g.other = map[string]uint32{}
	}
	return g
}

func (g *grouper) newGroup(keys []*value.Vector, i int) uint32 {
	for k, v := range keys {
		g.reps[k].Append(v.Get(i))
	}
	g.n++
	return uint32(g.n - 1)
}

// assign returns the group of each of the n rows of keys.
func (g *grouper) assign(keys []*value.Vector, n int) []uint32 {
	out := make([]uint32, n)
	if g.ints != nil {
		v := keys[0]
		for i := 0; i < n; i++ {
			if v.IsNull(i) {
				if g.null < 0 {
					g.null = int64(g.newGroup(keys, i))
				}
				out[i] = uint32(g.null)
				continue
			}
			id, ok := g.ints[v.I64[i]]
			if !ok {
				id = g.newGroup(keys, i)
				g.ints[v.I64[i]] = id
			}
			out[i] = id
		}
		return out
	}
	for i := 0; i < n; i++ {
		g.buf = rowKey(g.buf[:0], keys, i)
		id, ok := g.other[string(g.buf)]
		if !ok {
			id = g.newGroup(keys, i)
			g.other[string(g.buf)] = id
		}
		out[i] = id
	}
	return out
}

// keyVectors returns one vector per key with each group's key value.
func (g *grouper) keyVectors() []*value.Vector {
	out := make([]*value.Vector, len(g.reps))
	for i, b := range g.reps {
		out[i] = b.Build()
	}
	return out
}
