package validate

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
)

// Range checks the minimum and maximum of a column of green. Each end
// passes when it is within its absolute bound (Min, Max), or within
// MaxRelDiff of blue's value for that end (either allowance suffices). The
// comparison with blue applies when MaxRelDiff > 0 or when no bound is
// set; an end without a bound is then compared with blue only, and with
// MaxRelDiff zero must equal blue's. Without any comparison with blue, an
// end without a bound is not checked.
//
// Bounds are written as SQL literals of the column's type without quotes:
// "0", "1e6", "12.50" (numbers, compared exactly), "2024-01-01" or
// "2024-01-01 12:00:00" (DATE and TIMESTAMP, in UTC), "true", or any text
// for STRING columns (compared byte-wise, as Spark does). The relative
// comparison needs a numeric column unless MaxRelDiff is zero. It adds
// min(column) and max(column) of green, and of blue when compared, to the
// profile.
//
// A Range is a spec (JSON kind "range") and is safe for concurrent use.
type Range struct {
	Policy
	// Column is the column, as named in the table. Required.
	Column string `json:"column"`
	// Min is the lowest value green's minimum may have; "" means no bound.
	Min string `json:"min,omitempty"`
	// Max is the highest value green's maximum may have; "" means no
	// bound.
	Max string `json:"max,omitempty"`
	// MaxRelDiff is how far green's minimum and maximum may be from
	// blue's, as a fraction of |blue's|: 0.1 allows 100 → 90…110.
	MaxRelDiff float64 `json:"maxRelDiff,omitempty"`
}

var _ Profiler = Range{}

func (c Range) name() string { return c.Policy.name("range(" + c.Column + ")") }

// relative reports whether green is compared with blue.
func (c Range) relative() bool { return c.MaxRelDiff > 0 || c.Min == "" && c.Max == "" }

// ValidateSpec reports a missing column and a negative MaxRelDiff,
// wrapping ErrInvalid. Bounds are checked against the column's type when
// the check runs.
func (c Range) ValidateSpec() error {
	var p []string
	if c.Column == "" {
		p = append(p, "column is required")
	}
	if badLimit(c.MaxRelDiff) {
		p = append(p, "maxRelDiff must be non-negative")
	}
	if len(p) > 0 {
		return specError(c.name(), "%s", strings.Join(p, "; "))
	}
	return nil
}

// Validate runs the check alone on s: one profile statement.
func (c Range) Validate(ctx context.Context, s Subject) (Result, error) {
	return RunOne(ctx, s, c)
}

// Profile implements Profiler.
func (c Range) Profile(p *Profile) (Judge, error) {
	if err := c.ValidateSpec(); err != nil {
		return nil, err
	}
	col := ident(c.Column)
	gmin, gmax := p.Aggregate(Green, "min("+col+")"), p.Aggregate(Green, "max("+col+")")
	var bmin, bmax Measure
	if c.relative() {
		bmin, bmax = p.Aggregate(Blue, "min("+col+")"), p.Aggregate(Blue, "max("+col+")")
	}
	return func(_ context.Context, v *Values) (Result, error) {
		name := c.name()
		typ := v.TypeName(gmin)
		lo, hi := v.Value(gmin), v.Value(gmax)
		if lo == nil || hi == nil {
			return c.noData(name, fmt.Sprintf("column %s has no non-NULL values in green", col)), nil
		}
		observed := "[" + fmtValue(lo) + ", " + fmtValue(hi) + "]"
		threshold := c.threshold()
		var problems []string
		ends := []struct {
			label, bound string
			val          any
			blue         Measure
			max          bool
		}{
			{"minimum", c.Min, lo, bmin, false},
			{"maximum", c.Max, hi, bmax, true},
		}
		var blueVals []string
		for _, e := range ends {
			if e.bound == "" && !c.relative() {
				continue
			}
			if e.bound != "" {
				cmp, err := compareBound(e.val, typ, e.bound)
				if err != nil {
					return Result{}, fmt.Errorf("%w: %s bound of column %s: %v", ErrInvalid, e.label, col, err)
				}
				if e.max && cmp <= 0 || !e.max && cmp >= 0 {
					continue
				}
				if !c.relative() {
					rel := "below"
					if e.max {
						rel = "above"
					}
					problems = append(problems, fmt.Sprintf("green %s %s is %s the bound %s", e.label, fmtValue(e.val), rel, e.bound))
					continue
				}
			}
			if lack := v.blueLack(); lack != "" {
				r := c.noData(name, fmt.Sprintf("column %s: green %s %s is outside its bound and %s", col, e.label, fmtValue(e.val), lack))
				r.Observed, r.Threshold = observed, threshold
				return r, nil
			}
			bv := v.Value(e.blue)
			if bv == nil {
				r := c.noData(name, fmt.Sprintf("column %s has no non-NULL values in blue", col))
				r.Observed, r.Threshold = observed, threshold
				return r, nil
			}
			blueVals = append(blueVals, fmtValue(bv))
			ok, err := near(e.val, bv, typ, c.MaxRelDiff)
			if err != nil {
				return Result{}, fmt.Errorf("%w: column %s: %v", ErrInvalid, col, err)
			}
			if !ok {
				what := "differs from"
				if c.MaxRelDiff > 0 {
					what = "is more than " + pct(c.MaxRelDiff) + " from"
				}
				bound := ""
				if e.bound != "" {
					bound = " and outside the bound " + e.bound
				}
				problems = append(problems, fmt.Sprintf("green %s %s %s blue's %s%s", e.label, fmtValue(e.val), what, fmtValue(bv), bound))
			}
		}
		if len(problems) > 0 {
			return c.result(name, false, observed, threshold, fmt.Sprintf("column %s: %s", col, strings.Join(problems, "; "))), nil
		}
		reason := fmt.Sprintf("column %s: green range %s meets %s", col, observed, threshold)
		if len(blueVals) == 2 {
			reason += fmt.Sprintf(" (blue [%s, %s])", blueVals[0], blueVals[1])
		}
		return c.result(name, true, observed, threshold, reason), nil
	}, nil
}

