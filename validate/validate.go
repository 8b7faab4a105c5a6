package validate

import (
	"context"
	"fmt"

	"github.com/ucdeploy/ucdeploy/catalog"
)

// ErrInvalid is wrapped by every error about a bad spec: a check with a
// missing column or a negative threshold, a pair without a green table, a
// JSON spec with an unknown kind. It is the same sentinel as
// catalog.ErrInvalid, so one errors.Is covers bad names and bad specs.
var ErrInvalid = catalog.ErrInvalid

// Validator judges one blue/green pair. Validate returns a Result with a
// verdict; it returns an error only when it could not find out (the
// warehouse failed, the context ended). Implementations must be safe for
// concurrent use: a suite runs many pairs at once.
type Validator interface {
	Validate(ctx context.Context, s Subject) (Result, error)
}

// Subject is what a Validator looks at: the green table (the candidate)
// and, for comparisons, the blue table (the baseline), both reached
// through DB.
type Subject struct {
	// DB sends the statements. It must not be nil.
	DB catalog.Executor
	// Blue is the baseline. The zero Name means there is none (a first
	// deploy): checks that compare with blue then have no data.
	Blue catalog.Name
	// Green is the candidate. It must not be the zero Name.
	Green catalog.Name
}

// Verdict is the outcome of a check. The zero Verdict means "not judged".
type Verdict string

// The verdicts, in the vocabulary of Argo Rollouts' analysis: a deploy
// continues on Pass, aborts on Fail, and waits for a person on
// Inconclusive.
const (
	// Pass means green is as good as blue for this check.
	Pass Verdict = "Pass"
	// Fail means green is worse than allowed.
	Fail Verdict = "Fail"
	// Inconclusive means the check could not decide: no data, or the check
	// could not run.
	Inconclusive Verdict = "Inconclusive"
)

// rank orders verdicts from best to worst; anything but Pass and Fail
// counts as Inconclusive.
func (v Verdict) rank() int {
	switch v {
	case Pass:
		return 0
	case Fail:
		return 2
	}
	return 1
}

// Worst returns the worst of the verdicts: Fail, then Inconclusive, then
// Pass; an unjudged (zero) verdict counts as Inconclusive. It returns
// Inconclusive when there are none: nothing checked is nothing proved.
func Worst(vs ...Verdict) Verdict {
	if len(vs) == 0 {
		return Inconclusive
	}
	w := Pass
	for _, v := range vs {
		if v.rank() > w.rank() {
			w = v
		}
	}
	if w.rank() == 1 {
		return Inconclusive
	}
	return w
}

// Result is the judgement of one check on one pair. Observed and
// Threshold are short texts for a report cell (as Argo Rollouts keeps a
// measurement's value as text); Reason is a sentence that names the
// column and the numbers. The zero Result has no verdict, which a suite
// reports as Inconclusive.
type Result struct {
	// Check names the check, e.g. "row_count" or "null_fraction(amount)".
	Check string `json:"check"`
	// Verdict is the outcome.
	Verdict Verdict `json:"verdict"`
	// Critical is copied from the check's Policy: a failed critical check
	// stops the suite.
	Critical bool `json:"critical,omitempty"`
	// Observed is the measured value, e.g. "9,800 vs 10,000 (-2%)".
	Observed string `json:"observed,omitempty"`
	// Threshold is what was allowed, e.g. "±1%".
	Threshold string `json:"threshold,omitempty"`
	// Reason explains the verdict in one sentence.
	Reason string `json:"reason"`
	// Sample holds some of the offending rows (SQL assertions); nil when
	// there are none.
	Sample *Sample `json:"sample,omitempty"`
	// Error is the text of the error when the check could not run; the
	// verdict is then Inconclusive.
	Error string `json:"error,omitempty"`

	// noData marks a result judged "no data", which a suite turns into
	// Fail when Options.MustHaveData is set.
	noData bool
}

// Sample is a few rows of a result set, rendered as text.
type Sample struct {
	// Columns are the column names.
	Columns []string `json:"columns"`
	// Rows are the rows; NULL is rendered as "NULL".
	Rows [][]string `json:"rows"`
}

// Policy holds what every built-in check shares, in Kayenta's vocabulary.
// Embed it in a custom check to give it the same options: a suite reads
// them from any check that embeds Policy.
type Policy struct {
	// Name overrides the check's name in results; "" means the default
	// name (e.g. "row_count", "null_fraction(amount)").
	Name string `json:"name,omitempty"`
	// Critical makes a Fail of this check stop the suite: pairs and checks
	// not yet run are reported Inconclusive ("not run") and no more
	// statements are sent. The overall verdict is Fail either way.
	Critical bool `json:"critical,omitempty"`
	// MustHaveData makes the check Fail when there is no data to judge (the
	// green table is missing or empty, or a comparison has no blue); false
	// means Inconclusive. It is never a Pass.
	MustHaveData bool `json:"mustHaveData,omitempty"`
}

// policy returns p; it lets a suite read the Policy of any check that
// embeds it.
func (p Policy) policy() Policy { return p }

// policied is implemented by every check that embeds Policy.
type policied interface{ policy() Policy }

// policyOf returns v's Policy, or the zero Policy.
func policyOf(v Validator) Policy {
	if p, ok := v.(policied); ok {
		return p.policy()
	}
	return Policy{}
}

// name returns the check name: Name if set, otherwise def.
func (p Policy) name(def string) string {
	if p.Name != "" {
		return p.Name
	}
	return def
}

// noData returns the result of a check that has nothing to judge.
func (p Policy) noData(check, reason string) Result {
	v := Inconclusive
	if p.MustHaveData {
		v = Fail
	}
	return Result{Check: check, Verdict: v, Critical: p.Critical, Observed: "no data", Reason: reason, noData: true}
}

// result returns a judged result with the policy's fields filled in.
func (p Policy) result(check string, pass bool, observed, threshold, reason string) Result {
	v := Fail
	if pass {
		v = Pass
	}
	return Result{Check: check, Verdict: v, Critical: p.Critical, Observed: observed, Threshold: threshold, Reason: reason}
}

// specError returns a spec error for check, wrapping ErrInvalid.
func specError(check, format string, args ...any) error {
	return fmt.Errorf("validate: %s: %w: %s", check, ErrInvalid, fmt.Sprintf(format, args...))
}
