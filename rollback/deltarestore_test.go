package rollback_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/databrickstest"
	"github.com/ucdeploy/ucdeploy/rollback"
)

// restores returns the RESTORE statements the fake received, in order.
func restores(w *databrickstest.Workspace) []string {
	var out []string
	for _, s := range w.Statements() {
		if strings.HasPrefix(s.Text, "RESTORE") {
			out = append(out, s.Text)
		}
	}
	return out
}

// threeChanged creates the tables t1, t2, t3 with one row each, checkpoints
// them, and adds a row to each.
func threeChanged(t *testing.T, e *env, r *rollback.DeltaRestore) rollback.Checkpoint {
	t.Helper()
	for _, n := range []string{"t1", "t2", "t3"} {
		e.exec(t, "CREATE TABLE {s}."+n+" (id BIGINT)", "INSERT INTO {s}."+n+" VALUES (1)")
	}
	cp, err := r.Checkpoint(context.Background())
	require.NoError(t, err)
	for _, n := range []string{"t1", "t2", "t3"} {
		e.exec(t, "INSERT INTO {s}."+n+" VALUES (2)")
	}
	return cp
}

func TestDeltaRestoreFaultInOneRestore(t *testing.T) {
	ctx := context.Background()
	e := newFakeEnv(t)
	t1, t2, t3 := e.name("t1"), e.name("t2"), e.name("t3")
	r := rollback.NewDeltaRestore(catalog.New(e.db, nil), []catalog.Name{t1, t2, t3}, nil)
	cp := threeChanged(t, e, r)

	remove, err := e.fake.InjectFault(databrickstest.Fault{
		Pattern: "^" + regexp.QuoteMeta("RESTORE TABLE "+t2.Quoted()),
		Class:   "DELTA_CONCURRENT_APPEND",
	})
	require.NoError(t, err)
	e.fake.ResetStatements()
	err = r.Rollback(ctx, cp)
	require.Error(t, err)
	// The fake's error is reachable, and classified by catalog.
	var werr *databrickstest.Error
	require.ErrorAs(t, err, &werr)
	assert.Equal(t, "DELTA_CONCURRENT_APPEND", werr.ErrorClass())
	assert.Equal(t, "2D521", werr.SqlState())
	assert.ErrorIs(t, err, &databrickstest.Error{Class: "DELTA_CONCURRENT_APPEND"})
	assert.ErrorIs(t, err, catalog.ErrConflict)
	// Every table was attempted; the others were restored.
	assert.Len(t, restores(e.fake), 3)
	assert.Equal(t, []string{"1"}, e.rows(t, "SELECT id FROM {s}.t1"))
	assert.Equal(t, []string{"1", "2"}, e.rows(t, "SELECT id FROM {s}.t2 ORDER BY id"))
	assert.Equal(t, []string{"1"}, e.rows(t, "SELECT id FROM {s}.t3"))

	// A retry restores the one that failed, and only it.
	remove()
	e.fake.ResetStatements()
	require.NoError(t, r.Rollback(ctx, cp))
	assert.Equal(t, []string{"RESTORE TABLE " + t2.Quoted() + " TO VERSION AS OF 1"}, restores(e.fake))
	assert.Equal(t, []string{"1"}, e.rows(t, "SELECT id FROM {s}.t2"))
}

func TestDeltaRestoreFaultAfterCommit(t *testing.T) {
	// The RESTORE commits but the caller hears an error (a connection
	// dropped after the commit): the retry must not restore again.
	ctx := context.Background()
	e := newFakeEnv(t)
	t1, t2, t3 := e.name("t1"), e.name("t2"), e.name("t3")
	c := catalog.New(e.db, nil)
	r := rollback.NewDeltaRestore(c, []catalog.Name{t1, t2, t3}, nil)
	cp := threeChanged(t, e, r)

	remove, err := e.fake.InjectFault(databrickstest.Fault{Pattern: "^RESTORE", Nth: 2, After: true})
	require.NoError(t, err)
	defer remove()
	err = r.Rollback(ctx, cp)
	require.ErrorIs(t, err, &databrickstest.Error{Class: databrickstest.DefaultFaultClass})
	for _, n := range []string{"t1", "t2", "t3"} {
		assert.Equal(t, []string{"1"}, e.rows(t, "SELECT id FROM {s}."+n), n)
	}

	e.fake.ResetStatements()
	require.NoError(t, r.Rollback(ctx, cp))
	assert.Empty(t, restores(e.fake))
	assert.Equal(t, int64(3), latest(t, c, t2))
}

