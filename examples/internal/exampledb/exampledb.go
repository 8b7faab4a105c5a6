// Package exampledb opens the SQL warehouse the examples run on: the
// embedded fake workspace by default, or a real Databricks SQL warehouse when
// DATABRICKS_HOST, DATABRICKS_TOKEN and DATABRICKS_WAREHOUSE_ID are set.
package exampledb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/databrickstest"
	"github.com/ucdeploy/ucdeploy/internal/dbxenv"
)

// Target is where an example runs.
type Target struct {
	// DB sends SQL to the warehouse.
	DB *sql.DB
	// Fake is the embedded workspace, nil on a real one.
	Fake *databrickstest.Workspace
	// Schema is a fresh schema the example owns (dropped by Close on a real
	// workspace; the fake's disappears with it).
	Schema catalog.Name
	// Where describes the target for the example's output.
	Where string
}

// Open returns the target. On a real workspace the example works in a new
// schema of DATABRICKS_CATALOG (default "main"), named after the example
// and the time, so runs never collide.
func Open(ctx context.Context, example string) (*Target, error) {
	cfg, ok := dbxenv.FromEnv()
	if !ok {
		w := databrickstest.New(nil)
		return &Target{DB: w.DB(), Fake: w, Schema: catalog.MustName("main", example), Where: "the embedded fake workspace"}, nil
	}
	db, err := cfg.Open()
	if err != nil {
		return nil, err
	}
	schema := catalog.MustName(cfg.Catalog, fmt.Sprintf("%s_%d", example, time.Now().Unix()))
	return &Target{DB: db, Schema: schema, Where: cfg.String()}, nil
}

// Table returns the name of a table in the target's schema.
func (t *Target) Table(name string) catalog.Name {
	n, err := t.Schema.Child(name)
	if err != nil {
		panic(err) // a two-part schema always takes a third part
	}
	return n
}

// Close drops the example's schema on a real workspace and closes the
// connections.
func (t *Target) Close(ctx context.Context) error {
	if t.Fake != nil {
		return t.Fake.Close()
	}
	_, err := t.DB.ExecContext(ctx, "DROP SCHEMA IF EXISTS "+t.Schema.Quoted()+" CASCADE")
	if cerr := t.DB.Close(); err == nil {
		err = cerr
	}
	return err
}
