package parser

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/ast"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// TestPrecedence follows Spark's operator table (sql-ref-operators): unary
// > * / % DIV > + - || > shifts > & > ^ > | > comparisons > predicates > NOT >
// AND > OR, all binary levels left-associative.
func TestPrecedence(t *testing.T) {
	a, b, c, d := col("a"), col("b"), col("c"), col("d")
	tests := []struct {
		name string
		expr string
		want ast.Expr
	}{
		{"multiplication first", "1 + 2 * 3", bin("+", i32(1), bin("*", i32(2), i32(3)))},
		{"left associative", "1 - 2 - 3", bin("-", bin("-", i32(1), i32(2)), i32(3))},
		{"parentheses", "(1 + 2) * 3", bin("*", bin("+", i32(1), i32(2)), i32(3))},
		{"NOT over comparison", "NOT a = b", not(bin("=", a, b))},
		{"AND over OR", "a OR b AND c", bin("OR", a, bin("AND", b, c))},
		{"concat before comparison", "'a' || 'b' = 'ab'", bin("=", bin("||", str("a"), str("b")), str("ab"))},
		{"concat level with plus", "a || b + c", bin("+", bin("||", a, b), c)},
		{"plus level with concat", "a + b || c", bin("||", bin("+", a, b), c)},
		{"bitwise levels", "a & b | c ^ d", bin("|", bin("&", a, b), bin("^", c, d))},
		{"shift between plus and and", "a << 1 + 2 & b", bin("&", call("shiftleft", a, bin("+", i32(1), i32(2))), b)},
		{"unsigned shift", "a >>> 2", call("shiftrightunsigned", a, i32(2))},
		{"div and modulo", "a DIV 2 % 3", bin("%", bin("div", a, i32(2)), i32(3))},
		{"unary minus binds tighter", "-a * b", bin("*", &ast.Unary{Op: "-", X: a}, b)},
		{"bitwise not", "~a + 1", bin("+", &ast.Unary{Op: "~", X: a}, i32(1))},
		{"unary plus", "+a", &ast.Unary{Op: "+", X: a}},
		{"minus of a negative literal", "2 - -1", bin("-", i32(2), i32(-1))},
		{"comparison chain", "a = b = c", bin("=", bin("=", a, b), c)},
		{"== and != normalised", "a == b OR a != b", bin("OR", bin("=", a, b), bin("<>", a, b))},
		{"null-safe equal", "a <=> b", bin("<=>", a, b)},
		{"!< and !>", "a !< b AND a !> b", bin("AND", bin(">=", a, b), bin("<=", a, b))},
		{"bang is NOT", "! a", not(a)},
		{"predicate over comparison", "a < b IS NULL", &ast.IsNull{X: bin("<", a, b)}},
		{"NOT over predicate", "NOT a IS NULL", not(&ast.IsNull{X: a})},
		{"BETWEEN then AND", "a BETWEEN 1 AND 2 AND b", bin("AND", &ast.Between{X: a, Lo: i32(1), Hi: i32(2)}, b)},
		{"cast binds tightest", "-a::int", &ast.Unary{Op: "-", X: &ast.Cast{X: a, Type: value.IntType}}},
		{"signed literal is cast whole", "-1::string", &ast.Cast{X: i32(-1), Type: value.StringType}},
		{"cast chain", "a::int::string", &ast.Cast{X: &ast.Cast{X: a, Type: value.IntType}, Type: value.StringType}},
		{"OR of NOT IN", "a = 1 OR NOT b IN (1, 2)", bin("OR", bin("=", a, i32(1)), not(&ast.InList{X: b, List: []ast.Expr{i32(1), i32(2)}}))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, parseExpr(t, tt.expr))
		})
	}
}

