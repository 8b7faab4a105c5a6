package strategy_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/databrickstest"
	"github.com/ucdeploy/ucdeploy/rollback"
	"github.com/ucdeploy/ucdeploy/strategy"
	"github.com/ucdeploy/ucdeploy/validate"
)

const minute = strategy.Duration(time.Minute)

// gate is a pre-promotion analysis: green's row count within 1% of blue's.
func gate() *strategy.Analysis {
	return &strategy.Analysis{Checks: validate.Checks{validate.RowCount{MaxRelDiff: 0.01}}}
}

// monitor is a 30-minute window measured every 5 minutes.
func monitor() *strategy.Monitor {
	return &strategy.Monitor{Interval: 5 * minute, Duration: 30 * minute,
		Analysis: strategy.Analysis{Checks: validate.Checks{validate.RowCount{MaxRelDiff: 0.01}}}}
}

func plan(t testing.TB, s strategy.Strategy, r strategy.Release) strategy.Plan {
	t.Helper()
	p, err := s.Plan(r)
	require.NoError(t, err)
	return p
}

func TestBlueGreenSuccess(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := seed(t, &databrickstest.Options{Latency: 50 * time.Millisecond}, 20, "orders", "customers")
		ctx := context.Background()
		grantsBefore := [][]catalog.Grant{e.grants(t, e.views[0]), e.grants(t, e.views[1])}
		var (
			mu     sync.Mutex
			events []strategy.Event
		)
		eng := strategy.New(e.db, &strategy.Options{OnEvent: func(ev strategy.Event) {
			mu.Lock()
			events = append(events, ev)
			mu.Unlock()
		}})
		p := plan(t, strategy.BlueGreen{AutoPromote: true, Analysis: gate(), Monitor: monitor(), KeepBlue: 60 * minute},
			e.release("r2", "TRUE"))

		start := time.Now()
		var (
			rep *strategy.Report
			err error
		)
		done := make(chan struct{})
		go func() {
			defer close(done)
			rep, err = eng.Run(ctx, p)
		}()

		// In the keep-blue window: consumers read green, blue is kept.
		time.Sleep(45 * time.Minute)
		synctest.Wait()
		for i, v := range e.views {
			assert.Equal(t, "SELECT * FROM "+p.Units[i].Green.Quoted(), e.definition(t, v))
			assert.True(t, e.exists(t, e.blues[i]), "blue %s kept during the window", e.blues[i])
		}
		<-done
		require.NoError(t, err)
		assert.Equal(t, strategy.StatusSucceeded, rep.Status)
		// The windows took their time on the fake clock.
		assert.GreaterOrEqual(t, time.Since(start), 90*time.Minute)
		assert.Less(t, time.Since(start), 91*time.Minute)

		for i, v := range e.views {
			assert.Equal(t, "SELECT * FROM "+p.Units[i].Green.Quoted(), e.definition(t, v))
			assert.False(t, e.exists(t, e.blues[i]), "blue %s dropped after the window", e.blues[i])
			assert.True(t, e.exists(t, p.Units[i].Green))
			assert.ElementsMatch(t, grantsBefore[i], e.grants(t, v), "grants on %s", v)
			n, err := e.readAs(t, reader, v)
			require.NoError(t, err, "the reader still reads %s", v)
			assert.Equal(t, int64(20), n)
			assert.Equal(t, e.blues[i].String(), rep.Units[i].Blue)
		}
		assert.Empty(t, e.statements("CREATE OR REPLACE VIEW"), "the switch must not drop grants")
		// One pre-promotion analysis and 7 measurements (0, 5, …, 30 minutes).
		require.Len(t, rep.Analyses, 8)
		for _, a := range rep.Analyses {
			assert.Equal(t, validate.Pass, a.Verdict)
		}
		assert.Nil(t, rep.Rollback)

		var kinds []strategy.Kind
		for _, s := range rep.Steps {
			kinds = append(kinds, s.Kind)
		}
		assert.Equal(t, []strategy.Kind{strategy.KindCheckpoint, strategy.KindBuild, strategy.KindAnalysis,
			strategy.KindSwitch, strategy.KindMonitor, strategy.KindCommit, strategy.KindWait, strategy.KindCleanup}, kinds)
		mu.Lock()
		assert.Equal(t, strategy.EventStarted, events[0].Type)
		assert.Equal(t, strategy.EventFinished, events[len(events)-1].Type)
		assert.Equal(t, strategy.StatusSucceeded, events[len(events)-1].Status)
		mu.Unlock()

		st, err := eng.Status(ctx, "r2")
		require.NoError(t, err)
		assert.Equal(t, strategy.StatusSucceeded, st)
		_, err = eng.Run(ctx, p)
		assert.ErrorIs(t, err, strategy.ErrConflict, "a release runs once")
	})
}

