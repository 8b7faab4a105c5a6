package warehouse

import (
	"context"
	"strings"
	"time"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/ast"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
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
	meta  *metastore
}

// New returns an engine with the catalog "main" and its schema "default".
// nil options mean defaults.
func New(opts *Options) *Engine {
	e := &Engine{admin: "admin@databricks.test"}
	if opts != nil && opts.Admin != "" {
		e.admin = opts.Admin
	}
	e.meta = newMetastore(e.admin, time.Now())
	return e
}

// Admin returns the name of the workspace-admin principal.
func (e *Engine) Admin() string { return e.admin }

// Session is one connection's state: the principal, the current catalog and
// schema, and session configuration. It is not safe for concurrent use.
type Session struct {
	engine    *Engine
	principal string
	catalog   string
	schema    string
	loc       *time.Location
	conf      map[string]string
}

// NewSession returns a session acting as principal ("" means the admin),
// with current catalog "main" and schema "default".
func (e *Engine) NewSession(principal string) *Session {
	if principal == "" {
		principal = e.admin
	}
	return &Session{engine: e, principal: principal, catalog: "main", schema: "default", loc: time.UTC, conf: map[string]string{}}
}

// Principal returns the session's principal.
func (s *Session) Principal() string { return s.principal }

// Execute parses, analyzes and runs one statement. Errors are
// *errclass.Error values; ctx cancellation stops execution between batches
// and returns ctx.Err().
func (s *Session) Execute(ctx context.Context, sql string, p Params) (res *Result, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	defer func() {
		// A bug in the engine must fail the statement, not crash the tests
		// of the program using the fake.
		if r := recover(); r != nil {
			res, err = nil, errInternal("the fake warehouse failed on this statement (%v); please report it with the statement", r)
		}
	}()
	stmt, err := parseSQL(sql)
	if err != nil {
		return nil, err
	}
	x := &execution{s: s, m: s.engine.meta, params: p, now: time.Now()}
	x.ec = &evalCtx{ctx: ctx, fctx: &fn.Context{Now: x.now, Location: s.loc, Catalog: s.catalog, Schema: s.schema, User: s.principal}}
	res, err = x.run(stmt)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, err
	}
	return res, nil
}

// execution is the state of one statement.
type execution struct {
	s      *Session
	m      *metastore
	params Params
	now    time.Time
	ec     *evalCtx
}

func (x *execution) run(stmt ast.Statement) (*Result, error) {
	switch st := stmt.(type) {
	case *ast.Query:
		return x.query(st)
	case *ast.CreateCatalog:
		return x.createCatalog(st)
	case *ast.DropCatalog:
		return x.dropCatalog(st)
	case *ast.CreateSchema:
		return x.createSchema(st)
	case *ast.DropSchema:
		return x.dropSchema(st)
	case *ast.UseCatalog:
		return x.useCatalog(st)
	case *ast.UseSchema:
		return x.useSchema(st)
	case *ast.Show:
		return x.show(st)
	case *ast.CreateTable:
		return x.createTable(st)
	case *ast.DropTable:
		return x.dropRelation(st.Name, st.IfExists, kindTable)
	case *ast.Insert:
		return x.insert(st)
	case *ast.Describe:
		return x.describe(st)
	case *ast.CreateView:
		return x.createView(st)
	case *ast.AlterView:
		return x.alterView(st)
	case *ast.DropView:
		return x.dropRelation(st.Name, st.IfExists, kindView)
	case *ast.SetConfig:
		return x.setConfig(st)
	case *ast.Delete:
		return x.delete(st)
	case *ast.Update:
		return x.update(st)
	case *ast.Merge:
		return x.merge(st)
	case *ast.Truncate:
		return x.truncate(st)
	case *ast.Restore:
		return x.restore(st)
	case *ast.Vacuum:
		return x.vacuum(st)
	case *ast.Optimize:
		return x.optimize(st)
	case *ast.AlterTable:
		return x.alterTable(st)
	case *ast.SetOwner:
		return x.setOwner(st)
	case *ast.Grant:
		return x.grant(st.Privileges, st.On, st.Principal, false)
	case *ast.Revoke:
		return x.grant(st.Privileges, st.On, st.Principal, true)
	case *ast.ShowGrants:
		return x.showGrants(st)
	case *ast.Transaction:
		if st.Op == "ROLLBACK" {
			// ROLLBACK without an active transaction is not an error.
			return okResult(), nil
		}
		return nil, errUnsupported("MULTI_STATEMENT_TRANSACTION", "%s: multi-statement transactions are not supported by the fake warehouse.", st.Op)
	}
	return nil, errUnsupported("", "the statement %T is not supported by the fake warehouse.", stmt)
}

