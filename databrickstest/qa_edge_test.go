package databrickstest_test

import (
	"testing"
)

// Edge cases where a naive implementation gives a silently wrong answer,
// and the "fail loudly" contract for SQL outside the fake's subset
// (issue 2: PARSE_SYNTAX_ERROR or an UNSUPPORTED_FEATURE class, never a
// wrong answer).

func TestQAEdgeValues(t *testing.T) {
	_, db := qaNew(t)
	qaRun(t, db, []qaCase{
		{name: "round of a DOUBLE uses its decimal text", src: "Spark RoundBase (BigDecimal of Double.toString, HALF_UP): round(2.675D, 2) = 2.68, not 2.67",
			sql: "SELECT round(2.675D, 2), round(0.125D, 2), round(2.5D), round(-2.5D)", want: []string{"2.68 | 0.13 | 3.0 | -3.0"}},
		{name: "DOUBLE to STRING follows Java", src: "Spark Cast (Double.toString): 1.0E20, 0.1, 1.0E-5, 100.0",
			sql:  "SELECT CAST(1.0E20D AS STRING), CAST(0.1D AS STRING), CAST(1e-5D AS STRING), CAST(100.0D AS STRING), concat('x', 1.0D)",
			want: []string{"1.0E20 | 0.1 | 1.0E-5 | 100.0 | x1.0"}},
		{name: "TIMESTAMP and DATE to STRING", src: "DBX functions/cast (timestamp text without trailing zero fractions)",
			sql:  "SELECT CAST(TIMESTAMP '2024-01-02 03:04:05.123456' AS STRING), CAST(TIMESTAMP '2024-01-02 03:04:05' AS STRING), CAST(DATE '2024-01-02' AS STRING)",
			want: []string{"2024-01-02 03:04:05.123456 | 2024-01-02 03:04:05 | 2024-01-02"}},
		{name: "0.1 + 0.2 in DECIMAL and DOUBLE", src: "spec §5.2 (1.5 is DECIMAL), IEEE DOUBLE",
			sql: "SELECT 0.1 + 0.2 = 0.3, 0.1D + 0.2D, 1.0 = 1.00", want: []string{"true | 0.30000000000000004 | true"}},
		{name: "literal division keeps six digits", src: "spec §5.4 + literal narrowing (5 / 2.0 -> DECIMAL(8,6))",
			sql: "SELECT 5 / 2.0", want: []string{"2.500000"}, types: []string{"DECIMAL"}},
		{name: "integral operators", src: "spec §5.4",
			sql: "SELECT 10 / 4, 10 div 4, 10 % 4, -10 % 4, 10.0 % 4", want: []string{"2.5 | 2 | 2 | -2 | 2.0"}},
		{name: "negative zero", src: "spec §5.3 (-0.0 = 0.0)",
			sql: "SELECT abs(-0.0D), -0.0D = 0.0D", want: []string{"0.0 | true"}},
		{name: "trim removes spaces only", src: "DBX functions/trim (removes leading and trailing space characters)",
			sql: `SELECT length(trim('\tx ')), length(trim('  x  '))`, want: []string{"2 | 1"}},
		{name: "length counts code points", src: "DBX functions/length (character length)",
			sql: "SELECT length('😀'), length('é')", want: []string{"1 | 1"}},
		{name: "upper of sharp s", src: "Spark UTF8String.toUpperCase (Java String.toUpperCase: ß -> SS)",
			sql: "SELECT upper('straße')", want: []string{"STRASSE"},
			gap: "upper('ß') keeps ß; Spark (Java/ICU case mapping) gives SS"},
		{name: "lower of accented capitals", src: "Spark UTF8String.toLowerCase",
			sql: "SELECT lower('ÀÉ')", want: []string{"àé"}},
		{name: "empty or negative substring length", src: "DBX functions/substring (len < 1 -> empty)",
			sql: "SELECT substring('abc', 2, 0), substring('abc', 2, -1)", want: []string{" | "}},
		{name: "NULL into string functions", src: "spec §5.3 (most functions return NULL on NULL input)",
			sql: "SELECT lpad(NULL, 3, 'x'), upper(NULL), length(NULL), concat_ws(',', NULL)", want: []string{"NULL | NULL | NULL | "}},
		{name: "to_date without a format is a cast", src: "DBX functions/to_date (without fmt: a synonym for cast(expr AS DATE))",
			sql: "SELECT to_date('2016-13-45')", class: "CAST_INVALID_INPUT", state: "22018"},
		{name: "to_timestamp with a format and bad input", src: "Spark error-conditions CANNOT_PARSE_TIMESTAMP (22007)",
			sql: "SELECT to_timestamp('2016-99-99', 'yyyy-MM-dd')", class: "CANNOT_PARSE_TIMESTAMP", state: "22007"},
		{name: "invalid calendar date", src: "spec §5.1 (CAST('x' AS DATE) -> CAST_INVALID_INPUT)",
			sql: "SELECT CAST('2024-02-30' AS DATE)", class: "CAST_INVALID_INPUT", state: "22018"},
		{name: "string with a fraction to INT", src: "Spark ANSI cast (UTF8String.toIntExact rejects fractions)",
			sql: "SELECT CAST('1.5' AS INT)", class: "CAST_INVALID_INPUT", state: "22018"},
		{name: "timestamp string forms", src: "DBX functions/cast (STRING to DATE/TIMESTAMP: trimmed, T separator, minutes only)",
			sql:  "SELECT CAST(' 2024-01-05 ' AS DATE), CAST('2024-01-05T10:00:00' AS TIMESTAMP), CAST('2024-01-05 10:00' AS TIMESTAMP)",
			want: []string{"2024-01-05 | 2024-01-05 10:00:00 | 2024-01-05 10:00:00"}},
		{name: "double to integral truncates", src: "DBX functions/cast",
			sql: "SELECT CAST(-3.7D AS INT), CAST(3.7D AS BIGINT), CAST('3.7' AS DOUBLE)", want: []string{"-3 | 3 | 3.7"}},
		{name: "DATE + INT", src: "DBX functions/plussign (DATE + integral -> date_add)",
			sql: "SELECT DATE '2024-01-31' + 1", want: []string{"2024-02-01"}, types: []string{"DATE"}},
		{name: "current_timestamp is fixed within a statement", src: "DBX functions/current_timestamp (same value within a query)",
			sql: "SELECT current_timestamp() = current_timestamp()", want: []string{"true"}},
		{name: "mixed comparisons", src: "spec §5.5 (least common type)",
			sql: "SELECT 1 IN (1.0, 2), '10' > 9, '1.5' = 1.5, true > false", want: []string{"true | true | true | true"}},
		{name: "if with INT and STRING branches is BIGINT", src: "DBX sql-ref-datatype-rules (STRING promotes to BIGINT)",
			sql: "SELECT if(true, 1, 'a')", want: []string{"1"}, types: []string{"BIGINT"}},
		{name: "greatest of strings is binary", src: "spec §5.5",
			sql: "SELECT greatest('a', 'B'), least(DATE '2024-01-01', DATE '2023-01-01')", want: []string{"a | 2023-01-01"}},
		{name: "BIGINT multiplication overflow", src: "spec §5.1",
			sql: "SELECT 9223372036854775807L * 2", class: "ARITHMETIC_OVERFLOW", state: "22003", msg: "long overflow"},
		{name: "trailing semicolon", src: "Spark grammar (singleStatement: statement ';'* EOF)",
			sql: "SELECT 1;", want: []string{"1"}},
		{name: "negative LIMIT", src: "Spark error-conditions INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE (42K0E)",
			sql: "SELECT 1 LIMIT -1", class: "INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE", state: "42K0E"},
		{name: "ORDER BY position out of range", src: "Spark error-conditions ORDER_BY_POS_OUT_OF_RANGE (42805)",
			sql: "SELECT x FROM VALUES (1) AS t(x) ORDER BY 3", class: "ORDER_BY_POS_OUT_OF_RANGE", state: "42805"},
		{name: "nested aggregate", src: "Spark error-conditions NESTED_AGGREGATE_FUNCTION (42607)",
			sql: "SELECT sum(count(*)) FROM VALUES (1) AS t(x)", class: "NESTED_AGGREGATE_FUNCTION", state: "42607"},
		{name: "count_if of a non-boolean", src: "spec §6.2 DATATYPE_MISMATCH",
			sql: "SELECT count_if(x) FROM VALUES (1) AS t(x)", class: "DATATYPE_MISMATCH.*", state: "42K09", msg: `"count_if(x)"`,
			gap: "DATATYPE_MISMATCH messages print ? for the expression: Cannot resolve \"count_if(?)\" … however \"?\" has the type \"INT\""},
	})
}

