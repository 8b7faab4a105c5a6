package catalog

import (
	"context"
	"database/sql"
)

// Executor is the part of *sql.DB that ucdeploy uses to send SQL. In
// production it is a *sql.DB opened with databricks-sql-go; in tests, the
// *sql.DB of a databrickstest workspace. *sql.Conn and *sql.Tx satisfy it too.
type Executor interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

var (
	_ Executor = (*sql.DB)(nil)
	_ Executor = (*sql.Conn)(nil)
	_ Executor = (*sql.Tx)(nil)
)
