package warehouse

import (
	"fmt"
	"strings"
	"time"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/agg"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/ast"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// binder turns a parsed query into a plan. It runs with the metastore's
// lock held (read or write) and captures table versions into scans, so the
// plan reads a consistent snapshot after the lock is released.
type binder struct {
	s      *Session
	m      *metastore
	params Params
	// cat and sch are the current catalog and schema names resolve against
	// (a view's own when binding its body).
	cat, sch string
	ctes     []map[string]*cteDef
	views    []string  // views being expanded, to detect recursion
	ec       *evalCtx  // the statement's evaluation context
	now      time.Time // the statement's start
	x        *execution
	// principal is whose privileges reads are checked with: the session's,
	// or a view's owner while its body is bound.
	principal string
}

type cteDef struct {
	p plan
}

// binder returns a binder for this statement with the given parameters.
func (x *execution) binder(params Params) *binder {
	return &binder{s: x.s, m: x.m, params: params, cat: x.s.catalog, sch: x.s.schema, ec: x.ec, now: x.now, x: x, principal: x.s.principal}
}

// fctx is the function context of the statement being bound.
func (b *binder) fctx() *fn.Context { return b.ec.fctx }

// query binds a full query expression. sc is the scope that correlated
// subqueries may reach (its cols are the enclosing query's; nil at top).
func (b *binder) query(q *ast.Query, sc *scope) (plan, error) {
	if len(q.With) > 0 {
		frame := map[string]*cteDef{}
		b.ctes = append(b.ctes, frame)
		defer func() { b.ctes = b.ctes[:len(b.ctes)-1] }()
		for _, c := range q.With {
			name := foldName(c.Name)
			if _, dup := frame[name]; dup {
				return nil, errclass.New("DUPLICATED_CTE_NAMES", "CTE definition can't have duplicate names: %s.", errclass.Ident(c.Name))
			}
			p, err := b.query(c.Query, sc)
			if err != nil {
				return nil, err
			}
			if p, err = aliasPlan(p, c.Name, c.Columns); err != nil {
				return nil, err
			}
			frame[name] = &cteDef{p: p}
		}
	}
	var p plan
	var err error
	if sel, ok := q.Body.(*ast.Select); ok {
		p, err = b.selectBlock(sel, q.OrderBy, sc)
	} else {
		if p, err = b.body(q.Body, sc); err == nil && len(q.OrderBy) > 0 {
			p, err = b.orderByOutput(p, q.OrderBy)
		}
	}
	if err != nil {
		return nil, err
	}
	if q.Limit == nil && q.Offset == nil {
		return p, nil
	}
	lp := &limitPlan{in: p, limit: -1}
	if q.Limit != nil {
		if lp.limit, err = b.constInt(q.Limit, "limit"); err != nil {
			return nil, err
		}
	}
	if q.Offset != nil {
		if lp.offset, err = b.constInt(q.Offset, "offset"); err != nil {
			return nil, err
		}
	}
	return lp, nil
}

// constInt evaluates a LIMIT or OFFSET expression.
func (b *binder) constInt(e ast.Expr, what string) (int64, error) {
	eb := &exprBinder{b: b, sc: &scope{}}
	x, err := eb.bind(e)
	if err != nil {
		return 0, err
	}
	c, ok := x.(*constExpr)
	if !ok || !(c.v.Type.IsIntegral() || c.v.Type.Kind == value.Void) {
		return 0, errclass.New("INVALID_LIMIT_LIKE_EXPRESSION.IS_UNFOLDABLE",
			"The %s like expression %q is invalid. The %s expression must evaluate to a constant value.", what, sqlOf(e), what)
	}
	if c.v.Null {
		return 0, errclass.New("INVALID_LIMIT_LIKE_EXPRESSION.IS_NULL",
			"The %s like expression %q is invalid. The evaluated %s expression must not be null.", what, sqlOf(e), what)
	}
	if c.v.I < 0 {
		return 0, errclass.New("INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE",
			"The %s like expression %q is invalid. The %s expression must be equal to or greater than 0, but got %d.", what, sqlOf(e), what, c.v.I)
	}
	return c.v.I, nil
}

func (b *binder) body(q ast.QueryBody, sc *scope) (plan, error) {
	switch q := q.(type) {
	case *ast.Select:
		return b.selectBlock(q, nil, sc)
	case *ast.Query:
		return b.query(q, sc)
	case *ast.Values:
		return b.values(q, sc)
	case *ast.SetOp:
		return b.setOp(q, sc)
	}
	return nil, errInternal("unknown query body %T", q)
}

func (b *binder) values(v *ast.Values, sc *scope) (plan, error) {
	if len(v.Rows) == 0 {
		return nil, errInternal("empty VALUES")
	}
	width := len(v.Rows[0])
	eb := &exprBinder{b: b, sc: &scope{parent: sc}}
	rows := make([][]expr, len(v.Rows))
	for i, r := range v.Rows {
		if len(r) != width {
			return nil, errclass.New("INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH",
				"Invalid inline table. Inline table expected %d columns but found %d columns in row %d.", width, len(r), i)
		}
		rows[i] = make([]expr, width)
		for j, e := range r {
			x, err := eb.bind(e)
			if err != nil {
				return nil, err
			}
			rows[i][j] = x
		}
	}
	out := make([]colInfo, width)
	for j := range out {
		types := make([]value.Type, len(rows))
		for i := range rows {
			types[i] = rows[i][j].Type()
		}
		t, ok := value.CommonType(types...)
		if !ok {
			return nil, errclass.New("INVALID_INLINE_TABLE.INCOMPATIBLE_TYPES_IN_INLINE_TABLE",
				"Invalid inline table. Found incompatible types in the column `col%d` for inline table.", j+1)
		}
		for i := range rows {
			rows[i][j] = coerce(rows[i][j], t)
		}
		out[j] = colInfo{name: fmt.Sprintf("col%d", j+1), t: t, nullable: true}
	}
	return &valuesPlan{rows: rows, out: out}, nil
}

func (b *binder) setOp(q *ast.SetOp, sc *scope) (plan, error) {
	l, err := b.body(q.Left, sc)
	if err != nil {
		return nil, err
	}
	r, err := b.body(q.Right, sc)
	if err != nil {
		return nil, err
	}
	lc, rc := l.cols(), r.cols()
	if len(lc) != len(rc) {
		return nil, errclass.New("NUM_COLUMNS_MISMATCH",
			"%s can only be performed on inputs with the same number of columns, but the first input has %d columns and the second input has %d columns.",
			q.Op, len(lc), len(rc))
	}
	out := make([]colInfo, len(lc))
	lx, rx := make([]expr, len(lc)), make([]expr, len(lc))
	lcast, rcast := false, false
	for i := range lc {
		t, ok := value.CommonType(lc[i].t, rc[i].t)
		if !ok {
			return nil, errclass.New("INCOMPATIBLE_COLUMN_TYPE",
				"%s can only be performed on tables with compatible column types. The %s column of the second table is %q type which is not compatible with %q at the same column of the first table.",
				q.Op, ordinal(i+1), rc[i].t.String(), lc[i].t.String())
		}
		out[i] = colInfo{name: lc[i].name, t: t, nullable: lc[i].nullable || rc[i].nullable}
		lx[i] = coerce(&colExpr{idx: i, t: lc[i].t}, t)
		rx[i] = coerce(&colExpr{idx: i, t: rc[i].t}, t)
		lcast = lcast || t != lc[i].t
		rcast = rcast || t != rc[i].t
	}
	if lcast {
		l = &projectPlan{in: l, exprs: lx, out: out}
	}
	if rcast {
		r = &projectPlan{in: r, exprs: rx, out: out}
	}
	return &renamePlan{in: &setOpPlan{op: q.Op, all: q.All, left: l, right: r}, out: out}, nil
}

func ordinal(n int) string {
	switch n {
	case 1:
		return "first"
	case 2:
		return "second"
	case 3:
		return "third"
	}
	return fmt.Sprintf("%dth", n)
}

// aliasPlan renames a plan's columns (optional list) and sets their qualifier.
func aliasPlan(p plan, alias string, names []string) (plan, error) {
	cols := p.cols()
	if len(names) > 0 && len(names) != len(cols) {
		return nil, errclass.New("ASSIGNMENT_ARITY_MISMATCH",
			"The number of columns or variables assigned or aliased: %d does not match the number of source expressions: %d.", len(names), len(cols))
	}
	out := make([]colInfo, len(cols))
	for i, c := range cols {
		c.qual = nil
		if alias != "" {
			c.qual = []string{alias}
		}
		if len(names) > 0 {
			c.name = names[i]
		}
		out[i] = c
	}
	return &renamePlan{in: p, out: out}, nil
}

// ---------------------------------------------------------------- FROM

func (b *binder) from(te ast.TableExpr, sc *scope) (plan, error) {
	switch t := te.(type) {
	case *ast.TableRef:
		return b.tableRef(t)
	case *ast.SubqueryRef:
		p, err := b.query(t.Query, sc)
		if err != nil {
			return nil, err
		}
		return aliasPlan(p, t.Alias, t.Columns)
	case *ast.ValuesRef:
		p, err := b.values(t.Values, sc)
		if err != nil {
			return nil, err
		}
		return aliasPlan(p, t.Alias, t.Columns)
	case *ast.Join:
		return b.join(t, sc)
	}
	return nil, errInternal("unknown FROM item %T", te)
}

func (b *binder) tableRef(t *ast.TableRef) (plan, error) {
	if len(t.Name) == 1 && t.TimeTravel == nil {
		name := foldName(t.Name[0])
		for i := len(b.ctes) - 1; i >= 0; i-- {
			if c, ok := b.ctes[i][name]; ok {
				alias := t.Alias
				if alias == "" {
					alias = t.Name[0]
				}
				return aliasPlan(c.p, alias, nil)
			}
		}
	}
	cat, sch, name, err := b.qualifyRel(t.Name)
	if err != nil {
		return nil, err
	}
	var p plan
	switch {
	case sch == infoSchema && t.TimeTravel != nil:
		err = errclass.New("DELTA_UNSUPPORTED_TIME_TRAVEL_VIEWS", "Cannot time travel views, subqueries, streams or change data feed queries.")
	case sch == infoSchema:
		p, err = b.infoSchemaTable(cat, name, t.Name)
	default:
		p, err = b.relation(cat, sch, name, t.Name, t.TimeTravel)
	}
	if err != nil {
		return nil, err
	}
	if t.Alias != "" {
		return aliasPlan(p, t.Alias, nil)
	}
	return p, nil
}

// qualifyRel resolves a relation name against the binder's current catalog
// and schema.
func (b *binder) qualifyRel(name []string) (cat, sch, rel string, err error) {
	switch len(name) {
	case 1:
		return b.cat, b.sch, foldName(name[0]), nil
	case 2:
		return b.cat, foldName(name[0]), foldName(name[1]), nil
	case 3:
		return foldName(name[0]), foldName(name[1]), foldName(name[2]), nil
	}
	return "", "", "", errTableNotFound(name)
}

// relation binds a stored table or view, at the version tt selects (nil:
// the current one).
func (b *binder) relation(cat, sch, name string, written []string, tt *ast.TimeTravel) (plan, error) {
	c, ok := b.m.catalogs[cat]
	if !ok {
		return nil, errTableNotFound(written)
	}
	so, ok := c.schemas[sch]
	if !ok {
		return nil, errTableNotFound(written)
	}
	r, ok := so.rels[name]
	if !ok {
		return nil, errTableNotFound(written)
	}
	if err := b.x.requireOn(b.principal, "SELECT", r); err != nil {
		return nil, err
	}
	qual := []string{c.name, so.name, r.name}
	data := r.data
	if tt != nil {
		var err error
		if data, err = b.timeTravel(r, tt, b.now, false); err != nil {
			return nil, err
		}
	}
	if r.kind == kindView {
		return b.view(r, qual)
	}
	out := make([]colInfo, len(data.columns))
	for i, col := range data.columns {
		out[i] = colInfo{name: col.Name, t: col.Type, nullable: col.Nullable, qual: qual}
	}
	return &scanPlan{data: data, out: out}, nil
}

// view expands a view: its text is parsed and bound now, against the
// catalog and schema that were current when it was defined.
func (b *binder) view(r *relation, qual []string) (plan, error) {
	full := strings.Join(qual, ".")
	for _, v := range b.views {
		if v == full {
			return nil, errclass.New("RECURSIVE_VIEW", "Recursive view %s detected (cycle: %s).",
				errclass.Ident(qual...), strings.Join(append(b.views, full), " -> "))
		}
	}
	stmt, err := parseSQL(r.viewText)
	if err != nil {
		return nil, errclass.New("INVALID_VIEW_TEXT", "The view %s cannot be displayed due to invalid view text: %s. %v",
			errclass.Ident(qual...), r.viewText, err)
	}
	q, ok := stmt.(*ast.Query)
	if !ok {
		return nil, errclass.New("INVALID_VIEW_TEXT", "The view %s cannot be displayed due to invalid view text: %s.",
			errclass.Ident(qual...), r.viewText)
	}
	vb := &binder{s: b.s, m: b.m, params: Params{}, cat: r.viewCatalog, sch: r.viewSchema, views: append(b.views, full), ec: b.ec, now: b.now,
		x: b.x, principal: r.owner}
	p, err := vb.query(q, nil)
	if err != nil {
		return nil, err
	}
	cols := p.cols()
	if len(cols) != len(r.viewColumns) {
		return nil, errclass.New("INCOMPATIBLE_VIEW_SCHEMA_CHANGE",
			"The SQL query of view %s has an incompatible schema change and column %s cannot be resolved. Expected %d columns named %s but got %s.\nPlease try to re-create the view by running: `CREATE OR REPLACE VIEW %s AS %s`.",
			errclass.Ident(qual...), errclass.Ident(r.viewColumns[0].Name), len(r.viewColumns), colNames(r.viewColumns), colInfoNames(cols), full, r.viewText)
	}
	out := make([]colInfo, len(cols))
	exprs := make([]expr, len(cols))
	cast := false
	for i, c := range cols {
		vc := r.viewColumns[i]
		out[i] = colInfo{name: vc.Name, t: vc.Type, nullable: c.nullable, qual: qual}
		exprs[i] = &colExpr{idx: i, t: c.t}
		if c.t != vc.Type {
			if !value.CanStoreAssign(c.t, vc.Type) {
				return nil, errclass.New("CANNOT_UP_CAST_DATATYPE",
					"Cannot up cast %s from %q to %q.", errclass.Ident(vc.Name), c.t.String(), vc.Type.String())
			}
			exprs[i] = coerce(exprs[i], vc.Type)
			cast = true
		}
	}
	if cast {
		return &projectPlan{in: p, exprs: exprs, out: out}, nil
	}
	return &renamePlan{in: p, out: out}, nil
}

func colNames(cs []columnMeta) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = errclass.Ident(c.Name)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func colInfoNames(cs []colInfo) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = errclass.Ident(c.name)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func (b *binder) join(j *ast.Join, sc *scope) (plan, error) {
	l, err := b.from(j.Left, sc)
	if err != nil {
		return nil, err
	}
	r, err := b.from(j.Right, sc)
	if err != nil {
		return nil, err
	}
	lc, rc := l.cols(), r.cols()
	kind := map[ast.JoinKind]joinKind{
		ast.InnerJoin: joinInner, ast.LeftJoin: joinLeft, ast.RightJoin: joinRight, ast.FullJoin: joinFull,
		ast.CrossJoin: joinCross, ast.SemiJoin: joinSemi, ast.AntiJoin: joinAnti,
	}[j.Kind]
	all := append(append([]colInfo{}, lc...), rc...)
	for i := len(lc); i < len(all); i++ {
		if kind == joinLeft || kind == joinFull {
			all[i].nullable = true
		}
	}
	for i := 0; i < len(lc); i++ {
		if kind == joinRight || kind == joinFull {
			all[i].nullable = true
		}
	}
	jsc := &scope{cols: all, parent: sc}
	jp := &joinPlan{kind: kind, left: l, right: r, out: all}
	if kind == joinSemi || kind == joinAnti {
		jp.out = lc
	}

	using := j.Using
	if j.Natural {
		for _, c := range lc {
			for _, d := range rc {
				if strings.EqualFold(c.name, d.name) {
					using = append(using, c.name)
				}
			}
		}
	}
	var cond expr
	var usingPairs [][2]int
	if len(using) > 0 {
		for _, u := range using {
			li, ri := -1, -1
			for i, c := range lc {
				if strings.EqualFold(c.name, u) {
					li = i
				}
			}
			for i, c := range rc {
				if strings.EqualFold(c.name, u) {
					ri = i
				}
			}
			if li < 0 || ri < 0 {
				side := "left"
				if li >= 0 {
					side = "right"
				}
				return nil, errclass.New("UNRESOLVED_USING_COLUMN_FOR_JOIN",
					"USING column %s cannot be resolved on the %s side of the join.", errclass.Ident(u), side)
			}
			usingPairs = append(usingPairs, [2]int{li, ri})
			eb := &exprBinder{b: b, sc: jsc, where: "JOIN"}
			eq, err := eb.apply("=", []expr{&colExpr{idx: li, t: lc[li].t}, &colExpr{idx: len(lc) + ri, t: rc[ri].t}})
			if err != nil {
				return nil, err
			}
			if cond == nil {
				cond = eq
			} else {
				cond = &logicExpr{and: true, l: cond, r: eq}
			}
		}
	} else if j.On != nil {
		eb := &exprBinder{b: b, sc: jsc, where: "JOIN"}
		if cond, err = eb.boolean(j.On); err != nil {
			return nil, err
		}
	}
	if cond != nil {
		jp.lkeys, jp.rkeys, jp.nullSafe, jp.residual = splitJoinKeys(cond, len(lc))
	}
	if len(usingPairs) == 0 || kind == joinSemi || kind == joinAnti {
		return jp, nil
	}
	// USING: the join columns once (coalesced for FULL), then the rest.
	var exprs []expr
	var out []colInfo
	usedL, usedR := map[int]bool{}, map[int]bool{}
	for _, pr := range usingPairs {
		li, ri := pr[0], pr[1]
		usedL[li], usedR[ri] = true, true
		t, _ := value.CommonType(lc[li].t, rc[ri].t)
		lx := coerce(&colExpr{idx: li, t: lc[li].t}, t)
		rx := coerce(&colExpr{idx: len(lc) + ri, t: rc[ri].t}, t)
		ci := colInfo{name: lc[li].name, t: t, qual: lc[li].qual}
		switch kind {
		case joinRight:
			exprs = append(exprs, rx)
			ci.qual = rc[ri].qual
		case joinFull:
			exprs = append(exprs, &coalesceExpr{args: []expr{lx, rx}, t: t})
			ci.qual = nil
		default:
			exprs = append(exprs, lx)
		}
		out = append(out, ci)
	}
	for i, c := range lc {
		if !usedL[i] {
			exprs = append(exprs, &colExpr{idx: i, t: c.t})
			out = append(out, all[i])
		}
	}
	for i, c := range rc {
		if !usedR[i] {
			exprs = append(exprs, &colExpr{idx: len(lc) + i, t: c.t})
			out = append(out, all[len(lc)+i])
		}
	}
	return &projectPlan{in: jp, exprs: exprs, out: out}, nil
}

// splitJoinKeys pulls conjuncts of the form left = right or left <=> right
// out of cond, reporting which keys compare with <=> (NULL matches NULL).
func splitJoinKeys(cond expr, nl int) (lkeys, rkeys []expr, nullSafe []bool, residual expr) {
	var conj []expr
	var walk func(e expr)
	walk = func(e expr) {
		if l, ok := e.(*logicExpr); ok && l.and {
			walk(l.l)
			walk(l.r)
			return
		}
		conj = append(conj, e)
	}
	walk(cond)
	for _, c := range conj {
		if call, ok := c.(*callExpr); ok && (call.f.Name == "=" || call.f.Name == "<=>") && len(call.args) == 2 {
			a, b := sideOf(call.args[0], nl), sideOf(call.args[1], nl)
			safe := call.f.Name == "<=>"
			switch {
			case a == 1 && b == 2:
				lkeys, rkeys = append(lkeys, call.args[0]), append(rkeys, call.args[1])
				nullSafe = append(nullSafe, safe)
				continue
			case a == 2 && b == 1:
				lkeys, rkeys = append(lkeys, call.args[1]), append(rkeys, call.args[0])
				nullSafe = append(nullSafe, safe)
				continue
			}
		}
		if residual == nil {
			residual = c
		} else {
			residual = &logicExpr{and: true, l: residual, r: c}
		}
	}
	return lkeys, rkeys, nullSafe, residual
}

// pushEquiKeys turns cross and key-less inner joins (FROM a, b) into hash
// joins on the left = right equalities of a WHERE condition bound over their
// output. The filter still applies the whole condition, so this changes
// only the speed.
func pushEquiKeys(p plan, cond expr) {
	jp, ok := p.(*joinPlan)
	if !ok || (jp.kind != joinCross && jp.kind != joinInner) {
		return
	}
	width := len(jp.out)
	if len(jp.lkeys) == 0 {
		var conj []expr
		var walk func(e expr)
		walk = func(e expr) {
			if l, ok := e.(*logicExpr); ok && l.and {
				walk(l.l)
				walk(l.r)
				return
			}
			if maxCol(e) < width {
				conj = append(conj, e)
			}
		}
		walk(cond)
		var within expr
		for _, c := range conj {
			if within == nil {
				within = c
			} else {
				within = &logicExpr{and: true, l: within, r: c}
			}
		}
		if within != nil {
			lk, rk, safe, _ := splitJoinKeys(within, len(jp.left.cols()))
			if len(lk) > 0 {
				jp.lkeys, jp.rkeys, jp.nullSafe = lk, rk, safe
				if jp.kind == joinCross {
					jp.kind = joinInner
				}
			}
		}
	}
	// The left input's columns come first, so the same bound condition can
	// supply keys to a join nested on the left.
	pushEquiKeys(jp.left, cond)
}

// maxCol returns the highest input column e reads (-1 for none), or a large
// number if it reads outer rows or subqueries.
func maxCol(e expr) int {
	m := -1
	var walk func(x expr)
	walk = func(x expr) {
		switch c := x.(type) {
		case *colExpr:
			m = max(m, c.idx)
		case *scalarSubqueryExpr, *existsExpr, *inSubqueryExpr, *outerExpr:
			m = 1 << 30
		}
		for _, ch := range x.children() {
			walk(ch)
		}
	}
	walk(e)
	return m
}

// sideOf returns 1 if e reads only left columns, 2 if only right columns, 0
// otherwise (both, none, or something that is not a plain column function).
func sideOf(e expr, nl int) int {
	side := 0
	ok := true
	var walk func(x expr)
	walk = func(x expr) {
		switch c := x.(type) {
		case *colExpr:
			s := 1
			if c.idx >= nl {
				s = 2
			}
			if side != 0 && side != s {
				ok = false
			}
			side = s
		case *scalarSubqueryExpr, *existsExpr, *inSubqueryExpr, *outerExpr:
			ok = false
		}
		for _, ch := range x.children() {
			walk(ch)
		}
	}
	walk(e)
	if !ok {
		return 0
	}
	return side
}

// ---------------------------------------------------------------- SELECT

func (b *binder) selectBlock(sel *ast.Select, orderBy []ast.OrderItem, outer *scope) (plan, error) {
	var in plan = onePlan{}
	if sel.From != nil {
		var err error
		if in, err = b.from(sel.From, outer); err != nil {
			return nil, err
		}
	}
	sc := &scope{cols: in.cols(), parent: outer}
	if sel.Where != nil {
		eb := &exprBinder{b: b, sc: sc, where: "WHERE"}
		cond, err := eb.boolean(sel.Where)
		if err != nil {
			return nil, err
		}
		pushEquiKeys(in, cond)
		in = &filterPlan{in: in, cond: cond}
	}
	items, err := expandStars(sel.Items, sc)
	if err != nil {
		return nil, err
	}
	aggregated := len(sel.GroupBy) > 0 || sel.GroupByAll || sel.Having != nil
	for _, it := range items {
		aggregated = aggregated || hasAggregate(it.Expr)
	}
	for _, o := range orderBy {
		aggregated = aggregated || hasAggregate(o.Expr)
	}
	if aggregated {
		return b.aggregateBlock(sel, items, orderBy, in, sc)
	}
	eb := &exprBinder{b: b, sc: sc, where: "SELECT"}
	exprs := make([]expr, len(items))
	out := make([]colInfo, len(items))
	for i, it := range items {
		x, err := eb.bind(it.Expr)
		if err != nil {
			return nil, err
		}
		exprs[i] = x
		out[i] = outputCol(it, x, sc)
		if it.Alias != "" {
			eb.aliases = append(eb.aliases, selectAlias{it.Alias, it.Expr})
		}
	}
	eb.aliases = nil
	return b.finishSelect(sel, in, exprs, out, orderBy, eb)
}

// finishSelect adds the projection, DISTINCT and ORDER BY. ORDER BY keys that
// are not output columns are computed as hidden columns (not allowed with
// DISTINCT) and dropped after sorting.
func (b *binder) finishSelect(sel *ast.Select, in plan, exprs []expr, out []colInfo, orderBy []ast.OrderItem, eb *exprBinder) (plan, error) {
	visible := len(exprs)
	var keys []sortKey
	for _, o := range orderBy {
		idx, err := outputRef(o.Expr, out)
		if err != nil {
			return nil, err
		}
		if idx < 0 {
			x, err := eb.bind(o.Expr)
			if err != nil {
				return nil, err
			}
			idx = -1
			for i, e := range exprs {
				if sameExpr(e, x) {
					idx = i
					break
				}
			}
			if idx < 0 {
				if sel.Distinct {
					return nil, errclass.New("MISSING_ATTRIBUTES.RESOLVED_ATTRIBUTE_APPEAR_IN_OPERATION",
						"Resolved attribute(s) %s missing from %s in operator !Sort. Attribute(s) with the same name appear in the operation: %s.\nPlease check if the right attribute(s) are used.",
						sqlOf(o.Expr), colInfoNames(out), sqlOf(o.Expr))
				}
				exprs = append(exprs, x)
				out = append(out, colInfo{name: "__order", t: x.Type()})
				idx = len(exprs) - 1
			}
		}
		keys = append(keys, sortKeyFor(o, &colExpr{idx: idx, t: out[idx].t}))
	}
	var p plan = &projectPlan{in: in, exprs: exprs, out: out}
	if sel.Distinct {
		p = &distinctPlan{in: p}
	}
	if len(keys) > 0 {
		p = &sortPlan{in: p, keys: keys}
	}
	if len(exprs) > visible {
		final := make([]expr, visible)
		for i := range final {
			final[i] = &colExpr{idx: i, t: out[i].t}
		}
		p = &projectPlan{in: p, exprs: final, out: out[:visible]}
	}
	return p, nil
}

func sortKeyFor(o ast.OrderItem, e expr) sortKey {
	k := sortKey{e: e, desc: o.Desc, nullsFirst: !o.Desc}
	if o.NullsFirst != nil {
		k.nullsFirst = *o.NullsFirst
	}
	return k
}

// outputRef resolves an ORDER BY item that names an output column: an
// ordinal, or a bare name equal to an output column's name or alias. It
// returns -1 when the item is something else.
func outputRef(e ast.Expr, out []colInfo) (int, error) {
	switch x := e.(type) {
	case *ast.Literal:
		if x.Value.Type.IsIntegral() && !x.Value.Null {
			n := x.Value.I
			if n < 1 || n > int64(len(out)) {
				return 0, errclass.New("ORDER_BY_POS_OUT_OF_RANGE",
					"ORDER BY position %d is not in select list (valid range is [1, %d]).", n, len(out))
			}
			return int(n - 1), nil
		}
	case *ast.ColumnRef:
		if len(x.Name) == 1 {
			hit := -1
			for i, c := range out {
				if strings.EqualFold(c.name, x.Name[0]) {
					if hit >= 0 {
						return -1, nil
					}
					hit = i
				}
			}
			return hit, nil
		}
	}
	return -1, nil
}

// orderByOutput sorts a set operation or VALUES by its output columns.
func (b *binder) orderByOutput(p plan, orderBy []ast.OrderItem) (plan, error) {
	out := p.cols()
	sc := &scope{cols: out}
	eb := &exprBinder{b: b, sc: sc, where: "ORDER BY"}
	keys := make([]sortKey, len(orderBy))
	for i, o := range orderBy {
		idx, err := outputRef(o.Expr, out)
		if err != nil {
			return nil, err
		}
		var x expr
		if idx >= 0 {
			x = &colExpr{idx: idx, t: out[idx].t}
		} else if x, err = eb.bind(o.Expr); err != nil {
			return nil, err
		}
		keys[i] = sortKeyFor(o, x)
	}
	return &sortPlan{in: p, keys: keys}, nil
}

// outputCol names a select item's column as Spark does: the alias, the
// column name for a column reference, otherwise the expression's SQL text.
func outputCol(it ast.SelectItem, x expr, sc *scope) colInfo {
	c := colInfo{t: x.Type(), nullable: true}
	if ce, ok := x.(*colExpr); ok && sc != nil && ce.idx < len(sc.cols) {
		src := sc.cols[ce.idx]
		c.nullable = src.nullable
		c.qual = src.qual
		switch it.Expr.(type) {
		case *ast.ColumnRef, *ast.ColumnIndex:
			c.name = src.name
		}
	}
	if c.name == "" {
		c.name = sqlOf(it.Expr)
	}
	if it.Alias != "" {
		c.name = it.Alias
	}
	return c
}

// expandStars replaces * and t.* with the columns they stand for.
func expandStars(items []ast.SelectItem, sc *scope) ([]ast.SelectItem, error) {
	var out []ast.SelectItem
	for _, it := range items {
		st, ok := it.Expr.(*ast.Star)
		if !ok {
			out = append(out, it)
			continue
		}
		n := 0
		for i, c := range sc.cols {
			if len(st.Qualifier) > 0 && !c.matches(append(append([]string{}, st.Qualifier...), c.name)) {
				continue
			}
			if c.name == "__order" {
				continue
			}
			out = append(out, ast.SelectItem{Expr: &ast.ColumnIndex{Index: i, Name: c.name}})
			n++
		}
		if n == 0 && len(st.Qualifier) > 0 {
			return nil, errclass.New("CANNOT_RESOLVE_STAR_EXPAND",
				"Cannot resolve %s.* given input columns %s. Please check that the specified table or struct exists and is accessible in the input columns.",
				errclass.Ident(st.Qualifier...), colInfoNames(sc.cols))
		}
		if n == 0 && len(sc.cols) == 0 {
			return nil, errclass.New("INVALID_USAGE_OF_STAR_OR_REGEX", "Invalid usage of '*' in the SELECT clause without a FROM clause.")
		}
	}
	return out, nil
}

// hasAggregate reports whether e calls an aggregate function outside a
// subquery.
func hasAggregate(e ast.Expr) bool {
	found := false
	walkAST(e, func(x ast.Expr) bool {
		if c, ok := x.(*ast.Call); ok {
			if _, isAgg := agg.Lookup(c.Name); isAgg {
				found = true
			}
		}
		return !found
	})
	return found
}

// sameExpr reports whether two bound expressions compute the same thing.
func sameExpr(a, b expr) bool {
	switch x := a.(type) {
	case *colExpr:
		y, ok := b.(*colExpr)
		return ok && x.idx == y.idx
	case *outerExpr:
		y, ok := b.(*outerExpr)
		return ok && x.idx == y.idx && x.depth == y.depth
	case *constExpr:
		y, ok := b.(*constExpr)
		return ok && x.v.Type == y.v.Type && x.v.Null == y.v.Null && (x.v.Null || value.Compare(x.v, y.v) == 0)
	case *castExpr:
		y, ok := b.(*castExpr)
		return ok && x.to == y.to && x.try == y.try && sameExpr(x.x, y.x)
	case *callExpr:
		y, ok := b.(*callExpr)
		return ok && x.f.Name == y.f.Name && sameList(x.args, y.args)
	case *logicExpr:
		y, ok := b.(*logicExpr)
		return ok && x.and == y.and && sameExpr(x.l, y.l) && sameExpr(x.r, y.r)
	case *isNullExpr:
		y, ok := b.(*isNullExpr)
		return ok && x.not == y.not && sameExpr(x.x, y.x)
	case *coalesceExpr:
		y, ok := b.(*coalesceExpr)
		return ok && sameList(x.args, y.args)
	case *caseExpr:
		y, ok := b.(*caseExpr)
		if !ok || len(x.whens) != len(y.whens) || (x.els == nil) != (y.els == nil) {
			return false
		}
		for i := range x.whens {
			if !sameExpr(x.whens[i].cond, y.whens[i].cond) || !sameExpr(x.whens[i].res, y.whens[i].res) {
				return false
			}
		}
		return x.els == nil || sameExpr(x.els, y.els)
	case *inListExpr:
		y, ok := b.(*inListExpr)
		return ok && x.not == y.not && sameExpr(x.x, y.x) && sameList(x.list, y.list)
	}
	return false
}

func sameList(a, b []expr) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameExpr(a[i], b[i]) {
			return false
		}
	}
	return true
}

