package agg

import (
	"math/big"
	"strings"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

func init() {
	register(&Aggregate{Name: "sum", Resolve: resolveSum, New: build(newSum)})
	register(&Aggregate{Name: "avg", Resolve: resolveAvg, New: build(newAvg)}, "mean")
}

// boundedDecimal is Spark's DecimalType.bounded.
func boundedDecimal(p, s int) value.Type {
	return value.DecimalType(min(p, value.MaxDecimalPrecision), min(s, value.MaxDecimalPrecision))
}

// resolveSum: integral → BIGINT, DECIMAL(p,s) → DECIMAL(min(38,p+10),s),
// FLOAT and DOUBLE → DOUBLE; STRING and VOID are cast to DOUBLE.
func resolveSum(args []fn.Arg, distinct bool) (value.Type, []value.Type, error) {
	return resolveAdditive("sum", args, distinct, func(t value.Type) value.Type {
		switch {
		case t.IsIntegral():
			return value.BigIntType
		case t.Kind == value.Decimal:
			return boundedDecimal(int(t.Precision)+10, int(t.Scale))
		}
		return value.DoubleType
	})
}

// resolveAvg: DECIMAL(p,s) → DECIMAL(p+4,s+4) bounded, any other numeric →
// DOUBLE.
func resolveAvg(args []fn.Arg, distinct bool) (value.Type, []value.Type, error) {
	return resolveAdditive("avg", args, distinct, func(t value.Type) value.Type {
		if t.Kind == value.Decimal {
			return boundedDecimal(int(t.Precision)+4, int(t.Scale)+4)
		}
		return value.DoubleType
	})
}

func resolveAdditive(name string, args []fn.Arg, distinct bool, ret func(value.Type) value.Type) (value.Type, []value.Type, error) {
	if err := fn.CheckArity(name, args, 1, 1); err != nil {
		return value.Type{}, nil, err
	}
	t, ok := numericInput(args[0].Type)
	if !ok {
		return value.Type{}, nil, fn.UnexpectedType(callSQL(name, args, distinct), 0, numericOrInterval, args[0])
	}
	return ret(t), sameTypes(t), nil
}

func newSum(ret value.Type, args []fn.Arg) Accumulator {
	in := args[0].Type
	switch {
	case in.IsIntegral():
		return &intSum{}
	case in.Kind == value.Decimal:
		return &decimalSum{ret: ret, sumType: ret, scale: int(in.Scale)}
	}
	return &floatSum{}
}

func newAvg(ret value.Type, args []fn.Arg) Accumulator {
	in := args[0].Type
	switch {
	case in.IsIntegral():
		return &floatSum{avg: true, fromInt: true}
	case in.Kind == value.Decimal:
		return &decimalSum{ret: ret, sumType: boundedDecimal(int(in.Precision)+10, int(in.Scale)), scale: int(in.Scale), avg: true}
	}
	return &floatSum{avg: true}
}

// intSum is sum over the integral types: a BIGINT that raises
// ARITHMETIC_OVERFLOW, as Spark's ANSI Add (Math.addExact) does.
type intSum struct {
	sums []int64
	seen []bool
}

var _ Accumulator = (*intSum)(nil)

func (a *intSum) Update(args []*value.Vector, n int, groups []uint32, ngroups int) error {
	ng := groupCount(groups, ngroups)
	a.sums, a.seen = grow(a.sums, ng), grow(a.seen, ng)
	v := args[0]
	xs, nulls := v.I64[:n], rowsNulls(v, n)
	if groups == nil && nulls == nil {
		s := a.sums[0]
		for _, x := range xs {
			t := s + x
			if (t^s)&(t^x) < 0 {
				return fn.ArithmeticOverflow("long overflow", "try_add")
			}
			s = t
		}
		a.sums[0], a.seen[0] = s, true
		return nil
	}
	sums, seen := a.sums, a.seen
	for i, x := range xs {
		if nulls != nil && nulls[i] {
			continue
		}
		g := uint32(0)
		if groups != nil {
			g = groups[i]
		}
		s := sums[g]
		t := s + x
		if (t^s)&(t^x) < 0 {
			return fn.ArithmeticOverflow("long overflow", "try_add")
		}
		sums[g], seen[g] = t, true
	}
	return nil
}

func (a *intSum) Result(ngroups int) (*value.Vector, error) {
	out := make([]int64, ngroups)
	copy(out, a.sums)
	return &value.Vector{Type: value.BigIntType, I64: out, Nulls: nullMask(a.seen, ngroups)}, nil
}

// floatSum is sum over FLOAT and DOUBLE, and avg over every non-DECIMAL
// numeric type: a DOUBLE sum in row order (integral inputs converted to
// DOUBLE first, as Spark's Average does) and, for avg, a count.
type floatSum struct {
	avg     bool
	fromInt bool
	sums    []float64
	counts  []int64
}

var _ Accumulator = (*floatSum)(nil)

func (a *floatSum) Update(args []*value.Vector, n int, groups []uint32, ngroups int) error {
	ng := groupCount(groups, ngroups)
	a.sums, a.counts = grow(a.sums, ng), grow(a.counts, ng)
	v := args[0]
	nulls := rowsNulls(v, n)
	if a.fromInt {
		xs := v.I64[:n]
		if groups == nil && nulls == nil {
			s := a.sums[0]
			for _, x := range xs {
				s += float64(x)
			}
			a.sums[0] = s
			a.counts[0] += int64(n)
			return nil
		}
		for i, x := range xs {
			if nulls == nil || !nulls[i] {
				a.add(groups, i, float64(x))
			}
		}
		return nil
	}
	xs := v.F64[:n]
	if groups == nil && nulls == nil {
		s := a.sums[0]
		for _, x := range xs {
			s += x
		}
		a.sums[0] = s
		a.counts[0] += int64(n)
		return nil
	}
	for i, x := range xs {
		if nulls == nil || !nulls[i] {
			a.add(groups, i, x)
		}
	}
	return nil
}

func (a *floatSum) add(groups []uint32, i int, x float64) {
	g := uint32(0)
	if groups != nil {
		g = groups[i]
	}
	a.sums[g] += x
	a.counts[g]++
}

func (a *floatSum) Result(ngroups int) (*value.Vector, error) {
	out := make([]float64, ngroups)
	var nulls []bool
	for g := range out {
		if g >= len(a.counts) || a.counts[g] == 0 {
			if nulls == nil {
				nulls = make([]bool, ngroups)
			}
			nulls[g] = true
			continue
		}
		out[g] = a.sums[g]
		if a.avg {
			out[g] /= float64(a.counts[g])
		}
	}
	return &value.Vector{Type: value.DoubleType, F64: out, Nulls: nulls}, nil
}

// decimalSum is sum and avg over DECIMAL. The running sum has type sumType
// (DECIMAL(min(38,p+10),s)); a sum that leaves it is Spark's "Overflow in
// sum of decimals". avg divides as Spark's DecimalDivideWithOverflowCheck:
// the quotient rounded half up to scale 38, then to the result type.
type decimalSum struct {
	ret, sumType value.Type
	scale        int
	avg          bool
	sums         []value.Int128
	counts       []int64
}

var _ Accumulator = (*decimalSum)(nil)

func (a *decimalSum) Update(args []*value.Vector, n int, groups []uint32, ngroups int) error {
	ng := groupCount(groups, ngroups)
	a.sums, a.counts = grow(a.sums, ng), grow(a.counts, ng)
	v := args[0]
	xs, nulls := v.Dec[:n], rowsNulls(v, n)
	limit := value.Pow10(int(a.sumType.Precision))
	negLimit := limit.Neg()
	if groups == nil && nulls == nil {
		s := a.sums[0]
		for _, x := range xs {
			var overflow bool
			if s, overflow = s.Add(x); overflow || s.Cmp(limit) >= 0 || s.Cmp(negLimit) <= 0 {
				return decimalSumOverflow()
			}
		}
		a.sums[0] = s
		a.counts[0] += int64(n)
		return nil
	}
	sums, counts := a.sums, a.counts
	for i, x := range xs {
		if nulls != nil && nulls[i] {
			continue
		}
		g := uint32(0)
		if groups != nil {
			g = groups[i]
		}
		s, overflow := sums[g].Add(x)
		if overflow || s.Cmp(limit) >= 0 || s.Cmp(negLimit) <= 0 {
			return decimalSumOverflow()
		}
		sums[g] = s
		counts[g]++
	}
	return nil
}

func (a *decimalSum) Result(ngroups int) (*value.Vector, error) {
	out := make([]value.Int128, ngroups)
	var nulls []bool
	var div *avgDivider
	for g := range out {
		if g >= len(a.counts) || a.counts[g] == 0 {
			if nulls == nil {
				nulls = make([]bool, ngroups)
			}
			nulls[g] = true
			continue
		}
		if !a.avg {
			out[g] = a.sums[g]
			continue
		}
		if div == nil {
			div = newAvgDivider(a.scale, a.ret)
		}
		q, err := div.divide(a.sums[g], a.counts[g])
		if err != nil {
			return nil, err
		}
		out[g] = q
	}
	return &value.Vector{Type: a.ret, Dec: out, Nulls: nulls}, nil
}

// avgDivider computes sum / count for a DECIMAL avg with big integers.
type avgDivider struct {
	ret           value.Type
	toScale38     *big.Int // 10^(38 - scale of the sum)
	fromScale38   *big.Int // 10^(38 - result scale)
	num, den, rem big.Int
}

func newAvgDivider(sumScale int, ret value.Type) *avgDivider {
	pow := func(n int) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil) }
	return &avgDivider{
		ret:         ret,
		toScale38:   pow(value.MaxDecimalPrecision - sumScale),
		fromScale38: pow(value.MaxDecimalPrecision - int(ret.Scale)),
	}
}

