package dbxenv

import (
	"strings"
	"testing"
)

func TestFromEnv(t *testing.T) {
	t.Setenv("DATABRICKS_HOST", "https://example.cloud.databricks.com")
	t.Setenv("DATABRICKS_TOKEN", "dapi-secret")
	t.Setenv("DATABRICKS_WAREHOUSE_ID", "abc123")
	t.Setenv("DATABRICKS_CATALOG", "")
	c, ok := FromEnv()
	if !ok || c.Catalog != "main" || c.Warehouse != "abc123" {
		t.Fatalf("FromEnv = %+v, %v", c, ok)
	}
	if s := c.String(); strings.Contains(s, "dapi-secret") || !strings.Contains(s, "abc123") {
		t.Fatalf("String() = %q: must name the warehouse and never the token", s)
	}
	t.Setenv("DATABRICKS_TOKEN", "")
	if _, ok := FromEnv(); ok {
		t.Fatal("FromEnv without a token must report no workspace")
	}
}
