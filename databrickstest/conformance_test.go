package databrickstest_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"github.com/ucdeploy/ucdeploy/internal/dbxenv"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/databrickstest"
)

// The conformance suite is behaviour that both the fake and a real SQL
// warehouse must show. It runs against the fake in every go test, and
// against a real workspace when DATABRICKS_HOST, DATABRICKS_TOKEN and
// DATABRICKS_WAREHOUSE_ID are set (in the catalog DATABRICKS_CATALOG,
// default "main", in a schema it creates and drops).

func TestConformanceFake(t *testing.T) {
	w := databrickstest.New(nil)
	defer w.Close()
	runConformance(t, w.DB(), "main")
}

func TestConformanceWorkspace(t *testing.T) {
	cfg, ok := dbxenv.FromEnv()
	if !ok {
		t.Skip(dbxenv.SkipReason)
	}
	db, err := cfg.Open()
	require.NoError(t, err)
	defer db.Close()
	runConformance(t, db, cfg.Catalog)
}

var classRE = regexp.MustCompile(`\[([A-Z_]+(?:\.[A-Z_]+)?)\]`)

// errorClass extracts the Databricks error class from an error's text, as
// both the fake and databricks-sql-go render it.
func errorClass(err error) string {
	m := classRE.FindStringSubmatch(err.Error())
	if m == nil {
		return ""
	}
	return m[1]
}

func runConformance(t *testing.T, db *sql.DB, catalog string) {
	ctx := context.Background()
	schema := fmt.Sprintf("ucdeploy_conformance_%d", time.Now().UnixNano())
	ns := "`" + catalog + "`.`" + schema + "`"
	exec := func(t *testing.T, q string, args ...any) {
		t.Helper()
		_, err := db.ExecContext(ctx, q, args...)
		require.NoError(t, err, q)
	}
	exec(t, "CREATE SCHEMA "+ns)
	t.Cleanup(func() { _, _ = db.ExecContext(context.Background(), "DROP SCHEMA "+ns+" CASCADE") })
	exec(t, "CREATE TABLE "+ns+".orders (id BIGINT NOT NULL, customer STRING, amount DECIMAL(10,2), day DATE)")
	exec(t, "INSERT INTO "+ns+".orders VALUES (1, 'alice', 10.50, DATE '2024-01-01'), (2, 'bob', 20.00, DATE '2024-01-02'), (3, NULL, 5.25, NULL)")

	query := func(t *testing.T, q string, args ...any) [][]any {
		t.Helper()
		rows, err := db.QueryContext(ctx, q, args...)
		require.NoError(t, err, q)
		defer rows.Close()
		cols, err := rows.Columns()
		require.NoError(t, err)
		var out [][]any
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			require.NoError(t, rows.Scan(ptrs...))
			out = append(out, vals)
		}
		require.NoError(t, rows.Err())
		return out
	}

	t.Run("values and Go types", func(t *testing.T) {
		got := query(t, "SELECT 1, 2147483648, 1.5, 1.5D, 'a', true, CAST(NULL AS INT), DATE '2024-02-29', TIMESTAMP '2024-01-02 03:04:05'")
		want := []any{int32(1), int64(2147483648), "1.5", 1.5, "a", true, nil,
			time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}
		require.Len(t, got, 1)
		assert.Equal(t, want, got[0])
	})
	t.Run("three-valued logic and hashes", func(t *testing.T) {
		got := query(t, "SELECT NULL AND FALSE, NULL OR TRUE, 2 IN (1, NULL), hash('abcde'), xxhash64('user_42'), pmod(hash(1), 100)")
		assert.Equal(t, []any{false, true, nil, int32(814637928), int64(-3178879113700667421), int32(43)}, got[0])
	})
	t.Run("parameters", func(t *testing.T) {
		got := query(t, "SELECT customer FROM "+ns+".orders WHERE id = ?", 2)
		assert.Equal(t, [][]any{{"bob"}}, got)
		got = query(t, "SELECT count(*) FROM "+ns+".orders WHERE amount > :min", sql.Named("min", 6))
		assert.Equal(t, [][]any{{int64(2)}}, got)
	})
	t.Run("aggregates and ordering", func(t *testing.T) {
		got := query(t, "SELECT customer, count(*), sum(amount) FROM "+ns+".orders GROUP BY customer ORDER BY customer")
		assert.Equal(t, [][]any{{nil, int64(1), "5.25"}, {"alice", int64(1), "10.50"}, {"bob", int64(1), "20.00"}}, got)
	})
	t.Run("views switch with ALTER VIEW", func(t *testing.T) {
		exec(t, "CREATE TABLE "+ns+".green AS SELECT * FROM "+ns+".orders WHERE id < 3")
		exec(t, "CREATE VIEW "+ns+".v AS SELECT * FROM "+ns+".orders")
		assert.Equal(t, [][]any{{int64(3)}}, query(t, "SELECT count(*) FROM "+ns+".v"))
		exec(t, "ALTER VIEW "+ns+".v AS SELECT * FROM "+ns+".green")
		assert.Equal(t, [][]any{{int64(2)}}, query(t, "SELECT count(*) FROM "+ns+".v"))
	})
	t.Run("delta versions and restore", func(t *testing.T) {
		exec(t, "CREATE TABLE "+ns+".h (id INT)")
		exec(t, "INSERT INTO "+ns+".h VALUES (1), (2)")
		exec(t, "DELETE FROM "+ns+".h WHERE id = 1")
		got := query(t, "SELECT count(*) FROM "+ns+".h VERSION AS OF 1")
		assert.Equal(t, [][]any{{int64(2)}}, got)
		exec(t, "RESTORE TABLE "+ns+".h TO VERSION AS OF 1")
		assert.Equal(t, [][]any{{int64(2)}}, query(t, "SELECT count(*) FROM "+ns+".h"))
		hist := query(t, "DESCRIBE HISTORY "+ns+".h")
		require.Len(t, hist, 4)
		assert.Equal(t, "RESTORE", hist[0][4])
		assert.Equal(t, "CREATE TABLE", hist[3][4])
	})
	t.Run("errors", func(t *testing.T) {
		cases := []struct{ sql, class, state string }{
			{"SELECT * FROM " + ns + ".missing", "TABLE_OR_VIEW_NOT_FOUND", "42P01"},
			{"SELECT nope FROM " + ns + ".orders", "UNRESOLVED_COLUMN.WITH_SUGGESTION", "42703"},
			{"SELECT 1/0", "DIVIDE_BY_ZERO", "22012"},
			{"SELECT 2147483647 + 1", "ARITHMETIC_OVERFLOW", "22003"},
			{"SELECT CAST('abc' AS INT)", "CAST_INVALID_INPUT", "22018"},
			{"CREATE SCHEMA " + ns, "SCHEMA_ALREADY_EXISTS", "42P06"},
			{"INSERT INTO " + ns + ".orders VALUES (NULL, 'x', 1, NULL)", "DELTA_NOT_NULL_CONSTRAINT_VIOLATED", "23502"},
			{"SELEC 1", "PARSE_SYNTAX_ERROR", "42601"},
		}
		for _, c := range cases {
			_, err := db.ExecContext(ctx, c.sql)
			require.Error(t, err, c.sql)
			assert.Equal(t, c.class, errorClass(err), c.sql)
			var st interface{ SqlState() string }
			if assert.True(t, errors.As(err, &st), "%s: no SqlState in %T", c.sql, err) {
				assert.Equal(t, c.state, st.SqlState(), c.sql)
			}
		}
	})
}
