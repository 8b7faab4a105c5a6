// Command bluegreen is ucdeploy's tour: a blue-green deploy of two Delta
// tables that consumers read through views, with a pre-promotion gate, a
// manual promotion, a post-promotion monitor window, a keep-blue window and
// cleanup. Then two releases that go wrong: a broken build that the gate
// stops, and a release that passes the gate but breaks after the switch,
// which the monitor window rolls back — views, and a table the release
// changed in place, exactly as they were.
//
// It runs on the embedded fake workspace by default, or on a real SQL
// warehouse when DATABRICKS_HOST, DATABRICKS_TOKEN and
// DATABRICKS_WAREHOUSE_ID are set. Time is compressed: the 30-minute monitor
// window and the other waits run -speedup times faster (1000 by default, so
// 30 minutes take 1.8 s); the times printed are deploy time. On a real
// warehouse, where a statement takes a second or so, use a smaller speedup
// such as -speedup 30.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/examples/internal/exampledb"
	"github.com/ucdeploy/ucdeploy/examples/internal/tour"
	"github.com/ucdeploy/ucdeploy/strategy"
	"github.com/ucdeploy/ucdeploy/validate"
)

const analyst = "analyst@example.com"

func main() {
	speedup := flag.Int("speedup", 1000, "how many times faster than real time the windows run")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, *speedup); err != nil {
		fmt.Fprintln(os.Stderr, "bluegreen:", err)
		os.Exit(1)
	}
}

// demo holds what the scenarios share.
type demo struct {
	t       *exampledb.Target
	cat     *catalog.Client
	out     io.Writer
	speedup time.Duration
	green   catalog.Name // the schema of green tables

	orders, customers, fxRates catalog.Name // views and a table built in place

	blues  []catalog.Name    // the first blue tables
	grants [][]catalog.Grant // of the views, before any deploy

	eng         *strategy.Engine
	afterSwitch func() // called when a switch step finishes; nil for none

	log *tour.Log // the narration, stamped with deploy time
}

func run(ctx context.Context, out io.Writer, speedup int) (err error) {
	if speedup < 1 {
		return fmt.Errorf("speedup %d: want at least 1", speedup)
	}
	t, err := exampledb.Open(ctx, "ucdeploy_bluegreen")
	if err != nil {
		return err
	}
	d := &demo{t: t, cat: catalog.New(t.DB, nil), out: out, speedup: time.Duration(speedup), log: tour.NewLog(out, time.Duration(speedup))}
	parts := t.Schema.Parts()
	d.green = catalog.MustName(parts[0], parts[1]+"_green")
	defer func() {
		if t.Fake == nil { // the fake's schemas vanish with it
			_, derr := t.DB.ExecContext(ctx, "DROP SCHEMA IF EXISTS "+d.green.Quoted()+" CASCADE")
			err = errors.Join(err, derr)
		}
		err = errors.Join(err, t.Close(ctx))
	}()
	d.orders, d.customers, d.fxRates = t.Table("orders"), t.Table("customers"), t.Table("fx_rates")

	fmt.Fprintf(out, "ucdeploy blue-green tour, on %s.\n", t.Where)
	fmt.Fprintf(out, "Waits run %d× faster than real time; times shown are deploy time.\n", speedup)
	if err := d.setup(ctx); err != nil {
		return fmt.Errorf("setup: %w", err)
	}
	d.eng = strategy.New(t.DB, &strategy.Options{Concurrency: 8, OnEvent: d.print, PollInterval: time.Duration(d.scaled(time.Minute))})
	for _, sc := range []func(context.Context) error{d.success, d.gateStops, d.monitorRollsBack} {
		if err := sc(ctx); err != nil {
			return err
		}
	}
	if t.Fake != nil {
		fmt.Fprintf(out, "\nThe fake warehouse received %d statements. Nothing was sent anywhere else.\n", len(t.Fake.Statements()))
	}
	return nil
}

// scaled returns a deploy duration in compressed real time.
func (d *demo) scaled(x time.Duration) strategy.Duration {
	return strategy.Duration(x / d.speedup)
}

