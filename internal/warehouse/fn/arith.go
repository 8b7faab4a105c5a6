package fn

import (
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"math"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// arithOp is a binary arithmetic operation.
type arithOp uint8

const (
	opAdd arithOp = iota
	opSub
	opMul
	opDiv    // "/"
	opRem    // "%", mod
	opPmod   // pmod
	opIntDiv // div
)

var opSymbol = [...]string{opAdd: "+", opSub: "-", opMul: "*", opDiv: "/", opRem: "%", opPmod: "pmod", opIntDiv: "div"}

// opHint names the try_ function that tolerates an operation's overflow.
var opHint = [...]string{opAdd: "try_add", opSub: "try_subtract", opMul: "try_multiply", opDiv: "try_divide",
	opRem: "try_mod", opPmod: "try_mod", opIntDiv: "try_divide"}

// arithmetic describes one registered arithmetic function or operator.
type arithmetic struct {
	name  string
	op    arithOp
	try   bool // NULL instead of ANSI errors
	infix bool // rendered as (a op b) in messages
}

func init() {
	for _, a := range []arithmetic{
		{"+", opAdd, false, true},
		{"-", opSub, false, true},
		{"*", opMul, false, true},
		{"/", opDiv, false, true},
		{"%", opRem, false, true},
		{"div", opIntDiv, false, true},
		{"mod", opRem, false, false},
		{"pmod", opPmod, false, false},
		{"try_add", opAdd, true, false},
		{"try_subtract", opSub, true, false},
		{"try_multiply", opMul, true, false},
		{"try_divide", opDiv, true, false},
		{"try_mod", opRem, true, false},
	} {
		registerScalar(&Scalar{Name: a.name, Resolve: a.resolve, Eval: a.eval})
	}
}

// requiredTypes is how Spark names the input types an operator accepts.
func (a arithmetic) requiredTypes() string {
	switch a.op {
	case opDiv:
		return `("DOUBLE" or "DECIMAL")`
	case opIntDiv:
		return `("BIGINT" or "DECIMAL")`
	case opAdd, opSub:
		return `("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH" or "INTERVAL")`
	}
	return `"NUMERIC"`
}

func (a arithmetic) sql(args []Arg) string {
	if a.infix {
		return binarySQL(opSymbol[a.op], args[0], args[1])
	}
	return CallSQL(a.name, args)
}

func (a arithmetic) resolve(args []Arg) (value.Type, []value.Type, error) {
	if err := CheckArity(a.name, args, 2, 2); err != nil {
		return value.Type{}, nil, err
	}
	l, r := args[0], args[1]
	if a.op == opAdd || a.op == opSub {
		if ret, casts, ok, err := a.resolveDate(args); ok || err != nil {
			return ret, casts, err
		}
	}
	lt, rt, err := a.operands(l, r)
	if err != nil {
		return value.Type{}, nil, err
	}
	var ret value.Type
	switch {
	case a.op == opIntDiv:
		ret = value.BigIntType
	case a.op == opDiv && (lt.Kind != value.Decimal || rt.Kind != value.Decimal):
		lt, rt, ret = value.DoubleType, value.DoubleType, value.DoubleType
	case lt.Kind == value.Decimal:
		ret = decimalResult(a.op, lt, rt)
	default:
		ret = lt
	}
	return ret, []value.Type{lt, rt}, nil
}

// operands applies the binary-operator promotion rules (coerce.go).
func (a arithmetic) operands(l, r Arg) (value.Type, value.Type, error) {
	switch {
	case isVoid(l.Type) && isVoid(r.Type):
		if a.op == opIntDiv {
			return value.BigIntType, value.BigIntType, nil
		}
		return value.DoubleType, value.DoubleType, nil
	case isVoid(l.Type):
		l.Type, l.Const = r.Type, nil
	case isVoid(r.Type):
		r.Type, r.Const = l.Type, nil
	}
	switch {
	case isString(l.Type) && isString(r.Type):
		l.Type, r.Type = value.DoubleType, value.DoubleType
	case isString(l.Type) && r.Type.IsNumeric():
		l.Type, _ = stringPartner(r.Type)
		l.Const = nil
	case isString(r.Type) && l.Type.IsNumeric():
		r.Type, _ = stringPartner(l.Type)
		r.Const = nil
	}
	if !l.Type.IsNumeric() || !r.Type.IsNumeric() {
		if l.Type == r.Type {
			return value.Type{}, value.Type{}, Mismatch(a.sql([]Arg{l, r}), "BINARY_OP_WRONG_TYPE",
				"the binary operator requires the input type "+a.requiredTypes()+", not "+quoteType(l.Type)+".")
		}
		return value.Type{}, value.Type{}, Mismatch(a.sql([]Arg{l, r}), "BINARY_OP_DIFF_TYPES",
			"the left and right operands of the binary operator have incompatible types ("+quoteType(l.Type)+" and "+quoteType(r.Type)+").")
	}
	lt, rt := numericOperands(l, r)
	if a.op == opIntDiv && (lt.Kind != value.Decimal || rt.Kind != value.Decimal) {
		// div takes BIGINT or DECIMAL; anything else is downcast to BIGINT.
		lt, rt = value.BigIntType, value.BigIntType
	}
	return lt, rt, nil
}

// resolveDate handles DATE + n, n + DATE and DATE - n (date_add/date_sub);
// ok is false when neither operand is a DATE or TIMESTAMP.
func (a arithmetic) resolveDate(args []Arg) (value.Type, []value.Type, bool, error) {
	l, r := args[0].Type, args[1].Type
	isDay := func(t value.Type) bool { return t.IsIntegral() || isVoid(t) }
	dt := func(t value.Type) bool { return t.Kind == value.Date || t.Kind == value.Timestamp }
	iv := func(t value.Type) bool { return t.Kind == value.Interval }
	switch {
	// Day-time intervals: TIMESTAMP ± INTERVAL, INTERVAL + TIMESTAMP (a DATE
	// becomes a TIMESTAMP first, as in Spark), INTERVAL ± INTERVAL.
	case iv(l) && iv(r):
		return value.IntervalType, []value.Type{l, r}, true, nil
	case iv(r) && (dt(l) || isString(l) || isVoid(l)):
		return value.TimestampType, []value.Type{value.TimestampType, r}, true, nil
	case a.op == opAdd && iv(l) && (dt(r) || isString(r) || isVoid(r)):
		return value.TimestampType, []value.Type{l, value.TimestampType}, true, nil
	case iv(l) || iv(r):
		return value.Type{}, nil, true, Mismatch(a.sql(args), "BINARY_OP_DIFF_TYPES",
			"the left and right operands of the binary operator have incompatible types ("+quoteType(l)+" and "+quoteType(r)+").")
	case l.Kind == value.Date && isDay(r):
		return value.DateType, []value.Type{value.DateType, value.IntType}, true, nil
	case a.op == opAdd && isDay(l) && r.Kind == value.Date:
		return value.DateType, []value.Type{value.IntType, value.DateType}, true, nil
	case a.op == opSub && dt(l) && dt(r):
		return value.Type{}, nil, true, Unsupported("subtracting DATE or TIMESTAMP values (the result is an INTERVAL)")
	}
	return value.Type{}, nil, false, nil
}

func (a arithmetic) eval(_ *Context, ret value.Type, args []*value.Vector, n int) (*value.Vector, error) {
	l, r := args[0], args[1]
	if anyVoid(args) {
		return allNull(ret, n), nil
	}
	switch {
	case ret.Kind == value.Date:
		if l.Type.Kind != value.Date {
			l, r = r, l
		}
		return addDays(l, r, n, a.op == opSub)
	case ret.Kind == value.Timestamp || ret.Kind == value.Interval:
		return a.interval(ret, l, r, n)
	case a.op == opIntDiv && l.Type.Kind == value.Decimal:
		return a.decimalIntDiv(l, r, n)
	case ret.Kind == value.Decimal:
		return a.decimal(ret, l, r, n)
	case ret.IsFloating():
		return a.float(ret, l, r, n)
	}
	return a.integral(ret, l, r, n)
}

// overflowError returns the ANSI error for an integral overflow in type t.
func (a arithmetic) overflowError(t value.Type, x, y int64) error {
	switch t.Kind {
	case value.BigInt:
		return ArithmeticOverflow("long overflow", opHint[a.op])
	case value.Int:
		return ArithmeticOverflow("integer overflow", opHint[a.op])
	}
	return binaryOverflow(t, x, opSymbol[a.op], y, opHint[a.op])
}

// integral evaluates + - * % pmod div over integral vectors of type t (the
// operand type; ret for div is BIGINT with BIGINT operands).
func (a arithmetic) integral(t value.Type, l, r *value.Vector, n int) (*value.Vector, error) {
	x, y := l.I64[:n], r.I64[:n]
	nulls := unionNulls(n, l, r)
	owned := false
	out := make([]int64, n)
	lo, hi := t.IntegralBounds()
	wide := t.Kind == value.BigInt
	// fail handles row i failing with err: NULL in try mode, else the error.
	fail := func(i int, err error) error {
		if !a.try {
			return err
		}
		if !owned {
			nulls, owned = ownNulls(nulls, n), true
		}
		nulls[i] = true
		return nil
	}
	switch a.op {
	case opAdd:
		for i := range out {
			s := x[i] + y[i]
			if (wide && (x[i]^s)&(y[i]^s) < 0) || (!wide && (s < lo || s > hi)) {
				if rowNull(nulls, i) {
					continue
				}
				if err := fail(i, a.overflowError(t, x[i], y[i])); err != nil {
					return nil, err
				}
				continue
			}
			out[i] = s
		}
	case opSub:
		for i := range out {
			s := x[i] - y[i]
			if (wide && (x[i]^y[i])&(x[i]^s) < 0) || (!wide && (s < lo || s > hi)) {
				if rowNull(nulls, i) {
					continue
				}
				if err := fail(i, a.overflowError(t, x[i], y[i])); err != nil {
					return nil, err
				}
				continue
			}
			out[i] = s
		}
	case opMul:
		for i := range out {
			p, ok := mulInt(x[i], y[i], wide, lo, hi)
			if !ok {
				if rowNull(nulls, i) {
					continue
				}
				if err := fail(i, a.overflowError(t, x[i], y[i])); err != nil {
					return nil, err
				}
				continue
			}
			out[i] = p
		}
	default: // %, pmod, div
		for i := range out {
			if rowNull(nulls, i) {
				continue
			}
			d := y[i]
			if d == 0 {
				if err := fail(i, divideByZero()); err != nil {
					return nil, err
				}
				continue
			}
			switch a.op {
			case opIntDiv:
				if x[i] == math.MinInt64 && d == -1 {
					if err := fail(i, ArithmeticOverflow("Overflow in integral divide", "try_divide")); err != nil {
						return nil, err
					}
					continue
				}
				out[i] = x[i] / d
			case opRem:
				out[i] = x[i] % d
			case opPmod:
				m := x[i] % d
				if m < 0 {
					m = (m + d) % d
				}
				out[i] = m
			}
		}
	}
	v := &value.Vector{Type: t, I64: out, Nulls: nulls}
	if a.op == opIntDiv {
		v.Type = value.BigIntType
	}
	clearNullSlots(v)
	return v, nil
}

// mulInt multiplies with an overflow check: 64-bit for BIGINT, the range
// [lo, hi] for narrower types (whose products cannot overflow an int64).
func mulInt(x, y int64, wide bool, lo, hi int64) (int64, bool) {
	p := x * y
	if !wide {
		return p, p >= lo && p <= hi
	}
	if x != 0 && (p/x != y || (x == -1 && y == math.MinInt64)) {
		return 0, false
	}
	return p, true
}

// float evaluates arithmetic in DOUBLE (or FLOAT for FLOAT operands).
func (a arithmetic) float(t value.Type, l, r *value.Vector, n int) (*value.Vector, error) {
	x, y := l.F64[:n], r.F64[:n]
	nulls := unionNulls(n, l, r)
	out := make([]float64, n)
	switch a.op {
	case opAdd:
		for i := range out {
			out[i] = x[i] + y[i]
		}
	case opSub:
		for i := range out {
			out[i] = x[i] - y[i]
		}
	case opMul:
		for i := range out {
			out[i] = x[i] * y[i]
		}
	default: // /, %, pmod
		owned := false
		for i := range out {
			if rowNull(nulls, i) {
				continue
			}
			d := y[i]
			if d == 0 {
				if !a.try {
					return nil, divideByZero()
				}
				if !owned {
					nulls, owned = ownNulls(nulls, n), true
				}
				nulls[i] = true
				continue
			}
			switch a.op {
			case opDiv:
				out[i] = x[i] / d
			case opRem:
				out[i] = math.Mod(x[i], d)
			case opPmod:
				m := math.Mod(x[i], d)
				if m < 0 {
					m = math.Mod(m+d, d)
				}
				out[i] = m
			}
		}
	}
	if t.Kind == value.Float {
		for i, f := range out {
			out[i] = value.RoundFloat32(f)
		}
	}
	v := &value.Vector{Type: t, F64: out, Nulls: nulls}
	clearNullSlots(v)
	return v, nil
}

// decimal evaluates decimal arithmetic with Spark's result type ret.
func (a arithmetic) decimal(ret value.Type, l, r *value.Vector, n int) (*value.Vector, error) {
	var d decimalOps
	nulls := unionNulls(n, l, r)
	owned := false
	out := make([]value.Int128, n)
	sa, sb := int(l.Type.Scale), int(r.Type.Scale)
	for i := range out {
		if rowNull(nulls, i) {
			continue
		}
		v, zero, overflow := d.binary(a.op, l.Dec[i], sa, r.Dec[i], sb, ret)
		if zero || overflow != "" {
			if !a.try {
				if zero {
					return nil, divideByZero()
				}
				return nil, decimalOutOfRange(overflow, ret)
			}
			if !owned {
				nulls, owned = ownNulls(nulls, n), true
			}
			nulls[i] = true
			continue
		}
		out[i] = v
	}
	return &value.Vector{Type: ret, Dec: out, Nulls: nulls}, nil
}

// decimalIntDiv is `div` on decimals.
func (a arithmetic) decimalIntDiv(l, r *value.Vector, n int) (*value.Vector, error) {
	var d decimalOps
	nulls := unionNulls(n, l, r)
	owned := false
	out := make([]int64, n)
	sa, sb := int(l.Type.Scale), int(r.Type.Scale)
	for i := range out {
		if rowNull(nulls, i) {
			continue
		}
		var err error
		if r.Dec[i].Sign() == 0 {
			err = divideByZero()
		} else if q, ok := d.intDivide(l.Dec[i], sa, r.Dec[i], sb); ok {
			out[i] = q
			continue
		} else {
			err = ArithmeticOverflow("Overflow in integral divide", "try_divide")
		}
		if !a.try {
			return nil, err
		}
		if !owned {
			nulls, owned = ownNulls(nulls, n), true
		}
		nulls[i] = true
	}
	return &value.Vector{Type: value.BigIntType, I64: out, Nulls: nulls}, nil
}

// addDays adds (or subtracts) INT day counts to a DATE vector.
func addDays(dates, days *value.Vector, n int, sub bool) (*value.Vector, error) {
	nulls := unionNulls(n, dates, days)
	out := make([]int64, n)
	for i := range out {
		if rowNull(nulls, i) {
			continue
		}
		d := days.I64[i]
		if sub {
			d = -d
		}
		s := dates.I64[i] + d
		if s < math.MinInt32 || s > math.MaxInt32 {
			return nil, ArithmeticOverflow("integer overflow", "")
		}
		out[i] = s
	}
	return &value.Vector{Type: value.DateType, I64: out, Nulls: nulls}, nil
}

// interval adds or subtracts microsecond counts: TIMESTAMP ± INTERVAL and
// INTERVAL ± INTERVAL, failing on overflow.
func (a arithmetic) interval(ret value.Type, l, r *value.Vector, n int) (*value.Vector, error) {
	out := value.NewVector(ret, n)
	for i := 0; i < n; i++ {
		if l.IsNull(i) || r.IsNull(i) {
			out.SetNull(i)
			continue
		}
		x, y := l.I64[i], r.I64[i]
		if a.op == opSub {
			if y == math.MinInt64 {
				return nil, ArithmeticOverflow("long overflow", "")
			}
			y = -y
		}
		s := x + y
		if (x > 0 && y > 0 && s < 0) || (x < 0 && y < 0 && s >= 0) {
			if a.try {
				out.SetNull(i)
				continue
			}
			return nil, errclass.New("DATETIME_OVERFLOW", "Datetime operation overflow: adding %s to %s.",
				value.FormatInterval(r.I64[i]), l.Get(i).String())
		}
		out.I64[i] = s
	}
	return out, nil
}
