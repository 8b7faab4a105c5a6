package fn

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// Expected values are the examples of the Databricks function pages (in a
// UTC session).
func TestDateFunctions(t *testing.T) {
	runCases(t, []caseT{
		{name: "date_add", fn: "date_add", args: []value.Value{strv("2016-07-30"), i32v(1)}, want: "2016-07-31", typ: "DATE"},
		{name: "date_add timestamp", fn: "date_add", args: []value.Value{tsv(t, "2016-07-30 23:59:59"), i32v(1)}, want: "2016-07-31"},
		{name: "date_add bigint", fn: "date_add", args: []value.Value{datev(t, "2016-07-30"), i64v(-30)}, want: "2016-06-30"},
		{name: "date_add malformed", fn: "date_add", args: []value.Value{strv("20260924"), i32v(1)}, err: "CAST_INVALID_INPUT"},
		{name: "date_add int", fn: "date_add", args: []value.Value{i32v(1), i32v(1)}, err: "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE"},
		{name: "date_add unit form", fn: "date_add", args: []value.Value{strv("DAY"), i32v(1), datev(t, "2016-07-30")}, err: "UNSUPPORTED_FEATURE"},
		{name: "date_sub", fn: "date_sub", args: []value.Value{strv("2016-07-30"), i32v(1)}, want: "2016-07-29"},
		{name: "date_sub null", fn: "date_sub", args: []value.Value{nullv(), i32v(1)}, want: "NULL"},
		{name: "datediff", fn: "datediff", args: []value.Value{strv("2009-07-31"), strv("2009-07-30")}, want: "1", typ: "INT"},
		{name: "datediff negative", fn: "datediff", args: []value.Value{strv("2009-07-30"), strv("2009-07-31")}, want: "-1"},
		{name: "add_months end of month", fn: "add_months", args: []value.Value{strv("2016-08-31"), i32v(1)}, want: "2016-09-30"},
		{name: "add_months back", fn: "add_months", args: []value.Value{datev(t, "2016-03-31"), i32v(-13)}, want: "2015-02-28"},
		{name: "year", fn: "year", args: []value.Value{strv("2016-07-30")}, want: "2016", typ: "INT"},
		{name: "quarter", fn: "quarter", args: []value.Value{strv("2016-08-31")}, want: "3"},
		{name: "month", fn: "month", args: []value.Value{strv("2016-07-30")}, want: "7"},
		{name: "day", fn: "day", args: []value.Value{strv("2009-07-30")}, want: "30"},
		{name: "dayofmonth", fn: "dayofmonth", args: []value.Value{datev(t, "2009-07-30")}, want: "30"},
		{name: "dayofweek", fn: "dayofweek", args: []value.Value{strv("2009-07-30")}, want: "5"},
		{name: "weekday", fn: "weekday", args: []value.Value{strv("2009-07-30")}, want: "3"},
		{name: "dayofyear", fn: "dayofyear", args: []value.Value{strv("2016-04-09")}, want: "100"},
		{name: "year of timestamp", fn: "year", args: []value.Value{tsv(t, "1999-12-31 23:59:59")}, want: "1999"},
		{name: "hour", fn: "hour", args: []value.Value{strv("2009-07-30 12:58:59")}, want: "12", typ: "INT"},
		{name: "minute", fn: "minute", args: []value.Value{strv("2009-07-30 12:58:59")}, want: "58"},
		{name: "second", fn: "second", args: []value.Value{strv("2009-07-30 12:58:59")}, want: "59"},
		{name: "hour of date", fn: "hour", args: []value.Value{datev(t, "2009-07-30")}, want: "0"},
	})
}

