package sparkhash

import "math/bits"

// Murmur3 x86_32 as in Spark's Murmur3_x86_32, on uint32 with wrap-around.

const (
	murmurC1 = 0xcc9e2d51
	murmurC2 = 0x1b873593
)

func mixK1(k uint32) uint32 {
	k *= murmurC1
	k = bits.RotateLeft32(k, 15)
	return k * murmurC2
}

func mixH1(h, k uint32) uint32 {
	h ^= k
	h = bits.RotateLeft32(h, 13)
	return h*5 + 0xe6546b64
}

func fmix32(h, length uint32) uint32 {
	h ^= length
	h ^= h >> 16
	h *= 0x85ebca6b
	h ^= h >> 13
	h *= 0xc2b2ae35
	h ^= h >> 16
	return h
}

// murmurInt is Spark's hashInt.
func murmurInt(x, seed uint32) uint32 {
	return fmix32(mixH1(seed, mixK1(x)), 4)
}

// murmurLong is Spark's hashLong: the low 32 bits, then the high 32 bits.
func murmurLong(x uint64, seed uint32) uint32 {
	h := mixH1(seed, mixK1(uint32(x)))
	h = mixH1(h, mixK1(uint32(x>>32)))
	return fmix32(h, 8)
}

// murmurBytes is Spark's hashUnsafeBytes: whole 4-byte blocks as
// little-endian ints, then every trailing byte sign-extended and mixed as a
// block of its own.
func murmurBytes[B bytesLike](b B, seed uint32) uint32 {
	n := len(b)
	aligned := n &^ 3
	h := seed
	for i := 0; i < aligned; i += 4 {
		h = mixH1(h, mixK1(le32(b, i)))
	}
	for i := aligned; i < n; i++ {
		h = mixH1(h, mixK1(uint32(int32(int8(b[i])))))
	}
	return fmix32(h, uint32(n))
}
