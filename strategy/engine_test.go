package strategy_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/databrickstest"
	"github.com/ucdeploy/ucdeploy/strategy"
)

func TestJournalBeforeAct(t *testing.T) {
	e := seed(t, nil, 5, "orders", "customers")
	ctx := context.Background()
	j := &watchingJournal{ws: e.ws}
	p := plan(t, strategy.BlueGreen{AutoPromote: true, Analysis: gate()}, e.release("r2", "TRUE"))
	_, err := strategy.New(e.db, &strategy.Options{Journal: j}).Run(ctx, p)
	require.NoError(t, err)

	sent := e.ws.Statements()
	// firstIndex returns the index of the first statement with prefix.
	firstIndex := func(prefix string) int {
		for i, s := range sent {
			if strings.HasPrefix(s.Text, prefix) {
				return i
			}
		}
		t.Fatalf("no statement %q", prefix)
		return -1
	}
	// stepStarted returns how many statements had been sent when the step
	// was journaled as started.
	stepStarted := func(step string) int {
		for _, w := range j.log {
			if w.rec.Type == strategy.RecordStepStarted && w.rec.Step == step {
				return w.statements
			}
		}
		t.Fatalf("step %s not journaled", step)
		return -1
	}
	assert.Equal(t, 0, stepStarted("checkpoint"), "nothing is sent before the deploy is journaled")
	for _, c := range []struct{ step, prefix string }{
		{"build", "CREATE TABLE"},
		{"switch", "ALTER VIEW"},
		{"cleanup", "DROP TABLE"},
	} {
		assert.LessOrEqual(t, stepStarted(c.step), firstIndex(c.prefix), "%s is journaled before %s", c.step, c.prefix)
	}
	var types []strategy.RecordType
	for _, w := range j.log {
		types = append(types, w.rec.Type)
	}
	assert.Equal(t, strategy.RecordStarted, types[0])
	assert.Equal(t, strategy.RecordFinished, types[len(types)-1])
}

func TestDryRunSendsNothing(t *testing.T) {
	e := seed(t, nil, 5, "orders", "customers")
	p := plan(t, strategy.BlueGreen{Analysis: gate(), Monitor: monitor(), KeepBlue: 60 * minute}, e.release("r2", "TRUE"))
	st, err := strategy.New(e.db, nil).DryRun(context.Background(), p)
	require.NoError(t, err)
	assert.Empty(t, e.ws.Statements(), "a dry run sends nothing")

	type line struct{ step, sql string }
	var got []line
	for _, s := range st {
		got = append(got, line{s.Step, s.SQL})
	}
	prefixes := []line{
		{"checkpoint", "SELECT t.table_name, t.table_type, t.created, v.view_definition FROM `production`.`information_schema`.`tables`"},
		{"build", "SHOW SCHEMAS IN `production_green`"},
		{"build", "SELECT 1 FROM `production_green`.`information_schema`.`schemata`"},
		{"build", "CREATE CATALOG IF NOT EXISTS `production_green`"},
		{"build", "CREATE SCHEMA IF NOT EXISTS `production_green`.`sales`"},
		{"build", "CREATE TABLE `production_green`.`sales`.`orders__r2` AS SELECT id, amount FROM <blue of production.sales.orders>"},
		{"build", "CREATE TABLE `production_green`.`sales`.`customers__r2` AS SELECT id, amount FROM <blue of production.sales.customers>"},
		{"pre-promotion", "SELECT * FROM (SELECT count(*)"},
		{"pre-promotion", "SELECT * FROM (SELECT count(*)"},
		{"switch", "ALTER VIEW `production`.`sales`.`orders` AS SELECT * FROM `production_green`.`sales`.`orders__r2`"},
		{"switch", "ALTER VIEW `production`.`sales`.`customers` AS SELECT * FROM `production_green`.`sales`.`customers__r2`"},
		{"monitor", "SELECT * FROM (SELECT count(*)"},
		{"monitor", "SELECT * FROM (SELECT count(*)"},
		{"cleanup", "SELECT t.table_name, t.table_type, t.created, v.view_definition FROM `production_green`.`information_schema`.`tables`"},
		{"cleanup", "DROP TABLE IF EXISTS <blue of production.sales.orders>"},
		{"cleanup", "DROP TABLE IF EXISTS <blue of production.sales.customers>"},
	}
	require.Len(t, got, len(prefixes))
	for i, want := range prefixes {
		assert.Equal(t, want.step, got[i].step, "statement %d", i)
		assert.True(t, strings.HasPrefix(got[i].sql, want.sql), "statement %d: %s", i, got[i].sql)
	}
	assert.Equal(t, "every 5m0s for 30m0s", st[11].Note)
	assert.Contains(t, st[7].SQL, "FROM <blue of production.sales.orders>) AS b", "green is compared with blue")
	assert.Contains(t, st[11].SQL, "FROM <blue of production.sales.orders>) AS b", "after the switch, with blue")

	// A Go build runs against a recorder.
	r := e.release("r3", "TRUE")
	r.Build = strategy.Build{Func: func(ctx context.Context, db catalog.Executor, tg strategy.Target) error {
		_, err := db.ExecContext(ctx, "CREATE TABLE "+tg.Green.Quoted()+" (id BIGINT)")
		return err
	}}
	st, err = strategy.New(e.db, nil).DryRun(context.Background(), plan(t, strategy.BlueGreen{AutoPromote: true}, r))
	require.NoError(t, err)
	var fromFunc []strategy.Statement
	for _, s := range st {
		if strings.HasPrefix(s.Note, "Go build func") {
			fromFunc = append(fromFunc, s)
		}
	}
	require.Len(t, fromFunc, 2)
	assert.Equal(t, "CREATE TABLE `production_green`.`sales`.`orders__r3` (id BIGINT)", fromFunc[0].SQL)
	assert.Empty(t, e.ws.Statements())
}

