package agg

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

func TestMoments(t *testing.T) {
	args := []fn.Arg{col(value.DoubleType)}
	one23 := []*value.Vector{vec(value.DoubleType, 1.0, 2.0, nil, 3.0)}
	single := []*value.Vector{vec(value.DoubleType, 7.0)}
	tests := []struct {
		fn         string
		want       value.Value
		wantOneRow value.Value
		wantNoRows value.Value
	}{
		// Databricks examples over (1), (2), (3).
		{"stddev", double(1), null(value.DoubleType), null(value.DoubleType)},
		{"std", double(1), null(value.DoubleType), null(value.DoubleType)},
		{"stddev_samp", double(1), null(value.DoubleType), null(value.DoubleType)},
		{"stddev_pop", double(0.816496580927726), double(0), null(value.DoubleType)},
		{"variance", double(1), null(value.DoubleType), null(value.DoubleType)},
		{"var_samp", double(1), null(value.DoubleType), null(value.DoubleType)},
		{"var_pop", double(0.6666666666666666), double(0), null(value.DoubleType)},
	}
	for _, tt := range tests {
		t.Run(tt.fn, func(t *testing.T) {
			_, ret, casts := resolved(t, tt.fn, []fn.Arg{col(value.IntType)}, false)
			assert.Equal(t, value.DoubleType, ret)
			assert.Equal(t, []value.Type{value.DoubleType}, casts, "input cast to DOUBLE")
			assert.Equal(t, tt.want, mustAggregate(t, tt.fn, args, false, one23))
			assert.Equal(t, tt.wantOneRow, mustAggregate(t, tt.fn, args, false, single), "one row")
			assert.Equal(t, tt.wantNoRows, mustAggregate(t, tt.fn, args, false), "no rows")
		})
	}

	// Grouped over two calls: group 0 gets 2, 4, 4, 4, 5, 5, 7, 9 (population
	// standard deviation 2); group 1 one row.
	got := aggregateGroups(t, "stddev_pop", args, false, 3,
		grouped{[]*value.Vector{vec(value.DoubleType, 2.0, 4.0, 4.0, 10.0)}, []uint32{0, 0, 0, 1}, 2},
		grouped{[]*value.Vector{vec(value.DoubleType, 4.0, 5.0, 5.0, 7.0, 9.0)}, []uint32{0, 0, 0, 0, 0}, 2},
	)
	assert.Equal(t, []value.Value{double(2), double(0), null(value.DoubleType)}, got)
}
