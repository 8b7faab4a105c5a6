package value

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Expected day and microsecond counts are taken from Go's time package
// (proleptic Gregorian for years ≥ 1 and Unix arithmetic), independent of
// the civil-date code under test.
func unixDays(y int, m time.Month, d int) int64 {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

func unixMicros(y int, m time.Month, d, h, mi, s, us int) int64 {
	return time.Date(y, m, d, h, mi, s, us*1000, time.UTC).UnixMicro()
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1970-01-01", 0, true},
		{"1969-12-31", -1, true},
		{"0001-01-01", unixDays(1, 1, 1), true},
		{"9999-12-31", unixDays(9999, 12, 31), true},
		{"2024-02-29", unixDays(2024, 2, 29), true},
		{"2000-02-29", unixDays(2000, 2, 29), true},
		{"1900-02-29", 0, false},
		{"2023-02-29", 0, false},
		{"2024-04-31", 0, false},
		{"2024-00-10", 0, false},
		{"2024-1-5", unixDays(2024, 1, 5), true},
		{"2024-01", unixDays(2024, 1, 1), true},
		{"2024", unixDays(2024, 1, 1), true},
		{"  2024-01-05 \n", unixDays(2024, 1, 5), true},
		{"2024-01-05 10:11:12", unixDays(2024, 1, 5), true},
		{"2024-01-05T10:11:12Z", unixDays(2024, 1, 5), true},
		{"2024-01-05 anything", unixDays(2024, 1, 5), true},
		{"+2024-01-05", unixDays(2024, 1, 5), true},
		{"12345-01-01", daysFromCivil(12345, 1, 1), true},
		{"-0001-01-01", daysFromCivil(-1, 1, 1), true},
		{"2024-01T", 0, false},
		{"2024 01", 0, false},
		{"24-01-01", 0, false},
		{"12345678-01-01", 0, false},
		{"2024-001-01", 0, false},
		{"2024-01-01-", 0, false},
		{"2024/01/01", 0, false},
		{"", 0, false},
		{"   ", 0, false},
		{"-", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseDate(tt.in)
		assert.Equal(t, tt.ok, ok, "%q", tt.in)
		if tt.ok {
			assert.Equal(t, tt.want, got, "%q", tt.in)
		}
	}
}

func TestFormatDate(t *testing.T) {
	tests := []struct {
		days int64
		want string
	}{
		{0, "1970-01-01"},
		{-1, "1969-12-31"},
		{unixDays(1, 1, 1), "0001-01-01"},
		{unixDays(9999, 12, 31), "9999-12-31"},
		{unixDays(2024, 2, 29), "2024-02-29"},
		{unixDays(1600, 3, 1), "1600-03-01"},
		{daysFromCivil(10000, 1, 1), "+10000-01-01"},
		{daysFromCivil(0, 1, 1), "0000-01-01"},
		{daysFromCivil(-1, 12, 31), "-0001-12-31"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, FormatDate(tt.days), "%d", tt.days)
	}
}

func TestDateRoundTrip(t *testing.T) {
	// Every day from 1599 to 2401 (all leap-year rules) plus the extremes.
	from, to := unixDays(1599, 1, 1), unixDays(2401, 12, 31)
	for d := from; d <= to; d++ {
		s := FormatDate(d)
		got, ok := ParseDate(s)
		require.True(t, ok, s)
		require.Equal(t, d, got, s)
	}
	for _, d := range []int64{unixDays(1, 1, 1), unixDays(9999, 12, 31), -719162, 2932896} {
		got, ok := ParseDate(FormatDate(d))
		require.True(t, ok)
		assert.Equal(t, d, got)
	}
	// Cross-check the civil conversion with the time package.
	for d := unixDays(1, 1, 1); d <= unixDays(9999, 12, 31); d += 997 {
		want := time.Unix(d*86400, 0).UTC().Format("2006-01-02")
		assert.Equal(t, want, FormatDate(d))
	}
}

func TestParseTimestamp(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"2024-01-02 03:04:05", unixMicros(2024, 1, 2, 3, 4, 5, 0), true},
		{"2024-01-02T03:04:05", unixMicros(2024, 1, 2, 3, 4, 5, 0), true},
		{"2024-01-02 03:04:05.123456", unixMicros(2024, 1, 2, 3, 4, 5, 123456), true},
		{"2024-01-02 03:04:05.1", unixMicros(2024, 1, 2, 3, 4, 5, 100000), true},
		{"2024-01-02 03:04:05.123456789", unixMicros(2024, 1, 2, 3, 4, 5, 123456), true},
		{"2024-01-02 03:04:05.", unixMicros(2024, 1, 2, 3, 4, 5, 0), true},
		{"2024-01-02 3:4:5", unixMicros(2024, 1, 2, 3, 4, 5, 0), true},
		{"2024-01-02 03:04", unixMicros(2024, 1, 2, 3, 4, 0, 0), true},
		{"2024-01-02 03", unixMicros(2024, 1, 2, 3, 0, 0, 0), true},
		{"2024-01-02", unixMicros(2024, 1, 2, 0, 0, 0, 0), true},
		{"2024-01", unixMicros(2024, 1, 1, 0, 0, 0, 0), true},
		{"2024", unixMicros(2024, 1, 1, 0, 0, 0, 0), true},
		{" 2024-01-02 03:04:05 ", unixMicros(2024, 1, 2, 3, 4, 5, 0), true},
		{"1969-12-31 23:59:59.999999", -1, true},
		{"0001-01-01 00:00:00", unixMicros(1, 1, 1, 0, 0, 0, 0), true},
		{"9999-12-31 23:59:59.999999", unixMicros(9999, 12, 31, 23, 59, 59, 999999), true},
		{"2024-02-29 12:00:00", unixMicros(2024, 2, 29, 12, 0, 0, 0), true},
		// Zones.
		{"2024-01-02 03:04:05Z", unixMicros(2024, 1, 2, 3, 4, 5, 0), true},
		{"2024-01-02T03:04:05+01:00", unixMicros(2024, 1, 2, 2, 4, 5, 0), true},
		{"2024-01-02 03:04:05-0530", unixMicros(2024, 1, 2, 8, 34, 5, 0), true},
		{"2024-01-02 03:04:05 +8:00", unixMicros(2024, 1, 1, 19, 4, 5, 0), true},
		{"2024-01-02 03:04:05.5 UTC", unixMicros(2024, 1, 2, 3, 4, 5, 500000), true},
		{"2024-01-02 03:04:05 GMT+1", unixMicros(2024, 1, 2, 2, 4, 5, 0), true},
		{"2024-01-02 03:04:05 UTC-05:30", unixMicros(2024, 1, 2, 8, 34, 5, 0), true},
		{"2024-01-02 03:04:05 EST", unixMicros(2024, 1, 2, 8, 4, 5, 0), true},
		{"2024-01-02 03:04:05+19:00", 0, false},
		{"2024-01-02 03:04:05 Nowhere!", 0, false},
		{"2024-01-02 03:04Z", 0, false},
		// Malformed.
		{"2024-01-02 24:00:00", 0, false},
		{"2024-01-02 23:60:00", 0, false},
		{"2024-01-02 23:00:60", 0, false},
		{"2024-02-30 00:00:00", 0, false},
		{"2024-01-02T", 0, false},
		{"2024-01-02 03:", 0, false},
		{"2024-01-02 03:04:", 0, false},
		{"2024-01-02 123:04:05", 0, false},
		{"2024-01-02x03:04:05", 0, false},
		{"1234567-01-01", 0, false},
		{"abc", 0, false},
		{"", 0, false},
		{"10:00:00", 0, false},      // time only: not evaluated by the fake
		{"T10:00:00", 0, false},     // idem
		{"+10:00:00", 0, false},     // a signed year cannot be a time
		{"-290309-01-01", 0, false}, // before the int64 microsecond range
	}
	for _, tt := range tests {
		got, ok := ParseTimestamp(tt.in, time.UTC)
		assert.Equal(t, tt.ok, ok, "%q", tt.in)
		if tt.ok {
			assert.Equal(t, tt.want, got, "%q", tt.in)
		}
	}
}

