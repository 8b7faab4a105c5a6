// Package agg implements the fake warehouse's aggregate functions (count,
// sum, avg, min, max, stddev, percentile, approx_count_distinct, …). An
// Accumulator folds argument vectors into per-group states, so grouped and
// ungrouped aggregation share one vectorized path.
//
// Errors are *errclass.Error values with Databricks' classes: WRONG_NUM_ARGS
// and DATATYPE_MISMATCH from Resolve, ANSI runtime errors (ARITHMETIC_OVERFLOW,
// NUMERIC_VALUE_OUT_OF_RANGE) from accumulators.
package agg

import (
	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// Aggregate is an aggregate function.
type Aggregate struct {
	// Name is the lower-case function name.
	Name string
	// Resolve checks the arguments (distinct is set for f(DISTINCT …)) and
	// returns the result type and the argument casts, as Scalar.Resolve does.
	Resolve func(args []fn.Arg, distinct bool) (ret value.Type, casts []value.Type, err error)
	// New returns an empty accumulator. args are the resolved arguments
	// (after casts; Const set for constant ones).
	New func(ret value.Type, args []fn.Arg, distinct bool) Accumulator
}

// Accumulator folds rows into per-group states. It is not safe for concurrent
// use.
type Accumulator interface {
	// Update folds n rows. args are the argument vectors (n rows each; none
	// for count(*)). groups[i] is the group of row i, in [0, ngroups); groups
	// is nil when every row belongs to group 0. ngroups only grows between
	// calls.
	Update(args []*value.Vector, n int, groups []uint32, ngroups int) error
	// Result returns one value per group, for ngroups groups (groups that
	// never received a row get the function's empty result: 0 for count,
	// NULL for most others).
	Result(ngroups int) (*value.Vector, error)
}

var aggregates = map[string]*Aggregate{}

func register(a *Aggregate, aliases ...string) {
	aggregates[a.Name] = a
	for _, al := range aliases {
		aggregates[al] = a
	}
}

// Lookup returns the aggregate function with the given lower-case name.
func Lookup(name string) (*Aggregate, bool) {
	a, ok := aggregates[name]
	return a, ok
}
