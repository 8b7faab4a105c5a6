package strategy

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"time"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/rollback"
)

// checkpoint is the state a rollback brings back. Package rollback reads
// and restores it; the engine keeps, besides, what its steps need to know
// per unit.
type checkpoint struct {
	views  []viewState             // per unit; zero for units replaced in place
	tables []rollback.TableVersion // per unit replaced in place; zero for others
	// The parts of the journaled rollback.Checkpoint.
	modified rollback.Checkpoint // delta-restore of Plan.Modifies
	inPlace  rollback.Checkpoint // delta-restore of the tables replaced in place
	switched rollback.Checkpoint // view-switch of the views of the other units
}

// viewState is a view's state before the deploy.
type viewState struct {
	exists     bool
	definition string
	// blue is the table the view reads; zero when unknown.
	blue catalog.Name
}

// dryVersion stands, in a dry run, for the checkpointed version of a table
// replaced in place; the recorder shows it as text.
const dryVersion = math.MaxInt64

// marshal returns the checkpoint as a rollback.Checkpoint in JSON: a
// composite of its delta-restore part of the modified tables, its
// delta-restore part of the tables replaced in place, and its view-switch
// part (a view that did not exist is Absent).
func (c *checkpoint) marshal(taken time.Time) (json.RawMessage, error) {
	return json.Marshal(rollback.Checkpoint{Kind: rollback.KindComposite, Taken: taken.UTC(),
		Parts: []rollback.Checkpoint{c.modified, c.inPlace, c.switched}})
}

// loadCheckpoint reads a journaled checkpoint.
func (d *deploy) loadCheckpoint(data json.RawMessage) error {
	var cp rollback.Checkpoint
	if err := json.Unmarshal(data, &cp); err != nil {
		return err
	}
	if cp.Kind != rollback.KindComposite || len(cp.Parts) != 3 || cp.Parts[0].Kind != rollback.KindDeltaRestore ||
		cp.Parts[1].Kind != rollback.KindDeltaRestore || cp.Parts[2].Kind != rollback.KindViewSwitch {
		return fmt.Errorf("unexpected checkpoint shape %q with %d parts", cp.Kind, len(cp.Parts))
	}
	p := d.plan
	c := &checkpoint{views: make([]viewState, len(p.Units)), tables: make([]rollback.TableVersion, len(p.Units)),
		modified: cp.Parts[0], inPlace: cp.Parts[1], switched: cp.Parts[2]}
	found := make([]bool, len(p.Units))
	for i, u := range p.Units {
		if u.InPlace {
			for _, tv := range c.inPlace.Tables {
				if tv.Table.Equal(u.View) {
					c.tables[i], found[i] = tv, true
				}
			}
			continue
		}
		for _, v := range c.switched.Views {
			if v.View.Equal(u.View) {
				c.views[i] = viewState{exists: !v.Absent, definition: v.Definition, blue: blueOf(v.Definition)}
				found[i] = true
			}
		}
	}
	for i, ok := range found {
		if !ok {
			return fmt.Errorf("unit %d (%s) missing", i, p.Units[i].View)
		}
	}
	d.cp = c
	d.fillUnitReports()
	return nil
}

// fillUnitReports copies the blue tables and checkpointed versions into
// the report.
func (d *deploy) fillUnitReports() {
	if d.dry {
		return
	}
	for i := range d.plan.Units {
		if b := d.blue(i); !b.IsZero() {
			d.report.Units[i].Blue = b.String()
		}
		if tv := d.cp.tables[i]; d.plan.Units[i].InPlace && !tv.Absent {
			v := tv.Version
			d.report.Units[i].Version = &v
		}
	}
}

// simpleView matches the query of a view that reads one table as it is.
var simpleView = regexp.MustCompile(`(?is)^\s*SELECT\s+\*\s+FROM\s+(.+?)\s*;?\s*$`)

// blueOf returns the table a view definition reads when it is SELECT *
// FROM catalog.schema.table; the zero Name otherwise.
func blueOf(def string) catalog.Name {
	m := simpleView.FindStringSubmatch(def)
	if m == nil {
		return catalog.Name{}
	}
	n, err := catalog.ParseName(m[1])
	if err != nil || n.Len() != 3 {
		return catalog.Name{}
	}
	return n
}

// blue returns the table holding what unit u's consumers read before the
// deploy: the table the view read, or the snapshot of a table replaced in
// place. It is zero when unknown, when the view or table did not exist,
// and before the checkpoint.
func (d *deploy) blue(u int) catalog.Name {
	if d.cp == nil {
		return catalog.Name{}
	}
	if unit := d.plan.Units[u]; unit.InPlace {
		if d.cp.tables[u].Absent {
			return catalog.Name{}
		}
		return unit.Snapshot
	}
	return d.cp.views[u].blue
}

