// Package ast defines the syntax tree of the fake warehouse's Spark SQL
// subset. The parser produces it; the warehouse's analyzer resolves it.
//
// Identifiers keep the spelling the user wrote (backticks removed, doubled
// backticks undone); case folding is the analyzer's job. Keywords never appear
// as strings except where noted (operators, function names in lower case).
package ast

import "github.com/ucdeploy/ucdeploy/internal/warehouse/value"

// Name is a possibly qualified identifier: ["c", "s", "t"] for c.s.t.
type Name []string

// Statement is a parsed SQL statement.
type Statement interface{ stmt() }

// Expr is an expression.
type Expr interface{ expr() }

// ---------------------------------------------------------------- queries

// Query is a query expression: optional CTEs, a body, ORDER BY, LIMIT and
// OFFSET. A Query is a Statement (SELECT …) and can be nested.
type Query struct {
	With    []CTE
	Body    QueryBody
	OrderBy []OrderItem
	Limit   Expr // nil when absent; "LIMIT ALL" is nil as well
	Offset  Expr // nil when absent
}

// CTE is one named query in a WITH clause.
type CTE struct {
	Name    string
	Columns []string // optional column aliases: WITH t(a, b) AS (…)
	Query   *Query
}

// QueryBody is *Select, *SetOp, *Values or *Query (a parenthesised query).
type QueryBody interface{ body() }

// Select is one SELECT block.
type Select struct {
	Distinct   bool
	Items      []SelectItem
	From       TableExpr // nil for SELECT without FROM
	Where      Expr
	GroupBy    []Expr // GROUP BY ALL is GroupByAll
	GroupByAll bool
	Having     Expr
}

// SelectItem is one entry of a select list. Expr may be *Star.
type SelectItem struct {
	Expr  Expr
	Alias string // "" when none
}

// SetOp is UNION, EXCEPT or INTERSECT (MINUS is parsed as EXCEPT). Distinct
// is the default; All is set for the ALL forms.
type SetOp struct {
	Op          string // "UNION", "EXCEPT" or "INTERSECT"
	All         bool
	Left, Right QueryBody
}

// Values is an inline table: VALUES (1, 'a'), (2, 'b'). As a query body its
// columns are named col1, col2, …
type Values struct {
	Rows [][]Expr
}

// OrderItem is one ORDER BY key.
type OrderItem struct {
	Expr Expr
	Desc bool
	// NullsFirst is nil when not written: then ASC puts NULLs first and DESC
	// last, as Spark does.
	NullsFirst *bool
}

func (*Select) body() {}
func (*SetOp) body()  {}
func (*Values) body() {}
func (*Query) body()  {}

// TableExpr is an item of a FROM clause: *TableRef, *SubqueryRef, *ValuesRef
// or *Join.
type TableExpr interface{ tableExpr() }

// TableRef names a table or view (or a CTE), optionally with an alias.
type TableRef struct {
	Name  Name
	Alias string
	// TimeTravel is set for t VERSION AS OF n, t TIMESTAMP AS OF ts and the
	// t@v3 / t@yyyyMMddHHmmssSSS suffixes.
	TimeTravel *TimeTravel
}

// TimeTravel selects a Delta table version.
type TimeTravel struct {
	Version   *int64 // VERSION AS OF n, or @vN
	Timestamp Expr   // TIMESTAMP AS OF expr
	// AtSuffix is the raw text after @ when the @ form was used ("v3" or 17
	// digits); Version or Timestamp is then also set.
	AtSuffix string
}

// SubqueryRef is a derived table: (query) [AS] alias [(cols)].
type SubqueryRef struct {
	Query   *Query
	Alias   string
	Columns []string
}

// ValuesRef is VALUES … used in FROM: VALUES (1), (2) AS t(a).
type ValuesRef struct {
	Values  *Values
	Alias   string
	Columns []string
}

// JoinKind is the kind of a join.
type JoinKind int

// Join kinds.
const (
	InnerJoin JoinKind = iota
	LeftJoin
	RightJoin
	FullJoin
	CrossJoin
	SemiJoin // LEFT SEMI JOIN
	AntiJoin // LEFT ANTI JOIN
)

// Join combines two table expressions. A comma in FROM is a CrossJoin.
type Join struct {
	Kind        JoinKind
	Left, Right TableExpr
	On          Expr     // nil for CROSS and USING
	Using       []string // JOIN … USING (a, b)
	Natural     bool
}

func (*TableRef) tableExpr()    {}
func (*SubqueryRef) tableExpr() {}
func (*ValuesRef) tableExpr()   {}
func (*Join) tableExpr()        {}

// ---------------------------------------------------------------- expressions

// Literal is a constant: numbers, strings, booleans and NULL. Its value is
// already typed per Spark's literal rules (1 is INT, 1L BIGINT, 1.5
// DECIMAL(2,1), 1.5D and 1e3 DOUBLE, 'a' STRING, NULL VOID).
type Literal struct {
	Value value.Value
}

