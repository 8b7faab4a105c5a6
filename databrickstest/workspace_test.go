package databrickstest

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/internal/warehouse"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
)

func TestStatementLog(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newStubWorkspace(t, &Options{Latency: 10 * time.Millisecond, Admin: "deployer@example.com"},
			func(_ context.Context, q string, _ warehouse.Params) (*warehouse.Result, error) {
				switch q {
				case "INSERT":
					return okResult(3), nil
				case "SELECT":
					return oneColumn(1, 2), nil
				}
				return nil, errclass.New("PARSE_SYNTAX_ERROR", "Syntax error at or near 'BAD'.")
			})
		defer w.Close()
		db := w.DB()
		start := time.Now()

		res, err := db.ExecContext(t.Context(), "INSERT", 1, "a")
		require.NoError(t, err)
		n, err := res.RowsAffected()
		require.NoError(t, err)
		assert.Equal(t, int64(3), n)

		rows, err := db.QueryContext(t.Context(), "SELECT", sql.Named("id", 7))
		require.NoError(t, err)
		require.NoError(t, rows.Close())

		_, err = db.ExecContext(t.Context(), "BAD")
		require.Error(t, err)

		want := []Statement{
			{Text: "INSERT", Args: []any{1, "a"}, Principal: "deployer@example.com", Start: start,
				Duration: 10 * time.Millisecond, RowsAffected: 3},
			{Text: "SELECT", Args: []any{sql.Named("id", 7)}, Principal: "deployer@example.com",
				Start: start.Add(10 * time.Millisecond), Duration: 10 * time.Millisecond, RowsAffected: -1, Rows: 2},
			{Text: "BAD", Principal: "deployer@example.com", Start: start.Add(20 * time.Millisecond),
				Duration: 10 * time.Millisecond, RowsAffected: -1, Err: err},
		}
		got := w.Statements()
		assert.Equal(t, want, got)

		got[0].Text = "changed"
		assert.Equal(t, "INSERT", w.Statements()[0].Text, "Statements returns a copy")

		w.ResetStatements()
		assert.Empty(t, w.Statements())
	})
}

func TestDefaultPrincipal(t *testing.T) {
	w, _ := counting(t)
	_, err := w.DB().ExecContext(t.Context(), "SELECT 1")
	require.NoError(t, err)
	assert.Equal(t, "admin@databricks.test", w.Statements()[0].Principal)
}

func TestExecRowsAffectedWithoutWrites(t *testing.T) {
	w, _ := counting(t)
	res, err := w.DB().ExecContext(t.Context(), "SELECT 1")
	require.NoError(t, err)
	n, err := res.RowsAffected()
	require.NoError(t, err)
	assert.Zero(t, n, "databricks-sql-go reports 0 when no rows were modified")
	id, err := res.LastInsertId()
	require.NoError(t, err)
	assert.Zero(t, id)
}

func TestLatencyInSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var ranAt []time.Time
		w := New(&Options{Latency: 50 * time.Millisecond})
		w.open = func(string) session {
			return sessionFunc(func(context.Context, string, warehouse.Params) (*warehouse.Result, error) {
				ranAt = append(ranAt, time.Now())
				return okResult(1), nil
			})
		}
		db := w.DB()
		start := time.Now()
		for i := range 100 {
			_, err := db.ExecContext(t.Context(), "INSERT INTO t VALUES (?)", i)
			require.NoError(t, err)
		}
		assert.Equal(t, 5*time.Second, time.Since(start))
		require.Len(t, ranAt, 100)
		assert.Equal(t, start.Add(50*time.Millisecond), ranAt[0], "latency is spent before the statement runs")
		assert.Equal(t, start.Add(5*time.Second), ranAt[99])
		require.NoError(t, w.Close(), "closing inside the bubble stops the pool's goroutines")
	})
}

func TestLatencyConcurrentStatementsOverlap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newStubWorkspace(t, &Options{Latency: time.Second}, func(context.Context, string, warehouse.Params) (*warehouse.Result, error) {
			return okResult(0), nil
		})
		defer w.Close()
		db := w.DB()
		start := time.Now()
		var wg sync.WaitGroup
		errs := make([]error, 10)
		for i := range errs {
			wg.Go(func() {
				_, errs[i] = db.ExecContext(context.Background(), "SELECT 1")
			})
		}
		wg.Wait()
		for _, err := range errs {
			assert.NoError(t, err)
		}
		assert.Equal(t, time.Second, time.Since(start), "each connection waits on its own")
	})
}

func TestContextCancellation(t *testing.T) {
	tests := []struct {
		name    string
		ctx     func(context.Context) (context.Context, context.CancelFunc)
		want    error
		elapsed time.Duration
	}{
		{
			name: "cancelled during latency",
			ctx: func(parent context.Context) (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(parent)
				time.AfterFunc(100*time.Millisecond, cancel)
				return ctx, cancel
			},
			want:    context.Canceled,
			elapsed: 100 * time.Millisecond,
		},
		{
			name: "deadline during latency",
			ctx: func(parent context.Context) (context.Context, context.CancelFunc) {
				return context.WithTimeout(parent, 300*time.Millisecond)
			},
			want:    context.DeadlineExceeded,
			elapsed: 300 * time.Millisecond,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var ran atomic.Int64
				w := newStubWorkspace(t, &Options{Latency: time.Second}, func(context.Context, string, warehouse.Params) (*warehouse.Result, error) {
					ran.Add(1)
					return okResult(1), nil
				})
				defer w.Close()
				ctx, cancel := tt.ctx(t.Context())
				defer cancel()
				start := time.Now()
				_, err := w.DB().ExecContext(ctx, "INSERT INTO t VALUES (1)")
				assert.ErrorIs(t, err, tt.want)
				assert.Equal(t, tt.elapsed, time.Since(start))
				assert.Zero(t, ran.Load(), "a statement cancelled during latency never runs")
				log := w.Statements()
				require.Len(t, log, 1)
				assert.ErrorIs(t, log[0].Err, tt.want)
			})
		})
	}
}

