package catalog_test

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/databrickstest"
)

// Compile-time: issue 4 "compile-time check that *sql.DB satisfies it";
// the doc adds *sql.Conn and *sql.Tx.
var _ catalog.Executor = (*sql.DB)(nil)

// Issue 4, Deliver 1: "no name can change the structure of a statement built
// from it" and "How it will be checked: a hostile table name cannot inject
// SQL". Every operation runs on objects with hostile names; a victim table
// survives and the hostile objects behave as named.
func TestQAHostileNamesThroughEveryOperation(t *testing.T) {
	ctx := context.Background()
	for _, part := range []string{
		"x`; DROP TABLE main.default.victim; --",
		"a.b",
		"it's",
		"日本語",
		"Mixed Case",
		"```",
	} {
		t.Run(part, func(t *testing.T) {
			w, c := qaWorkspace(t)
			qaExec(t, w,
				"CREATE TABLE main.default.victim (id BIGINT)",
				"INSERT INTO main.default.victim VALUES (1)",
			)
			cat := catalog.MustName("qa" + fmt.Sprint(len(part)))
			require.NoError(t, c.CreateCatalog(ctx, cat, &catalog.CreateOptions{Comment: "it's \\ " + part}))
			schema := catalog.MustName(cat.Last(), part)
			victim := catalog.MustName("main", "default", "victim")
			if err := c.CreateSchema(ctx, schema, &catalog.CreateOptions{Comment: part}); err != nil {
				// Unity Catalog restricts schema and table names; a name it
				// refuses must be refused cleanly, and reading it must
				// report "not found", never run anything else.
				assert.ErrorIs(t, err, catalog.ErrInvalid)
				assert.Equal(t, int64(1), qaCount(t, w, victim))
				tbl := catalog.MustName("main", "default", part)
				ok, err := c.TableExists(ctx, tbl)
				require.NoError(t, err)
				assert.False(t, ok)
				_, err = c.DescribeTable(ctx, tbl)
				assert.ErrorIs(t, err, catalog.ErrNotFound)
				_, err = c.History(ctx, tbl, 0)
				assert.ErrorIs(t, err, catalog.ErrNotFound)
				err = c.DropTable(ctx, tbl, nil)
				assert.ErrorIs(t, err, catalog.ErrNotFound)
				err = c.Switch(ctx, tbl, victim)
				assert.ErrorIs(t, err, catalog.ErrNotFound)
				err = c.Clone(ctx, victim, tbl, nil)
				assert.ErrorIs(t, err, catalog.ErrInvalid)
				// Columns may have any name.
				qaExec(t, w, "CREATE TABLE main.default.cols ("+catalog.QuoteIdent(part)+" BIGINT NOT NULL)")
				d, err := c.DescribeTable(ctx, catalog.MustName("main", "default", "cols"))
				require.NoError(t, err)
				require.Len(t, d.Columns, 1)
				assert.Equal(t, part, d.Columns[0].Name)
				assert.Equal(t, int64(1), qaCount(t, w, victim))
				return
			}
			ok, err := c.SchemaExists(ctx, schema)
			require.NoError(t, err)
			assert.True(t, ok)

			tbl := catalog.MustName(cat.Last(), part, part)
			qaExec(t, w, "CREATE TABLE "+tbl.Quoted()+" ("+catalog.QuoteIdent(part)+" BIGINT NOT NULL, amount DECIMAL(10,2))",
				"INSERT INTO "+tbl.Quoted()+" VALUES (1, 1.50), (2, 2.50)")

			ok, err = c.TableExists(ctx, tbl)
			require.NoError(t, err)
			assert.True(t, ok)

			desc, err := c.DescribeTable(ctx, tbl)
			require.NoError(t, err)
			require.Len(t, desc.Columns, 2)
			assert.Equal(t, part, desc.Columns[0].Name)
			assert.False(t, desc.Columns[0].Nullable)
			assert.Equal(t, "decimal(10,2)", desc.Columns[1].Type)

			v, err := c.CurrentVersion(ctx, tbl)
			require.NoError(t, err)
			assert.Equal(t, int64(1), v)
			hist, err := c.History(ctx, tbl, 0)
			require.NoError(t, err)
			assert.Len(t, hist, 2)

			clone := catalog.MustName(cat.Last(), part, part+"_clone")
			require.NoError(t, c.Clone(ctx, tbl, clone, &catalog.CloneOptions{Version: ptr(int64(0))}))
			assert.Equal(t, int64(0), qaCount(t, w, clone))

			require.NoError(t, c.RestoreVersion(ctx, tbl, 0))
			assert.Equal(t, int64(0), qaCount(t, w, tbl))

			view := catalog.MustName(cat.Last(), part, part+"_v")
			require.NoError(t, c.CreateView(ctx, view, "SELECT * FROM "+tbl.Quoted(), &catalog.CreateOptions{Comment: part}))
			require.NoError(t, c.Switch(ctx, view, clone))
			def, err := c.ViewDefinition(ctx, view)
			require.NoError(t, err)
			assert.Equal(t, "SELECT * FROM "+clone.Quoted(), def)

			tables, err := c.Tables(ctx, schema)
			require.NoError(t, err)
			assert.Len(t, tables, 3)

			r, err := c.Retention(ctx, tbl)
			require.NoError(t, err)
			assert.Equal(t, 7*24*time.Hour, r.DeletedFileRetention)

			_, err = c.Grants(ctx, catalog.Securable{Type: catalog.ObjectTable, Name: tbl})
			require.NoError(t, err)

			require.NoError(t, c.DropView(ctx, view, nil))
			require.NoError(t, c.DropTable(ctx, clone, nil))
			require.NoError(t, c.DropSchema(ctx, schema, &catalog.DropOptions{Cascade: true}))
			ok, err = c.SchemaExists(ctx, schema)
			require.NoError(t, err)
			assert.False(t, ok)
			require.NoError(t, c.DropCatalog(ctx, cat, &catalog.DropOptions{Cascade: true}))

			assert.Equal(t, int64(1), qaCount(t, w, victim))
			for _, s := range w.Statements() {
				assert.NotContains(t, strings.ToUpper(s.Text), "DROP TABLE MAIN.DEFAULT.VICTIM", s.Text)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// Doc (Client): "operations given [a short name] fail with ErrInvalid
// before sending anything".
func TestQAShortNamesFailBeforeSending(t *testing.T) {
	ctx := context.Background()
	w, c := qaWorkspace(t)
	one := catalog.MustName("main")
	two := catalog.MustName("main", "default")
	three := catalog.MustName("main", "default", "t")
	var zero catalog.Name
	w.ResetStatements()
	calls := map[string]func() error{
		"CreateCatalog two":  func() error { return c.CreateCatalog(ctx, two, nil) },
		"CreateSchema one":   func() error { return c.CreateSchema(ctx, one, nil) },
		"CreateSchema three": func() error { return c.CreateSchema(ctx, three, nil) },
		"DropSchema zero":    func() error { return c.DropSchema(ctx, zero, nil) },
		"DropTable two":      func() error { return c.DropTable(ctx, two, nil) },
		"TableExists two": func() error {
			_, err := c.TableExists(ctx, two)
			return err
		},
		"DescribeTable one": func() error {
			_, err := c.DescribeTable(ctx, one)
			return err
		},
		"History two": func() error {
			_, err := c.History(ctx, two, 0)
			return err
		},
		"RestoreVersion negative": func() error { return c.RestoreVersion(ctx, three, -1) },
		"Clone short dst":         func() error { return c.Clone(ctx, three, two, nil) },
		"Clone negative version": func() error {
			return c.Clone(ctx, three, catalog.MustName("main", "default", "u"), &catalog.CloneOptions{Version: ptr(int64(-1))})
		},
		"Switch short target": func() error { return c.Switch(ctx, three, two) },
		"Grants bad type": func() error {
			_, err := c.Grants(ctx, catalog.Securable{Type: "FUNCTION", Name: three})
			return err
		},
		"Grants wrong parts": func() error {
			_, err := c.Grants(ctx, catalog.Securable{Type: catalog.ObjectSchema, Name: three})
			return err
		},
		"Tables three": func() error {
			_, err := c.Tables(ctx, three)
			return err
		},
		"DropTable cascade": func() error { return c.DropTable(ctx, three, &catalog.DropOptions{Cascade: true}) },
		"DropView cascade":  func() error { return c.DropView(ctx, three, &catalog.DropOptions{Cascade: true}) },
		"CreateSchema bad comment": func() error {
			return c.CreateSchema(ctx, catalog.MustName("main", "x"), &catalog.CreateOptions{Comment: "\xff"})
		},
		"RestoreTimestamp year 0": func() error {
			return c.RestoreTimestamp(ctx, three, time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC))
		},
	}
	for name, call := range calls {
		err := call()
		assert.ErrorIs(t, err, catalog.ErrInvalid, name)
		var ce *catalog.Error
		assert.True(t, errors.As(err, &ce), name)
	}
	assert.Empty(t, w.Statements(), "nothing may be sent for invalid input")
}

// Deliver 1, Errors: sentinels with the driver's error reachable.
func TestQAErrorSentinels(t *testing.T) {
	ctx := context.Background()
	w, c := qaWorkspace(t)
	qaExec(t, w,
		"CREATE SCHEMA main.s",
		"CREATE TABLE main.s.t (id BIGINT)",
		"CREATE VIEW main.s.v AS SELECT * FROM main.s.t",
	)
	s := catalog.MustName("main", "s")
	tbl := catalog.MustName("main", "s", "t")
	view := catalog.MustName("main", "s", "v")
	missing := catalog.MustName("main", "s", "nope")
	tests := []struct {
		name string
		call func() error
		want error
	}{
		{"create existing schema", func() error { return c.CreateSchema(ctx, s, nil) }, catalog.ErrAlreadyExists},
		{"create existing catalog", func() error { return c.CreateCatalog(ctx, catalog.MustName("main"), nil) }, catalog.ErrAlreadyExists},
		{"create existing view", func() error { return c.CreateView(ctx, view, "SELECT 1 AS x", nil) }, catalog.ErrAlreadyExists},
		{"drop non-empty schema", func() error { return c.DropSchema(ctx, s, nil) }, catalog.ErrNotEmpty},
		{"drop missing schema", func() error { return c.DropSchema(ctx, catalog.MustName("main", "nope"), nil) }, catalog.ErrNotFound},
		{"drop missing catalog", func() error { return c.DropCatalog(ctx, catalog.MustName("nope"), nil) }, catalog.ErrNotFound},
		{"drop missing table", func() error { return c.DropTable(ctx, missing, nil) }, catalog.ErrNotFound},
		{"drop missing view", func() error { return c.DropView(ctx, missing, nil) }, catalog.ErrNotFound},
		{"drop table that is a view", func() error { return c.DropTable(ctx, view, nil) }, catalog.ErrInvalid},
		{"drop view that is a table", func() error { return c.DropView(ctx, tbl, nil) }, catalog.ErrInvalid},
		{"describe missing", func() error { _, err := c.DescribeTable(ctx, missing); return err }, catalog.ErrNotFound},
		{"history missing", func() error { _, err := c.History(ctx, missing, 0); return err }, catalog.ErrNotFound},
		{"history of a view", func() error { _, err := c.History(ctx, view, 0); return err }, catalog.ErrInvalid},
		{"current version of a view", func() error { _, err := c.CurrentVersion(ctx, view); return err }, catalog.ErrInvalid},
		{"restore future version", func() error { return c.RestoreVersion(ctx, tbl, 99) }, catalog.ErrInvalid},
		{"restore missing", func() error { return c.RestoreVersion(ctx, missing, 0) }, catalog.ErrNotFound},
		{"clone onto existing", func() error { return c.Clone(ctx, tbl, tbl, nil) }, catalog.ErrAlreadyExists},
		{"clone missing source", func() error { return c.Clone(ctx, missing, catalog.MustName("main", "s", "c"), nil) }, catalog.ErrNotFound},
		{"clone future version", func() error {
			return c.Clone(ctx, tbl, catalog.MustName("main", "s", "c2"), &catalog.CloneOptions{Version: ptr(int64(42))})
		}, catalog.ErrInvalid},
		{"clone into missing schema", func() error { return c.Clone(ctx, tbl, catalog.MustName("main", "nope", "c"), nil) }, catalog.ErrNotFound},
		{"switch a table", func() error { return c.Switch(ctx, tbl, tbl) }, catalog.ErrInvalid},
		{"switch missing view", func() error { return c.Switch(ctx, missing, tbl) }, catalog.ErrNotFound},
		{"switch to missing target", func() error { return c.Switch(ctx, view, missing) }, catalog.ErrNotFound},
		{"switch query empty", func() error { return c.SwitchQuery(ctx, view, "  ") }, catalog.ErrInvalid},
		{"switch query invalid", func() error { return c.SwitchQuery(ctx, view, "SELEC 1") }, catalog.ErrInvalid},
		{"view definition of a table", func() error { _, err := c.ViewDefinition(ctx, tbl); return err }, catalog.ErrInvalid},
		{"view definition missing", func() error { _, err := c.ViewDefinition(ctx, missing); return err }, catalog.ErrNotFound},
		{"create view empty query", func() error { return c.CreateView(ctx, catalog.MustName("main", "s", "v2"), "", nil) }, catalog.ErrInvalid},
		{"create view missing relation", func() error {
			return c.CreateView(ctx, catalog.MustName("main", "s", "v3"), "SELECT * FROM "+missing.Quoted(), nil)
		}, catalog.ErrNotFound},
		{"grants missing", func() error {
			_, err := c.Grants(ctx, catalog.Securable{Type: catalog.ObjectTable, Name: missing})
			return err
		}, catalog.ErrNotFound},
		{"tables in missing catalog", func() error { _, err := c.Tables(ctx, catalog.MustName("nope", "s")); return err }, catalog.ErrNotFound},
		{"retention missing", func() error { _, err := c.Retention(ctx, missing); return err }, catalog.ErrNotFound},
		{"create schema in missing catalog", func() error { return c.CreateSchema(ctx, catalog.MustName("nope", "s"), nil) }, catalog.ErrNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.want)
			assert.Equal(t, tc.want, catalog.Classify(err), "Classify(%v)", err)
			var ce *catalog.Error
			require.True(t, errors.As(err, &ce))
			assert.Equal(t, tc.want, ce.Kind)
			assert.NotEmpty(t, ce.Op)
			assert.True(t, strings.HasPrefix(err.Error(), "catalog: "), err.Error())
		})
	}

	// IfNotExists / IfExists make them no-ops.
	assert.NoError(t, c.CreateSchema(ctx, s, &catalog.CreateOptions{IfNotExists: true}))
	assert.NoError(t, c.CreateView(ctx, view, "SELECT 1 AS x", &catalog.CreateOptions{IfNotExists: true}))
	def, err := c.ViewDefinition(ctx, view)
	require.NoError(t, err)
	assert.Contains(t, def, "main.s.t", "IF NOT EXISTS must not replace the view")
	assert.NoError(t, c.DropTable(ctx, missing, &catalog.DropOptions{IfExists: true}))
	assert.NoError(t, c.DropView(ctx, missing, &catalog.DropOptions{IfExists: true}))
	assert.NoError(t, c.DropSchema(ctx, catalog.MustName("main", "nope"), &catalog.DropOptions{IfExists: true}))
	assert.NoError(t, c.DropCatalog(ctx, catalog.MustName("nope"), &catalog.DropOptions{IfExists: true}))

	// The driver's error is reachable, with its class and SQLSTATE.
	err = c.DropView(ctx, missing, nil)
	var werr *databrickstest.Error
	require.True(t, errors.As(err, &werr), "DropView error %v must wrap the warehouse error", err)
	assert.Equal(t, "TABLE_OR_VIEW_NOT_FOUND", catalog.ErrorClass(err))
	assert.Equal(t, "42P01", catalog.SQLState(err))
}

// Doc (ErrPermission / CatalogExists / Grants): permission failures map to
// ErrPermission for a non-admin principal.
func TestQAPermissions(t *testing.T) {
	ctx := context.Background()
	w, _ := qaWorkspace(t)
	qaExec(t, w,
		"CREATE CATALOG secret",
		"CREATE SCHEMA secret.s",
		"CREATE TABLE secret.s.t (id BIGINT)",
		"CREATE VIEW secret.s.v AS SELECT * FROM secret.s.t",
	)
	bob := catalog.New(w.DBAs("bob@example.com"), nil)
	_, err := bob.CatalogExists(ctx, catalog.MustName("secret"))
	assert.ErrorIs(t, err, catalog.ErrPermission, "CatalogExists doc: a catalog the caller may not use is ErrPermission")
	err = bob.CreateSchema(ctx, catalog.MustName("secret", "x"), nil)
	assert.ErrorIs(t, err, catalog.ErrPermission)
	err = bob.Switch(ctx, catalog.MustName("secret", "s", "v"), catalog.MustName("secret", "s", "t"))
	assert.ErrorIs(t, err, catalog.ErrPermission)
	err = bob.RestoreVersion(ctx, catalog.MustName("secret", "s", "t"), 0)
	assert.ErrorIs(t, err, catalog.ErrPermission)
	err = bob.DropTable(ctx, catalog.MustName("secret", "s", "t"), nil)
	assert.ErrorIs(t, err, catalog.ErrPermission)
	_, err = bob.Grants(ctx, catalog.Securable{Type: catalog.ObjectTable, Name: catalog.MustName("secret", "s", "t")})
	assert.ErrorIs(t, err, catalog.ErrPermission)
	err = bob.CreateCatalog(ctx, catalog.MustName("bobs"), nil)
	assert.ErrorIs(t, err, catalog.ErrPermission)
}

// Deliver 1 and DESIGN decision 3: Switch by ALTER VIEW keeps grants and
// owner; a view whose text is not SELECT * is switched too.
func TestQASwitchKeepsGrantsAndOwner(t *testing.T) {
	ctx := context.Background()
	w, c := qaWorkspace(t)
	qaExec(t, w,
		"CREATE SCHEMA main.sales",
		"CREATE TABLE main.sales.orders_blue (id BIGINT, amount DECIMAL(10,2), ts TIMESTAMP)",
		"INSERT INTO main.sales.orders_blue VALUES (1, 1.00, TIMESTAMP'2024-01-01 00:00:00'), (2, -1.00, NULL)",
		"CREATE TABLE main.sales.orders_green (id BIGINT, amount DECIMAL(10,2), ts TIMESTAMP)",
		"INSERT INTO main.sales.orders_green VALUES (1, 1.00, NULL), (2, 2.00, NULL), (3, 3.00, NULL)",
		"GRANT USE CATALOG ON CATALOG main TO `analyst@example.com`",
		"GRANT USE SCHEMA ON SCHEMA main.sales TO `analyst@example.com`",
	)
	view := catalog.MustName("main", "sales", "orders")
	blue := catalog.MustName("main", "sales", "orders_blue")
	green := catalog.MustName("main", "sales", "orders_green")
	// A view that filters and projects: not SELECT *.
	require.NoError(t, c.CreateView(ctx, view, "SELECT id, amount FROM "+blue.Quoted()+" WHERE amount > 0", &catalog.CreateOptions{Comment: "orders, it's \"stable\""}))
	qaExec(t, w, "GRANT SELECT ON VIEW main.sales.orders TO `analyst@example.com`")
	before, err := c.Grants(ctx, catalog.Securable{Type: catalog.ObjectView, Name: view})
	require.NoError(t, err)
	descBefore, err := c.DescribeTable(ctx, view)
	require.NoError(t, err)
	assert.Equal(t, "VIEW", descBefore.Type)
	assert.Equal(t, `orders, it's "stable"`, descBefore.Comment)
	assert.Equal(t, w.Admin(), descBefore.Owner)
	def, err := c.ViewDefinition(ctx, view)
	require.NoError(t, err)
	assert.Equal(t, "SELECT id, amount FROM "+blue.Quoted()+" WHERE amount > 0", def)

	require.NoError(t, c.Switch(ctx, view, green))
	after, err := c.Grants(ctx, catalog.Securable{Type: catalog.ObjectView, Name: view})
	require.NoError(t, err)
	missing, extra := catalog.DiffGrants(before, after)
	assert.Empty(t, missing)
	assert.Empty(t, extra)
	descAfter, err := c.DescribeTable(ctx, view)
	require.NoError(t, err)
	assert.Equal(t, descBefore.Owner, descAfter.Owner)
	assert.Len(t, descAfter.Columns, 3, "after Switch the view is SELECT * of green")

	var n int
	require.NoError(t, w.DBAs("analyst@example.com").QueryRowContext(ctx, "SELECT count(*) FROM main.sales.orders").Scan(&n))
	assert.Equal(t, 3, n, "the analyst keeps access after the switch")

	for _, s := range w.Statements() {
		assert.NotContains(t, strings.ToUpper(s.Text), "CREATE OR REPLACE VIEW", "issue 4: never CREATE OR REPLACE")
	}

	// Switch back: rollback twice is harmless.
	require.NoError(t, c.Switch(ctx, view, blue))
	require.NoError(t, c.Switch(ctx, view, blue))
	require.NoError(t, w.DBAs("analyst@example.com").QueryRowContext(ctx, "SELECT count(*) FROM main.sales.orders").Scan(&n))
	assert.Equal(t, 2, n)

	// SwitchQuery with a split query.
	q := "SELECT * FROM " + blue.Quoted() + " WHERE id < 2 UNION ALL SELECT * FROM " + green.Quoted() + " WHERE id >= 2"
	require.NoError(t, c.SwitchQuery(ctx, view, q))
	require.NoError(t, w.DB().QueryRowContext(ctx, "SELECT count(*) FROM main.sales.orders").Scan(&n))
	assert.Equal(t, 3, n)
}

// Deliver 1: describe a table with decimal, timestamp, NOT NULL, comments,
// properties; and with many columns.
func TestQADescribeTable(t *testing.T) {
	ctx := context.Background()
	w, c := qaWorkspace(t)
	qaExec(t, w, "CREATE TABLE main.default.t (id BIGINT NOT NULL COMMENT 'the key', amount DECIMAL(38,18), ts TIMESTAMP, d DATE, "+
		"f FLOAT, b BOOLEAN, s STRING, i INT, sm SMALLINT, ti TINYINT, db DOUBLE) COMMENT 'it\\'s a table' "+
		"TBLPROPERTIES ('team' = 'data', 'delta.logRetentionDuration' = 'interval 60 days')")
	d, err := c.DescribeTable(ctx, catalog.MustName("MAIN", "Default", "T"))
	require.NoError(t, err)
	assert.Equal(t, "MANAGED", d.Type)
	assert.Equal(t, "it's a table", d.Comment)
	want := []catalog.Column{
		{Name: "id", Type: "bigint", Nullable: false, Comment: "the key"},
		{Name: "amount", Type: "decimal(38,18)", Nullable: true},
		{Name: "ts", Type: "timestamp", Nullable: true},
		{Name: "d", Type: "date", Nullable: true},
		{Name: "f", Type: "float", Nullable: true},
		{Name: "b", Type: "boolean", Nullable: true},
		{Name: "s", Type: "string", Nullable: true},
		{Name: "i", Type: "int", Nullable: true},
		{Name: "sm", Type: "smallint", Nullable: true},
		{Name: "ti", Type: "tinyint", Nullable: true},
		{Name: "db", Type: "double", Nullable: true},
	}
	assert.Equal(t, want, d.Columns)
	assert.Equal(t, "data", d.Properties["team"])
	r, err := c.Retention(ctx, catalog.MustName("main", "default", "t"))
	require.NoError(t, err)
	assert.Equal(t, 60*24*time.Hour, r.LogRetention)
	assert.Equal(t, 7*24*time.Hour, r.DeletedFileRetention)

	// 300 columns keep their order.
	cols := make([]string, 300)
	for i := range cols {
		cols[i] = fmt.Sprintf("c%03d BIGINT", i)
	}
	qaExec(t, w, "CREATE TABLE main.default.wide ("+strings.Join(cols, ", ")+")")
	w.ResetStatements()
	wide, err := c.DescribeTable(ctx, catalog.MustName("main", "default", "wide"))
	require.NoError(t, err)
	require.Len(t, wide.Columns, 300)
	for i, col := range wide.Columns {
		assert.Equal(t, fmt.Sprintf("c%03d", i), col.Name)
	}
	assert.LessOrEqual(t, len(w.Statements()), 3, "DescribeTable doc: three statements")
	assert.NotNil(t, wide.Properties)
}

// Doc (Retention): "ErrInvalid if a property holds something Delta would
// not accept as a duration (for example months)"; Delta's accepted forms.
func TestQARetentionForms(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		value   string
		want    time.Duration
		wantErr error
	}{
		// The fake refuses invalid intervals when they are set (as Delta
		// does), so Retention's ErrInvalid path cannot be reached here.
		{"interval 1 week", 7 * 24 * time.Hour, nil},
		{"interval 2 days", 48 * time.Hour, nil},
		{"INTERVAL 30 MINUTES", 30 * time.Minute, nil},
	}
	for _, tc := range tests {
		t.Run(tc.value, func(t *testing.T) {
			w, c := qaWorkspace(t)
			qaExec(t, w, "CREATE TABLE main.default.t (id BIGINT) TBLPROPERTIES ('delta.deletedFileRetentionDuration' = '"+tc.value+"')")
			r, err := c.Retention(ctx, catalog.MustName("main", "default", "t"))
			if tc.wantErr != nil {
				assert.ErrorIs(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, r.DeletedFileRetention)
			assert.Equal(t, 30*24*time.Hour, r.LogRetention)
		})
	}
}

// Deliver 1: history, current version, restore to version and timestamp,
// clone at a version. Timestamps in a synctest bubble.
func TestQAHistoryRestoreClone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		w := databrickstest.New(nil)
		defer w.Close()
		c := catalog.New(w.DB(), nil)
		tbl := catalog.MustName("main", "default", "orders")
		qaExec(t, w, "CREATE TABLE main.default.orders (id BIGINT)") // v0
		time.Sleep(time.Hour)
		qaExec(t, w, "INSERT INTO main.default.orders VALUES (1)") // v1
		time.Sleep(time.Hour)
		mid := time.Now()
		time.Sleep(time.Hour)
		qaExec(t, w, "INSERT INTO main.default.orders VALUES (2), (3)") // v2
		time.Sleep(time.Hour)

		v, err := c.CurrentVersion(ctx, tbl)
		require.NoError(t, err)
		assert.Equal(t, int64(2), v)
		h, err := c.History(ctx, tbl, 2)
		require.NoError(t, err)
		require.Len(t, h, 2)
		assert.Equal(t, int64(2), h[0].Version)
		assert.Equal(t, "WRITE", h[0].Operation)
		assert.Equal(t, "2", h[0].OperationMetrics["numOutputRows"])
		assert.Equal(t, w.Admin(), h[0].UserName)
		assert.False(t, h[0].Timestamp.IsZero())

		// A time.Time in another zone means the same instant.
		tokyo := time.FixedZone("JST", 9*3600)
		require.NoError(t, c.RestoreTimestamp(ctx, tbl, mid.In(tokyo)))
		assert.Equal(t, int64(1), qaCount(t, w, tbl))
		v, err = c.CurrentVersion(ctx, tbl)
		require.NoError(t, err)
		assert.Equal(t, int64(3), v)

		err = c.RestoreTimestamp(ctx, tbl, mid.Add(-10*time.Hour))
		assert.ErrorIs(t, err, catalog.ErrInvalid, "before the first commit")
		err = c.RestoreTimestamp(ctx, tbl, time.Now().Add(time.Hour))
		assert.ErrorIs(t, err, catalog.ErrInvalid, "after the latest commit")

		// Restore to the current version "changes nothing".
		require.NoError(t, c.RestoreVersion(ctx, tbl, 3))
		assert.Equal(t, int64(1), qaCount(t, w, tbl))

		// Clone at version 2 (3 rows), shallow and deep; Replace.
		dst := catalog.MustName("main", "default", "orders_clone")
		require.NoError(t, c.Clone(ctx, tbl, dst, &catalog.CloneOptions{Shallow: true, Version: ptr(int64(2))}))
		assert.Equal(t, int64(3), qaCount(t, w, dst))
		ch, err := c.History(ctx, dst, 0)
		require.NoError(t, err)
		require.NotEmpty(t, ch)
		assert.Equal(t, "CLONE", ch[0].Operation)
		err = c.Clone(ctx, tbl, dst, nil)
		assert.ErrorIs(t, err, catalog.ErrAlreadyExists)
		require.NoError(t, c.Clone(ctx, tbl, dst, &catalog.CloneOptions{Replace: true}))
		assert.Equal(t, int64(1), qaCount(t, w, dst))
	})
}

