package parser

import (
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/ast"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// Spark compares floating-point literals with BigDecimal(Double.MaxValue)
// and BigDecimal(Float.MaxValue), which are built from the shortest decimal
// representation of the bound.
const (
	maxDoubleText = "1.7976931348623157E308"
	maxFloatText  = "3.4028234663852886E38"
)

// numberLiteral converts a numeric token (negated when neg, for a literal
// written with a leading minus) into a typed literal following Spark's rules.
// Out-of-range literals are deferred errors; the returned literal is then a
// placeholder.
func (p *parser) numberLiteral(t *token, neg bool) *ast.Literal {
	raw := p.text(t)
	v, err := convertNumber(raw, t.num, neg)
	if err != nil {
		p.deferErr(err)
		return &ast.Literal{Value: value.NullOf(value.VoidType)}
	}
	return &ast.Literal{Value: v}
}

// signed returns raw with a leading minus when neg.
func signed(raw string, neg bool) string {
	if neg {
		return "-" + raw
	}
	return raw
}

func rangeError(raw string, neg bool, typeName, min, max string) error {
	return errclass.New("INVALID_NUMERIC_LITERAL_RANGE",
		"Numeric literal %s is outside the valid range for %s with minimum value of %s and maximum value of %s. Please adjust the value accordingly.",
		signed(raw, neg), typeName, min, max)
}

func precisionError(precision int) error {
	return errclass.New("DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION",
		"Decimal precision %d exceeds max precision %d.", precision, value.MaxDecimalPrecision)
}

// trimZeros drops leading zeros from a digit string, keeping at least one
// digit.
func trimZeros(d string) string {
	i := 0
	for i < len(d)-1 && d[i] == '0' {
		i++
	}
	return d[i:]
}

// parseMagnitude parses a digit string into a uint64; ok is false when it
// does not fit.
func parseMagnitude(d string) (uint64, bool) {
	d = trimZeros(d)
	if len(d) > 20 {
		return 0, false
	}
	u, err := strconv.ParseUint(d, 10, 64)
	return u, err == nil
}

// decimalValue builds a DECIMAL(max(precision, scale), scale) value from the
// significant digits of the unscaled value.
func decimalValue(digits string, neg bool, scale int) (value.Value, error) {
	digits = trimZeros(digits)
	precision := len(digits)
	if scale > precision {
		precision = scale
	}
	if precision > value.MaxDecimalPrecision {
		return value.Value{}, precisionError(precision)
	}
	var unscaled value.Int128
	if len(digits) <= 18 {
		u, _ := strconv.ParseInt(digits, 10, 64)
		if neg {
			u = -u
		}
		unscaled = value.Int128From(u)
	} else {
		b, _ := new(big.Int).SetString(digits, 10)
		if neg {
			b.Neg(b)
		}
		unscaled, _ = value.Int128FromBig(b)
	}
	return value.Dec(unscaled, precision, scale), nil
}

// splitMantissa splits "12.50e-3" into integer digits, fraction digits and
// the exponent (0 when absent). The exponent is clamped to a range that keeps
// the arithmetic safe; such literals are far out of any type's range anyway.
func splitMantissa(raw string) (intPart, frac string, exp int) {
	mant := raw
	if i := strings.IndexAny(raw, "eE"); i >= 0 {
		mant = raw[:i]
		e, err := strconv.Atoi(raw[i+1:])
		if err != nil || e > 1<<20 {
			e = 1 << 20
		} else if e < -(1 << 20) {
			e = -(1 << 20)
		}
		exp = e
	}
	intPart = mant
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		intPart, frac = mant[:i], mant[i+1:]
	}
	return intPart, frac, exp
}

