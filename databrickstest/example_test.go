package databrickstest_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ucdeploy/ucdeploy/databrickstest"
)

// Example creates a catalog, a schema and a table, inserts rows with
// positional parameters and queries them with a named parameter.
func Example() {
	ctx := context.Background()
	w := databrickstest.New(nil)
	defer w.Close()
	db := w.DB()

	for _, q := range []string{
		"CREATE CATALOG shop",
		"CREATE SCHEMA shop.sales",
		"CREATE TABLE shop.sales.orders (id BIGINT, customer STRING, amount DECIMAL(10,2))",
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			fmt.Println(err)
			return
		}
	}
	for _, o := range []struct {
		id       int64
		customer string
		amount   float64
	}{{1, "alice", 12.5}, {2, "bob", 7.25}} {
		res, err := db.ExecContext(ctx, "INSERT INTO shop.sales.orders VALUES (?, ?, ?)", o.id, o.customer, o.amount)
		if err != nil {
			fmt.Println(err)
			return
		}
		n, _ := res.RowsAffected()
		fmt.Println("inserted", n)
	}

	rows, err := db.QueryContext(ctx,
		"SELECT customer, amount FROM shop.sales.orders WHERE amount > :min ORDER BY id",
		sql.Named("min", 10))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rows.Close()
	for rows.Next() {
		var customer, amount string // DECIMAL scans as its text, as with databricks-sql-go
		if err := rows.Scan(&customer, &amount); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(customer, amount)
	}
	fmt.Println("statements:", len(w.Statements()))
	// Output:
	// inserted 1
	// inserted 1
	// alice 12.50
	// statements: 6
}