func TestDeltaRestoreConcurrency(t *testing.T) {
	ctx := context.Background()
	e := newFakeEnv(t)
	const n = 8
	tables := make([]catalog.Name, n)
	want := make([]rollback.TableVersion, n)
	for i := range tables {
		tables[i] = e.name(fmt.Sprintf("t%d", i))
		e.exec(t, "CREATE TABLE "+tables[i].Quoted()+" (id BIGINT)")
		// Table i is at version i, so a mixed-up order shows.
		for j := range i {
			e.exec(t, fmt.Sprintf("INSERT INTO %s VALUES (%d)", tables[i].Quoted(), j))
		}
		want[i] = rollback.TableVersion{Table: tables[i], Version: int64(i)}
	}
	r := rollback.NewDeltaRestore(catalog.New(e.db, nil), tables, &rollback.DeltaRestoreOptions{Concurrency: 3, Window: time.Hour})
	cp, err := r.Checkpoint(ctx)
	require.NoError(t, err)
	require.Equal(t, want, cp.Tables)
	for _, tbl := range tables {
		e.exec(t, "INSERT INTO "+tbl.Quoted()+" VALUES (100)")
	}
	e.fake.ResetStatements()
	require.NoError(t, r.Rollback(ctx, cp))
	assert.Len(t, restores(e.fake), n)
	for i, tbl := range tables {
		rows := e.rows(t, "SELECT count(*) FROM "+tbl.Quoted())
		assert.Equal(t, []string{fmt.Sprint(i)}, rows, tbl.String())
	}
}

func TestDeltaRestoreMonitorWindow(t *testing.T) {
	// A 30-minute window passes in a synctest bubble: the checkpoint's time
	// is the bubble's clock and the rollback works at the window's end.
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		w := databrickstest.New(&databrickstest.Options{Latency: 50 * time.Millisecond})
		defer w.Close()
		db := w.DB()
		ctx := context.Background()
		tbl := catalog.MustName("main", "default", "orders")
		for _, q := range []string{
			"CREATE TABLE main.default.orders (id BIGINT)",
			"INSERT INTO main.default.orders VALUES (1)",
		} {
			_, err := db.ExecContext(ctx, q)
			require.NoError(t, err)
		}
		r := rollback.NewDeltaRestore(catalog.New(db, nil), []catalog.Name{tbl}, &rollback.DeltaRestoreOptions{Window: 30 * time.Minute})
		before := time.Now()
		cp, err := r.Checkpoint(ctx)
		require.NoError(t, err)
		assert.Equal(t, before.UTC(), cp.Taken)
		assert.Equal(t, time.UTC, cp.Taken.Location())

		_, err = db.ExecContext(ctx, "INSERT INTO main.default.orders VALUES (2)")
		require.NoError(t, err)
		time.Sleep(30 * time.Minute)
		require.NoError(t, r.Rollback(ctx, cp))
		var n int64
		require.NoError(t, db.QueryRowContext(ctx, "SELECT count(*) FROM main.default.orders").Scan(&n))
		assert.Equal(t, int64(1), n)
		assert.GreaterOrEqual(t, time.Since(start), 30*time.Minute)
		require.NoError(t, w.Close())
	})
}

func TestDeltaRestoreCheckpointReadErrors(t *testing.T) {
	ctx := context.Background()
	e := newFakeEnv(t)
	e.exec(t,
		"CREATE TABLE {s}.t (id BIGINT)",
		"CREATE VIEW {s}.v AS SELECT * FROM "+e.name("t").Quoted(),
	)
	r := rollback.NewDeltaRestore(catalog.New(e.db, nil), []catalog.Name{e.name("missing"), e.name("t"), e.name("v")}, nil)
	cp, err := r.Checkpoint(ctx)
	require.ErrorIs(t, err, catalog.ErrNotFound)
	require.ErrorIs(t, err, catalog.ErrInvalid)
	assert.Equal(t, rollback.Checkpoint{}, cp)
}

