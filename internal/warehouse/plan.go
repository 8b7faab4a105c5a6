package warehouse

import (
	"github.com/ucdeploy/ucdeploy/internal/warehouse/agg"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// colInfo describes one output column of a plan, with the qualifier that
// column references may use (an alias, or catalog, schema and table).
type colInfo struct {
	name     string
	t        value.Type
	nullable bool
	qual     []string
}

// plan is an executable operator. Operators materialise their output as
// batches; stored chunks flow through scans without copying.
type plan interface {
	cols() []colInfo
	run(ec *evalCtx) ([]*value.Batch, error)
}

// checkCtx returns the context's error, if any, so long operators stop
// between batches when the statement is cancelled.
func checkCtx(ec *evalCtx) error { return ec.ctx.Err() }

// ---------------------------------------------------------------- leaves

type scanPlan struct {
	data *tableData
	out  []colInfo
}

func (p *scanPlan) cols() []colInfo { return p.out }
func (p *scanPlan) run(*evalCtx) ([]*value.Batch, error) {
	return p.data.batches(), nil
}

// onePlan produces one row with no columns: the input of SELECT without FROM.
type onePlan struct{}

func (onePlan) cols() []colInfo                      { return nil }
func (onePlan) run(*evalCtx) ([]*value.Batch, error) { return []*value.Batch{{N: 1}}, nil }

// valuesPlan is an inline table.
type valuesPlan struct {
	rows [][]expr
	out  []colInfo
}

func (p *valuesPlan) cols() []colInfo { return p.out }
func (p *valuesPlan) run(ec *evalCtx) ([]*value.Batch, error) {
	one := &value.Batch{N: 1}
	builders := make([]*value.Builder, len(p.out))
	for i, c := range p.out {
		builders[i] = value.NewBuilder(c.t, len(p.rows))
	}
	for _, row := range p.rows {
		for i, e := range row {
			v, err := e.eval(ec, one)
			if err != nil {
				return nil, err
			}
			builders[i].Append(v.Get(0))
		}
	}
	b := &value.Batch{Cols: make([]*value.Vector, len(p.out)), N: len(p.rows)}
	for i, bl := range builders {
		b.Cols[i] = bl.Build()
	}
	return []*value.Batch{b}, nil
}

// ---------------------------------------------------------------- row-wise

type filterPlan struct {
	in   plan
	cond expr
}

func (p *filterPlan) cols() []colInfo { return p.in.cols() }
func (p *filterPlan) run(ec *evalCtx) ([]*value.Batch, error) {
	in, err := p.in.run(ec)
	if err != nil {
		return nil, err
	}
	out := make([]*value.Batch, 0, len(in))
	for _, b := range in {
		if err := checkCtx(ec); err != nil {
			return nil, err
		}
		c, err := p.cond.eval(ec, b)
		if err != nil {
			return nil, err
		}
		idx := trueRows(c)
		switch len(idx) {
		case 0:
		case b.N:
			out = append(out, b)
		default:
			out = append(out, takeRows(b, idx))
		}
	}
	return out, nil
}

// trueRows returns the rows where a BOOLEAN vector is TRUE.
func trueRows(c *value.Vector) []int {
	var idx []int
	for i, x := range c.I64 {
		if x != 0 && !c.IsNull(i) {
			idx = append(idx, i)
		}
	}
	return idx
}

// takeRows gathers rows idx of every column of b.
func takeRows(b *value.Batch, idx []int) *value.Batch {
	out := &value.Batch{Cols: make([]*value.Vector, len(b.Cols)), N: len(idx)}
	for i, v := range b.Cols {
		out.Cols[i] = v.Gather(idx)
	}
	return out
}

type projectPlan struct {
	in    plan
	exprs []expr
	out   []colInfo
}

func (p *projectPlan) cols() []colInfo { return p.out }
func (p *projectPlan) run(ec *evalCtx) ([]*value.Batch, error) {
	in, err := p.in.run(ec)
	if err != nil {
		return nil, err
	}
	out := make([]*value.Batch, len(in))
	for bi, b := range in {
		if err := checkCtx(ec); err != nil {
			return nil, err
		}
		nb := &value.Batch{Cols: make([]*value.Vector, len(p.exprs)), N: b.N}
		for i, e := range p.exprs {
			v, err := e.eval(ec, b)
			if err != nil {
				return nil, err
			}
			nb.Cols[i] = v
		}
		out[bi] = nb
	}
	return out, nil
}

// renamePlan gives its input's columns new names and qualifiers (aliases,
// CTE and view column lists).
type renamePlan struct {
	in  plan
	out []colInfo
}

func (p *renamePlan) cols() []colInfo                         { return p.out }
func (p *renamePlan) run(ec *evalCtx) ([]*value.Batch, error) { return p.in.run(ec) }

// ---------------------------------------------------------------- aggregate

type aggSpec struct {
	f        *agg.Aggregate
	args     []expr
	argInfo  []fn.Arg
	distinct bool
	ret      value.Type
}

// aggPlan groups its input by keys and computes aggregates; its output is
// the key columns followed by one column per aggregate. Without keys it
// always returns exactly one row.
type aggPlan struct {
	in   plan
	keys []expr
	aggs []aggSpec
	out  []colInfo
}

func (p *aggPlan) cols() []colInfo { return p.out }
func (p *aggPlan) run(ec *evalCtx) ([]*value.Batch, error) {
	in, err := p.in.run(ec)
	if err != nil {
		return nil, err
	}
	accs := make([]agg.Accumulator, len(p.aggs))
	for i, a := range p.aggs {
		accs[i] = a.f.New(a.ret, a.argInfo, a.distinct)
	}
	var g *grouper
	ngroups := 1
	if len(p.keys) > 0 {
		g = newGrouper(p.keys)
		ngroups = 0
	}
	for _, b := range in {
		if err := checkCtx(ec); err != nil {
			return nil, err
		}
		var groups []uint32
		if g != nil {
			keys := make([]*value.Vector, len(p.keys))
			for i, k := range p.keys {
				if keys[i], err = k.eval(ec, b); err != nil {
					return nil, err
				}
			}
			groups = g.assign(keys, b.N)
			ngroups = g.n
		}
		for i, a := range p.aggs {
			args := make([]*value.Vector, len(a.args))
			for j, x := range a.args {
				if args[j], err = x.eval(ec, b); err != nil {
					return nil, err
				}
			}
			if err := accs[i].Update(args, b.N, groups, ngroups); err != nil {
				return nil, err
			}
		}
	}
	out := &value.Batch{Cols: make([]*value.Vector, 0, len(p.out)), N: ngroups}
	if g != nil {
		out.Cols = append(out.Cols, g.keyVectors()...)
	}
	for _, acc := range accs {
		v, err := acc.Result(ngroups)
		if err != nil {
			return nil, err
		}
		out.Cols = append(out.Cols, v)
	}
	if ngroups == 0 {
		return nil, nil
	}
	return []*value.Batch{out}, nil
}

// ---------------------------------------------------------------- distinct

type distinctPlan struct {
	in plan
}

func (p *distinctPlan) cols() []colInfo { return p.in.cols() }
func (p *distinctPlan) run(ec *evalCtx) ([]*value.Batch, error) {
	in, err := p.in.run(ec)
	if err != nil {
		return nil, err
	}
	seen := map[string]struct{}{}
	var out []*value.Batch
	var key []byte
	for _, b := range in {
		var idx []int
		for i := 0; i < b.N; i++ {
			key = rowKey(key[:0], b.Cols, i)
			if _, ok := seen[string(key)]; !ok {
				seen[string(key)] = struct{}{}
				idx = append(idx, i)
			}
		}
		if len(idx) > 0 {
			out = append(out, takeRows(b, idx))
		}
	}
	return out, nil
}

// ---------------------------------------------------------------- limit

type limitPlan struct {
	in            plan
	limit, offset int64 // limit < 0: none
}

func (p *limitPlan) cols() []colInfo { return p.in.cols() }
func (p *limitPlan) run(ec *evalCtx) ([]*value.Batch, error) {
	in, err := p.in.run(ec)
	if err != nil {
		return nil, err
	}
	skip, left := p.offset, p.limit
	var out []*value.Batch
	for _, b := range in {
		if left == 0 {
			break
		}
		lo := int64(0)
		if skip > 0 {
			lo = min(skip, int64(b.N))
			skip -= lo
		}
		hi := int64(b.N)
		if left > 0 && hi-lo > left {
			hi = lo + left
		}
		if hi <= lo {
			continue
		}
		if left > 0 {
			left -= hi - lo
		}
		if lo == 0 && hi == int64(b.N) {
			out = append(out, b)
			continue
		}
		nb := &value.Batch{Cols: make([]*value.Vector, len(b.Cols)), N: int(hi - lo)}
		for i, v := range b.Cols {
			nb.Cols[i] = v.Slice(int(lo), int(hi))
		}
		out = append(out, nb)
	}
	return out, nil
}

// concatBatches merges batches into one (nil input gives an empty batch with
// the given column types).
func concatBatches(bs []*value.Batch, cols []colInfo) *value.Batch {
	if len(bs) == 1 {
		return bs[0]
	}
	out := &value.Batch{Cols: make([]*value.Vector, len(cols))}
	for i, c := range cols {
		vs := make([]*value.Vector, len(bs))
		for j, b := range bs {
			vs[j] = b.Cols[i]
		}
		out.Cols[i] = value.Concat(c.t, vs...)
	}
	for _, b := range bs {
		out.N += b.N
	}
	return out
}
