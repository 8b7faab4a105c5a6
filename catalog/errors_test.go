package catalog

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/databrickstest"
)

// dbxErr is a warehouse error as databrickstest returns it.
func dbxErr(class, state string) error {
	return &databrickstest.Error{Class: class, State: state, Message: "message"}
}

// textErr is an error that carries class and SQLSTATE only in its text, as
// a driver without accessor methods would report them.
func textErr(class, state string) error {
	return errors.New("databricks: execution error: failed to execute query: unexpected operation state ERROR_STATE: [" +
		class + "] The thing failed. SQLSTATE: " + state)
}

type retryable struct{ retry bool }

func (r retryable) Error() string     { return "request failed" }
func (r retryable) IsRetryable() bool { return r.retry }

func TestClassify(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want error
	}{
		{name: "nil", err: nil, want: nil},
		{name: "table not found", err: dbxErr("TABLE_OR_VIEW_NOT_FOUND", "42P01"), want: ErrNotFound},
		{name: "schema not found", err: dbxErr("SCHEMA_NOT_FOUND", "42704"), want: ErrNotFound},
		{name: "catalog not found", err: dbxErr("NO_SUCH_CATALOG_EXCEPTION", "42704"), want: ErrNotFound},
		{name: "catalog not found oss", err: dbxErr("CATALOG_NOT_FOUND", "42P08"), want: ErrNotFound},
		{name: "delta table missing", err: dbxErr("DELTA_MISSING_DELTA_TABLE", "42P01"), want: ErrNotFound},
		{name: "table exists", err: dbxErr("TABLE_OR_VIEW_ALREADY_EXISTS", "42P07"), want: ErrAlreadyExists},
		{name: "schema exists", err: dbxErr("SCHEMA_ALREADY_EXISTS", "42P06"), want: ErrAlreadyExists},
		{name: "catalog exists", err: dbxErr("CATALOG_ALREADY_EXISTS", "42P04"), want: ErrAlreadyExists},
		{name: "schema not empty", err: dbxErr("SCHEMA_NOT_EMPTY", "2BP01"), want: ErrNotEmpty},
		{name: "permission", err: dbxErr("INSUFFICIENT_PERMISSIONS", "42501"), want: ErrPermission},
		{name: "parse error", err: dbxErr("PARSE_SYNTAX_ERROR", "42601"), want: ErrInvalid},
		{name: "type mismatch", err: dbxErr("DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES", "42K09"), want: ErrInvalid},
		{name: "ambiguous reference is not a missing object", err: dbxErr("AMBIGUOUS_REFERENCE", "42704"), want: ErrInvalid},
		{name: "divide by zero", err: dbxErr("DIVIDE_BY_ZERO", "22012"), want: ErrInvalid},
		{name: "version out of range", err: dbxErr("DELTA_CANNOT_RESTORE_TABLE_VERSION", "22003"), want: ErrInvalid},
		{name: "time travel on view", err: dbxErr("DELTA_UNSUPPORTED_TIME_TRAVEL_VIEWS", "0AKDC"), want: ErrInvalid},
		{name: "wrong object kind", err: dbxErr("EXPECT_VIEW_NOT_TABLE.USE_ALTER_TABLE", "42809"), want: ErrInvalid},
		{name: "insert arity", err: dbxErr("INSERT_COLUMN_ARITY_MISMATCH.TOO_MANY_DATA_COLUMNS", "21S01"), want: ErrInvalid},
		{name: "not null", err: dbxErr("DELTA_NOT_NULL_CONSTRAINT_VIOLATED", "23502"), want: ErrInvalid},
		{name: "unknown delta config", err: dbxErr("DELTA_UNKNOWN_CONFIGURATION", "F0000"), want: ErrInvalid},
		{name: "concurrent append", err: dbxErr("DELTA_CONCURRENT_APPEND.WITHOUT_HINT", "2D521"), want: ErrConflict},
		{name: "concurrent delete read", err: dbxErr("DELTA_CONCURRENT_DELETE_READ", "2D521"), want: ErrConflict},
		{name: "metadata changed", err: dbxErr("DELTA_METADATA_CHANGED", "2D521"), want: ErrConflict},
		{name: "serialization failure", err: dbxErr("SOME_NEW_CLASS", "40001"), want: ErrConflict},
		{name: "temporarily unavailable", err: dbxErr("TEMPORARILY_UNAVAILABLE", "XXKDS"), want: ErrUnavailable},
		{name: "operation canceled", err: dbxErr("OPERATION_CANCELED", "HY008"), want: ErrUnavailable},
		{name: "connection exception", err: dbxErr("SOME_CONNECTION_CLASS", "08003"), want: ErrUnavailable},
		{name: "internal error", err: dbxErr("INTERNAL_ERROR", "XX000"), want: nil},
		{name: "unknown class and state", err: dbxErr("FAULT_INJECTED", "XXKF0"), want: nil},
		{name: "class decides over state", err: dbxErr("TABLE_OR_VIEW_NOT_FOUND", "XX000"), want: ErrNotFound},
		{name: "state when class unknown", err: dbxErr("SOMETHING_NEW", "42P01"), want: ErrNotFound},
		{name: "text only", err: textErr("SCHEMA_NOT_FOUND", "42704"), want: ErrNotFound},
		{name: "text only subclass", err: textErr("DELTA_CONCURRENT_APPEND.WITH_PARTITION_HINT", "2D521"), want: ErrConflict},
		{name: "wrapped", err: fmt.Errorf("loading: %w", dbxErr("SCHEMA_NOT_FOUND", "42704")), want: ErrNotFound},
		{name: "already classified", err: &Error{Op: "x", Kind: ErrConflict}, want: ErrConflict},
		{name: "sentinel itself", err: fmt.Errorf("a: %w", ErrPermission), want: ErrPermission},
		{name: "bad connection", err: fmt.Errorf("exec: %w", driver.ErrBadConn), want: ErrUnavailable},
		{name: "dial error", err: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, want: ErrUnavailable},
		{name: "retryable", err: retryable{retry: true}, want: ErrUnavailable},
		{name: "not retryable", err: retryable{retry: false}, want: nil},
		{name: "context canceled", err: fmt.Errorf("q: %w", context.Canceled), want: nil},
		{name: "deadline", err: context.DeadlineExceeded, want: nil},
		{name: "plain error", err: errors.New("boom [not a class] SQLSTATE: nope"), want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Classify(tt.err)
			if tt.want == nil {
				assert.NoError(t, got)
				return
			}
			assert.ErrorIs(t, got, tt.want)
			assert.Equal(t, tt.want, got) // exactly the sentinel
		})
	}
}

