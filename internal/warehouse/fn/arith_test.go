package fn

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

func TestArithmetic(t *testing.T) {
	runCases(t, []caseT{
		// + - * keep the common integral type (spec §5.4).
		{name: "int plus int", fn: "+", args: []value.Value{i32v(1), i32v(2)}, want: "3", typ: "INT"},
		{name: "int plus bigint", fn: "+", args: []value.Value{i32v(1), i64v(2)}, want: "3", typ: "BIGINT"},
		{name: "tinyint plus tinyint", fn: "+", args: []value.Value{i8v(1), i8v(2)}, want: "3", typ: "TINYINT"},
		{name: "smallint times int", fn: "*", args: []value.Value{i16v(300), i32v(3)}, want: "900", typ: "INT"},
		{name: "minus", fn: "-", args: []value.Value{i32v(1), i32v(5)}, want: "-4", typ: "INT"},
		{name: "null operand", fn: "+", args: []value.Value{i32v(1), nullv()}, want: "NULL", typ: "INT"},
		{name: "null plus null is double", fn: "+", args: []value.Value{nullv(), nullv()}, want: "NULL", typ: "DOUBLE"},
		{name: "double", fn: "*", args: []value.Value{f64v(1.5), i32v(2)}, want: "3.0", typ: "DOUBLE"},
		// STRING operands: BIGINT next to an integral, DOUBLE otherwise.
		{name: "string plus int", fn: "+", args: []value.Value{strv("5"), i32v(1)}, want: "6", typ: "BIGINT"},
		{name: "string plus string", fn: "+", args: []value.Value{strv("1"), strv("2")}, want: "3.0", typ: "DOUBLE"},
		{name: "string plus decimal", fn: "+", args: []value.Value{strv("1.5"), decv(t, "1.0")}, want: "2.5", typ: "DOUBLE"},
		{name: "malformed string", fn: "+", args: []value.Value{strv("abc"), i32v(1)}, err: "CAST_INVALID_INPUT"},
		// ANSI overflow (spec §5.1).
		{name: "int overflow", fn: "+", args: []value.Value{i32v(2147483647), i32v(1)}, err: "ARITHMETIC_OVERFLOW"},
		{name: "bigint overflow", fn: "*", args: []value.Value{i64v(math.MaxInt64), i64v(2)}, err: "ARITHMETIC_OVERFLOW"},
		{name: "bigint sub overflow", fn: "-", args: []value.Value{i64v(math.MinInt64), i64v(1)}, err: "ARITHMETIC_OVERFLOW"},
		{name: "tinyint overflow", fn: "+", args: []value.Value{i8v(127), i8v(1)}, err: "BINARY_ARITHMETIC_OVERFLOW"},
		{name: "double never overflows", fn: "*", args: []value.Value{f64v(1e308), f64v(10)}, want: "Infinity", typ: "DOUBLE"},
		// Division (spec §5.4).
		{name: "7/2", fn: "/", args: []value.Value{i32v(7), i32v(2)}, want: "3.5", typ: "DOUBLE"},
		{name: "1/3", fn: "/", args: []value.Value{i32v(1), i32v(3)}, want: "0.3333333333333333", typ: "DOUBLE"},
		{name: "2L/2L", fn: "/", args: []value.Value{i64v(2), i64v(2)}, want: "1.0", typ: "DOUBLE"},
		{name: "divide by zero", fn: "/", args: []value.Value{i32v(3), i32v(0)}, err: "DIVIDE_BY_ZERO"},
		{name: "double divide by zero", fn: "/", args: []value.Value{f64v(3), f64v(0)}, err: "DIVIDE_BY_ZERO"},
		{name: "null divisor", fn: "/", args: []value.Value{i32v(3), nullv()}, want: "NULL"},
		{name: "7 div 2", fn: "div", args: []value.Value{i32v(7), i32v(2)}, want: "3", typ: "BIGINT"},
		{name: "-7 div 2", fn: "div", args: []value.Value{i32v(-7), i32v(2)}, want: "-3", typ: "BIGINT"},
		{name: "decimal div", fn: "div", args: []value.Value{decv(t, "-5.9"), i32v(1)}, want: "-5", typ: "BIGINT"},
		{name: "div by zero", fn: "div", args: []value.Value{i32v(7), i32v(0)}, err: "DIVIDE_BY_ZERO"},
		{name: "div overflow", fn: "div", args: []value.Value{i64v(math.MinInt64), i64v(-1)}, err: "ARITHMETIC_OVERFLOW"},
		// Remainders: sign of the dividend; pmod non-negative.
		{name: "-7 % 3", fn: "%", args: []value.Value{i32v(-7), i32v(3)}, want: "-1", typ: "INT"},
		{name: "7 % -3", fn: "%", args: []value.Value{i32v(7), i32v(-3)}, want: "1"},
		{name: "mod decimal", fn: "mod", args: []value.Value{i32v(2), decv(t, "1.8")}, want: "0.2", typ: "DECIMAL(2,1)"},
		{name: "% by zero", fn: "%", args: []value.Value{i32v(2), i32v(0)}, err: "DIVIDE_BY_ZERO"},
		{name: "double % by zero", fn: "%", args: []value.Value{f64v(2), f64v(0)}, err: "DIVIDE_BY_ZERO"},
		{name: "pmod(10,3)", fn: "pmod", args: []value.Value{i32v(10), i32v(3)}, want: "1"},
		{name: "pmod(-10,3)", fn: "pmod", args: []value.Value{i32v(-10), i32v(3)}, want: "2"},
		{name: "pmod(-7,3)", fn: "pmod", args: []value.Value{i32v(-7), i32v(3)}, want: "2"},
		{name: "pmod by zero", fn: "pmod", args: []value.Value{i32v(-7), i32v(0)}, err: "DIVIDE_BY_ZERO"},
		// Incompatible operands.
		{name: "bool plus int", fn: "+", args: []value.Value{boolv(true), i32v(1)}, err: "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES"},
		{name: "bool plus bool", fn: "+", args: []value.Value{boolv(true), boolv(true)}, err: "DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE"},
		// DATE ± integer is date_add/date_sub.
		{name: "date plus int", fn: "+", args: []value.Value{datev(t, "2024-02-28"), i32v(2)}, want: "2024-03-01", typ: "DATE"},
		{name: "int plus date", fn: "+", args: []value.Value{i32v(1), datev(t, "2024-12-31")}, want: "2025-01-01", typ: "DATE"},
		{name: "date minus int", fn: "-", args: []value.Value{datev(t, "2024-03-01"), i32v(1)}, want: "2024-02-29", typ: "DATE"},
		{name: "date minus date", fn: "-", args: []value.Value{datev(t, "2024-03-01"), datev(t, "2024-02-01")}, err: "UNSUPPORTED_FEATURE"},
		{name: "timestamp plus int", fn: "+", args: []value.Value{tsv(t, "2024-03-01 00:00:00"), i32v(1)}, err: "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES"},
	})
}

