package databrickstest_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Delta Lake versioning: DESCRIBE HISTORY, time travel, RESTORE, CLONE
// (spec §3; DBX delta-history, delta-restore, delta-clone, delta-vacuum;
// Delta docs delta-utility).

// qaHist is one row of DESCRIBE HISTORY.
type qaHist struct {
	version     int64
	ts          time.Time
	userName    string
	operation   string
	params      map[string]string
	readVersion sql.NullInt64
	isolation   string
	blindAppend bool
	metrics     map[string]string
}

// qaHistoryColumns are DESCRIBE HISTORY's columns in order, with their
// types (spec §3.2).
var qaHistoryColumns = []string{"version", "timestamp", "userId", "userName", "operation", "operationParameters",
	"job", "notebook", "clusterId", "readVersion", "isolationLevel", "isBlindAppend", "operationMetrics", "userMetadata", "engineInfo"}

var qaHistoryTypes = []string{"BIGINT", "TIMESTAMP", "STRING", "STRING", "STRING", "MAP",
	"STRUCT", "STRUCT", "STRING", "BIGINT", "STRING", "BOOLEAN", "MAP", "STRING", "STRING"}

// qaHistory reads DESCRIBE HISTORY of table (newest first).
func qaHistory(t *testing.T, db *sql.DB, stmt string) []qaHist {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), stmt)
	require.NoError(t, err, stmt)
	defer rows.Close()
	cols, err := rows.Columns()
	require.NoError(t, err)
	require.Equal(t, qaHistoryColumns, cols, "DESCRIBE HISTORY columns (spec §3.2)")
	cts, err := rows.ColumnTypes()
	require.NoError(t, err)
	for i, ct := range cts {
		assert.Equal(t, qaHistoryTypes[i], ct.DatabaseTypeName(), "type of %s (spec §3.2)", cols[i])
	}
	var out []qaHist
	for rows.Next() {
		var h qaHist
		var userID, params, metrics, job, notebook, cluster, userMeta, engine sql.NullString
		require.NoError(t, rows.Scan(&h.version, &h.ts, &userID, &h.userName, &h.operation, &params,
			&job, &notebook, &cluster, &h.readVersion, &h.isolation, &h.blindAppend, &metrics, &userMeta, &engine))
		h.params = qaJSONMap(t, params.String)
		h.metrics = qaJSONMap(t, metrics.String)
		out = append(out, h)
	}
	require.NoError(t, rows.Err())
	return out
}

// qaJSONMap decodes a MAP<STRING,STRING> sent as JSON text; NULL values
// become "null".
func qaJSONMap(t *testing.T, s string) map[string]string {
	t.Helper()
	if s == "" {
		return nil
	}
	var m map[string]*string
	require.NoError(t, json.Unmarshal([]byte(s), &m), s)
	out := make(map[string]string, len(m))
	for k, v := range m {
		if v == nil {
			out[k] = "null"
		} else {
			out[k] = *v
		}
	}
	return out
}

