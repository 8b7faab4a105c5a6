package databrickstest

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Tests in this file run SQL through the real warehouse engine.

func mustExec(t *testing.T, db *sql.DB, query string, args ...any) {
	t.Helper()
	_, err := db.ExecContext(t.Context(), query, args...)
	require.NoError(t, err, query)
}

func TestEngineTypeMapping(t *testing.T) {
	w := New(nil)
	defer w.Close()
	rows, err := w.DB().QueryContext(t.Context(), `SELECT
		true, CAST(-5 AS TINYINT), CAST(300 AS SMALLINT), 70000, CAST(1099511627776 AS BIGINT),
		CAST(1.5 AS FLOAT), CAST(2.25 AS DOUBLE), CAST(1.5 AS DECIMAL(12,2)), 'héllo',
		DATE '2024-01-01', TIMESTAMP '2024-01-02 03:04:05.123456', NULL`)
	require.NoError(t, err)
	defer rows.Close()
	cts, err := rows.ColumnTypes()
	require.NoError(t, err)
	require.Len(t, cts, len(typedColumns))
	got := make([]any, len(cts))
	ptrs := make([]any, len(cts))
	for i := range got {
		ptrs[i] = &got[i]
	}
	require.True(t, rows.Next())
	require.NoError(t, rows.Scan(ptrs...))
	for i, c := range typedColumns {
		assert.Equal(t, c.dbType, cts[i].DatabaseTypeName(), c.name)
		assert.Equal(t, c.scanType, cts[i].ScanType(), c.name)
		assert.Equal(t, c.want, got[i], c.name)
	}
	assert.False(t, rows.Next())
	require.NoError(t, rows.Err())
}

func TestEngineParameterTypes(t *testing.T) {
	w := New(nil)
	defer w.Close()
	ts := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	rows, err := w.DB().QueryContext(t.Context(), "SELECT ?, ?, ?, ?, ?, ?, ?, ?",
		1, int32(2), float32(0.5), 1.5, "s", true, ts, nil)
	require.NoError(t, err)
	defer rows.Close()
	cts, err := rows.ColumnTypes()
	require.NoError(t, err)
	var names []string
	for _, ct := range cts {
		names = append(names, ct.DatabaseTypeName())
	}
	// databricks-sql-go sends every Go integer as BIGINT and every float
	// as DOUBLE (database/sql's default converter runs first).
	assert.Equal(t, []string{"BIGINT", "BIGINT", "DOUBLE", "DOUBLE", "STRING", "BOOLEAN", "TIMESTAMP", "NULL"}, names)
	got := make([]any, len(cts))
	ptrs := make([]any, len(cts))
	for i := range got {
		ptrs[i] = &got[i]
	}
	require.True(t, rows.Next())
	require.NoError(t, rows.Scan(ptrs...))
	assert.Equal(t, []any{int64(1), int64(2), 0.5, 1.5, "s", true, ts, nil}, got)
}

func TestEngineNamedParameters(t *testing.T) {
	w := New(nil)
	defer w.Close()
	db := w.DB()
	mustExec(t, db, "CREATE TABLE people (id BIGINT, name STRING)")
	mustExec(t, db, "INSERT INTO people VALUES (:id, :name)", sql.Named("id", 1), sql.Named("name", "ada"))
	mustExec(t, db, "INSERT INTO people VALUES (?, ?)", 2, "bob")
	var name string
	require.NoError(t, db.QueryRowContext(t.Context(), "SELECT name FROM people WHERE id = :id", sql.Named("id", 2)).Scan(&name))
	assert.Equal(t, "bob", name)
	require.NoError(t, db.QueryRowContext(t.Context(), "SELECT name FROM people WHERE id = ?", 1).Scan(&name))
	assert.Equal(t, "ada", name)
}

func TestEngineErrors(t *testing.T) {
	w := New(nil)
	defer w.Close()
	_, err := w.DB().QueryContext(t.Context(), "SELECT * FROM missing")
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "TABLE_OR_VIEW_NOT_FOUND", e.ErrorClass())
	assert.Equal(t, "42P01", e.SqlState())
	assert.ErrorIs(t, err, &Error{Class: "TABLE_OR_VIEW_NOT_FOUND"})
}

func TestEngineSessionStatePerConnection(t *testing.T) {
	w := New(nil)
	defer w.Close()
	db := w.DB()
	mustExec(t, db, "CREATE SCHEMA main.other")
	c1, err := db.Conn(t.Context())
	require.NoError(t, err)
	defer c1.Close()
	c2, err := db.Conn(t.Context())
	require.NoError(t, err)
	defer c2.Close()
	_, err = c1.ExecContext(t.Context(), "USE SCHEMA other")
	require.NoError(t, err)
	var s1, s2 string
	require.NoError(t, c1.QueryRowContext(t.Context(), "SELECT current_schema()").Scan(&s1))
	require.NoError(t, c2.QueryRowContext(t.Context(), "SELECT current_schema()").Scan(&s2))
	assert.Equal(t, "other", s1)
	assert.Equal(t, "default", s2)
}

func TestEngineFaultAfterCommits(t *testing.T) {
	w := New(nil)
	defer w.Close()
	db := w.DB()
	mustExec(t, db, "CREATE TABLE t (id BIGINT)")
	remove, err := w.InjectFault(Fault{Pattern: `^INSERT`, After: true, Class: "DELTA_CONCURRENT_WRITE"})
	require.NoError(t, err)
	_, err = db.ExecContext(t.Context(), "INSERT INTO t VALUES (1), (2)")
	assert.ErrorIs(t, err, &Error{Class: "DELTA_CONCURRENT_WRITE"})
	remove()
	var n int64
	require.NoError(t, db.QueryRowContext(t.Context(), "SELECT count(*) FROM t").Scan(&n))
	assert.Equal(t, int64(2), n)
	log := w.Statements()
	assert.Equal(t, int64(2), log[1].RowsAffected)
	assert.True(t, log[1].Injected)
}

func TestEngineLatencyInSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := New(&Options{Latency: 50 * time.Millisecond})
		defer w.Close() // inside the bubble: the pool's goroutine must end with it
		db := w.DB()
		start := time.Now()
		mustExec(t, db, "CREATE TABLE t (id BIGINT)")
		for i := range 99 {
			mustExec(t, db, "INSERT INTO t VALUES (?)", i)
		}
		assert.Equal(t, 5*time.Second, time.Since(start))
		assert.Len(t, w.Statements(), 100)
	})
}

func TestEngineConcurrentWriters(t *testing.T) {
	w := New(nil)
	defer w.Close()
	db := w.DB()
	mustExec(t, db, "CREATE TABLE t (g BIGINT, i BIGINT)")
	const goroutines, each = 16, 20
	var wg sync.WaitGroup
	errs := make(chan error, goroutines*each)
	for g := range goroutines {
		wg.Go(func() {
			for i := range each {
				if _, err := db.ExecContext(context.Background(), "INSERT INTO t VALUES (?, ?)", g, i); err != nil {
					errs <- err
					return
				}
				var n int64
				if err := db.QueryRowContext(context.Background(), "SELECT count(*) FROM t WHERE g = ?", g).Scan(&n); err != nil {
					errs <- err
					return
				}
				if n != int64(i+1) {
					errs <- fmt.Errorf("goroutine %d sees %d rows after %d inserts", g, n, i+1)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
	var n int64
	require.NoError(t, db.QueryRowContext(t.Context(), "SELECT count(*) FROM t").Scan(&n))
	assert.Equal(t, int64(goroutines*each), n)
}
