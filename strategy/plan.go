package strategy

import (
	"errors"
	"fmt"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/validate"
)

// Plan is a release turned into steps: what a Strategy returns and the
// Engine runs. It is data with JSON tags (except build funcs), so it can be
// printed, diffed and checked before anything runs; Validate reports every
// problem at once.
type Plan struct {
	// Strategy names the strategy that made the plan, e.g. "blueGreen".
	Strategy string `json:"strategy"`
	// Release is the release ID.
	Release string `json:"release"`
	// Units are the tables the release replaces, with the physical name of
	// each one's new version.
	Units []Unit `json:"units"`
	// Modifies are existing Delta tables the build changes in place;
	// checkpointed before the first build and restored by a rollback.
	Modifies []catalog.Name `json:"modifies,omitempty"`
	// KeepFailed makes a rollback keep the green tables it would drop, for
	// inspection. False means a rollback drops them.
	KeepFailed bool `json:"keepFailed,omitempty"`
	// Steps run in order.
	Steps []Step `json:"steps"`
}

// Unit is one table of a plan.
type Unit struct {
	// View is the stable name consumers read: a view the deploy switches,
	// or, for a unit replaced in place, the Delta table itself.
	View catalog.Name `json:"view"`
	// Green is the physical table this release builds for the view; for a
	// unit replaced in place, View itself.
	Green catalog.Name `json:"green"`
	// InPlace makes the release replace the table View in place (the
	// Recreate strategy) instead of building a table beside it and
	// switching a view: its Delta version is checkpointed, a KindSnapshot
	// step keeps that version as Snapshot, the build replaces the table
	// (consumers see it at once), and a rollback RESTOREs the table to the
	// checkpointed version — or drops it, if it did not exist. False means
	// View is a view and Green a table of its own.
	InPlace bool `json:"inPlace,omitempty"`
	// Snapshot is, for a unit replaced in place, the table a KindSnapshot
	// step creates as a shallow clone of View at its checkpointed version:
	// the build's {{blue}} and the baseline analyses compare with. It is
	// dropped by the cleanup and by a rollback. The zero Name for units
	// not replaced in place.
	Snapshot catalog.Name `json:"snapshot,omitzero"`
	// Build fills Green.
	Build Build `json:"build"`
	// Checks are the unit's own checks, run by every analysis of the unit
	// after the step's checks.
	Checks validate.Checks `json:"checks,omitempty"`
}

// Kind is the kind of a step.
type Kind string

// The step kinds the engine runs. Steps of kinds up to and including
// KindCommit are undone by a rollback when a later one fails; steps after
// the commit are housekeeping, whose failures are reported but not rolled
// back.
const (
	// KindCheckpoint records, for every unit, the view's definition and
	// the table it reads (blue) — or, for a unit replaced in place, its
	// table's Delta version — and the Delta versions of the plan's Modifies
	// tables. It must come first; it sends only reads.
	KindCheckpoint Kind = "checkpoint"
	// KindSnapshot creates the snapshots of the step's units, which must be
	// replaced in place: a shallow clone of each table at its checkpointed
	// version (none for a table that did not exist), creating the
	// snapshots' schemas if missing. It must come before the units' build.
	KindSnapshot Kind = "snapshot"
	// KindBuild creates the green schemas if missing, then builds the
	// step's units' green tables (replaces the tables of units replaced in
	// place).
	KindBuild Kind = "build"
	// KindAnalysis judges the step's units with a validate suite: green
	// against blue, the table the view reads (or the view itself when its
	// query is not a plain SELECT * FROM table; a view that does not exist
	// yet gives comparisons no data, hence Inconclusive). Pass
	// continues, Fail aborts and rolls back, Inconclusive pauses or fails by
	// the analysis's policy; an analysis that cannot run fails the step.
	KindAnalysis Kind = "analysis"
	// KindPause waits: for Duration, or until Engine.Promote (continue)
	// or Engine.Abort (roll back) when Duration is zero.
	KindPause Kind = "pause"
	// KindSwitch points the step's units' views at their green tables
	// with ALTER VIEW … AS (CREATE VIEW for a view that does not exist
	// yet). If one fails, the views already switched go back. Units
	// replaced in place have no view to switch.
	KindSwitch Kind = "switch"
	// KindMonitor runs the analysis every Interval for Duration after the
	// switch (blue against green, where blue is known); a failure rolls
	// back automatically. Promote ends the window early.
	KindMonitor Kind = "monitor"
	// KindCommit makes the release final: failures of later steps are no
	// longer rolled back automatically. Engine.Abort still rolls back until
	// cleanup starts.
	KindCommit Kind = "commit"
	// KindWait keeps blue for Duration (the keep-blue window), so that a
	// person can still roll back instantly. Promote ends it early.
	KindWait Kind = "wait"
	// KindCleanup drops the tables the step's units no longer read: blue
	// and older generations, keeping the newest Keep (the live table
	// included; 0 means 1), and the snapshots of units replaced in place.
	// It drops nothing a view reads: not the plan's views, and not views
	// outside the plan (one statement per catalog finds them); such tables
	// are kept and named in Report.Kept.
	KindCleanup Kind = "cleanup"
)

