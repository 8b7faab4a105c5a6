package value

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
)

// Expected values come from the Databricks cast function page (examples
// section), Spark's Cast.scala / DateTimeUtils rules and error-conditions.json
// templates, and the spec (§5.1, §5.5); error texts are the Spark 4 templates.

func fl(f float64) Value { return Value{Type: FloatType, F: RoundFloat32(f)} }
func ts(t *testing.T, s string) Value {
	t.Helper()
	m, ok := ParseTimestamp(s, time.UTC)
	require.True(t, ok, s)
	return IntOf(TimestampType, m)
}
func date(t *testing.T, s string) Value {
	t.Helper()
	d, ok := ParseDate(s)
	require.True(t, ok, s)
	return IntOf(DateType, d)
}
func dec(unscaled int64, p, s int) Value { return Dec(Int128From(unscaled), p, s) }

var (
	tinyT  = TinyIntType
	smallT = SmallIntType
	dec20  = DecimalType(2, 0)
	dec10  = DecimalType(1, 0)
)

func errClass(err error) string {
	var e *errclass.Error
	if errors.As(err, &e) {
		return e.Class
	}
	return ""
}

func TestCastValueSuccess(t *testing.T) {
	negZero := math.Copysign(0, -1)
	tests := []struct {
		name string
		x    Value
		to   Type
		want Value
	}{
		// Databricks cast examples.
		{"5.6 AS INT truncates", dec(56, 2, 1), IntType, Int32(5)},
		{"5.6 AS DECIMAL(2,0) rounds", dec(56, 2, 1), dec20, dec(6, 2, 0)},
		{"-5.6 AS INT truncates", dec(-56, 2, 1), IntType, Int32(-5)},
		{"-5.6 AS DECIMAL(2,0) rounds", dec(-56, 2, 1), dec20, dec(-6, 2, 0)},
		{"'123' AS INT", Str("123"), IntType, Int32(123)},
		{"TRUE AS INT", Bool(true), IntType, Int32(1)},
		{"FALSE AS INT", Bool(false), IntType, Int32(0)},
		{"TIMESTAMP 1s AS BIGINT", IntOf(TimestampType, 1_000_000), BigIntType, Int64(1)},
		{"TIMESTAMP 1µs AS DOUBLE", IntOf(TimestampType, 1), DoubleType, Float64(1e-6)},
		// HALF_UP when the scale shrinks.
		{"2.5 AS DECIMAL(1,0)", dec(25, 2, 1), dec10, dec(3, 1, 0)},
		{"-2.5 AS DECIMAL(1,0)", dec(-25, 2, 1), dec10, dec(-3, 1, 0)},
		{"2.4 AS DECIMAL(1,0)", dec(24, 2, 1), dec10, dec(2, 1, 0)},
		{"1.005 AS DECIMAL(3,2)", dec(1005, 4, 3), DecimalType(3, 2), dec(101, 3, 2)},
		{"decimal widening keeps value", dec(150, 3, 2), DecimalType(10, 4), dec(15000, 10, 4)},
		// Strings to numbers: trimmed, sign, Java double syntax.
		{"' 12 ' AS INT", Str(" 12 "), IntType, Int32(12)},
		{"'\\t-7\\n' AS BIGINT", Str("\t-7\n"), BigIntType, Int64(-7)},
		{"'+5' AS TINYINT", Str("+5"), tinyT, IntOf(tinyT, 5)},
		{"'-9223372036854775808' AS BIGINT", Str("-9223372036854775808"), BigIntType, Int64(math.MinInt64)},
		{"'007' AS SMALLINT", Str("007"), smallT, IntOf(smallT, 7)},
		{"'1.5' AS DOUBLE", Str("1.5"), DoubleType, Float64(1.5)},
		{"' 1e3 ' AS DOUBLE", Str(" 1e3 "), DoubleType, Float64(1000)},
		{"'.5' AS DOUBLE", Str(".5"), DoubleType, Float64(0.5)},
		{"'5.' AS DOUBLE", Str("5."), DoubleType, Float64(5)},
		{"'1.5d' AS DOUBLE (Java suffix)", Str("1.5d"), DoubleType, Float64(1.5)},
		{"'0x1p3' AS DOUBLE (Java hex)", Str("0x1p3"), DoubleType, Float64(8)},
		{"'1e999' AS DOUBLE is Infinity", Str("1e999"), DoubleType, Float64(math.Inf(1))},
		{"'Infinity' AS DOUBLE", Str("Infinity"), DoubleType, Float64(math.Inf(1))},
		{"'-inf' AS DOUBLE", Str("-inf"), DoubleType, Float64(math.Inf(-1))},
		{"'INF' AS DOUBLE", Str("INF"), DoubleType, Float64(math.Inf(1))},
		{"'0.1' AS FLOAT rounds once to float32", Str("0.1"), FloatType, fl(0.1)},
		{"'1.25' AS DECIMAL(2,1) rounds half up", Str("1.25"), DecimalType(2, 1), dec(13, 2, 1)},
		{"'-1.25' AS DECIMAL(2,1)", Str("-1.25"), DecimalType(2, 1), dec(-13, 2, 1)},
		{"' 1e2 ' AS DECIMAL(5,2)", Str(" 1e2 "), DecimalType(5, 2), dec(10000, 5, 2)},
		{"'.5' AS DECIMAL(1,1)", Str(".5"), DecimalType(1, 1), dec(5, 1, 1)},
		{"'0.004' AS DECIMAL(2,2) rounds to 0", Str("0.004"), DecimalType(2, 2), dec(0, 2, 2)},
		{"'0.005' AS DECIMAL(2,2) rounds to 0.01", Str("0.005"), DecimalType(2, 2), dec(1, 2, 2)},
		{"'1e-50' AS DECIMAL(10,2) is 0", Str("1e-50"), DecimalType(10, 2), dec(0, 10, 2)},
		{"38 nines AS DECIMAL(38,0)", Str("99999999999999999999999999999999999999"), DecimalType(38, 0),
			Dec(mustBig(t, "99999999999999999999999999999999999999"), 38, 0)},
		// Booleans.
		{"'t' AS BOOLEAN", Str("t"), BooleanType, Bool(true)},
		{"' YES ' AS BOOLEAN", Str(" YES "), BooleanType, Bool(true)},
		{"'1' AS BOOLEAN", Str("1"), BooleanType, Bool(true)},
		{"'False' AS BOOLEAN", Str("False"), BooleanType, Bool(false)},
		{"'n' AS BOOLEAN", Str("n"), BooleanType, Bool(false)},
		{"'0' AS BOOLEAN", Str("0"), BooleanType, Bool(false)},
		{"0 AS BOOLEAN", Int32(0), BooleanType, Bool(false)},
		{"5 AS BOOLEAN", Int32(5), BooleanType, Bool(true)},
		{"0.0D AS BOOLEAN", Float64(0), BooleanType, Bool(false)},
		{"NaN AS BOOLEAN is true", Float64(math.NaN()), BooleanType, Bool(true)},
		{"0.00BD AS BOOLEAN", dec(0, 3, 2), BooleanType, Bool(false)},
		{"TRUE AS DOUBLE", Bool(true), DoubleType, Float64(1)},
		{"TRUE AS DECIMAL(1,0)", Bool(true), dec10, dec(1, 1, 0)},
		// Numeric narrowing and floating point.
		{"127 AS TINYINT", Int32(127), tinyT, IntOf(tinyT, 127)},
		{"-128 AS TINYINT", Int32(-128), tinyT, IntOf(tinyT, -128)},
		{"2147483647L AS INT", Int64(math.MaxInt32), IntType, Int32(math.MaxInt32)},
		{"1.9D AS INT truncates", Float64(1.9), IntType, Int32(1)},
		{"-1.9D AS INT truncates", Float64(-1.9), IntType, Int32(-1)},
		{"2147483647.9D AS INT", Float64(2147483647.9), IntType, Int32(math.MaxInt32)},
		{"2^63 AS BIGINT saturates like Java", Float64(9.223372036854775807e18), BigIntType, Int64(math.MaxInt64)},
		{"1e40D AS FLOAT is Infinity", Float64(1e40), FloatType, fl(math.Inf(1))},
		{"0.1D AS FLOAT", Float64(0.1), FloatType, fl(0.1)},
		{"FLOAT 0.1 AS DOUBLE keeps the float value", fl(0.1), DoubleType, Float64(float64(float32(0.1)))},
		{"BIGINT max AS DOUBLE", Int64(math.MaxInt64), DoubleType, Float64(9.223372036854775807e18)},
		{"16777217 AS FLOAT rounds to even", Int32(16777217), FloatType, fl(16777216)},
		{"1.50BD AS DOUBLE", dec(150, 3, 2), DoubleType, Float64(1.5)},
		{"0.1BD AS FLOAT", dec(1, 1, 1), FloatType, fl(0.1)},
		{"big decimal AS DOUBLE", Dec(mustBig(t, "12345678901234567890123"), 23, 3), DoubleType, Float64(12345678901234567890.123)},
		{"1.5D AS DECIMAL(2,1)", Float64(1.5), DecimalType(2, 1), dec(15, 2, 1)},
		{"0.125D AS DECIMAL(3,2) rounds half up", Float64(0.125), DecimalType(3, 2), dec(13, 3, 2)},
		{"FLOAT 0.1 AS DECIMAL(20,18) goes through double", fl(0.1), DecimalType(20, 18), dec(100000001490116120, 20, 18)},
		{"12 AS DECIMAL(4,2)", Int32(12), DecimalType(4, 2), dec(1200, 4, 2)},
		{"BIGINT max AS DECIMAL(38,18)", Int64(math.MaxInt64), DecimalType(38, 18),
			Dec(mustBig(t, "9223372036854775807000000000000000000"), 38, 18)},
		{"NaN AS DECIMAL is NULL even in ANSI", Float64(math.NaN()), DecimalType(5, 2), NullOf(DecimalType(5, 2))},
		{"Infinity AS DECIMAL is NULL", Float64(math.Inf(1)), DecimalType(5, 2), NullOf(DecimalType(5, 2))},
		// Strings out.
		{"5 AS STRING", Int32(5), StringType, Str("5")},
		{"12.3450BD AS STRING keeps the scale", dec(123450, 6, 4), StringType, Str("12.3450")},
		{"1.50BD AS STRING", dec(150, 3, 2), StringType, Str("1.50")},
		{"-0.005BD AS STRING", dec(-5, 3, 3), StringType, Str("-0.005")},
		{"TRUE AS STRING", Bool(true), StringType, Str("true")},
		{"1.5D AS STRING", Float64(1.5), StringType, Str("1.5")},
		{"1e10D AS STRING", Float64(1e10), StringType, Str("1.0E10")},
		{"-0.0D AS STRING", Float64(negZero), StringType, Str("-0.0")},
		{"FLOAT 0.1 AS STRING", fl(0.1), StringType, Str("0.1")},
		{"DATE AS STRING", date(t, "2022-01-01"), StringType, Str("2022-01-01")},
		{"TIMESTAMP AS STRING", ts(t, "2024-01-02 03:04:05"), StringType, Str("2024-01-02 03:04:05")},
		{"TIMESTAMP with fraction AS STRING", ts(t, "2024-01-02 03:04:05.120"), StringType, Str("2024-01-02 03:04:05.12")},
		{"STRING AS STRING", Str("x"), StringType, Str("x")},
		// Dates and timestamps.
		{"'2022-02-01' AS DATE", Str("2022-02-01"), DateType, date(t, "2022-02-01")},
		{"'2024-1-5 junk' AS DATE ignores the time part", Str("2024-1-5 junk"), DateType, date(t, "2024-01-05")},
		{"'2024-01-05T10:00' AS DATE", Str("2024-01-05T10:00"), DateType, date(t, "2024-01-05")},
		{"'2024' AS DATE", Str("2024"), DateType, date(t, "2024-01-01")},
		{"TIMESTAMP AS DATE", ts(t, "2024-01-02 23:59:59.999999"), DateType, date(t, "2024-01-02")},
		{"pre-epoch TIMESTAMP AS DATE floors", IntOf(TimestampType, -1), DateType, date(t, "1969-12-31")},
		{"DATE AS TIMESTAMP", date(t, "2022-02-01"), TimestampType, ts(t, "2022-02-01 00:00:00")},
		{"'2024-01-02 03:04:05' AS TIMESTAMP", Str("2024-01-02 03:04:05"), TimestampType, IntOf(TimestampType, 1704164645_000000)},
		{"3600 AS TIMESTAMP", Int32(3600), TimestampType, ts(t, "1970-01-01 01:00:00")},
		{"1.5D AS TIMESTAMP", Float64(1.5), TimestampType, IntOf(TimestampType, 1_500_000)},
		{"-1.5BD AS TIMESTAMP truncates", dec(-15, 2, 1), TimestampType, IntOf(TimestampType, -1_500_000)},
		{"huge BIGINT AS TIMESTAMP saturates like Spark", Int64(math.MaxInt64), TimestampType, IntOf(TimestampType, math.MaxInt64)},
		{"TIMESTAMP AS INT floors seconds", IntOf(TimestampType, -1), IntType, Int32(-1)},
		{"TIMESTAMP AS DECIMAL(10,3)", IntOf(TimestampType, 1_500_000), DecimalType(10, 3), dec(1500, 10, 3)},
		// VOID.
		{"NULL AS INT", NullOf(VoidType), IntType, NullOf(IntType)},
		{"typed NULL AS STRING", NullOf(IntType), StringType, NullOf(StringType)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CastValue(tt.x, tt.to, false)
			require.NoError(t, err)
			assertValue(t, tt.want, got)
			// The vector path must agree with the scalar one.
			vec, err := Cast(vectorOf(tt.x, 3), tt.to, false)
			require.NoError(t, err)
			for i := range 3 {
				assertValue(t, tt.want, vec.Get(i))
			}
		})
	}
}

