package strategy

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"time"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/rollback"
)

// rollback brings back the checkpointed state. Package rollback does the
// checkpointed part, as one rollback.Composite rolled back in reverse
// order: the views of each switch step that started (the last step's
// first), then the tables replaced in place, then the modified tables —
// each object read first and changed only if it differs from the
// checkpoint, so rolling back again changes nothing. The engine then drops
// what the release created: green tables (unless the plan keeps them, and
// never one a view still reads) and snapshots. It attempts everything and
// returns the errors joined.
func (d *deploy) rollback(ctx context.Context) error {
	if err := d.append(ctx, Record{Type: RecordRollbackStarted}); err != nil {
		return err
	}
	rr := &RollbackReport{Started: time.Now()}
	d.report.Rollback = rr
	d.emit(Event{Type: EventRollbackStarted})
	d.log.Info("strategy: rollback started", "release", d.plan.Release)
	p := d.plan
	var (
		views, restored, dropped atomic.Int64
		errs                     []error
		stuck                    = make([]bool, len(p.Units)) // a view may still read green
	)
	built, snapshotted := d.startedUnits(KindBuild), d.startedUnits(KindSnapshot)
	if d.cp != nil {
		modified, inPlace, viewSwitch := d.rollbackers(
			func(c rollback.Change) {
				if c.Action == rollback.ActionDrop {
					dropped.Add(1)
				} else {
					restored.Add(1)
				}
			},
			func(rollback.Change) { views.Add(1) })
		// Forward order; the Composite rolls back the last part first.
		var (
			parts []rollback.Rollbacker
			cps   []rollback.Checkpoint
		)
		if len(built) > 0 {
			// Only builds change tables.
			tables := rollback.Checkpoint{Kind: rollback.KindDeltaRestore, Taken: d.cp.inPlace.Taken}
			for _, u := range built {
				if p.Units[u].InPlace {
					tables.Tables = append(tables.Tables, d.cp.tables[u])
				}
			}
			parts = append(parts, modified, inPlace)
			cps = append(cps, d.cp.modified, tables)
		}
		for _, s := range p.Steps {
			if s.Kind != KindSwitch || !d.started[s.Name] {
				continue
			}
			vs := rollback.Checkpoint{Kind: rollback.KindViewSwitch, Taken: d.cp.switched.Taken}
			for _, u := range p.unitsOf(s) {
				vs.Views = append(vs.Views, d.viewCheckpoint(u))
			}
			parts = append(parts, viewSwitch)
			cps = append(cps, vs)
		}
		if len(parts) > 0 {
			err := rollback.NewComposite(parts...).Rollback(ctx, rollback.Checkpoint{Kind: rollback.KindComposite, Parts: cps})
			if err != nil {
				errs = append(errs, err)
				stuck = d.stillSwitched(ctx)
			}
		}
	}
	var drop []catalog.Name
	for _, u := range built {
		if unit := p.Units[u]; !unit.InPlace && !p.KeepFailed && !stuck[u] {
			drop = append(drop, unit.Green)
		}
	}
	for _, u := range snapshotted {
		if d.cp != nil && !d.cp.tables[u].Absent {
			drop = append(drop, p.Units[u].Snapshot)
		}
	}
	errs = append(errs, d.all(ctx, len(drop), func(ctx context.Context, k int) error {
		if err := d.cat.DropTable(ctx, drop[k], &catalog.DropOptions{IfExists: true}); err != nil {
			return err
		}
		dropped.Add(1)
		return nil
	}))
	err := errors.Join(errs...)
	rr.Finished = time.Now()
	rr.Views, rr.Restored, rr.Dropped = int(views.Load()), int(restored.Load()), int(dropped.Load())
	rec := Record{Type: RecordRollbackFinished}
	if err != nil {
		rr.Error = err.Error()
		rec = Record{Type: RecordRollbackFailed, Error: err.Error()}
	}
	if jerr := d.append(ctx, rec); jerr != nil {
		err = errors.Join(err, jerr)
	}
	d.emit(Event{Type: EventRollbackFinished, Err: err})
	d.log.Info("strategy: rollback finished", "release", d.plan.Release, "views", rr.Views, "restored", rr.Restored, "dropped", rr.Dropped, "ok", err == nil)
	return err
}

// startedUnits returns the units of the steps of kind that started, in
// plan order, each once.
func (d *deploy) startedUnits(kind Kind) []int {
	seen := make([]bool, len(d.plan.Units))
	var out []int
	for _, s := range d.plan.Steps {
		if s.Kind != kind || !d.started[s.Name] {
			continue
		}
		for _, u := range d.plan.unitsOf(s) {
			if !seen[u] {
				seen[u] = true
				out = append(out, u)
			}
		}
	}
	return out
}

// viewCheckpoint returns the checkpointed state of unit u's view.
func (d *deploy) viewCheckpoint(u int) rollback.ViewDefinition {
	v := d.cp.views[u]
	return rollback.ViewDefinition{View: d.plan.Units[u].View, Definition: v.definition, Absent: !v.exists}
}

// stillSwitched returns, after a rollback that failed, which units' views
// may still read their green table: those of switch steps that started
// whose view is not as checkpointed. When the views cannot be read, it
// counts every such unit.
func (d *deploy) stillSwitched(ctx context.Context) []bool {
	out := make([]bool, len(d.plan.Units))
	units := d.startedUnits(KindSwitch)
	groups := groupBySchema(units, func(u int) catalog.Name { return d.plan.Units[u].View })
	_ = d.all(ctx, len(groups), func(ctx context.Context, k int) error {
		g := groups[k]
		tables, err := d.cat.Tables(ctx, g.schema)
		for _, u := range g.units {
			if err != nil {
				out[u] = true
				continue
			}
			want := d.cp.views[u]
			now := viewState{}
			for _, t := range tables {
				if strings.EqualFold(t.Name.Last(), d.plan.Units[u].View.Last()) {
					now = viewState{exists: t.IsView(), definition: t.ViewDefinition}
				}
			}
			out[u] = now.exists != want.exists || now.definition != want.definition
		}
		return nil // an unreadable schema marks its units, above
	})
	return out
}