// Step is one step of a plan. Kind says which fields apply.
type Step struct {
	// Name identifies the step in the journal, events and reports; unique
	// within the plan.
	Name string `json:"name"`
	// Kind is what the step does.
	Kind Kind `json:"kind"`
	// Units are the indexes (into Plan.Units) of the units the step acts
	// on. Nil means all.
	Units []int `json:"units,omitempty"`
	// Analysis configures KindAnalysis and KindMonitor steps.
	Analysis *Analysis `json:"analysis,omitempty"`
	// Duration is how long a KindMonitor window or KindWait lasts, and how
	// long a KindPause waits (zero: until promoted).
	Duration Duration `json:"duration,omitempty"`
	// Interval is the time between a KindMonitor step's measurements.
	Interval Duration `json:"interval,omitempty"`
	// Keep is the number of generations a KindCleanup step keeps per view,
	// the live one included. Zero means 1.
	Keep int `json:"keep,omitempty"`
}

// Analysis is a gate's checks and decision policy, in Argo Rollouts'
// vocabulary.
type Analysis struct {
	// Checks run on every unit of the step, before each unit's own checks.
	Checks validate.Checks `json:"checks,omitempty"`
	// Inconclusive says what an Inconclusive verdict does: InconclusivePause
	// (the zero value) waits for Engine.Promote or Engine.Abort;
	// InconclusiveFail counts it as a failure.
	Inconclusive InconclusivePolicy `json:"inconclusive,omitempty"`
	// MustHaveData makes every check Fail when it has no data (see
	// validate.Options.MustHaveData).
	MustHaveData bool `json:"mustHaveData,omitempty"`
	// FailureLimit is the number of failed measurements a monitor
	// tolerates; the next one aborts. Zero means the first failure aborts.
	FailureLimit int `json:"failureLimit,omitempty"`
	// ErrorLimit is the number of consecutive measurements a monitor
	// tolerates that could not be taken (the warehouse failed); the next
	// one fails the deploy. Zero means the first error fails it.
	ErrorLimit int `json:"errorLimit,omitempty"`
}

// InconclusivePolicy is what an Inconclusive verdict does.
type InconclusivePolicy string

// The inconclusive policies.
const (
	// InconclusivePause pauses the deploy until a person promotes or
	// aborts it, as Argo Rollouts does.
	InconclusivePause InconclusivePolicy = ""
	// InconclusiveFail treats Inconclusive as Failed.
	InconclusiveFail InconclusivePolicy = "fail"
)

// unitsOf returns the unit indexes a step acts on.
func (p *Plan) unitsOf(s Step) []int {
	if s.Units != nil {
		return s.Units
	}
	all := make([]int, len(p.Units))
	for i := range all {
		all[i] = i
	}
	return all
}

