package agg

import (
	"math"
	"strconv"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// numericInput is Spark's implicit cast for a NUMERIC parameter: numeric
// types stay, STRING and VOID become DOUBLE; ok is false for the others.
func numericInput(t value.Type) (value.Type, bool) {
	switch {
	case t.IsNumeric():
		return t, true
	case t.Kind == value.String, t.Kind == value.Void:
		return value.DoubleType, true
	}
	return t, false
}

// doubleInput is the implicit cast for a DOUBLE parameter.
func doubleInput(t value.Type) (value.Type, bool) {
	if _, ok := numericInput(t); ok {
		return value.DoubleType, true
	}
	return t, false
}

// booleanInput is the implicit cast for a BOOLEAN parameter.
func booleanInput(t value.Type) (value.Type, bool) {
	switch t.Kind {
	case value.Boolean, value.String, value.Void:
		return value.BooleanType, true
	}
	return t, false
}

// sameTypes returns the argument types unchanged, as casts.
func sameTypes(types ...value.Type) []value.Type { return types }

// exactPow10 holds the powers of ten a float64 represents exactly.
var exactPow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// decimalToFloat converts an unscaled DECIMAL value to the nearest double,
// as Spark's Decimal.toDouble (BigDecimal.doubleValue) does.
func decimalToFloat(x value.Int128, scale int) float64 {
	if x.IsInt64() && scale < len(exactPow10) {
		if u := x.Int64(); u > -1<<53 && u < 1<<53 {
			// Both operands are exact, so the quotient is correctly rounded.
			return float64(u) / exactPow10[scale]
		}
	}
	f, err := strconv.ParseFloat(x.DecimalString(scale), 64)
	if err != nil {
		// Only a range error is possible, which 38 digits cannot reach.
		return math.NaN()
	}
	return f
}

// constFloat returns a numeric constant as a double; ok is false for NULL
// and non-numeric constants.
func constFloat(c *value.Value) (float64, bool) {
	if c == nil || c.Null {
		return 0, false
	}
	switch {
	case c.Type.IsIntegral():
		return float64(c.I), true
	case c.Type.IsFloating():
		return c.F, true
	case c.Type.Kind == value.Decimal:
		return decimalToFloat(c.D, int(c.Type.Scale)), true
	case c.Type.Kind == value.String:
		v, err := value.CastValue(*c, value.DoubleType, false)
		if err != nil || v.Null {
			return 0, false
		}
		return v.F, true
	}
	return 0, false
}
