package agg

import (
	"strconv"
	"strings"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/fn"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// The text conventions match package fn's, so that messages read the same
// across the engine.

// ansiConf is the configuration key ANSI runtime errors name.
const ansiConf = `"spark.sql.ansi.enabled"`

// docroot is the link WRONG_NUM_ARGS messages point to.
const docroot = "https://docs.databricks.com/sql/language-manual/sql-ref-functions.html"

// Required-type texts of DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE.
const (
	numericOrInterval = `"NUMERIC" or "ANSI INTERVAL"`
	numericCollection = `("NUMERIC" or "ANSI INTERVAL")`
	approxInputs      = `("NUMERIC" or "DATE" or "TIMESTAMP" or "TIMESTAMP_NTZ" or "INTERVAL YEAR TO MONTH" or "INTERVAL DAY TO SECOND")`
	doubleRequired    = `"DOUBLE"`
	booleanRequired   = `"BOOLEAN"`
	integralRequired  = `"INTEGRAL"`
)

// checkArity validates the argument count against [lo, hi] and renders the
// expected count as Spark does: "1" or "[1, 2]".
func checkArity(name string, args []fn.Arg, lo, hi int) error {
	n := len(args)
	if n >= lo && n <= hi {
		return nil
	}
	want := strconv.Itoa(lo)
	if hi > lo {
		parts := make([]string, 0, hi-lo+1)
		for i := lo; i <= hi; i++ {
			parts = append(parts, strconv.Itoa(i))
		}
		want = "[" + strings.Join(parts, ", ") + "]"
	}
	return errclass.New("WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
		"The %s requires %s parameters but the actual number is %d. Please, refer to '%s' for a fix.",
		errclass.Ident(name), want, n, docroot)
}

// quote wraps s in double quotes, as Spark's toSQLExpr and toSQLType do.
func quote(s string) string { return `"` + s + `"` }

// argSQL renders an argument for an error message: a constant as its SQL
// literal, anything else as "?" (its SQL text is not known here).
func argSQL(a fn.Arg) string {
	if a.SQL != "" {
		return a.SQL
	}
	if a.Const != nil {
		if s := a.Const.SQLLiteral(); s != "" {
			return s
		}
	}
	return "?"
}

// callSQL renders the aggregate call: name([DISTINCT ]arg, …).
func callSQL(name string, args []fn.Arg, distinct bool) string {
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte('(')
	if distinct {
		b.WriteString("DISTINCT ")
	}
	for i, a := range args {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(argSQL(a))
	}
	b.WriteByte(')')
	return b.String()
}

// mismatch is DATATYPE_MISMATCH.<sub> for the call rendered as sql.
func mismatch(sql, sub, detail string) error {
	return errclass.New("DATATYPE_MISMATCH."+sub, "Cannot resolve %s due to data type mismatch: %s", quote(sql), detail)
}

// ordinal is Spark's ordinalNumber: first, second, third, 4th, …
func ordinal(i int) string {
	switch i {
	case 0:
		return "first"
	case 1:
		return "second"
	case 2:
		return "third"
	}
	return strconv.Itoa(i+1) + "th"
}

// unexpectedType is DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE for argument i.
func unexpectedType(sql string, i int, required string, a fn.Arg) error {
	return mismatch(sql, "UNEXPECTED_INPUT_TYPE",
		"The "+ordinal(i)+" parameter requires the "+required+" type, however "+quote(argSQL(a))+
			" has the type "+quote(a.Type.String())+".")
}

// nonFoldable is DATATYPE_MISMATCH.NON_FOLDABLE_INPUT for a parameter that
// must be a constant.
func nonFoldable(sql, input string, typ value.Type, a fn.Arg) error {
	return mismatch(sql, "NON_FOLDABLE_INPUT",
		"the input "+errclass.Ident(input)+" should be a foldable "+quote(typ.String())+
			" expression; however, got "+quote(argSQL(a))+".")
}

// unexpectedNull is DATATYPE_MISMATCH.UNEXPECTED_NULL.
func unexpectedNull(sql, name string) error {
	return mismatch(sql, "UNEXPECTED_NULL", "The "+name+" must not be null.")
}

// outOfRange is DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE.
func outOfRange(sql, name, valueRange, current string) error {
	return mismatch(sql, "VALUE_OUT_OF_RANGE",
		"The "+name+" must be between "+valueRange+" (current value = "+current+").")
}

// arithmeticOverflow is ARITHMETIC_OVERFLOW with Java's message and, when
// hint is set, the try_ function that tolerates it.
func arithmeticOverflow(msg, hint string) error {
	alt := ""
	if hint != "" {
		alt = " Use '" + hint + "' to tolerate overflow and return NULL instead."
	}
	return errclass.New("ARITHMETIC_OVERFLOW", "%s.%s If necessary set %s to \"false\" to bypass this error.", msg, alt, ansiConf)
}

// decimalSumOverflow is Spark's overflowInSumOfDecimalError.
func decimalSumOverflow() error {
	return arithmeticOverflow("Overflow in sum of decimals", "")
}

// decimalOutOfRange is NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION; plain is
// the value that did not fit, in plain notation.
func decimalOutOfRange(plain string, t value.Type) error {
	return errclass.New("NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION",
		" %s cannot be represented as Decimal(%d, %d). If necessary set %s to \"false\" to bypass this error, and return NULL instead.",
		plain, t.Precision, t.Scale, ansiConf)
}

// unsupported is the fake's UNSUPPORTED_FEATURE error for a form Databricks
// accepts but the fake does not implement.
func unsupported(what string) error {
	return errclass.New("UNSUPPORTED_FEATURE", "The feature is not supported: %s.", what)
}