func TestDateTrunc(t *testing.T) {
	const in = "2015-03-05T09:32:05.359"
	runCases(t, []caseT{
		{name: "year", fn: "date_trunc", args: []value.Value{strv("YEAR"), strv(in)}, want: "2015-01-01 00:00:00", typ: "TIMESTAMP"},
		{name: "mm", fn: "date_trunc", args: []value.Value{strv("MM"), strv(in)}, want: "2015-03-01 00:00:00"},
		{name: "dd", fn: "date_trunc", args: []value.Value{strv("DD"), strv(in)}, want: "2015-03-05 00:00:00"},
		{name: "hour", fn: "date_trunc", args: []value.Value{strv("HOUR"), strv(in)}, want: "2015-03-05 09:00:00"},
		{name: "minute", fn: "date_trunc", args: []value.Value{strv("minute"), strv(in)}, want: "2015-03-05 09:32:00"},
		{name: "second", fn: "date_trunc", args: []value.Value{strv("second"), strv(in)}, want: "2015-03-05 09:32:05"},
		{name: "millisecond", fn: "date_trunc", args: []value.Value{strv("MILLISECOND"), strv("2015-03-05T09:32:05.123456")}, want: "2015-03-05 09:32:05.123"},
		{name: "week", fn: "date_trunc", args: []value.Value{strv("WEEK"), strv(in)}, want: "2015-03-02 00:00:00"},
		{name: "quarter", fn: "date_trunc", args: []value.Value{strv("QUARTER"), strv("2015-08-05 01:00:00")}, want: "2015-07-01 00:00:00"},
		{name: "unknown unit", fn: "date_trunc", args: []value.Value{strv("MS"), strv("2015-03-05T09:32:05.123456")}, want: "NULL"},
		{name: "date input", fn: "date_trunc", args: []value.Value{strv("MONTH"), datev(t, "2015-03-05")}, want: "2015-03-01 00:00:00"},
		{name: "trunc week", fn: "trunc", args: []value.Value{strv("2019-08-04"), strv("week")}, want: "2019-07-29", typ: "DATE"},
		{name: "trunc quarter", fn: "trunc", args: []value.Value{strv("2019-08-04"), strv("quarter")}, want: "2019-07-01"},
		{name: "trunc MM", fn: "trunc", args: []value.Value{strv("2009-02-12"), strv("MM")}, want: "2009-02-01"},
		{name: "trunc YEAR", fn: "trunc", args: []value.Value{strv("2015-10-27"), strv("YEAR")}, want: "2015-01-01"},
		{name: "trunc day is invalid", fn: "trunc", args: []value.Value{strv("2015-10-27"), strv("DD")}, want: "NULL"},
	})
}

func TestParseFunctions(t *testing.T) {
	runCases(t, []caseT{
		{name: "to_date", fn: "to_date", args: []value.Value{strv("2009-07-30 04:17:52")}, want: "2009-07-30", typ: "DATE"},
		{name: "to_date format", fn: "to_date", args: []value.Value{strv("2016-12-31"), strv("yyyy-MM-dd")}, want: "2016-12-31"},
		{name: "to_date compact", fn: "to_date", args: []value.Value{strv("20240115"), strv("yyyyMMdd")}, want: "2024-01-15"},
		{name: "to_date slashes", fn: "to_date", args: []value.Value{strv("01/15/2024"), strv("MM/dd/yyyy")}, want: "2024-01-15"},
		{name: "to_date month name", fn: "to_date", args: []value.Value{strv("15-jan-2024"), strv("dd-MMM-yyyy")}, want: "2024-01-15"},
		{name: "to_date malformed", fn: "to_date", args: []value.Value{strv("abc")}, err: "CAST_INVALID_INPUT"},
		{name: "to_date bad with format", fn: "to_date", args: []value.Value{strv("2016-12-3x"), strv("yyyy-MM-dd")}, err: "CANNOT_PARSE_TIMESTAMP"},
		{name: "to_date invalid day", fn: "to_date", args: []value.Value{strv("2019-02-30"), strv("yyyy-MM-dd")}, err: "CANNOT_PARSE_TIMESTAMP"},
		{name: "to_date trailing text", fn: "to_date", args: []value.Value{strv("2016-12-31 10:00"), strv("yyyy-MM-dd")}, err: "CANNOT_PARSE_TIMESTAMP"},
		{name: "to_date of timestamp", fn: "to_date", args: []value.Value{tsv(t, "2016-12-31 23:00:00")}, want: "2016-12-31"},
		{name: "to_timestamp", fn: "to_timestamp", args: []value.Value{strv("2016-12-31 00:12:00")}, want: "2016-12-31 00:12:00", typ: "TIMESTAMP"},
		{name: "to_timestamp format", fn: "to_timestamp", args: []value.Value{strv("2016-12-31"), strv("yyyy-MM-dd")}, want: "2016-12-31 00:00:00"},
		{name: "to_timestamp ISO", fn: "to_timestamp", args: []value.Value{strv("2024-01-15T10:20:30.5"), strv("yyyy-MM-dd'T'HH:mm:ss.SSS")}, want: "2024-01-15 10:20:30.5"},
		{name: "to_timestamp 12h", fn: "to_timestamp", args: []value.Value{strv("2024-01-15 09:05 PM"), strv("yyyy-MM-dd hh:mm a")}, want: "2024-01-15 21:05:00"},
		{name: "to_timestamp null format", fn: "to_timestamp", args: []value.Value{strv("2024-01-15"), value.NullOf(value.StringType)}, want: "NULL"},
		{name: "to_timestamp week-based", fn: "to_timestamp", args: []value.Value{strv("2024"), strv("YYYY")}, err: "INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_WEEK_BASED_PATTERN"},
		{name: "to_timestamp illegal letter", fn: "to_timestamp", args: []value.Value{strv("2024"), strv("yyyyb")}, err: "INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER"},
		{name: "to_timestamp zone letter", fn: "to_timestamp", args: []value.Value{strv("2024+01"), strv("yyyyX")}, err: "UNSUPPORTED_FEATURE"},
		{name: "try_to_timestamp", fn: "try_to_timestamp", args: []value.Value{strv("foo"), strv("yyyy-MM-dd")}, want: "NULL"},
		{name: "try_to_timestamp no format", fn: "try_to_timestamp", args: []value.Value{strv("foo")}, want: "NULL"},
		{name: "unix_timestamp", fn: "unix_timestamp", args: []value.Value{strv("2016-04-08"), strv("yyyy-MM-dd")}, want: "1460073600", typ: "BIGINT"},
		{name: "unix_timestamp default format", fn: "unix_timestamp", args: []value.Value{strv("1970-01-01 00:01:00")}, want: "60"},
		{name: "unix_timestamp now", fn: "unix_timestamp", want: "1710498645"},
	})
}

