// Package databrickstest is a fake Databricks workspace for unit tests: an
// in-process SQL warehouse (Unity Catalog namespaces, Delta-style tables,
// Spark SQL with ANSI mode on) reachable through database/sql, with a
// statement log, simulated latency and fault injection.
//
// # Overview
//
// New returns a Workspace; DB returns a *sql.DB over it, used exactly as a
// pool opened with databricks-sql-go would be:
//
//	w := databrickstest.New(nil)
//	defer w.Close()
//	db := w.DB()
//	_, err := db.ExecContext(ctx, "CREATE TABLE main.default.t (id BIGINT, name STRING)")
//	_, err = db.ExecContext(ctx, "INSERT INTO main.default.t VALUES (?, ?)", 1, "a")
//	err = db.QueryRowContext(ctx, "SELECT name FROM main.default.t WHERE id = :id",
//		sql.Named("id", 1)).Scan(&name)
//
// Each connection of the pool owns one warehouse session acting as the
// workspace admin (Options.Admin), so USE CATALOG and SET stay with the
// connection as they do on Databricks. Connector gives a driver.Connector
// for callers who build their own pool.
//
// Parameters are ? markers bound to positional arguments or :name markers
// bound to sql.Named arguments; one statement cannot mix both. Arguments are
// typed as databricks-sql-go types them: database/sql's default converter
// runs first (so every Go integer becomes int64), then int64 → BIGINT,
// float32 and float64 → DOUBLE, bool → BOOLEAN, string and []byte → STRING,
// time.Time → TIMESTAMP (the instant, to the microsecond), nil → NULL of
// type VOID, and any other value → its %s text as STRING.
//
// # Errors
//
// A statement the warehouse rejects returns an *Error (the warehouse's
// error type) carrying the Databricks error class and SQLSTATE; read them
// with errors.As and the ErrorClass and SqlState methods (SqlState has the
// name databricks-sql-go's DBExecutionError uses). errors.Is(err,
// &databrickstest.Error{Class: "DIVIDE_BY_ZERO"}) matches by class. A
// cancelled or expired context makes a statement return an error matching
// context.Canceled or context.DeadlineExceeded. Operations after
// Workspace.Close fail with ErrClosed; bad input to the fake itself (an
// invalid Fault, mixed parameter styles) wraps ErrInvalid.
//
// # Type mapping
//
// Scanning into an *any gives the Go value databricks-sql-go v1.14.0
// returns with its default configuration (Arrow results, native
// timestamps, decimals as strings, location UTC):
//
//	SQL type    Go value       DatabaseTypeName  ScanType
//	BOOLEAN     bool           BOOLEAN           bool
//	TINYINT     int8           TINYINT           int8
//	SMALLINT    int16          SMALLINT          int16
//	INT         int32          INT               int32
//	BIGINT      int64          BIGINT            int64
//	FLOAT       float32        FLOAT             float32
//	DOUBLE      float64        DOUBLE            float64
//	DECIMAL     string "1.50"  DECIMAL           sql.RawBytes
//	STRING      string         STRING            string
//	DATE        time.Time      DATE              time.Time (midnight UTC)
//	TIMESTAMP   time.Time      TIMESTAMP         time.Time (UTC, µs)
//	NULL/VOID   nil            NULL              nil
//	ARRAY       string (JSON)  ARRAY             sql.RawBytes
//	MAP         string (JSON)  MAP               sql.RawBytes
//	STRUCT      string (JSON)  STRUCT            sql.RawBytes
//
// ARRAY, MAP and STRUCT appear only in command output (DESCRIBE HISTORY's
// operationParameters, DESCRIBE DETAIL's properties); like the real driver
// the fake returns them as JSON text, e.g. {"mode":"Append"}.
//
// A NULL of any type scans as nil. DECIMAL strings have exactly scale
// digits after the point and scan into float64, string or sql.RawBytes.
// ColumnType.Nullable reports ok=false, as the real driver does; Length
// reports math.MaxInt64 for STRING; DecimalSize reports precision and
// scale for DECIMAL (the real driver reports nothing). Exec's RowsAffected
// is the number of rows written, 0 for statements that write none;
// LastInsertId is always 0.
//
// # Governance
//
// DB's connections act as the workspace admin, who owns what it creates and
// may do anything. DBAs(principal) returns a pool acting as another
// principal, for whom Unity Catalog privileges are enforced: reading needs
// USE CATALOG, USE SCHEMA and SELECT (inherited from the catalog or
// schema), writing MODIFY, creating CREATE TABLE or CREATE SCHEMA, and
// ALTER, DROP and GRANT ownership; a view's body is checked with its
// owner's rights. Failures are INSUFFICIENT_PERMISSIONS (42501). GRANT,
// REVOKE, SHOW GRANTS and ALTER … OWNER TO manage them. CREATE OR REPLACE
// VIEW drops the view's grants and makes the caller its owner; ALTER VIEW
// … AS keeps both, which is why a blue-green switch must use it.
//
// # Delta tables
//
// Every committing statement creates a Delta version with its commit
// timestamp (time.Now, so testing/synctest controls it), operation,
// parameters and metrics, shown by DESCRIBE HISTORY. Time travel (VERSION
// AS OF, TIMESTAMP AS OF, t@v3, t@yyyyMMddHHmmssSSS), RESTORE, SHALLOW and
// DEEP CLONE, DELETE, UPDATE, MERGE, TRUNCATE, INSERT … REPLACE WHERE,
// ALTER TABLE (ADD COLUMNS, RENAME TO, SET/UNSET TBLPROPERTIES, OWNER TO),
// OPTIMIZE and VACUUM (with its retention check) behave as on Databricks.
// Versions share the data they did not change, so thousands of versions
// cost little memory. Concurrent commits to a table are serialised; blind
// appends never conflict, and a DELETE, UPDATE or MERGE whose input a
// concurrent commit removed fails with DELTA_CONCURRENT_DELETE_READ
// (2D521), as under Delta's WriteSerializable isolation.
//
// # Faults
//
// InjectFault makes statements whose text matches a regular expression fail
// with a chosen error class, on every match or on the Nth only, before the
// statement runs or — with After — after it committed, to test retries and
// idempotency:
//
//	remove, err := w.InjectFault(databrickstest.Fault{
//		Pattern: `^INSERT INTO main\.default\.t\b`,
//		Nth:     1,
//		Class:   "DELTA_CONCURRENT_APPEND",
//	})
//	defer remove()
//
// Injected errors are *Error values with the SQLSTATE of their class (2D521
// for the Delta concurrency classes), so SQLSTATE-based retry logic sees
// them as it would see real ones. Statements records them with Injected set.
// When no fault is installed no matching work is done.
//
// # Concurrency
//
// A Workspace and the pools it returns are safe for concurrent use. The
// warehouse runs concurrent statements against consistent snapshots; a
// connection (and its session) is used by one goroutine at a time, as
// database/sql guarantees. Statements, ResetStatements, InjectFault and
// the remove functions may be called while statements run.
//
// # Testing
//
// Build the workspace inside the test; with Options.Latency every statement
// waits on a timer, so code under test sees realistic ordering. Inside a
// testing/synctest bubble the waits take no real time; close the workspace
// before the bubble ends, because every *sql.DB runs a goroutine:
//
//	synctest.Test(t, func(t *testing.T) {
//		w := databrickstest.New(&databrickstest.Options{Latency: 50 * time.Millisecond})
//		defer w.Close()
//		// ... run the code under test against w.DB() ...
//	})
//
// The latency is spent before the statement runs: its effect is visible to
// other connections only after the wait. Statements returns the log of
// statements received (text, arguments, principal, start, duration, rows,
// error) for assertions on what the code under test sent.
//
// # Differences from Databricks
//
// The fake aims to fail loudly (PARSE_SYNTAX_ERROR or an UNSUPPORTED_FEATURE
// class) rather than answer differently. Known differences:
//
//   - No wire protocol: no Thrift, Arrow, CloudFetch, HTTP, authentication,
//     query ids or warehouse start-up. Errors are the warehouse error
//     itself, not databricks-sql-go's DBExecutionError wrapper; its text is
//     the server message without the driver's "databricks: execution error:
//     failed to execute query:" prefix, and it has no QueryId.
//   - Transactions are not supported: BeginTx and the BEGIN statement fail
//     with UNSUPPORTED_FEATURE.MULTI_STATEMENT_TRANSACTION (SQLSTATE
//     0A000); the real driver's BeginTx fails with a driver error "not
//     implemented". ROLLBACK outside a transaction succeeds, as on
//     Databricks.
//   - dbsql.Parameter values (explicit SQL types) are not accepted; an
//     argument is typed from its Go value only, so DECIMAL, DATE, FLOAT and
//     INT parameters cannot be sent.
//   - ColumnType.DecimalSize reports precision and scale; the real driver
//     does not implement it. Driver options (WithArrowNativeDecimal,
//     Location, MaxRows …) are not modelled: results always look as with
//     the defaults.
//   - DECIMAL values are rendered in plain notation with exactly scale
//     digits ("0.0000000000"), as Spark 3.4+ casts decimals to strings; a
//     server that rendered them with Java's BigDecimal.toString would send
//     "0E-10" for such a value (not verified against a warehouse).
//   - Ping sends no statement (the real driver runs SELECT 1) and is not
//     logged.
//   - The SQL dialect is a subset of Databricks SQL. Tables hold only the
//     scalar types of the table above (no BINARY, INTERVAL, ARRAY, MAP,
//     STRUCT, TIMESTAMP_NTZ, VARIANT columns). Day-time INTERVAL literals
//     work in expressions (TIMESTAMP AS OF current_timestamp() - INTERVAL 1
//     HOUR); year-month intervals and INTERVAL '…' DAY TO SECOND fail
//     loudly. Window functions, lambdas,
//     table-valued functions, PIVOT, GROUPING SETS, QUALIFY, temporary
//     views, column DEFAULT values, generated columns, constraints other
//     than NOT NULL, MERGE WITH SCHEMA EVOLUTION, OPTIMIZE … ZORDER BY and
//     RENAME/DROP COLUMN fail with UNSUPPORTED_FEATURE or PARSE_SYNTAX_ERROR.
//   - ANSI mode is always on; SET ANSI_MODE = false fails loudly.
//   - The fake runs every query in a single partition: first, last and
//     any_value follow scan order, percentile_approx is exact, and
//     approx_count_distinct omits HyperLogLog++'s bias-correction tables
//     (estimates between about 1,280 and 2,560 distinct values may differ
//     by a few percent).
//   - RLIKE uses RE2: back-references and lookaround fail with
//     INVALID_PARAMETER_VALUE.PATTERN. Datetime patterns support the common
//     letters (y M d H h m s S a, quoted text); others fail loudly.
//   - Delta "files" are the fake's storage chunks: numFiles, file sizes and
//     the size metrics of DESCRIBE HISTORY and DESCRIBE DETAIL are estimates
//     of that model, and paths (dbfs:/fake/tables/<id>/…) are invented.
//     Commit timestamps are strictly increasing, so inside a synctest bubble
//     whose clock does not move they run a millisecond apart ahead of it.
//     Log retention (delta.logRetentionDuration) never expires history.
//   - Principals are not checked for existence and groups do not exist;
//     SHOW GRANTS lists granted and inherited privileges but no OWN rows and
//     reports views with objectType VIEW. Only the admin can create
//     catalogs (there are no metastore-level grants). An object the caller
//     has no access to fails with INSUFFICIENT_PERMISSIONS, never as not
//     found.
//   - DESCRIBE TABLE EXTENDED's rows and labels follow Spark's and may
//     differ in detail from a current Databricks runtime; clusterId is
//     NULL and engineInfo names the fake.
//   - ALTER TABLE … RENAME COLUMN and DROP COLUMN always fail with
//     DELTA_UNSUPPORTED_RENAME_COLUMN / DELTA_UNSUPPORTED_DROP_COLUMN: the
//     fake has no column mapping, even when a table sets
//     delta.columnMapping.mode.
package databrickstest
