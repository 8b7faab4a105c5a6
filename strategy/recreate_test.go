package strategy_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
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

// tableEnv is a workspace with Delta tables production.sales.<name> of
// rows (id BIGINT, amount DOUBLE), which reader may SELECT directly.
type tableEnv struct {
	*env
	tables   []catalog.Name
	versions []int64 // each table's version after seeding
}

// seedTables builds a tableEnv with the named tables, rows rows each.
func seedTables(t testing.TB, opts *databrickstest.Options, rows int, names ...string) *tableEnv {
	t.Helper()
	e := &tableEnv{env: seed(t, opts, rows)}
	ctx := context.Background()
	var vals []string
	for i := 1; i <= rows; i++ {
		vals = append(vals, fmt.Sprintf("(%d, %d.5)", i, i))
	}
	for _, n := range names {
		tbl := catalog.MustName("production", "sales", n)
		for _, q := range []string{
			"CREATE TABLE " + tbl.Quoted() + " (id BIGINT, amount DOUBLE)",
			"INSERT INTO " + tbl.Quoted() + " VALUES " + strings.Join(vals, ", "),
			"GRANT SELECT ON TABLE " + tbl.Quoted() + " TO `" + reader + "`",
		} {
			_, err := e.db.ExecContext(ctx, q)
			require.NoError(t, err, q)
		}
		v, err := e.cat.CurrentVersion(ctx, tbl)
		require.NoError(t, err)
		e.tables = append(e.tables, tbl)
		e.versions = append(e.versions, v)
	}
	e.ws.ResetStatements()
	return e
}

// migration returns a release of every table that migrates amount to
// DECIMAL and adds a currency column, keeping the rows where keep holds.
func (e *tableEnv) migration(id, keep string) strategy.Release {
	r := strategy.Release{ID: id, Build: strategy.Build{SQL: []string{
		"CREATE OR REPLACE TABLE {{green}} AS SELECT id, CAST(amount AS DECIMAL(10,2)) AS amount, 'EUR' AS currency FROM {{blue}} WHERE " + keep,
	}}}
	for _, tbl := range e.tables {
		r.Tables = append(r.Tables, strategy.Table{View: tbl})
	}
	return r
}

// columns returns the columns of tbl as "name type".
func (e *tableEnv) columns(t testing.TB, tbl catalog.Name) []string {
	t.Helper()
	d, err := e.cat.DescribeTable(context.Background(), tbl)
	require.NoError(t, err)
	var out []string
	for _, c := range d.Columns {
		out = append(out, c.Name+" "+c.Type)
	}
	return out
}

// latest returns the latest commit of tbl.
func (e *tableEnv) latest(t testing.TB, tbl catalog.Name) catalog.Commit {
	t.Helper()
	h, err := e.cat.History(context.Background(), tbl, 1)
	require.NoError(t, err)
	require.Len(t, h, 1)
	return h[0]
}

// assertRestored checks that every table holds its seeded rows and schema
// again, and that its latest commit is a RESTORE to the seeded version
// (restored) or the seeded version itself (untouched).
func (e *tableEnv) assertRestored(t testing.TB, rows int, restored ...bool) {
	t.Helper()
	for i, tbl := range e.tables {
		assert.Equal(t, []string{"id bigint", "amount double"}, e.columns(t, tbl), "schema of %s", tbl)
		var n int64
		var sum float64
		require.NoError(t, e.db.QueryRowContext(context.Background(), "SELECT count(*), sum(amount) FROM "+tbl.Quoted()).Scan(&n, &sum))
		assert.Equal(t, int64(rows), n, "rows of %s", tbl)
		assert.Equal(t, float64(rows*(rows+1))/2+float64(rows)/2, sum, "data of %s", tbl)
		c := e.latest(t, tbl)
		if restored[i] {
			assert.Equal(t, "RESTORE", c.Operation, "%s is restored", tbl)
			assert.Equal(t, fmt.Sprint(e.versions[i]), c.OperationParameters["version"], "%s to its checkpoint", tbl)
		} else {
			assert.Equal(t, e.versions[i], c.Version, "%s was never touched", tbl)
		}
		got, err := e.readAs(t, reader, tbl)
		require.NoError(t, err, "the reader still reads %s", tbl)
		assert.Equal(t, int64(rows), got)
	}
}

