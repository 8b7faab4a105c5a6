package parser

import (
	"math"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/ast"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

func bigDec(t *testing.T, digits string, p, s int) value.Value {
	t.Helper()
	b, ok := new(big.Int).SetString(digits, 10)
	require.True(t, ok)
	x, ok := value.Int128FromBig(b)
	require.True(t, ok)
	return value.Dec(x, p, s)
}

// TestNumericLiterals checks literal types against Spark's rules (spec §5.2
// and Spark's lexer and AstBuilder): integers are INT, then BIGINT, then
// DECIMAL(n,0); a decimal point without exponent gives DECIMAL with
// precision max(digits, scale); an exponent gives DOUBLE; suffixes Y S L F D
// BD pick the type, and a minus sign written before a number is part of it.
func TestNumericLiterals(t *testing.T) {
	tests := []struct {
		name string
		expr string
		want value.Value
	}{
		{"int", "1", value.Int32(1)},
		{"int max", "2147483647", value.Int32(math.MaxInt32)},
		{"int min with sign", "-2147483648", value.Int32(math.MinInt32)},
		{"leading zeros", "007", value.Int32(7)},
		{"beyond int is bigint", "2147483648", value.Int64(2147483648)},
		{"bigint max", "9223372036854775807", value.Int64(math.MaxInt64)},
		{"bigint min with sign", "-9223372036854775808", value.Int64(math.MinInt64)},
		{"beyond bigint is decimal", "9223372036854775808", bigDec(t, "9223372036854775808", 19, 0)},
		{"38 digits", "12345678901234567890123456789012345678", bigDec(t, "12345678901234567890123456789012345678", 38, 0)},
		{"decimal", "1.5", value.Dec(value.Int128From(15), 2, 1)},
		{"negative decimal", "-1.5", value.Dec(value.Int128From(-15), 2, 1)},
		{"decimal without integer part", ".5", value.Dec(value.Int128From(5), 1, 1)},
		{"decimal without fraction", "1.", value.Dec(value.Int128From(1), 1, 0)},
		{"decimal smaller than one", "0.05", value.Dec(value.Int128From(5), 2, 2)},
		{"trailing zero counts", "1.50", value.Dec(value.Int128From(150), 3, 2)},
		{"zero decimal", "0.0", value.Dec(value.Int128From(0), 1, 1)},
		{"exponent is double", "1e3", value.Float64(1000)},
		{"negative exponent", "1.5E-2", value.Float64(0.015)},
		{"exponent after point", "1.e3", value.Float64(1000)},
		{"double suffix", "1.5D", value.Float64(1.5)},
		{"double suffix lower case", "2d", value.Float64(2)},
		{"float suffix", "1.5F", value.Value{Type: value.FloatType, F: 1.5}},
		{"float is rounded to float32", "0.1f", value.Value{Type: value.FloatType, F: float64(float32(0.1))}},
		{"tinyint", "10Y", value.IntOf(value.TinyIntType, 10)},
		{"tinyint min", "-128Y", value.IntOf(value.TinyIntType, -128)},
		{"smallint", "10S", value.IntOf(value.SmallIntType, 10)},
		{"smallint max", "32767s", value.IntOf(value.SmallIntType, 32767)},
		{"bigint suffix", "10L", value.Int64(10)},
		{"bigint min suffix", "-9223372036854775808L", value.Int64(math.MinInt64)},
		{"bigdecimal", "1.5BD", value.Dec(value.Int128From(15), 2, 1)},
		{"bigdecimal integer", "10BD", value.Dec(value.Int128From(10), 2, 0)},
		{"bigdecimal small", "0.001BD", value.Dec(value.Int128From(1), 3, 3)},
		{"bigdecimal exponent has no negative scale", "1.5e2BD", value.Dec(value.Int128From(150), 3, 0)},
		{"1E10BD is DECIMAL(11,0)", "1E10BD", value.Dec(value.Int128From(10000000000), 11, 0)},
		{"underflow is zero", "1.0E-400", value.Float64(0)},
		{"largest double", "1.7976931348623157E308D", value.Float64(math.MaxFloat64)},
		{"largest float", "3.4028234E38F", value.Value{Type: value.FloatType, F: float64(float32(3.4028234e38))}},
		{"true", "TRUE", value.Bool(true)},
		{"false", "false", value.Bool(false)},
		{"null", "NULL", value.NullOf(value.VoidType)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, lit(tt.want), parseExpr(t, tt.expr))
		})
	}
}

