// Package ucdeploy is a library for safe production deploys on Databricks
// Unity Catalog: blue-green, canary, rolling and recreate strategies for
// Delta tables and Model Serving endpoints, with data-quality validation,
// statistical canary analysis, and rollback by Delta time travel, view switch,
// model alias, traffic configuration and job re-run.
//
// # Overview
//
// Platform teams import ucdeploy into their own deploy tooling and compose a
// strategy, validators, rollbackers and an observer:
//
//	strategy   risk       downtime  rollback                    typical use
//	BlueGreen  low        zero      instant: switch back        major pipeline or schema change
//	Canary     very low   zero      fast: route back            new model version, new transform logic
//	Rolling    medium     zero      medium: undo done batches   minor config change, small fix
//	Recreate   high       yes       slow: restore / rebuild     major schema migration
//
// Every SQL statement goes through database/sql (databricks-sql-go in
// production) and every other call through the official Databricks Go SDK.
//
// # Packages
//
//	strategy        plans releases as data (BlueGreen, Rolling, Recreate) and
//	                runs them: journal before every side effect, events,
//	                automatic rollback, dry run, resume, manual promotion
//	validate        blue-vs-green checks, one statement per table pair
//	rollback        checkpoints as JSON data; Delta RESTORE and view switch-back
//	catalog         Unity Catalog over SQL, with quoted names and error classes
//	databrickstest  the fake workspace for unit tests
//
// # Testing
//
// Package databrickstest is a fake Databricks workspace that runs in
// process: a SQL warehouse reachable through database/sql with Databricks'
// semantics and error classes, so deploy logic is unit-tested in
// milliseconds, with no workspace, network or cost.
//
// # Quick start
//
//	go run ./examples/bluegreen
//	go test -race -shuffle=on -count=1 ./...
package ucdeploy
