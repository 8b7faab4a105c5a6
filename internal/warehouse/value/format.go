package value

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// shortestDigits returns the shortest decimal digits that round-trip f (as a
// float of bitSize bits) and the decimal exponent e of the first digit, so
// that |f| ≈ 0.d₁d₂…×10^(e+1). f must be finite and non-zero. The digits are
// written into buf, which should have room for 17 bytes.
//
// Like Java (JDK 19+ Double.toString), when one digit suffices the two-digit
// decimal closest to f is used instead if it differs (4.9E-324, not 5E-324).
func shortestDigits(buf []byte, f float64, bitSize int) (digits []byte, exp int) {
	var tmp [32]byte
	b := strconv.AppendFloat(tmp[:0], math.Abs(f), 'e', -1, bitSize)
	if len(b) > 1 && b[1] == 'e' {
		b = strconv.AppendFloat(tmp[:0], math.Abs(f), 'e', 1, bitSize)
		if b[2] == '0' { // d.0e±xx: the one-digit form is the closest
			b = append(b[:1], b[3:]...)
		}
	}
	// b is d[.ddd]e±xx
	k := 0
	digits = buf[:0]
	for ; k < len(b) && b[k] != 'e'; k++ {
		if b[k] != '.' {
			digits = append(digits, b[k])
		}
	}
	neg := b[k+1] == '-'
	for _, c := range b[k+2:] {
		exp = exp*10 + int(c-'0')
	}
	if neg {
		exp = -exp
	}
	return digits, exp
}

// appendJavaFloat writes f as Java's Double.toString (bitSize 64) or
// Float.toString (bitSize 32) does: plain notation with at least one
// fraction digit when 10⁻³ ≤ |f| < 10⁷ ("1.0", "0.001", "1234567.0"),
// otherwise computerized scientific notation ("1.0E7", "1.5E-4"); "NaN",
// "Infinity", "-Infinity", "0.0", "-0.0". The digits are the shortest that
// round-trip, as on JDK 19 and later.
func appendJavaFloat(dst []byte, f float64, bitSize int) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, "NaN"...)
	case math.IsInf(f, 1):
		return append(dst, "Infinity"...)
	case math.IsInf(f, -1):
		return append(dst, "-Infinity"...)
	case f == 0:
		if math.Signbit(f) {
			return append(dst, "-0.0"...)
		}
		return append(dst, "0.0"...)
	}
	if f < 0 {
		dst = append(dst, '-')
	}
	var buf [24]byte
	digits, exp := shortestDigits(buf[:], f, bitSize)
	if exp >= -3 && exp < 7 {
		if exp < 0 {
			dst = append(dst, '0', '.')
			for k := -1; k > exp; k-- {
				dst = append(dst, '0')
			}
			return append(dst, digits...)
		}
		ip := exp + 1
		if ip >= len(digits) {
			dst = append(dst, digits...)
			for k := len(digits); k < ip; k++ {
				dst = append(dst, '0')
			}
			return append(dst, '.', '0')
		}
		dst = append(dst, digits[:ip]...)
		dst = append(dst, '.')
		return append(dst, digits[ip:]...)
	}
	dst = append(dst, digits[0], '.')
	if len(digits) > 1 {
		dst = append(dst, digits[1:]...)
	} else {
		dst = append(dst, '0')
	}
	dst = append(dst, 'E')
	return strconv.AppendInt(dst, int64(exp), 10)
}

// formatDouble renders a DOUBLE as CAST(x AS STRING) does.
func formatDouble(f float64) string { return string(appendJavaFloat(nil, f, 64)) }

// formatFloat renders a FLOAT (stored rounded to float32) as CAST AS STRING does.
func formatFloat(f float64) string { return string(appendJavaFloat(nil, f, 32)) }

// javaBigDecimalString renders an unscaled value and a non-negative scale as
// java.math.BigDecimal.toString does: plain notation unless the adjusted
// exponent is below -6 ("1E-7", "1.5E-8", "0E-10").
func javaBigDecimalString(u Int128, scale int) string {
	if scale == 0 {
		return u.DecimalString(0)
	}
	digits := u.Abs().Big().String()
	adjusted := len(digits) - 1 - scale
	if adjusted >= -6 {
		return u.DecimalString(scale)
	}
	var b strings.Builder
	if u.Sign() < 0 {
		b.WriteByte('-')
	}
	b.WriteByte(digits[0])
	if len(digits) > 1 {
		b.WriteByte('.')
		b.WriteString(digits[1:])
	}
	b.WriteByte('E')
	b.WriteString(strconv.Itoa(adjusted))
	return b.String()
}