// TypedLiteral is DATE 'text' or TIMESTAMP 'text' (Type is the type, Text the
// string as written after unescaping). The analyzer parses the text.
type TypedLiteral struct {
	Type value.Type
	Text string
}

// ColumnRef is a possibly qualified column name: a, t.a, s.t.a, c.s.t.a.
type ColumnRef struct {
	Name Name
}

// ColumnIndex is the column at position Index of a query block's input,
// named Name. The analyzer makes it when it expands * (which selects by
// position, so duplicate names are fine); the parser never does.
type ColumnIndex struct {
	Index int
	Name  string
}

// Star is * or t.* in a select list (Qualifier empty for a bare *).
type Star struct {
	Qualifier Name
}

// Param is a parameter marker: positional ? (Name "", Index counts from 0 in
// order of appearance) or named :name (Index -1).
type Param struct {
	Index int
	Name  string
}

// Unary is a prefix operator: "-", "+", "NOT", "~".
type Unary struct {
	Op string
	X  Expr
}

// Binary is an infix operator. Op is one of:
//
//   - - * / % div ||
//     = <> < <= > >= <=>     (!= and == are normalised to <> and =)
//     AND OR
//     & | ^
//
// a IS [NOT] DISTINCT FROM b is parsed as [NOT] (a <=> b).
type Binary struct {
	Op   string
	L, R Expr
}

// IsNull is x IS [NOT] NULL.
type IsNull struct {
	X   Expr
	Not bool
}

// IsBool is x IS [NOT] TRUE / FALSE (Value is the boolean tested).
type IsBool struct {
	X     Expr
	Value bool
	Not   bool
}

// Between is x [NOT] BETWEEN lo AND hi.
type Between struct {
	X, Lo, Hi Expr
	Not       bool
}

// InList is x [NOT] IN (e1, e2, …).
type InList struct {
	X    Expr
	List []Expr
	Not  bool
}

// InSubquery is x [NOT] IN (query). X is a *Tuple for (a, b) IN (SELECT …).
type InSubquery struct {
	X     Expr
	Query *Query
	Not   bool
}

// Exists is [NOT] EXISTS (query).
type Exists struct {
	Query *Query
	Not   bool
}

// Subquery is a scalar subquery: (SELECT …) used as a value.
type Subquery struct {
	Query *Query
}

// Like is x [NOT] LIKE|ILIKE|RLIKE|REGEXP pattern [ESCAPE 'c'].
type Like struct {
	Op      string // "LIKE", "ILIKE" or "RLIKE" (REGEXP is RLIKE)
	X       Expr
	Pattern Expr
	Escape  string // "" means the default, backslash
	Not     bool
}

// Case is CASE [operand] WHEN … THEN … [ELSE …] END.
type Case struct {
	Operand Expr // nil for a searched CASE
	Whens   []When
	Else    Expr // nil means NULL
}

// When is one WHEN cond THEN result arm.
type When struct {
	Cond, Result Expr
}

// Cast is CAST(x AS type), TRY_CAST(x AS type) (Try), or x::type.
type Cast struct {
	X    Expr
	Type value.Type
	Try  bool
}

// Call is a function call. Name is lower case and unqualified. Star is set for
// count(*) (Args is then empty). Distinct is set for f(DISTINCT …).
type Call struct {
	Name     string
	Args     []Expr
	Distinct bool
	Star     bool
}

// Tuple is a parenthesised list of two or more expressions, (a, b), allowed
// on the left of IN.
type Tuple struct {
	Exprs []Expr
}

func (*Literal) expr()      {}
func (*TypedLiteral) expr() {}
func (*ColumnRef) expr()    {}
func (*Star) expr()         {}
func (*ColumnIndex) expr()  {}
func (*Param) expr()        {}
func (*Unary) expr()        {}
func (*Binary) expr()       {}
func (*IsNull) expr()       {}
func (*IsBool) expr()       {}
func (*Between) expr()      {}
func (*InList) expr()       {}
func (*InSubquery) expr()   {}
func (*Exists) expr()       {}
func (*Subquery) expr()     {}
func (*Like) expr()         {}
func (*Case) expr()         {}
func (*Cast) expr()         {}
func (*Call) expr()         {}
func (*Tuple) expr()        {}

// ---------------------------------------------------------------- statements

// CreateCatalog is CREATE CATALOG [IF NOT EXISTS] name [COMMENT 'c'].
type CreateCatalog struct {
	Name        string
	IfNotExists bool
	Comment     *string
}

// DropCatalog is DROP CATALOG [IF EXISTS] name [RESTRICT|CASCADE].
type DropCatalog struct {
	Name     string
	IfExists bool
	Cascade  bool
}

// CreateSchema is CREATE {SCHEMA|DATABASE} [IF NOT EXISTS] [c.]s [COMMENT 'c'].
type CreateSchema struct {
	Name        Name
	IfNotExists bool
	Comment     *string
}

