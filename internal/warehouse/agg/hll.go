package agg

import (
	"math"
	"math/bits"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/sparkhash"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

func init() {
	register(&Aggregate{Name: "approx_count_distinct", Resolve: resolveApproxCountDistinct, New: build(newHLL)})
}

// defaultRSD is approx_count_distinct's default relative standard deviation.
const defaultRSD = 0.05

// maxHLLPrecision bounds the register-index bits the fake accepts (2^24
// registers, 16 MiB per group); Spark has no bound.
const maxHLLPrecision = 24

// hllThresholds are HLL++'s linear-counting thresholds for p = 4 … 18
// (the HLL++ paper's appendix, as Spark uses them).
var hllThresholds = [...]float64{10, 20, 40, 80, 220, 400, 900, 1800, 3100, 6500, 15500, 20000, 50000, 120000, 350000}

// hllPrecision is Spark's p = ceil(2·log2(1.106/rsd)).
func hllPrecision(rsd float64) int {
	return int(math.Ceil(2.0 * math.Log(1.106/rsd) / math.Log(2.0)))
}

// resolveApproxCountDistinct: (col [, rsd]) → BIGINT; col of any type, rsd
// a numeric constant giving at least 4 index bits.
func resolveApproxCountDistinct(args []fn.Arg, distinct bool) (value.Type, []value.Type, error) {
	if err := fn.CheckArity("approx_count_distinct", args, 1, 2); err != nil {
		return value.Type{}, nil, err
	}
	casts := []value.Type{args[0].Type}
	if len(args) == 2 {
		sql := callSQL("approx_count_distinct", args, distinct)
		a := args[1]
		switch {
		case !a.Type.IsNumeric():
			return value.Type{}, nil, fn.UnexpectedType(sql, 1, doubleRequired, a)
		case a.Const == nil:
			return value.Type{}, nil, nonFoldable(sql, "relativeSD", value.DoubleType, a)
		}
		rsd, ok := constFloat(a.Const)
		if !ok {
			return value.Type{}, nil, unexpectedNull(sql, "relativeSD")
		}
		switch p := hllPrecision(rsd); {
		case rsd != rsd || p < 4:
			return value.Type{}, nil, errclass.New("INVALID_PARAMETER_VALUE",
				"The value of parameter(s) %s in %s is invalid: HLL++ requires at least 4 bits for addressing. Use a lower error, at most 39%%.",
				errclass.Ident("relativeSD"), errclass.Ident("approx_count_distinct"))
		case p > maxHLLPrecision:
			return value.Type{}, nil, fn.Unsupported("approx_count_distinct with a relative standard deviation below 0.0003")
		}
		casts = append(casts, a.Type)
	}
	return value.BigIntType, casts, nil
}

func newHLL(_ value.Type, args []fn.Arg) Accumulator {
	rsd := defaultRSD
	if len(args) > 1 {
		rsd, _ = constFloat(args[1].Const)
	}
	return &hllAcc{p: hllPrecision(rsd)}
}

// hllAcc is Spark's HyperLogLogPlusPlus: per group, 2^p registers holding
// the largest leading-zero count (plus one) of the xxhash64 (seed 42) of the
// values routed to them.
type hllAcc struct {
	p      int
	regs   [][]uint8
	hashes []int64
}

var _ Accumulator = (*hllAcc)(nil)

func (a *hllAcc) Update(args []*value.Vector, n int, groups []uint32, ngroups int) error {
	a.regs = grow(a.regs, groupCount(groups, ngroups))
	v := args[0].Slice(0, n)
	h := grow(a.hashes[:0], n)
	for i := range h {
		h[i] = sparkhash.Seed
	}
	sparkhash.XXHash64(v, h)
	a.hashes = h
	nulls := rowsNulls(v, n)
	p := uint(a.p)
	pad := uint64(1) << (p - 1)
	idxShift := 64 - p
	for i, x := range h {
		if (nulls != nil && nulls[i]) || v.Type.Kind == value.Void {
			continue
		}
		g := uint32(0)
		if groups != nil {
			g = groups[i]
		}
		r := a.regs[g]
		if r == nil {
			r = make([]uint8, 1<<p)
			a.regs[g] = r
		}
		idx := uint64(x) >> idxShift
		pw := uint8(bits.LeadingZeros64(uint64(x)<<p|pad) + 1)
		if pw > r[idx] {
			r[idx] = pw
		}
	}
	return nil
}

func (a *hllAcc) Result(ngroups int) (*value.Vector, error) {
	out := make([]int64, ngroups)
	for g := range out {
		if g < len(a.regs) && a.regs[g] != nil {
			out[g] = a.estimate(a.regs[g])
		}
	}
	return &value.Vector{Type: value.BigIntType, I64: out}, nil
}

// estimate is HLL++'s cardinality estimate, computed in Spark's order of
// floating-point operations: linear counting while it applies, the raw
// HyperLogLog estimate otherwise. The empirical bias correction Spark
// subtracts for raw estimates below 5·m is not applied (see the package
// documentation).
func (a *hllAcc) estimate(regs []uint8) int64 {
	m := float64(len(regs))
	var alphaM2 float64
	switch a.p {
	case 4:
		alphaM2 = 0.673 * m * m
	case 5:
		alphaM2 = 0.697 * m * m
	case 6:
		alphaM2 = 0.709 * m * m
	default:
		alphaM2 = (0.7213 / (1.0 + 1.079/m)) * m * m
	}
	zInverse, zeros := 0.0, 0.0
	for _, r := range regs {
		zInverse += 1.0 / float64(uint64(1)<<r)
		if r == 0 {
			zeros++
		}
	}
	e := alphaM2 / zInverse
	estimate := e
	if zeros > 0 {
		h := m * math.Log(m/zeros)
		if (a.p < 19 && h <= hllThresholds[a.p-4]) || e <= 2.5*m {
			estimate = h
		}
	}
	// Java's Math.round: floor(x + 0.5).
	return int64(math.Floor(estimate + 0.5))
}
