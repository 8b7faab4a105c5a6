package catalog

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/databrickstest"
)

// TestStatements pins the SQL each operation sends: Databricks syntax,
// every name quoted, values as parameters or escaped literals.
func TestStatements(t *testing.T) {
	tbl := MustName("main", "s", "t")
	view := MustName("main", "s", "v")
	three := int64(3)
	tests := []struct {
		name     string
		run      func(ctx context.Context, c *Client) error
		wantSQL  []string
		wantArgs [][]any
	}{
		{name: "create catalog",
			run:     func(ctx context.Context, c *Client) error { return c.CreateCatalog(ctx, MustName("c"), nil) },
			wantSQL: []string{"CREATE CATALOG `c`"}},
		{name: "create catalog with options",
			run: func(ctx context.Context, c *Client) error {
				return c.CreateCatalog(ctx, MustName("c"), &CreateOptions{IfNotExists: true, Comment: `it's \ here`})
			},
			wantSQL: []string{`CREATE CATALOG IF NOT EXISTS ` + "`c`" + ` COMMENT 'it\'s \\ here'`}},
		{name: "drop catalog",
			run: func(ctx context.Context, c *Client) error {
				return c.DropCatalog(ctx, MustName("c"), &DropOptions{Cascade: true})
			},
			wantSQL: []string{"DROP CATALOG `c` CASCADE"}},
		{name: "catalog exists",
			run:     func(ctx context.Context, c *Client) error { _, err := c.CatalogExists(ctx, MustName("c")); return err },
			wantSQL: []string{"SHOW SCHEMAS IN `c`"}},
		{name: "create schema",
			run:     func(ctx context.Context, c *Client) error { return c.CreateSchema(ctx, MustName("main", "s"), nil) },
			wantSQL: []string{"CREATE SCHEMA `main`.`s`"}},
		{name: "drop schema",
			run: func(ctx context.Context, c *Client) error {
				return c.DropSchema(ctx, MustName("main", "s"), &DropOptions{IfExists: true, Cascade: true})
			},
			wantSQL: []string{"DROP SCHEMA IF EXISTS `main`.`s` CASCADE"}},
		{name: "schema exists",
			run: func(ctx context.Context, c *Client) error {
				_, err := c.SchemaExists(ctx, MustName("main", "S"))
				return err
			},
			wantSQL:  []string{"SELECT 1 FROM `main`.`information_schema`.`schemata` WHERE schema_name = lower(?) LIMIT 1"},
			wantArgs: [][]any{{"S"}}},
		{name: "table exists",
			run: func(ctx context.Context, c *Client) error { _, err := c.TableExists(ctx, tbl); return err },
			wantSQL: []string{"SELECT 1 FROM `main`.`information_schema`.`tables` " +
				"WHERE table_schema = lower(?) AND table_name = lower(?) LIMIT 1"},
			wantArgs: [][]any{{"s", "t"}}},
		{name: "drop table",
			run:     func(ctx context.Context, c *Client) error { return c.DropTable(ctx, tbl, &DropOptions{IfExists: true}) },
			wantSQL: []string{"DROP TABLE IF EXISTS `main`.`s`.`t`"}},
		{name: "history",
			run:     func(ctx context.Context, c *Client) error { _, err := c.History(ctx, tbl, 5); return err },
			wantSQL: []string{"DESCRIBE HISTORY `main`.`s`.`t` LIMIT 5"}},
		{name: "history unlimited",
			run:     func(ctx context.Context, c *Client) error { _, err := c.History(ctx, tbl, 0); return err },
			wantSQL: []string{"DESCRIBE HISTORY `main`.`s`.`t`"}},
		{name: "current version",
			run:     func(ctx context.Context, c *Client) error { _, err := c.CurrentVersion(ctx, tbl); return err },
			wantSQL: []string{"DESCRIBE HISTORY `main`.`s`.`t` LIMIT 1"}},
		{name: "restore version",
			run:     func(ctx context.Context, c *Client) error { return c.RestoreVersion(ctx, tbl, 7) },
			wantSQL: []string{"RESTORE TABLE `main`.`s`.`t` TO VERSION AS OF 7"}},
		{name: "restore timestamp",
			run: func(ctx context.Context, c *Client) error {
				return c.RestoreTimestamp(ctx, tbl, time.Date(2024, 1, 2, 4, 4, 5, 500_000_000, time.FixedZone("CET", 3600)))
			},
			wantSQL: []string{"RESTORE TABLE `main`.`s`.`t` TO TIMESTAMP AS OF '2024-01-02 03:04:05.5Z'"}},
		{name: "deep clone",
			run:     func(ctx context.Context, c *Client) error { return c.Clone(ctx, tbl, MustName("main", "s", "d"), nil) },
			wantSQL: []string{"CREATE TABLE `main`.`s`.`d` DEEP CLONE `main`.`s`.`t`"}},
		{name: "shallow clone at version replacing",
			run: func(ctx context.Context, c *Client) error {
				return c.Clone(ctx, tbl, MustName("main", "s", "d"), &CloneOptions{Shallow: true, Version: &three, Replace: true})
			},
			wantSQL: []string{"CREATE OR REPLACE TABLE `main`.`s`.`d` SHALLOW CLONE `main`.`s`.`t` VERSION AS OF 3"}},
		{name: "create view",
			run: func(ctx context.Context, c *Client) error {
				return c.CreateView(ctx, view, "SELECT * FROM "+tbl.Quoted(), &CreateOptions{IfNotExists: true, Comment: "stable"})
			},
			wantSQL: []string{"CREATE VIEW IF NOT EXISTS `main`.`s`.`v` COMMENT 'stable' AS SELECT * FROM `main`.`s`.`t`"}},
		{name: "switch",
			run:     func(ctx context.Context, c *Client) error { return c.Switch(ctx, view, tbl) },
			wantSQL: []string{"ALTER VIEW `main`.`s`.`v` AS SELECT * FROM `main`.`s`.`t`"}},
		{name: "switch query",
			run:     func(ctx context.Context, c *Client) error { return c.SwitchQuery(ctx, view, "SELECT 1 AS id") },
			wantSQL: []string{"ALTER VIEW `main`.`s`.`v` AS SELECT 1 AS id"}},
		{name: "view definition",
			run:     func(ctx context.Context, c *Client) error { _, err := c.ViewDefinition(ctx, view); return err },
			wantSQL: []string{"DESCRIBE TABLE EXTENDED `main`.`s`.`v`"}},
		{name: "drop view",
			run:     func(ctx context.Context, c *Client) error { return c.DropView(ctx, view, nil) },
			wantSQL: []string{"DROP VIEW `main`.`s`.`v`"}},
		{name: "retention",
			run:     func(ctx context.Context, c *Client) error { _, err := c.Retention(ctx, tbl); return err },
			wantSQL: []string{"SHOW TBLPROPERTIES `main`.`s`.`t`"}},
		{name: "grants on schema",
			run: func(ctx context.Context, c *Client) error {
				_, err := c.Grants(ctx, Securable{Type: ObjectSchema, Name: MustName("main", "s")})
				return err
			},
			wantSQL: []string{"SHOW GRANTS ON SCHEMA `main`.`s`"}},
		{name: "grants on view",
			run: func(ctx context.Context, c *Client) error {
				_, err := c.Grants(ctx, Securable{Type: ObjectView, Name: view})
				return err
			},
			wantSQL: []string{"SHOW GRANTS ON VIEW `main`.`s`.`v`"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := databrickstest.New(nil)
			defer w.Close()
			_ = tt.run(t.Context(), New(w.DB(), nil)) // the statement is what matters, not whether it succeeds
			var gotSQL []string
			var gotArgs [][]any
			for _, st := range w.Statements() {
				gotSQL = append(gotSQL, st.Text)
				gotArgs = append(gotArgs, st.Args)
			}
			assert.Equal(t, tt.wantSQL, gotSQL)
			if tt.wantArgs != nil {
				assert.Equal(t, tt.wantArgs, gotArgs)
			}
		})
	}

	t.Run("describe table", func(t *testing.T) {
		w := databrickstest.New(nil)
		defer w.Close()
		db := w.DB()
		_, err := db.ExecContext(t.Context(), "CREATE TABLE main.default.t (id BIGINT)")
		require.NoError(t, err)
		w.ResetStatements()
		_, err = New(db, nil).DescribeTable(t.Context(), MustName("main", "default", "t"))
		require.NoError(t, err)
		var got []string
		for _, st := range w.Statements() {
			got = append(got, st.Text)
			if st.Args != nil {
				assert.Equal(t, []any{"default", "t"}, st.Args)
			}
		}
		where := " WHERE table_schema = lower(?) AND table_name = lower(?)"
		assert.Equal(t, []string{
			"SELECT table_type, table_owner, comment FROM `main`.`information_schema`.`tables`" + where,
			"SELECT column_name, full_data_type, is_nullable, comment FROM `main`.`information_schema`.`columns`" + where +
				" ORDER BY ordinal_position",
			"SHOW TBLPROPERTIES `main`.`default`.`t`",
		}, got)
	})
}