// DropSchema is DROP {SCHEMA|DATABASE} [IF EXISTS] [c.]s [RESTRICT|CASCADE].
type DropSchema struct {
	Name     Name
	IfExists bool
	Cascade  bool
}

// UseCatalog is {USE|SET} CATALOG name.
type UseCatalog struct {
	Name string
}

// UseSchema is USE [SCHEMA|DATABASE] [c.]s.
type UseSchema struct {
	Name Name
}

// ShowKind says what a Show statement lists.
type ShowKind int

// What SHOW can list.
const (
	ShowCatalogs ShowKind = iota
	ShowSchemas
	ShowTables
	ShowViews
	ShowColumns
	ShowTblProperties
)

// Show is SHOW CATALOGS | SCHEMAS [IN c] | TABLES [IN [c.]s] | VIEWS [IN [c.]s]
// | COLUMNS IN t | TBLPROPERTIES t, each with an optional [LIKE] 'pattern'.
type Show struct {
	Kind    ShowKind
	In      Name    // the container or table, nil when not given
	Pattern *string // the LIKE pattern, nil when not given
	Key     *string // SHOW TBLPROPERTIES t ('key'): the one key to show
}

// ColumnDef is a column in CREATE TABLE.
type ColumnDef struct {
	Name    string
	Type    value.Type
	NotNull bool
	Comment *string
	Default Expr // DEFAULT expr, nil when absent
}

// Property is a key = value pair of TBLPROPERTIES or OPTIONS.
type Property struct {
	Key   string
	Value string
}

// CreateTable is CREATE [OR REPLACE] TABLE [IF NOT EXISTS] name [(cols)]
// [USING fmt] [PARTITIONED BY (…)] [COMMENT 'c'] [TBLPROPERTIES (…)] [AS query],
// and REPLACE TABLE … (Replace without create).
type CreateTable struct {
	Name        Name
	OrReplace   bool
	ReplaceOnly bool // REPLACE TABLE without CREATE
	IfNotExists bool
	Columns     []ColumnDef
	Using       string // "" when not given; otherwise lower case, e.g. "delta"
	PartitionBy []string
	Comment     *string
	Properties  []Property
	AsQuery     *Query // CTAS
	// Clone is set for … [SHALLOW|DEEP] CLONE source.
	Clone *Clone
}

// Clone is the CLONE part of CREATE TABLE.
type Clone struct {
	Shallow bool
	Source  *TableRef // with its TimeTravel, if any
}

// DropTable is DROP TABLE [IF EXISTS] name.
type DropTable struct {
	Name     Name
	IfExists bool
}

// Insert is INSERT {INTO|OVERWRITE} [TABLE] t [(cols)] query, where query is
// a Query whose body may be *Values.
type Insert struct {
	Table        Name
	Overwrite    bool
	Columns      []string // nil when no column list
	ByName       bool
	Query        *Query
	ReplaceWhere Expr // INSERT INTO t REPLACE WHERE cond query
}

// Describe is DESCRIBE [TABLE] [EXTENDED] t, DESCRIBE HISTORY t [LIMIT n] and
// DESCRIBE DETAIL t.
type Describe struct {
	Name     Name
	Extended bool
	History  bool
	Detail   bool
	Limit    Expr // DESCRIBE HISTORY … LIMIT n
}

// CreateView is CREATE [OR REPLACE] [TEMPORARY] VIEW [IF NOT EXISTS] v [(cols)]
// [COMMENT 'c'] [TBLPROPERTIES (…)] AS query.
type CreateView struct {
	Name        Name
	OrReplace   bool
	IfNotExists bool
	Temporary   bool
	Columns     []ViewColumn
	Comment     *string
	Properties  []Property
	Query       *Query
	// Text is the source text of the query after AS, exactly as written.
	Text string
}

// ViewColumn is a column alias in CREATE VIEW v (a COMMENT 'x', b).
type ViewColumn struct {
	Name    string
	Comment *string
}

// AlterView is ALTER VIEW v AS query.
type AlterView struct {
	Name  Name
	Query *Query
	Text  string // source text of the query
}

// DropView is DROP VIEW [IF EXISTS] v.
type DropView struct {
	Name     Name
	IfExists bool
}

// SetConfig is SET key = value, SET key (Value nil: show one), or SET (Key ""
// : show all).
type SetConfig struct {
	Key   string
	Value *string
}

func (*Query) stmt()         {}
func (*CreateCatalog) stmt() {}
func (*DropCatalog) stmt()   {}
func (*CreateSchema) stmt()  {}
func (*DropSchema) stmt()    {}
func (*UseCatalog) stmt()    {}
func (*UseSchema) stmt()     {}
func (*Show) stmt()          {}
func (*CreateTable) stmt()   {}
func (*DropTable) stmt()     {}
func (*Insert) stmt()        {}
func (*Describe) stmt()      {}
func (*CreateView) stmt()    {}
func (*AlterView) stmt()     {}
func (*DropView) stmt()      {}
func (*SetConfig) stmt()     {}
