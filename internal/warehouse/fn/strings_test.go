package fn

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// Expected values are the examples of the Databricks function pages.
func TestStringFunctions(t *testing.T) {
	runCases(t, []caseT{
		{name: "lower", fn: "lower", args: []value.Value{strv("SparkSql")}, want: "sparksql", typ: "STRING"},
		{name: "lcase", fn: "lcase", args: []value.Value{strv("ÀB")}, want: "àb"},
		{name: "lower of int", fn: "lower", args: []value.Value{i32v(1)}, want: "1"},
		{name: "upper", fn: "upper", args: []value.Value{strv("SparkSql")}, want: "SPARKSQL"},
		{name: "upper null", fn: "ucase", args: []value.Value{nullv()}, want: "NULL", typ: "STRING"},
		{name: "initcap", fn: "initcap", args: []value.Value{strv("sPark sql")}, want: "Spark Sql"},
		{name: "reverse", fn: "reverse", args: []value.Value{strv("Spark SQL")}, want: "LQS krapS"},
		{name: "concat", fn: "concat", args: []value.Value{strv("Spark"), strv("SQL")}, want: "SparkSQL"},
		{name: "concat null", fn: "concat", args: []value.Value{strv("a"), nullv()}, want: "NULL"},
		{name: "concat numbers", fn: "concat", args: []value.Value{strv("a"), i32v(1), decv(t, "2.50")}, want: "a12.50"},
		{name: "concat nothing", fn: "concat", want: ""},
		{name: "pipes", fn: "||", args: []value.Value{strv("a"), datev(t, "2024-01-02")}, want: "a2024-01-02"},
		{name: "concat_ws", fn: "concat_ws", args: []value.Value{strv(" "), strv("Spark"), strv("SQL")}, want: "Spark SQL"},
		{name: "concat_ws skips null", fn: "concat_ws", args: []value.Value{strv(","), strv("a"), nullv(), strv("b")}, want: "a,b"},
		{name: "concat_ws only sep", fn: "concat_ws", args: []value.Value{strv("s")}, want: ""},
		{name: "concat_ws null sep", fn: "concat_ws", args: []value.Value{nullv(), strv("a")}, want: "NULL"},
		{name: "substring from 5", fn: "substring", args: []value.Value{strv("Spark SQL"), i32v(5)}, want: "k SQL"},
		{name: "substring -3", fn: "substring", args: []value.Value{strv("Spark SQL"), i32v(-3)}, want: "SQL"},
		{name: "substring 5 1", fn: "substr", args: []value.Value{strv("Spark SQL"), i32v(5), i32v(1)}, want: "k"},
		{name: "substring -10 5", fn: "substring", args: []value.Value{strv("Spark SQL"), i32v(-10), i32v(5)}, want: "Spar"},
		{name: "substring 0", fn: "substring", args: []value.Value{strv("Spark"), i32v(0), i32v(2)}, want: "Sp"},
		{name: "substring past end", fn: "substring", args: []value.Value{strv("Spark"), i32v(10)}, want: ""},
		{name: "substring negative len", fn: "substring", args: []value.Value{strv("Spark"), i32v(1), i32v(-1)}, want: ""},
		{name: "substring characters", fn: "substring", args: []value.Value{strv("héllo"), i32v(2), i32v(2)}, want: "él"},
		{name: "substring bigint pos", fn: "substring", args: []value.Value{strv("Spark"), i64v(2)}, want: "park"},
		{name: "left", fn: "left", args: []value.Value{strv("Spark SQL"), i32v(3)}, want: "Spa"},
		{name: "right", fn: "right", args: []value.Value{strv("Spark SQL"), i32v(3)}, want: "SQL"},
		{name: "right too long", fn: "right", args: []value.Value{strv("abc"), i32v(5)}, want: "abc"},
		{name: "right zero", fn: "right", args: []value.Value{strv("abc"), i32v(0)}, want: ""},
		{name: "length", fn: "length", args: []value.Value{strv("Spark SQL ")}, want: "10", typ: "INT"},
		{name: "char_length", fn: "char_length", args: []value.Value{strv("héllo")}, want: "5"},
		{name: "octet_length", fn: "octet_length", args: []value.Value{strv("Spark SQL")}, want: "9"},
		{name: "octet_length utf8", fn: "octet_length", args: []value.Value{strv("é")}, want: "2"},
		{name: "bit_length", fn: "bit_length", args: []value.Value{strv("Spark SQL")}, want: "72"},
		{name: "trim", fn: "trim", args: []value.Value{strv("    SparkSQL   ")}, want: "SparkSQL"},
		{name: "trim only spaces", fn: "trim", args: []value.Value{strv("\tSparkSQL\n")}, want: "\tSparkSQL\n"},
		// TRIM(BOTH 'SL' FROM 'SSparkSQLS') arrives as trim('SL', 'SSparkSQLS').
		{name: "trim chars", fn: "trim", args: []value.Value{strv("SL"), strv("SSparkSQLS")}, want: "parkSQ"},
		{name: "ltrim", fn: "ltrim", args: []value.Value{strv("    SparkSQL   ")}, want: "SparkSQL   "},
		{name: "ltrim chars", fn: "ltrim", args: []value.Value{strv("abc"), strv("acbabSparkSQL ")}, want: "SparkSQL "},
		{name: "rtrim", fn: "rtrim", args: []value.Value{strv("    SparkSQL   ")}, want: "    SparkSQL"},
		{name: "rtrim chars", fn: "rtrim", args: []value.Value{strv("abc"), strv("SparkSQLabcaaba")}, want: "SparkSQL"},
		{name: "btrim", fn: "btrim", args: []value.Value{strv("abcaabaSparkSQLabcaaba"), strv("abc")}, want: "SparkSQL"},
		{name: "btrim spaces", fn: "btrim", args: []value.Value{strv("    SparkSQL   ")}, want: "SparkSQL"},
		{name: "trim null chars", fn: "trim", args: []value.Value{nullv(), strv("x")}, want: "NULL"},
		{name: "replace", fn: "replace", args: []value.Value{strv("ABCabc"), strv("abc"), strv("DEF")}, want: "ABCDEF"},
		{name: "replace remove", fn: "replace", args: []value.Value{strv("ABCabc"), strv("abc")}, want: "ABC"},
		{name: "replace empty search", fn: "replace", args: []value.Value{strv("ABC"), strv(""), strv("x")}, want: "ABC"},
		{name: "lpad", fn: "lpad", args: []value.Value{strv("hi"), i32v(5), strv("ab")}, want: "abahi"},
		{name: "lpad cut", fn: "lpad", args: []value.Value{strv("hi"), i32v(1), strv("??")}, want: "h"},
		{name: "lpad spaces", fn: "lpad", args: []value.Value{strv("hi"), i32v(5)}, want: "   hi"},
		{name: "lpad negative", fn: "lpad", args: []value.Value{strv("hi"), i32v(-1)}, want: ""},
		{name: "rpad", fn: "rpad", args: []value.Value{strv("hi"), i32v(5), strv("ab")}, want: "hiaba"},
		{name: "rpad cut", fn: "rpad", args: []value.Value{strv("hi"), i32v(1), strv("??")}, want: "h"},
		{name: "rpad spaces", fn: "rpad", args: []value.Value{strv("hi"), i32v(5)}, want: "hi   "},
		{name: "overlay", fn: "overlay", args: []value.Value{strv("Spark SQL"), strv("_"), i32v(6)}, want: "Spark_SQL"},
		{name: "overlay longer", fn: "overlay", args: []value.Value{strv("Spark SQL"), strv("CORE"), i32v(7)}, want: "Spark CORE"},
		{name: "overlay insert", fn: "overlay", args: []value.Value{strv("Spark SQL"), strv("ANSI "), i32v(7), i32v(0)}, want: "Spark ANSI SQL"},
		{name: "overlay for", fn: "overlay", args: []value.Value{strv("Spark SQL"), strv("tructured"), i32v(2), i32v(4)}, want: "Structured SQL"},
		{name: "repeat", fn: "repeat", args: []value.Value{strv("123"), i32v(2)}, want: "123123"},
		{name: "repeat negative", fn: "repeat", args: []value.Value{strv("123"), i32v(-1)}, want: ""},
		{name: "startswith", fn: "startswith", args: []value.Value{strv("SparkSQL"), strv("Spark")}, want: "true", typ: "BOOLEAN"},
		{name: "startswith null", fn: "startswith", args: []value.Value{strv("SparkSQL"), nullv()}, want: "NULL"},
		{name: "endswith", fn: "endswith", args: []value.Value{strv("SparkSQL"), strv("sql")}, want: "false"},
		{name: "contains", fn: "contains", args: []value.Value{strv("SparkSQL"), strv("Spark")}, want: "true"},
		{name: "contains empty", fn: "contains", args: []value.Value{strv("SparkSQL"), strv("")}, want: "true"},
		{name: "instr", fn: "instr", args: []value.Value{strv("SparkSQL"), strv("SQL")}, want: "6", typ: "INT"},
		{name: "instr missing", fn: "instr", args: []value.Value{strv("SparkSQL"), strv("x")}, want: "0"},
		{name: "instr characters", fn: "instr", args: []value.Value{strv("héllo"), strv("llo")}, want: "3"},
		{name: "locate", fn: "locate", args: []value.Value{strv("bar"), strv("foobarbar")}, want: "4"},
		{name: "locate from", fn: "locate", args: []value.Value{strv("bar"), strv("foobarbar"), i32v(5)}, want: "7"},
		{name: "locate zero pos", fn: "locate", args: []value.Value{strv("bar"), strv("foobarbar"), i32v(0)}, want: "0"},
		{name: "locate null pos", fn: "locate", args: []value.Value{strv("bar"), strv("foobarbar"), value.NullOf(value.IntType)}, want: "0"},
		{name: "position", fn: "position", args: []value.Value{strv("bar"), strv("foobarbar")}, want: "4"},
		{name: "typeof", fn: "typeof", args: []value.Value{decv(t, "1.5")}, want: "decimal(2,1)"},
		{name: "typeof null", fn: "typeof", args: []value.Value{nullv()}, want: "void"},
	})
}

