package validate

import (
	"context"
	"fmt"
	"math"
)

// RowCount compares the number of rows of green with blue's. It passes
// when the difference is within MaxAbsDiff rows or within MaxRelDiff of
// blue's count (either allowance suffices); with both zero the counts must
// be equal. An empty or missing blue is no data. It is a Profiler: it reads
// the count(*) of both sides from the profile.
//
// A RowCount is a spec (JSON kind "rowCount") and is safe for concurrent
// use.
type RowCount struct {
	Policy
	// MaxRelDiff is the allowed |green − blue| / blue, e.g. 0.01 for 1%.
	MaxRelDiff float64 `json:"maxRelDiff,omitempty"`
	// MaxAbsDiff is the allowed |green − blue| in rows.
	MaxAbsDiff int64 `json:"maxAbsDiff,omitempty"`
}

var _ Profiler = RowCount{}

func (c RowCount) name() string { return c.Policy.name("row_count") }

// ValidateSpec reports negative or non-finite allowances, wrapping
// ErrInvalid.
func (c RowCount) ValidateSpec() error {
	if badLimit(c.MaxRelDiff) || c.MaxAbsDiff < 0 {
		return specError(c.name(), "maxRelDiff and maxAbsDiff must be non-negative")
	}
	return nil
}

// Validate runs the check alone on s: one profile statement.
func (c RowCount) Validate(ctx context.Context, s Subject) (Result, error) {
	return RunOne(ctx, s, c)
}

// Profile implements Profiler.
func (c RowCount) Profile(p *Profile) (Judge, error) {
	if err := c.ValidateSpec(); err != nil {
		return nil, err
	}
	p.Aggregate(Blue, "count(*)")
	return func(_ context.Context, v *Values) (Result, error) {
		name := c.name()
		if lack := v.blueLack(); lack != "" {
			return c.noData(name, lack), nil
		}
		b, g := v.Rows(Blue), v.Rows(Green)
		d := g - b
		ad := d
		if ad < 0 {
			ad = -ad
		}
		rel := float64(ad) / float64(b)
		pass := ad <= c.MaxAbsDiff || within(rel, c.MaxRelDiff)
		abs := ""
		if c.MaxAbsDiff > 0 {
			abs = fmtInt(c.MaxAbsDiff) + " rows"
		}
		observed := fmt.Sprintf("%s vs %s (%s)", fmtInt(g), fmtInt(b), signedPct(math.Copysign(rel, float64(d))))
		var reason string
		switch {
		case d == 0:
			reason = fmt.Sprintf("green and blue both have %s rows", fmtInt(b))
		case d < 0:
			reason = fmt.Sprintf("green has %s fewer rows than blue (%s vs %s); allowed %s", pct(rel), fmtInt(g), fmtInt(b), allowance(c.MaxRelDiff, abs))
		default:
			reason = fmt.Sprintf("green has %s more rows than blue (%s vs %s); allowed %s", pct(rel), fmtInt(g), fmtInt(b), allowance(c.MaxRelDiff, abs))
		}
		return c.result(name, pass, observed, tolerance(c.MaxRelDiff, abs), reason), nil
	}, nil
}
