package strategy

import (
	"errors"
	"fmt"

	"github.com/ucdeploy/ucdeploy/catalog"
)

// Recreate replaces tables in place, for changes that cannot live beside
// the tables in use — a major schema migration of tables consumers read
// directly, without a view in between. It checkpoints each table's Delta
// version, keeps that version as a snapshot (a shallow clone, which copies
// no data), replaces the table with the release's build, validates the new
// table against the snapshot, optionally watches a monitor window, and
// drops the snapshots. A failure anywhere up to the commit RESTOREs every
// table to its checkpointed version — data, schema and properties — and
// drops the tables the release created.
//
// # Downtime
//
// Recreate has downtime by design: consumers read the tables themselves,
// so they see each replace the moment it commits. A build of several
// statements shows them its intermediate states (an empty table between
// CREATE OR REPLACE TABLE and INSERT; one CREATE OR REPLACE TABLE … AS
// SELECT avoids that), tables replaced at different moments disagree with
// each other until the last is done, and a release that fails its
// validation was visible until the rollback restored the tables. Use
// BlueGreen when consumers must not see any of that.
//
// # Builds
//
// Each Release table names a Delta table (Table.View, catalog.schema.table;
// a view is refused at the checkpoint). In its build, {{green}} and
// {{view}} name the table and {{blue}} its snapshot, which holds the
// checkpointed data while the table changes:
//
//	CREATE OR REPLACE TABLE {{green}} AS
//	SELECT id, CAST(amount AS DECIMAL(12,2)) AS amount FROM {{blue}}
//
// A build must change the table, not drop it: CREATE OR REPLACE TABLE,
// ALTER TABLE and DML keep its Delta history and grants, which the
// rollback's RESTORE needs. DROP TABLE followed by CREATE TABLE starts a
// new history: the rollback then fails (rollback.ErrDiverged), or, should
// the new history reach the checkpointed version number, takes the table
// as unchanged. A table that does not exist yet is created by the build
// (it has no snapshot, so {{blue}} is refused and comparisons are
// Inconclusive) and dropped by a rollback.
//
// Snapshots live in <catalog><Suffix>.<schema> (PlaceCatalog, the default)
// or <catalog>.<schema><Suffix> (PlaceSchema), named <table>__<release ID>.
//
// The plan's steps: checkpoint, snapshot, replace (the build), validate
// (when there are checks), monitor (when Monitor is set), commit, cleanup.
// The retention guard refuses, before anything changes, a table whose Delta
// retention is shorter than the monitor window (rollback.ErrRetention).
//
// The zero Recreate is valid: snapshots in <catalog>_snapshot, no checks
// beyond the tables' own, no monitor window. A Recreate is a value with no
// state and is safe for concurrent use.
type Recreate struct {
	// Place says where snapshots live: PlaceCatalog (the zero value) or
	// PlaceSchema.
	Place Placement `json:"place,omitempty"`
	// Suffix is appended to the catalog (PlaceCatalog) or schema
	// (PlaceSchema) name of each table to name the snapshot's. Empty means
	// "_snapshot".
	Suffix string `json:"suffix,omitempty"`
	// Analysis validates the replaced tables against their snapshots,
	// together with each table's own checks, right after the replace. Nil
	// means only the tables' own checks; with none at all there is no
	// validate step. An Inconclusive verdict pauses or fails by its policy
	// while consumers read the new tables.
	Analysis *Analysis `json:"analysis,omitempty"`
	// Monitor is a window after the validation: checks run at an interval
	// for a duration; a failure restores the tables. Nil means no window.
	Monitor *Monitor `json:"monitor,omitempty"`
}

var _ Strategy = Recreate{}

// defaultSnapshotSuffix names the catalog or schema of snapshots.
const defaultSnapshotSuffix = "_snapshot"

// Validate reports every problem of the settings at once, each wrapping
// ErrInvalid: an unknown placement, a monitor interval longer than its
// duration or negative durations, bad check specs.
func (r Recreate) Validate() error {
	var errs []error
	add := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("strategy: recreate: %w: %s", ErrInvalid, fmt.Sprintf(format, args...)))
	}
	validateSettings(add, r.Place, r.Analysis, r.Monitor)
	return errors.Join(errs...)
}

// Snapshot returns the name of the snapshot that release id keeps of table
// (catalog.schema.table). It fails with ErrInvalid for a name of another
// shape.
func (r Recreate) Snapshot(table catalog.Name, id string) (catalog.Name, error) {
	if table.Len() != 3 {
		return catalog.Name{}, fmt.Errorf("strategy: snapshot of %q: %w: want catalog.schema.table", table.String(), ErrInvalid)
	}
	return placed(table, r.Place, r.Suffix, defaultSnapshotSuffix, id)
}

// Plan implements Strategy: every table is a unit replaced in place
// (Unit.InPlace, its own green). It fails with an error wrapping
// ErrInvalid, reporting every problem of the release and the settings at
// once.
func (r Recreate) Plan(rel Release) (Plan, error) {
	if err := errors.Join(rel.Validate(), r.Validate()); err != nil {
		return Plan{}, err
	}
	p := Plan{Strategy: "recreate", Release: rel.ID, Modifies: rel.Modifies}
	var errs []error
	for _, t := range rel.Tables {
		snap, err := r.Snapshot(t.View, rel.ID)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		b := rel.Build
		if t.Build != nil {
			b = *t.Build
		}
		p.Units = append(p.Units, Unit{View: t.View, Green: t.View, InPlace: true, Snapshot: snap, Build: b, Checks: t.Checks})
	}
	if err := errors.Join(errs...); err != nil {
		return Plan{}, err
	}
	p.Steps = append(p.Steps,
		Step{Name: "checkpoint", Kind: KindCheckpoint},
		Step{Name: "snapshot", Kind: KindSnapshot},
		Step{Name: "replace", Kind: KindBuild})
	var a Analysis
	if r.Analysis != nil {
		a = *r.Analysis
	}
	if len(a.Checks)+countChecks(rel.Tables) > 0 {
		p.Steps = append(p.Steps, Step{Name: "validate", Kind: KindAnalysis, Analysis: &a})
	}
	if m := r.Monitor; m != nil {
		in, d := m.settings()
		ma := m.Analysis
		p.Steps = append(p.Steps, Step{Name: "monitor", Kind: KindMonitor, Analysis: &ma, Interval: in, Duration: d})
	}
	p.Steps = append(p.Steps,
		Step{Name: "commit", Kind: KindCommit},
		Step{Name: "cleanup", Kind: KindCleanup})
	if err := p.Validate(); err != nil {
		return Plan{}, err
	}
	return p, nil
}
