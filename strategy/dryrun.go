package strategy

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/ucdeploy/ucdeploy/catalog"
)

// Statement is one statement a dry run would send.
type Statement struct {
	// Step is the name of the step that sends it.
	Step string `json:"step"`
	// SQL is the statement's text. What the engine learns only while
	// running appears in angle brackets: the table each view reads (blue)
	// as <blue of catalog.schema.view>, the checkpointed Delta version of a
	// table replaced in place as <checkpointed version>.
	SQL string `json:"sql"`
	// Args are the statement's parameters.
	Args []any `json:"args,omitempty"`
	// Note says when the statement is sent if not always, e.g. "if the
	// schema is missing" or "every 1m0s for 30m0s".
	Note string `json:"note,omitempty"`
}

// DryRun returns every statement a Run of p would send on its successful
// path, in order, without sending any: the checkpoint's reads, the green
// namespaces' probes and creations, the snapshots, the builds (a build Func runs against a
// recording Executor whose queries return no rows, so what it sends after a
// read may differ), the analyses' profile statements (a monitor's once,
// noted with its schedule), the switch and the cleanup. Units are listed in
// plan order, although Run works on several at once. It validates p first
// and returns an error wrapping ErrInvalid if p is invalid.
func (e *Engine) DryRun(ctx context.Context, p Plan) ([]Statement, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	rec := &recorder{subst: map[string]string{
		" VERSION AS OF " + strconv.FormatInt(dryVersion, 10): " VERSION AS OF <checkpointed version>",
	}}
	db := sql.OpenDB(rec)
	defer db.Close()
	d := e.newDeploy(&p)
	d.dry, d.rec, d.db, d.cat, d.conc = true, rec, db, catalog.New(db, nil), 1
	for _, s := range p.Steps {
		rec.setStep(s.Name)
		if _, err := d.act(ctx, s); err != nil {
			return nil, fmt.Errorf("strategy: dry run %s: step %s: %w", p.Release, s.Name, err)
		}
	}
	return rec.statements(), nil
}

// note sets the note of the statements a dry run records next.
func (d *deploy) note(text string) {
	if d.rec != nil {
		d.rec.setNote(text)
	}
}

// recorder is a database/sql connector that records statements instead of
// running them: execs affect no rows, queries return no rows.
type recorder struct {
	mu    sync.Mutex
	step  string
	note  string
	subst map[string]string // placeholder text -> what the statement shows
	out   []Statement
}

func (r *recorder) setStep(s string) {
	r.mu.Lock()
	r.step, r.note = s, ""
	r.mu.Unlock()
}

func (r *recorder) setNote(s string) {
	r.mu.Lock()
	r.note = s
	r.mu.Unlock()
}

// placeholder registers the stand-in name of a view's blue table.
func (r *recorder) placeholder(view catalog.Name) catalog.Name {
	text := "<blue of " + view.String() + ">"
	n := catalog.MustName(text, "<schema>", "<table>")
	r.mu.Lock()
	r.subst[n.Quoted()] = text
	r.mu.Unlock()
	return n
}

func (r *recorder) record(query string, args []driver.NamedValue) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for q, text := range r.subst {
		query = strings.ReplaceAll(query, q, text)
	}
	var vals []any
	for _, a := range args {
		vals = append(vals, a.Value)
	}
	r.out = append(r.out, Statement{Step: r.step, SQL: query, Args: vals, Note: r.note})
}

func (r *recorder) statements() []Statement {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Statement(nil), r.out...)
}

// Connect implements driver.Connector.
func (r *recorder) Connect(context.Context) (driver.Conn, error) { return recConn{r}, nil }

// Driver implements driver.Connector.
func (r *recorder) Driver() driver.Driver { return recDriver{r} }

type recDriver struct{ r *recorder }

func (d recDriver) Open(string) (driver.Conn, error) { return recConn(d), nil }

type recConn struct{ r *recorder }

var (
	_ driver.ExecerContext     = recConn{}
	_ driver.QueryerContext    = recConn{}
	_ driver.NamedValueChecker = recConn{}
)

var errNoPrepare = errors.New("strategy: dry run: prepared statements are not recorded")

func (c recConn) Prepare(string) (driver.Stmt, error) { return nil, errNoPrepare }
func (c recConn) Close() error                        { return nil }
func (c recConn) Begin() (driver.Tx, error) {
	return nil, errors.New("strategy: dry run: no transactions")
}

// CheckNamedValue accepts every argument as it is.
func (c recConn) CheckNamedValue(*driver.NamedValue) error { return nil }

func (c recConn) ExecContext(_ context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	c.r.record(query, args)
	return driver.RowsAffected(0), nil
}

func (c recConn) QueryContext(_ context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	c.r.record(query, args)
	var cols []string
	if strings.HasPrefix(query, "SHOW TBLPROPERTIES") {
		// A table without properties: the retention guard reads Delta's
		// defaults and the checkpoint goes on to read the version.
		cols = []string{"key", "value"}
	}
	return noRows{cols: cols}, nil
}

// noRows is an empty result with the given columns.
type noRows struct{ cols []string }

func (r noRows) Columns() []string       { return r.cols }
func (noRows) Close() error              { return nil }
func (noRows) Next([]driver.Value) error { return io.EOF }
