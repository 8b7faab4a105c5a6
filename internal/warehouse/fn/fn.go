// Package fn implements the fake warehouse's built-in scalar
// functions and operators, evaluated over vectors. Aggregates are in package agg.
//
// The analyzer looks a function up by lower-case name, calls Resolve with the
// argument types to learn the result type and the types each argument must be
// cast to, inserts those casts, and at run time calls Eval. Evaluation is eager: every argument row is
// computed; lazy constructs (AND, OR, CASE, IF, COALESCE) are handled by the
// analyzer, not here.
//
// Errors are *errclass.Error values with Databricks' classes: WRONG_NUM_ARGS
// and DATATYPE_MISMATCH from Resolve, ANSI runtime errors (DIVIDE_BY_ZERO,
// ARITHMETIC_OVERFLOW, CAST_INVALID_INPUT, …) from Eval.
package fn

import (
	"time"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// Arg describes one argument at analysis time.
type Arg struct {
	Type value.Type
	// Const is the argument's value when it is a constant expression (a
	// literal, possibly cast or folded); nil otherwise. Functions that need a
	// constant argument (round's scale, percentile's p, date_trunc's unit)
	// read it here and fail with DATATYPE_MISMATCH.NON_FOLDABLE_INPUT when nil.
	Const *value.Value
	// SQL is the argument's SQL text for error messages ("" when unknown).
	SQL string
}

// Context carries per-statement state into evaluation.
type Context struct {
	// Now is the statement's start time: current_timestamp() and
	// current_date() return it for every row of a statement.
	Now time.Time
	// Location is the session time zone (UTC by default).
	Location *time.Location
	// Catalog, Schema and User are what current_catalog(), current_schema()
	// (and current_database()) and current_user() return.
	Catalog, Schema, User string
}

// Scalar is a scalar function or operator.
type Scalar struct {
	// Name is the function's lower-case name, or the operator's symbol
	// ("+", "=", "not", "like", …).
	Name string
	// Resolve checks the arguments and returns the result type and, for each
	// argument, the type it must be cast to before Eval (equal to the
	// argument's own type when no cast is needed).
	Resolve func(args []Arg) (ret value.Type, casts []value.Type, err error)
	// Eval computes the function for n rows. args have the types Resolve
	// asked for and n rows each; ret is the type Resolve returned. Eval must
	// not modify args and returns a new vector of n rows.
	Eval func(ctx *Context, ret value.Type, args []*value.Vector, n int) (*value.Vector, error)
}

var scalars = map[string]*Scalar{}

func registerScalar(s *Scalar, aliases ...string) {
	scalars[s.Name] = s
	for _, a := range aliases {
		scalars[a] = s
	}
}

// LookupScalar returns the scalar function or operator with the given
// lower-case name.
func LookupScalar(name string) (*Scalar, bool) {
	s, ok := scalars[name]
	return s, ok
}