func TestDecimalArithmetic(t *testing.T) {
	runCases(t, []caseT{
		// + -: scale max(s1,s2), precision max(p1-s1,p2-s2)+scale+1.
		{name: "add", fn: "+", args: []value.Value{decv(t, "1.25"), decv(t, "10.5")}, want: "11.75", typ: "DECIMAL(5,2)"},
		{name: "sub", fn: "-", args: []value.Value{decv(t, "1.25"), decv(t, "10.5")}, want: "-9.25", typ: "DECIMAL(5,2)"},
		// *: precision p1+p2+1, scale s1+s2.
		{name: "mul", fn: "*", args: []value.Value{decv(t, "1.5"), decv(t, "2.25")}, want: "3.375", typ: "DECIMAL(6,3)"},
		// /: scale max(6, s1+p2+1), precision p1-s1+s2+scale. An integer
		// literal counts with the digits it needs (DECIMAL(1,0) for 3).
		{name: "1.0/3", fn: "/", args: []value.Value{decv(t, "1.0"), i32v(3)}, want: "0.333333", typ: "DECIMAL(7,6)"},
		{name: "decimal/decimal", fn: "/", args: []value.Value{decv(t, "10.00"), decv(t, "4.0")}, want: "2.500000", typ: "DECIMAL(9,6)"},
		{name: "rounds half up", fn: "/", args: []value.Value{decv(t, "2.0"), decv(t, "3")}, want: "0.666667", typ: "DECIMAL(7,6)"},
		{name: "decimal divide by zero", fn: "/", args: []value.Value{decv(t, "1.0"), decv(t, "0.0")}, err: "DIVIDE_BY_ZERO"},
		{name: "decimal with double is double", fn: "+", args: []value.Value{decv(t, "1.5"), f64v(1)}, want: "2.5", typ: "DOUBLE"},
		{name: "decimal and int", fn: "+", args: []value.Value{decv(t, "1.5"), i64v(1)}, want: "2.5", typ: "DECIMAL(3,1)"},
		// A precision above 38 is capped, keeping at least 6 fraction digits.
		{name: "capped precision", fn: "*",
			args: []value.Value{decv(t, "12345678901234567890.123456789"), decv(t, "1.000000001")},
			want: "12345678913580246791.3580246791234568", typ: "DECIMAL(38,16)"},
		{name: "capped to minimum scale", fn: "*",
			args: []value.Value{decT(t, "1.5", 38, 10), decT(t, "2.25", 38, 10)}, want: "3.375000", typ: "DECIMAL(38,6)"},
		{name: "out of range", fn: "*",
			args: []value.Value{decv(t, "99999999999999999999999999999999999999"), decv(t, "10")},
			err:  "NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION"},
		{name: "try_multiply out of range", fn: "try_multiply",
			args: []value.Value{decv(t, "99999999999999999999999999999999999999"), decv(t, "10")}, want: "NULL"},
	})
}

