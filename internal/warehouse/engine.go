package warehouse

import (
	"context"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// Params are the values bound to a statement's parameter markers: ? markers
// take Positional in order, :name markers take Named[name].
type Params struct {
	Positional []value.Value
	Named      map[string]value.Value
}

// Column describes one result column.
type Column struct {
	Name     string
	Type     value.Type
	Nullable bool
}

// Result is what a statement returns. Statements that return no rows (DDL)
// have no Columns. RowsAffected is the number of rows written by INSERT (and
// later DML), or -1 when the statement writes no rows.
type Result struct {
	Columns      []Column
	Batches      []*value.Batch
	RowsAffected int64
}

// NumRows returns the number of rows in r.
func (r *Result) NumRows() int {
	n := 0
	for _, b := range r.Batches {
		n += b.N
	}
	return n
}

// Options configures an Engine. The zero value is ready to use.
type Options struct {
	// Admin is the name of the workspace-admin principal, who owns what it
	// creates and may do anything. Empty means "admin@databricks.test".
	Admin string
}

// Engine is one fake warehouse: a metastore with its catalogs, schemas,
// tables and views. It is safe for concurrent use.
type Engine struct {
	admin string
}

// New returns an engine with the built-in catalogs. nil options mean defaults.
func New(opts *Options) *Engine {
	e := &Engine{admin: "admin@databricks.test"}
	if opts != nil && opts.Admin != "" {
		e.admin = opts.Admin
	}
	return e
}

// Admin returns the name of the workspace-admin principal.
func (e *Engine) Admin() string { return e.admin }

// Session is one connection's state: the principal, the current catalog and
// schema, and session configuration. It is not safe for concurrent use.
type Session struct {
	engine    *Engine
	principal string
}

// NewSession returns a session acting as principal ("" means the admin),
// with current catalog "main" and schema "default".
func (e *Engine) NewSession(principal string) *Session {
	if principal == "" {
		principal = e.admin
	}
	return &Session{engine: e, principal: principal}
}

// Execute parses, analyzes and runs one statement. Errors are
// *errclass.Error values; ctx cancellation stops execution between batches.
func (s *Session) Execute(ctx context.Context, sql string, p Params) (*Result, error) {
	return nil, errclass.New("UNSUPPORTED_FEATURE", "The feature is not supported: the engine is being built.")
}
