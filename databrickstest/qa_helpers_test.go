package databrickstest_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/databrickstest"
)

// The qa_*_test.go files verify the fake warehouse independently of its own
// tests: SQL written as a Databricks user would write it, with expected
// values taken from the Databricks SQL language manual (docs.databricks.com,
// cited per case as "DBX <page>"), the Spark/Delta documentation, or the
// project's SQL semantics notes (cited as "spec §n"). Nothing here was copied from the fake's output.
//
// A case whose expectation the fake does not meet yet carries a gap: the
// reason, with the documented behaviour. Such a case still runs; when it
// fails it is skipped with that reason (so the suite stays green), and when
// it passes it is reported so the marker can be removed. Set
// QA_STRICT_GAPS=1 to make gap cases fail like any other case.

// qaCase is one statement and what Databricks answers to it.
type qaCase struct {
	name string
	// src cites where the expectation comes from.
	src string
	sql string
	// args are the statement's parameters.
	args []any
	// want is the expected result: one string per row, column values
	// rendered by qaRender and joined with " | ". nil with class == ""
	// means "succeeds, result not checked"; use []string{} for no rows.
	want []string
	// unordered compares the rows as a multiset.
	unordered bool
	// has and lacks, when set, are rows that must and must not be in the
	// result (for results whose other rows the sources leave open).
	has, lacks []string
	// cols, when set, are the expected column names.
	cols []string
	// types, when set, are the expected DatabaseTypeNames.
	types []string
	// class is the expected error class ("X.*" accepts any subclass of X;
	// "A|B" accepts either, where the sources leave the class open; "*"
	// accepts any class).
	class string
	// state, when set, is the expected SQLSTATE.
	state string
	// msg, when set, must be a substring of the error message.
	msg string
	// gap marks a known discrepancy of the fake (see above).
	gap string
	// as, when set, is the pool (principal) the statement runs on instead
	// of the scenario's default.
	as *sql.DB
}

var qaStrictGaps = os.Getenv("QA_STRICT_GAPS") != ""

// qaErrFormat is the Databricks error text format of spec §6.1.
var qaErrFormat = regexp.MustCompile(`(?s)^\[([A-Z0-9_]+(?:\.[A-Z0-9_]+)*)\] .* SQLSTATE: ([0-9A-Z]{5})$`)

// qaNew returns a fresh workspace and its admin pool; the workspace is
// closed when the test ends.
func qaNew(t *testing.T) (*databrickstest.Workspace, *sql.DB) {
	t.Helper()
	w := databrickstest.New(nil)
	t.Cleanup(func() { _ = w.Close() })
	return w, w.DB()
}

// qaExec runs setup statements that must succeed.
func qaExec(t *testing.T, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		_, err := db.ExecContext(context.Background(), s)
		require.NoError(t, err, s)
	}
}

// qaResult is a rendered result set.
type qaResult struct {
	cols  []string
	types []string
	rows  []string
}

// qaQuery runs sql and renders its result.
func qaQuery(db *sql.DB, query string, args ...any) (*qaResult, error) {
	rows, err := db.QueryContext(context.Background(), query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	cts, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	res := &qaResult{cols: cols, rows: []string{}}
	for _, ct := range cts {
		res.types = append(res.types, ct.DatabaseTypeName())
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = qaRender(v, res.types[i])
		}
		res.rows = append(res.rows, strings.Join(parts, " | "))
	}
	return res, rows.Err()
}

// qaRender renders a scanned value the way the Databricks SQL editor shows
// it: NULL, true/false, integers, Java's Double.toString for DOUBLE,
// decimals as sent, dates as yyyy-MM-dd and timestamps as
// yyyy-MM-dd HH:mm:ss[.fraction without trailing zeros].
func qaRender(v any, typ string) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case bool:
		return strconv.FormatBool(x)
	case int8, int16, int32, int64, int:
		return fmt.Sprint(x)
	case float32:
		return qaJavaDouble(float64(x), 32)
	case float64:
		return qaJavaDouble(x, 64)
	case []byte:
		return string(x)
	case string:
		return x
	case time.Time:
		if typ == "DATE" {
			return x.Format("2006-01-02")
		}
		return x.Format("2006-01-02 15:04:05.999999")
	default:
		return fmt.Sprintf("%v", x)
	}
}

// qaJavaDouble formats f as Java's Double.toString does (Spark's string form
// of a DOUBLE): "1.0", "3.5", "0.3333333333333333", "1.0E20", "NaN",
// "Infinity".
func qaJavaDouble(f float64, bits int) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	a := math.Abs(f)
	if f == 0 || (a >= 1e-3 && a < 1e7) {
		s := strconv.FormatFloat(f, 'f', -1, bits)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	s := strconv.FormatFloat(f, 'E', -1, bits)
	mant, exp, _ := strings.Cut(s, "E")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	e, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(e)
}