func mustBig(t *testing.T, s string) Int128 {
	t.Helper()
	d, ok := parseDecLit(s)
	require.True(t, ok)
	u, f := d.toDecimal(38, 0)
	require.Equal(t, castOK, f)
	return u
}

// vectorOf returns n copies of x with a NULL row in the middle, to check that
// NULLs pass through.
func vectorOf(x Value, n int) *Vector {
	b := NewBuilder(x.Type, n+1)
	for i := range n {
		if i == 1 {
			b.Append(NullOf(x.Type))
		}
		b.Append(x)
	}
	v := b.Build()
	// Drop the NULL row again through Gather so indexes 0..n-1 hold x.
	idx := make([]int, 0, n)
	for i := 0; i <= n; i++ {
		if i != 1 {
			idx = append(idx, i)
		}
	}
	return Concat(x.Type, v.Gather(idx), v.Slice(1, 2))
}

func assertValue(t *testing.T, want, got Value) {
	t.Helper()
	assert.Equal(t, want.Type, got.Type, "type")
	assert.Equal(t, want.Null, got.Null, "null")
	if want.Null || got.Null {
		return
	}
	switch want.Type.Physical() {
	case PhysFloat:
		if math.IsNaN(want.F) {
			assert.True(t, math.IsNaN(got.F), "want NaN, got %v", got.F)
		} else {
			assert.Equal(t, want.F, got.F)
			assert.Equal(t, math.Signbit(want.F), math.Signbit(got.F), "sign of %v", got.F)
		}
	case PhysDecimal:
		assert.Equal(t, want.D, got.D, "want %s got %s", want.D.Big(), got.D.Big())
	default:
		assert.Equal(t, want.I, got.I)
		assert.Equal(t, want.S, got.S)
	}
}

