// Package value holds the fake warehouse's SQL types and data: Type (a
// Databricks SQL type), Value (one typed scalar), Vector (a typed column of
// values with a null mask) and Batch (columns of equal length).
//
// # Physical representation
//
// Each type is stored in exactly one slice of a Vector:
//
//	BOOLEAN                      I64 (0 or 1)
//	TINYINT SMALLINT INT BIGINT  I64
//	DATE                         I64 (days since 1970-01-01)
//	TIMESTAMP                    I64 (microseconds since the Unix epoch, UTC)
//	FLOAT DOUBLE                 F64 (FLOAT values are rounded to float32)
//	DECIMAL(p,s)                 Dec (unscaled 128-bit integer)
//	STRING                       Str
//	VOID (the type of NULL)      no slice; every row is NULL
//
// Vectors are immutable once built: table versions share them, so code that
// computes a new column builds a new Vector.
package value
