package rollback

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"github.com/ucdeploy/ucdeploy/catalog"
)

// DeltaRestoreOptions configures a DeltaRestore. A nil *DeltaRestoreOptions
// means the zero value, whose fields all have the defaults documented on
// them.
type DeltaRestoreOptions struct {
	// Window is the deploy's observation window: how long after the
	// checkpoint a rollback may still be needed. Checkpoint refuses, with
	// ErrRetention, a table whose delta.deletedFileRetentionDuration
	// (default 7 days) or delta.logRetentionDuration (default 30 days) is
	// shorter, because a RESTORE needs both the checkpointed version's log
	// entries and its data files, which VACUUM may delete once they have
	// been removed for longer than the retention. Zero means no guard (and
	// one statement less per table); a negative Window makes Checkpoint
	// fail with ErrInvalid.
	Window time.Duration
	// Concurrency is the most tables checkpointed or rolled back at once.
	// Zero (or less) means 1: one table at a time, in order.
	Concurrency int
	// AllowAbsent makes Checkpoint record a table that does not exist as
	// Absent instead of failing with catalog.ErrNotFound, for deploys that
	// may create it: Rollback then drops it. False means every table must
	// exist.
	AllowAbsent bool
	// OnChange is called after each change Rollback makes (a RESTORE, or
	// the drop of an Absent table), from the goroutine that made it: with
	// Concurrency above 1 it must be safe for concurrent use. Nil means
	// none.
	OnChange func(Change)
	// Logger receives an Info record for every table Rollback restores or
	// drops and a Debug record for every table it finds unchanged and
	// every version Checkpoint reads. Nil means no logging. Failures are
	// returned, not logged.
	Logger *slog.Logger
}

// DeltaRestore is the Rollbacker of Delta tables: Checkpoint records the
// current version of each of its tables, Rollback RESTOREs each table that
// has changed since to its checkpointed version (one new commit that
// brings back the data, schema and properties of that version). Tables
// already at their checkpointed state are left alone, so a second Rollback
// sends no RESTORE. With AllowAbsent, a table that did not exist at
// checkpoint time is dropped by Rollback: the deploy created it.
//
// A DeltaRestore is safe for concurrent use: it holds no mutable state.
type DeltaRestore struct {
	c      *catalog.Client
	tables []catalog.Name
	opts   DeltaRestoreOptions
	log    *slog.Logger
}

var _ Rollbacker = (*DeltaRestore)(nil)

// NewDeltaRestore returns a DeltaRestore of the Delta tables named
// (catalog.schema.table each) that runs its statements through c. The
// tables matter to Checkpoint only: Rollback restores the tables its
// checkpoint lists, so a DeltaRestore made in another process, with any
// tables, can roll back a journaled checkpoint. tables and opts are copied;
// opts may be nil. Bad names are reported by Checkpoint.
func NewDeltaRestore(c *catalog.Client, tables []catalog.Name, opts *DeltaRestoreOptions) *DeltaRestore {
	d := &DeltaRestore{c: c, tables: slices.Clone(tables)}
	if opts != nil {
		d.opts = *opts
	}
	d.log = d.opts.Logger
	if d.log == nil {
		d.log = slog.New(slog.DiscardHandler)
	}
	return d
}

// usable returns an ErrInvalid error for a nil DeltaRestore or client.
func (d *DeltaRestore) usable(op string) error {
	if d == nil || d.c == nil {
		return fmt.Errorf("rollback: %s: %w: nil catalog client", op, ErrInvalid)
	}
	return nil
}

