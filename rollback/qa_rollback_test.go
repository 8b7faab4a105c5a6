package rollback_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/databrickstest"
	"github.com/ucdeploy/ucdeploy/rollback"
)

// qaKnownBug marks a scenario that fails because the library differs from
// its documentation; it runs (and fails) only with QA_STRICT=1.
func qaKnownBug(t *testing.T, reason string) {
	t.Helper()
	if os.Getenv("QA_STRICT") != "1" {
		t.Skip("known bug: " + reason)
	}
}

// qaExec runs statements as the admin, failing the test on error.
func qaExec(t *testing.T, ws *databrickstest.Workspace, stmts ...string) {
	t.Helper()
	for _, q := range stmts {
		_, err := ws.DB().Exec(q)
		require.NoError(t, err, q)
	}
}

// qaCount counts the statements logged whose text contains sub.
func qaCount(ws *databrickstest.Workspace, sub string) int {
	n := 0
	for _, s := range ws.Statements() {
		if strings.Contains(s.Text, sub) {
			n++
		}
	}
	return n
}

func qaScalar(t *testing.T, ws *databrickstest.Workspace, q string) string {
	t.Helper()
	var s string
	require.NoError(t, ws.DB().QueryRow(q).Scan(&s), q)
	return s
}

// Issue 5, Deliver 1: "checkpoints that round-trip through JSON, so another
// process can roll back"; "All are idempotent: a second rollback of the same
// checkpoint changes nothing." Tables have decimal, timestamp and NULL-only
// columns, and one is empty.
func TestQADeltaRestoreJSONAnotherProcessIdempotent(t *testing.T) {
	ws := databrickstest.New(nil)
	defer ws.Close()
	ctx := context.Background()
	qaExec(t, ws,
		"CREATE SCHEMA main.qa",
		"CREATE TABLE main.qa.orders (id BIGINT, amount DECIMAL(12,2), at TIMESTAMP, note STRING)",
		"INSERT INTO main.qa.orders VALUES (1, 10.25, TIMESTAMP'2024-01-01 10:00:00', NULL), (2, 20.50, TIMESTAMP'2024-01-02 10:00:00', NULL)",
		"CREATE TABLE main.qa.empty (id BIGINT)",
	)
	tables := []catalog.Name{catalog.MustName("main", "qa", "orders"), catalog.MustName("main", "qa", "empty")}
	cp, err := rollback.NewDeltaRestore(catalog.New(ws.DB(), nil), tables, &rollback.DeltaRestoreOptions{Window: time.Hour}).Checkpoint(ctx)
	require.NoError(t, err)
	require.Equal(t, rollback.KindDeltaRestore, cp.Kind)
	require.Len(t, cp.Tables, 2)

	blob, err := json.Marshal(cp)
	require.NoError(t, err)

	// The deploy changes both tables.
	qaExec(t, ws,
		"UPDATE main.qa.orders SET amount = amount * 100",
		"INSERT INTO main.qa.empty VALUES (1), (2)",
	)

	// Another process: a fresh pool and a DeltaRestore made with no tables.
	var back rollback.Checkpoint
	require.NoError(t, json.Unmarshal(blob, &back))
	var changes []rollback.Change
	other := rollback.NewDeltaRestore(catalog.New(ws.DB(), nil), nil, &rollback.DeltaRestoreOptions{
		OnChange: func(c rollback.Change) { changes = append(changes, c) },
	})
	require.NoError(t, other.Rollback(ctx, back))
	assert.Len(t, changes, 2)
	assert.Equal(t, "30.75", qaScalar(t, ws, "SELECT CAST(sum(amount) AS STRING) FROM main.qa.orders"))
	assert.Equal(t, "0", qaScalar(t, ws, "SELECT CAST(count(*) AS STRING) FROM main.qa.empty"))

	// A second rollback sends no RESTORE and reports no change.
	restores := qaCount(ws, "RESTORE")
	changes = nil
	require.NoError(t, other.Rollback(ctx, back))
	assert.Equal(t, restores, qaCount(ws, "RESTORE"), "second rollback must send no RESTORE")
	assert.Empty(t, changes)
}