func TestRecreatePlan(t *testing.T) {
	rel := strategy.Release{ID: "r7", Tables: []strategy.Table{{View: orders}, {View: customers}},
		Build: strategy.Build{SQL: []string{"CREATE OR REPLACE TABLE {{green}} AS SELECT * FROM {{blue}}"}}}
	rowCount := validate.Checks{validate.RowCount{MaxRelDiff: 0.01}}
	tests := []struct {
		name         string
		recreate     strategy.Recreate
		wantSteps    []string
		wantSnapshot string
	}{
		{
			name:         "zero value: no checks, no window",
			wantSteps:    []string{"checkpoint:checkpoint", "snapshot:snapshot", "replace:build", "commit:commit", "cleanup:cleanup"},
			wantSnapshot: "`production_snapshot`.`sales`.`orders__r7`",
		},
		{
			name: "everything, snapshots beside the schema",
			recreate: strategy.Recreate{Place: strategy.PlaceSchema, Suffix: "_before",
				Analysis: &strategy.Analysis{Checks: rowCount}, Monitor: &strategy.Monitor{}},
			wantSteps: []string{"checkpoint:checkpoint", "snapshot:snapshot", "replace:build", "validate:analysis",
				"monitor:monitor", "commit:commit", "cleanup:cleanup"},
			wantSnapshot: "`production`.`sales_before`.`orders__r7`",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := tc.recreate.Plan(rel)
			require.NoError(t, err)
			assert.Equal(t, "recreate", p.Strategy)
			assert.Equal(t, tc.wantSteps, names(p))
			for i, u := range p.Units {
				assert.True(t, u.InPlace)
				assert.Equal(t, rel.Tables[i].View, u.View)
				assert.Equal(t, u.View, u.Green, "a table replaced in place is its own green")
			}
			assert.Equal(t, tc.wantSnapshot, p.Units[0].Snapshot.Quoted())
			b, err := json.Marshal(p)
			require.NoError(t, err)
			var back strategy.Plan
			require.NoError(t, json.Unmarshal(b, &back))
			assert.Equal(t, p, back, "plans round-trip through JSON")
		})
	}
	_, err := strategy.Recreate{Place: "elsewhere", Monitor: &strategy.Monitor{Interval: 2 * minute, Duration: minute}}.Plan(rel)
	assert.ErrorIs(t, err, strategy.ErrInvalid)
	assert.ErrorContains(t, err, `unknown placement "elsewhere"`)
	assert.ErrorContains(t, err, "interval <= duration")
}

func TestPlanValidateInPlace(t *testing.T) {
	good, err := strategy.Recreate{}.Plan(strategy.Release{ID: "r7", Tables: []strategy.Table{{View: orders}, {View: customers}},
		Build: copySQL})
	require.NoError(t, err)
	snapshotOf := func(n catalog.Name) catalog.Name {
		return catalog.MustName("production_snapshot", "sales", n.Last()+"__r7")
	}
	tests := []struct {
		name   string
		change func(p *strategy.Plan)
		want   string
	}{
		{"green is not the table", func(p *strategy.Plan) { p.Units[0].Green = catalog.MustName("production", "sales", "x") },
			"green production.sales.x is not its table"},
		{"no snapshot", func(p *strategy.Plan) { p.Units[0].Snapshot = catalog.Name{} }, `snapshot "" is not catalog.schema.table`},
		{"snapshot on a switched unit", func(p *strategy.Plan) { p.Units[0].InPlace = false; p.Units[0].Green = snapshotOf(orders) },
			"a snapshot on a unit not replaced in place"},
		{"snapshot is another unit's table", func(p *strategy.Plan) { p.Units[0].Snapshot = customers }, "is unit 1's table"},
		{"two units share a snapshot", func(p *strategy.Plan) { p.Units[1].Snapshot = p.Units[0].Snapshot }, "is also unit 0's"},
		{"a modified table replaced in place", func(p *strategy.Plan) { p.Modifies = []catalog.Name{orders} }, "replaced in place"},
		{"build before the snapshot", func(p *strategy.Plan) { p.Steps[1], p.Steps[2] = p.Steps[2], p.Steps[1] },
			"replaced in place before a snapshot step"},
		{"switch of a table replaced in place", func(p *strategy.Plan) {
			p.Steps = append(p.Steps[:3:3], append([]strategy.Step{{Name: "switch", Kind: strategy.KindSwitch}}, p.Steps[3:]...)...)
		}, "has no view to switch"},
		{"snapshot of a switched unit", func(p *strategy.Plan) {
			p.Units[0].InPlace, p.Units[0].Snapshot = false, catalog.Name{}
			p.Units[0].Green = snapshotOf(orders)
		}, "unit 0 is not replaced in place"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(good)
			require.NoError(t, err)
			var p strategy.Plan
			require.NoError(t, json.Unmarshal(b, &p))
			tc.change(&p)
			err = p.Validate()
			assert.ErrorIs(t, err, strategy.ErrInvalid)
			assert.ErrorContains(t, err, tc.want)
		})
	}
}

