package value

import (
	"math"
	"strconv"
	"time"
)

// castOne converts one non-NULL value to type to with ANSI semantics. The
// pair must satisfy CanCast. It is the reference for the vector kernels in
// castvec.go, which must agree with it row for row.
func castOne(x Value, to Type, loc *time.Location) (Value, castFail) {
	out := Value{Type: to}
	from := x.Type
	if from == to {
		return x, castOK
	}
	var f castFail
	switch to.Kind {
	case String:
		out.S = x.StringIn(loc)
	case Boolean:
		out.I, f = toBoolean(x)
	case TinyInt, SmallInt, Int, BigInt:
		out.I, f = toIntegral(x, to)
	case Float, Double:
		out.F, f = toFloating(x, to)
	case Decimal:
		out.D, f = toDecimal(x, to)
	case Date:
		out.I, f = toDate(x, loc)
	case Timestamp:
		out.I, f = toTimestamp(x, loc)
	default:
		f = failInvalid
	}
	return out, f
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func toBoolean(x Value) (int64, castFail) {
	switch x.Type.Kind {
	case String:
		b, ok := parseBool(x.S)
		if !ok {
			return 0, failInvalid
		}
		return b2i(b), castOK
	case TinyInt, SmallInt, Int, BigInt:
		return b2i(x.I != 0), castOK
	case Float, Double:
		return b2i(x.F != 0), castOK // NaN is true, as in Java
	case Decimal:
		return b2i(x.D.Sign() != 0), castOK
	}
	return 0, failInvalid
}

// floatToIntegral converts a DOUBLE to an integral range as Spark's
// DoubleExactNumeric does: it truncates toward zero when
// ⌊f⌋ ≤ hi and ⌈f⌉ ≥ lo (so NaN and infinities overflow); like Java's
// (long) conversion, values in [2⁶³, 2⁶³] saturate to the BIGINT maximum.
func floatToIntegral(f float64, lo, hi int64) (int64, bool) {
	if !(math.Floor(f) <= float64(hi) && math.Ceil(f) >= float64(lo)) {
		return 0, false
	}
	if f >= 1<<63 {
		return 1<<63 - 1, true
	}
	return int64(f), true
}

// decimalToIntegral truncates a DECIMAL toward zero and checks the range.
func decimalToIntegral(u Int128, scale int, lo, hi int64) (int64, bool) {
	q := u
	if scale > 0 {
		q, _ = divPow10(u, scale)
	}
	if !q.IsInt64() {
		return 0, false
	}
	v := q.Int64()
	return v, v >= lo && v <= hi
}

func toIntegral(x Value, to Type) (int64, castFail) {
	lo, hi := to.IntegralBounds()
	var v int64
	switch x.Type.Kind {
	case Boolean:
		return x.I, castOK
	case TinyInt, SmallInt, Int, BigInt:
		v = x.I
	case Timestamp:
		v = floorDiv(x.I, microsPerSecond)
	case Float, Double:
		r, ok := floatToIntegral(x.F, lo, hi)
		if !ok {
			return 0, failOverflow
		}
		return r, castOK
	case Decimal:
		r, ok := decimalToIntegral(x.D, int(x.Type.Scale), lo, hi)
		if !ok {
			return 0, failOverflow
		}
		return r, castOK
	case String:
		r, ok := parseIntegral(x.S, lo, hi)
		if !ok {
			return 0, failInvalid
		}
		return r, castOK
	default:
		return 0, failInvalid
	}
	if v < lo || v > hi {
		return 0, failOverflow
	}
	return v, castOK
}

// decimalToFloat converts an unscaled decimal to the nearest float of
// bitSize bits (Spark's Decimal.toDouble / toFloat through BigDecimal).
func decimalToFloat(u Int128, scale, bitSize int) float64 {
	if u.IsInt64() {
		v := u.Int64()
		if bitSize == 64 && v > -1<<53 && v < 1<<53 && scale < len(pow10f64) {
			return float64(v) / pow10f64[scale] // both exact: one correctly rounded division
		}
		if bitSize == 32 && v > -1<<24 && v < 1<<24 && scale <= 10 {
			return float64(float32(v) / float32(pow10f64[scale]))
		}
	}
	f, _ := strconv.ParseFloat(u.DecimalString(scale), bitSize)
	return f
}

func toFloating(x Value, to Type) (float64, castFail) {
	single := to.Kind == Float
	var f float64
	switch x.Type.Kind {
	case Boolean, TinyInt, SmallInt, Int, BigInt:
		if single {
			return float64(float32(x.I)), castOK
		}
		return float64(x.I), castOK
	case Timestamp:
		f = float64(x.I) / microsPerSecond
	case Float, Double:
		f = x.F
	case Decimal:
		bits := 64
		if single {
			bits = 32
		}
		return decimalToFloat(x.D, int(x.Type.Scale), bits), castOK
	case String:
		bits := 64
		if single {
			bits = 32
		}
		r, ok := parseJavaDouble(x.S, bits)
		if !ok {
			return 0, failInvalid
		}
		return r, castOK
	default:
		return 0, failInvalid
	}
	if single {
		f = RoundFloat32(f)
	}
	return f, castOK
}

// intToDecimal converts an integer to DECIMAL(p,s).
func intToDecimal(v int64, p, s int) (Int128, castFail) {
	if p-s <= 18 {
		if b := pow10i64[p-s]; v >= b || v <= -b {
			return Int128{}, failDecimal
		}
	}
	u, ok := mulPow10(Int128From(v), s)
	if !ok || !u.FitsPrecision(p) {
		return Int128{}, failDecimal
	}
	return u, castOK
}

// decimalToDecimal changes precision and scale, rounding half up.
func decimalToDecimal(u Int128, from, to Type) (Int128, castFail) {
	r, ok := rescaleHalfUp(u, int(from.Scale), int(to.Scale))
	if !ok || !r.FitsPrecision(int(to.Precision)) {
		return Int128{}, failDecimal
	}
	return r, castOK
}

func toDecimal(x Value, to Type) (Int128, castFail) {
	p, s := int(to.Precision), int(to.Scale)
	switch x.Type.Kind {
	case Boolean, TinyInt, SmallInt, Int, BigInt:
		return intToDecimal(x.I, p, s)
	case Decimal:
		return decimalToDecimal(x.D, x.Type, to)
	case Float, Double:
		return doubleToDecimal(x.F, p, s)
	case Timestamp:
		return doubleToDecimal(float64(x.I)/microsPerSecond, p, s)
	case String:
		d, ok := parseDecLit(trimJava(x.S))
		if !ok {
			return Int128{}, failInvalid
		}
		if d.intDigits() > MaxDecimalPrecision {
			return Int128{}, failDigits
		}
		return d.toDecimal(p, s)
	}
	return Int128{}, failInvalid
}

func toDate(x Value, loc *time.Location) (int64, castFail) {
	switch x.Type.Kind {
	case String:
		d, ok := parseDate(x.S)
		if !ok {
			return 0, failInvalid
		}
		return d, castOK
	case Timestamp:
		return microsToDays(x.I, loc), castOK
	}
	return 0, failInvalid
}

// floatToMicros converts seconds in a DOUBLE to microseconds as Spark's
// doubleToTimestampAnsi: NaN and infinities are malformed input, the
// product is truncated toward zero and must fit in a BIGINT.
func floatToMicros(f float64) (int64, castFail) {
	if !finite(f) {
		return 0, failInvalid
	}
	v, ok := floatToIntegral(f*microsPerSecond, -1<<63, 1<<63-1)
	if !ok {
		return 0, failOverflow
	}
	return v, castOK
}

func toTimestamp(x Value, loc *time.Location) (int64, castFail) {
	switch x.Type.Kind {
	case String:
		m, st := parseTimestamp(x.S, loc)
		switch st {
		case tsOK:
			return m, castOK
		case tsTimeOnly:
			return 0, failTimeOnly
		case tsUnsupported:
			return 0, failZone
		}
		return 0, failInvalid
	case Date:
		m, ok := daysToMicros(x.I, loc)
		if !ok {
			return 0, failOverflow
		}
		return m, castOK
	case TinyInt, SmallInt, Int, BigInt:
		// Spark's SECONDS.toMicros saturates instead of overflowing.
		const lim = (1<<63 - 1) / microsPerSecond
		switch {
		case x.I > lim:
			return 1<<63 - 1, castOK
		case x.I < -lim:
			return -1 << 63, castOK
		}
		return x.I * microsPerSecond, castOK
	case Float, Double:
		return floatToMicros(x.F)
	case Decimal:
		u, ok := mulPow10(x.D, 6)
		if !ok {
			return 0, failOverflow
		}
		if s := int(x.Type.Scale); s > 0 {
			u, _ = divPow10(u, s)
		}
		if !u.IsInt64() {
			return 0, failOverflow
		}
		return u.Int64(), castOK
	}
	return 0, failInvalid
}
