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
	// Concurrency is the most schemas read, and views switched back, at
	// once. Zero (or less) means 1: one at a time, in order.
	Concurrency int
	// AllowAbsent makes Checkpoint record a view that does not exist as
	// Absent instead of failing with catalog.ErrNotFound, for deploys that
	// may create it: Rollback then drops it. False means every view must
	// exist.
	AllowAbsent bool
	// OnChange is called after each change Rollback makes (a view switched
	// back, or an Absent view dropped), from the goroutine that made it:
	// with Concurrency above 1 it must be safe for concurrent use. Nil
	// means none.
	OnChange func(Change)
	// Logger receives an Info record for every view Rollback switches back
	// or drops and a Debug record for every view it finds unchanged and
	// every definition Checkpoint reads. Nil means no logging. Failures are
	// returned, not logged.
	Logger *slog.Logger
}

// ViewSwitch is the Rollbacker of views: Checkpoint records the query text
// of each of its views, Rollback switches each view whose text has changed
// since back to it with ALTER VIEW … AS, which keeps the view's grants and
// owner (CREATE OR REPLACE VIEW would drop them). Views already at their
// checkpointed text are left alone, so a second Rollback sends no ALTER
// VIEW. With AllowAbsent, a view that did not exist at checkpoint time is
// dropped by Rollback: the deploy created it.
//
// Both read the views of a schema in one statement (catalog.Client.Tables,
// from information_schema), so a deploy of hundreds of views in a few
// schemas costs a few reads, not hundreds.
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

// viewState is what a schema listing says of one name.
type viewState struct {
	exists     bool // some table or view has the name
	view       bool // it is a view
	definition string
}

// states reads the current state of names, one statement per schema. A
// schema whose listing fails gives its names the error (wrapped with op
// and the name); a missing catalog lists nothing.
func (v *ViewSwitch) states(ctx context.Context, op string, names []catalog.Name) ([]viewState, []error) {
	groups := bySchema(names)
	out := make([]viewState, len(names))
	errs := make([]error, len(names))
	forEach(len(groups), v.opts.Concurrency, func(g int) {
		ts, err := v.c.Tables(ctx, groups[g].schema)
		if err != nil && !errors.Is(err, catalog.ErrNotFound) {
			for _, i := range groups[g].names {
				errs[i] = fmt.Errorf("rollback: %s %s: %w", op, names[i], err)
			}
			return
		}
		for _, i := range groups[g].names {
			for _, t := range ts {
				if strings.EqualFold(t.Name.Last(), names[i].Last()) {
					out[i] = viewState{exists: true, view: t.IsView(), definition: t.ViewDefinition}
					break
				}
			}
		}
	})
	return out, errs
}

// Checkpoint returns a checkpoint of Kind KindViewSwitch holding the query
// text of every view, in the order given to NewViewSwitch. It fails with
// ErrInvalid, before sending anything, for a name that is not
// catalog.schema.view or a view listed twice; then it reads every view and
// fails with the catalog package's errors of all that cannot be read,
// joined (catalog.ErrNotFound for a missing view unless AllowAbsent, which
// records it as Absent; catalog.ErrInvalid for a table). Nothing is
// changed.
func (v *ViewSwitch) Checkpoint(ctx context.Context) (Checkpoint, error) {
	const op = "checkpoint"
	if err := v.usable(op + " views"); err != nil {
		return Checkpoint{}, err
	}
	if err := errors.Join(checkNames(op+" views", v.views)...); err != nil {
		return Checkpoint{}, err
	}
	taken := time.Now().UTC()
	states, errs := v.states(ctx, op, v.views)
	out := make([]ViewDefinition, len(v.views))
	for i, name := range v.views {
		st := states[i]
		switch {
		case errs[i] != nil:
		case st.view:
			v.log.DebugContext(ctx, "rollback: view definition", "view", name.String(), "definition", st.definition)
			out[i] = ViewDefinition{View: name, Definition: st.definition}
		case st.exists:
			errs[i] = fmt.Errorf("rollback: %s %s: %w", op, name,
				&catalog.Error{Op: "view definition", Name: name, Kind: catalog.ErrInvalid, Err: errors.New("not a view")})
		case v.opts.AllowAbsent:
			v.log.DebugContext(ctx, "rollback: view absent", "view", name.String())
			out[i] = ViewDefinition{View: name, Absent: true}
		default:
			errs[i] = fmt.Errorf("rollback: %s %s: %w", op, name,
				&catalog.Error{Op: "view definition", Name: name, Kind: catalog.ErrNotFound})
		}
	}
	if err := errors.Join(errs...); err != nil {
		return Checkpoint{}, err
	}
	if len(out) == 0 {
		out = nil
	}
	return Checkpoint{Kind: KindViewSwitch, Taken: taken, Views: out}, nil
}

