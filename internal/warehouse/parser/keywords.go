package parser

// Code in this file lists the keywords the parser recognises. A keyword is
// matched case-insensitively; most keywords are also valid identifiers (see
// reservedIdent).
// keyword identifies a keyword; kwNone marks a word that is not one.
type keyword uint16

const (
	kwNone keyword = iota
	kwAll
	kwAlter
	kwAlways
	kwAnd
	kwAnti
	kwAny
	kwAnyValue
	kwArray
	kwAs
	kwAsc
	kwBetween
	kwBigint
	kwBinary
	kwBoolean
	kwBoth
	kwBy
	kwByte
	kwCascade
	kwCase
	kwCast
	kwCatalog
	kwCatalogs
	kwChar
	kwCharacter
	kwClone
	kwCluster
	kwClustered
	kwCollate
	kwCollation
	kwColumns
	kwComment
	kwConstraint
	kwCreate
	kwCross
	kwCube
	kwCurrentDate
	kwCurrentTimestamp
	kwCurrentUser
	kwDatabase
	kwDatabases
	kwDate
	kwDateadd
	kwDatediff
	kwDateAdd
	kwDateDiff
	kwDay
	kwDayofyear
	kwDbproperties
	kwDec
	kwDecimal
	kwDeep
	kwDefault
	kwDesc
	kwDescribe
	kwDetail
	kwDistinct
	kwDistribute
	kwDiv
	kwDouble
	kwDrop
	kwElse
	kwEnd
	kwEscape
	kwExcept
	kwExists
	kwExtended
	kwExternal
	kwExtract
	kwFalse
	kwFilter
	kwFirst
	kwFloat
	kwFor
	kwForeign
	kwFormatted
	kwFrom
	kwFull
	kwGenerated
	kwGlobal
	kwGroup
	kwGrouping
	kwHaving
	kwHistory
	kwHour
	kwIdentifier
	kwIf
	kwIgnore
	kwIlike
	kwIn
	kwInner
	kwInsert
	kwInt
	kwInteger
	kwIntersect
	kwInterval
	kwInto
	kwIs
	kwJoin
	kwLast
	kwLateral
	kwLeading
	kwLeft
	kwLike
	kwLimit
	kwLocation
	kwLong
	kwManaged
	kwMap
	kwMask
	kwMicrosecond
	kwMillisecond
	kwMinus
	kwMinute
	kwMonth
	kwName
	kwNamespace
	kwNamespaces
	kwNatural
	kwNot
	kwNull
	kwNulls
	kwNumeric
	kwOf
	kwOffset
	kwOn
	kwOptions
	kwOr
	kwOrder
	kwOuter
	kwOver
	kwOverlay
	kwOverwrite
	kwPartition
	kwPartitioned
	kwPivot
	kwPlacing
	kwPosition
	kwPrimary
	kwProperties
	kwPurge
	kwQualify
	kwQuarter
	kwReal
	kwRecursive
	kwRegexp
	kwReplace
	kwRespect
	kwRestrict
	kwRight
	kwRlike
	kwRollup
	kwRow
	kwSchema
	kwSchemas
	kwSecond
	kwSelect
	kwSemi
	kwSessionUser
	kwSet
	kwSets
	kwShallow
	kwShort
	kwShow
	kwSkewed
	kwSmallint
	kwSome
	kwSort
	kwStored
	kwString
	kwStruct
	kwSubstr
	kwSubstring
	kwSystemTime
	kwSystemVersion
	kwTable
	kwTables
	kwTablesample
	kwTblproperties
	kwTemp
	kwTemporary
	kwThen
	kwTime
	kwTimediff
	kwTimestamp
	kwTimestampadd
	kwTimestampdiff
	kwTimestampLtz
	kwTimestampNtz
	kwTinyint
	kwTo
	kwTrailing
	kwTrim
	kwTrue
	kwTryCast
	kwUnion
	kwUnknown
	kwUnpivot
	kwUse
	kwUsing
	kwValues
	kwVar
	kwVarchar
	kwVariable
	kwVariant
	kwVersion
	kwView
	kwViews
	kwVoid
	kwWeek
	kwWhen
	kwWhere
	kwWindow
	kwWith
	kwWithin
	kwX
	kwYear
	kwZone
	kwCount
)