func TestNilClient(t *testing.T) {
	var c *Client
	assert.ErrorIs(t, c.CreateSchema(t.Context(), MustName("main", "s"), nil), ErrInvalid)
	_, err := New(nil, nil).History(t.Context(), MustName("main", "s", "t"), 0)
	assert.ErrorIs(t, err, ErrInvalid)
}

// recorder is a slog.Handler keeping the records it receives.
type recorder struct {
	mu      sync.Mutex
	records []slog.Record
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.records = append(r.records, rec)
	return nil
}
func (r *recorder) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *recorder) WithGroup(string) slog.Handler      { return r }

// messages returns the messages of the records at level.
func (r *recorder) messages(level slog.Level) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, rec := range r.records {
		if rec.Level == level {
			out = append(out, rec.Message)
		}
	}
	return out
}

func TestLogging(t *testing.T) {
	w := databrickstest.New(nil)
	defer w.Close()
	rec := &recorder{}
	opts := &Options{Logger: slog.New(rec)}
	c := New(w.DB(), opts)
	opts.Logger = nil // New copies its options

	require.NoError(t, c.CreateSchema(t.Context(), MustName("main", "s"), nil))
	ok, err := c.SchemaExists(t.Context(), MustName("main", "s"))
	require.NoError(t, err)
	require.True(t, ok)
	require.Error(t, c.CreateSchema(t.Context(), MustName("main", "s"), nil))

	assert.Equal(t, []string{"catalog: schema created"}, rec.messages(slog.LevelInfo),
		"changes are logged; reads and failures are not")
	assert.Len(t, rec.messages(slog.LevelDebug), 3, "every statement is logged at debug level")
}

