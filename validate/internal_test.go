package validate

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/catalog"
)

func TestWorst(t *testing.T) {
	tests := []struct {
		name string
		in   []Verdict
		want Verdict
	}{
		{"none", nil, Inconclusive},
		{"all pass", []Verdict{Pass, Pass}, Pass},
		{"inconclusive", []Verdict{Pass, Inconclusive}, Inconclusive},
		{"fail wins", []Verdict{Inconclusive, Fail, Pass}, Fail},
		{"unjudged is not a pass", []Verdict{Pass, ""}, Inconclusive},
		{"unknown is not a pass", []Verdict{"Maybe"}, Inconclusive},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Worst(tt.in...))
		})
	}
}

func TestFormat(t *testing.T) {
	assert.Equal(t, "0", fmtInt(0))
	assert.Equal(t, "999", fmtInt(999))
	assert.Equal(t, "1,000", fmtInt(1000))
	assert.Equal(t, "-1,234,567", fmtInt(-1234567))
	assert.Equal(t, "2.00%", pct(0.02))
	assert.Equal(t, "2%", pctShort(0.02))
	assert.Equal(t, "1.5%", pctShort(0.015))
	assert.Equal(t, "0.33%", pctShort(1.0/300))
	assert.Equal(t, "0%", pctShort(-0.00001))
	assert.Equal(t, "-2%", signedPct(-0.02))
	assert.Equal(t, "+0.5%", signedPct(0.005))
	assert.Equal(t, "4,995,000", fmtNum(4995000))
	assert.Equal(t, "499.5", fmtNum(499.5))
	assert.Equal(t, "NULL", fmtValue(nil))
	assert.Equal(t, "2024-01-02", fmtValue(time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)))
	assert.Equal(t, "2024-01-02 03:04:05.5", fmtValue(time.Date(2024, 1, 2, 3, 4, 5, 5e8, time.UTC)))
	assert.Equal(t, "`a``b`, `c`", idents([]string{"a`b", "c"}))
	assert.True(t, within(200.0/10000, 0.02))
	assert.False(t, within(0.0201, 0.02))
}

// TestWidens follows the table of Delta type widening
// (docs.delta.io/delta-type-widening, docs.databricks.com type-widening).
func TestWidens(t *testing.T) {
	tests := []struct {
		from, to string
		want     bool
	}{
		{"tinyint", "smallint", true},
		{"tinyint", "bigint", true},
		{"smallint", "int", true},
		{"int", "bigint", true},
		{"bigint", "int", false},
		{"int", "int", false},
		{"int", "double", true},
		{"bigint", "double", false},
		{"int", "decimal(10,0)", true},
		{"int", "decimal(9,0)", false},
		{"int", "decimal(12,2)", true},
		{"bigint", "decimal(20,0)", true},
		{"bigint", "decimal(19,0)", false},
		{"float", "double", true},
		{"double", "float", false},
		{"decimal(10,1)", "decimal(12,3)", true},
		{"decimal(10,1)", "decimal(11,3)", false},
		{"decimal(10,2)", "decimal(12,2)", true},
		{"decimal(10,2)", "decimal(10,1)", false},
		{"decimal", "decimal(12,2)", true},
		{"date", "timestamp_ntz", true},
		{"date", "timestamp", false},
		{"void", "string", true},
		{"int", "string", false},
		{"string", "int", false},
		{"long", "decimal(20,0)", true},
	}
	for _, tt := range tests {
		t.Run(tt.from+"→"+tt.to, func(t *testing.T) {
			assert.Equal(t, tt.want, widens(tt.from, tt.to))
		})
	}
}

func TestSchemaCompare(t *testing.T) {
	blue := []column{{"id", 1, "bigint", false}, {"amount", 2, "decimal(10,2)", true}, {"qty", 3, "int", true}}
	tests := []struct {
		name    string
		check   Schema
		green   []column
		verdict Verdict
		reason  string
	}{
		{"same, other case", Schema{}, []column{{"ID", 1, "bigint", false}, {"Amount", 2, "decimal(10,2)", true}, {"qty", 3, "int", true}},
			Pass, "green and blue have the same 3 columns"},
		{"moved", Schema{}, []column{{"id", 1, "bigint", false}, {"qty", 2, "int", true}, {"amount", 3, "decimal(10,2)", true}},
			Fail, "column `amount` moved from position 2 to 3; column `qty` moved from position 3 to 2"},
		{"moved, compatible", Schema{AllowAddedColumns: true}, []column{{"id", 1, "bigint", false}, {"qty", 2, "int", true}, {"amount", 3, "decimal(10,2)", true}},
			Pass, "green and blue have the same 3 columns"},
		{"became nullable", Schema{AllowWidening: true}, []column{{"id", 1, "bigint", true}, {"amount", 2, "decimal(10,2)", true}, {"qty", 3, "int", true}},
			Fail, "column `id` became nullable"},
		{"became not null, exact", Schema{}, []column{{"id", 1, "bigint", false}, {"amount", 2, "decimal(10,2)", false}, {"qty", 3, "int", true}},
			Fail, "column `amount` became NOT NULL"},
		{"became not null, compatible", Schema{AllowWidening: true}, []column{{"id", 1, "bigint", false}, {"amount", 2, "decimal(10,2)", false}, {"qty", 3, "int", true}},
			Pass, "green and blue have the same 3 columns"},
		{"added not null", Schema{AllowAddedColumns: true}, append(append([]column(nil), blue...), column{"note", 4, "string", false}),
			Fail, "column `note` (string) added as NOT NULL"},
		{"dropped and added", Schema{AllowAddedColumns: true}, []column{{"id", 1, "bigint", false}, {"amount", 2, "decimal(10,2)", true}, {"quantity", 3, "int", true}},
			Fail, "column `qty` (int) dropped"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.check.compare("schema", blue, tt.green)
			assert.Equal(t, tt.verdict, r.Verdict)
			assert.Equal(t, tt.reason, r.Reason)
		})
	}
}

