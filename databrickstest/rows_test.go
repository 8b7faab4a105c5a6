package databrickstest

import (
	"context"
	"database/sql"
	"math"
	"math/big"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/internal/warehouse"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// typedColumn is one column of the type-mapping fixture: a stored value,
// and what databricks-sql-go v1.14.0 (default configuration) gives for it.
type typedColumn struct {
	name     string
	typ      value.Type
	stored   value.Value
	want     any          // value scanned into *any
	dbType   string       // ColumnTypeDatabaseTypeName
	scanType reflect.Type // ColumnTypeScanType
}

// typedColumns lists every SQL type. Expected values follow the real
// driver's source: internal/rows/rows.go getScanType, arrowbased
// columnValues.go (Date32 and microsecond timestamps in UTC) and
// arrowRows.go (DECIMAL as the server's string when native decimals are off,
// the default).
var typedColumns = []typedColumn{
	{"c_boolean", value.BooleanType, value.Bool(true), true, "BOOLEAN", reflect.TypeFor[bool]()},
	{"c_tinyint", value.TinyIntType, value.IntOf(value.TinyIntType, -5), int8(-5), "TINYINT", reflect.TypeFor[int8]()},
	{"c_smallint", value.SmallIntType, value.IntOf(value.SmallIntType, 300), int16(300), "SMALLINT", reflect.TypeFor[int16]()},
	{"c_int", value.IntType, value.Int32(70000), int32(70000), "INT", reflect.TypeFor[int32]()},
	{"c_bigint", value.BigIntType, value.Int64(1 << 40), int64(1099511627776), "BIGINT", reflect.TypeFor[int64]()},
	{"c_float", value.FloatType, value.Value{Type: value.FloatType, F: 1.5}, float32(1.5), "FLOAT", reflect.TypeFor[float32]()},
	{"c_double", value.DoubleType, value.Float64(2.25), float64(2.25), "DOUBLE", reflect.TypeFor[float64]()},
	{"c_decimal", value.DecimalType(12, 2), value.Dec(value.Int128From(150), 12, 2), "1.50", "DECIMAL", reflect.TypeFor[sql.RawBytes]()},
	{"c_string", value.StringType, value.Str("héllo"), "héllo", "STRING", reflect.TypeFor[string]()},
	{"c_date", value.DateType, value.IntOf(value.DateType, 19723), time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), "DATE", reflect.TypeFor[time.Time]()},
	{"c_timestamp", value.TimestampType, value.IntOf(value.TimestampType, 1704164645123456), time.Date(2024, 1, 2, 3, 4, 5, 123456000, time.UTC), "TIMESTAMP", reflect.TypeFor[time.Time]()},
	{"c_void", value.VoidType, value.NullOf(value.VoidType), nil, "NULL", nil},
}

// typedResult returns a result with one column per typedColumns entry and
// two rows: the stored values, then NULLs.
func typedResult() *warehouse.Result {
	res := &warehouse.Result{RowsAffected: -1}
	batch := &value.Batch{N: 2}
	for _, c := range typedColumns {
		res.Columns = append(res.Columns, warehouse.Column{Name: c.name, Type: c.typ, Nullable: true})
		b := value.NewBuilder(c.typ, 2)
		b.Append(c.stored)
		b.Append(value.NullOf(c.typ))
		batch.Cols = append(batch.Cols, b.Build())
	}
	res.Batches = []*value.Batch{batch}
	return res
}

func typedWorkspace(t *testing.T) *sql.DB {
	w := newStubWorkspace(t, nil, func(context.Context, string, warehouse.Params) (*warehouse.Result, error) {
		return typedResult(), nil
	})
	return w.DB()
}

func TestTypeMappingScanAny(t *testing.T) {
	db := typedWorkspace(t)
	rows, err := db.QueryContext(t.Context(), "SELECT * FROM typed")
	require.NoError(t, err)
	defer rows.Close()

	cols, err := rows.Columns()
	require.NoError(t, err)
	require.Len(t, cols, len(typedColumns))

	got := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range got {
		ptrs[i] = &got[i]
	}
	require.True(t, rows.Next())
	require.NoError(t, rows.Scan(ptrs...))
	for i, c := range typedColumns {
		assert.Equal(t, c.name, cols[i])
		assert.Equal(t, c.want, got[i], c.name)
		if tm, ok := got[i].(time.Time); ok {
			assert.Equal(t, time.UTC, tm.Location(), "%s location", c.name)
		}
	}
	require.True(t, rows.Next())
	require.NoError(t, rows.Scan(ptrs...))
	for i, c := range typedColumns {
		assert.Nil(t, got[i], "%s NULL", c.name)
	}
	assert.False(t, rows.Next())
	require.NoError(t, rows.Err())
}

