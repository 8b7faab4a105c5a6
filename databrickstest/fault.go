package databrickstest

import (
	"fmt"
	"regexp"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
)

// DefaultFaultClass is the error class of a Fault whose Class is empty. Its
// SQLSTATE is XXKF0, in the internal-error class XX, and its name makes an
// injected failure easy to tell apart from a real one in test output.
const DefaultFaultClass = "FAULT_INJECTED"

// Fault makes matching statements fail with a Databricks error. The zero
// Fault fails every statement with DefaultFaultClass before it runs.
type Fault struct {
	// Pattern is a regular expression (package regexp syntax) matched
	// against the statement text; "" matches every statement. Use (?i) for
	// a case-insensitive match.
	Pattern string
	// Nth makes the fault fire on the nth statement it matches only
	// (1-based). 0 means every matching statement.
	Nth int
	// Class is the Databricks error class, e.g. "DELTA_CONCURRENT_APPEND"
	// or "DELTA_CONCURRENT_APPEND.WITHOUT_HINT". Empty means
	// DefaultFaultClass.
	Class string
	// State is the SQLSTATE. Empty means the one the warehouse uses for
	// Class (classes it does not know get XXKCM).
	State string
	// Message is the error text after the class. Empty means a generic
	// text saying the fault was injected.
	Message string
	// After makes the statement run first and fail afterwards: its effect
	// is committed although the caller receives the error, as when a
	// connection drops after the warehouse committed. When the statement
	// fails on its own, the caller receives that error instead.
	After bool
}

// fault is an installed Fault.
type fault struct {
	Fault
	re   *regexp.Regexp // nil matches everything
	seen atomic.Int64   // matching statements so far
}

// err returns the error the fault fires with.
func (f *fault) err() *Error {
	class := f.Class
	if class == "" {
		class = DefaultFaultClass
	}
	msg := f.Message
	if msg == "" {
		msg = "The fault was injected by databrickstest."
	}
	e := errclass.New(class, "%s", msg)
	if f.State != "" {
		e.State = f.State
	}
	return e
}

// InjectFault installs f and returns a function that removes it (calling
// it more than once is harmless). Faults are checked after the latency and
// before the statement runs, in the order installed; each fault counts the
// statements its Pattern matches whether or not another fault fired, and
// the first that fires decides the outcome (a fault failing before the
// statement runs takes precedence over an After fault). The injected error
// is an *Error and is recorded in the statement log with Injected set.
// InjectFault fails with an error wrapping ErrInvalid when Pattern does
// not compile or Nth is negative.
func (w *Workspace) InjectFault(f Fault) (remove func(), err error) {
	if f.Nth < 0 {
		return nil, fmt.Errorf("%w: fault Nth %d is negative", ErrInvalid, f.Nth)
	}
	inst := &fault{Fault: f}
	if f.Pattern != "" {
		re, err := regexp.Compile(f.Pattern)
		if err != nil {
			return nil, fmt.Errorf("%w: fault pattern: %w", ErrInvalid, err)
		}
		inst.re = re
	}
	w.mu.Lock()
	var next []*fault
	if cur := w.faults.Load(); cur != nil {
		next = slices.Clone(*cur)
	}
	next = append(next, inst)
	w.faults.Store(&next)
	w.mu.Unlock()

	var once sync.Once
	return func() { once.Do(func() { w.removeFault(inst) }) }, nil
}

// removeFault uninstalls inst.
func (w *Workspace) removeFault(inst *fault) {
	w.mu.Lock()
	defer w.mu.Unlock()
	cur := w.faults.Load()
	if cur == nil {
		return
	}
	next := slices.DeleteFunc(slices.Clone(*cur), func(f *fault) bool { return f == inst })
	if len(next) == 0 {
		w.faults.Store(nil)
		return
	}
	w.faults.Store(&next)
}

// matchFaults counts query against every installed fault and returns the
// error of the first fault that fires before the statement and of the
// first that fires after it (nil when none).
func (w *Workspace) matchFaults(query string) (before, after error) {
	fs := w.faults.Load()
	if fs == nil {
		return nil, nil
	}
	var b, a *fault
	for _, f := range *fs {
		if f.re != nil && !f.re.MatchString(query) {
			continue
		}
		n := f.seen.Add(1)
		if f.Nth != 0 && n != int64(f.Nth) {
			continue
		}
		switch {
		case !f.After && b == nil:
			b = f
		case f.After && a == nil:
			a = f
		}
	}
	if b != nil {
		return b.err(), nil
	}
	if a != nil {
		return nil, a.err()
	}
	return nil, nil
}
