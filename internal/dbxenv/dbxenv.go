// Package dbxenv finds the real Databricks SQL warehouse that ucdeploy's
// conformance tests and examples run against when one is configured:
// DATABRICKS_HOST, DATABRICKS_TOKEN and DATABRICKS_WAREHOUSE_ID, and
// DATABRICKS_CATALOG (default "main") for the objects they create.
// Without them, tests skip their real-workspace runs and examples use the
// embedded fake.
package dbxenv

import (
	"database/sql"
	"fmt"
	"os"
	"strings"

	dbsql "github.com/databricks/databricks-sql-go"
)

// SkipReason is the message tests skip with when no workspace is set.
const SkipReason = "DATABRICKS_HOST, DATABRICKS_TOKEN and DATABRICKS_WAREHOUSE_ID are not all set: no real workspace to run against"

// Config names a SQL warehouse. The token is a secret: Config's String
// method never prints it.
type Config struct {
	Host      string // workspace host name, with or without https://
	Token     string // personal access token
	Warehouse string // SQL warehouse id
	Catalog   string // catalog tests and examples create their schemas in
}

// FromEnv reads the configuration from the environment; ok is false when
// any of the three required variables is unset.
func FromEnv() (c Config, ok bool) {
	c = Config{
		Host:      os.Getenv("DATABRICKS_HOST"),
		Token:     os.Getenv("DATABRICKS_TOKEN"),
		Warehouse: os.Getenv("DATABRICKS_WAREHOUSE_ID"),
		Catalog:   os.Getenv("DATABRICKS_CATALOG"),
	}
	if c.Catalog == "" {
		c.Catalog = "main"
	}
	return c, c.Host != "" && c.Token != "" && c.Warehouse != ""
}

// Open returns a new connection pool on the warehouse, through
// databricks-sql-go.
func (c Config) Open() (*sql.DB, error) {
	host := strings.TrimPrefix(strings.TrimPrefix(c.Host, "https://"), "http://")
	conn, err := dbsql.NewConnector(
		dbsql.WithServerHostname(host),
		dbsql.WithHTTPPath("/sql/1.0/warehouses/"+c.Warehouse),
		dbsql.WithAccessToken(c.Token),
	)
	if err != nil {
		return nil, fmt.Errorf("dbxenv: connect to %s: %w", host, err)
	}
	return sql.OpenDB(conn), nil
}

// String describes the warehouse without the token.
func (c Config) String() string {
	return "SQL warehouse " + c.Warehouse + " on " + strings.TrimPrefix(c.Host, "https://")
}
