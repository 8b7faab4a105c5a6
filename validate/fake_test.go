package validate_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/databrickstest"
	"github.com/ucdeploy/ucdeploy/validate"
)

// Tests that need the fake's statement log or fault injection.

// twelve are 12 column-level checks of the orders tables.
var twelve = validate.Checks{
	validate.RowCount{MaxRelDiff: 0.01},
	validate.Schema{},
	validate.NullFraction{Column: "amount"},
	validate.NullFraction{Column: "customer", Max: 0.1},
	validate.Range{Column: "amount", Min: "0"},
	validate.Range{Column: "qty", MaxRelDiff: 0.1},
	validate.Unique{Columns: []string{"id"}},
	validate.Freshness{Column: "updated_at", MaxAge: validate.Duration(time.Hour)},
	validate.DistinctCount{Column: "customer"},
	validate.Mean{Column: "amount", MaxRelDiff: 0.02},
	validate.Sum{Column: "amount", MaxRelDiff: 0.02},
	validate.DistinctCount{Column: "qty", Approx: true, MaxRelDiff: 0.1},
}

func TestStatementLogOneProfilePerPair(t *testing.T) {
	e := newFakeEnv(t)
	var pairs []validate.Pair
	for _, n := range []string{"a", "b", "c"} {
		blue := e.table(t, n+"_blue", ordersCols, ordersExprs, 3, "")
		green := e.table(t, n+"_green", ordersCols, ordersExprs, 3, "id < 990")
		pairs = append(pairs, validate.Pair{Name: n, Blue: blue, Green: green, Checks: twelve})
	}
	e.fake.ResetStatements()
	report, err := validate.Run(context.Background(), e.db, pairs, nil)
	require.NoError(t, err)
	log := e.fake.Statements()
	require.Len(t, log, 3, "one statement per pair")
	for _, st := range log {
		assert.True(t, strings.HasPrefix(st.Text, "SELECT * FROM (SELECT count(*) AS g0"), st.Text)
		assert.NoError(t, st.Err)
		assert.Equal(t, 1, st.Rows)
	}
	pass, fail, inconclusive := report.Counts()
	assert.Equal(t, []int{36, 0, 0}, []int{pass, fail, inconclusive}, report.String())
}

func TestProfileFailure(t *testing.T) {
	e := newFakeEnv(t)
	blue := e.table(t, "blue", ordersCols, ordersExprs, 2, "")
	remove, err := e.fake.InjectFault(databrickstest.Fault{Pattern: `^SELECT \* FROM \(SELECT count`, Class: "TEMPORARILY_UNAVAILABLE"})
	require.NoError(t, err)
	defer remove()
	report, err := validate.Run(context.Background(), e.db, []validate.Pair{
		{Name: "p", Blue: blue, Green: blue, Checks: validate.Checks{validate.RowCount{}, validate.Schema{}}},
	}, nil)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "\n", "the pair's error is reported once")
	var dbErr *databrickstest.Error
	require.ErrorAs(t, err, &dbErr)
	assert.Equal(t, "TEMPORARILY_UNAVAILABLE", dbErr.ErrorClass())
	require.NotNil(t, report)
	assert.Equal(t, validate.Inconclusive, report.Verdict)
	for _, r := range report.Pairs[0].Results {
		assert.Equal(t, validate.Inconclusive, r.Verdict)
		assert.Contains(t, r.Reason, "could not run: validate: pair \"p\": profile of "+blue.Quoted()+": [TEMPORARILY_UNAVAILABLE]")
		assert.Contains(t, r.Error, "TEMPORARILY_UNAVAILABLE")
	}
}