// divide returns sum/count in the result type, or NUMERIC_VALUE_OUT_OF_RANGE.
func (d *avgDivider) divide(sum value.Int128, count int64) (value.Int128, error) {
	d.num.Mul(sum.Big(), d.toScale38)
	d.den.SetInt64(count)
	q38 := roundHalfUp(&d.num, &d.den, &d.rem)
	q := roundHalfUp(q38, d.fromScale38, &d.rem)
	r, ok := value.Int128FromBig(q)
	if !ok || !r.FitsPrecision(int(d.ret.Precision)) {
		return value.Int128{}, decimalOutOfRange(plainDecimal(q, int(d.ret.Scale)), d.ret)
	}
	return r, nil
}

// bigOne is the constant 1.
var bigOne = big.NewInt(1)

// roundHalfUp sets num to num/den rounded half away from zero (den > 0) and
// returns it; rem is scratch.
func roundHalfUp(num, den, rem *big.Int) *big.Int {
	neg := num.Sign() < 0
	num.QuoRem(num, den, rem)
	rem.Abs(rem)
	rem.Lsh(rem, 1)
	if rem.Cmp(den) >= 0 {
		if neg {
			num.Sub(num, bigOne)
		} else {
			num.Add(num, bigOne)
		}
	}
	return num
}

// plainDecimal formats an unscaled value with scale digits after the point.
func plainDecimal(unscaled *big.Int, scale int) string {
	digits := new(big.Int).Abs(unscaled).String()
	if scale > 0 {
		if len(digits) <= scale {
			digits = strings.Repeat("0", scale-len(digits)+1) + digits
		}
		digits = digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
	}
	if unscaled.Sign() < 0 {
		digits = "-" + digits
	}
	return digits
}
