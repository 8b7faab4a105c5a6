package catalog

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"github.com/ucdeploy/ucdeploy/internal/dbxenv"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/databrickstest"
)

// The conformance suite: the behaviour of every Client operation, as a user
// relies on it. It runs against the fake always and against a real
// workspace when credentials are set, so the fake and the library are both
// held to Databricks' behaviour.

func TestConformanceFake(t *testing.T) {
	w := databrickstest.New(nil)
	t.Cleanup(func() { _ = w.Close() })
	runConformance(t, &suite{db: w.DB(), catalog: "main", grantee: "account users"})
}

// TestConformanceWorkspace runs the suite against a real SQL warehouse
// when DATABRICKS_HOST, DATABRICKS_TOKEN and DATABRICKS_WAREHOUSE_ID are
// set. It creates (and drops) a uniquely named schema in the catalog
// UCDEPLOY_TEST_CATALOG (default main), grants to the principal
// UCDEPLOY_TEST_PRINCIPAL (default the group "account users"), and skips
// the catalog tests when the token may not create catalogs.
func TestConformanceWorkspace(t *testing.T) {
	cfg, ok := dbxenv.FromEnv()
	if !ok {
		t.Skip(dbxenv.SkipReason)
	}
	db, err := cfg.Open()
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	runConformance(t, &suite{
		db:      db,
		catalog: envOr("UCDEPLOY_TEST_CATALOG", "main"),
		grantee: envOr("UCDEPLOY_TEST_PRINCIPAL", "account users"),
	})
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// suite is what the conformance tests run against.
type suite struct {
	db      *sql.DB
	c       *Client
	catalog string // an existing catalog the tests create schemas in
	grantee string // an existing principal the tests grant privileges to
	schema  Name   // the run's schema, dropped at the end
}

// unique returns prefix followed by random hex, a name no earlier run used.
func unique(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// table returns the name of a table or view in the run's schema.
func (s *suite) table(name string) Name { return MustName(s.catalog, s.schema.Last(), name) }

// run executes setup SQL directly, failing the test on error.
func (s *suite) run(t *testing.T, query string, args ...any) {
	t.Helper()
	_, err := s.db.ExecContext(context.Background(), query, args...)
	require.NoError(t, err, query)
}

// ids returns the id column of a table or view, in order.
func (s *suite) ids(t *testing.T, n Name) []int64 {
	t.Helper()
	rows, err := s.db.QueryContext(context.Background(), "SELECT id FROM "+n.Quoted()+" ORDER BY id")
	require.NoError(t, err)
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var id int64
		require.NoError(t, rows.Scan(&id))
		out = append(out, id)
	}
	require.NoError(t, rows.Err())
	return out
}

func runConformance(t *testing.T, s *suite) {
	s.c = New(s.db, nil)
	s.schema = MustName(s.catalog, unique("ucdeploy_catalog_test_"))
	require.NoError(t, s.c.CreateSchema(t.Context(), s.schema, nil))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		assert.NoError(t, s.c.DropSchema(ctx, s.schema, &DropOptions{IfExists: true, Cascade: true}))
	})
	t.Run("Schemas", s.testSchemas)
	t.Run("Catalogs", s.testCatalogs)
	t.Run("Tables", s.testTables)
	t.Run("HistoryAndRestore", s.testHistoryAndRestore)
	t.Run("Clone", s.testClone)
	t.Run("Views", s.testViews)
	t.Run("Listing", s.testListing)
	t.Run("Grants", s.testGrants)
	t.Run("NamesMustBeQualified", s.testQualified)
}

