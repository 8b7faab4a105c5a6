package fn

import (
	"testing"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

const benchRows = 1_000_000

func benchColumn(t value.Type, f func(i int) value.Value) *value.Vector {
	b := value.NewBuilder(t, benchRows)
	for i := range benchRows {
		b.Append(f(i))
	}
	return b.Build()
}

func benchEval(b *testing.B, name string, cols ...*value.Vector) {
	s, ok := LookupScalar(name)
	if !ok {
		b.Fatalf("no %s", name)
	}
	args := make([]Arg, len(cols))
	for i, c := range cols {
		args[i] = Arg{Type: c.Type}
	}
	ret, _, err := s.Resolve(args)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Eval(testCtx, ret, cols, benchRows); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompareBigInt(b *testing.B) {
	x := benchColumn(value.BigIntType, func(i int) value.Value { return value.Int64(int64(i)) })
	y := benchColumn(value.BigIntType, func(i int) value.Value { return value.Int64(int64(benchRows - i)) })
	benchEval(b, "<", x, y)
}

func BenchmarkAddBigInt(b *testing.B) {
	x := benchColumn(value.BigIntType, func(i int) value.Value { return value.Int64(int64(i)) })
	benchEval(b, "+", x, x)
}

func BenchmarkEqualString(b *testing.B) {
	x := benchColumn(value.StringType, func(i int) value.Value { return value.Str("user_" + string(rune('a'+i%26))) })
	y := value.Constant(value.Str("user_q"), benchRows)
	benchEval(b, "=", x, y)
}

func BenchmarkLikePrefix(b *testing.B) {
	x := benchColumn(value.StringType, func(i int) value.Value { return value.Str("user_" + string(rune('a'+i%26))) })
	p := value.Constant(value.Str("user_q%"), benchRows)
	benchEval(b, "like", x, p)
}
