package value

import (
	"math/big"
	"math/bits"
	"strings"
)

// Int128 is a signed 128-bit integer in two's complement: the unscaled value
// of a DECIMAL.
type Int128 struct {
	Hi int64
	Lo uint64
}

// Int128From returns v as an Int128.
func Int128From(v int64) Int128 { return Int128{Hi: v >> 63, Lo: uint64(v)} }

// Int128FromBig returns b as an Int128; ok is false if b does not fit.
func Int128FromBig(b *big.Int) (Int128, bool) {
	if b.BitLen() > 127 {
		return Int128{}, false
	}
	var abs big.Int
	abs.Abs(b)
	lo := abs.Uint64()
	hi := new(big.Int).Rsh(&abs, 64).Uint64()
	r := Int128{Hi: int64(hi), Lo: lo}
	if b.Sign() < 0 {
		r = r.Neg()
	}
	return r, true
}

// Big returns x as a new big.Int.
func (x Int128) Big() *big.Int {
	neg := x.Hi < 0
	if neg {
		x = x.Neg()
	}
	b := new(big.Int).SetUint64(uint64(x.Hi))
	b.Lsh(b, 64)
	b.Or(b, new(big.Int).SetUint64(x.Lo))
	if neg {
		b.Neg(b)
	}
	return b
}

// IsInt64 reports whether x fits in an int64.
func (x Int128) IsInt64() bool { return x.Hi == int64(x.Lo)>>63 }

// Int64 returns the low 64 bits of x as an int64 (x when IsInt64).
func (x Int128) Int64() int64 { return int64(x.Lo) }

// Sign returns -1, 0 or 1.
func (x Int128) Sign() int {
	switch {
	case x.Hi < 0:
		return -1
	case x.Hi == 0 && x.Lo == 0:
		return 0
	}
	return 1
}

// Neg returns -x (wrapping for the smallest value).
func (x Int128) Neg() Int128 {
	lo := ^x.Lo + 1
	hi := ^x.Hi
	if lo == 0 {
		hi++
	}
	return Int128{Hi: hi, Lo: lo}
}

// Add returns x+y and whether the 128-bit addition overflowed.
func (x Int128) Add(y Int128) (Int128, bool) {
	lo, carry := bits.Add64(x.Lo, y.Lo, 0)
	hi := x.Hi + y.Hi + int64(carry)
	r := Int128{Hi: hi, Lo: lo}
	overflow := (x.Hi >= 0) == (y.Hi >= 0) && (r.Hi >= 0) != (x.Hi >= 0)
	return r, overflow
}

// Sub returns x-y and whether the subtraction overflowed.
func (x Int128) Sub(y Int128) (Int128, bool) {
	lo, borrow := bits.Sub64(x.Lo, y.Lo, 0)
	hi := x.Hi - y.Hi - int64(borrow)
	r := Int128{Hi: hi, Lo: lo}
	overflow := (x.Hi >= 0) != (y.Hi >= 0) && (r.Hi >= 0) != (x.Hi >= 0)
	return r, overflow
}

// Cmp compares x and y and returns -1, 0 or 1.
func (x Int128) Cmp(y Int128) int {
	switch {
	case x.Hi < y.Hi:
		return -1
	case x.Hi > y.Hi:
		return 1
	case x.Lo < y.Lo:
		return -1
	case x.Lo > y.Lo:
		return 1
	}
	return 0
}

// Abs returns |x|.
func (x Int128) Abs() Int128 {
	if x.Hi < 0 {
		return x.Neg()
	}
	return x
}

// pow10 holds 10^0 … 10^38.
var pow10 [MaxDecimalPrecision + 1]Int128

func init() {
	p := big.NewInt(1)
	ten := big.NewInt(10)
	for i := range pow10 {
		pow10[i], _ = Int128FromBig(p)
		p.Mul(p, ten)
	}
}

// Pow10 returns 10^n for 0 ≤ n ≤ 38.
func Pow10(n int) Int128 { return pow10[n] }

// FitsPrecision reports whether |x| < 10^p, i.e. x has at most p digits.
func (x Int128) FitsPrecision(p int) bool {
	if p > MaxDecimalPrecision {
		return true
	}
	return x.Abs().Cmp(pow10[p]) < 0
}

// Mul returns x*y; ok is false when the product does not fit in 127 bits.
func (x Int128) Mul(y Int128) (Int128, bool) {
	if x.IsInt64() && y.IsInt64() {
		a, b := x.Int64(), y.Int64()
		hi, lo := bits.Mul64(uint64(absI64(a)), uint64(absI64(b)))
		if hi == 0 && lo <= 1<<63-1 {
			r := Int128From(int64(lo))
			if (a < 0) != (b < 0) {
				r = r.Neg()
			}
			return r, true
		}
	}
	return Int128FromBig(new(big.Int).Mul(x.Big(), y.Big()))
}

func absI64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// Rescale changes the scale of an unscaled value from `from` to `to`, rounding
// half up (away from zero) when digits are dropped, as Spark does. ok is false
// on 128-bit overflow.
func (x Int128) Rescale(from, to int) (Int128, bool) {
	switch {
	case to == from:
		return x, true
	case to > from:
		return x.Mul(pow10[to-from])
	}
	d := from - to
	if d > MaxDecimalPrecision {
		return Int128{}, true
	}
	q, r := new(big.Int).QuoRem(x.Big(), pow10[d].Big(), new(big.Int))
	// Round half up, away from zero.
	r.Abs(r)
	r.Mul(r, big.NewInt(2))
	if r.Cmp(pow10[d].Big()) >= 0 {
		if x.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return Int128FromBig(q)
}

// DecimalString formats the unscaled value x with scale digits after the
// point, e.g. (12345, 2) → "123.45", (-5, 3) → "-0.005".
func (x Int128) DecimalString(scale int) string {
	s := x.Abs().Big().String()
	neg := x.Sign() < 0
	if scale > 0 {
		if len(s) <= scale {
			s = strings.Repeat("0", scale-len(s)+1) + s
		}
		s = s[:len(s)-scale] + "." + s[len(s)-scale:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
