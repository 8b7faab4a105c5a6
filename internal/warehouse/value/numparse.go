package value

import (
	"math"
	"math/bits"
	"strconv"
)

// parseIntegral parses a string as ANSI CAST(s AS <integral>) does (Spark's
// UTF8String.toLongExact): surrounding whitespace and control characters are
// ignored, an optional sign, then decimal digits only. A fraction ("1.5"),
// an exponent or a value outside [lo, hi] is malformed input.
func parseIntegral(s string, lo, hi int64) (int64, bool) {
	s = trimSpace(s)
	if s == "" {
		return 0, false
	}
	neg := false
	switch s[0] {
	case '-':
		neg = true
		s = s[1:]
	case '+':
		s = s[1:]
	}
	if s == "" {
		return 0, false
	}
	var u uint64
	for k := 0; k < len(s); k++ {
		c := s[k]
		if c < '0' || c > '9' {
			return 0, false
		}
		if u > (1<<64-1)/10 {
			return 0, false
		}
		u = u*10 + uint64(c-'0')
		if u > 1<<63 {
			return 0, false
		}
	}
	var v int64
	if neg {
		v = -int64(u) // u == 1<<63 wraps to MinInt64, as intended
	} else {
		if u > 1<<63-1 {
			return 0, false
		}
		v = int64(u)
	}
	if v < lo || v > hi {
		return 0, false
	}
	return v, true
}

// trimJava strips what java.lang.String.trim strips: bytes ≤ ' '.
func trimJava(s string) string {
	i, j := 0, len(s)
	for i < j && s[i] <= ' ' {
		i++
	}
	for j > i && s[j-1] <= ' ' {
		j--
	}
	return s[i:j]
}

// asciiEqualFold compares s with a lower-case ASCII word ignoring ASCII case only.
func asciiEqualFold(s, lower string) bool {
	if len(s) != len(lower) {
		return false
	}
	for k := 0; k < len(s); k++ {
		c := s[k]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[k] {
			return false
		}
	}
	return true
}

// parseJavaDouble parses a string as CAST(s AS DOUBLE|FLOAT) does: Java's
// Double.parseDouble / Float.parseFloat grammar (trimmed; optional sign;
// digits with an optional point and exponent; an optional f/F/d/D suffix;
// hexadecimal 0x…p…; "NaN" and "Infinity"), then Spark's case-insensitive
// special literals inf, +inf, infinity, +infinity, -inf, -infinity, nan. The
// result is rounded once to bitSize bits.
func parseJavaDouble(s string, bitSize int) (float64, bool) {
	t := trimJava(s)
	if f, ok := javaFloatLiteral(t, bitSize); ok {
		return f, true
	}
	switch {
	case asciiEqualFold(t, "inf"), asciiEqualFold(t, "+inf"),
		asciiEqualFold(t, "infinity"), asciiEqualFold(t, "+infinity"):
		return math.Inf(1), true
	case asciiEqualFold(t, "-inf"), asciiEqualFold(t, "-infinity"):
		return math.Inf(-1), true
	case asciiEqualFold(t, "nan"):
		return math.NaN(), true
	}
	return 0, false
}

func isHexDigit(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// javaFloatLiteral checks Java's FloatingDecimal syntax on a trimmed string
// and converts it.
func javaFloatLiteral(t string, bitSize int) (float64, bool) {
	if t == "" {
		return 0, false
	}
	body := t
	neg := false
	if body[0] == '+' || body[0] == '-' {
		neg = body[0] == '-'
		body = body[1:]
	}
	switch body {
	case "NaN":
		return math.NaN(), true
	case "Infinity":
		if neg {
			return math.Inf(-1), true
		}
		return math.Inf(1), true
	}
	if n := len(body); n > 0 {
		switch body[n-1] {
		case 'f', 'F', 'd', 'D':
			body = body[:n-1]
			t = t[:len(t)-1]
		}
	}
	if len(body) > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X') {
		if !validHexFloat(body[2:]) {
			return 0, false
		}
	} else if !validDecimalFloat(body) {
		return 0, false
	}
	f, err := strconv.ParseFloat(t, bitSize)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			return 0, false
		}
	}
	return f, true
}

// validDecimalFloat checks digits[.digits][(e|E)[sign]digits] with at least
// one mantissa digit.
func validDecimalFloat(s string) bool {
	k, nd := 0, 0
	for k < len(s) && isDigit(s[k]) {
		k++
		nd++
	}
	if k < len(s) && s[k] == '.' {
		k++
		for k < len(s) && isDigit(s[k]) {
			k++
			nd++
		}
	}
	if nd == 0 {
		return false
	}
	if k < len(s) && (s[k] == 'e' || s[k] == 'E') {
		k++
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
		}
		ne := 0
		for k < len(s) && isDigit(s[k]) {
			k++
			ne++
		}
		if ne == 0 {
			return false
		}
	}
	return k == len(s)
}

// validHexFloat checks hexdigits[.hexdigits](p|P)[sign]digits after "0x".
func validHexFloat(s string) bool {
	k, nd := 0, 0
	for k < len(s) && isHexDigit(s[k]) {
		k++
		nd++
	}
	if k < len(s) && s[k] == '.' {
		k++
		for k < len(s) && isHexDigit(s[k]) {
			k++
			nd++
		}
	}
	if nd == 0 || k >= len(s) || (s[k] != 'p' && s[k] != 'P') {
		return false
	}
	k++
	if k < len(s) && (s[k] == '+' || s[k] == '-') {
		k++
	}
	ne := 0
	for k < len(s) && isDigit(s[k]) {
		k++
		ne++
	}
	return ne > 0 && k == len(s)
}