const (
	malformed = " because it is malformed. Correct the value as per the syntax, or change its target type. " +
		"Use `try_cast` to tolerate malformed input and return NULL instead. SQLSTATE: 22018"
	overflow    = " due to an overflow. Use `try_cast` to tolerate overflow and return NULL instead. SQLSTATE: 22003"
	outOfRange  = ". If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error, and return NULL instead. SQLSTATE: 22003"
	invalidHead = "[CAST_INVALID_INPUT] The value "
	overHead    = "[CAST_OVERFLOW] The value "
	rangeHead   = "[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION] "
)

func TestCastValueErrors(t *testing.T) {
	tests := []struct {
		name string
		x    Value
		to   Type
		want string
	}{
		// Spec §5.1.
		{"'abc' AS INT", Str("abc"), IntType, invalidHead + `'abc' of the type "STRING" cannot be cast to "INT"` + malformed},
		{"2147483648L AS INT", Int64(2147483648), IntType, overHead + `2147483648L of the type "BIGINT" cannot be cast to "INT"` + overflow},
		{"1e40D AS INT", Float64(1e40), IntType, overHead + `1.0E40D of the type "DOUBLE" cannot be cast to "INT"` + overflow},
		{"'x' AS DATE", Str("x"), DateType, invalidHead + `'x' of the type "STRING" cannot be cast to "DATE"` + malformed},
		{"'maybe' AS BOOLEAN", Str("maybe"), BooleanType, invalidHead + `'maybe' of the type "STRING" cannot be cast to "BOOLEAN"` + malformed},
		// Databricks cast examples: overflow and invalid format.
		{"128 AS TINYINT", Int32(128), tinyT, overHead + `128 of the type "INT" cannot be cast to "TINYINT"` + overflow},
		{"128 AS DECIMAL(2,0)", Int32(128), dec20, rangeHead + `128 cannot be represented as Decimal(2, 0)` + outOfRange},
		{"'123.0' AS INT", Str("123.0"), IntType, invalidHead + `'123.0' of the type "STRING" cannot be cast to "INT"` + malformed},
		{"TIMESTAMP 2022-02-01 AS SMALLINT", ts(t, "2022-02-01 00:00:00"), smallT,
			overHead + `TIMESTAMP '2022-02-01 00:00:00' of the type "TIMESTAMP" cannot be cast to "SMALLINT"` + overflow},
		// Spark: string→integral failures, overflow included, are malformed input.
		{"'1.5' AS INT", Str("1.5"), IntType, invalidHead + `'1.5' of the type "STRING" cannot be cast to "INT"` + malformed},
		{"'128' AS TINYINT", Str("128"), tinyT, invalidHead + `'128' of the type "STRING" cannot be cast to "TINYINT"` + malformed},
		{"'9223372036854775808' AS BIGINT", Str("9223372036854775808"), BigIntType,
			invalidHead + `'9223372036854775808' of the type "STRING" cannot be cast to "BIGINT"` + malformed},
		{"'' AS INT", Str(""), IntType, invalidHead + `'' of the type "STRING" cannot be cast to "INT"` + malformed},
		{"'-' AS INT", Str("-"), IntType, invalidHead + `'-' of the type "STRING" cannot be cast to "INT"` + malformed},
		{"'1e3' AS INT", Str("1e3"), IntType, invalidHead + `'1e3' of the type "STRING" cannot be cast to "INT"` + malformed},
		{"quote escaped", Str(`it's`), IntType, invalidHead + `'it\'s' of the type "STRING" cannot be cast to "INT"` + malformed},
		{"'1,5' AS DOUBLE", Str("1,5"), DoubleType, invalidHead + `'1,5' of the type "STRING" cannot be cast to "DOUBLE"` + malformed},
		{"'1_000' AS DOUBLE", Str("1_000"), DoubleType, invalidHead + `'1_000' of the type "STRING" cannot be cast to "DOUBLE"` + malformed},
		{"'nan' AS FLOAT ok but 'nanx' not", Str("nanx"), FloatType, invalidHead + `'nanx' of the type "STRING" cannot be cast to "FLOAT"` + malformed},
		{"'abc' AS DECIMAL(10,2)", Str("abc"), DecimalType(10, 2),
			invalidHead + `'abc' of the type "STRING" cannot be cast to "DECIMAL(10,2)"` + malformed},
		{"'2024-13-01' AS DATE", Str("2024-13-01"), DateType, invalidHead + `'2024-13-01' of the type "STRING" cannot be cast to "DATE"` + malformed},
		{"'2023-02-29' AS DATE", Str("2023-02-29"), DateType, invalidHead + `'2023-02-29' of the type "STRING" cannot be cast to "DATE"` + malformed},
		{"'2024-01-01 25:00:00' AS TIMESTAMP", Str("2024-01-01 25:00:00"), TimestampType,
			invalidHead + `'2024-01-01 25:00:00' of the type "STRING" cannot be cast to "TIMESTAMP"` + malformed},
		// Numeric overflow.
		{"-129 AS TINYINT", Int32(-129), tinyT, overHead + `-129 of the type "INT" cannot be cast to "TINYINT"` + overflow},
		{"40000S? no: 40000 AS SMALLINT", Int32(40000), smallT, overHead + `40000 of the type "INT" cannot be cast to "SMALLINT"` + overflow},
		{"300S AS TINYINT", IntOf(smallT, 300), tinyT, overHead + `300S of the type "SMALLINT" cannot be cast to "TINYINT"` + overflow},
		{"NaN AS INT", Float64(math.NaN()), IntType, overHead + `NaN of the type "DOUBLE" cannot be cast to "INT"` + overflow},
		{"-Infinity AS BIGINT", Float64(math.Inf(-1)), BigIntType, overHead + `-Infinity of the type "DOUBLE" cannot be cast to "BIGINT"` + overflow},
		{"FLOAT 1e10 AS INT (no suffix)", fl(1e10), IntType, overHead + `1.0E10 of the type "FLOAT" cannot be cast to "INT"` + overflow},
		{"decimal AS TINYINT", dec(12850, 5, 2), tinyT, overHead + `128.50BD of the type "DECIMAL(5,2)" cannot be cast to "TINYINT"` + overflow},
		{"decimal precision exceeded", dec(12345, 5, 2), DecimalType(4, 2), rangeHead + `123.45 cannot be represented as Decimal(4, 2)` + outOfRange},
		{"rounding pushes over precision", dec(9995, 4, 3), DecimalType(3, 2), rangeHead + `9.995 cannot be represented as Decimal(3, 2)` + outOfRange},
		{"'123.45' AS DECIMAL(4,2)", Str("123.45"), DecimalType(4, 2), rangeHead + `123.45 cannot be represented as Decimal(4, 2)` + outOfRange},
		{"'0012.50' AS DECIMAL(1,0)", Str("0012.50"), dec10, rangeHead + `12.50 cannot be represented as Decimal(1, 0)` + outOfRange},
		{"1e10D AS DECIMAL(5,2)", Float64(1e10), DecimalType(5, 2), rangeHead + `10000000000 cannot be represented as Decimal(5, 2)` + outOfRange},
		{"123.0D AS DECIMAL(2,0)", Float64(123), dec20, rangeHead + `123.0 cannot be represented as Decimal(2, 0)` + outOfRange},
		{"TRUE AS DECIMAL(1,1)", Bool(true), DecimalType(1, 1), rangeHead + `1 cannot be represented as Decimal(1, 1)` + outOfRange},
		{"'1e39' has too many digits", Str("1e39"), DecimalType(10, 0),
			"[NUMERIC_OUT_OF_SUPPORTED_RANGE] The value 1e39 cannot be interpreted as a numeric since it has more than 38 digits. SQLSTATE: 22003"},
		// Datetime overflow.
		{"NaN AS TIMESTAMP", Float64(math.NaN()), TimestampType, invalidHead + `NaN of the type "DOUBLE" cannot be cast to "TIMESTAMP"` + malformed},
		{"1e300D AS TIMESTAMP", Float64(1e300), TimestampType, overHead + `1.0E306D of the type "DOUBLE" cannot be cast to "BIGINT"` + overflow},
		{"huge DATE AS TIMESTAMP", date(t, "9999999-12-31"), TimestampType,
			overHead + `DATE '+9999999-12-31' of the type "DATE" cannot be cast to "TIMESTAMP"` + overflow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := CastValue(tt.x, tt.to, false)
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())

			got, err := CastValue(tt.x, tt.to, true)
			require.NoError(t, err, "TRY_CAST tolerates it")
			assert.True(t, got.Null)
			assert.Equal(t, tt.to, got.Type)

			_, err = Cast(vectorOf(tt.x, 3), tt.to, false)
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error(), "vector path")

			vec, err := Cast(vectorOf(tt.x, 3), tt.to, true)
			require.NoError(t, err)
			for i := range vec.Len() {
				assert.True(t, vec.IsNull(i), "row %d", i)
			}
		})
	}
}

