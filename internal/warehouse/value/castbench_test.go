package value

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func int64Vector(n int) *Vector {
	v := NewVector(BigIntType, n)
	for i := range v.I64 {
		v.I64[i] = int64(i*7919) - int64(n)
	}
	return v
}

// TestCastAllocations checks that vector casts do not allocate per row.
func TestCastAllocations(t *testing.T) {
	const n = 1000
	longs := int64Vector(n)
	doubles, err := Cast(longs, DoubleType, false)
	require.NoError(t, err)
	decs, err := Cast(longs, DecimalType(18, 2), false)
	require.NoError(t, err)
	strs := NewVector(StringType, n)
	for i := range strs.Str {
		strs.Str[i] = strconv.Itoa(i)
	}
	dates := NewVector(DateType, n)
	for i := range dates.I64 {
		dates.I64[i] = int64(i)
	}
	tests := []struct {
		name string
		v    *Vector
		to   Type
		max  float64
	}{
		{"BIGINT to DOUBLE", longs, DoubleType, 3},
		{"BIGINT to INT (narrowing, in range)", &Vector{Type: BigIntType, I64: make([]int64, n)}, IntType, 3},
		{"BIGINT to DECIMAL(18,2)", longs, DecimalType(18, 2), 3},
		{"DOUBLE to BIGINT", doubles, BigIntType, 3},
		{"DOUBLE to DECIMAL(30,4)", doubles, DecimalType(30, 4), 3},
		{"DECIMAL to DECIMAL (rescale)", decs, DecimalType(20, 1), 3},
		{"DECIMAL to DOUBLE", decs, DoubleType, 3},
		{"STRING to INT", strs, IntType, 3},
		{"STRING to DOUBLE", strs, DoubleType, 3},
		{"STRING to DECIMAL(10,2)", strs, DecimalType(10, 2), 3},
		{"DATE to TIMESTAMP", dates, TimestampType, 3},
		{"BIGINT to STRING", longs, StringType, 6},
		{"DOUBLE to STRING", doubles, StringType, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			allocs := testing.AllocsPerRun(5, func() {
				if _, err := Cast(tt.v, tt.to, false); err != nil {
					t.Fatal(err)
				}
			})
			assert.LessOrEqual(t, allocs, tt.max)
		})
	}
}

func BenchmarkCastBigIntToDouble(b *testing.B) {
	v := int64Vector(1_000_000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Cast(v, DoubleType, false); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCastBigIntToInt(b *testing.B) {
	v := NewVector(BigIntType, 1_000_000)
	for i := range v.I64 {
		v.I64[i] = int64(i)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Cast(v, IntType, false); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCastStringToBigInt(b *testing.B) {
	v := NewVector(StringType, 1_000_000)
	for i := range v.Str {
		v.Str[i] = strconv.Itoa(i)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Cast(v, BigIntType, false); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCastDoubleToString(b *testing.B) {
	v := NewVector(DoubleType, 1_000_000)
	for i := range v.F64 {
		v.F64[i] = float64(i) / 7
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Cast(v, StringType, false); err != nil {
			b.Fatal(err)
		}
	}
}
