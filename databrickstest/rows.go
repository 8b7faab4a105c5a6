package databrickstest

import (
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"time"

	"github.com/ucdeploy/ucdeploy/internal/warehouse"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// rows iterates over a statement's result, converting values to the Go
// types databricks-sql-go returns.
type rows struct {
	cols    []warehouse.Column
	names   []string
	batches []*value.Batch
	b, i    int // next row: batch b, row i
}

var (
	_ driver.Rows                           = (*rows)(nil)
	_ driver.RowsColumnTypeDatabaseTypeName = (*rows)(nil)
	_ driver.RowsColumnTypeScanType         = (*rows)(nil)
	_ driver.RowsColumnTypeNullable         = (*rows)(nil)
	_ driver.RowsColumnTypeLength           = (*rows)(nil)
	_ driver.RowsColumnTypePrecisionScale   = (*rows)(nil)
)

// newRows returns the rows of res.
func newRows(res *warehouse.Result) *rows {
	names := make([]string, len(res.Columns))
	for i, c := range res.Columns {
		names[i] = c.Name
	}
	return &rows{cols: res.Columns, names: names, batches: res.Batches}
}

// Columns returns the column names.
func (r *rows) Columns() []string { return r.names }

// Close releases the rows.
func (r *rows) Close() error {
	r.batches = nil
	return nil
}

// Next fills dest with the next row, or returns io.EOF.
func (r *rows) Next(dest []driver.Value) error {
	for r.b < len(r.batches) && r.i >= r.batches[r.b].N {
		r.b++
		r.i = 0
	}
	if r.b >= len(r.batches) {
		return io.EOF
	}
	batch := r.batches[r.b]
	for c, v := range batch.Cols {
		x, err := goValue(v, r.i)
		if err != nil {
			return fmt.Errorf("databrickstest: column %q: %w", r.names[c], err)
		}
		dest[c] = x
	}
	r.i++
	return nil
}

// ColumnTypeDatabaseTypeName returns the Databricks type name without
// parameters, as databricks-sql-go does: "BIGINT", "DECIMAL", "NULL" for a
// column of untyped NULLs (VOID).
func (r *rows) ColumnTypeDatabaseTypeName(i int) string { return databaseTypeName(r.cols[i].Type) }

// ColumnTypeScanType returns the Go type databricks-sql-go reports.
func (r *rows) ColumnTypeScanType(i int) reflect.Type { return scanType(r.cols[i].Type) }

// ColumnTypeNullable answers "unknown", as databricks-sql-go does.
func (r *rows) ColumnTypeNullable(int) (nullable, ok bool) { return false, false }

// ColumnTypeLength reports an unbounded length for STRING columns, as
// databricks-sql-go does, and no length for the others.
func (r *rows) ColumnTypeLength(i int) (length int64, ok bool) {
	if r.cols[i].Type.Kind == value.String {
		return math.MaxInt64, true
	}
	return 0, false
}

// ColumnTypePrecisionScale returns a DECIMAL column's precision and scale.
// databricks-sql-go does not report them; the fake does.
func (r *rows) ColumnTypePrecisionScale(i int) (precision, scale int64, ok bool) {
	t := r.cols[i].Type
	if t.Kind != value.Decimal {
		return 0, 0, false
	}
	return int64(t.Precision), int64(t.Scale), true
}

// databaseTypeName returns the name databricks-sql-go derives from the
// Thrift type id: the kind in upper case, NULL for VOID.
func databaseTypeName(t value.Type) string {
	if t.Kind == value.Void {
		return "NULL"
	}
	return t.DatabaseTypeName()
}

// Scan types, as databricks-sql-go's getScanType returns them.
var (
	scanBool     = reflect.TypeFor[bool]()
	scanInt8     = reflect.TypeFor[int8]()
	scanInt16    = reflect.TypeFor[int16]()
	scanInt32    = reflect.TypeFor[int32]()
	scanInt64    = reflect.TypeFor[int64]()
	scanFloat32  = reflect.TypeFor[float32]()
	scanFloat64  = reflect.TypeFor[float64]()
	scanString   = reflect.TypeFor[string]()
	scanTime     = reflect.TypeFor[time.Time]()
	scanRawBytes = reflect.TypeFor[sql.RawBytes]()
	scanUnknown  = reflect.TypeFor[*any]()
)

// scanType returns the scan type of a column of type t. Like
// databricks-sql-go it reports sql.RawBytes for DECIMAL (whose values are
// strings) and a nil type for VOID.
func scanType(t value.Type) reflect.Type {
	switch t.Kind {
	case value.Void:
		return nil
	case value.Boolean:
		return scanBool
	case value.TinyInt:
		return scanInt8
	case value.SmallInt:
		return scanInt16
	case value.Int:
		return scanInt32
	case value.BigInt:
		return scanInt64
	case value.Float:
		return scanFloat32
	case value.Double:
		return scanFloat64
	case value.Decimal, value.Array, value.Map, value.Struct:
		return scanRawBytes
	case value.String, value.Interval:
		return scanString
	case value.Date, value.Timestamp:
		return scanTime
	}
	return scanUnknown
}

// goValue returns row i of v as the Go value databricks-sql-go returns
// with its default configuration.
func goValue(v *value.Vector, i int) (driver.Value, error) {
	if v.Nulls != nil && v.Nulls[i] {
		return nil, nil
	}
	switch v.Type.Kind {
	case value.Void:
		return nil, nil
	case value.Boolean:
		return v.I64[i] != 0, nil
	case value.TinyInt:
		return int8(v.I64[i]), nil
	case value.SmallInt:
		return int16(v.I64[i]), nil
	case value.Int:
		return int32(v.I64[i]), nil
	case value.BigInt:
		return v.I64[i], nil
	case value.Float:
		return float32(v.F64[i]), nil
	case value.Double:
		return v.F64[i], nil
	case value.Decimal:
		return decimalString(v.Dec[i], int(v.Type.Scale)), nil
	case value.String, value.Array, value.Map, value.Struct:
		// Complex values are JSON text, as databricks-sql-go renders them.
		return v.Str[i], nil
	case value.Interval:
		// databricks-sql-go returns intervals as their text.
		return v.Get(i).String(), nil
	case value.Date:
		return time.Unix(v.I64[i]*86400, 0).UTC(), nil
	case value.Timestamp:
		return time.UnixMicro(v.I64[i]).UTC(), nil
	}
	return nil, fmt.Errorf("unsupported type %s", v.Type)
}

// decimalString formats an unscaled DECIMAL value with scale digits after
// the point ("1.50", "-0.05", "12"), as the warehouse renders decimals.
func decimalString(x value.Int128, scale int) string {
	if !x.IsInt64() || x.Int64() == math.MinInt64 {
		return x.DecimalString(scale)
	}
	n := x.Int64()
	var buf [24]byte
	neg := n < 0
	if neg {
		n = -n
	}
	digits := strconv.AppendInt(buf[:0], n, 10)
	if scale == 0 {
		if neg {
			return "-" + string(digits)
		}
		return string(digits)
	}
	var out [48]byte
	o := out[:0]
	if neg {
		o = append(o, '-')
	}
	if len(digits) <= scale {
		o = append(o, '0', '.')
		for range scale - len(digits) {
			o = append(o, '0')
		}
		o = append(o, digits...)
		return string(o)
	}
	o = append(o, digits[:len(digits)-scale]...)
	o = append(o, '.')
	o = append(o, digits[len(digits)-scale:]...)
	return string(o)
}
