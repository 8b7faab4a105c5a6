package value

import (
	"math/big"
	"math/bits"
)

// pow10i64 holds 10^0 … 10^18.
var pow10i64 = [19]int64{
	1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
}

// pow10f64 holds 10^0 … 10^22, all exactly representable as float64.
var pow10f64 = [23]float64{
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
}

// mulPow10 returns x·10^n (0 ≤ n ≤ 38); ok is false when the product does
// not fit in 127 bits.
func mulPow10(x Int128, n int) (Int128, bool) {
	if n == 0 {
		return x, true
	}
	if x.IsInt64() && n <= 18 {
		v, m := x.Int64(), pow10i64[n]
		if hi, lo := bits.Mul64(uint64(absI64(v)), uint64(m)); hi == 0 && lo <= 1<<63-1 && v != -1<<63 {
			r := Int128From(int64(lo))
			if v < 0 {
				r = r.Neg()
			}
			return r, true
		}
	}
	neg := x.Sign() < 0
	a := x.Abs()
	hi, lo := uint64(a.Hi), a.Lo
	for n > 0 {
		k := min(n, 19)
		m := uint64(1)
		for range k {
			m *= 10
		}
		h1, l1 := bits.Mul64(lo, m)
		h2, l2 := bits.Mul64(hi, m)
		if h2 != 0 {
			return Int128{}, false
		}
		var c uint64
		hi, c = bits.Add64(l2, h1, 0)
		if c != 0 {
			return Int128{}, false
		}
		lo = l1
		n -= k
	}
	if hi>>63 != 0 {
		return Int128{}, false
	}
	r := Int128{Hi: int64(hi), Lo: lo}
	if neg {
		r = r.Neg()
	}
	return r, true
}

// divPow10 divides x by 10^n (1 ≤ n ≤ 38), truncating toward zero, and also
// returns the remainder's relation to half of 10^n: roundUp reports
// |remainder|·2 ≥ 10^n (the HALF_UP rounding condition).
func divPow10(x Int128, n int) (q Int128, roundUp bool) {
	if x.IsInt64() && n <= 18 {
		v, m := x.Int64(), pow10i64[n]
		qq, r := v/m, v%m
		ar := absI64(r)
		return Int128From(qq), ar >= m-ar
	}
	p := pow10[n].Big()
	bq, br := new(big.Int).QuoRem(x.Big(), p, new(big.Int))
	br.Abs(br)
	br.Lsh(br, 1)
	q, _ = Int128FromBig(bq)
	return q, br.Cmp(p) >= 0
}

// rescaleHalfUp changes the scale of an unscaled value from `from` to `to`
// (both 0…38), rounding half up when digits are dropped.
func rescaleHalfUp(x Int128, from, to int) (Int128, bool) {
	if to >= from {
		return mulPow10(x, to-from)
	}
	q, up := divPow10(x, from-to)
	if up {
		if x.Sign() < 0 {
			q, _ = q.Sub(Int128From(1))
		} else {
			q, _ = q.Add(Int128From(1))
		}
	}
	return q, true
}