func TestParseMessage(t *testing.T) {
	_, _, err := call(t, "to_timestamp", strv("2016-12-3x"), strv("yyyy-MM-dd"))
	require.Error(t, err)
	assert.Equal(t, "[CANNOT_PARSE_TIMESTAMP] Text '2016-12-3x' could not be parsed at index 8. Use `try_to_timestamp` to tolerate invalid input string and return NULL instead. SQLSTATE: 22007", err.Error())
	_, _, err = call(t, "to_date", strv("2019-02-30"), strv("yyyy-MM-dd"))
	require.Error(t, err)
	assert.Equal(t, "[CANNOT_PARSE_TIMESTAMP] Text '2019-02-30' could not be parsed: Invalid date 'FEBRUARY 30'. Use `try_to_date` to tolerate invalid input string and return NULL instead. SQLSTATE: 22007", err.Error())
}

func TestSessionFunctions(t *testing.T) {
	runCases(t, []caseT{
		{name: "current_date", fn: "current_date", want: "2024-03-15", typ: "DATE"},
		{name: "current_timestamp", fn: "current_timestamp", want: "2024-03-15 10:30:45.123456", typ: "TIMESTAMP"},
		{name: "now", fn: "now", want: "2024-03-15 10:30:45.123456"},
		{name: "current_catalog", fn: "current_catalog", want: "main", typ: "STRING"},
		{name: "current_schema", fn: "current_schema", want: "sales"},
		{name: "current_database", fn: "current_database", want: "sales"},
		{name: "current_user", fn: "current_user", want: "alf@melmak.et"},
		{name: "arguments rejected", fn: "current_date", args: []value.Value{i32v(1)}, err: "WRONG_NUM_ARGS.WITHOUT_SUGGESTION"},
	})
}

// TestSessionTimeZone checks that dates of timestamps, local midnights and
// current_date follow the session time zone.
func TestSessionTimeZone(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	ctx := &Context{Now: time.Date(2024, 3, 15, 20, 0, 0, 0, time.UTC), Location: tokyo}
	// 2024-03-15 20:00 UTC is 2024-03-16 05:00 in Tokyo.
	ts := tsv(t, "2024-03-15 20:00:00")
	eval := func(name string, vals ...value.Value) value.Value {
		s, ret, vecs, err := bind(t, name, vals, 1)
		require.NoError(t, err)
		out, err := s.Eval(ctx, ret, vecs, 1)
		require.NoError(t, err)
		return out.Get(0)
	}
	assert.Equal(t, "2024-03-16", eval("current_date").String())
	assert.Equal(t, "2024-03-16", eval("to_date", ts).String())
	assert.Equal(t, "16", eval("day", ts).String())
	assert.Equal(t, "5", eval("hour", ts).String())
	// Local midnight of 2024-03-16 in Tokyo is 15:00 UTC the day before.
	assert.Equal(t, "2024-03-15 15:00:00", eval("date_trunc", strv("DAY"), ts).String())
	assert.Equal(t, "2024-03-14 15:00:00", eval("to_timestamp", strv("2024-03-15"), strv("yyyy-MM-dd")).String())
}

func TestCivilDays(t *testing.T) {
	for _, d := range []int64{-719528, -1, 0, 1, 59, 365, 10957, 2932896} {
		y, m, dd := civilFromDays(d)
		assert.Equal(t, d, daysFromCivil(y, m, dd))
		want := time.Unix(d*86400, 0).UTC()
		assert.Equal(t, []int{want.Year(), int(want.Month()), want.Day()}, []int{y, m, dd}, "day %d", d)
	}
}