// keywordNames holds the upper-case spelling of each keyword.
var keywordNames = [kwCount]string{
	kwAll:              "ALL",
	kwAlter:            "ALTER",
	kwAlways:           "ALWAYS",
	kwAnd:              "AND",
	kwAnti:             "ANTI",
	kwAny:              "ANY",
	kwAnyValue:         "ANY_VALUE",
	kwArray:            "ARRAY",
	kwAs:               "AS",
	kwAsc:              "ASC",
	kwBetween:          "BETWEEN",
	kwBigint:           "BIGINT",
	kwBinary:           "BINARY",
	kwBoolean:          "BOOLEAN",
	kwBoth:             "BOTH",
	kwBy:               "BY",
	kwByte:             "BYTE",
	kwCascade:          "CASCADE",
	kwCase:             "CASE",
	kwCast:             "CAST",
	kwCatalog:          "CATALOG",
	kwCatalogs:         "CATALOGS",
	kwChar:             "CHAR",
	kwCharacter:        "CHARACTER",
	kwClone:            "CLONE",
	kwCluster:          "CLUSTER",
	kwClustered:        "CLUSTERED",
	kwCollate:          "COLLATE",
	kwCollation:        "COLLATION",
	kwColumns:          "COLUMNS",
	kwComment:          "COMMENT",
	kwConstraint:       "CONSTRAINT",
	kwCreate:           "CREATE",
	kwCross:            "CROSS",
	kwCube:             "CUBE",
	kwCurrentDate:      "CURRENT_DATE",
	kwCurrentTimestamp: "CURRENT_TIMESTAMP",
	kwCurrentUser:      "CURRENT_USER",
	kwDatabase:         "DATABASE",
	kwDatabases:        "DATABASES",
	kwDate:             "DATE",
	kwDateadd:          "DATEADD",
	kwDatediff:         "DATEDIFF",
	kwDateAdd:          "DATE_ADD",
	kwDateDiff:         "DATE_DIFF",
	kwDay:              "DAY",
	kwDayofyear:        "DAYOFYEAR",
	kwDbproperties:     "DBPROPERTIES",
	kwDec:              "DEC",
	kwDecimal:          "DECIMAL",
	kwDeep:             "DEEP",
	kwDefault:          "DEFAULT",
	kwDesc:             "DESC",
	kwDescribe:         "DESCRIBE",
	kwDetail:           "DETAIL",
	kwDistinct:         "DISTINCT",
	kwDistribute:       "DISTRIBUTE",
	kwDiv:              "DIV",
	kwDouble:           "DOUBLE",
	kwDrop:             "DROP",
	kwElse:             "ELSE",
	kwEnd:              "END",
	kwEscape:           "ESCAPE",
	kwExcept:           "EXCEPT",
	kwExists:           "EXISTS",
	kwExtended:         "EXTENDED",
	kwExternal:         "EXTERNAL",
	kwExtract:          "EXTRACT",
	kwFalse:            "FALSE",
	kwFilter:           "FILTER",
	kwFirst:            "FIRST",
	kwFloat:            "FLOAT",
	kwFor:              "FOR",
	kwForeign:          "FOREIGN",
	kwFormatted:        "FORMATTED",
	kwFrom:             "FROM",
	kwFull:             "FULL",
	kwGenerated:        "GENERATED",
	kwGlobal:           "GLOBAL",
	kwGroup:            "GROUP",
	kwGrouping:         "GROUPING",
	kwHaving:           "HAVING",
	kwHistory:          "HISTORY",
	kwHour:             "HOUR",
	kwIdentifier:       "IDENTIFIER",
	kwIf:               "IF",
	kwIgnore:           "IGNORE",
	kwIlike:            "ILIKE",
	kwIn:               "IN",
	kwInner:            "INNER",
	kwInsert:           "INSERT",
	kwInt:              "INT",
	kwInteger:          "INTEGER",
	kwIntersect:        "INTERSECT",
	kwInterval:         "INTERVAL",
	kwInto:             "INTO",
	kwIs:               "IS",
	kwJoin:             "JOIN",
	kwLast:             "LAST",
	kwLateral:          "LATERAL",
	kwLeading:          "LEADING",
	kwLeft:             "LEFT",
	kwLike:             "LIKE",
	kwLimit:            "LIMIT",
	kwLocation:         "LOCATION",
	kwLong:             "LONG",
	kwManaged:          "MANAGED",
	kwMap:              "MAP",
	kwMask:             "MASK",
	kwMicrosecond:      "MICROSECOND",
	kwMillisecond:      "MILLISECOND",
	kwMinus:            "MINUS",
	kwMinute:           "MINUTE",
	kwMonth:            "MONTH",
	kwName:             "NAME",
	kwNamespace:        "NAMESPACE",
	kwNamespaces:       "NAMESPACES",
	kwNatural:          "NATURAL",
	kwNot:              "NOT",
	kwNull:             "NULL",
	kwNulls:            "NULLS",
	kwNumeric:          "NUMERIC",
	kwOf:               "OF",
	kwOffset:           "OFFSET",
	kwOn:               "ON",
	kwOptions:          "OPTIONS",
	kwOr:               "OR",
	kwOrder:            "ORDER",
	kwOuter:            "OUTER",
	kwOver:             "OVER",
	kwOverlay:          "OVERLAY",
	kwOverwrite:        "OVERWRITE",
	kwPartition:        "PARTITION",
	kwPartitioned:      "PARTITIONED",
	kwPivot:            "PIVOT",
	kwPlacing:          "PLACING",
	kwPosition:         "POSITION",
	kwPrimary:          "PRIMARY",
	kwProperties:       "PROPERTIES",
	kwPurge:            "PURGE",
	kwQualify:          "QUALIFY",
	kwQuarter:          "QUARTER",
	kwReal:             "REAL",
	kwRecursive:        "RECURSIVE",
	kwRegexp:           "REGEXP",
	kwReplace:          "REPLACE",
	kwRespect:          "RESPECT",
	kwRestrict:         "RESTRICT",
	kwRight:            "RIGHT",
	kwRlike:            "RLIKE",
	kwRollup:           "ROLLUP",
	kwRow:              "ROW",
	kwSchema:           "SCHEMA",
	kwSchemas:          "SCHEMAS",
	kwSecond:           "SECOND",
	kwSelect:           "SELECT",
	kwSemi:             "SEMI",
	kwSessionUser:      "SESSION_USER",
	kwSet:              "SET",
	kwSets:             "SETS",
	kwShallow:          "SHALLOW",
	kwShort:            "SHORT",
	kwShow:             "SHOW",
	kwSkewed:           "SKEWED",
	kwSmallint:         "SMALLINT",
	kwSome:             "SOME",
	kwSort:             "SORT",
	kwStored:           "STORED",
	kwString:           "STRING",
	kwStruct:           "STRUCT",
	kwSubstr:           "SUBSTR",
	kwSubstring:        "SUBSTRING",
	kwSystemTime:       "SYSTEM_TIME",
	kwSystemVersion:    "SYSTEM_VERSION",
	kwTable:            "TABLE",
	kwTables:           "TABLES",
	kwTablesample:      "TABLESAMPLE",
	kwTblproperties:    "TBLPROPERTIES",
	kwTemp:             "TEMP",
	kwTemporary:        "TEMPORARY",
	kwThen:             "THEN",
	kwTime:             "TIME",
	kwTimediff:         "TIMEDIFF",
	kwTimestamp:        "TIMESTAMP",
	kwTimestampadd:     "TIMESTAMPADD",
	kwTimestampdiff:    "TIMESTAMPDIFF",
	kwTimestampLtz:     "TIMESTAMP_LTZ",
	kwTimestampNtz:     "TIMESTAMP_NTZ",
	kwTinyint:          "TINYINT",
	kwTo:               "TO",
	kwTrailing:         "TRAILING",
	kwTrim:             "TRIM",
	kwTrue:             "TRUE",
	kwTryCast:          "TRY_CAST",
	kwUnion:            "UNION",
	kwUnknown:          "UNKNOWN",
	kwUnpivot:          "UNPIVOT",
	kwUse:              "USE",
	kwUsing:            "USING",
	kwValues:           "VALUES",
	kwVar:              "VAR",
	kwVarchar:          "VARCHAR",
	kwVariable:         "VARIABLE",
	kwVariant:          "VARIANT",
	kwVersion:          "VERSION",
	kwView:             "VIEW",
	kwViews:            "VIEWS",
	kwVoid:             "VOID",
	kwWeek:             "WEEK",
	kwWhen:             "WHEN",
	kwWhere:            "WHERE",
	kwWindow:           "WINDOW",
	kwWith:             "WITH",
	kwWithin:           "WITHIN",
	kwX:                "X",
	kwYear:             "YEAR",
	kwZone:             "ZONE",
}

