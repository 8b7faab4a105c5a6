package rollback

import (
	"context"
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
}

// ViewDefinition is a view's query text at checkpoint time.
type ViewDefinition struct {
	View       catalog.Name `json:"view"`
	Definition string       `json:"definition"`
}
