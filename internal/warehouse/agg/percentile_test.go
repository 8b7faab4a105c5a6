package agg

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// p is a percentage literal as Databricks types it: 0.5 is DECIMAL(1,1).
func p(unscaled int64, scale int) fn.Arg {
	return lit(value.Dec(value.Int128From(unscaled), max(scale, 1), scale))
}

func TestPercentile(t *testing.T) {
	ints := value.IntType
	tests := []struct {
		name string
		args []fn.Arg
		in   []*value.Vector
		want value.Value
	}{
		// Spec §5.4: percentile([0,1,2,10], 0.5) = 1.5.
		{"spec example", []fn.Arg{col(ints), p(5, 1)}, []*value.Vector{vec(ints, 0, 1, 2, 10)}, double(1.5)},
		// Databricks: percentile(col, 0.3) over (0), (10) = 3.0.
		{"doc example", []fn.Arg{col(ints), p(3, 1)}, []*value.Vector{vec(ints, 0, 10)}, double(3)},
		{"unsorted with NULLs", []fn.Arg{col(ints), p(5, 1)}, []*value.Vector{vec(ints, 10, nil, 2, 0, 1)}, double(1.5)},
		{"p = 0", []fn.Arg{col(ints), p(0, 1)}, []*value.Vector{vec(ints, 5, 3, 9)}, double(3)},
		{"p = 1", []fn.Arg{col(ints), lit(value.Int32(1))}, []*value.Vector{vec(ints, 5, 3, 9)}, double(9)},
		{"DOUBLE p", []fn.Arg{col(ints), lit(value.Float64(0.25))}, []*value.Vector{vec(ints, 0, 10)}, double(2.5)},
		{"DECIMAL column", []fn.Arg{col(value.DecimalType(5, 2)), p(5, 1)}, []*value.Vector{vec(value.DecimalType(5, 2), 150, 250)}, double(2)},
		{"DOUBLE column", []fn.Arg{col(value.DoubleType), p(5, 1)}, []*value.Vector{vec(value.DoubleType, 1.0, 4.0, 2.0)}, double(2)},
		// With a frequency column: 1 ×3 and 10 ×1 → sorted 1,1,1,10.
		{"frequency", []fn.Arg{col(ints), p(5, 1), col(value.BigIntType)},
			[]*value.Vector{vec(ints, 1, 10, 5, 7), vec(value.BigIntType, 3, 1, 0, nil)}, double(1)},
		{"frequency interpolates", []fn.Arg{col(ints), p(75, 2), col(value.IntType)},
			[]*value.Vector{vec(ints, 10, 0), vec(value.IntType, 1, 2)}, double(5)},
		{"all NULL", []fn.Arg{col(ints), p(5, 1)}, []*value.Vector{vec(ints, nil)}, null(value.DoubleType)},
		{"no rows", []fn.Arg{col(ints), p(5, 1)}, nil, null(value.DoubleType)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var batches [][]*value.Vector
			if tt.in != nil {
				batches = append(batches, tt.in)
			}
			assert.Equal(t, tt.want, mustAggregate(t, "percentile", tt.args, false, batches...))
		})
	}
}

func TestMedian(t *testing.T) {
	// Databricks: median(col) over (0), (10) = 5.0.
	args := []fn.Arg{col(value.IntType)}
	assert.Equal(t, double(5), mustAggregate(t, "median", args, false, []*value.Vector{vec(value.IntType, 0, 10)}))
	assert.Equal(t, double(1.5), mustAggregate(t, "median", args, false,
		[]*value.Vector{vec(value.IntType, 10, 2)}, []*value.Vector{vec(value.IntType, 0, 1)}))
	// median(DISTINCT) over 1, 1, 1, 10: distinct values 1 and 10.
	assert.Equal(t, double(5.5), mustAggregate(t, "median", args, true, []*value.Vector{vec(value.IntType, 1, 1, 1, 10)}))

	got := aggregateGroups(t, "median", args, false, 3,
		grouped{[]*value.Vector{vec(value.IntType, 1, 100, 3)}, []uint32{0, 1, 0}, 2},
		grouped{[]*value.Vector{vec(value.IntType, 5)}, []uint32{0}, 2},
	)
	assert.Equal(t, []value.Value{double(3), double(100), null(value.DoubleType)}, got)
}

func TestPercentileErrors(t *testing.T) {
	ints := col(value.IntType)
	tests := []struct {
		name      string
		args      []fn.Arg
		wantClass string
		wantText  string
	}{
		{"p out of range", []fn.Arg{ints, p(15, 1)}, "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE", "The percentage must be between [0.0, 1.0] (current value = 1.5D)."},
		{"negative p", []fn.Arg{ints, lit(value.Float64(-0.1))}, "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE", "current value = -0.1D"},
		{"p not constant", []fn.Arg{ints, col(value.DoubleType)}, "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT", "should be a foldable"},
		{"p NULL", []fn.Arg{ints, lit(value.NullOf(value.DoubleType))}, "DATATYPE_MISMATCH.UNEXPECTED_NULL", "The percentage must not be null."},
		{"p not numeric", []fn.Arg{ints, lit(value.Bool(true))}, "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", "The second parameter requires the \"DOUBLE\" type"},
		{"column not numeric", []fn.Arg{col(value.DateType), p(5, 1)}, "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", `requires the ("NUMERIC" or "ANSI INTERVAL") type, however "?" has the type "DATE"`},
		{"frequency not integral", []fn.Arg{ints, p(5, 1), col(value.DoubleType)}, "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", "The third parameter"},
		{"one argument", []fn.Arg{ints}, "WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "The `percentile` requires [2, 3] parameters but the actual number is 1."},
	}
	a, _ := Lookup("percentile")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := a.Resolve(tt.args, false)
			require.Error(t, err)
			assert.ErrorIs(t, err, &errclass.Error{Class: tt.wantClass})
			assert.Contains(t, err.Error(), tt.wantText)
		})
	}

	// A negative frequency fails at run time.
	args := []fn.Arg{ints, p(5, 1), col(value.BigIntType)}
	_, err := aggregate(t, "percentile", args, false, []*value.Vector{vec(value.IntType, 1, 2), vec(value.BigIntType, 1, -5)})
	require.Error(t, err)
	assert.ErrorIs(t, err, &errclass.Error{Class: "NEGATIVE_VALUES_IN_FREQUENCY_EXPRESSION"})
	assert.Contains(t, err.Error(), "-5, but expected a positive integral value. SQLSTATE: 22003")
}
