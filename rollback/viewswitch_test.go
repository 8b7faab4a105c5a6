package rollback_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/databrickstest"
	"github.com/ucdeploy/ucdeploy/rollback"
)

// alterViews returns the ALTER VIEW statements the fake received, in order.
func alterViews(w *databrickstest.Workspace) []string {
	var out []string
	for _, s := range w.Statements() {
		if strings.HasPrefix(s.Text, "ALTER VIEW") {
			out = append(out, s.Text)
		}
	}
	return out
}

func TestViewSwitchKeepsGrants(t *testing.T) {
	const reader = "analyst@example.com"
	ctx := context.Background()
	e := newFakeEnv(t)
	view, blue, green := e.name("orders"), e.name("orders_blue"), e.name("orders_green")
	e.exec(t,
		"CREATE TABLE {s}.orders_blue (id BIGINT)", "INSERT INTO {s}.orders_blue VALUES (1)",
		"CREATE TABLE {s}.orders_green (id BIGINT)", "INSERT INTO {s}.orders_green VALUES (2)",
		"CREATE VIEW {s}.orders AS SELECT * FROM "+blue.Quoted(),
		// The reader may read the view, not the tables behind it.
		"GRANT USE CATALOG ON CATALOG main TO `"+reader+"`",
		"GRANT USE SCHEMA ON SCHEMA {s} TO `"+reader+"`",
		"GRANT SELECT ON VIEW {s}.orders TO `"+reader+"`",
	)
	readerDB := e.fake.DBAs(reader)
	require.Equal(t, []string{"1"}, queryRows(t, readerDB, "SELECT id FROM "+view.Quoted()))
	_, err := readerDB.ExecContext(ctx, "SELECT id FROM "+blue.Quoted())
	require.ErrorIs(t, err, &databrickstest.Error{Class: "INSUFFICIENT_PERMISSIONS"})

	c := catalog.New(e.db, nil)
	grants := func() []catalog.Grant {
		g, err := c.Grants(ctx, catalog.Securable{Type: catalog.ObjectView, Name: view})
		require.NoError(t, err)
		return g
	}
	before := grants()
	require.Contains(t, before, catalog.Grant{Principal: reader, Privilege: "SELECT", ObjectType: catalog.ObjectView, ObjectKey: "main.rb.orders"})

	r := rollback.NewViewSwitch(c, []catalog.Name{view}, nil)
	cp, err := r.Checkpoint(ctx)
	require.NoError(t, err)
	require.NoError(t, c.Switch(ctx, view, green))
	require.Equal(t, []string{"2"}, queryRows(t, readerDB, "SELECT id FROM "+view.Quoted()))

	require.NoError(t, r.Rollback(ctx, cp))
	assert.Equal(t, []string{"1"}, queryRows(t, readerDB, "SELECT id FROM "+view.Quoted()))
	assert.Equal(t, before, grants())
}

func TestViewSwitchFaultInOneSwitch(t *testing.T) {
	ctx := context.Background()
	e := newFakeEnv(t)
	a, b, green := e.name("a"), e.name("b"), e.name("green")
	e.exec(t,
		"CREATE TABLE {s}.blue (id BIGINT)", "INSERT INTO {s}.blue VALUES (1)",
		"CREATE TABLE {s}.green (id BIGINT)", "INSERT INTO {s}.green VALUES (2)",
		"CREATE VIEW {s}.a AS SELECT * FROM "+e.name("blue").Quoted(),
		"CREATE VIEW {s}.b AS SELECT * FROM "+e.name("blue").Quoted(),
	)
	c := catalog.New(e.db, nil)
	r := rollback.NewViewSwitch(c, []catalog.Name{a, b}, &rollback.ViewSwitchOptions{Concurrency: 2})
	cp, err := r.Checkpoint(ctx)
	require.NoError(t, err)
	require.NoError(t, c.Switch(ctx, a, green))
	require.NoError(t, c.Switch(ctx, b, green))

	remove, err := e.fake.InjectFault(databrickstest.Fault{
		Pattern: "^" + regexp.QuoteMeta("ALTER VIEW "+a.Quoted()),
		Class:   "TEMPORARILY_UNAVAILABLE",
	})
	require.NoError(t, err)
	e.fake.ResetStatements()
	err = r.Rollback(ctx, cp)
	require.ErrorIs(t, err, &databrickstest.Error{Class: "TEMPORARILY_UNAVAILABLE"})
	require.ErrorIs(t, err, catalog.ErrUnavailable)
	assert.Len(t, alterViews(e.fake), 2)
	assert.Equal(t, []string{"2"}, e.rows(t, "SELECT id FROM {s}.a"))
	assert.Equal(t, []string{"1"}, e.rows(t, "SELECT id FROM {s}.b"))

	remove()
	e.fake.ResetStatements()
	require.NoError(t, r.Rollback(ctx, cp))
	assert.Equal(t, []string{"ALTER VIEW " + a.Quoted() + " AS SELECT * FROM " + e.name("blue").Quoted()}, alterViews(e.fake))
	assert.Equal(t, []string{"1"}, e.rows(t, "SELECT id FROM {s}.a"))
}