// TestDecimalDivideColumn checks the type of DECIMAL / INT column: the INT
// counts as DECIMAL(10,0) (spec §5.4: 1.0/3 = DECIMAL(13,12) when 3 is not
// a literal).
func TestDecimalDivideColumn(t *testing.T) {
	one := decv(t, "1.0")
	out, err := evalCols(t, "/", col(one.Type, one, one), col(value.IntType, i32v(3), nullv()))
	require.NoError(t, err)
	assert.Equal(t, "DECIMAL(13,12)", out.Type.String())
	assert.Equal(t, []string{"0.333333333333", "NULL"}, rows(out))
}

func TestTryArithmetic(t *testing.T) {
	runCases(t, []caseT{
		{name: "try_add", fn: "try_add", args: []value.Value{i32v(1), i32v(2)}, want: "3", typ: "INT"},
		{name: "try_add overflow", fn: "try_add", args: []value.Value{i32v(2147483647), i32v(1)}, want: "NULL"},
		{name: "try_subtract overflow", fn: "try_subtract", args: []value.Value{i32v(-2147483648), i32v(1)}, want: "NULL"},
		{name: "try_multiply", fn: "try_multiply", args: []value.Value{i32v(6), i32v(2)}, want: "12"},
		{name: "try_multiply overflow", fn: "try_multiply", args: []value.Value{i32v(-2147483648), i32v(10)}, want: "NULL"},
		{name: "try_divide", fn: "try_divide", args: []value.Value{i32v(3), i32v(2)}, want: "1.5", typ: "DOUBLE"},
		{name: "try_divide longs", fn: "try_divide", args: []value.Value{i64v(2), i64v(2)}, want: "1.0"},
		{name: "try_divide by zero", fn: "try_divide", args: []value.Value{i32v(1), i32v(0)}, want: "NULL"},
		{name: "try_mod", fn: "try_mod", args: []value.Value{i32v(3), i32v(2)}, want: "1"},
		{name: "try_mod by zero", fn: "try_mod", args: []value.Value{i32v(2), i32v(0)}, want: "NULL"},
	})
}

