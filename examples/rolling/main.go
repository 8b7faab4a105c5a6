// Command rolling shows a rolling deploy of six regional Delta tables that
// consumers read through views: two tables at a time, each batch built
// beside the tables in use, validated, switched (ALTER VIEW … AS, so the
// views keep their grants) and watched for a monitor window before the next
// batch starts. Then a small fix with a bug that only one region's data
// triggers: its batch's gate stops it, the batch already switched is
// switched back, and the last batch is never touched.
//
// It runs on the embedded fake workspace by default, or on a real SQL
// warehouse when DATABRICKS_HOST, DATABRICKS_TOKEN and
// DATABRICKS_WAREHOUSE_ID are set. Time is compressed: each batch's
// 10-minute monitor window runs -speedup times faster (1000 by default);
// the times printed are deploy time.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/examples/internal/exampledb"
	"github.com/ucdeploy/ucdeploy/examples/internal/tour"
	"github.com/ucdeploy/ucdeploy/strategy"
	"github.com/ucdeploy/ucdeploy/validate"
)

const analyst = "analyst@example.com"

// regions name the tables: sales_<region>, read through a view each.
var regions = []string{"emea", "amer", "apac", "latam", "anz", "mena"}

func main() {
	speedup := flag.Int("speedup", 1000, "how many times faster than real time the windows run")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, *speedup); err != nil {
		fmt.Fprintln(os.Stderr, "rolling:", err)
		os.Exit(1)
	}
}

// demo holds what the scenarios share.
type demo struct {
	t       *exampledb.Target
	cat     *catalog.Client
	out     io.Writer
	speedup time.Duration
	views   []catalog.Name
	grants  [][]catalog.Grant // of the views, before any deploy
	eng     *strategy.Engine

	log *tour.Log // the narration, stamped with deploy time
}

func run(ctx context.Context, out io.Writer, speedup int) (err error) {
	if speedup < 1 {
		return fmt.Errorf("speedup %d: want at least 1", speedup)
	}
	t, err := exampledb.Open(ctx, "ucdeploy_rolling")
	if err != nil {
		return err
	}
	d := &demo{t: t, cat: catalog.New(t.DB, nil), out: out, speedup: time.Duration(speedup), log: tour.NewLog(out, time.Duration(speedup))}
	defer func() {
		if t.Fake == nil { // the fake's schemas vanish with it
			green := catalog.MustName(t.Schema.Parts()[0], t.Schema.Last()+"_green")
			_, derr := t.DB.ExecContext(ctx, "DROP SCHEMA IF EXISTS "+green.Quoted()+" CASCADE")
			err = errors.Join(err, derr)
		}
		err = errors.Join(err, t.Close(ctx))
	}()
	fmt.Fprintf(out, "ucdeploy rolling deploy, on %s.\n", t.Where)
	fmt.Fprintf(out, "Waits run %d× faster than real time; times shown are deploy time.\n", speedup)
	if err := d.setup(ctx); err != nil {
		return fmt.Errorf("setup: %w", err)
	}
	d.eng = strategy.New(t.DB, &strategy.Options{Concurrency: 8, OnEvent: d.print})
	for _, sc := range []func(context.Context) error{d.success, d.batchStops} {
		if err := sc(ctx); err != nil {
			return err
		}
	}
	if t.Fake != nil {
		fmt.Fprintf(out, "\nThe fake warehouse received %d statements. Nothing was sent anywhere else.\n", len(t.Fake.Statements()))
	}
	return nil
}

