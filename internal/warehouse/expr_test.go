package warehouse_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Expected values come from the semantics spec (ANSI mode, NULL logic,
// arithmetic result types, hash vectors) and Spark's documentation.
func TestScalarExpressions(t *testing.T) {
	s := newSession(t)
	tests := []struct {
		sql  string
		want string
	}{
		// Three-valued logic (spec §5.3).
		{"SELECT NULL AND FALSE", "false"},
		{"SELECT NULL AND TRUE", "NULL"},
		{"SELECT NULL OR TRUE", "true"},
		{"SELECT NULL OR FALSE", "NULL"},
		{"SELECT NOT NULL", "NULL"},
		{"SELECT NULL = NULL", "NULL"},
		{"SELECT NULL <=> NULL", "true"},
		{"SELECT 1 <=> NULL", "false"},
		{"SELECT NULL IS DISTINCT FROM 1", "true"},
		{"SELECT 1 IS NOT DISTINCT FROM 1", "true"},
		{"SELECT 1 IN (1, NULL)", "true"},
		{"SELECT 2 IN (1, NULL)", "NULL"},
		{"SELECT 2 NOT IN (1, NULL)", "NULL"},
		{"SELECT 2 NOT IN (1, 3)", "true"},
		{"SELECT NULL IS NULL", "true"},
		{"SELECT 'a' IS NOT NULL", "true"},
		{"SELECT coalesce(NULL, NULL, 3)", "3"},
		{"SELECT nvl(NULL, 'x')", "x"},
		{"SELECT ifnull('y', 'x')", "y"},
		{"SELECT nullif(1, 1)", "NULL"},
		{"SELECT nullif(1, 2)", "1"},
		{"SELECT if(1 > 2, 'a', 'b')", "b"},
		{"SELECT CASE WHEN 1 = 2 THEN 'x' WHEN 2 = 2 THEN 'y' END", "y"},
		{"SELECT CASE 3 WHEN 1 THEN 'one' WHEN 3 THEN 'three' ELSE 'other' END", "three"},
		{"SELECT CASE WHEN NULL THEN 1 ELSE 2 END", "2"},
		{"SELECT CASE WHEN false THEN 1 END", "NULL"},
		{"SELECT 5 BETWEEN 1 AND 10", "true"},
		{"SELECT 5 NOT BETWEEN 1 AND 4", "true"},
		// Arithmetic (spec §5.4).
		{"SELECT 7 / 2", "3.5"},
		{"SELECT 1 / 3", "0.3333333333333333"},
		{"SELECT 7 div 2", "3"},
		{"SELECT -7 div 2", "-3"},
		{"SELECT -7 % 3", "-1"},
		{"SELECT 7 % -3", "1"},
		{"SELECT pmod(-7, 3)", "2"},
		{"SELECT 2 + 3 * 4", "14"},
		{"SELECT (2 + 3) * 4", "20"},
		{"SELECT 1.0 / 3", "0.333333"}, // integral literals take their minimum precision
		// Short circuit: the right side is not evaluated for decided rows.
		{"SELECT false AND 1 / 0 > 1", "false"},
		{"SELECT true OR 1 / 0 > 1", "true"},
		{"SELECT CASE WHEN true THEN 1 ELSE 1 / 0 END", "1.0"}, // the common type of INT and DOUBLE
		{"SELECT if(false, 1 div 0, 7)", "7"},
		{"SELECT coalesce(1, 1 div 0)", "1"},
		// Strings (spec §5.5).
		{"SELECT 'a' <> 'A'", "true"},
		{"SELECT 'B' < 'a'", "true"},
		{"SELECT 'a' = 'a '", "false"},
		{"SELECT 'ab' || 'cd'", "abcd"},
		{"SELECT concat('a', NULL)", "NULL"},
		{"SELECT concat_ws(',', 'a', NULL, 'b')", "a,b"},
		{"SELECT 'Spark' LIKE 'Sp%'", "true"},
		{"SELECT 'Spark' LIKE 'sp%'", "false"},
		{"SELECT 'Spark' ILIKE 'sp%'", "true"},
		{"SELECT 'Spark' NOT LIKE '_park'", "false"},
		{"SELECT 'abc123' RLIKE '^[a-z]+[0-9]+$'", "true"},
		// Implicit casts: int_col = '5' compares as BIGINT (spec §5.5).
		{"SELECT 5 = '5'", "true"},
		{"SELECT DATE '2024-01-01' = '2024-01-01'", "true"},
		// Hashes (spec §5.6).
		{"SELECT hash(0)", "933211791"},
		{"SELECT hash(1L)", "-1712319331"},
		{"SELECT hash('abcde')", "814637928"},
		{"SELECT hash('a', 1)", "532252686"},
		{"SELECT hash(NULL)", "42"},
		{"SELECT pmod(hash(1), 100)", "43"},
		{"SELECT hash(1) % 100", "-57"},
		{"SELECT xxhash64('user_42')", "-3178879113700667421"},
		{"SELECT xxhash64('a', 1)", "-4810547614043336770"},
		{"SELECT pmod(xxhash64('user_1'), 100)", "40"},
		// Literals.
		{`SELECT 'it\'s'`, "it's"},
		{"SELECT 'it''s'", "its"}, // adjacent literals concatenate in Spark SQL
		{"SELECT 1e3", "1000.0"},
		{"SELECT 9223372036854775808", "9223372036854775808"},
		{"SELECT TRUE AND NOT FALSE", "true"},
		{"SELECT DATE '2024-02-29'", "2024-02-29"},
		{"SELECT TIMESTAMP '2024-01-02 03:04:05'", "2024-01-02 03:04:05"},
		{"SELECT CAST('12' AS INT) + 1", "13"},
		{"SELECT TRY_CAST('abc' AS INT)", "NULL"},
		{"SELECT CAST(1.5 AS STRING)", "1.5"},
		// Day-time intervals.
		{"SELECT TIMESTAMP '2024-01-01 04:00:00' - INTERVAL 90 MINUTES", "2024-01-01 02:30:00"},
		{"SELECT TIMESTAMP '2024-01-01 00:00:00' + INTERVAL '1' DAY", "2024-01-02 00:00:00"},
		{"SELECT DATE '2024-01-01' - INTERVAL 1 HOUR", "2023-12-31 23:00:00"},
		{"SELECT INTERVAL 1 DAY 2 HOURS", "INTERVAL '1 02:00:00' DAY TO SECOND"},
		{"SELECT INTERVAL 1 HOUR + INTERVAL 30 MINUTES", "INTERVAL '0 01:30:00' DAY TO SECOND"},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			assert.Equal(t, tt.want, one(t, s, tt.sql))
		})
	}
}

