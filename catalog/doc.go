// Package catalog speaks Unity Catalog over SQL: names and their quoting,
// catalogs, schemas, tables and views, Delta history, restore and clone, and
// grants. Every statement ucdeploy sends is built here, from quoted names and
// parameters, never from unquoted input.
//
// # Overview
//
// A Client wraps an Executor — the part of *sql.DB the library uses, a pool
// opened with databricks-sql-go in production or a databrickstest
// workspace's pool in tests — and offers typed operations:
//
//   - namespaces: CreateCatalog, DropCatalog, CatalogExists, CreateSchema,
//     DropSchema, SchemaExists, TableExists, DropTable, and Tables, which
//     lists a schema's tables and views (with the views' query text) in
//     one statement;
//   - tables: DescribeTable (columns, types, nullability, properties),
//     Retention (delta.deletedFileRetentionDuration and
//     delta.logRetentionDuration);
//   - Delta versions: History, CurrentVersion, RestoreVersion,
//     RestoreTimestamp, Clone (shallow or deep, optionally at a version);
//   - views: CreateView, ViewDefinition, Switch and SwitchQuery (ALTER VIEW
//     … AS, which keeps the view's grants and owner; CREATE OR REPLACE VIEW
//     would drop them), DropView;
//   - grants: Grants of a securable, and DiffGrants between two sets.
//
// # Names
//
// A Name has one to three parts (catalog, schema, object) held unquoted, so
// a part may contain any character. ParseName reads the SQL form, with
// backticks around parts that need them and doubled backticks inside;
// Quoted renders every part in backticks, so no name can change the
// structure of a statement it is placed in. Names compare ignoring case, as
// Unity Catalog does. Operations take fully qualified names (one part for a
// catalog, two for a schema, three for a table or view) and reject shorter
// ones with ErrInvalid, because those would resolve against a session's
// current catalog, which the connections of a pool do not share.
//
// Values travel as parameters. The two exceptions are values Databricks
// accepts only as literals: COMMENT texts, rendered with backslash escapes
// for quotes and backslashes, and RESTORE's timestamp, rendered from a
// time.Time in UTC with an explicit zone.
//
// # Errors
//
// Failures are *Error values (operation, name, sentinel, cause). Branch on
// the sentinel with errors.Is — ErrNotFound, ErrAlreadyExists, ErrNotEmpty,
// ErrPermission, ErrInvalid, ErrConflict, ErrUnavailable — and reach the
// driver's error with errors.As (databricks-sql-go's DBExecutionError, or
// databrickstest's *Error). Classify maps any driver's error to a sentinel
// from its Databricks error class and SQLSTATE; ErrorClass and SQLState
// read those two. Nobody needs to match error text.
//
// # Concurrency
//
// A Client holds no state besides its Executor and logger, and is safe for
// concurrent use when the Executor is. Operations of several statements
// (DescribeTable) are not atomic.
//
// # Testing
//
// Run a Client against a databrickstest workspace: it behaves like a
// Databricks SQL warehouse, logs every statement and injects faults. This
// package's own conformance tests run the same suite against the fake
// always and against a real workspace when DATABRICKS_HOST,
// DATABRICKS_TOKEN and DATABRICKS_WAREHOUSE_ID are set.
package catalog
