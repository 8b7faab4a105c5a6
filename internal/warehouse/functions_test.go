package warehouse_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The expected values are the examples of Databricks' SQL function reference.
func TestFunctions(t *testing.T) {
	s := newSession(t)
	tests := []struct{ sql, want string }{
		{"SELECT lower('SparkSql')", "sparksql"},
		{"SELECT upper('SparkSql')", "SPARKSQL"},
		{"SELECT concat('Spark', 'SQL')", "SparkSQL"},
		{"SELECT concat_ws(' ', 'Spark', 'SQL')", "Spark SQL"},
		{"SELECT substring('Spark SQL', 5)", "k SQL"},
		{"SELECT substring('Spark SQL', -3)", "SQL"},
		{"SELECT substring('Spark SQL', 5, 1)", "k"},
		{"SELECT substr('Spark SQL', 5, 1)", "k"},
		{"SELECT length('Spark SQL ')", "10"},
		{"SELECT trim('    SparkSQL   ')", "SparkSQL"},
		{"SELECT ltrim('    SparkSQL   ')", "SparkSQL   "},
		{"SELECT rtrim('    SparkSQL   ')", "    SparkSQL"},
		{"SELECT replace('ABCabc', 'abc', 'DEF')", "ABCDEF"},
		{"SELECT lpad('hi', 5, '??')", "???hi"},
		{"SELECT lpad('hi', 1, '??')", "h"},
		{"SELECT rpad('hi', 5, '??')", "hi???"},
		{"SELECT startswith('SparkSQL', 'Spark')", "true"},
		{"SELECT endswith('SparkSQL', 'SQL')", "true"},
		{"SELECT contains('SparkSQL', 'Spark')", "true"},
		{"SELECT abs(-1)", "1"},
		{"SELECT round(2.5, 0)", "3"},
		{"SELECT floor(-0.1)", "-1"},
		{"SELECT ceil(-0.1)", "0"},
		{"SELECT power(2, 3)", "8.0"},
		{"SELECT sqrt(4)", "2.0"},
		{"SELECT greatest(10, 9, 2, 4, 3)", "10"},
		{"SELECT least(10, 9, 2, 4, 3)", "2"},
		{"SELECT mod(2, 1.8)", "0.2"},
		{"SELECT date_add('2016-07-30', 1)", "2016-07-31"},
		{"SELECT date_sub('2016-07-30', 1)", "2016-07-29"},
		{"SELECT datediff('2009-07-31', '2009-07-30')", "1"},
		{"SELECT to_date('2009-07-30 04:17:52')", "2009-07-30"},
		{"SELECT to_date('2016-12-31', 'yyyy-MM-dd')", "2016-12-31"},
		{"SELECT to_timestamp('2016-12-31 00:12:00')", "2016-12-31 00:12:00"},
		{"SELECT to_timestamp('2016-12-31', 'yyyy-MM-dd')", "2016-12-31 00:00:00"},
		{"SELECT date_trunc('YEAR', '2015-03-05T09:32:05.359')", "2015-01-01 00:00:00"},
		{"SELECT date_trunc('MM', '2015-03-05T09:32:05.359')", "2015-03-01 00:00:00"},
		{"SELECT date_trunc('DD', '2015-03-05T09:32:05.359')", "2015-03-05 00:00:00"},
		{"SELECT date_trunc('HOUR', '2015-03-05T09:32:05.359')", "2015-03-05 09:00:00"},
		{"SELECT year('2016-07-30')", "2016"},
		{"SELECT month('2016-07-30')", "7"},
		{"SELECT day('2016-07-30')", "30"},
		// Aggregates.
		{"SELECT percentile(col, 0.5) FROM VALUES (0), (1), (2), (10) AS tab(col)", "1.5"},
		{"SELECT percentile_approx(col, 0.5, 100) FROM VALUES (0), (6), (7), (9), (10) AS tab(col)", "7"},
		{"SELECT variance(col) FROM VALUES (1), (2), (3) AS tab(col)", "1.0"},
		{"SELECT stddev(col) FROM VALUES (1), (2), (3) AS tab(col)", "1.0"},
		{"SELECT count_if(col % 2 = 0) FROM VALUES (NULL), (0), (1), (2), (3) AS tab(col)", "2"},
		{"SELECT bool_and(col) FROM VALUES (true), (false), (true) AS tab(col)", "false"},
		{"SELECT bool_or(col) FROM VALUES (true), (false), (true) AS tab(col)", "true"},
		{"SELECT approx_count_distinct(col1) FROM VALUES (1), (1), (2), (2), (3) AS tab(col1)", "3"},
		{"SELECT any_value(col) FROM VALUES (10), (10), (10) AS tab(col)", "10"},
		{"SELECT count(DISTINCT x) FROM VALUES (1), (1), (NULL), (2) AS t(x)", "2"},
		{"SELECT sum(DISTINCT x) FROM VALUES (1), (1), (NULL), (2) AS t(x)", "3"},
		// DISTINCT treats -0.0 as 0.0 and all NaNs as one value.
		{"SELECT count(DISTINCT x) FROM VALUES (0.0D), (-0.0D), (CAST('NaN' AS DOUBLE)), (CAST('NaN' AS DOUBLE)) AS t(x)", "2"},
		{"SELECT min(col), max(col) FROM VALUES ('b'), ('a'), (NULL) AS tab(col)", ""},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			if tt.want == "" {
				assert.Equal(t, [][]string{{"a", "b"}}, rows(t, s, tt.sql))
				return
			}
			assert.Equal(t, tt.want, one(t, s, tt.sql))
		})
	}
	assert.Equal(t, []string{"DATE", "TIMESTAMP", "STRING"}, types(t, s, "SELECT current_date(), current_timestamp(), current_user()"))
	assert.Equal(t, "admin@databricks.test", one(t, s, "SELECT current_user()"))
}
