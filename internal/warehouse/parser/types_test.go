package parser

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

func TestParseType(t *testing.T) {
	tests := []struct {
		text string
		want value.Type
	}{
		{"BOOLEAN", value.BooleanType},
		{"tinyint", value.TinyIntType},
		{"BYTE", value.TinyIntType},
		{"SMALLINT", value.SmallIntType},
		{"short", value.SmallIntType},
		{"INT", value.IntType},
		{"Integer", value.IntType},
		{"BIGINT", value.BigIntType},
		{"LONG", value.BigIntType},
		{"FLOAT", value.FloatType},
		{"REAL", value.FloatType},
		{"DOUBLE", value.DoubleType},
		{"DECIMAL", value.DecimalType(10, 0)},
		{"DECIMAL(5)", value.DecimalType(5, 0)},
		{"DECIMAL(10, 2)", value.DecimalType(10, 2)},
		{"dec(38,38)", value.DecimalType(38, 38)},
		{"NUMERIC(1,0)", value.DecimalType(1, 0)},
		{"STRING", value.StringType},
		{"VARCHAR(10)", value.StringType},
		{"CHAR(3)", value.StringType},
		{"CHARACTER(3)", value.StringType},
		{"DATE", value.DateType},
		{"TIMESTAMP", value.TimestampType},
		{"TIMESTAMP_LTZ", value.TimestampType},
		{" int ", value.IntType},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, err := ParseType(tt.text)
			assert.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseTypeErrors(t *testing.T) {
	tests := []struct {
		text string
		want string
	}{
		{"ARRAY<INT>", `[UNSUPPORTED_DATATYPE] Unsupported data type "ARRAY<INT>". SQLSTATE: 0A000`},
		{"array<array<string>>", `[UNSUPPORTED_DATATYPE] Unsupported data type "ARRAY<ARRAY<STRING>>". SQLSTATE: 0A000`},
		{"MAP<STRING, ARRAY<INT>>", `[UNSUPPORTED_DATATYPE] Unsupported data type "MAP<STRING, ARRAY<INT>>". SQLSTATE: 0A000`},
		{"STRUCT<a: INT, b STRING NOT NULL>", `[UNSUPPORTED_DATATYPE] Unsupported data type "STRUCT<a: INT, b: STRING>". SQLSTATE: 0A000`},
		{"STRUCT<>", `[UNSUPPORTED_DATATYPE] Unsupported data type "STRUCT<>". SQLSTATE: 0A000`},
		{"ARRAY<DECIMAL(5,2)>", `[UNSUPPORTED_DATATYPE] Unsupported data type "ARRAY<DECIMAL(5,2)>". SQLSTATE: 0A000`},
		{"BINARY", `[UNSUPPORTED_DATATYPE] Unsupported data type "BINARY". SQLSTATE: 0A000`},
		{"TIMESTAMP_NTZ", `[UNSUPPORTED_DATATYPE] Unsupported data type "TIMESTAMP_NTZ". SQLSTATE: 0A000`},
		{"VARIANT", `[UNSUPPORTED_DATATYPE] Unsupported data type "VARIANT". SQLSTATE: 0A000`},
		{"INTERVAL", `[UNSUPPORTED_DATATYPE] Unsupported data type "INTERVAL". SQLSTATE: 0A000`},
		{"INTERVAL DAY TO SECOND", `[UNSUPPORTED_DATATYPE] Unsupported data type "INTERVAL DAY TO SECOND". SQLSTATE: 0A000`},
		{"interval year to month", `[UNSUPPORTED_DATATYPE] Unsupported data type "INTERVAL YEAR TO MONTH". SQLSTATE: 0A000`},
		{"foo", `[UNSUPPORTED_DATATYPE] Unsupported data type "FOO". SQLSTATE: 0A000`},
		{"INT(5)", `[UNSUPPORTED_DATATYPE] Unsupported data type "INT(5)". SQLSTATE: 0A000`},
		{"double(5,2)", `[UNSUPPORTED_DATATYPE] Unsupported data type "DOUBLE(5,2)". SQLSTATE: 0A000`},
		{"VARCHAR", `[DATATYPE_MISSING_SIZE] DataType "VARCHAR" requires a length parameter, for example "VARCHAR"(10). Please specify the length. SQLSTATE: 42K01`},
		{"DECIMAL(39)", "[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision 39 exceeds max precision 38. SQLSTATE: 22003"},
		{"DECIMAL(5, 7)", "[DECIMAL_SCALE_EXCEEDS_PRECISION] Decimal scale (7) cannot be greater than precision (5). SQLSTATE: 22003"},
		{"DECIMAL(10,-2)", "[PARSE_SYNTAX_ERROR] Syntax error at or near '-'. SQLSTATE: 42601"},
		{"", "[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601"},
		{"INT INT", "[PARSE_SYNTAX_ERROR] Syntax error at or near 'INT'. SQLSTATE: 42601"},
		{"ARRAY<INT", "[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			_, err := ParseType(tt.text)
			assert.EqualError(t, err, tt.want)
		})
	}
}

// TestCastTypes checks types in CAST and :: use the same rules.
func TestCastTypes(t *testing.T) {
	_, err := Parse("SELECT CAST(a AS ARRAY<INT>) FROM t")
	assert.EqualError(t, err, `[UNSUPPORTED_DATATYPE] Unsupported data type "ARRAY<INT>". SQLSTATE: 0A000`)
	_, err = Parse("SELECT a::map<string,int> > 1 FROM t")
	assert.EqualError(t, err, `[UNSUPPORTED_DATATYPE] Unsupported data type "MAP<STRING, INT>". SQLSTATE: 0A000`)
	_, err = Parse("CREATE TABLE t (a STRING COLLATE UTF8_LCASE)")
	assert.EqualError(t, err, "[UNSUPPORTED_FEATURE] The feature is not supported: collations. SQLSTATE: 0A000")
}
