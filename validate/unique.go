package validate

import (
	"context"
	"fmt"
	"strings"
)

// Unique checks that key columns identify the rows of green: it counts the
// duplicate rows (rows whose key equals an earlier row's) and passes when
// there are at most MaxDuplicates. Rows with a NULL in any key column are
// not keyed and not counted, as in a SQL UNIQUE constraint; check them
// with NullFraction. It adds count(DISTINCT keys) and the count of fully
// keyed rows of green to the profile.
//
// A Unique is a spec (JSON kind "unique") and is safe for concurrent use.
type Unique struct {
	Policy
	// Columns are the key columns. At least one.
	Columns []string `json:"columns"`
	// MaxDuplicates is the number of duplicate rows allowed.
	MaxDuplicates int64 `json:"maxDuplicates,omitempty"`
}

var _ Profiler = Unique{}

func (c Unique) name() string {
	return c.Policy.name("unique(" + strings.Join(c.Columns, ",") + ")")
}

// ValidateSpec reports missing, empty or repeated columns and a negative
// MaxDuplicates, wrapping ErrInvalid.
func (c Unique) ValidateSpec() error {
	var p []string
	if len(c.Columns) == 0 {
		p = append(p, "at least one column is required")
	}
	if err := columnList(c.Columns); err != "" {
		p = append(p, err)
	}
	if c.MaxDuplicates < 0 {
		p = append(p, "maxDuplicates must be non-negative")
	}
	if len(p) > 0 {
		return specError(c.name(), "%s", strings.Join(p, "; "))
	}
	return nil
}

// columnList returns a problem with a list of column names, or "".
func columnList(cols []string) string {
	seen := map[string]bool{}
	for _, c := range cols {
		if c == "" {
			return "empty column name"
		}
		k := strings.ToLower(c)
		if seen[k] {
			return fmt.Sprintf("column %s listed twice", ident(c))
		}
		seen[k] = true
	}
	return ""
}

// Validate runs the check alone on s: one profile statement.
func (c Unique) Validate(ctx context.Context, s Subject) (Result, error) {
	return RunOne(ctx, s, c)
}

// Profile implements Profiler.
func (c Unique) Profile(p *Profile) (Judge, error) {
	if err := c.ValidateSpec(); err != nil {
		return nil, err
	}
	keys := idents(c.Columns)
	conds := make([]string, len(c.Columns))
	for i, col := range c.Columns {
		conds[i] = ident(col) + " IS NOT NULL"
	}
	distinct := p.Aggregate(Green, "count(DISTINCT "+keys+")")
	keyed := p.Aggregate(Green, "count_if("+strings.Join(conds, " AND ")+")")
	return func(_ context.Context, v *Values) (Result, error) {
		name := c.name()
		d, _ := v.Int(distinct)
		k, _ := v.Int(keyed)
		dups := k - d
		pass := dups <= c.MaxDuplicates
		observed := plural(dups, "duplicate", "duplicates")
		threshold := "≤" + fmtInt(c.MaxDuplicates)
		var reason string
		if dups == 0 {
			reason = fmt.Sprintf("key (%s) is unique in green: %s distinct keys in %s keyed rows", keys, fmtInt(d), fmtInt(k))
		} else {
			reason = fmt.Sprintf("green has %s duplicate rows on key (%s): %s distinct keys in %s keyed rows; allowed %s",
				fmtInt(dups), keys, fmtInt(d), fmtInt(k), fmtInt(c.MaxDuplicates))
		}
		return c.result(name, pass, observed, threshold, reason), nil
	}, nil
}
