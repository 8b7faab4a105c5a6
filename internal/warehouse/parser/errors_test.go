package parser

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestSyntaxErrors checks Spark's PARSE_SYNTAX_ERROR text: the offending
// token quoted as written, "end of input" at the end, and the ": extra input"
// hint when a complete statement is followed by exactly one token.
func TestSyntaxErrors(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		want string
	}{
		{"end of input", "SELECT * FROM", "[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601"},
		{"dangling operator", "SELECT 1 +", "[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601"},
		{"unexpected keyword", "SELECT a FROM t WHERE a = 1 FROM u", "[PARSE_SYNTAX_ERROR] Syntax error at or near 'FROM'. SQLSTATE: 42601"},
		{"token as written", "select a from t where a = 1 from u", "[PARSE_SYNTAX_ERROR] Syntax error at or near 'from'. SQLSTATE: 42601"},
		{"extra input", "SELECT 1 a b", "[PARSE_SYNTAX_ERROR] Syntax error at or near 'b': extra input 'b'. SQLSTATE: 42601"},
		{"extra input before semicolon", "SELECT 1 a b;", "[PARSE_SYNTAX_ERROR] Syntax error at or near 'b': extra input 'b'. SQLSTATE: 42601"},
		{"two extra tokens", "SELECT 1 a b c", "[PARSE_SYNTAX_ERROR] Syntax error at or near 'b'. SQLSTATE: 42601"},
		{"two statements", "SELECT 1; SELECT 2", "[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELECT'. SQLSTATE: 42601"},
		{"unclosed string", "SELECT 'abc", "[PARSE_SYNTAX_ERROR] Syntax error at or near '''. SQLSTATE: 42601"},
		{"unbalanced backquote", "SELECT `abc FROM t", "[PARSE_SYNTAX_ERROR] Syntax error at or near '`'. SQLSTATE: 42601"},
		{"unknown character", "SELECT $x", "[PARSE_SYNTAX_ERROR] Syntax error at or near '$'. SQLSTATE: 42601"},
		{"unknown statement", "FROB t", "[PARSE_SYNTAX_ERROR] Syntax error at or near 'FROB'. SQLSTATE: 42601"},
		{"negative decimal scale", "SELECT CAST(1 AS DECIMAL(10,-2))", "[PARSE_SYNTAX_ERROR] Syntax error at or near '-'. SQLSTATE: 42601"},
		{"or replace with if not exists", "CREATE OR REPLACE TABLE IF NOT EXISTS t (a INT)", "[PARSE_SYNTAX_ERROR] Syntax error at or near 'NOT'. SQLSTATE: 42601"},
		{"reserved word as column", "SELECT a, FROM t", "[PARSE_SYNTAX_ERROR] Syntax error at or near 'FROM'. SQLSTATE: 42601"},
		{"predicate after predicate", "SELECT a IS NULL IS NULL", "[PARSE_SYNTAX_ERROR] Syntax error at or near 'IS'. SQLSTATE: 42601"},
		{"empty in list", "SELECT a IN ()", "[PARSE_SYNTAX_ERROR] Syntax error at or near ')'. SQLSTATE: 42601"},
		{"newline in token display", "SELECT 1 'a\nb' c", "[PARSE_SYNTAX_ERROR] Syntax error at or near ''a\\nb''. SQLSTATE: 42601"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.sql)
			assert.EqualError(t, err, tt.want)
		})
	}
}