// Deliver 1: Tables lists a schema in one statement, with view text.
func TestQATablesListing(t *testing.T) {
	ctx := context.Background()
	w, c := qaWorkspace(t)
	qaExec(t, w,
		"CREATE SCHEMA main.s",
		"CREATE TABLE main.s.a (id BIGINT)",
		"CREATE VIEW main.s.v AS SELECT id FROM main.s.a WHERE id > 1",
	)
	w.ResetStatements()
	ts, err := c.Tables(ctx, catalog.MustName("main", "s"))
	require.NoError(t, err)
	assert.Len(t, w.Statements(), 1)
	require.Len(t, ts, 2)
	byName := map[string]catalog.TableInfo{}
	for _, ti := range ts {
		byName[ti.Name.Last()] = ti
	}
	assert.True(t, byName["v"].IsView())
	assert.Equal(t, "SELECT id FROM main.s.a WHERE id > 1", byName["v"].ViewDefinition)
	assert.False(t, byName["a"].IsView())
	assert.Empty(t, byName["a"].ViewDefinition)
	assert.True(t, byName["a"].Name.Equal(catalog.MustName("main", "s", "a")))

	empty, err := c.Tables(ctx, catalog.MustName("main", "nope"))
	require.NoError(t, err)
	assert.Empty(t, empty)
}

