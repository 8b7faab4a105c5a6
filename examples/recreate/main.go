// Command recreate shows a Recreate deploy: a schema migration of two Delta
// tables that consumers read directly, replaced in place. ucdeploy
// checkpoints each table's Delta version, keeps it as a snapshot (a
// shallow clone), replaces the tables with CREATE OR REPLACE TABLE … AS
// SELECT from the snapshots, validates the new tables against them and
// watches a monitor window. Then a second migration with a bug: its
// validation fails and every table is RESTOREd to its checkpointed version,
// data and schema — including the table whose migration was fine. Last, a
// table whose Delta retention is shorter than the monitor window: the
// deploy refuses to start, since its rollback could not work.
//
// Recreate has downtime by design: consumers see each replace at once, and
// see a bad release until the rollback. Use BlueGreen when they must not.
//
// It runs on the embedded fake workspace by default, or on a real SQL
// warehouse when DATABRICKS_HOST, DATABRICKS_TOKEN and
// DATABRICKS_WAREHOUSE_ID are set. Time is compressed: the 30-minute
// monitor window runs -speedup times faster (1000 by default); the times
// printed are deploy time.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/examples/internal/exampledb"
	"github.com/ucdeploy/ucdeploy/examples/internal/tour"
	"github.com/ucdeploy/ucdeploy/rollback"
	"github.com/ucdeploy/ucdeploy/strategy"
	"github.com/ucdeploy/ucdeploy/validate"
)

const analyst = "analyst@example.com"

func main() {
	speedup := flag.Int("speedup", 1000, "how many times faster than real time the windows run")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, *speedup); err != nil {
		fmt.Fprintln(os.Stderr, "recreate:", err)
		os.Exit(1)
	}
}

// demo holds what the scenarios share.
type demo struct {
	t                *exampledb.Target
	cat              *catalog.Client
	out              io.Writer
	speedup          time.Duration
	orders, customer catalog.Name
	eng              *strategy.Engine

	log *tour.Log // the narration, stamped with deploy time

	// changed is set once a deploy starts a step that changes tables, so
	// a rollback of a deploy that changed nothing says so.
	changed atomic.Bool
}

func run(ctx context.Context, out io.Writer, speedup int) (err error) {
	if speedup < 1 {
		return fmt.Errorf("speedup %d: want at least 1", speedup)
	}
	t, err := exampledb.Open(ctx, "ucdeploy_recreate")
	if err != nil {
		return err
	}
	d := &demo{t: t, cat: catalog.New(t.DB, nil), out: out, speedup: time.Duration(speedup), log: tour.NewLog(out, time.Duration(speedup)),
		orders: t.Table("orders"), customer: t.Table("customers")}
	defer func() {
		if t.Fake == nil { // the fake's schemas vanish with it
			snap := catalog.MustName(t.Schema.Parts()[0], t.Schema.Last()+"_snapshot")
			_, derr := t.DB.ExecContext(ctx, "DROP SCHEMA IF EXISTS "+snap.Quoted()+" CASCADE")
			err = errors.Join(err, derr)
		}
		err = errors.Join(err, t.Close(ctx))
	}()
	fmt.Fprintf(out, "ucdeploy recreate deploy, on %s.\n", t.Where)
	fmt.Fprintf(out, "Waits run %d× faster than real time; times shown are deploy time.\n", speedup)
	if err := d.setup(ctx); err != nil {
		return fmt.Errorf("setup: %w", err)
	}
	d.eng = strategy.New(t.DB, &strategy.Options{OnEvent: d.print})
	for _, sc := range []func(context.Context) error{d.migrate, d.restore, d.refuse} {
		if err := sc(ctx); err != nil {
			return err
		}
	}
	if t.Fake != nil {
		fmt.Fprintf(out, "\nThe fake warehouse received %d statements. Nothing was sent anywhere else.\n", len(t.Fake.Statements()))
	}
	return nil
}

// setup creates the tables consumers read directly.
func (d *demo) setup(ctx context.Context) error {
	tour.Section(d.out, "setup: two tables that dashboards read directly")
	var orders, customers []string
	for i := 1; i <= 300; i++ {
		day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%120)
		orders = append(orders, fmt.Sprintf("(%d, 'c%02d', %d.%02d, '%s')", i, i%40, 5+i*37%300, i%100, day.Format(time.DateOnly)))
	}
	regions := []string{"north", "south", "east", "west"}
	for i := range 40 {
		customers = append(customers, fmt.Sprintf("('c%02d', 'Customer %d', '%s')", i, i, regions[i%4]))
	}
	stmts := []string{
		"CREATE SCHEMA IF NOT EXISTS " + d.t.Schema.Quoted(),
		// Amounts as floating point and dates as text: what the migration
		// fixes.
		"CREATE TABLE " + d.orders.Quoted() + " (order_id BIGINT, customer STRING, amount DOUBLE, ordered STRING)",
		"INSERT INTO " + d.orders.Quoted() + " VALUES " + strings.Join(orders, ", "),
		"CREATE TABLE " + d.customer.Quoted() + " (customer STRING, name STRING, region STRING)",
		"INSERT INTO " + d.customer.Quoted() + " VALUES " + strings.Join(customers, ", "),
	}
	if d.t.Fake != nil { // principals of a real workspace are its own
		p := "`" + analyst + "`"
		stmts = append(stmts,
			"GRANT USE CATALOG ON CATALOG "+catalog.MustName(d.t.Schema.Parts()[0]).Quoted()+" TO "+p,
			"GRANT USE SCHEMA ON SCHEMA "+d.t.Schema.Quoted()+" TO "+p,
			"GRANT SELECT ON TABLE "+d.orders.Quoted()+" TO "+p,
			"GRANT SELECT ON TABLE "+d.customer.Quoted()+" TO "+p)
	}
	for _, q := range stmts {
		if _, err := d.t.DB.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return d.state(ctx)
}

