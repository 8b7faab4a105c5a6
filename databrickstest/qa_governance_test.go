package databrickstest_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Unity Catalog governance: privileges, ownership, GRANT/REVOKE, SHOW GRANTS
// and the view-replacement rules (spec §2.2, §6.3; DBX
// security-grant, security-revoke, security-show-grant,
// sql-ref-syntax-ddl-create-view, sql-ref-syntax-ddl-alter-view,
// data-governance/unity-catalog/manage-privileges).

const qaDenied = "INSUFFICIENT_PERMISSIONS"

func TestQAPrivilegeEnforcement(t *testing.T) {
	w, admin := qaNew(t)
	reader := w.DBAs("reader@x.com")
	qaExec(t, admin,
		"CREATE CATALOG gov",
		"CREATE SCHEMA gov.s",
		"CREATE TABLE gov.s.t (id INT, v STRING)",
		"INSERT INTO gov.s.t VALUES (1, 'a'), (2, 'b')",
	)
	qaScenario(t, admin, []qaStep{
		{name: "no USE CATALOG", src: "spec §6.2, §6.3 (message: User does not have USE CATALOG on Catalog '<name>')", as: reader,
			sql: "SELECT * FROM gov.s.t", class: qaDenied, state: "42501", msg: "User does not have USE CATALOG on Catalog 'gov'"},
		{name: "grant USE CATALOG", src: "spec §6.3 (GRANT priv ON securable TO principal; backticked principal)",
			sql: "GRANT USE CATALOG ON CATALOG gov TO `reader@x.com`"},
		{name: "no USE SCHEMA", src: "spec §6.3", as: reader,
			sql: "SELECT * FROM gov.s.t", class: qaDenied, state: "42501", msg: "USE SCHEMA"},
		{name: "grant USE SCHEMA", src: "spec §6.3",
			sql: "GRANT USE SCHEMA ON SCHEMA gov.s TO `reader@x.com`"},
		{name: "no SELECT", src: "spec §6.3", as: reader,
			sql: "SELECT * FROM gov.s.t", class: qaDenied, state: "42501", msg: "SELECT"},
		{name: "no SELECT for DESCRIBE either", src: "spec §6.3 (SELECT needed for DESCRIBE, SHOW on it)", as: reader,
			sql: "DESCRIBE TABLE gov.s.t", class: qaDenied, state: "42501"},
		{name: "grant SELECT", src: "spec §6.3",
			sql: "GRANT SELECT ON TABLE gov.s.t TO `reader@x.com`"},
		{name: "reader can read", src: "spec §6.3 (USE CATALOG + USE SCHEMA + SELECT to read)", as: reader,
			sql: "SELECT v FROM gov.s.t ORDER BY id", want: []string{"a", "b"}},
		{name: "no MODIFY", src: "spec §6.3 (INSERT needs MODIFY)", as: reader,
			sql: "INSERT INTO gov.s.t VALUES (3, 'c')", class: qaDenied, state: "42501", msg: "MODIFY"},
		{name: "no MODIFY for DELETE", src: "spec §6.3", as: reader,
			sql: "DELETE FROM gov.s.t WHERE id = 1", class: qaDenied, state: "42501"},
		{name: "no MODIFY for TRUNCATE", src: "spec §6.3", as: reader,
			sql: "TRUNCATE TABLE gov.s.t", class: qaDenied, state: "42501"},
		{name: "grant MODIFY", src: "spec §6.3",
			sql: "GRANT MODIFY ON TABLE gov.s.t TO `reader@x.com`"},
		{name: "reader can write", src: "spec §6.3", as: reader,
			sql: "INSERT INTO gov.s.t VALUES (3, 'c')"},
		{name: "reader can update", src: "spec §6.3 (MODIFY + SELECT for UPDATE)", as: reader,
			sql: "UPDATE gov.s.t SET v = 'C' WHERE id = 3", want: []string{"1"}},
		{name: "not the owner: no ALTER", src: "spec §6.3 (ownership to ALTER)", as: reader,
			sql: "ALTER TABLE gov.s.t ADD COLUMNS (x INT)", class: qaDenied, state: "42501"},
		{name: "not the owner: no DROP", src: "spec §6.3 (ownership to DROP)", as: reader,
			sql: "DROP TABLE gov.s.t", class: qaDenied, state: "42501"},
		{name: "not the owner: no GRANT", src: "spec §6.3 (GRANT needs owner/MANAGE/admin)", as: reader,
			sql: "GRANT SELECT ON TABLE gov.s.t TO `other@x.com`", class: qaDenied, state: "42501"},
		{name: "no CREATE TABLE", src: "spec §6.3 (CREATE TABLE on schema)", as: reader,
			sql: "CREATE TABLE gov.s.mine (id INT)", class: qaDenied, state: "42501", msg: "CREATE TABLE"},
		{name: "no CREATE TABLE for a view either", src: "spec §6.3 (CREATE TABLE covers tables and views)", as: reader,
			sql: "CREATE VIEW gov.s.myview AS SELECT 1 AS one", class: qaDenied, state: "42501"},
		{name: "no CREATE TABLE for CTAS", src: "spec §6.3", as: reader,
			sql: "CREATE TABLE gov.s.mine AS SELECT * FROM gov.s.t", class: qaDenied, state: "42501"},
		{name: "grant CREATE TABLE", src: "spec §6.3",
			sql: "GRANT CREATE TABLE ON SCHEMA gov.s TO `reader@x.com`"},
		{name: "reader creates a table", src: "spec §6.3", as: reader,
			sql: "CREATE TABLE gov.s.mine (id INT)"},
		{name: "creator owns it", src: "spec §6.3 (creator is owner)",
			sql: "SELECT table_owner FROM gov.information_schema.tables WHERE table_name = 'mine'", want: []string{"reader@x.com"}},
		{name: "owner writes without MODIFY", src: "spec §6.3 (owners have all privileges on the object)", as: reader,
			sql: "INSERT INTO gov.s.mine VALUES (1)"},
		{name: "owner alters", src: "spec §6.3", as: reader,
			sql: "ALTER TABLE gov.s.mine ADD COLUMNS (note STRING)"},
		{name: "owner grants", src: "spec §6.3", as: reader,
			sql: "GRANT SELECT ON TABLE gov.s.mine TO `other@x.com`"},
		{name: "owner drops", src: "spec §6.3", as: reader,
			sql: "DROP TABLE gov.s.mine"},
		{name: "no CREATE SCHEMA", src: "spec §6.3 (CREATE SCHEMA on catalog)", as: reader,
			sql: "CREATE SCHEMA gov.s2", class: qaDenied, state: "42501", msg: "CREATE SCHEMA"},
		{name: "grant CREATE SCHEMA", src: "spec §6.3",
			sql: "GRANT CREATE SCHEMA ON CATALOG gov TO `reader@x.com`"},
		{name: "reader creates a schema", src: "spec §6.3", as: reader,
			sql: "CREATE SCHEMA gov.s2"},
		{name: "only admins create catalogs", src: "spec §6.3 (CREATE CATALOG on metastore)", as: reader,
			sql: "CREATE CATALOG mine", class: qaDenied, state: "42501"},
		{name: "revoke SELECT", src: "spec §6.3 (REVOKE priv ON securable FROM principal)",
			sql: "REVOKE SELECT ON TABLE gov.s.t FROM `reader@x.com`"},
		{name: "reader lost SELECT", src: "spec §6.3", as: reader,
			sql: "SELECT * FROM gov.s.t", class: qaDenied, state: "42501"},
		{name: "revoking a privilege not held is a no-op", src: "spec §6.3",
			sql: "REVOKE SELECT ON TABLE gov.s.t FROM `reader@x.com`"},
		{name: "grant SELECT on the schema", src: "spec §6.3 (privileges on a schema are inherited by current and future children)",
			sql: "GRANT SELECT ON SCHEMA gov.s TO `reader@x.com`"},
		{name: "inherited SELECT", src: "spec §6.3", as: reader,
			sql: "SELECT count(*) FROM gov.s.t", want: []string{"3"}},
		{name: "a future table", src: "spec §6.3",
			sql: "CREATE TABLE gov.s.later AS SELECT 42 AS n"},
		{name: "inherited SELECT on a future table", src: "spec §6.3 (current and future children)", as: reader,
			sql: "SELECT n FROM gov.s.later", want: []string{"42"}},
		{name: "granting a privilege twice is a no-op", src: "spec §6.3",
			sql: "GRANT SELECT ON SCHEMA gov.s TO `reader@x.com`"},
		{name: "ownership transfer", src: "spec §6.3 (ALTER TABLE x [SET] OWNER TO principal)",
			sql: "ALTER TABLE gov.s.later OWNER TO `reader@x.com`"},
		{name: "new owner may drop", src: "spec §6.3", as: reader,
			sql: "DROP TABLE gov.s.later"},
	})
	// The failure text follows spec §6.1's real example.
	_, err := w.DBAs("nobody@x.com").Exec("SELECT * FROM gov.s.t")
	require.Error(t, err)
	assert.Equal(t, "[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have USE CATALOG on Catalog 'gov'. SQLSTATE: 42501", err.Error(),
		"spec §6.1 (real example: dbt-databricks#838)")
}