func TestNegativeZeroDouble(t *testing.T) {
	e := parseExpr(t, "-0.0D")
	l, ok := e.(*ast.Literal)
	require.True(t, ok)
	assert.True(t, math.Signbit(l.Value.F))
}

// TestLiteralErrors checks the range errors Spark's parser raises.
func TestLiteralErrors(t *testing.T) {
	tests := []struct {
		name string
		expr string
		want string
	}{
		{"tinyint above", "128Y", "[INVALID_NUMERIC_LITERAL_RANGE] Numeric literal 128 is outside the valid range for tinyint with minimum value of -128 and maximum value of 127. Please adjust the value accordingly. SQLSTATE: 22003"},
		{"tinyint below", "-129Y", "[INVALID_NUMERIC_LITERAL_RANGE] Numeric literal -129 is outside the valid range for tinyint with minimum value of -128 and maximum value of 127. Please adjust the value accordingly. SQLSTATE: 22003"},
		{"smallint above", "32768S", "[INVALID_NUMERIC_LITERAL_RANGE] Numeric literal 32768 is outside the valid range for smallint with minimum value of -32768 and maximum value of 32767. Please adjust the value accordingly. SQLSTATE: 22003"},
		{"bigint above", "9223372036854775808L", "[INVALID_NUMERIC_LITERAL_RANGE] Numeric literal 9223372036854775808 is outside the valid range for bigint with minimum value of -9223372036854775808 and maximum value of 9223372036854775807. Please adjust the value accordingly. SQLSTATE: 22003"},
		{"double above", "1.8E308D", "[INVALID_NUMERIC_LITERAL_RANGE] Numeric literal 1.8E308 is outside the valid range for double with minimum value of -1.7976931348623157E+308 and maximum value of 1.7976931348623157E+308. Please adjust the value accordingly. SQLSTATE: 22003"},
		{"double below", "-1.8E308D", "[INVALID_NUMERIC_LITERAL_RANGE] Numeric literal -1.8E308 is outside the valid range for double with minimum value of -1.7976931348623157E+308 and maximum value of 1.7976931348623157E+308. Please adjust the value accordingly. SQLSTATE: 22003"},
		{"exponent above double", "1.8E308", "[INVALID_NUMERIC_LITERAL_RANGE] Numeric literal 1.8E308 is outside the valid range for double with minimum value of -1.7976931348623157E+308 and maximum value of 1.7976931348623157E+308. Please adjust the value accordingly. SQLSTATE: 22003"},
		{"double just above that rounds to max", "1.7976931348623158E308D", "[INVALID_NUMERIC_LITERAL_RANGE] Numeric literal 1.7976931348623158E308 is outside the valid range for double with minimum value of -1.7976931348623157E+308 and maximum value of 1.7976931348623157E+308. Please adjust the value accordingly. SQLSTATE: 22003"},
		{"float above", "3.5E38F", "[INVALID_NUMERIC_LITERAL_RANGE] Numeric literal 3.5E38 is outside the valid range for float with minimum value of -3.4028234663852886E+38 and maximum value of 3.4028234663852886E+38. Please adjust the value accordingly. SQLSTATE: 22003"},
		{"float just above that rounds to max", "3.4028235E38F", "[INVALID_NUMERIC_LITERAL_RANGE] Numeric literal 3.4028235E38 is outside the valid range for float with minimum value of -3.4028234663852886E+38 and maximum value of 3.4028234663852886E+38. Please adjust the value accordingly. SQLSTATE: 22003"},
		{"more than 38 digits", "123456789012345678901234567890123456789.0", "[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision 40 exceeds max precision 38. SQLSTATE: 22003"},
		{"integer of 39 digits", "123456789012345678901234567890123456789", "[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision 39 exceeds max precision 38. SQLSTATE: 22003"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("SELECT " + tt.expr)
			assert.EqualError(t, err, tt.want)
		})
	}
}