// ---------------------------------------------------------------- aggregation

func (b *binder) aggregateBlock(sel *ast.Select, items []ast.SelectItem, orderBy []ast.OrderItem, in plan, sc *scope) (plan, error) {
	pre := &exprBinder{b: b, sc: sc, where: "GROUP BY"}
	var groupAST []ast.Expr
	if sel.GroupByAll {
		for _, it := range items {
			if !hasAggregate(it.Expr) {
				groupAST = append(groupAST, it.Expr)
			}
		}
	}
	for _, g := range sel.GroupBy {
		if lit, ok := g.(*ast.Literal); ok && lit.Value.Type.IsIntegral() && !lit.Value.Null {
			n := lit.Value.I
			if n < 1 || n > int64(len(items)) {
				return nil, errclass.New("GROUP_BY_POS_OUT_OF_RANGE",
					"GROUP BY position %d is not in select list (valid range is [1, %d]).", n, len(items))
			}
			if hasAggregate(items[n-1].Expr) {
				return nil, errclass.New("GROUP_BY_POS_AGGREGATE",
					"GROUP BY %d refers to an expression %s that contains an aggregate function. Aggregate functions are not allowed in GROUP BY.", n, sqlOf(items[n-1].Expr))
			}
			groupAST = append(groupAST, items[n-1].Expr)
			continue
		}
		if hasAggregate(g) {
			return nil, errclass.New("GROUP_BY_AGGREGATE",
				"Aggregate functions are not allowed in GROUP BY, but found %s.", sqlOf(g))
		}
		groupAST = append(groupAST, g)
	}
	var keys []expr
	for _, g := range groupAST {
		x, err := pre.bind(g)
		if err != nil {
			// GROUP BY may name a select-list alias.
			if ref, ok := g.(*ast.ColumnRef); ok && len(ref.Name) == 1 {
				for _, it := range items {
					if strings.EqualFold(it.Alias, ref.Name[0]) && !hasAggregate(it.Expr) {
						if x, err = pre.bind(it.Expr); err != nil {
							return nil, err
						}
						break
					}
				}
			}
			if x == nil {
				return nil, err
			}
		}
		keys = append(keys, x)
	}

	ap := &aggPlan{in: in, keys: keys}
	for _, k := range keys {
		ap.out = append(ap.out, colInfo{name: "__key", t: k.Type(), nullable: true})
	}
	argBinder := &exprBinder{b: b, sc: sc, where: "aggregate"}
	post := &exprBinder{b: b, sc: &scope{cols: nil, parent: sc.parent}}
	post.hook = func(e ast.Expr) (expr, bool, error) {
		if c, ok := e.(*ast.Call); ok {
			if a, isAgg := agg.Lookup(c.Name); isAgg {
				return b.bindAggregate(ap, a, c, argBinder)
			}
		}
		if hasAggregate(e) {
			return nil, false, nil
		}
		if _, isSub := e.(*ast.Subquery); isSub {
			return nil, false, nil
		}
		if _, isLit := e.(*ast.Literal); isLit {
			return nil, false, nil
		}
		x, err := pre.bind(e)
		if err != nil {
			ref, isRef := e.(*ast.ColumnRef)
			if isRef && len(ref.Name) == 1 {
				if ax, found, aerr := post.alias(ref.Name[0]); found {
					return ax, true, aerr
				}
			}
			if !isRef && strings.HasPrefix(classOf(err), "UNRESOLVED_COLUMN") {
				// A part of e may name a select-list alias: bind it piece by piece.
				return nil, false, nil
			}
			return nil, true, err
		}
		for i, k := range keys {
			if sameExpr(k, x) {
				return &colExpr{idx: i, t: k.Type()}, true, nil
			}
		}
		if isConstant(x) {
			return x, true, nil
		}
		switch e.(type) {
		case *ast.ColumnRef, *ast.ColumnIndex:
			return nil, true, errclass.New("MISSING_AGGREGATION",
				"The non-aggregating expression %s is based on columns which are not participating in the GROUP BY clause.\n"+
					"Add the columns or the expression to the GROUP BY, aggregate the expression, or use %s if you do not care which of the values within a group is returned.",
				sqlOf(e), "\"any_value("+sqlOf(e)+")\"")
		}
		return nil, false, nil
	}
	exprs := make([]expr, len(items))
	out := make([]colInfo, len(items))
	for i, it := range items {
		x, err := post.bind(it.Expr)
		if err != nil {
			return nil, err
		}
		if it.Alias != "" {
			post.aliases = append(post.aliases, selectAlias{it.Alias, it.Expr})
		}
		exprs[i] = x
		out[i] = outputCol(it, x, nil)
		if isColumn(it.Expr) && it.Alias == "" {
			if ix, err := pre.bind(it.Expr); err == nil {
				if ce, ok := ix.(*colExpr); ok {
					out[i].name = sc.cols[ce.idx].name
					out[i].qual = sc.cols[ce.idx].qual
				}
			}
		}
	}
	var p plan = ap
	if sel.Having != nil {
		// HAVING may name any select-list alias.
		post.where = "HAVING"
		cond, err := post.boolean(sel.Having)
		if err != nil {
			return nil, err
		}
		p = &filterPlan{in: p, cond: cond}
	}
	post.where = "ORDER BY"
	post.aliases = nil
	return b.finishSelect(sel, p, exprs, out, orderBy, post)
}

