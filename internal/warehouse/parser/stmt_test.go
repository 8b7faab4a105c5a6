package parser

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/ast"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

func TestNamespaceStatements(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		want ast.Statement
	}{
		{"create catalog", "CREATE CATALOG c", &ast.CreateCatalog{Name: "c"}},
		{"create catalog if not exists with comment", "create catalog if not exists `My Cat` comment 'x'", &ast.CreateCatalog{Name: "My Cat", IfNotExists: true, Comment: ptr("x")}},
		{"drop catalog", "DROP CATALOG c", &ast.DropCatalog{Name: "c"}},
		{"drop catalog cascade", "DROP CATALOG IF EXISTS c CASCADE", &ast.DropCatalog{Name: "c", IfExists: true, Cascade: true}},
		{"drop catalog restrict", "DROP CATALOG c RESTRICT", &ast.DropCatalog{Name: "c"}},
		{"create schema", "CREATE SCHEMA s", &ast.CreateSchema{Name: ast.Name{"s"}}},
		{"create database", "CREATE DATABASE IF NOT EXISTS c.s COMMENT 'x'", &ast.CreateSchema{Name: ast.Name{"c", "s"}, IfNotExists: true, Comment: ptr("x")}},
		{"drop schema", "DROP SCHEMA IF EXISTS c.s CASCADE", &ast.DropSchema{Name: ast.Name{"c", "s"}, IfExists: true, Cascade: true}},
		{"drop database", "DROP DATABASE s RESTRICT", &ast.DropSchema{Name: ast.Name{"s"}}},
		{"use catalog", "USE CATALOG main", &ast.UseCatalog{Name: "main"}},
		{"use catalog string", "USE CATALOG 'main'", &ast.UseCatalog{Name: "main"}},
		{"set catalog", "SET CATALOG main", &ast.UseCatalog{Name: "main"}},
		{"set catalog string", "SET CATALOG 'main'", &ast.UseCatalog{Name: "main"}},
		{"use schema", "USE SCHEMA c.s", &ast.UseSchema{Name: ast.Name{"c", "s"}}},
		{"use database", "USE DATABASE s", &ast.UseSchema{Name: ast.Name{"s"}}},
		{"use", "USE c.s", &ast.UseSchema{Name: ast.Name{"c", "s"}}},
		{"use a schema named catalog", "USE catalog", &ast.UseSchema{Name: ast.Name{"catalog"}}},
		{"show catalogs", "SHOW CATALOGS", &ast.Show{Kind: ast.ShowCatalogs}},
		{"show catalogs like", "SHOW CATALOGS LIKE 'm*'", &ast.Show{Kind: ast.ShowCatalogs, Pattern: ptr("m*")}},
		{"show schemas in", "SHOW SCHEMAS IN main 'd*'", &ast.Show{Kind: ast.ShowSchemas, In: ast.Name{"main"}, Pattern: ptr("d*")}},
		{"show databases from", "SHOW DATABASES FROM main", &ast.Show{Kind: ast.ShowSchemas, In: ast.Name{"main"}}},
		{"show tables", "SHOW TABLES", &ast.Show{Kind: ast.ShowTables}},
		{"show tables in like", "SHOW TABLES IN c.s LIKE 't*|u*'", &ast.Show{Kind: ast.ShowTables, In: ast.Name{"c", "s"}, Pattern: ptr("t*|u*")}},
		{"show views from", "SHOW VIEWS FROM s", &ast.Show{Kind: ast.ShowViews, In: ast.Name{"s"}}},
		{"show columns", "SHOW COLUMNS IN c.s.t", &ast.Show{Kind: ast.ShowColumns, In: ast.Name{"c", "s", "t"}}},
		{"show columns with namespace", "SHOW COLUMNS FROM t IN c.s", &ast.Show{Kind: ast.ShowColumns, In: ast.Name{"c", "s", "t"}}},
		{"show columns with the same namespace", "SHOW COLUMNS FROM s.t IN S", &ast.Show{Kind: ast.ShowColumns, In: ast.Name{"s", "t"}}},
		{"show tblproperties", "SHOW TBLPROPERTIES c.s.t", &ast.Show{Kind: ast.ShowTblProperties, In: ast.Name{"c", "s", "t"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, mustParse(t, tt.sql))
		})
	}
}