func TestQAShowGrants(t *testing.T) {
	w, admin := qaNew(t)
	qaExec(t, admin,
		"CREATE CATALOG g",
		"CREATE SCHEMA g.s",
		"CREATE TABLE g.s.t (id INT)",
		"GRANT USE CATALOG ON CATALOG g TO `ann@x.com`",
		"GRANT USE SCHEMA, SELECT ON SCHEMA g.s TO `ann@x.com`",
		"GRANT MODIFY ON TABLE g.s.t TO `ann@x.com`",
		"GRANT SELECT ON TABLE g.s.t TO `bob@x.com`",
	)
	res, err := qaQuery(admin, "SHOW GRANTS ON TABLE g.s.t")
	require.NoError(t, err)
	assert.Equal(t, []string{"principal", "actionType", "objectType", "objectKey"}, res.cols, "SHOW GRANTS columns (spec §1.5, §6.3)")
	assert.Subset(t, res.rows, []string{
		"ann@x.com | MODIFY | TABLE | g.s.t",
		"bob@x.com | SELECT | TABLE | g.s.t",
		"ann@x.com | SELECT | SCHEMA | g.s", // inherited: listed where the grant lives (spec §6.3)
	}, "SHOW GRANTS lists granted and inherited privileges (spec §6.3)")

	res, err = qaQuery(admin, "SHOW GRANTS `bob@x.com` ON TABLE g.s.t")
	require.NoError(t, err)
	assert.Equal(t, []string{"bob@x.com | SELECT | TABLE | g.s.t"}, res.rows, "SHOW GRANTS filtered by principal (spec §6.3); bob has no catalog or schema grants")

	res, err = qaQuery(admin, "SHOW GRANTS ON SCHEMA g.s")
	require.NoError(t, err)
	assert.Subset(t, res.rows, []string{"ann@x.com | USE SCHEMA | SCHEMA | g.s", "ann@x.com | SELECT | SCHEMA | g.s"})
	for _, r := range res.rows {
		assert.NotContains(t, r, "MODIFY", "table grants do not show on the schema")
	}

	res, err = qaQuery(admin, "SHOW GRANT ON CATALOG g")
	require.NoError(t, err, "SHOW GRANT is a synonym (spec §6.3)")
	assert.Contains(t, res.rows, "ann@x.com | USE CATALOG | CATALOG | g")

	res, err = qaQuery(w.DBAs("bob@x.com"), "SHOW GRANTS `bob@x.com` ON TABLE g.s.t")
	if assert.NoError(t, err, "a principal may see its own grants (spec §6.3)") {
		assert.Equal(t, []string{"bob@x.com | SELECT | TABLE | g.s.t"}, res.rows)
	}

	qaExec(t, admin, "REVOKE MODIFY ON TABLE g.s.t FROM `ann@x.com`")
	res, err = qaQuery(admin, "SHOW GRANTS `ann@x.com` ON TABLE g.s.t")
	require.NoError(t, err)
	for _, r := range res.rows {
		assert.NotContains(t, r, "MODIFY", "revoked privilege is gone")
	}

	qaRun(t, admin, []qaCase{
		{name: "SHOW GRANTS on a missing table", src: "spec §6.2",
			sql: "SHOW GRANTS ON TABLE g.s.nope", class: "TABLE_OR_VIEW_NOT_FOUND", state: "42P01"},
		{name: "GRANT on a missing table", src: "spec §6.2",
			sql: "GRANT SELECT ON TABLE g.s.nope TO `ann@x.com`", class: "TABLE_OR_VIEW_NOT_FOUND", state: "42P01"},
		{name: "GRANT of a privilege that does not apply", src: "spec §6.3 (privileges per securable)",
			sql: "GRANT USE CATALOG ON TABLE g.s.t TO `ann@x.com`", class: "*"},
		{name: "ALL PRIVILEGES", src: "spec §6.3 (ALL PRIVILEGES expands to all applicable privileges)",
			sql: "GRANT ALL PRIVILEGES ON TABLE g.s.t TO `cy@x.com`"},
	})
	res, err = qaQuery(admin, "SHOW GRANTS `cy@x.com` ON TABLE g.s.t")
	require.NoError(t, err)
	require.NotEmpty(t, res.rows, "ALL PRIVILEGES granted")
	qaExec(t, admin, "GRANT USE CATALOG ON CATALOG g TO `cy@x.com`", "GRANT USE SCHEMA ON SCHEMA g.s TO `cy@x.com`")
	cy := w.DBAs("cy@x.com")
	qaScenario(t, admin, []qaStep{
		{name: "ALL PRIVILEGES includes SELECT", src: "spec §6.3", as: cy, sql: "SELECT count(*) FROM g.s.t", want: []string{"0"}},
		{name: "ALL PRIVILEGES includes MODIFY", src: "spec §6.3", as: cy, sql: "INSERT INTO g.s.t VALUES (1)"},
		// Whether ALL PRIVILEGES includes MANAGE (which suffices for DROP) is
		// open (spec §6.3 [U]): DROP by cy is not asserted.
	})
}

