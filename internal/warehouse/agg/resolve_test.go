package agg

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

func TestResolveErrors(t *testing.T) {
	b := col(value.BooleanType)
	tests := []struct {
		fn        string
		args      []fn.Arg
		distinct  bool
		wantClass string
		wantText  string
	}{
		// The text Spark gives for sum((gender = F)): the first parameter
		// requires the "NUMERIC" or "ANSI INTERVAL" type.
		{"sum", []fn.Arg{b}, false, "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
			`Cannot resolve "sum(?)" due to data type mismatch: The first parameter requires the "NUMERIC" or "ANSI INTERVAL" type, however "?" has the type "BOOLEAN".`},
		{"avg", []fn.Arg{col(value.DateType)}, true, "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", `"avg(DISTINCT ?)"`},
		{"stddev", []fn.Arg{col(value.TimestampType)}, false, "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", `requires the "DOUBLE" type`},
		{"count_if", []fn.Arg{col(value.IntType)}, false, "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", `requires the "BOOLEAN" type`},
		{"bool_and", []fn.Arg{col(value.IntType)}, false, "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", `requires the "BOOLEAN" type`},
		{"first", []fn.Arg{b, col(value.BooleanType)}, false, "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT", "`ignoreNulls`"},
		{"first", []fn.Arg{b, lit(value.Int32(1))}, false, "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", "The second parameter"},
		{"sum", []fn.Arg{col(value.IntType), col(value.IntType)}, false, "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
			"The `sum` requires 1 parameters but the actual number is 2. Please, refer to 'https://docs.databricks.com/sql/language-manual/sql-ref-functions.html' for a fix. SQLSTATE: 42605"},
		{"min", nil, false, "WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "The `min` requires 1 parameters but the actual number is 0."},
		{"max_by", []fn.Arg{b}, false, "WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "requires 2 parameters"},
		{"any_value", nil, false, "WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "requires [1, 2] parameters"},
		{"count", nil, true, "WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "The `count` requires 1 parameters"},
	}
	for _, tt := range tests {
		t.Run(tt.fn, func(t *testing.T) {
			a, ok := Lookup(tt.fn)
			require.True(t, ok)
			_, _, err := a.Resolve(tt.args, tt.distinct)
			require.Error(t, err)
			assert.ErrorIs(t, err, &errclass.Error{Class: tt.wantClass})
			assert.Contains(t, err.Error(), tt.wantText)
		})
	}
}

func TestLookup(t *testing.T) {
	for _, name := range []string{"count", "count_if", "sum", "avg", "mean", "min", "max", "stddev", "std",
		"stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop", "percentile", "median",
		"percentile_approx", "approx_percentile", "approx_count_distinct", "bool_and", "every", "bool_or",
		"some", "any", "any_value", "first", "first_value", "last", "last_value", "min_by", "max_by"} {
		_, ok := Lookup(name)
		assert.True(t, ok, name)
	}
	_, ok := Lookup("collect_list")
	assert.False(t, ok)
}

// TestCheckedUpdate: vectors that do not match the resolved types are an
// INTERNAL_ERROR, not a panic.
func TestCheckedUpdate(t *testing.T) {
	a, _ := Lookup("sum")
	args := []fn.Arg{col(value.BigIntType)}
	ret, _, err := a.Resolve(args, false)
	require.NoError(t, err)
	acc := a.New(ret, args, false)
	internal := &errclass.Error{Class: "INTERNAL_ERROR"}
	assert.ErrorIs(t, acc.Update([]*value.Vector{vec(value.StringType, "x")}, 1, nil, 1), internal)
	assert.ErrorIs(t, acc.Update(nil, 1, nil, 1), internal)
	assert.ErrorIs(t, acc.Update([]*value.Vector{vec(value.BigIntType, 1)}, 2, nil, 1), internal)
	assert.ErrorIs(t, acc.Update([]*value.Vector{vec(value.BigIntType, 1, 2)}, 2, []uint32{0}, 1), internal)
	assert.NoError(t, acc.Update([]*value.Vector{vec(value.BigIntType, 1, 2)}, 0, nil, 1))
	out, err := acc.Result(1)
	require.NoError(t, err)
	assert.Equal(t, null(value.BigIntType), out.Get(0))
}