// ExampleWorkspace_InjectFault makes the first INSERT fail with a Delta
// concurrency error, as a retry loop would see it.
func ExampleWorkspace_InjectFault() {
	ctx := context.Background()
	w := databrickstest.New(nil)
	defer w.Close()
	db := w.DB()
	if _, err := db.ExecContext(ctx, "CREATE TABLE t (id BIGINT)"); err != nil {
		fmt.Println(err)
		return
	}

	remove, err := w.InjectFault(databrickstest.Fault{
		Pattern: `^INSERT INTO t\b`,
		Nth:     1,
		Class:   "DELTA_CONCURRENT_APPEND",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer remove()

	for attempt := 1; ; attempt++ {
		_, err := db.ExecContext(ctx, "INSERT INTO t VALUES (1)")
		var e *databrickstest.Error
		if errors.As(err, &e) && e.SqlState() == "2D521" {
			fmt.Println("attempt", attempt, "conflict:", e.ErrorClass())
			continue
		}
		fmt.Println("attempt", attempt, "error:", err)
		break
	}
	var n int64
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM t").Scan(&n); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("rows:", n)
	// Output:
	// attempt 1 conflict: DELTA_CONCURRENT_APPEND
	// attempt 2 error: <nil>
	// rows: 1
}

// ExampleFault_after shows a statement that commits although the caller
// receives an error: a blind retry would insert the row twice.
func ExampleFault_after() {
	ctx := context.Background()
	w := databrickstest.New(nil)
	defer w.Close()
	db := w.DB()
	if _, err := db.ExecContext(ctx, "CREATE TABLE t (id BIGINT)"); err != nil {
		fmt.Println(err)
		return
	}
	remove, err := w.InjectFault(databrickstest.Fault{Pattern: `^INSERT`, Nth: 1, After: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer remove()

	_, err = db.ExecContext(ctx, "INSERT INTO t VALUES (1)")
	fmt.Println(err)
	var n int64
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM t").Scan(&n); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("rows:", n)
	// Output:
	// [FAULT_INJECTED] The fault was injected by databrickstest. SQLSTATE: XXKF0
	// rows: 1
}

// ExampleOptions_latency gives every statement a delay; a context that
// expires first cancels the statement. In tests, run this inside
// synctest.Test so that the delays take no real time.
func ExampleOptions_latency() {
	w := databrickstest.New(&databrickstest.Options{Latency: 20 * time.Millisecond})
	defer w.Close()
	db := w.DB()

	start := time.Now()
	_, err := db.ExecContext(context.Background(), "SELECT 1")
	fmt.Println(err, time.Since(start) >= 20*time.Millisecond)

	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	_, err = db.ExecContext(ctx, "SELECT 1")
	fmt.Println(errors.Is(err, context.DeadlineExceeded))
	// Output:
	// <nil> true
	// true
}

// ExampleWorkspace_Statements inspects what the code under test sent.
func ExampleWorkspace_Statements() {
	ctx := context.Background()
	w := databrickstest.New(nil)
	defer w.Close()
	db := w.DB()
	_, _ = db.ExecContext(ctx, "CREATE TABLE t (id BIGINT, name STRING)")
	_, _ = db.ExecContext(ctx, "INSERT INTO t VALUES (?, ?)", 1, "a")
	_, _ = db.ExecContext(ctx, "SELECT * FROM missing")

	for _, st := range w.Statements() {
		fmt.Printf("%s %v rows=%d err=%v\n", st.Text, st.Args, st.RowsAffected, st.Err != nil)
	}
	// Output:
	// CREATE TABLE t (id BIGINT, name STRING) [] rows=-1 err=false
	// INSERT INTO t VALUES (?, ?) [1 a] rows=1 err=false
	// SELECT * FROM missing [] rows=-1 err=true
}

// A blue-green switch must use ALTER VIEW … AS: it keeps the grants that
// consumers read through, while CREATE OR REPLACE VIEW drops them.
func ExampleWorkspace_DBAs() {
	ctx := context.Background()
	w := databrickstest.New(nil)
	defer w.Close()
	admin := w.DB()
	analyst := w.DBAs("analyst@example.com")

	for _, q := range []string{
		"CREATE TABLE main.default.orders_blue (id INT)",
		"CREATE TABLE main.default.orders_green (id INT)",
		"INSERT INTO main.default.orders_green VALUES (1), (2)",
		"CREATE VIEW main.default.orders AS SELECT * FROM main.default.orders_blue",
		"GRANT USE CATALOG ON CATALOG main TO `analyst@example.com`",
		"GRANT USE SCHEMA ON SCHEMA main.default TO `analyst@example.com`",
		"GRANT SELECT ON VIEW main.default.orders TO `analyst@example.com`",
		"ALTER VIEW main.default.orders AS SELECT * FROM main.default.orders_green",
	} {
		if _, err := admin.ExecContext(ctx, q); err != nil {
			fmt.Println(err)
			return
		}
	}
	var n int
	err := analyst.QueryRowContext(ctx, "SELECT count(*) FROM main.default.orders").Scan(&n)
	fmt.Println("after ALTER VIEW:", n, err)

	_, _ = admin.ExecContext(ctx, "CREATE OR REPLACE VIEW main.default.orders AS SELECT * FROM main.default.orders_green")
	err = analyst.QueryRowContext(ctx, "SELECT count(*) FROM main.default.orders").Scan(&n)
	var e *databrickstest.Error
	if errors.As(err, &e) {
		fmt.Println("after CREATE OR REPLACE VIEW:", e.Class, e.SqlState())
	}
	// Output:
	// after ALTER VIEW: 2 <nil>
	// after CREATE OR REPLACE VIEW: INSUFFICIENT_PERMISSIONS 42501
}

// DESCRIBE HISTORY shows one Delta version per commit; RESTORE goes back
// to one of them with a new commit.
func ExampleWorkspace_deltaHistory() {
	ctx := context.Background()
	w := databrickstest.New(nil)
	defer w.Close()
	db := w.DB()
	for _, q := range []string{
		"CREATE TABLE t (id INT)",
		"INSERT INTO t VALUES (1), (2)",
		"DELETE FROM t WHERE id = 1",
		"RESTORE TABLE t TO VERSION AS OF 1",
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			fmt.Println(err)
			return
		}
	}
	rows, err := db.QueryContext(ctx, "DESCRIBE HISTORY t")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(vals[0], vals[4], vals[5])
	}
	var n int
	_ = db.QueryRowContext(ctx, "SELECT count(*) FROM t").Scan(&n)
	fmt.Println("rows now:", n)
	// Output:
	// 3 RESTORE {"version":"1"}
	// 2 DELETE {"predicate":"[\"(id = 1)\"]"}
	// 1 WRITE {"mode":"Append","partitionBy":"[]"}
	// 0 CREATE TABLE {"isManaged":"true","description":"","partitionBy":"[]","properties":"{}"}
	// rows now: 2
}