func (s *suite) testSchemas(t *testing.T) {
	ctx := t.Context()
	name := MustName(s.catalog, unique("ucdeploy_ns_"))
	t.Cleanup(func() { _ = s.c.DropSchema(context.Background(), name, &DropOptions{IfExists: true, Cascade: true}) })

	ok, err := s.c.SchemaExists(ctx, name)
	require.NoError(t, err)
	assert.False(t, ok)

	comment := "it's a \\ 'test'\n-- not a comment"
	require.NoError(t, s.c.CreateSchema(ctx, name, &CreateOptions{Comment: comment}))
	ok, err = s.c.SchemaExists(ctx, name)
	require.NoError(t, err)
	assert.True(t, ok)
	ok, err = s.c.SchemaExists(ctx, MustName(strings.ToUpper(s.catalog), strings.ToUpper(name.Last())))
	require.NoError(t, err)
	assert.True(t, ok, "names compare ignoring case")

	var got sql.NullString
	require.NoError(t, s.db.QueryRowContext(ctx,
		"SELECT comment FROM "+infoSchema(s.catalog, "schemata")+" WHERE schema_name = ?", name.Last()).Scan(&got))
	assert.Equal(t, comment, got.String, "the comment arrives intact")

	assert.ErrorIs(t, s.c.CreateSchema(ctx, name, nil), ErrAlreadyExists)
	assert.NoError(t, s.c.CreateSchema(ctx, name, &CreateOptions{IfNotExists: true}))

	s.run(t, "CREATE TABLE "+MustName(s.catalog, name.Last(), "t").Quoted()+" (id BIGINT)")
	assert.ErrorIs(t, s.c.DropSchema(ctx, name, nil), ErrNotEmpty)
	require.NoError(t, s.c.DropSchema(ctx, name, &DropOptions{Cascade: true}))

	ok, err = s.c.SchemaExists(ctx, name)
	require.NoError(t, err)
	assert.False(t, ok)
	assert.ErrorIs(t, s.c.DropSchema(ctx, name, nil), ErrNotFound)
	assert.NoError(t, s.c.DropSchema(ctx, name, &DropOptions{IfExists: true}))

	missingCatalog := MustName(unique("ucdeploy_nocat_"), "s")
	ok, err = s.c.SchemaExists(ctx, missingCatalog)
	require.NoError(t, err)
	assert.False(t, ok)
	err = s.c.CreateSchema(ctx, missingCatalog, nil)
	assert.ErrorIs(t, err, ErrNotFound)
	var withState interface{ SqlState() string }
	require.ErrorAs(t, err, &withState, "the driver's error is reachable")
	assert.NotEmpty(t, withState.SqlState())
}

func (s *suite) testCatalogs(t *testing.T) {
	ctx := t.Context()
	name := MustName(unique("ucdeploy_cat_"))
	err := s.c.CreateCatalog(ctx, name, &CreateOptions{Comment: "ucdeploy conformance"})
	if errors.Is(err, ErrPermission) {
		t.Skip("the principal may not create catalogs:", err)
	}
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.c.DropCatalog(context.Background(), name, &DropOptions{IfExists: true, Cascade: true}) })

	ok, err := s.c.CatalogExists(ctx, name)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.ErrorIs(t, s.c.CreateCatalog(ctx, name, nil), ErrAlreadyExists)
	assert.NoError(t, s.c.CreateCatalog(ctx, name, &CreateOptions{IfNotExists: true}))

	require.NoError(t, s.c.CreateSchema(ctx, MustName(name.Last(), "inner"), nil))
	assert.ErrorIs(t, s.c.DropCatalog(ctx, name, nil), ErrNotEmpty)
	require.NoError(t, s.c.DropCatalog(ctx, name, &DropOptions{Cascade: true}))

	ok, err = s.c.CatalogExists(ctx, name)
	require.NoError(t, err)
	assert.False(t, ok)
	assert.ErrorIs(t, s.c.DropCatalog(ctx, name, nil), ErrNotFound)
	assert.NoError(t, s.c.DropCatalog(ctx, name, &DropOptions{IfExists: true}))
}

