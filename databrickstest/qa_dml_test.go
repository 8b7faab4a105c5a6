package databrickstest_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// DML on Delta tables: DELETE, UPDATE, MERGE, TRUNCATE, INSERT … REPLACE
// WHERE, OPTIMIZE, VACUUM (spec §3–§4; DBX delta-delete-from, delta-update,
// delta-merge-into, delta-truncate-table, sql-ref-syntax-dml-insert-into,
// delta-optimize, delta-vacuum).

func TestQADeleteUpdate(t *testing.T) {
	_, db := qaNew(t)
	qaExec(t, db,
		"CREATE TABLE main.default.acct (id INT, owner STRING, bal DECIMAL(10,2), flag BOOLEAN)",
		"INSERT INTO main.default.acct VALUES (1, 'ann', 10.00, true), (2, 'bob', 20.00, NULL), (3, 'cid', 30.00, false), (4, NULL, 40.00, true)",
		"CREATE TABLE main.default.closed (id INT)",
		"INSERT INTO main.default.closed VALUES (3)",
	)
	qaScenario(t, db, []qaStep{
		{name: "UPDATE assignments see the old row", src: "spec §4.2 (assignments evaluated against the old row)",
			sql: "UPDATE main.default.acct SET bal = bal * 2, owner = concat(owner, '-', CAST(bal AS STRING)) WHERE id = 1", cols: []string{"num_affected_rows"}, want: []string{"1"}},
		{name: "updated row", src: "spec §4.2",
			sql: "SELECT owner, bal FROM main.default.acct WHERE id = 1", want: []string{"ann-10.00 | 20.00"}},
		{name: "UPDATE where the condition is NULL touches nothing", src: "spec §4.2 (WHERE with NULL result -> row not affected)",
			sql: "UPDATE main.default.acct SET bal = 0 WHERE flag", want: []string{"2"}},
		{name: "rows with a NULL condition keep their value", src: "spec §4.2",
			sql: "SELECT id, bal FROM main.default.acct ORDER BY id", want: []string{"1 | 0.00", "2 | 20.00", "3 | 30.00", "4 | 0.00"}},
		{name: "UPDATE with an alias", src: "spec §4.2 (UPDATE t [AS a])",
			sql: "UPDATE main.default.acct AS a SET a.bal = 5 WHERE a.owner IS NULL", want: []string{"1"}},
		{name: "UPDATE of a missing column", src: "spec §6.2 UNRESOLVED_COLUMN",
			sql: "UPDATE main.default.acct SET nope = 1", class: "UNRESOLVED_COLUMN.*|DELTA_COLUMN_NOT_FOUND", state: "42703"},
		{name: "UPDATE overflowing the column type", src: "spec §4.1 (assigned values obey store assignment: overflow -> 22003)",
			sql: "UPDATE main.default.acct SET bal = 123456789012.00 WHERE id = 2", class: "CAST_OVERFLOW_IN_TABLE_INSERT|DELTA_CAST_OVERFLOW_IN_TABLE_WRITE|NUMERIC_VALUE_OUT_OF_RANGE.*", state: "22003"},
		{name: "DELETE with an IN subquery", src: "DBX delta-delete-from (subqueries in WHERE)",
			sql: "DELETE FROM main.default.acct WHERE id IN (SELECT id FROM main.default.closed)", cols: []string{"num_affected_rows"}, want: []string{"1"}},
		{name: "DELETE with an alias and EXISTS", src: "DBX delta-delete-from (DELETE FROM t [AS alias] WHERE EXISTS ...)",
			sql: "DELETE FROM main.default.acct AS a WHERE NOT EXISTS (SELECT 1 FROM main.default.closed c WHERE c.id = a.id) AND a.id = 4", want: []string{"1"}},
		{name: "DELETE matching nothing", src: "spec §4.2",
			sql: "DELETE FROM main.default.acct WHERE id = 99", want: []string{"0"}},
		{name: "rows after deletes", src: "spec §4.2",
			sql: "SELECT id FROM main.default.acct ORDER BY id", want: []string{"1", "2"}},
		{name: "DELETE without WHERE", src: "spec §4.2 (predicate [] for no WHERE)",
			sql: "DELETE FROM main.default.acct", want: []string{"2"}},
		{name: "table is empty", src: "spec §4.2",
			sql: "SELECT count(*) FROM main.default.acct", want: []string{"0"}},
		{name: "DELETE from a missing table", src: "spec §6.2",
			sql: "DELETE FROM main.default.nope WHERE id = 1", class: "TABLE_OR_VIEW_NOT_FOUND", state: "42P01"},
		{name: "append-only table", src: "spec §2.1 (delta.appendOnly)",
			sql: "ALTER TABLE main.default.closed SET TBLPROPERTIES ('delta.appendOnly' = 'true')"},
		{name: "append-only table accepts inserts", src: "spec §2.1",
			sql: "INSERT INTO main.default.closed VALUES (5)"},
		{name: "append-only table refuses deletes", src: "spec §4.2 DELTA_CANNOT_MODIFY_APPEND_ONLY",
			sql: "DELETE FROM main.default.closed WHERE id = 5", class: "DELTA_CANNOT_MODIFY_APPEND_ONLY", state: "42809"},
		{name: "append-only table refuses updates", src: "spec §4.2 DELTA_CANNOT_MODIFY_APPEND_ONLY; docs.delta.io table-properties (delta.appendOnly: existing records cannot be deleted, and existing values cannot be updated)",
			sql: "UPDATE main.default.closed SET id = 6 WHERE id = 5", class: "DELTA_CANNOT_MODIFY_APPEND_ONLY", state: "42809",
			gap: "UPDATE on a delta.appendOnly table succeeds and rewrites rows"},
		{name: "append-only table refuses MERGE updates", src: "Delta docs table-properties (delta.appendOnly)",
			sql:   "MERGE INTO main.default.closed t USING (SELECT 3 AS id) s ON t.id = s.id WHEN MATCHED THEN UPDATE SET id = 7",
			class: "DELTA_CANNOT_MODIFY_APPEND_ONLY", state: "42809",
			gap: "MERGE … WHEN MATCHED THEN UPDATE on a delta.appendOnly table succeeds"},
		{name: "append-only table refuses INSERT OVERWRITE", src: "Delta docs table-properties (delta.appendOnly: records cannot be deleted)",
			sql: "INSERT OVERWRITE main.default.closed VALUES (8)", class: "DELTA_CANNOT_MODIFY_APPEND_ONLY", state: "42809",
			gap: "INSERT OVERWRITE on a delta.appendOnly table succeeds and removes every existing row"},
		{name: "append-only table refuses TRUNCATE", src: "Delta docs table-properties (delta.appendOnly)",
			sql: "TRUNCATE TABLE main.default.closed", class: "DELTA_CANNOT_MODIFY_APPEND_ONLY", state: "42809"},
		{name: "append-only rows are intact", src: "Delta docs table-properties (delta.appendOnly)",
			sql: "SELECT id FROM main.default.closed ORDER BY id", want: []string{"3", "5"},
			gap: "the UPDATE, MERGE and INSERT OVERWRITE above changed an append-only table (rows are [8] instead of [3 5])"},
	})
}