// Deliver 1: grants and the difference between two securables' grants.
func TestQAGrantsDiff(t *testing.T) {
	ctx := context.Background()
	w, c := qaWorkspace(t)
	qaExec(t, w,
		"CREATE SCHEMA main.s",
		"CREATE TABLE main.s.blue (id BIGINT)",
		"CREATE TABLE main.s.green (id BIGINT)",
		"GRANT SELECT ON SCHEMA main.s TO `bi`",
		"GRANT SELECT, MODIFY ON TABLE main.s.blue TO `etl@example.com`",
		"GRANT SELECT ON TABLE main.s.green TO `etl@example.com`",
		"GRANT SELECT ON TABLE main.s.green TO `intern@example.com`",
	)
	blue, err := c.Grants(ctx, catalog.Securable{Type: catalog.ObjectTable, Name: catalog.MustName("main", "s", "blue")})
	require.NoError(t, err)
	green, err := c.Grants(ctx, catalog.Securable{Type: catalog.ObjectTable, Name: catalog.MustName("main", "s", "green")})
	require.NoError(t, err)
	var schemaGrant bool
	for _, g := range blue {
		if g.Principal == "bi" && g.Privilege == "SELECT" {
			schemaGrant = true
			assert.Equal(t, catalog.ObjectSchema, g.ObjectType)
			assert.Equal(t, "main.s", g.ObjectKey)
		}
	}
	assert.True(t, schemaGrant, "inherited grants are listed: %+v", blue)
	missing, extra := catalog.DiffGrants(blue, green)
	assert.Equal(t, []catalog.Grant{{Principal: "etl@example.com", Privilege: "MODIFY", ObjectType: catalog.ObjectTable, ObjectKey: "main.s.blue"}}, missing)
	require.Len(t, extra, 1)
	assert.Equal(t, "intern@example.com", extra[0].Principal)

	// Privileges compare ignoring case, duplicates reported once.
	m, e := catalog.DiffGrants(
		[]catalog.Grant{{Principal: "a", Privilege: "select"}, {Principal: "b", Privilege: "MODIFY"}, {Principal: "b", Privilege: "modify"}},
		[]catalog.Grant{{Principal: "a", Privilege: "SELECT"}},
	)
	assert.Empty(t, e)
	require.Len(t, m, 1)
	assert.Equal(t, "b", m[0].Principal)
	m, e = catalog.DiffGrants(nil, nil)
	assert.Empty(t, m)
	assert.Empty(t, e)
}