// Rollback switches every view of cp whose query text differs from the
// checkpointed one back to it (ALTER VIEW … AS), and drops every view cp
// records as Absent that exists; views as checkpointed get no statement
// besides the read of their schema. The views are those cp lists, not
// those given to NewViewSwitch.
//
// Rollback checks cp before sending anything, and fails with ErrInvalid
// when its Kind is not KindViewSwitch, a name is not catalog.schema.view, a
// view is listed twice, a definition is empty, or an Absent view has one.
// It then attempts every view, even after failures, and returns the catalog
// package's errors of those that failed, joined (catalog.ErrNotFound for a
// dropped view or a relation the definition names, catalog.ErrInvalid for
// a view replaced by a table, catalog.ErrPermission unless the caller owns
// the view), which also reach the SQL driver's error.
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
		switch {
		case vd.Absent && vd.Definition != "":
			errs = append(errs, fmt.Errorf("rollback: %s %s: %w: absent view with a definition", op, vd.View, ErrInvalid))
		case !vd.Absent && strings.TrimSpace(vd.Definition) == "":
			errs = append(errs, fmt.Errorf("rollback: %s %s: %w: empty definition", op, vd.View, ErrInvalid))
		}
	}
	if err := errors.Join(append(errs, checkNames(op, names)...)...); err != nil {
		return err
	}
	states, errs := v.states(ctx, "switch back", names)
	forEach(len(cp.Views), v.opts.Concurrency, func(i int) {
		if errs[i] == nil {
			errs[i] = v.switchBack(ctx, cp.Views[i], states[i])
		}
	})
	return errors.Join(errs...)
}

// switchBack brings one view back to its checkpointed state, given its
// current one.
func (v *ViewSwitch) switchBack(ctx context.Context, vd ViewDefinition, cur viewState) error {
	name := vd.View
	switch {
	case vd.Absent && !cur.view:
		v.log.DebugContext(ctx, "rollback: view still absent", "view", name.String())
		return nil
	case vd.Absent:
		v.log.InfoContext(ctx, "rollback: dropping view absent at the checkpoint", "view", name.String())
		if err := v.c.DropView(ctx, name, &catalog.DropOptions{IfExists: true}); err != nil {
			return fmt.Errorf("rollback: drop %s: %w", name, err)
		}
		v.changed(Change{Object: name, Action: ActionDrop})
		return nil
	case !cur.exists:
		return fmt.Errorf("rollback: switch back %s: %w", name,
			&catalog.Error{Op: "view definition", Name: name, Kind: catalog.ErrNotFound})
	case !cur.view:
		return fmt.Errorf("rollback: switch back %s: %w", name,
			&catalog.Error{Op: "view definition", Name: name, Kind: catalog.ErrInvalid, Err: errors.New("not a view")})
	case cur.definition == vd.Definition:
		v.log.DebugContext(ctx, "rollback: view unchanged", "view", name.String())
		return nil
	}
	v.log.InfoContext(ctx, "rollback: switching view back", "view", name.String(),
		"from", cur.definition, "to", vd.Definition)
	if err := v.c.SwitchQuery(ctx, name, vd.Definition); err != nil {
		return fmt.Errorf("rollback: switch back %s: %w", name, err)
	}
	v.changed(Change{Object: name, Action: ActionSwitch})
	return nil
}

// changed reports a change to OnChange.
func (v *ViewSwitch) changed(c Change) {
	if v.opts.OnChange != nil {
		v.opts.OnChange(c)
	}
}
