package catalog

import (
	"context"
	"database/sql/driver"
	"errors"
	"net"
	"regexp"
	"strings"
)

// Sentinel errors. Errors from this package wrap one of them (when the cause
// is known) and the driver's own error, so callers use errors.Is for the
// category and errors.As for the driver's details.
var (
	// ErrNotFound reports a catalog, schema, table or view that does not
	// exist, or that the caller may not see (Unity Catalog does not always
	// tell the two apart): error classes
	// TABLE_OR_VIEW_NOT_FOUND, SCHEMA_NOT_FOUND, NO_SUCH_CATALOG_EXCEPTION,
	// CATALOG_NOT_FOUND; SQLSTATEs 42P01, 42704, 42P08.
	ErrNotFound = errors.New("not found")
	// ErrAlreadyExists reports an object that exists already: classes
	// TABLE_OR_VIEW_ALREADY_EXISTS, SCHEMA_ALREADY_EXISTS,
	// CATALOG_ALREADY_EXISTS; SQLSTATEs 42P04, 42P06, 42P07, 42710.
	ErrAlreadyExists = errors.New("already exists")
	// ErrNotEmpty reports a schema or catalog that cannot be dropped
	// because it holds objects and CASCADE was not given: classes
	// SCHEMA_NOT_EMPTY, CATALOG_NOT_EMPTY; SQLSTATE 2BP01.
	ErrNotEmpty = errors.New("not empty")
	// ErrPermission reports missing privileges: class
	// INSUFFICIENT_PERMISSIONS; SQLSTATE 42501.
	ErrPermission = errors.New("permission denied")
	// ErrInvalid reports bad input: a malformed name or option, or a
	// statement the warehouse rejects as invalid (syntax and analysis
	// errors, SQLSTATE classes 42, 22, 21, 23, 44, F0, and 0A for
	// features the target does not support, such as time travel on a
	// view).
	ErrInvalid = errors.New("invalid")
	// ErrConflict reports a write that lost a race with a concurrent
	// transaction (classes DELTA_CONCURRENT_*, DELTA_METADATA_CHANGED,
	// DELTA_PROTOCOL_CHANGED; SQLSTATE 2D521, and SQLSTATE class 40).
	// Retrying the operation may succeed.
	ErrConflict = errors.New("conflict")
	// ErrUnavailable reports a transient failure to reach the warehouse:
	// a broken connection (driver.ErrBadConn, *net.OpError,
	// *net.DNSError, SQLSTATE class 08), an error the driver marks
	// retryable (such as HTTP 503 from databricks-sql-go), an overloaded
	// or restarting warehouse (class TEMPORARILY_UNAVAILABLE, SQLSTATE
	// classes 53 and 57, HY008). Retrying later may succeed.
	ErrUnavailable = errors.New("unavailable")
)

// Error is the error of a failed operation of this package. It wraps the
// sentinel that classifies the failure (Kind) and the error that caused it
// (Err, usually the SQL driver's), so errors.Is(err, ErrNotFound) and
// errors.As(err, &driverErr) both work.
type Error struct {
	// Op is the operation that failed, e.g. "create schema".
	Op string
	// Name is the object the operation was applied to; the zero Name when
	// there is none.
	Name Name
	// Kind is one of the sentinel errors of this package, or nil when the
	// failure fits none of them.
	Kind error
	// Err is the underlying error, nil when the failure was detected by
	// this package without one (for example a table missing from
	// information_schema).
	Err error
}

// Error formats e as "catalog: op name: cause".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("catalog: ")
	b.WriteString(e.Op)
	if !e.Name.IsZero() {
		b.WriteByte(' ')
		b.WriteString(e.Name.Quoted())
	}
	b.WriteString(": ")
	switch {
	case e.Err != nil:
		b.WriteString(e.Err.Error())
	case e.Kind != nil:
		b.WriteString(e.Kind.Error())
	default:
		b.WriteString("failed")
	}
	return b.String()
}

// Unwrap returns Kind and Err (those that are not nil).
func (e *Error) Unwrap() []error {
	out := make([]error, 0, 2)
	if e.Kind != nil {
		out = append(out, e.Kind)
	}
	if e.Err != nil {
		out = append(out, e.Err)
	}
	return out
}

// newError returns the *Error of op on name caused by err, classified with
// Classify; nil when err is nil.
func newError(op string, name Name, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Op: op, Name: name, Kind: Classify(err), Err: err}
}

// invalid returns an *Error of kind ErrInvalid with a reason.
func invalid(op string, name Name, reason string) error {
	return &Error{Op: op, Name: name, Kind: ErrInvalid, Err: errors.New(reason)}
}