func TestQAMerge(t *testing.T) {
	_, db := qaNew(t)
	reset := []string{
		"CREATE OR REPLACE TABLE main.default.tgt (id INT, name STRING, qty INT)",
		"INSERT INTO main.default.tgt VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30)",
		"CREATE OR REPLACE TABLE main.default.upd (id INT, name STRING, qty INT)",
		"INSERT INTO main.default.upd VALUES (2, 'B', 200), (3, 'C', 300), (4, 'D', 400)",
	}
	mergeCols := []string{"num_affected_rows", "num_updated_rows", "num_deleted_rows", "num_inserted_rows"}
	qaExec(t, db, reset...)
	qaScenario(t, db, []qaStep{
		{name: "conditional delete, update *, insert *", src: "spec §4.3; DBX delta-merge-into",
			sql: `MERGE INTO main.default.tgt AS t USING main.default.upd AS s ON t.id = s.id
				WHEN MATCHED AND s.id = 3 THEN DELETE
				WHEN MATCHED THEN UPDATE SET *
				WHEN NOT MATCHED THEN INSERT *`,
			cols: mergeCols, types: []string{"BIGINT", "BIGINT", "BIGINT", "BIGINT"}, want: []string{"3 | 1 | 1 | 1"}},
		{name: "merged rows", src: "spec §4.3",
			sql: "SELECT * FROM main.default.tgt ORDER BY id", want: []string{"1 | a | 10", "2 | B | 200", "4 | D | 400"}},
	})
	h := qaHistory(t, db, "DESCRIBE HISTORY main.default.tgt LIMIT 1")
	require.Len(t, h, 1)
	assert.Equal(t, "MERGE", h[0].operation, "spec §3.1")
	for k, v := range map[string]string{"numSourceRows": "3", "numTargetRowsInserted": "1", "numTargetRowsUpdated": "1", "numTargetRowsDeleted": "1"} {
		assert.Equal(t, v, h[0].metrics[k], "MERGE metric %s (spec §3.2)", k)
	}
	for _, k := range []string{"predicate", "matchedPredicates", "notMatchedPredicates"} {
		assert.Contains(t, h[0].params, k, "MERGE parameters (spec §3.1)")
	}

	qaExec(t, db, reset...)
	qaScenario(t, db, []qaStep{
		{name: "set clauses, insert with a column list, not matched by source", src: "spec §4.3 (INSERT (c, ...) VALUES; NOT MATCHED BY SOURCE)",
			sql: `MERGE INTO main.default.tgt t USING (SELECT id, upper(name) AS nm, qty FROM main.default.upd) s ON t.id = s.id
				WHEN MATCHED THEN UPDATE SET t.qty = t.qty + s.qty
				WHEN NOT MATCHED BY TARGET THEN INSERT (id, name) VALUES (s.id, s.nm)
				WHEN NOT MATCHED BY SOURCE AND t.qty < 15 THEN DELETE
				WHEN NOT MATCHED BY SOURCE THEN UPDATE SET qty = 0`,
			cols: mergeCols, want: []string{"4 | 2 | 1 | 1"}},
		{name: "rows after the second merge", src: "spec §4.3 (unspecified insert columns are NULL)",
			sql: "SELECT * FROM main.default.tgt ORDER BY id", want: []string{"2 | b | 220", "3 | c | 330", "4 | D | NULL"}},
	})

	qaExec(t, db, reset...)
	qaExec(t, db, "INSERT INTO main.default.upd VALUES (2, 'B2', 2000)")
	qaScenario(t, db, []qaStep{
		{name: "two source rows update one target row", src: "spec §4.3 DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE",
			sql:   "MERGE INTO main.default.tgt t USING main.default.upd s ON t.id = s.id WHEN MATCHED THEN UPDATE SET qty = s.qty",
			class: "DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE", state: "21506"},
		{name: "the failed merge changed nothing", src: "spec §4.3",
			sql: "SELECT sum(qty) FROM main.default.tgt", want: []string{"60"}},
		{name: "multiple matches are fine when no matched clause fires", src: "spec §4.3 (fine if no matched-clause action fires for that row)",
			sql:  "MERGE INTO main.default.tgt t USING main.default.upd s ON t.id = s.id WHEN MATCHED AND s.qty > 10000 THEN UPDATE SET qty = 0 WHEN NOT MATCHED THEN INSERT *",
			want: []string{"1 | 0 | 0 | 1"}},
		{name: "a merge that matches nothing changes nothing", src: "spec §4.3 (if no clause fires the row is untouched)",
			sql: "MERGE INTO main.default.tgt t USING main.default.upd s ON t.id = s.id + 100 WHEN MATCHED THEN DELETE", want: []string{"0 | 0 | 0 | 0"}},
		{name: "non-last MATCHED clause without a condition", src: "spec §4.3 (only the last clause of each kind may omit its condition)",
			sql:   "MERGE INTO main.default.tgt t USING main.default.upd s ON t.id = s.id WHEN MATCHED THEN DELETE WHEN MATCHED AND s.qty > 0 THEN UPDATE SET *",
			class: "DELTA_NON_LAST_MATCHED_CLAUSE_OMIT_CONDITION|NON_LAST_MATCHED_CLAUSE_OMIT_CONDITION"},
		{name: "non-last NOT MATCHED clause without a condition", src: "spec §4.3",
			sql:   "MERGE INTO main.default.tgt t USING main.default.upd s ON t.id = s.id WHEN NOT MATCHED THEN INSERT * WHEN NOT MATCHED AND s.qty > 0 THEN INSERT *",
			class: "DELTA_NON_LAST_NOT_MATCHED_CLAUSE_OMIT_CONDITION|NON_LAST_NOT_MATCHED_BY_TARGET_CLAUSE_OMIT_CONDITION"},
		{name: "MERGE without WHEN", src: "spec §4.3 (DELTA_MERGE_MISSING_WHEN, 42601)",
			sql: "MERGE INTO main.default.tgt t USING main.default.upd s ON t.id = s.id", class: "DELTA_MERGE_MISSING_WHEN|PARSE_SYNTAX_ERROR", state: "42601"},
		{name: "UPDATE SET * with a source lacking a column", src: "spec §4.3 (DELTA_COLUMN_NOT_FOUND_IN_MERGE / DELTA_MERGE_UNRESOLVED_EXPRESSION)",
			sql:   "MERGE INTO main.default.tgt t USING (SELECT id, name FROM main.default.upd) s ON t.id = s.id WHEN MATCHED THEN UPDATE SET *",
			class: "DELTA_COLUMN_NOT_FOUND_IN_MERGE|DELTA_MERGE_UNRESOLVED_EXPRESSION"},
		{name: "NOT MATCHED BY SOURCE may reference only target columns", src: "spec §4.3",
			sql:   "MERGE INTO main.default.tgt t USING main.default.upd s ON t.id = s.id WHEN NOT MATCHED BY SOURCE THEN UPDATE SET qty = s.qty",
			class: "*"},
		{name: "MERGE into a missing table", src: "spec §6.2",
			sql: "MERGE INTO main.default.nope t USING main.default.upd s ON t.id = s.id WHEN MATCHED THEN DELETE", class: "TABLE_OR_VIEW_NOT_FOUND", state: "42P01"},
	})
}

