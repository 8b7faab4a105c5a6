package databrickstest

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"github.com/ucdeploy/ucdeploy/internal/warehouse"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
)

// connector opens connections acting as one principal.
type connector struct {
	w         *Workspace
	principal string
}

var (
	_ driver.Connector = (*connector)(nil)
	_ driver.Driver    = fakeDriver{}
)

// Connect returns a connection with a fresh warehouse session.
func (c *connector) Connect(ctx context.Context) (driver.Conn, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if c.w.closed.Load() {
		return nil, ErrClosed
	}
	return &conn{w: c.w, principal: c.principal, sess: c.w.open(c.principal)}, nil
}

// Driver returns a driver whose Open ignores its name and connects as c does.
func (c *connector) Driver() driver.Driver { return fakeDriver{c: c} }

// fakeDriver is the driver.Driver of a connector.
type fakeDriver struct{ c *connector }

// Open returns a new connection; name is ignored.
func (d fakeDriver) Open(string) (driver.Conn, error) { return d.c.Connect(context.Background()) }

// conn is one connection: one warehouse session. database/sql uses a
// connection from one goroutine at a time.
type conn struct {
	w         *Workspace
	principal string
	sess      session
	closed    bool
}

var (
	_ driver.Conn               = (*conn)(nil)
	_ driver.ConnBeginTx        = (*conn)(nil)
	_ driver.ConnPrepareContext = (*conn)(nil)
	_ driver.ExecerContext      = (*conn)(nil)
	_ driver.QueryerContext     = (*conn)(nil)
	_ driver.NamedValueChecker  = (*conn)(nil)
	_ driver.Pinger             = (*conn)(nil)
	_ driver.SessionResetter    = (*conn)(nil)
	_ driver.Validator          = (*conn)(nil)
)

// Prepare returns a statement that keeps query for later execution.
func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

// PrepareContext returns a statement that keeps query for later execution;
// nothing is sent to the warehouse until it runs.
func (c *conn) PrepareContext(_ context.Context, query string) (driver.Stmt, error) {
	if err := c.usable(); err != nil {
		return nil, err
	}
	return &stmt{c: c, query: query}, nil
}

// Close ends the connection's session.
func (c *conn) Close() error {
	c.closed = true
	c.sess = nil
	return nil
}

// Begin fails as BeginTx does.
func (c *conn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

// BeginTx fails: database/sql transactions are not supported yet.
func (c *conn) BeginTx(context.Context, driver.TxOptions) (driver.Tx, error) {
	if err := c.usable(); err != nil {
		return nil, err
	}
	return nil, errclass.New("UNSUPPORTED_FEATURE.MULTI_STATEMENT_TRANSACTION",
		"The feature is not supported: database/sql transactions (BeginTx); databrickstest runs every statement in its own transaction.")
}

// Ping reports whether the connection can run statements. It sends nothing
// to the warehouse and is not logged.
func (c *conn) Ping(ctx context.Context) error {
	if err := c.usable(); err != nil {
		return err
	}
	return ctx.Err()
}

// ResetSession keeps the session's state, as databricks-sql-go does.
func (c *conn) ResetSession(context.Context) error {
	if c.w.closed.Load() {
		return driver.ErrBadConn
	}
	return nil
}

// IsValid reports whether the connection may be reused.
func (c *conn) IsValid() bool { return !c.closed && !c.w.closed.Load() }

// CheckNamedValue converts an argument the way databricks-sql-go does
// (driver.DefaultParameterConverter, so every integer becomes int64) and
// types it, keeping the caller's original value for the statement log.
func (c *conn) CheckNamedValue(nv *driver.NamedValue) error {
	a, err := bindArg(nv.Value)
	if err != nil {
		return err
	}
	nv.Value = a
	return nil
}

// ExecContext runs query and discards any rows it returns.
func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	res, err := c.run(ctx, query, args)
	if err != nil {
		return nil, err
	}
	return result(max(res.RowsAffected, 0)), nil
}

// QueryContext runs query and returns its rows.
func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	res, err := c.run(ctx, query, args)
	if err != nil {
		return nil, err
	}
	return newRows(res), nil
}

// usable returns the error an operation on c fails with, or nil.
func (c *conn) usable() error {
	if c.w.closed.Load() {
		return ErrClosed
	}
	if c.closed {
		return driver.ErrBadConn
	}
	return nil
}

// run executes one statement: latency, faults, the warehouse, the log.
func (c *conn) run(ctx context.Context, query string, args []driver.NamedValue) (*warehouse.Result, error) {
	if err := c.usable(); err != nil {
		return nil, err
	}
	st := Statement{Text: query, Principal: c.principal, Start: time.Now(), RowsAffected: -1}
	res, err := c.execute(ctx, query, args, &st)
	st.Duration = time.Since(st.Start)
	st.Err = err
	if res != nil {
		st.RowsAffected = res.RowsAffected
		st.Rows = res.NumRows()
	}
	c.w.record(&st)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// execute binds the arguments, waits, applies faults and runs the
// statement. It fills st's Args and Injected; a non-nil result may come
// with an error when an After fault fired.
func (c *conn) execute(ctx context.Context, query string, args []driver.NamedValue, st *Statement) (*warehouse.Result, error) {
	params, logArgs, err := bindParams(args)
	st.Args = logArgs
	if err != nil {
		return nil, err
	}
	if err := c.w.wait(ctx); err != nil {
		return nil, err
	}
	if c.w.closed.Load() {
		return nil, ErrClosed
	}
	before, after := c.w.matchFaults(query)
	if before != nil {
		st.Injected = true
		return nil, before
	}
	res, err := c.sess.Execute(ctx, query, params)
	if err != nil {
		if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
			err = fmt.Errorf("%w: %w", cerr, err)
		}
		return nil, err
	}
	if after != nil {
		st.Injected = true
		return res, after
	}
	return res, nil
}

// stmt is a prepared statement: only its text.
type stmt struct {
	c     *conn
	query string
}

var (
	_ driver.Stmt             = (*stmt)(nil)
	_ driver.StmtExecContext  = (*stmt)(nil)
	_ driver.StmtQueryContext = (*stmt)(nil)
)

// Close does nothing: the statement holds no warehouse resources.
func (s *stmt) Close() error { return nil }

// NumInput returns -1: database/sql does not check the argument count.
func (s *stmt) NumInput() int { return -1 }

// Exec runs the statement with positional arguments.
func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), namedValues(args))
}

// Query runs the statement with positional arguments.
func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), namedValues(args))
}

// ExecContext runs the statement as conn.ExecContext does.
func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.c.ExecContext(ctx, s.query, args)
}

// QueryContext runs the statement as conn.QueryContext does.
func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.c.QueryContext(ctx, s.query, args)
}

// namedValues turns positional driver values into NamedValues.
func namedValues(args []driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(args))
	for i, v := range args {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return out
}

// result is a statement's driver.Result: the number of rows written.
type result int64

// LastInsertId returns 0, as databricks-sql-go does.
func (result) LastInsertId() (int64, error) { return 0, nil }

// RowsAffected returns the number of rows written (0 for statements that
// write none).
func (r result) RowsAffected() (int64, error) { return int64(r), nil }