func (s *suite) testTables(t *testing.T) {
	ctx := t.Context()
	orders := s.table("orders")
	s.run(t, "CREATE TABLE "+orders.Quoted()+
		" (id BIGINT NOT NULL COMMENT 'order key', amount DECIMAL(10,2), Customer STRING)"+
		" COMMENT 'all orders' TBLPROPERTIES ('delta.logRetentionDuration' = 'interval 60 days', 'team' = 'sales')")
	plain := s.table("plain")
	s.run(t, "CREATE TABLE "+plain.Quoted()+" (id BIGINT)")

	ok, err := s.c.TableExists(ctx, orders)
	require.NoError(t, err)
	assert.True(t, ok)
	for _, missing := range []Name{
		s.table("nope"),
		MustName(s.catalog, unique("ucdeploy_noschema_"), "t"),
		MustName(unique("ucdeploy_nocat_"), "s", "t"),
	} {
		ok, err = s.c.TableExists(ctx, missing)
		require.NoError(t, err, missing.String())
		assert.False(t, ok, missing.String())
	}

	tbl, err := s.c.DescribeTable(ctx, MustName(s.catalog, strings.ToUpper(s.schema.Last()), "ORDERS"))
	require.NoError(t, err)
	assert.Equal(t, "MANAGED", tbl.Type)
	assert.NotEmpty(t, tbl.Owner)
	assert.Equal(t, "all orders", tbl.Comment)
	assert.Equal(t, []Column{
		{Name: "id", Type: "bigint", Nullable: false, Comment: "order key"},
		{Name: "amount", Type: "decimal(10,2)", Nullable: true},
		{Name: "Customer", Type: "string", Nullable: true},
	}, tbl.Columns)
	assert.Equal(t, "sales", tbl.Properties["team"])
	assert.Equal(t, "interval 60 days", tbl.Properties["delta.logRetentionDuration"])

	_, err = s.c.DescribeTable(ctx, s.table("nope"))
	assert.ErrorIs(t, err, ErrNotFound)

	r, err := s.c.Retention(ctx, orders)
	require.NoError(t, err)
	assert.Equal(t, Retention{DeletedFileRetention: 7 * 24 * time.Hour, LogRetention: 60 * 24 * time.Hour}, r)
	r, err = s.c.Retention(ctx, plain)
	require.NoError(t, err)
	assert.Equal(t, Retention{DeletedFileRetention: 7 * 24 * time.Hour, LogRetention: 30 * 24 * time.Hour}, r, "Delta's defaults")
	_, err = s.c.Retention(ctx, s.table("nope"))
	assert.ErrorIs(t, err, ErrNotFound)

	view := s.table("orders_view")
	require.NoError(t, s.c.CreateView(ctx, view, "SELECT * FROM "+orders.Quoted(), nil))
	assert.ErrorIs(t, s.c.DropTable(ctx, view, nil), ErrInvalid, "DROP TABLE on a view")
	assert.ErrorIs(t, s.c.DropTable(ctx, plain, &DropOptions{Cascade: true}), ErrInvalid)

	require.NoError(t, s.c.DropTable(ctx, plain, nil))
	ok, err = s.c.TableExists(ctx, plain)
	require.NoError(t, err)
	assert.False(t, ok)
	assert.ErrorIs(t, s.c.DropTable(ctx, plain, nil), ErrNotFound)
	assert.NoError(t, s.c.DropTable(ctx, plain, &DropOptions{IfExists: true}))
}

