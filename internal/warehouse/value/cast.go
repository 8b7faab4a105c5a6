package value

import (
	"math"
	"math/big"
	"strings"
	"time"
)

// This file declares the conversion API. Casts follow Spark's Cast with ANSI
// mode on, as Databricks SQL runs it; the rules live in castone.go (one
// value), castvec.go (vectors), coerce.go (type rules), numparse.go and
// datetime.go (parsing and formatting) and casterr.go (error texts).
//
// Time zones: Cast, CastValue, StoreAssign, Value.String and
// Value.SQLLiteral work in UTC, the default session time zone of a
// Databricks SQL warehouse; CastIn, CastValueIn, StoreAssignIn,
// Value.StringIn and Value.SQLLiteralIn take the session zone.

// Cast converts every row of v to type to with Spark's ANSI CAST semantics.
// With try (TRY_CAST) a row that cannot be converted becomes NULL; otherwise
// the first such row fails with CAST_INVALID_INPUT, CAST_OVERFLOW or
// NUMERIC_VALUE_OUT_OF_RANGE. Casting to v's own type returns v.
func Cast(v *Vector, to Type, try bool) (*Vector, error) {
	return castVector(v, to, try, time.UTC, false, "")
}

// CastIn is Cast in the session time zone loc (nil means UTC), which
// matters for STRING→TIMESTAMP, TIMESTAMP→STRING and DATE↔TIMESTAMP.
//
// Errors are *errclass.Error values: CAST_INVALID_INPUT (22018),
// CAST_OVERFLOW (22003), NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION (22003),
// NUMERIC_OUT_OF_SUPPORTED_RANGE (22003) for a numeric string with more
// than 38 integral digits, DATATYPE_MISMATCH.CAST_* (42K09) when CanCast is
// false (callers should check CanCast at analysis and report the
// expression with CastMismatchError), and UNSUPPORTED_FEATURE (0A000) for
// inputs the fake cannot evaluate faithfully (a time-only timestamp string,
// which Spark completes with the current date); TRY_CAST does not turn the
// last two into NULL. Some casts give NULL even without try, as in Spark: a
// DOUBLE NaN or infinity cast to DECIMAL. The result may share storage with
// v (vectors are immutable). CastIn is safe for concurrent use.
func CastIn(v *Vector, to Type, try bool, loc *time.Location) (*Vector, error) {
	return castVector(v, to, try, loc, false, "")
}

// CastValue converts one value, as Cast does.
func CastValue(x Value, to Type, try bool) (Value, error) {
	return CastValueIn(x, to, try, time.UTC)
}

// CastValueIn converts one value, as CastIn does.
func CastValueIn(x Value, to Type, try bool, loc *time.Location) (Value, error) {
	from := x.Type
	if from == to {
		return x, nil
	}
	if !CanCast(from, to) {
		return Value{}, CastMismatchError("CAST("+x.SQLLiteralIn(loc)+" AS "+to.String()+")", from, to, try)
	}
	if x.Null || from.Kind == Void {
		return NullOf(to), nil
	}
	r, f := castOne(x, to, loc)
	if f == castOK {
		return r, nil
	}
	if f == failNull || (try && f.tolerable()) {
		return NullOf(to), nil
	}
	return Value{}, castError(x, to, f, loc, false, "")
}

// CanCast reports whether CAST(from AS to) is allowed at all.
//
// It is Spark's Cast.canAnsiCast over the supported types (DECIMAL
// parameters never matter):
//
//	from \ to   BOOL  integral  FLOAT/DOUBLE  DEC  STRING  DATE  TS
//	VOID         Y       Y           Y         Y     Y      Y    Y
//	BOOLEAN      Y       Y           Y         Y     Y      -    -
//	integral     Y       Y           Y         Y     Y      -    Y
//	FLOAT/DOUBLE Y       Y           Y         Y     Y      -    Y
//	DECIMAL      Y       Y           Y         Y     Y      -    Y
//	STRING       Y       Y           Y         Y     Y      Y    Y
//	DATE         -       -           -         -     Y      Y    Y
//	TIMESTAMP    -       Y           Y         Y     Y      Y    Y
//
// Only VOID casts to VOID. Non-ANSI Spark also allows DATE/TIMESTAMP to
// BOOLEAN, BOOLEAN to TIMESTAMP and DATE to numbers; ANSI mode, which
// Databricks SQL uses, rejects them (see CastMismatchError).
func CanCast(from, to Type) bool { return canCast(from, to) }

