// Package sparkhash computes Spark's hash() (Murmur3 x86_32, seed 42) and
// xxhash64() (XXH64, seed 42) bit-exactly, over vectors of the fake
// warehouse's types. Each function chains: the running hash of a row is the
// seed for its next argument, and a NULL argument leaves it unchanged.
package sparkhash

import "github.com/ucdeploy/ucdeploy/internal/warehouse/value"

// Seed is the initial seed of hash() and xxhash64().
const Seed = 42

// Murmur3 folds the rows of v into h: h[i] becomes Spark's Murmur3 hash of
// row i with seed h[i]; NULL rows leave h[i] unchanged. len(h) == v.Len().
func Murmur3(v *value.Vector, h []int32) {}

// XXHash64 folds the rows of v into h as Murmur3 does, with XXH64.
func XXHash64(v *value.Vector, h []int64) {}
