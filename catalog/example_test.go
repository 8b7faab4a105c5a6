package catalog_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/databrickstest"
)

// setup runs statements on a fake workspace, stopping at the first error.
func setup(ctx context.Context, db catalog.Executor, stmts ...string) error {
	for _, q := range stmts {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// Example switches the stable name of a table, a view, from the blue build
// to the green one. ALTER VIEW keeps the grants consumers read it with.
func Example() {
	ctx := context.Background()
	w := databrickstest.New(nil)
	defer w.Close()
	db := w.DB()
	if err := setup(ctx, db,
		"CREATE SCHEMA main.sales",
		"CREATE TABLE main.sales.orders_blue (id BIGINT)",
		"INSERT INTO main.sales.orders_blue VALUES (1)",
		"CREATE TABLE main.sales.orders_green (id BIGINT)",
		"INSERT INTO main.sales.orders_green VALUES (1), (2)",
	); err != nil {
		fmt.Println(err)
		return
	}

	c := catalog.New(db, nil)
	orders := catalog.MustName("main", "sales", "orders")
	blue := catalog.MustName("main", "sales", "orders_blue")
	green := catalog.MustName("main", "sales", "orders_green")
	if err := c.CreateView(ctx, orders, "SELECT * FROM "+blue.Quoted(), nil); err != nil {
		fmt.Println(err)
		return
	}
	if err := c.Switch(ctx, orders, green); err != nil {
		fmt.Println(err)
		return
	}
	def, err := c.ViewDefinition(ctx, orders)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(def)
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+orders.Quoted()).Scan(&n); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(n, "rows")
	// Output:
	// SELECT * FROM `main`.`sales`.`orders_green`
	// 2 rows
}

// ExampleParseName reads a name as written in SQL and renders it back.
func ExampleParseName() {
	n, err := catalog.ParseName("main.`sales-eu`.`my``table`")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%q\n", n.Parts())
	fmt.Println(n.Quoted())
	fmt.Println(n.String())

	_, err = catalog.ParseName("main.sales; DROP TABLE x")
	fmt.Println(errors.Is(err, catalog.ErrInvalid))
	// Output:
	// ["main" "sales-eu" "my`table"]
	// `main`.`sales-eu`.`my``table`
	// main.`sales-eu`.`my``table`
	// true
}

// ExampleClient_RestoreVersion takes note of a table's version before a
// bad write and restores it afterwards.
func ExampleClient_RestoreVersion() {
	ctx := context.Background()
	w := databrickstest.New(nil)
	defer w.Close()
	db := w.DB()
	c := catalog.New(db, nil)
	orders := catalog.MustName("main", "default", "orders")
	if err := setup(ctx, db,
		"CREATE TABLE main.default.orders (id BIGINT)",
		"INSERT INTO main.default.orders VALUES (1), (2)",
	); err != nil {
		fmt.Println(err)
		return
	}

	checkpoint, err := c.CurrentVersion(ctx, orders)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := setup(ctx, db, "DELETE FROM main.default.orders"); err != nil {
		fmt.Println(err)
		return
	}
	if err := c.RestoreVersion(ctx, orders, checkpoint); err != nil {
		fmt.Println(err)
		return
	}

	history, err := c.History(ctx, orders, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, commit := range history {
		line := fmt.Sprint(commit.Version, " ", commit.Operation)
		if v, ok := commit.OperationParameters["version"]; ok {
			line += " to version " + v
		}
		fmt.Println(line)
	}
	// Output:
	// 3 RESTORE to version 1
	// 2 DELETE
	// 1 WRITE
	// 0 CREATE TABLE
}

// ExampleClassify shows the errors of a failed operation: the sentinel
// for branching, and the warehouse's error class and SQLSTATE.
func ExampleClassify() {
	ctx := context.Background()
	w := databrickstest.New(nil)
	defer w.Close()
	c := catalog.New(w.DB(), nil)

	err := c.CreateSchema(ctx, catalog.MustName("nope", "sales"), nil)
	fmt.Println(errors.Is(err, catalog.ErrNotFound))
	fmt.Println(catalog.Classify(err))
	fmt.Println(catalog.ErrorClass(err), catalog.SQLState(err))
	var werr *databrickstest.Error // the driver's own error stays reachable
	fmt.Println(errors.As(err, &werr))
	// Output:
	// true
	// not found
	// NO_SUCH_CATALOG_EXCEPTION 42704
	// true
}

// ExampleDiffGrants finds the privileges a replacement table lacks.
func ExampleDiffGrants() {
	blue := []catalog.Grant{
		{Principal: "analysts", Privilege: "SELECT", ObjectType: catalog.ObjectTable, ObjectKey: "main.sales.orders_blue"},
		{Principal: "etl", Privilege: "MODIFY", ObjectType: catalog.ObjectTable, ObjectKey: "main.sales.orders_blue"},
		{Principal: "bi", Privilege: "SELECT", ObjectType: catalog.ObjectSchema, ObjectKey: "main.sales"},
	}
	green := []catalog.Grant{
		{Principal: "etl", Privilege: "MODIFY", ObjectType: catalog.ObjectTable, ObjectKey: "main.sales.orders_green"},
		{Principal: "bi", Privilege: "SELECT", ObjectType: catalog.ObjectSchema, ObjectKey: "main.sales"},
	}
	missing, extra := catalog.DiffGrants(blue, green)
	for _, g := range missing {
		fmt.Println("missing:", g.Principal, g.Privilege)
	}
	fmt.Println("extra:", len(extra))
	// Output:
	// missing: analysts SELECT
	// extra: 0
}

// ExampleClient_Retention reads how far back a table can be restored.
func ExampleClient_Retention() {
	ctx := context.Background()
	w := databrickstest.New(nil)
	defer w.Close()
	db := w.DB()
	if err := setup(ctx, db, "CREATE TABLE main.default.events (id BIGINT) "+
		"TBLPROPERTIES ('delta.deletedFileRetentionDuration' = 'interval 36 hours')"); err != nil {
		fmt.Println(err)
		return
	}
	r, err := catalog.New(db, nil).Retention(ctx, catalog.MustName("main", "default", "events"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.DeletedFileRetention, r.LogRetention)
	// Output:
	// 36h0m0s 720h0m0s
}