func TestTableStatements(t *testing.T) {
	one := query(sel(item(i32(1))))
	tests := []struct {
		name string
		sql  string
		want ast.Statement
	}{
		{"create table", "CREATE TABLE c.s.t (id BIGINT NOT NULL COMMENT 'pk', name STRING DEFAULT 'n/a', amount DECIMAL(10, 2), d DATE, v VARCHAR(10), k CHAR(2))", &ast.CreateTable{
			Name: ast.Name{"c", "s", "t"},
			Columns: []ast.ColumnDef{
				{Name: "id", Type: value.BigIntType, NotNull: true, Comment: ptr("pk")},
				{Name: "name", Type: value.StringType, Default: str("n/a")},
				{Name: "amount", Type: value.DecimalType(10, 2)},
				{Name: "d", Type: value.DateType},
				{Name: "v", Type: value.StringType},
				{Name: "k", Type: value.StringType},
			},
		}},
		{"all clauses", "CREATE OR REPLACE TABLE t (a INT, b DATE) USING DELTA PARTITIONED BY (b) COMMENT 'c' TBLPROPERTIES ('delta.appendOnly' = 'true', x.y = 1, z false, 'n' 1.5)", &ast.CreateTable{
			Name:        ast.Name{"t"},
			OrReplace:   true,
			Columns:     []ast.ColumnDef{{Name: "a", Type: value.IntType}, {Name: "b", Type: value.DateType}},
			Using:       "delta",
			PartitionBy: []string{"b"},
			Comment:     ptr("c"),
			Properties: []ast.Property{
				{Key: "delta.appendOnly", Value: "true"}, {Key: "x.y", Value: "1"}, {Key: "z", Value: "false"}, {Key: "n", Value: "1.5"},
			},
		}},
		{"clauses in any order", "CREATE TABLE t (a INT) TBLPROPERTIES ('k'='v') COMMENT 'c' PARTITIONED BY (a)", &ast.CreateTable{
			Name:        ast.Name{"t"},
			Columns:     []ast.ColumnDef{{Name: "a", Type: value.IntType}},
			PartitionBy: []string{"a"},
			Comment:     ptr("c"),
			Properties:  []ast.Property{{Key: "k", Value: "v"}},
		}},
		{"keywords as column names", "CREATE TABLE t (date DATE, order INT, `select` STRING)", &ast.CreateTable{
			Name:    ast.Name{"t"},
			Columns: []ast.ColumnDef{{Name: "date", Type: value.DateType}, {Name: "order", Type: value.IntType}, {Name: "select", Type: value.StringType}},
		}},
		{"if not exists", "CREATE TABLE IF NOT EXISTS t (a INT)", &ast.CreateTable{Name: ast.Name{"t"}, IfNotExists: true, Columns: []ast.ColumnDef{{Name: "a", Type: value.IntType}}}},
		{"ctas", "CREATE TABLE t AS SELECT 1", &ast.CreateTable{Name: ast.Name{"t"}, AsQuery: one}},
		{"ctas without AS", "CREATE TABLE t USING delta SELECT 1", &ast.CreateTable{Name: ast.Name{"t"}, Using: "delta", AsQuery: one}},
		{"ctas with parentheses", "CREATE TABLE t AS (SELECT 1)", &ast.CreateTable{Name: ast.Name{"t"}, AsQuery: one}},
		{"replace table", "REPLACE TABLE t AS SELECT 1", &ast.CreateTable{Name: ast.Name{"t"}, ReplaceOnly: true, AsQuery: one}},
		{"create or replace ctas", "CREATE OR REPLACE TABLE t AS SELECT 1", &ast.CreateTable{Name: ast.Name{"t"}, OrReplace: true, AsQuery: one}},
		{"shallow clone", "CREATE TABLE t SHALLOW CLONE c.s.src", &ast.CreateTable{Name: ast.Name{"t"},
			Clone: &ast.Clone{Shallow: true, Source: table("c", "s", "src")}}},
		{"deep clone at version", "CREATE OR REPLACE TABLE t DEEP CLONE src VERSION AS OF 3 TBLPROPERTIES ('k' = 'v')", &ast.CreateTable{
			Name: ast.Name{"t"}, OrReplace: true, Properties: []ast.Property{{Key: "k", Value: "v"}},
			Clone: &ast.Clone{Source: &ast.TableRef{Name: ast.Name{"src"}, TimeTravel: &ast.TimeTravel{Version: ptr(int64(3))}}},
		}},
		{"clone with at suffix", "CREATE TABLE IF NOT EXISTS t CLONE src@v7", &ast.CreateTable{Name: ast.Name{"t"}, IfNotExists: true,
			Clone: &ast.Clone{Source: &ast.TableRef{Name: ast.Name{"src"}, TimeTravel: &ast.TimeTravel{Version: ptr(int64(7)), AtSuffix: "v7"}}}}},
		{"drop table", "DROP TABLE c.s.t", &ast.DropTable{Name: ast.Name{"c", "s", "t"}}},
		{"drop table if exists", "DROP TABLE IF EXISTS t", &ast.DropTable{Name: ast.Name{"t"}, IfExists: true}},
		{"describe", "DESCRIBE t", &ast.Describe{Name: ast.Name{"t"}}},
		{"desc table extended", "DESC TABLE EXTENDED c.s.t", &ast.Describe{Name: ast.Name{"c", "s", "t"}, Extended: true}},
		{"describe formatted", "DESCRIBE FORMATTED t", &ast.Describe{Name: ast.Name{"t"}, Extended: true}},
		{"describe history", "DESCRIBE HISTORY t", &ast.Describe{Name: ast.Name{"t"}, History: true}},
		{"describe history limit", "DESCRIBE HISTORY c.s.t LIMIT 1", &ast.Describe{Name: ast.Name{"c", "s", "t"}, History: true, Limit: i32(1)}},
		{"describe detail", "DESCRIBE DETAIL t", &ast.Describe{Name: ast.Name{"t"}, Detail: true}},
		{"describe a table named history", "DESCRIBE history", &ast.Describe{Name: ast.Name{"history"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, mustParse(t, tt.sql))
		})
	}
}

