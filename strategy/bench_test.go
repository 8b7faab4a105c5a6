package strategy_test

import (
	"context"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/databrickstest"
	"github.com/ucdeploy/ucdeploy/strategy"
	"github.com/ucdeploy/ucdeploy/validate"
)

// inBubble runs f in a testing/synctest bubble from a benchmark.
// synctest.Test needs a *testing.T, which a benchmark does not have;
// testing.RunTests (exported for the go command) runs f as a test of its
// own and gives it one. The bubble ends before inBubble returns.
func inBubble(b *testing.B, f func(t *testing.T)) {
	b.Helper()
	ok := testing.RunTests(func(string, string) (bool, error) { return true, nil },
		[]testing.InternalTest{{Name: b.Name() + "/bubble", F: func(t *testing.T) { synctest.Test(t, f) }}})
	if !ok {
		b.Fatal("the deploy failed in its bubble")
	}
}

// BenchmarkBlueGreen200Tables deploys 200 tables blue-green against a fake
// warehouse whose every statement takes 50 ms, 16 at a time, inside a
// synctest bubble. Its metrics are the deploy's duration on the bubble's
// clock and its ratio to the critical-path bound: stages × ⌈200/16⌉ × 50 ms,
// where the stages are those that send one statement per table (build,
// pre-promotion analysis, switch, cleanup). The checkpoint (one statement
// per schema), the namespace probes and the generation listing are the
// rest of the ratio.
func BenchmarkBlueGreen200Tables(b *testing.B) {
	const (
		tables      = 200
		concurrency = 16
		latency     = 50 * time.Millisecond
		stages      = 4
	)
	bound := time.Duration(stages*((tables+concurrency-1)/concurrency)) * latency
	var took time.Duration
	var sent int
	for i := 0; b.Loop(); i++ {
		inBubble(b, func(t *testing.T) {
			ws := databrickstest.New(&databrickstest.Options{Latency: latency})
			defer ws.Close()
			db := ws.DB()
			ctx := context.Background()
			r := seedMany(t, db, tables)
			r.ID = fmt.Sprintf("r%d", i)
			p, err := strategy.BlueGreen{
				AutoPromote: true,
				Analysis:    &strategy.Analysis{Checks: validate.Checks{validate.RowCount{MaxRelDiff: 0.01}}},
			}.Plan(r)
			if err != nil {
				t.Fatal(err)
			}
			ws.ResetStatements()
			eng := strategy.New(db, &strategy.Options{Concurrency: concurrency})
			start := time.Now()
			if _, err := eng.Run(ctx, p); err != nil {
				t.Fatal(err)
			}
			took = time.Since(start)
			sent = len(ws.Statements())
		})
	}
	b.ReportMetric(took.Seconds(), "deploy-s")
	b.ReportMetric(float64(took)/float64(bound), "ratio-to-bound")
	b.ReportMetric(float64(sent), "statements")
}

// seedMany creates production.sales.t<i>_v1 and views production.sales.t<i>
// for n tables, 16 at a time, and returns a release of all of them.
func seedMany(t *testing.T, db catalog.Executor, n int) strategy.Release {
	ctx := context.Background()
	for _, q := range []string{"CREATE CATALOG production", "CREATE SCHEMA production.sales"} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	r := strategy.Release{Build: strategy.Build{SQL: []string{"CREATE TABLE {{green}} AS SELECT * FROM {{blue}}"}}}
	errs := make(chan error, n)
	sem := make(chan struct{}, 16)
	for i := range n {
		view := catalog.MustName("production", "sales", fmt.Sprintf("t%d", i))
		blue := catalog.MustName("production", "sales", fmt.Sprintf("t%d_v1", i))
		r.Tables = append(r.Tables, strategy.Table{View: view})
		go func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			for _, q := range []string{
				"CREATE TABLE " + blue.Quoted() + " (id BIGINT, amount DOUBLE)",
				"INSERT INTO " + blue.Quoted() + " VALUES (1, 1.5), (2, 2.5), (3, 3.5)",
				"CREATE VIEW " + view.Quoted() + " AS SELECT * FROM " + blue.Quoted(),
			} {
				if _, err := db.ExecContext(ctx, q); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	return r
}