// Checkpoint returns a checkpoint of Kind KindDeltaRestore holding the
// current version of every table, in the order given to NewDeltaRestore.
// It checks the whole list before sending anything, and fails with
// ErrInvalid for a name that is not catalog.schema.table, a table listed
// twice or a negative Window. It reads every table, and fails with all
// these errors joined: ErrRetention for a table whose retention is shorter
// than the Window, and the catalog package's errors for tables that cannot
// be read (catalog.ErrNotFound for a missing table unless AllowAbsent,
// which records it as Absent; catalog.ErrInvalid for a view). Nothing is
// changed.
func (d *DeltaRestore) Checkpoint(ctx context.Context) (Checkpoint, error) {
	const op = "checkpoint tables"
	if err := d.usable(op); err != nil {
		return Checkpoint{}, err
	}
	problems := checkNames(op, d.tables)
	if d.opts.Window < 0 {
		problems = append(problems, fmt.Errorf("rollback: %s: %w: negative window %v", op, ErrInvalid, d.opts.Window))
	}
	if err := errors.Join(problems...); err != nil {
		return Checkpoint{}, err
	}
	taken := time.Now().UTC()
	out := make([]TableVersion, len(d.tables))
	errs := make([]error, len(d.tables))
	forEach(len(d.tables), d.opts.Concurrency, func(i int) {
		out[i], errs[i] = d.checkpoint(ctx, d.tables[i])
	})
	if err := errors.Join(errs...); err != nil {
		return Checkpoint{}, err
	}
	if len(out) == 0 {
		out = nil
	}
	return Checkpoint{Kind: KindDeltaRestore, Taken: taken, Tables: out}, nil
}

// checkpoint applies the retention guard to table and reads its version.
func (d *DeltaRestore) checkpoint(ctx context.Context, table catalog.Name) (TableVersion, error) {
	absent := func(err error) bool {
		if d.opts.AllowAbsent && errors.Is(err, catalog.ErrNotFound) {
			d.log.DebugContext(ctx, "rollback: table absent", "table", table.String())
			return true
		}
		return false
	}
	if w := d.opts.Window; w > 0 {
		r, err := d.c.Retention(ctx, table)
		if absent(err) {
			return TableVersion{Table: table, Absent: true}, nil
		}
		if err != nil {
			return TableVersion{}, fmt.Errorf("rollback: checkpoint %s: %w", table, err)
		}
		for _, p := range [...]struct {
			key string
			d   time.Duration
		}{
			{"delta.deletedFileRetentionDuration", r.DeletedFileRetention},
			{"delta.logRetentionDuration", r.LogRetention},
		} {
			if p.d < w {
				return TableVersion{}, fmt.Errorf("rollback: checkpoint %s: %w: %s is %v, the window %v",
					table, ErrRetention, p.key, p.d, w)
			}
		}
	}
	v, err := d.c.CurrentVersion(ctx, table)
	if absent(err) {
		return TableVersion{Table: table, Absent: true}, nil
	}
	if err != nil {
		return TableVersion{}, fmt.Errorf("rollback: checkpoint %s: %w", table, err)
	}
	d.log.DebugContext(ctx, "rollback: table version", "table", table.String(), "version", v)
	return TableVersion{Table: table, Version: v}, nil
}

// Rollback restores every table of cp that has changed since to its
// checkpointed version. A table is unchanged when its latest commit is the
// checkpointed version, or a RESTORE to that version (as the one a previous
// Rollback made); it gets no statement besides the read of its latest
// commit. A table cp records as Absent is dropped if it exists. The tables
// are those cp lists, not those given to NewDeltaRestore.
//
// Rollback checks cp before sending anything, and fails with ErrInvalid
// when its Kind is not KindDeltaRestore, a name is not
// catalog.schema.table, a table is listed twice, a version is negative or
// an Absent table has a version.
// It then attempts every table, even after failures, and returns their
// errors joined: ErrDiverged for a table whose version is older than the
// checkpointed one, and the catalog package's errors otherwise
// (catalog.ErrNotFound for a dropped table, catalog.ErrInvalid for a
// version Delta no longer keeps, catalog.ErrPermission without MODIFY),
// which also reach the SQL driver's error.
func (d *DeltaRestore) Rollback(ctx context.Context, cp Checkpoint) error {
	const op = "restore tables"
	if err := d.usable(op); err != nil {
		return err
	}
	if err := checkKind(op, cp, KindDeltaRestore); err != nil {
		return err
	}
	names := make([]catalog.Name, len(cp.Tables))
	var errs []error
	for i, tv := range cp.Tables {
		names[i] = tv.Table
		switch {
		case tv.Version < 0:
			errs = append(errs, fmt.Errorf("rollback: %s %s: %w: negative version %d", op, tv.Table, ErrInvalid, tv.Version))
		case tv.Absent && tv.Version != 0:
			errs = append(errs, fmt.Errorf("rollback: %s %s: %w: absent table with version %d", op, tv.Table, ErrInvalid, tv.Version))
		}
	}
	if err := errors.Join(append(errs, checkNames(op, names)...)...); err != nil {
		return err
	}
	errs = make([]error, len(cp.Tables))
	forEach(len(cp.Tables), d.opts.Concurrency, func(i int) {
		errs[i] = d.restore(ctx, cp.Tables[i])
	})
	return errors.Join(errs...)
}