func TestInsert(t *testing.T) {
	src := query(selFrom(table("s"), item(star())))
	tests := []struct {
		name string
		sql  string
		want ast.Statement
	}{
		{"values", "INSERT INTO t VALUES (1, 'a'), (2, 'b')", &ast.Insert{Table: ast.Name{"t"},
			Query: query(&ast.Values{Rows: [][]ast.Expr{{i32(1), str("a")}, {i32(2), str("b")}}})}},
		{"columns", "INSERT INTO TABLE c.s.t (a, b) SELECT * FROM s", &ast.Insert{Table: ast.Name{"c", "s", "t"}, Columns: []string{"a", "b"}, Query: src}},
		{"by name", "INSERT INTO t BY NAME SELECT * FROM s", &ast.Insert{Table: ast.Name{"t"}, ByName: true, Query: src}},
		{"overwrite", "INSERT OVERWRITE TABLE t SELECT * FROM s", &ast.Insert{Table: ast.Name{"t"}, Overwrite: true, Query: src}},
		{"parenthesised query", "INSERT INTO t (SELECT * FROM s)", &ast.Insert{Table: ast.Name{"t"}, Query: src}},
		{"table query", "INSERT INTO t TABLE s", &ast.Insert{Table: ast.Name{"t"}, Query: src}},
		{"replace where", "INSERT INTO t REPLACE WHERE d >= '2024-01-01' SELECT * FROM s", &ast.Insert{Table: ast.Name{"t"},
			ReplaceWhere: bin(">=", col("d"), str("2024-01-01")), Query: src}},
		{"markers", "INSERT INTO t VALUES (?, ?)", &ast.Insert{Table: ast.Name{"t"},
			Query: query(&ast.Values{Rows: [][]ast.Expr{{&ast.Param{Index: 0}, &ast.Param{Index: 1}}}})}},
		{"with before insert", "WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x", &ast.Insert{Table: ast.Name{"t"},
			Query: &ast.Query{
				With: []ast.CTE{{Name: "x", Query: query(sel(item(i32(1))))}},
				Body: query(selFrom(table("x"), item(star()))),
			}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, mustParse(t, tt.sql))
		})
	}
}

