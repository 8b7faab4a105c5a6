package value

import (
	"fmt"
	"strconv"
	"strings"
)

// Kind is the kind of a SQL type.
type Kind uint8

// The kinds of the supported SQL types.
const (
	Void Kind = iota // the type of an untyped NULL
	Boolean
	TinyInt
	SmallInt
	Int
	BigInt
	Float
	Double
	Decimal
	String
	Date
	Timestamp
	// Array, Map and Struct are the complex types. The fake produces them
	// only in command output (DESCRIBE HISTORY, DESCRIBE DETAIL); their
	// values are carried as JSON text, which is what databricks-sql-go
	// returns for complex columns by default. Type.Complex spells the type.
	Array
	Map
	Struct
	// Interval is a day-time interval (INTERVAL DAY TO SECOND), held as
	// microseconds in I64. Year-month intervals are not supported.
	Interval
)

var kindNames = [...]string{
	Void: "VOID", Boolean: "BOOLEAN", TinyInt: "TINYINT", SmallInt: "SMALLINT", Int: "INT",
	BigInt: "BIGINT", Float: "FLOAT", Double: "DOUBLE", Decimal: "DECIMAL", String: "STRING",
	Date: "DATE", Timestamp: "TIMESTAMP", Array: "ARRAY", Map: "MAP", Struct: "STRUCT",
	Interval: "INTERVAL DAY TO SECOND",
}

// String returns the kind's SQL name in upper case, e.g. "BIGINT".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "UNKNOWN"
}

// MaxDecimalPrecision is the largest precision of a DECIMAL.
const MaxDecimalPrecision = 38

// Type is a SQL type. Precision and Scale are used by DECIMAL only and are zero
// for every other kind. Complex is the full spelling of an ARRAY, MAP or
// STRUCT type ("MAP<STRING,STRING>") and empty for every other kind.
type Type struct {
	Kind      Kind
	Precision uint8
	Scale     uint8
	Complex   string
}

// ComplexType returns the ARRAY, MAP or STRUCT type spelled as text, e.g.
// ComplexType(Map, "MAP<STRING,STRING>").
func ComplexType(k Kind, text string) Type { return Type{Kind: k, Complex: text} }

// IsComplex reports whether t is an ARRAY, MAP or STRUCT.
func (t Type) IsComplex() bool { return t.Kind >= Array && t.Kind <= Struct }

// Common types.
var (
	VoidType      = Type{Kind: Void}
	BooleanType   = Type{Kind: Boolean}
	TinyIntType   = Type{Kind: TinyInt}
	SmallIntType  = Type{Kind: SmallInt}
	IntType       = Type{Kind: Int}
	BigIntType    = Type{Kind: BigInt}
	FloatType     = Type{Kind: Float}
	DoubleType    = Type{Kind: Double}
	StringType    = Type{Kind: String}
	DateType      = Type{Kind: Date}
	TimestampType = Type{Kind: Timestamp}
	IntervalType  = Type{Kind: Interval}
)

// DecimalType returns DECIMAL(p,s). It does not check the bounds; see
// CheckDecimal.
func DecimalType(p, s int) Type { return Type{Kind: Decimal, Precision: uint8(p), Scale: uint8(s)} }

// String returns the type as error messages print it: "INT", "DECIMAL(10,2)".
func (t Type) String() string {
	if t.IsComplex() && t.Complex != "" {
		return t.Complex
	}
	if t.Kind == Decimal {
		return "DECIMAL(" + strconv.Itoa(int(t.Precision)) + "," + strconv.Itoa(int(t.Scale)) + ")"
	}
	return t.Kind.String()
}

// SQLName returns the type as DESCRIBE and information_schema print it: lower
// case, "int", "decimal(10,2)", "void".
func (t Type) SQLName() string { return strings.ToLower(t.String()) }

// DatabaseTypeName returns the name a database/sql driver reports for a
// column of this type: the upper-case kind without parameters ("DECIMAL").
func (t Type) DatabaseTypeName() string {
	switch t.Kind {
	case Void:
		return "VOID"
	case Interval:
		return "INTERVAL"
	}
	return t.Kind.String()
}

// IsIntegral reports whether t is TINYINT, SMALLINT, INT or BIGINT.
func (t Type) IsIntegral() bool { return t.Kind >= TinyInt && t.Kind <= BigInt }

// IsNumeric reports whether t is an integral, floating point or decimal type.
func (t Type) IsNumeric() bool { return t.Kind >= TinyInt && t.Kind <= Decimal }

// IsFloating reports whether t is FLOAT or DOUBLE.
func (t Type) IsFloating() bool { return t.Kind == Float || t.Kind == Double }

// Physical says which slice of a Vector holds values of a type.
type Physical uint8

// The physical representations.
const (
	PhysNone    Physical = iota // VOID
	PhysInt                     // I64
	PhysFloat                   // F64
	PhysDecimal                 // Dec
	PhysString                  // Str
)

// Physical returns the slice that holds values of t.
func (t Type) Physical() Physical {
	switch t.Kind {
	case Boolean, TinyInt, SmallInt, Int, BigInt, Date, Timestamp, Interval:
		return PhysInt
	case Float, Double:
		return PhysFloat
	case Decimal:
		return PhysDecimal
	case String, Array, Map, Struct:
		return PhysString
	}
	return PhysNone
}

// IntegralBounds returns the smallest and largest value of an integral kind.
func (t Type) IntegralBounds() (lo, hi int64) {
	switch t.Kind {
	case TinyInt:
		return -1 << 7, 1<<7 - 1
	case SmallInt:
		return -1 << 15, 1<<15 - 1
	case Int:
		return -1 << 31, 1<<31 - 1
	}
	return -1 << 63, 1<<63 - 1
}

// ParseType parses a type name as written in DDL or CAST: "int", "BIGINT",
// "decimal(10, 2)", "dec", "numeric(5)", "long", "short", "byte", "real".
// It returns ok false for names it does not know.
func ParseType(name string, params []int) (Type, error) {
	n := strings.ToUpper(name)
	simple := func(t Type) (Type, error) {
		if len(params) != 0 {
			return Type{}, fmt.Errorf("type %s takes no parameters", t)
		}
		return t, nil
	}
	switch n {
	case "BOOLEAN", "BOOL":
		return simple(BooleanType)
	case "TINYINT", "BYTE":
		return simple(TinyIntType)
	case "SMALLINT", "SHORT":
		return simple(SmallIntType)
	case "INT", "INTEGER":
		return simple(IntType)
	case "BIGINT", "LONG":
		return simple(BigIntType)
	case "FLOAT", "REAL":
		return simple(FloatType)
	case "DOUBLE":
		return simple(DoubleType)
	case "STRING":
		return simple(StringType)
	case "DATE":
		return simple(DateType)
	case "TIMESTAMP":
		return simple(TimestampType)
	case "VOID":
		return simple(VoidType)
	case "DECIMAL", "DEC", "NUMERIC":
		p, s := 10, 0
		switch len(params) {
		case 0:
		case 1:
			p = params[0]
		case 2:
			p, s = params[0], params[1]
		default:
			return Type{}, fmt.Errorf("DECIMAL takes at most two parameters")
		}
		t := DecimalType(p, s)
		if p < 1 || p > MaxDecimalPrecision || s < 0 || s > p {
			return Type{}, fmt.Errorf("decimal precision %d and scale %d out of range", p, s)
		}
		return t, nil
	}
	return Type{}, fmt.Errorf("unsupported data type %q", name)
}
