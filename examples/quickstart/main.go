// Command quickstart is a short tour of ucdeploy's fake Databricks SQL
// warehouse: it creates a catalog, a schema, a table and a view, inserts
// rows with parameters, queries them, and shows a Databricks error.
package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/ucdeploy/ucdeploy/databrickstest"
)

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	ws := databrickstest.New(nil)
	defer ws.Close()
	db := ws.DB()

	steps := []string{
		"CREATE CATALOG production",
		"CREATE SCHEMA production.sales",
		`CREATE TABLE production.sales.orders (
			order_id BIGINT NOT NULL,
			customer STRING,
			amount   DECIMAL(10,2),
			ordered  DATE
		) COMMENT 'one row per order'`,
	}
	for _, s := range steps {
		if err := exec(ctx, db, s); err != nil {
			return err
		}
	}

	fmt.Println("\n-- insert with parameters")
	rows := []struct {
		id       int64
		customer string
		amount   string
		ordered  string
	}{
		{1, "alice", "120.50", "2026-11-01"},
		{2, "bob", "75.00", "2026-11-02"},
		{3, "alice", "19.99", "2026-11-03"},
		{4, "carol", "310.25", "2026-11-03"},
	}
	for _, r := range rows {
		_, err := db.ExecContext(ctx,
			"INSERT INTO production.sales.orders VALUES (?, ?, CAST(? AS DECIMAL(10,2)), CAST(? AS DATE))",
			r.id, r.customer, r.amount, r.ordered)
		if err != nil {
			return err
		}
	}
	fmt.Printf("inserted %d orders\n", len(rows))

	if err := exec(ctx, db, `CREATE VIEW production.sales.customer_totals AS
		SELECT customer, count(*) AS orders, sum(amount) AS total
		FROM production.sales.orders GROUP BY customer`); err != nil {
		return err
	}

	if err := query(ctx, db, "SELECT * FROM production.sales.customer_totals ORDER BY total DESC"); err != nil {
		return err
	}
	if err := query(ctx, db, "SELECT table_name, table_type FROM production.information_schema.tables WHERE table_schema = 'sales' ORDER BY table_name"); err != nil {
		return err
	}
	if err := query(ctx, db, "SELECT customer, pmod(xxhash64(customer), 100) AS bucket FROM production.sales.orders GROUP BY customer ORDER BY customer"); err != nil {
		return err
	}

	fmt.Println("\n-- errors look like Databricks errors")
	_, err := db.QueryContext(ctx, "SELECT * FROM production.sales.order")
	var state interface{ SqlState() string }
	if errors.As(err, &state) {
		fmt.Printf("SQLSTATE %s\n%v\n", state.SqlState(), err)
	} else {
		return fmt.Errorf("expected a SQL error, got %v", err)
	}
	fmt.Printf("\nthe fake warehouse ran %d statements\n", len(ws.Statements()))
	return nil
}

func exec(ctx context.Context, db *sql.DB, stmt string) error {
	fmt.Printf("\n%s\n", oneLine(stmt))
	_, err := db.ExecContext(ctx, stmt)
	if err == nil {
		fmt.Println("OK")
	}
	return err
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// query prints a result as an aligned table.
func query(ctx context.Context, db *sql.DB, q string) error {
	fmt.Printf("\n%s\n", oneLine(q))
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(cols, "\t"))
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		cells := make([]string, len(vals))
		for i, v := range vals {
			cells[i] = fmt.Sprint(v)
			if v == nil {
				cells[i] = "NULL"
			}
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return tw.Flush()
}
