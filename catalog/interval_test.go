package catalog

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseInterval(t *testing.T) {
	const day = 24 * time.Hour
	tests := []struct {
		name    string
		in      string
		want    time.Duration
		wantErr bool
	}{
		// Delta's defaults and documented examples.
		{name: "default deleted file retention", in: "interval 1 week", want: 7 * day},
		{name: "default log retention", in: "interval 30 days", want: 30 * day},
		{name: "days", in: "interval 7 days", want: 7 * day},
		{name: "hours", in: "interval 168 hours", want: 168 * time.Hour},
		{name: "without prefix", in: "2 weeks", want: 14 * day},
		{name: "upper case", in: "INTERVAL 1 WEEK", want: 7 * day},
		{name: "singular and plural", in: "interval 1 day 1 days", want: 2 * day},
		{name: "several units", in: "interval 1 week 2 days 3 hours 4 minutes 5 seconds", want: 9*day + 3*time.Hour + 4*time.Minute + 5*time.Second},
		{name: "small units", in: "interval 1 millisecond 2 microseconds", want: time.Millisecond + 2*time.Microsecond},
		{name: "fractional seconds", in: "interval 1.5 seconds", want: 1500 * time.Millisecond},
		{name: "fraction without integer part", in: "interval .25 second", want: 250 * time.Millisecond},
		{name: "nanoseconds truncated", in: "interval 0.000001999 seconds", want: time.Microsecond},
		{name: "sign", in: "interval 2 days -1 day", want: day},
		{name: "plus sign", in: "interval +3 hours", want: 3 * time.Hour},
		{name: "detached sign", in: "interval - 1 hour 2 hours", want: time.Hour},
		{name: "extra spaces", in: "  interval   7    days  ", want: 7 * day},
		{name: "zero", in: "interval 0 seconds", want: 0},
		{name: "months rejected", in: "interval 1 month", wantErr: true},
		{name: "years rejected", in: "interval 1 year", wantErr: true},
		{name: "negative total", in: "interval -1 day", wantErr: true},
		{name: "fraction of a day", in: "interval 1.5 days", wantErr: true},
		{name: "empty", in: "", wantErr: true},
		{name: "prefix only", in: "interval", wantErr: true},
		{name: "missing unit", in: "interval 7", wantErr: true},
		{name: "missing number", in: "interval days", wantErr: true},
		{name: "unknown unit", in: "interval 7 fortnights", wantErr: true},
		{name: "glued unit", in: "interval 7days", wantErr: true},
		{name: "too many fraction digits", in: "interval 1.0000000001 seconds", wantErr: true},
		{name: "overflow", in: "interval 9999999999999999 weeks", wantErr: true},
		{name: "bad number", in: "interval 1e3 seconds", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseInterval(tt.in)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// FuzzParseInterval checks that parsing never panics and never returns a
// negative duration.
func FuzzParseInterval(f *testing.F) {
	for _, s := range []string{"interval 1 week", "7 days", "interval 1.5 seconds", "- 1 hour", "interval", "1 month"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseInterval(s)
		if err == nil {
			require.GreaterOrEqual(t, d, time.Duration(0))
		}
	})
}
