package agg

import (
	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

func init() {
	register(&Aggregate{Name: "first", Resolve: resolvePick("first"), New: build(newPick(false))}, "first_value")
	register(&Aggregate{Name: "any_value", Resolve: resolvePick("any_value"), New: build(newPick(false))})
	register(&Aggregate{Name: "last", Resolve: resolvePick("last"), New: build(newPick(true))}, "last_value")
	register(&Aggregate{Name: "max_by", Resolve: resolveBy("max_by"), New: build(newBy(true))})
	register(&Aggregate{Name: "min_by", Resolve: resolveBy("min_by"), New: build(newBy(false))})
}

// resolvePick: (x [, ignoreNulls]) returns x's type; ignoreNulls is a
// BOOLEAN constant.
func resolvePick(name string) func([]fn.Arg, bool) (value.Type, []value.Type, error) {
	return func(args []fn.Arg, distinct bool) (value.Type, []value.Type, error) {
		if err := fn.CheckArity(name, args, 1, 2); err != nil {
			return value.Type{}, nil, err
		}
		casts := []value.Type{args[0].Type}
		if len(args) == 2 {
			sql := callSQL(name, args, distinct)
			a := args[1]
			switch {
			case a.Type.Kind != value.Boolean:
				return value.Type{}, nil, fn.UnexpectedType(sql, 1, booleanRequired, a)
			case a.Const == nil:
				return value.Type{}, nil, nonFoldable(sql, "ignoreNulls", value.BooleanType, a)
			case a.Const.Null:
				return value.Type{}, nil, unexpectedNull(sql, "ignoreNulls")
			}
			casts = append(casts, a.Type)
		}
		return args[0].Type, casts, nil
	}
}

func newPick(last bool) func(value.Type, []fn.Arg) Accumulator {
	return func(ret value.Type, args []fn.Arg) Accumulator {
		ignoreNulls := len(args) > 1 && args[1].Const != nil && args[1].Const.Bool()
		return &pickAcc{ret: ret, last: last, ignoreNulls: ignoreNulls}
	}
}

// pickAcc is first, any_value and last: the first (or last) row of each
// group in scan order, optionally skipping NULLs. Spark calls these
// non-deterministic because its scan order varies; the fake's is the
// table's insertion order.
type pickAcc struct {
	ret         value.Type
	last        bool
	ignoreNulls bool
	vals        []value.Value
	set         []bool
}

var _ Accumulator = (*pickAcc)(nil)

func (a *pickAcc) Update(args []*value.Vector, n int, groups []uint32, ngroups int) error {
	ng := groupCount(groups, ngroups)
	a.vals, a.set = grow(a.vals, ng), grow(a.set, ng)
	v := args[0]
	for i := range n {
		if a.ignoreNulls && v.IsNull(i) {
			continue
		}
		g := uint32(0)
		if groups != nil {
			g = groups[i]
		}
		if a.set[g] && !a.last {
			continue
		}
		a.vals[g], a.set[g] = v.Get(i), true
	}
	return nil
}

func (a *pickAcc) Result(ngroups int) (*value.Vector, error) {
	return valuesVector(a.ret, a.vals, a.set, ngroups), nil
}

// valuesVector builds a result from per-group values; groups not set are
// NULL.
func valuesVector(t value.Type, vals []value.Value, set []bool, ngroups int) *value.Vector {
	b := value.NewBuilder(t, ngroups)
	for g := range ngroups {
		if g < len(set) && set[g] {
			b.Append(vals[g])
		} else {
			b.Append(value.NullOf(t))
		}
	}
	return b.Build()
}

// resolveBy: (x, ord) returns x's type; every type is orderable.
func resolveBy(name string) func([]fn.Arg, bool) (value.Type, []value.Type, error) {
	return func(args []fn.Arg, _ bool) (value.Type, []value.Type, error) {
		if err := fn.CheckArity(name, args, 2, 2); err != nil {
			return value.Type{}, nil, err
		}
		return args[0].Type, sameTypes(args[0].Type, args[1].Type), nil
	}
}

func newBy(isMax bool) func(value.Type, []fn.Arg) Accumulator {
	return func(ret value.Type, _ []fn.Arg) Accumulator { return &byAcc{ret: ret, isMax: isMax} }
}

// byAcc is max_by and min_by with Spark's update rule: a row with a NULL
// ordering is ignored once an ordering has been seen (before that it leaves
// the value NULL); a row whose ordering is not beaten by the current one
// (ties included) replaces the value.
type byAcc struct {
	ret   value.Type
	isMax bool
	vals  []value.Value
	ords  []value.Value
	set   []bool // an ordering has been seen
}

var _ Accumulator = (*byAcc)(nil)

func (a *byAcc) Update(args []*value.Vector, n int, groups []uint32, ngroups int) error {
	ng := groupCount(groups, ngroups)
	a.vals, a.ords, a.set = grow(a.vals, ng), grow(a.ords, ng), grow(a.set, ng)
	x, ord := args[0], args[1]
	for i := range n {
		if ord.IsNull(i) || ord.Type.Kind == value.Void {
			continue
		}
		g := uint32(0)
		if groups != nil {
			g = groups[i]
		}
		o := ord.Get(i)
		if a.set[g] {
			c := value.Compare(a.ords[g], o)
			if (a.isMax && c > 0) || (!a.isMax && c < 0) {
				continue
			}
		}
		a.vals[g], a.ords[g], a.set[g] = x.Get(i), o, true
	}
	return nil
}

func (a *byAcc) Result(ngroups int) (*value.Vector, error) {
	return valuesVector(a.ret, a.vals, a.set, ngroups), nil
}