// TestOverflowMessages checks the exact Spark texts.
func TestOverflowMessages(t *testing.T) {
	_, _, err := call(t, "+", i32v(2147483647), i32v(1))
	require.Error(t, err)
	assert.Equal(t, `[ARITHMETIC_OVERFLOW] integer overflow. Use 'try_add' to tolerate overflow and return NULL instead. If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error. SQLSTATE: 22003`, err.Error())

	_, _, err = call(t, "*", i64v(math.MaxInt64), i64v(2))
	require.Error(t, err)
	assert.Equal(t, `[ARITHMETIC_OVERFLOW] long overflow. Use 'try_multiply' to tolerate overflow and return NULL instead. If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error. SQLSTATE: 22003`, err.Error())

	_, _, err = call(t, "/", i32v(1), i32v(0))
	require.Error(t, err)
	assert.Equal(t, "[DIVIDE_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead. If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error. SQLSTATE: 22012", err.Error())

	_, _, err = call(t, "+", i8v(127), i8v(1))
	require.Error(t, err)
	assert.Equal(t, "[BINARY_ARITHMETIC_OVERFLOW] 127Y + 1Y caused overflow. Use `try_add` to ignore overflow problem and return NULL. SQLSTATE: 22003", err.Error())

	_, _, err = call(t, "*", decv(t, "99999999999999999999999999999999999999"), decv(t, "10"))
	require.Error(t, err)
	assert.Equal(t, `[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION]  999999999999999999999999999999999999990 cannot be represented as Decimal(38, 0). If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error, and return NULL instead. SQLSTATE: 22003`, err.Error())
}

func TestArithmeticColumns(t *testing.T) {
	a := col(value.IntType, i32v(1), nullv(), i32v(-3), i32v(10))
	b := col(value.IntType, i32v(2), i32v(5), nullv(), i32v(0))
	sum, err := evalCols(t, "+", a, b)
	require.NoError(t, err)
	assert.Equal(t, []string{"3", "NULL", "NULL", "10"}, rows(sum))
	assert.Equal(t, int64(0), sum.I64[1], "NULL slots hold zero")

	// A NULL divisor is not a division by zero; a zero one is.
	_, err = evalCols(t, "%", a, b)
	assert.Equal(t, "DIVIDE_BY_ZERO", errClass(err))
	q, err := evalCols(t, "try_divide", a, b)
	require.NoError(t, err)
	assert.Equal(t, []string{"0.5", "NULL", "NULL", "NULL"}, rows(q))
}

func TestUnaryNumeric(t *testing.T) {
	runCases(t, []caseT{
		{name: "negative", fn: "negative", args: []value.Value{i32v(1)}, want: "-1", typ: "INT"},
		{name: "negative decimal", fn: "negative", args: []value.Value{decv(t, "1.50")}, want: "-1.50", typ: "DECIMAL(3,2)"},
		{name: "negative string", fn: "negative", args: []value.Value{strv("2")}, want: "-2.0", typ: "DOUBLE"},
		{name: "negative tinyint min", fn: "negative", args: []value.Value{i8v(-128)}, err: "ARITHMETIC_OVERFLOW"},
		{name: "negative int min", fn: "negative", args: []value.Value{i32v(math.MinInt32)}, err: "ARITHMETIC_OVERFLOW"},
		{name: "negative date", fn: "negative", args: []value.Value{datev(t, "2024-01-01")}, err: "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE"},
		{name: "positive", fn: "positive", args: []value.Value{i32v(-1)}, want: "-1"},
		{name: "abs", fn: "abs", args: []value.Value{i32v(-1)}, want: "1", typ: "INT"},
		{name: "abs min int", fn: "abs", args: []value.Value{i32v(math.MinInt32)}, err: "ARITHMETIC_OVERFLOW"},
		{name: "abs double", fn: "abs", args: []value.Value{f64v(-2.5)}, want: "2.5"},
		{name: "abs null", fn: "abs", args: []value.Value{nullv()}, want: "NULL", typ: "DOUBLE"},
		{name: "bitwise not", fn: "~", args: []value.Value{i32v(0)}, want: "-1", typ: "INT"},
		{name: "bitwise not tinyint", fn: "~", args: []value.Value{i8v(5)}, want: "-6", typ: "TINYINT"},
		{name: "and", fn: "&", args: []value.Value{i32v(3), i32v(5)}, want: "1"},
		{name: "or", fn: "|", args: []value.Value{i32v(3), i32v(5)}, want: "7"},
		{name: "xor", fn: "^", args: []value.Value{i32v(3), i32v(5)}, want: "6"},
		{name: "and widens", fn: "&", args: []value.Value{i8v(3), i64v(5)}, want: "1", typ: "BIGINT"},
		{name: "and double", fn: "&", args: []value.Value{f64v(3), f64v(5)}, err: "DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE"},
	})
}