func TestBlueGreenGateFailure(t *testing.T) {
	for _, tc := range []struct {
		name       string
		keepFailed bool
	}{
		{"greens dropped", false},
		{"greens kept", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := seed(t, nil, 20, "orders", "customers")
			ctx := context.Background()
			before := e.definitions(t)
			eng := strategy.New(e.db, nil)
			// The broken build loses half the rows.
			p := plan(t, strategy.BlueGreen{AutoPromote: true, Analysis: gate(), KeepFailed: tc.keepFailed},
				e.release("r2", "id <= 10"))

			rep, err := eng.Run(ctx, p)
			require.Error(t, err)
			assert.ErrorIs(t, err, strategy.ErrAborted)
			var de *strategy.DeployError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, "pre-promotion", de.Step)
			assert.True(t, de.RolledBack)
			assert.NoError(t, de.RollbackErr)
			assert.Equal(t, strategy.StatusRolledBack, rep.Status)
			require.Len(t, rep.Analyses, 1)
			assert.Equal(t, validate.Fail, rep.Analyses[0].Verdict)
			text := rep.String()
			assert.Contains(t, text, "release r2 (blueGreen): rolled-back")
			assert.Contains(t, text, "production.sales.orders row_count Fail: green has 50.00% fewer rows than blue")
			assert.Contains(t, text, "rollback: 0 views switched back, 0 tables restored")

			assert.Equal(t, before, e.definitions(t), "views stay on blue")
			assert.Empty(t, e.statements("ALTER VIEW"), "nothing was switched")
			for i, u := range p.Units {
				assert.Equal(t, tc.keepFailed, e.exists(t, u.Green), "green %s", u.Green)
				assert.True(t, e.exists(t, e.blues[i]))
			}
			st, err := eng.Status(ctx, "r2")
			require.NoError(t, err)
			assert.Equal(t, strategy.StatusRolledBack, st)
		})
	}
}

func TestBlueGreenMonitorFailureRestoresViewsAndTables(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := seed(t, &databrickstest.Options{Latency: 10 * time.Millisecond}, 20, "orders", "customers")
		ctx := context.Background()
		dim := catalog.MustName("production", "sales", "regions")
		for _, q := range []string{
			"CREATE TABLE " + dim.Quoted() + " (id BIGINT, name STRING)",
			"INSERT INTO " + dim.Quoted() + " VALUES (1, 'north'), (2, 'south')",
		} {
			_, err := e.db.ExecContext(ctx, q)
			require.NoError(t, err)
		}
		dimVersion, err := e.cat.CurrentVersion(ctx, dim)
		require.NoError(t, err)
		before := e.definitions(t)

		r := e.release("r2", "TRUE")
		// The release also changes an existing table in place.
		b := r.Build
		b.SQL = append(b.SQL, "UPDATE "+dim.Quoted()+" SET name = upper(name) WHERE id = 1")
		r.Tables[0].Build = &b
		r.Modifies = []catalog.Name{dim}
		p := plan(t, strategy.BlueGreen{AutoPromote: true, Analysis: gate(), Monitor: monitor(), KeepBlue: 60 * minute}, r)
		eng := strategy.New(e.db, nil)

		// Twelve minutes after the switch a late job deletes rows from
		// green; the measurement at 15 minutes sees it.
		switched := make(chan time.Time, 1)
		go func() {
			for {
				time.Sleep(time.Second)
				def, err := e.cat.ViewDefinition(ctx, e.views[0])
				if err == nil && strings.Contains(def, "r2") {
					switched <- time.Now()
					break
				}
			}
			time.Sleep(12 * time.Minute)
			_, err := e.db.ExecContext(ctx, "DELETE FROM "+p.Units[0].Green.Quoted()+" WHERE id > 5")
			assert.NoError(t, err)
		}()

		rep, err := eng.Run(ctx, p)
		require.Error(t, err)
		assert.ErrorIs(t, err, strategy.ErrAborted, "%v", err)
		var de *strategy.DeployError
		require.ErrorAs(t, err, &de)
		assert.Equal(t, "monitor", de.Step)
		assert.True(t, de.RolledBack)
		took := time.Since(<-switched)
		assert.Greater(t, took, 14*time.Minute)
		assert.Less(t, took, 16*time.Minute)

		assert.Equal(t, before, e.definitions(t), "views exactly as they were")
		v, err := e.cat.CurrentVersion(ctx, dim)
		require.NoError(t, err)
		assert.Greater(t, v, dimVersion, "the restore is a new commit")
		var name string
		require.NoError(t, e.db.QueryRowContext(ctx, "SELECT name FROM "+dim.Quoted()+" WHERE id = 1").Scan(&name))
		assert.Equal(t, "north", name, "the modified table is restored")
		for i, u := range p.Units {
			assert.False(t, e.exists(t, u.Green))
			assert.True(t, e.exists(t, e.blues[i]))
			n, err := e.readAs(t, reader, e.views[i])
			require.NoError(t, err)
			assert.Equal(t, int64(20), n)
		}
		require.NotNil(t, rep.Rollback)
		assert.Equal(t, 2, rep.Rollback.Views)
		assert.Equal(t, 1, rep.Rollback.Restored)
		assert.Equal(t, 2, rep.Rollback.Dropped)
		last := rep.Analyses[len(rep.Analyses)-1]
		assert.Equal(t, validate.Fail, last.Verdict)
	})
}