func TestLoggerAndEvents(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := seed(t, &databrickstest.Options{Latency: time.Millisecond}, 5, "orders")
		var buf bytes.Buffer
		var evs []strategy.EventType
		eng := strategy.New(e.db, &strategy.Options{
			Logger:  slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})),
			OnEvent: func(ev strategy.Event) { evs = append(evs, ev.Type) },
		})
		p := plan(t, strategy.BlueGreen{AutoPromote: true, Analysis: gate(), Monitor: monitor()}, e.release("r2", "id < 3"))
		_, err := eng.Run(context.Background(), p)
		require.ErrorIs(t, err, strategy.ErrAborted)
		out := buf.String()
		for _, want := range []string{"deploy started", "step started", "step=build", "strategy: analysis", "rollback started", "rollback finished", "status=rolled-back"} {
			assert.Contains(t, out, want)
		}
		assert.NotContains(t, out, "level=ERROR", "errors are returned, not logged")
		assert.Equal(t, []strategy.EventType{
			strategy.EventStarted,
			strategy.EventStepStarted, strategy.EventStepFinished, // checkpoint
			strategy.EventStepStarted, strategy.EventStepFinished, // build
			strategy.EventStepStarted, strategy.EventAnalysis, strategy.EventStepFailed, // pre-promotion
			strategy.EventRollbackStarted, strategy.EventRollbackFinished,
			strategy.EventFinished,
		}, evs)
	})
}

func TestConcurrentReleases(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := seed(t, &databrickstest.Options{Latency: 20 * time.Millisecond}, 5, "orders", "customers")
		eng := strategy.New(e.db, nil)
		bg := strategy.BlueGreen{AutoPromote: true, Analysis: gate(), Monitor: monitor()}
		r1 := e.release("r2", "TRUE")
		r1.Tables = r1.Tables[:1]
		r2 := e.release("r3", "TRUE")
		r2.Tables = r2.Tables[1:]
		errs := make(chan error, 2)
		for _, r := range []strategy.Release{r1, r2} {
			go func() {
				_, err := eng.Run(context.Background(), plan(t, bg, r))
				errs <- err
			}()
		}
		require.NoError(t, <-errs)
		require.NoError(t, <-errs)
		assert.Contains(t, e.definition(t, e.views[0]), "orders__r2")
		assert.Contains(t, e.definition(t, e.views[1]), "customers__r3")
	})
}