func TestQATruncateReplaceWhereOptimize(t *testing.T) {
	_, db := qaNew(t)
	qaExec(t, db,
		"CREATE TABLE main.default.ev (day DATE, n INT)",
		"INSERT INTO main.default.ev VALUES (DATE '2024-01-01', 1), (DATE '2024-01-02', 2), (DATE '2024-01-03', 3)",
		"CREATE VIEW main.default.evv AS SELECT * FROM main.default.ev",
	)
	qaScenario(t, db, []qaStep{
		{name: "INSERT REPLACE WHERE", src: "spec §4.1 (atomically deletes rows matching p and inserts the query rows)",
			sql: "INSERT INTO main.default.ev REPLACE WHERE day >= '2024-01-02' VALUES (DATE '2024-01-02', 20), (DATE '2024-01-04', 40)"},
		{name: "rows after REPLACE WHERE", src: "spec §4.1",
			sql: "SELECT day, n FROM main.default.ev ORDER BY day", want: []string{"2024-01-01 | 1", "2024-01-02 | 20", "2024-01-04 | 40"}},
		{name: "INSERT TABLE REPLACE WHERE with a SELECT", src: "DBX sql-ref-syntax-dml-insert-into (INSERT INTO [TABLE] t REPLACE WHERE predicate query)",
			sql: "INSERT INTO TABLE main.default.ev REPLACE WHERE n < 5 SELECT DATE '2024-01-01', 4"},
		{name: "rows after the second REPLACE WHERE", src: "spec §4.1",
			sql: "SELECT n FROM main.default.ev ORDER BY day", want: []string{"4", "20", "40"}},
		{name: "OPTIMIZE", src: "spec §3.1 (OPTIMIZE [ZORDER BY])",
			sql: "OPTIMIZE main.default.ev"},
		{name: "OPTIMIZE keeps the data", src: "spec §3.1 (compaction, dataChange=false)",
			sql: "SELECT sum(n) FROM main.default.ev", want: []string{"64"}},
		{name: "TRUNCATE TABLE", src: "spec §4.2 (no result rows)",
			sql: "TRUNCATE TABLE main.default.ev"},
		{name: "table is empty after TRUNCATE", src: "spec §4.2",
			sql: "SELECT count(*) FROM main.default.ev", want: []string{"0"}},
		{name: "TRUNCATE a view", src: "spec §4.2 (views -> error)",
			sql: "TRUNCATE TABLE main.default.evv", class: "*"},
		{name: "TRUNCATE with a PARTITION clause", src: "spec §4.2 DELTA_TRUNCATE_TABLE_PARTITION_NOT_SUPPORTED",
			sql: "TRUNCATE TABLE main.default.ev PARTITION (day = '2024-01-01')", class: "DELTA_TRUNCATE_TABLE_PARTITION_NOT_SUPPORTED", state: "0AKDC",
			gap: "TRUNCATE … PARTITION fails with UNSUPPORTED_FEATURE (0A000) instead of DELTA_TRUNCATE_TABLE_PARTITION_NOT_SUPPORTED (0AKDC)"},
		{name: "earlier data still reachable by time travel", src: "spec §3.3",
			sql: "SELECT count(*) FROM main.default.ev VERSION AS OF 1", want: []string{"3"}},
	})
	h := qaHistory(t, db, "DESCRIBE HISTORY main.default.ev")
	ops := make([]string, len(h))
	for i, r := range h {
		ops[i] = r.operation
	}
	assert.Equal(t, "TRUNCATE", ops[0], "spec §3.1")
	assert.Contains(t, ops, "WRITE")
	var replace *qaHist
	for i := range h {
		if h[i].version == 2 {
			replace = &h[i]
		}
	}
	require.NotNil(t, replace)
	assert.Equal(t, "WRITE", replace.operation, "REPLACE WHERE is a WRITE (spec §3.1)")
	assert.Equal(t, "Overwrite", replace.params["mode"], "REPLACE WHERE mode (spec §3.1)")
	assert.Contains(t, replace.params, "predicate", "REPLACE WHERE predicate (spec §3.1)")
}

