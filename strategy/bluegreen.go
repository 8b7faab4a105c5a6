package strategy

import (
	"errors"
	"fmt"
	"time"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/validate"
)

// BlueGreen deploys a set of tables side by side with the ones in use:
// consumers read stable names that are views; the release builds a new
// (green) table for each view beside the current (blue) one, validates green
// against blue, switches every view to green with ALTER VIEW … AS (keeping
// the views' grants), monitors a window, keeps blue for a while so a rollback
// stays instant, then drops it. All views switch or none stay switched.
//
// Green tables live in <catalog><Suffix>.<schema> (PlaceCatalog, the
// default) or <catalog>.<schema><Suffix> (PlaceSchema), named
// <table>__<release ID>, so that every release has its own physical tables
// and older generations can be kept (Keep).
//
// The plan's steps: checkpoint, build, analysis (when there are checks),
// pause (unless AutoPromote), switch, monitor (when Monitor is set), commit,
// wait (when KeepBlue > 0), cleanup.
//
// The zero BlueGreen is valid: green in <catalog>_green, no checks beyond
// the tables' own, a manual promotion gate, no monitor window, blue dropped
// as soon as the release is final. A BlueGreen is a value with no state and
// is safe for concurrent use.
type BlueGreen struct {
	// Place says where green tables live: PlaceCatalog (the zero value) or
	// PlaceSchema.
	Place Placement `json:"place,omitempty"`
	// Suffix is appended to the catalog (PlaceCatalog) or schema
	// (PlaceSchema) name of each view to name the green one. Empty means
	// "_green".
	Suffix string `json:"suffix,omitempty"`
	// Analysis is the pre-promotion gate: checks of green against blue,
	// run after the build and before the switch,
	// together with each table's own checks. Nil means only the tables'
	// own checks; with none at all there is no analysis step.
	Analysis *Analysis `json:"analysis,omitempty"`
	// AutoPromote switches as soon as the analysis passes. False means the
	// deploy pauses before the switch until Engine.Promote (or Abort).
	AutoPromote bool `json:"autoPromote,omitempty"`
	// Monitor is the post-promotion window: checks run at an interval for
	// a duration after the switch; a failure switches back automatically.
	// Nil means no window.
	Monitor *Monitor `json:"monitor,omitempty"`
	// KeepBlue is how long blue tables are kept once the release is final,
	// so that Engine.Abort can still switch back instantly. Zero means blue
	// is dropped as soon as the release is final.
	KeepBlue Duration `json:"keepBlue,omitempty"`
	// Keep is the number of generations of physical tables kept per view
	// after cleanup, the live one included: 2 keeps blue until the next
	// release. Zero means 1. Generations are blue and the tables named
	// <table>__<release ID> in the green schema; a blue named otherwise
	// (the first one, made by hand) is dropped only by the cleanup of the
	// release that replaces it, so with Keep > 1 it is left for a person to
	// drop.
	Keep int `json:"keep,omitempty"`
	// KeepFailed makes a rollback keep the green tables for inspection.
	// False means a rollback drops them.
	KeepFailed bool `json:"keepFailed,omitempty"`
}

var _ Strategy = BlueGreen{}

// Monitor is a post-promotion analysis window.
type Monitor struct {
	// Interval is the time between measurements. Zero means one minute.
	Interval Duration `json:"interval,omitempty"`
	// Duration is the window's length: measurements are taken right after
	// the switch, every Interval, and at the end. Zero means 30 minutes.
	Duration Duration `json:"duration,omitempty"`
	// Analysis holds the checks and limits. The checks compare green with
	// blue where blue is known; each table's own checks run too.
	Analysis
}

// Default monitor settings.
const (
	defaultMonitorInterval = Duration(time.Minute)
	defaultMonitorDuration = Duration(30 * time.Minute)
	defaultSuffix          = "_green"
)

// Placement says where green tables live.
type Placement string

// The placements.
const (
	// PlaceCatalog puts green tables in a catalog beside the view's:
	// <catalog><suffix>.<schema>.
	PlaceCatalog Placement = ""
	// PlaceSchema puts green tables in a schema beside the view's, in the
	// same catalog: <catalog>.<schema><suffix>.
	PlaceSchema Placement = "schema"
)

// Validate reports every problem of the settings at once, each wrapping
// ErrInvalid: an unknown placement, negative durations or Keep, a monitor
// interval longer than its duration, bad check specs.
func (bg BlueGreen) Validate() error {
	var errs []error
	add := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("strategy: blue-green: %w: %s", ErrInvalid, fmt.Sprintf(format, args...)))
	}
	validateSettings(add, bg.Place, bg.Analysis, bg.Monitor)
	if bg.KeepBlue < 0 {
		add("negative keepBlue")
	}
	if bg.Keep < 0 {
		add("negative keep")
	}
	return errors.Join(errs...)
}

