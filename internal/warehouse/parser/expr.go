package parser

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/ast"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// Binary operator precedence, from Spark's operator table: a higher level
// binds tighter. All levels are left-associative.
const (
	precComparison     = 1 + iota // = == <=> <> != < <= > >=
	precBitOr                     // |
	precBitXor                    // ^
	precBitAnd                    // &
	precShift                     // << >> >>>
	precAdditive                  // + - ||
	precMultiplicative            // * / % DIV
)

// binaryOp returns the precedence and operator name of a binary operator
// token, or 0.
func binaryOp(t *token) (int, string) {
	switch t.kind {
	case tkEq:
		return precComparison, "="
	case tkNSEq:
		return precComparison, "<=>"
	case tkNeq:
		return precComparison, "<>"
	case tkLt:
		return precComparison, "<"
	case tkLe:
		return precComparison, "<="
	case tkGt:
		return precComparison, ">"
	case tkGe:
		return precComparison, ">="
	case tkPipe:
		return precBitOr, "|"
	case tkCaret:
		return precBitXor, "^"
	case tkAmp:
		return precBitAnd, "&"
	case tkShl:
		return precShift, "shiftleft"
	case tkShr:
		return precShift, "shiftright"
	case tkShru:
		return precShift, "shiftrightunsigned"
	case tkPlus:
		return precAdditive, "+"
	case tkMinus:
		return precAdditive, "-"
	case tkConcat:
		return precAdditive, "||"
	case tkStar:
		return precMultiplicative, "*"
	case tkSlash:
		return precMultiplicative, "/"
	case tkPercent:
		return precMultiplicative, "%"
	case tkWord:
		if t.kw == kwDiv {
			return precMultiplicative, "div"
		}
	}
	return 0, ""
}

// isQueryStart reports whether t starts a query.
func isQueryStart(t *token) bool {
	if t.kind != tkWord {
		return false
	}
	switch t.kw {
	case kwSelect, kwWith, kwValues, kwTable, kwFrom:
		return true
	}
	return false
}

// parenLeadsToQuery reports whether the '(' at peek(k), after any further
// '(', opens a query.
func (p *parser) parenLeadsToQuery(k int) bool {
	for limit := k + maxDepth; p.peek(k).kind == tkLParen; k++ {
		if k == limit {
			return false
		}
	}
	return isQueryStart(p.peek(k))
}

// parseExpr parses an expression (Spark's booleanExpression).
func (p *parser) parseExpr() (ast.Expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	l, err := p.parseAnd()
	for err == nil && p.isKw(kwOr) {
		p.next()
		var r ast.Expr
		if r, err = p.parseAnd(); err == nil {
			l = &ast.Binary{Op: "OR", L: l, R: r}
		}
	}
	return l, err
}

func (p *parser) parseAnd() (ast.Expr, error) {
	l, err := p.parseNot()
	for err == nil && p.isKw(kwAnd) {
		p.next()
		var r ast.Expr
		if r, err = p.parseNot(); err == nil {
			l = &ast.Binary{Op: "AND", L: l, R: r}
		}
	}
	return l, err
}

// existsAhead reports whether EXISTS at the current token is followed by a
// parenthesised query.
func (p *parser) existsAhead() bool {
	return p.peek(1).kind == tkLParen && p.parenLeadsToQuery(1)
}

func (p *parser) parseNot() (ast.Expr, error) {
	if p.pendingExpr == nil {
		t := p.cur()
		if t.kind == tkBang || t.is(kwNot) {
			if err := p.enter(); err != nil {
				return nil, err
			}
			defer p.leave()
			p.next()
			if p.isKw(kwExists) && p.existsAhead() {
				return p.parseExists(true)
			}
			x, err := p.parseNot()
			if err != nil {
				return nil, err
			}
			return &ast.Unary{Op: "NOT", X: x}, nil
		}
		if t.is(kwExists) && p.existsAhead() {
			return p.parseExists(false)
		}
	}
	return p.parsePredicated()
}