func TestPredicates(t *testing.T) {
	x, y := col("x"), col("y")
	sub := query(sel(item(i32(1))))
	tests := []struct {
		name string
		expr string
		want ast.Expr
	}{
		{"is null", "x IS NULL", &ast.IsNull{X: x}},
		{"is not null", "x IS NOT NULL", &ast.IsNull{X: x, Not: true}},
		{"is unknown", "x IS UNKNOWN", &ast.IsNull{X: x}},
		{"is true", "x IS TRUE", &ast.IsBool{X: x, Value: true}},
		{"is not false", "x IS NOT FALSE", &ast.IsBool{X: x, Value: false, Not: true}},
		{"is distinct from", "x IS DISTINCT FROM y", not(bin("<=>", x, y))},
		{"is not distinct from", "x IS NOT DISTINCT FROM y", bin("<=>", x, y)},
		{"between", "x BETWEEN 1 AND 2", &ast.Between{X: x, Lo: i32(1), Hi: i32(2)}},
		{"not between", "x NOT BETWEEN y - 1 AND y + 1", &ast.Between{X: x, Lo: bin("-", y, i32(1)), Hi: bin("+", y, i32(1)), Not: true}},
		{"in list", "x IN (1, 2)", &ast.InList{X: x, List: []ast.Expr{i32(1), i32(2)}}},
		{"not in list", "x NOT IN (1)", &ast.InList{X: x, List: []ast.Expr{i32(1)}, Not: true}},
		{"in subquery", "x IN (SELECT 1)", &ast.InSubquery{X: x, Query: sub}},
		{"not in subquery", "x NOT IN (SELECT 1)", &ast.InSubquery{X: x, Query: sub, Not: true}},
		{"tuple in subquery", "(x, y) IN (SELECT 1)", &ast.InSubquery{X: &ast.Tuple{Exprs: []ast.Expr{x, y}}, Query: sub}},
		{"tuple in list of tuples", "(x, y) IN ((1, 2), (3, 4))", &ast.InList{
			X:    &ast.Tuple{Exprs: []ast.Expr{x, y}},
			List: []ast.Expr{&ast.Tuple{Exprs: []ast.Expr{i32(1), i32(2)}}, &ast.Tuple{Exprs: []ast.Expr{i32(3), i32(4)}}},
		}},
		{"in set operation", "x IN ((SELECT 1) UNION (SELECT 2))", &ast.InSubquery{X: x, Query: query(&ast.SetOp{
			Op: "UNION", Left: sel(item(i32(1))), Right: sel(item(i32(2))),
		})}},
		{"like", "x LIKE 'a%'", &ast.Like{Op: "LIKE", X: x, Pattern: str("a%")}},
		{"not like with escape", "x NOT LIKE 'a!%' ESCAPE '!'", &ast.Like{Op: "LIKE", X: x, Pattern: str("a!%"), Escape: "!", Not: true}},
		{"ilike", "x ILIKE y", &ast.Like{Op: "ILIKE", X: x, Pattern: y}},
		{"rlike", "x RLIKE '^a'", &ast.Like{Op: "RLIKE", X: x, Pattern: str("^a")}},
		{"regexp is rlike", "x NOT REGEXP '^a'", &ast.Like{Op: "RLIKE", X: x, Pattern: str("^a"), Not: true}},
		{"like any is an OR", "x LIKE ANY ('a%', 'b%')", bin("OR",
			&ast.Like{Op: "LIKE", X: x, Pattern: str("a%")},
			&ast.Like{Op: "LIKE", X: x, Pattern: str("b%")})},
		{"not ilike all is an AND", "x NOT ILIKE ALL ('a%', 'b%')", bin("AND",
			&ast.Like{Op: "ILIKE", X: x, Pattern: str("a%"), Not: true},
			&ast.Like{Op: "ILIKE", X: x, Pattern: str("b%"), Not: true})},
		{"exists", "EXISTS (SELECT 1)", &ast.Exists{Query: sub}},
		{"not exists", "NOT EXISTS (SELECT 1)", &ast.Exists{Query: sub, Not: true}},
		{"exists over nested parentheses", "EXISTS ((SELECT 1))", &ast.Exists{Query: sub}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, parseExpr(t, tt.expr))
		})
	}
}

