package agg

import (
	"math"
	"slices"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

func init() {
	register(&Aggregate{Name: "percentile_approx", Resolve: resolveApproxPercentile("percentile_approx"), New: build(newApproxPercentile)})
	register(&Aggregate{Name: "approx_percentile", Resolve: resolveApproxPercentile("approx_percentile"), New: build(newApproxPercentile)})
}

// defaultAccuracy is percentile_approx's default accuracy (Spark's
// DEFAULT_PERCENTILE_ACCURACY).
const defaultAccuracy = 10000

// resolveApproxPercentile: (col, p [, accuracy]) returns col's type. col is
// numeric, DATE or TIMESTAMP; p a constant in [0, 1]; accuracy an integral
// constant in (0, 2147483647].
func resolveApproxPercentile(name string) func([]fn.Arg, bool) (value.Type, []value.Type, error) {
	return func(args []fn.Arg, distinct bool) (value.Type, []value.Type, error) {
		if err := fn.CheckArity(name, args, 2, 3); err != nil {
			return value.Type{}, nil, err
		}
		sql := callSQL(name, args, distinct)
		col := args[0].Type
		switch col.Kind {
		case value.Date, value.Timestamp:
		case value.String, value.Void:
			col = value.DoubleType
		default:
			if !col.IsNumeric() {
				return value.Type{}, nil, fn.UnexpectedType(sql, 0, approxInputs, args[0])
			}
		}
		casts := []value.Type{col, value.DoubleType}
		if len(args) == 3 {
			a := args[2]
			switch {
			case !a.Type.IsIntegral():
				return value.Type{}, nil, fn.UnexpectedType(sql, 2, integralRequired, a)
			case a.Const == nil:
				return value.Type{}, nil, nonFoldable(sql, "accuracy", a.Type, a)
			case a.Const.Null:
				return value.Type{}, nil, unexpectedNull(sql, "accuracy")
			case a.Const.I <= 0 || a.Const.I > math.MaxInt32:
				return value.Type{}, nil, outOfRange(sql, "`accuracy`", "(0, 2147483647]", value.Int64(a.Const.I).SQLLiteral())
			}
			casts = append(casts, a.Type)
		}
		if _, err := checkPercentage(sql, args[1], "`percentage`"); err != nil {
			return value.Type{}, nil, err
		}
		return col, casts, nil
	}
}

func newApproxPercentile(ret value.Type, args []fn.Arg) Accumulator {
	p, _ := constFloat(args[1].Const)
	accuracy := int64(defaultAccuracy)
	if len(args) > 2 && args[2].Const != nil {
		accuracy = args[2].Const.I
	}
	return &approxPercentileAcc{ret: ret, p: p, relErr: 1 / float64(accuracy)}
}

// approxPercentileAcc is Spark's ApproximatePercentile: each group's values,
// as DOUBLE, go through Spark's Greenwald-Khanna summary
// (QuantileSummaries, simulated step by step with its buffer size and
// compression thresholds), and the answer is a sampled input value
// converted back to the column's type.
type approxPercentileAcc struct {
	ret    value.Type
	p      float64
	relErr float64
	sums   []*quantileSummary
}

var _ Accumulator = (*approxPercentileAcc)(nil)

func (a *approxPercentileAcc) Update(args []*value.Vector, n int, groups []uint32, ngroups int) error {
	a.sums = grow(a.sums, groupCount(groups, ngroups))
	v := args[0]
	nulls := rowsNulls(v, n)
	scale := int(v.Type.Scale)
	for i := range n {
		if nulls != nil && nulls[i] {
			continue
		}
		var x float64
		switch v.Type.Physical() {
		case value.PhysInt:
			x = float64(v.I64[i])
		case value.PhysFloat:
			x = v.F64[i]
		case value.PhysDecimal:
			x = decimalToFloat(v.Dec[i], scale)
		}
		g := uint32(0)
		if groups != nil {
			g = groups[i]
		}
		s := a.sums[g]
		if s == nil {
			s = &quantileSummary{relErr: a.relErr, compressed: true}
			a.sums[g] = s
		}
		s.insert(x)
	}
	return nil
}

func (a *approxPercentileAcc) Result(ngroups int) (*value.Vector, error) {
	b := value.NewBuilder(a.ret, ngroups)
	for g := range ngroups {
		var s *quantileSummary
		if g < len(a.sums) {
			s = a.sums[g]
		}
		if s == nil {
			b.Append(value.NullOf(a.ret))
			continue
		}
		x, err := fromDouble(s.query(a.p), a.ret)
		if err != nil {
			return nil, err
		}
		b.Append(x)
	}
	return b.Build(), nil
}

// fromDouble converts a percentile_approx answer back to the column's type
// as Spark does (toInt, toLong, toFloat, Decimal(d)).
func fromDouble(d float64, t value.Type) (value.Value, error) {
	switch t.Physical() {
	case value.PhysInt:
		return value.IntOf(t, javaDoubleToLong(d)), nil
	case value.PhysFloat:
		if t.Kind == value.Float {
			d = value.RoundFloat32(d)
		}
		return value.Value{Type: t, F: d}, nil
	}
	return value.CastValue(value.Float64(d), t, false)
}

// javaDoubleToLong is Java's (long) conversion: truncation, saturating at
// the int64 bounds, NaN as 0. The answers are input values, so for the
// narrower types it is exact.
func javaDoubleToLong(d float64) int64 {
	switch {
	case d != d:
		return 0
	case d >= math.MaxInt64:
		return math.MaxInt64
	case d <= math.MinInt64:
		return math.MinInt64
	}
	return int64(d)
}

// The constants of Spark's QuantileSummaries.
const (
	gkHeadSize          = 50000
	gkCompressThreshold = 10000
)

// gkStat is one sample of a Greenwald-Khanna summary.
type gkStat struct {
	v        float64
	g, delta int64
}

// quantileSummary replays Spark's QuantileSummaries: values collect in a
// head buffer that is sorted and merged into the samples every 50,000
// values (compressing once there are 10,000 samples) and at query time.
type quantileSummary struct {
	relErr     float64
	head       []float64
	sampled    []gkStat
	count      int64
	compressed bool
}

func (s *quantileSummary) insert(x float64) {
	s.head = append(s.head, x)
	s.compressed = false
	if len(s.head) >= gkHeadSize {
		s.flushHead()
		if len(s.sampled) >= gkCompressThreshold {
			s.compress()
		}
	}
}

// javaCompare is Java's Double.compare: -0.0 before 0.0, NaN last.
func javaCompare(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	ab, bb := int64(math.Float64bits(normNaN(a))), int64(math.Float64bits(normNaN(b)))
	switch {
	case ab < bb:
		return -1
	case ab > bb:
		return 1
	}
	return 0
}

// normNaN maps every NaN to the canonical one.
func normNaN(f float64) float64 {
	if f != f {
		return math.NaN()
	}
	return f
}

// flushHead is withHeadBufferInserted: the sorted head buffer merged into
// the samples.
func (s *quantileSummary) flushHead() {
	if len(s.head) == 0 {
		return
	}
	sorted := s.head
	slices.SortFunc(sorted, javaCompare)
	merged := make([]gkStat, 0, len(s.sampled)+len(sorted))
	si := 0
	count := s.count
	for oi, x := range sorted {
		for si < len(s.sampled) && s.sampled[si].v <= x {
			merged = append(merged, s.sampled[si])
			si++
		}
		count++
		delta := int64(0)
		if len(merged) > 0 && (si != len(s.sampled) || oi != len(sorted)-1) {
			delta = int64(math.Floor(2 * s.relErr * float64(count)))
		}
		merged = append(merged, gkStat{v: x, g: 1, delta: delta})
	}
	merged = append(merged, s.sampled[si:]...)
	s.sampled, s.count = merged, count
	s.head = s.head[:0]
	s.compressed = false
}

// compress flushes the head buffer and merges samples whose combined rank
// uncertainty stays under 2·relErr·count (Spark's compressImmut).
func (s *quantileSummary) compress() {
	s.flushHead()
	s.compressed = true
	in := s.sampled
	if len(in) == 0 {
		return
	}
	threshold := 2 * s.relErr * float64(s.count)
	// Built back to front, then reversed.
	out := make([]gkStat, 0, len(in))
	head := in[len(in)-1]
	for i := len(in) - 2; i >= 1; i-- {
		cur := in[i]
		if float64(cur.g+head.g+head.delta) < threshold {
			head.g += cur.g
		} else {
			out = append(out, head)
			head = cur
		}
	}
	out = append(out, head)
	if in[0].v <= head.v && len(in) > 1 {
		out = append(out, in[0])
	}
	slices.Reverse(out)
	s.sampled = out
}

// query returns the approximate percentile p (the summary is not empty).
func (s *quantileSummary) query(p float64) float64 {
	if !s.compressed {
		s.compress()
	}
	sampled := s.sampled
	if p <= s.relErr {
		return sampled[0].v
	}
	if p >= 1-s.relErr {
		return sampled[len(sampled)-1].v
	}
	rank := int64(math.Ceil(p * float64(s.count)))
	targetError := int64(math.MinInt64)
	for _, st := range sampled {
		targetError = max(targetError, st.delta+st.g)
	}
	targetError /= 2
	minRank := int64(0)
	for _, st := range sampled[:len(sampled)-1] {
		minRank += st.g
		maxRank := minRank + st.delta
		if maxRank-targetError <= rank && rank <= minRank+targetError {
			return st.v
		}
	}
	return sampled[len(sampled)-1].v
}
