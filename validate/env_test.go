package validate_test

import (
	"context"
	"database/sql"
	"fmt"
	"github.com/ucdeploy/ucdeploy/internal/dbxenv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/databrickstest"
)

// env is where a conformance run creates its tables: the fake, or a real
// workspace.
type env struct {
	db     *sql.DB
	schema catalog.Name // catalog.schema holding the test's tables
	// fake is the fake workspace; nil on a real one.
	fake *databrickstest.Workspace
}

// newFakeEnv returns an env on a fresh fake workspace.
func newFakeEnv(t testing.TB) *env {
	t.Helper()
	w := databrickstest.New(nil)
	t.Cleanup(func() { _ = w.Close() })
	e := &env{db: w.DB(), schema: catalog.MustName("main", "v"), fake: w}
	e.exec(t, "CREATE SCHEMA main.v")
	return e
}

// newWorkspaceEnv returns an env on the real workspace named by
// DATABRICKS_HOST, DATABRICKS_TOKEN and DATABRICKS_WAREHOUSE_ID, in a new
// schema of DATABRICKS_CATALOG (default main) dropped at the end; it skips
// the test when they are not set.
func newWorkspaceEnv(t *testing.T) *env {
	t.Helper()
	cfg, ok := dbxenv.FromEnv()
	if !ok {
		t.Skip(dbxenv.SkipReason)
	}
	db, err := cfg.Open()
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	schema := catalog.MustName(cfg.Catalog, fmt.Sprintf("ucdeploy_validate_%d", time.Now().UnixNano()))
	e := &env{db: db, schema: schema}
	e.exec(t, "CREATE SCHEMA "+schema.Quoted())
	t.Cleanup(func() {
		_, _ = db.ExecContext(context.Background(), "DROP SCHEMA "+schema.Quoted()+" CASCADE")
	})
	return e
}

// name returns the name of table in the env's schema.
func (e *env) name(table string) catalog.Name {
	n, err := e.schema.Child(table)
	if err != nil {
		panic(err)
	}
	return n
}

// exec runs statements, failing the test on error.
func (e *env) exec(t testing.TB, queries ...string) {
	t.Helper()
	for _, q := range queries {
		_, err := e.db.ExecContext(context.Background(), q)
		require.NoError(t, err, q)
	}
}

// digits is an inline table of the ten decimal digits.
const digits = "(VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9))"

// ids returns a query of the column id = 0 … 10^n − 1 (BIGINT), for
// generating rows with INSERT … SELECT.
func ids(n int) string {
	var sel, from []string
	mul := 1
	for k := range n {
		sel = append(sel, fmt.Sprintf("%d * d%d.d", mul, k))
		from = append(from, fmt.Sprintf("%s AS d%d(d)", digits, k))
		mul *= 10
	}
	return "SELECT CAST(" + strings.Join(sel, " + ") + " AS BIGINT) AS id FROM " + strings.Join(from, ", ")
}

// table creates table name with columns cols and fills it with the rows
// of "SELECT exprs FROM (ids(n)) AS g WHERE where".
func (e *env) table(t testing.TB, name, cols, exprs string, n int, where string) catalog.Name {
	t.Helper()
	tn := e.name(name)
	q := "INSERT INTO " + tn.Quoted() + " SELECT " + exprs + " FROM (" + ids(n) + ") AS g"
	if where != "" {
		q += " WHERE " + where
	}
	e.exec(t, "CREATE TABLE "+tn.Quoted()+" ("+cols+")", q)
	return tn
}

// counter is an Executor that counts the statements sent through it, on
// any warehouse.
type counter struct {
	catalog.Executor
	n atomic.Int64
}

func (c *counter) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	c.n.Add(1)
	return c.Executor.ExecContext(ctx, q, args...)
}

func (c *counter) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	c.n.Add(1)
	return c.Executor.QueryContext(ctx, q, args...)
}

func (c *counter) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	c.n.Add(1)
	return c.Executor.QueryRowContext(ctx, q, args...)
}
