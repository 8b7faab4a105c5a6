package warehouse_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDeleteUpdateTruncate(t *testing.T) {
	s := newSession(t)
	exec(t, s,
		"CREATE TABLE t (id INT NOT NULL, v STRING, amount DOUBLE)",
		"INSERT INTO t VALUES (1, 'a', 1.0), (2, 'b', 2.0), (3, 'c', 3.0)",
		"INSERT INTO t VALUES (4, 'd', 4.0)",
	)
	assert.Equal(t, [][]string{{"1"}}, rows(t, s, "DELETE FROM t WHERE id = 2"))
	assert.Equal(t, [][]string{{"1"}, {"3"}, {"4"}}, rows(t, s, "SELECT id FROM t ORDER BY id"))
	assert.Equal(t, []string{"num_affected_rows"}, names(t, s, "DELETE FROM t WHERE id > 100"))
	assert.Equal(t, [][]string{{"2"}}, rows(t, s, "UPDATE t AS x SET v = upper(x.v), amount = amount * 10 WHERE id >= 3"))
	assert.Equal(t, [][]string{{"1", "a", "1.0"}, {"3", "C", "30.0"}, {"4", "D", "40.0"}}, rows(t, s, "SELECT * FROM t ORDER BY id"))
	fails(t, s, "UPDATE t SET id = NULL WHERE id = 1", "DELTA_NOT_NULL_CONSTRAINT_VIOLATED")
	fails(t, s, "UPDATE t SET nope = 1", "UNRESOLVED_COLUMN.WITH_SUGGESTION")
	fails(t, s, "UPDATE t SET v = 'x', v = 'y'", "DUPLICATE_ASSIGNMENTS")

	h := rows(t, s, "DESCRIBE HISTORY t")
	ops := []string{}
	for _, r := range h {
		ops = append(ops, r[4])
	}
	// An empty DELETE still commits under WriteSerializable (spec §3.1).
	assert.Equal(t, []string{"UPDATE", "DELETE", "DELETE", "WRITE", "WRITE", "CREATE TABLE"}, ops)
	assert.Contains(t, h[2][5], `"predicate":"[\"(id = 2)\"]"`)
	assert.Contains(t, h[2][12], `"numDeletedRows":"1"`)
	assert.Contains(t, h[2][12], `"numCopiedRows":"2"`, "the rewritten chunk's other rows")

	// The untouched chunk of version 2 is still shared, and old versions read.
	assert.Equal(t, "4", one(t, s, "SELECT count(*) FROM t VERSION AS OF 2"))
	exec(t, s, "TRUNCATE TABLE t")
	assert.Equal(t, "0", one(t, s, "SELECT count(*) FROM t"))
	assert.Equal(t, "TRUNCATE", rows(t, s, "DESCRIBE HISTORY t LIMIT 1")[0][4])

	exec(t, s, "CREATE TABLE log (id INT) TBLPROPERTIES ('delta.appendOnly' = 'true')", "INSERT INTO log VALUES (1)")
	fails(t, s, "DELETE FROM log", "DELTA_CANNOT_MODIFY_APPEND_ONLY")
	fails(t, s, "CREATE TABLE bad (id INT) TBLPROPERTIES ('delta.noSuchThing' = 'x')", "DELTA_UNKNOWN_CONFIGURATION")
}

