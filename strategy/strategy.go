package strategy

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/validate"
)

// Strategy plans a release: it turns the release into the steps the engine
// runs, as data. Strategies decide and do no I/O, so the same release always
// gives the same plan, and a process that resumes a deploy makes the plan
// again from the same release. Plan returns an error wrapping ErrInvalid when
// the release or the strategy's settings are invalid, reporting every
// problem at once.
type Strategy interface {
	Plan(r Release) (Plan, error)
}

// Sentinel errors of this package. Errors wrap one of them, or the error of
// a lower layer (catalog's sentinels, validate's, context.Canceled), so
// callers branch with errors.Is.
var (
	// ErrInvalid reports a bad release, strategy or plan, found before any
	// statement is sent. It is catalog.ErrInvalid, so one errors.Is covers
	// bad names and bad specs.
	ErrInvalid = catalog.ErrInvalid
	// ErrAborted reports a deploy stopped by a decision rather than by an
	// error: an analysis judged the release Failed (or Inconclusive under
	// the "fail" policy), or a person called Engine.Abort.
	ErrAborted = errors.New("aborted")
	// ErrNotFound reports a release the journal holds nothing about.
	ErrNotFound = errors.New("release not found in journal")
	// ErrConflict reports an operation that does not fit the release's
	// state: Run of a release the journal already holds, Resume of a
	// finished one or with a different plan, Promote of a deploy that is
	// not waiting, a rollback after cleanup dropped blue.
	ErrConflict = errors.New("conflict")
)

// Release is what to deploy: the tables a release replaces, how to build
// their new version, and which existing tables the build changes in place.
// It is data with JSON tags except for build functions (Build.Func).
type Release struct {
	// ID names the release: 1 to 64 ASCII letters, digits and '-',
	// starting with a letter or digit (no '_', so that a table's name and
	// the release ID in a green table's name cannot be confused). It is
	// part of the physical names of the release's tables (see BlueGreen)
	// and keys the journal, so it must be unique among the releases of
	// those tables.
	ID string `json:"id"`
	// Tables are the units the release replaces; at least one.
	Tables []Table `json:"tables"`
	// Build builds each table that has no Build of its own.
	Build Build `json:"build,omitzero"`
	// Modifies lists existing Delta tables (catalog.schema.table) that the
	// build changes in place. Their versions are checkpointed before the
	// build, and a rollback RESTOREs each one that changed. Nil means the
	// build only creates new tables.
	Modifies []catalog.Name `json:"modifies,omitempty"`
}

// Table is one unit of a release: a stable name consumers read, and how its
// new version is built and judged.
type Table struct {
	// View is the stable name consumers read (catalog.schema.view). For
	// BlueGreen and Rolling it is a view the deploy switches with ALTER
	// VIEW … AS, which keeps its grants; if it does not exist yet, the
	// deploy creates it, and a rollback drops it again. For Recreate it is
	// the Delta table itself, replaced in place.
	View catalog.Name `json:"view"`
	// Build builds this table's new version. Nil means Release.Build.
	Build *Build `json:"build,omitempty"`
	// Checks are the table's own checks, run by every analysis of the
	// table (before promotion and while monitoring) after the strategy's
	// checks. Nil means only the strategy's.
	Checks validate.Checks `json:"checks,omitempty"`
}

// Build fills a new (green) table. Exactly one of SQL and Func is set.
type Build struct {
	// SQL statements are run in order for each table. They may name the
	// table's tables with placeholders, replaced by quoted names:
	// {{green}} (the table to create, or to replace in place; required in
	// at least one statement), {{blue}} (the table the view reads now, or
	// the snapshot of a table replaced in place; the build fails with
	// ErrInvalid if there is none) and {{view}} (the stable name).
	// The statements themselves are SQL by contract: build them from
	// constants and quoted names, never from unquoted input.
	SQL []string `json:"sql,omitempty"`
	// Func builds one table. It is Go code, not data: it is not in the
	// plan's JSON or the journal, so a process that resumes an interrupted
	// build must plan the release again with the same Func. It must be
	// safe for concurrent use.
	Func BuildFunc `json:"-"`
}

// IsZero reports whether b sets neither SQL nor Func.
func (b Build) IsZero() bool { return len(b.SQL) == 0 && b.Func == nil }

// BuildFunc builds the green table of one unit through db (the engine's
// Executor). The engine calls it for many units at once (up to
// Options.Concurrency), so it must be safe for concurrent use. It must
// create t.Green (or, for a table replaced in place, replace it); a func
// that is retried after an interrupted deploy finds t.Green dropped first
// (a table replaced in place restored to its checkpoint).
type BuildFunc func(ctx context.Context, db catalog.Executor, t Target) error

// Target names the tables of one unit while it is built.
type Target struct {
	// View is the stable name consumers read.
	View catalog.Name
	// Blue is the table the view reads now, or the snapshot of a table
	// replaced in place (its checkpointed version); the zero Name when the
	// view or table does not exist yet or the view's query is not a plain
	// SELECT * FROM table.
	Blue catalog.Name
	// Green is the table the build must create, or, for a table replaced
	// in place, View itself.
	Green catalog.Name
}