// validateSettings reports, through add, the problems of the settings
// strategies share: an unknown placement, bad check specs, a monitor's
// negative durations or interval longer than its window.
func validateSettings(add func(format string, args ...any), place Placement, analysis *Analysis, monitor *Monitor) {
	switch place {
	case PlaceCatalog, PlaceSchema:
	default:
		add("unknown placement %q", place)
	}
	if a := analysis; a != nil {
		if err := checksSpec(a.Checks); err != nil {
			add("analysis: %v", err)
		}
	}
	if m := monitor; m != nil {
		in, d := m.settings()
		if m.Interval < 0 || m.Duration < 0 || in > d {
			add("monitor: want 0 <= interval <= duration")
		}
		if err := checksSpec(m.Checks); err != nil {
			add("monitor: %v", err)
		}
	}
}

// settings returns the interval and duration with defaults applied.
func (m *Monitor) settings() (interval, duration Duration) {
	interval, duration = m.Interval, m.Duration
	if interval == 0 {
		interval = defaultMonitorInterval
	}
	if duration == 0 {
		duration = defaultMonitorDuration
	}
	return interval, duration
}

// Green returns the physical name of the green table that release id builds
// for view (catalog.schema.view). It fails with ErrInvalid for a view of
// another shape.
func (bg BlueGreen) Green(view catalog.Name, id string) (catalog.Name, error) {
	if view.Len() != 3 {
		return catalog.Name{}, fmt.Errorf("strategy: green of %q: %w: want catalog.schema.view", view.String(), ErrInvalid)
	}
	return placed(view, bg.Place, bg.Suffix, defaultSuffix, id)
}

// placed returns the name of release id's table for name
// (catalog.schema.object) in the catalog or schema beside name's, with
// suffix (or def when suffix is empty): <name>__<id>.
func placed(name catalog.Name, place Placement, suffix, def, id string) (catalog.Name, error) {
	p := name.Parts()
	if suffix == "" {
		suffix = def
	}
	if place == PlaceSchema {
		p[1] += suffix
	} else {
		p[0] += suffix
	}
	return catalog.NewName(p[0], p[1], p[2]+generationSep+id)
}

// generationSep separates a table's name from the release ID in the names
// of green tables.
const generationSep = "__"

// Plan implements Strategy. It fails with an error wrapping ErrInvalid,
// reporting every problem of the release and the settings at once.
func (bg BlueGreen) Plan(r Release) (Plan, error) {
	if err := errors.Join(r.Validate(), bg.Validate()); err != nil {
		return Plan{}, err
	}
	p := Plan{Strategy: "blueGreen", Release: r.ID, Modifies: r.Modifies, KeepFailed: bg.KeepFailed}
	var errs []error
	for _, t := range r.Tables {
		g, err := bg.Green(t.View, r.ID)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		b := r.Build
		if t.Build != nil {
			b = *t.Build
		}
		p.Units = append(p.Units, Unit{View: t.View, Green: g, Build: b, Checks: t.Checks})
	}
	if err := errors.Join(errs...); err != nil {
		return Plan{}, err
	}
	p.Steps = append(p.Steps,
		Step{Name: "checkpoint", Kind: KindCheckpoint},
		Step{Name: "build", Kind: KindBuild})
	var pre Analysis
	if bg.Analysis != nil {
		pre = *bg.Analysis
	}
	if n := len(pre.Checks) + countChecks(r.Tables); n > 0 {
		a := pre
		p.Steps = append(p.Steps, Step{Name: "pre-promotion", Kind: KindAnalysis, Analysis: &a})
	}
	if !bg.AutoPromote {
		p.Steps = append(p.Steps, Step{Name: "promotion", Kind: KindPause})
	}
	p.Steps = append(p.Steps, Step{Name: "switch", Kind: KindSwitch})
	if m := bg.Monitor; m != nil {
		in, d := m.settings()
		a := m.Analysis
		p.Steps = append(p.Steps, Step{Name: "monitor", Kind: KindMonitor, Analysis: &a, Interval: in, Duration: d})
	}
	p.Steps = append(p.Steps, Step{Name: "commit", Kind: KindCommit})
	if bg.KeepBlue > 0 {
		p.Steps = append(p.Steps, Step{Name: "keep-blue", Kind: KindWait, Duration: bg.KeepBlue})
	}
	p.Steps = append(p.Steps, Step{Name: "cleanup", Kind: KindCleanup, Keep: bg.Keep})
	if err := p.Validate(); err != nil {
		return Plan{}, err
	}
	return p, nil
}

// countChecks returns the number of tables' own checks.
func countChecks(ts []Table) int {
	n := 0
	for _, t := range ts {
		n += len(t.Checks)
	}
	return n
}

// pairChecks returns the checks of one unit in an analysis: the step's,
// then the unit's.
func pairChecks(a *Analysis, u Unit) validate.Checks {
	out := make(validate.Checks, 0, len(a.Checks)+len(u.Checks))
	out = append(out, a.Checks...)
	return append(out, u.Checks...)
}
