package validate_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/databrickstest"
	"github.com/ucdeploy/ucdeploy/validate"
)

// qaPairs creates n identical blue/green pairs of 10 rows and returns them
// with the given checks.
func qaPairs(t *testing.T, w *databrickstest.Workspace, n int, checks validate.Checks) []validate.Pair {
	t.Helper()
	var pairs []validate.Pair
	for i := range n {
		b := catalog.MustName("main", "default", fmt.Sprintf("t%02d_blue", i))
		g := catalog.MustName("main", "default", fmt.Sprintf("t%02d_green", i))
		for _, tn := range []catalog.Name{b, g} {
			qaExec(t, w, "CREATE TABLE "+tn.Quoted()+" (id BIGINT, amount DOUBLE)",
				"INSERT INTO "+tn.Quoted()+" VALUES (1, 1.0), (2, 2.0), (3, NULL)")
		}
		pairs = append(pairs, validate.Pair{Name: fmt.Sprintf("p%02d", i), Blue: b, Green: g, Checks: checks})
	}
	w.ResetStatements()
	return pairs
}

// Issue: "a suite runner over many pairs with bounded concurrency";
// Options.Concurrency "Zero means 4". With 1 s of latency per statement
// and one statement per pair, 8 pairs take 2 s at 4, 8 s at 1.
func TestQAConcurrencyDefaultAndLimit(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts *validate.Options
		want time.Duration
	}{
		{"nil options", nil, 2 * time.Second},
		{"zero", &validate.Options{}, 2 * time.Second},
		{"one", &validate.Options{Concurrency: 1}, 8 * time.Second},
		{"eight", &validate.Options{Concurrency: 8}, time.Second},
		{"more than pairs", &validate.Options{Concurrency: 100}, time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				pairsW := databrickstest.New(&databrickstest.Options{Latency: time.Second})
				defer pairsW.Close()
				pairs := qaPairs(t, pairsW, 8, validate.Checks{validate.RowCount{}})
				start := time.Now()
				rep, err := validate.Run(context.Background(), pairsW.DB(), pairs, tc.opts)
				require.NoError(t, err)
				assert.Equal(t, tc.want, time.Since(start))
				assert.Equal(t, validate.Pass, rep.Verdict)
			})
		})
	}
	// Negative concurrency is a bad option, not a hang or a panic.
	w := qaWS(t)
	pairs := qaPairs(t, w, 2, validate.Checks{validate.RowCount{}})
	_, err := validate.Run(context.Background(), w.DB(), pairs, &validate.Options{Concurrency: -1})
	t.Logf("Concurrency -1: %v", err)
}

// Doc (Policy.Critical): "a Fail of this check stop[s] the suite: pairs and
// checks not yet run are reported Inconclusive ("not run") and no more
// statements are sent".
func TestQACriticalStopsSuite(t *testing.T) {
	w := qaWS(t)
	pairs := qaPairs(t, w, 5, nil)
	qaExec(t, w, "DELETE FROM main.default.t00_green WHERE id = 1")
	w.ResetStatements()
	for i := range pairs {
		pairs[i].Checks = validate.Checks{
			validate.RowCount{Policy: validate.Policy{Critical: true}},
			validate.Assertion{SQL: "SELECT * FROM {{green}} WHERE id < 0"},
		}
	}
	rep, err := validate.Run(context.Background(), w.DB(), pairs, &validate.Options{Concurrency: 1})
	require.NoError(t, err)
	assert.Equal(t, validate.Fail, rep.Verdict)
	require.Len(t, rep.Pairs, 5)
	assert.Equal(t, validate.Fail, rep.Pairs[0].Results[0].Verdict)
	assert.True(t, rep.Pairs[0].Results[0].Critical)
	assert.Equal(t, validate.Inconclusive, rep.Pairs[0].Results[1].Verdict)
	assert.Contains(t, rep.Pairs[0].Results[1].Reason, "not run")
	for _, p := range rep.Pairs[1:] {
		require.Len(t, p.Results, 2, p.Name)
		for _, r := range p.Results {
			assert.Equal(t, validate.Inconclusive, r.Verdict, p.Name)
			assert.Contains(t, r.Reason, "not run")
			assert.Empty(t, r.Error)
		}
	}
	assert.Len(t, w.Statements(), 1, "nothing after the critical failure: %v", qaTexts(w))
}

