package fn

import (
	"math/big"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// Spark's DecimalPrecision rules (spark.sql.decimalOperations.allowPrecisionLoss
// on, the default). Results wider than 38 digits are cut to 38, keeping at
// least min(scale, 6) fractional digits.

const (
	maxPrecision       = value.MaxDecimalPrecision
	minimumAdjustScale = 6
)

// adjustDecimal is DecimalType.adjustPrecisionScale.
func adjustDecimal(p, s int) value.Type {
	if p <= maxPrecision {
		return value.DecimalType(p, s)
	}
	intDigits := p - s
	minScale := min(s, minimumAdjustScale)
	return value.DecimalType(maxPrecision, max(maxPrecision-intDigits, minScale))
}

// boundedDecimal is DecimalType.bounded: both parts capped at 38.
func boundedDecimal(p, s int) value.Type {
	return value.DecimalType(min(p, maxPrecision), min(s, maxPrecision))
}

func ps(t value.Type) (int, int) { return int(t.Precision), int(t.Scale) }

// decimalResult returns the result type of a decimal operation.
func decimalResult(op arithOp, a, b value.Type) value.Type {
	p1, s1 := ps(a)
	p2, s2 := ps(b)
	switch op {
	case opAdd, opSub:
		s := max(s1, s2)
		return adjustDecimal(max(p1-s1, p2-s2)+s+1, s)
	case opMul:
		return adjustDecimal(p1+p2+1, s1+s2)
	case opDiv:
		s := max(minimumAdjustScale, s1+p2+1)
		return adjustDecimal(p1-s1+s2+s, s)
	default: // remainder, pmod
		s := max(s1, s2)
		return adjustDecimal(min(p1-s1, p2-s2)+s, s)
	}
}

// decimalOps evaluates decimal arithmetic. It holds scratch big.Ints so that
// the slow path allocates once per vector, not once per row.
type decimalOps struct {
	x, y, z, q, r big.Int
	pow           [2*maxPrecision + 1]*big.Int
}

// pow10 returns 10^n as a big.Int the caller must not modify (cached for
// n ≤ 76).
func (d *decimalOps) pow10(n int) *big.Int {
	if n >= len(d.pow) {
		return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
	}
	if d.pow[n] == nil {
		d.pow[n] = new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
	}
	return d.pow[n]
}

// setBig stores x in z.
func setBig(z *big.Int, x value.Int128) *big.Int {
	if x.IsInt64() {
		return z.SetInt64(x.Int64())
	}
	return z.Set(x.Big())
}

// roundBig rounds the unscaled value v from scale `from` to scale `to`
// (to ≤ from) half up, in place.
func (d *decimalOps) roundBig(v *big.Int, from, to int) {
	if to >= from {
		v.Mul(v, d.pow10(to-from))
		return
	}
	p := d.pow10(from - to)
	neg := v.Sign() < 0
	v.Abs(v)
	d.r.QuoRem(v, p, &d.z)
	v.Set(&d.r)
	d.z.Lsh(&d.z, 1)
	if d.z.Cmp(p) >= 0 {
		v.Add(v, big.NewInt(1))
	}
	if neg {
		v.Neg(v)
	}
}

// fit converts the unscaled value v (at the result's scale) to an Int128 if
// it has at most p digits.
func fit(v *big.Int, p int) (value.Int128, bool) {
	x, ok := value.Int128FromBig(v)
	if !ok || !x.FitsPrecision(p) {
		return value.Int128{}, false
	}
	return x, true
}

// plain renders an unscaled big value with scale digits, as BigDecimal's
// toPlainString does.
func plain(v *big.Int, scale int) string {
	x, ok := value.Int128FromBig(v)
	if ok {
		return x.DecimalString(scale)
	}
	s := new(big.Int).Abs(v).String()
	if scale > 0 {
		for len(s) <= scale {
			s = "0" + s
		}
		s = s[:len(s)-scale] + "." + s[len(s)-scale:]
	}
	if v.Sign() < 0 {
		s = "-" + s
	}
	return s
}

// binary computes one decimal operation. a has scale sa, b has scale sb; the
// result has type rt. zero reports a zero divisor; a non-empty overflow is the
// exact result, in plain notation, that does not fit rt.
func (d *decimalOps) binary(op arithOp, a value.Int128, sa int, b value.Int128, sb int, rt value.Type) (res value.Int128, zero bool, overflow string) {
	rp, rs := ps(rt)
	// Fast path: + and - with equal scales in 128 bits.
	if (op == opAdd || op == opSub) && sa == sb && rs == sa {
		var v value.Int128
		var o bool
		if op == opAdd {
			v, o = a.Add(b)
		} else {
			v, o = a.Sub(b)
		}
		if !o && v.FitsPrecision(rp) {
			return v, false, ""
		}
	}
	if (op == opDiv || op == opRem || op == opPmod) && b.Sign() == 0 {
		return value.Int128{}, true, ""
	}
	x := setBig(&d.x, a)
	y := setBig(&d.y, b)
	var scale int
	switch op {
	case opAdd, opSub, opRem, opPmod:
		scale = max(sa, sb)
		x.Mul(x, d.pow10(scale-sa))
		y.Mul(y, d.pow10(scale-sb))
		switch op {
		case opAdd:
			x.Add(x, y)
		case opSub:
			x.Sub(x, y)
		default:
			x.Rem(x, y)
			if op == opPmod && x.Sign() < 0 {
				x.Add(x, y)
				x.Rem(x, y)
			}
		}
	case opMul:
		scale = sa + sb
		x.Mul(x, y)
	case opDiv:
		// BigDecimal.divide(y, 38, HALF_UP), then rounding to the result scale.
		scale = maxPrecision
		x.Mul(x, d.pow10(sb+maxPrecision-sa))
		neg := (x.Sign() < 0) != (y.Sign() < 0)
		x.Abs(x)
		d.q.Abs(y)
		d.r.QuoRem(x, &d.q, &d.z)
		x.Set(&d.r)
		d.z.Lsh(&d.z, 1)
		if d.z.Cmp(&d.q) >= 0 {
			x.Add(x, big.NewInt(1))
		}
		if neg {
			x.Neg(x)
		}
	}
	pre := d.q.Set(x) // the exact value, for the error message
	if scale != rs {
		d.roundBig(x, scale, rs)
	}
	if v, ok := fit(x, rp); ok {
		return v, false, ""
	}
	return value.Int128{}, false, plain(pre, scale)
}

// intDivide is `a div b` on decimals: the truncated quotient as a BIGINT.
// ok is false when it does not fit.
func (d *decimalOps) intDivide(a value.Int128, sa int, b value.Int128, sb int) (q int64, ok bool) {
	x := setBig(&d.x, a)
	y := setBig(&d.y, b)
	s := max(sa, sb)
	x.Mul(x, d.pow10(s-sa))
	y.Mul(y, d.pow10(s-sb))
	x.Quo(x, y)
	if !x.IsInt64() {
		return 0, false
	}
	return x.Int64(), true
}
