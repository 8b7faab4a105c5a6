package catalog

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/databrickstest"
)

func TestTablesStatement(t *testing.T) {
	w := databrickstest.New(nil)
	defer w.Close()
	_, err := New(w.DB(), nil).Tables(t.Context(), MustName("main", "S"))
	require.NoError(t, err)
	st := w.Statements()
	require.Len(t, st, 1, "one statement per schema")
	assert.Equal(t, "SELECT t.table_name, t.table_type, t.created, v.view_definition FROM `main`.`information_schema`.`tables` AS t"+
		" LEFT JOIN `main`.`information_schema`.`views` AS v ON v.table_schema = t.table_schema AND v.table_name = t.table_name"+
		" WHERE t.table_schema = lower(?) ORDER BY t.created DESC, t.table_name DESC", st[0].Text)
	assert.Equal(t, []any{"S"}, st[0].Args)

	for _, bad := range []Name{{}, MustName("main"), MustName("main", "s", "t")} {
		_, err := New(w.DB(), nil).Tables(t.Context(), bad)
		assert.ErrorIs(t, err, ErrInvalid, bad.String())
	}
}

// testListing is part of the conformance suite.
func (s *suite) testListing(t *testing.T) {
	ctx := t.Context()
	schema := MustName(s.catalog, unique("ucdeploy_list_"))
	require.NoError(t, s.c.CreateSchema(ctx, schema, nil))
	t.Cleanup(func() { _ = s.c.DropSchema(t.Context(), schema, &DropOptions{IfExists: true, Cascade: true}) })
	name := func(n string) Name { return MustName(s.catalog, schema.Last(), n) }

	got, err := s.c.Tables(ctx, schema)
	require.NoError(t, err)
	assert.Empty(t, got, "an empty schema")

	def := "SELECT * FROM " + name("orders_v1").Quoted()
	s.run(t, "CREATE TABLE "+name("orders_v1").Quoted()+" (id BIGINT)")
	s.run(t, "CREATE VIEW "+name("orders").Quoted()+" AS "+def)
	s.run(t, "CREATE TABLE "+name("orders_v2").Quoted()+" (id BIGINT)")

	got, err = s.c.Tables(ctx, MustName(s.catalog, schema.Last()))
	require.NoError(t, err)
	require.Len(t, got, 3)
	var names []string
	for _, ti := range got {
		names = append(names, ti.Name.Last())
		assert.False(t, ti.Created.IsZero(), ti.Name.String())
		assert.True(t, ti.Name.Parent().Equal(schema))
	}
	assert.Equal(t, []string{"orders_v2", "orders", "orders_v1"}, names, "newest first")
	assert.True(t, got[1].IsView())
	assert.Equal(t, "VIEW", got[1].Type)
	assert.Equal(t, def, got[1].ViewDefinition)
	view, err := s.c.ViewDefinition(ctx, name("orders"))
	require.NoError(t, err)
	assert.Equal(t, view, got[1].ViewDefinition, "the text ViewDefinition reads")
	assert.False(t, got[0].IsView())
	assert.Equal(t, "MANAGED", got[0].Type)
	assert.Empty(t, got[0].ViewDefinition)

	got, err = s.c.Tables(ctx, MustName(s.catalog, unique("ucdeploy_noschema_")))
	require.NoError(t, err)
	assert.Empty(t, got, "a missing schema")
	_, err = s.c.Tables(ctx, MustName(unique("ucdeploy_nocat_"), "s"))
	assert.ErrorIs(t, err, ErrNotFound, "a missing catalog")
}