func TestTypeMappingColumnTypes(t *testing.T) {
	db := typedWorkspace(t)
	rows, err := db.QueryContext(t.Context(), "SELECT * FROM typed")
	require.NoError(t, err)
	defer rows.Close()
	cts, err := rows.ColumnTypes()
	require.NoError(t, err)
	require.Len(t, cts, len(typedColumns))
	for i, c := range typedColumns {
		ct := cts[i]
		assert.Equal(t, c.dbType, ct.DatabaseTypeName(), c.name)
		assert.Equal(t, c.scanType, ct.ScanType(), c.name)
		_, ok := ct.Nullable()
		assert.False(t, ok, "%s nullable known", c.name)
		p, s, ok := ct.DecimalSize()
		if c.typ.Kind == value.Decimal {
			assert.True(t, ok)
			assert.Equal(t, [2]int64{12, 2}, [2]int64{p, s})
		} else {
			assert.False(t, ok, "%s decimal size", c.name)
		}
		l, ok := ct.Length()
		if c.typ.Kind == value.String {
			assert.True(t, ok)
			assert.Equal(t, int64(math.MaxInt64), l)
		} else {
			assert.False(t, ok, "%s length", c.name)
		}
	}
}

func TestTypeMappingScanTyped(t *testing.T) {
	db := typedWorkspace(t)
	var (
		b      bool
		i8     int8
		i16    int16
		i32    int32
		i64    int64
		f32    float32
		f64    float64
		decStr string
		s      string
		d      time.Time
		ts     time.Time
		void   sql.NullString
	)
	err := db.QueryRowContext(t.Context(), "SELECT * FROM typed").
		Scan(&b, &i8, &i16, &i32, &i64, &f32, &f64, &decStr, &s, &d, &ts, &void)
	require.NoError(t, err)
	assert.True(t, b)
	assert.Equal(t, int8(-5), i8)
	assert.Equal(t, int16(300), i16)
	assert.Equal(t, int32(70000), i32)
	assert.Equal(t, int64(1099511627776), i64)
	assert.Equal(t, float32(1.5), f32)
	assert.Equal(t, 2.25, f64)
	assert.Equal(t, "1.50", decStr)
	assert.Equal(t, "héllo", s)
	assert.True(t, d.Equal(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)))
	assert.True(t, ts.Equal(time.Date(2024, 1, 2, 3, 4, 5, 123456000, time.UTC)))
	assert.False(t, void.Valid)

	// Wider Go types and DECIMAL as a number, as database/sql converts them.
	var (
		wide    int64
		decF    float64
		decRaw  sql.RawBytes
		nullInt sql.NullInt64
	)
	rows, err := db.QueryContext(t.Context(), "SELECT * FROM typed")
	require.NoError(t, err)
	defer rows.Close()
	require.True(t, rows.Next())
	var skip any
	require.NoError(t, rows.Scan(&skip, &wide, &skip, &skip, &skip, &skip, &skip, &decF, &skip, &skip, &skip, &skip))
	assert.Equal(t, int64(-5), wide)
	assert.Equal(t, 1.5, decF)
	require.NoError(t, rows.Scan(&skip, &skip, &skip, &skip, &skip, &skip, &skip, &decRaw, &skip, &skip, &skip, &skip))
	assert.Equal(t, "1.50", string(decRaw))
	require.True(t, rows.Next())
	require.NoError(t, rows.Scan(&skip, &skip, &skip, &skip, &nullInt, &skip, &skip, &skip, &skip, &skip, &skip, &skip))
	assert.False(t, nullInt.Valid)
}

func TestRowsAcrossBatches(t *testing.T) {
	res := oneColumn(1, 2)
	second := oneColumn(3).Batches[0]
	empty := &value.Batch{Cols: []*value.Vector{value.NewVector(value.BigIntType, 0)}}
	res.Batches = append(res.Batches, empty, second)
	w := newStubWorkspace(t, nil, func(context.Context, string, warehouse.Params) (*warehouse.Result, error) {
		return res, nil
	})
	rows, err := w.DB().QueryContext(t.Context(), "SELECT v FROM t")
	require.NoError(t, err)
	defer rows.Close()
	var got []int64
	for rows.Next() {
		var v int64
		require.NoError(t, rows.Scan(&v))
		got = append(got, v)
	}
	require.NoError(t, rows.Err())
	assert.Equal(t, []int64{1, 2, 3}, got)
}

func TestDecimalString(t *testing.T) {
	big, ok := value.Int128FromBig(mustBig(t, "-123456789012345678901234567890"))
	require.True(t, ok)
	tests := []struct {
		name     string
		unscaled value.Int128
		scale    int
		want     string
	}{
		{"scale 0", value.Int128From(42), 0, "42"},
		{"negative scale 0", value.Int128From(-42), 0, "-42"},
		{"zero with scale", value.Int128From(0), 2, "0.00"},
		{"trailing zeros kept", value.Int128From(150), 2, "1.50"},
		{"leading zeros", value.Int128From(5), 3, "0.005"},
		{"negative fraction", value.Int128From(-5), 3, "-0.005"},
		{"negative", value.Int128From(-12345), 2, "-123.45"},
		{"digits equal scale", value.Int128From(99), 2, "0.99"},
		{"int64 min", value.Int128From(math.MinInt64), 4, "-922337203685477.5808"},
		{"beyond int64", big, 10, "-12345678901234567890.1234567890"},
		{"beyond int64 fraction only", value.Pow10(37), 38, "0.10000000000000000000000000000000000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, decimalString(tt.unscaled, tt.scale))
		})
	}
}

func mustBig(t *testing.T, s string) *big.Int {
	t.Helper()
	b, ok := new(big.Int).SetString(s, 10)
	require.True(t, ok, "bad big.Int %q", s)
	return b
}