// restore brings one table back to its checkpointed version unless it is
// there already.
func (d *DeltaRestore) restore(ctx context.Context, tv TableVersion) error {
	h, err := d.c.History(ctx, tv.Table, 1)
	if tv.Absent {
		return d.drop(ctx, tv.Table, err)
	}
	if err != nil {
		return fmt.Errorf("rollback: restore %s: %w", tv.Table, err)
	}
	if len(h) == 0 {
		return fmt.Errorf("rollback: restore %s: %w: no history", tv.Table, catalog.ErrNotFound)
	}
	latest := h[0]
	switch {
	case latest.Version == tv.Version:
		d.log.DebugContext(ctx, "rollback: table unchanged", "table", tv.Table.String(), "version", tv.Version)
		return nil
	case latest.Version < tv.Version:
		return fmt.Errorf("rollback: restore %s: %w: version %d is older than the checkpointed %d (was the table dropped and created again?)",
			tv.Table, ErrDiverged, latest.Version, tv.Version)
	case restoredTo(latest, tv.Version):
		d.log.DebugContext(ctx, "rollback: table already restored", "table", tv.Table.String(),
			"version", tv.Version, "restore", latest.Version)
		return nil
	}
	d.log.InfoContext(ctx, "rollback: restoring table", "table", tv.Table.String(),
		"from", latest.Version, "to", tv.Version)
	if err := d.c.RestoreVersion(ctx, tv.Table, tv.Version); err != nil {
		return fmt.Errorf("rollback: restore %s: %w", tv.Table, err)
	}
	d.changed(Change{Object: tv.Table, Action: ActionRestore})
	return nil
}

// drop drops a table that was absent at checkpoint time, given the error
// of reading its history: not found means it is absent still.
func (d *DeltaRestore) drop(ctx context.Context, table catalog.Name, histErr error) error {
	switch {
	case errors.Is(histErr, catalog.ErrNotFound):
		d.log.DebugContext(ctx, "rollback: table still absent", "table", table.String())
		return nil
	case histErr != nil:
		return fmt.Errorf("rollback: drop %s: %w", table, histErr)
	}
	d.log.InfoContext(ctx, "rollback: dropping table absent at the checkpoint", "table", table.String())
	if err := d.c.DropTable(ctx, table, &catalog.DropOptions{IfExists: true}); err != nil {
		return fmt.Errorf("rollback: drop %s: %w", table, err)
	}
	d.changed(Change{Object: table, Action: ActionDrop})
	return nil
}

// changed reports a change to OnChange.
func (d *DeltaRestore) changed(c Change) {
	if d.opts.OnChange != nil {
		d.opts.OnChange(c)
	}
}

// restoredTo reports whether commit is a RESTORE to version, which leaves
// the table in the state of that version.
func restoredTo(commit catalog.Commit, version int64) bool {
	if commit.Operation != "RESTORE" {
		return false
	}
	v, err := strconv.ParseInt(commit.OperationParameters["version"], 10, 64)
	return err == nil && v == version
}
