package validate

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/ucdeploy/ucdeploy/catalog"
)

// eps absorbs floating-point noise when a ratio is compared with a limit
// (200/10,000 against 0.02).
const eps = 1e-12

// within reports whether x ≤ limit, give or take floating-point noise.
func within(x, limit float64) bool { return x <= limit+eps*math.Max(1, math.Abs(limit)) }

// fmtInt renders n with thousands separators: 10,000.
func fmtInt(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// pct renders a fraction as a percentage with two decimals: 0.02 → "2.00%".
func pct(f float64) string { return strconv.FormatFloat(f*100, 'f', 2, 64) + "%" }

// points renders a difference of fractions in percentage points with two
// decimals: 0.01 → "1.00".
func points(f float64) string { return strconv.FormatFloat(f*100, 'f', 2, 64) }

// pctShort renders a fraction as a percentage without trailing zeros, for
// report cells: 0.02 → "2%", 0.015 → "1.5%".
func pctShort(f float64) string {
	s := strconv.FormatFloat(f*100, 'f', 2, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s + "%"
}

// signedPct renders a relative change for a report cell: "-2%", "+0.5%".
func signedPct(f float64) string {
	s := pctShort(f)
	if f > 0 && s != "0%" {
		return "+" + s
	}
	return s
}

// fmtNum renders a number: integers with separators, others with six
// significant digits.
func fmtNum(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return fmtInt(int64(f))
	}
	return strconv.FormatFloat(f, 'g', 6, 64)
}

// fmtValue renders a driver value as text: NULL for nil, times in UTC
// without a time of day at midnight.
func fmtValue(x any) string {
	switch x := x.(type) {
	case nil:
		return "NULL"
	case string:
		return x
	case []byte:
		return string(x)
	case time.Time:
		x = x.UTC()
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format(time.DateOnly)
		}
		return x.Format("2006-01-02 15:04:05.999999")
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'g', -1, 32)
	case bool:
		return strconv.FormatBool(x)
	}
	if n, ok := toInt(x); ok {
		return strconv.FormatInt(n, 10)
	}
	return "?"
}

// ident quotes a column name for SQL and for reasons.
func ident(col string) string { return catalog.QuoteIdent(col) }

// idents quotes and joins column names: `a`, `b`.
func idents(cols []string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = ident(c)
	}
	return strings.Join(q, ", ")
}

// allowance renders the allowed difference of a count or amount: "1.00%",
// "50 rows", "1.00% or 50 rows", "none".
func allowance(rel float64, abs string) string {
	var parts []string
	if rel > 0 {
		parts = append(parts, pct(rel))
	}
	if abs != "" {
		parts = append(parts, abs)
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, " or ")
}

// tolerance renders the same allowance for a report cell: "±1%",
// "±1% or ±50 rows", "equal".
func tolerance(rel float64, abs string) string {
	var parts []string
	if rel > 0 {
		parts = append(parts, "±"+pctShort(rel))
	}
	if abs != "" {
		parts = append(parts, "±"+abs)
	}
	if len(parts) == 0 {
		return "equal"
	}
	return strings.Join(parts, " or ")
}

// badFraction reports whether f is not a fraction in [0, 1].
func badFraction(f float64) bool { return math.IsNaN(f) || f < 0 || f > 1 }

// badLimit reports whether f is not a non-negative finite number.
func badLimit(f float64) bool { return math.IsNaN(f) || math.IsInf(f, 0) || f < 0 }

// plural renders n (with thousands separators) and the noun in the right
// number: "1 violation", "2,000 violations".
func plural(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmtInt(n) + " " + many
}