func TestQADescribeHistory(t *testing.T) {
	w, db := qaNew(t)
	qaScenario(t, db, []qaStep{
		{name: "v0 create", src: "spec §3.1", sql: "CREATE TABLE main.default.h (id INT, v STRING)"},
		{name: "v1 insert", src: "spec §4.1 (result num_affected_rows, num_inserted_rows)",
			sql: "INSERT INTO main.default.h VALUES (1, 'a'), (2, 'b'), (3, 'c')", cols: []string{"num_affected_rows", "num_inserted_rows"}, want: []string{"3 | 3"}},
		{name: "v2 update", src: "spec §4.2 (result num_affected_rows)",
			sql: "UPDATE main.default.h SET v = 'B' WHERE id = 2", cols: []string{"num_affected_rows"}, want: []string{"1"}},
		{name: "v3 delete", src: "spec §4.2 (result num_affected_rows)",
			sql: "DELETE FROM main.default.h WHERE id = 3", cols: []string{"num_affected_rows"}, want: []string{"1"}},
		{name: "v4 overwrite", src: "spec §3.1", sql: "INSERT OVERWRITE main.default.h VALUES (1, 'x'), (2, 'y')"},
		{name: "v5 add columns", src: "spec §3.1", sql: "ALTER TABLE main.default.h ADD COLUMNS (n INT)"},
		{name: "v6 set properties", src: "spec §3.1", sql: "ALTER TABLE main.default.h SET TBLPROPERTIES ('owner.team' = 'a')"},
		{name: "v7 truncate", src: "spec §4.2", sql: "TRUNCATE TABLE main.default.h"},
		{name: "no version: rename, owner, view", src: "spec §3.1 (SELECT, DESCRIBE, SHOW, GRANT, OWNER TO, RENAME TO, VIEW DDL: no version)",
			sql: "CREATE VIEW main.default.hv AS SELECT * FROM main.default.h"},
		{name: "no version: grant", src: "spec §3.1", sql: "GRANT SELECT ON TABLE main.default.h TO `reader@x.com`"},
		{name: "no version: owner", src: "spec §3.1", sql: "ALTER TABLE main.default.h OWNER TO `owner@x.com`"},
		{name: "no version: select", src: "spec §3.1", sql: "SELECT * FROM main.default.h"},
	})
	h := qaHistory(t, db, "DESCRIBE HISTORY main.default.h")
	require.Len(t, h, 8, "versions 0..7, newest first (spec §3.1, §3.2)")
	wantOps := []string{"TRUNCATE", "SET TBLPROPERTIES", "ADD COLUMNS", "WRITE", "DELETE", "UPDATE", "WRITE", "CREATE TABLE"}
	for i, row := range h {
		assert.Equal(t, int64(7-i), row.version, "newest first")
		assert.Equal(t, wantOps[i], row.operation, "operation of version %d (spec §3.1)", row.version)
		assert.Equal(t, w.Admin(), row.userName, "userName is the committing principal (spec §3.2)")
		if row.version == 0 {
			assert.False(t, row.readVersion.Valid, "readVersion NULL for v0 (spec §3.2)")
		} else {
			assert.Equal(t, sql.NullInt64{Int64: row.version - 1, Valid: true}, row.readVersion, "readVersion of v%d", row.version)
		}
		if i > 0 {
			assert.True(t, row.ts.Before(h[i-1].ts), "commit timestamps increase with versions")
		}
	}
	byVersion := func(v int64) qaHist { return h[7-v] }
	// WRITE Append / Overwrite (spec §3.1), metrics (spec §3.2).
	assert.Equal(t, "Append", byVersion(1).params["mode"])
	assert.Equal(t, "3", byVersion(1).metrics["numOutputRows"])
	assert.True(t, byVersion(1).blindAppend, "INSERT INTO VALUES is a blind append (spec §3.2)")
	assert.Equal(t, "Overwrite", byVersion(4).params["mode"])
	assert.Equal(t, "2", byVersion(4).metrics["numOutputRows"])
	assert.False(t, byVersion(4).blindAppend)
	assert.Equal(t, "1", byVersion(2).metrics["numUpdatedRows"])
	assert.Contains(t, byVersion(2).params, "predicate")
	assert.False(t, byVersion(2).blindAppend)
	assert.Equal(t, "1", byVersion(3).metrics["numDeletedRows"])
	assert.Contains(t, byVersion(3).params, "predicate")
	assert.Contains(t, byVersion(6).params["properties"], "owner.team", "SET TBLPROPERTIES parameter properties (spec §2.1)")
	assert.Contains(t, byVersion(7).metrics, "numRemovedFiles", "TRUNCATE metrics (spec §3.2)")
	assert.Equal(t, "WriteSerializable", byVersion(1).isolation, "Databricks default isolation level (spec §3.2)")

	limited := qaHistory(t, db, "DESCRIBE HISTORY main.default.h LIMIT 1")
	require.Len(t, limited, 1, "LIMIT 1 = latest (spec §3.2)")
	assert.Equal(t, int64(7), limited[0].version)

	qaRun(t, db, []qaCase{
		{name: "history of a missing table", src: "spec §6.2",
			sql: "DESCRIBE HISTORY main.default.nope", class: "TABLE_OR_VIEW_NOT_FOUND", state: "42P01"},
	})
	res, err := qaQuery(db, "DESCRIBE DETAIL main.default.h")
	require.NoError(t, err)
	require.Len(t, res.rows, 1, "DESCRIBE DETAIL returns one row (spec §2.3)")
	wantDetail := []string{"format", "id", "name", "description", "location", "createdAt", "lastModified", "partitionColumns",
		"clusteringColumns", "numFiles", "sizeInBytes", "properties", "minReaderVersion", "minWriterVersion", "tableFeatures"}
	require.GreaterOrEqual(t, len(res.cols), len(wantDetail))
	assert.Equal(t, wantDetail, res.cols[:len(wantDetail)], "DESCRIBE DETAIL columns (spec §2.3, OSS order)")
	parts := strings.Split(res.rows[0], " | ")
	assert.Equal(t, "delta", parts[0])
	assert.Equal(t, "main.default.h", parts[2])
}