// query binds under the read lock and runs on the captured snapshot.
func (x *execution) query(q *ast.Query) (*Result, error) {
	x.m.mu.RLock()
	p, err := x.binder(x.params).query(q, nil)
	x.m.mu.RUnlock()
	if err != nil {
		return nil, err
	}
	return x.collect(p)
}

// collect runs p and packages its output as a Result.
func (x *execution) collect(p plan) (*Result, error) {
	bs, err := p.run(x.ec)
	if err != nil {
		return nil, err
	}
	return rowsResult(p.cols(), bs), nil
}

func rowsResult(cols []colInfo, bs []*value.Batch) *Result {
	res := &Result{Columns: make([]Column, len(cols)), RowsAffected: -1}
	for i, c := range cols {
		res.Columns[i] = Column{Name: c.name, Type: c.t, Nullable: c.nullable}
	}
	for _, b := range bs {
		if b.N > 0 {
			res.Batches = append(res.Batches, b)
		}
	}
	return res
}

// okResult is the empty result of DDL.
func okResult() *Result { return &Result{RowsAffected: -1} }

func (x *execution) setConfig(st *ast.SetConfig) (*Result, error) {
	cols := []colInfo{{name: "key", t: value.StringType}, {name: "value", t: value.StringType}}
	if st.Key == "" {
		b := [2]*value.Builder{value.NewBuilder(value.StringType, 0), value.NewBuilder(value.StringType, 0)}
		for k, v := range x.s.conf {
			b[0].Append(value.Str(k))
			b[1].Append(value.Str(v))
		}
		return rowsResult(cols, []*value.Batch{{Cols: []*value.Vector{b[0].Build(), b[1].Build()}, N: b[0].Len()}}), nil
	}
	key := strings.TrimSpace(st.Key)
	lk := strings.ToLower(key)
	if st.Value == nil {
		v, ok := x.s.conf[lk]
		if !ok {
			v = "<undefined>"
		}
		return rowsResult(cols, []*value.Batch{{Cols: []*value.Vector{value.Constant(value.Str(key), 1), value.Constant(value.Str(v), 1)}, N: 1}}), nil
	}
	val := strings.Trim(strings.TrimSpace(*st.Value), "'\"")
	switch lk {
	case "ansi_mode", "spark.sql.ansi.enabled":
		if !strings.EqualFold(val, "true") {
			return nil, errUnsupported("", "ANSI mode off; the fake warehouse implements ANSI mode only.")
		}
	case "time zone", "timezone", "spark.sql.session.timezone":
		loc, err := time.LoadLocation(val)
		if err != nil {
			return nil, errclass.New("INVALID_CONF_VALUE.TIME_ZONE",
				"The value '%s' in the config \"spark.sql.session.timeZone\" is invalid. Cannot resolve the given timezone.", val)
		}
		x.s.loc = loc
	}
	x.s.conf[lk] = val
	return rowsResult(cols, []*value.Batch{{Cols: []*value.Vector{value.Constant(value.Str(key), 1), value.Constant(value.Str(val), 1)}, N: 1}}), nil
}
