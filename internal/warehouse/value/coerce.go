package value

import (
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
)

// This file holds the type rules: which explicit casts exist (Spark's
// Cast.canAnsiCast), which conversions are implicit (AnsiTypeCoercion and
// Databricks' "SQL data type rules"), the least common type, and ANSI store
// assignment (Cast.canANSIStoreAssign).

// canCastKinds is the matrix documented on CanCast.
func canCastKinds(from, to Kind) bool {
	switch {
	case from == to, from == Void, to == String:
		return true
	case to == Void:
		return false
	case from == String:
		return true
	}
	num := func(k Kind) bool { return k >= TinyInt && k <= Decimal }
	switch to {
	case Boolean:
		return num(from)
	case TinyInt, SmallInt, Int, BigInt, Float, Double, Decimal:
		return from == Boolean || num(from) || from == Timestamp
	case Date:
		return from == Timestamp
	case Timestamp:
		return from == Date || num(from)
	}
	return false
}

// canCast implements CanCast.
func canCast(from, to Type) bool { return canCastKinds(from.Kind, to.Kind) }

// canStoreAssign implements CanStoreAssign.
func canStoreAssign(from, to Type) bool {
	switch {
	case from == to, from.Kind == Void:
		return true
	case to.Kind == Void:
		return false
	case from.IsNumeric() && to.IsNumeric():
		return true
	case to.Kind == String:
		return true
	}
	dt := func(k Kind) bool { return k == Date || k == Timestamp }
	return dt(from.Kind) && dt(to.Kind)
}

// canImplicitCast implements CanImplicitCast: store assignment plus STRING
// to any type.
func canImplicitCast(from, to Type) bool {
	if to.Kind == Void {
		return from.Kind == Void
	}
	return canStoreAssign(from, to) || from.Kind == String
}

// integralDecimal is DecimalType.forType: the DECIMAL that holds every value
// of an integral type.
func integralDecimal(t Type) Type {
	switch t.Kind {
	case TinyInt:
		return DecimalType(3, 0)
	case SmallInt:
		return DecimalType(5, 0)
	case Int:
		return DecimalType(10, 0)
	}
	return DecimalType(20, 0)
}

// widerDecimal is DecimalPrecision.widerDecimalType: enough integral digits
// for both and the larger scale, precision capped at 38 (the scale is kept).
func widerDecimal(a, b Type) Type {
	s := max(a.Scale, b.Scale)
	r := max(int(a.Precision)-int(a.Scale), int(b.Precision)-int(b.Scale))
	return DecimalType(min(r+int(s), MaxDecimalPrecision), int(s))
}

// numericRank orders the non-decimal numeric kinds for promotion.
func numericRank(k Kind) int {
	switch k {
	case TinyInt:
		return 1
	case SmallInt:
		return 2
	case Int:
		return 3
	case BigInt:
		return 4
	case Float:
		return 5
	case Double:
		return 6
	}
	return 0
}

// commonType2 is AnsiTypeCoercion.findWiderTypeForTwo over the supported
// types; the rules are listed on CommonType.
func commonType2(a, b Type) (Type, bool) {
	switch {
	case a == b:
		return a, true
	case a.Kind == Void:
		return b, true
	case b.Kind == Void:
		return a, true
	}
	if a.Kind == String || b.Kind == String {
		o := b
		if b.Kind == String {
			o = a
		}
		switch {
		case o.Kind == String:
			return StringType, true
		case o.IsIntegral():
			return BigIntType, true
		case o.IsNumeric():
			return DoubleType, true
		case o.Kind == Boolean || o.Kind == Date || o.Kind == Timestamp:
			return o, true
		}
		return Type{}, false
	}
	if a.IsNumeric() && b.IsNumeric() {
		switch {
		case a.Kind == Decimal && b.Kind == Decimal:
			return widerDecimal(a, b), true
		case a.Kind == Decimal && b.IsIntegral():
			return widerDecimal(a, integralDecimal(b)), true
		case b.Kind == Decimal && a.IsIntegral():
			return widerDecimal(integralDecimal(a), b), true
		case a.Kind == Decimal || b.Kind == Decimal:
			return DoubleType, true
		}
		w := a
		if numericRank(b.Kind) > numericRank(a.Kind) {
			w = b
		}
		if w.Kind == Float { // the other one is integral
			return DoubleType, true
		}
		return w, true
	}
	dt := func(k Kind) bool { return k == Date || k == Timestamp }
	if dt(a.Kind) && dt(b.Kind) {
		return TimestampType, true
	}
	return Type{}, false
}

// commonType folds commonType2 from VOID over types, left to right, as
// Spark's AnsiTypeCoercion.findWiderCommonType does.
func commonType(types []Type) (Type, bool) {
	t := VoidType
	for _, u := range types {
		var ok bool
		if t, ok = commonType2(t, u); !ok {
			return Type{}, false
		}
	}
	return t, true
}

// CastMismatchError returns the analysis error for CAST(expr AS to) when
// CanCast(from, to) is false, as Spark's Cast.typeCheckFailureMessage
// words it: DATATYPE_MISMATCH.CAST_WITH_FUNC_SUGGESTION for numeric↔DATE
// and TIMESTAMP↔numeric-style pairs, .CAST_WITH_CONF_SUGGESTION when only
// ANSI mode forbids the cast (CAST, not TRY_CAST), else
// .CAST_WITHOUT_SUGGESTION. sqlExpr is the expression as SQL text, for
// example CAST(d AS INT); it is shown in double quotes.
func CastMismatchError(sqlExpr string, from, to Type, try bool) *errclass.Error {
	head := "Cannot resolve \"" + sqlExpr + "\" due to data type mismatch: "
	src, dst := "\""+from.String()+"\"", "\""+to.String()+"\""
	var fns string
	switch {
	case from.IsNumeric() && to.Kind == Date:
		fns = "`DATE_FROM_UNIX_DATE`"
	case from.Kind == Date && to.IsNumeric():
		fns = "`UNIX_DATE`"
	}
	if fns != "" {
		return errclass.New("DATATYPE_MISMATCH.CAST_WITH_FUNC_SUGGESTION",
			"%scannot cast %s to %s.\nTo convert values from %s to %s, you can use the functions %s instead.",
			head, src, dst, src, dst, fns)
	}
	if !try && legacyCastable(from.Kind, to.Kind) {
		return errclass.New("DATATYPE_MISMATCH.CAST_WITH_CONF_SUGGESTION",
			"%scannot cast %s to %s with ANSI mode on.\nIf you have to cast %s to %s, you can set \"spark.sql.ansi.enabled\" as 'false'.",
			head, src, dst, src, dst)
	}
	return errclass.New("DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION", "%scannot cast %s to %s.", head, src, dst)
}

// legacyCastable reports the pairs that Spark's non-ANSI Cast.canCast
// allows on top of canAnsiCast.
func legacyCastable(from, to Kind) bool {
	switch {
	case (from == Date || from == Timestamp) && to == Boolean:
		return true
	case from == Boolean && to == Timestamp:
		return true
	}
	return false
}

// cannotSafelyCast is the store-assignment analysis error without a table
// name (the caller knows the table; see StoreAssignIn).
func cannotSafelyCast(from, to Type, column string) *errclass.Error {
	return errclass.New("INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_SAFELY_CAST",
		"Cannot write incompatible data for the table: Cannot safely cast %s \"%s\" to \"%s\".",
		errclass.Ident(column), from, to)
}