func TestRecreateSuccess(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := seedTables(t, &databrickstest.Options{Latency: 20 * time.Millisecond}, 20, "orders", "customers")
		ctx := context.Background()
		grantsBefore := make([][]catalog.Grant, len(e.tables))
		for i, tbl := range e.tables {
			g, err := e.cat.Grants(ctx, catalog.Securable{Type: catalog.ObjectTable, Name: tbl})
			require.NoError(t, err)
			grantsBefore[i] = g
		}
		p := plan(t, strategy.Recreate{Analysis: gate(), Monitor: monitor()}, e.migration("r2", "TRUE"))
		eng := strategy.New(e.db, nil)
		var (
			rep *strategy.Report
			err error
		)
		done := make(chan struct{})
		go func() {
			defer close(done)
			rep, err = eng.Run(ctx, p)
		}()
		// In the monitor window: consumers read the new tables, the
		// snapshots hold the old ones.
		time.Sleep(10 * time.Minute)
		synctest.Wait()
		for i, u := range p.Units {
			assert.Equal(t, []string{"id bigint", "amount decimal(10,2)", "currency string"}, e.columns(t, u.View))
			assert.Equal(t, []string{"id bigint", "amount double"}, e.columns(t, u.Snapshot), "snapshot of %s", u.View)
			assert.Equal(t, "CREATE OR REPLACE TABLE AS SELECT", e.latest(t, e.tables[i]).Operation)
		}
		<-done
		require.NoError(t, err)
		assert.Equal(t, strategy.StatusSucceeded, rep.Status)
		for i, u := range p.Units {
			assert.False(t, e.exists(t, u.Snapshot), "snapshot %s dropped", u.Snapshot)
			assert.Equal(t, []string{"id bigint", "amount decimal(10,2)", "currency string"}, e.columns(t, u.View))
			n, err := e.readAs(t, reader, u.View)
			require.NoError(t, err, "CREATE OR REPLACE keeps the grants")
			assert.Equal(t, int64(20), n)
			g, err := e.cat.Grants(ctx, catalog.Securable{Type: catalog.ObjectTable, Name: u.View})
			require.NoError(t, err)
			assert.ElementsMatch(t, grantsBefore[i], g)
			require.NotNil(t, rep.Units[i].Version)
			assert.Equal(t, e.versions[i], *rep.Units[i].Version)
			assert.Equal(t, u.Snapshot.String(), rep.Units[i].Blue)
		}
		// One validation and 7 measurements, all green.
		require.Len(t, rep.Analyses, 8)
		for _, a := range rep.Analyses {
			assert.Equal(t, validate.Pass, a.Verdict)
		}
		assert.Contains(t, rep.String(), fmt.Sprintf("production.sales.orders@v%d", e.versions[0]))
		assert.Empty(t, e.statements("DROP TABLE IF EXISTS `production`"), "the tables themselves are never dropped")
	})
}

func TestRecreateValidationFailureRestoresEveryTable(t *testing.T) {
	e := seedTables(t, nil, 20, "orders", "customers", "products")
	ctx := context.Background()
	// The migration loses half the rows of every table.
	p := plan(t, strategy.Recreate{Analysis: gate()}, e.migration("r2", "id <= 10"))
	eng := strategy.New(e.db, nil)
	rep, err := eng.Run(ctx, p)
	require.ErrorIs(t, err, strategy.ErrAborted)
	var de *strategy.DeployError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "validate", de.Step)
	assert.True(t, de.RolledBack)
	assert.Equal(t, strategy.StatusRolledBack, rep.Status)
	e.assertRestored(t, 20, true, true, true)
	for _, u := range p.Units {
		assert.False(t, e.exists(t, u.Snapshot), "snapshot %s dropped", u.Snapshot)
	}
	require.NotNil(t, rep.Rollback)
	assert.Equal(t, 3, rep.Rollback.Restored)
	assert.Equal(t, 3, rep.Rollback.Dropped, "the snapshots")
	assert.Equal(t, 0, rep.Rollback.Views)
	assert.Contains(t, rep.String(), "production.sales.orders row_count Fail: green has 50.00% fewer rows than blue")

	// The failed version stays in the history, for inspection.
	var n int64
	require.NoError(t, e.db.QueryRowContext(ctx, fmt.Sprintf("SELECT count(*) FROM %s VERSION AS OF %d",
		e.tables[0].Quoted(), e.versions[0]+1)).Scan(&n))
	assert.Equal(t, int64(10), n)

	// Rolling back again changes nothing.
	e.ws.ResetStatements()
	rep, err = eng.Resume(ctx, p, strategy.ResumeRollback)
	assert.ErrorIs(t, err, strategy.ErrConflict, "the deploy ended")
	assert.Nil(t, rep)
	assert.Empty(t, e.statements("RESTORE"))
}