func TestViewSwitchCheckpointReadErrors(t *testing.T) {
	ctx := context.Background()
	e := newFakeEnv(t)
	e.exec(t, "CREATE TABLE {s}.t (id BIGINT)")
	r := rollback.NewViewSwitch(catalog.New(e.db, nil), []catalog.Name{e.name("missing"), e.name("t")}, nil)
	cp, err := r.Checkpoint(ctx)
	require.ErrorIs(t, err, catalog.ErrNotFound)
	require.ErrorIs(t, err, catalog.ErrInvalid)
	assert.Equal(t, 2, countErrors(err))
	assert.Equal(t, rollback.Checkpoint{}, cp)
}

func TestViewSwitchInvalid(t *testing.T) {
	ctx := context.Background()
	e := newFakeEnv(t)
	c := catalog.New(e.db, nil)
	v := e.name("v")
	def := "SELECT 1 AS id"
	checkpoints := []struct {
		name   string
		r      *rollback.ViewSwitch
		errors int
	}{
		{"nil client", rollback.NewViewSwitch(nil, []catalog.Name{v}, nil), 1},
		{"nil rollbacker", nil, 1},
		{"two-part name", rollback.NewViewSwitch(c, []catalog.Name{catalog.MustName("rb", "v")}, nil), 1},
		{"listed twice", rollback.NewViewSwitch(c, []catalog.Name{v, catalog.MustName("main", "RB", "V")}, nil), 1},
	}
	for _, tt := range checkpoints {
		t.Run("checkpoint "+tt.name, func(t *testing.T) {
			e.fake.ResetStatements()
			cp, err := tt.r.Checkpoint(ctx)
			require.ErrorIs(t, err, rollback.ErrInvalid)
			assert.Equal(t, tt.errors, countErrors(err))
			assert.Equal(t, rollback.Checkpoint{}, cp)
			assert.Empty(t, e.fake.Statements())
		})
	}
	r := rollback.NewViewSwitch(c, nil, nil)
	rollbacks := []struct {
		name   string
		cp     rollback.Checkpoint
		errors int
	}{
		{"kind of another rollbacker", rollback.Checkpoint{Kind: rollback.KindDeltaRestore, Views: []rollback.ViewDefinition{{View: v, Definition: def}}}, 1},
		{"empty definition", rollback.Checkpoint{Kind: rollback.KindViewSwitch, Views: []rollback.ViewDefinition{{View: v, Definition: " \n"}}}, 1},
		{"zero name", rollback.Checkpoint{Kind: rollback.KindViewSwitch, Views: []rollback.ViewDefinition{{Definition: def}}}, 1},
		{"every problem reported", rollback.Checkpoint{Kind: rollback.KindViewSwitch, Views: []rollback.ViewDefinition{
			{View: v, Definition: def}, {View: v}, {Definition: def},
		}}, 3},
	}
	for _, tt := range rollbacks {
		t.Run("rollback "+tt.name, func(t *testing.T) {
			e.fake.ResetStatements()
			err := r.Rollback(ctx, tt.cp)
			require.ErrorIs(t, err, rollback.ErrInvalid)
			assert.Equal(t, tt.errors, countErrors(err))
			assert.Empty(t, e.fake.Statements())
		})
	}
}
