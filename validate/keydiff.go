package validate

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// Budget is how many rows a KeyDiff may find in one category (added,
// removed, or changed in one column): at most MaxRows rows, or at most
// MaxFraction of blue's rows (either allowance suffices). The zero Budget
// allows none; Unlimited allows any number (the count is still reported).
type Budget struct {
	// MaxRows is the number of rows allowed.
	MaxRows int64 `json:"maxRows,omitempty"`
	// MaxFraction is the fraction of blue's rows allowed: 0.005 for 0.5%.
	MaxFraction float64 `json:"maxFraction,omitempty"`
	// Unlimited allows any number of rows.
	Unlimited bool `json:"unlimited,omitempty"`
}

// allows reports whether n rows of blueRows are within b.
func (b Budget) allows(n, blueRows int64) bool {
	return b.Unlimited || n <= b.MaxRows || blueRows > 0 && within(float64(n)/float64(blueRows), b.MaxFraction)
}

// String renders the budget: "0", "≤10 rows or ≤0.5%", "unlimited".
func (b Budget) String() string {
	if b.Unlimited {
		return "unlimited"
	}
	var parts []string
	if b.MaxRows > 0 {
		parts = append(parts, "≤"+fmtInt(b.MaxRows)+" rows")
	}
	if b.MaxFraction > 0 {
		parts = append(parts, "≤"+pctShort(b.MaxFraction))
	}
	if len(parts) == 0 {
		return "0"
	}
	return strings.Join(parts, " or ")
}

// invalid reports whether the budget has a negative or non-finite limit.
func (b Budget) invalid() bool { return b.MaxRows < 0 || badLimit(b.MaxFraction) }

// KeyDiff joins blue and green on key columns (a full outer join on equal
// keys) and counts the keys green added, the keys it removed, and, among
// the keys both have, the rows whose value changed in each compared column
// (NULL and NULL are equal). A row with a NULL in a key column matches
// nothing, as in any SQL join: it counts as removed (blue's) or added
// (green's); check keys with NullFraction. Each count is judged
// against its Budget; the defaults allow nothing, so "0 lost keys, at most
// 0.5% changed amount" is
//
//	validate.KeyDiff{
//		Keys:    []string{"order_id"},
//		Added:   validate.Budget{Unlimited: true},
//		Changed: map[string]validate.Budget{"amount": {MaxFraction: 0.005}},
//	}
//
// Keys should be unique on each side (check with Unique): a duplicated key
// multiplies the joined rows. It costs one statement of its own; a missing
// or empty blue is no data.
//
// A KeyDiff is a spec (JSON kind "keyDiff") and is safe for concurrent
// use.
type KeyDiff struct {
	Policy
	// Keys are the key columns. At least one.
	Keys []string `json:"keys"`
	// Added is the budget for keys only green has.
	Added Budget `json:"added,omitzero"`
	// Removed is the budget for keys only blue has (lost keys).
	Removed Budget `json:"removed,omitzero"`
	// Changed maps each compared column to its budget of changed rows.
	// Empty means keys are compared only.
	Changed map[string]Budget `json:"changed,omitempty"`
}

var (
	_ Validator = KeyDiff{}
	_ comparer  = KeyDiff{}
)

func (c KeyDiff) name() string { return c.Policy.name("key_diff(" + strings.Join(c.Keys, ",") + ")") }

func (KeyDiff) needsBlue() bool { return true }

// ValidateSpec reports missing or repeated keys, empty column names, a
// key among the compared columns, and negative budgets, wrapping
// ErrInvalid.
func (c KeyDiff) ValidateSpec() error {
	var p []string
	if len(c.Keys) == 0 {
		p = append(p, "at least one key column is required")
	}
	if err := columnList(c.Keys); err != "" {
		p = append(p, "keys: "+err)
	}
	keys := map[string]bool{}
	for _, k := range c.Keys {
		keys[strings.ToLower(k)] = true
	}
	for _, col := range c.columns() {
		switch {
		case col == "":
			p = append(p, "changed: empty column name")
		case keys[strings.ToLower(col)]:
			p = append(p, fmt.Sprintf("changed: %s is a key column", ident(col)))
		}
		if c.Changed[col].invalid() {
			p = append(p, fmt.Sprintf("changed: budget of %s must be non-negative", ident(col)))
		}
	}
	if c.Added.invalid() || c.Removed.invalid() {
		p = append(p, "added and removed budgets must be non-negative")
	}
	if len(p) > 0 {
		return specError(c.name(), "%s", strings.Join(p, "; "))
	}
	return nil
}

// columns returns the compared columns in a stable order.
func (c KeyDiff) columns() []string {
	cols := make([]string, 0, len(c.Changed))
	for col := range c.Changed {
		cols = append(cols, col)
	}
	sort.Strings(cols)
	return cols
}

