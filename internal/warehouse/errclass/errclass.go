// Package errclass defines the error type of the fake SQL warehouse: an error
// class, its SQLSTATE and a message, formatted the way Databricks formats them:
//
//	[ERROR_CLASS] message SQLSTATE: XXXXX
//
// The SQLSTATE of each class is looked up in one table, so callers name only
// the class. Classes unknown to the table get SQLSTATE XXKCM (internal error),
// which makes a missing entry visible in tests.
package errclass

import (
	"fmt"
	"strings"
)

// Error is a Databricks-style SQL error. It is safe to compare Class values;
// the message is for people.
type Error struct {
	// Class is the error class, with a sub-class after a dot when there is one
	// (for example "UNRESOLVED_COLUMN.WITH_SUGGESTION").
	Class string
	// State is the five-character SQLSTATE.
	State string
	// Message is the text between the class and the SQLSTATE.
	Message string
}

// Error formats e as "[CLASS] message SQLSTATE: XXXXX".
func (e *Error) Error() string {
	return "[" + e.Class + "] " + e.Message + " SQLSTATE: " + e.State
}

// SqlState returns the SQLSTATE, with the same method name that
// databricks-sql-go's DBExecutionError uses, so driver-agnostic callers can
// read it through an interface.
func (e *Error) SqlState() string { return e.State } //nolint:revive // name matches databricks-sql-go

// ErrorClass returns the error class.
func (e *Error) ErrorClass() string { return e.Class }

// Is reports whether target is an *Error of the same class, so that
// errors.Is(err, &Error{Class: "DIVIDE_BY_ZERO"}) works.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Class == e.Class
}

// New returns an error of class with a message built by fmt.Sprintf(format, args...).
func New(class, format string, args ...any) *Error {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	return &Error{Class: class, State: StateOf(class), Message: msg}
}

// StateOf returns the SQLSTATE of class, trying the full class first and then
// its main class (the part before the first dot). Unknown classes give XXKCM.
func StateOf(class string) string {
	if s, ok := states[class]; ok {
		return s
	}
	if i := strings.IndexByte(class, '.'); i >= 0 {
		if s, ok := states[class[:i]]; ok {
			return s
		}
	}
	return "XXKCM"
}

// Ident renders a multi-part identifier the way error messages do: each part
// in backticks, backticks inside doubled, joined with dots.
func Ident(parts ...string) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteByte('`')
		b.WriteString(strings.ReplaceAll(p, "`", "``"))
		b.WriteByte('`')
	}
	return b.String()
}

