package ast

// This file holds the statements of Delta Lake DML and maintenance, and of
// Unity Catalog governance.

// Assignment is one `column = expr` of UPDATE SET or MERGE … UPDATE SET.
// Column may be qualified (t.c) in MERGE.
type Assignment struct {
	Column Name
	Value  Expr
}

// Delete is DELETE FROM t [[AS] alias] [WHERE cond].
type Delete struct {
	Table *TableRef
	Where Expr
}

// Update is UPDATE t [[AS] alias] SET c = e, … [WHERE cond].
type Update struct {
	Table *TableRef
	Set   []Assignment
	Where Expr
}

// MergeMatch says which rows a MERGE clause applies to.
type MergeMatch int

// The kinds of MERGE clause.
const (
	WhenMatched         MergeMatch = iota // WHEN MATCHED
	WhenNotMatched                        // WHEN NOT MATCHED [BY TARGET]
	WhenNotMatchedBySrc                   // WHEN NOT MATCHED BY SOURCE
)

// MergeAction is what a MERGE clause does.
type MergeAction int

// The MERGE actions.
const (
	MergeUpdate MergeAction = iota // UPDATE SET … or UPDATE SET *
	MergeDelete                    // DELETE
	MergeInsert                    // INSERT (…) VALUES (…) or INSERT *
)

// MergeClause is one WHEN … THEN … clause.
type MergeClause struct {
	Match  MergeMatch
	Cond   Expr // the AND condition, nil when absent
	Action MergeAction
	// Set is the UPDATE SET list; Star is set for UPDATE SET * and INSERT *.
	Set  []Assignment
	Star bool
	// Columns and Values are the INSERT column list (nil when omitted) and
	// its VALUES.
	Columns []string
	Values  []Expr
}

// Merge is MERGE [WITH SCHEMA EVOLUTION] INTO target [[AS] t] USING source
// [[AS] s] ON cond WHEN … clauses.
type Merge struct {
	Target          *TableRef
	Source          TableExpr // *TableRef or *SubqueryRef, with its alias
	On              Expr
	Clauses         []MergeClause
	SchemaEvolution bool
}

// Truncate is TRUNCATE TABLE t.
type Truncate struct {
	Table Name
}

// AlterTable is ALTER TABLE t <action>. Exactly one action field is set.
type AlterTable struct {
	Name Name
	// AddColumns is ADD COLUMN[S] (col type …, …).
	AddColumns []ColumnDef
	// RenameTo is RENAME TO new_name.
	RenameTo Name
	// SetProperties is SET TBLPROPERTIES ('k' = 'v', …).
	SetProperties []Property
	// UnsetProperties is UNSET TBLPROPERTIES [IF EXISTS] ('k', …).
	UnsetProperties []string
	UnsetIfExists   bool
}

// SetOwner is ALTER {CATALOG|SCHEMA|TABLE|VIEW} x [SET] OWNER TO principal.
type SetOwner struct {
	Securable Securable
	Principal string
}

// Securable names a Unity Catalog object in GRANT, REVOKE, SHOW GRANTS and
// ALTER … OWNER TO. Kind is "CATALOG", "SCHEMA", "TABLE", "VIEW" or
// "METASTORE" (SCHEMA also stands for DATABASE). Name is empty for METASTORE
// and may be empty for CATALOG (the current catalog).
type Securable struct {
	Kind string
	Name Name
}

// Grant is GRANT privilege, … ON securable TO principal. Privileges are in
// upper case with single spaces ("SELECT", "USE CATALOG", "ALL PRIVILEGES").
type Grant struct {
	Privileges []string
	On         Securable
	Principal  string
}

// Revoke is REVOKE privilege, … ON securable FROM principal.
type Revoke struct {
	Privileges []string
	On         Securable
	Principal  string
}

// ShowGrants is SHOW GRANT[S] [principal] ON securable.
type ShowGrants struct {
	Principal string // "" when not given
	On        Securable
}

// Restore is RESTORE [TABLE] t [TO] VERSION AS OF n | TIMESTAMP AS OF ts.
type Restore struct {
	Table     Name
	Version   *int64
	Timestamp Expr
}

// Vacuum is VACUUM t [RETAIN n HOURS] [DRY RUN].
type Vacuum struct {
	Table       Name
	RetainHours *float64
	DryRun      bool
}

// Optimize is OPTIMIZE t [WHERE cond] [ZORDER BY (cols)].
type Optimize struct {
	Table    Name
	Where    Expr
	ZOrderBy []string
}

// Transaction is BEGIN [TRANSACTION|WORK], COMMIT [TRANSACTION|WORK] or
// ROLLBACK [TRANSACTION|WORK]; Op is "BEGIN", "COMMIT" or "ROLLBACK".
type Transaction struct {
	Op string
}

func (*Delete) stmt()      {}
func (*Update) stmt()      {}
func (*Merge) stmt()       {}
func (*Truncate) stmt()    {}
func (*AlterTable) stmt()  {}
func (*SetOwner) stmt()    {}
func (*Grant) stmt()       {}
func (*Revoke) stmt()      {}
func (*ShowGrants) stmt()  {}
func (*Restore) stmt()     {}
func (*Vacuum) stmt()      {}
func (*Optimize) stmt()    {}
func (*Transaction) stmt() {}
