// Package strategy deploys releases of Delta tables on Databricks Unity
// Catalog safely: a Strategy plans a release as data, and one Engine runs
// any plan — journaling every step before it acts, validating, switching
// consumers, monitoring, and rolling back on failure.
//
// # Overview
//
// A Release names the stable views consumers read and how to build each
// one's new version (SQL statements with {{green}}, {{blue}} and {{view}}
// placeholders, or a Go BuildFunc). A Strategy turns it into a Plan: units
// (view and the physical table the release builds for it) and steps, all
// plain data with JSON tags and a Validate method that reports every problem
// before anything runs. BlueGreen is the strategy for tables:
//
//	checkpoint → build green → analysis (green vs blue) → [pause for promotion]
//	→ switch every view (ALTER VIEW … AS, keeps grants) → monitor window
//	→ commit → keep-blue window → cleanup (drop blue, or keep N generations)
//
//	plan, err := strategy.BlueGreen{
//		AutoPromote: true,
//		Analysis:    &strategy.Analysis{Checks: validate.Checks{validate.RowCount{MaxRelDiff: 0.01}}},
//		Monitor:     &strategy.Monitor{Interval: strategy.Duration(time.Minute), Duration: strategy.Duration(30 * time.Minute)},
//		KeepBlue:    strategy.Duration(24 * time.Hour),
//	}.Plan(strategy.Release{
//		ID:     "r2",
//		Tables: []strategy.Table{{View: catalog.MustName("production", "sales", "orders")}},
//		Build:  strategy.Build{SQL: []string{"CREATE TABLE {{green}} AS SELECT * FROM production.raw.orders"}},
//	})
//	report, err := strategy.New(db, &strategy.Options{Journal: journal}).Run(ctx, plan)
//
// Rolling is BlueGreen in batches: each batch of tables is built, analysed
// and switched (and monitored) before the next, and a failure switches the
// finished batches back in reverse order.
//
// Recreate replaces tables in place, for migrations that cannot live beside
// the tables in use. It has downtime by design — consumers read the tables
// themselves and see each replace at once — and a slower rollback:
//
//	checkpoint (Delta versions) → snapshot (shallow clone at that version)
//	→ replace (CREATE OR REPLACE TABLE … AS SELECT … FROM {{blue}})
//	→ validate (new table vs snapshot) → [monitor window] → commit
//	→ cleanup (drop the snapshots)
//
// and on failure RESTOREs every table to its checkpointed version, data
// and schema. The strategies are plain planners; the Engine runs their
// plans with the same step kinds (Recreate's units are replaced in place,
// Unit.InPlace, and add a snapshot step), so another strategy (Canary) is
// a new planner plus, where it needs one, a new step kind.
//
// Engine.DryRun lists every statement a run would send, in order, without
// sending any.
//
// Decisions follow Argo Rollouts: an analysis that is Successful (Pass)
// continues; Failed aborts and rolls back; Inconclusive pauses for a person
// (Engine.Promote continues, Engine.Abort rolls back) or fails, by the
// analysis's policy. With BlueGreen.AutoPromote false the deploy pauses
// before the switch until promoted.
//
// The checkpoint and the rollback are package rollback's: a ViewSwitch of
// the views (read one statement per schema) and DeltaRestores of the
// tables replaced in place and of those the release declares it modifies
// (Release.Modifies), with the retention guard set to the plan's
// observation window (its monitor windows, timed pauses and keep-blue
// waits), so a deploy whose rollback could not RESTORE refuses to start.
// Rollback runs them as one rollback.Composite: views switched back (switch
// steps in reverse order; views the deploy created dropped), then tables
// restored (tables it created dropped). Each object is read first and
// changed only if it differs from the checkpoint, so a rollback is
// idempotent. The engine then drops the green tables (unless KeepFailed;
// never one a view still reads) and the snapshots. A rollback runs on a
// context that survives the deploy's cancellation, with its own timeout.
// Failures after the commit step (the keep-blue window, cleanup) are not
// rolled back: the release is live.
//
// # Journal and resume
//
// Every side effect is preceded by a journal record (a Journal: MemoryJournal
// or the JSON-lines FileJournal), so a deploy killed at any point can be
// resumed or rolled back by another process: Engine.Resume with the same
// plan and ResumeContinue or ResumeRollback. The checkpoint is journaled as
// a rollback.Checkpoint (a composite of the modified tables' delta-restore
// part, the replaced tables' delta-restore part and the views' view-switch
// part), so it round-trips through JSON. Pauses and decisions are
// journaled too, so Promote and Abort work across processes sharing a
// journal. Engine.Status reads where a deploy stands.
//
// # Errors
//
// Run and Resume return a *DeployError for a failed deploy, holding the
// failed step, its error and the rollback's error (errors.Is sees both).
// Branch with errors.Is on ErrAborted (an analysis failed or a person
// aborted), ErrInvalid (a bad release or plan, reported before anything
// runs), ErrConflict (the journal's state does not allow the operation),
// ErrNotFound (the journal does not hold the release), context.Canceled,
// rollback.ErrRetention (a table's Delta retention is shorter than the
// plan's observation window; nothing was changed), and package catalog's
// sentinels for warehouse failures.
//
// # Concurrency
//
// Strategies and plans are values, safe to share. An Engine is safe for
// concurrent use and may run several releases at once; within a deploy each
// step works on up to Options.Concurrency units at once (errgroup with
// SetLimit). No goroutine outlives the call that started it.
//
// # Time
//
// Windows and pauses wait on timers and the context (no polling loops
// besides reading the journal every Options.PollInterval while paused), so
// tests run them inside testing/synctest bubbles, where a 30-minute monitor
// window takes milliseconds. Build the databrickstest workspace inside the
// bubble and close it before the bubble ends.
//
// # Testing
//
// Run deploys against a databrickstest workspace: seed blue, run a plan,
// inject a fault (Workspace.InjectFault), and assert the end state — views,
// grants (through Workspace.DBAs), tables and the statement log. A
// failing Journal stands for a process killed between two steps; a new
// Engine over the same FileJournal resumes it.
package strategy
