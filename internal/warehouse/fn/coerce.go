package fn

import (
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// This file holds the implicit-cast rules of Databricks SQL (ANSI mode) that
// functions and operators apply to their arguments:
//
//   - Binary operators follow Spark's PromoteStrings rule: a STRING meeting an
//     integral operand becomes BIGINT, meeting a FLOAT, DOUBLE or DECIMAL
//     operand becomes DOUBLE, and meeting BOOLEAN, DATE or TIMESTAMP becomes
//     that type. In arithmetic, two STRINGs are both cast to DOUBLE.
//   - Numeric operands widen along TINYINT < SMALLINT < INT < BIGINT < DECIMAL
//     < DOUBLE. FLOAT is skipped in least-common-type resolution: FLOAT with
//     FLOAT stays FLOAT, FLOAT with anything else becomes DOUBLE. An integral
//     operand meeting a DECIMAL becomes the DECIMAL that holds it
//     (DECIMAL(3,0), (5,0), (10,0), (20,0)), or, for an integral literal,
//     the smallest DECIMAL that holds its value (Spark's
//     literal.pickMinimumPrecision).
//   - Function parameters follow Databricks' "casting on function invocation"
//     rules: promotion within the precedence list, implicit downcasting
//     (DOUBLE → INT, TIMESTAMP → DATE), crosscasting any simple type to
//     STRING, and a STRING to the parameter's simple type.

// isString, isVoid and friends name kinds for readability.
func isVoid(t value.Type) bool   { return t.Kind == value.Void }
func isString(t value.Type) bool { return t.Kind == value.String }

// isFractional reports FLOAT, DOUBLE or DECIMAL.
func isFractional(t value.Type) bool { return t.IsFloating() || t.Kind == value.Decimal }

// intRank orders the integral kinds.
func intRank(k value.Kind) int {
	switch k {
	case value.TinyInt:
		return 1
	case value.SmallInt:
		return 2
	case value.Int:
		return 3
	case value.BigInt:
		return 4
	}
	return 0
}

// widerIntegral returns the wider of two integral types.
func widerIntegral(a, b value.Type) value.Type {
	if intRank(a.Kind) >= intRank(b.Kind) {
		return a
	}
	return b
}

// decimalFor returns the DECIMAL an integral argument becomes next to a
// DECIMAL operand.
func decimalFor(a Arg) value.Type {
	if a.Const != nil && !a.Const.Null && a.Type.IsIntegral() {
		return value.DecimalType(digits(a.Const.I), 0)
	}
	switch a.Type.Kind {
	case value.TinyInt:
		return value.DecimalType(3, 0)
	case value.SmallInt:
		return value.DecimalType(5, 0)
	case value.Int:
		return value.DecimalType(10, 0)
	}
	return value.DecimalType(20, 0)
}

// digits returns the number of decimal digits of |v| (1 for 0).
func digits(v int64) int {
	u := uint64(v)
	if v < 0 {
		u = -u
	}
	n := 1
	for u >= 10 {
		u /= 10
		n++
	}
	return n
}

// stringPartner returns the type a STRING operand is promoted to next to an
// operand of type t (Spark's findWiderTypeForString); ok is false when t
// gives no rule.
func stringPartner(t value.Type) (value.Type, bool) {
	switch {
	case t.IsIntegral():
		return value.BigIntType, true
	case isFractional(t):
		return value.DoubleType, true
	case t.Kind == value.Boolean, t.Kind == value.Date, t.Kind == value.Timestamp:
		return t, true
	}
	return value.Type{}, false
}

// numericOperands returns the types two numeric operands are cast to for
// arithmetic and comparison. DECIMAL operands keep their own precision and
// scale; callers align them.
func numericOperands(l, r Arg) (lt, rt value.Type) {
	a, b := l.Type, r.Type
	switch {
	case a.IsFloating() || b.IsFloating():
		if a.Kind == value.Float && b.Kind == value.Float {
			return a, b
		}
		return value.DoubleType, value.DoubleType
	case a.Kind == value.Decimal && b.Kind == value.Decimal:
		return a, b
	case a.Kind == value.Decimal:
		return a, decimalFor(r)
	case b.Kind == value.Decimal:
		return decimalFor(l), b
	}
	w := widerIntegral(a, b)
	return w, w
}

// comparisonOperands returns the types both sides of a comparison are cast
// to; ok is false when the types cannot be compared.
func comparisonOperands(l, r Arg) (lt, rt value.Type, ok bool) {
	a, b := l.Type, r.Type
	switch {
	case isVoid(a) && isVoid(b):
		return a, b, true
	case isVoid(a):
		return b, b, true
	case isVoid(b):
		return a, a, true
	case a.Kind == b.Kind && a.Kind != value.Decimal:
		return a, b, true
	case a.IsNumeric() && b.IsNumeric():
		lt, rt = numericOperands(l, r)
		return lt, rt, true
	case isString(a):
		if t, ok := stringPartner(b); ok {
			return t, t, true
		}
	case isString(b):
		if t, ok := stringPartner(a); ok {
			return t, t, true
		}
	case a.Kind == value.Date && b.Kind == value.Timestamp, a.Kind == value.Timestamp && b.Kind == value.Date:
		return value.TimestampType, value.TimestampType, true
	}
	return value.Type{}, value.Type{}, false
}

// paramCast returns the type argument a is cast to for a parameter of type
// want, under Databricks' function-invocation rules; ok is false when the
// argument is not acceptable.
func paramCast(a Arg, want value.Type) (value.Type, bool) {
	t := a.Type
	if t == want || isVoid(t) {
		return want, true
	}
	switch {
	case want.Kind == value.String:
		return want, true
	case isString(t):
		return want, true
	case want.IsNumeric():
		return want, t.IsNumeric()
	case want.Kind == value.Date, want.Kind == value.Timestamp:
		return want, t.Kind == value.Date || t.Kind == value.Timestamp
	}
	return want, false
}

// numericParam returns the type a numeric-family argument is evaluated in:
// its own numeric type, DOUBLE for a STRING or NULL; ok is false otherwise.
func numericParam(a Arg) (value.Type, bool) {
	switch {
	case a.Type.IsNumeric():
		return a.Type, true
	case isString(a.Type), isVoid(a.Type):
		return value.DoubleType, true
	}
	return value.Type{}, false
}
