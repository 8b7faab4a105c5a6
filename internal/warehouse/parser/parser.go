package parser

import (
	"strings"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/ast"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// maxDepth bounds the nesting of expressions, queries and types, so that a
// pathological input fails with FAILED_TO_PARSE_TOO_COMPLEX instead of
// exhausting the stack.
const maxDepth = 400

// Markers describes the parameter markers of a statement: the number of
// positional ? markers and the distinct :name markers. A statement never has
// both kinds.
type Markers struct {
	// Positional is the number of ? markers; the ast.Param of the n-th one
	// (from 0) has Index n.
	Positional int
	// Named lists the distinct :name markers in order of first appearance,
	// spelled as written. nil when there are none.
	Named []string
}

// Parse parses one SQL statement (a trailing ';' is allowed). Errors are
// *errclass.Error.
func Parse(sql string) (ast.Statement, error) {
	st, _, err := ParseWithMarkers(sql)
	return st, err
}

// ParseWithMarkers is Parse that also reports the statement's parameter
// markers, so that callers can check the values bound to them. A statement
// mixing ? and :name markers fails with INVALID_QUERY_MIXED_QUERY_PARAMETERS.
func ParseWithMarkers(sql string) (ast.Statement, Markers, error) {
	p := newParser(sql)
	st, err := p.parseSingleStatement()
	if err != nil {
		return nil, Markers{}, err
	}
	return st, Markers{Positional: p.positional, Named: p.named}, nil
}

// ParseType parses a data type as written in DDL or CAST ("DECIMAL(10, 2)"),
// for callers that have the text alone. Types the warehouse does not support
// (ARRAY, MAP, STRUCT, BINARY, INTERVAL, TIMESTAMP_NTZ, VARIANT, …) fail with
// UNSUPPORTED_DATATYPE.
func ParseType(text string) (value.Type, error) {
	p := newParser(text)
	if p.cur().kind == tkEOF {
		return value.Type{}, p.syntaxError()
	}
	t, err := p.parseDataType()
	if err == nil && p.cur().kind != tkEOF {
		err = p.syntaxError()
	}
	if err == nil {
		err = p.finish()
	}
	if err != nil {
		return value.Type{}, err
	}
	return t, nil
}

// parser is a recursive-descent parser over tokens lexed on demand.
type parser struct {
	src  string
	lx   lexer
	toks []token
	i    int
	// lastEnd is the end offset of the last consumed token.
	lastEnd int
	depth   int
	// deferred is the first error found while building nodes (literal ranges,
	// unsupported types, duplicate clauses, …). Spark reports these only once
	// the statement parses, so syntax errors take precedence.
	deferred error

	positional int
	named      []string

	// pendingExpr and pendingQuery hold an already parsed leftmost operand
	// (an expression or a query) that the next parsePrimary or
	// parseQueryPrimary returns; they let a parenthesised prefix decide late
	// whether it is part of an expression or of a query.
	pendingExpr  ast.Expr
	pendingQuery ast.QueryBody

	// buf holds the tokens of short statements without another allocation.
	buf [24]token
}

func newParser(src string) *parser {
	p := &parser{src: src, lx: lexer{src: src}}
	p.toks = p.buf[:0]
	return p
}

// peek returns the token k positions after the current one.
func (p *parser) peek(k int) *token {
	for len(p.toks) <= p.i+k {
		if n := len(p.toks); n > 0 && p.toks[n-1].kind == tkEOF {
			return &p.toks[n-1]
		}
		p.toks = append(p.toks, p.lx.next())
	}
	return &p.toks[p.i+k]
}

// cur returns the current token.
func (p *parser) cur() *token {
	if p.i < len(p.toks) {
		return &p.toks[p.i]
	}
	return p.peek(0)
}

// next consumes the current token.
func (p *parser) next() {
	t := p.cur()
	if t.kind == tkEOF {
		return
	}
	p.lastEnd = t.end
	p.i++
}

// text returns the source text of t.
func (p *parser) text(t *token) string { return p.src[t.pos:t.end] }

func (t *token) is(kw keyword) bool { return t.kind == tkWord && t.kw == kw }

func (p *parser) isKw(kw keyword) bool { return p.cur().is(kw) }

func (p *parser) acceptKw(kw keyword) bool {
	if p.cur().is(kw) {
		p.next()
		return true
	}
	return false
}

func (p *parser) expectKw(kw keyword) error {
	if !p.acceptKw(kw) {
		return p.syntaxError()
	}
	return nil
}

func (p *parser) accept(k tokKind) bool {
	if p.cur().kind == k {
		p.next()
		return true
	}
	return false
}

func (p *parser) expect(k tokKind) error {
	if !p.accept(k) {
		return p.syntaxError()
	}
	return nil
}

// enter counts one level of nesting; leave undoes it.
func (p *parser) enter() error {
	p.depth++
	if p.depth > maxDepth {
		return errclass.New("FAILED_TO_PARSE_TOO_COMPLEX",
			"The statement, including potential SQL functions and referenced views, was too complex to parse.\n"+
				"To mitigate this error divide the statement into multiple, less complex chunks.")
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

// deferErr records err to be reported if the statement otherwise parses.
func (p *parser) deferErr(err error) {
	if p.deferred == nil {
		p.deferred = err
	}
}

// tokenDisplay renders a token the way Spark's parser errors do: quoted as
// written, or "end of input".
func (p *parser) tokenDisplay(t *token) string {
	if t.kind == tkEOF {
		return "end of input"
	}
	s := p.text(t)
	if strings.ContainsAny(s, "\n\r\t") {
		s = strings.NewReplacer("\n", `\n`, "\r", `\r`, "\t", `\t`).Replace(s)
	}
	return "'" + s + "'"
}

// syntaxError reports a syntax error at the current token.
func (p *parser) syntaxError() error { return p.syntaxErrorAt(p.cur(), "") }

func (p *parser) syntaxErrorAt(t *token, hint string) error {
	return errclass.New("PARSE_SYNTAX_ERROR", "Syntax error at or near %s%s.", p.tokenDisplay(t), hint)
}

// unsupported reports a construct the fake warehouse does not implement.
func unsupported(what string) error {
	return errclass.New("UNSUPPORTED_FEATURE", "The feature is not supported: %s.", what)
}

// invalidSyntax reports a statement Spark's parser rejects with a message but
// no structured error class.
func invalidSyntax(msg string) error {
	return errclass.New("INVALID_SQL_SYNTAX", "Invalid SQL syntax: %s", msg)
}

func duplicateClause(name string) error {
	return errclass.New("DUPLICATE_CLAUSES", "Found duplicate clauses: %s. Please, remove one of them.", name)
}

// finish runs the checks that follow a successful parse: the deferred error,
// an unclosed comment and mixed parameter markers.
func (p *parser) finish() error {
	if p.deferred != nil {
		return p.deferred
	}
	if p.lx.unclosedComment {
		return errclass.New("UNCLOSED_BRACKETED_COMMENT",
			"Found an unclosed bracketed comment. Please, append */ at the end of the comment.")
	}
	if p.positional > 0 && len(p.named) > 0 {
		return errclass.New("INVALID_QUERY_MIXED_QUERY_PARAMETERS",
			"Parameterized query must either use positional, or named parameters, but not both.")
	}
	return nil
}

// parseSingleStatement parses statement ';'* EOF.
func (p *parser) parseSingleStatement() (ast.Statement, error) {
	for p.cur().kind == tkSemi {
		p.next()
	}
	if p.cur().kind == tkEOF {
		if p.lx.unclosedComment {
			return nil, p.finish()
		}
		return nil, errclass.New("PARSE_EMPTY_STATEMENT", "Syntax error, unexpected empty statement.")
	}
	st, err := p.parseStatement()
	if err != nil {
		return nil, err
	}
	if _, raw := st.(*ast.SetConfig); raw {
		// SET consumed the rest of the text; Spark skips the comment check.
		return st, nil
	}
	for p.cur().kind == tkSemi {
		p.next()
	}
	if t := p.cur(); t.kind != tkEOF {
		hint := ""
		if n := p.peek(1); n.kind == tkEOF || n.kind == tkSemi {
			hint = ": extra input " + p.tokenDisplay(t)
		}
		return nil, p.syntaxErrorAt(t, hint)
	}
	if err := p.finish(); err != nil {
		return nil, err
	}
	return st, nil
}

// ---------------------------------------------------------------- names

// identStart reports whether t can be an unquoted or quoted identifier where
// an expression or name starts.
func identStart(t *token) bool {
	return t.kind == tkQuoted || t.kind == tkWord && !reservedIdent[t.kw]
}

// wordName returns the identifier spelled by a word or quoted token, failing
// with INVALID_IDENTIFIER for unquoted words with non-ASCII letters.
func (p *parser) wordName(t *token) (string, error) {
	if t.kind == tkQuoted {
		return t.str, nil
	}
	s := p.text(t)
	if t.nonASCII {
		return "", invalidIdentifier(s)
	}
	return s, nil
}

func invalidIdentifier(s string) error {
	return errclass.New("INVALID_IDENTIFIER",
		"The unquoted identifier %s is invalid and must be back quoted as: `%s`.\n"+
			"Unquoted identifiers can only contain ASCII letters ('a' - 'z', 'A' - 'Z'), digits ('0' - '9'), and underbar ('_').\n"+
			"Unquoted identifiers must also not start with a digit.\n"+
			"Different data sources and meta stores may impose additional restrictions on valid identifiers.", s, s)
}

// ident parses an identifier that is not a reserved keyword.
func (p *parser) ident() (string, error) {
	t := p.cur()
	if !identStart(t) {
		return "", p.syntaxError()
	}
	name, err := p.wordName(t)
	if err != nil {
		return "", err
	}
	p.next()
	return name, nil
}

// anyIdent parses an identifier where any keyword is allowed (after a dot or
// AS).
func (p *parser) anyIdent() (string, error) {
	t := p.cur()
	if t.kind != tkWord && t.kind != tkQuoted {
		return "", p.syntaxError()
	}
	name, err := p.wordName(t)
	if err != nil {
		return "", err
	}
	p.next()
	return name, nil
}

// namePart parses one part of a multi-part name. Like Spark's
// errorCapturingIdentifier it rejects a-b with INVALID_IDENTIFIER.
func (p *parser) namePart(first bool) (string, error) {
	start := p.cur()
	var name string
	var err error
	if first {
		name, err = p.ident()
	} else {
		name, err = p.anyIdent()
	}
	if err != nil {
		return "", err
	}
	if p.cur().kind == tkMinus && p.peek(1).kind == tkWord {
		from := start.pos
		for p.cur().kind == tkMinus && p.peek(1).kind == tkWord {
			p.next()
			p.next()
		}
		return "", invalidIdentifier(strings.Join(strings.Fields(p.src[from:p.lastEnd]), ""))
	}
	return name, nil
}

// multipartName parses a possibly qualified name: a.b.c.
func (p *parser) multipartName() (ast.Name, error) {
	first, err := p.namePart(true)
	if err != nil {
		return nil, err
	}
	if p.cur().kind != tkDot {
		return ast.Name{first}, nil
	}
	name := make(ast.Name, 1, 4)
	name[0] = first
	for p.cur().kind == tkDot {
		p.next()
		part, err := p.namePart(false)
		if err != nil {
			return nil, err
		}
		name = append(name, part)
	}
	return name, nil
}

// identList parses ( ident, … ).
func (p *parser) identList() ([]string, error) {
	if err := p.expect(tkLParen); err != nil {
		return nil, err
	}
	var out []string
	for {
		name, err := p.namePart(false)
		if err != nil {
			return nil, err
		}
		out = append(out, name)
		if !p.accept(tkComma) {
			break
		}
	}
	return out, p.expect(tkRParen)
}

// stringLit parses one or more adjacent string literals ('a' 'b' is 'ab').
func (p *parser) stringLit() (string, error) {
	t := p.cur()
	if t.kind != tkString {
		return "", p.syntaxError()
	}
	s := t.str
	p.next()
	if p.cur().kind != tkString {
		return s, nil
	}
	var b strings.Builder
	b.WriteString(s)
	for p.cur().kind == tkString {
		b.WriteString(p.cur().str)
		p.next()
	}
	return b.String(), nil
}
