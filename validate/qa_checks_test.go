package validate_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/databrickstest"
	"github.com/ucdeploy/ucdeploy/validate"
)

var (
	qaBlue  = catalog.MustName("main", "default", "orders_blue")
	qaGreen = catalog.MustName("main", "default", "orders_green")
)

// qaOrders creates blue with 1,000 orders and green from blue's rows that
// match greenWhere, both with columns (id, amount DECIMAL(10,2), note,
// ts TIMESTAMP).
func qaOrders(t *testing.T, w *databrickstest.Workspace, greenWhere string) {
	t.Helper()
	cols := "(id BIGINT, amount DECIMAL(10,2), note STRING, ts TIMESTAMP)"
	sel := "SELECT id, CAST(id % 100 AS DECIMAL(10,2)), CASE WHEN id % 10 = 0 THEN NULL ELSE 'n' END, " +
		"timestamp_seconds(1704067200 + id) FROM (" + qaIDs(3) + ") AS g"
	qaExec(t, w,
		"CREATE TABLE "+qaBlue.Quoted()+" "+cols,
		"CREATE TABLE "+qaGreen.Quoted()+" "+cols,
		"INSERT INTO "+qaBlue.Quoted()+" "+sel,
		"INSERT INTO "+qaGreen.Quoted()+" SELECT * FROM "+qaBlue.Quoted()+" WHERE "+greenWhere,
	)
	w.ResetStatements()
}

// "How it will be checked": green missing 2% of rows fails RowCount naming
// the observed 2%.
func TestQARowCountMissingTwoPercent(t *testing.T) {
	w := qaWS(t)
	qaOrders(t, w, "id >= 20")
	rs := qaRun(t, w, qaBlue, qaGreen,
		validate.RowCount{MaxRelDiff: 0.01},
		validate.RowCount{MaxAbsDiff: 20, Policy: validate.Policy{Name: "abs"}},
		validate.RowCount{MaxRelDiff: 0.03, Policy: validate.Policy{Name: "loose"}},
		validate.RowCount{Policy: validate.Policy{Name: "exact"}},
	)
	assert.Equal(t, validate.Fail, rs[0].Verdict)
	assert.Contains(t, rs[0].Reason, "2.00%")
	assert.Contains(t, rs[0].Observed, "2%")
	assert.Contains(t, rs[0].Reason, "980")
	assert.Equal(t, "row_count", rs[0].Check)
	assert.Equal(t, validate.Pass, rs[1].Verdict, "20 rows allowed")
	assert.Equal(t, "abs", rs[1].Check)
	assert.Equal(t, validate.Pass, rs[2].Verdict)
	assert.Equal(t, validate.Fail, rs[3].Verdict)
	assert.Empty(t, rs[0].Error)
	assert.Len(t, w.Statements(), 1)

	// Green with MORE rows also counts as a difference ("|green − blue|").
	w2 := qaWS(t)
	qaOrders(t, w2, "TRUE")
	qaExec(t, w2, "INSERT INTO "+qaGreen.Quoted()+" SELECT * FROM "+qaBlue.Quoted()+" WHERE id < 50")
	rs = qaRun(t, w2, qaBlue, qaGreen, validate.RowCount{MaxRelDiff: 0.01})
	assert.Equal(t, validate.Fail, rs[0].Verdict)
	assert.Contains(t, rs[0].Reason, "5.00%")
}

