package value

import (
	"time"
)

// caster carries one vector cast. The output shares the input's null mask
// until a row turns NULL (TRY_CAST, or Spark's NULL-producing casts); then
// it gets a private copy. Input vectors are never written.
type caster struct {
	src    *Vector
	to     Type
	try    bool
	loc    *time.Location
	insert bool   // store assignment: overflow errors name column
	column string // the target column, for insert
	out    *Vector
	owned  bool // out.Nulls is private
}

// fail handles a row that could not be converted: NULL when tolerated,
// otherwise the error.
func (c *caster) fail(i int, f castFail) error {
	if f == failNull || (c.try && f.tolerable()) {
		c.setNull(i)
		return nil
	}
	return castError(c.src.Get(i), c.to, f, c.loc, c.insert, c.column)
}

func (c *caster) setNull(i int) {
	if !c.owned {
		m := make([]bool, c.src.Len())
		copy(m, c.src.Nulls)
		c.out.Nulls = m
		c.owned = true
	}
	c.out.SetNull(i)
}

// put stores a converted value at row i of the output.
func (c *caster) put(i int, x Value) {
	switch c.to.Physical() {
	case PhysInt:
		c.out.I64[i] = x.I
	case PhysFloat:
		c.out.F64[i] = x.F
	case PhysDecimal:
		c.out.Dec[i] = x.D
	case PhysString:
		c.out.Str[i] = x.S
	}
}

// shareAs returns a vector of type to over v's storage (vectors are
// immutable, so sharing is safe).
func shareAs(v *Vector, to Type) *Vector {
	return &Vector{Type: to, Nulls: v.Nulls, I64: v.I64, F64: v.F64, Dec: v.Dec, Str: v.Str}
}

// castVector is Cast with a session time zone and, for store assignment,
// the target column.
func castVector(v *Vector, to Type, try bool, loc *time.Location, insert bool, column string) (*Vector, error) {
	from := v.Type
	if from == to {
		return v, nil
	}
	n := v.Len()
	if from.Kind == Void {
		return Constant(NullOf(to), n), nil
	}
	if !CanCast(from, to) {
		return nil, CastMismatchError("CAST("+from.SQLName()+" AS "+to.String()+")", from, to, try)
	}
	if w, ok := shareable(v, to); ok {
		return w, nil
	}
	c := &caster{src: v, to: to, try: try, loc: loc, insert: insert, column: column}
	c.out = NewVector(to, n)
	c.out.Nulls = v.Nulls
	var err error
	switch {
	case to.Kind == String:
		c.toString()
	case from.Physical() == PhysInt && from.Kind != Date && from.Kind != Timestamp:
		err = c.fromInt()
	case from.Physical() == PhysFloat:
		err = c.fromFloat()
	case from.Kind == Decimal:
		err = c.fromDecimal()
	case from.Kind == String:
		err = c.fromString()
	default:
		err = c.generic()
	}
	if err != nil {
		return nil, err
	}
	return c.out, nil
}

// shareable handles casts that change only the type: widening integrals,
// BOOLEAN to an integral, FLOAT to DOUBLE, a decimal to a wider one with
// the same scale, and narrowing integrals when no row is out of range.
func shareable(v *Vector, to Type) (*Vector, bool) {
	from := v.Type
	switch {
	case (from.IsIntegral() || from.Kind == Boolean) && to.IsIntegral():
		if from.Kind != Boolean && from.Kind > to.Kind {
			lo, hi := to.IntegralBounds()
			for _, x := range v.I64 {
				if x < lo || x > hi {
					return nil, false
				}
			}
		}
		return shareAs(v, to), true
	case from.Kind == Float && to.Kind == Double:
		return shareAs(v, to), true
	case from.Kind == Decimal && to.Kind == Decimal && from.Scale == to.Scale && to.Precision >= from.Precision:
		return shareAs(v, to), true
	}
	return nil, false
}

// convert sets out[i] to the conversion of in[i], handing the rows that
// fail to c.fail; the rows skip marks (the input's null mask, for
// conversions that must not see a NULL row's placeholder, or nil) are left
// alone.
func convert[S, D any](c *caster, in []S, out []D, skip []bool, conv func(S) (D, castFail)) error {
	for i, x := range in {
		if skip != nil && skip[i] {
			continue
		}
		r, f := conv(x)
		if f != castOK {
			if err := c.fail(i, f); err != nil {
				return err
			}
			continue
		}
		out[i] = r
	}
	return nil
}

// failUnless is castOK when ok, f otherwise.
func failUnless(ok bool, f castFail) castFail {
	if ok {
		return castOK
	}
	return f
}

// generic converts row by row through castOne.
func (c *caster) generic() error {
	v := c.src
	for i, n := 0, v.Len(); i < n; i++ {
		if v.IsNull(i) {
			continue
		}
		r, f := castOne(v.Get(i), c.to, c.loc)
		if f != castOK {
			if err := c.fail(i, f); err != nil {
				return err
			}
			continue
		}
		c.put(i, r)
	}
	return nil
}

