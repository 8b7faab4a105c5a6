package strategy_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/databrickstest"
	"github.com/ucdeploy/ucdeploy/strategy"
)

const reader = "analyst@example.com"

// env is a workspace with blue tables production.sales.<name>_v1 of rows
// (id, amount), read through views production.sales.<name> that reader may
// SELECT.
type env struct {
	ws    *databrickstest.Workspace
	db    *sql.DB
	cat   *catalog.Client
	views []catalog.Name
	blues []catalog.Name
}

// seed builds an env with the named tables, rows rows each.
func seed(t testing.TB, opts *databrickstest.Options, rows int, names ...string) *env {
	t.Helper()
	ws := databrickstest.New(opts)
	t.Cleanup(func() { _ = ws.Close() })
	e := &env{ws: ws, db: ws.DB()}
	e.cat = catalog.New(e.db, nil)
	ctx := context.Background()
	exec := func(q string) {
		t.Helper()
		_, err := e.db.ExecContext(ctx, q)
		require.NoError(t, err, q)
	}
	exec("CREATE CATALOG production")
	exec("CREATE SCHEMA production.sales")
	exec("GRANT USE CATALOG ON CATALOG production TO `" + reader + "`")
	exec("GRANT USE SCHEMA ON SCHEMA production.sales TO `" + reader + "`")
	var vals []string
	for i := 1; i <= rows; i++ {
		vals = append(vals, fmt.Sprintf("(%d, %d.5)", i, i))
	}
	for _, n := range names {
		blue := catalog.MustName("production", "sales", n+"_v1")
		view := catalog.MustName("production", "sales", n)
		exec("CREATE TABLE " + blue.Quoted() + " (id BIGINT, amount DOUBLE)")
		exec("INSERT INTO " + blue.Quoted() + " VALUES " + strings.Join(vals, ", "))
		exec("CREATE VIEW " + view.Quoted() + " AS SELECT * FROM " + blue.Quoted())
		exec("GRANT SELECT ON VIEW " + view.Quoted() + " TO `" + reader + "`")
		e.views = append(e.views, view)
		e.blues = append(e.blues, blue)
	}
	ws.ResetStatements()
	return e
}

// release returns a release of every view of e whose build copies blue,
// keeping the rows where keep holds (an SQL condition on id).
func (e *env) release(id, keep string) strategy.Release {
	r := strategy.Release{ID: id, Build: strategy.Build{SQL: []string{
		"CREATE TABLE {{green}} AS SELECT id, amount FROM {{blue}} WHERE " + keep,
	}}}
	for _, v := range e.views {
		r.Tables = append(r.Tables, strategy.Table{View: v})
	}
	return r
}

// definition returns the query of view v.
func (e *env) definition(t testing.TB, v catalog.Name) string {
	t.Helper()
	def, err := e.cat.ViewDefinition(context.Background(), v)
	require.NoError(t, err)
	return def
}

// definitions returns the queries of every view.
func (e *env) definitions(t testing.TB) []string {
	t.Helper()
	out := make([]string, len(e.views))
	for i, v := range e.views {
		out[i] = e.definition(t, v)
	}
	return out
}

// exists reports whether table n exists.
func (e *env) exists(t testing.TB, n catalog.Name) bool {
	t.Helper()
	ok, err := e.cat.TableExists(context.Background(), n)
	require.NoError(t, err)
	return ok
}

// readAs returns the number of rows principal reads through view v.
func (e *env) readAs(t testing.TB, principal string, v catalog.Name) (int64, error) {
	t.Helper()
	var n int64
	err := e.ws.DBAs(principal).QueryRowContext(context.Background(), "SELECT count(*) FROM "+v.Quoted()).Scan(&n)
	return n, err
}

// grants returns the grants on view v.
func (e *env) grants(t testing.TB, v catalog.Name) []catalog.Grant {
	t.Helper()
	g, err := e.cat.Grants(context.Background(), catalog.Securable{Type: catalog.ObjectView, Name: v})
	require.NoError(t, err)
	return g
}

// statements returns the texts of the statements sent, matching prefix
// (all when "").
func (e *env) statements(prefix string) []string {
	var out []string
	for _, s := range e.ws.Statements() {
		if strings.HasPrefix(s.Text, prefix) {
			out = append(out, s.Text)
		}
	}
	return out
}

// crashingJournal stands for a process that dies: once crash returns true
// for a record, that append and every later one fail, as if the process
// had stopped before writing it.
type crashingJournal struct {
	strategy.Journal
	crash func(strategy.Record) bool

	mu   sync.Mutex
	dead bool
}

var errCrashed = errors.New("process killed")

func (j *crashingJournal) Append(ctx context.Context, r strategy.Record) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.dead || j.crash(r) {
		j.dead = true
		return errCrashed
	}
	return j.Journal.Append(ctx, r)
}

// watchingJournal records, with every record, how many statements the
// workspace had received when the record was appended.
type watchingJournal struct {
	strategy.MemoryJournal
	ws *databrickstest.Workspace

	mu  sync.Mutex
	log []watched
}

type watched struct {
	rec        strategy.Record
	statements int
}

func (j *watchingJournal) Append(ctx context.Context, r strategy.Record) error {
	j.mu.Lock()
	j.log = append(j.log, watched{r, len(j.ws.Statements())})
	j.mu.Unlock()
	return j.MemoryJournal.Append(ctx, r)
}
