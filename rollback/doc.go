// Package rollback records the state of Unity Catalog objects before a
// deploy changes them and brings it back when the deploy fails: Delta
// tables by RESTORE to their checkpointed versions, views by switching their
// definition back with ALTER VIEW … AS (which keeps their grants).
//
// A Rollbacker takes a Checkpoint (plain data that round-trips through
// JSON, so another process can roll back from a journal) and rolls back to
// it; rolling back twice to the same checkpoint changes nothing.
package rollback
