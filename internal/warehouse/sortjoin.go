package warehouse

import (
	"sort"
	"strings"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// ---------------------------------------------------------------- sort

type sortKey struct {
	e          expr
	desc       bool
	nullsFirst bool
}

type sortPlan struct {
	in   plan
	keys []sortKey
}

func (p *sortPlan) cols() []colInfo { return p.in.cols() }
func (p *sortPlan) run(ec *evalCtx) ([]*value.Batch, error) {
	in, err := p.in.run(ec)
	if err != nil || len(in) == 0 {
		return in, err
	}
	b := concatBatches(in, p.in.cols())
	keys := make([]*value.Vector, len(p.keys))
	for i, k := range p.keys {
		if keys[i], err = k.e.eval(ec, b); err != nil {
			return nil, err
		}
	}
	idx := make([]int, b.N)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(x, y int) bool {
		i, j := idx[x], idx[y]
		for k, key := range p.keys {
			v := keys[k]
			ni, nj := v.IsNull(i), v.IsNull(j)
			if ni || nj {
				if ni == nj {
					continue
				}
				return ni == key.nullsFirst
			}
			c := compareRows(v, i, j)
			if c == 0 {
				continue
			}
			if key.desc {
				return c > 0
			}
			return c < 0
		}
		return false
	})
	return []*value.Batch{takeRows(b, idx)}, nil
}

// compareRows compares two non-NULL rows of v with Spark's ordering: strings
// by bytes, NaN above every other number, -0.0 equal to 0.0.
func compareRows(v *value.Vector, i, j int) int {
	switch v.Type.Physical() {
	case value.PhysInt:
		a, b := v.I64[i], v.I64[j]
		switch {
		case a < b:
			return -1
		case a > b:
			return 1
		}
		return 0
	case value.PhysFloat:
		return value.CompareFloat(v.F64[i], v.F64[j])
	case value.PhysDecimal:
		return v.Dec[i].Cmp(v.Dec[j])
	case value.PhysString:
		return strings.Compare(v.Str[i], v.Str[j])
	}
	return 0
}

// ---------------------------------------------------------------- join

type joinKind int

const (
	joinInner joinKind = iota
	joinLeft
	joinRight
	joinFull
	joinCross
	joinSemi
	joinAnti
)

// joinPlan joins left and right. cond is evaluated over the concatenated
// columns (left first). lkeys/rkeys are equality keys extracted from cond,
// evaluated over the same layout; residual is the rest of cond (nil if none).
type joinPlan struct {
	kind        joinKind
	left, right plan
	lkeys       []expr
	rkeys       []expr
	nullSafe    []bool // per key: compared with <=> (NULL matches NULL)
	residual    expr
	out         []colInfo
}

func (p *joinPlan) cols() []colInfo { return p.out }

// pairBlock is how many candidate pairs are evaluated at once.
const pairBlock = 1 << 16