// TestStringLiterals checks Spark's string literal rules: backslash escapes
// (unescapeSQLString), adjacent literals concatenated (Spark has no
// doubled-quote escape, so two quotes end one literal and start the next),
// double quotes delimiting strings and raw strings without escapes.
func TestStringLiterals(t *testing.T) {
	tests := []struct {
		name string
		expr string
		want string
	}{
		{"plain", `'abc'`, "abc"},
		{"double quoted", `"abc"`, "abc"},
		{"adjacent literals concatenate", `'a' 'b' "c"`, "abc"},
		{"doubled quote is two literals", `'a''b'`, "ab"},
		{"escaped quote", `'it\'s'`, "it's"},
		{"escaped double quote", `"say \"hi\""`, `say "hi"`},
		{"control escapes", `'\n\t\r\b\0\Z'`, "\n\t\r\b\x00\x1a"},
		{"backslash", `'a\\b'`, `a\b`},
		{"percent and underscore keep the backslash", `'\%\_'`, `\%\_`},
		{"unknown escape is the character", `'\x\q'`, "xq"},
		{"unicode escape", `'\u0041\u00e9'`, "Aé"},
		{"surrogate pair", `'\uD83D\uDE00'`, "😀"},
		{"32-bit unicode escape", `'\U0001F600'`, "😀"},
		{"octal escape", `'\101\060'`, "A0"},
		{"octal needs a leading 0 or 1", `'\234'`, "234"},
		{"short unicode escape is a u", `'\u12'`, "u12"},
		{"raw string", `r'\n\u0041'`, `\n\u0041`},
		{"raw double-quoted string", `R"a'b"`, "a'b"},
		{"quote of the other kind", `'say "hi"'`, `say "hi"`},
		{"multi-byte text", `'日本'`, "日本"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, str(tt.want), parseExpr(t, tt.expr))
		})
	}
}

func TestTypedLiterals(t *testing.T) {
	tests := []struct {
		name string
		expr string
		want ast.Expr
	}{
		{"date", "DATE '2024-01-02'", &ast.TypedLiteral{Type: value.DateType, Text: "2024-01-02"}},
		{"timestamp", "timestamp '2024-01-02 03:04:05'", &ast.TypedLiteral{Type: value.TimestampType, Text: "2024-01-02 03:04:05"}},
		{"timestamp_ltz is timestamp", "TIMESTAMP_LTZ '2024-01-02'", &ast.TypedLiteral{Type: value.TimestampType, Text: "2024-01-02"}},
		{"escapes apply", `DATE '2024\-01-02'`, &ast.TypedLiteral{Type: value.DateType, Text: "2024-01-02"}},
		{"date is also a column name", "date", col("date")},
		{"date is also a function", "date(x)", call("date", col("x"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, parseExpr(t, tt.expr))
		})
	}
}

// TestLexerWords checks Spark's longest-match rule between identifiers and
// numbers: 1a and 1e3L are identifiers, 1e3 is a number.
func TestLexerWords(t *testing.T) {
	tests := []struct {
		name string
		expr string
		want ast.Expr
	}{
		{"leading digit identifier", "1a", col("1a")},
		{"exponent then letter", "1e3L", col("1e3L")},
		{"suffix then letter", "10Lx", col("10Lx")},
		{"underscore start", "_x1", col("_x1")},
		{"backquoted with doubled backquote", "`a``b`", col("a`b")},
		{"backquoted dot is part of the name", "`a.b`", col("a.b")},
		{"backquoted keyword", "`select`", col("select")},
		{"backquoted unicode", "`é t`", col("é t")},
		{"qualified", "c.s.t.x", col("c", "s", "t", "x")},
		{"keyword after a dot", "t.from", col("t", "from")},
		{"keywords are case-insensitive", "NuLl", null()},
		{"hint comment is ignored", "/*+ BROADCAST(t) */ 1", i32(1)},
		{"nested comment", "/* a /* b */ c */ 1", i32(1)},
		{"line comment", "1 -- one\n", i32(1)},
		{"unicode whitespace", "\u00a01\u3000", i32(1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, parseExpr(t, tt.expr))
		})
	}
}
