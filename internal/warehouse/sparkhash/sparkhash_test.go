package sparkhash

import (
	"math"
	"math/big"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// single returns a one-row vector holding x.
func single(x value.Value) *value.Vector {
	v := value.NewVector(x.Type, 1)
	v.Set(0, x)
	return v
}

func murmurOf(args ...value.Value) int32 {
	h := []int32{Seed}
	for _, a := range args {
		Murmur3(single(a), h)
	}
	return h[0]
}

func xxhashOf(args ...value.Value) int64 {
	h := []int64{Seed}
	for _, a := range args {
		XXHash64(single(a), h)
	}
	return h[0]
}

// TestSpecVectors checks every row of the hash table in the spec (§5.6),
// which reproduces Spark's results.
func TestSpecVectors(t *testing.T) {
	tests := []struct {
		name   string
		in     value.Value
		murmur int32
		xxhash int64
	}{
		{"0 INT", value.Int32(0), 933211791, 3614696996920510707},
		{"1 INT", value.Int32(1), -559580957, -6698625589789238999},
		{"-1 INT", value.Int32(-1), -1604776387, 2017008487422258757},
		{"42 INT", value.Int32(42), 29417773, -387659249110444264},
		{"1L BIGINT", value.Int64(1), -1712319331, -7001672635703045582},
		{"0L BIGINT", value.Int64(0), -1670924195, -5252525462095825812},
		{"empty string", value.Str(""), 142593372, -7444071767201028348},
		{"'a'", value.Str("a"), 1485273170, -8582455328737087284},
		{"'ab'", value.Str("ab"), -97053317, 2710560539726725091},
		{"'abc'", value.Str("abc"), 1322437556, 1423657621850124518},
		{"'abcd'", value.Str("abcd"), -396302900, -6810745876291105281},
		{"'abcde'", value.Str("abcde"), 814637928, -990457398947679591},
		{"'user_1'", value.Str("user_1"), 1292883468, -3646315564788601860},
		{"'user_42'", value.Str("user_42"), -365300267, -3178879113700667421},
		{"'é'", value.Str("é"), 2119106806, 2065146811275570100},
		{"TRUE", value.Bool(true), -559580957, -6698625589789238999},
		{"NULL INT", value.NullOf(value.IntType), 42, 42},
		{"NULL STRING", value.NullOf(value.StringType), 42, 42},
		{"NULL VOID", value.NullOf(value.VoidType), 42, 42},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.murmur, murmurOf(tt.in), "hash")
			assert.Equal(t, tt.xxhash, xxhashOf(tt.in), "xxhash64")
		})
	}
}

// TestMultiArg checks chaining: each argument's hash seeds the next one, and
// NULL arguments are skipped.
func TestMultiArg(t *testing.T) {
	a, one := value.Str("a"), value.Int32(1)
	null := value.NullOf(value.IntType)
	assert.Equal(t, int32(532252686), murmurOf(a, one), "hash('a', 1)")
	assert.Equal(t, int32(-936062819), murmurOf(one, a), "hash(1, 'a')")
	assert.Equal(t, int64(-4810547614043336770), xxhashOf(a, one), "xxhash64('a', 1)")
	assert.Equal(t, murmurOf(one), murmurOf(null, one), "hash(NULL, 1) = hash(1)")
	assert.Equal(t, xxhashOf(one), xxhashOf(one, null), "xxhash64(1, NULL) = xxhash64(1)")

	// Spark's documented examples: hash('Spark', array(123), 2) and
	// xxhash64('Spark', array(123), 2). An array hashes its elements in
	// order, so this is the chain 'Spark', 123, 2.
	args := []value.Value{value.Str("Spark"), value.Int32(123), value.Int32(2)}
	assert.Equal(t, int32(-1321691492), murmurOf(args...))
	assert.Equal(t, int64(5602566077635097486), xxhashOf(args...))
}

