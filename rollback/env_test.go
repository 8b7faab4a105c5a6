package rollback_test

import (
	"context"
	"database/sql"
	"fmt"
	"github.com/ucdeploy/ucdeploy/internal/dbxenv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/databrickstest"
)

// env is where a test creates its objects: the fake, or a real workspace.
type env struct {
	// open returns a new pool on the same warehouse, as another process
	// would open; the env closes it at the end of the test.
	open   func() *sql.DB
	db     *sql.DB
	schema catalog.Name // catalog.schema holding the test's objects
	// fake is the fake workspace; nil on a real one.
	fake *databrickstest.Workspace
}

// newFakeEnv returns an env on a fresh fake workspace.
func newFakeEnv(t testing.TB) *env {
	t.Helper()
	w := databrickstest.New(nil)
	t.Cleanup(func() { _ = w.Close() })
	e := &env{open: w.DB, db: w.DB(), schema: catalog.MustName("main", "rb"), fake: w}
	e.exec(t, "CREATE SCHEMA main.rb")
	return e
}

// newWorkspaceEnv returns an env on the real workspace dbxenv names, in a
// new schema dropped at the end of the test; it skips the test when no
// workspace is configured.
func newWorkspaceEnv(t testing.TB) *env {
	t.Helper()
	cfg, ok := dbxenv.FromEnv()
	if !ok {
		t.Skip(dbxenv.SkipReason)
	}
	cat := cfg.Catalog
	open := func() *sql.DB {
		db, err := cfg.Open()
		require.NoError(t, err)
		t.Cleanup(func() { _ = db.Close() })
		return db
	}
	schema := catalog.MustName(cat, fmt.Sprintf("ucdeploy_rollback_%d", time.Now().UnixNano()))
	e := &env{open: open, db: open(), schema: schema}
	e.exec(t, "CREATE SCHEMA "+schema.Quoted())
	t.Cleanup(func() {
		_, _ = e.db.ExecContext(context.Background(), "DROP SCHEMA "+schema.Quoted()+" CASCADE")
	})
	return e
}

// name returns the name of object in the env's schema.
func (e *env) name(object string) catalog.Name {
	n, err := e.schema.Child(object)
	if err != nil {
		panic(err)
	}
	return n
}

// exec runs statements, failing the test on error. "{s}" in a statement
// stands for the env's schema, quoted.
func (e *env) exec(t testing.TB, queries ...string) {
	t.Helper()
	for _, q := range queries {
		q = strings.ReplaceAll(q, "{s}", e.schema.Quoted())
		_, err := e.db.ExecContext(context.Background(), q)
		require.NoError(t, err, q)
	}
}

// rows returns the rows of query (with "{s}" as in exec) as text, one
// string per row, columns separated by "|", NULL as "NULL".
func (e *env) rows(t testing.TB, query string) []string {
	t.Helper()
	query = strings.ReplaceAll(query, "{s}", e.schema.Quoted())
	return queryRows(t, e.db, query)
}

// queryRows returns the rows of query on db as rows does.
func queryRows(t testing.TB, db *sql.DB, query string) []string {
	t.Helper()
	rs, err := db.QueryContext(context.Background(), query)
	require.NoError(t, err, query)
	defer rs.Close()
	cols, err := rs.Columns()
	require.NoError(t, err)
	var out []string
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rs.Next() {
		require.NoError(t, rs.Scan(ptrs...))
		parts := make([]string, len(vals))
		for i, v := range vals {
			if v == nil {
				parts[i] = "NULL"
			} else {
				parts[i] = fmt.Sprint(v)
			}
		}
		out = append(out, strings.Join(parts, "|"))
	}
	require.NoError(t, rs.Err())
	return out
}

// recorder is an Executor that records the statements sent through it, on
// any warehouse.
type recorder struct {
	catalog.Executor
	mu   sync.Mutex
	sent []string
}

func (r *recorder) add(q string) {
	r.mu.Lock()
	r.sent = append(r.sent, q)
	r.mu.Unlock()
}

func (r *recorder) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	r.add(q)
	return r.Executor.ExecContext(ctx, q, args...)
}

func (r *recorder) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	r.add(q)
	return r.Executor.QueryContext(ctx, q, args...)
}

func (r *recorder) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	r.add(q)
	return r.Executor.QueryRowContext(ctx, q, args...)
}

// reset forgets the statements recorded so far.
func (r *recorder) reset() {
	r.mu.Lock()
	r.sent = nil
	r.mu.Unlock()
}

// statements returns the statements recorded so far that start with
// prefix, in order.
func (r *recorder) statements(prefix string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, q := range r.sent {
		if strings.HasPrefix(q, prefix) {
			out = append(out, q)
		}
	}
	return out
}

// client returns a catalog client over db and the recorder it sends
// through.
func client(db catalog.Executor) (*catalog.Client, *recorder) {
	r := &recorder{Executor: db}
	return catalog.New(r, nil), r
}
