package fn

import (
	"math"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

func init() {
	registerScalar(&Scalar{Name: "timestamp_seconds", Resolve: resolveEpoch("timestamp_seconds"), Eval: evalEpoch(1_000_000)})
	registerScalar(&Scalar{Name: "timestamp_millis", Resolve: resolveEpoch("timestamp_millis"), Eval: evalEpoch(1_000)})
	registerScalar(&Scalar{Name: "timestamp_micros", Resolve: resolveEpoch("timestamp_micros"), Eval: evalEpoch(1)})
}

// resolveEpoch accepts an integral argument (cast to BIGINT) and, for
// timestamp_seconds, also DECIMAL and DOUBLE seconds (cast to DOUBLE).
func resolveEpoch(name string) func([]Arg) (value.Type, []value.Type, error) {
	return func(args []Arg) (value.Type, []value.Type, error) {
		if err := CheckArity(name, args, 1, 1); err != nil {
			return value.Type{}, nil, err
		}
		t := args[0].Type
		switch {
		case t.IsIntegral() || t.Kind == value.Void:
			return value.TimestampType, []value.Type{value.BigIntType}, nil
		case name == "timestamp_seconds" && (t.Kind == value.Decimal || t.IsFloating()):
			return value.TimestampType, []value.Type{value.DoubleType}, nil
		}
		want := `"INTEGRAL"`
		if name == "timestamp_seconds" {
			want = `"NUMERIC"`
		}
		return value.Type{}, nil, UnexpectedType(CallSQL(name, args), 1, want, args[0])
	}
}

// evalEpoch converts seconds, milliseconds or microseconds since the epoch
// (scale microseconds per unit) to a TIMESTAMP, failing on overflow.
func evalEpoch(scale int64) func(*Context, value.Type, []*value.Vector, int) (*value.Vector, error) {
	return func(_ *Context, ret value.Type, args []*value.Vector, n int) (*value.Vector, error) {
		x := args[0]
		out := value.NewVector(ret, n)
		for i := 0; i < n; i++ {
			if x.IsNull(i) || x.Type.Kind == value.Void {
				out.SetNull(i)
				continue
			}
			if x.Type.Kind == value.Double {
				f := x.F64[i] * float64(scale)
				if math.IsNaN(f) || math.IsInf(f, 0) {
					out.SetNull(i)
					continue
				}
				if f >= math.MaxInt64 || f < math.MinInt64 {
					return nil, ArithmeticOverflow("long overflow", "")
				}
				out.I64[i] = int64(f)
				continue
			}
			v := x.I64[i]
			if v > math.MaxInt64/scale || v < math.MinInt64/scale {
				return nil, ArithmeticOverflow("long overflow", "")
			}
			out.I64[i] = v * scale
		}
		return out, nil
	}
}