func (s *suite) testHistoryAndRestore(t *testing.T) {
	ctx := t.Context()
	tbl := s.table("events")
	s.run(t, "CREATE TABLE "+tbl.Quoted()+" (id BIGINT)")
	s.run(t, "INSERT INTO "+tbl.Quoted()+" VALUES (1)")
	s.run(t, "INSERT INTO "+tbl.Quoted()+" VALUES (2), (3)")

	h, err := s.c.History(ctx, tbl, 0)
	require.NoError(t, err)
	require.Len(t, h, 3)
	assert.Equal(t, []int64{2, 1, 0}, []int64{h[0].Version, h[1].Version, h[2].Version}, "newest first")
	assert.Equal(t, []string{"WRITE", "WRITE", "CREATE TABLE"}, []string{h[0].Operation, h[1].Operation, h[2].Operation})
	assert.Equal(t, "Append", h[0].OperationParameters["mode"])
	assert.Equal(t, "2", h[0].OperationMetrics["numOutputRows"])
	assert.NotEmpty(t, h[0].UserName)
	assert.False(t, h[0].Timestamp.Before(h[1].Timestamp))
	assert.True(t, h[1].Timestamp.After(h[2].Timestamp))

	h1, err := s.c.History(ctx, tbl, 1)
	require.NoError(t, err)
	require.Len(t, h1, 1)
	assert.Equal(t, int64(2), h1[0].Version)

	v, err := s.c.CurrentVersion(ctx, tbl)
	require.NoError(t, err)
	assert.Equal(t, int64(2), v)

	require.NoError(t, s.c.RestoreVersion(ctx, tbl, 1))
	assert.Equal(t, []int64{1}, s.ids(t, tbl))
	v, err = s.c.CurrentVersion(ctx, tbl)
	require.NoError(t, err)
	assert.Equal(t, int64(3), v, "RESTORE adds a commit")
	h, err = s.c.History(ctx, tbl, 1)
	require.NoError(t, err)
	assert.Equal(t, "RESTORE", h[0].Operation)
	assert.Equal(t, "1", h[0].OperationParameters["version"])

	// The version current at a commit's timestamp is that commit's.
	all, err := s.c.History(ctx, tbl, 0)
	require.NoError(t, err)
	v0 := all[len(all)-1]
	require.Equal(t, int64(0), v0.Version)
	require.NoError(t, s.c.RestoreTimestamp(ctx, tbl, v0.Timestamp))
	assert.Equal(t, []int64{}, s.ids(t, tbl))
	require.NoError(t, s.c.RestoreTimestamp(ctx, tbl, all[1].Timestamp.Add(time.Millisecond/2)))
	assert.Equal(t, []int64{1, 2, 3}, s.ids(t, tbl), "a timestamp between commits selects the earlier one")

	assert.ErrorIs(t, s.c.RestoreVersion(ctx, tbl, 99), ErrInvalid)
	assert.ErrorIs(t, s.c.RestoreVersion(ctx, tbl, -1), ErrInvalid)
	assert.ErrorIs(t, s.c.RestoreTimestamp(ctx, tbl, time.Now().Add(time.Hour)), ErrInvalid)
	assert.ErrorIs(t, s.c.RestoreTimestamp(ctx, tbl, v0.Timestamp.Add(-time.Hour)), ErrInvalid)
	assert.ErrorIs(t, s.c.RestoreTimestamp(ctx, tbl, time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)), ErrInvalid)
	assert.ErrorIs(t, s.c.RestoreVersion(ctx, s.table("nope"), 0), ErrNotFound)

	_, err = s.c.History(ctx, s.table("nope"), 0)
	assert.ErrorIs(t, err, ErrNotFound)
	_, err = s.c.CurrentVersion(ctx, s.table("nope"))
	assert.ErrorIs(t, err, ErrNotFound)
	view := s.table("events_view")
	require.NoError(t, s.c.CreateView(ctx, view, "SELECT * FROM "+tbl.Quoted(), nil))
	_, err = s.c.History(ctx, view, 0)
	assert.ErrorIs(t, err, ErrInvalid, "views have no history")
}