// Issue 5 "How it will be checked" (hostile names): names with backticks,
// quotes, dots, spaces and unicode are quoted, never break a statement.
func TestQAHostileNames(t *testing.T) {
	ws := databrickstest.New(nil)
	defer ws.Close()
	ctx := context.Background()
	cat := catalog.MustName("cat`x")
	// Unity Catalog refuses spaces and dots in names; everything else goes.
	sch := catalog.MustName("cat`x", "sch-'ëmoji☃'")
	tbl := catalog.MustName("cat`x", "sch-'ëmoji☃'", "ta`b\"le;--DROP")
	view := catalog.MustName("cat`x", "sch-'ëmoji☃'", "v`iew-ü")
	qaExec(t, ws,
		"CREATE CATALOG "+cat.Quoted(),
		"CREATE SCHEMA "+sch.Quoted(),
		"CREATE TABLE "+tbl.Quoted()+" (id BIGINT)",
		"INSERT INTO "+tbl.Quoted()+" VALUES (1)",
		"CREATE VIEW "+view.Quoted()+" AS SELECT id FROM "+tbl.Quoted()+" WHERE id > 0",
	)
	c := catalog.New(ws.DB(), nil)
	comp := rollback.NewComposite(
		rollback.NewDeltaRestore(c, []catalog.Name{tbl}, nil),
		rollback.NewViewSwitch(c, []catalog.Name{view}, nil),
	)
	cp, err := comp.Checkpoint(ctx)
	require.NoError(t, err)
	blob, err := json.Marshal(cp)
	require.NoError(t, err)
	var back rollback.Checkpoint
	require.NoError(t, json.Unmarshal(blob, &back))
	require.Len(t, back.Parts, 2)
	assert.True(t, back.Parts[0].Tables[0].Table.Equal(tbl), "name survives JSON: %v", back.Parts[0].Tables[0].Table)
	assert.True(t, back.Parts[1].Views[0].View.Equal(view), "name survives JSON: %v", back.Parts[1].Views[0].View)

	qaExec(t, ws,
		"INSERT INTO "+tbl.Quoted()+" VALUES (2), (3)",
		"ALTER VIEW "+view.Quoted()+" AS SELECT id * 10 AS id FROM "+tbl.Quoted(),
	)
	require.NoError(t, comp.Rollback(ctx, back))
	assert.Equal(t, "1", qaScalar(t, ws, "SELECT CAST(sum(id) AS STRING) FROM "+view.Quoted()))
	def, err := c.ViewDefinition(ctx, view)
	require.NoError(t, err)
	assert.Equal(t, back.Parts[1].Views[0].Definition, def)
}

// Issue 5, Deliver 1: ViewSwitch "rollback switches them back with ALTER VIEW
// … AS" (grants intact); a view whose text is not SELECT * comes back exactly.
func TestQAViewSwitchNonStarViewKeepsGrants(t *testing.T) {
	ws := databrickstest.New(nil)
	defer ws.Close()
	ctx := context.Background()
	qaExec(t, ws,
		"CREATE SCHEMA main.qa",
		"CREATE TABLE main.qa.t1 (id BIGINT, amount DECIMAL(10,2))",
		"INSERT INTO main.qa.t1 VALUES (1, 1.50), (2, 2.50), (3, NULL)",
		"CREATE TABLE main.qa.t2 (id BIGINT, amount DECIMAL(10,2))",
		"CREATE VIEW main.qa.v AS SELECT id, amount * 2 AS doubled FROM main.qa.t1 WHERE amount IS NOT NULL",
		"GRANT USE CATALOG ON CATALOG main TO `reader@x`",
		"GRANT USE SCHEMA ON SCHEMA main.qa TO `reader@x`",
		"GRANT SELECT ON VIEW main.qa.v TO `reader@x`",
	)
	c := catalog.New(ws.DB(), nil)
	v := catalog.MustName("main", "qa", "v")
	vs := rollback.NewViewSwitch(c, []catalog.Name{v}, nil)
	cp, err := vs.Checkpoint(ctx)
	require.NoError(t, err)
	before, err := c.ViewDefinition(ctx, v)
	require.NoError(t, err)

	require.NoError(t, c.Switch(ctx, v, catalog.MustName("main", "qa", "t2")))
	require.NoError(t, vs.Rollback(ctx, cp))
	after, err := c.ViewDefinition(ctx, v)
	require.NoError(t, err)
	assert.Equal(t, before, after)

	var n int
	require.NoError(t, ws.DBAs("reader@x").QueryRow("SELECT count(*) FROM main.qa.v").Scan(&n), "grants kept")
	assert.Equal(t, 2, n)

	alters := qaCount(ws, "ALTER VIEW")
	require.NoError(t, vs.Rollback(ctx, cp))
	assert.Equal(t, alters, qaCount(ws, "ALTER VIEW"), "second rollback sends no ALTER VIEW")
}