func TestQAEdgeAggregatesAndSets(t *testing.T) {
	_, db := qaNew(t)
	qaRun(t, db, []qaCase{
		{name: "avg of large BIGINTs does not overflow", src: "Spark Average (sum in DOUBLE for integral input)",
			sql: "SELECT avg(c) FROM VALUES (9223372036854775807L), (9223372036854775807L) AS t(c)", want: []string{"9.223372036854776E18"}},
		{name: "sum of INT beyond INT range", src: "spec §5.4 (sum(int) -> BIGINT)",
			sql: "SELECT sum(c) FROM VALUES (2147483647), (1) AS t(c)", want: []string{"2147483648"}, types: []string{"BIGINT"}},
		{name: "sum of strings is DOUBLE", src: "Spark Sum (STRING input implicitly cast to DOUBLE)",
			sql: "SELECT sum(x) FROM VALUES ('1'), ('2') AS t(x)", want: []string{"3.0"}, types: []string{"DOUBLE"}},
		{name: "max with NaN", src: "spec §5.3 (NaN sorts greater than any other value)",
			sql: "SELECT max(c), min(c) FROM VALUES (1.0D), (CAST('NaN' AS DOUBLE)) AS t(c)", want: []string{"NaN | 1.0"}},
		{name: "GROUP BY over no rows gives no rows", src: "SQL semantics (no groups)",
			sql: "SELECT count(*) FROM VALUES (1) AS t(x) WHERE false GROUP BY x", want: []string{}},
		{name: "global aggregate over no rows gives one row", src: "spec §5.4",
			sql: "SELECT count(*) FROM VALUES (1) AS t(x) WHERE false", want: []string{"0"}},
		{name: "HAVING without GROUP BY", src: "DBX sql-ref-syntax-qry-select-having",
			sql: "SELECT sum(x) FROM VALUES (1), (2) AS t(x) HAVING sum(x) > 100", want: []string{}},
		{name: "DISTINCT folds -0.0 and NaN", src: "spec §5.3 (NaN = NaN; -0.0 = 0.0)",
			sql: "SELECT count(DISTINCT x) FROM VALUES (0.0D), (-0.0D), (CAST('NaN' AS DOUBLE)), (CAST('NaN' AS DOUBLE)) AS t(x)", want: []string{"2"}},
		{name: "aggregates of all-NULL input", src: "spec §5.4",
			sql:  "SELECT stddev(x), variance(x), bool_and(b), min(s) FROM VALUES (CAST(NULL AS INT), CAST(NULL AS BOOLEAN), CAST(NULL AS STRING)) AS t(x, b, s)",
			want: []string{"NULL | NULL | NULL | NULL"}},
		{name: "INTERSECT binds tighter than UNION", src: "Spark set-operation precedence (spark.sql.legacy.setopsPrecedence.enabled=false)",
			sql: "SELECT c FROM (SELECT 1 AS c UNION SELECT 2 INTERSECT SELECT 2) ORDER BY c", want: []string{"1", "2"}},
		{name: "ORDER BY after UNION sorts the union", src: "DBX sql-ref-syntax-qry-select-setops",
			sql: "SELECT 1 AS c UNION ALL SELECT 2 ORDER BY c DESC", want: []string{"2", "1"}},
		{name: "ON filter of a LEFT JOIN keeps the left row", src: "DBX sql-ref-syntax-qry-select-join",
			sql:  "SELECT a.k, b.x FROM VALUES (1), (2) AS a(k) LEFT JOIN VALUES (1, 3), (2, 9) AS b(k, x) ON a.k = b.k AND b.x > 5 ORDER BY a.k",
			want: []string{"1 | NULL", "2 | 9"}},
		{name: "FULL JOIN USING coalesces the key", src: "DBX sql-ref-syntax-qry-select-join (USING)",
			sql:  "SELECT k, a.v, b.w FROM VALUES (1, 'a'), (2, 'b') AS a(k, v) FULL JOIN VALUES (2, 'x'), (3, 'y') AS b(k, w) USING (k) ORDER BY k",
			want: []string{"1 | a | NULL", "2 | b | x", "3 | NULL | y"}},
		{name: "GROUP BY an expression", src: "DBX sql-ref-syntax-qry-select-groupby",
			sql: "SELECT k % 2 AS p, count(*) FROM VALUES (1), (2), (3) AS t(k) GROUP BY k % 2 ORDER BY p", want: []string{"0 | 1", "1 | 2"}},
		{name: "correlated aggregate subquery", src: "DBX sql-ref-syntax-qry-select-subqueries",
			sql:  "SELECT k, v FROM VALUES (1, 10), (1, 30), (2, 5) AS e(k, v) WHERE v > (SELECT avg(v) FROM VALUES (1, 10), (1, 30), (2, 5) AS e2(k, v) WHERE e2.k = e.k)",
			want: []string{"1 | 30"}},
		{name: "IN subquery with NULL in SELECT list", src: "spec §5.3 (x IN (subquery) like IN list)",
			sql: "SELECT x, x IN (SELECT y FROM VALUES (1), (NULL) AS u(y)) FROM VALUES (1), (2) AS t(x) ORDER BY x", want: []string{"1 | true", "2 | NULL"}},
		{name: "a CTE referenced twice", src: "DBX sql-ref-syntax-qry-select-cte",
			sql: "WITH c AS (SELECT 1 AS x) SELECT a.x + b.x FROM c a JOIN c b ON a.x = b.x", want: []string{"2"}},
		{name: "ORDER BY an aggregate alias", src: "DBX sql-ref-syntax-qry-select-orderby",
			sql: "SELECT k, count(*) AS n FROM VALUES (1), (1), (2) AS t(k) GROUP BY k ORDER BY n DESC", want: []string{"1 | 2", "2 | 1"}},
	})
}

