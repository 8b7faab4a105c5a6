package strategy_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/databrickstest"
	"github.com/ucdeploy/ucdeploy/strategy"
	"github.com/ucdeploy/ucdeploy/validate"
)

// exampleWorkspace returns a fake workspace where consumers read the view
// production.sales.orders over the table production.sales.orders_v1.
func exampleWorkspace() *databrickstest.Workspace {
	ws := databrickstest.New(nil)
	for _, q := range []string{
		"CREATE CATALOG production",
		"CREATE SCHEMA production.sales",
		"CREATE TABLE production.sales.orders_v1 (id BIGINT, amount DECIMAL(10,2))",
		"INSERT INTO production.sales.orders_v1 VALUES (1, 10.00), (2, 20.00), (3, 30.00)",
		"CREATE VIEW production.sales.orders AS SELECT * FROM production.sales.orders_v1",
	} {
		if _, err := ws.DB().Exec(q); err != nil {
			log.Fatal(err)
		}
	}
	return ws
}

func ExampleBlueGreen_Plan() {
	plan, err := strategy.BlueGreen{
		AutoPromote: true,
		Analysis:    &strategy.Analysis{Checks: validate.Checks{validate.RowCount{MaxRelDiff: 0.01}}},
		Monitor:     &strategy.Monitor{},
		KeepBlue:    strategy.Duration(24 * time.Hour),
	}.Plan(strategy.Release{
		ID:     "r2",
		Tables: []strategy.Table{{View: catalog.MustName("production", "sales", "orders")}},
		Build:  strategy.Build{SQL: []string{"CREATE TABLE {{green}} AS SELECT * FROM {{blue}}"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("green:", plan.Units[0].Green)
	for _, s := range plan.Steps {
		fmt.Printf("%-13s %-10s %s\n", s.Name, s.Kind, s.Duration)
	}
	// Output:
	// green: production_green.sales.orders__r2
	// checkpoint    checkpoint 0s
	// build         build      0s
	// pre-promotion analysis   0s
	// switch        switch     0s
	// monitor       monitor    30m0s
	// commit        commit     0s
	// keep-blue     wait       24h0m0s
	// cleanup       cleanup    0s
}

func ExampleEngine_Run() {
	ws := exampleWorkspace()
	defer ws.Close()
	ctx := context.Background()

	bg := strategy.BlueGreen{
		AutoPromote: true,
		Analysis:    &strategy.Analysis{Checks: validate.Checks{validate.RowCount{MaxRelDiff: 0.01}}},
	}
	release := func(id, where string) strategy.Release {
		return strategy.Release{
			ID:     id,
			Tables: []strategy.Table{{View: catalog.MustName("production", "sales", "orders")}},
			Build:  strategy.Build{SQL: []string{"CREATE TABLE {{green}} AS SELECT id, amount * 2 AS amount FROM {{blue}} WHERE " + where}},
		}
	}
	eng := strategy.New(ws.DB(), nil)

	plan, err := bg.Plan(release("r2", "TRUE"))
	if err != nil {
		log.Fatal(err)
	}
	report, err := eng.Run(ctx, plan)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(report.Release, report.Status, report.Units[0].Blue, "->", report.Units[0].Green)

	// A broken build loses rows: the gate stops it and the view stays.
	plan, err = bg.Plan(release("r3", "id < 2"))
	if err != nil {
		log.Fatal(err)
	}
	report, err = eng.Run(ctx, plan)
	fmt.Println(report.Release, report.Status, errors.Is(err, strategy.ErrAborted))
	fmt.Println(report.Analyses[0].Report.Pairs[0].Results[0].Reason)

	var total string
	if err := ws.DB().QueryRow("SELECT sum(amount) FROM production.sales.orders").Scan(&total); err != nil {
		log.Fatal(err)
	}
	fmt.Println("consumers read", total)
	// Output:
	// r2 succeeded production.sales.orders_v1 -> production_green.sales.orders__r2
	// r3 rolled-back true
	// green has 66.67% fewer rows than blue (1 vs 3); allowed 1.00%
	// consumers read 120.00
}

func ExampleEngine_DryRun() {
	ws := exampleWorkspace()
	defer ws.Close()
	plan, err := strategy.BlueGreen{AutoPromote: true}.Plan(strategy.Release{
		ID:     "r2",
		Tables: []strategy.Table{{View: catalog.MustName("production", "sales", "orders")}},
		Build:  strategy.Build{SQL: []string{"CREATE TABLE {{green}} AS SELECT * FROM {{blue}}"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	stmts, err := strategy.New(ws.DB(), nil).DryRun(context.Background(), plan)
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range stmts {
		fmt.Printf("%-10s %s\n", s.Step, s.SQL)
	}
	fmt.Println("sent:", len(ws.Statements())-5)
	// Output:
	// checkpoint SELECT t.table_name, t.table_type, t.created, v.view_definition FROM `production`.`information_schema`.`tables` AS t LEFT JOIN `production`.`information_schema`.`views` AS v ON v.table_schema = t.table_schema AND v.table_name = t.table_name WHERE t.table_schema = lower(?) ORDER BY t.created DESC, t.table_name DESC
	// build      SHOW SCHEMAS IN `production_green`
	// build      SELECT 1 FROM `production_green`.`information_schema`.`schemata` WHERE schema_name = lower(?) LIMIT 1
	// build      CREATE CATALOG IF NOT EXISTS `production_green`
	// build      CREATE SCHEMA IF NOT EXISTS `production_green`.`sales`
	// build      CREATE TABLE `production_green`.`sales`.`orders__r2` AS SELECT * FROM <blue of production.sales.orders>
	// switch     ALTER VIEW `production`.`sales`.`orders` AS SELECT * FROM `production_green`.`sales`.`orders__r2`
	// cleanup    SELECT t.table_name, t.table_type, t.created, v.view_definition FROM `production_green`.`information_schema`.`tables` AS t LEFT JOIN `production_green`.`information_schema`.`views` AS v ON v.table_schema = t.table_schema AND v.table_name = t.table_name WHERE t.table_schema = lower(?) ORDER BY t.created DESC, t.table_name DESC
	// cleanup    DROP TABLE IF EXISTS <blue of production.sales.orders>
	// sent: 0
}

func ExampleRecreate() {
	ws := exampleWorkspace()
	defer ws.Close()
	ctx := context.Background()
	db := ws.DB()
	// Consumers read the table production.sales.orders_v1 directly.
	table := catalog.MustName("production", "sales", "orders_v1")
	migrate := func(id, where string) strategy.Plan {
		p, err := strategy.Recreate{
			Analysis: &strategy.Analysis{Checks: validate.Checks{validate.RowCount{MaxRelDiff: 0.01}}},
		}.Plan(strategy.Release{
			ID:     id,
			Tables: []strategy.Table{{View: table}},
			// {{blue}} is a snapshot of the table as it was.
			Build: strategy.Build{SQL: []string{"CREATE OR REPLACE TABLE {{green}} AS " +
				"SELECT id, CAST(amount * 100 AS BIGINT) AS amount_cents FROM {{blue}} WHERE " + where}},
		})
		if err != nil {
			log.Fatal(err)
		}
		return p
	}
	columns := func() {
		t, err := catalog.New(db, nil).DescribeTable(ctx, table)
		if err != nil {
			log.Fatal(err)
		}
		for _, c := range t.Columns {
			fmt.Print(" ", c.Name, " ", c.Type)
		}
		fmt.Println()
	}
	eng := strategy.New(db, nil)

	// A broken migration loses a row: the table is restored.
	report, err := eng.Run(ctx, migrate("r2", "id > 1"))
	fmt.Println(report.Release, report.Status, errors.Is(err, strategy.ErrAborted), "restored:", report.Rollback.Restored)
	columns()

	report, err = eng.Run(ctx, migrate("r3", "TRUE"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(report.Release, report.Status, "checkpointed version:", *report.Units[0].Version)
	columns()
	// Output:
	// r2 rolled-back true restored: 1
	//  id bigint amount decimal(10,2)
	// r3 succeeded checkpointed version: 3
	//  id bigint amount_cents bigint
}