func TestBudget(t *testing.T) {
	tests := []struct {
		name     string
		b        Budget
		n, rows  int64
		want     bool
		wantText string
	}{
		{"zero allows none", Budget{}, 1, 100, false, "0"},
		{"zero allows zero", Budget{}, 0, 100, true, "0"},
		{"rows", Budget{MaxRows: 5}, 5, 100, true, "≤5 rows"},
		{"fraction", Budget{MaxFraction: 0.005}, 5, 1000, true, "≤0.5%"},
		{"fraction exceeded", Budget{MaxFraction: 0.005}, 6, 1000, false, "≤0.5%"},
		{"either", Budget{MaxRows: 10, MaxFraction: 0.001}, 10, 1000, true, "≤10 rows or ≤0.1%"},
		{"fraction of no rows", Budget{MaxFraction: 1}, 1, 0, false, "≤100%"},
		{"unlimited", Budget{Unlimited: true}, 1e9, 1, true, "unlimited"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.b.allows(tt.n, tt.rows))
			assert.Equal(t, tt.wantText, tt.b.String())
		})
	}
}

func TestCompareBound(t *testing.T) {
	ts := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		x       any
		typ     string
		bound   string
		want    int
		wantErr bool
	}{
		{"bigint", int64(5), "BIGINT", "5", 0, false},
		{"bigint exact", int64(9007199254740993), "BIGINT", "9007199254740992", 1, false},
		{"int below", int32(-1), "INT", "0", -1, false},
		{"decimal", "12.50", "DECIMAL", "12.5", 0, false},
		{"decimal exponent", "999.00", "DECIMAL", "1e3", -1, false},
		{"double", 1.5, "DOUBLE", "1.25", 1, false},
		{"NaN above all", math.NaN(), "DOUBLE", "1e308", 1, false},
		{"string is byte-wise", "B", "STRING", "a", -1, false},
		{"date", time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), "DATE", "2024-03-01", 0, false},
		{"timestamp", ts, "TIMESTAMP", "2024-03-01 11:59:59", 1, false},
		{"timestamp RFC 3339", ts, "TIMESTAMP", "2024-03-01T13:00:00+02:00", 1, false},
		{"bool", true, "BOOLEAN", "false", 1, false},
		{"bad number", int64(1), "BIGINT", "one", 0, true},
		{"bad date", ts, "TIMESTAMP", "yesterday", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := compareBound(tt.x, tt.typ, tt.bound)
			if tt.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestNear(t *testing.T) {
	tests := []struct {
		name    string
		g, b    any
		typ     string
		rel     float64
		want    bool
		wantErr bool
	}{
		{"equal decimals", "1.50", "1.5", "DECIMAL", 0, true, false},
		{"within 10%", int64(109), int64(100), "BIGINT", 0.1, true, false},
		{"outside 10%", int64(111), int64(100), "BIGINT", 0.1, false, false},
		{"zero blue", 0.0, 0.0, "DOUBLE", 0.1, true, false},
		{"equal dates", time.Unix(0, 0), time.Unix(0, 0).UTC(), "DATE", 0, true, false},
		{"equal strings", "a", "a", "STRING", 0, true, false},
		{"relative string", "a", "b", "STRING", 0.1, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := near(tt.g, tt.b, tt.typ, tt.rel)
			if tt.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestProfileStatement(t *testing.T) {
	p := newProfile()
	m1 := p.Aggregate(Green, "count(`a`)")
	m2 := p.Aggregate(Green, "count(`a`)")
	assert.Equal(t, m1, m2, "an expression is computed once")
	p.Aggregate(Blue, "count(`a`)")
	p.requestColumns()
	s := Subject{Blue: catalog.MustName("c", "s", "b"), Green: catalog.MustName("s", "g`x")}
	query, args, srcs := p.statement(s, true)
	assert.Equal(t, "SELECT * FROM (SELECT count(*) AS g0, current_timestamp() AS g1, count(`a`) AS g2 FROM `s`.`g``x`) AS g"+
		" CROSS JOIN (SELECT count(*) AS b0, count(`a`) AS b1 FROM `c`.`s`.`b`) AS b"+
		" CROSS JOIN (SELECT "+fingerprintExprs[0]+" AS gc0, "+fingerprintExprs[1]+" AS gc1, "+fingerprintExprs[2]+" AS gc2"+
		" FROM `information_schema`.`columns` WHERE table_schema = ? AND table_name = ?) AS gc"+
		" CROSS JOIN (SELECT "+fingerprintExprs[0]+" AS bc0, "+fingerprintExprs[1]+" AS bc1, "+fingerprintExprs[2]+" AS bc2"+
		" FROM `c`.`information_schema`.`columns` WHERE table_schema = ? AND table_name = ?) AS bc", query)
	assert.Equal(t, []any{"s", "g`x", "s", "b"}, args)
	assert.Len(t, srcs, 4)

	_, args, srcs = p.statement(Subject{Green: catalog.MustName("T")}, false)
	assert.Equal(t, []any{"t"}, args, "one-part names use current_schema()")
	assert.Len(t, srcs, 2)
}
