package parser

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/ast"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// Constructors that keep expected syntax trees short.

func col(parts ...string) *ast.ColumnRef       { return &ast.ColumnRef{Name: ast.Name(parts)} }
func lit(v value.Value) *ast.Literal           { return &ast.Literal{Value: v} }
func i32(n int32) *ast.Literal                 { return lit(value.Int32(n)) }
func str(s string) *ast.Literal                { return lit(value.Str(s)) }
func boolean(b bool) *ast.Literal              { return lit(value.Bool(b)) }
func null() *ast.Literal                       { return lit(value.NullOf(value.VoidType)) }
func bin(op string, l, r ast.Expr) *ast.Binary { return &ast.Binary{Op: op, L: l, R: r} }
func not(x ast.Expr) *ast.Unary                { return &ast.Unary{Op: "NOT", X: x} }
func call(name string, args ...ast.Expr) *ast.Call {
	return &ast.Call{Name: name, Args: args}
}
func item(e ast.Expr) ast.SelectItem { return ast.SelectItem{Expr: e} }
func star() *ast.Star                { return &ast.Star{} }
func table(parts ...string) *ast.TableRef {
	return &ast.TableRef{Name: ast.Name(parts)}
}
func query(body ast.QueryBody) *ast.Query { return &ast.Query{Body: body} }
func sel(items ...ast.SelectItem) *ast.Select {
	return &ast.Select{Items: items}
}
func selFrom(from ast.TableExpr, items ...ast.SelectItem) *ast.Select {
	return &ast.Select{Items: items, From: from}
}
func ptr[T any](v T) *T { return &v }

// mustParse parses sql and fails the test on error.
func mustParse(t *testing.T, sql string) ast.Statement {
	t.Helper()
	st, err := Parse(sql)
	require.NoError(t, err, sql)
	return st
}

// parseExpr parses "SELECT <expr>" and returns the expression of the only
// select item.
func parseExpr(t *testing.T, expr string) ast.Expr {
	t.Helper()
	st := mustParse(t, "SELECT "+expr)
	q, ok := st.(*ast.Query)
	require.True(t, ok, "%T", st)
	s, ok := q.Body.(*ast.Select)
	require.True(t, ok, "%T", q.Body)
	require.Len(t, s.Items, 1)
	require.Empty(t, s.Items[0].Alias)
	return s.Items[0].Expr
}

// errorOf returns err as an *errclass.Error, failing the test otherwise.
func errorOf(t *testing.T, err error) *errclass.Error {
	t.Helper()
	require.Error(t, err)
	var e *errclass.Error
	require.True(t, errors.As(err, &e), "%T: %v", err, err)
	return e
}