// Doc (Classify): works with any driver's error shape.
type qaStateErr struct{ class, state string }

func (e qaStateErr) Error() string      { return "boom" }
func (e qaStateErr) SqlState() string   { return e.state }
func (e qaStateErr) ErrorClass() string { return e.class }

type qaRetry struct{}

func (qaRetry) Error() string     { return "http 503" }
func (qaRetry) IsRetryable() bool { return true }

func TestQAClassify(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"nil", nil, nil},
		{"canceled", context.Canceled, nil},
		{"deadline wrapped", fmt.Errorf("x: %w", context.DeadlineExceeded), nil},
		{"text class", errors.New("[TABLE_OR_VIEW_NOT_FOUND] The table or view `a`.`b`.`c` cannot be found. SQLSTATE: 42P01"), catalog.ErrNotFound},
		{"text sqlstate only", errors.New("something SQLSTATE: 42501"), catalog.ErrPermission},
		{"method state", qaStateErr{state: "42P07"}, catalog.ErrAlreadyExists},
		{"class wins over state", qaStateErr{class: "SCHEMA_NOT_EMPTY", state: "42000"}, catalog.ErrNotEmpty},
		{"concurrent append", qaStateErr{class: "DELTA_CONCURRENT_APPEND", state: "2D521"}, catalog.ErrConflict},
		{"sqlstate 40", qaStateErr{state: "40001"}, catalog.ErrConflict},
		{"bad conn", driver.ErrBadConn, catalog.ErrUnavailable},
		{"net op", &net.OpError{Op: "dial", Err: errors.New("refused")}, catalog.ErrUnavailable},
		{"dns", fmt.Errorf("wrap: %w", &net.DNSError{Err: "no such host"}), catalog.ErrUnavailable},
		{"retryable", qaRetry{}, catalog.ErrUnavailable},
		{"temporarily unavailable", qaStateErr{class: "TEMPORARILY_UNAVAILABLE"}, catalog.ErrUnavailable},
		{"sqlstate 08", qaStateErr{state: "08001"}, catalog.ErrUnavailable},
		{"syntax", qaStateErr{class: "PARSE_SYNTAX_ERROR", state: "42601"}, catalog.ErrInvalid},
		{"divide by zero", qaStateErr{class: "DIVIDE_BY_ZERO", state: "22012"}, catalog.ErrInvalid},
		{"unsupported", qaStateErr{state: "0A000"}, catalog.ErrInvalid},
		{"unknown", errors.New("weird"), nil},
		{"internal", qaStateErr{class: "INTERNAL_ERROR", state: "XX000"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, catalog.Classify(tc.err))
		})
	}
	assert.Equal(t, "UNRESOLVED_COLUMN.WITH_SUGGESTION",
		catalog.ErrorClass(errors.New("[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column ... SQLSTATE: 42703")))
	assert.Equal(t, "42703", catalog.SQLState(errors.New("[UNRESOLVED_COLUMN.WITH_SUGGESTION] x SQLSTATE: 42703")))
	assert.Equal(t, "", catalog.SQLState(errors.New("no state")))
}