func TestParseTimestampInZone(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Skip("no time zone database: ", err)
	}
	tests := []struct {
		name string
		in   string
		want int64
	}{
		{"winter PST", "2024-01-15 12:00:00", unixMicros(2024, 1, 15, 20, 0, 0, 0)},
		{"summer PDT", "2024-07-15 12:00:00", unixMicros(2024, 7, 15, 19, 0, 0, 0)},
		// java.time: a time in the spring-forward gap moves forward by the gap.
		{"gap 02:30 becomes 03:30 PDT", "2024-03-10 02:30:00", unixMicros(2024, 3, 10, 10, 30, 0, 0)},
		// java.time: an ambiguous time takes the earlier offset (PDT).
		{"overlap 01:30 is PDT", "2024-11-03 01:30:00", unixMicros(2024, 11, 3, 8, 30, 0, 0)},
		{"explicit zone wins", "2024-01-15 12:00:00Z", unixMicros(2024, 1, 15, 12, 0, 0, 0)},
		{"region in the string", "2024-01-15 12:00:00 Asia/Tokyo", unixMicros(2024, 1, 15, 3, 0, 0, 0)},
		{"Java short id PST", "2024-07-15 12:00:00 PST", unixMicros(2024, 7, 15, 19, 0, 0, 0)},
	}
	for _, tt := range tests {
		got, ok := ParseTimestamp(tt.in, la)
		require.True(t, ok, tt.name)
		assert.Equal(t, tt.want, got, tt.name)
	}
	assert.Equal(t, "2024-03-10 03:30:00", FormatTimestamp(unixMicros(2024, 3, 10, 10, 30, 0, 0), la))
	assert.Equal(t, "2024-11-03 01:30:00", FormatTimestamp(unixMicros(2024, 11, 3, 9, 30, 0, 0), la), "second 01:30 (PST)")
}

