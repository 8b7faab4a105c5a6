package validate

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/ucdeploy/ucdeploy/catalog"
)

// Options configures Run. A nil *Options means the zero value, whose
// fields all have the defaults documented on them. Run copies it.
type Options struct {
	// Concurrency is the number of pairs validated at once. Zero means 4;
	// a negative number is invalid (ErrInvalid).
	// The checks of one pair run one after the other.
	Concurrency int
	// MustHaveData makes every check Fail when it has no data, as if each
	// check's Policy.MustHaveData were set. False leaves it to each check.
	MustHaveData bool
	// Logger receives one Debug record per pair (its verdict and the
	// number of statements sent). Nil means silent.
	Logger *slog.Logger
}

// defaultConcurrency is the number of pairs validated at once by default.
const defaultConcurrency = 4

// Pair is a blue/green table pair and the checks to run on it. It is a
// spec: plain data that round-trips through JSON (see Checks), safe for
// concurrent reads.
type Pair struct {
	// Name labels the pair in reports; "" means Green's name.
	Name string `json:"name,omitempty"`
	// Blue is the baseline; the zero Name means there is none.
	Blue catalog.Name `json:"blue,omitzero"`
	// Green is the candidate; required.
	Green catalog.Name `json:"green"`
	// Checks are run in order and reported in order. At least one.
	Checks Checks `json:"checks"`
}

// Label returns the pair's name in reports: Name, or Green's name.
func (p Pair) Label() string {
	if p.Name != "" {
		return p.Name
	}
	return p.Green.String()
}

// SpecValidator is the optional ability of a check to report problems in
// its spec before anything runs. Every built-in check has it; Pair.Validate
// calls it.
type SpecValidator interface {
	ValidateSpec() error
}

// Validate reports every problem of the pair's spec at once (joined with
// errors.Join), each wrapping ErrInvalid: a zero Green, no checks, a nil
// check, and the problems each check's ValidateSpec reports.
func (p Pair) Validate() error {
	label := p.Label()
	var errs []error
	if p.Green.IsZero() {
		errs = append(errs, fmt.Errorf("validate: pair %q: %w: green table is required", label, ErrInvalid))
	}
	if len(p.Checks) == 0 {
		errs = append(errs, fmt.Errorf("validate: pair %q: %w: no checks", label, ErrInvalid))
	}
	for i, c := range p.Checks {
		if c == nil {
			errs = append(errs, fmt.Errorf("validate: pair %q: check %d: %w: nil check", label, i, ErrInvalid))
			continue
		}
		if sv, ok := c.(SpecValidator); ok {
			if err := sv.ValidateSpec(); err != nil {
				errs = append(errs, fmt.Errorf("validate: pair %q: check %d: %w", label, i, nested{err}))
			}
		}
	}
	return errors.Join(errs...)
}

