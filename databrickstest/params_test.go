package databrickstest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/internal/warehouse"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// level is a named integer type, converted by its kind.
type level int

// valuer is a driver.Valuer returning a string.
type valuer struct{ s string }

func (v valuer) Value() (driver.Value, error) { return v.s, nil }

// failingValuer is a driver.Valuer that fails.
type failingValuer struct{}

func (failingValuer) Value() (driver.Value, error) { return nil, errors.New("boom") }

func TestBindArg(t *testing.T) {
	ts := time.Date(2024, 1, 2, 3, 4, 5, 123456789, time.FixedZone("CET", 3600))
	i64 := int64(7)
	var nilPtr *int64
	// Expected types follow databricks-sql-go: conn.CheckNamedValue applies
	// driver.DefaultParameterConverter (so every integer is int64 and
	// float32 is float64) before parameters.go inferType.
	tests := []struct {
		name    string
		in      any
		want    value.Value
		wantErr bool
	}{
		{"int", 42, value.Int64(42), false},
		{"int8", int8(-8), value.Int64(-8), false},
		{"int16", int16(16), value.Int64(16), false},
		{"int32", int32(-32), value.Int64(-32), false},
		{"int64", int64(1) << 40, value.Int64(1 << 40), false},
		{"uint", uint(5), value.Int64(5), false},
		{"uint8", uint8(255), value.Int64(255), false},
		{"uint32", uint32(1) << 31, value.Int64(1 << 31), false},
		{"uint64", uint64(1) << 62, value.Int64(1 << 62), false},
		{"uint64 high bit", uint64(1) << 63, value.Value{}, true},
		{"float32", float32(0.25), value.Float64(0.25), false},
		{"float64", 1.5, value.Float64(1.5), false},
		{"bool", true, value.Bool(true), false},
		{"string", "héllo", value.Str("héllo"), false},
		{"bytes", []byte("raw"), value.Str("raw"), false},
		{"time", ts, value.IntOf(value.TimestampType, 1704161045123456), false},
		{"nil", nil, value.NullOf(value.VoidType), false},
		{"pointer", &i64, value.Int64(7), false},
		{"nil pointer", nilPtr, value.NullOf(value.VoidType), false},
		{"named integer type", level(3), value.Int64(3), false},
		{"valuer", valuer{"v"}, value.Str("v"), false},
		{"null valuer", sql.NullInt64{}, value.NullOf(value.VoidType), false},
		{"valid null valuer", sql.NullInt64{Int64: 9, Valid: true}, value.Int64(9), false},
		{"failing valuer", failingValuer{}, value.Value{}, true},
		{"struct", struct{}{}, value.Value{}, true},
		{"slice", []int{1}, value.Value{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := bindArg(tt.in)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.val)
			assert.Equal(t, tt.in, got.orig)
		})
	}
}

func TestBindArgTimestampBeforeEpoch(t *testing.T) {
	// 1969-12-31 23:59:59.9999995 keeps whole microseconds, rounding down.
	got, err := bindArg(time.Date(1969, 12, 31, 23, 59, 59, 999999500, time.UTC))
	require.NoError(t, err)
	assert.Equal(t, value.IntOf(value.TimestampType, -1), got.val)
}

// capture returns a workspace recording the parameters of each statement.
func capture(t *testing.T) (*Workspace, *[]warehouse.Params) {
	var got []warehouse.Params
	w := newStubWorkspace(t, nil, func(_ context.Context, _ string, p warehouse.Params) (*warehouse.Result, error) {
		got = append(got, p)
		return okResult(0), nil
	})
	return w, &got
}

func TestParameters(t *testing.T) {
	ts := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name      string
		args      []any
		want      warehouse.Params
		wantLog   []any
		wantErrIs error
	}{
		{
			name:    "none",
			want:    warehouse.Params{},
			wantLog: nil,
		},
		{
			name: "positional",
			args: []any{1, int32(2), "x", nil, true, 1.5, float32(0.25), ts, []byte("b")},
			want: warehouse.Params{Positional: []value.Value{
				value.Int64(1), value.Int64(2), value.Str("x"), value.NullOf(value.VoidType), value.Bool(true),
				value.Float64(1.5), value.Float64(0.25), value.IntOf(value.TimestampType, ts.UnixMicro()), value.Str("b"),
			}},
			wantLog: []any{1, int32(2), "x", nil, true, 1.5, float32(0.25), ts, []byte("b")},
		},
		{
			name: "named",
			args: []any{sql.Named("id", 5), sql.Named("name", "x")},
			want: warehouse.Params{Named: map[string]value.Value{
				"id": value.Int64(5), "name": value.Str("x"),
			}},
			wantLog: []any{sql.Named("id", 5), sql.Named("name", "x")},
		},
		{
			name:      "mixed",
			args:      []any{sql.Named("id", 5), 6},
			wantErrIs: ErrInvalid,
			wantLog:   []any{sql.Named("id", 5), 6},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, got := capture(t)
			_, err := w.DB().ExecContext(t.Context(), "SELECT 1", tt.args...)
			log := w.Statements()
			require.Len(t, log, 1)
			assert.Equal(t, tt.wantLog, log[0].Args)
			if tt.wantErrIs != nil {
				assert.ErrorIs(t, err, tt.wantErrIs)
				assert.Empty(t, *got, "statement must not run")
				assert.ErrorIs(t, log[0].Err, tt.wantErrIs)
				return
			}
			require.NoError(t, err)
			require.Len(t, *got, 1)
			assert.Equal(t, tt.want, (*got)[0])
		})
	}
}

func TestParametersUnsupportedType(t *testing.T) {
	w, got := capture(t)
	_, err := w.DB().ExecContext(t.Context(), "SELECT ?", struct{}{})
	assert.Error(t, err)
	assert.Empty(t, *got)
	assert.Empty(t, w.Statements(), "database/sql rejects the argument before the driver sees the statement")
}

func TestParametersPreparedStatement(t *testing.T) {
	w, got := capture(t)
	st, err := w.DB().PrepareContext(t.Context(), "INSERT INTO t VALUES (?)")
	require.NoError(t, err)
	defer st.Close()
	for i := range 3 {
		_, err := st.ExecContext(t.Context(), i)
		require.NoError(t, err)
	}
	require.Len(t, *got, 3)
	assert.Equal(t, []value.Value{value.Int64(2)}, (*got)[2].Positional)
	log := w.Statements()
	require.Len(t, log, 3)
	assert.Equal(t, "INSERT INTO t VALUES (?)", log[2].Text)
	assert.Equal(t, []any{2}, log[2].Args)
}

func TestParametersDirectConn(t *testing.T) {
	// A caller using the driver without database/sql passes raw values.
	w, got := capture(t)
	c, err := w.Connector().Connect(t.Context())
	require.NoError(t, err)
	defer c.Close()
	ex := c.(driver.ExecerContext)
	_, err = ex.ExecContext(t.Context(), "SELECT ?", []driver.NamedValue{{Ordinal: 1, Value: int16(3)}})
	require.NoError(t, err)
	require.Len(t, *got, 1)
	assert.Equal(t, []value.Value{value.Int64(3)}, (*got)[0].Positional)

	_, err = ex.ExecContext(t.Context(), "SELECT ?", []driver.NamedValue{{Ordinal: 1, Value: struct{}{}}})
	assert.Error(t, err)
	assert.Len(t, *got, 1)
}
