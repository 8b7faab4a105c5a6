package parser

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/ast"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

func TestDML(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		want ast.Statement
	}{
		{"delete all", "DELETE FROM c.s.t", &ast.Delete{Table: table("c", "s", "t")}},
		{"delete where", "DELETE FROM t AS x WHERE x.a = ?", &ast.Delete{
			Table: &ast.TableRef{Name: ast.Name{"t"}, Alias: "x"}, Where: bin("=", col("x", "a"), &ast.Param{Index: 0}),
		}},
		{"update", "UPDATE t SET a = a + 1, b = 'x' WHERE c", &ast.Update{
			Table: table("t"),
			Set:   []ast.Assignment{{Column: ast.Name{"a"}, Value: bin("+", col("a"), i32(1))}, {Column: ast.Name{"b"}, Value: str("x")}},
			Where: col("c"),
		}},
		{"update with alias", "UPDATE t u SET u.a = 1", &ast.Update{
			Table: &ast.TableRef{Name: ast.Name{"t"}, Alias: "u"},
			Set:   []ast.Assignment{{Column: ast.Name{"u", "a"}, Value: i32(1)}},
		}},
		{"truncate", "TRUNCATE TABLE c.s.t", &ast.Truncate{Table: ast.Name{"c", "s", "t"}}},
		{"merge", "MERGE INTO t AS tgt USING s AS src ON tgt.id = src.id " +
			"WHEN MATCHED AND src.del THEN DELETE " +
			"WHEN MATCHED THEN UPDATE SET tgt.v = src.v " +
			"WHEN NOT MATCHED BY TARGET THEN INSERT (id, v) VALUES (src.id, src.v) " +
			"WHEN NOT MATCHED BY SOURCE AND tgt.v > 0 THEN UPDATE SET v = 0 " +
			"WHEN NOT MATCHED BY SOURCE THEN DELETE", &ast.Merge{
			Target: &ast.TableRef{Name: ast.Name{"t"}, Alias: "tgt"},
			Source: &ast.TableRef{Name: ast.Name{"s"}, Alias: "src"},
			On:     bin("=", col("tgt", "id"), col("src", "id")),
			Clauses: []ast.MergeClause{
				{Match: ast.WhenMatched, Cond: col("src", "del"), Action: ast.MergeDelete},
				{Match: ast.WhenMatched, Action: ast.MergeUpdate, Set: []ast.Assignment{{Column: ast.Name{"tgt", "v"}, Value: col("src", "v")}}},
				{Match: ast.WhenNotMatched, Action: ast.MergeInsert, Columns: []string{"id", "v"}, Values: []ast.Expr{col("src", "id"), col("src", "v")}},
				{Match: ast.WhenNotMatchedBySrc, Cond: bin(">", col("tgt", "v"), i32(0)), Action: ast.MergeUpdate, Set: []ast.Assignment{{Column: ast.Name{"v"}, Value: i32(0)}}},
				{Match: ast.WhenNotMatchedBySrc, Action: ast.MergeDelete},
			},
		}},
		{"merge stars and subquery source", "MERGE WITH SCHEMA EVOLUTION INTO t USING (SELECT 1 AS id) s ON t.id = s.id WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *", &ast.Merge{
			Target:          table("t"),
			Source:          &ast.SubqueryRef{Query: query(sel(ast.SelectItem{Expr: i32(1), Alias: "id"})), Alias: "s"},
			On:              bin("=", col("t", "id"), col("s", "id")),
			SchemaEvolution: true,
			Clauses: []ast.MergeClause{
				{Match: ast.WhenMatched, Action: ast.MergeUpdate, Star: true},
				{Match: ast.WhenNotMatched, Action: ast.MergeInsert, Star: true},
			},
		}},
		{"merge insert without columns", "MERGE INTO t USING s ON true WHEN NOT MATCHED THEN INSERT VALUES (1)", &ast.Merge{
			Target: table("t"), Source: table("s"), On: boolean(true),
			Clauses: []ast.MergeClause{{Match: ast.WhenNotMatched, Action: ast.MergeInsert, Values: []ast.Expr{i32(1)}}},
		}},
		{"merge without clauses is left to the engine", "MERGE INTO t USING s ON true", &ast.Merge{Target: table("t"), Source: table("s"), On: boolean(true)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, mustParse(t, tt.sql))
		})
	}
}