// maxKeywordLen is the length of the longest keyword.
const maxKeywordLen = 17

// keywordTable lists the keywords by first letter and length, lower case.
var keywordTable = func() (t [26][maxKeywordLen + 1][]keywordEntry) {
	for k := kwNone + 1; k < kwCount; k++ {
		b := []byte(keywordNames[k])
		for i, c := range b {
			if c >= 'A' && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
		}
		first := b[0] - 'a'
		t[first][len(b)] = append(t[first][len(b)], keywordEntry{name: string(b), kw: k})
	}
	return t
}()

type keywordEntry struct {
	name string
	kw   keyword
}

// lookupKeyword returns the keyword spelled by word in any case, or kwNone.
// It does not allocate.
func lookupKeyword(word string) keyword {
	if len(word) == 0 || len(word) > maxKeywordLen {
		return kwNone
	}
	c := word[0] | 0x20
	if c < 'a' || c > 'z' {
		return kwNone
	}
next:
	for _, e := range keywordTable[c-'a'][len(word)] {
		for i := 1; i < len(word); i++ {
			c := word[i]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != e.name[i] {
				continue next
			}
		}
		return e.kw
	}
	return kwNone
}

// keywordSet is a set of keywords.
type keywordSet [kwCount]bool

func newKeywordSet(kws ...keyword) *keywordSet {
	var s keywordSet
	for _, k := range kws {
		s[k] = true
	}
	return &s
}