// "How it will be checked": a dropped or retyped column fails Schema naming
// it. Plus the documented options.
func TestQASchema(t *testing.T) {
	tests := []struct {
		name    string
		blue    string
		green   string
		check   validate.Schema
		want    validate.Verdict
		mention string
	}{
		{"identical", "a BIGINT, b STRING", "a BIGINT, b STRING", validate.Schema{}, validate.Pass, ""},
		{"identical decimal and timestamp", "a DECIMAL(38,18), t TIMESTAMP, d DATE", "a DECIMAL(38,18), t TIMESTAMP, d DATE", validate.Schema{}, validate.Pass, ""},
		{"case of names ignored", "a BIGINT, b STRING", "A BIGINT, B STRING", validate.Schema{}, validate.Pass, ""},
		{"dropped column", "a BIGINT, amount DECIMAL(10,2)", "a BIGINT", validate.Schema{}, validate.Fail, "amount"},
		{"dropped column even with options", "a BIGINT, amount DECIMAL(10,2)", "a BIGINT", validate.Schema{AllowAddedColumns: true, AllowWidening: true}, validate.Fail, "amount"},
		{"retyped column", "a BIGINT, amount DECIMAL(10,2)", "a BIGINT, amount STRING", validate.Schema{}, validate.Fail, "amount"},
		{"decimal precision change", "a BIGINT, amount DECIMAL(10,2)", "a BIGINT, amount DECIMAL(12,2)", validate.Schema{}, validate.Fail, "amount"},
		{"decimal widening allowed", "a BIGINT, amount DECIMAL(10,2)", "a BIGINT, amount DECIMAL(12,3)", validate.Schema{AllowWidening: true}, validate.Pass, ""},
		{"decimal scale loss", "a BIGINT, amount DECIMAL(10,2)", "a BIGINT, amount DECIMAL(12,1)", validate.Schema{AllowWidening: true}, validate.Fail, "amount"},
		{"decimal k1<k2", "a BIGINT, amount DECIMAL(10,2)", "a BIGINT, amount DECIMAL(11,4)", validate.Schema{AllowWidening: true}, validate.Fail, "amount"},
		{"int to bigint widening", "a INT", "a BIGINT", validate.Schema{AllowWidening: true}, validate.Pass, ""},
		{"int to bigint strict", "a INT", "a BIGINT", validate.Schema{}, validate.Fail, "a"},
		{"bigint to int narrowing", "a BIGINT", "a INT", validate.Schema{AllowWidening: true}, validate.Fail, "a"},
		{"bigint to double not allowed", "a BIGINT", "a DOUBLE", validate.Schema{AllowWidening: true}, validate.Fail, "a"},
		{"int to double allowed", "a INT", "a DOUBLE", validate.Schema{AllowWidening: true}, validate.Pass, ""},
		{"int to decimal(10,0)", "a INT", "a DECIMAL(10,0)", validate.Schema{AllowWidening: true}, validate.Pass, ""},
		{"int to decimal(9,0)", "a INT", "a DECIMAL(9,0)", validate.Schema{AllowWidening: true}, validate.Fail, "a"},
		{"bigint to decimal(20,0)", "a BIGINT", "a DECIMAL(20,0)", validate.Schema{AllowWidening: true}, validate.Pass, ""},
		{"float to double", "a FLOAT", "a DOUBLE", validate.Schema{AllowWidening: true}, validate.Pass, ""},
		{"date to timestamp not NTZ", "a DATE", "a TIMESTAMP", validate.Schema{AllowWidening: true}, validate.Fail, "a"},
		{"added nullable strict", "a BIGINT", "a BIGINT, extra STRING", validate.Schema{}, validate.Fail, "extra"},
		{"added nullable allowed", "a BIGINT", "a BIGINT, extra STRING", validate.Schema{AllowAddedColumns: true}, validate.Pass, ""},
		{"added NOT NULL refused", "a BIGINT", "a BIGINT, extra STRING NOT NULL", validate.Schema{AllowAddedColumns: true}, validate.Fail, "extra"},
		{"becomes NOT NULL allowed with options", "a BIGINT", "a BIGINT NOT NULL", validate.Schema{AllowAddedColumns: true}, validate.Pass, ""},
		{"becomes nullable refused", "a BIGINT NOT NULL", "a BIGINT", validate.Schema{AllowAddedColumns: true}, validate.Fail, "a"},
		{"reordered strict", "a BIGINT, b STRING", "b STRING, a BIGINT", validate.Schema{}, validate.Fail, ""},
		{"reordered compatible", "a BIGINT, b STRING", "b STRING, a BIGINT", validate.Schema{AllowAddedColumns: true}, validate.Pass, ""},
		{"hostile column dropped", "a BIGINT, `we``ird; col` STRING", "a BIGINT", validate.Schema{}, validate.Fail, "`we``ird; col`"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := qaWS(t)
			qaExec(t, w,
				"CREATE TABLE "+qaBlue.Quoted()+" ("+tc.blue+")",
				"CREATE TABLE "+qaGreen.Quoted()+" ("+tc.green+")",
			)
			// Green needs rows for the check to be judged.
			qaFillOneRow(t, w, qaGreen, tc.green)
			w.ResetStatements()
			rs := qaRun(t, w, qaBlue, qaGreen, tc.check)
			r := rs[0]
			assert.Equal(t, tc.want, r.Verdict, "%+v", r)
			assert.Empty(t, r.Error)
			if tc.mention != "" {
				assert.Contains(t, r.Reason, tc.mention, "the reason names the column")
			}
			if tc.want == validate.Pass && tc.blue == tc.green {
				assert.Len(t, w.Statements(), 1, "equal schemas: the profile only")
			} else {
				assert.LessOrEqual(t, len(w.Statements()), 2)
			}
		})
	}
}

// qaFillOneRow inserts one row of NULLs (or defaults for NOT NULL) into n.
func qaFillOneRow(t *testing.T, w *databrickstest.Workspace, n catalog.Name, cols string) {
	t.Helper()
	ncols := len(splitTopLevel(cols))
	vals := make([]string, ncols)
	for i, c := range splitTopLevel(cols) {
		vals[i] = "NULL"
		if strings.Contains(c, "NOT NULL") {
			switch {
			case strings.Contains(c, "STRING"):
				vals[i] = "'x'"
			default:
				vals[i] = "1"
			}
		}
	}
	qaExec(t, w, "INSERT INTO "+n.Quoted()+" VALUES ("+strings.Join(vals, ", ")+")")
}