// plainDecimal renders sign, significant digits (no leading zeros; empty
// for zero) and a scale as java.math.BigDecimal.toPlainString does after
// Spark has normalised a negative scale to zero.
func plainDecimal(neg bool, digits string, scale int) string {
	if digits == "" {
		digits, neg = "0", false
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	switch {
	case scale <= 0:
		b.WriteString(digits)
		for k := 0; k < -scale; k++ {
			b.WriteByte('0')
		}
	case scale >= len(digits):
		b.WriteString("0.")
		for k := len(digits); k < scale; k++ {
			b.WriteByte('0')
		}
		b.WriteString(digits)
	default:
		b.WriteString(digits[:len(digits)-scale])
		b.WriteByte('.')
		b.WriteString(digits[len(digits)-scale:])
	}
	return b.String()
}

// appendValue writes a non-NULL value as CAST(x AS STRING) does.
func appendValue(dst []byte, x Value, loc *time.Location) []byte {
	switch x.Type.Kind {
	case Boolean:
		if x.I != 0 {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case TinyInt, SmallInt, Int, BigInt:
		return strconv.AppendInt(dst, x.I, 10)
	case Float:
		return appendJavaFloat(dst, x.F, 32)
	case Double:
		return appendJavaFloat(dst, x.F, 64)
	case Decimal:
		return append(dst, x.D.DecimalString(int(x.Type.Scale))...)
	case String, Array, Map, Struct:
		return append(dst, x.S...)
	case Date:
		return appendDate(dst, x.I)
	case Timestamp:
		return appendTimestamp(dst, x.I, loc)
	case Interval:
		return append(dst, FormatInterval(x.I)...)
	}
	return append(dst, "NULL"...)
}

// StringIn renders x as CAST(x AS STRING) does in the session time zone
// loc (nil means UTC), which matters for TIMESTAMP only. NULL gives "NULL".
func (x Value) StringIn(loc *time.Location) string {
	if x.Null {
		return "NULL"
	}
	if x.Type.Physical() == PhysString {
		return x.S
	}
	return string(appendValue(nil, x, loc))
}

// SQLLiteralIn renders x as Spark's error messages quote values
// (QueryErrorsBase.toSQLValue), with TIMESTAMP values shown in the session
// time zone loc (nil means UTC):
//
//	NULL                 NULL
//	BOOLEAN              true, false
//	TINYINT SMALLINT     5Y, 10S
//	INT BIGINT           42, 2147483648L
//	FLOAT                1.5 (no suffix), NaN, Infinity, -Infinity
//	DOUBLE               1.5D, 1.0E10D, NaN, Infinity, -Infinity
//	DECIMAL              1.50BD (BigDecimal.toString: 1E-7BD for tiny values)
//	STRING               'it\'s' (backslashes and quotes escaped)
//	DATE TIMESTAMP       DATE '2024-01-01', TIMESTAMP '2024-01-02 03:04:05'
func (x Value) SQLLiteralIn(loc *time.Location) string {
	if x.Null || x.Type.Kind == Void {
		return "NULL"
	}
	switch x.Type.Kind {
	case TinyInt:
		return strconv.FormatInt(x.I, 10) + "Y"
	case SmallInt:
		return strconv.FormatInt(x.I, 10) + "S"
	case BigInt:
		return strconv.FormatInt(x.I, 10) + "L"
	case Float:
		return formatFloat(x.F)
	case Double:
		if math.IsNaN(x.F) || math.IsInf(x.F, 0) {
			return formatDouble(x.F)
		}
		return formatDouble(x.F) + "D"
	case Decimal:
		return javaBigDecimalString(x.D, int(x.Type.Scale)) + "BD"
	case String:
		var b strings.Builder
		b.Grow(len(x.S) + 2)
		b.WriteByte('\'')
		for k := 0; k < len(x.S); k++ {
			c := x.S[k]
			if c == '\\' || c == '\'' {
				b.WriteByte('\\')
			}
			b.WriteByte(c)
		}
		b.WriteByte('\'')
		return b.String()
	case Date:
		return "DATE '" + string(appendDate(nil, x.I)) + "'"
	case Timestamp:
		return "TIMESTAMP '" + string(appendTimestamp(nil, x.I, loc)) + "'"
	}
	return x.StringIn(loc)
}

// FormatInterval renders a day-time interval of micros microseconds as
// Spark does: INTERVAL '1 02:03:04.5' DAY TO SECOND.
func FormatInterval(micros int64) string {
	sign := ""
	u := uint64(micros)
	if micros < 0 {
		sign, u = "-", uint64(-micros)
	}
	const (
		sec  = 1_000_000
		min  = 60 * sec
		hour = 60 * min
		day  = 24 * hour
	)
	d, h, m := u/day, u%day/hour, u%hour/min
	s, frac := u%min/sec, u%sec
	text := fmt.Sprintf("%s%d %02d:%02d:%02d", sign, d, h, m, s)
	if frac != 0 {
		text += strings.TrimRight(fmt.Sprintf(".%06d", frac), "0")
	}
	return "INTERVAL '" + text + "' DAY TO SECOND"
}