// parseExists parses EXISTS (query); the current token is EXISTS.
func (p *parser) parseExists(not bool) (ast.Expr, error) {
	p.next()
	if err := p.expect(tkLParen); err != nil {
		return nil, err
	}
	q, err := p.parseQuery()
	if err != nil {
		return nil, err
	}
	if err := p.expect(tkRParen); err != nil {
		return nil, err
	}
	return &ast.Exists{Query: q, Not: not}, nil
}

// isPredicateKw reports whether t starts a predicate that NOT may precede.
func isPredicateKw(t *token) bool {
	if t.kind != tkWord {
		return false
	}
	switch t.kw {
	case kwBetween, kwIn, kwLike, kwIlike, kwRlike, kwRegexp:
		return true
	}
	return false
}

// parsePredicated parses a value expression and at most one predicate after
// it: [NOT] BETWEEN, [NOT] IN, [NOT] LIKE/ILIKE/RLIKE, IS ….
func (p *parser) parsePredicated() (ast.Expr, error) {
	x, err := p.parseValue(precComparison)
	if err != nil {
		return nil, err
	}
	t := p.cur()
	not := false
	if t.kind == tkBang || t.is(kwNot) {
		if !isPredicateKw(p.peek(1)) {
			return x, nil
		}
		not = true
		p.next()
		t = p.cur()
	}
	if t.kind != tkWord {
		return x, nil
	}
	switch t.kw {
	case kwBetween:
		p.next()
		lo, err := p.parseValue(precComparison)
		if err != nil {
			return nil, err
		}
		if err := p.expectKw(kwAnd); err != nil {
			return nil, err
		}
		hi, err := p.parseValue(precComparison)
		if err != nil {
			return nil, err
		}
		return &ast.Between{X: x, Lo: lo, Hi: hi, Not: not}, nil
	case kwIn:
		p.next()
		if err := p.expect(tkLParen); err != nil {
			return nil, err
		}
		q, list, err := p.parenContent()
		if err != nil {
			return nil, err
		}
		if q != nil {
			return &ast.InSubquery{X: x, Query: q, Not: not}, nil
		}
		return &ast.InList{X: x, List: list, Not: not}, nil
	case kwLike, kwIlike:
		return p.parseLike(x, not)
	case kwRlike, kwRegexp:
		p.next()
		pat, err := p.parseValue(precComparison)
		if err != nil {
			return nil, err
		}
		return &ast.Like{Op: "RLIKE", X: x, Pattern: pat, Not: not}, nil
	case kwIs:
		p.next()
		neg := false
		if p.cur().kind == tkBang || p.isKw(kwNot) {
			neg = true
			p.next()
		}
		u := p.cur()
		switch {
		case u.is(kwNull), u.is(kwUnknown):
			p.next()
			return &ast.IsNull{X: x, Not: neg}, nil
		case u.is(kwTrue), u.is(kwFalse):
			p.next()
			return &ast.IsBool{X: x, Value: u.kw == kwTrue, Not: neg}, nil
		case u.is(kwDistinct):
			p.next()
			if err := p.expectKw(kwFrom); err != nil {
				return nil, err
			}
			r, err := p.parseValue(precComparison)
			if err != nil {
				return nil, err
			}
			var e ast.Expr = &ast.Binary{Op: "<=>", L: x, R: r}
			if !neg {
				e = &ast.Unary{Op: "NOT", X: e}
			}
			return e, nil
		}
		return nil, p.syntaxError()
	}
	return x, nil
}