// reservedIdent lists the keywords that cannot be used as unquoted
// identifiers where an expression or a name may start (backquote them to use
// them as names). Spark, with ANSI reserved keywords not enforced (the
// Databricks default), lets most other keywords serve as identifiers.
var reservedIdent = newKeywordSet(
	kwAll, kwAnd, kwAnti, kwAs, kwBetween, kwCase, kwCast, kwCross, kwDistinct,
	kwDiv, kwElse, kwEnd, kwEscape, kwExcept, kwExists, kwFalse, kwFrom, kwFull,
	kwGroup, kwHaving, kwIlike, kwIn, kwInner, kwIntersect, kwInto, kwIs, kwJoin,
	kwLateral, kwLeft, kwLike, kwLimit, kwMinus, kwNatural, kwNot, kwNull,
	kwOffset, kwOn, kwOr, kwOrder, kwRegexp, kwRight, kwRlike, kwSelect, kwSemi,
	kwThen, kwTrue, kwUnion, kwUsing, kwValues, kwWhen, kwWhere, kwWindow,
	kwWith, kwQualify,
)

// reservedAlias lists the keywords that cannot be an alias written without
// AS: the reserved identifiers plus the words that start the clauses that may
// follow a select item or a table reference.
var reservedAlias = func() *keywordSet {
	s := *reservedIdent
	for _, k := range []keyword{kwFor, kwPivot, kwUnpivot, kwTablesample} {
		s[k] = true
	}
	return &s
}()