// states maps error classes to SQLSTATEs (Spark's error-conditions.json, Delta's
// delta-error-classes.json and Databricks' documentation).
var states = map[string]string{
	// Analysis (more).
	"ASSIGNMENT_ARITY_MISMATCH":        "42802",
	"CANNOT_RESOLVE_STAR_EXPAND":       "42704",
	"CANNOT_UP_CAST_DATATYPE":          "42846",
	"GROUP_BY_POS_AGGREGATE":           "42903",
	"INCOMPATIBLE_VIEW_SCHEMA_CHANGE":  "51024",
	"INVALID_CONF_VALUE":               "22022",
	"INVALID_INLINE_TABLE":             "42000",
	"INVALID_TYPED_LITERAL":            "42604",
	"INVALID_INTERVAL_FORMAT":          "22006",
	"INVALID_USAGE_OF_STAR_OR_REGEX":   "42000",
	"MISSING_ATTRIBUTES":               "XX000",
	"UNRESOLVED_USING_COLUMN_FOR_JOIN": "42703",
	"UNSET_NONEXISTENT_PROPERTIES":     "42K0J",

	// Delta (more).
	"DELTA_CLONE_UNSUPPORTED_SOURCE":                                       "0AKDC",
	"DELTA_COLUMN_NOT_FOUND":                                               "42703",
	"DELTA_INVALID_INTERVAL":                                               "22006",
	"DELTA_VACUUM_RETENTION_PERIOD_NEGATIVE":                               "22003",
	"DELTA_VACUUM_RETENTION_PERIOD_TOO_SHORT":                              "22003",
	"WRONG_COLUMN_DEFAULTS_FOR_DELTA_ALTER_TABLE_ADD_COLUMN_NOT_SUPPORTED": "0AKDC",

	// Parsing.
	"PARSE_SYNTAX_ERROR":         "42601",
	"PARSE_EMPTY_STATEMENT":      "42617",
	"INVALID_IDENTIFIER":         "42602",
	"UNCLOSED_BRACKETED_COMMENT": "42601",
	"INVALID_SQL_SYNTAX":         "42000",
	"UNBOUND_SQL_PARAMETER":      "42P02",
	"INVALID_PARAMETER_VALUE":    "22023",

	// Parsing: literals, clauses and parameters (package parser).
	"INVALID_QUERY_MIXED_QUERY_PARAMETERS":    "42613",
	"INVALID_NUMERIC_LITERAL_RANGE":           "22003",
	"DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION": "22003",
	"DECIMAL_SCALE_EXCEEDS_PRECISION":         "22003",
	"DATATYPE_MISSING_SIZE":                   "42K01",
	"DUPLICATE_CLAUSES":                       "42614",
	"FAILED_TO_PARSE_TOO_COMPLEX":             "54001",
	"INVALID_SET_SYNTAX":                      "42000",
	"UNSUPPORTED_TYPED_LITERAL":               "0A000",
	"TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS":      "428EK",
	"SHOW_COLUMNS_WITH_CONFLICT_NAMESPACE":    "42K05",

	// Names.
	"TABLE_OR_VIEW_NOT_FOUND":           "42P01",
	"SCHEMA_NOT_FOUND":                  "42704",
	"NO_SUCH_CATALOG_EXCEPTION":         "42704",
	"CATALOG_NOT_FOUND":                 "42P08",
	"TABLE_OR_VIEW_ALREADY_EXISTS":      "42P07",
	"SCHEMA_ALREADY_EXISTS":             "42P06",
	"CATALOG_ALREADY_EXISTS":            "42P04",
	"SCHEMA_NOT_EMPTY":                  "2BP01",
	"CATALOG_NOT_EMPTY":                 "2BP01",
	"REQUIRES_SINGLE_PART_NAMESPACE":    "42K05",
	"UNRESOLVED_COLUMN":                 "42703",
	"UNRESOLVED_ROUTINE":                "42883",
	"UNRESOLVED_FIELD":                  "42703",
	"AMBIGUOUS_REFERENCE":               "42704",
	"AMBIGUOUS_COLUMN_OR_FIELD":         "42702",
	"COLUMN_ALREADY_EXISTS":             "42711",
	"DUPLICATED_CTE_NAMES":              "42602",
	"DROP_COMMAND_TYPE_MISMATCH":        "42809",
	"WRONG_COMMAND_FOR_OBJECT_TYPE":     "42809",
	"EXPECT_TABLE_NOT_VIEW":             "42809",
	"EXPECT_VIEW_NOT_TABLE":             "42809",
	"INVALID_VIEW_TEXT":                 "XX000",
	"CREATE_VIEW_COLUMN_ARITY_MISMATCH": "21S01",
	"RECURSIVE_VIEW":                    "42K0H",
	"CANNOT_MODIFY_INFORMATION_SCHEMA":  "42809",

	// Analysis.
	"WRONG_NUM_ARGS":                       "42605",
	"DATATYPE_MISMATCH":                    "42K09",
	"MISSING_AGGREGATION":                  "42803",
	"MISSING_GROUP_BY":                     "42803",
	"GROUP_BY_AGGREGATE":                   "42903",
	"GROUP_BY_POS_OUT_OF_RANGE":            "42805",
	"ORDER_BY_POS_OUT_OF_RANGE":            "42805",
	"NESTED_AGGREGATE_FUNCTION":            "42607",
	"INVALID_WHERE_CONDITION":              "42903",
	"NUM_COLUMNS_MISMATCH":                 "42826",
	"INCOMPATIBLE_COLUMN_TYPE":             "42825",
	"INVALID_SUBQUERY_EXPRESSION":          "42823",
	"SCALAR_SUBQUERY_TOO_MANY_ROWS":        "21000",
	"INVALID_LIMIT_LIKE_EXPRESSION":        "42K0E",
	"DISTINCT_WINDOW_FUNCTION_UNSUPPORTED": "0A000",
	"INSERT_COLUMN_ARITY_MISMATCH":         "21S01",
	"INCOMPATIBLE_DATA_FOR_TABLE":          "KD000",
	"DELTA_NOT_NULL_CONSTRAINT_VIOLATED":   "23502",
	"DELTA_MISSING_NOT_NULL_COLUMN_VALUE":  "23502",
	"DUPLICATE_ASSIGNMENTS":                "42701",
	"COLUMN_ALREADY_EXISTS_IN_LIST":        "42711",
	"UNSUPPORTED_DATATYPE":                 "0A000",
	"INVALID_SCHEMA_OR_RELATION_NAME":      "42602",
	"INVALID_FORMAT":                       "42601",
	"UNSUPPORTED_EXPR_FOR_OPERATOR":        "42K0E",

	// Runtime.
	"DIVIDE_BY_ZERO":                  "22012",
	"ARITHMETIC_OVERFLOW":             "22003",
	"CAST_INVALID_INPUT":              "22018",
	"CAST_OVERFLOW":                   "22003",
	"CAST_OVERFLOW_IN_TABLE_INSERT":   "22003",
	"NUMERIC_VALUE_OUT_OF_RANGE":      "22003",
	"NUMERIC_OUT_OF_SUPPORTED_RANGE":  "22003",
	"INVALID_REGEXP_REPLACE":          "22023",
	"INVALID_PARAMETER_VALUE.PATTERN": "22023",
	"DATETIME_OVERFLOW":               "22008",
	"INVALID_FRACTION_OF_SECOND":      "22023",
	"CANNOT_PARSE_TIMESTAMP":          "22007",
	"DATETIME_FIELD_OUT_OF_BOUNDS":    "22023",
	"BINARY_ARITHMETIC_OVERFLOW":      "22003",
	"INVALID_ESC":                     "42604",
	"INVALID_ESCAPE_CHAR":             "42604",
	"INVALID_DATETIME_PATTERN":        "22007",

	// Aggregates.
	"NEGATIVE_VALUES_IN_FREQUENCY_EXPRESSION": "22003",

	// Governance and operations.
	"INSUFFICIENT_PERMISSIONS":                   "42501",
	"UNSUPPORTED_FEATURE":                        "0A000",
	"TRANSACTION_NOT_SUPPORTED":                  "0A000",
	"NOT_SUPPORTED_COMMAND_WITHOUT_HIVE_SUPPORT": "0A000",
	"FAULT_INJECTED":                             "XXKF0",
	"INTERNAL_ERROR":                             "XX000",
	"OPERATION_CANCELED":                         "HY008",

	// Delta.
	"DELTA_TABLE_ONLY_OPERATION":                                           "0AKDD",
	"DELTA_VERSION_NOT_FOUND":                                              "22003",
	"DELTA_TIMESTAMP_INVALID":                                              "42816",
	"DELTA_INVALID_TIMESTAMP_FORMAT":                                       "22007",
	"DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION":                        "42816",
	"DELTA_TIMESTAMP_GREATER_THAN_COMMIT":                                  "42816",
	"DELTA_UNSUPPORTED_TIME_TRAVEL_MULTIPLE_FORMATS":                       "42613",
	"DELTA_UNSUPPORTED_TIME_TRAVEL_VIEWS":                                  "0AKDC",
	"DELTA_UNSUPPORTED_TIME_TRAVEL_BEYOND_DELETED_FILE_RETENTION_DURATION": "0AKDC",
	"DELTA_CANNOT_RESTORE_TABLE_VERSION":                                   "22003",
	"DELTA_CANNOT_RESTORE_TIMESTAMP_EARLIER":                               "22003",
	"DELTA_CANNOT_RESTORE_TIMESTAMP_GREATER":                               "22003",
	"DELTA_CANNOT_DESCRIBE_VIEW_HISTORY":                                   "42809",
	"DELTA_UNSUPPORTED_DESCRIBE_DETAIL_VIEW":                               "42809",
	"DELTA_CANNOT_WRITE_INTO_VIEW":                                         "0A000",
	"DELTA_UNSUPPORTED_CLONE_REPLACE_SAME_TABLE":                           "0AKDC",
	"DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE":               "21506",
	"DELTA_MERGE_MISSING_WHEN":                                             "42601",
	"DELTA_NON_LAST_MATCHED_CLAUSE_OMIT_CONDITION":                         "42601",
	"DELTA_NON_LAST_NOT_MATCHED_CLAUSE_OMIT_CONDITION":                     "42601",
	"DELTA_NON_LAST_NOT_MATCHED_BY_SOURCE_CLAUSE_OMIT_CONDITION":           "42601",
	"DELTA_COLUMN_NOT_FOUND_IN_MERGE":                                      "42703",
	"DELTA_MERGE_UNRESOLVED_EXPRESSION":                                    "42601",
	"DELTA_UNKNOWN_CONFIGURATION":                                          "F0000",
	"DELTA_CANNOT_MODIFY_APPEND_ONLY":                                      "42809",
	"DELTA_DUPLICATE_COLUMNS_FOUND":                                        "42711",
	"DELTA_UNSUPPORTED_RENAME_COLUMN":                                      "0AKDC",
	"DELTA_UNSUPPORTED_DROP_COLUMN":                                        "0AKDC",
	"DELTA_TRUNCATE_TABLE_PARTITION_NOT_SUPPORTED":                         "0AKDC",
	"DELTA_CONCURRENT_APPEND":                                              "2D521",
	"DELTA_CONCURRENT_DELETE_READ":                                         "2D521",
	"DELTA_CONCURRENT_DELETE_DELETE":                                       "2D521",
	"DELTA_METADATA_CHANGED":                                               "2D521",
	"DELTA_PROTOCOL_CHANGED":                                               "2D521",
	"DELTA_CONCURRENT_TRANSACTION":                                         "2D521",
	"DELTA_CONCURRENT_WRITE":                                               "2D521",
	"DELTA_FILE_NOT_FOUND_DETAILED":                                        "42K03",
	"DELTA_REPLACE_WHERE_MISMATCH":                                         "44000",

	// Datetime patterns.
	"INCONSISTENT_BEHAVIOR_CROSS_VERSION": "42K0B",
}
