package value

import (
	"math"
	"strconv"
	"time"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
)

// castFail says why one value could not be cast.
type castFail uint8

const (
	castOK       castFail = iota
	failInvalid           // malformed input: CAST_INVALID_INPUT
	failOverflow          // out of the target's range: CAST_OVERFLOW
	failDecimal           // does not fit DECIMAL(p,s): NUMERIC_VALUE_OUT_OF_RANGE
	failDigits            // a numeric string with more than 38 integral digits
	failTimeOnly          // a time-only timestamp string: unsupported
	failZone              // a zone region the fake cannot load: unsupported
	failNull              // NULL without an error, as Spark does even in ANSI mode
)

// tolerable reports whether TRY_CAST turns the failure into NULL.
func (f castFail) tolerable() bool {
	switch f {
	case failInvalid, failOverflow, failDecimal, failDigits, failNull:
		return true
	}
	return false
}

// Error templates, from Spark 4's error-conditions.json (the ANSI-config
// suggestion was removed from CAST_INVALID_INPUT and CAST_OVERFLOW in
// Spark 4.0; NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION still carries it).
const (
	tmplInvalidInput = "The value %s of the type \"%s\" cannot be cast to \"%s\" because it is malformed. " +
		"Correct the value as per the syntax, or change its target type. " +
		"Use `try_cast` to tolerate malformed input and return NULL instead."
	tmplOverflow = "The value %s of the type \"%s\" cannot be cast to \"%s\" due to an overflow. " +
		"Use `try_cast` to tolerate overflow and return NULL instead."
	tmplOutOfRange = "%s cannot be represented as Decimal(%d, %d). " +
		"If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error, and return NULL instead."
	tmplTooManyDigits = "The value %s cannot be interpreted as a numeric since it has more than 38 digits."
	tmplTableInsert   = "Fail to assign a value of \"%s\" type to the \"%s\" type column or variable %s due to an overflow. " +
		"Use `try_cast` on the input value to tolerate overflow and return NULL instead."
)

// castError builds the error for a failed cast of x to type to. With insert
// (store assignment), overflow failures become CAST_OVERFLOW_IN_TABLE_INSERT
// naming column, as Spark's CheckOverflowInTableInsert does.
func castError(x Value, to Type, f castFail, loc *time.Location, insert bool, column string) error {
	if insert && (f == failOverflow || f == failDecimal) {
		return errclass.New("CAST_OVERFLOW_IN_TABLE_INSERT", tmplTableInsert, x.Type, to, errclass.Ident(column))
	}
	switch f {
	case failInvalid:
		return errclass.New("CAST_INVALID_INPUT", tmplInvalidInput, x.SQLLiteralIn(loc), x.Type, to)
	case failOverflow:
		if x.Type.IsFloating() && to.Kind == Timestamp {
			// Spark converts seconds to microseconds in DOUBLE and then
			// reports the product's failed conversion to BIGINT.
			return errclass.New("CAST_OVERFLOW", tmplOverflow, Float64(x.F*microsPerSecond).SQLLiteralIn(loc), DoubleType, BigIntType)
		}
		return errclass.New("CAST_OVERFLOW", tmplOverflow, x.SQLLiteralIn(loc), x.Type, to)
	case failDecimal:
		return errclass.New("NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION", tmplOutOfRange,
			decimalErrorValue(x), int(to.Precision), int(to.Scale))
	case failDigits:
		return errclass.New("NUMERIC_OUT_OF_SUPPORTED_RANGE", tmplTooManyDigits, x.S)
	case failTimeOnly:
		return errclass.New("UNSUPPORTED_FEATURE",
			"The feature is not supported: casting the time-only string %s to \"%s\": the fake warehouse does not take the current date.",
			x.SQLLiteralIn(loc), to)
	case failZone:
		return errclass.New("UNSUPPORTED_FEATURE",
			"The feature is not supported: resolving the time zone in %s: no time zone database is available to the fake warehouse.",
			x.SQLLiteralIn(loc))
	}
	return errclass.New("INTERNAL_ERROR", "cannot cast %s to \"%s\"", x.SQLLiteralIn(loc), to)
}

// decimalErrorValue renders x the way NUMERIC_VALUE_OUT_OF_RANGE shows the
// Decimal Spark built from it before changing its precision
// (Decimal.toPlainString): integers plainly, decimals with their scale,
// floating point values through Double.toString ("1.0E10" → 10000000000,
// "1.5" → 1.5), strings as parsed.
func decimalErrorValue(x Value) string {
	switch x.Type.Kind {
	case Boolean, TinyInt, SmallInt, Int, BigInt:
		return strconv.FormatInt(x.I, 10)
	case Decimal:
		return x.D.DecimalString(int(x.Type.Scale))
	case Float, Double:
		d := doubleDecimalLit(x.F)
		return d.plain()
	case Timestamp:
		d := doubleDecimalLit(float64(x.I) / microsPerSecond)
		return d.plain()
	case String:
		if d, ok := parseDecLit(trimJava(x.S)); ok {
			return d.plain()
		}
	}
	return x.StringIn(nil)
}

// doubleDecimalLit returns f as the BigDecimal Spark's Decimal(double)
// makes of it: parsed from Double.toString(f). f must be finite.
func doubleDecimalLit(f float64) decLit[[]byte] {
	var buf [32]byte
	d, _ := parseDecLit(appendJavaFloat(buf[:0], f, 64))
	return d
}

// doubleToDecimal converts a finite DOUBLE (or a FLOAT widened to double)
// to DECIMAL(p,s) as Spark does: through the BigDecimal of
// Double.toString(f), rounded half up. NaN and infinities give NULL, even in
// ANSI mode (Spark's cast catches the NumberFormatException).
func doubleToDecimal(f float64, p, s int) (Int128, castFail) {
	if !finite(f) {
		return Int128{}, failNull
	}
	var buf [32]byte
	d, _ := parseDecLit(appendJavaFloat(buf[:0], f, 64))
	return d.toDecimal(p, s)
}

// finite reports whether f is neither NaN nor infinite.
func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
