package fn

import (
	"strings"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// cmpOp is a comparison operator.
type cmpOp uint8

const (
	cmpEQ cmpOp = iota
	cmpNE
	cmpLT
	cmpLE
	cmpGT
	cmpGE
	cmpNullSafeEQ
)

var cmpNames = [...]string{cmpEQ: "=", cmpNE: "<>", cmpLT: "<", cmpLE: "<=", cmpGT: ">", cmpGE: ">=", cmpNullSafeEQ: "<=>"}

func init() {
	for op, name := range cmpNames {
		c := cmpOp(op)
		registerScalar(&Scalar{Name: name, Resolve: c.resolve, Eval: c.eval})
	}
	registerScalar(&Scalar{Name: "not", Resolve: resolveNot, Eval: evalNot})
	registerScalar(&Scalar{Name: "isnull", Resolve: resolveIsNull("isnull"), Eval: evalIsNull(false)})
	registerScalar(&Scalar{Name: "isnotnull", Resolve: resolveIsNull("isnotnull"), Eval: evalIsNull(true)})
	registerScalar(&Scalar{Name: "greatest", Resolve: resolveExtreme("greatest"), Eval: evalExtreme(true)})
	registerScalar(&Scalar{Name: "least", Resolve: resolveExtreme("least"), Eval: evalExtreme(false)})
	registerScalar(&Scalar{Name: "nullif", Resolve: resolveNullIf, Eval: evalNullIf})
}

// orderable reports whether values of t can be compared.
func orderable(t value.Type) bool { return t.Physical() != value.PhysNone || t.Kind == value.Void }

func (c cmpOp) resolve(args []Arg) (value.Type, []value.Type, error) {
	name := cmpNames[c]
	if err := CheckArity(name, args, 2, 2); err != nil {
		return value.Type{}, nil, err
	}
	lt, rt, ok := comparisonOperands(args[0], args[1])
	if !ok {
		return value.Type{}, nil, Mismatch(binarySQL(name, args[0], args[1]), "BINARY_OP_DIFF_TYPES",
			"the left and right operands of the binary operator have incompatible types ("+
				quoteType(args[0].Type)+" and "+quoteType(args[1].Type)+").")
	}
	return value.BooleanType, []value.Type{lt, rt}, nil
}

// test turns a three-way comparison result into the operator's answer.
func (c cmpOp) test(r int) bool {
	switch c {
	case cmpEQ, cmpNullSafeEQ:
		return r == 0
	case cmpNE:
		return r != 0
	case cmpLT:
		return r < 0
	case cmpLE:
		return r <= 0
	case cmpGT:
		return r > 0
	}
	return r >= 0
}

func (c cmpOp) eval(_ *Context, _ value.Type, args []*value.Vector, n int) (*value.Vector, error) {
	l, r := args[0], args[1]
	out := make([]int64, n)
	if anyVoid(args) {
		if c != cmpNullSafeEQ {
			return allNull(value.BooleanType, n), nil
		}
		// NULL <=> x is true exactly where x is NULL.
		other := l
		if other.Type.Kind == value.Void {
			other = r
		}
		for i := range out {
			out[i] = b2i(other.Type.Kind == value.Void || other.IsNull(i))
		}
		return boolVector(out, nil), nil
	}
	switch l.Type.Physical() {
	case value.PhysInt:
		compareInts(c, l.I64[:n], r.I64[:n], out)
	case value.PhysFloat:
		compareFloats(c, l.F64[:n], r.F64[:n], out)
	case value.PhysString:
		x, y := l.Str[:n], r.Str[:n]
		for i := range out {
			out[i] = b2i(c.test(strings.Compare(x[i], y[i])))
		}
	case value.PhysDecimal:
		compareDecimals(c, l, r, out)
	}
	nulls := unionNulls(n, l, r)
	if c == cmpNullSafeEQ {
		for i, null := range nulls {
			if null {
				out[i] = b2i(l.IsNull(i) && r.IsNull(i))
			}
		}
		return boolVector(out, nil), nil
	}
	v := boolVector(out, nulls)
	clearNullSlots(v)
	return v, nil
}

// compareInts is the hot loop of comparisons on integers, booleans, dates
// and timestamps: one specialised loop per operator.
func compareInts(c cmpOp, x, y, out []int64) {
	switch c {
	case cmpEQ, cmpNullSafeEQ:
		for i := range out {
			out[i] = b2i(x[i] == y[i])
		}
	case cmpNE:
		for i := range out {
			out[i] = b2i(x[i] != y[i])
		}
	case cmpLT:
		for i := range out {
			out[i] = b2i(x[i] < y[i])
		}
	case cmpLE:
		for i := range out {
			out[i] = b2i(x[i] <= y[i])
		}
	case cmpGT:
		for i := range out {
			out[i] = b2i(x[i] > y[i])
		}
	case cmpGE:
		for i := range out {
			out[i] = b2i(x[i] >= y[i])
		}
	}
}

// floatLess is Spark's ordering of doubles: NaN is equal to itself and
// greater than everything else; -0.0 equals 0.0.
func floatLess(a, b float64) bool { return a < b || (b != b && a == a) }

// floatEq is Spark's equality of doubles (NaN = NaN).
func floatEq(a, b float64) bool { return a == b || (a != a && b != b) }

func compareFloats(c cmpOp, x, y []float64, out []int64) {
	switch c {
	case cmpEQ, cmpNullSafeEQ:
		for i := range out {
			out[i] = b2i(floatEq(x[i], y[i]))
		}
	case cmpNE:
		for i := range out {
			out[i] = b2i(!floatEq(x[i], y[i]))
		}
	case cmpLT:
		for i := range out {
			out[i] = b2i(floatLess(x[i], y[i]))
		}
	case cmpLE:
		for i := range out {
			out[i] = b2i(!floatLess(y[i], x[i]))
		}
	case cmpGT:
		for i := range out {
			out[i] = b2i(floatLess(y[i], x[i]))
		}
	case cmpGE:
		for i := range out {
			out[i] = b2i(!floatLess(x[i], y[i]))
		}
	}
}

// compareDecimals compares two DECIMAL vectors whose scales may differ.
func compareDecimals(c cmpOp, l, r *value.Vector, out []int64) {
	sa, sb := int(l.Type.Scale), int(r.Type.Scale)
	var d decimalOps
	for i := range out {
		out[i] = b2i(c.test(d.compare(l.Dec[i], sa, r.Dec[i], sb)))
	}
}

// compare orders two unscaled decimals of scales sa and sb.
func (d *decimalOps) compare(a value.Int128, sa int, b value.Int128, sb int) int {
	if sa == sb {
		return a.Cmp(b)
	}
	if sa < sb {
		if x, ok := a.Rescale(sa, sb); ok {
			return x.Cmp(b)
		}
	} else if y, ok := b.Rescale(sb, sa); ok {
		return a.Cmp(y)
	}
	x, y := setBig(&d.x, a), setBig(&d.y, b)
	s := max(sa, sb)
	x.Mul(x, d.pow10(s-sa))
	y.Mul(y, d.pow10(s-sb))
	return x.Cmp(y)
}

// compareRows orders row i of x and row j of y (same physical type, not
// NULL).
func compareRows(d *decimalOps, x *value.Vector, i int, y *value.Vector, j int) int {
	switch x.Type.Physical() {
	case value.PhysInt:
		a, b := x.I64[i], y.I64[j]
		switch {
		case a < b:
			return -1
		case a > b:
			return 1
		}
		return 0
	case value.PhysFloat:
		a, b := x.F64[i], y.F64[j]
		switch {
		case floatLess(a, b):
			return -1
		case floatLess(b, a):
			return 1
		}
		return 0
	case value.PhysString:
		return strings.Compare(x.Str[i], y.Str[j])
	case value.PhysDecimal:
		return d.compare(x.Dec[i], int(x.Type.Scale), y.Dec[j], int(y.Type.Scale))
	}
	return 0
}

func resolveNot(args []Arg) (value.Type, []value.Type, error) {
	if err := CheckArity("not", args, 1, 1); err != nil {
		return value.Type{}, nil, err
	}
	t := args[0].Type
	if t.Kind != value.Boolean && !isVoid(t) && !isString(t) {
		return value.Type{}, nil, UnexpectedType("(NOT "+ArgSQL(args[0])+")", 0, `"BOOLEAN"`, args[0])
	}
	return value.BooleanType, []value.Type{value.BooleanType}, nil
}

func evalNot(_ *Context, _ value.Type, args []*value.Vector, n int) (*value.Vector, error) {
	x := args[0]
	if x.Type.Kind == value.Void {
		return allNull(value.BooleanType, n), nil
	}
	out := make([]int64, n)
	for i, b := range x.I64[:n] {
		out[i] = 1 - b
	}
	v := boolVector(out, x.Nulls)
	clearNullSlots(v)
	return v, nil
}

func resolveIsNull(name string) func([]Arg) (value.Type, []value.Type, error) {
	return func(args []Arg) (value.Type, []value.Type, error) {
		if err := CheckArity(name, args, 1, 1); err != nil {
			return value.Type{}, nil, err
		}
		return value.BooleanType, []value.Type{args[0].Type}, nil
	}
}

func evalIsNull(not bool) func(*Context, value.Type, []*value.Vector, int) (*value.Vector, error) {
	return func(_ *Context, _ value.Type, args []*value.Vector, n int) (*value.Vector, error) {
		x := args[0]
		out := make([]int64, n)
		for i := range out {
			null := x.Type.Kind == value.Void || x.IsNull(i)
			out[i] = b2i(null != not)
		}
		return boolVector(out, nil), nil
	}
}

// resolveExtreme resolves greatest and least: two or more arguments of a
// common orderable type.
func resolveExtreme(name string) func([]Arg) (value.Type, []value.Type, error) {
	return func(args []Arg) (value.Type, []value.Type, error) {
		if err := CheckArity(name, args, 2, -1); err != nil {
			return value.Type{}, nil, err
		}
		types := make([]value.Type, len(args))
		for i, a := range args {
			types[i] = a.Type
		}
		t, ok := value.CommonType(types...)
		if !ok || !orderable(t) {
			names := make([]string, len(types))
			for i, t := range types {
				names[i] = quoteType(t)
			}
			return value.Type{}, nil, Mismatch(CallSQL(name, args), "DATA_DIFF_TYPES",
				"Input to `"+name+"` should all be the same type, but it's ["+strings.Join(names, ", ")+"].")
		}
		return t, sameTypes(t, len(args)), nil
	}
}

// evalExtreme returns the greatest (or least) non-NULL argument of each row;
// NULL only when every argument is NULL.
func evalExtreme(greatest bool) func(*Context, value.Type, []*value.Vector, int) (*value.Vector, error) {
	return func(_ *Context, ret value.Type, args []*value.Vector, n int) (*value.Vector, error) {
		if ret.Kind == value.Void {
			return allNull(ret, n), nil
		}
		var d decimalOps
		out := value.NewVector(ret, n)
		best := make([]int32, n) // index of the winning argument, -1 if none yet
		for i := range best {
			best[i] = -1
		}
		for k, v := range args {
			if v.Type.Kind == value.Void {
				continue
			}
			for i := range n {
				if v.IsNull(i) {
					continue
				}
				b := best[i]
				if b < 0 {
					best[i] = int32(k)
					continue
				}
				c := compareRows(&d, v, i, args[b], i)
				if (greatest && c > 0) || (!greatest && c < 0) {
					best[i] = int32(k)
				}
			}
		}
		for i, b := range best {
			if b < 0 {
				out.SetNull(i)
				continue
			}
			out.Set(i, args[b].Get(i))
		}
		return out, nil
	}
}

// resolveNullIf resolves nullif(a, b): a's type; b is compared with a under
// the comparison rules, so Eval casts a itself when needed.
func resolveNullIf(args []Arg) (value.Type, []value.Type, error) {
	if err := CheckArity("nullif", args, 2, 2); err != nil {
		return value.Type{}, nil, err
	}
	_, rt, ok := comparisonOperands(args[0], args[1])
	if !ok {
		return value.Type{}, nil, Mismatch("("+ArgSQL(args[0])+" = "+ArgSQL(args[1])+")", "BINARY_OP_DIFF_TYPES",
			"the left and right operands of the binary operator have incompatible types ("+
				quoteType(args[0].Type)+" and "+quoteType(args[1].Type)+").")
	}
	return args[0].Type, []value.Type{args[0].Type, rt}, nil
}

func evalNullIf(_ *Context, ret value.Type, args []*value.Vector, n int) (*value.Vector, error) {
	a, b := args[0], args[1]
	if a.Type.Kind == value.Void {
		return allNull(ret, n), nil
	}
	if b.Type.Kind == value.Void {
		out := *a
		return &out, nil
	}
	ca := a
	if a.Type != b.Type && !(a.Type.Kind == value.Decimal && b.Type.Kind == value.Decimal) {
		var err error
		if ca, err = value.Cast(a, b.Type, false); err != nil {
			return nil, err
		}
	}
	eq, err := cmpEQ.eval(nil, value.BooleanType, []*value.Vector{ca, b}, n)
	if err != nil {
		return nil, err
	}
	out := &value.Vector{Type: ret, Nulls: ownNulls(a.Nulls, n)}
	switch ret.Physical() {
	case value.PhysInt:
		out.I64 = append([]int64(nil), a.I64[:n]...)
	case value.PhysFloat:
		out.F64 = append([]float64(nil), a.F64[:n]...)
	case value.PhysDecimal:
		out.Dec = append([]value.Int128(nil), a.Dec[:n]...)
	case value.PhysString:
		out.Str = append([]string(nil), a.Str[:n]...)
	}
	for i, e := range eq.I64 {
		if e == 1 && !eq.IsNull(i) {
			out.Nulls[i] = true
		}
	}
	clearNullSlots(out)
	return out, nil
}