func (s *suite) testClone(t *testing.T) {
	ctx := t.Context()
	src := s.table("clone_src")
	s.run(t, "CREATE TABLE "+src.Quoted()+" (id BIGINT) TBLPROPERTIES ('team' = 'sales')")
	s.run(t, "INSERT INTO "+src.Quoted()+" VALUES (1)")
	s.run(t, "INSERT INTO "+src.Quoted()+" VALUES (2)")

	deep := s.table("clone_deep")
	require.NoError(t, s.c.Clone(ctx, src, deep, nil))
	assert.Equal(t, []int64{1, 2}, s.ids(t, deep))
	h, err := s.c.History(ctx, deep, 0)
	require.NoError(t, err)
	require.Len(t, h, 1, "a clone has a history of its own")
	assert.Equal(t, int64(0), h[0].Version)
	assert.Equal(t, "CLONE", h[0].Operation)
	tbl, err := s.c.DescribeTable(ctx, deep)
	require.NoError(t, err)
	assert.Equal(t, "sales", tbl.Properties["team"], "properties are cloned")

	shallow := s.table("clone_shallow")
	one := int64(1)
	require.NoError(t, s.c.Clone(ctx, src, shallow, &CloneOptions{Shallow: true, Version: &one}))
	assert.Equal(t, []int64{1}, s.ids(t, shallow))

	assert.ErrorIs(t, s.c.Clone(ctx, src, deep, nil), ErrAlreadyExists)
	zero := int64(0)
	require.NoError(t, s.c.Clone(ctx, src, deep, &CloneOptions{Replace: true, Version: &zero}))
	assert.Equal(t, []int64{}, s.ids(t, deep))
	h, err = s.c.History(ctx, deep, 0)
	require.NoError(t, err)
	assert.Len(t, h, 2, "replacing adds a commit to the target's history")

	assert.ErrorIs(t, s.c.Clone(ctx, s.table("nope"), s.table("clone_x"), nil), ErrNotFound)
	minus := int64(-1)
	assert.ErrorIs(t, s.c.Clone(ctx, src, s.table("clone_x"), &CloneOptions{Version: &minus}), ErrInvalid)
	ok, err := s.c.TableExists(ctx, s.table("clone_x"))
	require.NoError(t, err)
	assert.False(t, ok)
}

