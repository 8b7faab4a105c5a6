package fn

import (
	"math"
	"math/big"
	"strconv"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// numericRequired is how Spark names the input types of unary numeric
// operators.
const numericRequired = `("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH")`

func init() {
	registerScalar(&Scalar{Name: "negative", Resolve: resolveSignOp("negative", true), Eval: evalNegate})
	registerScalar(&Scalar{Name: "positive", Resolve: resolveSignOp("positive", false), Eval: evalIdentity})
	registerScalar(&Scalar{Name: "abs", Resolve: resolveSignOp("abs", false), Eval: evalAbs})

	doubleFn := func(name string, f func(float64) (float64, bool)) {
		registerScalar(&Scalar{Name: name, Resolve: resolveDoubles(name, 1), Eval: evalDouble1(f)})
	}
	always := func(f func(float64) float64) func(float64) (float64, bool) {
		return func(x float64) (float64, bool) { return f(x), true }
	}
	// positive is the domain of a logarithm: Spark returns NULL outside it.
	positive := func(f func(float64) float64, bound float64) func(float64) (float64, bool) {
		return func(x float64) (float64, bool) {
			if x <= bound {
				return 0, false
			}
			return f(x), true
		}
	}
	doubleFn("sqrt", always(math.Sqrt))
	doubleFn("cbrt", always(math.Cbrt))
	doubleFn("exp", always(math.Exp))
	doubleFn("ln", positive(math.Log, 0))
	doubleFn("log10", positive(log10, 0))
	doubleFn("log2", positive(func(x float64) float64 { return math.Log(x) / math.Log(2) }, 0))
	doubleFn("log1p", positive(math.Log1p, -1))
	doubleFn("sign", always(signum))
	doubleFn("signum", always(signum))
	registerScalar(&Scalar{Name: "log", Resolve: resolveDoubles("log", -2), Eval: evalLog})
	registerScalar(&Scalar{Name: "power", Resolve: resolveDoubles("power", 2), Eval: evalPow})
	registerScalar(&Scalar{Name: "pow", Resolve: resolveDoubles("pow", 2), Eval: evalPow})
	registerScalar(&Scalar{Name: "pi", Resolve: resolveConstDouble("pi"), Eval: evalConstDouble(math.Pi)})
	registerScalar(&Scalar{Name: "e", Resolve: resolveConstDouble("e"), Eval: evalConstDouble(math.E)})
	registerScalar(&Scalar{Name: "isnan", Resolve: resolveIsNaN, Eval: evalIsNaN})

	for _, r := range []rounding{
		{"round", modeHalfUp, true}, {"bround", modeHalfEven, true},
		{"floor", modeFloor, false}, {"ceil", modeCeil, false}, {"ceiling", modeCeil, false},
	} {
		registerScalar(&Scalar{Name: r.name, Resolve: r.resolve, Eval: r.eval})
	}
}

// resolveSignOp resolves negative, positive and abs: one numeric argument,
// result of the same type (DOUBLE for a STRING or NULL).
func resolveSignOp(name string, unary bool) func([]Arg) (value.Type, []value.Type, error) {
	return func(args []Arg) (value.Type, []value.Type, error) {
		if err := CheckArity(name, args, 1, 1); err != nil {
			return value.Type{}, nil, err
		}
		t, ok := numericParam(args[0])
		if !ok {
			sql := CallSQL(name, args)
			if unary {
				sql = "(- " + ArgSQL(args[0]) + ")"
			}
			return value.Type{}, nil, UnexpectedType(sql, 0, numericRequired, args[0])
		}
		return t, []value.Type{t}, nil
	}
}

func evalIdentity(_ *Context, _ value.Type, args []*value.Vector, _ int) (*value.Vector, error) {
	out := *args[0]
	return &out, nil
}

// negateOverflow is the error for negating (or taking abs of) an integral
// type's smallest value.
func negateOverflow(t value.Type, x int64) error {
	switch t.Kind {
	case value.BigInt:
		return ArithmeticOverflow("long overflow", "")
	case value.Int:
		return ArithmeticOverflow("integer overflow", "")
	}
	return ArithmeticOverflow("- "+value.IntOf(t, x).SQLLiteral()+" caused overflow", "")
}

func evalNegate(_ *Context, ret value.Type, args []*value.Vector, n int) (*value.Vector, error) {
	return signOp(ret, args[0], n, false)
}

func evalAbs(_ *Context, ret value.Type, args []*value.Vector, n int) (*value.Vector, error) {
	return signOp(ret, args[0], n, true)
}

// signOp computes -x, or |x| when abs is set, with ANSI overflow checks.
func signOp(t value.Type, x *value.Vector, n int, abs bool) (*value.Vector, error) {
	if x.Type.Kind == value.Void {
		return allNull(t, n), nil
	}
	out := &value.Vector{Type: t, Nulls: x.Nulls}
	switch t.Physical() {
	case value.PhysInt:
		lo, _ := t.IntegralBounds()
		out.I64 = make([]int64, n)
		for i, v := range x.I64[:n] {
			if abs && v >= 0 {
				out.I64[i] = v
				continue
			}
			if v == lo {
				return nil, negateOverflow(t, v)
			}
			out.I64[i] = -v
		}
	case value.PhysFloat:
		out.F64 = make([]float64, n)
		for i, v := range x.F64[:n] {
			if abs {
				out.F64[i] = math.Abs(v)
			} else {
				out.F64[i] = -v
			}
		}
	case value.PhysDecimal:
		out.Dec = make([]value.Int128, n)
		for i, v := range x.Dec[:n] {
			if abs {
				out.Dec[i] = v.Abs()
			} else {
				out.Dec[i] = v.Neg()
			}
		}
	}
	clearNullSlots(out) // -0.0 is not a zero slot
	return out, nil
}

// resolveDoubles resolves functions of DOUBLE arguments returning DOUBLE.
// arity < 0 means 1 to -arity arguments.
func resolveDoubles(name string, arity int) func([]Arg) (value.Type, []value.Type, error) {
	lo, hi := arity, arity
	if arity < 0 {
		lo, hi = 1, -arity
	}
	return func(args []Arg) (value.Type, []value.Type, error) {
		if err := CheckArity(name, args, lo, hi); err != nil {
			return value.Type{}, nil, err
		}
		casts := make([]value.Type, len(args))
		for i, a := range args {
			t, ok := paramCast(a, value.DoubleType)
			if !ok {
				return value.Type{}, nil, UnexpectedType(CallSQL(name, args), i, `"DOUBLE"`, a)
			}
			casts[i] = t
		}
		return value.DoubleType, casts, nil
	}
}

// evalDouble1 maps a one-argument DOUBLE function; f's false result is NULL.
func evalDouble1(f func(float64) (float64, bool)) func(*Context, value.Type, []*value.Vector, int) (*value.Vector, error) {
	return func(_ *Context, ret value.Type, args []*value.Vector, n int) (*value.Vector, error) {
		x := args[0]
		if x.Type.Kind == value.Void {
			return allNull(ret, n), nil
		}
		nulls := x.Nulls
		owned := false
		out := make([]float64, n)
		for i, v := range x.F64[:n] {
			if rowNull(nulls, i) {
				continue
			}
			r, ok := f(v)
			if !ok {
				if !owned {
					nulls, owned = ownNulls(nulls, n), true
				}
				nulls[i] = true
				continue
			}
			out[i] = r
		}
		return &value.Vector{Type: value.DoubleType, F64: out, Nulls: nulls}, nil
	}
}

// evalDouble2 maps a two-argument DOUBLE function; f's false result is NULL.
func evalDouble2(args []*value.Vector, n int, f func(x, y float64) (float64, bool)) *value.Vector {
	if anyVoid(args) {
		return allNull(value.DoubleType, n)
	}
	x, y := args[0], args[1]
	nulls := unionNulls(n, x, y)
	owned := false
	out := make([]float64, n)
	for i := range out {
		if rowNull(nulls, i) {
			continue
		}
		r, ok := f(x.F64[i], y.F64[i])
		if !ok {
			if !owned {
				nulls, owned = ownNulls(nulls, n), true
			}
			nulls[i] = true
			continue
		}
		out[i] = r
	}
	return &value.Vector{Type: value.DoubleType, F64: out, Nulls: nulls}
}

func evalLog(ctx *Context, ret value.Type, args []*value.Vector, n int) (*value.Vector, error) {
	if len(args) == 1 {
		return evalDouble1(func(x float64) (float64, bool) {
			if x <= 0 {
				return 0, false
			}
			return math.Log(x), true
		})(ctx, ret, args, n)
	}
	// log(base, x)
	return evalDouble2(args, n, func(b, x float64) (float64, bool) {
		if b <= 0 || x <= 0 {
			return 0, false
		}
		return math.Log(x) / math.Log(b), true
	}), nil
}

func evalPow(_ *Context, _ value.Type, args []*value.Vector, n int) (*value.Vector, error) {
	return evalDouble2(args, n, func(x, y float64) (float64, bool) { return javaPow(x, y), true }), nil
}

// javaPow is Math.pow: like math.Pow except that a NaN exponent, or ±1 to an
// infinite power, is NaN.
func javaPow(x, y float64) float64 {
	if math.IsNaN(y) || (math.Abs(x) == 1 && math.IsInf(y, 0)) {
		return math.NaN()
	}
	return math.Pow(x, y)
}

// signum is Math.signum.
func signum(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return x // ±0 and NaN
}

// log10 is fdlibm's __ieee754_log10 (Java's StrictMath.log10), which is
// exact at powers of ten, unlike math.Log10.
func log10(x float64) float64 {
	const (
		two54    = 1.80143985094819840000e+16
		ivln10   = 4.34294481903251816668e-01
		log2hi10 = 3.01029995663611771306e-01
		log2lo10 = 3.69423907715893078616e-13
	)
	bits := math.Float64bits(x)
	hx := int32(bits >> 32)
	k := int32(0)
	if hx < 0x00100000 { // subnormal (x > 0 here)
		k -= 54
		x *= two54
		bits = math.Float64bits(x)
		hx = int32(bits >> 32)
	}
	if hx >= 0x7ff00000 {
		return x + x
	}
	k += (hx >> 20) - 1023
	i := int32(uint32(k) >> 31)
	hx = (hx & 0x000fffff) | ((0x3ff - i) << 20)
	y := float64(k + i)
	x = math.Float64frombits(uint64(uint32(hx))<<32 | bits&0xffffffff)
	z := y*log2lo10 + ivln10*math.Log(x)
	return z + y*log2hi10
}

func resolveConstDouble(name string) func([]Arg) (value.Type, []value.Type, error) {
	return func(args []Arg) (value.Type, []value.Type, error) {
		if err := CheckArity(name, args, 0, 0); err != nil {
			return value.Type{}, nil, err
		}
		return value.DoubleType, nil, nil
	}
}

func evalConstDouble(c float64) func(*Context, value.Type, []*value.Vector, int) (*value.Vector, error) {
	return func(_ *Context, _ value.Type, _ []*value.Vector, n int) (*value.Vector, error) {
		return value.Constant(value.Float64(c), n), nil
	}
}

func resolveIsNaN(args []Arg) (value.Type, []value.Type, error) {
	if err := CheckArity("isnan", args, 1, 1); err != nil {
		return value.Type{}, nil, err
	}
	t, ok := paramCast(args[0], value.DoubleType)
	if !ok {
		return value.Type{}, nil, UnexpectedType(CallSQL("isnan", args), 0, `("DOUBLE" or "FLOAT")`, args[0])
	}
	return value.BooleanType, []value.Type{t}, nil
}

// evalIsNaN never returns NULL: isnan(NULL) is false.
func evalIsNaN(_ *Context, _ value.Type, args []*value.Vector, n int) (*value.Vector, error) {
	out := make([]int64, n)
	if x := args[0]; x.Type.Kind != value.Void {
		for i, v := range x.F64[:n] {
			out[i] = b2i(v != v && !rowNull(x.Nulls, i))
		}
	}
	return boolVector(out, nil), nil
}

// ---------------------------------------------------------------- rounding

type roundMode uint8

const (
	modeHalfUp roundMode = iota
	modeHalfEven
	modeFloor
	modeCeil
)

// rounding is round, bround, floor, ceil.
type rounding struct {
	name      string
	mode      roundMode
	withScale bool // round/bround take an optional scale
}

func (r rounding) resolve(args []Arg) (value.Type, []value.Type, error) {
	if err := CheckArity(r.name, args, 1, 2); err != nil {
		return value.Type{}, nil, err
	}
	sql := CallSQL(r.name, args)
	t, ok := numericParam(args[0])
	if !ok {
		return value.Type{}, nil, UnexpectedType(sql, 0, `"NUMERIC"`, args[0])
	}
	if !r.withScale && len(args) == 2 {
		// floor(x, d) and ceil(x, d) round a DECIMAL (Spark's RoundFloor and
		// RoundCeil take DECIMAL input), with round's result type.
		switch {
		case t.IsIntegral():
			lo, _ := t.IntegralBounds()
			t = value.DecimalType(len(strconv.FormatInt(-lo, 10)), 0)
		case t.Kind != value.Decimal:
			t = value.DecimalType(38, 18)
		}
	} else if !r.withScale {
		// floor/ceil: BIGINT for integral and floating input, DECIMAL(p-s+1, 0).
		switch {
		case t.Kind == value.Decimal && t.Scale == 0:
			return t, []value.Type{t}, nil
		case t.Kind == value.Decimal:
			p, s := ps(t)
			return boundedDecimal(p-s+1, 0), []value.Type{t}, nil
		case t.IsFloating():
			return value.BigIntType, []value.Type{value.DoubleType}, nil
		}
		return value.BigIntType, []value.Type{value.BigIntType}, nil
	}
	casts := []value.Type{t}
	scale := 0
	if len(args) == 2 {
		st, ok := paramCast(args[1], value.IntType)
		if !ok {
			return value.Type{}, nil, UnexpectedType(sql, 1, `"INT"`, args[1])
		}
		if args[1].Const == nil {
			return value.Type{}, nil, nonFoldable(sql, "`scale`", `"INT"`, args[1])
		}
		c, err := value.CastValue(*args[1].Const, value.IntType, false)
		if err != nil {
			return value.Type{}, nil, err
		}
		scale = int(c.I)
		casts = append(casts, st)
	}
	if t.Kind != value.Decimal {
		return t, casts, nil
	}
	p, s := ps(t)
	intDigits := p - s + 1
	if scale < 0 {
		return value.DecimalType(min(max(intDigits, -scale+1), maxPrecision), 0), casts, nil
	}
	ns := min(s, scale)
	return value.DecimalType(min(intDigits+ns, maxPrecision), ns), casts, nil
}

func (r rounding) eval(_ *Context, ret value.Type, args []*value.Vector, n int) (*value.Vector, error) {
	x := args[0]
	if anyVoid(args) {
		return allNull(ret, n), nil
	}
	scale := 0
	if len(args) == 2 && n > 0 {
		if args[1].IsNull(0) {
			return allNull(ret, n), nil
		}
		scale = int(args[1].I64[0])
	}
	withScale := r.withScale || len(args) == 2
	out := value.NewVector(ret, n)
	out.Nulls = x.Nulls
	switch {
	case !withScale && x.Type.Kind == value.Double:
		for i, v := range x.F64[:n] {
			if r.mode == modeFloor {
				v = math.Floor(v)
			} else {
				v = math.Ceil(v)
			}
			out.I64[i] = javaLong(v)
		}
	case !withScale && x.Type.IsIntegral():
		copy(out.I64, x.I64[:n])
	case x.Type.Kind == value.Decimal:
		var d decimalOps
		s := int(x.Type.Scale)
		for i, v := range x.Dec[:n] {
			res, ok := d.roundDecimal(v, s, scale, ret, r.mode, withScale)
			if !ok && !rowNull(x.Nulls, i) {
				return nil, decimalOutOfRange(v.DecimalString(s), ret)
			}
			out.Dec[i] = res
		}
	case x.Type.IsFloating():
		for i, v := range x.F64[:n] {
			out.F64[i] = roundFloat(v, scale, r.mode, x.Type.Kind == value.Float)
		}
	default: // integral with a scale
		if scale >= 0 {
			copy(out.I64, x.I64[:n])
			break
		}
		lo, hi := ret.IntegralBounds()
		for i, v := range x.I64[:n] {
			q, ok := roundInt(v, -scale, r.mode)
			if !ok || q < lo || q > hi {
				return nil, ArithmeticOverflow(overflowWord(ret), "")
			}
			out.I64[i] = q
		}
	}
	clearNullSlots(out)
	return out, nil
}

// overflowWord is Java's overflow message for an integral type.
func overflowWord(t value.Type) string {
	if t.Kind == value.BigInt {
		return "long overflow"
	}
	return "integer overflow"
}

// javaLong converts a DOUBLE to a long as Java's (long) cast does: NaN is 0
// and out-of-range values saturate.
func javaLong(f float64) int64 {
	switch {
	case f != f:
		return 0
	case f >= math.MaxInt64:
		return math.MaxInt64
	case f <= math.MinInt64:
		return math.MinInt64
	}
	return int64(f)
}

// roundInt rounds v to a multiple of 10^drop.
func roundInt(v int64, drop int, mode roundMode) (int64, bool) {
	if drop > 18 {
		b := new(big.Int).SetInt64(v)
		var d decimalOps
		d.roundMode(b, drop, 0, mode)
		b.Mul(b, d.pow10(drop))
		return b.Int64(), b.IsInt64()
	}
	p := int64(1)
	for range drop {
		p *= 10
	}
	q := roundDiv(v, p, mode)
	r := q * p
	if q != 0 && r/q != p {
		return 0, false
	}
	return r, true
}

// roundDiv divides v by p (> 0) rounding per mode.
func roundDiv(v, p int64, mode roundMode) int64 {
	q, r := v/p, v%p
	if r == 0 {
		return q
	}
	sign := int64(1)
	if v < 0 {
		sign = -1
	}
	ar := r
	if ar < 0 {
		ar = -ar
	}
	switch mode {
	case modeHalfUp:
		if 2*ar >= p {
			q += sign
		}
	case modeHalfEven:
		if 2*ar > p || (2*ar == p && q%2 != 0) {
			q += sign
		}
	case modeFloor:
		if r < 0 {
			q--
		}
	case modeCeil:
		if r > 0 {
			q++
		}
	}
	return q
}

// roundMode rounds the unscaled value v from scale `from` to `to` (to ≤
// from) per mode, in place.
func (d *decimalOps) roundMode(v *big.Int, from, to int, mode roundMode) {
	if to >= from {
		v.Mul(v, d.pow10(to-from))
		return
	}
	p := d.pow10(from - to)
	sign := v.Sign()
	d.r.QuoRem(v, p, &d.z) // truncated
	if d.z.Sign() == 0 {
		v.Set(&d.r)
		return
	}
	d.z.Abs(&d.z)
	d.z.Lsh(&d.z, 1)
	c := d.z.Cmp(p)
	up := false // away from zero
	switch mode {
	case modeHalfUp:
		up = c >= 0
	case modeHalfEven:
		up = c > 0 || (c == 0 && d.r.Bit(0) == 1)
	case modeFloor:
		up = sign < 0
	case modeCeil:
		up = sign > 0
	}
	v.Set(&d.r)
	if up {
		v.Add(v, big.NewInt(int64(sign)))
	}
}

// roundDecimal rounds an unscaled value of scale s to the given scale (round,
// bround) or to an integer (floor, ceil) and returns it at ret's scale.
func (d *decimalOps) roundDecimal(v value.Int128, s, scale int, ret value.Type, mode roundMode, withScale bool) (value.Int128, bool) {
	if !withScale {
		scale = 0
	}
	b := setBig(&d.x, v)
	if scale >= s {
		// Nothing to drop.
		return v.Rescale(s, int(ret.Scale))
	}
	d.roundMode(b, s, scale, mode)
	if scale < 0 {
		b.Mul(b, d.pow10(-scale))
	}
	return fit(b, int(ret.Precision))
}

// roundFloat rounds a FLOAT or DOUBLE as Spark does: through the decimal
// digits of its shortest representation (BigDecimal(d).setScale(…)).
func roundFloat(f float64, scale int, mode roundMode, isFloat bool) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return f
	}
	mant, exp, ok := decimalDigits(f)
	if !ok {
		return f
	}
	// f = mant × 10^exp; its scale is -exp.
	var d decimalOps
	from := -exp
	if scale < from {
		d.roundMode(mant, from, scale, mode)
		from = scale
	}
	s := plain(mant, max(from, 0))
	if from < 0 {
		s += zeros(-from)
	}
	r, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return f
	}
	if isFloat {
		return value.RoundFloat32(r)
	}
	return r
}

func zeros(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '0'
	}
	return string(b)
}

// decimalDigits splits f into an integer mantissa and a power of ten using
// the shortest decimal representation that round-trips.
func decimalDigits(f float64) (*big.Int, int, bool) {
	s := strconv.FormatFloat(f, 'e', -1, 64) // -d.ddde±xx
	mant, exp := s, 0
	for i := 0; i < len(s); i++ {
		if s[i] == 'e' {
			mant = s[:i]
			e, err := strconv.Atoi(s[i+1:])
			if err != nil {
				return nil, 0, false
			}
			exp = e
			break
		}
	}
	digitsOnly := make([]byte, 0, len(mant))
	frac := 0
	seenPoint := false
	for i := 0; i < len(mant); i++ {
		c := mant[i]
		switch {
		case c == '.':
			seenPoint = true
		case c >= '0' && c <= '9':
			digitsOnly = append(digitsOnly, c)
			if seenPoint {
				frac++
			}
		}
	}
	b, ok := new(big.Int).SetString(string(digitsOnly), 10)
	if !ok {
		return nil, 0, false
	}
	if f < 0 {
		b.Neg(b)
	}
	return b, exp - frac, true
}
