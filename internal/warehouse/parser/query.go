package parser

import (
	"strconv"
	"time"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/ast"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// queryBody returns the body to use for a parenthesised query: the query
// itself when it has its own WITH, ORDER BY, LIMIT or OFFSET, else its body.
func queryBody(q *ast.Query) ast.QueryBody {
	if q.With == nil && q.OrderBy == nil && q.Limit == nil && q.Offset == nil {
		return q.Body
	}
	return q
}

// parseQuery parses [WITH ctes] body [ORDER BY …] [LIMIT …] [OFFSET …].
func (p *parser) parseQuery() (*ast.Query, error) {
	var ctes []ast.CTE
	if p.pendingQuery == nil && p.isKw(kwWith) {
		var err error
		if ctes, err = p.parseWith(); err != nil {
			return nil, err
		}
	}
	return p.parseQueryRest(ctes)
}

// parseQueryRest parses a query after its WITH clause.
func (p *parser) parseQueryRest(ctes []ast.CTE) (*ast.Query, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	body, err := p.parseSetOps()
	if err != nil {
		return nil, err
	}
	q := &ast.Query{With: ctes, Body: body}
	if err := p.parseOrganization(q); err != nil {
		return nil, err
	}
	if inner, ok := body.(*ast.Query); ok && queryBody(q) == body {
		return inner, nil
	}
	return q, nil
}

// parseWith parses WITH name [(cols)] [AS] (query), ….
func (p *parser) parseWith() ([]ast.CTE, error) {
	p.next()
	if p.isKw(kwRecursive) && identStart(p.peek(1)) {
		return nil, unsupported("recursive common table expressions")
	}
	var ctes []ast.CTE
	for {
		name, err := p.namePart(true)
		if err != nil {
			return nil, err
		}
		cte := ast.CTE{Name: name}
		if p.cur().kind == tkLParen && !p.parenLeadsToQuery(0) {
			if cte.Columns, err = p.identList(); err != nil {
				return nil, err
			}
		}
		p.acceptKw(kwAs)
		if err := p.expect(tkLParen); err != nil {
			return nil, err
		}
		if cte.Query, err = p.parseQuery(); err != nil {
			return nil, err
		}
		if err := p.expect(tkRParen); err != nil {
			return nil, err
		}
		ctes = append(ctes, cte)
		if !p.accept(tkComma) {
			return ctes, nil
		}
	}
}

// setQuantifier parses an optional ALL or DISTINCT and reports ALL.
func (p *parser) setQuantifier() bool {
	if p.acceptKw(kwAll) {
		return true
	}
	p.acceptKw(kwDistinct)
	return false
}

// parseSetOps parses UNION and EXCEPT (MINUS) over INTERSECT terms, all
// left-associative; INTERSECT binds tighter.
func (p *parser) parseSetOps() (ast.QueryBody, error) {
	l, err := p.parseIntersect()
	if err != nil {
		return nil, err
	}
	for {
		var op string
		switch {
		case p.isKw(kwUnion):
			op = "UNION"
		case p.isKw(kwExcept), p.isKw(kwMinus):
			op = "EXCEPT"
		default:
			return l, nil
		}
		p.next()
		all := p.setQuantifier()
		if p.isKw(kwBy) {
			return nil, unsupported(op + " BY NAME")
		}
		r, err := p.parseIntersect()
		if err != nil {
			return nil, err
		}
		l = &ast.SetOp{Op: op, All: all, Left: l, Right: r}
	}
}

func (p *parser) parseIntersect() (ast.QueryBody, error) {
	l, err := p.parseQueryPrimary()
	if err != nil {
		return nil, err
	}
	for p.isKw(kwIntersect) {
		p.next()
		all := p.setQuantifier()
		if p.isKw(kwBy) {
			return nil, unsupported("INTERSECT BY NAME")
		}
		r, err := p.parseQueryPrimary()
		if err != nil {
			return nil, err
		}
		l = &ast.SetOp{Op: "INTERSECT", All: all, Left: l, Right: r}
	}
	return l, nil
}

func (p *parser) parseQueryPrimary() (ast.QueryBody, error) {
	if q := p.pendingQuery; q != nil {
		p.pendingQuery = nil
		return q, nil
	}
	t := p.cur()
	switch {
	case t.is(kwSelect):
		return p.parseSelect()
	case t.is(kwValues):
		return p.parseValuesBody()
	case t.is(kwTable):
		p.next()
		name, err := p.multipartName()
		if err != nil {
			return nil, err
		}
		return &ast.Select{Items: []ast.SelectItem{{Expr: &ast.Star{}}}, From: &ast.TableRef{Name: name}}, nil
	case t.kind == tkLParen:
		p.next()
		q, err := p.parseQuery()
		if err != nil {
			return nil, err
		}
		return queryBody(q), p.expect(tkRParen)
	case t.is(kwFrom):
		return nil, unsupported("queries that start with FROM")
	}
	return nil, p.syntaxError()
}

// parseOrganization parses ORDER BY, LIMIT and OFFSET.
func (p *parser) parseOrganization(q *ast.Query) error {
	if p.isKw(kwOrder) {
		p.next()
		if err := p.expectKw(kwBy); err != nil {
			return err
		}
		for {
			item, err := p.parseSortItem()
			if err != nil {
				return err
			}
			q.OrderBy = append(q.OrderBy, item)
			if !p.accept(tkComma) {
				break
			}
		}
	}
	if t := p.cur(); (t.is(kwSort) || t.is(kwCluster) || t.is(kwDistribute)) && p.peek(1).is(kwBy) {
		return unsupported("SORT BY, CLUSTER BY and DISTRIBUTE BY")
	}
	if p.isKw(kwWindow) {
		return unsupported("WINDOW clauses")
	}
	if p.acceptKw(kwLimit) {
		if !p.acceptKw(kwAll) {
			e, err := p.parseExpr()
			if err != nil {
				return err
			}
			q.Limit = e
		}
	}
	if p.acceptKw(kwOffset) {
		e, err := p.parseExpr()
		if err != nil {
			return err
		}
		q.Offset = e
	}
	return nil
}

func (p *parser) parseSortItem() (ast.OrderItem, error) {
	e, err := p.parseExpr()
	if err != nil {
		return ast.OrderItem{}, err
	}
	item := ast.OrderItem{Expr: e}
	if p.acceptKw(kwDesc) {
		item.Desc = true
	} else {
		p.acceptKw(kwAsc)
	}
	if p.acceptKw(kwNulls) {
		first := true
		switch {
		case p.acceptKw(kwFirst):
		case p.acceptKw(kwLast):
			first = false
		default:
			return ast.OrderItem{}, p.syntaxError()
		}
		item.NullsFirst = &first
	}
	return item, nil
}

// implicitAlias reports whether t can be an alias written without AS.
func (p *parser) implicitAlias(t *token, table bool) bool {
	if t.kind == tkQuoted {
		return true
	}
	if t.kind != tkWord || reservedAlias[t.kw] {
		return false
	}
	switch t.kw {
	case kwSort, kwCluster, kwDistribute:
		return !p.peek(1).is(kwBy)
	case kwVersion, kwTimestamp, kwSystemVersion, kwSystemTime:
		return !table || !p.peek(1).is(kwAs)
	}
	return true
}

// parseSelect parses one SELECT block.
func (p *parser) parseSelect() (*ast.Select, error) {
	p.next()
	s := &ast.Select{Items: make([]ast.SelectItem, 0, 4)}
	if p.acceptKw(kwDistinct) {
		s.Distinct = true
	} else {
		p.acceptKw(kwAll)
	}
	for {
		item, err := p.parseSelectItem()
		if err != nil {
			return nil, err
		}
		s.Items = append(s.Items, item)
		if !p.accept(tkComma) {
			break
		}
	}
	if p.acceptKw(kwFrom) {
		from, err := p.parseFrom()
		if err != nil {
			return nil, err
		}
		s.From = from
	}
	if p.acceptKw(kwWhere) {
		e, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		s.Where = e
	}
	if p.isKw(kwGroup) {
		p.next()
		if err := p.expectKw(kwBy); err != nil {
			return nil, err
		}
		if err := p.parseGroupBy(s); err != nil {
			return nil, err
		}
	}
	if p.acceptKw(kwHaving) {
		e, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		s.Having = e
	}
	switch {
	case p.isKw(kwWindow):
		return nil, unsupported("WINDOW clauses")
	case p.isKw(kwQualify):
		return nil, unsupported("QUALIFY")
	}
	return s, nil
}

func (p *parser) parseSelectItem() (ast.SelectItem, error) {
	e, err := p.parseExpr()
	if err != nil {
		return ast.SelectItem{}, err
	}
	item := ast.SelectItem{Expr: e}
	if p.acceptKw(kwAs) {
		if p.cur().kind == tkLParen {
			return ast.SelectItem{}, unsupported("multiple column aliases (AS (a, b))")
		}
		if item.Alias, err = p.anyIdent(); err != nil {
			return ast.SelectItem{}, err
		}
	} else if t := p.cur(); p.implicitAlias(t, false) {
		if item.Alias, err = p.wordName(t); err != nil {
			return ast.SelectItem{}, err
		}
		p.next()
	}
	return item, nil
}

func (p *parser) parseGroupBy(s *ast.Select) error {
	t := p.cur()
	if t.is(kwAll) {
		if k := p.peek(1).kind; k != tkComma && k != tkDot && k != tkLParen {
			p.next()
			s.GroupByAll = true
			return nil
		}
	}
	if (t.is(kwRollup) || t.is(kwCube)) && p.peek(1).kind == tkLParen || t.is(kwGrouping) && p.peek(1).is(kwSets) {
		return unsupported("ROLLUP, CUBE and GROUPING SETS")
	}
	for {
		e, err := p.parseExpr()
		if err != nil {
			return err
		}
		s.GroupBy = append(s.GroupBy, e)
		if !p.accept(tkComma) {
			break
		}
	}
	if t := p.cur(); t.is(kwWith) && (p.peek(1).is(kwRollup) || p.peek(1).is(kwCube)) || t.is(kwGrouping) && p.peek(1).is(kwSets) {
		return unsupported("ROLLUP, CUBE and GROUPING SETS")
	}
	return nil
}

// parseValuesRows parses VALUES expr, …; a parenthesised tuple is one row of
// several columns, any other expression a row of one column.
func (p *parser) parseValuesRows() (*ast.Values, error) {
	p.next()
	v := &ast.Values{}
	for {
		e, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		if tup, ok := e.(*ast.Tuple); ok {
			v.Rows = append(v.Rows, tup.Exprs)
		} else {
			v.Rows = append(v.Rows, []ast.Expr{e})
		}
		if !p.accept(tkComma) {
			return v, nil
		}
	}
}

// parseValuesBody parses VALUES as a query body. With an alias
// (VALUES (1) AS t(a)) it is SELECT * FROM VALUES (1) AS t(a).
func (p *parser) parseValuesBody() (ast.QueryBody, error) {
	v, err := p.parseValuesRows()
	if err != nil {
		return nil, err
	}
	alias, cols, err := p.tableAlias()
	if err != nil {
		return nil, err
	}
	if alias == "" {
		return v, nil
	}
	return &ast.Select{
		Items: []ast.SelectItem{{Expr: &ast.Star{}}},
		From:  &ast.ValuesRef{Values: v, Alias: alias, Columns: cols},
	}, nil
}

// tableNameAlias parses the optional [AS] alias of a table name; column
// aliases are not supported there.
func (p *parser) tableNameAlias() (string, error) {
	alias, cols, err := p.tableAlias()
	if err != nil {
		return "", err
	}
	if cols != nil {
		return "", unsupported("column aliases on a table reference")
	}
	return alias, nil
}

// tableAlias parses an optional [AS] alias [(col, …)].
func (p *parser) tableAlias() (string, []string, error) {
	var alias string
	var err error
	if p.acceptKw(kwAs) {
		if alias, err = p.anyIdent(); err != nil {
			return "", nil, err
		}
	} else if t := p.cur(); p.implicitAlias(t, true) {
		if alias, err = p.wordName(t); err != nil {
			return "", nil, err
		}
		p.next()
	} else {
		return "", nil, nil
	}
	if p.cur().kind != tkLParen {
		return alias, nil, nil
	}
	cols, err := p.identList()
	return alias, cols, err
}

// parseFrom parses relation, relation, …; a comma is a cross join.
func (p *parser) parseFrom() (ast.TableExpr, error) {
	l, err := p.parseRelation()
	if err != nil {
		return nil, err
	}
	for p.accept(tkComma) {
		r, err := p.parseRelation()
		if err != nil {
			return nil, err
		}
		l = &ast.Join{Kind: ast.CrossJoin, Left: l, Right: r}
	}
	if p.isKw(kwLateral) {
		return nil, unsupported("LATERAL VIEW")
	}
	return l, nil
}

// parseRelation parses a relation and the joins that follow it.
func (p *parser) parseRelation() (ast.TableExpr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	l, err := p.parseRelationPrimary()
	if err != nil {
		return nil, err
	}
	for {
		if p.isKw(kwPivot) || p.isKw(kwUnpivot) {
			return nil, unsupported("PIVOT and UNPIVOT")
		}
		kind, natural, ok, err := p.joinType()
		if err != nil {
			return nil, err
		}
		if !ok {
			return l, nil
		}
		r, err := p.parseRelationPrimary()
		if err != nil {
			return nil, err
		}
		j := &ast.Join{Kind: kind, Left: l, Right: r, Natural: natural}
		if !natural {
			switch {
			case p.acceptKw(kwOn):
				if j.On, err = p.parseExpr(); err != nil {
					return nil, err
				}
			case p.acceptKw(kwUsing):
				if j.Using, err = p.identList(); err != nil {
					return nil, err
				}
			}
			if kind == ast.CrossJoin && (j.On != nil || j.Using != nil) {
				j.Kind = ast.InnerJoin
			}
		}
		l = j
	}
}

// joinType parses [NATURAL] [INNER | CROSS | LEFT [OUTER|SEMI|ANTI] | RIGHT
// [OUTER] | FULL [OUTER] | SEMI | ANTI] JOIN; ok is false when no join follows.
func (p *parser) joinType() (ast.JoinKind, bool, bool, error) {
	natural := p.acceptKw(kwNatural)
	kind := ast.InnerJoin
	t := p.cur()
	if t.kind != tkWord {
		if natural {
			return 0, false, false, p.syntaxError()
		}
		return 0, false, false, nil
	}
	switch t.kw {
	case kwJoin:
	case kwInner:
		p.next()
	case kwCross:
		if natural {
			return 0, false, false, unsupported("NATURAL CROSS JOIN")
		}
		kind = ast.CrossJoin
		p.next()
	case kwLeft:
		p.next()
		switch {
		case p.acceptKw(kwSemi):
			kind = ast.SemiJoin
		case p.acceptKw(kwAnti):
			kind = ast.AntiJoin
		default:
			p.acceptKw(kwOuter)
			kind = ast.LeftJoin
		}
	case kwRight:
		p.next()
		p.acceptKw(kwOuter)
		kind = ast.RightJoin
	case kwFull:
		p.next()
		p.acceptKw(kwOuter)
		kind = ast.FullJoin
	case kwSemi:
		p.next()
		kind = ast.SemiJoin
	case kwAnti:
		p.next()
		kind = ast.AntiJoin
	default:
		if natural {
			return 0, false, false, p.syntaxError()
		}
		return 0, false, false, nil
	}
	if err := p.expectKw(kwJoin); err != nil {
		return 0, false, false, err
	}
	if p.isKw(kwLateral) {
		return 0, false, false, unsupported("LATERAL subqueries")
	}
	return kind, natural, true, nil
}

func (p *parser) parseRelationPrimary() (ast.TableExpr, error) {
	t := p.cur()
	switch {
	case t.kind == tkLParen && p.parenLeadsToQuery(0):
		p.next()
		q, err := p.parseQuery()
		if err != nil {
			return nil, err
		}
		if err := p.expect(tkRParen); err != nil {
			return nil, err
		}
		if p.isKw(kwTablesample) {
			return nil, unsupported("TABLESAMPLE")
		}
		ref := &ast.SubqueryRef{Query: q}
		if ref.Alias, ref.Columns, err = p.tableAlias(); err != nil {
			return nil, err
		}
		return ref, nil
	case t.kind == tkLParen:
		p.next()
		rel, err := p.parseRelation()
		if err != nil {
			return nil, err
		}
		if err := p.expect(tkRParen); err != nil {
			return nil, err
		}
		if n := p.cur(); n.is(kwAs) || p.implicitAlias(n, true) {
			ref, ok := rel.(*ast.TableRef)
			if !ok || ref.Alias != "" {
				return nil, unsupported("aliases on parenthesised joins")
			}
			if ref.Alias, err = p.tableNameAlias(); err != nil {
				return nil, err
			}
		}
		return rel, nil
	case t.is(kwValues):
		v, err := p.parseValuesRows()
		if err != nil {
			return nil, err
		}
		ref := &ast.ValuesRef{Values: v}
		if ref.Alias, ref.Columns, err = p.tableAlias(); err != nil {
			return nil, err
		}
		return ref, nil
	case t.is(kwLateral):
		return nil, unsupported("LATERAL subqueries")
	}
	ref, err := p.parseTableRef()
	if err != nil {
		return nil, err
	}
	if p.isKw(kwTablesample) {
		return nil, unsupported("TABLESAMPLE")
	}
	if ref.Alias, err = p.tableNameAlias(); err != nil {
		return nil, err
	}
	return ref, nil
}

// parseTableRef parses a table name with its time-travel clauses:
// name[@v3 | @yyyyMMddHHmmssSSS] [FOR] {VERSION|SYSTEM_VERSION} AS OF n or
// [FOR] {TIMESTAMP|SYSTEM_TIME} AS OF expr.
func (p *parser) parseTableRef() (*ast.TableRef, error) {
	name, err := p.multipartName()
	if err != nil {
		return nil, err
	}
	if p.cur().kind == tkLParen {
		return nil, unsupported("table-valued functions")
	}
	ref := &ast.TableRef{Name: name}
	if at := p.cur(); at.kind == tkAt && at.pos == p.lastEnd {
		p.next()
		ref.TimeTravel = p.atSuffix(at.str)
	}
	tt, err := p.temporalClause()
	if err != nil {
		return nil, err
	}
	if tt != nil {
		if ref.TimeTravel != nil {
			p.deferErr(errclass.New("DELTA_UNSUPPORTED_TIME_TRAVEL_MULTIPLE_FORMATS",
				"Cannot specify time travel in multiple formats."))
		} else {
			ref.TimeTravel = tt
		}
	}
	return ref, nil
}

// atSuffix interprets the text after @ in a table name: vN is a version,
// 17 digits a timestamp yyyyMMddHHmmssSSS.
func (p *parser) atSuffix(s string) *ast.TimeTravel {
	allDigits := func(d string) bool {
		for i := 0; i < len(d); i++ {
			if !isDigit(d[i]) {
				return false
			}
		}
		return d != ""
	}
	if len(s) > 1 && (s[0] == 'v' || s[0] == 'V') && allDigits(s[1:]) {
		if v, err := strconv.ParseInt(trimZeros(s[1:]), 10, 64); err == nil {
			return &ast.TimeTravel{Version: &v, AtSuffix: s}
		}
	}
	if len(s) == 17 && allDigits(s) {
		num := func(i, j int) int { n, _ := strconv.Atoi(s[i:j]); return n }
		y, mo, d, h, mi, sec, ms := num(0, 4), num(4, 6), num(6, 8), num(8, 10), num(10, 12), num(12, 14), num(14, 17)
		tm := time.Date(y, time.Month(mo), d, h, mi, sec, ms*int(time.Millisecond), time.UTC)
		if tm.Year() == y && int(tm.Month()) == mo && tm.Day() == d && tm.Hour() == h && tm.Minute() == mi && tm.Second() == sec {
			return &ast.TimeTravel{
				Timestamp: &ast.TypedLiteral{Type: value.TimestampType, Text: tm.Format("2006-01-02 15:04:05.000")},
				AtSuffix:  s,
			}
		}
	}
	p.deferErr(errclass.New("DELTA_INVALID_TIMESTAMP_FORMAT",
		"The provided timestamp %s does not match the expected syntax %s.", s, "yyyyMMddHHmmssSSS"))
	return &ast.TimeTravel{AtSuffix: s}
}

// temporalClause parses an optional [FOR] … AS OF clause.
func (p *parser) temporalClause() (*ast.TimeTravel, error) {
	k := 0
	if p.isKw(kwFor) {
		k = 1
	}
	n := p.peek(k)
	version := n.is(kwVersion) || n.is(kwSystemVersion)
	stamp := n.is(kwTimestamp) || n.is(kwSystemTime)
	if !version && !stamp || !p.peek(k+1).is(kwAs) || !p.peek(k+2).is(kwOf) {
		return nil, nil
	}
	for i := 0; i < k+3; i++ {
		p.next()
	}
	if stamp {
		e, err := p.parseValue(precComparison)
		if err != nil {
			return nil, err
		}
		return &ast.TimeTravel{Timestamp: e}, nil
	}
	t := p.cur()
	var digits string
	switch {
	case t.kind == tkNumber && t.num == numInt:
		digits = p.text(t)
		p.next()
	case t.kind == tkString:
		s, err := p.stringLit()
		if err != nil {
			return nil, err
		}
		digits = s
	default:
		return nil, p.syntaxError()
	}
	v, err := strconv.ParseInt(trimZeros(digits), 10, 64)
	if err != nil || digits == "" || digits[0] == '+' || digits[0] == '-' {
		p.deferErr(invalidSyntax("Invalid time travel spec: the version " + strconv.Quote(digits) + " is not a non-negative integer."))
	}
	return &ast.TimeTravel{Version: &v}, nil
}
