package validate

import (
	"context"
	"fmt"
	"strings"
)

// NullFraction compares the fraction of NULLs in a column of green with
// blue's. It passes when green's fraction is at most Max, or at most
// blue's fraction plus MaxIncrease (either allowance suffices); with both
// zero green may have no more NULLs, proportionally, than blue. When
// green's fraction exceeds Max and blue cannot be compared with (missing
// or empty), there is no data. It adds count(column) of both sides to the
// profile.
//
// A NullFraction is a spec (JSON kind "nullFraction") and is safe for
// concurrent use.
type NullFraction struct {
	Policy
	// Column is the column, as named in the table. Required.
	Column string `json:"column"`
	// Max is the fraction of NULLs green may have whatever blue has, in
	// [0, 1]: 0.05 allows up to 5% of rows.
	Max float64 `json:"max,omitempty"`
	// MaxIncrease is how much green's fraction may exceed blue's, in
	// fraction points, in [0, 1]: 0.01 allows 0.5% → 1.5%.
	MaxIncrease float64 `json:"maxIncrease,omitempty"`
}

var _ Profiler = NullFraction{}

func (c NullFraction) name() string { return c.Policy.name("null_fraction(" + c.Column + ")") }

// ValidateSpec reports a missing column and fractions outside [0, 1],
// wrapping ErrInvalid.
func (c NullFraction) ValidateSpec() error {
	var p []string
	if c.Column == "" {
		p = append(p, "column is required")
	}
	if badFraction(c.Max) || badFraction(c.MaxIncrease) {
		p = append(p, "max and maxIncrease must be fractions in [0, 1]")
	}
	if len(p) > 0 {
		return specError(c.name(), "%s", strings.Join(p, "; "))
	}
	return nil
}

// Validate runs the check alone on s: one profile statement.
func (c NullFraction) Validate(ctx context.Context, s Subject) (Result, error) {
	return RunOne(ctx, s, c)
}

// Profile implements Profiler.
func (c NullFraction) Profile(p *Profile) (Judge, error) {
	if err := c.ValidateSpec(); err != nil {
		return nil, err
	}
	expr := "count(" + ident(c.Column) + ")"
	bm, gm := p.Aggregate(Blue, expr), p.Aggregate(Green, expr)
	return func(_ context.Context, v *Values) (Result, error) {
		name := c.name()
		col := ident(c.Column)
		gRows := v.Rows(Green)
		gNonNull, _ := v.Int(gm)
		g := float64(gRows-gNonNull) / float64(gRows)
		threshold := "≤" + pctShort(c.Max) + " or blue+" + strings.TrimSuffix(pctShort(c.MaxIncrease), "%") + "pt"
		allowed := fmt.Sprintf("allowed at most %s, or blue's fraction + %s points", pct(c.Max), points(c.MaxIncrease))
		if lack := v.blueLack(); lack != "" {
			if within(g, c.Max) {
				return c.result(name, true, pctShort(g), threshold,
					fmt.Sprintf("column %s: green has %s NULLs; %s", col, pct(g), allowed)), nil
			}
			r := c.noData(name, fmt.Sprintf("column %s: green has %s NULLs, more than %s, and %s", col, pct(g), pct(c.Max), lack))
			r.Observed = pctShort(g)
			r.Threshold = threshold
			return r, nil
		}
		bRows := v.Rows(Blue)
		bNonNull, _ := v.Int(bm)
		b := float64(bRows-bNonNull) / float64(bRows)
		inc := g - b
		pass := within(g, c.Max) || within(inc, c.MaxIncrease)
		sign := "+"
		if inc < 0 {
			sign = "-"
			inc = -inc
		}
		observed := pctShort(g) + " vs " + pctShort(b)
		reason := fmt.Sprintf("column %s: green has %s NULLs vs blue %s (%s%s points); %s",
			col, pct(g), pct(b), sign, points(inc), allowed)
		return c.result(name, pass, observed, threshold, reason), nil
	}, nil
}