// Validate reports every problem of the plan at once (joined with
// errors.Join), each wrapping ErrInvalid: a bad release ID; no units; views
// or greens that are not catalog.schema.table, repeat, or collide; a unit
// replaced in place whose green is not its view, or whose snapshot is
// missing or collides (or a snapshot on another unit); invalid builds or
// check specs; a Modifies table that is a unit's; unknown step kinds,
// repeated step names, unit indexes out of range; settings a step's kind
// needs (a monitor's interval and duration, a wait's duration) missing or
// negative; and steps out of order (checkpoint first, a unit replaced in
// place snapshotted once before it is built, a unit built before it is
// analysed or switched, no switch of a unit replaced in place, at most one
// commit, only waits and cleanups after it, cleanup only after it).
func (p Plan) Validate() error {
	var errs []error
	add := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("strategy: plan %q: %w: %s", p.Release, ErrInvalid, fmt.Sprintf(format, args...)))
	}
	if p.Strategy == "" {
		add("no strategy name")
	}
	if !releaseIDPattern.MatchString(p.Release) {
		add("release id must be 1 to 64 ASCII letters, digits or '-', starting with a letter or digit")
	}
	if len(p.Units) == 0 {
		add("no units")
	}
	for i, u := range p.Units {
		if u.View.Len() != 3 {
			add("unit %d: view %q is not catalog.schema.view", i, u.View.String())
		}
		if u.Green.Len() != 3 {
			add("unit %d: green %q is not catalog.schema.table", i, u.Green.String())
		}
		for j := range i {
			o := p.Units[j]
			if !u.View.IsZero() && o.View.Equal(u.View) {
				add("unit %d: view %s is also unit %d's", i, u.View, j)
			}
			if !u.Green.IsZero() && o.Green.Equal(u.Green) {
				add("unit %d: green %s is also unit %d's", i, u.Green, j)
			}
		}
		for j, o := range p.Units {
			if !u.Green.IsZero() && o.View.Equal(u.Green) && (j != i || !u.InPlace) {
				add("unit %d: green %s is unit %d's view", i, u.Green, j)
			}
		}
		errs = append(errs, p.validateInPlace(i)...)
		if err := u.Build.validate(); err != nil {
			add("unit %d (%s): %v", i, u.View, err)
		}
	}
	for i, m := range p.Modifies {
		if m.Len() != 3 {
			add("modifies %d: %q is not catalog.schema.table", i, m.String())
		}
		for j, u := range p.Units {
			if u.InPlace && u.View.Equal(m) {
				add("modifies %d: %s is unit %d's table, replaced in place", i, m, j)
			}
		}
	}
	if len(p.Steps) == 0 {
		add("no steps")
	}
	names := map[string]bool{}
	built := make([]bool, len(p.Units))
	snapshotted := make([]bool, len(p.Units))
	checkpointed, committed := false, false
	for i, s := range p.Steps {
		label := fmt.Sprintf("step %d (%s)", i, s.Name)
		if s.Name == "" {
			add("step %d: no name", i)
		} else if names[s.Name] {
			add("%s: name repeats", label)
		}
		names[s.Name] = true
		if s.Units != nil && len(s.Units) == 0 {
			add("%s: empty unit list (nil means all)", label)
		}
		seen := map[int]bool{}
		for _, u := range s.Units {
			if u < 0 || u >= len(p.Units) {
				add("%s: unit %d out of range", label, u)
			} else if seen[u] {
				add("%s: unit %d repeats", label, u)
			}
			seen[u] = true
		}
		units := p.unitsOf(s)
		inRange := func(u int) bool { return u >= 0 && u < len(p.Units) }
		if s.Kind != KindCheckpoint && !checkpointed {
			add("%s: comes before the checkpoint", label)
		}
		if committed && s.Kind != KindWait && s.Kind != KindCleanup && s.Kind != KindPause {
			add("%s: a %s step cannot follow the commit", label, s.Kind)
		}
		if s.Duration < 0 || s.Interval < 0 || s.Keep < 0 {
			add("%s: negative duration, interval or keep", label)
		}
		switch s.Kind {
		case KindCheckpoint:
			if i != 0 {
				add("%s: the checkpoint must be the first step", label)
			}
			if s.Units != nil {
				add("%s: the checkpoint covers every unit", label)
			}
			checkpointed = true
		case KindSnapshot:
			for _, u := range units {
				switch {
				case !inRange(u):
				case !p.Units[u].InPlace:
					add("%s: unit %d is not replaced in place", label, u)
				case snapshotted[u]:
					add("%s: unit %d is snapshotted twice", label, u)
				case built[u]:
					add("%s: unit %d is snapshotted after its build", label, u)
				}
				if inRange(u) {
					snapshotted[u] = true
				}
			}
		case KindBuild:
			for _, u := range units {
				if inRange(u) {
					if built[u] {
						add("%s: unit %d is built twice", label, u)
					}
					if p.Units[u].InPlace && !snapshotted[u] {
						add("%s: unit %d is replaced in place before a snapshot step", label, u)
					}
					built[u] = true
				}
			}
		case KindAnalysis, KindMonitor:
			if s.Analysis == nil {
				add("%s: no analysis", label)
			} else {
				errs = append(errs, p.validateAnalysis(label, s, units)...)
			}
			if s.Kind == KindMonitor && (s.Duration <= 0 || s.Interval <= 0 || s.Interval > s.Duration) {
				add("%s: a monitor needs 0 < interval <= duration", label)
			}
			for _, u := range units {
				if inRange(u) && !built[u] {
					add("%s: unit %d is not built by an earlier step", label, u)
				}
			}
		case KindSwitch:
			for _, u := range units {
				switch {
				case !inRange(u):
				case p.Units[u].InPlace:
					add("%s: unit %d is replaced in place; it has no view to switch", label, u)
				case !built[u]:
					add("%s: unit %d is not built by an earlier step", label, u)
				}
			}
		case KindPause:
		case KindCommit:
			if committed {
				add("%s: a second commit", label)
			}
			committed = true
		case KindWait:
			if s.Duration <= 0 {
				add("%s: a wait needs a positive duration", label)
			}
		case KindCleanup:
			if !committed {
				add("%s: cleanup must follow the commit", label)
			}
		default:
			add("%s: unknown kind %q", label, s.Kind)
		}
	}
	return errors.Join(errs...)
}