func TestRecreateBuildFailureHalfwayRestoresAll(t *testing.T) {
	e := seedTables(t, nil, 10, "a", "b", "c", "d")
	ctx := context.Background()
	// One table at a time: a and b are replaced, c's replace fails, d is
	// never touched.
	remove, err := e.ws.InjectFault(databrickstest.Fault{Pattern: "^CREATE OR REPLACE TABLE `production`", Nth: 3})
	require.NoError(t, err)
	defer remove()
	p := plan(t, strategy.Recreate{Analysis: gate()}, e.migration("r2", "TRUE"))
	rep, err := strategy.New(e.db, &strategy.Options{Concurrency: 1}).Run(ctx, p)
	var de *strategy.DeployError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "replace", de.Step)
	var we *databrickstest.Error
	require.ErrorAs(t, err, &we, "the warehouse's error is reachable")
	assert.True(t, de.RolledBack)
	assert.Equal(t, strategy.StatusRolledBack, rep.Status)
	e.assertRestored(t, 10, true, true, false, false)
	assert.Equal(t, 2, rep.Rollback.Restored)
	assert.Len(t, e.statements("RESTORE"), 2, "only the tables that changed")
	for _, u := range p.Units {
		assert.False(t, e.exists(t, u.Snapshot))
	}
}

func TestRecreateMonitorFailureAndCancellation(t *testing.T) {
	for _, tc := range []struct {
		name  string
		step  string        // the step after whose start …
		after time.Duration // … this much later …
		// … the deploy is cancelled, or a late job breaks the first table.
		cancel bool
	}{
		{"monitor failure", "monitor", 12 * time.Minute, false},
		{"cancelled during the replace, after the first table", "replace", 75 * time.Millisecond, true},
		{"cancelled in the monitor window", "monitor", 10 * time.Minute, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				e := seedTables(t, &databrickstest.Options{Latency: 50 * time.Millisecond}, 10, "orders", "customers")
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				p := plan(t, strategy.Recreate{Analysis: gate(), Monitor: monitor()}, e.migration("r2", "TRUE"))
				late := func() {
					time.Sleep(tc.after)
					if tc.cancel {
						cancel()
						return
					}
					// The measurement after the job sees it.
					_, err := e.db.ExecContext(context.Background(), "DELETE FROM "+e.tables[0].Quoted()+" WHERE id > 5")
					assert.NoError(t, err)
				}
				eng := strategy.New(e.db, &strategy.Options{Concurrency: 1, OnEvent: func(ev strategy.Event) {
					if ev.Type == strategy.EventStepStarted && ev.Step == tc.step {
						go late()
					}
				}})
				rep, err := eng.Run(ctx, p)
				var de *strategy.DeployError
				require.ErrorAs(t, err, &de)
				assert.True(t, de.RolledBack)
				assert.NoError(t, de.RollbackErr)
				assert.Equal(t, tc.step, de.Step)
				if tc.cancel {
					assert.ErrorIs(t, err, context.Canceled)
				} else {
					assert.ErrorIs(t, err, strategy.ErrAborted)
				}
				assert.Equal(t, strategy.StatusRolledBack, rep.Status)
				want := []bool{true, true}
				if tc.step == "replace" {
					want = []bool{true, false} // the second replace never ran
				}
				e.assertRestored(t, 10, want...)
				for _, u := range p.Units {
					assert.False(t, e.exists(t, u.Snapshot))
				}
			})
		})
	}
}