// TestQAViewGrantsAcrossReplace is the blue-green switch of spec §2.2: a
// reader loses access after CREATE OR REPLACE VIEW and keeps it after ALTER
// VIEW … AS.
func TestQAViewGrantsAcrossReplace(t *testing.T) {
	w, admin := qaNew(t)
	reader := w.DBAs("reader@x.com")
	dev := w.DBAs("dev@x.com")
	qaExec(t, admin,
		"CREATE SCHEMA main.app",
		"CREATE TABLE main.app.blue (id INT, color STRING)",
		"INSERT INTO main.app.blue VALUES (1, 'blue')",
		"CREATE TABLE main.app.green (id INT, color STRING)",
		"INSERT INTO main.app.green VALUES (1, 'green'), (2, 'green')",
		"CREATE VIEW main.app.live AS SELECT * FROM main.app.blue",
		"GRANT USE CATALOG ON CATALOG main TO `reader@x.com`",
		"GRANT USE SCHEMA ON SCHEMA main.app TO `reader@x.com`",
		"GRANT SELECT ON VIEW main.app.live TO `reader@x.com`",
		// dev may read both colours, so a view dev owns can serve either.
		"GRANT USE CATALOG ON CATALOG main TO `dev@x.com`",
		"GRANT USE SCHEMA, SELECT ON SCHEMA main.app TO `dev@x.com`",
	)
	owner := func(view string) qaStep {
		return qaStep{name: "owner of " + view, src: "DBX information-schema/tables (TABLE_OWNER)",
			sql: "SELECT table_owner FROM main.information_schema.tables WHERE table_schema = 'app' AND table_name = '" + view + "'"}
	}
	ownerIs := func(view, who string) qaStep {
		s := owner(view)
		s.want = []string{who}
		return s
	}
	qaScenario(t, admin, []qaStep{
		{name: "reader reads the view", src: "spec §2.2 (SELECT on the view; base tables checked with the owner's rights)", as: reader,
			sql: "SELECT color FROM main.app.live", want: []string{"blue"}},
		{name: "reader cannot read the base table", src: "spec §6.3", as: reader,
			sql: "SELECT * FROM main.app.blue", class: qaDenied, state: "42501"},
		{name: "switch with ALTER VIEW AS", src: "spec §2.2 (ALTER VIEW keeps grants and owner)",
			sql: "ALTER VIEW main.app.live AS SELECT * FROM main.app.green"},
		{name: "reader keeps access after ALTER VIEW", src: "spec §2.2", as: reader,
			sql: "SELECT count(*) FROM main.app.live", want: []string{"2"}},
		{name: "grant survives ALTER VIEW in SHOW GRANTS", src: "spec §2.2; spec §6.3 (SHOW GRANTS lists granted and inherited privileges)",
			sql: "SHOW GRANTS `reader@x.com` ON VIEW main.app.live", has: []string{"reader@x.com | SELECT | VIEW | main.app.live"}},
		{name: "switch back with CREATE OR REPLACE VIEW", src: "spec §2.2 (CREATE OR REPLACE VIEW drops grants)",
			sql: "CREATE OR REPLACE VIEW main.app.live AS SELECT * FROM main.app.blue"},
		{name: "reader lost access after CREATE OR REPLACE VIEW", src: "spec §2.2 (DBX create-view: does not preserve privileges)", as: reader,
			sql: "SELECT * FROM main.app.live", class: qaDenied, state: "42501"},
		{name: "no grants left on the replaced view", src: "spec §2.2 (inherited catalog/schema grants still listed)",
			sql: "SHOW GRANTS `reader@x.com` ON VIEW main.app.live", lacks: []string{"reader@x.com | SELECT | VIEW | main.app.live"}},
		// Ownership: give the view to dev, then replace it as the admin.
		{name: "hand the view to dev", src: "spec §2.2 ([SET] OWNER TO principal)",
			sql: "ALTER VIEW main.app.live OWNER TO `dev@x.com`"},
		ownerIs("live", "dev@x.com"),
		{name: "re-grant to the reader", src: "spec §6.3",
			sql: "GRANT SELECT ON VIEW main.app.live TO `reader@x.com`"},
		{name: "ALTER VIEW AS by the admin", src: "spec §2.2",
			sql: "ALTER VIEW main.app.live AS SELECT * FROM main.app.green"},
		ownerIs("live", "dev@x.com"),
		{name: "reader still has access", src: "spec §2.2 (ALTER VIEW keeps grants)", as: reader,
			sql: "SELECT count(*) FROM main.app.live", want: []string{"2"}},
		{name: "CREATE OR REPLACE VIEW by the admin", src: "spec §2.2 (the caller becomes owner)",
			sql: "CREATE OR REPLACE VIEW main.app.live AS SELECT * FROM main.app.blue"},
		ownerIs("live", w.Admin()),
		{name: "dev is no longer owner", src: "spec §2.2", as: dev,
			sql: "ALTER VIEW main.app.live AS SELECT * FROM main.app.green", class: qaDenied, state: "42501"},
	})
}

