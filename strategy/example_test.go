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
	// checkpoint SELECT table_name, view_definition FROM `production`.`information_schema`.`views` WHERE lower(table_schema) = lower(?)
	// build      SHOW SCHEMAS IN `production_green`
	// build      SELECT 1 FROM `production_green`.`information_schema`.`schemata` WHERE schema_name = lower(?) LIMIT 1
	// build      CREATE CATALOG IF NOT EXISTS `production_green`
	// build      CREATE SCHEMA IF NOT EXISTS `production_green`.`sales`
	// build      CREATE TABLE `production_green`.`sales`.`orders__r2` AS SELECT * FROM <blue of production.sales.orders>
	// switch     ALTER VIEW `production`.`sales`.`orders` AS SELECT * FROM `production_green`.`sales`.`orders__r2`
	// cleanup    SELECT table_name FROM `production_green`.`information_schema`.`tables` WHERE lower(table_schema) = lower(?) AND table_type <> 'VIEW' ORDER BY created DESC, table_name DESC
	// cleanup    DROP TABLE IF EXISTS <blue of production.sales.orders>
	// sent: 0
}