func TestRecreateResume(t *testing.T) {
	for _, tc := range []struct {
		name     string
		crash    func(strategy.Record) bool
		policy   strategy.ResumePolicy
		migrated bool // the tables end replaced
	}{
		{
			name:     "killed after the replace, continued",
			crash:    func(r strategy.Record) bool { return r.Type == strategy.RecordStepFinished && r.Step == "replace" },
			migrated: true,
		},
		{
			name:   "killed after the replace, rolled back",
			crash:  func(r strategy.Record) bool { return r.Type == strategy.RecordStepFinished && r.Step == "replace" },
			policy: strategy.ResumeRollback,
		},
		{
			name:     "killed after the snapshot, continued",
			crash:    func(r strategy.Record) bool { return r.Type == strategy.RecordStepStarted && r.Step == "replace" },
			migrated: true,
		},
		{
			name:   "killed while rolling back, finished by the new process",
			crash:  func(r strategy.Record) bool { return r.Type == strategy.RecordRollbackFinished },
			policy: strategy.ResumeContinue,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := seedTables(t, nil, 10, "orders", "customers")
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "journal.jsonl")
			keep := "TRUE"
			if !tc.migrated && tc.policy == strategy.ResumeContinue {
				keep = "id <= 5" // the validation fails and the process dies rolling back
			}
			re := strategy.Recreate{Analysis: gate()}

			j1, err := strategy.OpenFileJournal(path)
			require.NoError(t, err)
			dying := &crashingJournal{Journal: j1, crash: tc.crash}
			_, err = strategy.New(e.db, &strategy.Options{Journal: dying}).Run(ctx, plan(t, re, e.migration("r2", keep)))
			require.ErrorIs(t, err, errCrashed)
			require.NoError(t, j1.Close())

			// A new process plans the same release and resumes from the
			// journal, which holds the checkpointed versions.
			j2, err := strategy.OpenFileJournal(path)
			require.NoError(t, err)
			defer j2.Close()
			eng := strategy.New(e.db, &strategy.Options{Journal: j2})
			p := plan(t, re, e.migration("r2", keep))
			rep, err := eng.Resume(ctx, p, tc.policy)
			if tc.migrated {
				require.NoError(t, err)
				assert.Equal(t, strategy.StatusSucceeded, rep.Status)
				for i, tbl := range e.tables {
					assert.Equal(t, []string{"id bigint", "amount decimal(10,2)", "currency string"}, e.columns(t, tbl))
					if tc.name == "killed after the replace, continued" {
						h, err := e.cat.History(ctx, tbl, 2)
						require.NoError(t, err)
						assert.Equal(t, "RESTORE", h[1].Operation, "the interrupted replace was undone before the new one")
					}
					require.NotNil(t, rep.Units[i].Version, "the version comes from the journaled checkpoint")
					assert.Equal(t, e.versions[i], *rep.Units[i].Version)
					assert.False(t, e.exists(t, p.Units[i].Snapshot))
				}
				return
			}
			var de *strategy.DeployError
			require.ErrorAs(t, err, &de)
			assert.True(t, de.RolledBack)
			assert.Equal(t, strategy.StatusRolledBack, rep.Status)
			e.assertRestored(t, 10, true, true)
			for _, u := range p.Units {
				assert.False(t, e.exists(t, u.Snapshot))
			}
		})
	}
}

func TestRecreateFirstDeploy(t *testing.T) {
	for _, tc := range []struct {
		name string
		keep string
		ok   bool
	}{
		{"created", "TRUE", true},
		{"created, failed and dropped", "id <= 5", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := seedTables(t, nil, 10, "orders")
			ctx := context.Background()
			fresh := catalog.MustName("production", "sales", "fresh")
			r := strategy.Release{ID: "r1", Tables: []strategy.Table{
				{View: e.tables[0]},
				// A new table: nothing to compare with, so its own check.
				{View: fresh, Build: &strategy.Build{SQL: []string{"CREATE TABLE {{green}} AS SELECT * FROM " + e.tables[0].Quoted() + " WHERE " + tc.keep}},
					Checks: validate.Checks{validate.Assertion{Policy: validate.Policy{Name: "ten_rows"},
						SQL: "SELECT count(*) AS n FROM {{green}} HAVING count(*) <> 10"}}},
			}, Build: e.migration("r1", "TRUE").Build}
			p := plan(t, strategy.Recreate{Analysis: &strategy.Analysis{Checks: validate.Checks{validate.Unique{Columns: []string{"id"}}}}}, r)
			rep, err := strategy.New(e.db, nil).Run(ctx, p)
			assert.Nil(t, rep.Units[1].Version, "the table did not exist")
			assert.Empty(t, rep.Units[1].Blue)
			if tc.ok {
				require.NoError(t, err)
				assert.True(t, e.exists(t, fresh))
				return
			}
			require.ErrorIs(t, err, strategy.ErrAborted)
			assert.False(t, e.exists(t, fresh), "the table the release created is dropped")
			e.assertRestored(t, 10, true)
			assert.Equal(t, 1, rep.Rollback.Restored)
			assert.Equal(t, 2, rep.Rollback.Dropped, "the new table and the snapshot")
		})
	}
}