func TestViews(t *testing.T) {
	body := query(selFrom(table("c", "s", "t_green"), item(star())))
	tests := []struct {
		name string
		sql  string
		want ast.Statement
	}{
		{"create view", "CREATE VIEW v AS SELECT * FROM c.s.t_green", &ast.CreateView{Name: ast.Name{"v"}, Query: body, Text: "SELECT * FROM c.s.t_green"}},
		{"text is exact, without trailing comment and semicolon", "CREATE OR REPLACE VIEW c.s.v AS\n  SELECT *  -- all\n  FROM c.s.t_green -- done\n;", &ast.CreateView{
			Name: ast.Name{"c", "s", "v"}, OrReplace: true, Query: body, Text: "SELECT *  -- all\n  FROM c.s.t_green",
		}},
		{"all clauses", "CREATE VIEW IF NOT EXISTS v (a COMMENT 'x', b) COMMENT 'v' TBLPROPERTIES ('k' = 'v') AS SELECT 1, 2", &ast.CreateView{
			Name: ast.Name{"v"}, IfNotExists: true,
			Columns:    []ast.ViewColumn{{Name: "a", Comment: ptr("x")}, {Name: "b"}},
			Comment:    ptr("v"),
			Properties: []ast.Property{{Key: "k", Value: "v"}},
			Query:      query(sel(item(i32(1)), item(i32(2)))),
			Text:       "SELECT 1, 2",
		}},
		{"temporary view", "CREATE TEMP VIEW v AS WITH x AS (SELECT 1) SELECT * FROM x", &ast.CreateView{
			Name: ast.Name{"v"}, Temporary: true,
			Query: &ast.Query{With: []ast.CTE{{Name: "x", Query: query(sel(item(i32(1))))}}, Body: selFrom(table("x"), item(star()))},
			Text:  "WITH x AS (SELECT 1) SELECT * FROM x",
		}},
		{"create or replace temporary view", "CREATE OR REPLACE TEMPORARY VIEW v AS SELECT * FROM c.s.t_green", &ast.CreateView{
			Name: ast.Name{"v"}, OrReplace: true, Temporary: true, Query: body, Text: "SELECT * FROM c.s.t_green",
		}},
		{"alter view", "ALTER VIEW c.s.v AS SELECT * FROM c.s.t_green;", &ast.AlterView{Name: ast.Name{"c", "s", "v"}, Query: body, Text: "SELECT * FROM c.s.t_green"}},
		{"drop view", "DROP VIEW IF EXISTS v", &ast.DropView{Name: ast.Name{"v"}, IfExists: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, mustParse(t, tt.sql))
		})
	}
}

func TestSet(t *testing.T) {
	tests := []struct {
		name string
		sql  string
		want ast.Statement
	}{
		{"list all", "SET", &ast.SetConfig{}},
		{"list all with semicolon", "SET ;", &ast.SetConfig{}},
		{"show one", "SET spark.sql.ansi.enabled", &ast.SetConfig{Key: "spark.sql.ansi.enabled"}},
		{"assign", "SET spark.sql.ansi.enabled = false", &ast.SetConfig{Key: "spark.sql.ansi.enabled", Value: ptr("false")}},
		{"assign without spaces", "set ansi_mode=true;", &ast.SetConfig{Key: "ansi_mode", Value: ptr("true")}},
		{"value is the raw rest", "SET spark.sql.session.timeZone = America/Los_Angeles ", &ast.SetConfig{Key: "spark.sql.session.timeZone", Value: ptr("America/Los_Angeles")}},
		{"quoted value text is kept", "SET k = 'a b'", &ast.SetConfig{Key: "k", Value: ptr("'a b'")}},
		{"empty value", "SET k =", &ast.SetConfig{Key: "k", Value: ptr("")}},
		{"backquoted key and value", "SET `a b` = `c;d`", &ast.SetConfig{Key: "a b", Value: ptr("c;d")}},
		{"a config named catalog", "SET catalog = x", &ast.SetConfig{Key: "catalog", Value: ptr("x")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, mustParse(t, tt.sql))
		})
	}
}