// splitTopLevel splits a column list at commas outside parentheses.
func splitTopLevel(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

func qaTexts(w *databrickstest.Workspace) []string {
	var out []string
	for _, s := range w.Statements() {
		out = append(out, s.Text)
	}
	return out
}

// "How it will be checked": a null spike fails NullFraction naming the
// column.
func TestQANullFraction(t *testing.T) {
	w := qaWS(t)
	qaOrders(t, w, "TRUE")
	// Blue has 10% NULL notes; green 30%.
	qaExec(t, w, "UPDATE "+qaGreen.Quoted()+" SET note = NULL WHERE id % 10 IN (1, 2)")
	w.ResetStatements()
	rs := qaRun(t, w, qaBlue, qaGreen,
		validate.NullFraction{Column: "note"},
		validate.NullFraction{Column: "note", MaxIncrease: 0.25},
		validate.NullFraction{Column: "note", Max: 0.30},
		validate.NullFraction{Column: "note", Max: 0.29, MaxIncrease: 0.19},
		validate.NullFraction{Column: "NOTE"},
		validate.NullFraction{Column: "amount"},
	)
	assert.Equal(t, validate.Fail, rs[0].Verdict)
	assert.Contains(t, rs[0].Reason, "note")
	assert.Contains(t, rs[0].Reason, "30.00%")
	assert.Equal(t, "null_fraction(note)", rs[0].Check)
	assert.Equal(t, validate.Pass, rs[1].Verdict)
	assert.Equal(t, validate.Pass, rs[2].Verdict, "Max 30%% allows exactly 30%%")
	assert.Equal(t, validate.Fail, rs[3].Verdict)
	assert.Equal(t, validate.Fail, rs[4].Verdict, "column names ignore case as in Spark: %+v", rs[4])
	assert.Equal(t, validate.Pass, rs[5].Verdict)
	assert.Len(t, w.Statements(), 1)
}

// NULL-only columns: "A column with only NULLs is no data for Range,
// Freshness, Mean and Sum" while NullFraction judges it.
func TestQANullOnlyColumn(t *testing.T) {
	w := qaWS(t)
	cols := "(id BIGINT, x DOUBLE, ts TIMESTAMP, d DECIMAL(10,2))"
	qaExec(t, w,
		"CREATE TABLE "+qaBlue.Quoted()+" "+cols,
		"CREATE TABLE "+qaGreen.Quoted()+" "+cols,
		"INSERT INTO "+qaBlue.Quoted()+" VALUES (1, NULL, NULL, NULL), (2, NULL, NULL, NULL)",
		"INSERT INTO "+qaGreen.Quoted()+" VALUES (1, NULL, NULL, NULL), (2, NULL, NULL, NULL)",
	)
	rs := qaRun(t, w, qaBlue, qaGreen,
		validate.NullFraction{Column: "x"},
		validate.Range{Column: "x", Min: "0"},
		validate.Freshness{Column: "ts", MaxAge: validate.Duration(time.Hour)},
		validate.Mean{Column: "d", MaxRelDiff: 0.1},
		validate.Sum{Column: "x"},
		validate.Range{Column: "d"},
		validate.DistinctCount{Column: "x"},
		validate.Unique{Columns: []string{"x"}},
		validate.Mean{Column: "x", Policy: validate.Policy{MustHaveData: true}},
	)
	assert.Equal(t, validate.Pass, rs[0].Verdict, "100%% vs 100%%: %+v", rs[0])
	for i := 1; i <= 5; i++ {
		assert.Equal(t, validate.Inconclusive, rs[i].Verdict, "%s: %+v", rs[i].Check, rs[i])
		assert.Empty(t, rs[i].Error, rs[i].Check)
	}
	assert.Equal(t, validate.Pass, rs[6].Verdict, "0 distinct vs 0: %+v", rs[6])
	assert.Equal(t, validate.Pass, rs[7].Verdict, "rows with NULL keys are not counted: %+v", rs[7])
	assert.Equal(t, validate.Fail, rs[8].Verdict, "MustHaveData turns no data into Fail: %+v", rs[8])
}

// "How it will be checked": duplicate keys fail Unique.
func TestQAUnique(t *testing.T) {
	w := qaWS(t)
	qaOrders(t, w, "TRUE")
	qaExec(t, w,
		"INSERT INTO "+qaGreen.Quoted()+" SELECT * FROM "+qaBlue.Quoted()+" WHERE id < 3",
		"INSERT INTO "+qaGreen.Quoted()+" VALUES (NULL, 1, 'n', NULL), (NULL, 1, 'n', NULL)",
	)
	w.ResetStatements()
	rs := qaRun(t, w, qaBlue, qaGreen,
		validate.Unique{Columns: []string{"id"}},
		validate.Unique{Columns: []string{"id"}, MaxDuplicates: 3},
		validate.Unique{Columns: []string{"id", "amount"}},
		validate.Unique{Columns: []string{"note", "amount"}, MaxDuplicates: 1_000_000},
	)
	assert.Equal(t, validate.Fail, rs[0].Verdict)
	assert.Contains(t, rs[0].Reason, "id")
	assert.Contains(t, rs[0].Observed, "3", "3 duplicate rows")
	assert.Equal(t, validate.Pass, rs[1].Verdict, "NULL keys are not counted: %+v", rs[1])
	assert.Equal(t, validate.Fail, rs[2].Verdict)
	assert.Contains(t, rs[2].Check, "amount")
	assert.Equal(t, validate.Pass, rs[3].Verdict)
	assert.Len(t, w.Statements(), 1)
}

// Issue: Range within bounds or x% of blue; decimal and timestamp columns.
func TestQARange(t *testing.T) {
	w := qaWS(t)
	qaOrders(t, w, "TRUE")
	// green amounts 0..99 like blue, plus one outlier 150.
	qaExec(t, w, "UPDATE "+qaGreen.Quoted()+" SET amount = 150.00 WHERE id = 7")
	w.ResetStatements()
	rs := qaRun(t, w, qaBlue, qaGreen,
		validate.Range{Column: "amount", Min: "0", Max: "200"},
		validate.Range{Column: "amount", Min: "0", Max: "99.99"},
		validate.Range{Column: "amount", MaxRelDiff: 0.6},
		validate.Range{Column: "amount", MaxRelDiff: 0.4},
		validate.Range{Column: "amount"},
		validate.Range{Column: "ts", Min: "2024-01-01 00:00:00", Max: "2024-01-01 01:00:00"},
		validate.Range{Column: "ts", Min: "2024-01-01", Max: "2024-01-01 00:10:00"},
		validate.Range{Column: "note", Min: "a", Max: "z"},
		validate.Range{Column: "amount", Min: "1e6"},
	)
	want := []validate.Verdict{validate.Pass, validate.Fail, validate.Pass, validate.Fail, validate.Fail,
		validate.Pass, validate.Fail, validate.Pass, validate.Fail}
	for i, r := range rs {
		assert.Equal(t, want[i], r.Verdict, "%d %s: %+v", i, r.Check, r)
		assert.Empty(t, r.Error, "%d %s", i, r.Check)
	}
	assert.Contains(t, rs[1].Reason, "amount")
	assert.Contains(t, rs[1].Reason, "150")
	assert.Len(t, w.Statements(), 1)

	// A bound that is not a literal of the column's type is a spec error,
	// not a silent pass.
	rep, err := validate.Run(context.Background(), w.DB(), []validate.Pair{{
		Blue: qaBlue, Green: qaGreen,
		Checks: validate.Checks{validate.Range{Column: "amount", Min: "zero"}},
	}}, nil)
	if err == nil {
		require.Len(t, rep.Pairs, 1)
		assert.NotEqual(t, validate.Pass, rep.Pairs[0].Results[0].Verdict)
	} else {
		assert.ErrorIs(t, err, validate.ErrInvalid)
	}
}

// Issue: DistinctCount, Mean and Sum drift vs blue.
func TestQADrift(t *testing.T) {
	w := qaWS(t)
	qaOrders(t, w, "TRUE")
	// Double every amount of green: mean and sum +100%; distinct amounts same.
	qaExec(t, w, "UPDATE "+qaGreen.Quoted()+" SET amount = amount * 2")
	w.ResetStatements()
	rs := qaRun(t, w, qaBlue, qaGreen,
		validate.Mean{Column: "amount", MaxRelDiff: 0.5},
		validate.Mean{Column: "amount", MaxRelDiff: 1.0},
		validate.Mean{Column: "amount", MaxAbsDiff: 49.5},
		validate.Sum{Column: "amount", MaxRelDiff: 0.01},
		validate.Sum{Column: "amount", MaxAbsDiff: 49_500},
		validate.DistinctCount{Column: "amount"},
		validate.DistinctCount{Column: "amount", Approx: true, MaxRelDiff: 0.05},
		validate.DistinctCount{Column: "note"},
	)
	want := []validate.Verdict{validate.Fail, validate.Pass, validate.Pass, validate.Fail, validate.Pass,
		validate.Pass, validate.Pass, validate.Pass}
	for i, r := range rs {
		assert.Equal(t, want[i], r.Verdict, "%d %s: %+v", i, r.Check, r)
	}
	assert.Contains(t, rs[0].Reason, "amount")
	assert.Len(t, w.Statements(), 1)
}

// Issue: Freshness, measured by the warehouse clock.
func TestQAFreshness(t *testing.T) {
	w := qaWS(t)
	qaExec(t, w,
		"CREATE TABLE "+qaGreen.Quoted()+" (id BIGINT, ts TIMESTAMP, d DATE)",
		"INSERT INTO "+qaGreen.Quoted()+" VALUES (1, current_timestamp() - INTERVAL 2 HOURS, current_date()), (2, NULL, NULL)",
	)
	rs := qaRun(t, w, catalog.Name{}, qaGreen,
		validate.Freshness{Column: "ts", MaxAge: validate.Duration(3 * time.Hour)},
		validate.Freshness{Column: "ts", MaxAge: validate.Duration(time.Hour)},
		validate.Freshness{Column: "d", MaxAge: validate.Duration(25 * time.Hour)},
	)
	assert.Equal(t, validate.Pass, rs[0].Verdict, "%+v", rs[0])
	assert.Equal(t, validate.Fail, rs[1].Verdict, "%+v", rs[1])
	assert.Contains(t, rs[1].Reason, "ts")
	assert.Equal(t, validate.Pass, rs[2].Verdict, "%+v", rs[2])
}

// Issue: SQL assertion, sample in the report.
func TestQAAssertion(t *testing.T) {
	w := qaWS(t)
	qaOrders(t, w, "TRUE")
	qaExec(t, w, "UPDATE "+qaGreen.Quoted()+" SET amount = -amount WHERE id IN (1, 2, 3, 4, 5, 6, 7)")
	w.ResetStatements()
	rs := qaRun(t, w, qaBlue, qaGreen,
		validate.Assertion{SQL: "SELECT id, amount FROM {{green}} WHERE amount < 0 ORDER BY id"},
		validate.Assertion{SQL: "SELECT id, amount FROM {{green}} WHERE amount < 0", MaxViolations: 7},
		validate.Assertion{SQL: "SELECT g.id FROM {{green}} AS g LEFT ANTI JOIN {{blue}} AS b ON g.id = b.id", SampleSize: 1},
		validate.Assertion{SQL: "SELECT id, note FROM {{green}} WHERE note IS NULL ORDER BY id", SampleSize: 2, MaxViolations: 1000},
	)
	assert.Equal(t, validate.Fail, rs[0].Verdict)
	require.NotNil(t, rs[0].Sample)
	assert.Equal(t, []string{"id", "amount"}, rs[0].Sample.Columns)
	assert.Len(t, rs[0].Sample.Rows, 5, "SampleSize zero means 5")
	assert.Equal(t, []string{"1", "-1.00"}, rs[0].Sample.Rows[0])
	assert.Contains(t, rs[0].Observed, "7")
	assert.Equal(t, validate.Pass, rs[1].Verdict)
	assert.Equal(t, validate.Pass, rs[2].Verdict)
	assert.Nil(t, rs[2].Sample, "no violations, no sample")
	assert.Equal(t, validate.Pass, rs[3].Verdict)
	if assert.NotNil(t, rs[3].Sample) {
		assert.Equal(t, []string{"0", "NULL"}, rs[3].Sample.Rows[0], "NULL renders as NULL")
	}
	assert.Len(t, w.Statements(), 5, "1 profile + 1 per assertion")
}

// Issue: KeyDiff with budgets: "0 lost keys, ≤ 0.5% changed amount".
func TestQAKeyDiff(t *testing.T) {
	w := qaWS(t)
	qaOrders(t, w, "id NOT IN (5, 6)")
	qaExec(t, w,
		"INSERT INTO "+qaGreen.Quoted()+" VALUES (5000, 1, 'n', NULL)",
		"UPDATE "+qaGreen.Quoted()+" SET amount = amount + 1 WHERE id IN (10, 11, 12)",
		"UPDATE "+qaGreen.Quoted()+" SET note = NULL WHERE id = 13",
	)
	w.ResetStatements()
	budget := validate.KeyDiff{
		Keys:    []string{"id"},
		Added:   validate.Budget{Unlimited: true},
		Changed: map[string]validate.Budget{"amount": {MaxFraction: 0.005}, "note": {MaxRows: 1}},
	}
	loose := budget
	loose.Removed = validate.Budget{MaxRows: 2}
	rs := qaRun(t, w, qaBlue, qaGreen, budget, loose)
	assert.Equal(t, validate.Fail, rs[0].Verdict, "%+v", rs[0])
	assert.Contains(t, rs[0].Reason, "2", "2 lost keys named")
	assert.Equal(t, validate.Pass, rs[1].Verdict, "%+v", rs[1])
	assert.Contains(t, rs[1].Observed, "removed 2")
	assert.Contains(t, rs[1].Observed, "added 1")
	assert.Contains(t, rs[1].Observed, "amount 3")
	assert.Contains(t, rs[1].Observed, "note 1", "NULL vs value is a change")
	assert.Len(t, w.Statements(), 3)

	tight := loose
	tight.Changed = map[string]validate.Budget{"amount": {MaxFraction: 0.002}}
	rs = qaRun(t, w, qaBlue, qaGreen, tight)
	assert.Equal(t, validate.Fail, rs[0].Verdict, "3 of 998 matched > 0.2%% of blue's 1000: %+v", rs[0])
}

// "How it will be checked": 12 checks on 3 pairs send 3 profile statements.
func TestQATwelveChecksThreePairsThreeStatements(t *testing.T) {
	w := qaWS(t)
	qaOrders(t, w, "TRUE")
	other := catalog.MustName("main", "default", "orders_green2")
	third := catalog.MustName("main", "default", "orders_green3")
	qaExec(t, w,
		"CREATE TABLE "+other.Quoted()+" AS SELECT * FROM "+qaBlue.Quoted(),
		"CREATE TABLE "+third.Quoted()+" AS SELECT * FROM "+qaBlue.Quoted()+" WHERE id > 0",
	)
	w.ResetStatements()
	checks := validate.Checks{
		validate.RowCount{MaxRelDiff: 0.01},
		validate.Schema{},
		validate.NullFraction{Column: "note"},
		validate.NullFraction{Column: "amount"},
		validate.Range{Column: "amount", Min: "0"},
		validate.Range{Column: "ts", MaxRelDiff: 0},
		validate.Unique{Columns: []string{"id"}},
		validate.Freshness{Column: "ts", MaxAge: validate.Duration(100 * 365 * 24 * time.Hour)},
		validate.DistinctCount{Column: "amount"},
		validate.Mean{Column: "amount", MaxRelDiff: 0.01},
		validate.Sum{Column: "amount", MaxRelDiff: 0.01},
		validate.DistinctCount{Column: "note", Approx: true, MaxRelDiff: 0.1},
	}
	// Two pairs share the blue table.
	pairs := []validate.Pair{
		{Name: "a", Blue: qaBlue, Green: qaGreen, Checks: checks},
		{Name: "b", Blue: qaBlue, Green: other, Checks: checks},
		{Name: "c", Blue: qaBlue, Green: third, Checks: checks},
	}
	rep, err := validate.Run(context.Background(), w.DB(), pairs, nil)
	require.NoError(t, err)
	assert.Len(t, w.Statements(), 3, "%v", qaTexts(w))
	pass, fail, inc := rep.Counts()
	assert.Equal(t, 36, pass+fail+inc)
	assert.Equal(t, 0, inc, "%s", rep)
	assert.Equal(t, validate.Pass, rep.Pairs[0].Verdict, "%s", rep)
	assert.Equal(t, validate.Pass, rep.Pairs[1].Verdict, "%s", rep)
	assert.Equal(t, "a", rep.Pairs[0].Name)
	assert.Equal(t, "c", rep.Pairs[2].Name)
}

// No-data policy: "An empty or missing green is never a silent pass".
func TestQANoDataPolicy(t *testing.T) {
	checks := func(must bool) validate.Checks {
		p := validate.Policy{MustHaveData: must}
		return validate.Checks{
			validate.RowCount{Policy: p},
			validate.Schema{Policy: p},
			validate.NullFraction{Column: "id", Policy: p},
			validate.Unique{Columns: []string{"id"}, Policy: p},
			validate.Range{Column: "id", Min: "0", Policy: p},
			validate.Assertion{SQL: "SELECT * FROM {{green}} WHERE id < 0", Policy: p},
			validate.KeyDiff{Keys: []string{"id"}, Policy: p},
		}
	}
	for _, tc := range []struct {
		name      string
		setup     []string
		must      bool
		optMust   bool
		want      validate.Verdict
		wantError bool
	}{
		{"empty green", []string{"CREATE TABLE main.default.orders_green (id BIGINT)"}, false, false, validate.Inconclusive, false},
		{"empty green must", []string{"CREATE TABLE main.default.orders_green (id BIGINT)"}, true, false, validate.Fail, false},
		{"empty green option", []string{"CREATE TABLE main.default.orders_green (id BIGINT)"}, false, true, validate.Fail, false},
		{"missing green", nil, false, false, validate.Inconclusive, false},
		{"missing green must", nil, true, false, validate.Fail, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := qaWS(t)
			qaExec(t, w, "CREATE TABLE "+qaBlue.Quoted()+" (id BIGINT)", "INSERT INTO "+qaBlue.Quoted()+" VALUES (1)")
			qaExec(t, w, tc.setup...)
			rep, err := validate.Run(context.Background(), w.DB(), []validate.Pair{{Blue: qaBlue, Green: qaGreen, Checks: checks(tc.must)}},
				&validate.Options{MustHaveData: tc.optMust})
			require.NoError(t, err)
			for _, r := range rep.Pairs[0].Results {
				assert.Equal(t, tc.want, r.Verdict, "%s: %+v", r.Check, r)
				assert.NotEmpty(t, r.Reason, r.Check)
			}
			assert.NotEqual(t, validate.Pass, rep.Verdict)
			assert.LessOrEqual(t, len(w.Statements()), 6, "no-data pairs cost a profile and probes: %v", qaTexts(w))
		})
	}

	// First deploy: no blue. Comparisons are no data; green-only checks run.
	w := qaWS(t)
	qaExec(t, w, "CREATE TABLE "+qaGreen.Quoted()+" (id BIGINT)", "INSERT INTO "+qaGreen.Quoted()+" VALUES (1), (1)")
	rs := qaRun(t, w, catalog.Name{}, qaGreen,
		validate.RowCount{},
		validate.Unique{Columns: []string{"id"}},
		validate.Range{Column: "id", Max: "0"},
		validate.Schema{},
		validate.NullFraction{Column: "id", Max: 0.1},
		validate.NullFraction{Column: "id"},
	)
	assert.Equal(t, validate.Inconclusive, rs[0].Verdict)
	assert.Equal(t, validate.Fail, rs[1].Verdict, "Unique on green alone still runs")
	assert.Equal(t, validate.Fail, rs[2].Verdict, "Range with bounds still runs")
	assert.Equal(t, validate.Inconclusive, rs[3].Verdict)
	assert.Equal(t, validate.Pass, rs[4].Verdict, "0%% ≤ Max 10%% needs no blue")
	// NullFraction with Max zero and no blue: green has 0% NULLs which is
	// "at most Max" (0), so it passes without blue per the doc.
	assert.Equal(t, validate.Pass, rs[5].Verdict, "%+v", rs[5])

	// Empty blue: RowCount is no data, Schema is judged.
	w = qaWS(t)
	qaExec(t, w, "CREATE TABLE "+qaBlue.Quoted()+" (id BIGINT)",
		"CREATE TABLE "+qaGreen.Quoted()+" (id BIGINT, extra STRING)", "INSERT INTO "+qaGreen.Quoted()+" VALUES (1, 'x')")
	rs = qaRun(t, w, qaBlue, qaGreen, validate.RowCount{MaxRelDiff: 0.5}, validate.Schema{})
	assert.Equal(t, validate.Inconclusive, rs[0].Verdict)
	assert.Equal(t, validate.Fail, rs[1].Verdict, "an empty blue's columns are known")
	assert.Contains(t, rs[1].Reason, "extra")
}