// TestQATimeTravel runs inside a synctest bubble, whose clock starts at
// 2000-01-01 00:00:00 UTC, so commit timestamps are known.
func TestQATimeTravel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w, db := qaNew(t)
		defer w.Close()
		step := func(q string) {
			t.Helper()
			time.Sleep(time.Hour)
			qaExec(t, db, q)
		}
		step("CREATE TABLE main.default.tt (id INT)")    // v0 at 01:00
		step("INSERT INTO main.default.tt VALUES (1)")   // v1 at 02:00
		step("INSERT INTO main.default.tt VALUES (2)")   // v2 at 03:00
		step("DELETE FROM main.default.tt WHERE id = 1") // v3 at 04:00
		step("CREATE TABLE main.default.other (id INT)") // other v0 at 05:00
		step("CREATE VIEW main.default.ttv AS SELECT * FROM main.default.tt")
		h := qaHistory(t, db, "DESCRIBE HISTORY main.default.tt")
		require.Len(t, h, 4)
		assert.Equal(t, time.Date(2000, 1, 1, 4, 0, 0, 0, time.UTC), h[0].ts.UTC(), "commit timestamp is the commit's time.Now (issue 3)")
		// t.Run is not allowed inside a bubble: the cases run as one scenario.
		qaScenario(t, db, []qaStep{
			{name: "VERSION AS OF", src: "spec §3.3",
				sql: "SELECT id FROM main.default.tt VERSION AS OF 2 ORDER BY id", want: []string{"1", "2"}},
			{name: "FOR SYSTEM_VERSION AS OF", src: "spec §3.3",
				sql: "SELECT id FROM main.default.tt FOR SYSTEM_VERSION AS OF 1", want: []string{"1"}},
			{name: "@v syntax", src: "spec §3.3 (t@v5)",
				sql: "SELECT count(*) FROM main.default.tt@v0", want: []string{"0"}},
			{name: "VERSION AS OF with an alias", src: "DBX delta time travel (SELECT ... FROM t VERSION AS OF n AS a)",
				sql: "SELECT a.id FROM main.default.tt VERSION AS OF 1 AS a", want: []string{"1"}},
			{name: "two versions of one table joined", src: "DBX delta time travel",
				sql: "SELECT count(*) FROM main.default.tt VERSION AS OF 2 a JOIN main.default.tt b ON a.id = b.id", want: []string{"1"}},
			{name: "TIMESTAMP AS OF between commits", src: "spec §3.3 (latest commit with timestamp <= T)",
				sql: "SELECT id FROM main.default.tt TIMESTAMP AS OF '2000-01-01 02:30:00'", want: []string{"1"}},
			{name: "TIMESTAMP AS OF a commit's exact time", src: "spec §3.3",
				sql: "SELECT count(*) FROM main.default.tt TIMESTAMP AS OF '2000-01-01 03:00:00'", want: []string{"2"}},
			{name: "TIMESTAMP AS OF a date string after the last commit", src: "spec §3.3 ('yyyy-MM-dd' accepted; after latest -> DELTA_TIMESTAMP_GREATER_THAN_COMMIT)",
				sql: "SELECT count(*) FROM main.default.other TIMESTAMP AS OF '2000-01-02'", class: "DELTA_TIMESTAMP_GREATER_THAN_COMMIT", state: "42816"},
			{name: "TIMESTAMP AS OF an expression", src: "spec §3.3 (any constant expression castable to TIMESTAMP)",
				sql: "SELECT count(*) FROM main.default.tt TIMESTAMP AS OF TIMESTAMP '2000-01-01 04:00:00' - INTERVAL 90 MINUTES", want: []string{"1"},
				gap: "INTERVAL literals fail with UNSUPPORTED_FEATURE, so the documented `current_timestamp() - INTERVAL 1 HOUR` time-travel form cannot be written"},
			{name: "TIMESTAMP AS OF a function call", src: "spec §3.3 (any constant expression castable to TIMESTAMP)",
				sql: "SELECT count(*) FROM main.default.tt TIMESTAMP AS OF to_timestamp('01/01/2000 02:30', 'MM/dd/yyyy HH:mm')", want: []string{"1"}},
			{name: "FOR SYSTEM_TIME AS OF", src: "spec §3.3",
				sql: "SELECT count(*) FROM main.default.tt FOR SYSTEM_TIME AS OF '2000-01-01 03:59:59'", want: []string{"2"}},
			{name: "@ timestamp syntax", src: "spec §3.3 (t@yyyyMMddHHmmssSSS)",
				sql: "SELECT count(*) FROM main.default.tt@20000101023000000", want: []string{"1"}},
			{name: "version out of range", src: "spec §3.3 DELTA_VERSION_NOT_FOUND",
				sql: "SELECT * FROM main.default.tt VERSION AS OF 9", class: "DELTA_VERSION_NOT_FOUND", state: "22003",
				msg: "Cannot time travel Delta table to version 9. Available versions: [0, 3]"},
			{name: "@v out of range", src: "spec §3.3 DELTA_VERSION_NOT_FOUND",
				sql: "SELECT * FROM main.default.tt@v4", class: "DELTA_VERSION_NOT_FOUND", state: "22003"},
			{name: "timestamp before the first commit", src: "spec §3.3 DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION",
				sql: "SELECT * FROM main.default.tt TIMESTAMP AS OF '2000-01-01 00:30:00'", class: "DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION", state: "42816"},
			{name: "timestamp after the last commit", src: "spec §3.3 DELTA_TIMESTAMP_GREATER_THAN_COMMIT",
				sql: "SELECT * FROM main.default.tt TIMESTAMP AS OF '2000-01-01 04:00:01'", class: "DELTA_TIMESTAMP_GREATER_THAN_COMMIT", state: "42816"},
			{name: "unparseable timestamp", src: "spec §3.3 DELTA_TIMESTAMP_INVALID",
				sql: "SELECT * FROM main.default.tt TIMESTAMP AS OF 'yesterday-ish'", class: "DELTA_TIMESTAMP_INVALID", state: "42816"},
			{name: "@ and VERSION AS OF together", src: "spec §3.3 DELTA_UNSUPPORTED_TIME_TRAVEL_MULTIPLE_FORMATS",
				sql: "SELECT * FROM main.default.tt@v1 VERSION AS OF 1", class: "DELTA_UNSUPPORTED_TIME_TRAVEL_MULTIPLE_FORMATS", state: "42613"},
			{name: "time travel on a view", src: "spec §2.2 DELTA_UNSUPPORTED_TIME_TRAVEL_VIEWS",
				sql: "SELECT * FROM main.default.ttv VERSION AS OF 1", class: "DELTA_UNSUPPORTED_TIME_TRAVEL_VIEWS", state: "0AKDC"},
			{name: "restore to a timestamp before the first commit", src: "spec §3.4 DELTA_CANNOT_RESTORE_TIMESTAMP_EARLIER",
				sql: "RESTORE TABLE main.default.tt TO TIMESTAMP AS OF '2000-01-01 00:00:00'", class: "DELTA_CANNOT_RESTORE_TIMESTAMP_EARLIER", state: "22003"},
			{name: "restore to a timestamp after the last commit", src: "spec §3.4 DELTA_CANNOT_RESTORE_TIMESTAMP_GREATER",
				sql: "RESTORE TABLE main.default.tt TO TIMESTAMP AS OF '2000-01-02 00:00:00'", class: "DELTA_CANNOT_RESTORE_TIMESTAMP_GREATER", state: "22003"},
			{name: "restore to a timestamp", src: "spec §3.4 (RESTORE ... TIMESTAMP AS OF ts)",
				sql: "RESTORE TABLE main.default.tt TO TIMESTAMP AS OF '2000-01-01 02:00:00'"},
			{name: "data after restoring to a timestamp", src: "spec §3.4",
				sql: "SELECT id FROM main.default.tt", want: []string{"1"}},
		})
		h = qaHistory(t, db, "DESCRIBE HISTORY main.default.tt LIMIT 1")
		require.Len(t, h, 1)
		assert.Equal(t, "RESTORE", h[0].operation)
		assert.Equal(t, int64(4), h[0].version)
		assert.Contains(t, h[0].params["timestamp"], "2000-01-01 02:00:00", "RESTORE parameter timestamp (spec §3.1)")
	})
}