// qaCheck runs c against db and returns what differs from the expectation,
// or "" when the fake answers as Databricks does.
func qaCheck(db *sql.DB, c qaCase) string {
	if c.as != nil {
		db = c.as
	}
	res, err := qaQuery(db, c.sql, c.args...)
	if c.class != "" {
		return qaCheckErr(err, c.class, c.state, c.msg)
	}
	if err != nil {
		return fmt.Sprintf("unexpected error: %v", err)
	}
	var diffs []string
	if c.cols != nil && !slices.Equal(c.cols, res.cols) {
		diffs = append(diffs, fmt.Sprintf("columns: want %q, got %q", c.cols, res.cols))
	}
	if c.types != nil && !slices.Equal(c.types, res.types) {
		diffs = append(diffs, fmt.Sprintf("types: want %q, got %q", c.types, res.types))
	}
	if c.want != nil {
		want, got := c.want, res.rows
		if c.unordered {
			want = slices.Sorted(slices.Values(want))
			got = slices.Sorted(slices.Values(got))
		}
		if !slices.Equal(want, got) {
			diffs = append(diffs, fmt.Sprintf("rows:\n  want %q\n  got  %q", want, got))
		}
	}
	for _, r := range c.has {
		if !slices.Contains(res.rows, r) {
			diffs = append(diffs, fmt.Sprintf("missing row %q in %q", r, res.rows))
		}
	}
	for _, r := range c.lacks {
		if slices.Contains(res.rows, r) {
			diffs = append(diffs, fmt.Sprintf("unexpected row %q in %q", r, res.rows))
		}
	}
	return strings.Join(diffs, "; ")
}

// qaCheckErr checks that err is a Databricks error of class (and state and
// message part, when given) in the documented text format.
func qaCheckErr(err error, class, state, msg string) string {
	if err == nil {
		return fmt.Sprintf("want error [%s], got success", class)
	}
	var e *databrickstest.Error
	if !errors.As(err, &e) {
		return fmt.Sprintf("want *databrickstest.Error [%s], got %T: %v", class, err, err)
	}
	var diffs []string
	if !qaClassMatches(class, e.Class) {
		diffs = append(diffs, fmt.Sprintf("class: want %s, got %s", class, e.Class))
	}
	if state != "" && e.SqlState() != state {
		diffs = append(diffs, fmt.Sprintf("SQLSTATE: want %s, got %s", state, e.SqlState()))
	}
	if msg != "" && !strings.Contains(e.Message, msg) {
		diffs = append(diffs, fmt.Sprintf("message: want it to contain %q", msg))
	}
	if m := qaErrFormat.FindStringSubmatch(err.Error()); m == nil || m[1] != e.Class || m[2] != e.SqlState() {
		diffs = append(diffs, "text not in the format [CLASS] message SQLSTATE: XXXXX")
	}
	if len(diffs) == 0 {
		return ""
	}
	return strings.Join(diffs, "; ") + "\n  error: " + err.Error()
}

// qaClassMatches reports whether got matches want: alternatives separated
// by "|" (where the sources leave the exact class open), each either exact,
// "X.*" for X or any of its subclasses, or "*" for any class (the sources
// say only that the statement fails).
func qaClassMatches(want, got string) bool {
	for _, alt := range strings.Split(want, "|") {
		if alt == "*" {
			return true
		}
		if prefix, ok := strings.CutSuffix(alt, ".*"); ok {
			if got == prefix || strings.HasPrefix(got, prefix+".") {
				return true
			}
		} else if got == alt {
			return true
		}
	}
	return false
}

// qaRun runs each case as a subtest against db. Cases must not depend on
// each other's effects unless the caller runs them in order on purpose.
func qaRun(t *testing.T, db *sql.DB, cases []qaCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			qaVerdict(t, c, qaCheck(db, c))
		})
	}
}

// qaVerdict reports a case's difference: an error for an ordinary case, a
// skip with the documented gap for a known one.
func qaVerdict(t *testing.T, c qaCase, diff string) {
	t.Helper()
	switch {
	case diff == "" && c.gap != "":
		t.Logf("known gap no longer reproduces, remove the marker: %s", c.gap)
	case diff == "":
	case c.gap != "" && !qaStrictGaps:
		t.Skipf("KNOWN GAP: %s\n  sql: %s\n  source: %s\n  %s", c.gap, c.sql, c.src, diff)
	default:
		assert.Fail(t, "fake differs from Databricks", "sql: %s\nsource: %s\n%s", c.sql, c.src, diff)
	}
}

// qaStep is one statement of a scenario. Steps run in order on one pool; a
// failed step is reported and the scenario goes on, so later steps show
// their own differences.
type qaStep = qaCase

// qaScenario runs steps in order against db inside t. Known gaps are
// collected and reported as a skip at the end when nothing else failed.
func qaScenario(t *testing.T, db *sql.DB, steps []qaStep) {
	t.Helper()
	var gaps []string
	for i, s := range steps {
		diff := qaCheck(db, s)
		switch {
		case diff == "" && s.gap != "":
			t.Logf("step %d (%s): known gap no longer reproduces, remove the marker: %s", i, s.name, s.gap)
		case diff == "":
		case s.gap != "" && !qaStrictGaps:
			gaps = append(gaps, fmt.Sprintf("step %d (%s): KNOWN GAP: %s\n  sql: %s\n  source: %s\n  %s", i, s.name, s.gap, s.sql, s.src, diff))
		default:
			assert.Fail(t, "fake differs from Databricks", "step %d (%s)\nsql: %s\nsource: %s\n%s", i, s.name, s.sql, s.src, diff)
		}
	}
	if len(gaps) > 0 && !t.Failed() {
		t.Skip(strings.Join(gaps, "\n"))
	}
}
