package validate

import (
	"context"
	"fmt"
	"strings"
)

// Assertion runs a query whose rows are violations of a rule, and passes
// when there are at most MaxViolations. In SQL, {{green}} and {{blue}}
// stand for the pair's quoted table names:
//
//	SELECT * FROM {{green}} WHERE amount < 0
//
// It costs one statement of its own, which counts the violations and
// returns the first SampleSize of them:
//
//	WITH ucdeploy_violations AS (<SQL>)
//	SELECT c.ucdeploy_count, s.* FROM (SELECT count(*) AS ucdeploy_count FROM ucdeploy_violations) AS c
//	LEFT JOIN (SELECT * FROM ucdeploy_violations LIMIT <SampleSize>) AS s ON TRUE
//
// (the warehouse may evaluate the query twice). The sample is in the
// result. An SQL that mentions {{blue}} compares with blue: a missing or
// empty blue is no data.
//
// An Assertion is a spec (JSON kind "assertion") and is safe for
// concurrent use. Its SQL is trusted: it is the rule's author's, like any
// query they run.
type Assertion struct {
	Policy
	// SQL is the query whose rows are violations: one SELECT (or other
	// query) without a trailing semicolon. Required.
	SQL string `json:"sql"`
	// MaxViolations is the number of violations allowed.
	MaxViolations int64 `json:"maxViolations,omitempty"`
	// SampleSize is the number of violations kept in the result, at most
	// 1,000. Zero means 5.
	SampleSize int `json:"sampleSize,omitempty"`
}

var (
	_ Validator = Assertion{}
	_ comparer  = Assertion{}
)

// defaultSampleSize is the number of violations kept by default.
const defaultSampleSize = 5

func (c Assertion) name() string { return c.Policy.name("assertion") }

func (c Assertion) needsBlue() bool { return strings.Contains(c.SQL, "{{blue}}") }

// ValidateSpec reports an empty SQL and a negative or too large
// MaxViolations or SampleSize, wrapping ErrInvalid.
func (c Assertion) ValidateSpec() error {
	var p []string
	if strings.TrimSpace(strings.TrimRight(strings.TrimSpace(c.SQL), ";")) == "" {
		p = append(p, "sql is required")
	}
	if c.MaxViolations < 0 {
		p = append(p, "maxViolations must be non-negative")
	}
	if c.SampleSize < 0 || c.SampleSize > 1000 {
		p = append(p, "sampleSize must be in [0, 1000]")
	}
	if len(p) > 0 {
		return specError(c.name(), "%s", strings.Join(p, "; "))
	}
	return nil
}

// Validate runs the check alone on s: the profile statement (to know that
// green has rows) and the assertion's own.
func (c Assertion) Validate(ctx context.Context, s Subject) (Result, error) {
	return RunOne(ctx, s, c)
}

// statement returns the assertion's statement for s.
func (c Assertion) statement(s Subject) string {
	blue := "{{blue}}"
	if !s.Blue.IsZero() {
		blue = s.Blue.Quoted()
	}
	body := strings.NewReplacer("{{green}}", s.Green.Quoted(), "{{blue}}", blue).Replace(c.SQL)
	body = strings.TrimRight(strings.TrimSpace(body), ";")
	n := c.SampleSize
	if n == 0 {
		n = defaultSampleSize
	}
	return fmt.Sprintf("WITH ucdeploy_violations AS (%s) SELECT c.ucdeploy_count, s.* FROM "+
		"(SELECT count(*) AS ucdeploy_count FROM ucdeploy_violations) AS c LEFT JOIN "+
		"(SELECT * FROM ucdeploy_violations LIMIT %d) AS s ON TRUE", body, n)
}

func (c Assertion) check(ctx context.Context, s Subject, pol Policy) (Result, error) {
	if err := c.ValidateSpec(); err != nil {
		return Result{}, err
	}
	rows, err := s.DB.QueryContext(ctx, c.statement(s))
	if err != nil {
		return Result{}, fmt.Errorf("validate: assertion on %s: %w", s.Green.Quoted(), err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return Result{}, fmt.Errorf("validate: assertion on %s: %w", s.Green.Quoted(), err)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var (
		count  int64
		sample = &Sample{Columns: cols[1:]}
	)
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return Result{}, fmt.Errorf("validate: assertion on %s: %w", s.Green.Quoted(), err)
		}
		count, _ = toInt(vals[0])
		if count == 0 {
			break // the one row of an empty sample
		}
		row := make([]string, len(cols)-1)
		for i, x := range vals[1:] {
			row[i] = fmtValue(x)
		}
		sample.Rows = append(sample.Rows, row)
	}
	if err := rows.Err(); err != nil {
		return Result{}, fmt.Errorf("validate: assertion on %s: %w", s.Green.Quoted(), err)
	}
	name := c.name()
	pass := count <= c.MaxViolations
	var reason string
	if count == 0 {
		reason = "the query returned no violations"
		sample = nil
	} else {
		reason = fmt.Sprintf("the query returned %s; allowed %s", plural(count, "violation", "violations"), fmtInt(c.MaxViolations))
	}
	r := pol.result(name, pass, plural(count, "violation", "violations"), "≤"+fmtInt(c.MaxViolations), reason)
	r.Sample = sample
	return r, nil
}