// Doc (fake): a cancelled context ends a statement; catalog keeps
// context.Canceled reachable and Classify says nil.
func TestQACancellation(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := databrickstest.New(&databrickstest.Options{Latency: time.Second})
		defer w.Close()
		c := catalog.New(w.DB(), nil)
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		err := c.CreateSchema(ctx, catalog.MustName("main", "late"), nil)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Nil(t, catalog.Classify(err))
		ok, err := c.SchemaExists(context.Background(), catalog.MustName("main", "late"))
		require.NoError(t, err)
		assert.False(t, ok, "the latency is spent before the statement runs")

		cctx, ccancel := context.WithCancel(context.Background())
		ccancel()
		_, err = c.DescribeTable(cctx, catalog.MustName("main", "default", "x"))
		assert.ErrorIs(t, err, context.Canceled)
	})
}

// Doc (Client): "safe for concurrent use when its Executor is".
func TestQAConcurrentClient(t *testing.T) {
	ctx := context.Background()
	w, c := qaWorkspace(t)
	qaExec(t, w, "CREATE SCHEMA main.s")
	var wg sync.WaitGroup
	errs := make([]error, 40)
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := catalog.MustName("main", "s", fmt.Sprintf("t%d", i%10))
			if _, err := w.DB().ExecContext(ctx, "CREATE TABLE IF NOT EXISTS "+n.Quoted()+" (id BIGINT)"); err != nil {
				errs[i] = err
				return
			}
			if _, err := c.DescribeTable(ctx, n); err != nil {
				errs[i] = err
				return
			}
			_, errs[i] = c.CurrentVersion(ctx, n)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		assert.NoError(t, err, "goroutine %d", i)
	}
	ts, err := c.Tables(ctx, catalog.MustName("main", "s"))
	require.NoError(t, err)
	assert.Len(t, ts, 10)
}