// TestQAVacuum moves the clock with testing/synctest: the fake's commit and
// removal times come from time.Now.
func TestQAVacuum(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w, db := qaNew(t)
		defer w.Close()
		db.SetMaxOpenConns(1) // SET is session state
		qaExec(t, db,
			"CREATE TABLE main.default.vac (id INT)",
			"INSERT INTO main.default.vac VALUES (1), (2)", // v1
			"DELETE FROM main.default.vac WHERE id = 1",    // v2 removes v1's file
			"INSERT INTO main.default.vac VALUES (3)",      // v3
		)
		qaScenario(t, db, []qaStep{
			{name: "RETAIN below the default of 168 hours", src: "spec §3.6 DELTA_VACUUM_RETENTION_PERIOD_TOO_SHORT",
				sql: "VACUUM main.default.vac RETAIN 0 HOURS", class: "DELTA_VACUUM_RETENTION_PERIOD_TOO_SHORT", state: "22003"},
			{name: "RETAIN 100 HOURS is still too short", src: "spec §3.6 (default 168 h)",
				sql: "VACUUM main.default.vac RETAIN 100 HOURS", class: "DELTA_VACUUM_RETENTION_PERIOD_TOO_SHORT", state: "22003"},
			{name: "DRY RUN lists nothing yet", src: "spec §3.6 (output column path; files removed less than the threshold ago are kept)",
				sql: "VACUUM main.default.vac DRY RUN", cols: []string{"path"}, want: []string{}},
			{name: "VACUUM with the default retention", src: "spec §3.6",
				sql: "VACUUM main.default.vac"},
			{name: "recent versions stay readable", src: "spec §3.6",
				sql: "SELECT count(*) FROM main.default.vac VERSION AS OF 1", want: []string{"2"}},
		})
		time.Sleep(8 * 24 * time.Hour)
		res, err := qaQuery(db, "VACUUM main.default.vac DRY RUN")
		require.NoError(t, err)
		assert.NotEmpty(t, res.rows, "after the retention, DRY RUN lists the file DELETE removed (spec §3.6)")
		qaScenario(t, db, []qaStep{
			{name: "VACUUM after 8 days", src: "spec §3.6",
				sql: "VACUUM main.default.vac RETAIN 168 HOURS"},
			{name: "latest version still readable", src: "spec §3.6",
				sql: "SELECT id FROM main.default.vac ORDER BY id", want: []string{"2", "3"}},
			{name: "time travel to a vacuumed version fails", src: "spec §3.6 (after VACUUM, time travel to versions older than the threshold fails)",
				sql:   "SELECT * FROM main.default.vac VERSION AS OF 1",
				class: "DELTA_UNSUPPORTED_TIME_TRAVEL_BEYOND_DELETED_FILE_RETENTION_DURATION|DELTA_FILE_NOT_FOUND_DETAILED|FAILED_READ_FILE.*"},
			{name: "restore to a vacuumed version fails", src: "spec §3.4 (target data files vacuumed -> missing-files error)",
				sql: "RESTORE TABLE main.default.vac TO VERSION AS OF 1", class: "*"},
		})
		res, err = qaQuery(db, "VACUUM main.default.vac DRY RUN")
		require.NoError(t, err)
		assert.Empty(t, res.rows, "nothing left to vacuum (spec §3.6)")

		// A table whose retention is 1 hour may be vacuumed with RETAIN 1 HOURS.
		qaExec(t, db,
			"CREATE TABLE main.default.vac2 (id INT) TBLPROPERTIES ('delta.deletedFileRetentionDuration' = 'interval 1 hours')",
			"INSERT INTO main.default.vac2 VALUES (1)",
			"INSERT OVERWRITE main.default.vac2 VALUES (2)",
		)
		time.Sleep(2 * time.Hour)
		qaScenario(t, db, []qaStep{
			{name: "RETAIN at the table's own retention", src: "spec §3.6 (RETAIN below the table threshold is refused; at it is fine)",
				sql: "VACUUM main.default.vac2 RETAIN 1 HOURS"},
			{name: "disable the retention check", src: "spec §3.6 (spark.databricks.delta.retentionDurationCheck.enabled=false)",
				sql: "SET spark.databricks.delta.retentionDurationCheck.enabled = false"},
			{name: "RETAIN 0 HOURS with the check disabled", src: "spec §3.6",
				sql: "VACUUM main.default.vac RETAIN 0 HOURS"},
			{name: "current data survives RETAIN 0 HOURS", src: "spec §3.6 (only logically removed files are deleted)",
				sql: "SELECT count(*) FROM main.default.vac", want: []string{"2"}},
		})
		require.NoError(t, db.Close())
	})
}
