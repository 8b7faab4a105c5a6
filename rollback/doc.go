// Package rollback records the state of Unity Catalog objects before a
// deploy changes them and brings it back when the deploy fails: Delta
// tables by RESTORE to their checkpointed versions, views by switching their
// definition back with ALTER VIEW … AS (which keeps their grants).
//
// A Rollbacker takes a Checkpoint (plain data that round-trips through
// JSON, so another process can roll back from a journal) and rolls back to
// it; rolling back twice to the same checkpoint changes nothing.
//
// # Overview
//
// Three Rollbackers are provided, each a concrete type built on a
// *catalog.Client:
//
//   - DeltaRestore checkpoints the Delta versions of a set of tables and
//     rolls back by RESTORE TABLE … TO VERSION AS OF, only for the tables
//     that changed. Its retention guard (DeltaRestoreOptions.Window)
//     refuses to checkpoint a table whose retention is shorter than the
//     deploy's observation window, since the RESTORE needs the old files.
//   - ViewSwitch checkpoints the query text of a set of views and rolls
//     back by ALTER VIEW … AS, only for the views that changed, so readers
//     keep their grants. It reads the views of a schema in one statement.
//   - Composite checkpoints several Rollbackers in order and rolls them
//     back in reverse order.
//
// A checkpoint names the objects it covers, so rolling back needs only the
// checkpoint and a Rollbacker of the same Kind, made anywhere:
//
//	cp, err := rollback.NewDeltaRestore(client, tables, &rollback.DeltaRestoreOptions{Window: 30 * time.Minute}).Checkpoint(ctx)
//	// journal cp as JSON, deploy, and on failure, in this or another process:
//	err = rollback.NewDeltaRestore(client, nil, nil).Rollback(context.WithoutCancel(ctx), cp)
//
// Rollback is idempotent: it first reads each object's state and changes
// only those that differ from the checkpoint. A table counts as unchanged
// when its latest commit is the checkpointed version or a RESTORE to it; a
// view when its text equals the checkpointed text.
//
// A deploy that may create objects sets AllowAbsent: a table or view that
// does not exist at checkpoint time is recorded as Absent, and Rollback
// drops it if it exists by then. The OnChange options report each change a
// Rollback makes (restore, switch, drop) as a typed Change, for programs
// that count or audit them.
//
// # Errors
//
// Checkpoint and Rollback check their input before sending any statement
// and report every problem at once, wrapping ErrInvalid. Rollback then
// attempts every object even after failures and returns all their errors
// joined (errors.Join), so one failed RESTORE does not leave the other
// tables changed. Failures found by this package wrap ErrRetention or
// ErrDiverged; failures of statements wrap the catalog package's errors,
// so errors.Is reaches catalog.ErrNotFound, catalog.ErrPermission and the
// others, and errors.As reaches the SQL driver's error.
//
// Rollback uses the context it is given. After a failed deploy, pass one
// that survives the deploy's cancellation, such as
// context.WithTimeout(context.WithoutCancel(ctx), d).
//
// # Concurrency
//
// DeltaRestore and ViewSwitch hold no mutable state and are safe for
// concurrent use; their Options.Concurrency bounds how many objects one
// call works on at once (default one at a time). A Composite is safe for
// concurrent use when its parts are; it runs its parts one after another.
// No call leaves a goroutine running when it returns.
//
// # Testing
//
// Run the Rollbackers against a databrickstest workspace: it keeps Delta
// versions, RESTOREs, views and grants as Databricks does, logs every
// statement and injects faults (for example a failing RESTORE), so tests
// can assert that a rollback brought data, schema, views and grants back.
// This package's conformance tests run against the fake always and against
// a real workspace when DATABRICKS_HOST, DATABRICKS_TOKEN and
// DATABRICKS_WAREHOUSE_ID are set.
package rollback
