package warehouse_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHistory(t *testing.T) {
	s := newSession(t)
	exec(t, s,
		"CREATE TABLE t (id INT, v STRING) TBLPROPERTIES ('team' = 'data')",
		"INSERT INTO t VALUES (1, 'a'), (2, 'b')",
		"INSERT INTO t SELECT id + 10, v FROM t",
		"INSERT OVERWRITE t VALUES (7, 'z')",
	)
	assert.Equal(t, []string{"version", "timestamp", "userId", "userName", "operation", "operationParameters",
		"job", "notebook", "clusterId", "readVersion", "isolationLevel", "isBlindAppend", "operationMetrics",
		"userMetadata", "engineInfo"}, names(t, s, "DESCRIBE HISTORY t"))
	h := rows(t, s, "DESCRIBE HISTORY t")
	require.Len(t, h, 4)
	got := make([][]string, len(h))
	for i, r := range h {
		got[i] = []string{r[0], r[3], r[4], r[5], r[9], r[10], r[11]}
	}
	assert.Equal(t, [][]string{
		{"3", "admin@databricks.test", "WRITE", `{"mode":"Overwrite","partitionBy":"[]"}`, "2", "WriteSerializable", "false"},
		{"2", "admin@databricks.test", "WRITE", `{"mode":"Append","partitionBy":"[]"}`, "1", "WriteSerializable", "false"},
		{"1", "admin@databricks.test", "WRITE", `{"mode":"Append","partitionBy":"[]"}`, "0", "WriteSerializable", "true"},
		{"0", "admin@databricks.test", "CREATE TABLE", `{"isManaged":"true","description":"","partitionBy":"[]","properties":"{\"team\":\"data\"}"}`, "NULL", "WriteSerializable", "true"},
	}, got)
	assert.Contains(t, h[1][12], `"numOutputRows":"2"`)
	assert.Len(t, rows(t, s, "DESCRIBE HISTORY t LIMIT 1"), 1)

	// Time travel by version, in every spelling.
	assert.Equal(t, "2", one(t, s, "SELECT count(*) FROM t VERSION AS OF 1"))
	assert.Equal(t, "4", one(t, s, "SELECT count(*) FROM t@v2"))
	assert.Equal(t, "4", one(t, s, "SELECT count(*) FROM main.default.t FOR SYSTEM_VERSION AS OF 2"))
	assert.Equal(t, "1", one(t, s, "SELECT count(*) FROM t"))
	e := fails(t, s, "SELECT * FROM t VERSION AS OF 9", "DELTA_VERSION_NOT_FOUND")
	assert.Contains(t, e.Error(), "Cannot time travel Delta table to version 9. Available versions: [0, 3].")
	fails(t, s, "SELECT * FROM t@v1 VERSION AS OF 1", "DELTA_UNSUPPORTED_TIME_TRAVEL_MULTIPLE_FORMATS")
	exec(t, s, "CREATE VIEW v AS SELECT * FROM t")
	fails(t, s, "SELECT * FROM v VERSION AS OF 0", "DELTA_UNSUPPORTED_TIME_TRAVEL_VIEWS")
	fails(t, s, "DESCRIBE HISTORY v", "DELTA_CANNOT_DESCRIBE_VIEW_HISTORY")

	d := rows(t, s, "DESCRIBE DETAIL t")
	require.Len(t, d, 1)
	assert.Equal(t, "delta", d[0][0])
	assert.Equal(t, "main.default.t", d[0][2])
	assert.Equal(t, "1", d[0][9], "numFiles")
	assert.Equal(t, `{"team":"data"}`, d[0][11])
}