// Classify returns the sentinel error of this package that err belongs to,
// or nil when none applies (nil for a nil err, and for context.Canceled and
// context.DeadlineExceeded, which callers test with errors.Is directly).
//
// It works with any SQL driver: it reads the SQLSTATE from a method
// SqlState() string (databricks-sql-go's DBExecutionError has it, as do the
// errors of databrickstest) and the Databricks error class from a method
// ErrorClass() string, falling back to the "[CLASS]" and "SQLSTATE: XXXXX"
// parts of the error text, which Databricks puts in every SQL error. The
// class decides when it is known; the SQLSTATE otherwise. Errors without
// either are ErrUnavailable when they report a broken connection
// (driver.ErrBadConn, a *net.OpError or *net.DNSError) or the driver marks
// them retryable (a method IsRetryable() bool returning true, as
// databricks-sql-go's errors have).
func Classify(err error) error {
	if err == nil {
		return nil
	}
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return s
		}
	}
	class, state := ErrorClass(err), SQLState(err)
	if k := byClass(class); k != nil {
		return k
	}
	if k := byState(state); k != nil {
		return k
	}
	if class != "" || state != "" {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return nil
	}
	var (
		retry interface{ IsRetryable() bool }
		op    *net.OpError
		dns   *net.DNSError
	)
	switch {
	case errors.Is(err, driver.ErrBadConn),
		errors.As(err, &op),
		errors.As(err, &dns),
		errors.As(err, &retry) && retry.IsRetryable():
		return ErrUnavailable
	}
	return nil
}

var sentinels = []error{ErrNotFound, ErrAlreadyExists, ErrNotEmpty, ErrPermission, ErrInvalid, ErrConflict, ErrUnavailable}

var (
	classRE = regexp.MustCompile(`\[([A-Z][A-Z0-9_]*(?:\.[A-Z][A-Z0-9_]*)*)\]`)
	stateRE = regexp.MustCompile(`SQLSTATE: ([0-9A-Z]{5})\b`)
)

// ErrorClass returns the Databricks error class of err ("" when unknown),
// with its sub-class if any ("UNRESOLVED_COLUMN.WITH_SUGGESTION"). It uses
// a method ErrorClass() string anywhere in err's chain, else the first
// "[CLASS]" in the error text.
func ErrorClass(err error) string {
	if err == nil {
		return ""
	}
	var ec interface{ ErrorClass() string }
	if errors.As(err, &ec) {
		if c := ec.ErrorClass(); c != "" {
			return c
		}
	}
	if m := classRE.FindStringSubmatch(err.Error()); m != nil {
		return m[1]
	}
	return ""
}

// SQLState returns the SQLSTATE of err ("" when unknown). It uses a method
// SqlState() string anywhere in err's chain (databricks-sql-go's
// DBExecutionError), else the last "SQLSTATE: XXXXX" in the error text.
func SQLState(err error) string {
	if err == nil {
		return ""
	}
	var sc interface{ SqlState() string }
	if errors.As(err, &sc) {
		if s := sc.SqlState(); s != "" {
			return s
		}
	}
	if m := stateRE.FindAllStringSubmatch(err.Error(), -1); m != nil {
		return m[len(m)-1][1]
	}
	return ""
}

// byClass maps a Databricks error class to a sentinel (nil when the class
// alone does not decide).
func byClass(class string) error {
	if class == "" {
		return nil
	}
	main, _, _ := strings.Cut(class, ".")
	switch main {
	case "TABLE_OR_VIEW_NOT_FOUND", "SCHEMA_NOT_FOUND", "NO_SUCH_CATALOG_EXCEPTION", "CATALOG_NOT_FOUND",
		"DELTA_TABLE_NOT_FOUND", "DELTA_MISSING_DELTA_TABLE":
		return ErrNotFound
	case "TABLE_OR_VIEW_ALREADY_EXISTS", "SCHEMA_ALREADY_EXISTS", "CATALOG_ALREADY_EXISTS",
		"DELTA_TABLE_ALREADY_EXISTS", "VIEW_ALREADY_EXISTS":
		return ErrAlreadyExists
	case "SCHEMA_NOT_EMPTY", "CATALOG_NOT_EMPTY":
		return ErrNotEmpty
	case "INSUFFICIENT_PERMISSIONS":
		return ErrPermission
	case "DELTA_METADATA_CHANGED", "DELTA_PROTOCOL_CHANGED":
		return ErrConflict
	case "TEMPORARILY_UNAVAILABLE":
		return ErrUnavailable
	case "AMBIGUOUS_REFERENCE":
		// SQLSTATE 42704 (undefined object) but a query problem.
		return ErrInvalid
	}
	if strings.HasPrefix(main, "DELTA_CONCURRENT_") {
		return ErrConflict
	}
	return nil
}

// byState maps a SQLSTATE to a sentinel (nil when none applies).
func byState(state string) error {
	if len(state) != 5 {
		return nil
	}
	switch state {
	case "42501":
		return ErrPermission
	case "42P01", "42704", "42P08":
		return ErrNotFound
	case "42P04", "42P06", "42P07", "42710":
		return ErrAlreadyExists
	case "2BP01":
		return ErrNotEmpty
	case "2D521":
		return ErrConflict
	case "HY008":
		return ErrUnavailable
	}
	switch state[:2] {
	case "40":
		return ErrConflict
	case "08", "53", "57":
		return ErrUnavailable
	case "42", "22", "21", "23", "44", "F0", "0A":
		return ErrInvalid
	}
	return nil
}
