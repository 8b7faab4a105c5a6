package catalog_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/databrickstest"
)

func TestViewsAndReads(t *testing.T) {
	w := databrickstest.New(nil)
	defer w.Close()
	db := w.DB()
	ctx := context.Background()
	for _, q := range []string{
		"CREATE SCHEMA main.a", "CREATE SCHEMA main.b",
		"CREATE TABLE main.a.orders_v1 (id INT)",
		"CREATE VIEW main.a.same_schema AS SELECT id FROM a.orders_v1",
		"CREATE VIEW main.b.other_schema AS SELECT * FROM `main`.`a`.`orders_v1`",
		"CREATE VIEW main.b.unrelated AS SELECT 1 AS orders_v10",
	} {
		_, err := db.ExecContext(ctx, q)
		require.NoError(t, err, q)
	}
	w.ResetStatements()
	views, err := catalog.New(db, nil).Views(ctx, catalog.MustName("main"))
	require.NoError(t, err)
	assert.Len(t, w.Statements(), 1, "one statement for the whole catalog")
	table := catalog.MustName("main", "a", "orders_v1")
	var readers []string
	for _, v := range views {
		if v.Reads(table) {
			readers = append(readers, v.Name.String())
		}
	}
	assert.Equal(t, []string{"main.a.same_schema", "main.b.other_schema"}, readers)
	_, err = catalog.New(db, nil).Views(ctx, catalog.MustName("nope"))
	assert.ErrorIs(t, err, catalog.ErrNotFound)

	// A view in the table's own schema may name it alone; a longer word
	// that merely starts with the name is no reference.
	same := catalog.TableInfo{Name: catalog.MustName("main", "a", "v"), ViewDefinition: "SELECT * FROM ORDERS_V1 WHERE x = 1"}
	assert.True(t, same.Reads(table))
	other := catalog.TableInfo{Name: catalog.MustName("main", "b", "v"), ViewDefinition: "SELECT * FROM orders_v1"}
	assert.False(t, other.Reads(table), "in another schema the bare name is another table")
	longer := catalog.TableInfo{Name: catalog.MustName("main", "a", "v"), ViewDefinition: "SELECT * FROM orders_v12"}
	assert.False(t, longer.Reads(table))
}
