package agg

import (
	"strconv"
	"testing"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

const (
	benchRows  = 1 << 20 // about a million rows
	benchChunk = 1 << 16 // rows per stored chunk
)

// benchColumn returns benchRows rows of type t in chunks, every 16th row
// NULL when withNulls.
func benchColumn(t value.Type, withNulls bool) []*value.Vector {
	var chunks []*value.Vector
	for lo := 0; lo < benchRows; lo += benchChunk {
		v := value.NewVector(t, benchChunk)
		for i := range benchChunk {
			x := int64((lo + i) * 2654435761 % 1000003)
			switch t.Physical() {
			case value.PhysInt:
				v.I64[i] = x
			case value.PhysFloat:
				v.F64[i] = float64(x) / 7
			case value.PhysDecimal:
				v.Dec[i] = value.Int128From(x)
			case value.PhysString:
				v.Str[i] = "k" + strconv.FormatInt(x, 10)
			}
			if withNulls && i%16 == 0 {
				v.SetNull(i)
			}
		}
		chunks = append(chunks, v)
	}
	return chunks
}

func newAcc(b *testing.B, name string, args []fn.Arg) Accumulator {
	a, _ := Lookup(name)
	ret, _, err := a.Resolve(args, false)
	if err != nil {
		b.Fatal(err)
	}
	return a.New(ret, args, false)
}

func runAcc(b *testing.B, acc Accumulator, chunks []*value.Vector, groups []uint32, ngroups int) {
	for _, c := range chunks {
		var args []*value.Vector
		if c != nil {
			args = []*value.Vector{c}
		}
		if err := acc.Update(args, benchChunk, groups, ngroups); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := acc.Result(max(ngroups, 1)); err != nil {
		b.Fatal(err)
	}
}

func benchOne(b *testing.B, name string, t value.Type, withNulls bool) {
	chunks := benchColumn(t, withNulls)
	args := []fn.Arg{col(t)}
	b.ReportAllocs()
	for b.Loop() {
		runAcc(b, newAcc(b, name, args), chunks, nil, 1)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchRows), "ns/row")
}

func BenchmarkMinMaxBigInt1M(b *testing.B) {
	chunks := benchColumn(value.BigIntType, false)
	args := []fn.Arg{col(value.BigIntType)}
	b.ReportAllocs()
	for b.Loop() {
		runAcc(b, newAcc(b, "min", args), chunks, nil, 1)
		runAcc(b, newAcc(b, "max", args), chunks, nil, 1)
	}
}

func BenchmarkMaxDouble1M(b *testing.B)    { benchOne(b, "max", value.DoubleType, false) }
func BenchmarkMinString1M(b *testing.B)    { benchOne(b, "min", value.StringType, false) }
func BenchmarkMaxDecimal1M(b *testing.B)   { benchOne(b, "max", value.DecimalType(18, 2), false) }
func BenchmarkMinIntNulls1M(b *testing.B)  { benchOne(b, "min", value.IntType, true) }
func BenchmarkCountNulls1M(b *testing.B)   { benchOne(b, "count", value.BigIntType, true) }
func BenchmarkSumBigInt1M(b *testing.B)    { benchOne(b, "sum", value.BigIntType, false) }
func BenchmarkSumDecimal1M(b *testing.B)   { benchOne(b, "sum", value.DecimalType(18, 2), false) }
func BenchmarkAvgDouble1M(b *testing.B)    { benchOne(b, "avg", value.DoubleType, false) }
func BenchmarkStddevDouble1M(b *testing.B) { benchOne(b, "stddev", value.DoubleType, false) }
func BenchmarkApproxDistinctInt1M(b *testing.B) {
	benchOne(b, "approx_count_distinct", value.IntType, false)
}

// BenchmarkProfile10x1M is the engine's profile benchmark at the aggregate
// level: count(*), and count(c), min(c), max(c) for each of 10 columns (two
// each of BIGINT, INT, DOUBLE, STRING, DATE/DECIMAL, some with NULLs) over
// about a million rows. The budget for the whole query is 300 ms.
func BenchmarkProfile10x1M(b *testing.B) {
	types := []value.Type{value.BigIntType, value.IntType, value.DoubleType, value.StringType, value.DateType,
		value.BigIntType, value.IntType, value.DoubleType, value.StringType, value.DecimalType(12, 2)}
	cols := make([][]*value.Vector, len(types))
	for i, t := range types {
		cols[i] = benchColumn(t, i%2 == 1)
	}
	star := make([]*value.Vector, benchRows/benchChunk)
	b.ReportAllocs()
	for b.Loop() {
		runAcc(b, newAcc(b, "count", nil), star, nil, 1)
		for i, t := range types {
			args := []fn.Arg{col(t)}
			for _, name := range []string{"count", "min", "max"} {
				runAcc(b, newAcc(b, name, args), cols[i], nil, 1)
			}
		}
	}
}

// BenchmarkGroupedSum1M sums a BIGINT column into 1,000 groups.
func BenchmarkGroupedSum1M(b *testing.B) {
	chunks := benchColumn(value.BigIntType, false)
	groups := make([]uint32, benchChunk)
	for i := range groups {
		groups[i] = uint32(i*7919) % 1000
	}
	args := []fn.Arg{col(value.BigIntType)}
	b.ReportAllocs()
	for b.Loop() {
		runAcc(b, newAcc(b, "sum", args), chunks, groups, 1000)
	}
}
