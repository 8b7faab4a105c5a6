package value

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Expected strings follow java.lang.Double.toString / Float.toString, which
// Spark's CAST(x AS STRING) uses (spec examples, JDK docs).
func TestDoubleToString(t *testing.T) {
	a, b := 0.1, 0.2 // runtime sum, not constant-folded
	tests := []struct {
		in   float64
		want string
	}{
		{1.5, "1.5"},
		{1.0, "1.0"},
		{a + b, "0.30000000000000004"},
		{1e10, "1.0E10"},
		{100, "100.0"},
		{1234567, "1234567.0"},
		{9999999, "9999999.0"},
		{1e7, "1.0E7"},
		{12345678.9, "1.23456789E7"},
		{0.001, "0.001"},
		{0.0001, "1.0E-4"},
		{1e-6, "1.0E-6"},
		{0.5, "0.5"},
		{-2.25, "-2.25"},
		{123.456, "123.456"},
		{0, "0.0"},
		{math.Copysign(0, -1), "-0.0"},
		{math.NaN(), "NaN"},
		{math.Inf(1), "Infinity"},
		{math.Inf(-1), "-Infinity"},
		{math.MaxFloat64, "1.7976931348623157E308"},
		{5e-324, "4.9E-324"},
		{1e21, "1.0E21"},
		{-1.5e-10, "-1.5E-10"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Float64(tt.in).String(), "%v", tt.in)
	}
}

func TestFloatToString(t *testing.T) {
	tests := []struct {
		in   float32
		want string
	}{
		{0.1, "0.1"},
		{1.5, "1.5"},
		{1, "1.0"},
		{1e10, "1.0E10"},
		{3.4028235e38, "3.4028235E38"},
		{1.4e-45, "1.4E-45"},
		{16777216, "1.6777216E7"},
		{0.001, "0.001"},
		{1234567, "1234567.0"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Value{Type: FloatType, F: float64(tt.in)}.String(), "%v", tt.in)
	}
}

func TestValueString(t *testing.T) {
	tests := []struct {
		in   Value
		want string
	}{
		{NullOf(IntType), "NULL"},
		{NullOf(VoidType), "NULL"},
		{Bool(true), "true"},
		{Bool(false), "false"},
		{IntOf(TinyIntType, -5), "-5"},
		{Int64(math.MinInt64), "-9223372036854775808"},
		{dec(150, 3, 2), "1.50"},
		{dec(-5, 3, 3), "-0.005"},
		{dec(0, 5, 2), "0.00"},
		{dec(42, 10, 0), "42"},
		{Str("a'b"), "a'b"},
		{IntOf(DateType, 0), "1970-01-01"},
		{IntOf(TimestampType, 1_500_000), "1970-01-01 00:00:01.5"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.in.String())
	}
}

// TestSQLLiteral follows Spark's QueryErrorsBase.toSQLValue / Literal.sql.
func TestSQLLiteral(t *testing.T) {
	tests := []struct {
		in   Value
		want string
	}{
		{NullOf(IntType), "NULL"},
		{Bool(true), "true"},
		{IntOf(TinyIntType, 5), "5Y"},
		{IntOf(SmallIntType, 10), "10S"},
		{Int32(42), "42"},
		{Int64(2147483648), "2147483648L"},
		{Float64(1.5), "1.5D"},
		{Float64(1e40), "1.0E40D"},
		{Float64(math.NaN()), "NaN"},
		{Float64(math.Inf(1)), "Infinity"},
		{Float64(math.Inf(-1)), "-Infinity"},
		{fl(1.5), "1.5"},
		{fl(float64(float32(math.Inf(1)))), "Infinity"},
		{dec(150, 3, 2), "1.50BD"},
		{dec(1, 8, 7), "1E-7BD"},
		{dec(15, 9, 8), "1.5E-7BD"},
		{dec(1, 7, 6), "0.000001BD"},
		{dec(0, 12, 10), "0E-10BD"},
		{dec(-12345, 5, 0), "-12345BD"},
		{Str("abc"), "'abc'"},
		{Str(`it's a \ test`), `'it\'s a \\ test'`},
		{IntOf(DateType, 19723), "DATE '2024-01-01'"},
		{IntOf(TimestampType, 1704164645_000000), "TIMESTAMP '2024-01-02 03:04:05'"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.in.SQLLiteral())
	}
}