// Doc (Options.Logger): Info for every change, Debug for every statement.
func TestQALogger(t *testing.T) {
	ctx := context.Background()
	w := databrickstest.New(nil)
	defer w.Close()
	var buf bytes.Buffer
	c := catalog.New(w.DB(), &catalog.Options{Logger: slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	require.NoError(t, c.CreateSchema(ctx, catalog.MustName("main", "logged"), nil))
	_, err := c.SchemaExists(ctx, catalog.MustName("main", "logged"))
	require.NoError(t, err)
	err = c.CreateSchema(ctx, catalog.MustName("main", "logged"), nil)
	require.Error(t, err)
	out := buf.String()
	assert.Equal(t, 1, strings.Count(out, "level=INFO"), out)
	assert.GreaterOrEqual(t, strings.Count(out, "level=DEBUG"), 2, out)
	assert.NotContains(t, out, "level=ERROR", "failures are returned, not logged")
}

// Doc (package, Names): COMMENT texts are rendered with backslash escapes;
// any text must round-trip and cannot end the literal early.
func TestQACommentsRoundTrip(t *testing.T) {
	ctx := context.Background()
	for _, comment := range []string{
		`it's`,
		`back\slash`,
		`trailing\`,
		`\'; DROP TABLE main.default.victim; --`,
		"multi\nline\ttab",
		`"double"`,
		"unicode ✓ 日本",
		"$$ and ${x} and ?",
	} {
		t.Run(comment, func(t *testing.T) {
			w, c := qaWorkspace(t)
			qaExec(t, w, "CREATE TABLE main.default.victim (id BIGINT)")
			v := catalog.MustName("main", "default", "v")
			require.NoError(t, c.CreateView(ctx, v, "SELECT 1 AS x", &catalog.CreateOptions{Comment: comment}))
			d, err := c.DescribeTable(ctx, v)
			require.NoError(t, err)
			assert.Equal(t, comment, d.Comment)
			require.NoError(t, c.CreateSchema(ctx, catalog.MustName("main", "s"), &catalog.CreateOptions{Comment: comment}))
			var got string
			require.NoError(t, w.DB().QueryRowContext(ctx,
				"SELECT comment FROM main.information_schema.schemata WHERE schema_name = 's'").Scan(&got))
			assert.Equal(t, comment, got)
			ok, err := c.TableExists(ctx, catalog.MustName("main", "default", "victim"))
			require.NoError(t, err)
			assert.True(t, ok)
		})
	}
}

// Doc (History, RestoreVersion, exists): edges of the versioned API.
func TestQAVersionEdges(t *testing.T) {
	ctx := context.Background()
	w, c := qaWorkspace(t)
	tbl := catalog.MustName("main", "default", "t")
	qaExec(t, w, "CREATE TABLE main.default.t (id BIGINT)", "INSERT INTO main.default.t VALUES (1)")
	h, err := c.History(ctx, tbl, 100)
	require.NoError(t, err)
	assert.Len(t, h, 2)
	h, err = c.History(ctx, tbl, -1)
	require.NoError(t, err)
	assert.Len(t, h, 2)
	assert.Equal(t, "CREATE TABLE", h[1].Operation)

	// "restoring to the current version changes nothing".
	require.NoError(t, c.RestoreVersion(ctx, tbl, 1))
	v, err := c.CurrentVersion(ctx, tbl)
	require.NoError(t, err)
	assert.Equal(t, int64(1), qaCount(t, w, tbl))
	t.Logf("version after restoring to the current one: %d", v)

	// Exists on missing parents gives false, not an error.
	for _, n := range []catalog.Name{
		catalog.MustName("nope", "default", "t"),
		catalog.MustName("main", "nope", "t"),
		catalog.MustName("main", "default", "nope"),
	} {
		ok, err := c.TableExists(ctx, n)
		require.NoError(t, err, n.String())
		assert.False(t, ok, n.String())
	}
	ok, err := c.SchemaExists(ctx, catalog.MustName("nope", "default"))
	require.NoError(t, err)
	assert.False(t, ok)
	ok, err = c.CatalogExists(ctx, catalog.MustName("nope"))
	require.NoError(t, err)
	assert.False(t, ok)
	ok, err = c.CatalogExists(ctx, catalog.MustName("MAIN"))
	require.NoError(t, err)
	assert.True(t, ok)
	qaExec(t, w, "CREATE VIEW main.default.v AS SELECT * FROM main.default.t")
	ok, err = c.TableExists(ctx, catalog.MustName("main", "default", "V"))
	require.NoError(t, err)
	assert.True(t, ok, "TableExists covers views and ignores case")

	// Empty table: History and CurrentVersion still work.
	qaExec(t, w, "CREATE TABLE main.default.empty (id BIGINT)")
	v, err = c.CurrentVersion(ctx, catalog.MustName("main", "default", "empty"))
	require.NoError(t, err)
	assert.Equal(t, int64(0), v)
}

// Doc (Executor): "*sql.Conn and *sql.Tx satisfy it too".
var (
	_ catalog.Executor = (*sql.Conn)(nil)
	_ catalog.Executor = (*sql.Tx)(nil)
)

// Doc (Executor): a Client over a *sql.Conn works (one session).
func TestQAClientOverConn(t *testing.T) {
	ctx := context.Background()
	w, _ := qaWorkspace(t)
	conn, err := w.DB().Conn(ctx)
	require.NoError(t, err)
	defer conn.Close()
	c := catalog.New(conn, nil)
	require.NoError(t, c.CreateSchema(ctx, catalog.MustName("main", "conn"), nil))
	ok, err := c.SchemaExists(ctx, catalog.MustName("main", "conn"))
	require.NoError(t, err)
	assert.True(t, ok)
}