func TestStarArguments(t *testing.T) {
	s := newSession(t)
	exec(t, s, "CREATE TABLE t (a INT, b STRING)", "INSERT INTO t VALUES (1, 'x')")
	assert.Equal(t, "1,x", one(t, s, "SELECT concat_ws(',', *) FROM t"))
	assert.Equal(t, one(t, s, "SELECT hash(a, b) FROM t"), one(t, s, "SELECT hash(t.*) FROM t"))
}

func TestLiteralTypes(t *testing.T) {
	s := newSession(t)
	assert.Equal(t,
		[]string{"INT", "BIGINT", "BIGINT", "DECIMAL(2,1)", "DOUBLE", "DOUBLE", "TINYINT", "SMALLINT", "STRING", "BOOLEAN", "DECIMAL(19,0)"},
		types(t, s, "SELECT 1, 2147483648, 1L, 1.5, 1.5D, 1e3, 1Y, 1S, 'a', true, 9223372036854775808"))
	// Result types of arithmetic and aggregates (spec §5.4).
	assert.Equal(t, []string{"DOUBLE", "BIGINT", "INT", "DECIMAL(7,6)"},
		types(t, s, "SELECT 7 / 2, 7 div 2, 1 + 1, 1.0 / 3"))
}

func TestANSIErrors(t *testing.T) {
	s := newSession(t)
	tests := []struct{ sql, class string }{
		{"SELECT 2147483647 + 1", "ARITHMETIC_OVERFLOW"},
		{"SELECT 9223372036854775807L * 2", "ARITHMETIC_OVERFLOW"},
		{"SELECT 1 / 0", "DIVIDE_BY_ZERO"},
		{"SELECT 1.5D / 0", "DIVIDE_BY_ZERO"},
		{"SELECT 5 % 0", "DIVIDE_BY_ZERO"},
		{"SELECT 5 div 0", "DIVIDE_BY_ZERO"},
		{"SELECT CAST('abc' AS INT)", "CAST_INVALID_INPUT"},
		{"SELECT CAST('x' AS DATE)", "CAST_INVALID_INPUT"},
		{"SELECT 5 = 'abc'", "CAST_INVALID_INPUT"},
		{"SELECT CAST(2147483648L AS INT)", "CAST_OVERFLOW"},
		{"SELECT abs(-2147483648)", "ARITHMETIC_OVERFLOW"},
		{"SELECT INTERVAL 1 MONTH", "UNSUPPORTED_FEATURE"},
		{"SELECT 1 + INTERVAL 1 DAY", "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES"},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) { fails(t, s, tt.sql, tt.class) })
	}
	e := fails(t, s, "SELECT 1/0", "DIVIDE_BY_ZERO")
	assert.Equal(t, "22012", e.SqlState())
	assert.Contains(t, e.Error(), "[DIVIDE_BY_ZERO] Division by zero.")
	assert.Regexp(t, `SQLSTATE: 22012$`, e.Error())
}