func TestFormatTimestamp(t *testing.T) {
	tests := []struct {
		micros int64
		want   string
	}{
		{0, "1970-01-01 00:00:00"},
		{-1, "1969-12-31 23:59:59.999999"},
		{unixMicros(2024, 1, 2, 3, 4, 5, 0), "2024-01-02 03:04:05"},
		{unixMicros(2024, 1, 2, 3, 4, 5, 100000), "2024-01-02 03:04:05.1"},
		{unixMicros(2024, 1, 2, 3, 4, 5, 120), "2024-01-02 03:04:05.00012"},
		{unixMicros(2024, 1, 2, 3, 4, 5, 123456), "2024-01-02 03:04:05.123456"},
		{unixMicros(1, 1, 1, 0, 0, 0, 0), "0001-01-01 00:00:00"},
		{unixMicros(9999, 12, 31, 23, 59, 59, 999999), "9999-12-31 23:59:59.999999"},
		{unixMicros(2024, 2, 29, 23, 59, 59, 0), "2024-02-29 23:59:59"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, FormatTimestamp(tt.micros, nil), "%d", tt.micros)
		got, ok := ParseTimestamp(tt.want, nil)
		require.True(t, ok, tt.want)
		assert.Equal(t, tt.micros, got, "round trip %s", tt.want)
	}
	tokyo := time.FixedZone("JST", 9*3600)
	assert.Equal(t, "1970-01-01 09:00:00", FormatTimestamp(0, tokyo))
}

func FuzzParseTimestamp(f *testing.F) {
	for _, s := range []string{"2024-01-02 03:04:05.123456", "2024-01-02T03:04:05+01:00", "-0001-01-01", "2024-01-02 03:04:05 GMT+8", "10:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, ok := ParseTimestamp(s, time.UTC)
		if !ok {
			return
		}
		back, ok := ParseTimestamp(FormatTimestamp(m, time.UTC), time.UTC)
		if !ok || back != m {
			t.Fatalf("%q → %d → %q does not round-trip", s, m, FormatTimestamp(m, time.UTC))
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-02-29", "+12345-1-1", "2024-01-01 x", "0000-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDate(s)
		if !ok {
			return
		}
		back, ok := ParseDate(FormatDate(d))
		if !ok || back != d {
			t.Fatalf("%q → %d → %q does not round-trip", s, d, FormatDate(d))
		}
	})
}