func TestStatementErrors(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		want string
	}{
		{"empty", "", "[PARSE_EMPTY_STATEMENT] Syntax error, unexpected empty statement. SQLSTATE: 42617"},
		{"only semicolons", " ; ;", "[PARSE_EMPTY_STATEMENT] Syntax error, unexpected empty statement. SQLSTATE: 42617"},
		{"only comments", "-- a\n/* b */", "[PARSE_EMPTY_STATEMENT] Syntax error, unexpected empty statement. SQLSTATE: 42617"},
		{"unclosed comment", "SELECT 1 /* abc", "[UNCLOSED_BRACKETED_COMMENT] Found an unclosed bracketed comment. Please, append */ at the end of the comment. SQLSTATE: 42601"},
		{"only an unclosed comment", "/* abc", "[UNCLOSED_BRACKETED_COMMENT] Found an unclosed bracketed comment. Please, append */ at the end of the comment. SQLSTATE: 42601"},
		{"unclosed nested comment", "SELECT 1 /* a /* b */", "[UNCLOSED_BRACKETED_COMMENT] Found an unclosed bracketed comment. Please, append */ at the end of the comment. SQLSTATE: 42601"},
		{"syntax error wins over unclosed comment", "SELECT /* abc", "[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601"},
		{"mixed markers", "SELECT ? + :a", "[INVALID_QUERY_MIXED_QUERY_PARAMETERS] Parameterized query must either use positional, or named parameters, but not both. SQLSTATE: 42613"},
		{"invalid identifier", "SELECT * FROM my-table", "[INVALID_IDENTIFIER] The unquoted identifier my-table is invalid and must be back quoted as: `my-table`.\n" +
			"Unquoted identifiers can only contain ASCII letters ('a' - 'z', 'A' - 'Z'), digits ('0' - '9'), and underbar ('_').\n" +
			"Unquoted identifiers must also not start with a digit.\n" +
			"Different data sources and meta stores may impose additional restrictions on valid identifiers. SQLSTATE: 42602"},
		{"non-ASCII identifier", "SELECT café FROM t", "[INVALID_IDENTIFIER] The unquoted identifier café is invalid and must be back quoted as: `café`.\n" +
			"Unquoted identifiers can only contain ASCII letters ('a' - 'z', 'A' - 'Z'), digits ('0' - '9'), and underbar ('_').\n" +
			"Unquoted identifiers must also not start with a digit.\n" +
			"Different data sources and meta stores may impose additional restrictions on valid identifiers. SQLSTATE: 42602"},
		{"escape of two characters", "SELECT a LIKE 'x' ESCAPE 'ab'", "[INVALID_ESC] Found an invalid escape string: 'ab'. The escape string must contain only one character. SQLSTATE: 42604"},
		{"unknown typed literal", "SELECT foo 'bar'", `[UNSUPPORTED_TYPED_LITERAL] Literals of the type "FOO" are not supported. Supported types are "DATE", "TIMESTAMP_NTZ", "TIMESTAMP_LTZ", "TIMESTAMP", "INTERVAL", "X". SQLSTATE: 0A000`},
		{"syntax error wins over a literal error", "SELECT 128Y FROM", "[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601"},
		{"duplicate comment", "CREATE SCHEMA s COMMENT 'a' COMMENT 'b'", "[DUPLICATE_CLAUSES] Found duplicate clauses: COMMENT. Please, remove one of them. SQLSTATE: 42614"},
		{"duplicate tblproperties", "CREATE TABLE t (a INT) TBLPROPERTIES ('a'='1') TBLPROPERTIES ('b'='2')", "[DUPLICATE_CLAUSES] Found duplicate clauses: TBLPROPERTIES. Please, remove one of them. SQLSTATE: 42614"},
		{"duplicate partitioned by", "CREATE TABLE t (a INT) PARTITIONED BY (a) PARTITIONED BY (a)", "[DUPLICATE_CLAUSES] Found duplicate clauses: PARTITIONED BY. Please, remove one of them. SQLSTATE: 42614"},
		{"duplicate not null", "CREATE TABLE t (a INT NOT NULL NOT NULL)", "[DUPLICATE_CLAUSES] Found duplicate clauses: NOT NULL. Please, remove one of them. SQLSTATE: 42614"},
		{"ctas with columns", "CREATE TABLE t (a INT) AS SELECT 1", "[INVALID_SQL_SYNTAX] Invalid SQL syntax: Schema may not be specified in a Create Table As Select (CTAS) statement. SQLSTATE: 42000"},
		{"view with or replace and if not exists", "CREATE OR REPLACE VIEW IF NOT EXISTS v AS SELECT 1", "[INVALID_SQL_SYNTAX] Invalid SQL syntax: CREATE VIEW with both IF NOT EXISTS and REPLACE is not allowed. SQLSTATE: 42000"},
		{"temporary view with if not exists", "CREATE TEMPORARY VIEW IF NOT EXISTS v AS SELECT 1", "[INVALID_SQL_SYNTAX] Invalid SQL syntax: It is not allowed to define a TEMPORARY view with IF NOT EXISTS. SQLSTATE: 42000"},
		{"temporary view with a qualified name", "CREATE TEMPORARY VIEW s.v AS SELECT 1", "[TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS] CREATE TEMPORARY VIEW or the corresponding Dataset APIs only accept single-part view names, but got: `s`.`v`. SQLSTATE: 428EK"},
		{"markers in a view", "CREATE VIEW v AS SELECT * FROM t WHERE a = :a", "[UNSUPPORTED_FEATURE.PARAMETER_MARKER_IN_UNEXPECTED_STATEMENT] The feature is not supported: Parameter markers are not allowed in CREATE VIEW. SQLSTATE: 0A000"},
		{"markers in alter view", "ALTER VIEW v AS SELECT ?", "[UNSUPPORTED_FEATURE.PARAMETER_MARKER_IN_UNEXPECTED_STATEMENT] The feature is not supported: Parameter markers are not allowed in ALTER VIEW. SQLSTATE: 0A000"},
		{"show columns conflict", "SHOW COLUMNS IN a.t IN b", "[SHOW_COLUMNS_WITH_CONFLICT_NAMESPACE] SHOW COLUMNS with conflicting namespaces: `b` != `a`. SQLSTATE: 42K05"},
		{"set syntax", "SET a b = c", "[INVALID_SET_SYNTAX] Expected format is 'SET', 'SET key', or 'SET key=value'. If you want to include special characters in key, or include semicolon in value, please use backquotes, e.g., SET `key`=`value`. SQLSTATE: 42000"},
		{"semicolon in set value", "SET a = b;c", "[INVALID_SET_SYNTAX] Expected format is 'SET', 'SET key', or 'SET key=value'. If you want to include special characters in key, or include semicolon in value, please use backquotes, e.g., SET `key`=`value`. SQLSTATE: 42000"},
		{"two time travel formats", "SELECT * FROM t@v1 VERSION AS OF 2", "[DELTA_UNSUPPORTED_TIME_TRAVEL_MULTIPLE_FORMATS] Cannot specify time travel in multiple formats. SQLSTATE: 42613"},
		{"malformed at timestamp", "SELECT * FROM t@20241302030405123", "[DELTA_INVALID_TIMESTAMP_FORMAT] The provided timestamp 20241302030405123 does not match the expected syntax yyyyMMddHHmmssSSS. SQLSTATE: 22007"},
		{"short at timestamp", "SELECT * FROM t@2024", "[DELTA_INVALID_TIMESTAMP_FORMAT] The provided timestamp 2024 does not match the expected syntax yyyyMMddHHmmssSSS. SQLSTATE: 22007"},
		{"too deep", "SELECT " + strings.Repeat("(", 5000) + "1" + strings.Repeat(")", 5000), "[FAILED_TO_PARSE_TOO_COMPLEX] The statement, including potential SQL functions and referenced views, was too complex to parse.\n" +
			"To mitigate this error divide the statement into multiple, less complex chunks. SQLSTATE: 54001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.sql)
			assert.EqualError(t, err, tt.want)
		})
	}
}

