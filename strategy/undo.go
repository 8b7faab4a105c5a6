package strategy

import (
	"context"
	"errors"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/ucdeploy/ucdeploy/catalog"
)

// rollback brings back the checkpointed state: views (switch steps in
// reverse order), modified tables, and drops green tables unless the plan
// keeps them. It attempts everything and returns the errors joined.
func (d *deploy) rollback(ctx context.Context) error {
	if err := d.append(ctx, Record{Type: RecordRollbackStarted}); err != nil {
		return err
	}
	rr := &RollbackReport{Started: time.Now()}
	d.report.Rollback = rr
	d.emit(Event{Type: EventRollbackStarted})
	d.log.Info("strategy: rollback started", "release", d.plan.Release)
	var (
		errs                   []error
		views, restored, drops atomic.Int64
		p                      = d.plan
		built                  = make([]bool, len(p.Units))
		stuck                  = make([]bool, len(p.Units)) // view not switched back
		anyBuilt               bool
	)
	for _, s := range p.Steps {
		if s.Kind == KindBuild && d.started[s.Name] {
			anyBuilt = true
			for _, u := range p.unitsOf(s) {
				built[u] = true
			}
		}
	}
	if d.cp != nil {
		done := make([]bool, len(p.Units))
		for i := len(p.Steps) - 1; i >= 0; i-- {
			s := p.Steps[i]
			if s.Kind != KindSwitch || !d.started[s.Name] {
				continue
			}
			var us []int
			for _, u := range p.unitsOf(s) {
				if d.attempted[u] && !done[u] {
					done[u] = true
					us = append(us, u)
				}
			}
			errs = append(errs, d.all(ctx, len(us), func(ctx context.Context, k int) error {
				u := us[k]
				v := d.cp.views[u]
				var err error
				if v.exists {
					err = d.cat.SwitchQuery(ctx, p.Units[u].View, v.definition)
				} else {
					err = d.cat.DropView(ctx, p.Units[u].View, &catalog.DropOptions{IfExists: true})
				}
				if err != nil {
					stuck[u] = true
					return err
				}
				views.Add(1)
				return nil
			}))
		}
		if anyBuilt {
			vs := d.cp.versions
			errs = append(errs, d.all(ctx, len(vs), func(ctx context.Context, k int) error {
				// The table is as checkpointed when it is at that version, or
				// when its latest commit restored that version (a rollback
				// ran before): restoring again would change nothing but the
				// history.
				h, err := d.cat.History(ctx, vs[k].Table, 1)
				if err != nil {
					return err
				}
				want := strconv.FormatInt(vs[k].Version, 10)
				if len(h) > 0 && (h[0].Version == vs[k].Version ||
					h[0].Operation == "RESTORE" && h[0].OperationParameters["version"] == want) {
					return nil
				}
				if err := d.cat.RestoreVersion(ctx, vs[k].Table, vs[k].Version); err != nil {
					return err
				}
				restored.Add(1)
				return nil
			}))
		}
	}
	if anyBuilt && !p.KeepFailed {
		// A green table a view still reads is kept.
		var us []int
		for u, b := range built {
			if b && !stuck[u] {
				us = append(us, u)
			}
		}
		errs = append(errs, d.all(ctx, len(us), func(ctx context.Context, k int) error {
			if err := d.cat.DropTable(ctx, p.Units[us[k]].Green, &catalog.DropOptions{IfExists: true}); err != nil {
				return err
			}
			drops.Add(1)
			return nil
		}))
	}
	err := errors.Join(errs...)
	rr.Finished = time.Now()
	rr.Views, rr.Restored, rr.Dropped = int(views.Load()), int(restored.Load()), int(drops.Load())
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