// parseLike parses the rest of [NOT] LIKE|ILIKE pattern [ESCAPE 'c'] and of
// LIKE ANY|SOME|ALL (p1, …), which becomes an OR (ANY, SOME) or an AND (ALL)
// of single LIKEs. The current token is LIKE or ILIKE.
func (p *parser) parseLike(x ast.Expr, not bool) (ast.Expr, error) {
	op := "LIKE"
	if p.isKw(kwIlike) {
		op = "ILIKE"
	}
	p.next()
	if q := p.cur(); (q.is(kwAny) || q.is(kwSome) || q.is(kwAll)) && p.peek(1).kind == tkLParen {
		combine := "OR"
		if q.is(kwAll) {
			combine = "AND"
		}
		p.next()
		p.next()
		var out ast.Expr
		for {
			pat, err := p.parseExpr()
			if err != nil {
				return nil, err
			}
			var l ast.Expr = &ast.Like{Op: op, X: x, Pattern: pat, Not: not}
			if out == nil {
				out = l
			} else {
				out = &ast.Binary{Op: combine, L: out, R: l}
			}
			if !p.accept(tkComma) {
				break
			}
		}
		return out, p.expect(tkRParen)
	}
	pat, err := p.parseValue(precComparison)
	if err != nil {
		return nil, err
	}
	l := &ast.Like{Op: op, X: x, Pattern: pat, Not: not}
	if p.acceptKw(kwEscape) {
		t := p.cur()
		if t.kind != tkString {
			return nil, p.syntaxError()
		}
		p.next()
		if utf8.RuneCountInString(t.str) != 1 {
			p.deferErr(errclass.New("INVALID_ESC",
				"Found an invalid escape string: '%s'. The escape string must contain only one character.", t.str))
		}
		l.Escape = t.str
	}
	return l, nil
}

// parseValue parses a value expression (arithmetic, bitwise and comparison
// operators) whose operators bind at least as tightly as minPrec.
func (p *parser) parseValue(minPrec int) (ast.Expr, error) {
	l, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	for {
		prec, op := binaryOp(p.cur())
		if prec == 0 || prec < minPrec {
			return l, nil
		}
		p.next()
		r, err := p.parseValue(prec + 1)
		if err != nil {
			return nil, err
		}
		if prec == precShift {
			l = &ast.Call{Name: op, Args: []ast.Expr{l, r}}
		} else {
			l = &ast.Binary{Op: op, L: l, R: r}
		}
	}
}

// parseUnary parses - + ~ prefixes. A minus directly before a number is part
// of the literal, as in Spark's grammar, so -2147483648 is an INT and -128Y a
// TINYINT.
func (p *parser) parseUnary() (ast.Expr, error) {
	if p.pendingExpr == nil {
		t := p.cur()
		var op string
		switch t.kind {
		case tkMinus:
			if n := p.peek(1); n.kind == tkNumber {
				p.next()
				p.next()
				return p.parsePostfix(p.numberLiteral(n, true))
			}
			op = "-"
		case tkPlus:
			op = "+"
		case tkTilde:
			op = "~"
		}
		if op != "" {
			if err := p.enter(); err != nil {
				return nil, err
			}
			defer p.leave()
			p.next()
			x, err := p.parseUnary()
			if err != nil {
				return nil, err
			}
			return &ast.Unary{Op: op, X: x}, nil
		}
	}
	x, err := p.parsePrimary()
	if err != nil {
		return nil, err
	}
	return p.parsePostfix(x)
}

// parsePostfix parses ::type casts after a primary and rejects the postfix
// forms the warehouse does not support.
func (p *parser) parsePostfix(x ast.Expr) (ast.Expr, error) {
	for {
		t := p.cur()
		switch t.kind {
		case tkDColon:
			p.next()
			typ, err := p.parseDataType()
			if err != nil {
				return nil, err
			}
			x = &ast.Cast{X: x, Type: typ}
		case tkLBracket:
			return nil, unsupported("subscripts (expr[index])")
		case tkDot:
			return nil, unsupported("field access on an expression")
		case tkColon:
			return nil, unsupported("JSON path expressions (expr:path)")
		default:
			if t.is(kwCollate) {
				return nil, unsupported("collations")
			}
			return x, nil
		}
	}
}