// fromInt converts BOOLEAN and integral vectors (other than the shared
// cases) with tight loops.
func (c *caster) fromInt() error {
	in := c.src.I64
	to := c.to
	switch to.Kind {
	case TinyInt, SmallInt, Int, BigInt:
		lo, hi := to.IntegralBounds()
		out := c.out.I64
		for i, x := range in {
			if x < lo || x > hi {
				if err := c.fail(i, failOverflow); err != nil {
					return err
				}
				continue
			}
			out[i] = x
		}
	case Boolean:
		out := c.out.I64
		for i, x := range in {
			if x != 0 {
				out[i] = 1
			}
		}
	case Double:
		out := c.out.F64
		for i, x := range in {
			out[i] = float64(x)
		}
	case Float:
		out := c.out.F64
		for i, x := range in {
			out[i] = float64(float32(x))
		}
	case Decimal:
		p, s := int(to.Precision), int(to.Scale)
		out := c.out.Dec
		if p <= 18 {
			bound, m := pow10i64[p-s], pow10i64[s]
			for i, x := range in {
				if x >= bound || x <= -bound {
					if err := c.fail(i, failDecimal); err != nil {
						return err
					}
					continue
				}
				out[i] = Int128From(x * m)
			}
			return nil
		}
		return convert(c, in, out, nil, func(x int64) (Int128, castFail) { return intToDecimal(x, p, s) })
	default:
		return c.generic()
	}
	return nil
}

// fromFloat converts FLOAT and DOUBLE vectors.
func (c *caster) fromFloat() error {
	in := c.src.F64
	to := c.to
	switch to.Kind {
	case TinyInt, SmallInt, Int, BigInt:
		lo, hi := to.IntegralBounds()
		out := c.out.I64
		return convert(c, in, out, nil, func(x float64) (int64, castFail) {
			r, ok := floatToIntegral(x, lo, hi)
			return r, failUnless(ok, failOverflow)
		})
	case Float:
		out := c.out.F64
		for i, x := range in {
			out[i] = float64(float32(x))
		}
	case Boolean:
		out := c.out.I64
		for i, x := range in {
			if x != 0 {
				out[i] = 1
			}
		}
	case Decimal:
		p, s := int(to.Precision), int(to.Scale)
		out := c.out.Dec
		return convert(c, in, out, c.src.Nulls, func(x float64) (Int128, castFail) { return doubleToDecimal(x, p, s) })
	default:
		return c.generic()
	}
	return nil
}

// fromDecimal converts DECIMAL vectors.
func (c *caster) fromDecimal() error {
	in := c.src.Dec
	from, to := c.src.Type, c.to
	scale := int(from.Scale)
	switch to.Kind {
	case Decimal:
		out := c.out.Dec
		return convert(c, in, out, nil, func(x Int128) (Int128, castFail) { return decimalToDecimal(x, from, to) })
	case TinyInt, SmallInt, Int, BigInt:
		lo, hi := to.IntegralBounds()
		out := c.out.I64
		return convert(c, in, out, nil, func(x Int128) (int64, castFail) {
			r, ok := decimalToIntegral(x, scale, lo, hi)
			return r, failUnless(ok, failOverflow)
		})
	case Float, Double:
		bits := 64
		if to.Kind == Float {
			bits = 32
		}
		out := c.out.F64
		for i, x := range in {
			out[i] = decimalToFloat(x, scale, bits)
		}
	case Boolean:
		out := c.out.I64
		for i, x := range in {
			if x.Sign() != 0 {
				out[i] = 1
			}
		}
	default:
		return c.generic()
	}
	return nil
}

// fromString parses STRING vectors into integral, floating point and DATE
// vectors directly; other targets go through castOne.
func (c *caster) fromString() error {
	in := c.src.Str
	nulls := c.src.Nulls
	to := c.to
	switch to.Kind {
	case TinyInt, SmallInt, Int, BigInt:
		lo, hi := to.IntegralBounds()
		out := c.out.I64
		// A tight loop rather than convert: the common STRING to BIGINT
		// cast is hot (BenchmarkCastStringToBigInt).
		for i, s := range in {
			if nulls != nil && nulls[i] {
				continue
			}
			r, ok := parseIntegral(s, lo, hi)
			if !ok {
				if err := c.fail(i, failInvalid); err != nil {
					return err
				}
				continue
			}
			out[i] = r
		}
		return nil
	case Float, Double:
		bits := 64
		if to.Kind == Float {
			bits = 32
		}
		out := c.out.F64
		return convert(c, in, out, nulls, func(s string) (float64, castFail) {
			r, ok := parseJavaDouble(s, bits)
			return r, failUnless(ok, failInvalid)
		})
	case Date:
		out := c.out.I64
		return convert(c, in, out, nulls, func(s string) (int64, castFail) {
			r, ok := parseDate(s)
			return r, failUnless(ok, failInvalid)
		})
	default:
		return c.generic()
	}
}

// toString renders every row into one buffer and slices the strings out of
// a single conversion, so a vector costs three allocations, not one per row.
func (c *caster) toString() {
	v := c.src
	n := v.Len()
	ends := make([]int, n)
	buf := make([]byte, 0, 12*n)
	for i := range n {
		if !v.IsNull(i) {
			buf = appendValue(buf, v.Get(i), c.loc)
		}
		ends[i] = len(buf)
	}
	all := string(buf)
	out := c.out.Str
	start := 0
	for i, e := range ends {
		out[i] = all[start:e]
		start = e
	}
}
