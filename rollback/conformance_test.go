package rollback_test

import (
	"context"
	"encoding/json"
	"github.com/ucdeploy/ucdeploy/internal/dbxenv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/rollback"
)

// The conformance suite: behaviour a user sees, run against the fake
// always and against a real workspace when credentials are set.

func TestConformanceFake(t *testing.T) {
	runConformance(t, func(t *testing.T) *env { return newFakeEnv(t) })
}

func TestConformanceWorkspace(t *testing.T) {
	if _, ok := dbxenv.FromEnv(); !ok {
		t.Skip(dbxenv.SkipReason)
	}
	runConformance(t, func(t *testing.T) *env { return newWorkspaceEnv(t) })
}

func runConformance(t *testing.T, newEnv func(t *testing.T) *env) {
	tests := []struct {
		name string
		run  func(t *testing.T, e *env)
	}{
		{"delta restore brings back data and schema of changed tables only", testDeltaRestore},
		{"delta restore from a journaled checkpoint in another process", testDeltaRestoreJSON},
		{"delta restore attempts every table", testDeltaRestoreAttemptsAll},
		{"delta restore refuses a recreated table", testDeltaRestoreDiverged},
		{"retention guard", testRetentionGuard},
		{"view switch brings back the definition", testViewSwitch},
		{"view switch of a dropped view", testViewSwitchDropped},
		{"composite rolls back in reverse order", testComposite},
		{"delta restore drops a table the deploy created", testDeltaRestoreAbsent},
		{"view switch drops a view the deploy created", testViewSwitchAbsent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, newEnv(t)) })
	}
}

// latest returns the latest version of table.
func latest(t *testing.T, c *catalog.Client, table catalog.Name) int64 {
	t.Helper()
	v, err := c.CurrentVersion(context.Background(), table)
	require.NoError(t, err)
	return v
}

// columns returns the column names and types of table as "name type".
func columns(t *testing.T, c *catalog.Client, table catalog.Name) []string {
	t.Helper()
	d, err := c.DescribeTable(context.Background(), table)
	require.NoError(t, err)
	out := make([]string, len(d.Columns))
	for i, col := range d.Columns {
		out[i] = col.Name + " " + col.Type
	}
	return out
}

func testDeltaRestore(t *testing.T, e *env) {
	ctx := context.Background()
	orders, customers, regions := e.name("orders"), e.name("customers"), e.name("regions")
	e.exec(t,
		"CREATE TABLE {s}.orders (id BIGINT, amount INT)",
		"INSERT INTO {s}.orders VALUES (1, 10), (2, 20), (3, 30)",
		"CREATE TABLE {s}.customers (id BIGINT, name STRING)",
		"INSERT INTO {s}.customers VALUES (1, 'ann'), (2, 'bob')",
		"CREATE TABLE {s}.regions (code STRING)",
		"INSERT INTO {s}.regions VALUES ('eu'), ('us')",
	)
	c, rec := client(e.db)
	r := rollback.NewDeltaRestore(c, []catalog.Name{orders, customers, regions}, &rollback.DeltaRestoreOptions{Window: 30 * time.Minute})
	cp, err := r.Checkpoint(ctx)
	require.NoError(t, err)
	assert.Equal(t, rollback.KindDeltaRestore, cp.Kind)
	assert.Equal(t, []rollback.TableVersion{{Table: orders, Version: 1}, {Table: customers, Version: 1}, {Table: regions, Version: 1}}, cp.Tables)
	assert.WithinDuration(t, time.Now(), cp.Taken, time.Minute)

	// The deploy: rows added and deleted, a column added and filled.
	e.exec(t,
		"INSERT INTO {s}.orders VALUES (4, 40)",
		"DELETE FROM {s}.orders WHERE id = 1",
		"ALTER TABLE {s}.customers ADD COLUMNS (email STRING)",
		"UPDATE {s}.customers SET email = 'x@example.com'",
	)
	require.Equal(t, []string{"id bigint", "name string", "email string"}, columns(t, c, customers))

	rec.reset()
	require.NoError(t, r.Rollback(ctx, cp))
	assert.Equal(t, []string{"1|10", "2|20", "3|30"}, e.rows(t, "SELECT id, amount FROM {s}.orders ORDER BY id"))
	assert.Equal(t, []string{"1|ann", "2|bob"}, e.rows(t, "SELECT * FROM {s}.customers ORDER BY id"))
	assert.Equal(t, []string{"id bigint", "name string"}, columns(t, c, customers))
	assert.Equal(t, []string{"eu", "us"}, e.rows(t, "SELECT code FROM {s}.regions ORDER BY code"))
	assert.Equal(t, []string{
		"RESTORE TABLE " + orders.Quoted() + " TO VERSION AS OF 1",
		"RESTORE TABLE " + customers.Quoted() + " TO VERSION AS OF 1",
	}, rec.statements("RESTORE"))
	// Two changes and a RESTORE each; regions got no commit.
	assert.Equal(t, int64(4), latest(t, c, orders))
	assert.Equal(t, int64(4), latest(t, c, customers))
	assert.Equal(t, int64(1), latest(t, c, regions))

	// Again: nothing to do.
	rec.reset()
	require.NoError(t, r.Rollback(ctx, cp))
	assert.Empty(t, rec.statements("RESTORE"))
	assert.Equal(t, int64(4), latest(t, c, orders))
	assert.Equal(t, int64(4), latest(t, c, customers))

	// A change after the rollback is rolled back too.
	e.exec(t, "INSERT INTO {s}.orders VALUES (5, 50)")
	rec.reset()
	require.NoError(t, r.Rollback(ctx, cp))
	assert.Equal(t, []string{"RESTORE TABLE " + orders.Quoted() + " TO VERSION AS OF 1"}, rec.statements("RESTORE"))
	assert.Equal(t, []string{"1|10", "2|20", "3|30"}, e.rows(t, "SELECT id, amount FROM {s}.orders ORDER BY id"))
}