func TestQARestore(t *testing.T) {
	_, db := qaNew(t)
	restoreCols := []string{"table_size_after_restore", "num_of_files_after_restore", "num_removed_files",
		"num_restored_files", "removed_files_size", "restored_files_size"}
	qaScenario(t, db, []qaStep{
		{name: "v0", src: "spec §3.1", sql: "CREATE TABLE main.default.r (id INT, v STRING) TBLPROPERTIES ('stage' = 'one')"},
		{name: "v1", src: "spec §3.1", sql: "INSERT INTO main.default.r VALUES (1, 'a'), (2, 'b')"},
		{name: "v2 schema change", src: "spec §3.1", sql: "ALTER TABLE main.default.r ADD COLUMNS (extra DOUBLE)"},
		{name: "v3 property change", src: "spec §3.1", sql: "ALTER TABLE main.default.r SET TBLPROPERTIES ('stage' = 'two', 'added' = 'yes')"},
		{name: "v4 data change", src: "spec §3.1", sql: "UPDATE main.default.r SET v = 'z', extra = 1.5 WHERE id = 1"},
		{name: "v5 insert", src: "spec §3.1", sql: "INSERT INTO main.default.r VALUES (3, 'c', 2.5)"},
		{name: "restore to version 1", src: "spec §3.4 (returns one row with the six metrics)",
			sql: "RESTORE TABLE main.default.r TO VERSION AS OF 1", cols: restoreCols,
			types: []string{"BIGINT", "BIGINT", "BIGINT", "BIGINT", "BIGINT", "BIGINT"}},
		{name: "data is that of version 1", src: "spec §3.4",
			sql: "SELECT * FROM main.default.r ORDER BY id", cols: []string{"id", "v"}, want: []string{"1 | a", "2 | b"}},
		{name: "schema is that of version 1", src: "spec §3.4 (metadata replaced: schema reverts)",
			sql: "DESCRIBE TABLE main.default.r", want: []string{"id | int | NULL", "v | string | NULL"}},
		{name: "restore to the current version is a no-op", src: "spec §3.4 (no commit, zero rows with the 6 columns)",
			sql: "RESTORE TABLE main.default.r TO VERSION AS OF 6", cols: restoreCols, want: []string{}},
		{name: "restore without TABLE and TO keywords", src: "spec §3.4 (RESTORE [TABLE] t [TO] VERSION AS OF n)",
			sql: "RESTORE main.default.r VERSION AS OF 5"},
		{name: "restore of a restore brings back the later data", src: "spec §3.4 (history not rewritten; you can restore a restore)",
			sql: "SELECT id, v, extra FROM main.default.r ORDER BY id", want: []string{"1 | z | 1.5", "2 | b | NULL", "3 | c | 2.5"}},
		{name: "pre-restore versions stay readable", src: "spec §3.4",
			sql: "SELECT count(*) FROM main.default.r VERSION AS OF 6", want: []string{"2"}},
		{name: "restore to a version out of range", src: "spec §3.4 DELTA_CANNOT_RESTORE_TABLE_VERSION",
			sql: "RESTORE TABLE main.default.r TO VERSION AS OF 42", class: "DELTA_CANNOT_RESTORE_TABLE_VERSION", state: "22003",
			msg: "Cannot restore table to version 42. Available versions: [0, 7]"},
		{name: "restore a missing table", src: "spec §6.2",
			sql: "RESTORE TABLE main.default.nope TO VERSION AS OF 0", class: "TABLE_OR_VIEW_NOT_FOUND", state: "42P01"},
	})
	h := qaHistory(t, db, "DESCRIBE HISTORY main.default.r")
	require.Len(t, h, 8, "v0..v5, RESTORE v6, (no-op skipped), RESTORE v7 (spec §3.4)")
	assert.Equal(t, "RESTORE", h[0].operation)
	assert.Equal(t, "5", h[0].params["version"], "RESTORE parameter version (spec §3.1)")
	assert.Equal(t, "RESTORE", h[1].operation)
	assert.Equal(t, "1", h[1].params["version"])
	for _, k := range []string{"tableSizeAfterRestore", "numOfFilesAfterRestore", "numRemovedFiles", "numRestoredFiles", "removedFilesSize", "restoredFilesSize"} {
		assert.Contains(t, h[1].metrics, k, "RESTORE metrics (spec §3.2)")
	}

	// Properties revert with the metadata (spec §3.4).
	qaExec(t, db, "RESTORE TABLE main.default.r TO VERSION AS OF 1")
	props := qaProperties(t, db, "main.default.r")
	assert.Equal(t, "one", props["stage"], "RESTORE reverts table properties (spec §3.4)")
	assert.NotContains(t, props, "added", "RESTORE reverts table properties (spec §3.4)")
}

