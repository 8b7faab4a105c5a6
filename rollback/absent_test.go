package rollback_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/rollback"
)

// changes collects what OnChange reports.
type changes struct {
	mu  sync.Mutex
	got []rollback.Change
}

func (c *changes) add(ch rollback.Change) {
	c.mu.Lock()
	c.got = append(c.got, ch)
	c.mu.Unlock()
}

func (c *changes) take() []rollback.Change {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.got
	c.got = nil
	return out
}

// testDeltaRestoreAbsent is part of the conformance suite: a deploy that
// creates a table has it dropped by the rollback.
func testDeltaRestoreAbsent(t *testing.T, e *env) {
	ctx := context.Background()
	orders, fresh := e.name("orders"), e.name("fresh")
	e.exec(t, "CREATE TABLE {s}.orders (id BIGINT)", "INSERT INTO {s}.orders VALUES (1)")
	c, rec := client(e.db)
	var ch changes
	r := rollback.NewDeltaRestore(c, []catalog.Name{orders, fresh},
		&rollback.DeltaRestoreOptions{AllowAbsent: true, Window: time.Hour, OnChange: ch.add, Concurrency: 2})
	cp, err := r.Checkpoint(ctx)
	require.NoError(t, err)
	assert.Equal(t, []rollback.TableVersion{{Table: orders, Version: 1}, {Table: fresh, Absent: true}}, cp.Tables)

	// Rolled back before the deploy created anything: nothing to do.
	require.NoError(t, r.Rollback(ctx, cp))
	assert.Empty(t, ch.take())

	e.exec(t, "CREATE TABLE {s}.fresh (id BIGINT)", "INSERT INTO {s}.orders VALUES (2)")
	rec.reset()
	require.NoError(t, r.Rollback(ctx, cp))
	assert.ElementsMatch(t, []rollback.Change{
		{Object: orders, Action: rollback.ActionRestore},
		{Object: fresh, Action: rollback.ActionDrop},
	}, ch.take())
	assert.Equal(t, []string{"DROP TABLE IF EXISTS " + fresh.Quoted()}, rec.statements("DROP"))
	ok, err := c.TableExists(ctx, fresh)
	require.NoError(t, err)
	assert.False(t, ok)
	assert.Equal(t, []string{"1"}, e.rows(t, "SELECT id FROM {s}.orders"))

	rec.reset()
	require.NoError(t, r.Rollback(ctx, cp))
	assert.Empty(t, rec.statements("DROP"), "a second rollback changes nothing")
	assert.Empty(t, rec.statements("RESTORE"))
	assert.Empty(t, ch.take())

	// Without AllowAbsent a missing table is an error, as before.
	_, err = rollback.NewDeltaRestore(c, []catalog.Name{fresh}, nil).Checkpoint(ctx)
	assert.ErrorIs(t, err, catalog.ErrNotFound)
}

// testViewSwitchAbsent is part of the conformance suite: a deploy that
// creates a view has it dropped by the rollback; the views of a schema
// are read in one statement.
func testViewSwitchAbsent(t *testing.T, e *env) {
	ctx := context.Background()
	a, b, fresh := e.name("a"), e.name("b"), e.name("fresh")
	blue := "SELECT * FROM " + e.name("blue").Quoted()
	e.exec(t,
		"CREATE TABLE {s}.blue (id BIGINT)", "INSERT INTO {s}.blue VALUES (1)",
		"CREATE TABLE {s}.green (id BIGINT)", "INSERT INTO {s}.green VALUES (2)",
		"CREATE VIEW {s}.a AS "+blue,
		"CREATE VIEW {s}.b AS "+blue,
	)
	c, rec := client(e.db)
	var ch changes
	r := rollback.NewViewSwitch(c, []catalog.Name{a, b, fresh},
		&rollback.ViewSwitchOptions{AllowAbsent: true, OnChange: ch.add, Concurrency: 4})
	cp, err := r.Checkpoint(ctx)
	require.NoError(t, err)
	assert.Equal(t, []rollback.ViewDefinition{
		{View: a, Definition: blue}, {View: b, Definition: blue}, {View: fresh, Absent: true},
	}, cp.Views)
	assert.Len(t, rec.sent, 1, "one statement for the schema's views")

	// The deploy switches a and creates fresh.
	require.NoError(t, c.Switch(ctx, a, e.name("green")))
	require.NoError(t, c.CreateView(ctx, fresh, "SELECT * FROM "+e.name("green").Quoted(), nil))
	rec.reset()
	require.NoError(t, r.Rollback(ctx, cp))
	assert.ElementsMatch(t, []rollback.Change{
		{Object: a, Action: rollback.ActionSwitch},
		{Object: fresh, Action: rollback.ActionDrop},
	}, ch.take())
	assert.Equal(t, []string{"1"}, e.rows(t, "SELECT id FROM {s}.a"))
	ok, err := c.TableExists(ctx, fresh)
	require.NoError(t, err)
	assert.False(t, ok)
	assert.Equal(t, []string{"DROP VIEW IF EXISTS " + fresh.Quoted()}, rec.statements("DROP"))

	rec.reset()
	require.NoError(t, r.Rollback(ctx, cp))
	assert.Len(t, rec.sent, 1, "a second rollback reads the schema and changes nothing")
	assert.Empty(t, ch.take())

	// A table is no view, absent or not.
	_, err = rollback.NewViewSwitch(c, []catalog.Name{e.name("blue")}, &rollback.ViewSwitchOptions{AllowAbsent: true}).Checkpoint(ctx)
	assert.ErrorIs(t, err, catalog.ErrInvalid)
}