// lowerName returns s in lower case, without allocating when it already is.
func lowerName(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

func (p *parser) addNamed(name string) {
	for _, n := range p.named {
		if n == name {
			return
		}
	}
	p.named = append(p.named, name)
}

func (p *parser) parsePrimary() (ast.Expr, error) {
	if e := p.pendingExpr; e != nil {
		p.pendingExpr = nil
		return e, nil
	}
	t := p.cur()
	switch t.kind {
	case tkNumber:
		p.next()
		return p.numberLiteral(t, false), nil
	case tkString:
		s, err := p.stringLit()
		if err != nil {
			return nil, err
		}
		return &ast.Literal{Value: value.Str(s)}, nil
	case tkQuestion:
		p.next()
		e := &ast.Param{Index: p.positional}
		p.positional++
		return e, nil
	case tkColon:
		n := p.peek(1)
		p.next()
		if n.kind != tkWord && n.kind != tkQuoted {
			return nil, p.syntaxError()
		}
		name, err := p.wordName(n)
		if err != nil {
			return nil, err
		}
		p.next()
		p.addNamed(name)
		return &ast.Param{Index: -1, Name: name}, nil
	case tkStar:
		p.next()
		return p.starRest(nil)
	case tkLParen:
		p.next()
		q, list, err := p.parenContent()
		if err != nil {
			return nil, err
		}
		if q != nil {
			return &ast.Subquery{Query: q}, nil
		}
		if p.cur().kind == tkArrow {
			return nil, unsupported("lambda functions")
		}
		if len(list) == 1 {
			return list[0], nil
		}
		return &ast.Tuple{Exprs: list}, nil
	case tkQuoted:
		return p.parseNameExpr()
	case tkWord:
		return p.parseWordPrimary()
	}
	return nil, p.syntaxError()
}

// starRest finishes * or t.* and rejects * EXCEPT (…).
func (p *parser) starRest(qual ast.Name) (ast.Expr, error) {
	if p.isKw(kwExcept) && p.peek(1).kind == tkLParen {
		return nil, unsupported("* EXCEPT (columns)")
	}
	return &ast.Star{Qualifier: qual}, nil
}

// parenContent parses what follows '(' up to and including the matching ')':
// either a query (q != nil) or one or more comma-separated expressions. A
// parenthesised prefix such as ((SELECT 1) + 1) or ((SELECT 1) UNION …) is
// parsed once and then continued as an expression or as a query.
func (p *parser) parenContent() (*ast.Query, []ast.Expr, error) {
	if err := p.enter(); err != nil {
		return nil, nil, err
	}
	defer p.leave()
	if isQueryStart(p.cur()) {
		q, err := p.parseQuery()
		if err != nil {
			return nil, nil, err
		}
		return q, nil, p.expect(tkRParen)
	}
	if p.cur().kind == tkLParen {
		p.next()
		iq, ilist, err := p.parenContent()
		if err != nil {
			return nil, nil, err
		}
		switch {
		case iq != nil && p.atQueryContinuation():
			p.pendingQuery = queryBody(iq)
			q, err := p.parseQuery()
			if err != nil {
				return nil, nil, err
			}
			return q, nil, p.expect(tkRParen)
		case iq != nil && p.cur().kind == tkRParen:
			p.next()
			return iq, nil, nil
		case iq != nil:
			p.pendingExpr = &ast.Subquery{Query: iq}
		case len(ilist) == 1:
			p.pendingExpr = ilist[0]
		default:
			if p.cur().kind == tkArrow {
				return nil, nil, unsupported("lambda functions")
			}
			p.pendingExpr = &ast.Tuple{Exprs: ilist}
		}
	}
	var list []ast.Expr
	for {
		e, err := p.parseExpr()
		if err != nil {
			return nil, nil, err
		}
		list = append(list, e)
		if !p.accept(tkComma) {
			break
		}
	}
	return nil, list, p.expect(tkRParen)
}

// atQueryContinuation reports whether the current token continues a query
// after a parenthesised query: a set operator or a query clause.
func (p *parser) atQueryContinuation() bool {
	t := p.cur()
	if t.kind != tkWord {
		return false
	}
	switch t.kw {
	case kwUnion, kwExcept, kwMinus, kwIntersect, kwOrder, kwLimit, kwOffset, kwWindow:
		return true
	case kwSort, kwCluster, kwDistribute:
		return p.peek(1).is(kwBy)
	}
	return false
}

// isDatetimeUnit reports whether t is a unit keyword of TIMESTAMPADD and
// TIMESTAMPDIFF.
func isDatetimeUnit(t *token) bool {
	if t.kind != tkWord {
		return false
	}
	switch t.kw {
	case kwYear, kwQuarter, kwMonth, kwWeek, kwDay, kwDayofyear, kwHour, kwMinute, kwSecond, kwMillisecond, kwMicrosecond:
		return true
	}
	return false
}

// parseWordPrimary parses a primary expression that starts with a word:
// keyword-led forms, function calls and column references.
func (p *parser) parseWordPrimary() (ast.Expr, error) {
	t := p.cur()
	n := p.peek(1)
	call := n.kind == tkLParen
	switch t.kw {
	case kwNull:
		p.next()
		return &ast.Literal{Value: value.NullOf(value.VoidType)}, nil
	case kwTrue, kwFalse:
		p.next()
		return &ast.Literal{Value: value.Bool(t.kw == kwTrue)}, nil
	case kwCase:
		return p.parseCase()
	case kwCast, kwTryCast:
		if call {
			return p.parseCast()
		}
	case kwDate, kwTimestamp, kwTimestampLtz, kwTimestampNtz, kwInterval, kwX:
		if n.kind == tkString {
			return p.parseTypedLiteral()
		}
		if t.kw == kwInterval && (n.kind == tkNumber || n.kind == tkMinus || n.kind == tkPlus) {
			return p.parseInterval()
		}
	case kwCurrentDate, kwCurrentTimestamp, kwCurrentUser, kwSessionUser:
		if !call && n.kind != tkDot {
			p.next()
			return &ast.Call{Name: lowerName(p.text(t))}, nil
		}
	case kwExists:
		if call && p.parenLeadsToQuery(1) {
			return p.parseExists(false)
		}
	case kwStruct:
		if call {
			return nil, unsupported("STRUCT values")
		}
	case kwExtract:
		if call {
			return nil, unsupported("EXTRACT")
		}
	case kwIdentifier:
		if call {
			return nil, unsupported("the IDENTIFIER clause")
		}
	case kwPosition:
		if call {
			return p.parsePosition()
		}
	case kwSubstr, kwSubstring:
		if call {
			return p.parseSubstring()
		}
	case kwTrim:
		if call {
			return p.parseTrim()
		}
	case kwOverlay:
		if call {
			return p.parseOverlay()
		}
	case kwTimestampadd, kwDateadd, kwDateAdd, kwTimestampdiff, kwDatediff, kwDateDiff, kwTimediff:
		if call && isDatetimeUnit(p.peek(2)) && p.peek(3).kind == tkComma {
			return nil, unsupported(strings.ToUpper(p.text(t)) + " with a unit argument")
		}
	case kwLeft, kwRight, kwFilter:
		if call {
			p.next()
			p.next()
			return p.parseCall(lowerName(p.text(t)))
		}
	}
	if reservedIdent[t.kw] {
		return nil, p.syntaxError()
	}
	if n.kind == tkString && !t.nonASCII {
		// identifier 'text': a typed literal of a type Spark does not know.
		p.next()
		p.next()
		p.deferErr(errclass.New("UNSUPPORTED_TYPED_LITERAL",
			"Literals of the type %q are not supported. Supported types are %s.",
			strings.ToUpper(p.text(t)), `"DATE", "TIMESTAMP_NTZ", "TIMESTAMP_LTZ", "TIMESTAMP", "INTERVAL", "X"`))
		return &ast.Literal{Value: value.NullOf(value.VoidType)}, nil
	}
	return p.parseNameExpr()
}

// parseNameExpr parses a column reference, t.*, a function call or (to reject
// it) a lambda, starting at an identifier.
func (p *parser) parseNameExpr() (ast.Expr, error) {
	first, err := p.wordName(p.cur())
	if err != nil {
		return nil, err
	}
	p.next()
	if p.cur().kind == tkArrow {
		return nil, unsupported("lambda functions")
	}
	parts := ast.Name{first}
	for p.cur().kind == tkDot {
		n := p.peek(1)
		if n.kind == tkStar {
			p.next()
			p.next()
			return p.starRest(parts)
		}
		p.next()
		if n.kind != tkWord && n.kind != tkQuoted {
			return nil, p.syntaxError()
		}
		part, err := p.wordName(n)
		if err != nil {
			return nil, err
		}
		p.next()
		parts = append(parts, part)
	}
	if p.cur().kind == tkLParen {
		if len(parts) > 1 {
			return nil, unsupported("qualified function names")
		}
		p.next()
		return p.parseCall(lowerName(parts[0]))
	}
	return &ast.ColumnRef{Name: parts}, nil
}

// parseCall parses the arguments of name( … ) after the '(' and the clauses
// that may follow a call. With pendingExpr set, the first argument has
// already been parsed up to an operator.
func (p *parser) parseCall(name string) (ast.Expr, error) {
	call := &ast.Call{Name: name}
	if p.pendingExpr == nil {
		switch {
		case p.cur().kind == tkRParen:
			p.next()
			return p.callSuffix(call)
		case p.cur().kind == tkStar && p.peek(1).kind == tkRParen && name == "count":
			p.next()
			p.next()
			call.Star = true
			return p.callSuffix(call)
		case p.acceptKw(kwDistinct):
			call.Distinct = true
		default:
			p.acceptKw(kwAll)
		}
	}
	for {
		if t := p.cur(); p.pendingExpr == nil && (t.kind == tkWord || t.kind == tkQuoted) && p.peek(1).kind == tkFatArrow {
			return nil, unsupported("named function arguments")
		}
		e, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		call.Args = append(call.Args, e)
		if (name == "first" || name == "last" || name == "any_value") && len(call.Args) == 1 &&
			p.isKw(kwIgnore) && p.peek(1).is(kwNulls) {
			p.next()
			p.next()
			call.Args = append(call.Args, &ast.Literal{Value: value.Bool(true)})
			break
		}
		if !p.accept(tkComma) {
			break
		}
	}
	if err := p.expect(tkRParen); err != nil {
		return nil, err
	}
	return p.callSuffix(call)
}

// callSuffix rejects the clauses that may follow a function call but that the
// warehouse does not support.
func (p *parser) callSuffix(call *ast.Call) (ast.Expr, error) {
	t := p.cur()
	switch {
	case t.is(kwWithin) && p.peek(1).is(kwGroup):
		return nil, unsupported("WITHIN GROUP")
	case t.is(kwFilter) && p.peek(1).kind == tkLParen:
		return nil, unsupported("FILTER clauses on aggregate functions")
	case (t.is(kwIgnore) || t.is(kwRespect)) && p.peek(1).is(kwNulls):
		return nil, unsupported("IGNORE NULLS and RESPECT NULLS")
	case t.is(kwOver):
		return nil, unsupported("window functions (OVER)")
	}
	return call, nil
}

// parseCase parses CASE [operand] WHEN … THEN … [ELSE …] END.
func (p *parser) parseCase() (ast.Expr, error) {
	p.next()
	c := &ast.Case{}
	if !p.isKw(kwWhen) {
		op, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		c.Operand = op
	}
	for p.acceptKw(kwWhen) {
		cond, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		if err := p.expectKw(kwThen); err != nil {
			return nil, err
		}
		res, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		c.Whens = append(c.Whens, ast.When{Cond: cond, Result: res})
	}
	if len(c.Whens) == 0 {
		return nil, p.syntaxError()
	}
	if p.acceptKw(kwElse) {
		e, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		c.Else = e
	}
	return c, p.expectKw(kwEnd)
}

// parseCast parses CAST(x AS type) and TRY_CAST(x AS type).
func (p *parser) parseCast() (ast.Expr, error) {
	try := p.isKw(kwTryCast)
	p.next()
	p.next()
	x, err := p.parseExpr()
	if err != nil {
		return nil, err
	}
	if err := p.expectKw(kwAs); err != nil {
		return nil, err
	}
	typ, err := p.parseDataType()
	if err != nil {
		return nil, err
	}
	return &ast.Cast{X: x, Type: typ, Try: try}, p.expect(tkRParen)
}

// parseTypedLiteral parses DATE 'text', TIMESTAMP 'text' and rejects the
// typed literals the warehouse does not support.
func (p *parser) parseTypedLiteral() (ast.Expr, error) {
	t := p.cur()
	s := p.peek(1)
	var typ value.Type
	switch t.kw {
	case kwDate:
		typ = value.DateType
	case kwTimestamp, kwTimestampLtz:
		typ = value.TimestampType
	case kwTimestampNtz:
		return nil, unsupported("TIMESTAMP_NTZ literals")
	case kwInterval:
		return p.parseInterval()
	default:
		return nil, unsupported("BINARY literals (X'…')")
	}
	p.next()
	p.next()
	return &ast.TypedLiteral{Type: typ, Text: s.str}, nil
}

// callWithPending finishes a call whose first argument was parsed as a value
// expression before the special syntax (FROM, IN, PLACING) was ruled out.
func (p *parser) callWithPending(name string, first ast.Expr) (ast.Expr, error) {
	p.pendingExpr = first
	return p.parseCall(name)
}

// parsePosition parses POSITION(substr IN str) or a plain position(…) call.
func (p *parser) parsePosition() (ast.Expr, error) {
	p.next()
	p.next()
	first, err := p.parseValue(precComparison)
	if err != nil {
		return nil, err
	}
	if !p.acceptKw(kwIn) {
		return p.callWithPending("position", first)
	}
	str, err := p.parseValue(precComparison)
	if err != nil {
		return nil, err
	}
	return p.callSuffixAfter(&ast.Call{Name: "position", Args: []ast.Expr{first, str}})
}

// callSuffixAfter expects the closing ')' of a special-syntax call and then
// checks the call's suffix.
func (p *parser) callSuffixAfter(call *ast.Call) (ast.Expr, error) {
	if err := p.expect(tkRParen); err != nil {
		return nil, err
	}
	return p.callSuffix(call)
}

// forArg appends the length of an optional FOR len clause (SUBSTRING,
// OVERLAY) to call's arguments.
func (p *parser) forArg(call *ast.Call) error {
	if !p.acceptKw(kwFor) {
		return nil
	}
	n, err := p.parseValue(precComparison)
	if err != nil {
		return err
	}
	call.Args = append(call.Args, n)
	return nil
}

// parseSubstring parses SUBSTRING(str FROM pos [FOR len]) or a plain call;
// the name keeps the spelling used (substr or substring).
func (p *parser) parseSubstring() (ast.Expr, error) {
	name := lowerName(p.text(p.cur()))
	p.next()
	p.next()
	str, err := p.parseValue(precComparison)
	if err != nil {
		return nil, err
	}
	if !p.acceptKw(kwFrom) {
		return p.callWithPending(name, str)
	}
	pos, err := p.parseValue(precComparison)
	if err != nil {
		return nil, err
	}
	call := &ast.Call{Name: name, Args: []ast.Expr{str, pos}}
	if err := p.forArg(call); err != nil {
		return nil, err
	}
	return p.callSuffixAfter(call)
}

// parseTrim parses TRIM([BOTH|LEADING|TRAILING] [chars] FROM str) and plain
// trim(…) calls. TRIM(BOTH c FROM s), TRIM(LEADING c FROM s) and
// TRIM(TRAILING c FROM s) become trim(c, s), ltrim(c, s) and rtrim(c, s):
// the trim characters first, as in Spark's two-argument function forms.
func (p *parser) parseTrim() (ast.Expr, error) {
	p.next()
	p.next()
	name := ""
	if t := p.cur(); t.is(kwBoth) || t.is(kwLeading) || t.is(kwTrailing) {
		if k := p.peek(1).kind; k != tkComma && k != tkRParen {
			switch t.kw {
			case kwBoth:
				name = "trim"
			case kwLeading:
				name = "ltrim"
			default:
				name = "rtrim"
			}
			p.next()
		}
	}
	if name != "" {
		var chars ast.Expr
		if !p.isKw(kwFrom) {
			c, err := p.parseValue(precComparison)
			if err != nil {
				return nil, err
			}
			chars = c
		}
		if err := p.expectKw(kwFrom); err != nil {
			return nil, err
		}
		src, err := p.parseValue(precComparison)
		if err != nil {
			return nil, err
		}
		call := &ast.Call{Name: name, Args: []ast.Expr{src}}
		if chars != nil {
			call.Args = []ast.Expr{chars, src}
		}
		return p.callSuffixAfter(call)
	}
	if p.acceptKw(kwFrom) {
		src, err := p.parseValue(precComparison)
		if err != nil {
			return nil, err
		}
		return p.callSuffixAfter(&ast.Call{Name: "trim", Args: []ast.Expr{src}})
	}
	first, err := p.parseValue(precComparison)
	if err != nil {
		return nil, err
	}
	if !p.acceptKw(kwFrom) {
		return p.callWithPending("trim", first)
	}
	src, err := p.parseValue(precComparison)
	if err != nil {
		return nil, err
	}
	return p.callSuffixAfter(&ast.Call{Name: "trim", Args: []ast.Expr{first, src}})
}

// parseOverlay parses OVERLAY(input PLACING replace FROM pos [FOR len]) into
// overlay(input, replace, pos[, len]), or a plain overlay(…) call.
func (p *parser) parseOverlay() (ast.Expr, error) {
	p.next()
	p.next()
	input, err := p.parseValue(precComparison)
	if err != nil {
		return nil, err
	}
	if !p.acceptKw(kwPlacing) {
		return p.callWithPending("overlay", input)
	}
	repl, err := p.parseValue(precComparison)
	if err != nil {
		return nil, err
	}
	if err := p.expectKw(kwFrom); err != nil {
		return nil, err
	}
	pos, err := p.parseValue(precComparison)
	if err != nil {
		return nil, err
	}
	call := &ast.Call{Name: "overlay", Args: []ast.Expr{input, repl, pos}}
	if err := p.forArg(call); err != nil {
		return nil, err
	}
	return p.callSuffixAfter(call)
}

// intervalUnits are the day-time units of INTERVAL literals, in
// microseconds.
var intervalUnits = map[string]int64{
	"WEEK": 7 * 24 * 3600e6, "DAY": 24 * 3600e6, "HOUR": 3600e6, "MINUTE": 60e6, "SECOND": 1e6,
	"MILLISECOND": 1e3, "MICROSECOND": 1,
}

// parseInterval parses a day-time INTERVAL literal: INTERVAL '90' MINUTE,
// INTERVAL 90 MINUTES, INTERVAL -1 HOUR, INTERVAL 1 DAY 2 HOURS. Year-month
// intervals and the '… ' DAY TO SECOND form fail loudly.
func (p *parser) parseInterval() (ast.Expr, error) {
	p.next() // INTERVAL
	var total int64
	terms := 0
	for {
		if k := p.cur().kind; terms > 0 && k != tkNumber && k != tkString {
			// The literal ends here; a following sign is an operator.
			return &ast.Literal{Value: value.Value{Type: value.IntervalType, I: total}}, nil
		}
		neg := false
		if p.cur().kind == tkMinus || p.cur().kind == tkPlus {
			neg = p.cur().kind == tkMinus
			p.next()
		}
		var num string
		switch t := p.cur(); t.kind {
		case tkNumber:
			num = p.text(t)
		case tkString:
			num = strings.TrimSpace(t.str)
		default:
			if terms > 0 {
				return &ast.Literal{Value: value.Value{Type: value.IntervalType, I: total}}, nil
			}
			return nil, p.syntaxError()
		}
		if strings.HasPrefix(num, "-") {
			neg, num = !neg, num[1:]
		}
		p.next()
		w, ok := p.wordUpper()
		if !ok {
			return nil, p.syntaxError()
		}
		unit := strings.TrimSuffix(w, "S")
		switch unit {
		case "YEAR", "MONTH":
			return nil, unsupported("year-month INTERVAL literals")
		}
		scale, ok := intervalUnits[unit]
		if !ok {
			return nil, p.syntaxError()
		}
		p.next()
		if p.isKw(kwTo) {
			return nil, unsupported("INTERVAL … TO … literals")
		}
		f, err := strconv.ParseFloat(num, 64)
		if err != nil || (scale > 1e6 && strings.Contains(num, ".")) {
			return nil, errclass.New("INVALID_INTERVAL_FORMAT.INVALID_VALUE",
				"Error parsing '%s' to interval. The value %s of unit %s is invalid.", num, num, strings.ToLower(unit))
		}
		v := int64(f*float64(scale) + 0.5)
		if neg {
			v = -v
		}
		total += v
		terms++
	}
}