func TestBlueGreenBuildFailure(t *testing.T) {
	e := seed(t, nil, 5, "orders", "customers", "products")
	ctx := context.Background()
	before := e.definitions(t)
	remove, err := e.ws.InjectFault(databrickstest.Fault{Pattern: "^CREATE TABLE `production_green`", Nth: 2})
	require.NoError(t, err)
	defer remove()
	p := plan(t, strategy.BlueGreen{AutoPromote: true, Analysis: gate()}, e.release("r2", "TRUE"))

	rep, err := strategy.New(e.db, nil).Run(ctx, p)
	var de *strategy.DeployError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "build", de.Step)
	assert.True(t, de.RolledBack)
	var we *databrickstest.Error
	require.ErrorAs(t, err, &we, "the warehouse's error is reachable")
	assert.Equal(t, databrickstest.DefaultFaultClass, we.ErrorClass())
	assert.Equal(t, strategy.StatusRolledBack, rep.Status)
	assert.Equal(t, before, e.definitions(t))
	for _, u := range p.Units {
		assert.False(t, e.exists(t, u.Green), "green %s dropped", u.Green)
	}
	assert.Empty(t, e.statements("ALTER VIEW"))
}

func TestBlueGreenSwitchFailureSwitchesBack(t *testing.T) {
	for _, tc := range []struct {
		name        string
		concurrency int
	}{
		{"one at a time", 1},
		{"concurrently", 8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := seed(t, nil, 5, "orders", "customers", "products")
			ctx := context.Background()
			before := e.definitions(t)
			remove, err := e.ws.InjectFault(databrickstest.Fault{Pattern: "^ALTER VIEW", Nth: 2, Class: "TEMPORARILY_UNAVAILABLE"})
			require.NoError(t, err)
			defer remove()
			p := plan(t, strategy.BlueGreen{AutoPromote: true, Analysis: gate()}, e.release("r2", "TRUE"))

			rep, err := strategy.New(e.db, &strategy.Options{Concurrency: tc.concurrency}).Run(ctx, p)
			var de *strategy.DeployError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, "switch", de.Step)
			assert.ErrorIs(t, err, catalog.ErrUnavailable)
			assert.True(t, de.RolledBack)
			assert.Equal(t, before, e.definitions(t), "every view back on blue")
			for _, u := range p.Units {
				assert.False(t, e.exists(t, u.Green))
			}
			// The first view was switched and switched back.
			alters := e.statements("ALTER VIEW")
			require.GreaterOrEqual(t, len(alters), 3)
			assert.Contains(t, alters[0], "production_green")
			back := 0
			for _, a := range alters {
				if strings.HasSuffix(a, "_v1`") {
					back++
				}
			}
			assert.Equal(t, rep.Rollback.Views, back)
			assert.GreaterOrEqual(t, back, 1)
			if tc.concurrency == 1 {
				// The second view's switch failed, so it needs no switch
				// back; the third view was never touched.
				assert.Len(t, alters, 3)
				assert.Equal(t, 1, rep.Rollback.Views)
			}
		})
	}
}

func TestBlueGreenCancellationRollsBack(t *testing.T) {
	for _, tc := range []struct {
		name     string
		after    time.Duration
		switched bool
	}{
		{"during the build", 75 * time.Millisecond, false},
		{"during the monitor window", 10 * time.Minute, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := seed(t, &databrickstest.Options{Latency: 50 * time.Millisecond}, 5, "orders", "customers")
				before := e.definitions(t)
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				p := plan(t, strategy.BlueGreen{AutoPromote: true, Analysis: gate(), Monitor: monitor()}, e.release("r2", "TRUE"))
				go func() {
					time.Sleep(tc.after)
					cancel()
				}()
				rep, err := strategy.New(e.db, nil).Run(ctx, p)
				require.ErrorIs(t, err, context.Canceled)
				var de *strategy.DeployError
				require.ErrorAs(t, err, &de)
				assert.True(t, de.RolledBack)
				assert.NoError(t, de.RollbackErr)
				assert.Equal(t, strategy.StatusRolledBack, rep.Status)
				assert.Equal(t, before, e.definitions(t))
				for _, u := range p.Units {
					assert.False(t, e.exists(t, u.Green))
				}
				assert.Equal(t, tc.switched, len(e.statements("ALTER VIEW")) > 0)
			})
		})
	}
}

func TestBlueGreenManualPromotion(t *testing.T) {
	for _, tc := range []struct {
		name     string
		decision strategy.Decision
		want     strategy.Status
	}{
		{"promoted", strategy.Promote, strategy.StatusSucceeded},
		{"aborted", strategy.Abort, strategy.StatusRolledBack},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := seed(t, nil, 5, "orders")
				ctx := context.Background()
				before := e.definitions(t)
				journal := &strategy.MemoryJournal{}
				p := plan(t, strategy.BlueGreen{Analysis: gate()}, e.release("r2", "TRUE"))
				var (
					rep *strategy.Report
					err error
				)
				done := make(chan struct{})
				go func() {
					defer close(done)
					rep, err = strategy.New(e.db, &strategy.Options{Journal: journal}).Run(ctx, p)
				}()
				time.Sleep(3 * time.Hour)
				synctest.Wait()
				// Paused before the switch, for as long as it takes.
				other := strategy.New(e.db, &strategy.Options{Journal: journal})
				st, serr := other.Status(ctx, "r2")
				require.NoError(t, serr)
				assert.Equal(t, strategy.StatusPaused, st)
				assert.Equal(t, before, e.definitions(t))

				// Another engine (think: another process) decides; the
				// paused one reads the journal within PollInterval.
				switch tc.decision {
				case strategy.Promote:
					require.NoError(t, other.Promote(ctx, "r2"))
				default:
					require.NoError(t, other.Abort(ctx, "r2"))
				}
				<-done
				assert.Equal(t, tc.want, rep.Status)
				if tc.decision == strategy.Promote {
					require.NoError(t, err)
					assert.Equal(t, "SELECT * FROM "+p.Units[0].Green.Quoted(), e.definition(t, e.views[0]))
				} else {
					assert.ErrorIs(t, err, strategy.ErrAborted)
					assert.Equal(t, before, e.definitions(t))
				}
				assert.ErrorIs(t, other.Promote(ctx, "r2"), strategy.ErrConflict, "the deploy ended")
				assert.ErrorIs(t, other.Promote(ctx, "r9"), strategy.ErrNotFound)
			})
		})
	}
}