// Doc (Errors): a column that does not exist is an error (the check could
// not run), reported Inconclusive with the error's text; Run returns it.
func TestQAMissingColumnIsAnError(t *testing.T) {
	w := qaWS(t)
	qaOrders(t, w, "TRUE")
	rep, err := validate.Run(context.Background(), w.DB(), []validate.Pair{{
		Blue: qaBlue, Green: qaGreen,
		Checks: validate.Checks{validate.RowCount{}, validate.NullFraction{Column: "nope"}},
	}}, nil)
	require.Error(t, err)
	require.NotNil(t, rep)
	r := rep.Pairs[0].Results[1]
	assert.Equal(t, validate.Inconclusive, r.Verdict)
	assert.Contains(t, r.Error, "nope")
	var werr *databrickstest.Error
	assert.True(t, errors.As(err, &werr), "errors.As reaches the driver's error: %v", err)
	assert.NotEqual(t, validate.Pass, rep.Verdict)
	// The other check of the pair is unaffected in its verdict or is
	// Inconclusive; never a Fail caused by the bad column.
	assert.NotEqual(t, validate.Fail, rep.Pairs[0].Results[0].Verdict)
	t.Logf("row_count next to a bad column: %s (%s)", rep.Pairs[0].Results[0].Verdict, rep.Pairs[0].Results[0].Reason)
}