// Validate runs the check alone on s: the profile statement (to know that
// green has rows) and the diff's own.
func (c KeyDiff) Validate(ctx context.Context, s Subject) (Result, error) {
	return RunOne(ctx, s, c)
}

// statement returns the diff statement for s. Columns are renamed k0…,
// c0… inside the join so that no user column name can clash.
func (c KeyDiff) statement(s Subject) string {
	cols := c.columns()
	side := func(n string) string {
		var sel []string
		for i, k := range c.Keys {
			sel = append(sel, fmt.Sprintf("%s AS k%d", ident(k), i))
		}
		for i, col := range cols {
			sel = append(sel, fmt.Sprintf("%s AS c%d", ident(col), i))
		}
		sel = append(sel, "1 AS p")
		return "(SELECT " + strings.Join(sel, ", ") + " FROM " + n + ")"
	}
	aggs := []string{
		"count_if(b.p IS NOT NULL)",
		"count_if(g.p IS NULL)",
		"count_if(b.p IS NULL)",
		"count_if(b.p IS NOT NULL AND g.p IS NOT NULL)",
	}
	for i := range cols {
		aggs = append(aggs, fmt.Sprintf("count_if(b.p IS NOT NULL AND g.p IS NOT NULL AND NOT (b.c%d <=> g.c%d))", i, i))
	}
	on := make([]string, len(c.Keys))
	for i := range c.Keys {
		on[i] = fmt.Sprintf("b.k%d = g.k%d", i, i)
	}
	return "SELECT " + strings.Join(aggs, ", ") + " FROM " + side(s.Blue.Quoted()) + " AS b FULL OUTER JOIN " +
		side(s.Green.Quoted()) + " AS g ON " + strings.Join(on, " AND ")
}

func (c KeyDiff) check(ctx context.Context, s Subject, pol Policy) (Result, error) {
	if err := c.ValidateSpec(); err != nil {
		return Result{}, err
	}
	cols := c.columns()
	counts := make([]int64, 4+len(cols))
	ptrs := make([]any, len(counts))
	for i := range counts {
		ptrs[i] = &counts[i]
	}
	if err := s.DB.QueryRowContext(ctx, c.statement(s)).Scan(ptrs...); err != nil {
		return Result{}, fmt.Errorf("validate: key diff of %s and %s: %w", s.Blue.Quoted(), s.Green.Quoted(), err)
	}
	blueRows, removed, added, matched := counts[0], counts[1], counts[2], counts[3]
	changed := counts[4:]
	share := func(n int64) string {
		if blueRows == 0 {
			return ""
		}
		return pct(float64(n) / float64(blueRows))
	}
	var problems []string
	if !c.Removed.allows(removed, blueRows) {
		problems = append(problems, fmt.Sprintf("green lost %s of blue's %s keys (%s); allowed %s",
			fmtInt(removed), fmtInt(blueRows), share(removed), c.Removed))
	}
	if !c.Added.allows(added, blueRows) {
		problems = append(problems, fmt.Sprintf("green added %s keys that blue does not have (%s of blue's rows); allowed %s",
			fmtInt(added), share(added), c.Added))
	}
	observed := []string{"removed " + fmtInt(removed), "added " + fmtInt(added)}
	thresholds := []string{"removed " + c.Removed.String(), "added " + c.Added.String()}
	for i, col := range cols {
		b := c.Changed[col]
		if !b.allows(changed[i], blueRows) {
			problems = append(problems, fmt.Sprintf("column %s changed in %s of %s matched rows (%s of blue's rows); allowed %s",
				ident(col), fmtInt(changed[i]), fmtInt(matched), share(changed[i]), b))
		}
		observed = append(observed, col+" "+fmtInt(changed[i]))
		thresholds = append(thresholds, col+" "+b.String())
	}
	keys := idents(c.Keys)
	obs, thr := strings.Join(observed, ", "), strings.Join(thresholds, ", ")
	if len(problems) > 0 {
		return pol.result(c.name(), false, obs, thr, fmt.Sprintf("key (%s): %s", keys, strings.Join(problems, "; "))), nil
	}
	return pol.result(c.name(), true, obs, thr, fmt.Sprintf("key (%s): green lost %s and added %s keys of blue's %s; %s",
		keys, fmtInt(removed), fmtInt(added), fmtInt(blueRows), changedText(cols, changed, matched))), nil
}

// changedText renders the changed counts per column for a reason.
func changedText(cols []string, counts []int64, matched int64) string {
	if len(cols) == 0 {
		return "no columns compared"
	}
	parts := make([]string, len(cols))
	for i, col := range cols {
		parts[i] = fmt.Sprintf("%s changed in %s", ident(col), fmtInt(counts[i]))
	}
	return strings.Join(parts, ", ") + " of " + fmtInt(matched) + " matched rows"
}