func TestQAUnsupportedFailsLoudly(t *testing.T) {
	_, db := qaNew(t)
	loud := "UNSUPPORTED_FEATURE.*|PARSE_SYNTAX_ERROR|UNSUPPORTED_DATATYPE|UNRESOLVED_ROUTINE"
	for _, c := range []struct{ name, sql string }{
		{"window function", "SELECT row_number() OVER (ORDER BY x) FROM VALUES (1) AS t(x)"},
		{"PIVOT", "SELECT * FROM VALUES (1, 'a') AS t(x, y) PIVOT (sum(x) FOR y IN ('a'))"},
		{"QUALIFY", "SELECT x FROM VALUES (1) AS t(x) QUALIFY x > 0"},
		{"GROUPING SETS", "SELECT x, count(*) FROM VALUES (1) AS t(x) GROUP BY GROUPING SETS ((x), ())"},
		{"temporary view", "CREATE TEMPORARY VIEW tv AS SELECT 1"},
		{"ARRAY column", "CREATE TABLE arr (a ARRAY<INT>)"},
		{"LATERAL VIEW", "SELECT x FROM VALUES (1) AS t(x) LATERAL VIEW explode(array(1)) e AS y"},
		{"table-valued function", "SELECT * FROM range(10)"},
		{"aggregate FILTER", "SELECT count(*) FILTER (WHERE x > 1) FROM VALUES (1), (2) AS t(x)"},
		{"ANSI mode off", "SET ANSI_MODE = false"},
		{"BEGIN TRANSACTION", "BEGIN TRANSACTION"},
	} {
		t.Run(c.name, func(t *testing.T) {
			qaVerdict(t, qaCase{sql: c.sql, src: "issue 2 (outside the subset: PARSE_SYNTAX_ERROR or an UNSUPPORTED_FEATURE class)"},
				qaCheck(db, qaCase{sql: c.sql, class: loud}))
		})
	}
}