func TestCastUnsupportedFailsEvenWithTry(t *testing.T) {
	for _, s := range []string{"10:00:00", "T10:00:00", "12:30"} {
		for _, try := range []bool{false, true} {
			_, err := CastValue(Str(s), TimestampType, try)
			require.Error(t, err, s)
			assert.Equal(t, "UNSUPPORTED_FEATURE", errClass(err), s)
		}
	}
}

func TestCastMismatch(t *testing.T) {
	tests := []struct {
		name     string
		from, to Type
		try      bool
		want     string
	}{
		{"DATE AS INT", DateType, IntType, false,
			"[DATATYPE_MISMATCH.CAST_WITH_FUNC_SUGGESTION] Cannot resolve \"CAST(d AS INT)\" due to data type mismatch: " +
				"cannot cast \"DATE\" to \"INT\".\nTo convert values from \"DATE\" to \"INT\", you can use the functions `UNIX_DATE` instead. SQLSTATE: 42K09"},
		{"INT AS DATE", IntType, DateType, false,
			"[DATATYPE_MISMATCH.CAST_WITH_FUNC_SUGGESTION] Cannot resolve \"CAST(d AS DATE)\" due to data type mismatch: " +
				"cannot cast \"INT\" to \"DATE\".\nTo convert values from \"INT\" to \"DATE\", you can use the functions `DATE_FROM_UNIX_DATE` instead. SQLSTATE: 42K09"},
		{"DATE AS BOOLEAN", DateType, BooleanType, false,
			"[DATATYPE_MISMATCH.CAST_WITH_CONF_SUGGESTION] Cannot resolve \"CAST(d AS BOOLEAN)\" due to data type mismatch: " +
				"cannot cast \"DATE\" to \"BOOLEAN\" with ANSI mode on.\nIf you have to cast \"DATE\" to \"BOOLEAN\", you can set \"spark.sql.ansi.enabled\" as 'false'. SQLSTATE: 42K09"},
		{"TRY DATE AS BOOLEAN", DateType, BooleanType, true,
			"[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] Cannot resolve \"CAST(d AS BOOLEAN)\" due to data type mismatch: " +
				"cannot cast \"DATE\" to \"BOOLEAN\". SQLSTATE: 42K09"},
		{"BOOLEAN AS DATE", BooleanType, DateType, false,
			"[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] Cannot resolve \"CAST(d AS DATE)\" due to data type mismatch: " +
				"cannot cast \"BOOLEAN\" to \"DATE\". SQLSTATE: 42K09"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.False(t, CanCast(tt.from, tt.to))
			sql := "CAST(d AS " + tt.to.String() + ")"
			assert.Equal(t, tt.want, CastMismatchError(sql, tt.from, tt.to, tt.try).Error())
			_, err := Cast(NewVector(tt.from, 2), tt.to, tt.try)
			assert.Equal(t, "DATATYPE_MISMATCH", errClass(err)[:len("DATATYPE_MISMATCH")])
			_, err = CastValue(IntOf(tt.from, 0), tt.to, tt.try)
			require.Error(t, err)
		})
	}
}