func TestMathFunctions(t *testing.T) {
	runCases(t, []caseT{
		{name: "sign", fn: "sign", args: []value.Value{i32v(40)}, want: "1.0", typ: "DOUBLE"},
		{name: "signum negative", fn: "signum", args: []value.Value{f64v(-0.5)}, want: "-1.0"},
		{name: "power", fn: "power", args: []value.Value{i32v(2), i32v(3)}, want: "8.0", typ: "DOUBLE"},
		{name: "pow NaN exponent", fn: "pow", args: []value.Value{f64v(1), f64v(math.NaN())}, want: "NaN"},
		{name: "sqrt", fn: "sqrt", args: []value.Value{i32v(4)}, want: "2.0"},
		{name: "sqrt negative", fn: "sqrt", args: []value.Value{i32v(-1)}, want: "NaN"},
		{name: "exp", fn: "exp", args: []value.Value{i32v(0)}, want: "1.0"},
		{name: "ln", fn: "ln", args: []value.Value{i32v(1)}, want: "0.0"},
		{name: "ln zero", fn: "ln", args: []value.Value{i32v(0)}, want: "NULL"},
		{name: "log10", fn: "log10", args: []value.Value{i32v(10)}, want: "1.0"},
		{name: "log10 1000", fn: "log10", args: []value.Value{i32v(1000)}, want: "3.0"},
		{name: "log2", fn: "log2", args: []value.Value{i32v(2)}, want: "1.0"},
		{name: "log base", fn: "log", args: []value.Value{i32v(10), i32v(100)}, want: "2.0"},
		{name: "log negative", fn: "log", args: []value.Value{i32v(10), i32v(-1)}, want: "NULL"},
		{name: "log natural", fn: "log", args: []value.Value{f64v(math.E)}, want: "1.0"},
		{name: "pi", fn: "pi", want: "3.141592653589793"},
		{name: "isnan", fn: "isnan", args: []value.Value{f64v(math.NaN())}, want: "true"},
		{name: "isnan null", fn: "isnan", args: []value.Value{nullv()}, want: "false"},
		{name: "sqrt of string", fn: "sqrt", args: []value.Value{strv("16")}, want: "4.0"},
		{name: "sqrt of date", fn: "sqrt", args: []value.Value{datev(t, "2024-01-01")}, err: "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE"},
	})
}