func testDeltaRestoreJSON(t *testing.T, e *env) {
	ctx := context.Background()
	orders := e.name("orders")
	e.exec(t,
		"CREATE TABLE {s}.orders (id BIGINT, amount INT)",
		"INSERT INTO {s}.orders VALUES (1, 10), (2, 20)",
	)
	// The deploying process checkpoints and journals.
	c, _ := client(e.db)
	cp, err := rollback.NewDeltaRestore(c, []catalog.Name{orders}, nil).Checkpoint(ctx)
	require.NoError(t, err)
	journal, err := json.Marshal(cp)
	require.NoError(t, err)
	e.exec(t, "TRUNCATE TABLE {s}.orders", "INSERT INTO {s}.orders VALUES (9, 90)")

	// Another process, with its own pool and client, rolls back from the
	// journal alone.
	other, rec := client(e.open())
	var read rollback.Checkpoint
	require.NoError(t, json.Unmarshal(journal, &read))
	require.Equal(t, cp, read)
	require.NoError(t, rollback.NewDeltaRestore(other, nil, nil).Rollback(ctx, read))
	assert.Equal(t, []string{"1|10", "2|20"}, e.rows(t, "SELECT id, amount FROM {s}.orders ORDER BY id"))
	assert.Len(t, rec.statements("RESTORE"), 1)
}

func testDeltaRestoreAttemptsAll(t *testing.T, e *env) {
	ctx := context.Background()
	a, b, z := e.name("a"), e.name("b"), e.name("z")
	e.exec(t,
		"CREATE TABLE {s}.a (id BIGINT)", "INSERT INTO {s}.a VALUES (1)",
		"CREATE TABLE {s}.b (id BIGINT)", "INSERT INTO {s}.b VALUES (1)",
		"CREATE TABLE {s}.z (id BIGINT)", "INSERT INTO {s}.z VALUES (1)",
	)
	c, _ := client(e.db)
	r := rollback.NewDeltaRestore(c, []catalog.Name{a, b, z}, nil)
	cp, err := r.Checkpoint(ctx)
	require.NoError(t, err)
	e.exec(t,
		"INSERT INTO {s}.a VALUES (2)",
		"DROP TABLE {s}.b",
		"INSERT INTO {s}.z VALUES (2)",
	)
	err = r.Rollback(ctx, cp)
	require.ErrorIs(t, err, catalog.ErrNotFound)
	var cerr *catalog.Error
	require.ErrorAs(t, err, &cerr)
	assert.True(t, cerr.Name.Equal(b), "failed table %s", cerr.Name)
	// The tables before and after the dropped one were restored.
	assert.Equal(t, []string{"1"}, e.rows(t, "SELECT id FROM {s}.a"))
	assert.Equal(t, []string{"1"}, e.rows(t, "SELECT id FROM {s}.z"))
}

