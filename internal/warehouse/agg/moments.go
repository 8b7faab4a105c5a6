package agg

import (
	"math"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// momentKind selects what a central-moment accumulator returns.
type momentKind uint8

const (
	varSamp momentKind = iota
	varPop
	stddevSamp
	stddevPop
)

func init() {
	moment := func(name string, kind momentKind, aliases ...string) {
		register(&Aggregate{
			Name:    name,
			Resolve: resolveMoment(name),
			New:     build(func(value.Type, []fn.Arg) Accumulator { return &momentAcc{kind: kind} }),
		}, aliases...)
	}
	moment("stddev_samp", stddevSamp, "stddev", "std")
	moment("stddev_pop", stddevPop)
	moment("var_samp", varSamp, "variance")
	moment("var_pop", varPop)
}

// resolveMoment: one argument cast to DOUBLE; the result is DOUBLE.
func resolveMoment(name string) func([]fn.Arg, bool) (value.Type, []value.Type, error) {
	return func(args []fn.Arg, distinct bool) (value.Type, []value.Type, error) {
		if err := fn.CheckArity(name, args, 1, 1); err != nil {
			return value.Type{}, nil, err
		}
		t, ok := doubleInput(args[0].Type)
		if !ok {
			return value.Type{}, nil, fn.UnexpectedType(callSQL(name, args, distinct), 0, doubleRequired, args[0])
		}
		return value.DoubleType, sameTypes(t), nil
	}
}

// momentAcc keeps Spark's CentralMomentAgg state per group (n, mean, m2)
// with the same one-pass update, so results match Spark's to the last bit
// for a single partition.
type momentAcc struct {
	kind momentKind
	n    []float64
	avg  []float64
	m2   []float64
}

var _ Accumulator = (*momentAcc)(nil)

func (a *momentAcc) Update(args []*value.Vector, n int, groups []uint32, ngroups int) error {
	ng := groupCount(groups, ngroups)
	a.n, a.avg, a.m2 = grow(a.n, ng), grow(a.avg, ng), grow(a.m2, ng)
	v := args[0]
	xs, nulls := v.F64[:n], rowsNulls(v, n)
	cn, cavg, cm2 := a.n, a.avg, a.m2
	for i, x := range xs {
		if nulls != nil && nulls[i] {
			continue
		}
		g := uint32(0)
		if groups != nil {
			g = groups[i]
		}
		newN := cn[g] + 1
		delta := x - cavg[g]
		deltaN := delta / newN
		cavg[g] += deltaN
		// The explicit conversion keeps the product rounded on its own, as
		// in Java (no fused multiply-add).
		cm2[g] += float64(delta * (delta - deltaN))
		cn[g] = newN
	}
	return nil
}

func (a *momentAcc) Result(ngroups int) (*value.Vector, error) {
	out := make([]float64, ngroups)
	var nulls []bool
	for g := range out {
		var n, m2 float64
		if g < len(a.n) {
			n, m2 = a.n[g], a.m2[g]
		}
		samp := a.kind == varSamp || a.kind == stddevSamp
		// No rows is NULL; one row is NULL for the sample forms (Spark's
		// default, spark.sql.legacy.statisticalAggregate=false).
		if n == 0 || (samp && n == 1) {
			if nulls == nil {
				nulls = make([]bool, ngroups)
			}
			nulls[g] = true
			continue
		}
		d := n
		if samp {
			d = n - 1
		}
		r := m2 / d
		if a.kind == stddevSamp || a.kind == stddevPop {
			r = math.Sqrt(r)
		}
		out[g] = r
	}
	return &value.Vector{Type: value.DoubleType, F64: out, Nulls: nulls}, nil
}