func TestMerge(t *testing.T) {
	s := newSession(t)
	exec(t, s,
		"CREATE TABLE target (id INT, name STRING, amount INT)",
		"INSERT INTO target VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30)",
		"CREATE TABLE source (id INT, name STRING, amount INT, op STRING)",
		"INSERT INTO source VALUES (1, 'A', 11, 'upsert'), (3, NULL, NULL, 'delete'), (4, 'd', 40, 'upsert')",
	)
	got := rows(t, s, `MERGE INTO target t USING source s ON t.id = s.id
		WHEN MATCHED AND s.op = 'delete' THEN DELETE
		WHEN MATCHED THEN UPDATE SET t.name = s.name, amount = s.amount
		WHEN NOT MATCHED THEN INSERT *`)
	assert.Equal(t, [][]string{{"3", "1", "1", "1"}}, got, "affected, updated, deleted, inserted")
	assert.Equal(t, [][]string{{"1", "A", "11"}, {"2", "b", "20"}, {"4", "d", "40"}}, rows(t, s, "SELECT * FROM target ORDER BY id"))

	// NOT MATCHED BY SOURCE and an INSERT with a column list.
	exec(t, s, `MERGE INTO target USING (SELECT 4 AS id, 'dd' AS name) s ON target.id = s.id
		WHEN MATCHED THEN UPDATE SET name = s.name
		WHEN NOT MATCHED BY SOURCE AND target.amount < 15 THEN DELETE
		WHEN NOT MATCHED BY SOURCE THEN UPDATE SET amount = 0`)
	assert.Equal(t, [][]string{{"2", "b", "0"}, {"4", "dd", "40"}}, rows(t, s, "SELECT * FROM target ORDER BY id"))
	exec(t, s, `MERGE INTO target USING (SELECT 9 AS k) s ON target.id = s.k WHEN NOT MATCHED THEN INSERT (id, name) VALUES (s.k, 'nine')`)
	assert.Equal(t, [][]string{{"9", "nine", "NULL"}}, rows(t, s, "SELECT * FROM target WHERE id = 9"))

	// Errors (spec §4.3).
	e := fails(t, s, `MERGE INTO target t USING (SELECT 2 AS id UNION ALL SELECT 2) s ON t.id = s.id WHEN MATCHED THEN UPDATE SET amount = 1`,
		"DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE")
	assert.Equal(t, "21506", e.SqlState())
	fails(t, s, `MERGE INTO target t USING source s ON t.id = s.id WHEN MATCHED THEN DELETE WHEN MATCHED AND s.op = 'x' THEN DELETE`,
		"DELTA_NON_LAST_MATCHED_CLAUSE_OMIT_CONDITION")
	fails(t, s, `MERGE INTO target t USING (SELECT 1 AS id) s ON t.id = s.id WHEN NOT MATCHED THEN INSERT *`, "DELTA_COLUMN_NOT_FOUND_IN_MERGE")
	h := rows(t, s, "DESCRIBE HISTORY target")
	assert.Equal(t, "MERGE", h[0][4])
	assert.Contains(t, h[len(h)-3][5], `"predicate":"[\"(t.id = s.id)\"]"`, "the predicate keeps its qualifiers")
}

func TestInsertReplaceWhere(t *testing.T) {
	s := newSession(t)
	exec(t, s,
		"CREATE TABLE sales (day DATE, amount INT)",
		"INSERT INTO sales VALUES (DATE '2024-01-01', 1), (DATE '2024-01-02', 2), (DATE '2024-01-02', 3)",
		`INSERT INTO sales REPLACE WHERE day = DATE '2024-01-02'
			VALUES (DATE '2024-01-02', 20), (DATE '2024-01-03', 99)`,
	)
	assert.Equal(t, [][]string{{"2024-01-01", "1"}, {"2024-01-02", "20"}}, rows(t, s, "SELECT * FROM sales ORDER BY day"))
	h := rows(t, s, "DESCRIBE HISTORY sales LIMIT 1")[0]
	assert.Equal(t, "WRITE", h[4])
	assert.Contains(t, h[5], `"mode":"Overwrite"`)
}