// Doc (Checks): JSON round trip; unknown kinds and fields are errors.
func TestQAChecksJSON(t *testing.T) {
	in := validate.Pair{
		Name:  "orders",
		Blue:  catalog.MustName("main", "x.y", "a`b"),
		Green: qaGreen,
		Checks: validate.Checks{
			validate.RowCount{MaxRelDiff: 0.01, Policy: validate.Policy{Critical: true, MustHaveData: true, Name: "rc"}},
			validate.Schema{AllowAddedColumns: true, AllowWidening: true},
			validate.NullFraction{Column: "amount", Max: 0.1, MaxIncrease: 0.01},
			validate.Range{Column: "amount", Min: "0", Max: "1e6", MaxRelDiff: 0.2},
			validate.Unique{Columns: []string{"id", "day"}, MaxDuplicates: 2},
			validate.Freshness{Column: "ts", MaxAge: validate.Duration(90 * time.Minute)},
			validate.DistinctCount{Column: "c", MaxRelDiff: 0.1, MaxAbsDiff: 3, Approx: true},
			validate.Mean{Column: "m", MaxRelDiff: 0.1, MaxAbsDiff: 1.5},
			validate.Sum{Column: "s", MaxRelDiff: 0.1},
			validate.Assertion{SQL: "SELECT * FROM {{green}} WHERE x < 0", MaxViolations: 3, SampleSize: 10},
			validate.KeyDiff{Keys: []string{"id"}, Added: validate.Budget{Unlimited: true}, Removed: validate.Budget{MaxRows: 1, MaxFraction: 0.01},
				Changed: map[string]validate.Budget{"amount": {MaxFraction: 0.005}, "note": {}}},
		},
	}
	require.NoError(t, in.Validate())
	b, err := json.Marshal(in)
	require.NoError(t, err)
	var out validate.Pair
	require.NoError(t, json.Unmarshal(b, &out), string(b))
	assert.Equal(t, in.Name, out.Name)
	assert.True(t, in.Blue.Equal(out.Blue))
	assert.Equal(t, in.Blue.Parts(), out.Blue.Parts())
	assert.Equal(t, in.Checks, out.Checks)
	assert.Contains(t, string(b), `"maxAge":"1h30m0s"`)

	// A hand-written spec with a human duration.
	var p validate.Pair
	require.NoError(t, json.Unmarshal([]byte(`{"green":"main.default.t","checks":[{"kind":"freshness","column":"ts","maxAge":"90m"}]}`), &p))
	assert.Equal(t, validate.Checks{validate.Freshness{Column: "ts", MaxAge: validate.Duration(90 * time.Minute)}}, p.Checks)
	assert.True(t, p.Blue.IsZero())

	for _, bad := range []string{
		`{"green":"main.default.t","checks":[{"kind":"rowcount"}]}`,
		`{"green":"main.default.t","checks":[{"kind":"rowCount","maxRelDif":0.1}]}`,
		`{"green":"main.default.t","checks":[{"column":"x"}]}`,
		`{"green":"main.default.t","checks":[{"kind":"freshness","column":"ts","maxAge":"1 hour"}]}`,
		`{"green":"main.default.t; DROP","checks":[{"kind":"rowCount"}]}`,
		`{"green":"main.default.t","checks":[{"kind":"rowCount","maxRelDiff":"0.1"}]}`,
	} {
		var p validate.Pair
		err := json.Unmarshal([]byte(bad), &p)
		assert.ErrorIs(t, err, validate.ErrInvalid, bad)
	}

	// Custom checks cannot be marshalled.
	_, err = json.Marshal(validate.Checks{qaCustom{}})
	assert.Error(t, err)
}

