package validate

import (
	"context"
	"fmt"
	"math"
	"strings"
)

// DistinctCount compares the number of distinct non-NULL values of a
// column in green with blue's. It passes when the difference is within
// MaxAbsDiff values or within MaxRelDiff of blue's count (either allowance
// suffices); with both zero the counts must be equal. It adds
// count(DISTINCT column) of both sides to the profile, or
// approx_count_distinct(column) with Approx (cheaper on large tables; a
// HyperLogLog++ estimate within about 5%, so allow for that).
//
// A DistinctCount is a spec (JSON kind "distinctCount") and is safe for
// concurrent use.
type DistinctCount struct {
	Policy
	// Column is the column. Required.
	Column string `json:"column"`
	// MaxRelDiff is the allowed |green − blue| / blue.
	MaxRelDiff float64 `json:"maxRelDiff,omitempty"`
	// MaxAbsDiff is the allowed |green − blue| in distinct values.
	MaxAbsDiff int64 `json:"maxAbsDiff,omitempty"`
	// Approx estimates with approx_count_distinct instead of counting.
	Approx bool `json:"approx,omitempty"`
}

var _ Profiler = DistinctCount{}

func (c DistinctCount) name() string { return c.Policy.name("distinct_count(" + c.Column + ")") }

// ValidateSpec reports a missing column and negative allowances, wrapping
// ErrInvalid.
func (c DistinctCount) ValidateSpec() error {
	return driftSpec(c.name(), c.Column, c.MaxRelDiff, float64(c.MaxAbsDiff))
}

// Validate runs the check alone on s: one profile statement.
func (c DistinctCount) Validate(ctx context.Context, s Subject) (Result, error) {
	return RunOne(ctx, s, c)
}

// Profile implements Profiler.
func (c DistinctCount) Profile(p *Profile) (Judge, error) {
	if err := c.ValidateSpec(); err != nil {
		return nil, err
	}
	expr := "count(DISTINCT " + ident(c.Column) + ")"
	what := "distinct count"
	if c.Approx {
		expr = "approx_count_distinct(" + ident(c.Column) + ")"
		what = "approximate distinct count"
	}
	return drift{Policy: c.Policy, name: c.name(), column: c.Column, what: what,
		maxRel: c.MaxRelDiff, maxAbs: float64(c.MaxAbsDiff)}.judge(p, expr), nil
}

// Mean compares the average of a numeric column in green with blue's. It
// passes when the difference is within MaxAbsDiff or within MaxRelDiff of
// |blue's mean| (either allowance suffices); with both zero the means must
// be equal. It adds avg(CAST(column AS DOUBLE)) of both sides to the
// profile: in double precision (about 15 significant digits), so that a
// wide DECIMAL average cannot overflow and fail the whole profile under ANSI
// mode, as for Sum.
//
// A Mean is a spec (JSON kind "mean") and is safe for concurrent use.
type Mean struct {
	Policy
	// Column is the numeric column. Required.
	Column string `json:"column"`
	// MaxRelDiff is the allowed |green − blue| / |blue|.
	MaxRelDiff float64 `json:"maxRelDiff,omitempty"`
	// MaxAbsDiff is the allowed |green − blue|.
	MaxAbsDiff float64 `json:"maxAbsDiff,omitempty"`
}

var _ Profiler = Mean{}

func (c Mean) name() string { return c.Policy.name("mean(" + c.Column + ")") }

// ValidateSpec reports a missing column and negative allowances, wrapping
// ErrInvalid.
func (c Mean) ValidateSpec() error { return driftSpec(c.name(), c.Column, c.MaxRelDiff, c.MaxAbsDiff) }

// Validate runs the check alone on s: one profile statement.
func (c Mean) Validate(ctx context.Context, s Subject) (Result, error) {
	return RunOne(ctx, s, c)
}

// Profile implements Profiler.
func (c Mean) Profile(p *Profile) (Judge, error) {
	if err := c.ValidateSpec(); err != nil {
		return nil, err
	}
	return drift{Policy: c.Policy, name: c.name(), column: c.Column, what: "mean",
		maxRel: c.MaxRelDiff, maxAbs: c.MaxAbsDiff}.judge(p, "avg(CAST("+ident(c.Column)+" AS DOUBLE))"), nil
}