// Run validates every pair through db and returns the report: pairs in
// input order, results in check order. Up to Options.Concurrency pairs run
// at once; each pair costs one profile statement for all its profiled
// checks, plus the statements of its other checks (see the package
// documentation).
//
// Run first validates every pair's spec and returns an error wrapping
// ErrInvalid, and no report, if any is bad. Otherwise it always returns a
// complete report; a check that could not run is reported Inconclusive
// with its error, and Run also returns those errors, joined. A failed
// critical check stops the suite: checks not yet run are reported
// Inconclusive ("not run") without an error. Run is safe for concurrent
// use.
func Run(ctx context.Context, db catalog.Executor, pairs []Pair, opts *Options) (*Report, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	var errs []error
	if o.Concurrency < 0 {
		errs = append(errs, fmt.Errorf("validate: run: %w: concurrency %d is negative", ErrInvalid, o.Concurrency))
	}
	if o.Concurrency <= 0 {
		o.Concurrency = defaultConcurrency
	}
	if db == nil {
		errs = append(errs, fmt.Errorf("validate: run: %w: nil executor", ErrInvalid))
	}
	if len(pairs) == 0 {
		errs = append(errs, fmt.Errorf("validate: run: %w: no pairs", ErrInvalid))
	}
	for _, p := range pairs {
		errs = append(errs, p.Validate())
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	r := &runner{mustHaveData: o.MustHaveData, stop: cancel}
	report := &Report{Pairs: make([]PairReport, len(pairs))}
	pairErrs := make([]error, len(pairs))
	var g errgroup.Group
	g.SetLimit(o.Concurrency)
	for i, p := range pairs {
		g.Go(func() error {
			s := Subject{DB: db, Blue: p.Blue, Green: p.Green}
			results, sent, err := r.pair(ctx, s, p.Label(), p.Checks)
			pr := PairReport{Name: p.Label(), Green: p.Green.String(), Results: results}
			if !p.Blue.IsZero() {
				pr.Blue = p.Blue.String()
			}
			pr.Verdict = verdictOf(results)
			report.Pairs[i] = pr
			pairErrs[i] = err
			if o.Logger != nil {
				o.Logger.Debug("validate: pair", "pair", pr.Name, "verdict", string(pr.Verdict), "statements", sent)
			}
			return nil
		})
	}
	_ = g.Wait() // the goroutines report through pairErrs
	vs := make([]Verdict, len(report.Pairs))
	for i, p := range report.Pairs {
		vs[i] = p.Verdict
	}
	report.Verdict = Worst(vs...)
	return report, errors.Join(pairErrs...)
}

// verdictOf returns the worst verdict of results.
func verdictOf(results []Result) Verdict {
	vs := make([]Verdict, len(results))
	for i, r := range results {
		vs[i] = r.Verdict
	}
	return Worst(vs...)
}

// nested wraps an error inside another of this package without repeating
// the "validate: " prefix.
type nested struct{ err error }

func (n nested) Error() string { return strings.TrimPrefix(n.err.Error(), "validate: ") }
func (n nested) Unwrap() error { return n.err }

// stopError is the cause a suite is cancelled with when a critical check
// fails.
type stopError struct{ check, pair string }

func (e *stopError) Error() string {
	return fmt.Sprintf("critical check %s failed on pair %s", e.check, e.pair)
}

// runner runs the checks of pairs.
type runner struct {
	mustHaveData bool
	// stop cancels the suite; nil when a check runs alone.
	stop context.CancelCauseFunc
}

// stopped returns why the suite stopped, or nil.
func (r *runner) stopped(ctx context.Context) *stopError {
	var se *stopError
	if r.stop != nil && errors.As(context.Cause(ctx), &se) {
		return se
	}
	return nil
}

// named is implemented by the built-in checks: their name in results.
type named interface{ name() string }

// selfChecker is implemented by the built-in checks that send their own
// statements; the runner calls check instead of Validate (which would run
// the pair again).
type selfChecker interface {
	check(ctx context.Context, s Subject, pol Policy) (Result, error)
}

// comparer is implemented by built-in non-profiled checks that compare
// with blue.
type comparer interface{ needsBlue() bool }

// checkName returns the name of c in results.
func checkName(c Validator, pol Policy) string {
	if pol.Name != "" {
		return pol.Name
	}
	if n, ok := c.(named); ok {
		return n.name()
	}
	t := fmt.Sprintf("%T", c)
	t = t[strings.LastIndexByte(t, '.')+1:]
	return strings.TrimLeft(t, "*")
}

// pair runs checks on s: the profile statement first (always: it tells
// whether green exists and has rows), then the Judges of the profiled
// checks and the other checks in order. It returns one result per check,
// the number of statements the runner sent itself (the profile, and the
// probes for a missing table), and the errors of the checks that could not
// run.
func (r *runner) pair(ctx context.Context, s Subject, label string, checks []Validator) ([]Result, int, error) {
	results := make([]Result, len(checks))
	done := make([]bool, len(checks))
	pols := make([]Policy, len(checks))
	names := make([]string, len(checks))
	judges := make([]Judge, len(checks))
	var errs []error
	// errResult records that check i could not run because of err.
	errResult := func(i int, err error) {
		if se := r.stopped(ctx); se != nil {
			results[i] = notRun(names[i], pols[i], se)
		} else {
			results[i] = Result{Check: names[i], Verdict: Inconclusive, Critical: pols[i].Critical,
				Reason: "could not run: " + err.Error(), Error: err.Error()}
		}
		done[i] = true
	}
	// fail records the error of check i.
	fail := func(i int, err error) {
		err = fmt.Errorf("validate: pair %q: check %s: %w", label, names[i], nested{err})
		errResult(i, err)
		if r.stopped(ctx) == nil {
			errs = append(errs, err)
		}
	}
	// failAll records an error of the whole pair, once.
	failAll := func(err error) {
		err = fmt.Errorf("validate: pair %q: %w", label, nested{err})
		for i := range checks {
			if !done[i] {
				errResult(i, err)
			}
		}
		if r.stopped(ctx) == nil {
			errs = append(errs, err)
		}
	}
	for i, c := range checks {
		pols[i] = policyOf(c)
		pols[i].MustHaveData = pols[i].MustHaveData || r.mustHaveData
		names[i] = checkName(c, pols[i])
	}
	if s.DB == nil || s.Green.IsZero() {
		failAll(fmt.Errorf("%w: subject needs a DB and a green table", ErrInvalid))
		return results, 0, errors.Join(errs...)
	}
	p := newProfile()
	for i, c := range checks {
		if pr, ok := c.(Profiler); ok {
			j, err := pr.Profile(p)
			if err != nil {
				fail(i, err)
				continue
			}
			judges[i] = j
		} else if cmp, ok := c.(comparer); ok && cmp.needsBlue() {
			p.Aggregate(Blue, "count(*)") // to know whether blue exists and has rows
		}
	}
	if se := r.stopped(ctx); se != nil {
		for i := range checks {
			if !done[i] {
				results[i] = notRun(names[i], pols[i], se)
			}
		}
		return results, 0, errors.Join(errs...)
	}
	v, sent, err := runProfile(ctx, s, p)
	if err != nil {
		failAll(err)
		return results, sent, errors.Join(errs...)
	}
	lack := ""
	switch {
	case !v.present[Green]:
		lack = fmt.Sprintf("green %s does not exist", s.Green.Quoted())
	case v.Rows(Green) == 0:
		lack = fmt.Sprintf("green %s is empty", s.Green.Quoted())
	}
	for i, c := range checks {
		if done[i] {
			continue
		}
		var (
			res Result
			err error
		)
		switch {
		case lack != "":
			res = pols[i].noData(names[i], lack)
		case judges[i] != nil:
			res, err = judges[i](ctx, v)
		default:
			if se := r.stopped(ctx); se != nil {
				results[i] = notRun(names[i], pols[i], se)
				continue
			}
			if cmp, ok := c.(comparer); ok && cmp.needsBlue() && v.blueLack() != "" {
				res = pols[i].noData(names[i], v.blueLack())
			} else if sc, ok := c.(selfChecker); ok {
				res, err = sc.check(ctx, s, pols[i])
			} else {
				res, err = c.Validate(ctx, s)
			}
		}
		if err != nil {
			fail(i, err)
			continue
		}
		results[i] = finish(res, names[i], pols[i])
		if results[i].Verdict == Fail && pols[i].Critical && r.stop != nil {
			r.stop(&stopError{check: names[i], pair: label})
		}
	}
	return results, sent, errors.Join(errs...)
}

// finish fills in what the runner knows about a check's result.
func finish(res Result, name string, pol Policy) Result {
	if res.Check == "" || pol.Name != "" {
		res.Check = name // Policy.Name wins over a custom check's own name
	}
	res.Critical = pol.Critical
	if res.noData && pol.MustHaveData {
		res.Verdict = Fail
	}
	res.noData = false
	switch res.Verdict {
	case Pass, Fail, Inconclusive:
	default:
		res.Verdict = Inconclusive
		if res.Reason == "" {
			res.Reason = "the check returned no verdict"
		}
	}
	return res
}

// notRun returns the result of a check skipped after a critical failure.
func notRun(name string, pol Policy, se *stopError) Result {
	return Result{Check: name, Verdict: Inconclusive, Critical: pol.Critical, Reason: "not run: " + se.Error()}
}

// RunOne runs check v alone on s as a suite would: the profile statement
// first (for a Profiler, with v's aggregates; for any check, to know that
// green exists and has rows), the no-data policy, then v's Judge or
// Validate. The Validate method of every built-in check calls it, and a
// custom Profiler's Validate should too. A plain Validator's Validate must
// not: RunOne calls it.
//
// On error the result is Inconclusive and carries the error's text.
func RunOne(ctx context.Context, s Subject, v Validator) (Result, error) {
	results, _, err := (&runner{}).pair(ctx, s, s.Green.String(), []Validator{v})
	return results[0], err
}