// TestUnsupported checks that constructs the warehouse does not implement
// fail loudly with UNSUPPORTED_FEATURE instead of being ignored.
func TestUnsupported(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		want string
	}{
		{"window function", "SELECT rank() OVER (ORDER BY a) FROM t", "window functions (OVER)"},
		{"filter clause", "SELECT count(*) FILTER (WHERE a > 1) FROM t", "FILTER clauses on aggregate functions"},
		{"within group", "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY a) FROM t", "WITHIN GROUP"},
		{"lambda", "SELECT transform(a, x -> x + 1) FROM t", "lambda functions"},
		{"lambda with two parameters", "SELECT aggregate(a, 0, (acc, x) -> acc + x) FROM t", "lambda functions"},
		{"extract", "SELECT EXTRACT(YEAR FROM d) FROM t", "EXTRACT"},
		{"year-month interval literal", "SELECT INTERVAL '1' MONTH", "year-month INTERVAL literals"},
		{"timestamp_ntz literal", "SELECT TIMESTAMP_NTZ '2024-01-01'", "TIMESTAMP_NTZ literals"},
		{"binary literal", "SELECT X'0A'", "BINARY literals (X'…')"},
		{"subscript", "SELECT a[0] FROM t", "subscripts (expr[index])"},
		{"json path", "SELECT raw:store.bicycle FROM t", "JSON path expressions (expr:path)"},
		{"star except", "SELECT * EXCEPT (a) FROM t", "* EXCEPT (columns)"},
		{"table-valued function", "SELECT * FROM range(10)", "table-valued functions"},
		{"grouping sets", "SELECT a FROM t GROUP BY GROUPING SETS ((a))", "ROLLUP, CUBE and GROUPING SETS"},
		{"with rollup", "SELECT a FROM t GROUP BY a WITH ROLLUP", "ROLLUP, CUBE and GROUPING SETS"},
		{"qualify", "SELECT a FROM t QUALIFY a > 1", "QUALIFY"},
		{"sort by", "SELECT a FROM t SORT BY a", "SORT BY, CLUSTER BY and DISTRIBUTE BY"},
		{"pivot", "SELECT * FROM t PIVOT (sum(a) FOR b IN (1))", "PIVOT and UNPIVOT"},
		{"alias on a parenthesised join", "SELECT * FROM (a JOIN b ON true) AS j", "aliases on parenthesised joins"},
		{"lateral view", "SELECT * FROM t LATERAL VIEW explode(a) x", "LATERAL VIEW"},
		{"managed location", "CREATE CATALOG c MANAGED LOCATION 's3://b/p'", "MANAGED LOCATION"},
		{"schema location", "CREATE SCHEMA s LOCATION 's3://b/p'", "LOCATION and MANAGED LOCATION"},
		{"table location", "CREATE TABLE t (a INT) LOCATION 's3://b/p'", "LOCATION (external tables)"},
		{"cluster by", "CREATE TABLE t (a INT) CLUSTER BY (a)", "CLUSTER BY (liquid clustering)"},
		{"generated column", "CREATE TABLE t (a INT GENERATED ALWAYS AS (1))", "generated and identity columns"},
		{"table constraint", "CREATE TABLE t (a INT, CONSTRAINT pk PRIMARY KEY (a))", "table constraints"},
		{"partition transform", "CREATE TABLE t (a DATE) PARTITIONED BY (years(a))", "partition transforms"},
		{"create table like", "CREATE TABLE t LIKE s", "CREATE TABLE … LIKE"},
		{"explain", "EXPLAIN SELECT 1", "EXPLAIN statements"},
		{"copy into", "COPY INTO t FROM 's3://b/p' FILEFORMAT = CSV", "COPY statements"},
		{"with before delete", "WITH x AS (SELECT 1) DELETE FROM t", "WITH before DELETE, UPDATE or MERGE"},
		{"alter column", "ALTER TABLE t ALTER COLUMN a TYPE BIGINT", "ALTER TABLE … ALTER"},
		{"add column position", "ALTER TABLE t ADD COLUMN b INT FIRST", "column positions (FIRST, AFTER)"},
		{"alter view properties", "ALTER VIEW v SET TBLPROPERTIES ('a' = 'b')", "ALTER VIEW … SET"},
		{"grant on a function", "GRANT EXECUTE ON FUNCTION f TO x", "privileges on FUNCTION"},
		{"begin atomic", "BEGIN ATOMIC SELECT 1; END", "BEGIN ATOMIC … END"},
		{"vacuum lite", "VACUUM t LITE", "VACUUM LITE, FULL and USING INVENTORY"},
		{"alter view other than AS", "ALTER VIEW v RENAME TO w", "ALTER VIEW … RENAME"},
		{"create function", "CREATE FUNCTION f() RETURNS INT RETURN 1", "CREATE FUNCTION"},
		{"show create table", "SHOW CREATE TABLE t", "SHOW CREATE"},
		{"describe query", "DESCRIBE SELECT 1", "DESCRIBE QUERY"},
		{"insert partition", "INSERT INTO t PARTITION (a = 1) SELECT 1", "PARTITION clauses in INSERT"},
		{"set time zone", "SET TIME ZONE 'UTC'", "SET TIME ZONE"},
		{"recursive cte", "WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r", "recursive common table expressions"},
		{"struct value", "SELECT struct(1, 2)", "STRUCT values"},
		{"named arguments", "SELECT f(a => 1)", "named function arguments"},
		{"collation", "SELECT a COLLATE UTF8_LCASE FROM t", "collations"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.sql)
			e := errorOf(t, err)
			assert.Equal(t, "UNSUPPORTED_FEATURE", e.Class)
			assert.Equal(t, "0A000", e.State)
			assert.Equal(t, "The feature is not supported: "+tt.want+".", e.Message)
		})
	}
}