func TestBlueGreenInconclusive(t *testing.T) {
	// Green is empty: the row count check has no data to judge.
	for _, tc := range []struct {
		name   string
		policy strategy.InconclusivePolicy
	}{
		{"pause", strategy.InconclusivePause},
		{"fail", strategy.InconclusiveFail},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := seed(t, nil, 5, "orders")
				ctx := context.Background()
				a := gate()
				a.Inconclusive = tc.policy
				p := plan(t, strategy.BlueGreen{AutoPromote: true, Analysis: a}, e.release("r2", "FALSE"))
				var paused []string
				var eng *strategy.Engine
				eng = strategy.New(e.db, &strategy.Options{OnEvent: func(ev strategy.Event) {
					if ev.Type == strategy.EventPaused {
						paused = append(paused, ev.Reason)
						// A person looks at the report and accepts.
						assert.NoError(t, eng.Promote(ctx, ev.Release))
					}
				}})
				rep, err := eng.Run(ctx, p)
				require.Len(t, rep.Analyses, 1)
				assert.Equal(t, validate.Inconclusive, rep.Analyses[0].Verdict)
				if tc.policy == strategy.InconclusiveFail {
					assert.ErrorIs(t, err, strategy.ErrAborted)
					assert.Empty(t, paused)
					return
				}
				require.NoError(t, err)
				assert.Equal(t, []string{"analysis pre-promotion is inconclusive"}, paused)
			})
		})
	}
}

func TestBlueGreenFirstDeployCreatesViews(t *testing.T) {
	e := seed(t, nil, 5)
	ctx := context.Background()
	view := catalog.MustName("production", "sales", "orders")
	r := strategy.Release{ID: "r1", Tables: []strategy.Table{{View: view}}, Build: strategy.Build{SQL: []string{
		"CREATE TABLE {{green}} (id BIGINT)",
		"INSERT INTO {{green}} VALUES (1), (2)",
	}}}
	p := plan(t, strategy.BlueGreen{AutoPromote: true}, r)
	rep, err := strategy.New(e.db, nil).Run(ctx, p)
	require.NoError(t, err)
	assert.Equal(t, "", rep.Units[0].Blue)
	assert.Equal(t, "SELECT * FROM "+p.Units[0].Green.Quoted(), e.definition(t, view))

	// A table where a view should be is refused before anything changes.
	_, err = e.db.ExecContext(ctx, "CREATE TABLE production.sales.items (id BIGINT)")
	require.NoError(t, err)
	r = strategy.Release{ID: "r1", Tables: []strategy.Table{{View: catalog.MustName("production", "sales", "items")}},
		Build: r.Build}
	_, err = strategy.New(e.db, nil).Run(ctx, plan(t, strategy.BlueGreen{AutoPromote: true}, r))
	assert.ErrorIs(t, err, strategy.ErrInvalid)
	var de *strategy.DeployError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "checkpoint", de.Step)
}

func TestBlueGreenGenerations(t *testing.T) {
	e := seed(t, nil, 5, "orders")
	ctx := context.Background()
	eng := strategy.New(e.db, nil)
	var greens []catalog.Name
	for _, id := range []string{"r2", "r3", "r4", "r5"} {
		p := plan(t, strategy.BlueGreen{AutoPromote: true, Analysis: gate(), Keep: 2}, e.release(id, "TRUE"))
		_, err := eng.Run(ctx, p)
		require.NoError(t, err, id)
		greens = append(greens, p.Units[0].Green)
	}
	// Keep 2: the live table and the one before it. The first blue, made
	// by hand outside the green schema, is no generation: once replaced it
	// is left alone.
	assert.True(t, e.exists(t, e.blues[0]))
	assert.False(t, e.exists(t, greens[0]))
	assert.False(t, e.exists(t, greens[1]))
	assert.True(t, e.exists(t, greens[2]))
	assert.True(t, e.exists(t, greens[3]))

	// A release with Keep 1 drops every older generation.
	p := plan(t, strategy.BlueGreen{AutoPromote: true, Analysis: gate()}, e.release("r6", "TRUE"))
	_, err := eng.Run(ctx, p)
	require.NoError(t, err)
	for _, g := range greens {
		assert.False(t, e.exists(t, g), "generation %s", g)
	}
	assert.True(t, e.exists(t, p.Units[0].Green))
}