func TestCastVectorSharesAndPreservesInput(t *testing.T) {
	in := &Vector{Type: IntType, I64: []int64{1, 0, 3}, Nulls: []bool{false, true, false}}
	wide, err := Cast(in, BigIntType, false)
	require.NoError(t, err)
	assert.Equal(t, BigIntType, wide.Type)
	assert.Equal(t, []int64{1, 0, 3}, wide.I64)
	assert.True(t, wide.IsNull(1))

	same, err := Cast(in, IntType, false)
	require.NoError(t, err)
	assert.Same(t, in, same)

	// A TRY_CAST that nulls a row must not touch the input's null mask.
	big := &Vector{Type: BigIntType, I64: []int64{1, 0, 1 << 40}, Nulls: []bool{false, true, false}}
	out, err := Cast(big, IntType, true)
	require.NoError(t, err)
	assert.Equal(t, []bool{false, true, true}, out.Nulls)
	assert.Equal(t, []bool{false, true, false}, big.Nulls)
	assert.Equal(t, []int64{1, 0, 0}, out.I64)
}

func TestCastVectorNullsSkipParsing(t *testing.T) {
	v := &Vector{Type: StringType, Str: []string{"1", "", "3"}, Nulls: []bool{false, true, false}}
	out, err := Cast(v, IntType, false)
	require.NoError(t, err, "the NULL row's empty slot is not parsed")
	assert.Equal(t, []int64{1, 0, 3}, out.I64)
	assert.True(t, out.IsNull(1))
}

