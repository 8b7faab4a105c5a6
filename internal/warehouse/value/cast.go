package value

import (
	"errors"
	"time"
)

// This file declares the conversion API; its bodies are being written.

var errPending = errors.New("value: conversion not implemented yet")

// Cast converts every row of v to type to with Spark's ANSI CAST semantics.
// With try (TRY_CAST) a row that cannot be converted becomes NULL; otherwise
// the first such row fails with CAST_INVALID_INPUT, CAST_OVERFLOW or
// NUMERIC_VALUE_OUT_OF_RANGE. Casting to v's own type returns v.
func Cast(v *Vector, to Type, try bool) (*Vector, error) { return nil, errPending }

// CastValue converts one value, as Cast does.
func CastValue(x Value, to Type, try bool) (Value, error) { return Value{}, errPending }

// CanCast reports whether CAST(from AS to) is allowed at all.
func CanCast(from, to Type) bool { return false }

// CanImplicitCast reports whether a value of type from may be coerced to to
// implicitly (Databricks' implicit crosscasting and promotion rules).
func CanImplicitCast(from, to Type) bool { return false }

// CommonType returns the least common type of types, for CASE, COALESCE,
// IN, UNION and comparisons; ok is false when there is none.
func CommonType(types ...Type) (t Type, ok bool) { return Type{}, false }

// CanStoreAssign reports whether INSERT may write a value of type from into a
// column of type to (ANSI store assignment).
func CanStoreAssign(from, to Type) bool { return false }

// StoreAssign converts v for INSERT into a column of type to; overflow fails
// with CAST_OVERFLOW_IN_TABLE_INSERT naming column.
func StoreAssign(v *Vector, to Type, column string) (*Vector, error) { return nil, errPending }

// Compare orders two non-NULL values of the same type: negative, zero or
// positive. NaN is greater than every other DOUBLE and equal to itself;
// strings compare by UTF-8 bytes.
func Compare(a, b Value) int { return 0 }

// ParseDate parses a date string as CAST(s AS DATE) does and returns days
// since the epoch.
func ParseDate(s string) (days int64, ok bool) { return 0, false }

// ParseTimestamp parses a timestamp string as CAST(s AS TIMESTAMP) does, in
// loc when the string has no zone, and returns microseconds since the epoch.
func ParseTimestamp(s string, loc *time.Location) (micros int64, ok bool) { return 0, false }

// FormatDate formats days since the epoch as yyyy-MM-dd.
func FormatDate(days int64) string { return "" }

// FormatTimestamp formats microseconds since the epoch in loc as Spark does
// (yyyy-MM-dd HH:mm:ss[.ffffff], trailing zeros of the fraction dropped).
func FormatTimestamp(micros int64, loc *time.Location) string { return "" }

// String renders x as CAST(x AS STRING) does ("NULL" for NULL).
func (x Value) String() string { return "" }

// SQLLiteral renders x as error messages quote values: 'abc', 2147483648L,
// 1.5D, 10S, 5Y, 1.50BD for DECIMAL, DATE '2024-01-01', NULL.
func (x Value) SQLLiteral() string { return "" }