// qaProperties reads SHOW TBLPROPERTIES into a map.
func qaProperties(t *testing.T, db *sql.DB, table string) map[string]string {
	t.Helper()
	res, err := qaQuery(db, "SHOW TBLPROPERTIES "+table)
	require.NoError(t, err)
	require.Equal(t, []string{"key", "value"}, res.cols)
	m := map[string]string{}
	for _, r := range res.rows {
		k, v, _ := strings.Cut(r, " | ")
		m[k] = v
	}
	return m
}

func TestQAClone(t *testing.T) {
	_, db := qaNew(t)
	cloneCols := []string{"source_table_size", "source_num_of_files", "num_removed_files", "num_copied_files", "removed_files_size", "copied_files_size"}
	qaScenario(t, db, []qaStep{
		{name: "source v0", src: "spec §3.1", sql: "CREATE TABLE main.default.src (id INT NOT NULL, v STRING) TBLPROPERTIES ('quality' = 'gold')"},
		{name: "source v1", src: "spec §3.1", sql: "INSERT INTO main.default.src VALUES (1, 'a'), (2, 'b')"},
		{name: "source v2", src: "spec §3.1", sql: "INSERT INTO main.default.src VALUES (3, 'c')"},
		{name: "deep clone", src: "spec §3.5 (output columns)",
			sql: "CREATE TABLE main.default.deep DEEP CLONE main.default.src", cols: cloneCols},
		{name: "deep clone data", src: "spec §3.5",
			sql: "SELECT count(*) FROM main.default.deep", want: []string{"3"}},
		{name: "shallow clone copies no files", src: "spec §3.5 (copied_* = 0 for shallow)",
			sql: "CREATE TABLE main.default.shallow SHALLOW CLONE main.default.src", cols: cloneCols},
		{name: "clone at a version", src: "spec §3.5 (CLONE src VERSION AS OF n)",
			sql: "CREATE TABLE main.default.at1 CLONE main.default.src VERSION AS OF 1"},
		{name: "clone at a version has that version's data", src: "spec §3.5",
			sql: "SELECT id FROM main.default.at1 ORDER BY id", want: []string{"1", "2"}},
		{name: "clone of src@v1", src: "spec §3.5 (source may use src@v3)",
			sql: "CREATE TABLE main.default.atv SHALLOW CLONE main.default.src@v1"},
		{name: "clone of src@v1 data", src: "spec §3.5",
			sql: "SELECT count(*) FROM main.default.atv", want: []string{"2"}},
		{name: "clone history is independent", src: "spec §3.5 (tgt VERSION AS OF n fails even if the source had n)",
			sql: "SELECT * FROM main.default.at1 VERSION AS OF 1", class: "DELTA_VERSION_NOT_FOUND", state: "22003"},
		{name: "clone copies NOT NULL", src: "spec §3.5 (constraints/nullability copied)",
			sql: "INSERT INTO main.default.deep VALUES (NULL, 'x')", class: "DELTA_NOT_NULL_CONSTRAINT_VIOLATED", state: "23502"},
		{name: "clone target exists", src: "spec §2.1 (TABLE_OR_VIEW_ALREADY_EXISTS / DELTA_TABLE_ALREADY_EXISTS, 42P07)",
			sql: "CREATE TABLE main.default.deep DEEP CLONE main.default.src", class: "TABLE_OR_VIEW_ALREADY_EXISTS|DELTA_TABLE_ALREADY_EXISTS", state: "42P07"},
		{name: "clone IF NOT EXISTS is a no-op", src: "spec §3.5",
			sql: "CREATE TABLE IF NOT EXISTS main.default.at1 CLONE main.default.src"},
		{name: "no-op clone left the target alone", src: "spec §3.5",
			sql: "SELECT count(*) FROM main.default.at1", want: []string{"2"}},
		{name: "writes to the clone do not touch the source", src: "spec §3.5 (independent table)",
			sql: "DELETE FROM main.default.deep WHERE id = 1"},
		{name: "source unchanged", src: "spec §3.5",
			sql: "SELECT count(*) FROM main.default.src", want: []string{"3"}},
		{name: "CREATE OR REPLACE clone onto an existing clone", src: "spec §3.5 (replacing an existing Delta target adds a commit)",
			sql: "CREATE OR REPLACE TABLE main.default.at1 CLONE main.default.src"},
		{name: "replaced clone data", src: "spec §3.5",
			sql: "SELECT count(*) FROM main.default.at1", want: []string{"3"}},
		{name: "replace a table with a clone of itself", src: "spec §3.5 DELTA_UNSUPPORTED_CLONE_REPLACE_SAME_TABLE",
			sql: "CREATE OR REPLACE TABLE main.default.src CLONE main.default.src", class: "DELTA_UNSUPPORTED_CLONE_REPLACE_SAME_TABLE", state: "0AKDC"},
		{name: "clone of a missing source", src: "spec §6.2",
			sql: "CREATE TABLE main.default.c9 CLONE main.default.nope", class: "TABLE_OR_VIEW_NOT_FOUND", state: "42P01"},
		{name: "clone at a version out of range", src: "spec §3.3 DELTA_VERSION_NOT_FOUND",
			sql: "CREATE TABLE main.default.c9 CLONE main.default.src VERSION AS OF 7", class: "DELTA_VERSION_NOT_FOUND", state: "22003"},
	})
	res, err := qaQuery(db, "CREATE TABLE main.default.shallow2 SHALLOW CLONE main.default.src")
	require.NoError(t, err)
	require.Len(t, res.rows, 1)
	parts := strings.Split(res.rows[0], " | ")
	assert.Equal(t, "0", parts[3], "num_copied_files of a shallow clone (spec §3.5)")
	assert.Equal(t, "0", parts[5], "copied_files_size of a shallow clone (spec §3.5)")

	h := qaHistory(t, db, "DESCRIBE HISTORY main.default.at1")
	require.Len(t, h, 2, "clone v0, replacing clone v1 (spec §3.5)")
	assert.Equal(t, "CLONE", h[1].operation, "the clone's history starts with a CLONE commit (issue 3)")
	assert.Equal(t, int64(0), h[1].version)
	assert.Equal(t, "1", h[1].params["sourceVersion"], "CLONE parameter sourceVersion (spec §3.1)")
	assert.Contains(t, h[1].params["source"], "src", "CLONE parameter source (spec §3.1)")
	assert.Equal(t, "2", h[0].params["sourceVersion"])
	for _, k := range []string{"sourceTableSize", "sourceNumOfFiles", "numRemovedFiles", "numCopiedFiles", "removedFilesSize", "copiedFilesSize"} {
		assert.Contains(t, h[1].metrics, k, "CLONE metrics (spec §3.2)")
	}
	assert.Equal(t, "gold", qaProperties(t, db, "main.default.deep")["quality"], "clone copies properties (spec §3.5)")
	assert.Equal(t, "gold", qaProperties(t, db, "main.default.shallow")["quality"], "clone copies properties (spec §3.5)")
}