func TestCheckErrors(t *testing.T) {
	e := newFakeEnv(t)
	blue := e.table(t, "blue", ordersCols, ordersExprs, 2, "")
	ctx := context.Background()
	s := validate.Subject{DB: e.db, Blue: blue, Green: blue}
	tests := []struct {
		name  string
		check validate.Validator
		class string // warehouse error class; "" for ErrInvalid
	}{
		{"unknown column", validate.NullFraction{Column: "nope"}, "UNRESOLVED_COLUMN"},
		{"bad assertion", validate.Assertion{SQL: "SELEC 1"}, "PARSE_SYNTAX_ERROR"},
		{"unknown key", validate.KeyDiff{Keys: []string{"nope"}}, "UNRESOLVED_COLUMN"},
		{"bad bound", validate.Range{Column: "amount", Min: "zero"}, ""},
		{"relative range of text", validate.Range{Column: "customer", MaxRelDiff: 0.1}, ""},
		{"freshness of a number", validate.Freshness{Column: "qty", MaxAge: 1}, ""},
		{"invalid spec", validate.Unique{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := tt.check.Validate(ctx, s)
			require.Error(t, err)
			assert.Equal(t, validate.Inconclusive, res.Verdict)
			assert.Equal(t, err.Error(), res.Error)
			if tt.class == "" {
				assert.ErrorIs(t, err, validate.ErrInvalid)
				return
			}
			var dbErr *databrickstest.Error
			require.ErrorAs(t, err, &dbErr)
			assert.True(t, strings.HasPrefix(dbErr.ErrorClass(), tt.class), dbErr.ErrorClass())
		})
	}

	_, err := validate.RowCount{}.Validate(ctx, validate.Subject{Green: blue})
	assert.ErrorIs(t, err, validate.ErrInvalid, "no DB")
}

func TestContextCanceled(t *testing.T) {
	e := newFakeEnv(t)
	blue := e.table(t, "blue", ordersCols, ordersExprs, 2, "")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	report, err := validate.Run(ctx, e.db, []validate.Pair{{Blue: blue, Green: blue, Checks: validate.Checks{validate.RowCount{}}}}, nil)
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, validate.Inconclusive, report.Verdict)
}

// inflight is an Executor that records the most queries running at once.
type inflight struct {
	catalog.Executor
	now, max atomic.Int64
}

func (f *inflight) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	n := f.now.Add(1)
	defer f.now.Add(-1)
	for {
		m := f.max.Load()
		if n <= m || f.max.CompareAndSwap(m, n) {
			break
		}
	}
	return f.Executor.QueryContext(ctx, q, args...)
}

func TestConcurrencyIsBounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := databrickstest.New(&databrickstest.Options{Latency: time.Second})
		defer w.Close()
		db := w.DB()
		_, err := db.ExecContext(context.Background(), "CREATE TABLE t (id BIGINT)")
		require.NoError(t, err)
		_, err = db.ExecContext(context.Background(), "INSERT INTO t VALUES (1), (2)")
		require.NoError(t, err)
		var pairs []validate.Pair
		for range 5 {
			pairs = append(pairs, validate.Pair{Blue: catalog.MustName("t"), Green: catalog.MustName("t"),
				Checks: validate.Checks{validate.RowCount{}, validate.Unique{Columns: []string{"id"}}}})
		}
		f := &inflight{Executor: db}
		start := time.Now()
		report, err := validate.Run(context.Background(), f, pairs, &validate.Options{Concurrency: 2})
		require.NoError(t, err)
		assert.Equal(t, validate.Pass, report.Verdict)
		assert.Equal(t, int64(2), f.max.Load(), "at most 2 pairs at once")
		assert.Equal(t, 3*time.Second, time.Since(start), "5 one-statement pairs, 2 at a time")
	})
}

func TestMustHaveDataOption(t *testing.T) {
	e := newFakeEnv(t)
	blue := e.table(t, "blue", ordersCols, ordersExprs, 2, "")
	pairs := []validate.Pair{{Blue: blue, Green: e.name("missing"), Checks: validate.Checks{
		validate.RowCount{}, validate.Assertion{SQL: "SELECT 1"}, noNegativeAmounts{},
	}}}
	report, err := validate.Run(context.Background(), e.db, pairs, nil)
	require.NoError(t, err)
	assert.Equal(t, []validate.Verdict{validate.Inconclusive, validate.Inconclusive, validate.Inconclusive}, verdicts(report.Pairs[0].Results))
	report, err = validate.Run(context.Background(), e.db, pairs, &validate.Options{MustHaveData: true})
	require.NoError(t, err)
	assert.Equal(t, []validate.Verdict{validate.Fail, validate.Fail, validate.Fail}, verdicts(report.Pairs[0].Results))
	for _, r := range report.Pairs[0].Results {
		assert.Equal(t, "green `main`.`v`.`missing` does not exist", r.Reason)
		assert.Equal(t, "no data", r.Observed)
	}
}

// unjudged is a custom check that forgets the verdict.
type unjudged struct{}

func (unjudged) Validate(context.Context, validate.Subject) (validate.Result, error) {
	return validate.Result{Reason: "looked at it"}, nil
}