// setup creates blue: two tables read through views, and a rate table.
func (d *demo) setup(ctx context.Context) error {
	tour.Section(d.out, "setup: blue tables behind stable views")
	v1 := func(n catalog.Name) catalog.Name {
		b, err := n.Parent().Child(n.Last() + "_v1")
		if err != nil {
			panic(err) // a table's schema always takes a table name
		}
		return b
	}
	d.blues = []catalog.Name{v1(d.orders), v1(d.customers)}
	var orders, customers []string
	for i := 1; i <= 500; i++ {
		day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%180)
		orders = append(orders, fmt.Sprintf("(%d, 'c%02d', %d.%02d, DATE'%s')", i, i%50, 5+i*37%300, i%100, day.Format(time.DateOnly)))
	}
	regions := []string{"north", "south", "east", "west"}
	for i := range 50 {
		customers = append(customers, fmt.Sprintf("('c%02d', '%s')", i, regions[i%4]))
	}
	stmts := []string{
		"CREATE SCHEMA IF NOT EXISTS " + d.t.Schema.Quoted(),
		"CREATE TABLE " + v1(d.orders).Quoted() + " (order_id BIGINT NOT NULL, customer STRING, amount DECIMAL(10,2), ordered DATE)",
		"INSERT INTO " + v1(d.orders).Quoted() + " VALUES " + strings.Join(orders, ", "),
		"CREATE VIEW " + d.orders.Quoted() + " AS SELECT * FROM " + v1(d.orders).Quoted(),
		"CREATE TABLE " + v1(d.customers).Quoted() + " (customer STRING NOT NULL, region STRING)",
		"INSERT INTO " + v1(d.customers).Quoted() + " VALUES " + strings.Join(customers, ", "),
		"CREATE VIEW " + d.customers.Quoted() + " AS SELECT * FROM " + v1(d.customers).Quoted(),
		"CREATE TABLE " + d.fxRates.Quoted() + " (currency STRING, rate DOUBLE)",
		"INSERT INTO " + d.fxRates.Quoted() + " VALUES ('EUR', 1.0), ('USD', 0.92), ('GBP', 1.17)",
	}
	if d.t.Fake != nil { // principals of a real workspace are its own
		p := "`" + analyst + "`"
		cat := catalog.MustName(d.t.Schema.Parts()[0])
		stmts = append(stmts,
			"GRANT USE CATALOG ON CATALOG "+cat.Quoted()+" TO "+p,
			"GRANT USE SCHEMA ON SCHEMA "+d.t.Schema.Quoted()+" TO "+p,
			"GRANT SELECT ON VIEW "+d.orders.Quoted()+" TO "+p,
			"GRANT SELECT ON VIEW "+d.customers.Quoted()+" TO "+p)
	}
	for _, q := range stmts {
		if _, err := d.t.DB.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	fmt.Fprintf(d.out, "blue: %s (500 orders) and %s (50 customers)\nconsumers read the views %s and %s\n",
		v1(d.orders), v1(d.customers), d.orders, d.customers)
	if d.t.Fake != nil {
		fmt.Fprintf(d.out, "%s may SELECT the views; every deploy must keep it that way\n", analyst)
	}
	for _, v := range []catalog.Name{d.orders, d.customers} {
		g, err := d.cat.Grants(ctx, catalog.Securable{Type: catalog.ObjectView, Name: v})
		if err != nil {
			return err
		}
		d.grants = append(d.grants, g)
	}
	return d.state(ctx)
}

// bg returns the strategy every release uses: green tables in a schema
// beside blue, a gate of row counts and schemas, a 30-minute monitor window
// measured every 5 minutes, blue kept for 10 minutes.
func (d *demo) bg(autoPromote bool) strategy.BlueGreen {
	return strategy.BlueGreen{
		Place:       strategy.PlaceSchema,
		AutoPromote: autoPromote,
		Analysis: &strategy.Analysis{Checks: validate.Checks{
			validate.RowCount{MaxRelDiff: 0.01},
			validate.Schema{},
		}},
		Monitor: &strategy.Monitor{Interval: d.scaled(5 * time.Minute), Duration: d.scaled(30 * time.Minute),
			Analysis: strategy.Analysis{Checks: validate.Checks{validate.RowCount{MaxRelDiff: 0.01}}}},
		KeepBlue: d.scaled(10 * time.Minute),
	}
}

// release returns a release of both views with the given build of orders.
func (d *demo) release(id string, orders ...string) strategy.Release {
	return strategy.Release{
		ID: id,
		Tables: []strategy.Table{
			{
				View:  d.orders,
				Build: &strategy.Build{SQL: orders},
				Checks: validate.Checks{
					validate.NullFraction{Column: "amount", MaxIncrease: 0.01},
					validate.Unique{Columns: []string{"order_id"}},
					validate.Assertion{Policy: validate.Policy{Name: "no_negative_amounts"},
						SQL: "SELECT order_id, amount FROM {{green}} WHERE amount < 0"},
				},
			},
			{View: d.customers},
		},
		Build: strategy.Build{SQL: []string{
			"CREATE TABLE {{green}} DEEP CLONE {{blue}}",
			"UPDATE {{green}} SET region = upper(region)",
		}},
	}
}