// CanImplicitCast reports whether a value of type from may be coerced to to
// implicitly (Databricks' implicit crosscasting and promotion rules).
//
// These are the rules for a function or operator argument whose parameter
// has type to (Spark's AnsiTypeCoercion.implicitCast; Databricks calls them
// promotion, implicit downcasting and implicit crosscasting): the same
// type; VOID to anything; any numeric to any numeric (downcasts can fail at
// run time); DATE to TIMESTAMP and back; anything to STRING; STRING to any
// type (a malformed value fails at run time with CAST_INVALID_INPUT).
// BOOLEAN never converts to or from numbers or datetimes implicitly, and
// nothing but VOID converts to VOID.
func CanImplicitCast(from, to Type) bool { return canImplicitCast(from, to) }

// CommonType returns the least common type of types, for CASE, COALESCE,
// IN, UNION and comparisons; ok is false when there is none.
//
// Types are folded left to right (Spark's AnsiTypeCoercion.
// findWiderCommonType), starting from VOID, so no types give VOID. For two
// types:
//
//   - equal types: that type; VOID with T: T;
//   - two non-decimal numerics: the wider on TINYINT < SMALLINT < INT <
//     BIGINT < FLOAT < DOUBLE, except that an integral with FLOAT gives
//     DOUBLE (FLOAT is skipped in least-common-type resolution);
//   - two decimals, or a decimal and an integral (taken as DECIMAL(3,0),
//     (5,0), (10,0) or (20,0)): DECIMAL(max(p1-s1, p2-s2) + max(s1, s2),
//     max(s1, s2)), the precision capped at 38;
//   - a decimal with FLOAT or DOUBLE: DOUBLE;
//   - DATE with TIMESTAMP: TIMESTAMP;
//   - STRING with an integral: BIGINT (so int_col = '5' compares as BIGINT);
//     with FLOAT, DOUBLE or DECIMAL: DOUBLE; with BOOLEAN, DATE or
//     TIMESTAMP: that type (Databricks promotes STRING only to BIGINT,
//     BOOLEAN, DATE, DOUBLE and TIMESTAMP);
//   - anything else (BOOLEAN with a number, a number with DATE, …): none.
func CommonType(types ...Type) (t Type, ok bool) { return commonType(types) }

// CanStoreAssign reports whether INSERT may write a value of type from into a
// column of type to (ANSI store assignment).
//
// The rules are Spark's Cast.canANSIStoreAssign: the same type, VOID to
// anything, any numeric to any numeric (overflow is checked at run time),
// any type to STRING, and DATE/TIMESTAMP to DATE/TIMESTAMP. Everything else
// (STRING to a number or BOOLEAN, BOOLEAN to a number, a number to BOOLEAN,
// …) is rejected; the analyzer reports it as
// INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_SAFELY_CAST.
func CanStoreAssign(from, to Type) bool { return canStoreAssign(from, to) }

// StoreAssign converts v for INSERT into a column of type to; overflow fails
// with CAST_OVERFLOW_IN_TABLE_INSERT naming column.
func StoreAssign(v *Vector, to Type, column string) (*Vector, error) {
	return StoreAssignIn(v, to, column, time.UTC)
}

// StoreAssignIn is StoreAssign in the session time zone loc (nil means
// UTC). When CanStoreAssign(v.Type, to) is false it returns
// INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_SAFELY_CAST without a table name;
// callers should check CanStoreAssign first and name the table.
func StoreAssignIn(v *Vector, to Type, column string, loc *time.Location) (*Vector, error) {
	if !CanStoreAssign(v.Type, to) {
		return nil, cannotSafelyCast(v.Type, to, column)
	}
	return castVector(v, to, false, loc, true, column)
}