func (p *joinPlan) run(ec *evalCtx) ([]*value.Batch, error) {
	lb, err := p.left.run(ec)
	if err != nil {
		return nil, err
	}
	rb, err := p.right.run(ec)
	if err != nil {
		return nil, err
	}
	lcols, rcols := p.left.cols(), p.right.cols()
	L := concatBatches(lb, lcols)
	R := concatBatches(rb, rcols)
	nl := len(lcols)

	// Layouts in which the key expressions can be evaluated.
	lside := &value.Batch{Cols: make([]*value.Vector, nl+len(rcols)), N: L.N}
	copy(lside.Cols, L.Cols)
	rside := &value.Batch{Cols: make([]*value.Vector, nl+len(rcols)), N: R.N}
	copy(rside.Cols[nl:], R.Cols)

	lmatched := make([]bool, L.N)
	rmatched := make([]bool, R.N)
	var outL, outR []int // matched pairs
	var li, ri []int     // candidates awaiting the residual
	flush := func() error {
		if len(li) == 0 {
			return nil
		}
		keep := make([]bool, len(li))
		if p.residual == nil {
			for i := range keep {
				keep[i] = true
			}
		} else {
			pb := pairBatch(L, R, li, ri)
			c, err := p.residual.eval(ec, pb)
			if err != nil {
				return err
			}
			for i := range keep {
				keep[i] = !c.IsNull(i) && c.I64[i] != 0
			}
		}
		for k, ok := range keep {
			if !ok {
				continue
			}
			lmatched[li[k]] = true
			rmatched[ri[k]] = true
			if p.kind != joinSemi && p.kind != joinAnti {
				outL = append(outL, li[k])
				outR = append(outR, ri[k])
			}
		}
		li, ri = li[:0], ri[:0]
		return checkCtx(ec)
	}

	if len(p.lkeys) > 0 {
		rk, err := evalAll(ec, p.rkeys, rside)
		if err != nil {
			return nil, err
		}
		table := map[string][]int{}
		var buf []byte
		for i := 0; i < R.N; i++ {
			if p.nullKey(rk, i) {
				continue
			}
			buf = rowKey(buf[:0], rk, i)
			table[string(buf)] = append(table[string(buf)], i)
		}
		lk, err := evalAll(ec, p.lkeys, lside)
		if err != nil {
			return nil, err
		}
		for i := 0; i < L.N; i++ {
			if p.nullKey(lk, i) {
				continue
			}
			buf = rowKey(buf[:0], lk, i)
			for _, j := range table[string(buf)] {
				li = append(li, i)
				ri = append(ri, j)
			}
			if len(li) >= pairBlock {
				if err := flush(); err != nil {
					return nil, err
				}
			}
		}
	} else {
		for i := 0; i < L.N; i++ {
			for j := 0; j < R.N; j++ {
				li = append(li, i)
				ri = append(ri, j)
			}
			if len(li) >= pairBlock {
				if err := flush(); err != nil {
					return nil, err
				}
			}
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}

	switch p.kind {
	case joinSemi, joinAnti:
		var idx []int
		for i, m := range lmatched {
			if m == (p.kind == joinSemi) {
				idx = append(idx, i)
			}
		}
		return []*value.Batch{takeRows(L, idx)}, nil
	}
	out := []*value.Batch{pairBatch(L, R, outL, outR)}
	if p.kind == joinLeft || p.kind == joinFull {
		var idx []int
		for i, m := range lmatched {
			if !m {
				idx = append(idx, i)
			}
		}
		if len(idx) > 0 {
			out = append(out, padBatch(takeRows(L, idx), rcols, false))
		}
	}
	if p.kind == joinRight || p.kind == joinFull {
		var idx []int
		for i, m := range rmatched {
			if !m {
				idx = append(idx, i)
			}
		}
		if len(idx) > 0 {
			out = append(out, padBatch(takeRows(R, idx), lcols, true))
		}
	}
	return out, nil
}

// nullKey reports whether row i has a NULL in a key compared with =, which
// then matches nothing.
func (p *joinPlan) nullKey(keys []*value.Vector, i int) bool {
	for k, v := range keys {
		if v.IsNull(i) && (k >= len(p.nullSafe) || !p.nullSafe[k]) {
			return true
		}
	}
	return false
}

func evalAll(ec *evalCtx, es []expr, b *value.Batch) ([]*value.Vector, error) {
	out := make([]*value.Vector, len(es))
	for i, e := range es {
		v, err := e.eval(ec, b)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func anyNull(vs []*value.Vector, i int) bool {
	for _, v := range vs {
		if v.IsNull(i) {
			return true
		}
	}
	return false
}

// pairBatch builds the rows (L[li[k]], R[ri[k]]).
func pairBatch(L, R *value.Batch, li, ri []int) *value.Batch {
	out := &value.Batch{Cols: make([]*value.Vector, 0, len(L.Cols)+len(R.Cols)), N: len(li)}
	for _, v := range L.Cols {
		out.Cols = append(out.Cols, v.Gather(li))
	}
	for _, v := range R.Cols {
		out.Cols = append(out.Cols, v.Gather(ri))
	}
	return out
}

// padBatch adds NULL columns of the given types before (before=true) or after b.
func padBatch(b *value.Batch, pad []colInfo, before bool) *value.Batch {
	nulls := make([]*value.Vector, len(pad))
	for i, c := range pad {
		nulls[i] = value.Constant(value.NullOf(c.t), b.N)
	}
	out := &value.Batch{N: b.N}
	if before {
		out.Cols = append(nulls, b.Cols...)
	} else {
		out.Cols = append(append([]*value.Vector{}, b.Cols...), nulls...)
	}
	return out
}

// ---------------------------------------------------------------- set operations

type setOpPlan struct {
	op          string // UNION, EXCEPT, INTERSECT
	all         bool
	left, right plan
}

func (p *setOpPlan) cols() []colInfo { return p.left.cols() }
func (p *setOpPlan) run(ec *evalCtx) ([]*value.Batch, error) {
	lb, err := p.left.run(ec)
	if err != nil {
		return nil, err
	}
	rb, err := p.right.run(ec)
	if err != nil {
		return nil, err
	}
	if p.op == "UNION" {
		all := append(append([]*value.Batch{}, lb...), rb...)
		if p.all {
			return all, nil
		}
		return (&distinctPlan{in: batchesPlan{bs: all, out: p.cols()}}).run(ec)
	}
	counts := map[string]int{}
	var buf []byte
	for _, b := range rb {
		for i := 0; i < b.N; i++ {
			buf = rowKey(buf[:0], b.Cols, i)
			counts[string(buf)]++
		}
	}
	emitted := map[string]bool{}
	var out []*value.Batch
	for _, b := range lb {
		var idx []int
		for i := 0; i < b.N; i++ {
			buf = rowKey(buf[:0], b.Cols, i)
			k := string(buf)
			c := counts[k]
			var keep bool
			switch {
			case p.op == "INTERSECT" && p.all:
				keep = c > 0
				counts[k] = c - 1
			case p.op == "INTERSECT":
				keep = c > 0 && !emitted[k]
			case p.all: // EXCEPT ALL
				keep = c <= 0
				counts[k] = c - 1
			default: // EXCEPT
				keep = c == 0 && !emitted[k]
			}
			if keep {
				emitted[k] = true
				idx = append(idx, i)
			}
		}
		if len(idx) > 0 {
			out = append(out, takeRows(b, idx))
		}
	}
	return out, nil
}

// batchesPlan returns precomputed batches.
type batchesPlan struct {
	bs  []*value.Batch
	out []colInfo
}

func (p batchesPlan) cols() []colInfo                      { return p.out }
func (p batchesPlan) run(*evalCtx) ([]*value.Batch, error) { return p.bs, nil }