func TestRestore(t *testing.T) {
	s := newSession(t)
	exec(t, s,
		"CREATE TABLE t (id INT) TBLPROPERTIES ('stage' = 'one')", // v0
		"INSERT INTO t VALUES (1), (2)",                           // v1
		"ALTER TABLE t ADD COLUMNS (note STRING COMMENT 'added')", // v2
		"ALTER TABLE t SET TBLPROPERTIES ('stage' = 'two')",       // v3
		"INSERT INTO t VALUES (3, 'x')",                           // v4
		"DELETE FROM t WHERE id = 1",                              // v5
	)
	assert.Equal(t, [][]string{{"2", "NULL"}, {"3", "x"}}, rows(t, s, "SELECT * FROM t ORDER BY id"))
	out := rows(t, s, "RESTORE TABLE t TO VERSION AS OF 1")
	require.Len(t, out, 1)
	// File counts: version 1's one file comes back; the two files of
	// version 5 (the rewritten remainder of it and the later insert) go.
	assert.Equal(t, []string{"1", "2", "1"}, out[0][1:4])
	// Data, schema and properties are those of version 1.
	assert.Equal(t, [][]string{{"1"}, {"2"}}, rows(t, s, "SELECT * FROM t ORDER BY id"))
	assert.Equal(t, [][]string{{"id", "int", "NULL"}}, rows(t, s, "DESCRIBE t"))
	assert.Equal(t, [][]string{{"stage", "one"}}, rows(t, s, "SHOW TBLPROPERTIES t"))
	h := rows(t, s, "DESCRIBE HISTORY t LIMIT 1")[0]
	assert.Equal(t, []string{"6", "RESTORE"}, []string{h[0], h[4]})
	assert.Contains(t, h[5], `"version":"1"`)
	// Restoring to the current version is a no-op: no commit, no rows.
	assert.Empty(t, rows(t, s, "RESTORE TABLE t TO VERSION AS OF 6"))
	assert.Equal(t, []string{"table_size_after_restore", "num_of_files_after_restore", "num_removed_files",
		"num_restored_files", "removed_files_size", "restored_files_size"}, names(t, s, "RESTORE t VERSION AS OF 6"))
	assert.Equal(t, "6", rows(t, s, "DESCRIBE HISTORY t LIMIT 1")[0][0])
	// A restore can be restored.
	exec(t, s, "RESTORE TABLE t TO VERSION AS OF 5")
	assert.Equal(t, [][]string{{"2", "NULL"}, {"3", "x"}}, rows(t, s, "SELECT * FROM t ORDER BY id"))
	e := fails(t, s, "RESTORE TABLE t TO VERSION AS OF 42", "DELTA_CANNOT_RESTORE_TABLE_VERSION")
	assert.Contains(t, e.Error(), "Available versions: [0, 7].")
}

func TestVacuum(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newSession(t)
		exec(t, s,
			"CREATE TABLE t (id INT)",
			"INSERT INTO t VALUES (1)",
			"INSERT OVERWRITE t VALUES (2)", // removes the first chunk
		)
		time.Sleep(time.Second) // commit timestamps are strictly increasing, so they run ahead of a frozen clock
		fails(t, s, "VACUUM t RETAIN 1 HOURS", "DELTA_VACUUM_RETENTION_PERIOD_TOO_SHORT")
		assert.Empty(t, rows(t, s, "VACUUM t DRY RUN"), "nothing is older than the retention yet")
		exec(t, s, "SET spark.databricks.delta.retentionDurationCheck.enabled = false")
		assert.Len(t, rows(t, s, "VACUUM t RETAIN 0 HOURS DRY RUN"), 1)
		exec(t, s, "VACUUM t RETAIN 0 HOURS")
		fails(t, s, "SELECT * FROM t VERSION AS OF 1", "DELTA_FILE_NOT_FOUND_DETAILED")
		assert.Equal(t, "2", one(t, s, "SELECT id FROM t"))
		ops := []string{}
		for _, r := range rows(t, s, "DESCRIBE HISTORY t LIMIT 2") {
			ops = append(ops, r[4])
		}
		assert.Equal(t, []string{"VACUUM END", "VACUUM START"}, ops)

		// With the default retention (7 days) files go only after a week.
		exec(t, s, "CREATE TABLE u (id INT)", "INSERT INTO u VALUES (1)", "DELETE FROM u")
		time.Sleep(6 * 24 * time.Hour)
		exec(t, s, "VACUUM u")
		assert.Equal(t, "0", one(t, s, "SELECT count(*) FROM u VERSION AS OF 2"))
		assert.Equal(t, "1", one(t, s, "SELECT count(*) FROM u VERSION AS OF 1"), "within retention")
		time.Sleep(2 * 24 * time.Hour)
		exec(t, s, "VACUUM u")
		fails(t, s, "SELECT count(*) FROM u VERSION AS OF 1", "DELTA_UNSUPPORTED_TIME_TRAVEL_BEYOND_DELETED_FILE_RETENTION_DURATION")
	})
}