// Issue 5, Deliver 1: "Composite: rolls back in reverse order, attempts all,
// joins the errors."
func TestQACompositeReverseOrderAttemptsAll(t *testing.T) {
	ws := databrickstest.New(nil)
	defer ws.Close()
	ctx := context.Background()
	qaExec(t, ws,
		"CREATE SCHEMA main.qa",
		"CREATE TABLE main.qa.a (id BIGINT)",
		"CREATE TABLE main.qa.b (id BIGINT)",
		"CREATE VIEW main.qa.v AS SELECT * FROM main.qa.a",
	)
	c := catalog.New(ws.DB(), nil)
	a, b, v := catalog.MustName("main", "qa", "a"), catalog.MustName("main", "qa", "b"), catalog.MustName("main", "qa", "v")
	comp := rollback.NewComposite(
		rollback.NewDeltaRestore(c, []catalog.Name{a, b}, nil),
		rollback.NewViewSwitch(c, []catalog.Name{v}, nil),
	)
	cp, err := comp.Checkpoint(ctx)
	require.NoError(t, err)
	qaExec(t, ws,
		"INSERT INTO main.qa.a VALUES (1)",
		"INSERT INTO main.qa.b VALUES (1)",
		"ALTER VIEW main.qa.v AS SELECT * FROM main.qa.b",
	)
	remove, err := ws.InjectFault(databrickstest.Fault{Pattern: "RESTORE TABLE `main`.`qa`.`a`", Class: "PERMISSION_DENIED"})
	require.NoError(t, err)
	ws.ResetStatements()
	err = comp.Rollback(ctx, cp)
	remove()
	require.Error(t, err)

	var dbErr *databrickstest.Error
	assert.True(t, errors.As(err, &dbErr), "driver error reachable: %v", err)

	// The view (last part) was switched back before any RESTORE, and b was
	// restored although a failed.
	firstAlter, firstRestore := -1, -1
	for i, s := range ws.Statements() {
		if firstAlter < 0 && strings.HasPrefix(s.Text, "ALTER VIEW") {
			firstAlter = i
		}
		if firstRestore < 0 && strings.HasPrefix(s.Text, "RESTORE") {
			firstRestore = i
		}
	}
	require.GreaterOrEqual(t, firstAlter, 0)
	require.GreaterOrEqual(t, firstRestore, 0)
	assert.Less(t, firstAlter, firstRestore, "reverse order: views before tables")
	assert.Equal(t, "0", qaScalar(t, ws, "SELECT CAST(count(*) AS STRING) FROM main.qa.b"))
	def, err := c.ViewDefinition(ctx, v)
	require.NoError(t, err)
	assert.Contains(t, def, "main.qa.a")

	// The retry finishes the job; the third changes nothing.
	require.NoError(t, comp.Rollback(ctx, cp))
	assert.Equal(t, "0", qaScalar(t, ws, "SELECT CAST(count(*) AS STRING) FROM main.qa.a"))
	n := qaCount(ws, "RESTORE") + qaCount(ws, "ALTER VIEW")
	require.NoError(t, comp.Rollback(ctx, cp))
	assert.Equal(t, n, qaCount(ws, "RESTORE")+qaCount(ws, "ALTER VIEW"))
}

// Issue 5, Deliver 1: "A retention guard refuses to checkpoint when a table's
// retention is shorter than the deploy's observation window."
func TestQARetentionGuard(t *testing.T) {
	ws := databrickstest.New(nil)
	defer ws.Close()
	ctx := context.Background()
	qaExec(t, ws,
		"CREATE SCHEMA main.qa",
		"CREATE TABLE main.qa.short (id BIGINT) TBLPROPERTIES ('delta.deletedFileRetentionDuration' = 'interval 10 minutes')",
		"CREATE TABLE main.qa.logshort (id BIGINT) TBLPROPERTIES ('delta.logRetentionDuration' = 'interval 1 hours')",
		"CREATE TABLE main.qa.ok (id BIGINT)",
	)
	c := catalog.New(ws.DB(), nil)
	all := []catalog.Name{catalog.MustName("main", "qa", "short"), catalog.MustName("main", "qa", "logshort"), catalog.MustName("main", "qa", "ok")}
	for _, tc := range []struct {
		window  time.Duration
		refused []string
	}{
		{0, nil},
		{5 * time.Minute, nil},
		{30 * time.Minute, []string{"short"}},
		{2 * time.Hour, []string{"short", "logshort"}},
		{8 * 24 * time.Hour, []string{"short", "logshort", "ok"}}, // default deletedFileRetention is 7 days
	} {
		t.Run(tc.window.String(), func(t *testing.T) {
			_, err := rollback.NewDeltaRestore(c, all, &rollback.DeltaRestoreOptions{Window: tc.window, Concurrency: 3}).Checkpoint(ctx)
			if tc.refused == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, rollback.ErrRetention)
			for _, name := range tc.refused {
				assert.Contains(t, err.Error(), "main.qa."+name+":", "every refused table reported")
			}
		})
	}
}

