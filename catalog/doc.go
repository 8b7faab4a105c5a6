// Package catalog speaks Unity Catalog over SQL: names and their quoting,
// catalogs, schemas, tables and views, Delta history, restore and clone, and
// grants. Every statement ucdeploy sends is built here, from quoted names and
// parameters, never from unquoted input.
package catalog