func TestContextCancelledBeforeStatement(t *testing.T) {
	w, ran := counting(t)
	db := w.DB()
	c, err := db.Conn(t.Context())
	require.NoError(t, err)
	defer c.Close()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err = c.ExecContext(ctx, "SELECT 1")
	assert.ErrorIs(t, err, context.Canceled)
	_, err = c.QueryContext(ctx, "SELECT 1")
	assert.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, ran.Load())
}

func TestContextCancelledDuringExecution(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newStubWorkspace(t, nil, func(ctx context.Context, _ string, _ warehouse.Params) (*warehouse.Result, error) {
			<-ctx.Done()
			return nil, errclass.New("OPERATION_CANCELED", "Operation has been canceled.")
		})
		defer w.Close()
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		_, err := w.DB().ExecContext(ctx, "SELECT 1")
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		var e *Error
		require.ErrorAs(t, err, &e, "the warehouse error stays reachable")
		assert.Equal(t, "HY008", e.SqlState())
	})
}

func TestClose(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := New(nil)
		w.open = func(string) session {
			return sessionFunc(func(context.Context, string, warehouse.Params) (*warehouse.Result, error) {
				return okResult(0), nil
			})
		}
		db1, db2 := w.DB(), w.DB()
		own := sql.OpenDB(w.Connector())
		defer own.Close()
		held, err := own.Conn(t.Context())
		require.NoError(t, err)
		defer held.Close()
		require.NoError(t, db1.PingContext(t.Context()))

		require.NoError(t, w.Close())
		require.NoError(t, w.Close(), "closing twice is a no-op")

		for _, db := range []*sql.DB{db1, db2, w.DB()} {
			_, err := db.ExecContext(t.Context(), "SELECT 1")
			assert.Error(t, err, "pools handed out are closed")
		}
		_, err = held.ExecContext(t.Context(), "SELECT 1")
		assert.ErrorIs(t, err, ErrClosed)
		_, err = own.ExecContext(t.Context(), "SELECT 1")
		assert.ErrorIs(t, err, ErrClosed)
		_, err = w.Connector().Connect(t.Context())
		assert.ErrorIs(t, err, ErrClosed)
		assert.Empty(t, w.Statements(), "statements refused after Close are not logged")
	})
}

func TestCloseDuringLatency(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var ran atomic.Int64
		w := newStubWorkspace(t, &Options{Latency: time.Second}, func(context.Context, string, warehouse.Params) (*warehouse.Result, error) {
			ran.Add(1)
			return okResult(0), nil
		})
		db := w.DB()
		c, err := db.Conn(t.Context())
		require.NoError(t, err)
		time.AfterFunc(time.Millisecond, func() { _ = w.Close() })
		_, err = c.ExecContext(t.Context(), "SELECT 1")
		assert.ErrorIs(t, err, ErrClosed)
		assert.Zero(t, ran.Load())
		assert.NoError(t, c.Close())
	})
}

func TestBeginTxUnsupported(t *testing.T) {
	w, _ := counting(t)
	_, err := w.DB().BeginTx(t.Context(), nil)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "UNSUPPORTED_FEATURE.MULTI_STATEMENT_TRANSACTION", e.ErrorClass())
	assert.Equal(t, "0A000", e.SqlState())
}

func TestSessionPerConnection(t *testing.T) {
	var opened atomic.Int64
	w := New(nil)
	w.open = func(string) session {
		opened.Add(1)
		return sessionFunc(func(context.Context, string, warehouse.Params) (*warehouse.Result, error) {
			return okResult(0), nil
		})
	}
	defer w.Close()
	db := w.DB()
	c1, err := db.Conn(t.Context())
	require.NoError(t, err)
	c2, err := db.Conn(t.Context())
	require.NoError(t, err)
	for _, c := range []*sql.Conn{c1, c2, c1} {
		_, err := c.ExecContext(t.Context(), "USE CATALOG main")
		require.NoError(t, err)
	}
	require.NoError(t, c1.Close())
	require.NoError(t, c2.Close())
	assert.Equal(t, int64(2), opened.Load())
}

func TestConcurrentUse(t *testing.T) {
	w := newStubWorkspace(t, nil, func(_ context.Context, _ string, p warehouse.Params) (*warehouse.Result, error) {
		return oneColumn(p.Positional[0].I), nil
	})
	db := w.DB()
	const goroutines, each = 32, 50
	var wg sync.WaitGroup
	var bad atomic.Int64
	for g := range goroutines {
		wg.Go(func() {
			for i := range each {
				want := int64(g*1000 + i)
				var got int64
				if err := db.QueryRowContext(context.Background(), "SELECT ?", want).Scan(&got); err != nil || got != want {
					bad.Add(1)
				}
				if i%10 == 0 {
					_ = w.Statements()
				}
			}
		})
	}
	remove, err := w.InjectFault(Fault{Pattern: "never matches"})
	require.NoError(t, err)
	remove()
	wg.Wait()
	assert.Zero(t, bad.Load())
	assert.Len(t, w.Statements(), goroutines*each)
}