// Issue 5, Deliver 1 and package doc "report every problem at once, wrapping
// ErrInvalid", "before sending any statement".
func TestQAInvalidInputReportsEveryProblemBeforeSending(t *testing.T) {
	ws := databrickstest.New(nil)
	defer ws.Close()
	ctx := context.Background()
	c := catalog.New(ws.DB(), nil)
	a := catalog.MustName("main", "default", "a")
	_, err := rollback.NewDeltaRestore(c, []catalog.Name{catalog.MustName("main", "default"), a, a}, nil).Checkpoint(ctx)
	require.ErrorIs(t, err, rollback.ErrInvalid)
	assert.GreaterOrEqual(t, qaLeaves(err), 2, "bad name and duplicate: %v", err)
	assert.Empty(t, ws.Statements(), "nothing sent")

	err = rollback.NewDeltaRestore(c, nil, nil).Rollback(ctx, rollback.Checkpoint{
		Kind: rollback.KindDeltaRestore,
		Tables: []rollback.TableVersion{
			{Table: a, Version: -1},
			{Table: catalog.MustName("main"), Version: 1},
			{Table: catalog.MustName("main", "default", "b"), Version: 3, Absent: true},
		},
	})
	require.ErrorIs(t, err, rollback.ErrInvalid)
	assert.GreaterOrEqual(t, qaLeaves(err), 3, "%v", err)

	err = rollback.NewViewSwitch(c, nil, nil).Rollback(ctx, rollback.Checkpoint{Kind: rollback.KindDeltaRestore})
	require.ErrorIs(t, err, rollback.ErrInvalid)
	err = rollback.NewComposite(nil).Rollback(ctx, rollback.Checkpoint{Kind: rollback.KindComposite, Parts: []rollback.Checkpoint{{}}})
	require.ErrorIs(t, err, rollback.ErrInvalid)
	_, err = rollback.NewComposite(nil).Checkpoint(ctx)
	require.ErrorIs(t, err, rollback.ErrInvalid)
	assert.Empty(t, ws.Statements(), "nothing sent")
}

// Package doc: "Checkpoint and Rollback check their input before sending any
// statement and report every problem at once" — a negative Window too.
func TestQAInvalidWindowReportedWithTheOtherProblems(t *testing.T) {
	ws := databrickstest.New(nil)
	defer ws.Close()
	c := catalog.New(ws.DB(), nil)
	a := catalog.MustName("main", "default", "a")
	_, err := rollback.NewDeltaRestore(c, []catalog.Name{catalog.MustName("main", "default"), a, a}, &rollback.DeltaRestoreOptions{Window: -time.Second}).Checkpoint(context.Background())
	require.ErrorIs(t, err, rollback.ErrInvalid)
	assert.Empty(t, ws.Statements(), "nothing sent")
	if qaLeaves(err) < 3 {
		qaKnownBug(t, "a negative Window hides the other problems of the list: "+err.Error())
	}
	assert.GreaterOrEqual(t, qaLeaves(err), 3, "bad name, duplicate and negative window: %v", err)
}

// qaLeaves counts the leaf errors of a joined error tree.
func qaLeaves(err error) int {
	switch e := err.(type) {
	case interface{ Unwrap() []error }:
		n := 0
		for _, x := range e.Unwrap() {
			n += qaLeaves(x)
		}
		return n
	default:
		return 1
	}
}