// Doc (Errors): "Run then still returns a complete Report, with such checks
// Inconclusive and carrying the error's text, and also returns the errors
// joined. Errors wrap the SQL driver's error".
func TestQAWarehouseFailure(t *testing.T) {
	w := qaWS(t)
	pairs := qaPairs(t, w, 3, validate.Checks{
		validate.RowCount{},
		validate.KeyDiff{Keys: []string{"id"}},
	})
	remove, err := w.InjectFault(databrickstest.Fault{Pattern: "t01_green", Class: "TEMPORARILY_UNAVAILABLE"})
	require.NoError(t, err)
	defer remove()
	rep, err := validate.Run(context.Background(), w.DB(), pairs, nil)
	require.Error(t, err)
	require.NotNil(t, rep)
	var werr *databrickstest.Error
	require.True(t, errors.As(err, &werr), "%v", err)
	assert.Equal(t, "TEMPORARILY_UNAVAILABLE", werr.ErrorClass())
	// The doc promises only errors.As; retry logic classifies with catalog.
	assert.Equal(t, catalog.ErrUnavailable, catalog.Classify(err))
	assert.Equal(t, validate.Pass, rep.Pairs[0].Verdict)
	assert.Equal(t, validate.Pass, rep.Pairs[2].Verdict)
	for _, r := range rep.Pairs[1].Results {
		assert.Equal(t, validate.Inconclusive, r.Verdict)
		assert.Contains(t, r.Error, "TEMPORARILY_UNAVAILABLE")
	}
	assert.Equal(t, validate.Inconclusive, rep.Verdict)
	assert.Contains(t, err.Error(), "p01", "the error names the pair")
}

// Doc (Errors): "the context ended" — cancellation mid-suite returns a
// complete report and an error matching context.Canceled.
func TestQACancelMidSuite(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := databrickstest.New(&databrickstest.Options{Latency: time.Second})
		defer w.Close()
		pairs := qaPairs(t, w, 6, validate.Checks{validate.RowCount{}, validate.Assertion{SQL: "SELECT * FROM {{green}} WHERE id < 0"}})
		ctx, cancel := context.WithTimeout(context.Background(), 2500*time.Millisecond)
		defer cancel()
		rep, err := validate.Run(ctx, w.DB(), pairs, &validate.Options{Concurrency: 2})
		require.Error(t, err)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		require.NotNil(t, rep)
		require.Len(t, rep.Pairs, 6)
		for _, p := range rep.Pairs {
			require.Len(t, p.Results, 2, p.Name)
		}
		assert.Equal(t, validate.Pass, rep.Pairs[0].Verdict, "pairs done before the deadline keep their verdict")
		assert.Equal(t, validate.Inconclusive, rep.Pairs[5].Verdict)
		assert.NotEqual(t, validate.Pass, rep.Verdict)
	})

	// Already cancelled: nothing is sent, every check is Inconclusive.
	w := qaWS(t)
	pairs := qaPairs(t, w, 2, validate.Checks{validate.RowCount{}})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rep, err := validate.Run(ctx, w.DB(), pairs, nil)
	assert.ErrorIs(t, err, context.Canceled)
	require.NotNil(t, rep)
	for _, p := range rep.Pairs {
		assert.Equal(t, validate.Inconclusive, p.Verdict)
	}
}

// Doc (Run): "Run is safe for concurrent use"; many goroutines share one
// Run target and tables.
func TestQAConcurrentRuns(t *testing.T) {
	w := qaWS(t)
	pairs := qaPairs(t, w, 4, validate.Checks{validate.RowCount{}, validate.NullFraction{Column: "amount"}, validate.Unique{Columns: []string{"id"}}})
	var wg sync.WaitGroup
	verdicts := make([]validate.Verdict, 16)
	errs := make([]error, 16)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rep, err := validate.Run(context.Background(), w.DB(), pairs, &validate.Options{Concurrency: 3})
			errs[i] = err
			if rep != nil {
				verdicts[i] = rep.Verdict
			}
		}()
	}
	wg.Wait()
	for i := range 16 {
		assert.NoError(t, errs[i])
		assert.Equal(t, validate.Pass, verdicts[i])
	}
	assert.Len(t, w.Statements(), 64)
}

