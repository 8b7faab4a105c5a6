package rollback_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/databrickstest"
	"github.com/ucdeploy/ucdeploy/rollback"
)

// run executes statements, stopping the example on the first error.
func run(db *sql.DB, queries ...string) {
	for _, q := range queries {
		if _, err := db.ExecContext(context.Background(), q); err != nil {
			log.Fatal(err)
		}
	}
}

// show prints the rows of a one-column query on one line.
func show(db *sql.DB, label, query string) {
	rows, err := db.QueryContext(context.Background(), query)
	if err != nil {
		fmt.Println(label, err)
		return
	}
	defer rows.Close()
	var vals []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			log.Fatal(err)
		}
		vals = append(vals, v)
	}
	fmt.Println(label, strings.Join(vals, " "))
}

// countRestores returns how many RESTORE statements w received.
func countRestores(w *databrickstest.Workspace) int {
	n := 0
	for _, s := range w.Statements() {
		if strings.HasPrefix(s.Text, "RESTORE") {
			n++
		}
	}
	return n
}

func ExampleDeltaRestore() {
	ctx := context.Background()
	w := databrickstest.New(nil)
	defer w.Close()
	db := w.DB()
	run(db,
		"CREATE TABLE main.default.orders (id BIGINT, amount INT)",
		"INSERT INTO main.default.orders VALUES (1, 10), (2, 20)",
	)
	orders := catalog.MustName("main", "default", "orders")
	r := rollback.NewDeltaRestore(catalog.New(db, nil), []catalog.Name{orders},
		&rollback.DeltaRestoreOptions{Window: 30 * time.Minute})
	cp, err := r.Checkpoint(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("checkpoint:", cp.Tables[0].Table, "at version", cp.Tables[0].Version)

	// A deploy changes data and schema, then fails.
	run(db,
		"ALTER TABLE main.default.orders ADD COLUMNS (note STRING)",
		"INSERT INTO main.default.orders VALUES (3, 30, 'bad')",
	)
	if err := r.Rollback(ctx, cp); err != nil {
		log.Fatal(err)
	}
	show(db, "rows:", "SELECT CAST(id AS STRING) || ':' || CAST(amount AS STRING) FROM main.default.orders ORDER BY id")
	show(db, "columns:", "SELECT column_name FROM main.information_schema.columns WHERE table_name = 'orders' ORDER BY ordinal_position")
	fmt.Println("RESTORE statements:", countRestores(w))

	// Rolling back again changes nothing.
	w.ResetStatements()
	if err := r.Rollback(ctx, cp); err != nil {
		log.Fatal(err)
	}
	fmt.Println("RESTORE statements the second time:", countRestores(w))
	// Output:
	// checkpoint: main.default.orders at version 1
	// rows: 1:10 2:20
	// columns: id amount
	// RESTORE statements: 1
	// RESTORE statements the second time: 0
}

func ExampleDeltaRestore_retentionGuard() {
	w := databrickstest.New(nil)
	defer w.Close()
	db := w.DB()
	run(db,
		"CREATE TABLE main.default.events (id BIGINT)",
		"ALTER TABLE main.default.events SET TBLPROPERTIES ('delta.deletedFileRetentionDuration' = 'interval 10 minutes')",
	)
	r := rollback.NewDeltaRestore(catalog.New(db, nil), []catalog.Name{catalog.MustName("main", "default", "events")},
		&rollback.DeltaRestoreOptions{Window: 30 * time.Minute})
	_, err := r.Checkpoint(context.Background())
	fmt.Println(errors.Is(err, rollback.ErrRetention))
	fmt.Println(err)
	// Output:
	// true
	// rollback: checkpoint main.default.events: retention shorter than the observation window: delta.deletedFileRetentionDuration is 10m0s, the window 30m0s
}

func ExampleViewSwitch() {
	ctx := context.Background()
	w := databrickstest.New(nil)
	defer w.Close()
	db := w.DB()
	run(db,
		"CREATE TABLE main.default.orders_blue (id BIGINT)",
		"INSERT INTO main.default.orders_blue VALUES (1)",
		"CREATE TABLE main.default.orders_green (id BIGINT)",
		"INSERT INTO main.default.orders_green VALUES (2)",
		"CREATE VIEW main.default.orders AS SELECT * FROM `main`.`default`.`orders_blue`",
		"GRANT USE CATALOG ON CATALOG main TO `analyst@example.com`",
		"GRANT USE SCHEMA ON SCHEMA main.default TO `analyst@example.com`",
		"GRANT SELECT ON VIEW main.default.orders TO `analyst@example.com`",
	)
	analyst := w.DBAs("analyst@example.com")
	c := catalog.New(db, nil)
	view := catalog.MustName("main", "default", "orders")

	r := rollback.NewViewSwitch(c, []catalog.Name{view}, nil)
	cp, err := r.Checkpoint(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("checkpoint:", cp.Views[0].Definition)

	if err := c.Switch(ctx, view, catalog.MustName("main", "default", "orders_green")); err != nil {
		log.Fatal(err)
	}
	show(analyst, "analyst sees after the switch:", "SELECT id FROM main.default.orders")
	if err := r.Rollback(ctx, cp); err != nil {
		log.Fatal(err)
	}
	show(analyst, "analyst sees after the rollback:", "SELECT id FROM main.default.orders")
	// Output:
	// checkpoint: SELECT * FROM `main`.`default`.`orders_blue`
	// analyst sees after the switch: 2
	// analyst sees after the rollback: 1
}

func ExampleComposite() {
	ctx := context.Background()
	w := databrickstest.New(nil)
	defer w.Close()
	db := w.DB()
	run(db,
		"CREATE TABLE main.default.orders_blue (id BIGINT)",
		"INSERT INTO main.default.orders_blue VALUES (1)",
		"CREATE TABLE main.default.orders_green (id BIGINT)",
		"CREATE VIEW main.default.orders AS SELECT * FROM `main`.`default`.`orders_blue`",
	)
	view := catalog.MustName("main", "default", "orders")
	green := catalog.MustName("main", "default", "orders_green")

	// The deploying process: checkpoint, journal, build green, switch.
	c := catalog.New(db, nil)
	cp, err := rollback.NewComposite(
		rollback.NewDeltaRestore(c, []catalog.Name{green}, nil),
		rollback.NewViewSwitch(c, []catalog.Name{view}, nil),
	).Checkpoint(ctx)
	if err != nil {
		log.Fatal(err)
	}
	journal, err := json.Marshal(cp)
	if err != nil {
		log.Fatal(err)
	}
	run(db, "INSERT INTO main.default.orders_green VALUES (2)")
	if err := c.Switch(ctx, view, green); err != nil {
		log.Fatal(err)
	}

	// Another process rolls back from the journal: the view first, then
	// the table.
	other := catalog.New(w.DB(), nil)
	var read rollback.Checkpoint
	if err := json.Unmarshal(journal, &read); err != nil {
		log.Fatal(err)
	}
	w.ResetStatements()
	err = rollback.NewComposite(
		rollback.NewDeltaRestore(other, nil, nil),
		rollback.NewViewSwitch(other, nil, nil),
	).Rollback(ctx, read)
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range w.Statements() {
		if strings.HasPrefix(s.Text, "ALTER") || strings.HasPrefix(s.Text, "RESTORE") {
			fmt.Println(s.Text)
		}
	}
	show(db, "view:", "SELECT id FROM main.default.orders")
	show(db, "green:", "SELECT count(*) FROM main.default.orders_green")
	// Output:
	// ALTER VIEW `main`.`default`.`orders` AS SELECT * FROM `main`.`default`.`orders_blue`
	// RESTORE TABLE `main`.`default`.`orders_green` TO VERSION AS OF 0
	// view: 1
	// green: 0
}
