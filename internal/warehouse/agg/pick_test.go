package agg

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

func TestFirstLastAnyValue(t *testing.T) {
	ints := value.IntType
	ignore := lit(value.Bool(true))
	tests := []struct {
		fn   string
		args []fn.Arg
		in   *value.Vector
		want value.Value
	}{
		// Databricks any_value / first / last examples.
		{"any_value", []fn.Arg{col(ints)}, vec(ints, 10, 5, 20), value.Int32(10)},
		{"any_value", []fn.Arg{col(ints)}, vec(ints, nil, 5, 20), null(ints)},
		{"any_value", []fn.Arg{col(ints), ignore}, vec(ints, nil, 5, 20), value.Int32(5)},
		{"first", []fn.Arg{col(ints)}, vec(ints, 10, 5, 20), value.Int32(10)},
		{"first_value", []fn.Arg{col(ints), ignore}, vec(ints, nil, 5, 20), value.Int32(5)},
		{"last", []fn.Arg{col(ints)}, vec(ints, 10, 5, 20), value.Int32(20)},
		{"last", []fn.Arg{col(ints)}, vec(ints, 10, 5, nil), null(ints)},
		{"last_value", []fn.Arg{col(ints), ignore}, vec(ints, 10, 5, nil), value.Int32(5)},
		{"first", []fn.Arg{col(ints), lit(value.Bool(false))}, vec(ints, nil, 5), null(ints)},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, mustAggregate(t, tt.fn, tt.args, false, []*value.Vector{tt.in}), "%s(%v)", tt.fn, tt.in)
	}

	got := aggregateGroups(t, "last", []fn.Arg{col(value.StringType)}, false, 3,
		grouped{[]*value.Vector{vec(value.StringType, "a", "b", "c")}, []uint32{0, 1, 0}, 2},
		grouped{[]*value.Vector{vec(value.StringType, "d")}, []uint32{1}, 2},
	)
	assert.Equal(t, []value.Value{value.Str("c"), value.Str("d"), null(value.StringType)}, got)
}

func TestMinMaxBy(t *testing.T) {
	args := []fn.Arg{col(value.StringType), col(value.IntType)}
	x := vec(value.StringType, "a", "b", "c")
	y := vec(value.IntType, 10, 50, 20)
	// Databricks: max_by(x, y) over ('a', 10), ('b', 50), ('c', 20) → 'b';
	// min_by → 'a'.
	assert.Equal(t, value.Str("b"), mustAggregate(t, "max_by", args, false, []*value.Vector{x, y}))
	assert.Equal(t, value.Str("a"), mustAggregate(t, "min_by", args, false, []*value.Vector{x, y}))

	// NULL orderings are skipped; a NULL value at the extremum is returned.
	assert.Equal(t, null(value.StringType), mustAggregate(t, "max_by", args, false,
		[]*value.Vector{vec(value.StringType, "a", nil, "c"), vec(value.IntType, 1, 9, nil)}))
	assert.Equal(t, null(value.StringType), mustAggregate(t, "min_by", args, false,
		[]*value.Vector{vec(value.StringType, "a"), vec(value.IntType, nil)}))

	got := aggregateGroups(t, "max_by", args, false, 2,
		grouped{[]*value.Vector{vec(value.StringType, "a", "b", "c", "d"), vec(value.IntType, 1, 5, 3, 2)}, []uint32{0, 1, 0, 1}, 2})
	assert.Equal(t, []value.Value{value.Str("c"), value.Str("b")}, got)
}