func convertNumber(raw string, kind numKind, neg bool) (value.Value, error) {
	switch kind {
	case numInt:
		if u, ok := parseMagnitude(raw); ok {
			switch {
			case !neg && u <= math.MaxInt32:
				return value.Int32(int32(u)), nil
			case neg && u <= -math.MinInt32:
				return value.Int32(int32(-int64(u))), nil
			case !neg && u <= math.MaxInt64:
				return value.Int64(int64(u)), nil
			case neg && u <= 1<<63:
				return value.Int64(int64(-u)), nil
			}
		}
		return decimalValue(raw, neg, 0)
	case numBigInt, numSmallInt, numTinyInt:
		digits := raw[:len(raw)-1]
		t, name := value.BigIntType, "bigint"
		switch kind {
		case numSmallInt:
			t, name = value.SmallIntType, "smallint"
		case numTinyInt:
			t, name = value.TinyIntType, "tinyint"
		}
		lo, hi := t.IntegralBounds()
		u, ok := parseMagnitude(digits)
		if ok && (!neg && u <= uint64(hi) || neg && u <= uint64(-(lo+1))+1) {
			v := int64(u)
			if neg {
				v = int64(-u)
			}
			return value.IntOf(t, v), nil
		}
		return value.Value{}, rangeError(digits, neg, name, strconv.FormatInt(lo, 10), strconv.FormatInt(hi, 10))
	case numDecimal:
		intPart, frac, _ := splitMantissa(raw)
		return decimalValue(intPart+frac, neg, len(frac))
	case numBigDecimal:
		intPart, frac, exp := splitMantissa(raw[:len(raw)-2])
		digits := trimZeros(intPart + frac)
		scale := len(frac) - exp
		if scale < 0 {
			// Spark 3+ gives 1E10BD the type DECIMAL(11,0), not a negative scale.
			if digits == "0" {
				scale = 0
			} else {
				if len(digits)-scale > value.MaxDecimalPrecision {
					return value.Value{}, precisionError(len(digits) - scale)
				}
				digits += strings.Repeat("0", -scale)
				scale = 0
			}
		}
		if scale > value.MaxDecimalPrecision {
			return value.Value{}, precisionError(scale)
		}
		return decimalValue(digits, neg, scale)
	case numExp, numDouble:
		text := raw
		if kind == numDouble {
			text = raw[:len(raw)-1]
		}
		f, err := strconv.ParseFloat(text, 64)
		if (err != nil || math.Abs(f) >= math.MaxFloat64) && exceeds(text, maxDoubleText) {
			return value.Value{}, rangeError(text, neg, "double", "-1.7976931348623157E+308", "1.7976931348623157E+308")
		}
		if neg {
			f = -f
		}
		return value.Float64(f), nil
	case numFloat:
		text := raw[:len(raw)-1]
		f, err := strconv.ParseFloat(text, 32)
		if (err != nil || math.Abs(f) >= math.MaxFloat32) && exceeds(text, maxFloatText) {
			return value.Value{}, rangeError(text, neg, "float", "-3.4028234663852886E+38", "3.4028234663852886E+38")
		}
		if neg {
			f = -f
		}
		return value.Value{Type: value.FloatType, F: f}, nil
	}
	return value.Value{}, errclass.New("INTERNAL_ERROR", "unknown numeric literal %q", raw)
}

// exceeds reports whether the decimal text is larger than bound, exactly.
// Only literals near the bound are compared with big.Rat, so that a huge
// exponent cannot make the comparison expensive.
func exceeds(text, bound string) bool {
	intPart, frac, exp := splitMantissa(text)
	digits := strings.TrimLeft(intPart+frac, "0")
	if digits == "" {
		return false
	}
	// The value is in [10^(mag-1), 10^mag).
	mag := len(intPart+frac) - len(digits) // leading zeros
	mag = len(intPart) - mag + exp
	_, _, bexp := splitMantissa(bound)
	bmag := bexp + 1
	switch {
	case mag > bmag:
		return true
	case mag < bmag:
		return false
	}
	x, ok := new(big.Rat).SetString(text)
	if !ok {
		return true
	}
	b, _ := new(big.Rat).SetString(bound)
	return x.Cmp(b) > 0
}
