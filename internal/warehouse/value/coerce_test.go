package value

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

var allTypes = []Type{
	VoidType, BooleanType, TinyIntType, SmallIntType, IntType, BigIntType, FloatType, DoubleType,
	DecimalType(10, 2), StringType, DateType, TimestampType,
}

// TestCanCastMatrix checks Spark's Cast.canAnsiCast restricted to the fake's
// types; rows are sources, columns targets in allTypes order.
func TestCanCastMatrix(t *testing.T) {
	//                    VOID BOOL TINY SMALL INT BIG FLT DBL DEC STR DATE TS
	want := map[Kind][12]int{
		Void:      {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
		Boolean:   {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0},
		TinyInt:   {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1},
		SmallInt:  {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1},
		Int:       {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1},
		BigInt:    {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1},
		Float:     {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1},
		Double:    {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1},
		Decimal:   {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1},
		String:    {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
		Date:      {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1},
		Timestamp: {0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
	}
	for _, from := range allTypes {
		for j, to := range allTypes {
			assert.Equal(t, want[from.Kind][j] == 1, CanCast(from, to), "CAST(%s AS %s)", from, to)
		}
	}
}

// TestCanStoreAssign checks Cast.canANSIStoreAssign (spec §4.1).
func TestCanStoreAssign(t *testing.T) {
	//                    VOID BOOL TINY SMALL INT BIG FLT DBL DEC STR DATE TS
	want := map[Kind][12]int{
		Void:      {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
		Boolean:   {0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0},
		TinyInt:   {0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0},
		SmallInt:  {0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0},
		Int:       {0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0},
		BigInt:    {0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0},
		Float:     {0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0},
		Double:    {0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0},
		Decimal:   {0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0},
		String:    {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0},
		Date:      {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1},
		Timestamp: {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1},
	}
	for _, from := range allTypes {
		for j, to := range allTypes {
			assert.Equal(t, want[from.Kind][j] == 1, CanStoreAssign(from, to), "store %s into %s", from, to)
		}
	}
}

// TestCanImplicitCast checks function-argument coercion: store assignment
// plus STRING to any type (AnsiTypeCoercion.implicitCast).
func TestCanImplicitCast(t *testing.T) {
	tests := []struct {
		from, to Type
		want     bool
	}{
		{IntType, BigIntType, true},           // promotion
		{BigIntType, IntType, true},           // downcasting (substring('hello', 1L, 2))
		{DoubleType, DecimalType(5, 2), true}, // downcasting
		{StringType, IntType, true},           // crosscasting (substring('hello', '1', 2))
		{StringType, DateType, true},          // crosscasting
		{StringType, BooleanType, true},       // crosscasting
		{IntType, StringType, true},           // crosscasting
		{DateType, TimestampType, true},       // promotion
		{TimestampType, DateType, true},       // downcasting
		{VoidType, DateType, true},            // NULL to anything
		{BooleanType, IntType, false},         // no crosscast between families
		{IntType, BooleanType, false},         // idem
		{IntType, DateType, false},            // idem
		{DateType, IntType, false},            // idem
		{StringType, VoidType, false},         // nothing becomes VOID
		{DecimalType(10, 2), DecimalType(10, 2), true},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, CanImplicitCast(tt.from, tt.to), "%s to %s", tt.from, tt.to)
	}
}

// TestCommonType checks least common type resolution against the
// Databricks "SQL data type rules" examples and spec §5.5.
func TestCommonType(t *testing.T) {
	tests := []struct {
		name  string
		types []Type
		want  Type
		ok    bool
	}{
		{"coalesce(1Y, 1L, NULL) is BIGINT", []Type{TinyIntType, BigIntType, VoidType}, BigIntType, true},
		{"coalesce(1, DATE) fails", []Type{IntType, DateType}, Type{}, false},
		{"coalesce(1, 1F) is DOUBLE", []Type{IntType, FloatType}, DoubleType, true},
		{"coalesce(1L, 1F) is DOUBLE", []Type{BigIntType, FloatType}, DoubleType, true},
		{"coalesce(1BD, 1F) is DOUBLE", []Type{DecimalType(1, 0), FloatType}, DoubleType, true},
		{"coalesce(5, '6') is BIGINT", []Type{IntType, StringType}, BigIntType, true},
		{"coalesce(1BD, '6') is DOUBLE", []Type{DecimalType(1, 0), StringType}, DoubleType, true},
		{"int_col = '5' compares as BIGINT", []Type{StringType, IntType}, BigIntType, true},
		{"dec_col = '1.5' compares as DOUBLE", []Type{DecimalType(10, 2), StringType}, DoubleType, true},
		{"date_col = '2024-01-01' compares as DATE", []Type{DateType, StringType}, DateType, true},
		{"STRING with TIMESTAMP", []Type{StringType, TimestampType}, TimestampType, true},
		{"STRING with BOOLEAN", []Type{StringType, BooleanType}, BooleanType, true},
		{"STRING with FLOAT", []Type{StringType, FloatType}, DoubleType, true},
		{"STRING with STRING", []Type{StringType, StringType}, StringType, true},
		{"FLOAT with FLOAT stays FLOAT", []Type{FloatType, FloatType}, FloatType, true},
		{"FLOAT with DOUBLE", []Type{FloatType, DoubleType}, DoubleType, true},
		{"SMALLINT with FLOAT", []Type{SmallIntType, FloatType}, DoubleType, true},
		{"TINYINT with SMALLINT", []Type{TinyIntType, SmallIntType}, SmallIntType, true},
		{"INT with DOUBLE", []Type{IntType, DoubleType}, DoubleType, true},
		{"DATE with TIMESTAMP", []Type{DateType, TimestampType}, TimestampType, true},
		{"INT with DECIMAL(5,2)", []Type{IntType, DecimalType(5, 2)}, DecimalType(12, 2), true},
		{"TINYINT with DECIMAL(5,2)", []Type{TinyIntType, DecimalType(5, 2)}, DecimalType(5, 2), true},
		{"BIGINT with DECIMAL(10,0)", []Type{BigIntType, DecimalType(10, 0)}, DecimalType(20, 0), true},
		{"two decimals", []Type{DecimalType(10, 2), DecimalType(5, 4)}, DecimalType(12, 4), true},
		{"decimal precision capped at 38", []Type{DecimalType(38, 0), DecimalType(38, 10)}, DecimalType(38, 10), true},
		{"DECIMAL with DOUBLE", []Type{DecimalType(10, 2), DoubleType}, DoubleType, true},
		{"BOOLEAN with INT fails", []Type{BooleanType, IntType}, Type{}, false},
		{"BOOLEAN with BOOLEAN", []Type{BooleanType, BooleanType}, BooleanType, true},
		{"TIMESTAMP with DOUBLE fails", []Type{TimestampType, DoubleType}, Type{}, false},
		{"only NULLs", []Type{VoidType, VoidType}, VoidType, true},
		{"no types", nil, VoidType, true},
		{"folded left to right", []Type{StringType, IntType, DecimalType(5, 2)}, DecimalType(22, 2), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := CommonType(tt.types...)
			assert.Equal(t, tt.ok, ok)
			if tt.ok {
				assert.Equal(t, tt.want, got)
			}
		})
	}
}
