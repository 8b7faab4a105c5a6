package value

import (
	"math"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCompare(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		a, b Value
		want int
	}{
		{"ints", Int32(1), Int32(2), -1},
		{"equal ints", Int64(5), Int64(5), 0},
		{"booleans: false < true", Bool(false), Bool(true), -1},
		{"dates", IntOf(DateType, -1), IntOf(DateType, 0), -1},
		{"NaN equals NaN", Float64(nan), Float64(nan), 0},
		{"NaN above +Inf", Float64(nan), Float64(math.Inf(1)), 1},
		{"-Inf below NaN", Float64(math.Inf(-1)), Float64(nan), -1},
		{"-0.0 equals 0.0", Float64(math.Copysign(0, -1)), Float64(0), 0},
		{"doubles", Float64(1.5), Float64(-2), 1},
		{"float NaN", fl(nan), fl(1), 1},
		{"strings by bytes: B < a", Str("B"), Str("a"), -1},
		{"trailing space matters", Str("a"), Str("a "), -1},
		{"UTF-8 byte order", Str("z"), Str("é"), -1},
		{"decimals same scale", dec(150, 3, 2), dec(149, 3, 2), 1},
		{"decimals different scales equal", dec(150, 3, 2), dec(15, 2, 1), 0},
		{"decimals different scales", dec(-150, 3, 2), dec(-14, 2, 1), -1},
		{"decimal scales beyond 128-bit rescale", Dec(mustBig(t, "99999999999999999999999999999999999999"), 38, 0), dec(1, 38, 38), 1},
		{"NULL first", NullOf(IntType), Int32(math.MinInt32), -1},
		{"NULL equals NULL", NullOf(IntType), NullOf(IntType), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, sign(Compare(tt.a, tt.b)))
			assert.Equal(t, -tt.want, sign(Compare(tt.b, tt.a)), "antisymmetric")
		})
	}
}

func sign(c int) int {
	switch {
	case c < 0:
		return -1
	case c > 0:
		return 1
	}
	return 0
}

func TestCompareSortsDoublesLikeSpark(t *testing.T) {
	in := []float64{math.NaN(), 1, math.Inf(1), -1, math.Inf(-1), 0, math.NaN()}
	vals := make([]Value, len(in))
	for i, f := range in {
		vals[i] = Float64(f)
	}
	sort.SliceStable(vals, func(i, j int) bool { return Compare(vals[i], vals[j]) < 0 })
	got := make([]string, len(vals))
	for i, v := range vals {
		got[i] = v.String()
	}
	assert.Equal(t, []string{"-Infinity", "-1.0", "0.0", "1.0", "Infinity", "NaN", "NaN"}, got)
}