// Compare orders two non-NULL values of the same type: negative, zero or
// positive. NaN is greater than every other DOUBLE and equal to itself;
// strings compare by UTF-8 bytes.
//
// -0.0 equals 0.0; decimals compare by value even when their scales
// differ; a NULL sorts before any value (ASC NULLS FIRST).
func Compare(a, b Value) int {
	switch {
	case a.Null || b.Null:
		switch {
		case a.Null && b.Null:
			return 0
		case a.Null:
			return -1
		}
		return 1
	}
	switch a.Type.Physical() {
	case PhysInt:
		return cmpInt(a.I, b.I)
	case PhysFloat:
		return CompareFloat(a.F, b.F)
	case PhysDecimal:
		return compareDecimal(a.D, int(a.Type.Scale), b.D, int(b.Type.Scale))
	case PhysString:
		return strings.Compare(a.S, b.S)
	}
	return 0
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// CompareFloat orders doubles as Spark does: NaN equals NaN and is greater
// than everything else, -0.0 equals 0.0.
func CompareFloat(a, b float64) int {
	an, bn := math.IsNaN(a), math.IsNaN(b)
	switch {
	case an && bn:
		return 0
	case an:
		return 1
	case bn:
		return -1
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// compareDecimal compares two unscaled decimals with possibly different
// scales exactly.
func compareDecimal(a Int128, as int, b Int128, bs int) int {
	if as == bs {
		return a.Cmp(b)
	}
	if as < bs {
		if x, ok := mulPow10(a, bs-as); ok {
			return x.Cmp(b)
		}
	} else if y, ok := mulPow10(b, as-bs); ok {
		return a.Cmp(y)
	}
	x, y := a.Big(), b.Big()
	if as < bs {
		x.Mul(x, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(bs-as)), nil))
	} else {
		y.Mul(y, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(as-bs)), nil))
	}
	return x.Cmp(y)
}

// ParseDate parses a date string as CAST(s AS DATE) does and returns days
// since the epoch.
//
// Accepted after trimming whitespace and control characters, as Spark's
// DateTimeUtils.stringToDate: [+-]yyyy[y…] (4 to 7 year digits),
// [+-]yyyy-[m]m and [+-]yyyy-[m]m-[d]d, the last optionally followed by a
// space or 'T' and anything (a time part, ignored). Dates are proleptic
// Gregorian and must exist (2023-02-29 is malformed).
func ParseDate(s string) (days int64, ok bool) { return parseDate(s) }

// ParseTimestamp parses a timestamp string as CAST(s AS TIMESTAMP) does, in
// loc when the string has no zone, and returns microseconds since the epoch.
//
// Accepted after trimming, as Spark's DateTimeUtils.stringToTimestamp:
//
//	[+-]yyyy[y[y]]                      (4 to 6 year digits)
//	[+-]yyyy-[m]m
//	[+-]yyyy-[m]m-[d]d
//	[+-]yyyy-[m]m-[d]d( |T)[h]h[:[m]m[:[s]s[.fffffffff…]]][zone]
//
// The zone (allowed only after the seconds) is Z, an offset (+h, +hh,
// +hh:mm, +hhmm, +hh:mm:ss, +hhmmss, also after UTC, GMT or UT), UTC, GMT,
// UT, one of Java's short ids (PST, EST, …) or a region id such as
// Europe/Paris. Fraction digits after the sixth are truncated. Without a
// zone the wall-clock time is resolved in loc (nil means UTC) as java.time
// does: a time in a DST gap moves forward by the gap, an ambiguous time
// takes the earlier offset. ok is false for malformed input and for forms
// the fake does not evaluate (a time without a date, which Spark completes
// with the current date).
func ParseTimestamp(s string, loc *time.Location) (micros int64, ok bool) {
	m, st := parseTimestamp(s, loc)
	return m, st == tsOK
}

// FormatDate formats days since the epoch as yyyy-MM-dd.
//
// Years after 9999 get a leading '+', years before 1 are written
// proleptically (0 is 0000, -1 is -0001).
func FormatDate(days int64) string { return string(appendDate(nil, days)) }

// FormatTimestamp formats microseconds since the epoch in loc as Spark does
// (yyyy-MM-dd HH:mm:ss[.ffffff], trailing zeros of the fraction dropped).
// A nil loc means UTC.
func FormatTimestamp(micros int64, loc *time.Location) string {
	return string(appendTimestamp(nil, micros, loc))
}

// String renders x as CAST(x AS STRING) does ("NULL" for NULL).
// TIMESTAMP values are rendered in UTC; see StringIn.
func (x Value) String() string { return x.StringIn(time.UTC) }

// SQLLiteral renders x as error messages quote values: 'abc', 2147483648L,
// 1.5D, 10S, 5Y, 1.50BD for DECIMAL, DATE '2024-01-01', NULL.
// See SQLLiteralIn for every type; TIMESTAMP values are shown in UTC.
func (x Value) SQLLiteral() string { return x.SQLLiteralIn(time.UTC) }
