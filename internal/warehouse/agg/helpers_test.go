package agg

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// vec builds a vector of type t from Go values; nil is NULL. Integers are
// int (I64 types, DECIMAL unscaled), floats float64, strings string, and
// BOOLEAN bool.
func vec(t value.Type, xs ...any) *value.Vector {
	b := value.NewBuilder(t, len(xs))
	for _, x := range xs {
		switch x := x.(type) {
		case nil:
			b.Append(value.NullOf(t))
		case bool:
			b.Append(value.Bool(x))
		case int:
			if t.Kind == value.Decimal {
				b.Append(value.Dec(value.Int128From(int64(x)), int(t.Precision), int(t.Scale)))
			} else {
				b.Append(value.IntOf(t, int64(x)))
			}
		case int64:
			b.Append(value.IntOf(t, x))
		case float64:
			b.Append(value.Value{Type: t, F: x})
		case string:
			b.Append(value.Str(x))
		case value.Int128:
			b.Append(value.Dec(x, int(t.Precision), int(t.Scale)))
		default:
			panic("vec: unsupported Go value")
		}
	}
	return b.Build()
}

// col is a non-constant argument of type t.
func col(t value.Type) fn.Arg { return fn.Arg{Type: t} }

// lit is a constant argument.
func lit(v value.Value) fn.Arg { return fn.Arg{Type: v.Type, Const: &v} }

// resolved looks name up and resolves args, requiring success.
func resolved(t *testing.T, name string, args []fn.Arg, distinct bool) (*Aggregate, value.Type, []value.Type) {
	t.Helper()
	a, ok := Lookup(name)
	require.True(t, ok, "aggregate %s not registered", name)
	ret, casts, err := a.Resolve(args, distinct)
	require.NoError(t, err)
	require.Len(t, casts, len(args))
	return a, ret, casts
}

// castArgs returns args with the resolved cast types, as the analyzer
// passes them to New.
func castArgs(args []fn.Arg, casts []value.Type) []fn.Arg {
	out := make([]fn.Arg, len(args))
	for i, a := range args {
		out[i] = fn.Arg{Type: casts[i], Const: a.Const}
		if a.Const != nil && a.Const.Type != casts[i] {
			c, err := value.CastValue(*a.Const, casts[i], false)
			if err == nil {
				out[i].Const = &c
			}
		}
	}
	return out
}

// fill returns the argument vectors of one batch: cols holds the vectors of
// the non-constant arguments in order (already of the cast types); constant
// arguments become constant vectors, as the analyzer evaluates them.
func fill(args []fn.Arg, cols []*value.Vector, n int) []*value.Vector {
	out := make([]*value.Vector, 0, len(args))
	for _, a := range args {
		if a.Const != nil {
			out = append(out, value.Constant(*a.Const, n))
			continue
		}
		out = append(out, cols[0])
		cols = cols[1:]
	}
	return out
}

// aggregate runs an ungrouped aggregate over batches of the non-constant
// argument vectors and returns its single result.
func aggregate(t *testing.T, name string, args []fn.Arg, distinct bool, batches ...[]*value.Vector) (value.Value, error) {
	t.Helper()
	a, ret, casts := resolved(t, name, args, distinct)
	resolvedArgs := castArgs(args, casts)
	acc := a.New(ret, resolvedArgs, distinct)
	for _, b := range batches {
		n := 0
		if len(b) > 0 {
			n = b[0].Len()
		}
		if err := acc.Update(fill(resolvedArgs, b, n), n, nil, 1); err != nil {
			return value.Value{}, err
		}
	}
	out, err := acc.Result(1)
	if err != nil {
		return value.Value{}, err
	}
	require.Equal(t, 1, out.Len())
	require.Equal(t, ret, out.Type)
	return out.Get(0), nil
}

// mustAggregate is aggregate requiring success.
func mustAggregate(t *testing.T, name string, args []fn.Arg, distinct bool, batches ...[]*value.Vector) value.Value {
	t.Helper()
	v, err := aggregate(t, name, args, distinct, batches...)
	require.NoError(t, err)
	return v
}

// grouped is one Update call of a grouped aggregation (args as for fill).
type grouped struct {
	args    []*value.Vector
	groups  []uint32
	ngroups int
}

// aggregateGroups runs a grouped aggregate and returns ngroups results.
func aggregateGroups(t *testing.T, name string, args []fn.Arg, distinct bool, ngroups int, calls ...grouped) []value.Value {
	t.Helper()
	a, ret, casts := resolved(t, name, args, distinct)
	resolvedArgs := castArgs(args, casts)
	acc := a.New(ret, resolvedArgs, distinct)
	for _, c := range calls {
		n := len(c.groups)
		require.NoError(t, acc.Update(fill(resolvedArgs, c.args, n), n, c.groups, c.ngroups))
	}
	out, err := acc.Result(ngroups)
	require.NoError(t, err)
	require.Equal(t, ngroups, out.Len())
	res := make([]value.Value, ngroups)
	for i := range res {
		res[i] = out.Get(i)
	}
	return res
}

// Shorthands for expected values.
func bigint(i int64) value.Value    { return value.Int64(i) }
func double(f float64) value.Value  { return value.Float64(f) }
func null(t value.Type) value.Value { return value.NullOf(t) }
func dec(u int64, p, s int) value.Value {
	return value.Dec(value.Int128From(u), p, s)
}
