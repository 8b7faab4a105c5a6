package agg

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

func TestApproxPercentile(t *testing.T) {
	ints := value.IntType
	acc100 := lit(value.Int32(100))
	seq := func(n int) *value.Vector {
		xs := make([]any, n)
		for i := range xs {
			xs[i] = n - i // descending: the summary sorts
		}
		return vec(value.IntType, xs...)
	}
	tests := []struct {
		name string
		fn   string
		args []fn.Arg
		in   []*value.Vector
		want value.Value
	}{
		// Spark's documented examples: percentile_approx(col, array(0.5, 0.4,
		// 0.1), 100) over (0), (1), (2), (10) is [1, 1, 0], and
		// percentile_approx(col, 0.5, 100) over (0), (6), (7), (9), (10) is 7.
		{"doc 0.5", "percentile_approx", []fn.Arg{col(ints), p(5, 1), acc100}, []*value.Vector{vec(ints, 0, 1, 2, 10)}, value.Int32(1)},
		{"doc 0.4", "percentile_approx", []fn.Arg{col(ints), p(4, 1), acc100}, []*value.Vector{vec(ints, 0, 1, 2, 10)}, value.Int32(1)},
		{"doc 0.1", "approx_percentile", []fn.Arg{col(ints), p(1, 1), acc100}, []*value.Vector{vec(ints, 0, 1, 2, 10)}, value.Int32(0)},
		{"doc odd count", "percentile_approx", []fn.Arg{col(ints), p(5, 1), acc100}, []*value.Vector{vec(ints, 0, 6, 7, 9, 10)}, value.Int32(7)},
		{"default accuracy", "percentile_approx", []fn.Arg{col(ints), p(5, 1)}, []*value.Vector{vec(ints, 10, nil, 0, 2, 1)}, value.Int32(1)},
		{"p = 0 is the minimum", "percentile_approx", []fn.Arg{col(ints), p(0, 1)}, []*value.Vector{vec(ints, 4, 2, 8)}, value.Int32(2)},
		{"p = 1 is the maximum", "percentile_approx", []fn.Arg{col(ints), p(10, 1)}, []*value.Vector{vec(ints, 4, 2, 8)}, value.Int32(8)},
		// 60 values with accuracy 100: Spark's summary gives the samples
		// inserted after the 50th a rank uncertainty of 1, so the median
		// query (rank 30) accepts the sample of rank 29.
		{"uncertain ranks", "percentile_approx", []fn.Arg{col(ints), p(5, 1), acc100}, []*value.Vector{seq(60)}, value.Int32(29)},
		{"exact ranks", "percentile_approx", []fn.Arg{col(ints), p(5, 1)}, []*value.Vector{seq(60)}, value.Int32(30)},
		{"DOUBLE", "percentile_approx", []fn.Arg{col(value.DoubleType), p(5, 1)}, []*value.Vector{vec(value.DoubleType, 2.5, 0.5, 1.5)}, double(1.5)},
		{"DATE keeps its type", "percentile_approx", []fn.Arg{col(value.DateType), p(5, 1)},
			[]*value.Vector{vec(value.DateType, 19000, 19002, 19001)}, value.IntOf(value.DateType, 19001)},
		{"DECIMAL keeps its type", "percentile_approx", []fn.Arg{col(value.DecimalType(6, 2)), p(5, 1)},
			[]*value.Vector{vec(value.DecimalType(6, 2), 125, 250, 375)}, dec(250, 6, 2)},
		{"BIGINT", "percentile_approx", []fn.Arg{col(value.BigIntType), p(5, 1)},
			[]*value.Vector{vec(value.BigIntType, int64(1)<<40, 3, 1)}, bigint(3)},
		{"all NULL", "percentile_approx", []fn.Arg{col(ints), p(5, 1)}, []*value.Vector{vec(ints, nil, nil)}, null(ints)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, mustAggregate(t, tt.fn, tt.args, false, tt.in))
		})
	}
}

// TestApproxPercentileLarge crosses Spark's 50,000-value head buffer and
// compression thresholds; the answer must stay within the documented rank
// error n/accuracy.
func TestApproxPercentileLarge(t *testing.T) {
	const n = 120000
	xs := make([]int64, n)
	for i := range xs {
		xs[i] = int64((i * 7919) % n) // a permutation of 0 … n-1
	}
	v := &value.Vector{Type: value.BigIntType, I64: xs}
	for _, tc := range []struct {
		pct      int64 // percent
		accuracy int32
	}{{50, 10000}, {10, 10000}, {90, 1000}, {50, 100}} {
		got := mustAggregate(t, "percentile_approx",
			[]fn.Arg{col(value.BigIntType), p(tc.pct, 2), lit(value.Int32(tc.accuracy))}, false, []*value.Vector{v})
		want := int64(n) * tc.pct / 100
		tolerance := int64(n)/int64(tc.accuracy) + 1
		assert.InDelta(t, want, got.I, float64(tolerance), "p=%d%% accuracy=%d", tc.pct, tc.accuracy)
	}
}

func TestApproxPercentileGrouped(t *testing.T) {
	args := []fn.Arg{col(value.IntType), p(5, 1)}
	got := aggregateGroups(t, "percentile_approx", args, false, 3,
		grouped{[]*value.Vector{vec(value.IntType, 0, 100, 1)}, []uint32{0, 1, 0}, 2},
		grouped{[]*value.Vector{vec(value.IntType, 2, 10)}, []uint32{0, 0}, 2},
	)
	assert.Equal(t, []value.Value{value.Int32(1), value.Int32(100), null(value.IntType)}, got)
}

func TestApproxPercentileErrors(t *testing.T) {
	ints := col(value.IntType)
	tests := []struct {
		name      string
		args      []fn.Arg
		wantClass string
		wantText  string
	}{
		{"accuracy zero", []fn.Arg{ints, p(5, 1), lit(value.Int32(0))}, "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE", "(0, 2147483647] (current value = 0L)"},
		{"accuracy not constant", []fn.Arg{ints, p(5, 1), col(value.IntType)}, "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT", "`accuracy`"},
		{"accuracy not integral", []fn.Arg{ints, p(5, 1), lit(value.Float64(10))}, "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", "The third parameter"},
		{"percentage out of range", []fn.Arg{ints, lit(value.Float64(2))}, "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE", "[0.0, 1.0]"},
		{"BOOLEAN column", []fn.Arg{col(value.BooleanType), p(5, 1)}, "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", `"NUMERIC" or "DATE" or "TIMESTAMP"`},
		{"too many", []fn.Arg{ints, p(5, 1), lit(value.Int32(1)), lit(value.Int32(1))}, "WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "[2, 3]"},
	}
	a, _ := Lookup("percentile_approx")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := a.Resolve(tt.args, false)
			require.Error(t, err)
			assert.ErrorIs(t, err, &errclass.Error{Class: tt.wantClass})
			assert.Contains(t, err.Error(), tt.wantText)
		})
	}
	ret, casts, err := a.Resolve([]fn.Arg{col(value.StringType), p(5, 1)}, false)
	require.NoError(t, err)
	assert.Equal(t, value.DoubleType, ret, "a STRING column is cast to DOUBLE")
	assert.Equal(t, []value.Type{value.DoubleType, value.DoubleType}, casts)
}