func TestCustomValidatorResultIsCompleted(t *testing.T) {
	e := newFakeEnv(t)
	blue := e.table(t, "blue", ordersCols, ordersExprs, 2, "")
	res, err := validate.RunOne(context.Background(), validate.Subject{DB: e.db, Blue: blue, Green: blue}, unjudged{})
	require.NoError(t, err)
	assert.Equal(t, validate.Result{Check: "unjudged", Verdict: validate.Inconclusive, Reason: "looked at it"}, res)

	res, err = validate.RunOne(context.Background(), validate.Subject{DB: e.db, Blue: blue, Green: blue},
		noNegativeAmounts{Policy: validate.Policy{Critical: true, Name: "renamed"}})
	require.NoError(t, err)
	assert.Equal(t, "renamed", res.Check, "Policy.Name overrides the check's own name, as Policy documents")
	assert.True(t, res.Critical)
}

func TestLogger(t *testing.T) {
	e := newFakeEnv(t)
	blue := e.table(t, "blue", ordersCols, ordersExprs, 2, "")
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	_, err := validate.Run(context.Background(), e.db, []validate.Pair{{Name: "orders", Blue: blue, Green: blue,
		Checks: validate.Checks{validate.RowCount{}}}}, &validate.Options{Logger: logger})
	require.NoError(t, err)
	assert.Contains(t, buf.String(), `msg="validate: pair" pair=orders verdict=Pass statements=1`)
}

// hostileNames would end the identifier, the string or the statement if
// they were not quoted.
var hostileNames = []string{
	"t`; DROP TABLE main.v.victim; --",
	"t' OR '1'='1",
	"t */ DROP TABLE main.v.victim /*",
	"t) AS g CROSS JOIN (SELECT 1",
}

func TestHostileTableNames(t *testing.T) {
	e := newFakeEnv(t)
	ctx := context.Background()
	victim := e.table(t, "victim", "id BIGINT", "id", 1, "")
	for _, name := range hostileNames {
		t.Run(name, func(t *testing.T) {
			tn := e.name(name)
			e.fake.ResetStatements()
			report, err := validate.Run(ctx, e.db, []validate.Pair{
				{Name: "green", Blue: victim, Green: tn, Checks: validate.Checks{validate.RowCount{}, validate.Schema{}}},
				{Name: "blue", Blue: tn, Green: victim, Checks: validate.Checks{validate.RowCount{}, validate.Schema{},
					validate.KeyDiff{Keys: []string{"id"}}, validate.Assertion{SQL: "SELECT * FROM {{blue}}"}}},
			}, &validate.Options{Concurrency: 1})
			require.NoError(t, err)
			for _, r := range report.Pairs[0].Results {
				assert.Equal(t, "green "+tn.Quoted()+" does not exist", r.Reason)
			}
			for _, r := range report.Pairs[1].Results {
				assert.Contains(t, r.Reason, "blue "+tn.Quoted()+" does not exist")
			}
			for _, st := range e.fake.Statements() {
				assert.Regexp(t, `^SELECT `, st.Text)
				if st.Err != nil {
					var dbErr *databrickstest.Error
					require.ErrorAs(t, st.Err, &dbErr)
					assert.Equal(t, "TABLE_OR_VIEW_NOT_FOUND", dbErr.ErrorClass(), st.Text)
				}
			}
			var n int64
			require.NoError(t, e.db.QueryRowContext(ctx, "SELECT count(*) FROM "+victim.Quoted()).Scan(&n))
			assert.Equal(t, int64(10), n)
		})
	}
}

func TestHostileColumnNames(t *testing.T) {
	e := newFakeEnv(t)
	ctx := context.Background()
	victim := e.table(t, "victim", "id BIGINT", "id", 1, "")
	for i, col := range hostileNames {
		t.Run(col, func(t *testing.T) {
			tn := e.name(fmt.Sprintf("t%d", i))
			e.exec(t, "CREATE TABLE "+tn.Quoted()+" (id BIGINT, "+catalog.QuoteIdent(col)+" STRING)",
				"INSERT INTO "+tn.Quoted()+" VALUES (1, 'a'), (2, NULL)")
			e.fake.ResetStatements()
			report, err := validate.Run(ctx, e.db, []validate.Pair{{Blue: tn, Green: tn, Checks: validate.Checks{
				validate.RowCount{}, validate.Schema{}, validate.NullFraction{Column: col}, validate.Unique{Columns: []string{"id", col}},
				validate.Range{Column: col}, validate.DistinctCount{Column: col},
				validate.KeyDiff{Keys: []string{"id"}, Changed: map[string]validate.Budget{col: {}}},
			}}}, nil)
			require.NoError(t, err)
			assert.Equal(t, validate.Pass, report.Verdict, report.String())
			assert.Contains(t, report.Pairs[0].Results[2].Reason, "column "+catalog.QuoteIdent(col)+": green has 50.00% NULLs")
			for _, st := range e.fake.Statements() {
				assert.Regexp(t, `^SELECT `, st.Text)
				assert.NoError(t, st.Err)
			}
			var n int64
			require.NoError(t, e.db.QueryRowContext(ctx, "SELECT count(*) FROM "+victim.Quoted()).Scan(&n))
			assert.Equal(t, int64(10), n)
		})
	}
}