func TestRecreateRefusesBeforeAnyChange(t *testing.T) {
	e := seedTables(t, nil, 5, "orders")
	ctx := context.Background()
	_, err := e.db.ExecContext(ctx, "ALTER TABLE "+e.tables[0].Quoted()+
		" SET TBLPROPERTIES ('delta.deletedFileRetentionDuration' = 'interval 10 minutes')")
	require.NoError(t, err)
	_, err = e.db.ExecContext(ctx, "CREATE VIEW production.sales.orders_view AS SELECT * FROM "+e.tables[0].Quoted())
	require.NoError(t, err)
	e.ws.ResetStatements()

	tests := []struct {
		name    string
		tables  []catalog.Name
		monitor *strategy.Monitor
		wantErr error
	}{
		{"retention shorter than the monitor window", e.tables, monitor(), rollback.ErrRetention},
		{"a view is no table to replace", []catalog.Name{catalog.MustName("production", "sales", "orders_view")}, nil, strategy.ErrInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e.ws.ResetStatements()
			r := strategy.Release{ID: "r2", Build: e.migration("r2", "TRUE").Build}
			for _, tbl := range tc.tables {
				r.Tables = append(r.Tables, strategy.Table{View: tbl})
			}
			rep, err := strategy.New(e.db, nil).Run(ctx, plan(t, strategy.Recreate{Monitor: tc.monitor}, r))
			require.ErrorIs(t, err, tc.wantErr)
			var de *strategy.DeployError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, "checkpoint", de.Step)
			assert.Equal(t, strategy.StatusRolledBack, rep.Status)
			for _, s := range e.ws.Statements() {
				assert.Regexp(t, "^(SHOW TBLPROPERTIES|DESCRIBE HISTORY) ", s.Text, "only reads")
			}
		})
	}
}

func TestRecreateDryRun(t *testing.T) {
	e := seedTables(t, nil, 5, "orders")
	p := plan(t, strategy.Recreate{Analysis: gate(), Monitor: monitor()}, e.migration("r2", "TRUE"))
	st, err := strategy.New(e.db, nil).DryRun(context.Background(), p)
	require.NoError(t, err)
	assert.Empty(t, e.ws.Statements(), "a dry run sends nothing")
	type line struct{ step, sql string }
	var got []line
	for _, s := range st {
		got = append(got, line{s.Step, s.SQL})
	}
	assert.Equal(t, []line{
		{"checkpoint", "SHOW TBLPROPERTIES `production`.`sales`.`orders`"},
		{"checkpoint", "DESCRIBE HISTORY `production`.`sales`.`orders` LIMIT 1"},
		{"snapshot", "SHOW SCHEMAS IN `production_snapshot`"},
		{"snapshot", "SELECT 1 FROM `production_snapshot`.`information_schema`.`schemata` WHERE schema_name = lower(?) LIMIT 1"},
		{"snapshot", "CREATE CATALOG IF NOT EXISTS `production_snapshot`"},
		{"snapshot", "CREATE SCHEMA IF NOT EXISTS `production_snapshot`.`sales`"},
		{"snapshot", "CREATE OR REPLACE TABLE `production_snapshot`.`sales`.`orders__r2` SHALLOW CLONE `production`.`sales`.`orders` VERSION AS OF <checkpointed version>"},
		{"replace", "CREATE OR REPLACE TABLE `production`.`sales`.`orders` AS SELECT id, CAST(amount AS DECIMAL(10,2)) AS amount, 'EUR' AS currency FROM `production_snapshot`.`sales`.`orders__r2` WHERE TRUE"},
		{"validate", got[8].sql},
		{"monitor", got[9].sql},
		{"cleanup", "DROP TABLE IF EXISTS `production_snapshot`.`sales`.`orders__r2`"},
	}, got)
	assert.Contains(t, got[8].sql, "FROM `production_snapshot`.`sales`.`orders__r2`) AS b", "the new table is compared with the snapshot")
	assert.Equal(t, "every 5m0s for 30m0s", st[9].Note)
}