func TestCastVoidVector(t *testing.T) {
	out, err := Cast(NewVector(VoidType, 4), DecimalType(5, 2), false)
	require.NoError(t, err)
	assert.Equal(t, 4, out.Len())
	for i := range 4 {
		assert.True(t, out.IsNull(i))
	}
}

func TestCastVectorToStringSlices(t *testing.T) {
	v := &Vector{Type: DoubleType, F64: []float64{1, 0, 0.1, math.Inf(-1)}, Nulls: []bool{false, true, false, false}}
	out, err := Cast(v, StringType, false)
	require.NoError(t, err)
	assert.Equal(t, []string{"1.0", "", "0.1", "-Infinity"}, out.Str)
	assert.True(t, out.IsNull(1))
}

func TestCastIn(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Skip("no time zone database: ", err)
	}
	got, err := CastValueIn(Str("2024-07-01 12:00:00"), TimestampType, false, la)
	require.NoError(t, err)
	assert.Equal(t, ts(t, "2024-07-01 19:00:00"), got, "PDT is UTC-7")
	s, err := CastValueIn(got, StringType, false, la)
	require.NoError(t, err)
	assert.Equal(t, "2024-07-01 12:00:00", s.S)
	d, err := CastValueIn(ts(t, "2024-01-02 03:00:00"), DateType, false, la)
	require.NoError(t, err)
	assert.Equal(t, date(t, "2024-01-01"), d, "03:00 UTC is still Jan 1 in Los Angeles")
	m, err := CastValueIn(date(t, "2024-01-02"), TimestampType, false, la)
	require.NoError(t, err)
	assert.Equal(t, ts(t, "2024-01-02 08:00:00"), m)
	vec, err := CastIn(vectorOf(date(t, "2024-01-02"), 2), TimestampType, false, la)
	require.NoError(t, err)
	assert.Equal(t, m.I, vec.I64[0])
}