func TestBlueGreenResume(t *testing.T) {
	for _, tc := range []struct {
		name      string
		crash     func(strategy.Record) bool
		policy    strategy.ResumePolicy
		wantGreen bool // views end on green
	}{
		{
			name:      "killed before the switch, continued",
			crash:     func(r strategy.Record) bool { return r.Type == strategy.RecordStepStarted && r.Step == "switch" },
			wantGreen: true,
		},
		{
			name:   "killed before the switch, rolled back",
			crash:  func(r strategy.Record) bool { return r.Type == strategy.RecordStepStarted && r.Step == "switch" },
			policy: strategy.ResumeRollback,
		},
		{
			name:      "killed in the build, continued",
			crash:     func(r strategy.Record) bool { return r.Type == strategy.RecordStepFinished && r.Step == "build" },
			wantGreen: true,
		},
		{
			name:      "killed after the switch, continued",
			crash:     func(r strategy.Record) bool { return r.Type == strategy.RecordStepFinished && r.Step == "switch" },
			wantGreen: true,
		},
		{
			name:   "killed after the switch, rolled back",
			crash:  func(r strategy.Record) bool { return r.Type == strategy.RecordStepFinished && r.Step == "switch" },
			policy: strategy.ResumeRollback,
		},
		{
			name:      "killed in the monitor window, continued",
			crash:     func(r strategy.Record) bool { return r.Type == strategy.RecordMeasurement && r.Step == "monitor" },
			wantGreen: true,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := seed(t, nil, 5, "orders", "customers")
				ctx := context.Background()
				before := e.definitions(t)
				path := filepath.Join(t.TempDir(), "journal.jsonl")
				bg := strategy.BlueGreen{AutoPromote: true, Analysis: gate(), Monitor: monitor()}

				// The first process dies: its journal stops taking records.
				j1, err := strategy.OpenFileJournal(path)
				require.NoError(t, err)
				dying := &crashingJournal{Journal: j1, crash: tc.crash}
				_, err = strategy.New(e.db, &strategy.Options{Journal: dying}).Run(ctx, plan(t, bg, e.release("r2", "TRUE")))
				require.ErrorIs(t, err, errCrashed)
				var de *strategy.DeployError
				require.ErrorAs(t, err, &de)
				assert.False(t, de.RolledBack, "a dead process does not roll back")
				assert.ErrorIs(t, de.RollbackErr, errCrashed)
				require.NoError(t, j1.Close())

				// A new process opens the journal and resumes.
				j2, err := strategy.OpenFileJournal(path)
				require.NoError(t, err)
				defer j2.Close()
				eng := strategy.New(e.db, &strategy.Options{Journal: j2})
				st, err := eng.Status(ctx, "r2")
				require.NoError(t, err)
				assert.Equal(t, strategy.StatusRunning, st)
				p := plan(t, bg, e.release("r2", "TRUE"))
				rep, err := eng.Resume(ctx, p, tc.policy)
				if tc.wantGreen {
					require.NoError(t, err)
					assert.Equal(t, strategy.StatusSucceeded, rep.Status)
					for i, v := range e.views {
						assert.Equal(t, "SELECT * FROM "+p.Units[i].Green.Quoted(), e.definition(t, v))
						assert.False(t, e.exists(t, e.blues[i]))
						assert.Equal(t, e.blues[i].String(), rep.Units[i].Blue, "blue from the journaled checkpoint")
					}
				} else {
					require.Error(t, err)
					require.ErrorAs(t, err, &de)
					assert.True(t, de.RolledBack)
					assert.NoError(t, de.Err)
					assert.Equal(t, strategy.StatusRolledBack, rep.Status)
					assert.Equal(t, before, e.definitions(t))
					for i, u := range p.Units {
						assert.False(t, e.exists(t, u.Green))
						assert.True(t, e.exists(t, e.blues[i]))
					}
				}
				_, err = eng.Resume(ctx, p, tc.policy)
				assert.ErrorIs(t, err, strategy.ErrConflict, "the deploy ended")
			})
		})
	}
}

func TestResumeChecks(t *testing.T) {
	e := seed(t, nil, 5, "orders")
	ctx := context.Background()
	j := &strategy.MemoryJournal{}
	eng := strategy.New(e.db, &strategy.Options{Journal: j})
	p := plan(t, strategy.BlueGreen{AutoPromote: true, Analysis: gate()}, e.release("r2", "TRUE"))
	_, err := eng.Resume(ctx, p, strategy.ResumeContinue)
	assert.ErrorIs(t, err, strategy.ErrNotFound)
	_, err = eng.Status(ctx, "r2")
	assert.ErrorIs(t, err, strategy.ErrNotFound)

	dying := &crashingJournal{Journal: j, crash: func(r strategy.Record) bool { return r.Step == "build" }}
	_, err = strategy.New(e.db, &strategy.Options{Journal: dying}).Run(ctx, p)
	require.ErrorIs(t, err, errCrashed)

	other := plan(t, strategy.BlueGreen{AutoPromote: true, Analysis: gate(), KeepBlue: minute}, e.release("r2", "TRUE"))
	_, err = eng.Resume(ctx, other, strategy.ResumeContinue)
	assert.ErrorIs(t, err, strategy.ErrConflict, "a different plan")
	_, err = eng.Resume(ctx, p, "sideways")
	assert.ErrorIs(t, err, strategy.ErrInvalid)
	_, err = eng.Resume(ctx, p, strategy.ResumeContinue)
	require.NoError(t, err)
}