func testDeltaRestoreDiverged(t *testing.T, e *env) {
	ctx := context.Background()
	tbl := e.name("t")
	e.exec(t, "CREATE TABLE {s}.t (id BIGINT)", "INSERT INTO {s}.t VALUES (1)")
	c, rec := client(e.db)
	r := rollback.NewDeltaRestore(c, []catalog.Name{tbl}, nil)
	cp, err := r.Checkpoint(ctx)
	require.NoError(t, err)
	e.exec(t, "DROP TABLE {s}.t", "CREATE TABLE {s}.t (id BIGINT)")
	rec.reset()
	require.ErrorIs(t, r.Rollback(ctx, cp), rollback.ErrDiverged)
	assert.Empty(t, rec.statements("RESTORE"))
}

func testRetentionGuard(t *testing.T, e *env) {
	ctx := context.Background()
	short, shortLog, def := e.name("short"), e.name("short_log"), e.name("default")
	e.exec(t,
		"CREATE TABLE {s}.short (id BIGINT)",
		"ALTER TABLE {s}.short SET TBLPROPERTIES ('delta.deletedFileRetentionDuration' = 'interval 10 minutes')",
		"CREATE TABLE {s}.short_log (id BIGINT)",
		"ALTER TABLE {s}.short_log SET TBLPROPERTIES ('delta.logRetentionDuration' = 'interval 20 minutes')",
		"CREATE TABLE {s}.`default` (id BIGINT)",
	)
	tests := []struct {
		name     string
		tables   []catalog.Name
		window   time.Duration
		wantErr  error
		wantErrs int // errors joined
	}{
		{"no window, no guard", []catalog.Name{short, shortLog}, 0, nil, 0},
		{"window equal to retention", []catalog.Name{short}, 10 * time.Minute, nil, 0},
		{"30 minutes on 10 minutes of file retention", []catalog.Name{short}, 30 * time.Minute, rollback.ErrRetention, 1},
		{"30 minutes on 20 minutes of log retention", []catalog.Name{shortLog}, 30 * time.Minute, rollback.ErrRetention, 1},
		{"30 minutes on the default week", []catalog.Name{def}, 30 * time.Minute, nil, 0},
		{"8 days on the default week", []catalog.Name{def}, 8 * 24 * time.Hour, rollback.ErrRetention, 1},
		{"every refused table reported", []catalog.Name{short, def, shortLog}, time.Hour, rollback.ErrRetention, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, rec := client(e.db)
			cp, err := rollback.NewDeltaRestore(c, tt.tables, &rollback.DeltaRestoreOptions{Window: tt.window}).Checkpoint(ctx)
			if tt.wantErr == nil {
				require.NoError(t, err)
				assert.Len(t, cp.Tables, len(tt.tables))
				if tt.window == 0 {
					assert.Empty(t, rec.statements("SHOW TBLPROPERTIES"))
				}
				return
			}
			require.ErrorIs(t, err, tt.wantErr)
			assert.Equal(t, rollback.Checkpoint{}, cp)
			var joined interface{ Unwrap() []error }
			require.ErrorAs(t, err, &joined)
			assert.Len(t, joined.Unwrap(), tt.wantErrs)
		})
	}
}

func testViewSwitch(t *testing.T, e *env) {
	ctx := context.Background()
	view, green := e.name("orders"), e.name("orders_green")
	def := "SELECT * FROM " + e.name("orders_blue").Quoted()
	e.exec(t,
		"CREATE TABLE {s}.orders_blue (id BIGINT)", "INSERT INTO {s}.orders_blue VALUES (1)",
		"CREATE TABLE {s}.orders_green (id BIGINT)", "INSERT INTO {s}.orders_green VALUES (2)",
		"CREATE VIEW {s}.orders AS "+def,
	)
	c, rec := client(e.db)
	r := rollback.NewViewSwitch(c, []catalog.Name{view}, nil)
	cp, err := r.Checkpoint(ctx)
	require.NoError(t, err)
	assert.Equal(t, rollback.KindViewSwitch, cp.Kind)
	assert.Equal(t, []rollback.ViewDefinition{{View: view, Definition: def}}, cp.Views)

	require.NoError(t, c.Switch(ctx, view, green))
	require.Equal(t, []string{"2"}, e.rows(t, "SELECT id FROM {s}.orders"))

	rec.reset()
	require.NoError(t, r.Rollback(ctx, cp))
	assert.Equal(t, []string{"1"}, e.rows(t, "SELECT id FROM {s}.orders"))
	got, err := c.ViewDefinition(ctx, view)
	require.NoError(t, err)
	assert.Equal(t, def, got)
	assert.Equal(t, []string{"ALTER VIEW " + view.Quoted() + " AS " + def}, rec.statements("ALTER VIEW"))
	assert.Empty(t, rec.statements("CREATE"))

	rec.reset()
	require.NoError(t, r.Rollback(ctx, cp))
	assert.Empty(t, rec.statements("ALTER VIEW"))
}

