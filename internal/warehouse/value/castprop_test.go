package value

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// samples holds awkward values of every type.
func samples() []Value {
	vals := []Value{
		Bool(true), Bool(false),
		IntOf(TinyIntType, -128), IntOf(TinyIntType, 127), IntOf(SmallIntType, -32768), IntOf(SmallIntType, 300),
		Int32(math.MinInt32), Int32(0), Int32(128), Int32(40000),
		Int64(math.MaxInt64), Int64(math.MinInt64), Int64(1 << 40), Int64(-1),
		Float64(math.NaN()), Float64(math.Inf(1)), Float64(-0.5), Float64(2.5), Float64(1e19), Float64(-2147483648.9), Float64(9.223372036854775807e18),
		fl(0.1), fl(-3e9), fl(float64(float32(math.Inf(-1)))),
		dec(12345, 5, 2), dec(-99999, 5, 0), dec(5, 1, 1), Dec(mustBigNoT("-12345678901234567890123456789012345678"), 38, 10),
		Str(" 42 "), Str("-1.5"), Str("1e400"), Str("yes"), Str("2024-02-29"), Str("2024-02-29 12:30:45.5"), Str("nan"), Str("x"), Str(""),
		Str("99999999999999999999999999999999999999999"), Str("12:00"),
		IntOf(DateType, 0), IntOf(DateType, -719162), IntOf(DateType, 2932896),
		IntOf(TimestampType, -1), IntOf(TimestampType, 1704164645_123456), IntOf(TimestampType, math.MaxInt64),
	}
	return vals
}

func mustBigNoT(s string) Int128 {
	d, _ := parseDecLit(s)
	u, _ := d.toDecimal(38, 0)
	return u
}

var targets = []Type{
	BooleanType, TinyIntType, SmallIntType, IntType, BigIntType, FloatType, DoubleType,
	DecimalType(5, 2), DecimalType(38, 0), DecimalType(38, 37), DecimalType(18, 18), StringType, DateType, TimestampType,
}

// TestCastVectorMatchesScalar checks the vector kernels against castOne for
// every sample and target, in CAST and TRY_CAST mode, in two time zones.
func TestCastVectorMatchesScalar(t *testing.T) {
	zones := []*time.Location{time.UTC, time.FixedZone("X", -5*3600-30*60)}
	for _, loc := range zones {
		for _, x := range samples() {
			for _, to := range targets {
				if !CanCast(x.Type, to) {
					continue
				}
				for _, try := range []bool{false, true} {
					want, wantErr := CastValueIn(x, to, try, loc)
					got, gotErr := CastIn(vectorOf(x, 3), to, try, loc)
					name := x.SQLLiteral() + " AS " + to.String()
					if wantErr != nil {
						require.Error(t, gotErr, name)
						assert.Equal(t, wantErr.Error(), gotErr.Error(), name)
						continue
					}
					require.NoError(t, gotErr, name)
					for i := range 3 {
						assertValue(t, want, got.Get(i))
					}
					assert.True(t, got.IsNull(3), name)
				}
			}
		}
	}
}

func FuzzCastString(f *testing.F) {
	for _, s := range []string{"12", " -1.5e3 ", "0x1p-2", "2024-01-02 03:04:05.5+01:00", "true", "1e-400", ".", "+"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, to := range targets {
			want, wantErr := CastValue(Str(s), to, true)
			got, gotErr := Cast(vectorOf(Str(s), 2), to, true)
			if wantErr != nil {
				if errClass(wantErr) != "UNSUPPORTED_FEATURE" {
					t.Fatalf("TRY_CAST(%q AS %s): %v", s, to, wantErr)
				}
				if gotErr == nil {
					t.Fatalf("vector TRY_CAST(%q AS %s) succeeded, scalar failed", s, to)
				}
				continue
			}
			if gotErr != nil {
				t.Fatalf("vector TRY_CAST(%q AS %s): %v", s, to, gotErr)
			}
			if Compare(want, got.Get(0)) != 0 || want.Null != got.Get(0).Null {
				t.Fatalf("TRY_CAST(%q AS %s): scalar %v, vector %v", s, to, want, got.Get(0))
			}
		}
	})
}