func TestQAReplaceKeepsHistory(t *testing.T) {
	_, db := qaNew(t)
	qaScenario(t, db, []qaStep{
		{name: "v0", src: "spec §3.1", sql: "CREATE TABLE main.default.rep (id INT)"},
		{name: "v1", src: "spec §3.1", sql: "INSERT INTO main.default.rep VALUES (1), (2)"},
		{name: "v2 replace", src: "spec §2.1 (CREATE OR REPLACE keeps identity and history)",
			sql: "CREATE OR REPLACE TABLE main.default.rep (id INT, note STRING)"},
		{name: "v3 replace as select", src: "spec §2.1",
			sql: "CREATE OR REPLACE TABLE main.default.rep AS SELECT 7 AS id, 'x' AS note"},
		{name: "time travel before the replace", src: "spec §2.1 (time travel/RESTORE to pre-replace versions works)",
			sql: "SELECT id FROM main.default.rep VERSION AS OF 1 ORDER BY id", want: []string{"1", "2"}},
		{name: "time travel returns the old schema", src: "spec §2.1",
			sql: "SELECT * FROM main.default.rep VERSION AS OF 1 WHERE id = 1", cols: []string{"id"}},
		{name: "restore across the replace", src: "spec §3.4",
			sql: "RESTORE TABLE main.default.rep TO VERSION AS OF 1"},
		{name: "restored", src: "spec §3.4",
			sql: "SELECT * FROM main.default.rep ORDER BY id", cols: []string{"id"}, want: []string{"1", "2"}},
		{name: "CTAS", src: "spec §3.1", sql: "CREATE TABLE main.default.ctas AS SELECT 1 AS a"},
	})
	h := qaHistory(t, db, "DESCRIBE HISTORY main.default.rep")
	require.Len(t, h, 5, "history continues across CREATE OR REPLACE (spec §2.1)")
	assert.Equal(t, []string{"RESTORE", "CREATE OR REPLACE TABLE AS SELECT", "CREATE OR REPLACE TABLE", "WRITE", "CREATE TABLE"},
		[]string{h[0].operation, h[1].operation, h[2].operation, h[3].operation, h[4].operation}, "operations (spec §3.1)")
	qaScenario(t, db, []qaStep{
		{name: "DROP then CREATE", src: "spec §2.1 (DROP + CREATE gives fresh history from version 0)",
			sql: "DROP TABLE main.default.rep"},
		{name: "recreate", src: "spec §2.1", sql: "CREATE TABLE main.default.rep (id INT)"},
		{name: "old versions are gone with the old table", src: "spec §2.1 (fresh history)",
			sql: "SELECT * FROM main.default.rep VERSION AS OF 1", class: "DELTA_VERSION_NOT_FOUND", state: "22003"},
	})
	h = qaHistory(t, db, "DESCRIBE HISTORY main.default.ctas")
	require.Len(t, h, 1)
	assert.Equal(t, "CREATE TABLE AS SELECT", h[0].operation, "spec §3.1")
	assert.Equal(t, "1", h[0].metrics["numOutputRows"], "CTAS metrics (spec §3.2)")
	h = qaHistory(t, db, "DESCRIBE HISTORY main.default.rep")
	require.Len(t, h, 1, "fresh history after DROP + CREATE (spec §2.1)")
	assert.Equal(t, "CREATE TABLE", h[0].operation)
}
