package agg

import (
	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

func init() {
	register(&Aggregate{Name: "count", Resolve: resolveCount, New: build(newCount)})
	register(&Aggregate{Name: "count_if", Resolve: resolveCountIf, New: build(newCountIf)})
}

// resolveCount accepts any arguments; none means count(*).
func resolveCount(args []fn.Arg, distinct bool) (value.Type, []value.Type, error) {
	if distinct && len(args) == 0 {
		return value.Type{}, nil, fn.CheckArity("count", args, 1, 1)
	}
	casts := make([]value.Type, len(args))
	for i, a := range args {
		casts[i] = a.Type
	}
	return value.BigIntType, casts, nil
}

func resolveCountIf(args []fn.Arg, distinct bool) (value.Type, []value.Type, error) {
	if err := fn.CheckArity("count_if", args, 1, 1); err != nil {
		return value.Type{}, nil, err
	}
	t, ok := booleanInput(args[0].Type)
	if !ok {
		return value.Type{}, nil, fn.UnexpectedType(callSQL("count_if", args, distinct), 0, booleanRequired, args[0])
	}
	return value.BigIntType, sameTypes(t), nil
}

// countAcc counts rows whose arguments are all non-NULL (all rows for
// count(*)), or with onlyTrue the rows whose one BOOLEAN argument is TRUE.
type countAcc struct {
	counts   []int64
	onlyTrue bool
	scratch  []bool
}

var _ Accumulator = (*countAcc)(nil)

func newCount(value.Type, []fn.Arg) Accumulator   { return &countAcc{} }
func newCountIf(value.Type, []fn.Arg) Accumulator { return &countAcc{onlyTrue: true} }

func (a *countAcc) Update(args []*value.Vector, n int, groups []uint32, ngroups int) error {
	a.counts = grow(a.counts, groupCount(groups, ngroups))
	if a.onlyTrue {
		a.updateTrue(args[0], n, groups)
		return nil
	}
	nulls := anyNull(args, n, a.scratch)
	if len(args) > 1 && nulls != nil {
		a.scratch = nulls
	}
	switch {
	case groups == nil && nulls == nil:
		a.counts[0] += int64(n)
	case groups == nil:
		c := int64(0)
		for _, isNull := range nulls {
			if !isNull {
				c++
			}
		}
		a.counts[0] += c
	case nulls == nil:
		counts := a.counts
		for _, g := range groups[:n] {
			counts[g]++
		}
	default:
		counts := a.counts
		for i, g := range groups[:n] {
			if !nulls[i] {
				counts[g]++
			}
		}
	}
	return nil
}

func (a *countAcc) updateTrue(v *value.Vector, n int, groups []uint32) {
	xs := v.I64[:n]
	nulls := rowsNulls(v, n)
	counts := a.counts
	for i, x := range xs {
		if x == 0 || (nulls != nil && nulls[i]) {
			continue
		}
		if groups == nil {
			counts[0]++
		} else {
			counts[groups[i]]++
		}
	}
}

func (a *countAcc) Result(ngroups int) (*value.Vector, error) {
	out := make([]int64, ngroups)
	copy(out, a.counts)
	return &value.Vector{Type: value.BigIntType, I64: out}, nil
}