// validateInPlace reports the problems of unit i's in-place settings.
func (p *Plan) validateInPlace(i int) []error {
	var errs []error
	u := p.Units[i]
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("strategy: plan %q: %w: unit %d: %s", p.Release, ErrInvalid, i, fmt.Sprintf(format, args...)))
	}
	if !u.InPlace {
		if !u.Snapshot.IsZero() {
			bad("a snapshot on a unit not replaced in place")
		}
		return errs
	}
	if !u.Green.Equal(u.View) {
		bad("replaced in place, but green %s is not its table %s", u.Green, u.View)
	}
	if u.Snapshot.Len() != 3 {
		bad("snapshot %q is not catalog.schema.table", u.Snapshot.String())
		return errs
	}
	for j, o := range p.Units {
		if o.View.Equal(u.Snapshot) || o.Green.Equal(u.Snapshot) {
			bad("snapshot %s is unit %d's table", u.Snapshot, j)
		}
		if j < i && o.Snapshot.Equal(u.Snapshot) {
			bad("snapshot %s is also unit %d's", u.Snapshot, j)
		}
	}
	for _, m := range p.Modifies {
		if m.Equal(u.Snapshot) {
			bad("snapshot %s is a modified table", u.Snapshot)
		}
	}
	return errs
}

// validateAnalysis reports the problems of an analysis step.
func (p *Plan) validateAnalysis(label string, s Step, units []int) []error {
	var errs []error
	a := s.Analysis
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("strategy: plan %q: %w: %s: %s", p.Release, ErrInvalid, label, fmt.Sprintf(format, args...)))
	}
	switch a.Inconclusive {
	case InconclusivePause, InconclusiveFail:
	default:
		bad("unknown inconclusive policy %q", a.Inconclusive)
	}
	if a.FailureLimit < 0 || a.ErrorLimit < 0 {
		bad("negative failure or error limit")
	}
	if err := checksSpec(a.Checks); err != nil {
		bad("%v", err)
	}
	for _, u := range units {
		if u >= 0 && u < len(p.Units) {
			if err := checksSpec(p.Units[u].Checks); err != nil {
				bad("unit %d: %v", u, err)
			}
		}
	}
	if s.Kind == KindAnalysis {
		n := len(a.Checks)
		for _, u := range units {
			if u >= 0 && u < len(p.Units) {
				n += len(p.Units[u].Checks)
			}
		}
		if n == 0 {
			bad("no checks")
		}
	}
	return errs
}