func TestAbortAfterCommitInKeepWindow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := seed(t, nil, 5, "orders")
		ctx := context.Background()
		before := e.definitions(t)
		eng := strategy.New(e.db, nil)
		p := plan(t, strategy.BlueGreen{AutoPromote: true, Analysis: gate(), KeepBlue: 24 * 60 * minute}, e.release("r2", "TRUE"))
		var err error
		done := make(chan struct{})
		go func() {
			defer close(done)
			_, err = eng.Run(ctx, p)
		}()
		time.Sleep(time.Hour)
		synctest.Wait()
		assert.Equal(t, "SELECT * FROM "+p.Units[0].Green.Quoted(), e.definition(t, e.views[0]))
		// An incident: switch back while blue is kept.
		require.NoError(t, eng.Abort(ctx, "r2"))
		<-done
		assert.ErrorIs(t, err, strategy.ErrAborted)
		assert.Equal(t, before, e.definitions(t))
		assert.True(t, e.exists(t, e.blues[0]))
	})
}

func TestCleanupFailureIsNotRolledBack(t *testing.T) {
	e := seed(t, nil, 5, "orders")
	ctx := context.Background()
	remove, err := e.ws.InjectFault(databrickstest.Fault{Pattern: "^DROP TABLE"})
	require.NoError(t, err)
	p := plan(t, strategy.BlueGreen{AutoPromote: true, Analysis: gate()}, e.release("r2", "TRUE"))
	eng := strategy.New(e.db, nil)
	rep, err := eng.Run(ctx, p)
	var de *strategy.DeployError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "cleanup", de.Step)
	assert.False(t, de.RolledBack)
	assert.Equal(t, strategy.StatusFailed, rep.Status)
	assert.Equal(t, "SELECT * FROM "+p.Units[0].Green.Quoted(), e.definition(t, e.views[0]), "the release stays live")
	assert.ErrorIs(t, eng.Abort(ctx, "r2"), strategy.ErrConflict, "blue may be gone")

	remove()
	rep, err = eng.Resume(ctx, p, strategy.ResumeContinue)
	require.NoError(t, err)
	assert.Equal(t, strategy.StatusSucceeded, rep.Status)
	assert.False(t, e.exists(t, e.blues[0]))
}

// verdictCheck is a custom check that always judges v.
type verdictCheck struct{ v validate.Verdict }

func (c verdictCheck) Validate(context.Context, validate.Subject) (validate.Result, error) {
	return validate.Result{Check: "custom", Verdict: c.v, Reason: "the custom check says so"}, nil
}

func TestRollbackFailureReturnsBothErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := seed(t, nil, 5, "orders")
		ctx := context.Background()
		before := e.definitions(t)
		mon := &strategy.Monitor{Interval: minute, Duration: 10 * minute,
			Analysis: strategy.Analysis{Checks: validate.Checks{verdictCheck{validate.Fail}}}}
		p := plan(t, strategy.BlueGreen{AutoPromote: true, Analysis: gate(), Monitor: mon}, e.release("r2", "TRUE"))
		// The switch works; switching back fails.
		remove, err := e.ws.InjectFault(databrickstest.Fault{Pattern: "^ALTER VIEW", Nth: 2})
		require.NoError(t, err)
		eng := strategy.New(e.db, nil)
		rep, err := eng.Run(ctx, p)
		var de *strategy.DeployError
		require.ErrorAs(t, err, &de)
		assert.Equal(t, "monitor", de.Step)
		assert.ErrorIs(t, de.Err, strategy.ErrAborted)
		require.Error(t, de.RollbackErr)
		var we *databrickstest.Error
		assert.ErrorAs(t, de.RollbackErr, &we)
		assert.ErrorIs(t, err, strategy.ErrAborted, "both errors are in the chain")
		assert.False(t, de.RolledBack)
		assert.Equal(t, strategy.StatusRollbackFailed, rep.Status)
		assert.True(t, e.exists(t, p.Units[0].Green), "green is kept while the view reads it")
		st, err := eng.Status(ctx, "r2")
		require.NoError(t, err)
		assert.Equal(t, strategy.StatusRollbackFailed, st)

		// Once the warehouse recovers, Resume finishes the rollback.
		remove()
		rep, err = eng.Resume(ctx, p, strategy.ResumeContinue)
		require.ErrorAs(t, err, &de)
		assert.True(t, de.RolledBack)
		assert.Equal(t, strategy.StatusRolledBack, rep.Status)
		assert.Equal(t, before, e.definitions(t))
		assert.False(t, e.exists(t, p.Units[0].Green))
	})
}

