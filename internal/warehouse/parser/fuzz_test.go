package parser

import (
	"errors"
	"testing"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
)

// fuzzSeeds is a corpus of valid and near-valid statements.
var fuzzSeeds = []string{
	"SELECT id, name, amount FROM main.sales.orders WHERE id = ?",
	"SELECT a, count(*) AS n FROM t GROUP BY a HAVING count(*) > 1 ORDER BY n DESC NULLS LAST LIMIT 10 OFFSET 5",
	"WITH x (a) AS (SELECT 1) SELECT * FROM x UNION ALL SELECT 2 INTERSECT SELECT 3",
	"SELECT * FROM a LEFT JOIN b USING (id) JOIN c ON a.x = c.x CROSS JOIN d, VALUES (1, 2) AS v(p, q)",
	"SELECT * FROM t VERSION AS OF 3, c.s.u@v2, w@20240102030405123 FOR SYSTEM_TIME AS OF '2024-01-01'",
	"SELECT CASE WHEN a BETWEEN 1 AND 2 THEN 'x' ELSE NULL END, CAST(b AS DECIMAL(10, 2)), c::string FROM t",
	"SELECT x FROM t WHERE a IN (1, 2) AND b NOT IN (SELECT b FROM u) OR EXISTS (SELECT 1) AND c LIKE 'a%' ESCAPE '!'",
	"SELECT 1.5, .5, 1., 1e3, 1.5D, 1.5F, 1.5BD, 10Y, 10S, 10L, -2147483648, 9223372036854775808, 'a' 'b', r'\\n'",
	"SELECT TRIM(BOTH 'x' FROM s), SUBSTRING(s FROM 1 FOR 2), POSITION('a' IN s), OVERLAY(s PLACING 'x' FROM 1)",
	"SELECT ((SELECT 1) + 1), ((SELECT 1) UNION (SELECT 2)), (a, b) IN ((1, 2)), :name, `a``b`.`c`",
	"CREATE OR REPLACE TABLE c.s.t (id BIGINT NOT NULL COMMENT 'pk', v STRING DEFAULT 'x') USING DELTA PARTITIONED BY (v) COMMENT 't' TBLPROPERTIES ('k' = 'v')",
	"CREATE TABLE IF NOT EXISTS t AS SELECT 1 AS a",
	"CREATE TABLE t SHALLOW CLONE s VERSION AS OF 1",
	"CREATE OR REPLACE TEMPORARY VIEW v (a COMMENT 'x') COMMENT 'v' AS SELECT 1 AS a;",
	"ALTER VIEW v AS SELECT * FROM t",
	"INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y')",
	"INSERT OVERWRITE TABLE t BY NAME SELECT * FROM s",
	"INSERT INTO t REPLACE WHERE d = DATE '2024-01-01' SELECT * FROM s",
	"CREATE CATALOG IF NOT EXISTS c COMMENT 'x'",
	"DROP SCHEMA IF EXISTS c.s CASCADE",
	"USE CATALOG main; ",
	"SHOW TABLES IN main.s LIKE 't*'",
	"SHOW COLUMNS IN t IN s",
	"DESCRIBE HISTORY t LIMIT 1",
	"DESCRIBE TABLE EXTENDED c.s.t",
	"SET spark.sql.ansi.enabled = true",
	"/* c */ SELECT 1 -- x\n",
	"SELECT * FROM t WHERE a <=> b AND c IS NOT DISTINCT FROM d AND e IS NOT TRUE",
	"SELECT a | b ^ c & d << 2 || 'x' FROM t",
	"SELECT count(*) OVER (PARTITION BY a) FROM t",
	"DELETE FROM t AS x WHERE x.a IN (SELECT a FROM u)",
	"UPDATE t SET a = a + 1, b = DEFAULT WHERE c",
	"MERGE INTO t USING (SELECT * FROM s) s ON t.id = s.id WHEN MATCHED AND s.d THEN DELETE WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id) WHEN NOT MATCHED BY SOURCE THEN DELETE",
	"ALTER TABLE t ADD COLUMNS (a INT COMMENT 'x')",
	"GRANT SELECT, USE SCHEMA ON SCHEMA c.s TO `a@b.c`",
	"SHOW GRANTS ON TABLE t",
	"RESTORE TABLE t TO TIMESTAMP AS OF '2024-01-01'",
	"VACUUM t RETAIN 168 HOURS DRY RUN",
	"OPTIMIZE t ZORDER BY (a)",
	"SELECT 'unclosed",
	"SELECT /* unclosed",
}

// documentedClasses are the error classes Parse may return.
var documentedClasses = map[string]bool{
	"PARSE_SYNTAX_ERROR":         true,
	"PARSE_EMPTY_STATEMENT":      true,
	"UNCLOSED_BRACKETED_COMMENT": true,
	"UNSUPPORTED_FEATURE":        true,
	"UNSUPPORTED_FEATURE.PARAMETER_MARKER_IN_UNEXPECTED_STATEMENT": true,
	"UNSUPPORTED_DATATYPE":                           true,
	"UNSUPPORTED_TYPED_LITERAL":                      true,
	"INVALID_IDENTIFIER":                             true,
	"INVALID_NUMERIC_LITERAL_RANGE":                  true,
	"INVALID_QUERY_MIXED_QUERY_PARAMETERS":           true,
	"INVALID_ESC":                                    true,
	"INVALID_SET_SYNTAX":                             true,
	"INVALID_SQL_SYNTAX":                             true,
	"DATATYPE_MISSING_SIZE":                          true,
	"DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION":        true,
	"DECIMAL_SCALE_EXCEEDS_PRECISION":                true,
	"DUPLICATE_CLAUSES":                              true,
	"FAILED_TO_PARSE_TOO_COMPLEX":                    true,
	"TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS":             true,
	"SHOW_COLUMNS_WITH_CONFLICT_NAMESPACE":           true,
	"DELTA_INVALID_TIMESTAMP_FORMAT":                 true,
	"DELTA_UNSUPPORTED_TIME_TRAVEL_MULTIPLE_FORMATS": true,
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		st, m, err := ParseWithMarkers(sql)
		if err != nil {
			var e *errclass.Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) returned %T, want *errclass.Error", sql, err)
			}
			if !documentedClasses[e.Class] {
				t.Fatalf("Parse(%q) returned undocumented class %s: %v", sql, e.Class, err)
			}
			if e.State == "XXKCM" {
				t.Fatalf("Parse(%q): class %s has no SQLSTATE", sql, e.Class)
			}
			return
		}
		if st == nil {
			t.Fatalf("Parse(%q) returned no statement and no error", sql)
		}
		if m.Positional > 0 && len(m.Named) > 0 {
			t.Fatalf("Parse(%q) accepted mixed markers", sql)
		}
	})
}