// Sum compares the total of a numeric column in green with blue's. It
// passes when the difference is within MaxAbsDiff or within MaxRelDiff of
// |blue's sum| (either allowance suffices); with both zero the sums must
// be equal. It adds sum(CAST(column AS DOUBLE)) of both sides to the
// profile: in double precision (about 15 significant digits), so that a
// BIGINT total cannot overflow and fail the whole profile under ANSI mode.
//
// A Sum is a spec (JSON kind "sum") and is safe for concurrent use.
type Sum struct {
	Policy
	// Column is the numeric column. Required.
	Column string `json:"column"`
	// MaxRelDiff is the allowed |green − blue| / |blue|.
	MaxRelDiff float64 `json:"maxRelDiff,omitempty"`
	// MaxAbsDiff is the allowed |green − blue|.
	MaxAbsDiff float64 `json:"maxAbsDiff,omitempty"`
}

var _ Profiler = Sum{}

func (c Sum) name() string { return c.Policy.name("sum(" + c.Column + ")") }

// ValidateSpec reports a missing column and negative allowances, wrapping
// ErrInvalid.
func (c Sum) ValidateSpec() error { return driftSpec(c.name(), c.Column, c.MaxRelDiff, c.MaxAbsDiff) }

// Validate runs the check alone on s: one profile statement.
func (c Sum) Validate(ctx context.Context, s Subject) (Result, error) {
	return RunOne(ctx, s, c)
}

// Profile implements Profiler.
func (c Sum) Profile(p *Profile) (Judge, error) {
	if err := c.ValidateSpec(); err != nil {
		return nil, err
	}
	return drift{Policy: c.Policy, name: c.name(), column: c.Column, what: "sum",
		maxRel: c.MaxRelDiff, maxAbs: c.MaxAbsDiff}.judge(p, "sum(CAST("+ident(c.Column)+" AS DOUBLE))"), nil
}

// driftSpec validates the fields DistinctCount, Mean and Sum share.
func driftSpec(name, column string, maxRel, maxAbs float64) error {
	var p []string
	if column == "" {
		p = append(p, "column is required")
	}
	if badLimit(maxRel) || badLimit(maxAbs) {
		p = append(p, "maxRelDiff and maxAbsDiff must be non-negative")
	}
	if len(p) > 0 {
		return specError(name, "%s", strings.Join(p, "; "))
	}
	return nil
}

// drift judges one statistic of a column, green against blue.
type drift struct {
	Policy
	name, column, what string
	maxRel, maxAbs     float64
}

// judge adds expr to both sides of p and returns the Judge.
func (d drift) judge(p *Profile, expr string) Judge {
	bm, gm := p.Aggregate(Blue, expr), p.Aggregate(Green, expr)
	return func(_ context.Context, v *Values) (Result, error) {
		col := ident(d.column)
		if lack := v.blueLack(); lack != "" {
			return d.noData(d.name, lack), nil
		}
		g, gok := v.Float(gm)
		b, bok := v.Float(bm)
		switch {
		case !gok && !bok:
			return d.noData(d.name, fmt.Sprintf("column %s has no non-NULL values in green or blue", col)), nil
		case !gok || !bok:
			side, val, other := "green", b, "blue"
			if gok {
				side, val, other = "blue", g, "green"
			}
			return d.result(d.name, false, "NULL", "", fmt.Sprintf("column %s: %s %s is NULL (no non-NULL values), %s's is %s",
				col, side, d.what, other, fmtNum(val))), nil
		}
		diff := g - b
		ad := math.Abs(diff)
		rel := math.Inf(1)
		if b != 0 {
			rel = ad / math.Abs(b)
		} else if diff == 0 {
			rel = 0
		}
		pass := ad == 0 || within(ad, d.maxAbs) || within(rel, d.maxRel)
		abs := ""
		if d.maxAbs > 0 {
			abs = fmtNum(d.maxAbs)
		}
		observed := fmtNum(g) + " vs " + fmtNum(b)
		if !math.IsInf(rel, 0) {
			observed += " (" + signedPct(math.Copysign(rel, diff)) + ")"
		}
		var reason string
		if diff == 0 {
			reason = fmt.Sprintf("column %s: green and blue have the same %s, %s", col, d.what, fmtNum(g))
		} else {
			dir := "higher"
			if diff < 0 {
				dir = "lower"
			}
			relText := "infinitely"
			if !math.IsInf(rel, 0) {
				relText = pct(rel)
			}
			reason = fmt.Sprintf("column %s: green's %s is %s %s than blue's (%s vs %s); allowed %s",
				col, d.what, relText, dir, fmtNum(g), fmtNum(b), allowance(d.maxRel, abs))
		}
		return d.result(d.name, pass, observed, tolerance(d.maxRel, abs), reason), nil
	}
}
