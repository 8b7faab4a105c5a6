package catalog

import (
	"context"
	"database/sql"
	"regexp"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/databrickstest"
)

func TestStringLiteral(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    string
		wantErr bool
	}{
		{name: "plain", in: "hello", want: "'hello'"},
		{name: "empty", in: "", want: "''"},
		{name: "quote", in: "it's", want: `'it\'s'`},
		{name: "backslash", in: `a\b`, want: `'a\\b'`},
		{name: "backslash before quote", in: `\'`, want: `'\\\''`},
		{name: "trailing backslash", in: `a\`, want: `'a\\'`},
		{name: "escape sequence text", in: `\u0041\n`, want: `'\\u0041\\n'`},
		{name: "double quote", in: `say "hi"`, want: `'say "hi"'`},
		{name: "newline and comment", in: "a\n-- b /* c", want: "'a\n-- b /* c'"},
		{name: "invalid utf8", in: "a\xff", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := stringLiteral(tt.in)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestTimestampLiteral(t *testing.T) {
	tests := []struct {
		name    string
		in      time.Time
		want    string
		wantErr bool
	}{
		{name: "whole seconds", in: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), want: "'2024-01-02 03:04:05Z'"},
		{name: "milliseconds", in: time.Date(2024, 1, 2, 3, 4, 5, 120_000_000, time.UTC), want: "'2024-01-02 03:04:05.12Z'"},
		{name: "truncated to microseconds", in: time.Date(2024, 1, 2, 3, 4, 5, 123_456_789, time.UTC), want: "'2024-01-02 03:04:05.123456Z'"},
		{name: "converted to UTC", in: time.Date(2024, 1, 2, 1, 0, 0, 0, time.FixedZone("X", -2*3600)), want: "'2024-01-02 03:00:00Z'"},
		{name: "year 1", in: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), want: "'0001-01-01 00:00:00Z'"},
		{name: "zero time is year 1", in: time.Time{}, want: "'0001-01-01 00:00:00Z'"},
		{name: "year 10000", in: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), wantErr: true},
		{name: "year 0", in: time.Date(0, 12, 31, 0, 0, 0, 0, time.UTC), wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := timestampLiteral(tt.in)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// FuzzStringLiteral checks that any valid UTF-8 text, rendered as a
// literal, reaches the warehouse as one value equal to the text: the
// statement keeps its single column and its alias.
func FuzzStringLiteral(f *testing.F) {
	for _, s := range []string{"", "a", "'", "\\", "\\'", "''", "'; DROP TABLE t; --", "a\nb", "/*", "\\u0041", "é", "\x00", "`"} {
		f.Add(s)
	}
	w := databrickstest.New(nil)
	f.Cleanup(func() { _ = w.Close() })
	db := w.DB()
	f.Fuzz(func(t *testing.T, s string) {
		lit, err := stringLiteral(s)
		if !utf8.ValidString(s) {
			require.Error(t, err)
			return
		}
		require.NoError(t, err)
		rows, err := db.QueryContext(context.Background(), "SELECT "+lit+" AS v")
		require.NoError(t, err, "SELECT %s", lit)
		defer rows.Close()
		cols, err := rows.Columns()
		require.NoError(t, err)
		require.Equal(t, []string{"v"}, cols)
		require.True(t, rows.Next())
		var got string
		require.NoError(t, rows.Scan(&got))
		require.Equal(t, s, got)
		require.False(t, rows.Next())
	})
}

var timestampText = regexp.MustCompile(`^'\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?Z'$`)

// FuzzTimestampLiteral checks that every instant in range renders as a
// literal of digits and separators only, which the warehouse casts back to
// the same instant (truncated to the microsecond).
func FuzzTimestampLiteral(f *testing.F) {
	for _, s := range []int64{0, 1, -1, 1704164645123456, 253402300799999999, -62135596800000000} {
		f.Add(s, int64(0))
	}
	w := databrickstest.New(nil)
	f.Cleanup(func() { _ = w.Close() })
	db := w.DB()
	f.Fuzz(func(t *testing.T, micros, nanos int64) {
		ts := time.UnixMicro(micros).Add(time.Duration(nanos % 1000))
		lit, err := timestampLiteral(ts)
		if y := ts.UTC().Year(); y < 1 || y > 9999 {
			require.Error(t, err)
			return
		}
		require.NoError(t, err)
		require.Regexp(t, timestampText, lit)
		var got time.Time
		err = db.QueryRowContext(context.Background(), "SELECT CAST("+lit+" AS TIMESTAMP)").Scan(&got)
		if err == sql.ErrNoRows {
			t.Fatal("no row")
		}
		require.NoError(t, err, "CAST(%s AS TIMESTAMP)", lit)
		require.True(t, ts.Truncate(time.Microsecond).Equal(got), "%s: got %s want %s", lit, got, ts)
	})
}