func TestPrimaryExpressions(t *testing.T) {
	x, s := col("x"), col("s")
	sub := query(sel(item(i32(1))))
	tests := []struct {
		name string
		expr string
		want ast.Expr
	}{
		{"searched case", "CASE WHEN x THEN 1 WHEN s THEN 2 ELSE 3 END", &ast.Case{
			Whens: []ast.When{{Cond: x, Result: i32(1)}, {Cond: s, Result: i32(2)}}, Else: i32(3),
		}},
		{"simple case", "CASE x WHEN 1 THEN 'a' END", &ast.Case{Operand: x, Whens: []ast.When{{Cond: i32(1), Result: str("a")}}}},
		{"cast", "CAST(x AS DECIMAL(10, 2))", &ast.Cast{X: x, Type: value.DecimalType(10, 2)}},
		{"try_cast", "TRY_CAST(x AS BIGINT)", &ast.Cast{X: x, Type: value.BigIntType, Try: true}},
		{"scalar subquery", "(SELECT 1)", &ast.Subquery{Query: sub}},
		{"subquery in arithmetic", "((SELECT 1) + 1)", bin("+", &ast.Subquery{Query: sub}, i32(1))},
		{"subquery compared", "(SELECT 1) = x", bin("=", &ast.Subquery{Query: sub}, x)},
		{"tuple", "(1, 'a')", &ast.Tuple{Exprs: []ast.Expr{i32(1), str("a")}}},
		{"nested parentheses", "((x))", x},
		{"function", "coalesce(x, 0)", call("coalesce", x, i32(0))},
		{"function name lower-cased", "UPPER(s)", call("upper", s)},
		{"backquoted function name", "`Lower`(s)", call("lower", s)},
		{"no arguments", "now()", call("now")},
		{"count star", "count(*)", &ast.Call{Name: "count", Star: true}},
		{"count distinct", "COUNT(DISTINCT x, s)", &ast.Call{Name: "count", Args: []ast.Expr{x, s}, Distinct: true}},
		{"all quantifier", "sum(ALL x)", call("sum", x)},
		{"star argument of another function", "hash(*)", call("hash", star())},
		{"qualified star argument", "count(t.*)", call("count", &ast.Star{Qualifier: ast.Name{"t"}})},
		{"keyword-named functions", "if(x, left(s, 1), right(s, 1))", call("if", x, call("left", s, i32(1)), call("right", s, i32(1)))},
		{"replace", "replace(s, 'a', 'b')", call("replace", s, str("a"), str("b"))},
		{"current_date without parentheses", "current_date", call("current_date")},
		{"current_timestamp without parentheses", "CURRENT_TIMESTAMP", call("current_timestamp")},
		{"current_user without parentheses", "current_user", call("current_user")},
		{"current_date with parentheses", "current_date()", call("current_date")},
		{"user is a column", "user", col("user")},
		{"position in", "POSITION('a' IN s)", call("position", str("a"), s)},
		{"position as a call", "position('a', s, 2)", call("position", str("a"), s, i32(2))},
		{"substring from for", "SUBSTRING(s FROM 2 FOR 3)", call("substring", s, i32(2), i32(3))},
		{"substr from", "substr(s FROM 2)", call("substr", s, i32(2))},
		{"substring as a call", "substring(s, 2, 3)", call("substring", s, i32(2), i32(3))},
		{"trim", "trim(s)", call("trim", s)},
		{"trim both", "TRIM(BOTH 'x' FROM s)", call("trim", str("x"), s)},
		{"trim leading", "TRIM(LEADING 'x' FROM s)", call("ltrim", str("x"), s)},
		{"trim trailing without characters", "TRIM(TRAILING FROM s)", call("rtrim", s)},
		{"trim characters from", "TRIM('x' FROM s)", call("trim", str("x"), s)},
		{"trim from", "TRIM(FROM s)", call("trim", s)},
		{"overlay", "OVERLAY(s PLACING 'ab' FROM 2 FOR 1)", call("overlay", s, str("ab"), i32(2), i32(1))},
		{"first ignore nulls", "first(x IGNORE NULLS)", call("first", x, boolean(true))},
		{"shift function names", "shiftleft(x, 1)", call("shiftleft", x, i32(1))},
		{"positional markers count from 0", "coalesce(?, ?)", call("coalesce", &ast.Param{Index: 0}, &ast.Param{Index: 1})},
		{"named marker", ":id", &ast.Param{Index: -1, Name: "id"}},
		{"star", "*", star()},
		{"qualified star", "t.*", &ast.Star{Qualifier: ast.Name{"t"}}},
		{"date_add with two arguments", "date_add(x, 1)", call("date_add", x, i32(1))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, parseExpr(t, tt.expr))
		})
	}
}

func TestMarkers(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		want Markers
	}{
		{"none", "SELECT 1", Markers{}},
		{"positional", "SELECT ? + ? FROM t WHERE a = ? LIMIT ?", Markers{Positional: 4}},
		{"named, distinct in order", "SELECT :b, :a, :b", Markers{Named: []string{"b", "a"}}},
		{"backquoted name", "SELECT :`my id`", Markers{Named: []string{"my id"}}},
		{"cast operator is not a marker", "SELECT x::int FROM t", Markers{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, m, err := ParseWithMarkers(tt.sql)
			assert.NoError(t, err)
			assert.Equal(t, tt.want, m)
		})
	}
}

func TestIntervalLiterals(t *testing.T) {
	tests := []struct {
		sql    string
		micros int64
	}{
		{"SELECT INTERVAL '90' MINUTE", 90 * 60e6},
		{"SELECT INTERVAL 90 MINUTES", 90 * 60e6},
		{"SELECT INTERVAL -1 HOUR", -3600e6},
		{"SELECT INTERVAL 1 DAY 2 HOURS", 26 * 3600e6},
		{"SELECT INTERVAL 1.5 SECONDS", 1.5e6},
		{"SELECT INTERVAL 2 WEEKS", 14 * 24 * 3600e6},
	}
	for _, tt := range tests {
		st, err := Parse(tt.sql)
		require.NoError(t, err, tt.sql)
		lit := st.(*ast.Query).Body.(*ast.Select).Items[0].Expr.(*ast.Literal)
		assert.Equal(t, value.IntervalType, lit.Value.Type, tt.sql)
		assert.Equal(t, tt.micros, lit.Value.I, tt.sql)
	}
	// A sign after the literal is an operator, not the next term.
	st, err := Parse("SELECT INTERVAL 1 DAY - INTERVAL 1 HOUR")
	require.NoError(t, err)
	assert.IsType(t, &ast.Binary{}, st.(*ast.Query).Body.(*ast.Select).Items[0].Expr)
}