// Issue: "a report that renders as an aligned text table and as JSON".
func TestQAReportRendering(t *testing.T) {
	w := qaWS(t)
	pairs := qaPairs(t, w, 2, nil)
	pairs[0].Name = "日本語 orders"
	pairs[0].Checks = validate.Checks{
		validate.RowCount{},
		validate.Assertion{SQL: "SELECT id, amount FROM {{green}} WHERE amount IS NULL"},
	}
	pairs[1].Name = ""
	pairs[1].Blue = catalog.Name{}
	pairs[1].Checks = validate.Checks{validate.RowCount{}, validate.Unique{Columns: []string{"id"}}}
	rep, err := validate.Run(context.Background(), w.DB(), pairs, nil)
	require.NoError(t, err)

	var text bytes.Buffer
	require.NoError(t, rep.WriteText(&text))
	assert.Equal(t, text.String(), rep.String())
	lines := strings.Split(text.String(), "\n")
	require.Greater(t, len(lines), 5)
	header := lines[0]
	for _, col := range []string{"PAIR", "CHECK", "VERDICT", "OBSERVED", "THRESHOLD", "REASON"} {
		assert.Contains(t, header, col)
	}
	// Alignment: the VERDICT column starts at the same display column on
	// every row of the table (runes, so that non-ASCII names align).
	vcol := utf8.RuneCountInString(header[:strings.Index(header, "VERDICT")])
	for _, l := range lines[1:5] {
		r := []rune(l)
		require.Greater(t, len(r), vcol, l)
		rest := string(r[vcol:])
		ok := strings.HasPrefix(rest, "Pass") || strings.HasPrefix(rest, "Fail") || strings.HasPrefix(rest, "Inconclusive")
		assert.True(t, ok, "misaligned row %q (verdict expected at rune %d)", l, vcol)
	}
	assert.Contains(t, text.String(), "main.default.t01_green", "a pair without a name is labelled by green")
	assert.Contains(t, text.String(), "verdict: Fail")
	assert.Contains(t, text.String(), "NULL", "the sample is printed")

	var js bytes.Buffer
	require.NoError(t, rep.WriteJSON(&js))
	var back validate.Report
	require.NoError(t, json.Unmarshal(js.Bytes(), &back), js.String())
	assert.Equal(t, rep.Verdict, back.Verdict)
	assert.Equal(t, rep.Pairs, back.Pairs)
	assert.Equal(t, "", back.Pairs[1].Blue)
	p, f, i := rep.Counts()
	assert.Equal(t, [3]int{2, 1, 1}, [3]int{p, f, i}, "%s", rep)
}

// Doc (Worst): verdict ordering.
func TestQAWorst(t *testing.T) {
	assert.Equal(t, validate.Inconclusive, validate.Worst())
	assert.Equal(t, validate.Pass, validate.Worst(validate.Pass, validate.Pass))
	assert.Equal(t, validate.Inconclusive, validate.Worst(validate.Pass, ""))
	assert.Equal(t, validate.Fail, validate.Worst(validate.Inconclusive, validate.Fail, validate.Pass))
}

// Doc (custom Validator): a custom check's Policy is honoured by a suite;
// a zero Result is reported Inconclusive; an error makes it Inconclusive.
type qaRule struct {
	validate.Policy
	verdict validate.Verdict
	err     error
	calls   *int
	mu      *sync.Mutex
}

func (r qaRule) Validate(ctx context.Context, s validate.Subject) (validate.Result, error) {
	r.mu.Lock()
	*r.calls++
	r.mu.Unlock()
	if r.err != nil {
		return validate.Result{}, r.err
	}
	if r.verdict == "" {
		return validate.Result{}, nil
	}
	return validate.Result{Check: "rule", Verdict: r.verdict, Reason: "because"}, nil
}