func TestNoBlueProfilesGreenOnly(t *testing.T) {
	e := newFakeEnv(t)
	green := e.table(t, "green", ordersCols, ordersExprs, 2, "")
	e.fake.ResetStatements()
	report, err := validate.Run(context.Background(), e.db, []validate.Pair{{Green: green, Checks: validate.Checks{
		validate.RowCount{}, validate.Unique{Columns: []string{"id"}}, validate.Range{Column: "amount", Min: "0", Max: "99"},
		validate.Range{Column: "amount", Min: "50"}, validate.Schema{},
	}}}, nil)
	require.NoError(t, err)
	assert.Equal(t, []validate.Verdict{validate.Inconclusive, validate.Pass, validate.Pass, validate.Fail, validate.Inconclusive},
		verdicts(report.Pairs[0].Results))
	assert.Equal(t, "column `amount`: green minimum 0.00 is below the bound 50", report.Pairs[0].Results[3].Reason)
	require.Len(t, e.fake.Statements(), 1)
	assert.NotContains(t, e.fake.Statements()[0].Text, "AS b")
}

func TestGreenOnlyChecksDoNotReadBlue(t *testing.T) {
	e := newFakeEnv(t)
	green := e.table(t, "green", ordersCols, ordersExprs, 2, "")
	e.fake.ResetStatements()
	report, err := validate.Run(context.Background(), e.db, []validate.Pair{{Blue: e.name("missing"), Green: green, Checks: validate.Checks{
		validate.Unique{Columns: []string{"id"}}, validate.Freshness{Column: "updated_at", MaxAge: validate.Duration(time.Hour)},
		validate.Range{Column: "qty", Min: "0", Max: "6"}, validate.Assertion{SQL: "SELECT * FROM {{green}} WHERE qty > 6"},
	}}}, nil)
	require.NoError(t, err)
	assert.Equal(t, validate.Pass, report.Verdict, report.String())
	log := e.fake.Statements()
	require.Len(t, log, 2, "the profile of green and the assertion")
	assert.NotContains(t, log[0].Text, "missing")
}

func TestReportRendersSamples(t *testing.T) {
	e := newFakeEnv(t)
	blue := e.table(t, "blue", ordersCols, ordersExprs, 2, "")
	green := e.table(t, "green", ordersCols,
		"id, CAST(id % 500 AS STRING), CASE WHEN id < 2 THEN -1 - id ELSE CAST(id AS DECIMAL(10,2)) END, CAST(id % 7 AS INT), current_timestamp()", 2, "")
	report, err := validate.Run(context.Background(), e.db, []validate.Pair{{Name: "orders", Blue: blue, Green: green, Checks: validate.Checks{
		validate.Assertion{Policy: validate.Policy{Name: "no_negative_amounts"}, SQL: "SELECT id, amount, customer FROM {{green}} WHERE amount < 0 ORDER BY id"},
	}}}, nil)
	require.NoError(t, err)
	assert.Equal(t, "PAIR    CHECK                VERDICT  OBSERVED      THRESHOLD  REASON\n"+
		"orders  no_negative_amounts  Fail     2 violations  ≤0         the query returned 2 violations; allowed 0\n"+
		"\n"+
		"sample of orders / no_negative_amounts (2 rows):\n"+
		"  id  amount  customer\n"+
		"  0   -1.00   0\n"+
		"  1   -2.00   1\n"+
		"\n"+
		"verdict: Fail (1 failed, 0 inconclusive, 0 passed)\n", report.String())
	var b bytes.Buffer
	require.NoError(t, report.WriteJSON(&b))
	assert.Contains(t, b.String(), `"sample": {
            "columns": [
              "id",
              "amount",
              "customer"
            ],
            "rows": [
              [
                "0",
                "-1.00",
                "0"
              ],`)
}