// threshold renders the allowed range for a report cell.
func (c Range) threshold() string {
	var parts []string
	switch {
	case c.Min != "" && c.Max != "":
		parts = append(parts, "["+c.Min+", "+c.Max+"]")
	case c.Min != "":
		parts = append(parts, "≥"+c.Min)
	case c.Max != "":
		parts = append(parts, "≤"+c.Max)
	}
	if c.relative() {
		if c.MaxRelDiff > 0 {
			parts = append(parts, "±"+pctShort(c.MaxRelDiff)+" of blue")
		} else {
			parts = append(parts, "blue's")
		}
	}
	return strings.Join(parts, " or ")
}

// timeLayouts are the accepted forms of DATE and TIMESTAMP bounds.
var timeLayouts = []string{
	time.DateOnly,
	time.DateTime,
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999999",
	time.RFC3339Nano,
}

// parseTime parses a DATE or TIMESTAMP bound, in UTC unless it says
// otherwise.
func parseTime(s string) (time.Time, error) {
	for _, l := range timeLayouts {
		if t, err := time.ParseInLocation(l, s, time.UTC); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date or timestamp", s)
}

// isNumeric reports whether a value of SQL type typ is a number.
func isNumeric(x any, typ string) bool {
	switch x.(type) {
	case string, []byte:
		return typ == "DECIMAL"
	case float64, float32:
		return true
	}
	_, ok := toInt(x)
	return ok
}

// compareFloat compares floats as Spark does: NaN above everything.
func compareFloat(a, b float64) int {
	switch {
	case math.IsNaN(a) && math.IsNaN(b):
		return 0
	case math.IsNaN(a):
		return 1
	case math.IsNaN(b):
		return -1
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// compareBound compares x, a value of SQL type typ, with bound.
func compareBound(x any, typ, bound string) (int, error) {
	switch v := x.(type) {
	case time.Time:
		t, err := parseTime(bound)
		if err != nil {
			return 0, err
		}
		return v.Compare(t), nil
	case bool:
		b, err := strconv.ParseBool(bound)
		if err != nil {
			return 0, fmt.Errorf("%q is not a boolean", bound)
		}
		switch {
		case v == b:
			return 0, nil
		case b:
			return -1, nil
		}
		return 1, nil
	case float64, float32:
		f, err := strconv.ParseFloat(bound, 64)
		if err != nil {
			return 0, fmt.Errorf("%q is not a number", bound)
		}
		g, _ := toFloat(v)
		return compareFloat(g, f), nil
	}
	if !isNumeric(x, typ) {
		if s, ok := x.(string); ok {
			return strings.Compare(s, bound), nil
		}
		return 0, fmt.Errorf("cannot compare a %s value with %q", typ, bound)
	}
	r, ok := toRat(x)
	b, bok := new(big.Rat).SetString(bound)
	if !ok || !bok {
		return 0, fmt.Errorf("%q is not a number", bound)
	}
	return r.Cmp(b), nil
}

// near reports whether green value g is within rel of blue value b (both
// of SQL type typ): equal when rel is zero, |g − b| ≤ rel·|b| for
// numbers otherwise.
func near(g, b any, typ string, rel float64) (bool, error) {
	if rel == 0 {
		switch gv := g.(type) {
		case time.Time:
			bv, ok := b.(time.Time)
			return ok && gv.Equal(bv), nil
		case float64, float32:
			gf, _ := toFloat(gv)
			bf, ok := toFloat(b)
			return ok && compareFloat(gf, bf) == 0, nil
		}
		if isNumeric(g, typ) {
			gr, gok := toRat(g)
			br, bok := toRat(b)
			return gok && bok && gr.Cmp(br) == 0, nil
		}
		return fmtValue(g) == fmtValue(b), nil
	}
	if !isNumeric(g, typ) {
		return false, fmt.Errorf("maxRelDiff needs a numeric column, not %s", typ)
	}
	gf, _ := toFloat(g)
	bf, _ := toFloat(b)
	return within(math.Abs(gf-bf), rel*math.Abs(bf)), nil
}
