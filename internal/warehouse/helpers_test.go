package warehouse_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/internal/warehouse"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// newSession returns a session on a fresh engine.
func newSession(t testing.TB) *warehouse.Session {
	t.Helper()
	return warehouse.New(nil).NewSession("")
}

// exec runs statements that must succeed.
func exec(t testing.TB, s *warehouse.Session, stmts ...string) {
	t.Helper()
	for _, q := range stmts {
		_, err := s.Execute(context.Background(), q, warehouse.Params{})
		require.NoError(t, err, q)
	}
}

// rows runs a query and renders each cell as CAST(x AS STRING) does, with
// NULL as "NULL".
func rows(t testing.TB, s *warehouse.Session, q string, args ...value.Value) [][]string {
	t.Helper()
	res, err := s.Execute(context.Background(), q, warehouse.Params{Positional: args})
	require.NoError(t, err, q)
	out := [][]string{}
	for _, b := range res.Batches {
		for i := 0; i < b.N; i++ {
			row := make([]string, len(b.Cols))
			for c, v := range b.Cols {
				row[c] = v.Get(i).String()
			}
			out = append(out, row)
		}
	}
	return out
}

// types returns the result column types of a query.
func types(t testing.TB, s *warehouse.Session, q string) []string {
	t.Helper()
	res, err := s.Execute(context.Background(), q, warehouse.Params{})
	require.NoError(t, err, q)
	out := make([]string, len(res.Columns))
	for i, c := range res.Columns {
		out[i] = c.Type.String()
	}
	return out
}

// names returns the result column names of a query.
func names(t testing.TB, s *warehouse.Session, q string) []string {
	t.Helper()
	res, err := s.Execute(context.Background(), q, warehouse.Params{})
	require.NoError(t, err, q)
	out := make([]string, len(res.Columns))
	for i, c := range res.Columns {
		out[i] = c.Name
	}
	return out
}

// fails runs a statement that must fail with the given error class and
// returns the error.
func fails(t testing.TB, s *warehouse.Session, q string, class string) *errclass.Error {
	t.Helper()
	_, err := s.Execute(context.Background(), q, warehouse.Params{})
	require.Error(t, err, q)
	var e *errclass.Error
	require.True(t, errors.As(err, &e), "%s: want *errclass.Error, got %T %v", q, err, err)
	assert.Equal(t, class, e.Class, "%s: %v", q, err)
	return e
}

func one(t testing.TB, s *warehouse.Session, q string) string {
	t.Helper()
	r := rows(t, s, q)
	require.Len(t, r, 1, q)
	require.Len(t, r[0], 1, q)
	return r[0][0]
}
