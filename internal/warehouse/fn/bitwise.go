package fn

import (
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

func init() {
	for _, op := range []string{"&", "|", "^"} {
		registerScalar(&Scalar{Name: op, Resolve: resolveBitwise(op), Eval: evalBitwise(op)})
	}
	registerScalar(&Scalar{Name: "~", Resolve: resolveBitNot, Eval: evalBitNot})
}

// integralOperand returns the integral type an operand of a bitwise
// operator has (a STRING or NULL becomes BIGINT); ok is false otherwise.
func integralOperand(t value.Type) (value.Type, bool) {
	switch {
	case t.IsIntegral():
		return t, true
	case isString(t), isVoid(t):
		return value.BigIntType, true
	}
	return value.Type{}, false
}

func resolveBitwise(op string) func([]Arg) (value.Type, []value.Type, error) {
	return func(args []Arg) (value.Type, []value.Type, error) {
		if err := CheckArity(op, args, 2, 2); err != nil {
			return value.Type{}, nil, err
		}
		l, r := args[0].Type, args[1].Type
		switch {
		case isVoid(l) && !isVoid(r):
			l = r
		case isVoid(r) && !isVoid(l):
			r = l
		}
		lt, lok := integralOperand(l)
		rt, rok := integralOperand(r)
		if !lok || !rok {
			sql := binarySQL(op, args[0], args[1])
			if l == r {
				return value.Type{}, nil, Mismatch(sql, "BINARY_OP_WRONG_TYPE",
					`the binary operator requires the input type "INTEGRAL", not `+quoteType(l)+".")
			}
			return value.Type{}, nil, Mismatch(sql, "BINARY_OP_DIFF_TYPES",
				"the left and right operands of the binary operator have incompatible types ("+quoteType(l)+" and "+quoteType(r)+").")
		}
		t := widerIntegral(lt, rt)
		return t, []value.Type{t, t}, nil
	}
}

func evalBitwise(op string) func(*Context, value.Type, []*value.Vector, int) (*value.Vector, error) {
	return func(_ *Context, ret value.Type, args []*value.Vector, n int) (*value.Vector, error) {
		if anyVoid(args) {
			return allNull(ret, n), nil
		}
		x, y := args[0].I64[:n], args[1].I64[:n]
		out := make([]int64, n)
		switch op {
		case "&":
			for i := range out {
				out[i] = x[i] & y[i]
			}
		case "|":
			for i := range out {
				out[i] = x[i] | y[i]
			}
		default:
			for i := range out {
				out[i] = x[i] ^ y[i]
			}
		}
		v := &value.Vector{Type: ret, I64: out, Nulls: unionNulls(n, args[0], args[1])}
		clearNullSlots(v)
		return v, nil
	}
}

func resolveBitNot(args []Arg) (value.Type, []value.Type, error) {
	if err := CheckArity("~", args, 1, 1); err != nil {
		return value.Type{}, nil, err
	}
	t, ok := integralOperand(args[0].Type)
	if !ok {
		return value.Type{}, nil, UnexpectedType("~"+ArgSQL(args[0]), 0, `"INTEGRAL"`, args[0])
	}
	return t, []value.Type{t}, nil
}

// evalBitNot complements each value; for a narrow type the sign-extended
// complement is the complement in that width.
func evalBitNot(_ *Context, ret value.Type, args []*value.Vector, n int) (*value.Vector, error) {
	x := args[0]
	if x.Type.Kind == value.Void {
		return allNull(ret, n), nil
	}
	out := make([]int64, n)
	for i, v := range x.I64[:n] {
		out[i] = ^v
	}
	v := &value.Vector{Type: ret, I64: out, Nulls: x.Nulls}
	clearNullSlots(v)
	return v, nil
}
