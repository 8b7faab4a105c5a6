package agg

import (
	"cmp"
	"slices"
	"sort"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

func init() {
	register(&Aggregate{Name: "percentile", Resolve: resolvePercentile, New: build(newPercentile)})
	register(&Aggregate{Name: "median", Resolve: resolveMedian, New: build(newPercentile)})
}

// resolvePercentile: percentile(col, p [, frequency]) → DOUBLE, with p a
// constant in [0, 1] and frequency an integral column.
func resolvePercentile(args []fn.Arg, distinct bool) (value.Type, []value.Type, error) {
	if err := fn.CheckArity("percentile", args, 2, 3); err != nil {
		return value.Type{}, nil, err
	}
	sql := callSQL("percentile", args, distinct)
	col, ok := numericInput(args[0].Type)
	if !ok {
		return value.Type{}, nil, fn.UnexpectedType(sql, 0, numericCollection, args[0])
	}
	pt, err := checkPercentage(sql, args[1], "percentage")
	if err != nil {
		return value.Type{}, nil, err
	}
	casts := []value.Type{col, pt}
	if len(args) == 3 {
		ft := args[2].Type
		switch {
		case ft.IsIntegral():
		case ft.Kind == value.Void:
			ft = value.BigIntType
		default:
			return value.Type{}, nil, fn.UnexpectedType(sql, 2, integralRequired, args[2])
		}
		casts = append(casts, ft)
	}
	return value.DoubleType, casts, nil
}

// resolveMedian: median(col) is percentile(col, 0.5).
func resolveMedian(args []fn.Arg, distinct bool) (value.Type, []value.Type, error) {
	if err := fn.CheckArity("median", args, 1, 1); err != nil {
		return value.Type{}, nil, err
	}
	col, ok := numericInput(args[0].Type)
	if !ok {
		return value.Type{}, nil, fn.UnexpectedType(callSQL("median", args, distinct), 0, numericCollection, args[0])
	}
	return value.DoubleType, sameTypes(col), nil
}

// checkPercentage validates a percentage argument: a numeric constant, not
// NULL, in [0, 1]. It returns the cast (DOUBLE). name is the parameter name
// as Spark's message prints it.
func checkPercentage(sql string, a fn.Arg, name string) (value.Type, error) {
	if _, ok := doubleInput(a.Type); !ok {
		return value.Type{}, fn.UnexpectedType(sql, 1, doubleRequired, a)
	}
	if a.Const == nil {
		return value.Type{}, nonFoldable(sql, "percentage", value.DoubleType, a)
	}
	if a.Const.Null || a.Type.Kind == value.Void {
		return value.Type{}, unexpectedNull(sql, "percentage")
	}
	p, ok := constFloat(a.Const)
	if !ok || p < 0 || p > 1 || p != p {
		current := a.Const.SQLLiteral()
		if ok {
			current = value.Float64(p).SQLLiteral()
		}
		return value.Type{}, outOfRange(sql, name, "[0.0, 1.0]", current)
	}
	return value.DoubleType, nil
}

func newPercentile(_ value.Type, args []fn.Arg) Accumulator {
	p := 0.5
	if len(args) > 1 {
		p, _ = constFloat(args[1].Const)
	}
	freq := len(args) > 2
	switch args[0].Type.Physical() {
	case value.PhysInt:
		return &percentileAcc[int64]{p: p, freq: freq, data: func(v *value.Vector) []int64 { return v.I64 },
			cmp: cmp.Compare[int64], toFloat: func(x int64) float64 { return float64(x) }}
	case value.PhysDecimal:
		scale := int(args[0].Type.Scale)
		return &percentileAcc[value.Int128]{p: p, freq: freq, data: func(v *value.Vector) []value.Int128 { return v.Dec },
			cmp: value.Int128.Cmp, toFloat: func(x value.Int128) float64 { return decimalToFloat(x, scale) }}
	}
	return &percentileAcc[float64]{p: p, freq: freq, data: func(v *value.Vector) []float64 { return v.F64 },
		cmp: value.CompareFloat, toFloat: func(x float64) float64 { return x }}
}

// percentileAcc is Spark's exact Percentile: it keeps every non-NULL value
// of a group (with its frequency), sorts them in the column's order and
// interpolates linearly at position p·(n−1), converting keys to DOUBLE
// only for the interpolation.
type percentileAcc[T any] struct {
	p       float64
	freq    bool
	data    func(*value.Vector) []T
	cmp     func(a, b T) int
	toFloat func(T) float64
	vals    [][]T
	counts  [][]int64
}

var _ Accumulator = (*percentileAcc[int64])(nil)

func (a *percentileAcc[T]) Update(args []*value.Vector, n int, groups []uint32, ngroups int) error {
	ng := groupCount(groups, ngroups)
	a.vals = grow(a.vals, ng)
	if a.freq {
		a.counts = grow(a.counts, ng)
	}
	v := args[0]
	xs, nulls := a.data(v)[:n], rowsNulls(v, n)
	var fs []int64
	var fnulls []bool
	if a.freq {
		fs, fnulls = args[2].I64[:n], rowsNulls(args[2], n)
	}
	for i, x := range xs {
		if nulls != nil && nulls[i] {
			continue
		}
		g := uint32(0)
		if groups != nil {
			g = groups[i]
		}
		if !a.freq {
			a.vals[g] = append(a.vals[g], x)
			continue
		}
		if fnulls != nil && fnulls[i] {
			continue
		}
		switch f := fs[i]; {
		case f > 0:
			a.vals[g] = append(a.vals[g], x)
			a.counts[g] = append(a.counts[g], f)
		case f < 0:
			return errclass.New("NEGATIVE_VALUES_IN_FREQUENCY_EXPRESSION",
				"Found the negative value in %s: %d, but expected a positive integral value.", quote("?"), f)
		}
	}
	return nil
}

func (a *percentileAcc[T]) Result(ngroups int) (*value.Vector, error) {
	out := make([]float64, ngroups)
	var nulls []bool
	for g := range out {
		if g >= len(a.vals) || len(a.vals[g]) == 0 {
			if nulls == nil {
				nulls = make([]bool, ngroups)
			}
			nulls[g] = true
			continue
		}
		out[g] = a.percentile(g)
	}
	return &value.Vector{Type: value.DoubleType, F64: out, Nulls: nulls}, nil
}

// percentile computes group g's result (the group has values).
func (a *percentileAcc[T]) percentile(g int) float64 {
	vals := a.vals[g]
	// cum[i] is the number of values up to and including sorted entry i.
	var cum []int64
	if a.freq {
		idx := make([]int, len(vals))
		for i := range idx {
			idx[i] = i
		}
		slices.SortFunc(idx, func(x, y int) int { return a.cmp(vals[x], vals[y]) })
		sorted := make([]T, len(vals))
		cum = make([]int64, len(vals))
		total := int64(0)
		for j, i := range idx {
			sorted[j] = vals[i]
			total += a.counts[g][i]
			cum[j] = total
		}
		vals = sorted
	} else {
		slices.SortFunc(vals, a.cmp)
	}
	total := int64(len(vals))
	if cum != nil {
		total = cum[len(cum)-1]
	}
	at := func(rank int64) T {
		if cum == nil {
			return vals[rank]
		}
		return vals[sort.Search(len(cum), func(i int) bool { return cum[i] >= rank+1 })]
	}
	position := float64(total-1) * a.p
	lower := int64(position)
	higher := lower
	if float64(lower) < position {
		higher++
	}
	lowerKey := at(lower)
	if higher == lower {
		return a.toFloat(lowerKey)
	}
	higherKey := at(higher)
	if a.cmp(lowerKey, higherKey) == 0 {
		return a.toFloat(lowerKey)
	}
	// Each product is rounded on its own, as in Java (no fused multiply-add).
	return float64((float64(higher)-position)*a.toFloat(lowerKey)) + float64((position-float64(lower))*a.toFloat(higherKey))
}