func TestTimeTravelByTimestamp(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := newSession(t)
		exec(t, s, "CREATE TABLE t (id INT)") // version 0 at 2000-01-01 00:00:00 UTC (the bubble's epoch)
		time.Sleep(time.Hour)
		exec(t, s, "INSERT INTO t VALUES (1)") // version 1 at 01:00
		time.Sleep(time.Hour)
		exec(t, s, "INSERT INTO t VALUES (2)") // version 2 at 02:00
		assert.Equal(t, "1", one(t, s, "SELECT count(*) FROM t TIMESTAMP AS OF '2000-01-01 01:30:00'"))
		assert.Equal(t, "1", one(t, s, "SELECT count(*) FROM t TIMESTAMP AS OF '2000-01-01 01:00:00'"))
		assert.Equal(t, "0", one(t, s, "SELECT count(*) FROM t@20000101005959999"))
		assert.Equal(t, "2", one(t, s, "SELECT count(*) FROM t FOR SYSTEM_TIME AS OF '2000-01-01 02:00:00'"))
		assert.Equal(t, "1", one(t, s, "SELECT count(*) FROM t TIMESTAMP AS OF current_timestamp() - INTERVAL 1 HOUR"))
		fails(t, s, "SELECT * FROM t TIMESTAMP AS OF '1999-12-31'", "DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION")
		fails(t, s, "SELECT * FROM t TIMESTAMP AS OF '2000-01-01 02:00:01'", "DELTA_TIMESTAMP_GREATER_THAN_COMMIT")
		fails(t, s, "SELECT * FROM t TIMESTAMP AS OF 'yesterday-ish'", "DELTA_TIMESTAMP_INVALID")
		fails(t, s, "SELECT * FROM t@2000010100", "DELTA_INVALID_TIMESTAMP_FORMAT")

		// Past delta.deletedFileRetentionDuration old versions cannot be read.
		time.Sleep(8 * 24 * time.Hour)
		fails(t, s, "SELECT * FROM t VERSION AS OF 1", "DELTA_UNSUPPORTED_TIME_TRAVEL_BEYOND_DELETED_FILE_RETENTION_DURATION")
		assert.Equal(t, "2", one(t, s, "SELECT count(*) FROM t VERSION AS OF 2"), "the latest version is always readable")
	})
}

func TestClone(t *testing.T) {
	s := newSession(t)
	exec(t, s,
		"CREATE TABLE src (id INT NOT NULL, v STRING) COMMENT 'source' TBLPROPERTIES ('owner.team' = 'x')",
		"INSERT INTO src VALUES (1, 'a')",
		"INSERT INTO src VALUES (2, 'b')",
	)
	out := rows(t, s, "CREATE TABLE dst SHALLOW CLONE src VERSION AS OF 1")
	require.Len(t, out, 1)
	assert.Equal(t, "0", out[0][3], "a shallow clone copies no files")
	assert.Equal(t, []string{"source_table_size", "source_num_of_files", "num_removed_files", "num_copied_files",
		"removed_files_size", "copied_files_size"}, names(t, s, "CREATE TABLE dst2 CLONE src"))
	assert.Equal(t, [][]string{{"1", "a"}}, rows(t, s, "SELECT * FROM dst"))
	assert.Equal(t, "2", one(t, s, "SELECT count(*) FROM dst2"))
	h := rows(t, s, "DESCRIBE HISTORY dst")
	require.Len(t, h, 1, "a clone's history starts fresh")
	assert.Equal(t, "CLONE", h[0][4])
	assert.Contains(t, h[0][5], `"source":"main.default.src","sourceVersion":"1"`)
	fails(t, s, "SELECT * FROM dst VERSION AS OF 1", "DELTA_VERSION_NOT_FOUND")
	assert.Equal(t, [][]string{{"id", "int", "NULL"}, {"v", "string", "NULL"}}, rows(t, s, "DESCRIBE dst"))
	fails(t, s, "INSERT INTO dst VALUES (NULL, 'x')", "DELTA_NOT_NULL_CONSTRAINT_VIOLATED")
	assert.Equal(t, [][]string{{"owner.team", "x"}}, rows(t, s, "SHOW TBLPROPERTIES dst"))

	assert.Equal(t, [][]string{{"dst", "MANAGED_SHALLOW_CLONE"}, {"dst2", "MANAGED"}, {"src", "MANAGED"}},
		rows(t, s, "SELECT table_name, table_type FROM information_schema.tables ORDER BY table_name"))
	fails(t, s, "CREATE TABLE dst CLONE src", "TABLE_OR_VIEW_ALREADY_EXISTS")
	exec(t, s, "CREATE OR REPLACE TABLE dst CLONE src")
	assert.Equal(t, "2", one(t, s, "SELECT count(*) FROM dst"))
	assert.Len(t, rows(t, s, "DESCRIBE HISTORY dst"), 2, "replacing a clone target adds a commit")
	fails(t, s, "CREATE OR REPLACE TABLE src CLONE src", "DELTA_UNSUPPORTED_CLONE_REPLACE_SAME_TABLE")
}