// TestTypeInputs checks that each type hashes the input Spark gives it.
func TestTypeInputs(t *testing.T) {
	// The narrow integral types and DATE hash as INT.
	for _, typ := range []value.Type{value.TinyIntType, value.SmallIntType, value.DateType} {
		x := value.IntOf(typ, -1)
		assert.Equal(t, murmurOf(value.Int32(-1)), murmurOf(x), typ.String())
		assert.Equal(t, xxhashOf(value.Int32(-1)), xxhashOf(x), typ.String())
	}
	// TIMESTAMP hashes as BIGINT; FALSE as the int 0.
	ts := value.IntOf(value.TimestampType, 1)
	assert.Equal(t, murmurOf(value.Int64(1)), murmurOf(ts))
	assert.Equal(t, xxhashOf(value.Int64(1)), xxhashOf(ts))
	assert.Equal(t, murmurOf(value.Int32(0)), murmurOf(value.Bool(false)))

	// DOUBLE hashes the long bits; −0.0 as 0.0; NaN canonically.
	bitsOf := func(f float64) value.Value { return value.Int64(int64(math.Float64bits(f))) }
	assert.Equal(t, murmurOf(bitsOf(1.5)), murmurOf(value.Float64(1.5)))
	assert.Equal(t, xxhashOf(bitsOf(1.5)), xxhashOf(value.Float64(1.5)))
	assert.Equal(t, murmurOf(value.Float64(0)), murmurOf(value.Float64(math.Copysign(0, -1))))
	assert.Equal(t, murmurOf(value.Int64(0x7ff8000000000000)),
		murmurOf(value.Float64(math.Float64frombits(0x7ff0000000000001))))

	// FLOAT hashes the int bits of the float32.
	float := func(f float64) value.Value { return value.Value{Type: value.FloatType, F: f} }
	assert.Equal(t, murmurOf(value.Int32(int32(math.Float32bits(1.5)))), murmurOf(float(1.5)))
	assert.Equal(t, xxhashOf(value.Int32(int32(math.Float32bits(1.5)))), xxhashOf(float(1.5)))
	assert.Equal(t, murmurOf(float(0)), murmurOf(float(math.Copysign(0, -1))))
	assert.Equal(t, murmurOf(value.Int32(0x7fc00000)), murmurOf(float(math.NaN())))

	// DECIMAL(≤18) hashes the unscaled long.
	d := value.Dec(value.Int128From(-12345), 18, 2)
	assert.Equal(t, murmurOf(value.Int64(-12345)), murmurOf(d))
	assert.Equal(t, xxhashOf(value.Int64(-12345)), xxhashOf(d))
}

// javaToByteArray is BigInteger.toByteArray(): the shortest two's-complement
// big-endian form that keeps the sign, computed independently with math/big.
func javaToByteArray(b *big.Int) []byte {
	n := b.BitLen()
	if b.Sign() < 0 {
		// Bit length of a negative BigInteger excludes the sign bit: that of
		// -b - 1.
		n = new(big.Int).Sub(new(big.Int).Neg(b), big.NewInt(1)).BitLen()
	}
	size := n/8 + 1
	mod := new(big.Int).Lsh(big.NewInt(1), uint(8*size))
	u := new(big.Int).Mod(b, mod)
	out := make([]byte, size)
	u.FillBytes(out)
	return out
}