func (d *demo) success(ctx context.Context) error {
	tour.Section(d.out, "release r2: a new pipeline, promoted by a person")
	p, err := d.bg(false).Plan(d.release("r2",
		"CREATE TABLE {{green}} (order_id BIGINT NOT NULL, customer STRING, amount DECIMAL(10,2), ordered DATE)",
		"INSERT INTO {{green}} SELECT order_id, lower(trim(customer)), amount, ordered FROM {{blue}}"))
	if err != nil {
		return err
	}
	stmts, err := d.eng.DryRun(ctx, p)
	if err != nil {
		return err
	}
	fmt.Fprintf(d.out, "dry run: %d statements, none sent:\n", len(stmts))
	for _, s := range stmts {
		line := "  " + tour.Pad(s.Step, 14) + tour.Short(s.SQL, 100)
		if s.Note != "" {
			line += "  -- " + s.Note
		}
		fmt.Fprintln(d.out, line)
	}
	fmt.Fprintln(d.out, "\ndeploy:")
	if err := d.deploy(ctx, p); err != nil {
		return err
	}
	for _, b := range d.blues {
		ok, err := d.cat.TableExists(ctx, b)
		if err != nil {
			return err
		}
		if !ok {
			fmt.Fprintf(d.out, "  %s was dropped after the keep-blue window\n", b)
		}
	}
	return nil
}

func (d *demo) gateStops(ctx context.Context) error {
	tour.Section(d.out, "release r3: a broken build (a date filter drops orders, a bad join nulls amounts)")
	p, err := d.bg(true).Plan(d.release("r3",
		"CREATE TABLE {{green}} (order_id BIGINT NOT NULL, customer STRING, amount DECIMAL(10,2), ordered DATE)",
		"INSERT INTO {{green}} SELECT order_id, customer, CASE WHEN order_id % 10 = 0 THEN NULL ELSE amount END, ordered"+
			" FROM {{blue}} WHERE ordered >= DATE'2026-02-01'"))
	if err != nil {
		return err
	}
	return d.deploy(ctx, p)
}

func (d *demo) monitorRollsBack(ctx context.Context) error {
	tour.Section(d.out, "release r4: passes the gate, breaks after the switch")
	r := d.release("r4",
		"CREATE TABLE {{green}} DEEP CLONE {{blue}}",
		// The release also changes a table in place, so it declares it.
		"UPDATE "+d.fxRates.Quoted()+" SET rate = 0.95 WHERE currency = 'USD'")
	r.Modifies = []catalog.Name{d.fxRates}
	p, err := d.bg(true).Plan(r)
	if err != nil {
		return err
	}
	fmt.Fprintf(d.out, "r4 also sets the USD rate in %s in place (declared in Modifies, so it is checkpointed)\n", d.fxRates)

	// Twelve minutes after the switch a late backfill job appends refunds
	// with negative amounts to the new orders table.
	var wg sync.WaitGroup
	late, done := make(chan struct{}), make(chan struct{})
	defer func() {
		close(done)
		wg.Wait()
	}()
	wg.Go(func() {
		select {
		case <-late:
		case <-done: // never switched
			return
		}
		time.Sleep(time.Duration(d.scaled(12 * time.Minute)))
		g := p.Units[0].Green
		_, err := d.t.DB.ExecContext(ctx, "INSERT INTO "+g.Quoted()+
			" SELECT order_id + 100000, customer, -amount, ordered FROM "+g.Quoted()+" WHERE order_id <= 40")
		if err != nil {
			d.log.Printf("the late job failed: %v", err)
			return
		}
		d.log.Printf("a late job appends 40 refunds with negative amounts to %s", g)
	})
	var once sync.Once
	d.afterSwitch = func() { once.Do(func() { close(late) }) }
	defer func() { d.afterSwitch = nil }()
	var rate float64
	if err := d.deploy(ctx, p); err != nil {
		return err
	}
	if err := d.t.DB.QueryRowContext(ctx, "SELECT rate FROM "+d.fxRates.Quoted()+" WHERE currency = 'USD'").Scan(&rate); err != nil {
		return err
	}
	fmt.Fprintf(d.out, "the USD rate in %s is back to %.2f\n", d.fxRates, rate)
	return nil
}