func TestMaintenanceAndGovernance(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		want ast.Statement
	}{
		{"add columns", "ALTER TABLE t ADD COLUMNS (a INT NOT NULL COMMENT 'x', b STRING)", &ast.AlterTable{Name: ast.Name{"t"},
			AddColumns: []ast.ColumnDef{{Name: "a", Type: value.IntType, NotNull: true, Comment: ptr("x")}, {Name: "b", Type: value.StringType}}}},
		{"add column", "ALTER TABLE c.s.t ADD COLUMN a DECIMAL(5, 1)", &ast.AlterTable{Name: ast.Name{"c", "s", "t"},
			AddColumns: []ast.ColumnDef{{Name: "a", Type: value.DecimalType(5, 1)}}}},
		{"rename", "ALTER TABLE t RENAME TO c.s.u", &ast.AlterTable{Name: ast.Name{"t"}, RenameTo: ast.Name{"c", "s", "u"}}},
		{"set properties", "ALTER TABLE t SET TBLPROPERTIES ('delta.appendOnly' = 'true')", &ast.AlterTable{Name: ast.Name{"t"},
			SetProperties: []ast.Property{{Key: "delta.appendOnly", Value: "true"}}}},
		{"unset properties", "ALTER TABLE t UNSET TBLPROPERTIES IF EXISTS ('a', b.c)", &ast.AlterTable{Name: ast.Name{"t"},
			UnsetProperties: []string{"a", "b.c"}, UnsetIfExists: true}},
		{"table owner", "ALTER TABLE t OWNER TO `alf@melmak.et`", &ast.SetOwner{Securable: ast.Securable{Kind: "TABLE", Name: ast.Name{"t"}}, Principal: "alf@melmak.et"}},
		{"view owner", "ALTER VIEW v SET OWNER TO admins", &ast.SetOwner{Securable: ast.Securable{Kind: "VIEW", Name: ast.Name{"v"}}, Principal: "admins"}},
		{"schema owner", "ALTER DATABASE c.s OWNER TO admins", &ast.SetOwner{Securable: ast.Securable{Kind: "SCHEMA", Name: ast.Name{"c", "s"}}, Principal: "admins"}},
		{"catalog owner", "ALTER CATALOG c SET OWNER TO admins", &ast.SetOwner{Securable: ast.Securable{Kind: "CATALOG", Name: ast.Name{"c"}}, Principal: "admins"}},
		{"grant", "GRANT SELECT, use schema, ALL PRIVILEGES ON TABLE main.s.t TO `alf@melmak.et`", &ast.Grant{
			Privileges: []string{"SELECT", "USE SCHEMA", "ALL PRIVILEGES"},
			On:         ast.Securable{Kind: "TABLE", Name: ast.Name{"main", "s", "t"}},
			Principal:  "alf@melmak.et",
		}},
		{"grant on a table without TABLE", "GRANT MODIFY ON t TO g", &ast.Grant{Privileges: []string{"MODIFY"}, On: ast.Securable{Kind: "TABLE", Name: ast.Name{"t"}}, Principal: "g"}},
		{"grant on the current catalog", "GRANT USE CATALOG ON CATALOG TO g", &ast.Grant{Privileges: []string{"USE CATALOG"}, On: ast.Securable{Kind: "CATALOG"}, Principal: "g"}},
		{"grant on metastore", "GRANT CREATE CATALOG ON METASTORE TO g", &ast.Grant{Privileges: []string{"CREATE CATALOG"}, On: ast.Securable{Kind: "METASTORE"}, Principal: "g"}},
		{"revoke", "REVOKE CREATE TABLE ON SCHEMA c.s FROM g", &ast.Revoke{Privileges: []string{"CREATE TABLE"}, On: ast.Securable{Kind: "SCHEMA", Name: ast.Name{"c", "s"}}, Principal: "g"}},
		{"show grants", "SHOW GRANTS ON VIEW v", &ast.ShowGrants{On: ast.Securable{Kind: "VIEW", Name: ast.Name{"v"}}}},
		{"show grant for a principal", "SHOW GRANT `a@b.c` ON CATALOG main", &ast.ShowGrants{Principal: "a@b.c", On: ast.Securable{Kind: "CATALOG", Name: ast.Name{"main"}}}},
		{"restore version", "RESTORE TABLE t TO VERSION AS OF 3", &ast.Restore{Table: ast.Name{"t"}, Version: ptr(int64(3))}},
		{"restore timestamp", "RESTORE c.s.t TIMESTAMP AS OF '2024-01-01'", &ast.Restore{Table: ast.Name{"c", "s", "t"}, Timestamp: str("2024-01-01")}},
		{"vacuum", "VACUUM t", &ast.Vacuum{Table: ast.Name{"t"}}},
		{"vacuum retain dry run", "VACUUM t RETAIN 168 HOURS DRY RUN", &ast.Vacuum{Table: ast.Name{"t"}, RetainHours: ptr(168.0), DryRun: true}},
		{"optimize", "OPTIMIZE t WHERE d > '2024-01-01' ZORDER BY (a, b)", &ast.Optimize{Table: ast.Name{"t"},
			Where: bin(">", col("d"), str("2024-01-01")), ZOrderBy: []string{"a", "b"}}},
		{"optimize zorder without parentheses", "OPTIMIZE t ZORDER BY a", &ast.Optimize{Table: ast.Name{"t"}, ZOrderBy: []string{"a"}}},
		{"begin", "BEGIN TRANSACTION", &ast.Transaction{Op: "BEGIN"}},
		{"commit", "COMMIT", &ast.Transaction{Op: "COMMIT"}},
		{"rollback work", "rollback work", &ast.Transaction{Op: "ROLLBACK"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, mustParse(t, tt.sql))
		})
	}
}

func TestDMLErrors(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		want string
	}{
		{"delete without FROM", "DELETE t", "[PARSE_SYNTAX_ERROR] Syntax error at or near 't'. SQLSTATE: 42601"},
		{"merge clauses out of order", "MERGE INTO t USING s ON true WHEN NOT MATCHED THEN INSERT * WHEN MATCHED THEN DELETE",
			"[PARSE_SYNTAX_ERROR] Syntax error at or near 'WHEN'. SQLSTATE: 42601"},
		{"insert in a matched clause", "MERGE INTO t USING s ON true WHEN MATCHED THEN INSERT *",
			"[PARSE_SYNTAX_ERROR] Syntax error at or near 'INSERT'. SQLSTATE: 42601"},
		{"update star when not matched by source", "MERGE INTO t USING s ON true WHEN NOT MATCHED BY SOURCE THEN UPDATE SET *",
			"[PARSE_SYNTAX_ERROR] Syntax error at or near '*'. SQLSTATE: 42601"},
		{"restore without a version", "RESTORE TABLE t", "[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.sql)
			assert.EqualError(t, err, tt.want)
		})
	}
}