// TestWideDecimal checks that DECIMAL(>18) hashes BigInteger.toByteArray()
// of the unscaled value as a byte string.
func TestWideDecimal(t *testing.T) {
	for _, s := range []string{
		"0", "1", "-1", "127", "128", "-128", "-129", "255", "256", "-32768",
		"9223372036854775807", "-9223372036854775808", "18446744073709551616",
		"99999999999999999999999999999999999999", "-99999999999999999999999999999999999999",
	} {
		t.Run(s, func(t *testing.T) {
			b, ok := new(big.Int).SetString(s, 10)
			require.True(t, ok)
			x, ok := value.Int128FromBig(b)
			require.True(t, ok)
			want := javaToByteArray(b)
			var buf [16]byte
			assert.Equal(t, want, bigIntegerBytes(x, &buf))

			d := value.Dec(x, 38, 0)
			assert.Equal(t, int32(murmurBytes(want, Seed)), murmurOf(d))
			assert.Equal(t, int64(xxhBytes(want, Seed)), xxhashOf(d))
		})
	}
	// Examples from Java's documentation of toByteArray's sign handling.
	var buf [16]byte
	assert.Equal(t, []byte{0x00, 0x80}, bigIntegerBytes(value.Int128From(128), &buf))
	assert.Equal(t, []byte{0xff, 0x7f}, bigIntegerBytes(value.Int128From(-129), &buf))
	assert.Equal(t, []byte{0x80}, bigIntegerBytes(value.Int128From(-128), &buf))
}

// TestXXH64Standard checks the byte-string path against published XXH64
// vectors (seed 0), covering the ≥ 32-byte stripe loop.
func TestXXH64Standard(t *testing.T) {
	tests := []struct {
		in   string
		want uint64
	}{
		{"", 0xef46db3751d8e999},
		{"a", 0xd24ec4f1a98c6e5b},
		{"abc", 0x44bc2cf5ad770999},
		{"Nobody inspects the spammish repetition", 0xfbcea83c8a378bf1},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, xxhBytes(tt.in, 0), strconv.Quote(tt.in))
		assert.Equal(t, tt.want, xxhBytes([]byte(tt.in), 0), strconv.Quote(tt.in))
	}
	// The int and long fast paths equal XXH64 over the little-endian bytes.
	assert.Equal(t, xxhBytes([]byte{0x78, 0x56, 0x34, 0x12}, 7), xxhInt(0x12345678, 7))
	assert.Equal(t, xxhBytes([]byte{8, 7, 6, 5, 4, 3, 2, 1}, 7), xxhLong(0x0102030405060708, 7))
}

// TestMurmurStandard checks the aligned path against standard Murmur3 x86_32
// vectors, which Spark's hashUnsafeBytes matches for lengths divisible by 4.
func TestMurmurStandard(t *testing.T) {
	assert.Equal(t, uint32(0), murmurBytes("", 0))
	assert.Equal(t, uint32(0x514e28b7), murmurBytes("", 1))
	assert.Equal(t, uint32(0x81f16f39), murmurBytes("", 0xffffffff))
	assert.Equal(t, uint32(0x76293b50), murmurBytes([]byte{0xff, 0xff, 0xff, 0xff}, 0))
	assert.Equal(t, uint32(0xf55b516b), murmurBytes([]byte{0x21, 0x43, 0x65, 0x87}, 0))
	assert.Equal(t, murmurInt(0x87654321, 0), murmurBytes([]byte{0x21, 0x43, 0x65, 0x87}, 0))
}

// TestRowsAndNulls hashes several rows at once, with a null mask.
func TestRowsAndNulls(t *testing.T) {
	v := &value.Vector{Type: value.StringType, Str: []string{"a", "", "abcde"}, Nulls: []bool{false, true, false}}
	h := []int32{Seed, Seed, Seed}
	Murmur3(v, h)
	assert.Equal(t, []int32{1485273170, 42, 814637928}, h)
	x := []int64{Seed, Seed, Seed}
	XXHash64(v, x)
	assert.Equal(t, []int64{-8582455328737087284, 42, -990457398947679591}, x)
}

func BenchmarkXXHash64Strings(b *testing.B) {
	const n = 4096
	v := &value.Vector{Type: value.StringType, Str: make([]string, n)}
	for i := range v.Str {
		v.Str[i] = "user_" + strconv.Itoa(i)
	}
	h := make([]int64, n)
	b.ReportAllocs()
	for b.Loop() {
		for i := range h {
			h[i] = Seed
		}
		XXHash64(v, h)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/row")
}
