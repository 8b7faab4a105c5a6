package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/databrickstest"
)

// hostileNames are object names an attacker might choose. Those without a
// dot, space, slash or control character are valid Unity Catalog names and
// must work like any other; the others must be rejected by the warehouse as
// names, never change a statement's structure.
var hostileNames = []string{
	"x`;DROP_TABLE_main_canary_t;--",
	"x`; DROP TABLE main.canary.t; --",
	"Robert'); DROP TABLE canary; --",
	"a'b",
	`a"b`,
	`a\b`,
	`a\`,
	"`",
	"``",
	"a--b",
	"a;b",
	"a)b(c",
	"a/*b*/c",
	"a\nb",
	"a\rb",
	"a\x00b",
	"x`.canary.`t",
	"t`VERSION_AS_OF_0--",
	"é😀",
	"a\u2028b",
	"select",
	"${x}",
	"%_*?",
}

// validUCName reports whether Unity Catalog accepts s as an object name.
func validUCName(s string) bool {
	if strings.ContainsAny(s, "./ ") || len(s) > 255 {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// TestHostileNames runs every operation with hostile names against the
// fake and checks that each call sends the statements it should (one, or
// three for DescribeTable), that none fails to parse, that the named object
// is the one affected, and that nothing else changes: a canary schema and
// the metastore's catalogs and schemas stay as they were.
func TestHostileNames(t *testing.T) {
	w := databrickstest.New(nil)
	t.Cleanup(func() { _ = w.Close() })
	db := w.DB()
	c := New(db, nil)
	for _, q := range []string{
		"CREATE SCHEMA main.canary",
		"CREATE TABLE main.canary.t (id BIGINT)",
		"INSERT INTO main.canary.t VALUES (1), (2), (3)",
		"CREATE VIEW main.canary.v AS SELECT * FROM main.canary.t",
		"CREATE SCHEMA main.work",
		"CREATE TABLE main.work.src (id BIGINT)",
		"INSERT INTO main.work.src VALUES (7)",
	} {
		_, err := db.ExecContext(t.Context(), q)
		require.NoError(t, err, q)
	}
	before := snapshot(t, db)
	src := MustName("main", "work", "src")

	for _, h := range hostileNames {
		t.Run(fmt.Sprintf("%q", h), func(t *testing.T) {
			ctx := t.Context()
			valid := validUCName(h)
			table := MustName("main", "work", h)
			view := MustName("main", "work", h+"_v")
			schema := MustName("main", h)
			cat := MustName(h)
			// quotedPart is how every statement must carry the name.
			quotedPart := "`" + strings.ReplaceAll(h, "`", "``")

			type step struct {
				name string
				// stmts is the number of statements the call sends for a
				// valid name and for an invalid one.
				stmts, stmtsInvalid int
				run                 func() error
				// errInvalid is the error expected for an invalid name.
				errInvalid error
			}
			var exists bool
			steps := []step{
				{"CreateCatalog", 1, 1, func() error { return c.CreateCatalog(ctx, cat, &CreateOptions{Comment: h}) }, ErrInvalid},
				{"CatalogExists", 1, 1, func() (err error) { exists, err = c.CatalogExists(ctx, cat); return err }, nil},
				{"DropCatalog", 1, 1, func() error { return c.DropCatalog(ctx, cat, &DropOptions{Cascade: true}) }, ErrNotFound},
				{"CreateSchema", 1, 1, func() error { return c.CreateSchema(ctx, schema, &CreateOptions{Comment: h}) }, ErrInvalid},
				{"SchemaExists", 1, 1, func() (err error) { exists, err = c.SchemaExists(ctx, schema); return err }, nil},
				{"DropSchema", 1, 1, func() error { return c.DropSchema(ctx, schema, nil) }, ErrNotFound},
				{"Clone", 1, 1, func() error { return c.Clone(ctx, src, table, nil) }, ErrInvalid},
				{"TableExists", 1, 1, func() (err error) { exists, err = c.TableExists(ctx, table); return err }, nil},
				{"DescribeTable", 3, 1, func() error {
					tbl, err := c.DescribeTable(ctx, table)
					if err == nil {
						assert.Equal(t, []Column{{Name: "id", Type: "bigint", Nullable: true}}, tbl.Columns)
					}
					return err
				}, ErrNotFound},
				{"History", 1, 1, func() error { _, err := c.History(ctx, table, 0); return err }, ErrNotFound},
				{"CurrentVersion", 1, 1, func() error { _, err := c.CurrentVersion(ctx, table); return err }, ErrNotFound},
				{"Retention", 1, 1, func() error { _, err := c.Retention(ctx, table); return err }, ErrNotFound},
				{"RestoreVersion", 1, 1, func() error { return c.RestoreVersion(ctx, table, 0) }, ErrNotFound},
				{"CreateView", 1, 1, func() error {
					return c.CreateView(ctx, view, "SELECT * FROM "+table.Quoted(), &CreateOptions{Comment: h})
				}, ErrInvalid},
				{"Switch", 1, 1, func() error { return c.Switch(ctx, view, table) }, ErrNotFound},
				{"ViewDefinition", 1, 1, func() error {
					def, err := c.ViewDefinition(ctx, view)
					if err == nil {
						assert.Equal(t, "SELECT * FROM "+table.Quoted(), def)
					}
					return err
				}, ErrNotFound},
				{"Grants", 1, 1, func() error {
					_, err := c.Grants(ctx, Securable{Type: ObjectTable, Name: table})
					return err
				}, ErrNotFound},
				{"DropView", 1, 1, func() error { return c.DropView(ctx, view, nil) }, ErrNotFound},
				{"DropTable", 1, 1, func() error { return c.DropTable(ctx, table, nil) }, ErrNotFound},
			}
			for _, s := range steps {
				n0 := len(w.Statements())
				exists = false
				err := s.run()
				sent := w.Statements()[n0:]
				want := s.stmts
				if !valid {
					want = s.stmtsInvalid
				}
				require.Len(t, sent, want, "%s sends %d statement(s)", s.name, want)
				for _, st := range sent {
					assert.True(t, strings.Contains(st.Text, quotedPart) || slices.Contains(st.Args, any(h)),
						"%s: the name travels quoted or as a parameter: %q %v", s.name, st.Text, st.Args)
					assert.NotEqual(t, "PARSE_SYNTAX_ERROR", ErrorClass(st.Err), "%s: %s", s.name, st.Text)
				}
				switch {
				case valid:
					require.NoError(t, err, s.name)
				case s.errInvalid != nil:
					assert.ErrorIs(t, err, s.errInvalid, s.name)
				default:
					assert.NoError(t, err, s.name)
				}
				if strings.HasSuffix(s.name, "Exists") {
					assert.Equal(t, valid, exists, s.name)
				}
				if s.name == "CreateSchema" && valid {
					var comment string
					require.NoError(t, db.QueryRowContext(ctx,
						"SELECT comment FROM main.information_schema.schemata WHERE schema_name = lower(?)", h).Scan(&comment))
					assert.Equal(t, h, comment, "the comment arrives intact")
				}
				if s.name == "Clone" && valid {
					var n int
					require.NoError(t, db.QueryRowContext(ctx,
						"SELECT count(*) FROM main.information_schema.tables WHERE table_schema = 'work' AND table_name = lower(?)", h).Scan(&n))
					assert.Equal(t, 1, n, "the table has exactly the hostile name")
				}
			}
			assert.Equal(t, before, snapshot(t, db), "nothing else changed")
		})
	}
}

// snapshot renders what a hostile statement might have changed: the
// catalogs, the schemas of main, the canary schema's tables, rows, history
// and view, and the work schema's tables.
func snapshot(t *testing.T, db *sql.DB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		"SHOW CATALOGS",
		"SHOW SCHEMAS IN main",
		"SHOW TABLES IN main.canary",
		"SELECT * FROM main.canary.t ORDER BY id",
		"SELECT version, operation FROM (DESCRIBE HISTORY main.canary.t)",
		"SELECT * FROM main.canary.v ORDER BY id",
		"SHOW TABLES IN main.work",
		"SELECT * FROM main.work.src",
	} {
		rows, err := db.QueryContext(context.Background(), q)
		if err != nil && strings.Contains(q, "DESCRIBE HISTORY") {
			// Not every engine accepts DESCRIBE HISTORY as a subquery.
			rows, err = db.QueryContext(context.Background(), "DESCRIBE HISTORY main.canary.t")
			if err == nil {
				q = "DESCRIBE HISTORY main.canary.t"
			}
		}
		require.NoError(t, err, q)
		rs, err := readAll(rows)
		require.NoError(t, err, q)
		fmt.Fprintf(&b, "%s\n", q)
		for _, r := range rs.rows {
			if q == "DESCRIBE HISTORY main.canary.t" {
				r = r[:1] // timestamps and metrics aside, the versions
			}
			fmt.Fprintf(&b, "  %v\n", r)
		}
	}
	return b.String()
}
