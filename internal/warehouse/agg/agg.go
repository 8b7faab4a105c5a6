package agg

import (
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
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

// build wraps an accumulator constructor: f(DISTINCT …) sees each distinct
// argument tuple of a group once, and every Update first checks that the
// vectors match the resolved argument types, so a caller's mistake is an
// INTERNAL_ERROR rather than a panic.
func build(newAcc func(ret value.Type, args []fn.Arg) Accumulator) func(value.Type, []fn.Arg, bool) Accumulator {
	return func(ret value.Type, args []fn.Arg, distinct bool) Accumulator {
		acc := newAcc(ret, args)
		if distinct && len(args) > 0 {
			acc = newDistinct(acc)
		}
		want := make([]value.Physical, len(args))
		for i, a := range args {
			want[i] = a.Type.Physical()
		}
		return &checked{inner: acc, want: want}
	}
}

// checked validates Update's arguments before passing them on.
type checked struct {
	inner Accumulator
	want  []value.Physical
}

var _ Accumulator = (*checked)(nil)

func (c *checked) Update(args []*value.Vector, n int, groups []uint32, ngroups int) error {
	if len(args) != len(c.want) {
		return errclass.New("INTERNAL_ERROR", "aggregate expects %d arguments, got %d", len(c.want), len(args))
	}
	for i, v := range args {
		if v == nil || v.Type.Physical() != c.want[i] || v.Len() < n {
			return errclass.New("INTERNAL_ERROR", "aggregate argument %d does not match its resolved type", i+1)
		}
	}
	if n < 0 || (groups != nil && len(groups) < n) {
		return errclass.New("INTERNAL_ERROR", "aggregate update with %d rows and %d group ids", n, len(groups))
	}
	if n == 0 {
		return nil
	}
	return c.inner.Update(args, n, groups, ngroups)
}

func (c *checked) Result(ngroups int) (*value.Vector, error) {
	return c.inner.Result(max(ngroups, 0))
}

// grow returns s extended with zero values to length n (never shorter).
func grow[T any](s []T, n int) []T {
	if len(s) >= n {
		return s
	}
	if cap(s) >= n {
		return s[:n]
	}
	return append(s, make([]T, n-len(s))...)
}

// groupCount is the number of groups an Update call covers: groups == nil
// means one group even if the caller passes ngroups 0.
func groupCount(groups []uint32, ngroups int) int {
	if groups == nil && ngroups < 1 {
		return 1
	}
	return ngroups
}

// nullMask returns the rows of a result that are NULL because their group
// never saw a value, or nil when every group did.
func nullMask(seen []bool, ngroups int) []bool {
	var nulls []bool
	for g := range ngroups {
		if g >= len(seen) || !seen[g] {
			if nulls == nil {
				nulls = make([]bool, ngroups)
			}
			nulls[g] = true
		}
	}
	return nulls
}

// rowsNulls returns the null mask of the first n rows of v (nil if none).
func rowsNulls(v *value.Vector, n int) []bool {
	if v.Nulls == nil {
		return nil
	}
	return v.Nulls[:n]
}

// anyNull returns the rows (of n) where any of vs is NULL: nil when no
// vector has a null mask, the one mask itself when only one has, otherwise
// the masks ORed into buf (grown as needed).
func anyNull(vs []*value.Vector, n int, buf []bool) []bool {
	var first []bool
	masks := 0
	for _, v := range vs {
		if v.Nulls != nil {
			masks++
			if first == nil {
				first = v.Nulls[:n]
			}
		}
	}
	if masks <= 1 {
		return first
	}
	out := grow(buf[:0], n)
	copy(out, first)
	for _, v := range vs {
		if v.Nulls == nil {
			continue
		}
		for i, isNull := range v.Nulls[:n] {
			out[i] = out[i] || isNull
		}
	}
	return out
}
