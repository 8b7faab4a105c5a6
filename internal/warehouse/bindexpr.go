package warehouse

import (
	"fmt"
	"strings"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/agg"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/ast"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// hook lets a caller take over binding of some expressions (aggregation
// binds aggregates and group keys this way). handled false means "bind it
// normally".
type hook func(e ast.Expr) (x expr, handled bool, err error)

// exprBinder binds expressions of one query block.
type exprBinder struct {
	b    *binder
	sc   *scope
	hook hook
	// where names the clause for errors about misplaced aggregates.
	where string
	// aliases are select-list aliases a bare name may refer to when no
	// column has it: earlier items (lateral column aliases) or, in HAVING,
	// all of them.
	aliases []selectAlias
	// expanding guards against an alias referring to itself.
	expanding map[string]bool
}

// selectAlias is an aliased select-list item.
type selectAlias struct {
	name string
	e    ast.Expr
}

// alias binds the select-list item a bare name refers to, if any.
func (eb *exprBinder) alias(name string) (expr, bool, error) {
	for _, a := range eb.aliases {
		if !strings.EqualFold(a.name, name) || eb.expanding[strings.ToLower(name)] {
			continue
		}
		if eb.expanding == nil {
			eb.expanding = map[string]bool{}
		}
		eb.expanding[strings.ToLower(name)] = true
		x, err := eb.bind(a.e)
		delete(eb.expanding, strings.ToLower(name))
		return x, true, err
	}
	return nil, false, nil
}

func (eb *exprBinder) bind(e ast.Expr) (expr, error) {
	if eb.hook != nil {
		x, ok, err := eb.hook(e)
		if err != nil || ok {
			return x, err
		}
	}
	b := eb.b
	switch e := e.(type) {
	case *ast.Literal:
		return &constExpr{v: e.Value}, nil
	case *ast.TypedLiteral:
		v, err := value.CastValueIn(value.Str(e.Text), e.Type, true, b.s.loc)
		if err != nil || v.Null {
			return nil, errclass.New("INVALID_TYPED_LITERAL",
				"The value of the typed literal %q is invalid: '%s'.", e.Type.String(), e.Text)
		}
		return &constExpr{v: v}, nil
	case *ast.Param:
		return b.param(e)
	case *ast.ColumnRef:
		x, err := eb.sc.resolve(e.Name)
		if err != nil && len(e.Name) == 1 && classOf(err) != "AMBIGUOUS_REFERENCE" {
			if ax, ok, aerr := eb.alias(e.Name[0]); ok {
				return ax, aerr
			}
		}
		return x, err
	case *ast.ColumnIndex:
		if e.Index < 0 || e.Index >= len(eb.sc.cols) {
			return nil, errInternal("column position %d out of range", e.Index)
		}
		return &colExpr{idx: e.Index, t: eb.sc.cols[e.Index].t}, nil
	case *ast.Star:
		return nil, errclass.New("INVALID_USAGE_OF_STAR_OR_REGEX", "Invalid usage of '*' in %s.", eb.clause())
	case *ast.Unary:
		switch e.Op {
		case "+":
			x, err := eb.bind(e.X)
			if err != nil {
				return nil, err
			}
			if !x.Type().IsNumeric() && x.Type().Kind != value.Void {
				return nil, mismatch("(+ "+sqlOf(e.X)+")", "UNEXPECTED_INPUT_TYPE",
					fmt.Sprintf("The first parameter requires the \"NUMERIC\" type, however %s has the type %q.", sqlOf(e.X), x.Type().String()))
			}
			return x, nil
		case "-":
			return eb.call("negative", []ast.Expr{e.X})
		case "NOT":
			return eb.call("not", []ast.Expr{e.X})
		case "~":
			return eb.call("~", []ast.Expr{e.X})
		}
		return nil, errInternal("unknown unary operator %s", e.Op)
	case *ast.Binary:
		if e.Op == "AND" || e.Op == "OR" {
			l, err := eb.boolean(e.L)
			if err != nil {
				return nil, err
			}
			r, err := eb.boolean(e.R)
			if err != nil {
				return nil, err
			}
			return &logicExpr{and: e.Op == "AND", l: l, r: r}, nil
		}
		return eb.call(e.Op, []ast.Expr{e.L, e.R})
	case *ast.IsNull:
		x, err := eb.bind(e.X)
		if err != nil {
			return nil, err
		}
		return &isNullExpr{x: x, not: e.Not}, nil
	case *ast.IsBool:
		x, err := eb.boolean(e.X)
		if err != nil {
			return nil, err
		}
		eq, err := eb.apply("<=>", []expr{x, &constExpr{v: value.Bool(e.Value)}})
		if err != nil {
			return nil, err
		}
		if e.Not {
			return eb.apply("not", []expr{eq})
		}
		return eq, nil
	case *ast.Between:
		x, err := eb.bind(e.X)
		if err != nil {
			return nil, err
		}
		lo, err := eb.bind(e.Lo)
		if err != nil {
			return nil, err
		}
		hi, err := eb.bind(e.Hi)
		if err != nil {
			return nil, err
		}
		ge, err := eb.apply(">=", []expr{x, lo})
		if err != nil {
			return nil, err
		}
		le, err := eb.apply("<=", []expr{x, hi})
		if err != nil {
			return nil, err
		}
		var out expr = &logicExpr{and: true, l: ge, r: le}
		if e.Not {
			return eb.apply("not", []expr{out})
		}
		return out, nil
	case *ast.InList:
		return eb.inList(e)
	case *ast.InSubquery:
		return eb.inSubquery(e)
	case *ast.Exists:
		p, sc, err := b.subquery(e.Query, eb.sc)
		if err != nil {
			return nil, err
		}
		return &existsExpr{p: p, not: e.Not, correlated: sc.correlated}, nil
	case *ast.Subquery:
		p, sc, err := b.subquery(e.Query, eb.sc)
		if err != nil {
			return nil, err
		}
		if n := len(p.cols()); n != 1 {
			return nil, errclass.New("INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN",
				"Invalid subquery: Scalar subquery must return only one column, but got %d.", n)
		}
		return &scalarSubqueryExpr{p: p, t: p.cols()[0].t, correlated: sc.correlated}, nil
	case *ast.Like:
		args := []ast.Expr{e.X, e.Pattern}
		if e.Escape != "" {
			args = append(args, &ast.Literal{Value: value.Str(e.Escape)})
		}
		x, err := eb.call(strings.ToLower(e.Op), args)
		if err != nil {
			return nil, err
		}
		if e.Not {
			return eb.apply("not", []expr{x})
		}
		return x, nil
	case *ast.Case:
		return eb.caseExpr(e)
	case *ast.Cast:
		x, err := eb.bind(e.X)
		if err != nil {
			return nil, err
		}
		if !value.CanCast(x.Type(), e.Type) {
			return nil, value.CastMismatchError(sqlOf(e), x.Type(), e.Type, e.Try)
		}
		return fold(&castExpr{x: x, to: e.Type, try: e.Try}), nil
	case *ast.Call:
		return eb.callExpr(e)
	case *ast.Tuple:
		return nil, errUnsupported("", "a row value %s outside IN.", sqlOf(e))
	}
	return nil, errInternal("unknown expression %T", e)
}

func (eb *exprBinder) clause() string {
	if eb.where == "" {
		return "the expression"
	}
	return "the " + eb.where + " clause"
}

// boolean binds e and requires a BOOLEAN (a NULL literal or a STRING is
// implicitly cast).
func (eb *exprBinder) boolean(e ast.Expr) (expr, error) {
	x, err := eb.bind(e)
	if err != nil {
		return nil, err
	}
	return eb.asBoolean(x, e)
}

func (eb *exprBinder) asBoolean(x expr, e ast.Expr) (expr, error) {
	t := x.Type()
	if t.Kind == value.Boolean {
		return x, nil
	}
	if value.CanImplicitCast(t, value.BooleanType) {
		return coerce(x, value.BooleanType), nil
	}
	return nil, mismatch(sqlOf(e), "UNEXPECTED_INPUT_TYPE",
		fmt.Sprintf("The input %s requires the \"BOOLEAN\" type, however it has the type %q.", sqlOf(e), t.String()))
}

func mismatch(sql, sub, detail string) error {
	return errclass.New("DATATYPE_MISMATCH."+sub, "Cannot resolve %q due to data type mismatch: %s", sql, detail)
}

// call binds a scalar function or operator applied to AST arguments. A *
// or t.* argument stands for the columns it names (hash(*), concat_ws(',', *)).
func (eb *exprBinder) call(name string, args []ast.Expr) (expr, error) {
	args, err := eb.expandStarArgs(args)
	if err != nil {
		return nil, err
	}
	xs := make([]expr, len(args))
	sqls := make([]string, len(args))
	for i, a := range args {
		x, err := eb.bind(a)
		if err != nil {
			return nil, err
		}
		xs[i], sqls[i] = x, sqlOf(a)
	}
	return eb.applySQL(name, xs, sqls)
}

// expandStarArgs replaces * arguments with column references.
func (eb *exprBinder) expandStarArgs(args []ast.Expr) ([]ast.Expr, error) {
	star := false
	for _, a := range args {
		_, isStar := a.(*ast.Star)
		star = star || isStar
	}
	if !star {
		return args, nil
	}
	items := make([]ast.SelectItem, len(args))
	for i, a := range args {
		items[i] = ast.SelectItem{Expr: a}
	}
	expanded, err := expandStars(items, eb.sc)
	if err != nil {
		return nil, err
	}
	out := make([]ast.Expr, len(expanded))
	for i, it := range expanded {
		out[i] = it.Expr
	}
	return out, nil
}

// apply binds a scalar function or operator applied to bound arguments.
func (eb *exprBinder) apply(name string, xs []expr) (expr, error) {
	return eb.applySQL(name, xs, nil)
}

// applySQL is apply with the arguments' SQL text for error messages.
func (eb *exprBinder) applySQL(name string, xs []expr, sqls []string) (expr, error) {
	f, ok := fn.LookupScalar(name)
	if !ok {
		return nil, errclass.New("UNRESOLVED_ROUTINE",
			"Cannot resolve routine %s on search path [`system`.`builtin`, `system`.`session`, %s].",
			errclass.Ident(name), errclass.Ident(eb.b.cat, eb.b.sch))
	}
	args := make([]fn.Arg, len(xs))
	for i, x := range xs {
		args[i] = fn.Arg{Type: x.Type()}
		if i < len(sqls) {
			args[i].SQL = sqls[i]
		}
		if c, ok := x.(*constExpr); ok {
			v := c.v
			args[i].Const = &v
		}
	}
	ret, casts, err := f.Resolve(args)
	if err != nil {
		return nil, err
	}
	for i := range xs {
		if i < len(casts) {
			xs[i] = coerce(xs[i], casts[i])
		}
	}
	return fold(&callExpr{f: f, args: xs, ret: ret}), nil
}

// coerce casts x to t when needed.
func coerce(x expr, t value.Type) expr {
	if x.Type() == t {
		return x
	}
	return fold(&castExpr{x: x, to: t})
}

// fold evaluates an expression whose inputs are all constants. If the
// evaluation fails the expression is kept, so the error surfaces only if the
// row is really computed (as in Spark, where a CASE branch not taken never
// raises).
func fold(x expr) expr {
	for _, c := range x.children() {
		if _, ok := c.(*constExpr); !ok {
			return x
		}
	}
	if call, ok := x.(*callExpr); ok && !foldable[call.f.Name] {
		return x
	}
	one := &value.Batch{N: 1}
	v, err := x.eval(&evalCtx{fctx: foldCtx}, one)
	if err != nil {
		return x
	}
	return &constExpr{v: v.Get(0)}
}

// foldCtx is the context constant folding runs with; functions that read it
// (current_date, current_user, …) are not folded.
var foldCtx = &fn.Context{}

// foldable lists the functions whose result depends on their arguments only.
var foldable = func() map[string]bool {
	m := map[string]bool{}
	for _, n := range []string{"+", "-", "*", "/", "%", "div", "negative", "~", "&", "|", "^", "||",
		"=", "<>", "<", "<=", ">", ">=", "<=>", "not", "concat", "lower", "upper", "abs"} {
		m[n] = true
	}
	return m
}()

func (eb *exprBinder) callExpr(e *ast.Call) (expr, error) {
	if _, ok := agg.Lookup(e.Name); ok {
		if eb.where == "WHERE" {
			return nil, errclass.New("INVALID_WHERE_CONDITION",
				"The WHERE condition %q contains invalid expressions: %s.\nRewrite the query to avoid window functions, aggregate functions, and generator functions in the WHERE clause.",
				sqlOf(e), sqlOf(e))
		}
		if eb.where == "aggregate" {
			return nil, errclass.New("NESTED_AGGREGATE_FUNCTION",
				"It is not allowed to use an aggregate function in the argument of another aggregate function. Please use the inner aggregate function in a sub-query.")
		}
		return nil, errclass.New("MISSING_GROUP_BY", "The query does not include a GROUP BY clause. Add GROUP BY or turn it into the window functions using OVER clauses.")
	}
	if e.Star || e.Distinct {
		return nil, errclass.New("INVALID_USAGE_OF_STAR_OR_REGEX", "Invalid usage of '*' or DISTINCT in %s.", sqlOf(e))
	}
	switch e.Name {
	case "coalesce", "nvl", "ifnull":
		if e.Name != "coalesce" && len(e.Args) != 2 {
			return nil, wrongArgs(e.Name, "2", len(e.Args))
		}
		if len(e.Args) == 0 {
			return nil, wrongArgs(e.Name, "> 0", 0)
		}
		xs, t, err := eb.common(e, e.Args)
		if err != nil {
			return nil, err
		}
		return &coalesceExpr{args: xs, t: t}, nil
	case "if", "iff":
		if len(e.Args) != 3 {
			return nil, wrongArgs(e.Name, "3", len(e.Args))
		}
		c, err := eb.boolean(e.Args[0])
		if err != nil {
			return nil, err
		}
		xs, t, err := eb.common(e, e.Args[1:])
		if err != nil {
			return nil, err
		}
		return &caseExpr{whens: []caseWhen{{c, xs[0]}}, els: xs[1], t: t}, nil
	case "nvl2":
		if len(e.Args) != 3 {
			return nil, wrongArgs(e.Name, "3", len(e.Args))
		}
		x, err := eb.bind(e.Args[0])
		if err != nil {
			return nil, err
		}
		xs, t, err := eb.common(e, e.Args[1:])
		if err != nil {
			return nil, err
		}
		return &caseExpr{whens: []caseWhen{{&isNullExpr{x: x, not: true}, xs[0]}}, els: xs[1], t: t}, nil
	}
	return eb.call(e.Name, e.Args)
}

func wrongArgs(name, want string, got int) error {
	return errclass.New("WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
		"The %s requires %s parameters but the actual number is %d. Please, refer to 'https://docs.databricks.com/sql/language-manual/sql-ref-functions.html' for a fix.",
		errclass.Ident(name), want, got)
}

// common binds args and casts them to their least common type.
func (eb *exprBinder) common(whole ast.Expr, args []ast.Expr) ([]expr, value.Type, error) {
	xs := make([]expr, len(args))
	types := make([]value.Type, len(args))
	for i, a := range args {
		x, err := eb.bind(a)
		if err != nil {
			return nil, value.Type{}, err
		}
		xs[i], types[i] = x, x.Type()
	}
	t, ok := value.CommonType(types...)
	if !ok {
		names := make([]string, len(types))
		for i, t := range types {
			names[i] = fmt.Sprintf("%q", t.String())
		}
		return nil, value.Type{}, mismatch(sqlOf(whole), "DATA_DIFF_TYPES",
			fmt.Sprintf("Input to %s should all be the same type, but it's [%s].", callName(whole), strings.Join(names, ", ")))
	}
	for i := range xs {
		xs[i] = coerce(xs[i], t)
	}
	return xs, t, nil
}

func callName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Call:
		return "`" + e.Name + "`"
	case *ast.Case:
		return "`casewhen`"
	case *ast.InList:
		return "`in`"
	}
	return "the expression"
}

