package validate

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Freshness checks that green holds recent data: the maximum of a DATE or
// TIMESTAMP column must be at most MaxAge before now, measured by the
// warehouse's clock (current_timestamp() in the profile), so the clocks of
// the caller and the warehouse cannot disagree. A DATE counts from its
// midnight UTC. A column with only NULLs is no data. It adds max(column) of
// green to the profile.
//
// A Freshness is a spec (JSON kind "freshness") and is safe for concurrent
// use.
type Freshness struct {
	Policy
	// Column is the DATE or TIMESTAMP column. Required.
	Column string `json:"column"`
	// MaxAge is how old green's newest value may be. Required (> 0).
	MaxAge Duration `json:"maxAge"`
}

var _ Profiler = Freshness{}

func (c Freshness) name() string { return c.Policy.name("freshness(" + c.Column + ")") }

// ValidateSpec reports a missing column or a MaxAge that is not positive,
// wrapping ErrInvalid.
func (c Freshness) ValidateSpec() error {
	var p []string
	if c.Column == "" {
		p = append(p, "column is required")
	}
	if c.MaxAge <= 0 {
		p = append(p, "maxAge must be positive")
	}
	if len(p) > 0 {
		return specError(c.name(), "%s", strings.Join(p, "; "))
	}
	return nil
}

// Validate runs the check alone on s: one profile statement.
func (c Freshness) Validate(ctx context.Context, s Subject) (Result, error) {
	return RunOne(ctx, s, c)
}

// Profile implements Profiler.
func (c Freshness) Profile(p *Profile) (Judge, error) {
	if err := c.ValidateSpec(); err != nil {
		return nil, err
	}
	col := ident(c.Column)
	newest := p.Aggregate(Green, "max("+col+")")
	return func(_ context.Context, v *Values) (Result, error) {
		name := c.name()
		if v.Value(newest) == nil {
			return c.noData(name, fmt.Sprintf("column %s has no non-NULL values in green", col)), nil
		}
		t, ok := v.Time(newest)
		if !ok {
			return Result{}, fmt.Errorf("%w: column %s is %s, not DATE or TIMESTAMP", ErrInvalid, col, v.TypeName(newest))
		}
		maxAge := time.Duration(c.MaxAge)
		age := v.Now().Sub(t).Round(time.Second)
		if age < 0 {
			age = 0
		}
		pass := age <= maxAge
		reason := fmt.Sprintf("column %s: green's newest value %s is %s old; allowed %s", col, fmtValue(t), age, maxAge)
		return c.result(name, pass, age.String()+" old", "≤"+maxAge.String(), reason), nil
	}, nil
}
