package warehouse

import (
	"github.com/ucdeploy/ucdeploy/internal/warehouse/ast"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// subquery binds a nested query whose column references may reach the
// enclosing scope. The returned scope tells whether it did (correlated).
func (b *binder) subquery(q *ast.Query, outer *scope) (plan, *scope, error) {
	sc := &scope{parent: outer, boundary: true}
	p, err := b.query(q, sc)
	return p, sc, err
}

// runSubquery runs p once for each row of batch (correlated) or once in all,
// calling use with the batches and the row they belong to (-1 when not
// correlated).
func runSubquery(ec *evalCtx, p plan, correlated bool, b *value.Batch, use func(row int, out []*value.Batch) error) error {
	if !correlated {
		out, err := p.run(ec)
		if err != nil {
			return err
		}
		return use(-1, out)
	}
	for i := 0; i < b.N; i++ {
		ec.outer = append(ec.outer, outerRow{b: b, i: i})
		out, err := p.run(ec)
		ec.outer = ec.outer[:len(ec.outer)-1]
		if err != nil {
			return err
		}
		if err := use(i, out); err != nil {
			return err
		}
	}
	return nil
}

// scalarSubqueryExpr is (SELECT one column …) used as a value.
type scalarSubqueryExpr struct {
	p          plan
	t          value.Type
	correlated bool
}

func (e *scalarSubqueryExpr) Type() value.Type { return e.t }
func (e *scalarSubqueryExpr) children() []expr { return nil }
func (e *scalarSubqueryExpr) eval(ec *evalCtx, b *value.Batch) (*value.Vector, error) {
	out := value.NewVector(e.t, b.N)
	err := runSubquery(ec, e.p, e.correlated, b, func(row int, bs []*value.Batch) error {
		v := value.NullOf(e.t)
		n := 0
		for _, x := range bs {
			if x.N > 0 && n == 0 {
				v = x.Cols[0].Get(0)
			}
			n += x.N
		}
		if n > 1 {
			return errclass.New("SCALAR_SUBQUERY_TOO_MANY_ROWS", "More than one row returned by a subquery used as an expression.")
		}
		if row < 0 {
			out = value.Constant(v, b.N)
		} else {
			out.Set(row, v)
		}
		return nil
	})
	return out, err
}

// existsExpr is [NOT] EXISTS (query).
type existsExpr struct {
	p          plan
	not        bool
	correlated bool
}

func (e *existsExpr) Type() value.Type { return value.BooleanType }
func (e *existsExpr) children() []expr { return nil }
func (e *existsExpr) eval(ec *evalCtx, b *value.Batch) (*value.Vector, error) {
	state := make([]int8, b.N)
	err := runSubquery(ec, e.p, e.correlated, b, func(row int, bs []*value.Batch) error {
		var s int8
		for _, x := range bs {
			if x.N > 0 {
				s = 1
			}
		}
		if row < 0 {
			for i := range state {
				state[i] = s
			}
		} else {
			state[row] = s
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return triState(state, e.not), nil
}

// inSubqueryExpr is x [NOT] IN (query) with the SQL rules for NULL: TRUE if
// x equals a row, else NULL if x or any row is NULL, else FALSE.
type inSubqueryExpr struct {
	xs         []expr // cast to the subquery's column types
	p          plan
	not        bool
	correlated bool
}

func (e *inSubqueryExpr) Type() value.Type { return value.BooleanType }
func (e *inSubqueryExpr) children() []expr { return e.xs }
func (e *inSubqueryExpr) eval(ec *evalCtx, b *value.Batch) (*value.Vector, error) {
	xs, err := evalAll(ec, e.xs, b)
	if err != nil {
		return nil, err
	}
	state := make([]int8, b.N)
	var buf []byte
	decide := func(i int, set map[string]bool, hasNull, empty bool) {
		switch {
		case empty:
			state[i] = 0
		case anyNull(xs, i):
			state[i] = -1
		default:
			buf = rowKey(buf[:0], xs, i)
			switch {
			case set[string(buf)]:
				state[i] = 1
			case hasNull:
				state[i] = -1
			}
		}
	}
	err = runSubquery(ec, e.p, e.correlated, b, func(row int, bs []*value.Batch) error {
		set := map[string]bool{}
		hasNull, empty := false, true
		var k []byte
		for _, x := range bs {
			for i := 0; i < x.N; i++ {
				empty = false
				if anyNull(x.Cols, i) {
					hasNull = true
					continue
				}
				k = rowKey(k[:0], x.Cols, i)
				set[string(k)] = true
			}
		}
		if row >= 0 {
			decide(row, set, hasNull, empty)
			return nil
		}
		for i := 0; i < b.N; i++ {
			decide(i, set, hasNull, empty)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return triState(state, e.not), nil
}

func (eb *exprBinder) inSubquery(e *ast.InSubquery) (expr, error) {
	left := []ast.Expr{e.X}
	if t, ok := e.X.(*ast.Tuple); ok {
		left = t.Exprs
	}
	p, sc, err := eb.b.subquery(e.Query, eb.sc)
	if err != nil {
		return nil, err
	}
	cols := p.cols()
	if len(cols) != len(left) {
		return nil, mismatch(sqlOf(e), "IN_SUBQUERY_LENGTH_MISMATCH",
			"The number of columns in the left hand side of an IN subquery does not match the number of columns in the output of subquery.")
	}
	xs := make([]expr, len(left))
	casts := make([]expr, len(cols))
	needCast := false
	for i, l := range left {
		x, err := eb.bind(l)
		if err != nil {
			return nil, err
		}
		t, ok := value.CommonType(x.Type(), cols[i].t)
		if !ok {
			return nil, mismatch(sqlOf(e), "IN_SUBQUERY_DATA_TYPE_MISMATCH",
				"The data type of one or more elements in the left hand side of an IN subquery is not compatible with the data type of the output of the subquery.")
		}
		xs[i] = coerce(x, t)
		casts[i] = coerce(&colExpr{idx: i, t: cols[i].t}, t)
		if t != cols[i].t {
			needCast = true
		}
	}
	if needCast {
		p = &projectPlan{in: p, exprs: casts, out: cols}
	}
	return &inSubqueryExpr{xs: xs, p: p, not: e.Not, correlated: sc.correlated}, nil
}
