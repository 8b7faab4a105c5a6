package agg

import (
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

func TestHLLPrecision(t *testing.T) {
	// Spec §5.4: rsd 0.05 → p = 9 (512 registers); Spark's documented bound:
	// at least 4 bits, so rsd at most 39%.
	assert.Equal(t, 9, hllPrecision(0.05))
	assert.Equal(t, 14, hllPrecision(0.01))
	assert.Equal(t, 4, hllPrecision(0.39))
	assert.Equal(t, 3, hllPrecision(0.40))
}

func TestApproxCountDistinct(t *testing.T) {
	ints := []fn.Arg{col(value.IntType)}
	// Databricks: approx_count_distinct(col1) over (1), (1), (2), (2), (3) → 3.
	assert.Equal(t, bigint(3), mustAggregate(t, "approx_count_distinct", ints, false, []*value.Vector{vec(value.IntType, 1, 1, 2, 2, 3)}))
	// NULLs are not counted; no rows (or only NULLs) give 0, not NULL.
	assert.Equal(t, bigint(2), mustAggregate(t, "approx_count_distinct", ints, false, []*value.Vector{vec(value.IntType, nil, 7, nil, 8)}))
	assert.Equal(t, bigint(0), mustAggregate(t, "approx_count_distinct", ints, false, []*value.Vector{vec(value.IntType, nil)}))
	assert.Equal(t, bigint(0), mustAggregate(t, "approx_count_distinct", ints, false))
	assert.Equal(t, bigint(0), mustAggregate(t, "approx_count_distinct", []fn.Arg{lit(value.NullOf(value.VoidType))}, false,
		[]*value.Vector{value.NewVector(value.VoidType, 3)}))

	// Linear counting applies to small sets: with 512 registers its standard
	// error for 300 keys is about 3.5%; allow three of them.
	for _, tc := range []struct {
		typ value.Type
		key func(int) any
	}{
		{value.IntType, func(i int) any { return i }},
		{value.StringType, func(i int) any { return "user_" + strconv.Itoa(i) }},
	} {
		xs := make([]any, 0, 600)
		for i := 1; i <= 300; i++ {
			xs = append(xs, tc.key(i), tc.key(i)) // duplicates change nothing
		}
		got := mustAggregate(t, "approx_count_distinct", []fn.Arg{col(tc.typ)}, false, []*value.Vector{vec(tc.typ, xs...)})
		assert.InDelta(t, 300, got.I, 32, tc.typ.String())
	}

	// Large sets use the raw HyperLogLog estimate: 100,000 BIGINTs with rsd
	// 0.01 (p = 14) within 3 standard deviations.
	const n = 100000
	big := make([]int64, n)
	for i := range big {
		big[i] = int64(i) * 31
	}
	got := mustAggregate(t, "approx_count_distinct",
		[]fn.Arg{col(value.BigIntType), lit(value.Float64(0.01))}, false, []*value.Vector{{Type: value.BigIntType, I64: big}})
	assert.InDelta(t, n, got.I, 3*0.01*n)

	// -0.0 and 0.0, and all NaNs, are one value each.
	nan := math.NaN()
	assert.Equal(t, bigint(2), mustAggregate(t, "approx_count_distinct", []fn.Arg{col(value.DoubleType)}, false,
		[]*value.Vector{vec(value.DoubleType, 0.0, math.Copysign(0, -1), nan, -nan)}))
}

func TestApproxCountDistinctGrouped(t *testing.T) {
	args := []fn.Arg{col(value.StringType)}
	calls := []grouped{
		{[]*value.Vector{vec(value.StringType, "a", "b", "a", "c")}, []uint32{0, 0, 1, 0}, 2},
		{[]*value.Vector{vec(value.StringType, "a", "d", nil)}, []uint32{0, 2, 2}, 3},
	}
	got := aggregateGroups(t, "approx_count_distinct", args, false, 4, calls...)
	assert.Equal(t, []value.Value{bigint(3), bigint(1), bigint(1), bigint(0)}, got)
	// Each group's estimate equals the ungrouped estimate of its rows.
	assert.Equal(t, bigint(3), mustAggregate(t, "approx_count_distinct", args, false, []*value.Vector{vec(value.StringType, "a", "b", "c", "a")}))
}

func TestApproxCountDistinctErrors(t *testing.T) {
	a, _ := Lookup("approx_count_distinct")
	tests := []struct {
		name      string
		args      []fn.Arg
		wantClass string
	}{
		{"rsd too large", []fn.Arg{col(value.IntType), lit(value.Float64(0.5))}, "INVALID_PARAMETER_VALUE"},
		{"rsd not constant", []fn.Arg{col(value.IntType), col(value.DoubleType)}, "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT"},
		{"rsd not numeric", []fn.Arg{col(value.IntType), lit(value.Str("x"))}, "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE"},
		{"rsd tiny", []fn.Arg{col(value.IntType), lit(value.Float64(1e-6))}, "UNSUPPORTED_FEATURE"},
		{"no arguments", nil, "WRONG_NUM_ARGS.WITHOUT_SUGGESTION"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := a.Resolve(tt.args, false)
			require.Error(t, err)
			assert.ErrorIs(t, err, &errclass.Error{Class: tt.wantClass})
		})
	}
}