func TestAlterTable(t *testing.T) {
	s := newSession(t)
	exec(t, s, "CREATE TABLE t (id INT)", "INSERT INTO t VALUES (1)", "ALTER TABLE t ADD COLUMNS (a STRING, b DOUBLE)")
	assert.Equal(t, [][]string{{"1", "NULL", "NULL"}}, rows(t, s, "SELECT * FROM t"))
	exec(t, s, "INSERT INTO t VALUES (2, 'x', 1.5D)")
	fails(t, s, "ALTER TABLE t ADD COLUMNS (A INT)", "DELTA_DUPLICATE_COLUMNS_FOUND")
	exec(t, s, "ALTER TABLE t SET TBLPROPERTIES ('delta.deletedFileRetentionDuration' = 'interval 30 days', 'team' = 'x')")
	exec(t, s, "ALTER TABLE t UNSET TBLPROPERTIES ('team')")
	fails(t, s, "ALTER TABLE t UNSET TBLPROPERTIES ('team')", "UNSET_NONEXISTENT_PROPERTIES")
	exec(t, s, "ALTER TABLE t UNSET TBLPROPERTIES IF EXISTS ('team')")
	assert.Equal(t, [][]string{{"delta.deletedFileRetentionDuration", "interval 30 days"}}, rows(t, s, "SHOW TBLPROPERTIES t"))
	exec(t, s, "CREATE SCHEMA other", "ALTER TABLE t RENAME TO other.t2")
	fails(t, s, "SELECT * FROM t", "TABLE_OR_VIEW_NOT_FOUND")
	assert.Equal(t, "2", one(t, s, "SELECT count(*) FROM other.t2"))
	ops := []string{}
	for _, r := range rows(t, s, "DESCRIBE HISTORY other.t2") {
		ops = append(ops, r[4])
	}
	assert.Equal(t, []string{"UNSET TBLPROPERTIES", "UNSET TBLPROPERTIES", "SET TBLPROPERTIES", "WRITE", "ADD COLUMNS", "WRITE", "CREATE TABLE"}, ops,
		"RENAME makes no version; UNSET IF EXISTS commits even when nothing was set")
	fails(t, s, "BEGIN TRANSACTION", "UNSUPPORTED_FEATURE.MULTI_STATEMENT_TRANSACTION")
}

func TestRetentionIntervals(t *testing.T) {
	s := newSession(t)
	exec(t, s, "CREATE TABLE t (id INT)",
		"ALTER TABLE t SET TBLPROPERTIES ('delta.logRetentionDuration' = 'interval 1 day 12 hours')",
		"ALTER TABLE t SET TBLPROPERTIES ('delta.deletedFileRetentionDuration' = '36 hours')")
	fails(t, s, "ALTER TABLE t SET TBLPROPERTIES ('delta.logRetentionDuration' = 'interval 1 month')", "DELTA_INVALID_INTERVAL")
	fails(t, s, "ALTER TABLE t SET TBLPROPERTIES ('delta.deletedFileRetentionDuration' = 'soon')", "DELTA_INVALID_INTERVAL")
}
