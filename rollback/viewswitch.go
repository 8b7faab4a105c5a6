package rollback

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/ucdeploy/ucdeploy/catalog"
)

// ViewSwitchOptions configures a ViewSwitch. A nil *ViewSwitchOptions means
// the zero value, whose fields all have the defaults documented on them.
type ViewSwitchOptions struct {
	// Concurrency is the most views checkpointed or rolled back at once.
	// Zero (or less) means 1: one view at a time, in order.
	Concurrency int
	// Logger receives an Info record for every view Rollback switches back
	// and a Debug record for every view it finds unchanged and every
	// definition Checkpoint reads. Nil means no logging. Failures are
	// returned, not logged.
	Logger *slog.Logger
}

// ViewSwitch is the Rollbacker of views: Checkpoint records the query text
// of each of its views, Rollback switches each view whose text has changed
// since back to it with ALTER VIEW … AS, which keeps the view's grants and
// owner (CREATE OR REPLACE VIEW would drop them). Views already at their
// checkpointed text are left alone, so a second Rollback sends no ALTER
// VIEW.
//
// The text is re-run as Databricks stored it, so names in it resolve
// against the session that runs the rollback: views whose queries use
// fully qualified names (as catalog.Client.Switch writes them) roll back
// exactly; others depend on the pool's current catalog and schema.
//
// A ViewSwitch is safe for concurrent use: it holds no mutable state.
type ViewSwitch struct {
	c     *catalog.Client
	views []catalog.Name
	opts  ViewSwitchOptions
	log   *slog.Logger
}

var _ Rollbacker = (*ViewSwitch)(nil)

// NewViewSwitch returns a ViewSwitch of the views named
// (catalog.schema.view each) that runs its statements through c. The views
// matter to Checkpoint only: Rollback switches the views its checkpoint
// lists, so a ViewSwitch made in another process, with any views, can roll
// back a journaled checkpoint. views and opts are copied; opts may be nil.
// Bad names are reported by Checkpoint.
func NewViewSwitch(c *catalog.Client, views []catalog.Name, opts *ViewSwitchOptions) *ViewSwitch {
	v := &ViewSwitch{c: c, views: slices.Clone(views)}
	if opts != nil {
		v.opts = *opts
	}
	v.log = v.opts.Logger
	if v.log == nil {
		v.log = slog.New(slog.DiscardHandler)
	}
	return v
}

// usable returns an ErrInvalid error for a nil ViewSwitch or client.
func (v *ViewSwitch) usable(op string) error {
	if v == nil || v.c == nil {
		return fmt.Errorf("rollback: %s: %w: nil catalog client", op, ErrInvalid)
	}
	return nil
}

// Checkpoint returns a checkpoint of Kind KindViewSwitch holding the query
// text of every view, in the order given to NewViewSwitch. It fails with
// ErrInvalid, before sending anything, for a name that is not
// catalog.schema.view or a view listed twice; then it reads every view and
// fails with the catalog package's errors of all that cannot be read,
// joined (catalog.ErrNotFound for a missing view, catalog.ErrInvalid for a
// table). Nothing is changed.
func (v *ViewSwitch) Checkpoint(ctx context.Context) (Checkpoint, error) {
	const op = "checkpoint views"
	if err := v.usable(op); err != nil {
		return Checkpoint{}, err
	}
	if err := errors.Join(checkNames(op, v.views)...); err != nil {
		return Checkpoint{}, err
	}
	taken := time.Now().UTC()
	out := make([]ViewDefinition, len(v.views))
	errs := make([]error, len(v.views))
	forEach(len(v.views), v.opts.Concurrency, func(i int) {
		name := v.views[i]
		def, err := v.c.ViewDefinition(ctx, name)
		if err != nil {
			errs[i] = fmt.Errorf("rollback: checkpoint %s: %w", name, err)
			return
		}
		v.log.DebugContext(ctx, "rollback: view definition", "view", name.String(), "definition", def)
		out[i] = ViewDefinition{View: name, Definition: def}
	})
	if err := errors.Join(errs...); err != nil {
		return Checkpoint{}, err
	}
	if len(out) == 0 {
		out = nil
	}
	return Checkpoint{Kind: KindViewSwitch, Taken: taken, Views: out}, nil
}

// Rollback switches every view of cp whose query text differs from the
// checkpointed one back to it (ALTER VIEW … AS); views with the same text
// get no statement besides the read of their text. The views are those cp
// lists, not those given to NewViewSwitch.
//
// Rollback checks cp before sending anything, and fails with ErrInvalid
// when its Kind is not KindViewSwitch, a name is not catalog.schema.view, a
// view is listed twice or a definition is empty. It then attempts every
// view, even after failures, and returns the catalog package's errors of
// those that failed, joined (catalog.ErrNotFound for a dropped view or a
// relation the definition names, catalog.ErrPermission unless the caller
// owns the view), which also reach the SQL driver's error.
func (v *ViewSwitch) Rollback(ctx context.Context, cp Checkpoint) error {
	const op = "switch views back"
	if err := v.usable(op); err != nil {
		return err
	}
	if err := checkKind(op, cp, KindViewSwitch); err != nil {
		return err
	}
	names := make([]catalog.Name, len(cp.Views))
	var errs []error
	for i, vd := range cp.Views {
		names[i] = vd.View
		if strings.TrimSpace(vd.Definition) == "" {
			errs = append(errs, fmt.Errorf("rollback: %s %s: %w: empty definition", op, vd.View, ErrInvalid))
		}
	}
	if err := errors.Join(append(errs, checkNames(op, names)...)...); err != nil {
		return err
	}
	errs = make([]error, len(cp.Views))
	forEach(len(cp.Views), v.opts.Concurrency, func(i int) {
		errs[i] = v.switchBack(ctx, cp.Views[i])
	})
	return errors.Join(errs...)
}

// switchBack points one view at its checkpointed query unless it has it.
func (v *ViewSwitch) switchBack(ctx context.Context, vd ViewDefinition) error {
	cur, err := v.c.ViewDefinition(ctx, vd.View)
	if err != nil {
		return fmt.Errorf("rollback: switch back %s: %w", vd.View, err)
	}
	if cur == vd.Definition {
		v.log.DebugContext(ctx, "rollback: view unchanged", "view", vd.View.String())
		return nil
	}
	v.log.InfoContext(ctx, "rollback: switching view back", "view", vd.View.String(),
		"from", cur, "to", vd.Definition)
	if err := v.c.SwitchQuery(ctx, vd.View, vd.Definition); err != nil {
		return fmt.Errorf("rollback: switch back %s: %w", vd.View, err)
	}
	return nil
}