// deploy runs p, prints the report and the views' state. A deploy that
// fails is part of the show; only unexpected errors are returned.
func (d *demo) deploy(ctx context.Context, p strategy.Plan) error {
	d.log.Restart()
	rep, err := d.eng.Run(ctx, p)
	var de *strategy.DeployError
	switch {
	case err == nil:
	case errors.As(err, &de) && de.RolledBack:
		fmt.Fprintf(d.out, "\n%s stopped: %v\n", p.Release, de.Err)
	default:
		return err
	}
	fmt.Fprintln(d.out)
	writeReport(d.out, rep)
	return d.state(ctx)
}

// writeReport prints the report without its timings, which vary run to
// run.
func writeReport(w io.Writer, r *strategy.Report) {
	fmt.Fprintf(w, "report: release %s %s\n", r.Release, r.Status)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  VIEW\tBLUE (before)\tGREEN (this release)")
	for _, u := range r.Units {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", u.View, u.Blue, u.Green)
	}
	_ = tw.Flush() // the writer is the program's output
	if rb := r.Rollback; rb != nil {
		fmt.Fprintf(w, "  rollback: %d views switched back, %d tables restored, %d green tables dropped\n", rb.Views, rb.Restored, rb.Dropped)
	}
}

// state prints where each view points, whether its grants are intact and
// what the analyst reads.
func (d *demo) state(ctx context.Context) error {
	fmt.Fprintln(d.out, "views now:")
	for i, v := range []catalog.Name{d.orders, d.customers} {
		def, err := d.cat.ViewDefinition(ctx, v)
		if err != nil {
			return err
		}
		g, err := d.cat.Grants(ctx, catalog.Securable{Type: catalog.ObjectView, Name: v})
		if err != nil {
			return err
		}
		grants := "grants intact"
		if missing, extra := catalog.DiffGrants(d.grants[i], g); len(missing)+len(extra) > 0 {
			grants = fmt.Sprintf("GRANTS CHANGED: %d lost, %d added", len(missing), len(extra))
		}
		line := fmt.Sprintf("  %s = %s; %s", v, def, grants)
		if d.t.Fake != nil {
			var n int64
			if err := d.t.Fake.DBAs(analyst).QueryRowContext(ctx, "SELECT count(*) FROM "+v.Quoted()).Scan(&n); err != nil {
				return fmt.Errorf("%s can no longer read %s: %w", analyst, v, err)
			}
			line += fmt.Sprintf("; %s reads %d rows", analyst, n)
		}
		fmt.Fprintln(d.out, line)
	}
	return nil
}

// print shows a deploy's events as they happen, at deploy time.
func (d *demo) print(ev strategy.Event) {
	switch ev.Type {
	case strategy.EventStepStarted:
		if ev.Kind == strategy.KindWait {
			d.log.Printf("%s the release is final; blue is kept so a rollback stays instant", tour.Pad(ev.Step, 14))
		}
	case strategy.EventStepFinished:
		switch ev.Kind {
		case strategy.KindSwitch:
			d.log.Printf("%s every view now reads its green table (ALTER VIEW … AS keeps grants)", tour.Pad(ev.Step, 14))
			if d.afterSwitch != nil {
				d.afterSwitch()
			}
		case strategy.KindMonitor:
			d.log.Printf("%s window closed: every measurement passed", tour.Pad(ev.Step, 14))
		case strategy.KindAnalysis:
		case strategy.KindCleanup:
			d.log.Printf("%s blue dropped", tour.Pad(ev.Step, 14))
		default:
			d.log.Printf("%s done", tour.Pad(ev.Step, 14))
		}
	case strategy.EventStepFailed:
		d.log.Printf("%s FAILED", tour.Pad(ev.Step, 14))
	case strategy.EventAnalysis:
		d.log.Analysis(ev.Step, 14, ev.Verdict, ev.Report)
	case strategy.EventPaused:
		d.log.Printf("%s paused: %s", tour.Pad(ev.Step, 14), ev.Reason)
		// A person reads the gate's report and approves; any process sharing
		// the journal could call Promote (or Abort).
		d.log.Printf("%s the on-call engineer approves: Engine.Promote(%q)", tour.Pad(ev.Step, 14), ev.Release)
		if err := d.eng.Promote(context.Background(), ev.Release); err != nil {
			d.log.Printf("%s promote failed: %v", tour.Pad(ev.Step, 14), err)
		}
	case strategy.EventDecision:
		d.log.Printf("%s decision: %s", tour.Pad(ev.Step, 14), ev.Decision)
	case strategy.EventRollbackStarted:
		d.log.Printf("%s switching views back, restoring tables, dropping green", tour.Pad("rollback", 14))
	case strategy.EventRollbackFinished:
		d.log.Printf("%s done", tour.Pad("rollback", 14))
	}
}