func TestViewSwitchSchemasAndMissingCatalog(t *testing.T) {
	ctx := context.Background()
	e := newFakeEnv(t)
	e.exec(t,
		"CREATE SCHEMA main.rb2",
		"CREATE TABLE {s}.t (id BIGINT)",
		"CREATE VIEW {s}.v1 AS SELECT * FROM "+e.name("t").Quoted(),
		"CREATE VIEW {s}.v2 AS SELECT * FROM "+e.name("t").Quoted(),
		"CREATE VIEW main.rb2.v3 AS SELECT * FROM "+e.name("t").Quoted(),
	)
	views := []catalog.Name{e.name("v1"), catalog.MustName("main", "rb2", "v3"), catalog.MustName("MAIN", "RB", "V2"),
		catalog.MustName("nocatalog", "s", "v")}
	c, rec := client(e.db)
	cp, err := rollback.NewViewSwitch(c, views, &rollback.ViewSwitchOptions{AllowAbsent: true}).Checkpoint(ctx)
	require.NoError(t, err)
	assert.Len(t, rec.sent, 3, "one read per schema")
	require.Len(t, cp.Views, 4)
	for i, vd := range cp.Views[:3] {
		assert.Equal(t, views[i], vd.View)
		assert.Equal(t, "SELECT * FROM "+e.name("t").Quoted(), vd.Definition)
	}
	assert.True(t, cp.Views[3].Absent, "a view in a missing catalog is absent")
	require.NoError(t, rollback.NewViewSwitch(c, nil, nil).Rollback(ctx, cp))
}

func TestAbsentInvalid(t *testing.T) {
	ctx := context.Background()
	e := newFakeEnv(t)
	c := catalog.New(e.db, nil)
	tbl := e.name("t")
	e.fake.ResetStatements()
	err := rollback.NewDeltaRestore(c, nil, nil).Rollback(ctx, rollback.Checkpoint{Kind: rollback.KindDeltaRestore,
		Tables: []rollback.TableVersion{{Table: tbl, Version: 3, Absent: true}}})
	assert.ErrorIs(t, err, rollback.ErrInvalid)
	err = rollback.NewViewSwitch(c, nil, nil).Rollback(ctx, rollback.Checkpoint{Kind: rollback.KindViewSwitch,
		Views: []rollback.ViewDefinition{{View: tbl, Definition: "SELECT 1", Absent: true}}})
	assert.ErrorIs(t, err, rollback.ErrInvalid)
	assert.Empty(t, e.fake.Statements())
}

func TestAbsentJSON(t *testing.T) {
	cp := rollback.Checkpoint{Kind: rollback.KindComposite, Parts: []rollback.Checkpoint{
		{Kind: rollback.KindDeltaRestore, Tables: []rollback.TableVersion{{Table: catalog.MustName("c", "s", "t"), Absent: true}}},
		{Kind: rollback.KindViewSwitch, Views: []rollback.ViewDefinition{{View: catalog.MustName("c", "s", "v"), Absent: true}}},
	}}
	b, err := json.Marshal(cp)
	require.NoError(t, err)
	assert.JSONEq(t, `{"kind":"composite","taken":"0001-01-01T00:00:00Z","parts":[
		{"kind":"delta-restore","taken":"0001-01-01T00:00:00Z","tables":[{"table":"`+"`c`.`s`.`t`"+`","version":0,"absent":true}]},
		{"kind":"view-switch","taken":"0001-01-01T00:00:00Z","views":[{"view":"`+"`c`.`s`.`v`"+`","definition":"","absent":true}]}]}`, string(b))
	var back rollback.Checkpoint
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, cp, back)
}
