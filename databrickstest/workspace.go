package databrickstest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ucdeploy/ucdeploy/internal/warehouse"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
)

// ErrClosed is returned by every operation on a connection of a Workspace
// that has been closed, and by its Connector's Connect.
var ErrClosed = errors.New("databrickstest: workspace closed")

// ErrInvalid is wrapped by errors about bad input: an invalid Fault, or
// named and positional parameters mixed in one statement.
var ErrInvalid = errors.New("databrickstest: invalid argument")

// Error is the error a failed statement returns: a Databricks SQL error with
// an error class and a SQLSTATE, formatted "[CLASS] message SQLSTATE: XXXXX".
// Reach it with errors.As; its SqlState method has the name and meaning of
// databricks-sql-go's DBExecutionError.SqlState, so code that reads the
// SQLSTATE through an interface works with both.
type Error = errclass.Error

// Options configures a Workspace. The zero value is ready to use; a nil
// *Options means the zero value.
type Options struct {
	// Latency is spent by every statement before it executes, as a timer
	// wait that a cancelled context interrupts. Zero means no latency.
	// Inside a testing/synctest bubble the wait takes no real time.
	Latency time.Duration
	// Admin is the workspace-admin principal that DB's connections act as
	// and that owns what they create. Empty means "admin@databricks.test".
	Admin string
}

// Statement is one entry of a Workspace's statement log: a statement a
// connection received, in the order received. Statements that never reach
// the driver (database/sql rejected an argument) or that a closed
// workspace refuses are not logged.
type Statement struct {
	// Text is the SQL text as sent.
	Text string
	// Args are the bound arguments as the caller passed them (a
	// sql.NamedArg for a named one); nil when there were none. They are
	// shared with the log: do not modify them.
	Args []any
	// Principal is the principal the connection acts as.
	Principal string
	// Start is when the connection received the statement, before latency.
	Start time.Time
	// Duration is the time from Start until the statement finished,
	// including latency.
	Duration time.Duration
	// RowsAffected is the number of rows the statement wrote, or -1 when it
	// wrote none or failed before writing.
	RowsAffected int64
	// Rows is the number of rows the statement returned.
	Rows int
	// Err is the error the caller received, nil on success.
	Err error
	// Injected reports whether Err came from an injected Fault.
	Injected bool
}

// session is what a connection executes statements on: a
// *warehouse.Session in production.
type session interface {
	Execute(ctx context.Context, sql string, p warehouse.Params) (*warehouse.Result, error)
}

// Workspace is a fake Databricks workspace: a SQL warehouse reachable
// through database/sql, with a statement log, simulated latency and fault
// injection. It is safe for concurrent use.
type Workspace struct {
	engine  *warehouse.Engine
	latency time.Duration
	// open starts a session for a connection; tests replace it.
	open func(principal string) session

	closed atomic.Bool
	faults atomic.Pointer[[]*fault] // copy on write under mu

	mu  sync.Mutex // guards dbs, log and writes to faults
	dbs []*sql.DB
	log []Statement
}

// New returns a workspace whose metastore holds the catalog main with its
// schema default, the current catalog and schema of every new connection.
// nil options mean defaults.
func New(opts *Options) *Workspace {
	var o Options
	if opts != nil {
		o = *opts
	}
	engine := warehouse.New(&warehouse.Options{Admin: o.Admin})
	w := &Workspace{engine: engine, latency: o.Latency}
	w.open = func(principal string) session { return engine.NewSession(principal) }
	return w
}

// DB returns a new connection pool whose connections act as the workspace
// admin. Each connection owns one warehouse session, so session state (USE
// CATALOG, SET) stays with the connection, as on Databricks. The pool is
// closed by Close; closing it earlier is allowed. After Close, DB returns a
// closed pool whose operations fail with database/sql's "database is
// closed" error.
func (w *Workspace) DB() *sql.DB {
	return w.openDB(w.engine.Admin())
}

// DBAs returns a new connection pool whose connections act as principal (a
// user's e-mail, a group or a service principal's application id). Unity
// Catalog privileges are enforced for principals other than the admin:
// they start with no privileges and see what the admin grants them, with
// INSUFFICIENT_PERMISSIONS errors otherwise. An empty principal means the
// admin. The pool is closed by Close, like DB's.
func (w *Workspace) DBAs(principal string) *sql.DB {
	if principal == "" {
		principal = w.engine.Admin()
	}
	return w.openDB(principal)
}

// Admin returns the workspace admin's principal name: the owner of
// everything created through DB.
func (w *Workspace) Admin() string { return w.engine.Admin() }

// openDB returns a pool acting as principal and tracks it for Close.
func (w *Workspace) openDB(principal string) *sql.DB {
	db := sql.OpenDB(&connector{w: w, principal: principal})
	w.mu.Lock()
	if w.closed.Load() {
		w.mu.Unlock()
		_ = db.Close() // closing a fresh pool cannot fail
		return db
	}
	w.dbs = append(w.dbs, db)
	w.mu.Unlock()
	return db
}

// Connector returns a connector for users who build their own pool with
// sql.OpenDB. Its connections act as the workspace admin. Pools built from
// it are not closed by Close, but their operations fail with ErrClosed
// after it.
func (w *Workspace) Connector() driver.Connector {
	return &connector{w: w, principal: w.engine.Admin()}
}

// Close closes every pool DB handed out and makes every later operation on
// the workspace's connections fail with ErrClosed. Close it before a
// testing/synctest bubble ends, since each pool runs a goroutine. It
// returns the errors of closing the pools; closing twice is a no-op.
func (w *Workspace) Close() error {
	w.mu.Lock()
	w.closed.Store(true)
	dbs := w.dbs
	w.dbs = nil
	w.mu.Unlock()
	errs := make([]error, 0, len(dbs))
	for _, db := range dbs {
		errs = append(errs, db.Close())
	}
	return errors.Join(errs...)
}

// Statements returns a copy of the statement log, oldest first.
func (w *Workspace) Statements() []Statement {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]Statement, len(w.log))
	copy(out, w.log)
	return out
}

// ResetStatements empties the statement log.
func (w *Workspace) ResetStatements() {
	w.mu.Lock()
	w.log = nil
	w.mu.Unlock()
}

// record appends st to the statement log.
func (w *Workspace) record(st *Statement) {
	w.mu.Lock()
	w.log = append(w.log, *st)
	w.mu.Unlock()
}

// wait spends the simulated latency, or returns ctx's error when ctx ends
// first.
func (w *Workspace) wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if w.latency <= 0 {
		return nil
	}
	t := time.NewTimer(w.latency)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