func (s *suite) testViews(t *testing.T) {
	ctx := t.Context()
	blue, green := s.table("sales_blue"), s.table("sales_green")
	s.run(t, "CREATE TABLE "+blue.Quoted()+" (id BIGINT)")
	s.run(t, "INSERT INTO "+blue.Quoted()+" VALUES (1), (2)")
	s.run(t, "CREATE TABLE "+green.Quoted()+" (id BIGINT)")
	s.run(t, "INSERT INTO "+green.Quoted()+" VALUES (10), (20), (30)")

	view := s.table("sales")
	require.NoError(t, s.c.CreateView(ctx, view, "SELECT * FROM "+blue.Quoted(), &CreateOptions{Comment: "stable name"}))
	assert.Equal(t, []int64{1, 2}, s.ids(t, view))
	def, err := s.c.ViewDefinition(ctx, view)
	require.NoError(t, err)
	assert.Contains(t, def, blue.Last())
	assert.ErrorIs(t, s.c.CreateView(ctx, view, "SELECT * FROM "+green.Quoted(), nil), ErrAlreadyExists)
	assert.NoError(t, s.c.CreateView(ctx, view, "SELECT * FROM "+green.Quoted(), &CreateOptions{IfNotExists: true}))
	assert.Equal(t, []int64{1, 2}, s.ids(t, view), "IF NOT EXISTS leaves the view alone")

	s.run(t, "GRANT SELECT ON VIEW "+view.Quoted()+" TO "+QuoteIdent(s.grantee))
	before, err := s.c.DescribeTable(ctx, view)
	require.NoError(t, err)
	assert.Equal(t, "VIEW", before.Type)

	require.NoError(t, s.c.Switch(ctx, view, green))
	assert.Equal(t, []int64{10, 20, 30}, s.ids(t, view))
	def, err = s.c.ViewDefinition(ctx, view)
	require.NoError(t, err)
	assert.Contains(t, def, green.Last())
	after, err := s.c.DescribeTable(ctx, view)
	require.NoError(t, err)
	assert.Equal(t, before.Owner, after.Owner, "ALTER VIEW keeps the owner")
	assert.Equal(t, "stable name", after.Comment, "ALTER VIEW keeps the comment")
	grants, err := s.c.Grants(ctx, Securable{Type: ObjectView, Name: view})
	require.NoError(t, err)
	assert.True(t, hasGrant(grants, s.grantee, "SELECT"), "ALTER VIEW keeps the grants: %v", grants)

	require.NoError(t, s.c.SwitchQuery(ctx, view,
		"SELECT * FROM "+blue.Quoted()+" WHERE id > 1 UNION ALL SELECT * FROM "+green.Quoted()+" WHERE id > 20"))
	assert.Equal(t, []int64{2, 30}, s.ids(t, view))

	_, err = s.c.ViewDefinition(ctx, blue)
	assert.ErrorIs(t, err, ErrInvalid, "a table has no view definition")
	_, err = s.c.ViewDefinition(ctx, s.table("nope"))
	assert.ErrorIs(t, err, ErrNotFound)
	assert.ErrorIs(t, s.c.Switch(ctx, s.table("nope"), green), ErrNotFound)
	assert.ErrorIs(t, s.c.Switch(ctx, view, s.table("nope")), ErrNotFound)
	assert.ErrorIs(t, s.c.Switch(ctx, blue, green), ErrInvalid, "ALTER VIEW on a table")
	assert.ErrorIs(t, s.c.SwitchQuery(ctx, view, "  "), ErrInvalid)
	assert.ErrorIs(t, s.c.SwitchQuery(ctx, view, "SELEC * FROM x"), ErrInvalid)
	assert.Equal(t, []int64{2, 30}, s.ids(t, view), "failed switches change nothing")
	assert.ErrorIs(t, s.c.CreateView(ctx, s.table("v2"), "", nil), ErrInvalid)

	assert.ErrorIs(t, s.c.DropView(ctx, blue, nil), ErrInvalid, "DROP VIEW on a table")
	require.NoError(t, s.c.DropView(ctx, view, nil))
	assert.ErrorIs(t, s.c.DropView(ctx, view, nil), ErrNotFound)
	assert.NoError(t, s.c.DropView(ctx, view, &DropOptions{IfExists: true}))
}

func hasGrant(gs []Grant, principal, privilege string) bool {
	for _, g := range gs {
		if g.Principal == principal && strings.EqualFold(g.Privilege, privilege) {
			return true
		}
	}
	return false
}

func (s *suite) testGrants(t *testing.T) {
	ctx := t.Context()
	a, b := s.table("grants_a"), s.table("grants_b")
	s.run(t, "CREATE TABLE "+a.Quoted()+" (id BIGINT)")
	s.run(t, "CREATE TABLE "+b.Quoted()+" (id BIGINT)")
	p := QuoteIdent(s.grantee)
	s.run(t, "GRANT SELECT, MODIFY ON TABLE "+a.Quoted()+" TO "+p)
	s.run(t, "GRANT USE SCHEMA ON SCHEMA "+s.schema.Quoted()+" TO "+p)

	ga, err := s.c.Grants(ctx, Securable{Type: ObjectTable, Name: a})
	require.NoError(t, err)
	direct := false
	for _, g := range ga {
		if g.Principal == s.grantee && g.Privilege == "SELECT" {
			direct = g.ObjectType == ObjectTable && strings.HasSuffix(g.ObjectKey, "grants_a")
		}
	}
	assert.True(t, direct, "the grant lives on the table: %v", ga)
	assert.True(t, hasGrant(ga, s.grantee, "MODIFY"))
	assert.True(t, hasGrant(ga, s.grantee, "USE SCHEMA"), "inherited grants are listed: %v", ga)

	gs, err := s.c.Grants(ctx, Securable{Type: ObjectSchema, Name: s.schema})
	require.NoError(t, err)
	assert.True(t, hasGrant(gs, s.grantee, "USE SCHEMA"))

	gb, err := s.c.Grants(ctx, Securable{Type: ObjectTable, Name: b})
	require.NoError(t, err)
	missing, _ := DiffGrants(ga, gb)
	assert.True(t, hasGrant(missing, s.grantee, "SELECT"))
	assert.True(t, hasGrant(missing, s.grantee, "MODIFY"))
	assert.False(t, hasGrant(missing, s.grantee, "USE SCHEMA"), "the schema grant reaches both tables")

	_, err = s.c.Grants(ctx, Securable{Type: ObjectTable, Name: s.table("nope")})
	assert.ErrorIs(t, err, ErrNotFound)
	_, err = s.c.Grants(ctx, Securable{Type: "FUNCTION", Name: a})
	assert.ErrorIs(t, err, ErrInvalid)
	_, err = s.c.Grants(ctx, Securable{Type: ObjectSchema, Name: a})
	assert.ErrorIs(t, err, ErrInvalid)
}

