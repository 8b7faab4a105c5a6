package agg

import (
	"cmp"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

func init() {
	register(&Aggregate{Name: "min", Resolve: resolveExtremum("min"), New: build(newExtremum(false))})
	register(&Aggregate{Name: "max", Resolve: resolveExtremum("max"), New: build(newExtremum(true))})
	register(&Aggregate{Name: "bool_and", Resolve: resolveBool("bool_and"), New: build(newExtremum(false))}, "every")
	register(&Aggregate{Name: "bool_or", Resolve: resolveBool("bool_or"), New: build(newExtremum(true))}, "some", "any")
}

// resolveExtremum accepts one argument of any type: every supported type is
// orderable.
func resolveExtremum(name string) func([]fn.Arg, bool) (value.Type, []value.Type, error) {
	return func(args []fn.Arg, _ bool) (value.Type, []value.Type, error) {
		if err := fn.CheckArity(name, args, 1, 1); err != nil {
			return value.Type{}, nil, err
		}
		return args[0].Type, sameTypes(args[0].Type), nil
	}
}

// resolveBool is bool_and and bool_or: min and max over BOOLEAN.
func resolveBool(name string) func([]fn.Arg, bool) (value.Type, []value.Type, error) {
	return func(args []fn.Arg, distinct bool) (value.Type, []value.Type, error) {
		if err := fn.CheckArity(name, args, 1, 1); err != nil {
			return value.Type{}, nil, err
		}
		t, ok := booleanInput(args[0].Type)
		if !ok {
			return value.Type{}, nil, fn.UnexpectedType(callSQL(name, args, distinct), 0, booleanRequired, args[0])
		}
		return value.BooleanType, sameTypes(t), nil
	}
}

func newExtremum(isMax bool) func(value.Type, []fn.Arg) Accumulator {
	return func(ret value.Type, _ []fn.Arg) Accumulator {
		switch ret.Physical() {
		case value.PhysInt:
			return &extremum[int64]{typ: ret, isMax: isMax, data: func(v *value.Vector) []int64 { return v.I64 }}
		case value.PhysString:
			return &extremum[string]{typ: ret, isMax: isMax, data: func(v *value.Vector) []string { return v.Str }}
		case value.PhysFloat:
			return &floatExtremum{typ: ret, isMax: isMax}
		case value.PhysDecimal:
			return &decimalExtremum{typ: ret, isMax: isMax}
		}
		return voidAcc{}
	}
}

// extremum is min or max over a type whose Go order is its SQL order:
// integers (and BOOLEAN, DATE, TIMESTAMP) and strings (UTF-8 bytes).
type extremum[T int64 | string] struct {
	typ   value.Type
	isMax bool
	data  func(*value.Vector) []T
	vals  []T
	seen  []bool
}

var _ Accumulator = (*extremum[int64])(nil)

func (a *extremum[T]) Update(args []*value.Vector, n int, groups []uint32, ngroups int) error {
	ng := groupCount(groups, ngroups)
	a.vals, a.seen = grow(a.vals, ng), grow(a.seen, ng)
	v := args[0]
	xs, nulls := a.data(v)[:n], rowsNulls(v, n)
	switch {
	case groups == nil && a.isMax:
		a.vals[0], a.seen[0] = foldMax(xs, nulls, a.vals[0], a.seen[0])
	case groups == nil:
		a.vals[0], a.seen[0] = foldMin(xs, nulls, a.vals[0], a.seen[0])
	case a.isMax:
		groupMax(xs, nulls, groups[:n], a.vals, a.seen)
	default:
		groupMin(xs, nulls, groups[:n], a.vals, a.seen)
	}
	return nil
}

func (a *extremum[T]) Result(ngroups int) (*value.Vector, error) {
	out := &value.Vector{Type: a.typ, Nulls: nullMask(a.seen, ngroups)}
	vals := make([]T, ngroups)
	copy(vals, a.vals)
	switch p := any(&vals).(type) {
	case *[]int64:
		out.I64 = *p
	case *[]string:
		out.Str = *p
	}
	return out, nil
}

func foldMax[T cmp.Ordered](xs []T, nulls []bool, cur T, seen bool) (T, bool) {
	if nulls == nil {
		if len(xs) == 0 {
			return cur, seen
		}
		if !seen {
			cur = xs[0]
		}
		for _, x := range xs {
			if x > cur {
				cur = x
			}
		}
		return cur, true
	}
	for i, x := range xs {
		if !nulls[i] && (!seen || x > cur) {
			cur, seen = x, true
		}
	}
	return cur, seen
}

func foldMin[T cmp.Ordered](xs []T, nulls []bool, cur T, seen bool) (T, bool) {
	if nulls == nil {
		if len(xs) == 0 {
			return cur, seen
		}
		if !seen {
			cur = xs[0]
		}
		for _, x := range xs {
			if x < cur {
				cur = x
			}
		}
		return cur, true
	}
	for i, x := range xs {
		if !nulls[i] && (!seen || x < cur) {
			cur, seen = x, true
		}
	}
	return cur, seen
}

func groupMax[T cmp.Ordered](xs []T, nulls []bool, groups []uint32, vals []T, seen []bool) {
	for i, x := range xs {
		if nulls != nil && nulls[i] {
			continue
		}
		g := groups[i]
		if !seen[g] || x > vals[g] {
			vals[g], seen[g] = x, true
		}
	}
}

func groupMin[T cmp.Ordered](xs []T, nulls []bool, groups []uint32, vals []T, seen []bool) {
	for i, x := range xs {
		if nulls != nil && nulls[i] {
			continue
		}
		g := groups[i]
		if !seen[g] || x < vals[g] {
			vals[g], seen[g] = x, true
		}
	}
}

// floatAbove reports whether x sorts after y in Spark's order for doubles:
// NaN is greater than every other value and equal to itself, and -0.0
// equals 0.0.
func floatAbove(x, y float64) bool { return x > y || (x != x && y == y) }

// floatExtremum is min or max over FLOAT and DOUBLE. Of equal values
// (-0.0 and 0.0) the first one seen is kept, as Spark's greatest and least do.
type floatExtremum struct {
	typ   value.Type
	isMax bool
	vals  []float64
	seen  []bool
}

var _ Accumulator = (*floatExtremum)(nil)

func (a *floatExtremum) Update(args []*value.Vector, n int, groups []uint32, ngroups int) error {
	ng := groupCount(groups, ngroups)
	a.vals, a.seen = grow(a.vals, ng), grow(a.seen, ng)
	v := args[0]
	xs, nulls := v.F64[:n], rowsNulls(v, n)
	if groups == nil && nulls == nil {
		cur := a.vals[0]
		if !a.seen[0] {
			cur = xs[0]
		}
		if a.isMax {
			for _, x := range xs {
				if floatAbove(x, cur) {
					cur = x
				}
			}
		} else {
			for _, x := range xs {
				if floatAbove(cur, x) {
					cur = x
				}
			}
		}
		a.vals[0], a.seen[0] = cur, true
		return nil
	}
	vals, seen := a.vals, a.seen
	for i, x := range xs {
		if nulls != nil && nulls[i] {
			continue
		}
		g := uint32(0)
		if groups != nil {
			g = groups[i]
		}
		if !seen[g] || (a.isMax && floatAbove(x, vals[g])) || (!a.isMax && floatAbove(vals[g], x)) {
			vals[g], seen[g] = x, true
		}
	}
	return nil
}

func (a *floatExtremum) Result(ngroups int) (*value.Vector, error) {
	vals := make([]float64, ngroups)
	copy(vals, a.vals)
	return &value.Vector{Type: a.typ, F64: vals, Nulls: nullMask(a.seen, ngroups)}, nil
}

// decimalExtremum is min or max over DECIMAL.
type decimalExtremum struct {
	typ   value.Type
	isMax bool
	vals  []value.Int128
	seen  []bool
}

var _ Accumulator = (*decimalExtremum)(nil)

// decimalAbove reports x > y for unscaled values of one scale.
func decimalAbove(x, y value.Int128) bool { return x.Hi > y.Hi || (x.Hi == y.Hi && x.Lo > y.Lo) }

func (a *decimalExtremum) Update(args []*value.Vector, n int, groups []uint32, ngroups int) error {
	ng := groupCount(groups, ngroups)
	a.vals, a.seen = grow(a.vals, ng), grow(a.seen, ng)
	v := args[0]
	xs, nulls := v.Dec[:n], rowsNulls(v, n)
	if groups == nil && nulls == nil {
		cur := a.vals[0]
		if !a.seen[0] {
			cur = xs[0]
		}
		if a.isMax {
			for _, x := range xs {
				if decimalAbove(x, cur) {
					cur = x
				}
			}
		} else {
			for _, x := range xs {
				if decimalAbove(cur, x) {
					cur = x
				}
			}
		}
		a.vals[0], a.seen[0] = cur, true
		return nil
	}
	vals, seen := a.vals, a.seen
	for i, x := range xs {
		if nulls != nil && nulls[i] {
			continue
		}
		g := uint32(0)
		if groups != nil {
			g = groups[i]
		}
		if !seen[g] || (a.isMax && decimalAbove(x, vals[g])) || (!a.isMax && decimalAbove(vals[g], x)) {
			vals[g], seen[g] = x, true
		}
	}
	return nil
}

func (a *decimalExtremum) Result(ngroups int) (*value.Vector, error) {
	vals := make([]value.Int128, ngroups)
	copy(vals, a.vals)
	return &value.Vector{Type: a.typ, Dec: vals, Nulls: nullMask(a.seen, ngroups)}, nil
}

// voidAcc aggregates an argument of type VOID (an untyped NULL): every
// group's result is NULL.
type voidAcc struct{}

var _ Accumulator = voidAcc{}

func (voidAcc) Update([]*value.Vector, int, []uint32, int) error { return nil }

func (voidAcc) Result(ngroups int) (*value.Vector, error) {
	return value.NewVector(value.VoidType, ngroups), nil
}