func TestAnalysisErrors(t *testing.T) {
	s := newSession(t)
	exec(t, s, "CREATE TABLE t (id INT, name STRING)", "CREATE TABLE u (id INT, v INT)")
	tests := []struct{ sql, class string }{
		{"SELECT nope FROM t", "UNRESOLVED_COLUMN.WITH_SUGGESTION"},
		{"SELECT id FROM t JOIN u ON t.id = u.id", "AMBIGUOUS_REFERENCE"},
		{"SELECT no_such_fn(1)", "UNRESOLVED_ROUTINE"},
		{"SELECT * FROM missing", "TABLE_OR_VIEW_NOT_FOUND"},
		{"SELECT id, count(*) FROM t", "MISSING_AGGREGATION"},
		{"SELECT id FROM t WHERE count(*) > 1", "INVALID_WHERE_CONDITION"},
		{"SELECT 1 UNION SELECT 1, 2", "NUM_COLUMNS_MISMATCH"},
		{"SELECT (SELECT id FROM t)", "SCALAR_SUBQUERY_TOO_MANY_ROWS"},
		{"SELECT substring('abc')", "WRONG_NUM_ARGS.WITHOUT_SUGGESTION"},
		{"SELECT id FROM t ORDER BY 5", "ORDER_BY_POS_OUT_OF_RANGE"},
		{"SELECT DATE '2024-13-45'", "INVALID_TYPED_LITERAL"},
		{"SELEC 1", "PARSE_SYNTAX_ERROR"},
		{"", "PARSE_EMPTY_STATEMENT"},
	}
	exec(t, s, "INSERT INTO t VALUES (1, 'a'), (2, 'b')")
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) { fails(t, s, tt.sql, tt.class) })
	}
	e := fails(t, s, "SELECT nme FROM t", "UNRESOLVED_COLUMN.WITH_SUGGESTION")
	assert.Equal(t, "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `nme` cannot be resolved. Did you mean one of the following? [`t`.`name`, `t`.`id`]. SQLSTATE: 42703", e.Error())
	e = fails(t, s, "SELECT * FROM main.default.missing", "TABLE_OR_VIEW_NOT_FOUND")
	assert.Contains(t, e.Error(), "The table or view `main`.`default`.`missing` cannot be found.")
	assert.Equal(t, "42P01", e.SqlState())
}