// recreate returns the strategy: snapshots in a schema beside the
// tables, a validation of row counts and totals against the snapshots, a
// 30-minute monitor window measured every 10 minutes.
func (d *demo) recreate() strategy.Recreate {
	return strategy.Recreate{
		Place: strategy.PlaceSchema,
		Analysis: &strategy.Analysis{Checks: validate.Checks{
			validate.RowCount{MaxRelDiff: 0},
		}},
		Monitor: &strategy.Monitor{
			Interval: strategy.Duration(10 * time.Minute / d.speedup), Duration: strategy.Duration(30 * time.Minute / d.speedup),
			Analysis: strategy.Analysis{Checks: validate.Checks{validate.RowCount{MaxRelDiff: 0}}},
		},
	}
}

// release returns a release of both tables with the given builds, each a
// query over {{blue}}, the snapshot of the table as it was.
func (d *demo) release(id, orders, customers string) strategy.Release {
	return strategy.Release{ID: id, Tables: []strategy.Table{
		{View: d.orders, Build: &strategy.Build{SQL: []string{"CREATE OR REPLACE TABLE {{green}} AS " + orders}},
			Checks: validate.Checks{
				validate.Unique{Columns: []string{"order_id"}},
				validate.Sum{Column: "amount", MaxRelDiff: 0.0001},
			}},
		{View: d.customer, Build: &strategy.Build{SQL: []string{"CREATE OR REPLACE TABLE {{green}} AS " + customers}}},
	}}
}

func (d *demo) migrate(ctx context.Context) error {
	tour.Section(d.out, "release r2: amounts to DECIMAL, dates to DATE, regions upper case")
	p, err := d.recreate().Plan(d.release("r2",
		"SELECT order_id, customer, CAST(amount AS DECIMAL(12,2)) AS amount, CAST(ordered AS DATE) AS ordered FROM {{blue}}",
		"SELECT customer, name, upper(region) AS region FROM {{blue}}"))
	if err != nil {
		return err
	}
	stmts, err := d.eng.DryRun(ctx, p)
	if err != nil {
		return err
	}
	fmt.Fprintf(d.out, "dry run: %d statements, none sent:\n", len(stmts))
	for _, s := range stmts {
		line := "  " + tour.Pad(s.Step, 11) + tour.Short(s.SQL, 110)
		if s.Note != "" {
			line += "  -- " + s.Note
		}
		fmt.Fprintln(d.out, line)
	}
	fmt.Fprintln(d.out, "\ndeploy:")
	return d.deploy(ctx, p)
}

func (d *demo) restore(ctx context.Context) error {
	tour.Section(d.out, "release r3: amounts in cents, name lengths — with a debugging filter left in")
	// The orders migration keeps a filter from its author's testing, which
	// loses the large orders; the customers migration is fine.
	p, err := d.recreate().Plan(d.release("r3",
		"SELECT order_id, customer, amount, ordered, CAST(amount * 100 AS BIGINT) AS amount_cents FROM {{blue}} WHERE amount < 250",
		"SELECT customer, name, region, length(name) AS name_length FROM {{blue}}"))
	if err != nil {
		return err
	}
	return d.deploy(ctx, p)
}

func (d *demo) refuse(ctx context.Context) error {
	tour.Section(d.out, "release r4: a table that keeps deleted files for 10 minutes only")
	if _, err := d.t.DB.ExecContext(ctx, "ALTER TABLE "+d.customer.Quoted()+
		" SET TBLPROPERTIES ('delta.deletedFileRetentionDuration' = 'interval 10 minutes')"); err != nil {
		return err
	}
	// The deploy is refused before any wait, so its window need not be
	// compressed: the guard compares the retention with 30 real minutes.
	re := d.recreate()
	re.Monitor.Interval, re.Monitor.Duration = strategy.Duration(10*time.Minute), strategy.Duration(30*time.Minute)
	p, err := re.Plan(d.release("r4",
		"SELECT * FROM {{blue}}",
		"SELECT customer, name, lower(region) AS region FROM {{blue}}"))
	if err != nil {
		return err
	}
	_, err = d.eng.Run(ctx, p)
	if !errors.Is(err, rollback.ErrRetention) {
		return fmt.Errorf("r4 should have been refused: %v", err)
	}
	var de *strategy.DeployError
	if errors.As(err, &de) {
		fmt.Fprintf(d.out, "r4 refused at the %s, before any change: %v\n", de.Step, de.Err)
	}
	return d.state(ctx)
}

