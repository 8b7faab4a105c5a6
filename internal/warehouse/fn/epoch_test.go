package fn

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// Databricks' examples: timestamp_seconds(1230219000) is 2008-12-25 15:30:00
// UTC; timestamp_millis(1230219000123) is 2008-12-25 15:30:00.123.
func TestEpochFunctions(t *testing.T) {
	tests := []struct {
		name string
		arg  value.Value
		want string
	}{
		{"timestamp_seconds", value.Int64(1230219000), "2008-12-25 15:30:00"},
		{"timestamp_seconds", value.Float64(1230219000.123), "2008-12-25 15:30:00.123"},
		{"timestamp_millis", value.Int64(1230219000123), "2008-12-25 15:30:00.123"},
		{"timestamp_micros", value.Int64(1230219000123123), "2008-12-25 15:30:00.123123"},
		{"timestamp_seconds", value.NullOf(value.BigIntType), "NULL"},
	}
	for _, tt := range tests {
		f, ok := LookupScalar(tt.name)
		require.True(t, ok)
		ret, casts, err := f.Resolve([]Arg{{Type: tt.arg.Type}})
		require.NoError(t, err)
		arg, err := value.Cast(value.Constant(tt.arg, 1), casts[0], false)
		require.NoError(t, err)
		out, err := f.Eval(&Context{}, ret, []*value.Vector{arg}, 1)
		require.NoError(t, err)
		assert.Equal(t, tt.want, out.Get(0).String(), tt.name)
	}
	f, _ := LookupScalar("timestamp_seconds")
	_, _, err := f.Resolve([]Arg{{Type: value.StringType}})
	assert.Error(t, err)
}