func TestResumeInterruptedRollback(t *testing.T) {
	e := seed(t, nil, 10, "orders")
	ctx := context.Background()
	before := e.definitions(t)
	dim := catalog.MustName("production", "sales", "regions")
	for _, q := range []string{
		"CREATE TABLE " + dim.Quoted() + " (id BIGINT, name STRING)",
		"INSERT INTO " + dim.Quoted() + " VALUES (1, 'north')",
	} {
		_, err := e.db.ExecContext(ctx, q)
		require.NoError(t, err)
	}
	r := e.release("r2", "id <= 5") // the gate fails
	r.Build.SQL = append(r.Build.SQL, "UPDATE "+dim.Quoted()+" SET name = 'south'")
	r.Modifies = []catalog.Name{dim}
	p := plan(t, strategy.BlueGreen{AutoPromote: true, Analysis: gate()}, r)
	j := &strategy.MemoryJournal{}

	// The process dies after rolling back, before journaling that it did.
	dying := &crashingJournal{Journal: j, crash: func(r strategy.Record) bool { return r.Type == strategy.RecordRollbackFinished }}
	_, err := strategy.New(e.db, &strategy.Options{Journal: dying}).Run(ctx, p)
	require.ErrorIs(t, err, strategy.ErrAborted)
	require.ErrorIs(t, err, errCrashed)
	v, err := e.cat.CurrentVersion(ctx, dim)
	require.NoError(t, err)

	eng := strategy.New(e.db, &strategy.Options{Journal: j})
	st, err := eng.Status(ctx, "r2")
	require.NoError(t, err)
	assert.Equal(t, strategy.StatusRunning, st, "a rollback in progress")
	e.ws.ResetStatements()
	rep, err := eng.Resume(ctx, p, strategy.ResumeContinue)
	var de *strategy.DeployError
	require.ErrorAs(t, err, &de)
	assert.True(t, de.RolledBack)
	assert.Equal(t, strategy.StatusRolledBack, rep.Status)
	// Rolling back again changes nothing.
	assert.Empty(t, e.statements("RESTORE"))
	v2, err := e.cat.CurrentVersion(ctx, dim)
	require.NoError(t, err)
	assert.Equal(t, v, v2)
	assert.Equal(t, before, e.definitions(t))
	var name string
	require.NoError(t, e.db.QueryRowContext(ctx, "SELECT name FROM "+dim.Quoted()).Scan(&name))
	assert.Equal(t, "north", name)
}

func TestAbortBetweenSteps(t *testing.T) {
	e := seed(t, nil, 5, "orders")
	ctx := context.Background()
	before := e.definitions(t)
	p := plan(t, strategy.BlueGreen{AutoPromote: true, Analysis: gate()}, e.release("r2", "TRUE"))
	var eng *strategy.Engine
	eng = strategy.New(e.db, &strategy.Options{OnEvent: func(ev strategy.Event) {
		if ev.Type == strategy.EventStepStarted && ev.Kind == strategy.KindBuild {
			// A person aborts while the build runs.
			assert.NoError(t, eng.Abort(ctx, ev.Release))
		}
	}})
	rep, err := eng.Run(ctx, p)
	require.ErrorIs(t, err, strategy.ErrAborted)
	var de *strategy.DeployError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "pre-promotion", de.Step, "the step after the build does not run")
	assert.Equal(t, strategy.StatusRolledBack, rep.Status)
	assert.Equal(t, before, e.definitions(t))
	assert.False(t, e.exists(t, p.Units[0].Green))
	assert.Empty(t, e.statements("SELECT * FROM (SELECT count(*)"), "no analysis ran")
}

func TestPausedDeploySurvivesItsProcess(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := seed(t, nil, 5, "orders")
		before := e.definitions(t)
		path := filepath.Join(t.TempDir(), "journal.jsonl")
		p := plan(t, strategy.BlueGreen{Analysis: gate()}, e.release("r2", "TRUE"))

		// The first process pauses for promotion, then is killed: its
		// journal takes nothing more and its context ends.
		j1, err := strategy.OpenFileJournal(path)
		require.NoError(t, err)
		var killed sync.Mutex
		dead := false
		dying := &crashingJournal{Journal: j1, crash: func(strategy.Record) bool {
			killed.Lock()
			defer killed.Unlock()
			return dead
		}}
		ctx, kill := context.WithCancel(context.Background())
		done := make(chan error)
		go func() {
			_, err := strategy.New(e.db, &strategy.Options{Journal: dying}).Run(ctx, p)
			done <- err
		}()
		time.Sleep(time.Hour)
		synctest.Wait()
		killed.Lock()
		dead = true
		killed.Unlock()
		kill()
		require.ErrorIs(t, <-done, errCrashed)
		require.NoError(t, j1.Close())
		assert.Equal(t, before, e.definitions(t))

		// Later, someone approves from their laptop, and the deploy bot
		// resumes.
		j2, err := strategy.OpenFileJournal(path)
		require.NoError(t, err)
		defer j2.Close()
		eng := strategy.New(e.db, &strategy.Options{Journal: j2})
		st, err := eng.Status(context.Background(), "r2")
		require.NoError(t, err)
		assert.Equal(t, strategy.StatusPaused, st)
		require.NoError(t, eng.Promote(context.Background(), "r2"))
		rep, err := eng.Resume(context.Background(), p, strategy.ResumeContinue)
		require.NoError(t, err)
		assert.Equal(t, strategy.StatusSucceeded, rep.Status)
		assert.Equal(t, "SELECT * FROM "+p.Units[0].Green.Quoted(), e.definition(t, e.views[0]))
	})
}

