package warehouse_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ucdeploy/ucdeploy/internal/warehouse"
)

func TestGovernance(t *testing.T) {
	e := warehouse.New(nil)
	admin := e.NewSession("")
	alice := e.NewSession("alice@example.com")
	exec(t, admin,
		"CREATE CATALOG prod",
		"CREATE SCHEMA prod.sales",
		"CREATE TABLE prod.sales.orders_blue (id INT)", "INSERT INTO prod.sales.orders_blue VALUES (1)",
		"CREATE TABLE prod.sales.orders_green (id INT)", "INSERT INTO prod.sales.orders_green VALUES (1), (2)",
		"CREATE VIEW prod.sales.orders AS SELECT * FROM prod.sales.orders_blue",
	)

	// Reading needs USE CATALOG, USE SCHEMA and SELECT (spec §6.3).
	e1 := fails(t, alice, "SELECT * FROM prod.sales.orders", "INSUFFICIENT_PERMISSIONS")
	assert.Equal(t, "[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have USE CATALOG on Catalog 'prod'. SQLSTATE: 42501", e1.Error())
	exec(t, admin, "GRANT USE CATALOG ON CATALOG prod TO `alice@example.com`")
	e1 = fails(t, alice, "SELECT * FROM prod.sales.orders", "INSUFFICIENT_PERMISSIONS")
	assert.Contains(t, e1.Error(), "User does not have USE SCHEMA on Schema 'prod.sales'.")
	exec(t, admin, "GRANT USE SCHEMA ON SCHEMA prod.sales TO `alice@example.com`")
	e1 = fails(t, alice, "SELECT * FROM prod.sales.orders", "INSUFFICIENT_PERMISSIONS")
	assert.Contains(t, e1.Error(), "User does not have SELECT on View 'prod.sales.orders'.")
	exec(t, admin, "GRANT SELECT ON VIEW prod.sales.orders TO `alice@example.com`")
	// The view's body is checked with its owner's rights, so alice needs no
	// grant on the table behind it.
	assert.Equal(t, "1", one(t, alice, "SELECT count(*) FROM prod.sales.orders"))
	fails(t, alice, "SELECT * FROM prod.sales.orders_blue", "INSUFFICIENT_PERMISSIONS")

	assert.Equal(t, [][]string{
		{"alice@example.com", "USE CATALOG", "CATALOG", "prod"},
		{"alice@example.com", "USE SCHEMA", "SCHEMA", "prod.sales"},
		{"alice@example.com", "SELECT", "VIEW", "prod.sales.orders"},
	}, rows(t, admin, "SHOW GRANTS ON VIEW prod.sales.orders"))
	assert.Equal(t, []string{"principal", "actionType", "objectType", "objectKey"}, names(t, admin, "SHOW GRANTS `alice@example.com` ON SCHEMA prod.sales"))

	// ALTER VIEW … AS keeps grants and owner: alice keeps reading.
	exec(t, admin, "ALTER VIEW prod.sales.orders AS SELECT * FROM prod.sales.orders_green")
	assert.Equal(t, "2", one(t, alice, "SELECT count(*) FROM prod.sales.orders"))
	// CREATE OR REPLACE VIEW drops them: alice loses access.
	exec(t, admin, "CREATE OR REPLACE VIEW prod.sales.orders AS SELECT * FROM prod.sales.orders_green")
	fails(t, alice, "SELECT count(*) FROM prod.sales.orders", "INSUFFICIENT_PERMISSIONS")
	assert.Equal(t, [][]string{
		{"alice@example.com", "USE CATALOG", "CATALOG", "prod"},
		{"alice@example.com", "USE SCHEMA", "SCHEMA", "prod.sales"},
	}, rows(t, admin, "SHOW GRANTS ON VIEW prod.sales.orders"), "only the inherited grants are left")

	// Writing needs MODIFY; creating needs CREATE TABLE; altering needs ownership.
	exec(t, admin, "GRANT SELECT ON TABLE prod.sales.orders_green TO `alice@example.com`")
	fails(t, alice, "INSERT INTO prod.sales.orders_green VALUES (3)", "INSUFFICIENT_PERMISSIONS")
	exec(t, admin, "GRANT MODIFY ON SCHEMA prod.sales TO `alice@example.com`") // inherited by every table
	exec(t, alice, "INSERT INTO prod.sales.orders_green VALUES (3)", "DELETE FROM prod.sales.orders_green WHERE id = 3")
	fails(t, alice, "CREATE TABLE prod.sales.mine (id INT)", "INSUFFICIENT_PERMISSIONS")
	exec(t, admin, "GRANT CREATE TABLE ON SCHEMA prod.sales TO `alice@example.com`")
	exec(t, alice, "CREATE TABLE prod.sales.mine (id INT)")
	assert.Equal(t, "alice@example.com", one(t, admin, "SELECT table_owner FROM prod.information_schema.tables WHERE table_name = 'mine'"))
	fails(t, alice, "ALTER TABLE prod.sales.orders_green SET TBLPROPERTIES ('x' = 'y')", "INSUFFICIENT_PERMISSIONS")
	fails(t, alice, "DROP TABLE prod.sales.orders_green", "INSUFFICIENT_PERMISSIONS")
	fails(t, alice, "GRANT SELECT ON TABLE prod.sales.orders_green TO `bob@example.com`", "INSUFFICIENT_PERMISSIONS")
	exec(t, alice, "GRANT SELECT ON TABLE prod.sales.mine TO `bob@example.com`") // owners may grant
	fails(t, alice, "CREATE CATALOG mine", "INSUFFICIENT_PERMISSIONS")

	// REVOKE, ownership transfer, and listings filtered to what one can see.
	exec(t, admin, "REVOKE MODIFY ON SCHEMA prod.sales FROM `alice@example.com`")
	fails(t, alice, "INSERT INTO prod.sales.orders_green VALUES (4)", "INSUFFICIENT_PERMISSIONS")
	exec(t, admin, "ALTER TABLE prod.sales.orders_green OWNER TO `alice@example.com`")
	exec(t, alice, "INSERT INTO prod.sales.orders_green VALUES (4)")
	assert.Equal(t, [][]string{{"sales", "mine", "false"}, {"sales", "orders_green", "false"}}, rows(t, alice, "SHOW TABLES IN prod.sales"))
	fails(t, admin, "GRANT USE CATALOG ON TABLE prod.sales.mine TO `x`", "INVALID_PARAMETER_VALUE.PRIVILEGE")
}
