package strategy

import (
	"time"

	"github.com/ucdeploy/ucdeploy/validate"
)

// EventType says what an Event reports.
type EventType string

// The event types.
const (
	// EventStarted: a deploy (Run) or a resumed deploy (Resume) began.
	EventStarted EventType = "started"
	// EventStepStarted: a step is about to act (it is journaled).
	EventStepStarted EventType = "step-started"
	// EventStepFinished: a step succeeded.
	EventStepFinished EventType = "step-finished"
	// EventStepFailed: a step failed; Err says why.
	EventStepFailed EventType = "step-failed"
	// EventAnalysis: an analysis or monitor measurement was judged;
	// Verdict and Report say how (Report is nil and Err set when it could
	// not run).
	EventAnalysis EventType = "analysis"
	// EventPaused: the deploy waits for Engine.Promote or Engine.Abort.
	EventPaused EventType = "paused"
	// EventDecision: a decision (Decision) ended a wait.
	EventDecision EventType = "decision"
	// EventRollbackStarted: a rollback is about to act.
	EventRollbackStarted EventType = "rollback-started"
	// EventRollbackFinished: a rollback ended; Err is set when it failed.
	EventRollbackFinished EventType = "rollback-finished"
	// EventFinished: the deploy ended with Status (or stopped after a
	// failure past the commit, with StatusFailed).
	EventFinished EventType = "finished"
)

// Event is something that happened in a deploy, for programs (dashboards,
// chat notifications, audit): Options.OnEvent receives every one. Fields
// that do not apply to the Type are zero.
type Event struct {
	// Type says what happened.
	Type EventType
	// Time is when.
	Time time.Time
	// Release is the release ID.
	Release string
	// Step and Kind identify the step concerned ("" for the whole deploy).
	Step string
	Kind Kind
	// Verdict is an analysis's outcome.
	Verdict validate.Verdict
	// Report is an analysis's report.
	Report *validate.Report
	// Decision is the decision that ended a wait.
	Decision Decision
	// Status is how a finished deploy ended.
	Status Status
	// Reason says why a deploy paused, in a sentence.
	Reason string
	// Err is the error of a failed step, analysis or rollback.
	Err error
}
