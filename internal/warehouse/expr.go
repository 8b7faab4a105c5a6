package warehouse

import (
	"context"
	"time"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// evalCtx is the state of one statement's execution.
type evalCtx struct {
	ctx  context.Context
	fctx *fn.Context
	// outer holds the rows of enclosing queries that correlated subqueries
	// read, innermost last.
	outer []outerRow
}

// location returns the session time zone.
func (ec *evalCtx) location() *time.Location {
	if ec.fctx != nil && ec.fctx.Location != nil {
		return ec.fctx.Location
	}
	return time.UTC
}

type outerRow struct {
	b *value.Batch
	i int
}

// expr is a bound expression: names resolved, types known, casts inserted.
type expr interface {
	Type() value.Type
	eval(ec *evalCtx, b *value.Batch) (*value.Vector, error)
	children() []expr
}

// colExpr reads a column of the input batch.
type colExpr struct {
	idx int
	t   value.Type
}

func (e *colExpr) Type() value.Type { return e.t }
func (e *colExpr) children() []expr { return nil }
func (e *colExpr) eval(_ *evalCtx, b *value.Batch) (*value.Vector, error) {
	return b.Cols[e.idx], nil
}

// outerExpr reads a column of an enclosing query's current row.
type outerExpr struct {
	depth int // 1 = the immediately enclosing query
	idx   int
	t     value.Type
}

func (e *outerExpr) Type() value.Type { return e.t }
func (e *outerExpr) children() []expr { return nil }
func (e *outerExpr) eval(ec *evalCtx, b *value.Batch) (*value.Vector, error) {
	r := ec.outer[len(ec.outer)-e.depth]
	return value.Constant(r.b.Cols[e.idx].Get(r.i), b.N), nil
}

// constExpr is a constant.
type constExpr struct {
	v value.Value
}

func (e *constExpr) Type() value.Type { return e.v.Type }
func (e *constExpr) children() []expr { return nil }
func (e *constExpr) eval(_ *evalCtx, b *value.Batch) (*value.Vector, error) {
	return value.Constant(e.v, b.N), nil
}

// castExpr is CAST, TRY_CAST or an implicit cast.
type castExpr struct {
	x   expr
	to  value.Type
	try bool
}

func (e *castExpr) Type() value.Type { return e.to }
func (e *castExpr) children() []expr { return []expr{e.x} }
func (e *castExpr) eval(ec *evalCtx, b *value.Batch) (*value.Vector, error) {
	v, err := e.x.eval(ec, b)
	if err != nil {
		return nil, err
	}
	return value.CastIn(v, e.to, e.try, ec.location())
}

// callExpr calls a scalar function or operator eagerly.
type callExpr struct {
	f    *fn.Scalar
	args []expr
	ret  value.Type
}

func (e *callExpr) Type() value.Type { return e.ret }
func (e *callExpr) children() []expr { return e.args }
func (e *callExpr) eval(ec *evalCtx, b *value.Batch) (*value.Vector, error) {
	vs := make([]*value.Vector, len(e.args))
	for i, a := range e.args {
		v, err := a.eval(ec, b)
		if err != nil {
			return nil, err
		}
		vs[i] = v
	}
	return e.f.Eval(ec.fctx, e.ret, vs, b.N)
}

// isNullExpr is x IS [NOT] NULL.
type isNullExpr struct {
	x   expr
	not bool
}

func (e *isNullExpr) Type() value.Type { return value.BooleanType }
func (e *isNullExpr) children() []expr { return []expr{e.x} }
func (e *isNullExpr) eval(ec *evalCtx, b *value.Batch) (*value.Vector, error) {
	v, err := e.x.eval(ec, b)
	if err != nil {
		return nil, err
	}
	out := value.NewVector(value.BooleanType, b.N)
	for i := range out.I64 {
		if v.IsNull(i) != e.not {
			out.I64[i] = 1
		}
	}
	return out, nil
}

// logicExpr is AND or OR with Spark's short-circuit: the right side is
// evaluated only for rows the left side does not decide.
type logicExpr struct {
	and  bool
	l, r expr
}

func (e *logicExpr) Type() value.Type { return value.BooleanType }
func (e *logicExpr) children() []expr { return []expr{e.l, e.r} }
func (e *logicExpr) eval(ec *evalCtx, b *value.Batch) (*value.Vector, error) {
	l, err := e.l.eval(ec, b)
	if err != nil {
		return nil, err
	}
	decided := int64(0) // AND: FALSE decides; OR: TRUE decides
	if !e.and {
		decided = 1
	}
	var undecided []int
	for i := 0; i < b.N; i++ {
		if l.IsNull(i) || l.I64[i] != decided {
			undecided = append(undecided, i)
		}
	}
	if len(undecided) == 0 {
		return l, nil
	}
	r, err := evalRows(ec, e.r, b, undecided)
	if err != nil {
		return nil, err
	}
	out := value.NewVector(value.BooleanType, b.N)
	for i := 0; i < b.N; i++ {
		if !l.IsNull(i) && l.I64[i] == decided {
			out.I64[i] = decided
		}
	}
	for j, i := range undecided {
		rn, ln := r.IsNull(j), l.IsNull(i)
		switch {
		case !rn && r.I64[j] == decided:
			out.I64[i] = decided
		case ln || rn:
			out.SetNull(i)
		default:
			out.I64[i] = 1 - decided
		}
	}
	return out, nil
}

// evalRows evaluates e over the rows idx of b; the result has len(idx) rows.
func evalRows(ec *evalCtx, e expr, b *value.Batch, idx []int) (*value.Vector, error) {
	if len(idx) == b.N {
		return e.eval(ec, b)
	}
	return e.eval(ec, gatherBatch(b, idx, e))
}

// gatherBatch returns the rows idx of b, gathering only the columns e reads.
func gatherBatch(b *value.Batch, idx []int, e expr) *value.Batch {
	out := &value.Batch{Cols: make([]*value.Vector, len(b.Cols)), N: len(idx)}
	if readsOuterRow(e) {
		// A correlated subquery may read any column of the row.
		return takeRows(b, idx)
	}
	var visit func(x expr)
	visit = func(x expr) {
		if c, ok := x.(*colExpr); ok && out.Cols[c.idx] == nil {
			out.Cols[c.idx] = b.Cols[c.idx].Gather(idx)
		}
		for _, ch := range x.children() {
			visit(ch)
		}
	}
	visit(e)
	return out
}

// caseExpr is a searched CASE (simple CASE, IF, NULLIF-like forms are
// rewritten to it). Each THEN is evaluated only for the rows it returns.
type caseExpr struct {
	whens []caseWhen
	els   expr // nil means NULL
	t     value.Type
}

type caseWhen struct{ cond, res expr }

func (e *caseExpr) Type() value.Type { return e.t }
func (e *caseExpr) children() []expr {
	var out []expr
	for _, w := range e.whens {
		out = append(out, w.cond, w.res)
	}
	if e.els != nil {
		out = append(out, e.els)
	}
	return out
}
func (e *caseExpr) eval(ec *evalCtx, b *value.Batch) (*value.Vector, error) {
	out := value.NewVector(e.t, b.N)
	rest := make([]int, b.N)
	for i := range rest {
		rest[i] = i
	}
	for _, w := range e.whens {
		if len(rest) == 0 {
			break
		}
		c, err := evalRows(ec, w.cond, b, rest)
		if err != nil {
			return nil, err
		}
		var hit, miss []int
		for j, i := range rest {
			if !c.IsNull(j) && c.I64[j] != 0 {
				hit = append(hit, i)
			} else {
				miss = append(miss, i)
			}
		}
		if len(hit) > 0 {
			if err := scatter(ec, w.res, b, hit, out); err != nil {
				return nil, err
			}
		}
		rest = miss
	}
	if len(rest) > 0 {
		if e.els == nil {
			for _, i := range rest {
				out.SetNull(i)
			}
		} else if err := scatter(ec, e.els, b, rest, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// scatter evaluates e on rows idx of b and stores the results at those rows
// of out.
func scatter(ec *evalCtx, e expr, b *value.Batch, idx []int, out *value.Vector) error {
	v, err := evalRows(ec, e, b, idx)
	if err != nil {
		return err
	}
	for j, i := range idx {
		out.Set(i, v.Get(j))
	}
	return nil
}

// coalesceExpr returns its first non-NULL argument, evaluating each argument
// only for rows still NULL.
type coalesceExpr struct {
	args []expr
	t    value.Type
}

func (e *coalesceExpr) Type() value.Type { return e.t }
func (e *coalesceExpr) children() []expr { return e.args }
func (e *coalesceExpr) eval(ec *evalCtx, b *value.Batch) (*value.Vector, error) {
	out := value.NewVector(e.t, b.N)
	rest := make([]int, b.N)
	for i := range rest {
		rest[i] = i
	}
	for _, a := range e.args {
		if len(rest) == 0 {
			break
		}
		v, err := evalRows(ec, a, b, rest)
		if err != nil {
			return nil, err
		}
		var still []int
		for j, i := range rest {
			if v.IsNull(j) {
				still = append(still, i)
			} else {
				out.Set(i, v.Get(j))
			}
		}
		rest = still
	}
	for _, i := range rest {
		out.SetNull(i)
	}
	return out, nil
}

// inListExpr is x [NOT] IN (list). The list items are already cast to the
// common type of x and the list.
type inListExpr struct {
	x    expr
	list []expr
	not  bool
	eq   *fn.Scalar
}

func (e *inListExpr) Type() value.Type { return value.BooleanType }
func (e *inListExpr) children() []expr { return append([]expr{e.x}, e.list...) }
func (e *inListExpr) eval(ec *evalCtx, b *value.Batch) (*value.Vector, error) {
	x, err := e.x.eval(ec, b)
	if err != nil {
		return nil, err
	}
	// found: 1 true, 0 false, -1 unknown (NULL involved).
	state := make([]int8, b.N)
	for _, item := range e.list {
		v, err := item.eval(ec, b)
		if err != nil {
			return nil, err
		}
		eq, err := e.eq.Eval(ec.fctx, value.BooleanType, []*value.Vector{x, v}, b.N)
		if err != nil {
			return nil, err
		}
		for i := range state {
			switch {
			case state[i] == 1:
			case eq.IsNull(i):
				state[i] = -1
			case eq.I64[i] != 0:
				state[i] = 1
			}
		}
	}
	return triState(state, e.not), nil
}

// triState turns per-row 1/0/-1 (true, false, unknown) into a BOOLEAN vector,
// negated when not is set.
func triState(state []int8, not bool) *value.Vector {
	out := value.NewVector(value.BooleanType, len(state))
	for i, s := range state {
		switch {
		case s < 0:
			out.SetNull(i)
		case (s == 1) != not:
			out.I64[i] = 1
		}
	}
	return out
}

// errInternal reports a bug in the engine, never bad input.
func errInternal(format string, args ...any) error {
	return errclass.New("INTERNAL_ERROR", format, args...)
}

// readsOuterRow reports whether e contains a correlated subquery.
func readsOuterRow(e expr) bool {
	switch x := e.(type) {
	case *scalarSubqueryExpr:
		return x.correlated
	case *existsExpr:
		return x.correlated
	case *inSubqueryExpr:
		if x.correlated {
			return true
		}
	}
	for _, c := range e.children() {
		if readsOuterRow(c) {
			return true
		}
	}
	return false
}