func TestRounding(t *testing.T) {
	runCases(t, []caseT{
		// Examples of the Databricks round/bround/floor/ceil pages.
		{name: "round 2.5", fn: "round", args: []value.Value{decv(t, "2.5"), i32v(0)}, want: "3", typ: "DECIMAL(2,0)"},
		{name: "round 25 -1", fn: "round", args: []value.Value{i32v(25), i32v(-1)}, want: "30", typ: "INT"},
		{name: "bround 2.5", fn: "bround", args: []value.Value{decv(t, "2.5"), i32v(0)}, want: "2"},
		{name: "bround 25 -1", fn: "bround", args: []value.Value{i32v(25), i32v(-1)}, want: "20"},
		{name: "round negative half", fn: "round", args: []value.Value{decv(t, "-2.5")}, want: "-3"},
		{name: "round decimal scale", fn: "round", args: []value.Value{decv(t, "3.14159"), i32v(2)}, want: "3.14", typ: "DECIMAL(4,2)"},
		{name: "round decimal negative scale", fn: "round", args: []value.Value{decv(t, "1234.5"), i32v(-2)}, want: "1200", typ: "DECIMAL(5,0)"},
		// Doubles round through their decimal digits: 2.675 → 2.68.
		{name: "round double", fn: "round", args: []value.Value{f64v(2.675), i32v(2)}, want: "2.68", typ: "DOUBLE"},
		{name: "bround double", fn: "bround", args: []value.Value{f64v(2.5)}, want: "2.0"},
		{name: "round NaN", fn: "round", args: []value.Value{f64v(math.NaN()), i32v(1)}, want: "NaN"},
		{name: "round int overflow", fn: "round", args: []value.Value{i32v(2147483647), i32v(-1)}, err: "ARITHMETIC_OVERFLOW"},
		{name: "round null scale", fn: "round", args: []value.Value{i32v(5), value.NullOf(value.IntType)}, want: "NULL"},
		{name: "floor -0.1", fn: "floor", args: []value.Value{decv(t, "-0.1")}, want: "-1", typ: "DECIMAL(1,0)"},
		{name: "floor 5", fn: "floor", args: []value.Value{i32v(5)}, want: "5", typ: "BIGINT"},
		{name: "floor double", fn: "floor", args: []value.Value{f64v(3.7)}, want: "3", typ: "BIGINT"},
		{name: "ceil -0.1", fn: "ceil", args: []value.Value{decv(t, "-0.1")}, want: "0"},
		{name: "ceil 5.4", fn: "ceiling", args: []value.Value{decv(t, "5.4")}, want: "6", typ: "DECIMAL(2,0)"},
		{name: "ceil double", fn: "ceil", args: []value.Value{f64v(-3.7)}, want: "-3", typ: "BIGINT"},
		// floor and ceil with a target scale (Databricks' function reference).
		{name: "floor with scale", fn: "floor", args: []value.Value{decv(t, "5.45"), i32v(1)}, want: "5.4", typ: "DECIMAL(3,1)"},
		{name: "ceil with scale", fn: "ceil", args: []value.Value{decv(t, "5.45"), i32v(1)}, want: "5.5", typ: "DECIMAL(3,1)"},
		{name: "floor negative scale", fn: "floor", args: []value.Value{decv(t, "3.1411"), i32v(-3)}, want: "0"},
		{name: "ceil negative scale", fn: "ceil", args: []value.Value{decv(t, "3.1411"), i32v(-3)}, want: "1000"},
	})
}

func TestRoundScaleMustBeConstant(t *testing.T) {
	_, err := evalCols(t, "round", col(value.DoubleType, f64v(1.5)), col(value.IntType, i32v(0)))
	assert.Equal(t, "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT", errClass(err))
}

func TestWrongNumArgs(t *testing.T) {
	_, _, err := call(t, "substring", strv("abc"))
	require.Error(t, err)
	assert.Equal(t, "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `substring` requires [2, 3] parameters but the actual number is 1. Please, refer to '"+docroot+"' for a fix. SQLSTATE: 42605", err.Error())

	_, _, err = call(t, "abs")
	assert.Equal(t, "WRONG_NUM_ARGS.WITHOUT_SUGGESTION", errClass(err))
	_, _, err = call(t, "greatest", i32v(1))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "The `greatest` requires > 1 parameters but the actual number is 1.")
	_, _, err = call(t, "hash")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "The `hash` requires > 0 parameters but the actual number is 0.")
}

func TestMismatchMessage(t *testing.T) {
	_, _, err := call(t, "+", i32v(1), datev(t, "2020-01-01"))
	require.NoError(t, err, "INT + DATE is date_add")
	_, _, err = call(t, "<", i32v(1), datev(t, "2020-01-01"))
	require.Error(t, err)
	assert.Equal(t, `[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve "(1 < DATE '2020-01-01')" due to data type mismatch: the left and right operands of the binary operator have incompatible types ("INT" and "DATE"). SQLSTATE: 42K09`, err.Error())

	_, _, err = call(t, "abs", datev(t, "2020-01-01"))
	require.Error(t, err)
	assert.Equal(t, `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "abs(DATE '2020-01-01')" due to data type mismatch: The first parameter requires the ("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH") type, however "DATE '2020-01-01'" has the type "DATE". SQLSTATE: 42K09`, err.Error())
}
