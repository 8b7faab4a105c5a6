package fn

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

func TestComparisons(t *testing.T) {
	nan := f64v(math.NaN())
	runCases(t, []caseT{
		{name: "eq", fn: "=", args: []value.Value{i32v(1), i32v(1)}, want: "true", typ: "BOOLEAN"},
		{name: "ne", fn: "<>", args: []value.Value{i32v(1), i32v(1)}, want: "false"},
		{name: "lt widening", fn: "<", args: []value.Value{i8v(1), i64v(2)}, want: "true"},
		{name: "ge", fn: ">=", args: []value.Value{f64v(2), i32v(2)}, want: "true"},
		// NULL semantics (spec §5.3).
		{name: "null eq null", fn: "=", args: []value.Value{nullv(), nullv()}, want: "NULL"},
		{name: "eq null", fn: "=", args: []value.Value{i32v(1), nullv()}, want: "NULL"},
		{name: "null-safe both null", fn: "<=>", args: []value.Value{nullv(), nullv()}, want: "true"},
		{name: "null-safe one null", fn: "<=>", args: []value.Value{i32v(1), nullv()}, want: "false"},
		{name: "null-safe equal", fn: "<=>", args: []value.Value{i32v(1), i64v(1)}, want: "true"},
		// Floating point: NaN = NaN and is the greatest; -0.0 = 0.0.
		{name: "nan eq nan", fn: "=", args: []value.Value{nan, nan}, want: "true"},
		{name: "nan greatest", fn: ">", args: []value.Value{nan, f64v(math.Inf(1))}, want: "true"},
		{name: "nan not less", fn: "<", args: []value.Value{nan, f64v(1)}, want: "false"},
		{name: "one less than nan", fn: "<", args: []value.Value{f64v(1), nan}, want: "true"},
		{name: "negative zero", fn: "=", args: []value.Value{f64v(math.Copysign(0, -1)), f64v(0)}, want: "true"},
		// Strings compare by bytes, case-sensitively, trailing spaces count.
		{name: "case sensitive", fn: "<>", args: []value.Value{strv("a"), strv("A")}, want: "true"},
		{name: "B before a", fn: "<", args: []value.Value{strv("B"), strv("a")}, want: "true"},
		{name: "trailing space", fn: "=", args: []value.Value{strv("a"), strv("a ")}, want: "false"},
		// Implicit casts (spec §5.5).
		{name: "int eq string", fn: "=", args: []value.Value{i32v(5), strv("5")}, want: "true"},
		{name: "int eq malformed string", fn: "=", args: []value.Value{i32v(5), strv("abc")}, err: "CAST_INVALID_INPUT"},
		{name: "decimal eq string as double", fn: "=", args: []value.Value{decv(t, "1.5"), strv("1.5")}, want: "true"},
		{name: "date eq string", fn: "=", args: []value.Value{datev(t, "2024-01-01"), strv("2024-01-01")}, want: "true"},
		{name: "date lt timestamp", fn: "<", args: []value.Value{datev(t, "2024-01-01"), tsv(t, "2024-01-01 00:00:01")}, want: "true"},
		{name: "decimal scales", fn: "=", args: []value.Value{decv(t, "1.50"), decv(t, "1.5")}, want: "true"},
		{name: "decimal vs int", fn: "<", args: []value.Value{decv(t, "1.5"), i32v(2)}, want: "true"},
		{name: "bool vs string", fn: "=", args: []value.Value{boolv(true), strv("true")}, want: "true"},
		{name: "int vs date", fn: "=", args: []value.Value{i32v(1), datev(t, "2024-01-01")}, err: "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES"},
		{name: "bool vs int", fn: "=", args: []value.Value{boolv(true), i32v(1)}, err: "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES"},
		// NOT is three-valued.
		{name: "not true", fn: "not", args: []value.Value{boolv(true)}, want: "false"},
		{name: "not null", fn: "not", args: []value.Value{nullv()}, want: "NULL"},
		{name: "not int", fn: "not", args: []value.Value{i32v(1)}, err: "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE"},
		{name: "isnull", fn: "isnull", args: []value.Value{nullv()}, want: "true"},
		{name: "isnotnull", fn: "isnotnull", args: []value.Value{i32v(1)}, want: "true"},
	})
}

func TestGreatestLeastNullIf(t *testing.T) {
	runCases(t, []caseT{
		{name: "greatest", fn: "greatest", args: []value.Value{i32v(10), i32v(9), i32v(2), i32v(4), i32v(3)}, want: "10", typ: "INT"},
		{name: "least", fn: "least", args: []value.Value{i32v(10), i32v(9), i32v(2), i32v(4), i32v(3)}, want: "2"},
		{name: "greatest skips null", fn: "greatest", args: []value.Value{nullv(), i32v(3), i32v(7)}, want: "7"},
		{name: "greatest all null", fn: "greatest", args: []value.Value{value.NullOf(value.IntType), nullv()}, want: "NULL"},
		{name: "greatest widens", fn: "greatest", args: []value.Value{i32v(1), f64v(2.5)}, want: "2.5", typ: "DOUBLE"},
		{name: "greatest strings", fn: "greatest", args: []value.Value{strv("apple"), strv("banana")}, want: "banana"},
		{name: "greatest NaN", fn: "greatest", args: []value.Value{f64v(math.NaN()), f64v(1)}, want: "NaN"},
		{name: "greatest diff types", fn: "greatest", args: []value.Value{i32v(1), datev(t, "2024-01-01")}, err: "DATATYPE_MISMATCH.DATA_DIFF_TYPES"},
		{name: "nullif equal", fn: "nullif", args: []value.Value{i32v(2), i32v(2)}, want: "NULL", typ: "INT"},
		{name: "nullif different", fn: "nullif", args: []value.Value{i32v(2), i32v(3)}, want: "2", typ: "INT"},
		{name: "nullif keeps first type", fn: "nullif", args: []value.Value{i32v(5), strv("5")}, want: "NULL", typ: "INT"},
		{name: "nullif null", fn: "nullif", args: []value.Value{i32v(5), nullv()}, want: "5"},
	})
}

func TestCompareColumns(t *testing.T) {
	a := col(value.BigIntType, i64v(1), nullv(), i64v(3), i64v(4))
	b := col(value.BigIntType, i64v(1), i64v(2), nullv(), i64v(5))
	for _, tc := range []struct {
		op   string
		want []string
	}{
		{"=", []string{"true", "NULL", "NULL", "false"}},
		{"<", []string{"false", "NULL", "NULL", "true"}},
		{"<=>", []string{"true", "false", "false", "false"}},
	} {
		t.Run(tc.op, func(t *testing.T) {
			out, err := evalCols(t, tc.op, a, b)
			require.NoError(t, err)
			assert.Equal(t, tc.want, rows(out))
		})
	}
	// A decimal column compared with a differently scaled one.
	x := col(value.DecimalType(5, 2), decT(t, "1.25", 5, 2), decT(t, "2.00", 5, 2))
	y := col(value.DecimalType(20, 10), decT(t, "1.25", 20, 10), decT(t, "1.9999999999", 20, 10))
	out, err := evalCols(t, ">", x, y)
	require.NoError(t, err)
	assert.Equal(t, []string{"false", "true"}, rows(out))
}

func TestGreatestColumns(t *testing.T) {
	a := col(value.IntType, i32v(1), nullv(), i32v(7))
	b := col(value.IntType, i32v(5), nullv(), nullv())
	out, err := evalCols(t, "greatest", a, b)
	require.NoError(t, err)
	assert.Equal(t, []string{"5", "NULL", "7"}, rows(out))
}