func (eb *exprBinder) caseExpr(e *ast.Case) (expr, error) {
	var operand expr
	if e.Operand != nil {
		var err error
		if operand, err = eb.bind(e.Operand); err != nil {
			return nil, err
		}
	}
	results := make([]ast.Expr, 0, len(e.Whens)+1)
	for _, w := range e.Whens {
		results = append(results, w.Result)
	}
	if e.Else != nil {
		results = append(results, e.Else)
	}
	xs, t, err := eb.common(e, results)
	if err != nil {
		return nil, err
	}
	out := &caseExpr{t: t}
	for i, w := range e.Whens {
		var cond expr
		if operand != nil {
			v, err := eb.bind(w.Cond)
			if err != nil {
				return nil, err
			}
			if cond, err = eb.apply("=", []expr{operand, v}); err != nil {
				return nil, err
			}
		} else if cond, err = eb.boolean(w.Cond); err != nil {
			return nil, err
		}
		out.whens = append(out.whens, caseWhen{cond: cond, res: xs[i]})
	}
	if e.Else != nil {
		out.els = xs[len(xs)-1]
	}
	return out, nil
}

func (eb *exprBinder) inList(e *ast.InList) (expr, error) {
	all := append([]ast.Expr{e.X}, e.List...)
	xs, _, err := eb.common(e, all)
	if err != nil {
		return nil, err
	}
	eq, _ := fn.LookupScalar("=")
	return &inListExpr{x: xs[0], list: xs[1:], not: e.Not, eq: eq}, nil
}

// param binds a parameter marker to its value.
func (b *binder) param(p *ast.Param) (expr, error) {
	if p.Name != "" {
		v, ok := b.params.Named[p.Name]
		if !ok {
			return nil, errUnbound(p.Name)
		}
		return &constExpr{v: v}, nil
	}
	if p.Index < 0 || p.Index >= len(b.params.Positional) {
		return nil, errUnbound(fmt.Sprintf("_%d", p.Index))
	}
	return &constExpr{v: b.params.Positional[p.Index]}, nil
}

func errUnbound(name string) error {
	return errclass.New("UNBOUND_SQL_PARAMETER",
		"Found the unbound parameter: %s. Please, fix `args` and provide a mapping of the parameter to either a SQL literal or collection constructor functions such as `map()`, `array()`, `struct()`.", name)
}