func TestQACustomValidatorInSuite(t *testing.T) {
	w := qaWS(t)
	var calls int
	mu := &sync.Mutex{}
	boom := errors.New("rule backend down")
	pairs := qaPairs(t, w, 2, nil)
	pairs[0].Checks = validate.Checks{
		qaRule{verdict: "", calls: &calls, mu: mu},
		qaRule{err: boom, calls: &calls, mu: mu},
		qaRule{verdict: validate.Fail, Policy: validate.Policy{Critical: true, Name: "named"}, calls: &calls, mu: mu},
	}
	pairs[1].Checks = validate.Checks{qaRule{verdict: validate.Pass, calls: &calls, mu: mu}}
	rep, err := validate.Run(context.Background(), w.DB(), pairs, &validate.Options{Concurrency: 1})
	assert.ErrorIs(t, err, boom)
	require.NotNil(t, rep)
	rs := rep.Pairs[0].Results
	assert.Equal(t, validate.Inconclusive, rs[0].Verdict, "the zero Result is reported Inconclusive")
	assert.Equal(t, validate.Inconclusive, rs[1].Verdict)
	assert.Contains(t, rs[1].Error, "rule backend down")
	assert.Equal(t, validate.Fail, rs[2].Verdict)
	assert.True(t, rs[2].Critical, "Policy.Critical of a custom check is read by the suite")
	assert.Equal(t, validate.Inconclusive, rep.Pairs[1].Results[0].Verdict, "critical failure stops later pairs")
	assert.Equal(t, 3, calls)

	// A custom check on a missing green is not called: no data first.
	calls = 0
	rep, err = validate.Run(context.Background(), w.DB(), []validate.Pair{{
		Green:  catalog.MustName("main", "default", "missing"),
		Checks: validate.Checks{qaRule{verdict: validate.Pass, calls: &calls, mu: mu}},
	}}, nil)
	require.NoError(t, err)
	assert.Equal(t, 0, calls)
	assert.Equal(t, validate.Inconclusive, rep.Verdict)
}

// Doc (Policy): "Name overrides the check's name in results" and "Embed it
// in a custom check to give it the same options: a suite reads them from
// any check that embeds Policy."
func TestQACustomValidatorPolicyName(t *testing.T) {
	w := qaWS(t)
	var calls int
	pairs := qaPairs(t, w, 1, nil)
	pairs[0].Checks = validate.Checks{qaRule{verdict: validate.Pass, Policy: validate.Policy{Name: "named"}, calls: &calls, mu: &sync.Mutex{}}}
	rep, err := validate.Run(context.Background(), w.DB(), pairs, nil)
	require.NoError(t, err)
	if rep.Pairs[0].Results[0].Check != "named" {
		qaKnownBug(t, "Policy.Name of a custom check is ignored by the suite (Critical and MustHaveData are honoured)")
	}
	assert.Equal(t, "named", rep.Pairs[0].Results[0].Check)
}

// Doc (RunOne / each check's Validate): a check validates alone the same
// way a suite does; a nil DB or zero Green is an error, not a panic.
func TestQARunOneAndValidate(t *testing.T) {
	w := qaWS(t)
	pairs := qaPairs(t, w, 1, nil)
	s := validate.Subject{DB: w.DB(), Blue: pairs[0].Blue, Green: pairs[0].Green}
	ctx := context.Background()
	for _, c := range []validate.Validator{
		validate.RowCount{}, validate.Schema{}, validate.NullFraction{Column: "amount"},
		validate.Range{Column: "amount"}, validate.Unique{Columns: []string{"id"}},
		validate.DistinctCount{Column: "amount"}, validate.Mean{Column: "amount"}, validate.Sum{Column: "amount"},
		validate.Assertion{SQL: "SELECT * FROM {{green}} WHERE id < 0"}, validate.KeyDiff{Keys: []string{"id"}},
	} {
		r, err := c.Validate(ctx, s)
		require.NoError(t, err, "%T", c)
		assert.Equal(t, validate.Pass, r.Verdict, "%T: %+v", c, r)
		r2, err := validate.RunOne(ctx, s, c)
		require.NoError(t, err)
		assert.Equal(t, r, r2)
	}
	assert.NotPanics(t, func() {
		_, err := validate.RowCount{}.Validate(ctx, validate.Subject{Green: pairs[0].Green})
		assert.ErrorIs(t, err, validate.ErrInvalid)
		_, err = validate.RowCount{}.Validate(ctx, validate.Subject{DB: w.DB()})
		assert.ErrorIs(t, err, validate.ErrInvalid)
		_, err = validate.NullFraction{}.Validate(ctx, s)
		assert.ErrorIs(t, err, validate.ErrInvalid, "a bad spec through Validate")
	})
}

// Issue: Budget rendering is part of reports.
func TestQABudgetString(t *testing.T) {
	assert.Equal(t, "0", validate.Budget{}.String())
	assert.Equal(t, "unlimited", validate.Budget{Unlimited: true}.String())
	assert.Equal(t, "≤10 rows or ≤0.5%", validate.Budget{MaxRows: 10, MaxFraction: 0.005}.String())
}