// TestQAViewOwnerRights checks that a view's body runs with its owner's
// rights (spec §2.2, §6.3; DBX create-views).
func TestQAViewOwnerRights(t *testing.T) {
	w, admin := qaNew(t)
	dev := w.DBAs("dev@x.com")
	reader := w.DBAs("reader@x.com")
	qaExec(t, admin,
		"CREATE SCHEMA main.sec",
		"CREATE TABLE main.sec.pii (id INT, email STRING)",
		"INSERT INTO main.sec.pii VALUES (1, 'a@x.com')",
		"GRANT USE CATALOG ON CATALOG main TO `dev@x.com`",
		"GRANT USE SCHEMA, CREATE TABLE ON SCHEMA main.sec TO `dev@x.com`",
		"GRANT SELECT ON TABLE main.sec.pii TO `dev@x.com`",
		"GRANT USE CATALOG ON CATALOG main TO `reader@x.com`",
		"GRANT USE SCHEMA ON SCHEMA main.sec TO `reader@x.com`",
	)
	qaScenario(t, admin, []qaStep{
		{name: "dev creates a view", src: "spec §2.2 (needs CREATE TABLE on the schema; creator owns it)", as: dev,
			sql: "CREATE VIEW main.sec.masked AS SELECT id, 'hidden' AS email FROM main.sec.pii"},
		{name: "dev grants the view", src: "spec §6.3 (owner can grant)", as: dev,
			sql: "GRANT SELECT ON VIEW main.sec.masked TO `reader@x.com`"},
		{name: "reader reads through dev's rights", src: "spec §2.2", as: reader,
			sql: "SELECT * FROM main.sec.masked", want: []string{"1 | hidden"}},
		{name: "dev loses SELECT on the base table", src: "spec §6.3",
			sql: "REVOKE SELECT ON TABLE main.sec.pii FROM `dev@x.com`"},
		{name: "the view now fails for the reader", src: "spec §2.2 (base tables checked with the view owner's rights)", as: reader,
			sql: "SELECT * FROM main.sec.masked", class: qaDenied, state: "42501"},
		{name: "a reader without SELECT on the view", src: "spec §6.3", as: w.DBAs("nobody@x.com"),
			sql: "SELECT * FROM main.sec.masked", class: qaDenied, state: "42501"},
		{name: "dev creates another view", src: "spec §2.2", as: dev,
			sql: "CREATE VIEW main.sec.other AS SELECT 1 AS one"},
		{name: "hand other to the admin", src: "spec §6.3", as: dev,
			sql: "ALTER VIEW main.sec.other OWNER TO `" + w.Admin() + "`"},
		{name: "replace of a view owned by someone else", src: "spec §2.2 (replacing requires being the view's owner)", as: dev,
			sql: "CREATE OR REPLACE VIEW main.sec.other AS SELECT 2 AS two", class: qaDenied, state: "42501"},
	})
	// information_schema rows are limited to what the caller may see (spec §1.4).
	res, err := qaQuery(reader, "SELECT table_name FROM main.information_schema.tables WHERE table_schema = 'sec' ORDER BY table_name")
	require.NoError(t, err)
	assert.Equal(t, []string{"masked"}, res.rows, "information_schema.tables is filtered to objects the caller has privileges on (spec §1.4)")
	assert.False(t, strings.Contains(strings.Join(res.rows, ","), "pii"))
}

