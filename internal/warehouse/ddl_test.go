package warehouse_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNamespaces(t *testing.T) {
	s := newSession(t)
	exec(t, s,
		"CREATE CATALOG production COMMENT 'prod'",
		"CREATE CATALOG IF NOT EXISTS production",
		"CREATE SCHEMA production.sales",
		"CREATE DATABASE IF NOT EXISTS production.sales",
	)
	fails(t, s, "CREATE CATALOG production", "CATALOG_ALREADY_EXISTS")
	e := fails(t, s, "CREATE SCHEMA production.sales", "SCHEMA_ALREADY_EXISTS")
	assert.Equal(t, "42P06", e.SqlState())
	assert.Equal(t, [][]string{{"main"}, {"production"}}, rows(t, s, "SHOW CATALOGS"))
	assert.Equal(t, [][]string{{"production"}}, rows(t, s, "SHOW CATALOGS LIKE 'prod*'"))
	assert.Equal(t, [][]string{{"default"}, {"information_schema"}, {"sales"}}, rows(t, s, "SHOW SCHEMAS IN production"))

	// USE CATALOG resets the schema to default; USE SCHEMA with two parts sets both.
	exec(t, s, "USE CATALOG production")
	assert.Equal(t, "production", one(t, s, "SELECT current_catalog()"))
	assert.Equal(t, "default", one(t, s, "SELECT current_schema()"))
	exec(t, s, "USE SCHEMA sales", "CREATE TABLE orders (id INT)")
	assert.Equal(t, [][]string{{"sales", "orders", "false"}}, rows(t, s, "SHOW TABLES"))
	exec(t, s, "USE main.default")
	assert.Equal(t, [][]string{{"sales", "orders", "false"}}, rows(t, s, "SHOW TABLES IN production.sales"))
	// 1-, 2- and 3-part names.
	exec(t, s, "INSERT INTO production.sales.orders VALUES (1)", "USE CATALOG production")
	assert.Equal(t, "1", one(t, s, "SELECT count(*) FROM sales.orders"))

	fails(t, s, "USE CATALOG nope", "NO_SUCH_CATALOG_EXCEPTION")
	fails(t, s, "USE SCHEMA nope", "SCHEMA_NOT_FOUND")
	fails(t, s, "CREATE TABLE nope.t (id INT)", "SCHEMA_NOT_FOUND")
	e = fails(t, s, "DROP SCHEMA sales", "SCHEMA_NOT_EMPTY")
	assert.Equal(t, "2BP01", e.SqlState())
	exec(t, s, "DROP SCHEMA sales CASCADE", "DROP SCHEMA IF EXISTS sales")
	fails(t, s, "DROP SCHEMA sales", "SCHEMA_NOT_FOUND")
	exec(t, s, "USE CATALOG main", "DROP CATALOG production CASCADE", "DROP CATALOG IF EXISTS production")
	assert.Equal(t, [][]string{{"main"}}, rows(t, s, "SHOW CATALOGS"))
}

func TestInformationSchema(t *testing.T) {
	s := newSession(t)
	exec(t, s,
		"CREATE SCHEMA sales COMMENT 'sales data'",
		"CREATE TABLE sales.orders (id BIGINT NOT NULL COMMENT 'key', amount DECIMAL(10,2), ts TIMESTAMP) COMMENT 'orders'",
		"CREATE VIEW sales.v AS SELECT id FROM sales.orders",
	)
	assert.Equal(t, [][]string{{"orders", "MANAGED", "DELTA"}, {"v", "VIEW", "NULL"}},
		rows(t, s, "SELECT table_name, table_type, data_source_format FROM main.information_schema.tables WHERE table_schema = 'sales' ORDER BY table_name"))
	assert.Equal(t, [][]string{
		{"id", "1", "NO", "bigint", "BIGINT", "key"},
		{"amount", "2", "YES", "decimal(10,2)", "DECIMAL", "NULL"},
		{"ts", "3", "YES", "timestamp", "TIMESTAMP", "NULL"},
	}, rows(t, s, "SELECT column_name, ordinal_position, is_nullable, full_data_type, data_type, comment FROM information_schema.columns WHERE table_name = 'orders' ORDER BY ordinal_position"))
	assert.Equal(t, [][]string{{"SELECT id FROM sales.orders"}},
		rows(t, s, "SELECT view_definition FROM main.information_schema.views WHERE table_name = 'v'"))
	assert.Equal(t, [][]string{{"sales", "sales data"}},
		rows(t, s, "SELECT schema_name, comment FROM main.information_schema.schemata WHERE schema_name = 'sales'"))
}

