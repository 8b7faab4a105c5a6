package strategy

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ucdeploy/ucdeploy/validate"
)

// Status is how a deploy stands or ended.
type Status string

// The statuses.
const (
	// StatusRunning is a deploy that started and has not ended: running
	// now, or interrupted (a crash) and waiting for Resume.
	StatusRunning Status = "running"
	// StatusPaused is a deploy waiting for Engine.Promote or Engine.Abort.
	StatusPaused Status = "paused"
	// StatusSucceeded is a deploy that ran every step.
	StatusSucceeded Status = "succeeded"
	// StatusRolledBack is a deploy that failed or was aborted and was
	// rolled back: views on blue, modified tables restored.
	StatusRolledBack Status = "rolled-back"
	// StatusRollbackFailed is a deploy whose rollback failed too; Resume
	// with ResumeRollback tries again.
	StatusRollbackFailed Status = "rollback-failed"
	// StatusFailed is a deploy that failed where no rollback applies: a
	// step after the commit (the release stays live; Resume retries), or
	// a failure to write the journal.
	StatusFailed Status = "failed"
)

// DeployError is the error of a failed deploy: the step that failed, why,
// and the rollback's error if the rollback failed too. errors.Is and
// errors.As see both errors.
type DeployError struct {
	// Release is the release ID.
	Release string
	// Step is the name of the step that failed; "" when the deploy failed
	// outside a step (the journal could not be written, a resumed
	// rollback).
	Step string
	// Err is why the deploy failed: ErrAborted for a failed analysis or an
	// Abort, a context error for cancellation, a catalog or validate error
	// otherwise. Nil when only a rollback failed (Resume with
	// ResumeRollback).
	Err error
	// RolledBack reports whether a rollback ran to the end.
	RolledBack bool
	// RollbackErr is the rollback's error; nil when it succeeded or did not
	// run.
	RollbackErr error
}

