package agg

import (
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// The text conventions are package fn's (its exported CheckArity, CallSQL,
// Mismatch, UnexpectedType… serve here too), so that messages read the same
// across the engine.

// ansiConf is the configuration key ANSI runtime errors name.
const ansiConf = `"spark.sql.ansi.enabled"`

// Required-type texts of DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE.
const (
	numericOrInterval = `"NUMERIC" or "ANSI INTERVAL"`
	numericCollection = `("NUMERIC" or "ANSI INTERVAL")`
	approxInputs      = `("NUMERIC" or "DATE" or "TIMESTAMP" or "TIMESTAMP_NTZ" or "INTERVAL YEAR TO MONTH" or "INTERVAL DAY TO SECOND")`
	doubleRequired    = `"DOUBLE"`
	booleanRequired   = `"BOOLEAN"`
	integralRequired  = `"INTEGRAL"`
)

// quote wraps s in double quotes, as Spark's toSQLExpr and toSQLType do.
func quote(s string) string { return `"` + s + `"` }

// callSQL renders the aggregate call: name([DISTINCT ]arg, …).
func callSQL(name string, args []fn.Arg, distinct bool) string {
	sql := fn.CallSQL(name, args)
	if distinct {
		return name + "(DISTINCT " + sql[len(name)+1:]
	}
	return sql
}

// nonFoldable is DATATYPE_MISMATCH.NON_FOLDABLE_INPUT for a parameter that
// must be a constant.
func nonFoldable(sql, input string, typ value.Type, a fn.Arg) error {
	return fn.Mismatch(sql, "NON_FOLDABLE_INPUT",
		"the input "+errclass.Ident(input)+" should be a foldable "+quote(typ.String())+
			" expression; however, got "+quote(fn.ArgSQL(a))+".")
}

// unexpectedNull is DATATYPE_MISMATCH.UNEXPECTED_NULL.
func unexpectedNull(sql, name string) error {
	return fn.Mismatch(sql, "UNEXPECTED_NULL", "The "+name+" must not be null.")
}

// outOfRange is DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE.
func outOfRange(sql, name, valueRange, current string) error {
	return fn.Mismatch(sql, "VALUE_OUT_OF_RANGE",
		"The "+name+" must be between "+valueRange+" (current value = "+current+").")
}

// decimalSumOverflow is Spark's overflowInSumOfDecimalError.
func decimalSumOverflow() error {
	return fn.ArithmeticOverflow("Overflow in sum of decimals", "")
}

// decimalOutOfRange is NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION; plain is
// the value that did not fit, in plain notation.
func decimalOutOfRange(plain string, t value.Type) error {
	return errclass.New("NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION",
		" %s cannot be represented as Decimal(%d, %d). If necessary set %s to \"false\" to bypass this error, and return NULL instead.",
		plain, t.Precision, t.Scale, ansiConf)
}
