package validate_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/validate"
)

// Doc (Sum): "sum(CAST(column AS DOUBLE)) ... so that a BIGINT total cannot
// overflow and fail the whole profile under ANSI mode"; Mean likewise must
// not fail the profile on large values or wide decimals.
func TestQALargeValuesDoNotBreakTheProfile(t *testing.T) {
	w := qaWS(t)
	for _, n := range []catalog.Name{qaBlue, qaGreen} {
		qaExec(t, w,
			"CREATE TABLE "+n.Quoted()+" (id BIGINT, big BIGINT, dec DECIMAL(38,18))",
			"INSERT INTO "+n.Quoted()+" VALUES (1, 9000000000000000000, 99999999999999999999.999999999999999999), "+
				"(2, 9000000000000000000, 99999999999999999999.999999999999999999)",
		)
	}
	rs := qaRun(t, w, qaBlue, qaGreen,
		validate.RowCount{},
		validate.Sum{Column: "big"},
		validate.Mean{Column: "big"},
		validate.Sum{Column: "dec"},
		validate.Range{Column: "dec", MaxRelDiff: 0.1},
		validate.Range{Column: "big", Max: "9223372036854775807"},
		validate.DistinctCount{Column: "dec"},
	)
	for _, r := range rs {
		assert.Equal(t, validate.Pass, r.Verdict, "%s: %+v", r.Check, r)
		assert.Empty(t, r.Error, r.Check)
	}
}

// Doc (Sum's rationale, "One pass per pair"): one check must not fail the
// whole profile of its pair. Mean adds avg(column), which for a
// DECIMAL(38,18) column sums in DECIMAL(38,18) and overflows under ANSI
// mode, so every check of the pair becomes Inconclusive.
func TestQAMeanOfWideDecimalDoesNotBreakThePair(t *testing.T) {
	w := qaWS(t)
	for _, n := range []catalog.Name{qaBlue, qaGreen} {
		qaExec(t, w,
			"CREATE TABLE "+n.Quoted()+" (id BIGINT, dec DECIMAL(38,18))",
			"INSERT INTO "+n.Quoted()+" VALUES (1, 99999999999999999999.999999999999999999), (2, 99999999999999999999.999999999999999999)",
		)
	}
	rep, err := validate.Run(context.Background(), w.DB(), []validate.Pair{{Blue: qaBlue, Green: qaGreen,
		Checks: validate.Checks{validate.RowCount{}, validate.Mean{Column: "dec"}}}}, nil)
	require.NotNil(t, rep)
	if err != nil {
		qaKnownBug(t, "Mean on a DECIMAL(38,18) column with large values overflows avg() and makes every check of the pair Inconclusive: "+err.Error())
	}
	assert.Equal(t, validate.Pass, rep.Pairs[0].Results[0].Verdict)
	assert.Equal(t, validate.Pass, rep.Pairs[0].Results[1].Verdict)
}

// Doc (Range): bounds are "compared exactly" and STRING bounds are text;
// values go as parameters, so a bound cannot inject SQL.
func TestQARangeBoundsExactAndSafe(t *testing.T) {
	w := qaWS(t)
	for _, n := range []catalog.Name{qaBlue, qaGreen} {
		qaExec(t, w,
			"CREATE TABLE "+n.Quoted()+" (id BIGINT, amount DECIMAL(10,2), s STRING, b BOOLEAN, d DATE)",
			"INSERT INTO "+n.Quoted()+" VALUES (999999, 12.50, 'it''s', true, DATE'2024-03-01'), (5, 0.01, 'zz', true, DATE'2024-01-01')",
		)
	}
	qaExec(t, w, "CREATE TABLE main.default.victim (id BIGINT)")
	rs := qaRun(t, w, qaBlue, qaGreen,
		validate.Range{Column: "id", Max: "1e6"},         // 999999 ≤ 1000000
		validate.Range{Column: "id", Max: "999998.9999"}, // 999999 > bound
		validate.Range{Column: "amount", Max: "12.50"},
		validate.Range{Column: "amount", Max: "12.499"},
		validate.Range{Column: "amount", Min: "0.005"},
		validate.Range{Column: "s", Max: "zz'; DROP TABLE main.default.victim; --"},
		validate.Range{Column: "b", Min: "true", Max: "true"},
		validate.Range{Column: "d", Min: "2024-01-01", Max: "2024-03-01"},
		validate.Range{Column: "d", Max: "2024-02-29"},
	)
	want := []validate.Verdict{validate.Pass, validate.Fail, validate.Pass, validate.Fail, validate.Pass,
		validate.Pass, validate.Pass, validate.Pass, validate.Fail}
	for i, r := range rs {
		assert.Equal(t, want[i], r.Verdict, "%d %s: %+v", i, r.Check, r)
		assert.Empty(t, r.Error, "%d %s", i, r.Check)
	}
	var n int
	require.NoError(t, w.DB().QueryRow("SELECT count(*) FROM main.information_schema.tables WHERE table_name = 'victim'").Scan(&n))
	assert.Equal(t, 1, n)
}

// Doc (Assertion): "{{green}} and {{blue}} stand for the pair's quoted
// table names"; realistic rules use joins with repeated column names and
// CTEs.
func TestQAAssertionShapes(t *testing.T) {
	w := qaWS(t)
	qaOrders(t, w, "TRUE")
	qaExec(t, w, "UPDATE "+qaGreen.Quoted()+" SET amount = amount + 1 WHERE id IN (3, 4)")
	w.ResetStatements()
	for _, tc := range []struct {
		name string
		sql  string
		want validate.Verdict
	}{
		{"join with duplicate column names", "SELECT g.id, b.id FROM {{green}} AS g JOIN {{blue}} AS b ON g.id = b.id WHERE g.amount <> b.amount", validate.Fail},
		{"own CTE", "WITH neg AS (SELECT * FROM {{green}} WHERE amount < 0) SELECT * FROM neg", validate.Pass},
		{"aggregate rule", "SELECT note, count(*) AS n FROM {{green}} GROUP BY note HAVING count(*) > 1000", validate.Pass},
		{"green twice", "SELECT a.id FROM {{green}} a JOIN {{green}} b ON a.id = b.id AND a.ts <> b.ts", validate.Pass},
		{"ordered and limited", "SELECT id FROM {{green}} WHERE amount > 98 ORDER BY id DESC LIMIT 3", validate.Fail},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs := qaRun(t, w, qaBlue, qaGreen, validate.Assertion{SQL: tc.sql})
			assert.Equal(t, tc.want, rs[0].Verdict, "%+v", rs[0])
			assert.Empty(t, rs[0].Error)
		})
	}

	// {{blue}} with no blue is no data.
	rs := qaRun(t, w, catalog.Name{}, qaGreen, validate.Assertion{SQL: "SELECT * FROM {{green}} g LEFT ANTI JOIN {{blue}} b ON g.id = b.id"})
	assert.Equal(t, validate.Inconclusive, rs[0].Verdict, "%+v", rs[0])
	assert.Empty(t, rs[0].Error)
}

// Doc (no data): a custom check honours MustHaveData from its Policy.
func TestQACustomValidatorMustHaveData(t *testing.T) {
	w := qaWS(t)
	rep, err := validate.Run(context.Background(), w.DB(), []validate.Pair{{
		Green:  catalog.MustName("main", "default", "missing"),
		Checks: validate.Checks{qaCustom{Policy: validate.Policy{MustHaveData: true}}},
	}}, nil)
	require.NoError(t, err)
	assert.Equal(t, validate.Fail, rep.Pairs[0].Results[0].Verdict)
}