// Error formats e as "strategy: deploy <release>: step <step>: <err>;
// rolled back" (or "; rollback failed: <err>").
func (e *DeployError) Error() string {
	var b strings.Builder
	b.WriteString("strategy: deploy ")
	b.WriteString(e.Release)
	if e.Step != "" {
		b.WriteString(": step ")
		b.WriteString(e.Step)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	switch {
	case e.RollbackErr != nil:
		b.WriteString("; rollback failed: ")
		b.WriteString(e.RollbackErr.Error())
	case e.RolledBack:
		b.WriteString("; rolled back")
	}
	return b.String()
}

// Unwrap returns Err and RollbackErr (those that are not nil).
func (e *DeployError) Unwrap() []error {
	out := make([]error, 0, 2)
	if e.Err != nil {
		out = append(out, e.Err)
	}
	if e.RollbackErr != nil {
		out = append(out, e.RollbackErr)
	}
	return out
}

// Report is what a deploy did: returned by Engine.Run and Engine.Resume,
// for people (WriteText) and machines (JSON). A resumed deploy's report
// holds what the resuming call did.
type Report struct {
	// Release is the release ID.
	Release string `json:"release"`
	// Strategy names the strategy that made the plan.
	Strategy string `json:"strategy"`
	// Status is how the deploy ended (or stands, when paused calls return).
	Status Status `json:"status"`
	// Started and Finished bound the call.
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	// Units are the views and their tables.
	Units []UnitReport `json:"units"`
	// Steps are the steps run, in order.
	Steps []StepReport `json:"steps"`
	// Analyses are the analyses and monitor measurements, in order.
	Analyses []AnalysisReport `json:"analyses,omitempty"`
	// Rollback is the rollback, if one ran.
	Rollback *RollbackReport `json:"rollback,omitempty"`
	// Kept are the tables cleanup left in place because a view outside the
	// plan still reads them: a person decides when to drop them.
	Kept []string `json:"kept,omitempty"`
}

// UnitReport names the tables of one unit.
type UnitReport struct {
	// View is the stable name: a view, or the table of a unit replaced in
	// place.
	View string `json:"view"`
	// Blue is the table the view read before the deploy, or the snapshot
	// of a table replaced in place; "" when the view or table did not
	// exist, a view's query is not a plain SELECT * FROM table, or the
	// checkpoint did not run.
	Blue string `json:"blue,omitempty"`
	// Green is the release's table.
	Green string `json:"green"`
	// Version is the Delta version a table replaced in place had at the
	// checkpoint, which a rollback restores; nil for other units, for a
	// table that did not exist, and before the checkpoint.
	Version *int64 `json:"version,omitempty"`
}

// StepReport is one step run.
type StepReport struct {
	// Name and Kind are the step's.
	Name string `json:"name"`
	Kind Kind   `json:"kind"`
	// Started and Finished bound the step.
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	// Error is the step's error; "" when it succeeded.
	Error string `json:"error,omitempty"`
}

// AnalysisReport is one analysis of a step: the pre-promotion gate, or one
// measurement of a monitor window.
type AnalysisReport struct {
	// Step is the step's name.
	Step string `json:"step"`
	// Time is when the analysis finished.
	Time time.Time `json:"time"`
	// Verdict is the outcome: the report's verdict, or Inconclusive when
	// the analysis could not run.
	Verdict validate.Verdict `json:"verdict"`
	// Report is the validate suite's report; nil when it could not run.
	Report *validate.Report `json:"report,omitempty"`
	// Error is why the analysis could not run (or some checks could not).
	Error string `json:"error,omitempty"`
}

// RollbackReport is a rollback.
type RollbackReport struct {
	// Started and Finished bound it.
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	// Views is the number of views switched back (or dropped, for views
	// the deploy created).
	Views int `json:"views"`
	// Restored is the number of tables restored: replaced in place, or
	// modified.
	Restored int `json:"restored"`
	// Dropped is the number of tables the release created that were
	// dropped: green tables, snapshots, and tables replaced in place that
	// did not exist before.
	Dropped int `json:"dropped"`
	// Error is the rollback's error; "" when it succeeded.
	Error string `json:"error,omitempty"`
}

// WriteText writes the report for people: the units, one line per step and
// per analysis (with the failing checks), the rollback, and the status. The
// blue of a table replaced in place shows as table@vN, its checkpointed
// version in Databricks' time-travel notation.
func (r *Report) WriteText(w io.Writer) error {
	var errs []error
	p := func(format string, args ...any) {
		_, err := fmt.Fprintf(w, format, args...)
		errs = append(errs, err)
	}
	p("release %s (%s): %s\n", r.Release, r.Strategy, r.Status)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  VIEW\tBLUE\tGREEN")
	for _, u := range r.Units {
		blue := u.Blue
		if u.Version != nil {
			blue = fmt.Sprintf("%s@v%d", u.View, *u.Version)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", u.View, dash(blue), u.Green)
	}
	errs = append(errs, tw.Flush())
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  STEP\tKIND\tTOOK\tRESULT")
	for _, s := range r.Steps {
		res := "ok"
		if s.Error != "" {
			res = "FAILED: " + oneLine(s.Error)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", s.Name, s.Kind, s.Finished.Sub(s.Started).Round(time.Millisecond), res)
	}
	errs = append(errs, tw.Flush())
	for _, a := range r.Analyses {
		p("  analysis %s at %s: %s", a.Step, a.Time.Sub(r.Started).Round(time.Second), a.Verdict)
		if a.Report != nil {
			pass, fail, inc := a.Report.Counts()
			p(" (%d passed, %d failed, %d inconclusive)", pass, fail, inc)
		}
		p("\n")
		if a.Report != nil {
			for _, pr := range a.Report.Pairs {
				for _, res := range pr.Results {
					if res.Verdict != validate.Pass {
						p("    %s %s %s: %s\n", pr.Name, res.Check, res.Verdict, oneLine(res.Reason))
					}
				}
			}
		}
		if a.Error != "" {
			p("    error: %s\n", oneLine(a.Error))
		}
	}
	if rb := r.Rollback; rb != nil {
		p("  rollback: %s switched back, %s restored, %s dropped",
			count(rb.Views, "view", "views"), count(rb.Restored, "table", "tables"), count(rb.Dropped, "created table", "created tables"))
		if rb.Error != "" {
			p("; FAILED: %s", oneLine(rb.Error))
		}
		p("\n")
	}
	if len(r.Kept) > 0 {
		p("  kept, still read by views outside the release: %s\n", strings.Join(r.Kept, ", "))
	}
	return errors.Join(errs...)
}

// count renders n with the singular or plural noun.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// String returns the report as WriteText writes it.
func (r *Report) String() string {
	var b strings.Builder
	_ = r.WriteText(&b) // a strings.Builder does not fail
	return b.String()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// oneLine joins the lines of s with spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
