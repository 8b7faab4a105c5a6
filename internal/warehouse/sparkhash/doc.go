// Package sparkhash computes Spark's hash() (Murmur3 x86_32, seed 42) and
// xxhash64() (XXH64, seed 42) bit-exactly, over vectors of the fake
// warehouse's types. Each function chains: the running hash of a row is the
// seed for its next argument, and a NULL argument leaves it unchanged.
//
// # Overview
//
// The input bytes of a value depend on its SQL type, as in Spark's
// HashExpression: BOOLEAN hashes as the int 1 or 0; TINYINT, SMALLINT, INT
// and DATE as a 4-byte int; BIGINT and TIMESTAMP as an 8-byte long; FLOAT as
// the int bits of the float (−0.0 as 0.0, NaN canonical); DOUBLE as the long
// bits of the double (likewise); DECIMAL with precision ≤ 18 as the long
// unscaled value, a wider DECIMAL as the bytes of Java's
// BigInteger.toByteArray() of the unscaled value; STRING as its UTF-8 bytes.
// So hash(1) (INT), hash(1L) (BIGINT) and hash('1') all differ.
//
// Murmur3 follows Spark's Murmur3_x86_32, including its hashUnsafeBytes quirk:
// each trailing byte of a byte string (length mod 4) is sign-extended and
// mixed as a whole block, so string hashes differ from standard Murmur3 for
// lengths not divisible by 4. XXHash64 is standard XXH64.
//
// # Concurrency
//
// The functions keep no state and are safe for concurrent use on distinct
// output slices.
//
// # Testing
//
// The tests check every vector of the spec's hash table, the multi-argument
// and documented examples, and published Murmur3 and XXH64 vectors.
package sparkhash
