package databrickstest

import (
	"context"
	"testing"

	"github.com/ucdeploy/ucdeploy/internal/warehouse"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// sessionFunc is a session whose statements are handled by a function, so
// the driver can be tested without depending on the SQL engine.
type sessionFunc func(ctx context.Context, sql string, p warehouse.Params) (*warehouse.Result, error)

func (f sessionFunc) Execute(ctx context.Context, sql string, p warehouse.Params) (*warehouse.Result, error) {
	return f(ctx, sql, p)
}

// newStubWorkspace returns a workspace whose sessions all run exec. The
// workspace is closed when the test ends.
func newStubWorkspace(t *testing.T, opts *Options, exec sessionFunc) *Workspace {
	t.Helper()
	w := New(opts)
	w.open = func(string) session { return exec }
	t.Cleanup(func() { _ = w.Close() })
	return w
}

// okResult is a statement result that wrote n rows and returned none.
func okResult(n int64) *warehouse.Result { return &warehouse.Result{RowsAffected: n} }

// oneColumn returns a result with one BIGINT column holding vals.
func oneColumn(vals ...int64) *warehouse.Result {
	b := value.NewBuilder(value.BigIntType, len(vals))
	for _, v := range vals {
		b.Append(value.Int64(v))
	}
	return &warehouse.Result{
		Columns:      []warehouse.Column{{Name: "v", Type: value.BigIntType, Nullable: true}},
		Batches:      []*value.Batch{{Cols: []*value.Vector{b.Build()}, N: len(vals)}},
		RowsAffected: -1,
	}
}