type qaCustom struct{ validate.Policy }

func (qaCustom) Validate(context.Context, validate.Subject) (validate.Result, error) {
	return validate.Result{Check: "custom", Verdict: validate.Pass, Reason: "ok"}, nil
}

// Doc (Pair.Validate, Run): "Bad specs are reported before any statement
// is sent, all at once, each wrapping ErrInvalid".
func TestQABadSpecsAllAtOnce(t *testing.T) {
	w := qaWS(t)
	bad := validate.Pair{
		Checks: validate.Checks{
			validate.RowCount{MaxRelDiff: -1},
			validate.NullFraction{Max: 2},
			validate.Unique{Columns: []string{"a", "a"}},
			validate.Freshness{Column: "ts"},
			validate.Assertion{},
			validate.KeyDiff{Keys: []string{"id"}, Changed: map[string]validate.Budget{"id": {}}},
			nil,
			validate.Range{Column: "x", MaxRelDiff: -0.1},
			validate.Mean{Column: "", MaxAbsDiff: -1},
			validate.DistinctCount{Column: "x", MaxAbsDiff: -1},
			validate.Sum{Column: "x", MaxRelDiff: -1},
			validate.Assertion{SQL: "SELECT 1", SampleSize: 1001},
		},
	}
	err := bad.Validate()
	require.Error(t, err)
	assert.ErrorIs(t, err, validate.ErrInvalid)
	assert.ErrorIs(t, err, catalog.ErrInvalid)
	var multi interface{ Unwrap() []error }
	require.True(t, errors.As(err, &multi))
	// zero Green + 12 bad checks: at least 13 problems.
	assert.GreaterOrEqual(t, len(multi.Unwrap()), 13, "%v", err)
	for _, e := range multi.Unwrap() {
		assert.ErrorIs(t, e, validate.ErrInvalid, e.Error())
	}
	msg := err.Error()
	for _, s := range []string{"green", "ts", "maxAge"} {
		assert.Contains(t, strings.ToLower(msg), strings.ToLower(s))
	}

	rep, err := validate.Run(context.Background(), w.DB(), []validate.Pair{
		{Green: qaGreen, Checks: validate.Checks{validate.RowCount{}}},
		bad,
		{Green: qaGreen},
	}, nil)
	assert.Nil(t, rep)
	assert.ErrorIs(t, err, validate.ErrInvalid)
	assert.Empty(t, w.Statements())

	// Non-finite thresholds.
	nan := 0.0
	nan /= nan
	for _, v := range []validate.SpecValidator{
		validate.RowCount{MaxRelDiff: nan},
		validate.NullFraction{Column: "x", Max: nan},
		validate.Mean{Column: "x", MaxRelDiff: nan},
		validate.Range{Column: "x", MaxRelDiff: nan},
		validate.KeyDiff{Keys: []string{"id"}, Removed: validate.Budget{MaxFraction: nan}},
	} {
		assert.ErrorIs(t, v.ValidateSpec(), validate.ErrInvalid, "%#v", v)
	}
}