func TestStoreAssign(t *testing.T) {
	_, err := StoreAssign(vectorOf(Int64(1<<40), 2), IntType, "c")
	require.Error(t, err)
	assert.Equal(t, "[CAST_OVERFLOW_IN_TABLE_INSERT] Fail to assign a value of \"BIGINT\" type to the \"INT\" type column or variable `c` "+
		"due to an overflow. Use `try_cast` on the input value to tolerate overflow and return NULL instead. SQLSTATE: 22003", err.Error())

	_, err = StoreAssign(vectorOf(dec(12345, 5, 2), 2), DecimalType(4, 2), "amount")
	assert.Equal(t, "[CAST_OVERFLOW_IN_TABLE_INSERT] Fail to assign a value of \"DECIMAL(5,2)\" type to the \"DECIMAL(4,2)\" type column or variable `amount` "+
		"due to an overflow. Use `try_cast` on the input value to tolerate overflow and return NULL instead. SQLSTATE: 22003", err.Error())

	out, err := StoreAssign(vectorOf(Int32(7), 2), DoubleType, "c")
	require.NoError(t, err)
	assert.Equal(t, 7.0, out.F64[0])

	out, err = StoreAssign(vectorOf(dec(150, 3, 2), 2), StringType, "c")
	require.NoError(t, err)
	assert.Equal(t, "1.50", out.Str[0])

	_, err = StoreAssign(vectorOf(Str("1"), 2), IntType, "c")
	require.Error(t, err)
	assert.Equal(t, "INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_SAFELY_CAST", errClass(err))
}

func TestCastValueIdentity(t *testing.T) {
	x := Str("abc")
	got, err := CastValue(x, StringType, false)
	require.NoError(t, err)
	assert.Equal(t, x, got)
}