// releaseIDPattern is the form of a release ID.
var releaseIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]{0,63}$`)

// placeholderPattern finds the placeholders of build statements.
var placeholderPattern = regexp.MustCompile(`\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}`)

// Validate reports every problem of the release at once (joined with
// errors.Join), each wrapping ErrInvalid: a malformed ID, no tables, a view
// that is not catalog.schema.view or appears twice, a missing or invalid
// build, bad check specs, a Modifies name that is not catalog.schema.table.
func (r Release) Validate() error {
	var errs []error
	add := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("strategy: release %q: %w: %s", r.ID, ErrInvalid, fmt.Sprintf(format, args...)))
	}
	if !releaseIDPattern.MatchString(r.ID) {
		add("id must be 1 to 64 ASCII letters, digits or '-', starting with a letter or digit")
	}
	if len(r.Tables) == 0 {
		add("no tables")
	}
	for i, t := range r.Tables {
		if t.View.Len() != 3 {
			add("table %d: view %q is not catalog.schema.view", i, t.View.String())
		}
		for j := range i {
			if r.Tables[j].View.Equal(t.View) && !t.View.IsZero() {
				add("table %d: view %s is also table %d", i, t.View, j)
			}
		}
		b := r.Build
		if t.Build != nil {
			b = *t.Build
		}
		if err := b.validate(); err != nil {
			add("table %d (%s): %v", i, t.View, err)
		}
		if err := checksSpec(t.Checks); err != nil {
			add("table %d (%s): %v", i, t.View, err)
		}
	}
	for i, m := range r.Modifies {
		if m.Len() != 3 {
			add("modifies %d: %q is not catalog.schema.table", i, m.String())
		}
	}
	return errors.Join(errs...)
}

// validate checks that exactly one of SQL and Func is set and that the
// statements use known placeholders.
func (b Build) validate() error {
	switch {
	case len(b.SQL) > 0 && b.Func != nil:
		return errors.New("build has both SQL and Func")
	case b.IsZero():
		return errors.New("no build (SQL or Func)")
	case b.Func != nil:
		return nil
	}
	var errs []error
	green := false
	for i, s := range b.SQL {
		if strings.TrimSpace(s) == "" {
			errs = append(errs, fmt.Errorf("build statement %d is empty", i))
		}
		for _, m := range placeholderPattern.FindAllStringSubmatch(s, -1) {
			switch m[1] {
			case "green":
				green = true
			case "blue", "view":
			default:
				errs = append(errs, fmt.Errorf("build statement %d: unknown placeholder %s (want {{green}}, {{blue}} or {{view}})", i, m[0]))
			}
		}
	}
	if !green {
		errs = append(errs, errors.New("no build statement names {{green}}"))
	}
	return errors.Join(errs...)
}

// usesBlue reports whether the build's statements name {{blue}}.
func (b Build) usesBlue() bool {
	for _, s := range b.SQL {
		for _, m := range placeholderPattern.FindAllStringSubmatch(s, -1) {
			if m[1] == "blue" {
				return true
			}
		}
	}
	return false
}

// render returns the build's statements with placeholders replaced by the
// quoted names of t. It fails when a statement names {{blue}} and t has no
// blue table.
func (b Build) render(t Target) ([]string, error) {
	if t.Blue.IsZero() && b.usesBlue() {
		return nil, fmt.Errorf("%w: build names {{blue}} but %s has no blue table (a view reading no table, or a table that did not exist)", ErrInvalid, t.View)
	}
	out := make([]string, len(b.SQL))
	for i, s := range b.SQL {
		out[i] = placeholderPattern.ReplaceAllStringFunc(s, func(m string) string {
			switch placeholderPattern.FindStringSubmatch(m)[1] {
			case "green":
				return t.Green.Quoted()
			case "blue":
				return t.Blue.Quoted()
			default:
				return t.View.Quoted()
			}
		})
	}
	return out, nil
}

// checksSpec reports the spec problems of checks (nil when there are
// none).
func checksSpec(cs validate.Checks) error {
	if len(cs) == 0 {
		return nil
	}
	// Pair.Validate checks each check's spec; the names are placeholders.
	p := validate.Pair{Green: catalog.MustName("c", "s", "t"), Checks: cs}
	return p.Validate()
}

// Duration is a time.Duration that reads and writes JSON as text ("30m",
// "1h30m0s") rather than nanoseconds.
type Duration time.Duration

// String returns the duration as time.Duration formats it.
func (d Duration) String() string { return time.Duration(d).String() }

// MarshalText implements encoding.TextMarshaler.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with
// time.ParseDuration; errors wrap ErrInvalid.
func (d *Duration) UnmarshalText(b []byte) error {
	x, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("strategy: duration %q: %w: %v", b, ErrInvalid, err)
	}
	*d = Duration(x)
	return nil
}