// Issue 5, Deliver 1 (ErrDiverged per the package doc): a table dropped and
// created again no longer descends from its checkpoint.
func TestQADiverged(t *testing.T) {
	ws := databrickstest.New(nil)
	defer ws.Close()
	ctx := context.Background()
	qaExec(t, ws,
		"CREATE SCHEMA main.qa",
		"CREATE TABLE main.qa.t (id BIGINT)",
		"INSERT INTO main.qa.t VALUES (1)",
		"INSERT INTO main.qa.t VALUES (2)",
	)
	c := catalog.New(ws.DB(), nil)
	d := rollback.NewDeltaRestore(c, []catalog.Name{catalog.MustName("main", "qa", "t")}, nil)
	cp, err := d.Checkpoint(ctx)
	require.NoError(t, err)
	require.Equal(t, int64(2), cp.Tables[0].Version)
	qaExec(t, ws, "DROP TABLE main.qa.t", "CREATE TABLE main.qa.t (id BIGINT)")
	err = d.Rollback(ctx, cp)
	require.ErrorIs(t, err, rollback.ErrDiverged)
	assert.NotContains(t, err.Error(), "%!")
}

// Issue 5, Deliver 1, at scale: 50 tables and 50 views checkpointed and rolled
// back with Concurrency 8; only the changed ones are touched.
func TestQAFiftyObjectsConcurrent(t *testing.T) {
	ws := databrickstest.New(nil)
	defer ws.Close()
	ctx := context.Background()
	qaExec(t, ws, "CREATE SCHEMA main.qa", "CREATE SCHEMA main.qb", "CREATE TABLE main.qa.other (id BIGINT)")
	var tables, views []catalog.Name
	for i := range 50 {
		sch := "qa"
		if i%2 == 1 {
			sch = "qb"
		}
		tn := catalog.MustName("main", sch, fmt.Sprintf("t%02d", i))
		vn := catalog.MustName("main", sch, fmt.Sprintf("v%02d", i))
		qaExec(t, ws,
			"CREATE TABLE "+tn.Quoted()+" (id BIGINT)",
			"CREATE VIEW "+vn.Quoted()+" AS SELECT * FROM "+tn.Quoted(),
		)
		tables, views = append(tables, tn), append(views, vn)
	}
	c := catalog.New(ws.DB(), nil)
	comp := rollback.NewComposite(
		rollback.NewDeltaRestore(c, tables, &rollback.DeltaRestoreOptions{Concurrency: 8, Window: time.Hour}),
		rollback.NewViewSwitch(c, views, &rollback.ViewSwitchOptions{Concurrency: 8}),
	)
	cp, err := comp.Checkpoint(ctx)
	require.NoError(t, err)
	require.Len(t, cp.Parts[0].Tables, 50)
	require.Len(t, cp.Parts[1].Views, 50)
	for i := 0; i < 50; i += 5 {
		qaExec(t, ws,
			"INSERT INTO "+tables[i].Quoted()+" VALUES (1)",
			"ALTER VIEW "+views[i].Quoted()+" AS SELECT * FROM main.qa.other",
		)
	}
	ws.ResetStatements()
	require.NoError(t, comp.Rollback(ctx, cp))
	assert.Equal(t, 10, qaCount(ws, "RESTORE"))
	assert.Equal(t, 10, qaCount(ws, "ALTER VIEW"))
	var info []catalog.TableInfo
	info, err = c.Tables(ctx, catalog.MustName("main", "qa"))
	require.NoError(t, err)
	for _, ti := range info {
		if strings.HasPrefix(ti.Name.Last(), "v") {
			assert.NotContains(t, ti.ViewDefinition, "other", "%s switched back", ti.Name)
		}
	}
}

// Package doc: "Rollback uses the context it is given"; a cancelled context
// fails fast with context.Canceled and changes nothing.
func TestQARollbackCancelledContext(t *testing.T) {
	ws := databrickstest.New(nil)
	defer ws.Close()
	qaExec(t, ws, "CREATE SCHEMA main.qa", "CREATE TABLE main.qa.t (id BIGINT)")
	c := catalog.New(ws.DB(), nil)
	d := rollback.NewDeltaRestore(c, []catalog.Name{catalog.MustName("main", "qa", "t")}, nil)
	cp, err := d.Checkpoint(context.Background())
	require.NoError(t, err)
	qaExec(t, ws, "INSERT INTO main.qa.t VALUES (1)")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = d.Rollback(ctx, cp)
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, "1", qaScalar(t, ws, "SELECT CAST(count(*) AS STRING) FROM main.qa.t"))
}