// observationWindow returns how long after the checkpoint the plan may
// still roll back: its monitor windows, timed pauses and keep-blue waits.
// Untimed pauses (for a person) are not counted.
func observationWindow(p *Plan) time.Duration {
	var w time.Duration
	for _, s := range p.Steps {
		switch s.Kind {
		case KindMonitor, KindWait, KindPause:
			w += time.Duration(s.Duration)
		}
	}
	return w
}

// rollbackers returns the Rollbackers of the deploy's checkpoint parts:
// the modified tables, the tables replaced in place (which may not exist
// yet) and the views (which may not exist yet), each given the tables or
// views it checkpoints. onTable and onView receive the changes a rollback
// makes; nil for a checkpoint.
func (d *deploy) rollbackers(onTable, onView func(rollback.Change)) (modified, inPlace *rollback.DeltaRestore, views *rollback.ViewSwitch) {
	p := d.plan
	var tables, vs []catalog.Name
	for _, u := range p.Units {
		if u.InPlace {
			tables = append(tables, u.View)
		} else {
			vs = append(vs, u.View)
		}
	}
	window := observationWindow(p)
	modified = rollback.NewDeltaRestore(d.cat, p.Modifies, &rollback.DeltaRestoreOptions{
		Window: window, Concurrency: d.conc, OnChange: onTable, Logger: d.log})
	inPlace = rollback.NewDeltaRestore(d.cat, tables, &rollback.DeltaRestoreOptions{
		Window: window, Concurrency: d.conc, AllowAbsent: true, OnChange: onTable, Logger: d.log})
	views = rollback.NewViewSwitch(d.cat, vs, &rollback.ViewSwitchOptions{
		Concurrency: d.conc, AllowAbsent: true, OnChange: onView, Logger: d.log})
	return modified, inPlace, views
}

// checkpointStep records the state a rollback brings back, through package
// rollback: the definitions of the views (one statement per schema), and
// the Delta versions of the modified tables and of the tables replaced in
// place. The retention guard refuses tables whose Delta retention is
// shorter than the plan's observation window (rollback.ErrRetention). A
// name that should be a view but is a table fails with ErrInvalid.
func (d *deploy) checkpointStep(ctx context.Context) (json.RawMessage, error) {
	p := d.plan
	modified, inPlace, views := d.rollbackers(nil, nil)
	c := &checkpoint{views: make([]viewState, len(p.Units)), tables: make([]rollback.TableVersion, len(p.Units))}
	// One after another: each part works on up to Options.Concurrency
	// objects at once, and a part that fails saves the others' reads. A dry
	// run reads nothing, so every part fails there; it lists their reads.
	for _, part := range []struct {
		r  rollback.Rollbacker
		cp *rollback.Checkpoint
	}{{views, &c.switched}, {modified, &c.modified}, {inPlace, &c.inPlace}} {
		cp, err := part.r.Checkpoint(ctx)
		if err != nil && !d.dry {
			return nil, err
		}
		*part.cp = cp
	}
	var nv, nt int
	for u, unit := range p.Units {
		switch {
		case d.dry && unit.InPlace:
			c.tables[u] = rollback.TableVersion{Table: unit.View, Version: dryVersion}
		case d.dry:
			c.views[u] = viewState{exists: true, blue: d.rec.placeholder(unit.View)}
		case unit.InPlace:
			c.tables[u] = c.inPlace.Tables[nt]
			nt++
		default:
			v := c.switched.Views[nv]
			nv++
			c.views[u] = viewState{exists: !v.Absent, definition: v.Definition, blue: blueOf(v.Definition)}
		}
	}
	d.cp = c
	d.fillUnitReports()
	return c.marshal(time.Now())
}

// snapshotStep keeps the checkpointed version of each of the step's
// tables replaced in place as a shallow clone (CREATE OR REPLACE, so a
// resumed step makes it again), creating the snapshots' schemas if
// missing. A table that did not exist has no snapshot.
func (d *deploy) snapshotStep(ctx context.Context, s Step) error {
	var units []int
	for _, u := range d.plan.unitsOf(s) {
		if !d.cp.tables[u].Absent {
			units = append(units, u)
		}
	}
	snapshot := func(u int) catalog.Name { return d.plan.Units[u].Snapshot }
	if err := d.namespaces(ctx, units, snapshot); err != nil {
		return err
	}
	d.note("")
	return d.each(ctx, len(units), func(ctx context.Context, k int) error {
		u := units[k]
		v := d.cp.tables[u].Version
		return d.cat.Clone(ctx, d.plan.Units[u].View, snapshot(u), &catalog.CloneOptions{Shallow: true, Version: &v, Replace: true})
	})
}
