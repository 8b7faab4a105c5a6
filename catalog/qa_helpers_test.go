package catalog_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/databrickstest"
)

// qaWorkspace is a fresh fake workspace with a client over its admin pool.
func qaWorkspace(t *testing.T) (*databrickstest.Workspace, *catalog.Client) {
	t.Helper()
	w := databrickstest.New(nil)
	t.Cleanup(func() { _ = w.Close() })
	return w, catalog.New(w.DB(), nil)
}

// qaExec runs setup statements as the admin.
func qaExec(t *testing.T, w *databrickstest.Workspace, stmts ...string) {
	t.Helper()
	db := w.DB()
	for _, q := range stmts {
		_, err := db.ExecContext(context.Background(), q)
		require.NoError(t, err, q)
	}
}

// qaCount returns count(*) of a table.
func qaCount(t *testing.T, w *databrickstest.Workspace, n catalog.Name) int64 {
	t.Helper()
	var c int64
	require.NoError(t, w.DB().QueryRowContext(context.Background(), "SELECT count(*) FROM "+n.Quoted()).Scan(&c))
	return c
}