// setup creates blue: a table per region, read through a view.
func (d *demo) setup(ctx context.Context) error {
	tour.Section(d.out, "setup: six regional tables behind stable views")
	stmts := []string{"CREATE SCHEMA IF NOT EXISTS " + d.t.Schema.Quoted()}
	currencies := map[string][]string{
		"emea": {"eur", " EUR", "gbp"}, "amer": {"usd", "USD ", "cad"}, "apac": {"jpy", "JPY", "sgd"},
		"latam": {"brl", "mxn ", "usd"}, "anz": {"aud", "nzd", " AUD"}, "mena": {"aed", "sar", "AED"},
	}
	for _, r := range regions {
		view, blue := d.t.Table("sales_"+r), d.t.Table("sales_"+r+"_v1")
		d.views = append(d.views, view)
		var rows []string
		for i := 1; i <= 100; i++ {
			cur := currencies[r][i%3]
			rows = append(rows, fmt.Sprintf("(%d, '%s', %d.%02d)", i, cur, 10+i*7%90, i%100))
		}
		stmts = append(stmts,
			"CREATE TABLE "+blue.Quoted()+" (order_id BIGINT NOT NULL, currency STRING, amount DECIMAL(10,2))",
			"INSERT INTO "+blue.Quoted()+" VALUES "+strings.Join(rows, ", "),
			"CREATE VIEW "+view.Quoted()+" AS SELECT * FROM "+blue.Quoted())
	}
	if d.t.Fake != nil { // principals of a real workspace are its own
		p := "`" + analyst + "`"
		stmts = append(stmts,
			"GRANT USE CATALOG ON CATALOG "+catalog.MustName(d.t.Schema.Parts()[0]).Quoted()+" TO "+p,
			"GRANT USE SCHEMA ON SCHEMA "+d.t.Schema.Quoted()+" TO "+p)
		for _, v := range d.views {
			stmts = append(stmts, "GRANT SELECT ON VIEW "+v.Quoted()+" TO "+p)
		}
	}
	for _, q := range stmts {
		if _, err := d.t.DB.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	for _, v := range d.views {
		g, err := d.cat.Grants(ctx, catalog.Securable{Type: catalog.ObjectView, Name: v})
		if err != nil {
			return err
		}
		d.grants = append(d.grants, g)
	}
	fmt.Fprintf(d.out, "blue: %s_v1 … sales_%s_v1, 100 orders each; currency codes are messy (' EUR', 'usd')\n",
		d.views[0], regions[len(regions)-1])
	return d.state(ctx)
}

// rolling returns the strategy: batches of two tables, green in a schema
// beside blue, a gate of row counts, schemas and the fix's own rule, a
// 10-minute monitor window per batch.
func (d *demo) rolling() strategy.Rolling {
	return strategy.Rolling{
		BlueGreen: strategy.BlueGreen{
			Place:       strategy.PlaceSchema,
			AutoPromote: true,
			Analysis: &strategy.Analysis{Checks: validate.Checks{
				validate.RowCount{MaxRelDiff: 0.01},
				validate.Schema{},
				validate.Sum{Column: "amount", MaxRelDiff: 0.01},
				validate.Assertion{Policy: validate.Policy{Name: "currency_codes_clean"},
					SQL: "SELECT order_id, currency FROM {{green}} WHERE currency <> upper(trim(currency))"},
			}},
			Monitor: &strategy.Monitor{
				Interval: strategy.Duration(5 * time.Minute / d.speedup), Duration: strategy.Duration(10 * time.Minute / d.speedup),
				Analysis: strategy.Analysis{Checks: validate.Checks{validate.RowCount{MaxRelDiff: 0.01}}},
			},
		},
		BatchSize: 2,
	}
}

// release returns a release of every region built by query, a SELECT
// list over {{blue}}.
func (d *demo) release(id, query string) strategy.Release {
	r := strategy.Release{ID: id, Build: strategy.Build{SQL: []string{
		"CREATE TABLE {{green}} (order_id BIGINT NOT NULL, currency STRING, amount DECIMAL(10,2))",
		"INSERT INTO {{green}} " + query,
	}}}
	for _, v := range d.views {
		r.Tables = append(r.Tables, strategy.Table{View: v})
	}
	return r
}

func (d *demo) success(ctx context.Context) error {
	tour.Section(d.out, "release r2: clean up currency codes, two regions at a time")
	p, err := d.rolling().Plan(d.release("r2", "SELECT order_id, upper(trim(currency)), amount FROM {{blue}}"))
	if err != nil {
		return err
	}
	fmt.Fprintf(d.out, "plan: %d steps\n", len(p.Steps))
	for _, s := range p.Steps {
		var units []string
		for _, u := range s.Units {
			units = append(units, p.Units[u].View.Last())
		}
		fmt.Fprintf(d.out, "  %s %s\n", tour.Pad(s.Name, 24), strings.Join(units, ", "))
	}
	fmt.Fprintln(d.out, "\ndeploy:")
	_, err = d.deploy(ctx, p)
	return err
}

func (d *demo) batchStops(ctx context.Context) error {
	tour.Section(d.out, "release r3: round amounts to whole units — with a bug for yen")
	// JPY has no minor unit; the fix's author "handles" it by leaving those
	// rows out, which only the apac table (batch 2) has.
	p, err := d.rolling().Plan(d.release("r3",
		"SELECT order_id, currency, round(amount, 0) FROM {{blue}} WHERE currency <> 'JPY'"))
	if err != nil {
		return err
	}
	rep, err := d.deploy(ctx, p)
	if err != nil {
		return err
	}
	// The batches whose build never started were never touched.
	ran := map[string]bool{}
	for _, s := range rep.Steps {
		ran[s.Name] = true
	}
	var untouched []string
	for _, s := range p.Steps {
		if s.Kind == strategy.KindBuild && !ran[s.Name] {
			for _, u := range s.Units {
				untouched = append(untouched, p.Units[u].View.Last())
			}
		}
	}
	fmt.Fprintf(d.out, "never touched: %s (their batch never started)\n", strings.Join(untouched, ", "))
	return nil
}

// deploy runs p, prints the report and the views' state. A deploy that
// fails and rolls back is part of the show; other errors are returned.
func (d *demo) deploy(ctx context.Context, p strategy.Plan) (*strategy.Report, error) {
	d.log.Restart()
	rep, err := d.eng.Run(ctx, p)
	var de *strategy.DeployError
	switch {
	case err == nil:
	case errors.As(err, &de) && de.RolledBack:
		fmt.Fprintf(d.out, "\n%s stopped at %s: %v\n", p.Release, de.Step, de.Err)
	default:
		return nil, err
	}
	fmt.Fprintf(d.out, "\nreport: release %s %s\n", rep.Release, rep.Status)
	for _, s := range rep.Steps {
		res := "ok"
		if s.Error != "" {
			res = "FAILED"
		}
		fmt.Fprintf(d.out, "  %s %s %s\n", tour.Pad(s.Name, 24), tour.Pad(string(s.Kind), 9), res)
	}
	if rb := rep.Rollback; rb != nil {
		fmt.Fprintf(d.out, "  rollback: %d views switched back, %d green tables dropped\n", rb.Views, rb.Dropped)
	}
	return rep, d.state(ctx)
}

// state prints which table each view reads, whether its grants are intact
// and, on the fake, what the analyst reads.
func (d *demo) state(ctx context.Context) error {
	fmt.Fprintln(d.out, "views now:")
	for i, v := range d.views {
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
		line := fmt.Sprintf("  %s -> %s; %s", tour.Pad(v.Last(), 12), strings.TrimPrefix(def, "SELECT * FROM "), grants)
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
	case strategy.EventStepFinished:
		switch ev.Kind {
		case strategy.KindSwitch:
			d.log.Printf("%s views switched to green", tour.Pad(ev.Step, 24))
		case strategy.KindMonitor:
			d.log.Printf("%s window closed: every measurement passed", tour.Pad(ev.Step, 24))
		case strategy.KindBuild:
			d.log.Printf("%s green tables built", tour.Pad(ev.Step, 24))
		case strategy.KindCleanup:
			d.log.Printf("%s blue tables dropped", tour.Pad(ev.Step, 24))
		}
	case strategy.EventStepFailed:
		d.log.Printf("%s FAILED", tour.Pad(ev.Step, 24))
	case strategy.EventAnalysis:
		if ev.Kind == strategy.KindMonitor && ev.Verdict == validate.Pass {
			return // the window's summary says it
		}
		d.log.Analysis(ev.Step, 24, ev.Verdict, ev.Report)
	case strategy.EventRollbackStarted:
		d.log.Printf("%s switching finished batches back, last first; dropping green", tour.Pad("rollback", 24))
	case strategy.EventRollbackFinished:
		d.log.Printf("%s done", tour.Pad("rollback", 24))
	}
}