// testQualified checks that operations refuse names that are not fully
// qualified, before sending anything.
func (s *suite) testQualified(t *testing.T) {
	ctx := t.Context()
	short := MustName(s.schema.Last(), "t")
	var zero Name
	checks := map[string]error{
		"CreateCatalog":  s.c.CreateCatalog(ctx, MustName("a", "b"), nil),
		"DropCatalog":    s.c.DropCatalog(ctx, zero, nil),
		"CreateSchema":   s.c.CreateSchema(ctx, MustName("s"), nil),
		"DropSchema":     s.c.DropSchema(ctx, MustName("a", "b", "c"), nil),
		"DropTable":      s.c.DropTable(ctx, short, nil),
		"DropView":       s.c.DropView(ctx, short, nil),
		"CreateView":     s.c.CreateView(ctx, short, "SELECT 1", nil),
		"Switch":         s.c.Switch(ctx, short, s.table("x")),
		"SwitchTarget":   s.c.Switch(ctx, s.table("x"), short),
		"SwitchQuery":    s.c.SwitchQuery(ctx, short, "SELECT 1"),
		"RestoreVersion": s.c.RestoreVersion(ctx, short, 0),
		"RestoreTime":    s.c.RestoreTimestamp(ctx, short, time.Now()),
		"CloneSource":    s.c.Clone(ctx, short, s.table("x"), nil),
		"CloneTarget":    s.c.Clone(ctx, s.table("x"), short, nil),
		"CreateComment":  s.c.CreateSchema(ctx, MustName(s.catalog, "x"), &CreateOptions{Comment: "\xff"}),
	}
	_, err := s.c.CatalogExists(ctx, short)
	checks["CatalogExists"] = err
	_, err = s.c.SchemaExists(ctx, MustName("s"))
	checks["SchemaExists"] = err
	_, err = s.c.TableExists(ctx, short)
	checks["TableExists"] = err
	_, err = s.c.DescribeTable(ctx, short)
	checks["DescribeTable"] = err
	_, err = s.c.History(ctx, short, 0)
	checks["History"] = err
	_, err = s.c.CurrentVersion(ctx, short)
	checks["CurrentVersion"] = err
	_, err = s.c.ViewDefinition(ctx, short)
	checks["ViewDefinition"] = err
	_, err = s.c.Retention(ctx, short)
	checks["Retention"] = err
	_, err = s.c.Grants(ctx, Securable{Type: ObjectTable, Name: short})
	checks["Grants"] = err
	for op, err := range checks {
		assert.ErrorIs(t, err, ErrInvalid, op)
		var ce *Error
		if assert.ErrorAs(t, err, &ce, op) {
			assert.Empty(t, SQLState(ce.Err), "%s: rejected before sending: %v", op, err)
		}
	}
}
