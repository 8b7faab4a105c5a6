package fn

import (
	"github.com/ucdeploy/ucdeploy/internal/warehouse/sparkhash"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

func init() {
	registerScalar(&Scalar{Name: "hash", Resolve: resolveHash("hash", value.IntType), Eval: evalMurmur3})
	registerScalar(&Scalar{Name: "xxhash64", Resolve: resolveHash("xxhash64", value.BigIntType), Eval: evalXXHash64})
}

// resolveHash accepts one or more arguments of any type, uncast: the hash
// depends on each argument's own type.
func resolveHash(name string, ret value.Type) func([]Arg) (value.Type, []value.Type, error) {
	return func(args []Arg) (value.Type, []value.Type, error) {
		if err := CheckArity(name, args, 1, -1); err != nil {
			return value.Type{}, nil, err
		}
		casts := make([]value.Type, len(args))
		for i, a := range args {
			casts[i] = a.Type
		}
		return ret, casts, nil
	}
}

// evalMurmur3 is hash(): Murmur3 chained from seed 42; NULL arguments leave
// the running hash unchanged, so the result is never NULL.
func evalMurmur3(_ *Context, ret value.Type, args []*value.Vector, n int) (*value.Vector, error) {
	h := make([]int32, n)
	for i := range h {
		h[i] = sparkhash.Seed
	}
	for _, a := range args {
		if a.Type.Kind != value.Void {
			sparkhash.Murmur3(a.Slice(0, n), h)
		}
	}
	out := make([]int64, n)
	for i, x := range h {
		out[i] = int64(x)
	}
	return &value.Vector{Type: ret, I64: out}, nil
}

// evalXXHash64 is xxhash64(): XXH64 chained from seed 42.
func evalXXHash64(_ *Context, ret value.Type, args []*value.Vector, n int) (*value.Vector, error) {
	h := make([]int64, n)
	for i := range h {
		h[i] = sparkhash.Seed
	}
	for _, a := range args {
		if a.Type.Kind != value.Void {
			sparkhash.XXHash64(a.Slice(0, n), h)
		}
	}
	return &value.Vector{Type: ret, I64: h}, nil
}
