package databrickstest

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/ucdeploy/ucdeploy/internal/warehouse"
)

func benchExec(b *testing.B, db *sql.DB, query string, args ...any) {
	b.Helper()
	if _, err := db.ExecContext(context.Background(), query, args...); err != nil {
		b.Fatalf("%s: %v", query, err)
	}
}

// BenchmarkSmallStatement is a point SELECT by key on a 100-row table
// through database/sql (target ≤ 50 µs/op).
func BenchmarkSmallStatement(b *testing.B) {
	w := New(nil)
	defer w.Close()
	db := w.DB()
	benchExec(b, db, "CREATE TABLE small (id BIGINT, name STRING, amount DECIMAL(12,2))")
	var sb strings.Builder
	sb.WriteString("INSERT INTO small VALUES ")
	for i := 1; i <= 100; i++ {
		if i > 1 {
			sb.WriteString(", ")
		}
		fmt.Fprintf(&sb, "(%d, 'name_%d', %d.%02d)", i, i, i*3, i%100)
	}
	benchExec(b, db, sb.String())
	ctx := context.Background()
	var (
		id     int64
		name   string
		amount string
	)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		key := int64(i%100 + 1)
		i++
		if err := db.QueryRowContext(ctx, "SELECT id, name, amount FROM small WHERE id = ?", key).Scan(&id, &name, &amount); err != nil {
			b.Fatal(err)
		}
		if id != key {
			b.Fatalf("got id %d, want %d", id, key)
		}
	}
}

// digits is a derived table of the ten decimal digits, for generating rows
// by cross joins.
const digits = "(VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9))"

// generate returns a query yielding the ids 0 … 10^n-1 as column id.
func generate(n int) string {
	var sel, from []string
	mul := 1
	for k := range n {
		sel = append(sel, fmt.Sprintf("%d * d%d.d", mul, k))
		from = append(from, fmt.Sprintf("%s AS d%d(d)", digits, k))
		mul *= 10
	}
	return "SELECT " + strings.Join(sel, " + ") + " AS id FROM " + strings.Join(from, ", ")
}

// profileColumns are the columns of the profiled table and the
// expressions that fill them from an INT id.
var profileColumns = []struct{ def, expr string }{
	{"c_bigint BIGINT", "CAST(id AS BIGINT) * 1000003"},
	{"c_int INT", "id % 100000"},
	{"c_smallint SMALLINT", "CAST(id % 30000 AS SMALLINT)"},
	{"c_double DOUBLE", "CAST(id AS DOUBLE) / 7"},
	{"c_float FLOAT", "CAST(id % 1000 AS FLOAT)"},
	{"c_decimal DECIMAL(12,2)", "CAST(id AS DECIMAL(12,2))"},
	{"c_string STRING", "CASE WHEN id % 10 = 0 THEN NULL ELSE CAST(id % 5000 AS STRING) END"},
	{"c_date DATE", "date_add(DATE '2020-01-01', id % 2000)"},
	{"c_timestamp TIMESTAMP", "timestamp_seconds(1700000000 + id)"},
	{"c_boolean BOOLEAN", "CASE WHEN id % 7 = 0 THEN NULL ELSE id % 3 = 0 END"},
}

// BenchmarkProfile1M computes count(*) and count, min and max of each of
// 10 columns over 1,000,000 rows in one statement (target ≤ 300 ms/op).
func BenchmarkProfile1M(b *testing.B) {
	w := New(nil)
	defer w.Close()
	db := w.DB()
	var defs, exprs, aggs []string
	aggs = append(aggs, "count(*)")
	for _, c := range profileColumns {
		defs = append(defs, c.def)
		exprs = append(exprs, c.expr)
		name := strings.Fields(c.def)[0]
		aggs = append(aggs, fmt.Sprintf("count(%s), min(%s), max(%s)", name, name, name))
	}
	benchExec(b, db, "CREATE TABLE profile ("+strings.Join(defs, ", ")+")")
	benchExec(b, db, "INSERT INTO profile SELECT "+strings.Join(exprs, ", ")+" FROM ("+generate(6)+") AS g")
	query := "SELECT " + strings.Join(aggs, ", ") + " FROM profile"
	out := make([]any, 1+3*len(profileColumns))
	ptrs := make([]any, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := db.QueryRowContext(ctx, query).Scan(ptrs...); err != nil {
			b.Fatal(err)
		}
	}
	if out[0] != int64(1_000_000) {
		b.Fatalf("count(*) = %v, want 1000000", out[0])
	}
}

// BenchmarkInsertSelect100k copies 100,000 rows with INSERT INTO … SELECT
// into an empty table.
func BenchmarkInsertSelect100k(b *testing.B) {
	w := New(nil)
	defer w.Close()
	db := w.DB()
	const cols = "id BIGINT, name STRING, amount DECIMAL(12,2), at TIMESTAMP"
	benchExec(b, db, "CREATE TABLE source ("+cols+")")
	benchExec(b, db, "INSERT INTO source SELECT id, CAST(id AS STRING), CAST(id AS DECIMAL(12,2)), timestamp_seconds(1700000000 + id) FROM ("+generate(5)+") AS g")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		w.ResetStatements()
		benchExec(b, db, "DROP TABLE IF EXISTS target")
		benchExec(b, db, "CREATE TABLE target ("+cols+")")
		b.StartTimer()
		res, err := db.ExecContext(ctx, "INSERT INTO target SELECT * FROM source")
		if err != nil {
			b.Fatal(err)
		}
		if n, _ := res.RowsAffected(); n != 100_000 {
			b.Fatalf("inserted %d rows, want 100000", n)
		}
	}
}

// BenchmarkDriverOverhead measures the driver alone: a one-row, one-column
// query with one argument through database/sql, on a session that answers
// without the SQL engine.
func BenchmarkDriverOverhead(b *testing.B) {
	res := oneColumn(42)
	w := New(nil)
	w.open = func(string) session {
		return sessionFunc(func(context.Context, string, warehouse.Params) (*warehouse.Result, error) { return res, nil })
	}
	defer w.Close()
	db := w.DB()
	ctx := context.Background()
	var v int64
	b.ReportAllocs()
	for b.Loop() {
		if err := db.QueryRowContext(ctx, "SELECT v FROM t WHERE id = ?", 42).Scan(&v); err != nil {
			b.Fatal(err)
		}
	}
}
