package validate_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/validate"
)

// The conformance suite: behaviour a user sees, run against the fake
// always and against a real workspace when credentials are set.

func TestConformanceFake(t *testing.T) {
	runConformance(t, newFakeEnv(t))
}

func TestConformanceWorkspace(t *testing.T) {
	runConformance(t, newWorkspaceEnv(t))
}

// The blue table of the suite: 10,000 orders.
const (
	ordersCols  = "id BIGINT NOT NULL, customer STRING, amount DECIMAL(10,2), qty INT, updated_at TIMESTAMP"
	ordersExprs = "id, CAST(id % 500 AS STRING), CAST(id % 1000 AS DECIMAL(10,2)), CAST(id % 7 AS INT), current_timestamp()"
)

// want is the expected outcome of one check.
type want struct {
	verdict validate.Verdict
	reason  []string // substrings of the reason
}

func runConformance(t *testing.T, e *env) {
	ctx := context.Background()
	blue := e.table(t, "orders_blue", ordersCols, ordersExprs, 4, "")

	// Greens, each differing from blue in one way.
	same := e.table(t, "g_same", ordersCols, ordersExprs, 4, "")
	short := e.table(t, "g_short", ordersCols, ordersExprs, 4, "id < 9800")
	dropped := e.table(t, "g_dropped", "id BIGINT NOT NULL, customer STRING, amount DECIMAL(10,2), updated_at TIMESTAMP",
		"id, CAST(id % 500 AS STRING), CAST(id % 1000 AS DECIMAL(10,2)), current_timestamp()", 4, "")
	retyped := e.table(t, "g_retyped", "id BIGINT NOT NULL, customer STRING, amount DECIMAL(10,2), qty STRING, updated_at TIMESTAMP",
		"id, CAST(id % 500 AS STRING), CAST(id % 1000 AS DECIMAL(10,2)), CAST(id % 7 AS STRING), current_timestamp()", 4, "")
	widened := e.table(t, "g_widened", "id BIGINT NOT NULL, customer STRING, amount DECIMAL(12,2), qty BIGINT, updated_at TIMESTAMP",
		"id, CAST(id % 500 AS STRING), CAST(id % 1000 AS DECIMAL(12,2)), CAST(id % 7 AS BIGINT), current_timestamp()", 4, "")
	added := e.table(t, "g_added", ordersCols+", note STRING", ordersExprs+", CAST(NULL AS STRING)", 4, "")
	nulls := e.table(t, "g_nulls", ordersCols,
		"id, CAST(id % 500 AS STRING), CASE WHEN id % 10 < 3 THEN NULL ELSE CAST(id % 1000 AS DECIMAL(10,2)) END, CAST(id % 7 AS INT), current_timestamp()", 4, "")
	dups := e.table(t, "g_dups", ordersCols, ordersExprs, 4, "")
	e.exec(t, "INSERT INTO "+dups.Quoted()+" SELECT * FROM "+dups.Quoted()+" WHERE id < 5")
	stale := e.table(t, "g_stale", ordersCols,
		"id, CAST(id % 500 AS STRING), CAST(id % 1000 AS DECIMAL(10,2)), CAST(id % 7 AS INT), TIMESTAMP '2020-01-01 00:00:00'", 4, "")
	drifted := e.table(t, "g_drifted", ordersCols,
		"id, CAST(id % 500 AS STRING), CAST(id % 1000 * 1.1 AS DECIMAL(10,2)), CAST(id % 7 AS INT), current_timestamp()", 4, "")
	lost := e.table(t, "g_lost", ordersCols, ordersExprs, 4, "id % 100 <> 0")
	negative := e.table(t, "g_negative", ordersCols,
		"id, CAST(id % 500 AS STRING), CASE WHEN id < 3 THEN -1 - id ELSE CAST(id % 1000 AS DECIMAL(10,2)) END, CAST(id % 7 AS INT), current_timestamp()", 4, "")
	empty := e.name("g_empty")
	e.exec(t, "CREATE TABLE "+empty.Quoted()+" ("+ordersCols+")")
	missing := e.name("g_missing")

	hour := validate.Duration(time.Hour)
	tests := []struct {
		name  string
		blue  catalog.Name
		green catalog.Name
		check validate.Validator
		want  want
	}{
		// RowCount.
		{"row count equal", blue, same, validate.RowCount{}, want{validate.Pass, []string{"both have 10,000 rows"}}},
		{"green missing 2% of rows", blue, short, validate.RowCount{MaxRelDiff: 0.01},
			want{validate.Fail, []string{"green has 2.00% fewer rows than blue (9,800 vs 10,000); allowed 1.00%"}}},
		{"2% within 3%", blue, short, validate.RowCount{MaxRelDiff: 0.03}, want{validate.Pass, []string{"2.00% fewer"}}},
		{"200 rows within 200", blue, short, validate.RowCount{MaxAbsDiff: 200}, want{validate.Pass, []string{"allowed 200 rows"}}},
		{"more rows", short, blue, validate.RowCount{MaxRelDiff: 0.01}, want{validate.Fail, []string{"2.04% more rows"}}},

		// Schema.
		{"schema identical", blue, same, validate.Schema{}, want{validate.Pass, []string{"same 5 columns"}}},
		{"dropped column", blue, dropped, validate.Schema{}, want{validate.Fail, []string{"column `qty` (int) dropped"}}},
		{"dropped column, compatible", blue, dropped, validate.Schema{AllowAddedColumns: true, AllowWidening: true},
			want{validate.Fail, []string{"`qty`", "dropped"}}},
		{"retyped column", blue, retyped, validate.Schema{AllowWidening: true},
			want{validate.Fail, []string{"column `qty` retyped from int to string"}}},
		{"widened, exact", blue, widened, validate.Schema{},
			want{validate.Fail, []string{"column `amount` retyped from decimal(10,2) to decimal(12,2)", "column `qty` retyped from int to bigint"}}},
		{"widened, allowed", blue, widened, validate.Schema{AllowWidening: true},
			want{validate.Pass, []string{"`qty` widened from int to bigint"}}},
		{"added nullable column, exact", blue, added, validate.Schema{}, want{validate.Fail, []string{"column `note` (string) added"}}},
		{"added nullable column, allowed", blue, added, validate.Schema{AllowAddedColumns: true},
			want{validate.Pass, []string{"`note` (string) added"}}},

		// NullFraction.
		{"no nulls", blue, same, validate.NullFraction{Column: "amount"}, want{validate.Pass, []string{"`amount`", "0.00% NULLs"}}},
		{"null spike", blue, nulls, validate.NullFraction{Column: "amount", MaxIncrease: 0.01},
			want{validate.Fail, []string{"column `amount`", "30.00% NULLs vs blue 0.00%"}}},
		{"nulls under max", blue, nulls, validate.NullFraction{Column: "amount", Max: 0.5}, want{validate.Pass, []string{"30.00%"}}},

		// Unique.
		{"unique key", blue, same, validate.Unique{Columns: []string{"id"}}, want{validate.Pass, []string{"10,000 distinct keys"}}},
		{"duplicate keys", blue, dups, validate.Unique{Columns: []string{"id"}},
			want{validate.Fail, []string{"green has 5 duplicate rows on key (`id`)"}}},
		{"duplicates allowed", blue, dups, validate.Unique{Columns: []string{"id"}, MaxDuplicates: 5}, want{validate.Pass, nil}},
		{"compound key", blue, dups, validate.Unique{Columns: []string{"customer", "qty"}},
			want{validate.Fail, []string{"(`customer`, `qty`)"}}},

		// Freshness.
		{"fresh", blue, same, validate.Freshness{Column: "updated_at", MaxAge: hour}, want{validate.Pass, []string{"`updated_at`"}}},
		{"stale", blue, stale, validate.Freshness{Column: "updated_at", MaxAge: hour},
			want{validate.Fail, []string{"column `updated_at`: green's newest value 2020-01-01 is", "allowed 1h0m0s"}}},

		// DistinctCount, Mean, Sum, Range.
		{"distinct equal", blue, same, validate.DistinctCount{Column: "customer"}, want{validate.Pass, []string{"500"}}},
		{"distinct approx", blue, same, validate.DistinctCount{Column: "customer", Approx: true, MaxRelDiff: 0.1}, want{validate.Pass, nil}},
		{"distinct fewer", blue, lost, validate.DistinctCount{Column: "id"},
			want{validate.Fail, []string{"1.00% lower", "9,900 vs 10,000"}}},
		{"mean equal", blue, same, validate.Mean{Column: "amount"}, want{validate.Pass, []string{"499.5"}}},
		{"mean drift", blue, drifted, validate.Mean{Column: "amount", MaxRelDiff: 0.05},
			want{validate.Fail, []string{"column `amount`: green's mean is 10.00% higher than blue's"}}},
		{"sum drift", blue, drifted, validate.Sum{Column: "amount", MaxRelDiff: 0.05},
			want{validate.Fail, []string{"green's sum is 10.00% higher", "4,995,000"}}},
		{"sum within", blue, drifted, validate.Sum{Column: "amount", MaxRelDiff: 0.11}, want{validate.Pass, nil}},
		{"range equal", blue, same, validate.Range{Column: "amount"}, want{validate.Pass, []string{"[0.00, 999.00]"}}},
		{"range drift", blue, drifted, validate.Range{Column: "amount", MaxRelDiff: 0.05},
			want{validate.Fail, []string{"green maximum 1098.90 is more than 5.00% from blue's 999.00"}}},
		{"range bounds", blue, drifted, validate.Range{Column: "amount", Min: "0", Max: "1100"}, want{validate.Pass, nil}},
		{"range below bound", blue, negative, validate.Range{Column: "amount", Min: "0"},
			want{validate.Fail, []string{"green minimum -3.00 is below the bound 0"}}},
		{"range of dates", blue, stale, validate.Range{Column: "updated_at", Min: "2019-12-31"}, want{validate.Pass, nil}},

		// Assertion.
		{"assertion holds", blue, same, validate.Assertion{SQL: "SELECT id, amount FROM {{green}} WHERE amount < 0"},
			want{validate.Pass, []string{"no violations"}}},
		{"assertion violated", blue, negative, validate.Assertion{SQL: "SELECT id, amount FROM {{green}} WHERE amount < 0 ORDER BY id", SampleSize: 2},
			want{validate.Fail, []string{"3 violations; allowed 0"}}},
		{"assertion against blue", blue, lost, validate.Assertion{
			SQL: "SELECT b.id FROM {{blue}} AS b LEFT ANTI JOIN {{green}} AS g ON b.id = g.id", MaxViolations: 100},
			want{validate.Pass, []string{"100 violations"}}},

		// KeyDiff.
		{"key diff equal", blue, same, validate.KeyDiff{Keys: []string{"id"}, Changed: map[string]validate.Budget{"amount": {}, "customer": {}}},
			want{validate.Pass, []string{"green lost 0 and added 0 keys of blue's 10,000", "`amount` changed in 0"}}},
		{"lost keys", blue, lost, validate.KeyDiff{Keys: []string{"id"}},
			want{validate.Fail, []string{"green lost 100 of blue's 10,000 keys (1.00%); allowed 0"}}},
		{"lost keys within budget", blue, lost, validate.KeyDiff{Keys: []string{"id"}, Removed: validate.Budget{MaxFraction: 0.01}},
			want{validate.Pass, nil}},
		{"changed amounts", blue, drifted, validate.KeyDiff{Keys: []string{"id"},
			Changed: map[string]validate.Budget{"amount": {MaxFraction: 0.005}, "customer": {}}},
			want{validate.Fail, []string{"column `amount` changed in 9,990 of 10,000 matched rows (99.90% of blue's rows); allowed ≤0.5%"}}},
		{"added keys", lost, blue, validate.KeyDiff{Keys: []string{"id"}},
			want{validate.Fail, []string{"green added 100 keys"}}},
		{"added keys unlimited", lost, blue, validate.KeyDiff{Keys: []string{"id"}, Added: validate.Budget{Unlimited: true}},
			want{validate.Pass, nil}},

		// No data: never a pass.
		{"green missing", blue, missing, validate.RowCount{}, want{validate.Inconclusive, []string{"green " + missing.Quoted() + " does not exist"}}},
		{"green missing, must have data", blue, missing, validate.RowCount{Policy: validate.Policy{MustHaveData: true}},
			want{validate.Fail, []string{"does not exist"}}},
		{"green empty", blue, empty, validate.Unique{Columns: []string{"id"}}, want{validate.Inconclusive, []string{"green " + empty.Quoted() + " is empty"}}},
		{"green empty, assertion", blue, empty, validate.Assertion{SQL: "SELECT * FROM {{green}}"}, want{validate.Inconclusive, []string{"is empty"}}},
		{"green empty, must have data", blue, empty, validate.KeyDiff{Keys: []string{"id"}, Policy: validate.Policy{MustHaveData: true}},
			want{validate.Fail, []string{"is empty"}}},
		{"blue missing", missing, same, validate.NullFraction{Column: "amount", Max: -0}, want{validate.Pass, []string{"0.00% NULLs"}}},
		{"blue missing, comparison", missing, nulls, validate.NullFraction{Column: "amount"},
			want{validate.Inconclusive, []string{"blue " + missing.Quoted() + " does not exist"}}},
		{"blue missing, schema", missing, same, validate.Schema{}, want{validate.Inconclusive, []string{"does not exist"}}},
		{"blue missing, green-only check", missing, dups, validate.Unique{Columns: []string{"id"}}, want{validate.Fail, []string{"5 duplicate rows"}}},
		{"blue empty", empty, same, validate.RowCount{}, want{validate.Inconclusive, []string{"blue " + empty.Quoted() + " is empty"}}},
		{"no blue", catalog.Name{}, same, validate.KeyDiff{Keys: []string{"id"}}, want{validate.Inconclusive, []string{"no blue table"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := tt.check.Validate(ctx, validate.Subject{DB: e.db, Blue: tt.blue, Green: tt.green})
			require.NoError(t, err)
			assert.Equal(t, tt.want.verdict, res.Verdict, res.Reason)
			for _, s := range tt.want.reason {
				assert.Contains(t, res.Reason, s)
			}
			assert.NotEmpty(t, res.Check)
		})
	}

	t.Run("assertion sample", func(t *testing.T) {
		res, err := validate.Assertion{SQL: "SELECT id, amount FROM {{green}} WHERE amount < 0 ORDER BY id", SampleSize: 2}.
			Validate(ctx, validate.Subject{DB: e.db, Blue: blue, Green: negative})
		require.NoError(t, err)
		require.NotNil(t, res.Sample)
		assert.Equal(t, []string{"id", "amount"}, res.Sample.Columns)
		assert.Equal(t, [][]string{{"0", "-1.00"}, {"1", "-2.00"}}, res.Sample.Rows)
		assert.Equal(t, "3 violations", res.Observed)
	})

	t.Run("one profile statement per pair", func(t *testing.T) {
		checks := validate.Checks{
			validate.RowCount{MaxRelDiff: 0.01},
			validate.Schema{},
			validate.NullFraction{Column: "amount"},
			validate.NullFraction{Column: "customer"},
			validate.Range{Column: "amount"},
			validate.Range{Column: "qty", Min: "0", Max: "6"},
			validate.Unique{Columns: []string{"id"}},
			validate.Freshness{Column: "updated_at", MaxAge: hour},
			validate.DistinctCount{Column: "customer"},
			validate.Mean{Column: "amount"},
			validate.Sum{Column: "amount"},
			validate.Mean{Column: "qty", MaxAbsDiff: 0.01},
		}
		c := &counter{Executor: e.db}
		pairs := []validate.Pair{
			{Name: "a", Blue: blue, Green: same, Checks: checks},
			{Name: "b", Blue: same, Green: blue, Checks: checks},
			{Name: "c", Blue: blue, Green: blue, Checks: checks},
		}
		report, err := validate.Run(ctx, c, pairs, nil)
		require.NoError(t, err)
		assert.Equal(t, int64(3), c.n.Load(), "statements")
		assert.Equal(t, validate.Pass, report.Verdict, report.String())
		pass, fail, inconclusive := report.Counts()
		assert.Equal(t, []int{36, 0, 0}, []int{pass, fail, inconclusive})
	})

	t.Run("a schema difference costs one more statement", func(t *testing.T) {
		c := &counter{Executor: e.db}
		report, err := validate.Run(ctx, c, []validate.Pair{
			{Blue: blue, Green: retyped, Checks: validate.Checks{validate.Schema{}, validate.RowCount{}}},
		}, nil)
		require.NoError(t, err)
		assert.Equal(t, int64(2), c.n.Load())
		assert.Equal(t, validate.Fail, report.Verdict)
	})

	t.Run("key diff and assertion add one statement each", func(t *testing.T) {
		c := &counter{Executor: e.db}
		_, err := validate.Run(ctx, c, []validate.Pair{{Blue: blue, Green: same, Checks: validate.Checks{
			validate.RowCount{},
			validate.KeyDiff{Keys: []string{"id"}},
			validate.Assertion{SQL: "SELECT * FROM {{green}} WHERE qty > 6"},
			validate.Assertion{SQL: "SELECT * FROM {{green}} WHERE id < 0"},
		}}}, nil)
		require.NoError(t, err)
		assert.Equal(t, int64(4), c.n.Load())
	})

	t.Run("missing table probes", func(t *testing.T) {
		c := &counter{Executor: e.db}
		report, err := validate.Run(ctx, c, []validate.Pair{
			{Name: "no green", Blue: blue, Green: missing, Checks: validate.Checks{validate.RowCount{}, validate.KeyDiff{Keys: []string{"id"}}}},
			{Name: "no blue", Blue: missing, Green: same, Checks: validate.Checks{validate.RowCount{}, validate.Unique{Columns: []string{"id"}}}},
		}, &validate.Options{Concurrency: 1, MustHaveData: true})
		require.NoError(t, err)
		// no green: profile + green probe; no blue: profile + 2 probes + profile without blue.
		assert.Equal(t, int64(2+4), c.n.Load())
		require.Len(t, report.Pairs, 2)
		assert.Equal(t, []validate.Verdict{validate.Fail, validate.Fail}, verdicts(report.Pairs[0].Results))
		assert.Equal(t, []validate.Verdict{validate.Fail, validate.Pass}, verdicts(report.Pairs[1].Results))
	})

	t.Run("critical failure stops the suite", func(t *testing.T) {
		c := &counter{Executor: e.db}
		critical := validate.RowCount{Policy: validate.Policy{Critical: true}, MaxRelDiff: 0.01}
		report, err := validate.Run(ctx, c, []validate.Pair{
			{Name: "orders", Blue: blue, Green: short, Checks: validate.Checks{critical, validate.KeyDiff{Keys: []string{"id"}}}},
			{Name: "other", Blue: blue, Green: same, Checks: validate.Checks{validate.RowCount{}}},
		}, &validate.Options{Concurrency: 1})
		require.NoError(t, err)
		assert.Equal(t, int64(1), c.n.Load(), "only the first profile runs")
		assert.Equal(t, validate.Fail, report.Verdict)
		assert.True(t, report.Pairs[0].Results[0].Critical)
		for _, r := range []validate.Result{report.Pairs[0].Results[1], report.Pairs[1].Results[0]} {
			assert.Equal(t, validate.Inconclusive, r.Verdict)
			assert.Equal(t, "not run: critical check row_count failed on pair orders", r.Reason)
		}
	})

	t.Run("hostile names", func(t *testing.T) {
		// A table name that would end the identifier and the statement
		// if it were not quoted: it must just not be found.
		hostile := e.name("x`; DROP TABLE " + blue.String() + "; --")
		c := &counter{Executor: e.db}
		report, err := validate.Run(ctx, c, []validate.Pair{{Blue: blue, Green: hostile, Checks: validate.Checks{
			validate.RowCount{}, validate.Schema{}, validate.Assertion{SQL: "SELECT * FROM {{green}}"},
		}}}, nil)
		require.NoError(t, err)
		assert.Equal(t, validate.Inconclusive, report.Verdict, report.String())
		assert.Equal(t, "green "+hostile.Quoted()+" does not exist", report.Pairs[0].Results[0].Reason)
		assert.Equal(t, int64(2), c.n.Load(), "the profile and one probe")
		res, err := validate.RowCount{}.Validate(ctx, validate.Subject{DB: e.db, Blue: blue, Green: blue})
		require.NoError(t, err)
		assert.Equal(t, validate.Pass, res.Verdict, "blue is still there")
	})
}

// verdicts returns the verdicts of results.
func verdicts(rs []validate.Result) []validate.Verdict {
	out := make([]validate.Verdict, len(rs))
	for i, r := range rs {
		out[i] = r.Verdict
	}
	return out
}
