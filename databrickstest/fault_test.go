package databrickstest

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/internal/warehouse"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
)

// counting returns a workspace whose statements succeed (writing one row
// for INSERT) and counts how many ran.
func counting(t *testing.T) (*Workspace, *atomic.Int64) {
	var n atomic.Int64
	w := newStubWorkspace(t, nil, func(_ context.Context, q string, _ warehouse.Params) (*warehouse.Result, error) {
		n.Add(1)
		if strings.HasPrefix(q, "FAIL") {
			return nil, errclass.New("DIVIDE_BY_ZERO", "Division by zero.")
		}
		if strings.HasPrefix(q, "INSERT") {
			return okResult(1), nil
		}
		return oneColumn(1), nil
	})
	return w, &n
}

func TestFaultNth(t *testing.T) {
	w, ran := counting(t)
	remove, err := w.InjectFault(Fault{Pattern: `^INSERT`, Nth: 2, Class: "DELTA_CONCURRENT_APPEND"})
	require.NoError(t, err)
	defer remove()
	db := w.DB()

	stmts := []struct {
		sql     string
		wantErr bool
	}{
		{"SELECT 1", false},               // does not match
		{"INSERT INTO t VALUES 1", false}, // 1st match
		{"INSERT INTO t VALUES 2", true},  // 2nd match fires
		{"INSERT INTO t VALUES 3", false}, // 3rd match
	}
	for _, s := range stmts {
		_, err := db.ExecContext(t.Context(), s.sql)
		if !s.wantErr {
			assert.NoError(t, err, s.sql)
			continue
		}
		var e *Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, "DELTA_CONCURRENT_APPEND", e.ErrorClass())
		assert.Equal(t, "2D521", e.SqlState())
		assert.ErrorIs(t, err, &Error{Class: "DELTA_CONCURRENT_APPEND"})
	}
	assert.Equal(t, int64(3), ran.Load(), "the faulted statement must not run")

	log := w.Statements()
	require.Len(t, log, 4)
	assert.True(t, log[2].Injected)
	assert.Equal(t, int64(-1), log[2].RowsAffected)
	assert.Error(t, log[2].Err)
	assert.False(t, log[1].Injected)
	assert.False(t, log[3].Injected)
}

func TestFaultEveryMatchAndRemove(t *testing.T) {
	w, ran := counting(t)
	remove, err := w.InjectFault(Fault{Pattern: `(?i)^insert`})
	require.NoError(t, err)
	db := w.DB()
	for range 3 {
		_, err := db.ExecContext(t.Context(), "INSERT INTO t VALUES 1")
		var e *Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, DefaultFaultClass, e.Class)
		assert.Equal(t, "XXKF0", e.SqlState())
	}
	assert.Zero(t, ran.Load())

	remove()
	remove() // harmless
	_, err = db.ExecContext(t.Context(), "INSERT INTO t VALUES 1")
	require.NoError(t, err)
	assert.Equal(t, int64(1), ran.Load())
}

func TestFaultAfter(t *testing.T) {
	w, ran := counting(t)
	remove, err := w.InjectFault(Fault{Pattern: `^INSERT`, After: true, Class: "INTERNAL_ERROR", Message: "connection reset"})
	require.NoError(t, err)
	defer remove()

	_, err = w.DB().ExecContext(t.Context(), "INSERT INTO t VALUES 1")
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "[INTERNAL_ERROR] connection reset SQLSTATE: XX000", e.Error())
	assert.Equal(t, int64(1), ran.Load(), "an After fault runs the statement")

	log := w.Statements()
	require.Len(t, log, 1)
	assert.True(t, log[0].Injected)
	assert.Equal(t, int64(1), log[0].RowsAffected, "the write happened")
	assert.Equal(t, err, log[0].Err)

	// A statement that fails on its own returns its own error.
	_, err = w.DB().ExecContext(t.Context(), "FAIL INSERT")
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "DIVIDE_BY_ZERO", e.Class)
	assert.False(t, w.Statements()[1].Injected)
}

func TestFaultPrecedence(t *testing.T) {
	w, ran := counting(t)
	for _, f := range []Fault{
		{After: true, Message: "after"},
		{Message: "first before"},
		{Message: "second before"},
	} {
		_, err := w.InjectFault(f)
		require.NoError(t, err)
	}
	_, err := w.DB().ExecContext(t.Context(), "SELECT 1")
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "first before", e.Message)
	assert.Zero(t, ran.Load())
}

func TestFaultCountsIndependently(t *testing.T) {
	w, _ := counting(t)
	_, err := w.InjectFault(Fault{Message: "always"})
	require.NoError(t, err)
	_, err = w.InjectFault(Fault{Nth: 2, Message: "second", Class: "DELTA_CONCURRENT_WRITE"})
	require.NoError(t, err)
	db := w.DB()
	var msgs []string
	for range 2 {
		_, err := db.ExecContext(t.Context(), "SELECT 1")
		var e *Error
		require.ErrorAs(t, err, &e)
		msgs = append(msgs, e.Message)
	}
	// The second fault counted the first statement although the first
	// fault fired; it fires on the second but the first fault wins.
	assert.Equal(t, []string{"always", "always"}, msgs)
}

func TestFaultStateOverride(t *testing.T) {
	w, _ := counting(t)
	_, err := w.InjectFault(Fault{Class: "SOME_NEW_CLASS", State: "08S01"})
	require.NoError(t, err)
	_, err = w.DB().ExecContext(t.Context(), "SELECT 1")
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "08S01", e.SqlState())
	assert.Equal(t, "SOME_NEW_CLASS", e.ErrorClass())
}

func TestInjectFaultInvalid(t *testing.T) {
	w, _ := counting(t)
	tests := []struct {
		name string
		f    Fault
	}{
		{"bad pattern", Fault{Pattern: `(`}},
		{"negative nth", Fault{Nth: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			remove, err := w.InjectFault(tt.f)
			assert.ErrorIs(t, err, ErrInvalid)
			assert.Nil(t, remove)
		})
	}
	_, err := w.DB().ExecContext(t.Context(), "SELECT 1")
	assert.NoError(t, err, "invalid faults are not installed")
}

func TestFaultErrorsAreDistinctValues(t *testing.T) {
	w, _ := counting(t)
	_, err := w.InjectFault(Fault{Class: "DELTA_CONCURRENT_APPEND"})
	require.NoError(t, err)
	db := w.DB()
	_, err1 := db.ExecContext(t.Context(), "SELECT 1")
	_, err2 := db.ExecContext(t.Context(), "SELECT 1")
	var e1, e2 *Error
	require.True(t, errors.As(err1, &e1))
	require.True(t, errors.As(err2, &e2))
	assert.NotSame(t, e1, e2)
}
