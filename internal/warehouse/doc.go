// Package warehouse is the fake Databricks SQL warehouse's engine: a Unity
// Catalog metastore, Delta-style columnar tables, and a Spark SQL (ANSI mode)
// analyzer and executor.
//
// # Overview
//
// An Engine holds one metastore. A Session is one connection's state (current
// catalog and schema, principal, configuration); Session.Execute parses,
// analyzes and runs one statement and returns a Result of typed column
// batches. Errors are *errclass.Error values formatted as Databricks formats
// them.
//
// # Concurrency
//
// An Engine is safe for concurrent use. A Session is not: use one per
// connection. Readers see a consistent snapshot; writers commit by swapping a
// table's version pointer under the metastore lock.
package warehouse