// deploy runs p, prints the report and the tables' state. A deploy that
// fails and rolls back is part of the show; other errors are returned.
func (d *demo) deploy(ctx context.Context, p strategy.Plan) error {
	d.log.Restart()
	rep, err := d.eng.Run(ctx, p)
	var de *strategy.DeployError
	switch {
	case err == nil:
	case errors.As(err, &de) && de.RolledBack:
		fmt.Fprintf(d.out, "\n%s stopped at %s: %v\n", p.Release, de.Step, de.Err)
	default:
		return err
	}
	fmt.Fprintf(d.out, "\nreport: release %s %s\n", rep.Release, rep.Status)
	for _, u := range rep.Units {
		if u.Version != nil {
			fmt.Fprintf(d.out, "  %s checkpointed at version %d, snapshot %s\n", u.View, *u.Version, u.Blue)
		}
	}
	for _, s := range rep.Steps {
		res := "ok"
		if s.Error != "" {
			res = "FAILED"
		}
		fmt.Fprintf(d.out, "  %s %s %s\n", tour.Pad(s.Name, 11), tour.Pad(string(s.Kind), 11), res)
	}
	if rb := rep.Rollback; rb != nil {
		fmt.Fprintf(d.out, "  rollback: %d tables restored, %d snapshots dropped\n", rb.Restored, rb.Dropped)
	}
	return d.state(ctx)
}

// state prints each table's columns, latest commits and, on the fake,
// what the analyst reads.
func (d *demo) state(ctx context.Context) error {
	fmt.Fprintln(d.out, "tables now:")
	for _, tbl := range []catalog.Name{d.orders, d.customer} {
		desc, err := d.cat.DescribeTable(ctx, tbl)
		if err != nil {
			return err
		}
		var cols []string
		for _, c := range desc.Columns {
			cols = append(cols, c.Name+" "+c.Type)
		}
		fmt.Fprintf(d.out, "  %s (%s)\n", tbl, strings.Join(cols, ", "))
		h, err := d.cat.History(ctx, tbl, 2)
		if err != nil {
			return err
		}
		for _, c := range h {
			op := c.Operation
			if c.Operation == "RESTORE" {
				op += " to version " + c.OperationParameters["version"]
			}
			fmt.Fprintf(d.out, "    version %d: %s\n", c.Version, op)
		}
		if d.t.Fake != nil {
			var n int64
			if err := d.t.Fake.DBAs(analyst).QueryRowContext(ctx, "SELECT count(*) FROM "+tbl.Quoted()).Scan(&n); err != nil {
				return fmt.Errorf("%s can no longer read %s: %w", analyst, tbl, err)
			}
			fmt.Fprintf(d.out, "    %s reads %d rows\n", analyst, n)
		}
	}
	return nil
}

// print shows a deploy's events as they happen, at deploy time.
func (d *demo) print(ev strategy.Event) {
	switch ev.Type {
	case strategy.EventStarted:
		d.changed.Store(false)
	case strategy.EventStepStarted:
		if ev.Kind == strategy.KindSnapshot || ev.Kind == strategy.KindBuild {
			d.changed.Store(true)
		}
	case strategy.EventStepFinished:
		switch ev.Kind {
		case strategy.KindCheckpoint:
			d.log.Printf("%s Delta versions recorded (and the journal holds them)", tour.Pad(ev.Step, 11))
		case strategy.KindSnapshot:
			d.log.Printf("%s shallow clones of those versions made", tour.Pad(ev.Step, 11))
		case strategy.KindBuild:
			d.log.Printf("%s tables replaced in place: consumers see the new tables now (downtime by design)", tour.Pad(ev.Step, 11))
		case strategy.KindMonitor:
			d.log.Printf("%s window closed: every measurement passed", tour.Pad(ev.Step, 11))
		case strategy.KindCleanup:
			d.log.Printf("%s snapshots dropped", tour.Pad(ev.Step, 11))
		}
	case strategy.EventStepFailed:
		d.log.Printf("%s FAILED", tour.Pad(ev.Step, 11))
	case strategy.EventAnalysis:
		d.log.Analysis(ev.Step, 11, ev.Verdict, ev.Report)
	case strategy.EventRollbackStarted:
		if !d.changed.Load() {
			d.log.Printf("%s nothing was changed, so there is nothing to undo", tour.Pad("rollback", 11))
			break
		}
		d.log.Printf("%s undoing what the deploy changed: RESTORE to the checkpointed versions", tour.Pad("rollback", 11))
	case strategy.EventRollbackFinished:
		d.log.Printf("%s done", tour.Pad("rollback", 11))
	}
}