func TestLike(t *testing.T) {
	runCases(t, []caseT{
		{name: "underscore", fn: "like", args: []value.Value{strv("Spark"), strv("_park")}, want: "true", typ: "BOOLEAN"},
		{name: "percent", fn: "like", args: []value.Value{strv("Spark"), strv("S%k")}, want: "true"},
		{name: "case sensitive", fn: "like", args: []value.Value{strv("Spark"), strv("spark")}, want: "false"},
		{name: "prefix", fn: "like", args: []value.Value{strv("user_1"), strv("user%")}, want: "true"},
		{name: "suffix", fn: "like", args: []value.Value{strv("user_1"), strv("%_1")}, want: "true"},
		{name: "contains", fn: "like", args: []value.Value{strv("a-b-c"), strv("%-b-%")}, want: "true"},
		{name: "whole string", fn: "like", args: []value.Value{strv("abc"), strv("ab")}, want: "false"},
		{name: "backtracking", fn: "like", args: []value.Value{strv("aXbXc"), strv("a%X_")}, want: "true"},
		{name: "underscore is a character", fn: "like", args: []value.Value{strv("é"), strv("_")}, want: "true"},
		{name: "newline", fn: "like", args: []value.Value{strv("a\nb"), strv("a_b")}, want: "true"},
		{name: "empty pattern", fn: "like", args: []value.Value{strv(""), strv("")}, want: "true"},
		// Escapes, from the Databricks like page.
		{name: "default escape", fn: "like", args: []value.Value{strv(`%SystemDrive%\Users\John`), strv(`\%SystemDrive\%\\Users%`)}, want: "true"},
		{name: "custom escape", fn: "like", args: []value.Value{strv(`%SystemDrive%/Users/John`), strv(`/%SystemDrive/%//Users%`), strv("/")}, want: "true"},
		{name: "escaped underscore", fn: "like", args: []value.Value{strv("a_b"), strv(`a\_b`)}, want: "true"},
		{name: "escaped underscore literal", fn: "like", args: []value.Value{strv("axb"), strv(`a\_b`)}, want: "false"},
		{name: "escape in the middle", fn: "like", args: []value.Value{strv("a!b"), strv("a!b"), strv("!")}, err: "INVALID_FORMAT.ESC_IN_THE_MIDDLE"},
		{name: "escape at the end", fn: "like", args: []value.Value{strv("ab"), strv(`ab\`)}, err: "INVALID_FORMAT.ESC_AT_THE_END"},
		{name: "bad escape string", fn: "like", args: []value.Value{strv("ab"), strv("ab"), strv("!!")}, err: "INVALID_ESC"},
		{name: "null", fn: "like", args: []value.Value{nullv(), strv("a")}, want: "NULL"},
		{name: "ilike", fn: "ilike", args: []value.Value{strv("Spark"), strv("_PARK")}, want: "true"},
		{name: "ilike percent", fn: "ilike", args: []value.Value{strv("SPARK"), strv("sp%")}, want: "true"},
		{name: "rlike", fn: "rlike", args: []value.Value{strv(`%SystemDrive%\Users\John`), strv(`%SystemDrive%\\Users.*`)}, want: "true"},
		{name: "rlike finds anywhere", fn: "rlike", args: []value.Value{strv("abc123"), strv(`\d+`)}, want: "true"},
		{name: "rlike anchored", fn: "regexp", args: []value.Value{strv("abc123"), strv(`^\d+$`)}, want: "false"},
		{name: "rlike bad pattern", fn: "rlike", args: []value.Value{strv("abc"), strv("(abc")}, err: "INVALID_PARAMETER_VALUE.PATTERN"},
		{name: "rlike lookahead unsupported", fn: "regexp_like", args: []value.Value{strv("abc"), strv("a(?=b)")}, err: "INVALID_PARAMETER_VALUE.PATTERN"},
	})
}

func TestLikeMessages(t *testing.T) {
	_, _, err := call(t, "like", strv("a!b"), strv("a!b"), strv("!"))
	require.Error(t, err)
	assert.Equal(t, "[INVALID_FORMAT.ESC_IN_THE_MIDDLE] The format is invalid: 'a!b'. The escape character is not allowed to precede 'b'. SQLSTATE: 42601", err.Error())
	_, _, err = call(t, "rlike", strv("abc"), strv("(abc"))
	require.Error(t, err)
	assert.Equal(t, "[INVALID_PARAMETER_VALUE.PATTERN] The value of parameter(s) `regexp` in `rlike` is invalid: '(abc'. SQLSTATE: 22023", err.Error())
}

func TestLikeColumns(t *testing.T) {
	s := col(value.StringType, strv("apple"), strv("banana"), nullv(), strv("avocado"))
	p := col(value.StringType, strv("a%"), strv("a%"), strv("a%"), strv("%o"))
	out, err := evalCols(t, "like", s, p)
	require.NoError(t, err)
	assert.Equal(t, []string{"true", "false", "NULL", "true"}, rows(out))
}

func TestMatchLike(t *testing.T) {
	for _, tc := range []struct {
		s, p string
		want bool
	}{
		{"", "%", true},
		{"", "_", false},
		{"abc", "a%c", true},
		{"abc", "%%c", true},
		{"abcabc", "%bc%bc", true},
		{"abcab", "%bc%bc", false},
		{"mississippi", "m%iss%pi", true},
		{"mississippi", "m%issx%", false},
		{"日本語", "_本_", true},
		{"日本語", "__", false},
	} {
		p, err := compileLike(tc.p, '\\')
		require.NoError(t, err)
		assert.Equal(t, tc.want, p.match(tc.s), "%q LIKE %q", tc.s, tc.p)
	}
}