func TestTables(t *testing.T) {
	s := newSession(t)
	exec(t, s, "CREATE TABLE t (id INT NOT NULL, name STRING COMMENT 'who', amount DECIMAL(10,2))")
	fails(t, s, "CREATE TABLE t (id INT)", "TABLE_OR_VIEW_ALREADY_EXISTS")
	exec(t, s, "CREATE TABLE IF NOT EXISTS t (x INT)")
	assert.Equal(t, [][]string{{"id", "int", "NULL"}, {"name", "string", "who"}, {"amount", "decimal(10,2)", "NULL"}},
		rows(t, s, "DESCRIBE TABLE t"))

	exec(t, s, "INSERT INTO t VALUES (1, 'a', 1.5), (2, 'b', 2)")
	exec(t, s, "INSERT INTO TABLE t (id, amount) VALUES (3, 3.25)")
	assert.Equal(t, [][]string{{"1", "a", "1.50"}, {"2", "b", "2.00"}, {"3", "NULL", "3.25"}}, rows(t, s, "SELECT * FROM t ORDER BY id"))

	// Insert errors (spec §4.1).
	fails(t, s, "INSERT INTO t VALUES (4, 'x')", "INSERT_COLUMN_ARITY_MISMATCH.NOT_ENOUGH_DATA_COLUMNS")
	fails(t, s, "INSERT INTO t VALUES (4, 'x', 1, 2)", "INSERT_COLUMN_ARITY_MISMATCH.TOO_MANY_DATA_COLUMNS")
	fails(t, s, "INSERT INTO t VALUES (NULL, 'x', 1)", "DELTA_NOT_NULL_CONSTRAINT_VIOLATED")
	fails(t, s, "INSERT INTO t (name) VALUES ('x')", "DELTA_MISSING_NOT_NULL_COLUMN_VALUE")
	fails(t, s, "INSERT INTO t VALUES ('abc', 'x', 1)", "INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_SAFELY_CAST")
	fails(t, s, "INSERT INTO t VALUES (3000000000, 'x', 1)", "CAST_OVERFLOW_IN_TABLE_INSERT")
	assert.Equal(t, "3", one(t, s, "SELECT count(*) FROM t"), "failed inserts leave no rows")

	// INSERT … SELECT, OVERWRITE, CTAS, CREATE OR REPLACE.
	exec(t, s, "CREATE TABLE t2 AS SELECT id, upper(name) AS name FROM t WHERE name IS NOT NULL")
	assert.Equal(t, [][]string{{"1", "A"}, {"2", "B"}}, rows(t, s, "SELECT * FROM t2 ORDER BY id"))
	exec(t, s, "INSERT INTO t2 SELECT id + 10, name FROM t2")
	assert.Equal(t, "4", one(t, s, "SELECT count(*) FROM t2"))
	exec(t, s, "INSERT OVERWRITE t2 SELECT 7, 'z'")
	assert.Equal(t, [][]string{{"7", "z"}}, rows(t, s, "SELECT * FROM t2"))
	exec(t, s, "CREATE OR REPLACE TABLE t2 (k STRING)")
	assert.Equal(t, [][]string{{"k", "string", "NULL"}}, rows(t, s, "DESCRIBE t2"))
	assert.Equal(t, "0", one(t, s, "SELECT count(*) FROM t2"))

	exec(t, s, "DROP TABLE t2", "DROP TABLE IF EXISTS t2")
	fails(t, s, "DROP TABLE t2", "TABLE_OR_VIEW_NOT_FOUND")
	fails(t, s, "SELECT * FROM t2", "TABLE_OR_VIEW_NOT_FOUND")
}

func TestViews(t *testing.T) {
	s := newSession(t)
	exec(t, s,
		"CREATE TABLE blue (id INT, v STRING)", "INSERT INTO blue VALUES (1, 'blue')",
		"CREATE TABLE green (id INT, v STRING)", "INSERT INTO green VALUES (1, 'green'), (2, 'green')",
		"CREATE VIEW orders AS SELECT * FROM blue",
	)
	assert.Equal(t, [][]string{{"1", "blue"}}, rows(t, s, "SELECT * FROM orders"))
	fails(t, s, "CREATE VIEW orders AS SELECT 1", "TABLE_OR_VIEW_ALREADY_EXISTS")
	exec(t, s, "CREATE VIEW IF NOT EXISTS orders AS SELECT 1")

	// The switch of a blue-green deploy.
	exec(t, s, "ALTER VIEW orders AS SELECT * FROM green")
	assert.Equal(t, [][]string{{"1", "green"}, {"2", "green"}}, rows(t, s, "SELECT * FROM orders ORDER BY id"))
	exec(t, s, "CREATE OR REPLACE VIEW orders (k, label) AS SELECT id, v FROM blue")
	assert.Equal(t, []string{"k", "label"}, names(t, s, "SELECT * FROM orders"))

	// A view is resolved when read: dropping its table breaks it then.
	exec(t, s, "DROP TABLE blue")
	fails(t, s, "SELECT * FROM orders", "TABLE_OR_VIEW_NOT_FOUND")
	fails(t, s, "ALTER VIEW green AS SELECT 1", "EXPECT_VIEW_NOT_TABLE.USE_ALTER_TABLE")
	fails(t, s, "ALTER VIEW nope AS SELECT 1", "TABLE_OR_VIEW_NOT_FOUND")
	fails(t, s, "DROP TABLE orders", "DROP_COMMAND_TYPE_MISMATCH")
	fails(t, s, "DROP VIEW green", "DROP_COMMAND_TYPE_MISMATCH")
	fails(t, s, "INSERT INTO orders VALUES (1, 'x')", "EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE")
	exec(t, s, "DROP VIEW orders", "DROP VIEW IF EXISTS orders")
	fails(t, s, "SELECT * FROM orders", "TABLE_OR_VIEW_NOT_FOUND")
	fails(t, s, "CREATE VIEW w (a, b) AS SELECT 1", "CREATE_VIEW_COLUMN_ARITY_MISMATCH.NOT_ENOUGH_DATA_COLUMNS")
}
