package agg

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

func TestDistinct(t *testing.T) {
	// count(DISTINCT a, b) skips rows where any argument is NULL.
	two := []fn.Arg{col(value.IntType), col(value.StringType)}
	assert.Equal(t, bigint(2), mustAggregate(t, "count", two, true, []*value.Vector{
		vec(value.IntType, 1, 1, 1, 2, nil),
		vec(value.StringType, "a", "a", nil, "a", "b"),
	}))

	// -0.0 and 0.0 are one value, as are all NaNs.
	d := []fn.Arg{col(value.DoubleType)}
	nan := math.NaN()
	assert.Equal(t, bigint(2), mustAggregate(t, "count", d, true,
		[]*value.Vector{vec(value.DoubleType, 0.0, math.Copysign(0, -1), nan, -nan, nil)}))

	// Duplicates across batches and per group.
	ints := []fn.Arg{col(value.BigIntType)}
	assert.Equal(t, bigint(6), mustAggregate(t, "sum", ints, true,
		[]*value.Vector{vec(value.BigIntType, 1, 2)}, []*value.Vector{vec(value.BigIntType, 2, 3, 1)}))
	got := aggregateGroups(t, "sum", ints, true, 3,
		grouped{[]*value.Vector{vec(value.BigIntType, 5, 5, 5)}, []uint32{0, 1, 0}, 2},
		grouped{[]*value.Vector{vec(value.BigIntType, 5, 7, 7)}, []uint32{1, 2, 2}, 3},
	)
	assert.Equal(t, []value.Value{bigint(5), bigint(5), bigint(7)}, got)

	// DECIMAL and STRING keys; several arguments of other types.
	dt := value.DecimalType(10, 2)
	assert.Equal(t, bigint(2), mustAggregate(t, "count", []fn.Arg{col(dt)}, true, []*value.Vector{vec(dt, 100, 100, 250, nil)}))
	assert.Equal(t, bigint(2), mustAggregate(t, "count", []fn.Arg{col(value.StringType)}, true,
		[]*value.Vector{vec(value.StringType, "x", "y", "x", nil)}))
	assert.Equal(t, bigint(3), mustAggregate(t, "count", []fn.Arg{col(dt), col(value.DoubleType)}, true, []*value.Vector{
		vec(dt, 100, 100, 100, 200),
		vec(value.DoubleType, 1.0, 1.0, 2.0, 1.0),
	}))
	// Encoded keys must not collide: ("ab", "c") and ("a", "bc").
	assert.Equal(t, bigint(2), mustAggregate(t, "count", []fn.Arg{col(value.StringType), col(value.StringType)}, true, []*value.Vector{
		vec(value.StringType, "ab", "a"),
		vec(value.StringType, "c", "bc"),
	}))
	// percentile(DISTINCT x, p) deduplicates on x (p is constant).
	assert.Equal(t, double(5.5), mustAggregate(t, "percentile", []fn.Arg{col(value.IntType), p(5, 1)}, true,
		[]*value.Vector{vec(value.IntType, 1, 1, 10, 10, 1)}))
}
