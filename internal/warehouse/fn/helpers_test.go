package fn

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// Literal shorthands, typed as Spark types SQL literals (§5.2 of the spec).
func i32v(v int64) value.Value { return value.IntOf(value.IntType, v) }
func i64v(v int64) value.Value { return value.Int64(v) }
func i8v(v int64) value.Value  { return value.IntOf(value.TinyIntType, v) }
func i16v(v int64) value.Value { return value.IntOf(value.SmallIntType, v) }
func f64v(v float64) value.Value {
	return value.Float64(v)
}
func strv(s string) value.Value { return value.Str(s) }
func boolv(b bool) value.Value  { return value.Bool(b) }
func nullv() value.Value        { return value.NullOf(value.VoidType) }

// decv parses a decimal literal such as "1.50" as DECIMAL(p,s) with the
// literal's own precision and scale, as the SQL parser types 1.50.
func decv(t *testing.T, s string) value.Value {
	t.Helper()
	digits, scale := 0, 0
	seenPoint, leading := false, true
	for _, c := range s {
		switch {
		case c == '.':
			seenPoint = true
		case c >= '0' && c <= '9':
			if seenPoint {
				scale++
			}
			if c == '0' && leading && !seenPoint {
				continue // leading zeros of the integer part do not count
			}
			leading = false
			digits++
		}
	}
	p := max(digits, scale, 1)
	v, err := value.CastValue(value.Str(s), value.DecimalType(p, scale), false)
	require.NoError(t, err)
	return v
}

// decT is a DECIMAL(p,s) value.
func decT(t *testing.T, s string, p, scale int) value.Value {
	t.Helper()
	v, err := value.CastValue(value.Str(s), value.DecimalType(p, scale), false)
	require.NoError(t, err)
	return v
}

func datev(t *testing.T, s string) value.Value {
	t.Helper()
	d, ok := value.ParseDate(s)
	require.True(t, ok, s)
	return value.IntOf(value.DateType, d)
}

func tsv(t *testing.T, s string) value.Value {
	t.Helper()
	us, ok := value.ParseTimestamp(s, time.UTC)
	require.True(t, ok, s)
	return value.IntOf(value.TimestampType, us)
}

// testCtx is the evaluation context of the tests: a fixed clock in UTC.
var testCtx = &Context{
	Now:      time.Date(2024, 3, 15, 10, 30, 45, 123456000, time.UTC),
	Location: time.UTC,
	Catalog:  "main",
	Schema:   "sales",
	User:     "alf@melmak.et",
}

// bind resolves name over constant arguments and builds the argument
// vectors of n rows, cast as the analyzer casts them.
func bind(t *testing.T, name string, vals []value.Value, n int) (*Scalar, value.Type, []*value.Vector, error) {
	t.Helper()
	s, ok := LookupScalar(name)
	require.True(t, ok, "function %s is not registered", name)
	args := make([]Arg, len(vals))
	for i := range vals {
		v := vals[i]
		args[i] = Arg{Type: v.Type, Const: &v}
	}
	ret, casts, err := s.Resolve(args)
	if err != nil {
		return nil, value.Type{}, nil, err
	}
	require.Len(t, casts, len(vals))
	vecs := make([]*value.Vector, len(vals))
	for i, v := range vals {
		vec := value.Constant(v, n)
		if casts[i] != v.Type {
			vec, err = value.Cast(vec, casts[i], false)
			if err != nil {
				return nil, ret, nil, err
			}
		}
		vecs[i] = vec
	}
	return s, ret, vecs, nil
}

// call evaluates name over constant arguments and returns the single row.
func call(t *testing.T, name string, vals ...value.Value) (value.Value, value.Type, error) {
	t.Helper()
	s, ret, vecs, err := bind(t, name, vals, 1)
	if err != nil {
		return value.Value{}, ret, err
	}
	out, err := s.Eval(testCtx, ret, vecs, 1)
	if err != nil {
		return value.Value{}, ret, err
	}
	require.Equal(t, 1, out.Len())
	require.Equal(t, ret, out.Type, "Eval returned a different type than Resolve")
	return out.Get(0), ret, nil
}

// evalCols evaluates name over column arguments (no constants), cast as the
// analyzer would.
func evalCols(t *testing.T, name string, cols ...*value.Vector) (*value.Vector, error) {
	t.Helper()
	s, ok := LookupScalar(name)
	require.True(t, ok, "function %s is not registered", name)
	args := make([]Arg, len(cols))
	for i, c := range cols {
		args[i] = Arg{Type: c.Type}
	}
	ret, casts, err := s.Resolve(args)
	if err != nil {
		return nil, err
	}
	n := 0
	if len(cols) > 0 {
		n = cols[0].Len()
	}
	vecs := make([]*value.Vector, len(cols))
	for i, c := range cols {
		vecs[i] = c
		if casts[i] != c.Type {
			if vecs[i], err = value.Cast(c, casts[i], false); err != nil {
				return nil, err
			}
		}
	}
	out, err := s.Eval(testCtx, ret, vecs, n)
	if err != nil {
		return nil, err
	}
	require.Equal(t, ret, out.Type)
	require.Equal(t, n, out.Len())
	return out, nil
}

// col builds a column from values of one type (NULL entries typed t).
func col(t value.Type, vals ...value.Value) *value.Vector {
	b := value.NewBuilder(t, len(vals))
	for _, v := range vals {
		if v.Null {
			v = value.NullOf(t)
		}
		v.Type = t
		b.Append(v)
	}
	return b.Build()
}

// strings renders a vector row by row as CAST(x AS STRING) does.
func rows(v *value.Vector) []string {
	out := make([]string, v.Len())
	for i := range out {
		out[i] = v.Get(i).String()
	}
	return out
}

// errClass returns the error class of err, or "" when err is nil.
func errClass(err error) string {
	var e *errclass.Error
	if errors.As(err, &e) {
		return e.Class
	}
	if err != nil {
		return "non-errclass: " + err.Error()
	}
	return ""
}

// caseT is one row of the table tests: a call with constant arguments and
// either its result (rendered as a string, "NULL" for NULL) and result type,
// or its error class.
type caseT struct {
	name string
	fn   string
	args []value.Value
	want string
	typ  string // result type, as Type.String(); "" to skip
	err  string // error class
}

func runCases(t *testing.T, cases []caseT) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ret, err := call(t, tc.fn, tc.args...)
			if tc.err != "" {
				require.Error(t, err)
				assert.Equal(t, tc.err, errClass(err), err.Error())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.String())
			if tc.typ != "" {
				assert.Equal(t, tc.typ, ret.String())
			}
		})
	}
}