// bindAggregate binds one aggregate call, adds it to the aggregation and
// returns a reference to its output column.
func (b *binder) bindAggregate(ap *aggPlan, a *agg.Aggregate, c *ast.Call, argBinder *exprBinder) (expr, bool, error) {
	if c.Name == "count" && !c.Star && len(c.Args) == 0 {
		return nil, true, wrongArgs("count", "> 0", 0)
	}
	var args []expr
	var info []fn.Arg
	for _, x := range c.Args {
		if hasAggregate(x) {
			return nil, true, errclass.New("NESTED_AGGREGATE_FUNCTION",
				"It is not allowed to use an aggregate function in the argument of another aggregate function. Please use the inner aggregate function in a sub-query.")
		}
		bx, err := argBinder.bind(x)
		if err != nil {
			return nil, true, err
		}
		args = append(args, bx)
		arg := fn.Arg{Type: bx.Type(), SQL: sqlOf(x)}
		if k, ok := bx.(*constExpr); ok {
			v := k.v
			arg.Const = &v
		}
		info = append(info, arg)
	}
	ret, casts, err := a.Resolve(info, c.Distinct)
	if err != nil {
		return nil, true, err
	}
	for i := range args {
		if i < len(casts) {
			args[i] = coerce(args[i], casts[i])
			info[i].Type = args[i].Type()
			if k, ok := args[i].(*constExpr); ok {
				v := k.v
				info[i].Const = &v
			}
		}
	}
	for i, s := range ap.aggs {
		if s.f == a && s.distinct == c.Distinct && sameList(s.args, args) {
			idx := len(ap.keys) + i
			return &colExpr{idx: idx, t: ap.out[idx].t}, true, nil
		}
	}
	ap.aggs = append(ap.aggs, aggSpec{f: a, args: args, argInfo: info, distinct: c.Distinct, ret: ret})
	ap.out = append(ap.out, colInfo{name: sqlOf(c), t: ret, nullable: true})
	idx := len(ap.out) - 1
	return &colExpr{idx: idx, t: ret}, true, nil
}

func isConstant(x expr) bool {
	_, ok := x.(*constExpr)
	return ok
}

// isColumn reports whether e names an input column.
func isColumn(e ast.Expr) bool {
	switch e.(type) {
	case *ast.ColumnRef, *ast.ColumnIndex:
		return true
	}
	return false
}
