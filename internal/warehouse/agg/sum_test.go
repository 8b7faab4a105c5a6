package agg

import (
	"math"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// Result types from the Databricks sum and avg documentation and Spark's
// Sum and Average (DecimalType.bounded).
func TestSumAvgTypes(t *testing.T) {
	tests := []struct {
		fn       string
		in       value.Type
		wantRet  value.Type
		wantCast value.Type
	}{
		{"sum", value.TinyIntType, value.BigIntType, value.TinyIntType},
		{"sum", value.IntType, value.BigIntType, value.IntType},
		{"sum", value.BigIntType, value.BigIntType, value.BigIntType},
		{"sum", value.FloatType, value.DoubleType, value.FloatType},
		{"sum", value.DoubleType, value.DoubleType, value.DoubleType},
		{"sum", value.DecimalType(10, 2), value.DecimalType(20, 2), value.DecimalType(10, 2)},
		{"sum", value.DecimalType(30, 5), value.DecimalType(38, 5), value.DecimalType(30, 5)},
		{"sum", value.StringType, value.DoubleType, value.DoubleType},
		{"sum", value.VoidType, value.DoubleType, value.DoubleType},
		{"avg", value.IntType, value.DoubleType, value.IntType},
		{"avg", value.BigIntType, value.DoubleType, value.BigIntType},
		{"avg", value.DoubleType, value.DoubleType, value.DoubleType},
		{"avg", value.DecimalType(10, 2), value.DecimalType(14, 6), value.DecimalType(10, 2)},
		{"avg", value.DecimalType(36, 2), value.DecimalType(38, 6), value.DecimalType(36, 2)},
		{"avg", value.DecimalType(38, 36), value.DecimalType(38, 38), value.DecimalType(38, 36)},
		{"mean", value.SmallIntType, value.DoubleType, value.SmallIntType},
		{"avg", value.StringType, value.DoubleType, value.DoubleType},
	}
	for _, tt := range tests {
		t.Run(tt.fn+"("+tt.in.String()+")", func(t *testing.T) {
			_, ret, casts := resolved(t, tt.fn, []fn.Arg{col(tt.in)}, false)
			assert.Equal(t, tt.wantRet, ret)
			assert.Equal(t, []value.Type{tt.wantCast}, casts)
		})
	}
}

func TestSum(t *testing.T) {
	ints := []fn.Arg{col(value.IntType)}
	// Databricks sum examples: (5), (10), (15) → 30; (NULL), (10), (15) → 25;
	// (NULL), (NULL) → NULL.
	assert.Equal(t, bigint(30), mustAggregate(t, "sum", ints, false, []*value.Vector{vec(value.IntType, 5, 10, 15)}))
	assert.Equal(t, bigint(25), mustAggregate(t, "sum", ints, false, []*value.Vector{vec(value.IntType, nil, 10, 15)}))
	assert.Equal(t, null(value.BigIntType), mustAggregate(t, "sum", ints, false, []*value.Vector{vec(value.IntType, nil, nil)}))
	assert.Equal(t, null(value.BigIntType), mustAggregate(t, "sum", ints, false), "no rows")
	// sum(DISTINCT): (5), (10), (10), (NULL) → 15.
	assert.Equal(t, bigint(15), mustAggregate(t, "sum", ints, true, []*value.Vector{vec(value.IntType, 5, 10, 10, nil)}))

	// Several batches.
	assert.Equal(t, bigint(6), mustAggregate(t, "sum", ints, false,
		[]*value.Vector{vec(value.IntType, 1, 2)}, []*value.Vector{vec(value.IntType, 3)}))

	// DOUBLE sums add in row order, with Java's rounding: 0.1 + 0.2 + 0.3 is
	// 0.6000000000000001.
	dbl := []fn.Arg{col(value.DoubleType)}
	assert.Equal(t, double(0.6000000000000001), mustAggregate(t, "sum", dbl, false, []*value.Vector{vec(value.DoubleType, 0.1, 0.2, nil, 0.3)}))

	// DECIMAL(10,2): 1.25 + 2.50 = 3.75 as DECIMAL(20,2).
	d := []fn.Arg{col(value.DecimalType(10, 2))}
	assert.Equal(t, dec(375, 20, 2), mustAggregate(t, "sum", d, false, []*value.Vector{vec(value.DecimalType(10, 2), 125, nil, 250)}))
}

// try_sum's documented overflow example, (9223372036854775807L), (1L), is
// an ARITHMETIC_OVERFLOW for sum in ANSI mode.
func TestSumOverflow(t *testing.T) {
	args := []fn.Arg{col(value.BigIntType)}
	_, err := aggregate(t, "sum", args, false, []*value.Vector{vec(value.BigIntType, int64(math.MaxInt64), 1)})
	require.Error(t, err)
	assert.ErrorIs(t, err, &errclass.Error{Class: "ARITHMETIC_OVERFLOW"})
	assert.Contains(t, err.Error(), "long overflow")
	assert.Contains(t, err.Error(), "SQLSTATE: 22003")

	// Negative overflow, grouped, and with NULLs.
	got := aggregateGroupsErr(t, "sum", args, 2, grouped{
		[]*value.Vector{vec(value.BigIntType, int64(math.MinInt64), nil, 5, -1)}, []uint32{0, 0, 1, 0}, 2})
	assert.ErrorIs(t, got, &errclass.Error{Class: "ARITHMETIC_OVERFLOW"})

	// Decimal: DECIMAL(38,0) sums stay DECIMAL(38,0) and overflow.
	big38, _ := value.Int128FromBig(new(big.Int).Sub(new(big.Int).Exp(big.NewInt(10), big.NewInt(38), nil), big.NewInt(1)))
	t38 := value.DecimalType(38, 0)
	_, err = aggregate(t, "sum", []fn.Arg{col(t38)}, false, []*value.Vector{vec(t38, big38, 1)})
	require.Error(t, err)
	assert.ErrorIs(t, err, &errclass.Error{Class: "ARITHMETIC_OVERFLOW"})
	assert.Contains(t, err.Error(), "Overflow in sum of decimals")
	_, err = aggregate(t, "avg", []fn.Arg{col(t38)}, false, []*value.Vector{vec(t38, big38, big38)})
	assert.ErrorIs(t, err, &errclass.Error{Class: "ARITHMETIC_OVERFLOW"})

	// avg(DECIMAL(36,0)) is DECIMAL(38,4): a 36-digit mean does not fit.
	big36, _ := value.Int128FromBig(new(big.Int).Sub(new(big.Int).Exp(big.NewInt(10), big.NewInt(36), nil), big.NewInt(1)))
	t36 := value.DecimalType(36, 0)
	_, err = aggregate(t, "avg", []fn.Arg{col(t36)}, false, []*value.Vector{vec(t36, big36)})
	require.Error(t, err)
	assert.ErrorIs(t, err, &errclass.Error{Class: "NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION"})
}

func aggregateGroupsErr(t *testing.T, name string, args []fn.Arg, ngroups int, calls ...grouped) error {
	t.Helper()
	a, ret, casts := resolved(t, name, args, false)
	resolvedArgs := castArgs(args, casts)
	acc := a.New(ret, resolvedArgs, false)
	for _, c := range calls {
		n := len(c.groups)
		if err := acc.Update(fill(resolvedArgs, c.args, n), n, c.groups, c.ngroups); err != nil {
			return err
		}
	}
	_, err := acc.Result(ngroups)
	return err
}

func TestAvg(t *testing.T) {
	ints := []fn.Arg{col(value.IntType)}
	// Databricks avg examples: (1), (2), (3) → 2.0; (1), (2), (NULL) → 1.5.
	assert.Equal(t, double(2), mustAggregate(t, "avg", ints, false, []*value.Vector{vec(value.IntType, 1, 2, 3)}))
	assert.Equal(t, double(1.5), mustAggregate(t, "avg", ints, false, []*value.Vector{vec(value.IntType, 1, 2, nil)}))
	assert.Equal(t, null(value.DoubleType), mustAggregate(t, "avg", ints, false), "no rows")
	// avg(DISTINCT): (1), (1), (2) → 1.5.
	assert.Equal(t, double(1.5), mustAggregate(t, "avg", ints, true, []*value.Vector{vec(value.IntType, 1, 1, 2)}))

	// avg over integers adds DOUBLEs: a BIGINT sum beyond 2^63 is no error.
	big := []fn.Arg{col(value.BigIntType)}
	assert.Equal(t, double(math.MaxInt64), mustAggregate(t, "avg", big, false,
		[]*value.Vector{vec(value.BigIntType, int64(math.MaxInt64), int64(math.MaxInt64))}))

	// DECIMAL(10,2) → DECIMAL(14,6), rounded half up: (1.00 + 2.00 + 2.00)/3
	// = 1.666667; (0.01 + 0.02)/2 = 0.015000.
	d := value.DecimalType(10, 2)
	assert.Equal(t, dec(1666667, 14, 6), mustAggregate(t, "avg", []fn.Arg{col(d)}, false, []*value.Vector{vec(d, 100, 200, 200)}))
	assert.Equal(t, dec(15000, 14, 6), mustAggregate(t, "avg", []fn.Arg{col(d)}, false, []*value.Vector{vec(d, 1, nil, 2)}))
	assert.Equal(t, dec(-1666667, 14, 6), mustAggregate(t, "avg", []fn.Arg{col(d)}, false, []*value.Vector{vec(d, -100, -200, -200)}))
	assert.Equal(t, null(value.DecimalType(14, 6)), mustAggregate(t, "avg", []fn.Arg{col(d)}, false, []*value.Vector{vec(d, nil)}))
}

func TestSumAvgGrouped(t *testing.T) {
	args := []fn.Arg{col(value.BigIntType)}
	calls := []grouped{
		{[]*value.Vector{vec(value.BigIntType, 1, 2, nil)}, []uint32{0, 1, 1}, 2},
		{[]*value.Vector{vec(value.BigIntType, 10, 20, 30)}, []uint32{2, 0, 2}, 3},
	}
	assert.Equal(t, []value.Value{bigint(21), bigint(2), bigint(40), null(value.BigIntType)},
		aggregateGroups(t, "sum", args, false, 4, calls...))
	assert.Equal(t, []value.Value{double(10.5), double(2), double(20), null(value.DoubleType)},
		aggregateGroups(t, "avg", args, false, 4, calls...))

	d := value.DecimalType(5, 1)
	dcalls := []grouped{
		{[]*value.Vector{vec(d, 15, 25)}, []uint32{1, 0}, 2},
		{[]*value.Vector{vec(d, 10)}, []uint32{1}, 2},
	}
	assert.Equal(t, []value.Value{dec(25, 15, 1), dec(25, 15, 1)}, aggregateGroups(t, "sum", []fn.Arg{col(d)}, false, 2, dcalls...))
	assert.Equal(t, []value.Value{dec(250000, 9, 5), dec(125000, 9, 5)}, aggregateGroups(t, "avg", []fn.Arg{col(d)}, false, 2, dcalls...))

	f := []fn.Arg{col(value.DoubleType)}
	assert.Equal(t, []value.Value{double(4), null(value.DoubleType)},
		aggregateGroups(t, "avg", f, false, 2, grouped{[]*value.Vector{vec(value.DoubleType, 3.0, 5.0, nil)}, []uint32{0, 0, 1}, 2}))
}
