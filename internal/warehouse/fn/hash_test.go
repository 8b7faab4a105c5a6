package fn

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// TestHashVectors checks the verified vectors of spec §5.6, through hash(),
// xxhash64(), % 100 and pmod(…, 100).
func TestHashVectors(t *testing.T) {
	for _, tc := range []struct {
		name         string
		in           value.Value
		hash, mod100 string
		pmod100, xxh string
	}{
		{"0", i32v(0), "933211791", "91", "91", "3614696996920510707"},
		{"1", i32v(1), "-559580957", "-57", "43", "-6698625589789238999"},
		{"-1", i32v(-1), "-1604776387", "-87", "13", "2017008487422258757"},
		{"42", i32v(42), "29417773", "73", "73", "-387659249110444264"},
		{"1L", i64v(1), "-1712319331", "-31", "69", "-7001672635703045582"},
		{"0L", i64v(0), "-1670924195", "-95", "5", "-5252525462095825812"},
		{"empty", strv(""), "142593372", "72", "72", "-7444071767201028348"},
		{"a", strv("a"), "1485273170", "70", "70", "-8582455328737087284"},
		{"ab", strv("ab"), "-97053317", "-17", "83", "2710560539726725091"},
		{"abc", strv("abc"), "1322437556", "56", "56", "1423657621850124518"},
		{"abcd", strv("abcd"), "-396302900", "0", "0", "-6810745876291105281"},
		{"abcde", strv("abcde"), "814637928", "28", "28", "-990457398947679591"},
		{"user_1", strv("user_1"), "1292883468", "68", "68", "-3646315564788601860"},
		{"user_42", strv("user_42"), "-365300267", "-67", "33", "-3178879113700667421"},
		{"é", strv("é"), "2119106806", "6", "6", "2065146811275570100"},
		{"TRUE", boolv(true), "-559580957", "-57", "43", "-6698625589789238999"},
		{"NULL", nullv(), "42", "42", "42", "42"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, ret, err := call(t, "hash", tc.in)
			require.NoError(t, err)
			assert.Equal(t, "INT", ret.String())
			assert.Equal(t, tc.hash, h.String())

			m, _, err := call(t, "%", h, i32v(100))
			require.NoError(t, err)
			assert.Equal(t, tc.mod100, m.String())

			p, _, err := call(t, "pmod", h, i32v(100))
			require.NoError(t, err)
			assert.Equal(t, tc.pmod100, p.String())

			x, ret, err := call(t, "xxhash64", tc.in)
			require.NoError(t, err)
			assert.Equal(t, "BIGINT", ret.String())
			assert.Equal(t, tc.xxh, x.String())
		})
	}
}

func TestHashMultipleArguments(t *testing.T) {
	runCases(t, []caseT{
		{name: "hash(a, 1)", fn: "hash", args: []value.Value{strv("a"), i32v(1)}, want: "532252686"},
		{name: "hash(1, a)", fn: "hash", args: []value.Value{i32v(1), strv("a")}, want: "-936062819"},
		{name: "xxhash64(a, 1)", fn: "xxhash64", args: []value.Value{strv("a"), i32v(1)}, want: "-4810547614043336770"},
		{name: "null skipped", fn: "hash", args: []value.Value{nullv(), i32v(1)}, want: "-559580957"},
	})
	// The canary gotcha: abs(hash) overflows for the smallest INT.
	_, _, err := call(t, "abs", i32v(-2147483648))
	assert.Equal(t, "ARITHMETIC_OVERFLOW", errClass(err))
}

func TestHashColumn(t *testing.T) {
	keys := col(value.StringType, strv("user_1"), nullv(), strv("user_42"))
	out, err := evalCols(t, "hash", keys)
	require.NoError(t, err)
	assert.Equal(t, []string{"1292883468", "42", "-365300267"}, rows(out))
}
