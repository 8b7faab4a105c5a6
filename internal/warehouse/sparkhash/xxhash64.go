package sparkhash

import "math/bits"

// Standard XXH64, on uint64 with wrap-around.

const (
	prime1 uint64 = 0x9E3779B185EBCA87
	prime2 uint64 = 0xC2B2AE3D27D4EB4F
	prime3 uint64 = 0x165667B19E3779F9
	prime4 uint64 = 0x85EBCA77C2B2AE63
	prime5 uint64 = 0x27D4EB2F165667C5
)

func xxhRound(acc, input uint64) uint64 {
	acc += input * prime2
	acc = bits.RotateLeft64(acc, 31)
	return acc * prime1
}

func xxhMergeRound(acc, val uint64) uint64 {
	acc ^= xxhRound(0, val)
	return acc*prime1 + prime4
}

func xxhAvalanche(h uint64) uint64 {
	h ^= h >> 33
	h *= prime2
	h ^= h >> 29
	h *= prime3
	h ^= h >> 32
	return h
}

// xxhInt is XXH64 of the 4 little-endian bytes of x.
func xxhInt(x uint32, seed uint64) uint64 {
	h := seed + prime5 + 4
	h ^= uint64(x) * prime1
	h = bits.RotateLeft64(h, 23)*prime2 + prime3
	return xxhAvalanche(h)
}

// xxhLong is XXH64 of the 8 little-endian bytes of x.
func xxhLong(x uint64, seed uint64) uint64 {
	h := seed + prime5 + 8
	h ^= xxhRound(0, x)
	h = bits.RotateLeft64(h, 27)*prime1 + prime4
	return xxhAvalanche(h)
}

// xxhBytes is XXH64 of b.
func xxhBytes[B bytesLike](b B, seed uint64) uint64 {
	n := len(b)
	i := 0
	var h uint64
	if n >= 32 {
		v1 := seed + prime1 + prime2
		v2 := seed + prime2
		v3 := seed
		v4 := seed - prime1
		for ; i+32 <= n; i += 32 {
			v1 = xxhRound(v1, le64(b, i))
			v2 = xxhRound(v2, le64(b, i+8))
			v3 = xxhRound(v3, le64(b, i+16))
			v4 = xxhRound(v4, le64(b, i+24))
		}
		h = bits.RotateLeft64(v1, 1) + bits.RotateLeft64(v2, 7) +
			bits.RotateLeft64(v3, 12) + bits.RotateLeft64(v4, 18)
		h = xxhMergeRound(h, v1)
		h = xxhMergeRound(h, v2)
		h = xxhMergeRound(h, v3)
		h = xxhMergeRound(h, v4)
	} else {
		h = seed + prime5
	}
	h += uint64(n)
	for ; i+8 <= n; i += 8 {
		h ^= xxhRound(0, le64(b, i))
		h = bits.RotateLeft64(h, 27)*prime1 + prime4
	}
	if i+4 <= n {
		h ^= uint64(le32(b, i)) * prime1
		h = bits.RotateLeft64(h, 23)*prime2 + prime3
		i += 4
	}
	for ; i < n; i++ {
		h ^= uint64(b[i]) * prime5
		h = bits.RotateLeft64(h, 11) * prime1
	}
	return xxhAvalanche(h)
}
