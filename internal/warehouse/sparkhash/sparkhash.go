package sparkhash

import (
	"math"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// Seed is the initial seed of hash() and xxhash64().
const Seed = 42

// maxLongDigits is the largest DECIMAL precision whose unscaled value Spark
// hashes as a long (Decimal.MAX_LONG_DIGITS).
const maxLongDigits = 18

// Murmur3 folds the rows of v into h: h[i] becomes Spark's Murmur3 hash of
// row i with seed h[i]; NULL rows leave h[i] unchanged. len(h) == v.Len().
func Murmur3(v *value.Vector, h []int32) {
	nulls := v.Nulls
	switch v.Type.Kind {
	case value.Boolean, value.TinyInt, value.SmallInt, value.Int, value.Date:
		for i, x := range v.I64[:len(h)] {
			if nulls == nil || !nulls[i] {
				h[i] = int32(murmurInt(uint32(x), uint32(h[i])))
			}
		}
	case value.BigInt, value.Timestamp:
		for i, x := range v.I64[:len(h)] {
			if nulls == nil || !nulls[i] {
				h[i] = int32(murmurLong(uint64(x), uint32(h[i])))
			}
		}
	case value.Float:
		for i, x := range v.F64[:len(h)] {
			if nulls == nil || !nulls[i] {
				h[i] = int32(murmurInt(floatBits(x), uint32(h[i])))
			}
		}
	case value.Double:
		for i, x := range v.F64[:len(h)] {
			if nulls == nil || !nulls[i] {
				h[i] = int32(murmurLong(doubleBits(x), uint32(h[i])))
			}
		}
	case value.Decimal:
		long := v.Type.Precision <= maxLongDigits
		var buf [16]byte
		for i, x := range v.Dec[:len(h)] {
			if nulls != nil && nulls[i] {
				continue
			}
			if long {
				h[i] = int32(murmurLong(x.Lo, uint32(h[i])))
			} else {
				h[i] = int32(murmurBytes(bigIntegerBytes(x, &buf), uint32(h[i])))
			}
		}
	case value.String:
		for i, x := range v.Str[:len(h)] {
			if nulls == nil || !nulls[i] {
				h[i] = int32(murmurBytes(x, uint32(h[i])))
			}
		}
	}
}

// XXHash64 folds the rows of v into h as Murmur3 does, with XXH64.
func XXHash64(v *value.Vector, h []int64) {
	nulls := v.Nulls
	switch v.Type.Kind {
	case value.Boolean, value.TinyInt, value.SmallInt, value.Int, value.Date:
		for i, x := range v.I64[:len(h)] {
			if nulls == nil || !nulls[i] {
				h[i] = int64(xxhInt(uint32(x), uint64(h[i])))
			}
		}
	case value.BigInt, value.Timestamp:
		for i, x := range v.I64[:len(h)] {
			if nulls == nil || !nulls[i] {
				h[i] = int64(xxhLong(uint64(x), uint64(h[i])))
			}
		}
	case value.Float:
		for i, x := range v.F64[:len(h)] {
			if nulls == nil || !nulls[i] {
				h[i] = int64(xxhInt(floatBits(x), uint64(h[i])))
			}
		}
	case value.Double:
		for i, x := range v.F64[:len(h)] {
			if nulls == nil || !nulls[i] {
				h[i] = int64(xxhLong(doubleBits(x), uint64(h[i])))
			}
		}
	case value.Decimal:
		long := v.Type.Precision <= maxLongDigits
		var buf [16]byte
		for i, x := range v.Dec[:len(h)] {
			if nulls != nil && nulls[i] {
				continue
			}
			if long {
				h[i] = int64(xxhLong(x.Lo, uint64(h[i])))
			} else {
				h[i] = int64(xxhBytes(bigIntegerBytes(x, &buf), uint64(h[i])))
			}
		}
	case value.String:
		for i, x := range v.Str[:len(h)] {
			if nulls == nil || !nulls[i] {
				h[i] = int64(xxhBytes(x, uint64(h[i])))
			}
		}
	}
}

// floatBits returns Java's floatToIntBits of the FLOAT value f (stored as a
// float64), with −0.0 normalised to 0.0; NaN gives the canonical 0x7fc00000.
func floatBits(f float64) uint32 {
	switch {
	case f == 0:
		return 0
	case f != f:
		return 0x7fc00000
	}
	return math.Float32bits(float32(f))
}

// doubleBits returns Java's doubleToLongBits of f, with −0.0 normalised to
// 0.0; NaN gives the canonical 0x7ff8000000000000.
func doubleBits(f float64) uint64 {
	switch {
	case f == 0:
		return 0
	case f != f:
		return 0x7ff8000000000000
	}
	return math.Float64bits(f)
}

// bigIntegerBytes writes the bytes of Java's BigInteger.toByteArray() for x
// (minimal two's complement, big-endian, at least one byte) into buf and
// returns them.
func bigIntegerBytes(x value.Int128, buf *[16]byte) []byte {
	hi, lo := uint64(x.Hi), x.Lo
	for i := range 8 {
		buf[i] = byte(hi >> (56 - 8*i))
		buf[8+i] = byte(lo >> (56 - 8*i))
	}
	b := buf[:]
	// Drop leading bytes that only repeat the sign bit of the next one.
	for len(b) > 1 && ((b[0] == 0 && b[1]&0x80 == 0) || (b[0] == 0xff && b[1]&0x80 != 0)) {
		b = b[1:]
	}
	return b
}

// bytesLike is the input of the byte-string hashes: a string's UTF-8 bytes
// or a byte slice, hashed without copying.
type bytesLike interface{ ~string | ~[]byte }

// le32 reads 4 little-endian bytes of b at i.
func le32[B bytesLike](b B, i int) uint32 {
	return uint32(b[i]) | uint32(b[i+1])<<8 | uint32(b[i+2])<<16 | uint32(b[i+3])<<24
}

// le64 reads 8 little-endian bytes of b at i.
func le64[B bytesLike](b B, i int) uint64 {
	return uint64(le32(b, i)) | uint64(le32(b, i+4))<<32
}