// TestQAManageAndParentOwners covers who else than the owner may drop,
// rename and grant (spec §6.3; DBX sql-ref-syntax-ddl-drop-table,
// sql-ref-syntax-ddl-drop-database, manage-privileges).
func TestQAManageAndParentOwners(t *testing.T) {
	w, admin := qaNew(t)
	m := w.DBAs("m@x.com")
	so := w.DBAs("schemaowner@x.com")
	qaExec(t, admin,
		"CREATE SCHEMA main.q",
		"CREATE TABLE main.q.t1 (id INT)",
		"CREATE TABLE main.q.t2 (id INT)",
		"CREATE TABLE main.q.t3 (id INT)",
		"CREATE SCHEMA main.empty",
		"GRANT USE CATALOG ON CATALOG main TO `m@x.com`",
		"GRANT USE SCHEMA ON SCHEMA main.q TO `m@x.com`",
		"GRANT USE CATALOG ON CATALOG main TO `schemaowner@x.com`",
		"GRANT MANAGE ON TABLE main.q.t1 TO `m@x.com`",
		"GRANT MANAGE ON SCHEMA main.empty TO `m@x.com`",
		"ALTER SCHEMA main.q OWNER TO `schemaowner@x.com`",
	)
	qaScenario(t, admin, []qaStep{
		{name: "MANAGE holder grants", src: "DBX manage-privileges (a user with MANAGE on the object can grant)", as: m,
			sql: "GRANT SELECT ON TABLE main.q.t1 TO `r@x.com`"},
		{name: "MANAGE holder renames", src: "spec §6.3 (MANAGE suffices for DROP, RENAME)", as: m,
			sql: "ALTER TABLE main.q.t1 RENAME TO main.q.t1b",
			gap: "a MANAGE holder cannot RENAME a table: INSUFFICIENT_PERMISSIONS (User is not an owner)"},
		{name: "MANAGE holder drops", src: "spec §6.3 (MANAGE suffices for DROP)", as: m,
			sql: "DROP TABLE IF EXISTS main.q.t1"},
		{name: "MANAGE holder drops a schema", src: "DBX sql-ref-syntax-ddl-drop-database (MANAGE on the schema or owner)", as: m,
			sql: "DROP SCHEMA main.empty"},
		{name: "schema owner grants on a table in the schema", src: "DBX manage-privileges (the owner of the catalog or schema that contains the object can grant)", as: so,
			sql: "GRANT SELECT ON TABLE main.q.t2 TO `r@x.com`"},
		{name: "schema owner drops a table in the schema", src: "DBX sql-ref-syntax-ddl-drop-table (owner of the table, or of the schema, catalog or metastore it resides in)", as: so,
			sql: "DROP TABLE main.q.t2",
			gap: "the owner of the schema cannot DROP a table in it: INSUFFICIENT_PERMISSIONS"},
		{name: "plain privileges do not allow DROP", src: "spec §6.3", as: m,
			sql: "DROP TABLE main.q.t3", class: qaDenied, state: "42501"},
		{name: "SHOW GRANTS needs MANAGE, ownership or one's own principal", src: "spec §6.3 (SHOW GRANTS allowed for owner/admin, MANAGE holders, or the principal themselves)", as: m,
			sql: "SHOW GRANTS ON TABLE main.q.t3", class: qaDenied, state: "42501"},
		{name: "ownership error wording", src: "spec §6.2 (ownership checks: User is not an owner of <Type> '<name>' [U])", as: m,
			sql: "ALTER TABLE main.q.t3 SET TBLPROPERTIES ('k' = 'v')", class: qaDenied, state: "42501"},
	})
}