func testViewSwitchDropped(t *testing.T, e *env) {
	ctx := context.Background()
	a, b := e.name("a"), e.name("b")
	e.exec(t,
		"CREATE TABLE {s}.blue (id BIGINT)", "INSERT INTO {s}.blue VALUES (1)",
		"CREATE TABLE {s}.green (id BIGINT)", "INSERT INTO {s}.green VALUES (2)",
		"CREATE VIEW {s}.a AS SELECT * FROM "+e.name("blue").Quoted(),
		"CREATE VIEW {s}.b AS SELECT * FROM "+e.name("blue").Quoted(),
	)
	c, _ := client(e.db)
	r := rollback.NewViewSwitch(c, []catalog.Name{a, b}, nil)
	cp, err := r.Checkpoint(ctx)
	require.NoError(t, err)
	e.exec(t, "DROP VIEW {s}.a")
	require.NoError(t, c.Switch(ctx, b, e.name("green")))
	err = r.Rollback(ctx, cp)
	require.ErrorIs(t, err, catalog.ErrNotFound)
	// The other view was switched back anyway.
	assert.Equal(t, []string{"1"}, e.rows(t, "SELECT id FROM {s}.b"))
}

func testComposite(t *testing.T, e *env) {
	ctx := context.Background()
	view, blue, green := e.name("orders"), e.name("orders_blue"), e.name("orders_green")
	e.exec(t,
		"CREATE TABLE {s}.orders_blue (id BIGINT)", "INSERT INTO {s}.orders_blue VALUES (1)",
		"CREATE TABLE {s}.orders_green (id BIGINT)", "INSERT INTO {s}.orders_green VALUES (2)",
		"CREATE VIEW {s}.orders AS SELECT * FROM "+blue.Quoted(),
	)
	c, rec := client(e.db)
	// The deploy changes the green table, then switches the view to it.
	r := rollback.NewComposite(
		rollback.NewDeltaRestore(c, []catalog.Name{green}, nil),
		rollback.NewViewSwitch(c, []catalog.Name{view}, nil),
	)
	cp, err := r.Checkpoint(ctx)
	require.NoError(t, err)
	require.Equal(t, rollback.KindComposite, cp.Kind)
	require.Len(t, cp.Parts, 2)
	assert.Equal(t, rollback.KindDeltaRestore, cp.Parts[0].Kind)
	assert.Equal(t, rollback.KindViewSwitch, cp.Parts[1].Kind)

	e.exec(t, "INSERT INTO {s}.orders_green VALUES (3)")
	require.NoError(t, c.Switch(ctx, view, green))

	journal, err := json.Marshal(cp)
	require.NoError(t, err)
	var read rollback.Checkpoint
	require.NoError(t, json.Unmarshal(journal, &read))

	rec.reset()
	require.NoError(t, r.Rollback(ctx, read))
	assert.Equal(t, []string{"1"}, e.rows(t, "SELECT id FROM {s}.orders"))
	assert.Equal(t, []string{"2"}, e.rows(t, "SELECT id FROM {s}.orders_green"))
	// The view went back before the table it read was restored.
	changes := append(rec.statements("ALTER VIEW"), rec.statements("RESTORE")...)
	require.Len(t, changes, 2)
	assert.Less(t, indexOf(rec, changes[0]), indexOf(rec, changes[1]))

	rec.reset()
	require.NoError(t, r.Rollback(ctx, read))
	assert.Empty(t, rec.statements("ALTER VIEW"))
	assert.Empty(t, rec.statements("RESTORE"))
}

// indexOf returns the position of statement q among those rec recorded.
func indexOf(rec *recorder, q string) int {
	for i, s := range rec.statements("") {
		if s == q {
			return i
		}
	}
	return -1
}
