package rollback

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/ucdeploy/ucdeploy/catalog"
)

// Rollbacker captures the state of some objects and can bring them back to
// it. Implementations are safe for concurrent use unless they say otherwise.
type Rollbacker interface {
	// Checkpoint records the current state. An error means the state could
	// not be read, or a guard refused (see DeltaRestore); nothing is changed.
	Checkpoint(ctx context.Context) (Checkpoint, error)
	// Rollback restores the state recorded in cp. It is idempotent: rolling
	// back to the same checkpoint again changes nothing. It attempts every
	// object and returns the errors of all that failed, joined.
	Rollback(ctx context.Context, cp Checkpoint) error
}

// Checkpoint is what a Rollbacker recorded: plain data that round-trips
// through JSON, so one process can checkpoint, journal it, and another roll
// back from the journal. Kind names the implementation that made it; the
// other fields are set as that implementation needs.
type Checkpoint struct {
	// Kind is "delta-restore", "view-switch" or "composite" for this
	// package's implementations; other implementations choose their own.
	Kind string `json:"kind"`
	// Taken is when the checkpoint was recorded.
	Taken time.Time `json:"taken"`
	// Tables are the Delta versions of tables (DeltaRestore).
	Tables []TableVersion `json:"tables,omitempty"`
	// Views are view definitions (ViewSwitch).
	Views []ViewDefinition `json:"views,omitempty"`
	// Parts are the checkpoints of a Composite's members, in order.
	Parts []Checkpoint `json:"parts,omitempty"`
	// Data carries the state of implementations outside this package.
	Data map[string]string `json:"data,omitempty"`
}

// TableVersion is a table's Delta version at checkpoint time.
type TableVersion struct {
	Table   catalog.Name `json:"table"`
	Version int64        `json:"version"`
	// Absent records that the table did not exist at checkpoint time
	// (DeltaRestoreOptions.AllowAbsent); Version is then 0, and Rollback
	// drops the table if it exists.
	Absent bool `json:"absent,omitempty"`
}

// ViewDefinition is a view's query text at checkpoint time.
type ViewDefinition struct {
	View       catalog.Name `json:"view"`
	Definition string       `json:"definition"`
	// Absent records that no view of that name existed at checkpoint time
	// (ViewSwitchOptions.AllowAbsent); Definition is then "", and Rollback
	// drops the view if one exists.
	Absent bool `json:"absent,omitempty"`
}

// Action is what a Rollback did to one object.
type Action string

// The actions a Rollback reports through the OnChange options.
const (
	// ActionRestore is a table RESTOREd to its checkpointed version.
	ActionRestore Action = "restore"
	// ActionSwitch is a view switched back to its checkpointed query.
	ActionSwitch Action = "switch"
	// ActionDrop is a table or view dropped because it did not exist at
	// checkpoint time (an Absent entry).
	ActionDrop Action = "drop"
)

// Change is one change a Rollback made: the object and what was done to
// it. Objects a Rollback finds as checkpointed get none.
type Change struct {
	// Object is the table or view changed.
	Object catalog.Name
	// Action is what was done to it.
	Action Action
}

// The Kind of the checkpoints each of this package's Rollbackers makes.
const (
	// KindDeltaRestore is the Kind of DeltaRestore checkpoints.
	KindDeltaRestore = "delta-restore"
	// KindViewSwitch is the Kind of ViewSwitch checkpoints.
	KindViewSwitch = "view-switch"
	// KindComposite is the Kind of Composite checkpoints.
	KindComposite = "composite"
)

// Sentinel errors. Errors of this package wrap one of them when the
// failure is this package's own finding, and otherwise wrap the catalog
// package's error (reach its sentinels, such as catalog.ErrNotFound, with
// errors.Is, and the SQL driver's error with errors.As).
var (
	// ErrInvalid reports bad input found before any statement is sent: a
	// checkpoint of another Kind, a Composite checkpoint with the wrong
	// number of parts, a name that is not catalog.schema.object, the same
	// object listed twice, a negative version or window, an empty view
	// definition (or an Absent entry with a version or definition), a nil
	// client or part.
	ErrInvalid = errors.New("invalid")
	// ErrRetention reports a table whose Delta retention is shorter than
	// the deploy's observation window, so the files a RESTORE to the
	// checkpoint needs could be vacuumed before the window ends.
	// DeltaRestore.Checkpoint refuses such tables.
	ErrRetention = errors.New("retention shorter than the observation window")
	// ErrDiverged reports an object that no longer descends from its
	// checkpointed state, so rolling it back is impossible: a table whose
	// current Delta version is older than the checkpointed one (it was
	// dropped and created again).
	ErrDiverged = errors.New("diverged from the checkpoint")
)

// checkKind returns an ErrInvalid error unless cp is of kind want.
func checkKind(op string, cp Checkpoint, want string) error {
	if cp.Kind != want {
		return fmt.Errorf("rollback: %s: %w: checkpoint kind %q, want %q", op, ErrInvalid, cp.Kind, want)
	}
	return nil
}

// checkNames returns the ErrInvalid errors of names that are not fully
// qualified (catalog.schema.object) or appear more than once (Unity Catalog
// compares names ignoring case); none when all are fine.
func checkNames(op string, names []catalog.Name) []error {
	var errs []error
	seen := make(map[string]bool, len(names))
	for i, n := range names {
		if n.Len() != 3 {
			shown := n.String()
			if n.IsZero() {
				shown = "(missing)"
			}
			errs = append(errs, fmt.Errorf("rollback: %s: %w: name %d %s is not catalog.schema.object", op, ErrInvalid, i, shown))
			continue
		}
		key := strings.ToLower(n.Quoted())
		if seen[key] {
			errs = append(errs, fmt.Errorf("rollback: %s %s: %w: listed twice", op, n, ErrInvalid))
		}
		seen[key] = true
	}
	return errs
}

// schemaGroup is the indexes of the names that share a schema.
type schemaGroup struct {
	schema catalog.Name // catalog.schema
	names  []int
}

// bySchema groups fully qualified names by schema (ignoring case, as Unity
// Catalog does), in order of first appearance.
func bySchema(names []catalog.Name) []schemaGroup {
	var out []schemaGroup
	index := map[string]int{}
	for i, n := range names {
		s := n.Parent()
		key := strings.ToLower(s.Quoted())
		g, ok := index[key]
		if !ok {
			g = len(out)
			index[key] = g
			out = append(out, schemaGroup{schema: s})
		}
		out[g].names = append(out[g].names, i)
	}
	return out
}

// forEach calls f(0) … f(n-1), at most limit at a time. With limit 1 it
// calls them in order on the calling goroutine. It returns when every call
// has returned.
func forEach(n, limit int, f func(i int)) {
	if limit <= 1 || n <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	limit = min(limit, n)
	var wg sync.WaitGroup
	next := make(chan int)
	for range limit {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