// errorCheck is a custom check that can never find out.
type errorCheck struct{}

func (errorCheck) Validate(context.Context, validate.Subject) (validate.Result, error) {
	return validate.Result{}, errors.New("metrics store unreachable")
}

func TestMonitorLimits(t *testing.T) {
	for _, tc := range []struct {
		name         string
		check        validate.Validator
		failureLimit int
		errorLimit   int
		measurements int
		aborted      bool
	}{
		{"failures tolerated up to the limit", verdictCheck{validate.Fail}, 2, 0, 3, true},
		{"errors tolerated up to the limit", errorCheck{}, 0, 1, 2, false},
		{"inconclusive under the fail policy counts as a failure", verdictCheck{validate.Inconclusive}, 1, 0, 2, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := seed(t, nil, 5, "orders")
				before := e.definitions(t)
				mon := &strategy.Monitor{Interval: minute, Duration: 10 * minute, Analysis: strategy.Analysis{
					Checks: validate.Checks{tc.check}, FailureLimit: tc.failureLimit, ErrorLimit: tc.errorLimit,
					Inconclusive: strategy.InconclusiveFail}}
				p := plan(t, strategy.BlueGreen{AutoPromote: true, Monitor: mon}, e.release("r2", "TRUE"))
				start := time.Now()
				rep, err := strategy.New(e.db, nil).Run(context.Background(), p)
				var de *strategy.DeployError
				require.ErrorAs(t, err, &de)
				assert.Equal(t, "monitor", de.Step)
				assert.Equal(t, tc.aborted, errors.Is(err, strategy.ErrAborted), "%v", err)
				assert.True(t, de.RolledBack)
				assert.Len(t, rep.Analyses, tc.measurements)
				assert.Equal(t, time.Duration(tc.measurements-1)*time.Minute, time.Since(start).Truncate(time.Minute))
				assert.Equal(t, before, e.definitions(t))
			})
		})
	}
}

func TestRetentionGuardUsesTheObservationWindow(t *testing.T) {
	// A monitor window of 30 minutes and a keep-blue window of 60: the
	// release may roll back for 90 minutes, so a modified table must keep
	// its files that long.
	for _, tc := range []struct {
		retention string
		wantErr   error
	}{
		{"interval 1 hour", rollback.ErrRetention},
		{"interval 2 hours", nil},
	} {
		t.Run(tc.retention, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := seed(t, nil, 5, "orders")
				ctx := context.Background()
				dim := catalog.MustName("production", "sales", "regions")
				_, err := e.db.ExecContext(ctx, "CREATE TABLE "+dim.Quoted()+
					" (id BIGINT) TBLPROPERTIES ('delta.deletedFileRetentionDuration' = '"+tc.retention+"')")
				require.NoError(t, err)
				before := e.definitions(t)
				r := e.release("r2", "TRUE")
				r.Modifies = []catalog.Name{dim}
				p := plan(t, strategy.BlueGreen{AutoPromote: true, Analysis: gate(), Monitor: monitor(), KeepBlue: 60 * minute}, r)
				e.ws.ResetStatements()
				rep, err := strategy.New(e.db, nil).Run(ctx, p)
				if tc.wantErr == nil {
					require.NoError(t, err)
					return
				}
				require.ErrorIs(t, err, tc.wantErr)
				assert.ErrorContains(t, err, "delta.deletedFileRetentionDuration is 1h0m0s, the window 1h30m0s")
				var de *strategy.DeployError
				require.ErrorAs(t, err, &de)
				assert.Equal(t, "checkpoint", de.Step)
				assert.Equal(t, strategy.StatusRolledBack, rep.Status)
				assert.Equal(t, before, e.definitions(t))
				assert.Empty(t, e.statements("CREATE"), "the deploy refused to start")
			})
		})
	}
}

func TestBlueGreenFirstDeployRollbackDropsTheViews(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := seed(t, nil, 5)
		ctx := context.Background()
		views := []catalog.Name{catalog.MustName("production", "sales", "orders"), catalog.MustName("production", "sales", "items")}
		r := strategy.Release{ID: "r1", Build: strategy.Build{SQL: []string{"CREATE TABLE {{green}} AS SELECT 1 AS id"}}}
		for _, v := range views {
			r.Tables = append(r.Tables, strategy.Table{View: v})
		}
		mon := &strategy.Monitor{Interval: minute, Duration: 10 * minute,
			Analysis: strategy.Analysis{Checks: validate.Checks{verdictCheck{validate.Fail}}}}
		p := plan(t, strategy.BlueGreen{AutoPromote: true, Monitor: mon}, r)
		rep, err := strategy.New(e.db, nil).Run(ctx, p)
		require.ErrorIs(t, err, strategy.ErrAborted)
		assert.Equal(t, strategy.StatusRolledBack, rep.Status)
		assert.Equal(t, 2, rep.Rollback.Views, "the views the deploy created")
		assert.Equal(t, 2, rep.Rollback.Dropped)
		for i, v := range views {
			assert.False(t, e.exists(t, v), "view %s dropped", v)
			assert.False(t, e.exists(t, p.Units[i].Green))
		}
	})
}