func TestDeltaRestoreInvalid(t *testing.T) {
	ctx := context.Background()
	e := newFakeEnv(t)
	e.exec(t, "CREATE TABLE {s}.t (id BIGINT)")
	c := catalog.New(e.db, nil)
	tbl := e.name("t")
	good := rollback.Checkpoint{Kind: rollback.KindDeltaRestore, Tables: []rollback.TableVersion{{Table: tbl, Version: 0}}}
	upper := catalog.MustName("MAIN", "RB", "T")

	checkpoints := []struct {
		name   string
		r      *rollback.DeltaRestore
		errors int
	}{
		{"nil client", rollback.NewDeltaRestore(nil, []catalog.Name{tbl}, nil), 1},
		{"nil rollbacker", nil, 1},
		{"zero name", rollback.NewDeltaRestore(c, []catalog.Name{{}}, nil), 1},
		{"schema name", rollback.NewDeltaRestore(c, []catalog.Name{catalog.MustName("main", "rb")}, nil), 1},
		{"listed twice, in another case", rollback.NewDeltaRestore(c, []catalog.Name{tbl, upper}, nil), 1},
		{"every problem reported", rollback.NewDeltaRestore(c, []catalog.Name{{}, tbl, tbl, catalog.MustName("t")}, nil), 3},
		{"negative window", rollback.NewDeltaRestore(c, []catalog.Name{tbl}, &rollback.DeltaRestoreOptions{Window: -time.Second}), 1},
	}
	for _, tt := range checkpoints {
		t.Run("checkpoint "+tt.name, func(t *testing.T) {
			e.fake.ResetStatements()
			cp, err := tt.r.Checkpoint(ctx)
			require.ErrorIs(t, err, rollback.ErrInvalid)
			assert.Equal(t, tt.errors, countErrors(err))
			assert.Equal(t, rollback.Checkpoint{}, cp)
			assert.Empty(t, e.fake.Statements())
		})
	}

	rollbacks := []struct {
		name   string
		r      *rollback.DeltaRestore
		cp     rollback.Checkpoint
		errors int
	}{
		{"nil client", rollback.NewDeltaRestore(nil, nil, nil), good, 1},
		{"kind of another rollbacker", rollback.NewDeltaRestore(c, nil, nil),
			rollback.Checkpoint{Kind: rollback.KindViewSwitch, Tables: good.Tables}, 1},
		{"zero checkpoint", rollback.NewDeltaRestore(c, nil, nil), rollback.Checkpoint{}, 1},
		{"zero name", rollback.NewDeltaRestore(c, nil, nil),
			rollback.Checkpoint{Kind: rollback.KindDeltaRestore, Tables: []rollback.TableVersion{{Version: 1}}}, 1},
		{"negative version", rollback.NewDeltaRestore(c, nil, nil),
			rollback.Checkpoint{Kind: rollback.KindDeltaRestore, Tables: []rollback.TableVersion{{Table: tbl, Version: -1}}}, 1},
		{"listed twice", rollback.NewDeltaRestore(c, nil, nil),
			rollback.Checkpoint{Kind: rollback.KindDeltaRestore, Tables: []rollback.TableVersion{{Table: tbl}, {Table: upper, Version: 0}}}, 1},
		{"every problem reported", rollback.NewDeltaRestore(c, nil, nil),
			rollback.Checkpoint{Kind: rollback.KindDeltaRestore, Tables: []rollback.TableVersion{{Table: tbl, Version: -2}, {Table: catalog.MustName("t")}}}, 2},
	}
	for _, tt := range rollbacks {
		t.Run("rollback "+tt.name, func(t *testing.T) {
			e.fake.ResetStatements()
			err := tt.r.Rollback(ctx, tt.cp)
			require.ErrorIs(t, err, rollback.ErrInvalid)
			assert.Equal(t, tt.errors, countErrors(err))
			assert.Empty(t, e.fake.Statements())
		})
	}

	t.Run("empty checkpoint is valid", func(t *testing.T) {
		r := rollback.NewDeltaRestore(c, nil, nil)
		cp, err := r.Checkpoint(ctx)
		require.NoError(t, err)
		assert.Equal(t, rollback.KindDeltaRestore, cp.Kind)
		assert.Empty(t, cp.Tables)
		require.NoError(t, r.Rollback(ctx, cp))
	})
}

// countErrors returns the number of errors err joins (1 for an error that
// joins none), looking through single-error wrappers.
func countErrors(err error) int {
	for err != nil {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			return len(j.Unwrap())
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return 1
		}
		err = u.Unwrap()
	}
	return 0
}

func TestDeltaRestoreLogging(t *testing.T) {
	ctx := context.Background()
	e := newFakeEnv(t)
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{
		Level:       slog.LevelDebug,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr { return dropTime(a) },
	}))
	for _, n := range []string{"changed", "unchanged", "restored"} {
		e.exec(t, "CREATE TABLE {s}."+n+" (id BIGINT)", "INSERT INTO {s}."+n+" VALUES (1)")
	}
	r := rollback.NewDeltaRestore(catalog.New(e.db, nil), []catalog.Name{e.name("changed"), e.name("unchanged"), e.name("restored")},
		&rollback.DeltaRestoreOptions{Logger: log})
	cp, err := r.Checkpoint(ctx)
	require.NoError(t, err)
	e.exec(t,
		"INSERT INTO {s}.changed VALUES (2)",
		"DELETE FROM {s}.restored", "RESTORE TABLE {s}.restored TO VERSION AS OF 1",
	)
	buf.Reset()
	require.NoError(t, r.Rollback(ctx, cp))
	assert.Equal(t,
		"level=INFO msg=\"rollback: restoring table\" table=main.rb.changed from=2 to=1\n"+
			"level=DEBUG msg=\"rollback: table unchanged\" table=main.rb.unchanged version=1\n"+
			"level=DEBUG msg=\"rollback: table already restored\" table=main.rb.restored version=1 restore=3\n",
		buf.String())
}

// dropTime removes the time attribute of log records.
func dropTime(a slog.Attr) slog.Attr {
	if a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}
