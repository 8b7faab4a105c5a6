package agg

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// Examples from the Databricks count and count_if documentation:
// VALUES (NULL), (5), (5), (20).
func TestCount(t *testing.T) {
	c := vec(value.IntType, nil, 5, 5, 20)
	tests := []struct {
		name     string
		args     []fn.Arg
		distinct bool
		batch    []*value.Vector
		want     value.Value
	}{
		{"count(*)", nil, false, nil, bigint(4)},
		{"count(col)", []fn.Arg{col(value.IntType)}, false, []*value.Vector{c}, bigint(3)},
		{"count(DISTINCT col)", []fn.Arg{col(value.IntType)}, true, []*value.Vector{c}, bigint(2)},
		{"count(NULL)", []fn.Arg{lit(value.NullOf(value.VoidType))}, false,
			[]*value.Vector{value.NewVector(value.VoidType, 4)}, bigint(0)},
		{"count(a, b) skips rows with any NULL", []fn.Arg{col(value.IntType), col(value.StringType)}, false,
			[]*value.Vector{c, vec(value.StringType, "x", "y", nil, "z")}, bigint(2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, ret, casts := resolved(t, "count", tt.args, tt.distinct)
			assert.Equal(t, value.BigIntType, ret)
			acc := a.New(ret, castArgs(tt.args, casts), tt.distinct)
			require.NoError(t, acc.Update(tt.batch, 4, nil, 1))
			out, err := acc.Result(1)
			require.NoError(t, err)
			assert.Equal(t, tt.want, out.Get(0))
		})
	}
}

func TestCountIf(t *testing.T) {
	// count_if(col % 2 = 0) over (NULL), (0), (1), (2), (3) is 2;
	// count_if(col IS NULL) is 1.
	even := vec(value.BooleanType, nil, true, false, true, false)
	isNull := vec(value.BooleanType, true, false, false, false, false)
	args := []fn.Arg{col(value.BooleanType)}
	assert.Equal(t, bigint(2), mustAggregate(t, "count_if", args, false, []*value.Vector{even}))
	assert.Equal(t, bigint(1), mustAggregate(t, "count_if", args, false, []*value.Vector{isNull}))
	assert.Equal(t, bigint(0), mustAggregate(t, "count_if", args, false), "no rows")
}

func TestCountEmptyAndGrouped(t *testing.T) {
	assert.Equal(t, bigint(0), mustAggregate(t, "count", nil, false), "count(*) of no rows")
	assert.Equal(t, bigint(0), mustAggregate(t, "count", []fn.Arg{col(value.IntType)}, false), "count(x) of no rows")

	// Two Update calls; the second adds group 2. Group 3 never gets a row.
	got := aggregateGroups(t, "count", []fn.Arg{col(value.BigIntType)}, false, 4,
		grouped{[]*value.Vector{vec(value.BigIntType, 1, nil, 3)}, []uint32{0, 1, 0}, 2},
		grouped{[]*value.Vector{vec(value.BigIntType, 4, 5, nil)}, []uint32{2, 1, 0}, 3},
	)
	assert.Equal(t, []value.Value{bigint(2), bigint(1), bigint(1), bigint(0)}, got)

	star := aggregateGroups(t, "count", nil, false, 3,
		grouped{nil, []uint32{0, 1, 0, 0}, 2},
		grouped{nil, []uint32{2}, 3},
	)
	assert.Equal(t, []value.Value{bigint(3), bigint(1), bigint(1)}, star)
}