// parseBool parses CAST(s AS BOOLEAN) input (Spark's StringUtils.isTrueString
// and isFalseString on the trimmed, lower-cased string).
func parseBool(s string) (bool, bool) {
	t := trimSpace(s)
	for _, w := range [...]string{"t", "true", "y", "yes", "1"} {
		if asciiEqualFold(t, w) {
			return true, true
		}
	}
	for _, w := range [...]string{"f", "false", "n", "no", "0"} {
		if asciiEqualFold(t, w) {
			return false, true
		}
	}
	return false, false
}

// decLit is a decimal number in the syntax of java.math.BigDecimal(String),
// referring to its input: ±(ip.fp)×10^exp.
type decLit[T string | []byte] struct {
	neg    bool
	ip, fp T
	exp    int64
}

// parseDecLit parses java.math.BigDecimal syntax: [sign] digits [. digits]
// or [sign] . digits, then optionally (e|E)[sign]digits. The exponent must
// fit in an int, as in Java.
func parseDecLit[T string | []byte](s T) (decLit[T], bool) {
	var d decLit[T]
	k := 0
	if k < len(s) && (s[k] == '+' || s[k] == '-') {
		d.neg = s[k] == '-'
		k++
	}
	start := k
	for k < len(s) && isDigit(s[k]) {
		k++
	}
	d.ip = s[start:k]
	if k < len(s) && s[k] == '.' {
		k++
		fs := k
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		d.fp = s[fs:k]
	}
	if len(d.ip)+len(d.fp) == 0 {
		return d, false
	}
	if k < len(s) && (s[k] == 'e' || s[k] == 'E') {
		k++
		eneg := false
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			eneg = s[k] == '-'
			k++
		}
		es := k
		for k < len(s) && isDigit(s[k]) {
			d.exp = d.exp*10 + int64(s[k]-'0')
			if d.exp > math.MaxInt32+1 {
				return d, false
			}
			k++
		}
		if k == es {
			return d, false
		}
		if eneg {
			d.exp = -d.exp
		}
		if d.exp > math.MaxInt32 || d.exp < math.MinInt32 {
			return d, false
		}
	}
	return d, k == len(s)
}

func (d *decLit[T]) digit(k int) byte {
	if k < len(d.ip) {
		return d.ip[k]
	}
	return d.fp[k-len(d.ip)]
}

// significant returns the index of the first non-zero digit and the number
// of significant digits (0 for zero).
func (d *decLit[T]) significant() (lead, n int) {
	total := len(d.ip) + len(d.fp)
	for lead < total && d.digit(lead) == '0' {
		lead++
	}
	return lead, total - lead
}

// intDigits returns the number of digits before the point of the value
// (BigDecimal precision - scale), which may be ≤ 0 for values below 1.
func (d *decLit[T]) intDigits() int64 {
	_, n := d.significant()
	if n == 0 {
		return 1 + d.exp - int64(len(d.fp))
	}
	return int64(n) - (int64(len(d.fp)) - d.exp)
}

// toDecimal converts the literal to DECIMAL(p,s), rounding half up (away
// from zero) when digits are dropped, as Spark's Decimal.changePrecision.
func (d *decLit[T]) toDecimal(p, s int) (Int128, castFail) {
	lead, n := d.significant()
	if n == 0 {
		return Int128{}, castOK
	}
	intDigits := d.intDigits()
	if intDigits > int64(p-s) {
		return Int128{}, failDecimal
	}
	keep := intDigits + int64(s) // significant digits kept at scale s (≤ p)
	var hi, lo uint64
	switch {
	case keep < 0:
	case keep == 0:
		if d.digit(lead) >= '5' {
			lo = 1
		}
	default:
		m := min(keep, int64(n))
		for k := int64(0); k < m; k++ {
			hi, lo = u128MulAdd(hi, lo, 10, uint64(d.digit(lead+int(k))-'0'))
		}
		for k := m; k < keep; k++ {
			hi, lo = u128MulAdd(hi, lo, 10, 0)
		}
		if keep < int64(n) && d.digit(lead+int(keep)) >= '5' {
			hi, lo = u128MulAdd(hi, lo, 1, 1)
		}
	}
	u := Int128{Hi: int64(hi), Lo: lo}
	if !u.FitsPrecision(p) {
		return Int128{}, failDecimal
	}
	if d.neg {
		u = u.Neg()
	}
	return u, castOK
}

// plain renders the literal as Spark prints the Decimal it makes of it
// (BigDecimal.toPlainString, a negative scale first set to zero).
func (d *decLit[T]) plain() string {
	lead, n := d.significant()
	digits := make([]byte, 0, n)
	for k := lead; k < lead+n; k++ {
		digits = append(digits, d.digit(k))
	}
	scale := int64(len(d.fp)) - d.exp
	if n == 0 {
		scale = max(scale, 0)
	}
	return plainDecimal(d.neg && n > 0, string(digits), int(scale))
}

// u128MulAdd returns (hi,lo)·m + a, for results below 2¹²⁸.
func u128MulAdd(hi, lo, m, a uint64) (uint64, uint64) {
	h1, l1 := bits.Mul64(lo, m)
	l2, c := bits.Add64(l1, a, 0)
	return hi*m + h1 + c, l2
}