func TestErrorClassAndState(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		wantClass string
		wantState string
	}{
		{name: "nil", err: nil},
		{name: "methods", err: dbxErr("UNRESOLVED_COLUMN.WITH_SUGGESTION", "42703"), wantClass: "UNRESOLVED_COLUMN.WITH_SUGGESTION", wantState: "42703"},
		{name: "text", err: textErr("TABLE_OR_VIEW_NOT_FOUND", "42P01"), wantClass: "TABLE_OR_VIEW_NOT_FOUND", wantState: "42P01"},
		{name: "text with bracketed identifiers", err: errors.New("[AMBIGUOUS_REFERENCE] Reference `id` is ambiguous, could be: [`a`.`id`, `b`.`id`]. SQLSTATE: 42704"),
			wantClass: "AMBIGUOUS_REFERENCE", wantState: "42704"},
		{name: "multi-line text with position", err: errors.New("[TABLE_OR_VIEW_NOT_FOUND] The table or view `t` cannot be found.\nVerify. SQLSTATE: 42P01; line 1 pos 14;\n'Project [*]"),
			wantClass: "TABLE_OR_VIEW_NOT_FOUND", wantState: "42P01"},
		{name: "nothing", err: errors.New("connection reset")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.wantClass, ErrorClass(tt.err))
			assert.Equal(t, tt.wantState, SQLState(tt.err))
		})
	}
}

func TestError(t *testing.T) {
	cause := dbxErr("SCHEMA_NOT_FOUND", "42704")
	err := newError("create table", MustName("main", "nope", "t"), cause)

	var ce *Error
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "create table", ce.Op)
	assert.ErrorIs(t, err, ErrNotFound)
	assert.NotErrorIs(t, err, ErrInvalid)
	var we *databrickstest.Error
	require.ErrorAs(t, err, &we)
	assert.Same(t, cause, error(we))
	assert.ErrorIs(t, err, &databrickstest.Error{Class: "SCHEMA_NOT_FOUND"})
	assert.Equal(t, "catalog: create table `main`.`nope`.`t`: [SCHEMA_NOT_FOUND] message SQLSTATE: 42704", err.Error())

	assert.NoError(t, newError("x", Name{}, nil))
	assert.Equal(t, "catalog: describe table `a`.`b`.`c`: not found",
		(&Error{Op: "describe table", Name: MustName("a", "b", "c"), Kind: ErrNotFound}).Error())
	assert.Equal(t, "catalog: op: failed", (&Error{Op: "op"}).Error())
	assert.Empty(t, (&Error{Op: "op"}).Unwrap())

	unknown := newError("x", Name{}, errors.New("boom"))
	require.ErrorAs(t, unknown, &ce)
	assert.NoError(t, ce.Kind)
	assert.Equal(t, "catalog: x: boom", unknown.Error())
}
