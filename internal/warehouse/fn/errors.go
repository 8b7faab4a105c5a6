package fn

import (
	"strconv"
	"strings"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// ansiConf is the configuration key ANSI runtime errors name.
const ansiConf = `"spark.sql.ansi.enabled"`

// docroot is the link WRONG_NUM_ARGS messages point to (the same link the
// analyzer uses, so that messages are consistent across the engine).
const docroot = "https://docs.databricks.com/sql/language-manual/sql-ref-functions.html"

// wrongNumArgs is Spark's WRONG_NUM_ARGS.WITHOUT_SUGGESTION.
func wrongNumArgs(name, want string, got int) error {
	return errclass.New("WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
		"The %s requires %s parameters but the actual number is %d. Please, refer to '%s' for a fix.",
		errclass.Ident(name), want, got, docroot)
}

// CheckArity validates the argument count against [lo, hi]; hi < 0 means no
// upper bound. The expected count is rendered as Spark renders it: "2",
// "[2, 3]" or "> 0".
func CheckArity(name string, args []Arg, lo, hi int) error {
	n := len(args)
	if n >= lo && (hi < 0 || n <= hi) {
		return nil
	}
	var want string
	switch {
	case hi < 0:
		want = "> " + strconv.Itoa(lo-1)
	case lo == hi:
		want = strconv.Itoa(lo)
	default:
		parts := make([]string, 0, hi-lo+1)
		for i := lo; i <= hi; i++ {
			parts = append(parts, strconv.Itoa(i))
		}
		want = "[" + strings.Join(parts, ", ") + "]"
	}
	return wrongNumArgs(name, want, n)
}

// Mismatch is DATATYPE_MISMATCH.<sub> for the expression rendered as sql.
func Mismatch(sql, sub, detail string) error {
	return errclass.New("DATATYPE_MISMATCH."+sub, "Cannot resolve %s due to data type mismatch: %s", quote(sql), detail)
}

// quote wraps s in double quotes, as Spark's toSQLExpr and toSQLType do.
func quote(s string) string { return `"` + s + `"` }

// quoteType renders a type as error messages do: "INT", "DECIMAL(10,2)".
func quoteType(t value.Type) string { return quote(t.String()) }

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

// ArgSQL renders an argument for an error message. Constants render as SQL
// literals; the SQL text of other expressions is not known here, so they
// render as "?".
func ArgSQL(a Arg) string {
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

// CallSQL renders a function call: name(arg, …).
func CallSQL(name string, args []Arg) string {
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte('(')
	for i, a := range args {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(ArgSQL(a))
	}
	b.WriteByte(')')
	return b.String()
}

// binarySQL renders an infix operator call: (l op r).
func binarySQL(op string, l, r Arg) string {
	return "(" + ArgSQL(l) + " " + op + " " + ArgSQL(r) + ")"
}

// UnexpectedType is DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE for argument i.
func UnexpectedType(sql string, i int, required string, a Arg) error {
	return Mismatch(sql, "UNEXPECTED_INPUT_TYPE",
		"The "+ordinal(i)+" parameter requires the "+required+" type, however "+quote(ArgSQL(a))+
			" has the type "+quoteType(a.Type)+".")
}

// nonFoldable is DATATYPE_MISMATCH.NON_FOLDABLE_INPUT.
func nonFoldable(sql, input, typ string, a Arg) error {
	return Mismatch(sql, "NON_FOLDABLE_INPUT",
		"the input "+input+" should be a foldable "+typ+" expression; however, got "+quote(ArgSQL(a))+".")
}

// divideByZero is the ANSI DIVIDE_BY_ZERO error.
func divideByZero() error {
	return errclass.New("DIVIDE_BY_ZERO",
		"Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead. If necessary set %s to \"false\" to bypass this error.",
		ansiConf)
}

// ArithmeticOverflow is ARITHMETIC_OVERFLOW with Java's message ("integer
// overflow", "long overflow") and, when hint is set, the try_ function that
// tolerates it.
func ArithmeticOverflow(msg, hint string) error {
	alt := ""
	if hint != "" {
		alt = " Use '" + hint + "' to tolerate overflow and return NULL instead."
	}
	return errclass.New("ARITHMETIC_OVERFLOW", "%s.%s If necessary set %s to \"false\" to bypass this error.", msg, alt, ansiConf)
}

// binaryOverflow is BINARY_ARITHMETIC_OVERFLOW, which Spark raises for
// TINYINT and SMALLINT arithmetic.
func binaryOverflow(t value.Type, a int64, sym string, b int64, hint string) error {
	return errclass.New("BINARY_ARITHMETIC_OVERFLOW",
		"%s %s %s caused overflow. Use %s to ignore overflow problem and return NULL.",
		value.IntOf(t, a).SQLLiteral(), sym, value.IntOf(t, b).SQLLiteral(), errclass.Ident(hint))
}

// decimalOutOfRange is NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION; plain is
// the value that did not fit, in plain notation.
func decimalOutOfRange(plain string, t value.Type) error {
	return errclass.New("NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION",
		" %s cannot be represented as Decimal(%d, %d). If necessary set %s to \"false\" to bypass this error, and return NULL instead.",
		plain, t.Precision, t.Scale, ansiConf)
}

// Unsupported is the fake's UNSUPPORTED_FEATURE error for a form Databricks
// accepts but the fake does not implement.
func Unsupported(what string) error {
	return errclass.New("UNSUPPORTED_FEATURE", "The feature is not supported: %s.", what)
}