// "How it will be checked": a hostile table name cannot inject SQL; column
// names are hostile too.
func TestQAHostileNames(t *testing.T) {
	w := qaWS(t)
	blue := catalog.MustName("main", "default", "it's")
	green := catalog.MustName("main", "default", "```")
	col := "x`) FROM t; DROP TABLE main.default.victim; --"
	key := "ké y"
	qc := catalog.QuoteIdent(col)
	qk := catalog.QuoteIdent(key)
	qaExec(t, w,
		"CREATE TABLE main.default.victim (id BIGINT)",
		"INSERT INTO main.default.victim VALUES (1)",
		"CREATE TABLE "+blue.Quoted()+" ("+qk+" BIGINT, "+qc+" DOUBLE)",
		"CREATE TABLE "+green.Quoted()+" ("+qk+" BIGINT, "+qc+" DOUBLE)",
		"INSERT INTO "+blue.Quoted()+" VALUES (1, 1.0), (2, NULL)",
		"INSERT INTO "+green.Quoted()+" VALUES (1, 1.0), (2, NULL)",
	)
	rs := qaRun(t, w, blue, green,
		validate.RowCount{},
		validate.Schema{},
		validate.NullFraction{Column: col},
		validate.Range{Column: col},
		validate.Unique{Columns: []string{key, col}},
		validate.DistinctCount{Column: col},
		validate.Mean{Column: col},
		validate.Sum{Column: col},
		validate.KeyDiff{Keys: []string{key}, Changed: map[string]validate.Budget{col: {}}},
		validate.Assertion{SQL: "SELECT * FROM {{green}} WHERE " + qc + " < 0"},
	)
	for _, r := range rs {
		assert.Equal(t, validate.Pass, r.Verdict, "%s: %+v", r.Check, r)
	}
	var n int
	require.NoError(t, w.DB().QueryRow("SELECT count(*) FROM main.default.victim").Scan(&n))
	assert.Equal(t, 1, n)
	for _, s := range w.Statements() {
		assert.NoError(t, s.Err, s.Text)
	}
}

// A table with many columns: one NullFraction per column still costs one
// statement.
func TestQAManyColumnsOneStatement(t *testing.T) {
	w := qaWS(t)
	const ncols = 120
	cols := make([]string, ncols)
	vals := make([]string, ncols)
	var checks validate.Checks
	for i := range ncols {
		cols[i] = fmt.Sprintf("c%d BIGINT", i)
		vals[i] = fmt.Sprint(i)
		checks = append(checks, validate.NullFraction{Column: fmt.Sprintf("c%d", i)}, validate.Range{Column: fmt.Sprintf("c%d", i)})
	}
	checks = append(checks, validate.Schema{}, validate.RowCount{})
	for _, n := range []catalog.Name{qaBlue, qaGreen} {
		qaExec(t, w, "CREATE TABLE "+n.Quoted()+" ("+strings.Join(cols, ", ")+")",
			"INSERT INTO "+n.Quoted()+" VALUES ("+strings.Join(vals, ", ")+")")
	}
	w.ResetStatements()
	rs := qaRun(t, w, qaBlue, qaGreen, checks...)
	for _, r := range rs {
		assert.Equal(t, validate.Pass, r.Verdict, "%s: %+v", r.Check, r)
	}
	assert.Len(t, w.Statements(), 1)
}
