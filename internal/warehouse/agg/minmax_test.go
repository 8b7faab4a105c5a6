package agg

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

func TestMinMax(t *testing.T) {
	nan := math.NaN()
	date := value.DateType
	tests := []struct {
		name     string
		in       *value.Vector
		min, max value.Value
	}{
		// Databricks min/max examples: (10), (-1), (20) → -1 and 20.
		{"INT", vec(value.IntType, 10, -1, 20), value.Int32(-1), value.Int32(20)},
		{"INT with NULLs", vec(value.IntType, nil, 10, nil, -1), value.Int32(-1), value.Int32(10)},
		{"all NULL", vec(value.IntType, nil, nil), null(value.IntType), null(value.IntType)},
		{"BIGINT extremes", vec(value.BigIntType, int64(math.MaxInt64), int64(math.MinInt64)),
			bigint(math.MinInt64), bigint(math.MaxInt64)},
		{"DATE", vec(date, 19000, 18000, 20000), value.IntOf(date, 18000), value.IntOf(date, 20000)},
		{"BOOLEAN", vec(value.BooleanType, true, false, nil), value.Bool(false), value.Bool(true)},
		// Strings compare by UTF-8 bytes: 'B' < 'a' < 'é'.
		{"STRING", vec(value.StringType, "a", "B", "é", nil, "ab"), value.Str("B"), value.Str("é")},
		// NaN is greater than every other DOUBLE.
		{"DOUBLE with NaN", vec(value.DoubleType, 1.5, nan, -2.0, math.Inf(1)), double(-2), double(nan)},
		{"DOUBLE NaN first", vec(value.DoubleType, nan, 3.0, nil), double(3), double(nan)},
		{"FLOAT", vec(value.FloatType, 1.5, -0.5), value.Value{Type: value.FloatType, F: -0.5}, value.Value{Type: value.FloatType, F: 1.5}},
		{"DECIMAL", vec(value.DecimalType(20, 2), -150, 3, nil, -151), dec(-151, 20, 2), dec(3, 20, 2)},
		{"VOID", value.NewVector(value.VoidType, 3), null(value.VoidType), null(value.VoidType)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []fn.Arg{col(tt.in.Type)}
			batch := []*value.Vector{tt.in}
			assertSameValue(t, tt.min, mustAggregate(t, "min", args, false, batch), "min")
			assertSameValue(t, tt.max, mustAggregate(t, "max", args, false, batch), "max")
			// DISTINCT changes nothing for min and max.
			assertSameValue(t, tt.max, mustAggregate(t, "max", args, true, batch), "max DISTINCT")
		})
	}
}

// assertSameValue compares values, treating NaN as equal to NaN.
func assertSameValue(t *testing.T, want, got value.Value, msg string) {
	t.Helper()
	if !want.Null && want.Type.IsFloating() && math.IsNaN(want.F) {
		assert.True(t, math.IsNaN(got.F) && !got.Null, "%s: want NaN, got %v", msg, got)
		return
	}
	assert.Equal(t, want, got, msg)
}

func TestMinMaxBatchesAndGroups(t *testing.T) {
	args := []fn.Arg{col(value.BigIntType)}
	// The extremum carries across batches, including a batch of only NULLs.
	assert.Equal(t, bigint(-3), mustAggregate(t, "min", args, false,
		[]*value.Vector{vec(value.BigIntType, nil, nil)},
		[]*value.Vector{vec(value.BigIntType, 5, -3)},
		[]*value.Vector{vec(value.BigIntType, 7)}))
	assert.Equal(t, null(value.BigIntType), mustAggregate(t, "max", args, false), "no rows")

	calls := []grouped{
		{[]*value.Vector{vec(value.BigIntType, 4, 1, nil)}, []uint32{0, 1, 1}, 2},
		{[]*value.Vector{vec(value.BigIntType, 9, -2, 3)}, []uint32{2, 0, 0}, 3},
	}
	assert.Equal(t, []value.Value{bigint(-2), bigint(1), bigint(9), null(value.BigIntType)},
		aggregateGroups(t, "min", args, false, 4, calls...))
	assert.Equal(t, []value.Value{bigint(4), bigint(1), bigint(9), null(value.BigIntType)},
		aggregateGroups(t, "max", args, false, 4, calls...))

	s := []fn.Arg{col(value.StringType)}
	assert.Equal(t, []value.Value{value.Str("b"), value.Str("z")},
		aggregateGroups(t, "max", s, false, 2, grouped{[]*value.Vector{vec(value.StringType, "a", "z", "b", nil)}, []uint32{0, 1, 0, 1}, 2}))

	d := []fn.Arg{col(value.DoubleType)}
	assert.Equal(t, []value.Value{double(-1), null(value.DoubleType)},
		aggregateGroups(t, "min", d, false, 2, grouped{[]*value.Vector{vec(value.DoubleType, math.NaN(), -1.0)}, []uint32{0, 0}, 1}))
}

func TestBoolAggregates(t *testing.T) {
	b := []fn.Arg{col(value.BooleanType)}
	tests := []struct {
		fn   string
		in   *value.Vector
		want value.Value
	}{
		// Databricks bool_and / every examples.
		{"bool_and", vec(value.BooleanType, true, true, true), value.Bool(true)},
		{"bool_and", vec(value.BooleanType, nil, true, true), value.Bool(true)},
		{"every", vec(value.BooleanType, true, false, true), value.Bool(false)},
		// bool_or / some / any examples.
		{"bool_or", vec(value.BooleanType, true, false, false), value.Bool(true)},
		{"some", vec(value.BooleanType, nil, true, false), value.Bool(true)},
		{"any", vec(value.BooleanType, false, false, nil), value.Bool(false)},
		{"bool_or", vec(value.BooleanType, nil, nil), null(value.BooleanType)},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, mustAggregate(t, tt.fn, b, false, []*value.Vector{tt.in}), tt.fn)
	}
}