// TestInjectedFaults checks that warehouse failures injected into the fake
// reach the caller classified, with the warehouse's error reachable.
func TestInjectedFaults(t *testing.T) {
	tests := []struct {
		class string
		want  error
	}{
		{class: "DELTA_CONCURRENT_APPEND.WITHOUT_HINT", want: ErrConflict},
		{class: "DELTA_METADATA_CHANGED", want: ErrConflict},
		{class: "INSUFFICIENT_PERMISSIONS", want: ErrPermission},
		{class: "TEMPORARILY_UNAVAILABLE", want: ErrUnavailable},
		{class: "TABLE_OR_VIEW_NOT_FOUND", want: ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.class, func(t *testing.T) {
			w := databrickstest.New(nil)
			defer w.Close()
			db := w.DB()
			_, err := db.ExecContext(t.Context(), "CREATE TABLE main.default.t (id BIGINT)")
			require.NoError(t, err)
			remove, err := w.InjectFault(databrickstest.Fault{Pattern: `^RESTORE TABLE`, Class: tt.class})
			require.NoError(t, err)
			defer remove()

			err = New(db, nil).RestoreVersion(t.Context(), MustName("main", "default", "t"), 0)
			assert.ErrorIs(t, err, tt.want)
			var we *databrickstest.Error
			require.ErrorAs(t, err, &we)
			assert.Equal(t, tt.class, we.Class)
		})
	}
}
