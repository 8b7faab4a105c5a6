package parser

import (
	"strings"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/ast"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
)

// unsupportedStatements lists the first words of Databricks statements the
// warehouse does not implement; they fail with UNSUPPORTED_FEATURE rather
// than a syntax error.
var unsupportedStatements = map[string]bool{
	"ADD": true, "ANALYZE": true, "CACHE": true, "CALL": true, "CLEAR": true,
	"COMMENT": true, "CONVERT": true, "COPY": true, "DECLARE": true, "DENY": true,
	"EXECUTE": true, "EXPLAIN": true, "FSCK": true, "GET": true, "LIST": true, "LOAD": true,
	"MSCK": true, "PUT": true, "REFRESH": true, "REMOVE": true, "REORG": true, "REPAIR": true,
	"RESET": true, "START": true, "SYNC": true, "UNCACHE": true, "UNDROP": true, "UNSET": true,
}

// unsupportedObjects lists object kinds that CREATE, DROP and ALTER know in
// Databricks but the warehouse does not.
var unsupportedObjects = map[string]bool{
	"CONNECTION": true, "FUNCTION": true, "INDEX": true, "LIVE": true, "LOCATION": true,
	"MATERIALIZED": true, "PROCEDURE": true, "PROVIDER": true, "RECIPIENT": true, "ROLE": true,
	"SERVER": true, "SHARE": true, "STREAMING": true, "VARIABLE": true, "VOLUME": true,
	"CREDENTIAL": true, "EXTERNAL": true, "GROUP": true, "USER": true, "TEMPORARY": true,
	"TEMP": true, "METASTORE": true, "CLEAN": true,
}

// wordUpper returns the current token's text in upper case when it is a word.
func (p *parser) wordUpper() (string, bool) {
	t := p.cur()
	if t.kind != tkWord {
		return "", false
	}
	return strings.ToUpper(p.text(t)), true
}

func (p *parser) parseStatement() (ast.Statement, error) {
	t := p.cur()
	if t.kind == tkLParen {
		return p.parseQuery()
	}
	switch t.kw {
	case kwWith:
		ctes, err := p.parseWith()
		if err != nil {
			return nil, err
		}
		if p.isKw(kwInsert) {
			ins, err := p.parseInsert()
			if err != nil {
				return nil, err
			}
			ins.Query = &ast.Query{With: ctes, Body: ins.Query}
			return ins, nil
		}
		if p.isWord("DELETE") || p.isWord("UPDATE") || p.isWord("MERGE") {
			return nil, unsupported("WITH before DELETE, UPDATE or MERGE")
		}
		return p.parseQueryRest(ctes)
	case kwSelect, kwValues, kwTable, kwFrom:
		if t.kind == tkWord {
			return p.parseQuery()
		}
	case kwCreate:
		return p.parseCreate()
	case kwReplace:
		p.next()
		if !p.isKw(kwTable) {
			return nil, p.syntaxError()
		}
		return p.parseCreateTable(false, true)
	case kwDrop:
		return p.parseDrop()
	case kwUse:
		return p.parseUse()
	case kwSet:
		return p.parseSet()
	case kwShow:
		return p.parseShow()
	case kwDescribe, kwDesc:
		return p.parseDescribe()
	case kwInsert:
		return p.parseInsert()
	case kwAlter:
		return p.parseAlter()
	}
	if w, ok := p.wordUpper(); ok {
		switch w {
		case "DELETE":
			return p.parseDelete()
		case "UPDATE":
			return p.parseUpdate()
		case "MERGE":
			return p.parseMerge()
		case "TRUNCATE":
			return p.parseTruncate()
		case "GRANT":
			return p.parseGrant(false)
		case "REVOKE":
			return p.parseGrant(true)
		case "RESTORE":
			return p.parseRestore()
		case "VACUUM":
			return p.parseVacuum()
		case "OPTIMIZE":
			return p.parseOptimize()
		case "BEGIN", "COMMIT", "ROLLBACK":
			return p.parseTransaction(w)
		}
		if unsupportedStatements[w] {
			return nil, unsupported(w + " statements")
		}
	}
	return nil, p.syntaxError()
}

// ifNotExists parses an optional IF NOT EXISTS.
func (p *parser) ifNotExists() bool {
	if p.isKw(kwIf) && p.peek(1).is(kwNot) && p.peek(2).is(kwExists) {
		p.next()
		p.next()
		p.next()
		return true
	}
	return false
}

// ifExists parses an optional IF EXISTS.
func (p *parser) ifExists() bool {
	if p.isKw(kwIf) && p.peek(1).is(kwExists) {
		p.next()
		p.next()
		return true
	}
	return false
}

// restrictOrCascade parses an optional RESTRICT or CASCADE and reports
// CASCADE.
func (p *parser) restrictOrCascade() bool {
	if p.acceptKw(kwCascade) {
		return true
	}
	p.acceptKw(kwRestrict)
	return false
}

// commentClause parses COMMENT 'text' into *dst, failing on a second one.
func (p *parser) commentClause(dst **string) error {
	p.next()
	if *dst != nil {
		p.deferErr(duplicateClause("COMMENT"))
	}
	s, err := p.stringLit()
	if err != nil {
		return err
	}
	*dst = &s
	return nil
}

// tblpropertiesClause parses TBLPROPERTIES (…) into *dst; *seen records
// that the clause was read, and a second one is a duplicate.
func (p *parser) tblpropertiesClause(dst *[]ast.Property, seen *bool) error {
	p.next()
	if *seen {
		p.deferErr(duplicateClause("TBLPROPERTIES"))
	}
	*seen = true
	props, err := p.propertyList()
	if err != nil {
		return err
	}
	*dst = props
	return nil
}

func (p *parser) parseCreate() (ast.Statement, error) {
	p.next()
	orReplace := false
	if p.acceptKw(kwOr) {
		if err := p.expectKw(kwReplace); err != nil {
			return nil, err
		}
		orReplace = true
	}
	global := p.acceptKw(kwGlobal)
	temporary := p.acceptKw(kwTemporary) || p.acceptKw(kwTemp)
	if global && !temporary {
		return nil, p.syntaxError()
	}
	t := p.cur()
	switch {
	case t.is(kwTable):
		if temporary {
			return nil, unsupported("temporary tables")
		}
		return p.parseCreateTable(orReplace, false)
	case t.is(kwView):
		if global {
			return nil, unsupported("global temporary views")
		}
		return p.parseCreateView(orReplace, temporary)
	case orReplace || temporary:
	case t.is(kwCatalog):
		return p.parseCreateCatalog()
	case t.is(kwSchema), t.is(kwDatabase), t.is(kwNamespace):
		return p.parseCreateSchema()
	}
	if w, ok := p.wordUpper(); ok && unsupportedObjects[w] {
		return nil, unsupported("CREATE " + w)
	}
	return nil, p.syntaxError()
}

func (p *parser) parseCreateCatalog() (ast.Statement, error) {
	p.next()
	c := &ast.CreateCatalog{IfNotExists: p.ifNotExists()}
	name, err := p.namePart(true)
	if err != nil {
		return nil, err
	}
	c.Name = name
	if err := p.containerClauses(&c.Comment, "MANAGED LOCATION", kwUsing, "CREATE CATALOG … USING SHARE"); err != nil {
		return nil, err
	}
	return c, nil
}

func (p *parser) parseCreateSchema() (ast.Statement, error) {
	p.next()
	s := &ast.CreateSchema{IfNotExists: p.ifNotExists()}
	name, err := p.multipartName()
	if err != nil {
		return nil, err
	}
	s.Name = name
	if err := p.containerClauses(&s.Comment, "LOCATION and MANAGED LOCATION", kwWith, "WITH DBPROPERTIES"); err != nil {
		return nil, err
	}
	return s, nil
}

// containerClauses parses the clauses after CREATE CATALOG's or CREATE
// SCHEMA's name: COMMENT into *comment; [MANAGED] LOCATION (named location),
// the clause starting with keyword other (named otherFeature), OPTIONS and
// DEFAULT COLLATION fail with UNSUPPORTED_FEATURE.
func (p *parser) containerClauses(comment **string, location string, other keyword, otherFeature string) error {
	for {
		t := p.cur()
		switch {
		case t.is(kwComment):
			if err := p.commentClause(comment); err != nil {
				return err
			}
			continue
		case t.is(kwManaged), t.is(kwLocation):
			return unsupported(location)
		case t.is(other):
			return unsupported(otherFeature)
		case t.is(kwOptions):
			return unsupported("OPTIONS")
		case t.is(kwDefault):
			return unsupported("DEFAULT COLLATION")
		}
		return nil
	}
}

// parseCreateTable parses CREATE [OR REPLACE] TABLE and REPLACE TABLE from
// the TABLE keyword on.
func (p *parser) parseCreateTable(orReplace, replaceOnly bool) (ast.Statement, error) {
	p.next()
	ct := &ast.CreateTable{OrReplace: orReplace, ReplaceOnly: replaceOnly}
	if !orReplace && !replaceOnly {
		ct.IfNotExists = p.ifNotExists()
	}
	name, err := p.multipartName()
	if err != nil {
		return nil, err
	}
	ct.Name = name
	if t := p.cur(); t.is(kwShallow) || t.is(kwDeep) || t.is(kwClone) {
		return p.parseClone(ct)
	}
	if p.isKw(kwLike) {
		return nil, unsupported("CREATE TABLE … LIKE")
	}
	if p.cur().kind == tkLParen && !p.parenLeadsToQuery(0) {
		if ct.Columns, err = p.parseColumnDefs(); err != nil {
			return nil, err
		}
	}
	if p.acceptKw(kwUsing) {
		format, err := p.multipartName()
		if err != nil {
			return nil, err
		}
		ct.Using = strings.ToLower(strings.Join(format, "."))
	}
	var partitioned, props bool
clauses:
	for {
		t := p.cur()
		switch {
		case t.is(kwPartitioned):
			p.next()
			if err := p.expectKw(kwBy); err != nil {
				return nil, err
			}
			if partitioned {
				p.deferErr(duplicateClause("PARTITIONED BY"))
			}
			partitioned = true
			if ct.PartitionBy, err = p.parsePartitionCols(); err != nil {
				return nil, err
			}
		case t.is(kwComment):
			if err := p.commentClause(&ct.Comment); err != nil {
				return nil, err
			}
		case t.is(kwTblproperties):
			if err := p.tblpropertiesClause(&ct.Properties, &props); err != nil {
				return nil, err
			}
		case t.is(kwCluster) && p.peek(1).is(kwBy):
			return nil, unsupported("CLUSTER BY (liquid clustering)")
		case t.is(kwOptions):
			return nil, unsupported("OPTIONS")
		case t.is(kwLocation):
			return nil, unsupported("LOCATION (external tables)")
		case t.is(kwRow), t.is(kwStored), t.is(kwClustered), t.is(kwSkewed):
			return nil, unsupported("Hive table clauses")
		case t.is(kwDefault) && p.peek(1).is(kwCollation):
			return nil, unsupported("DEFAULT COLLATION")
		case t.is(kwWith) && p.peek(1).is(kwRow):
			return nil, unsupported("row filters")
		default:
			break clauses
		}
	}
	if p.acceptKw(kwAs) || isQueryStart(p.cur()) || p.cur().kind == tkLParen {
		if ct.AsQuery, err = p.parseQuery(); err != nil {
			return nil, err
		}
		if ct.Columns != nil {
			p.deferErr(invalidSyntax("Schema may not be specified in a Create Table As Select (CTAS) statement."))
		}
	}
	return ct, nil
}

// parseClone parses [SHALLOW|DEEP] CLONE source [TBLPROPERTIES (…)].
func (p *parser) parseClone(ct *ast.CreateTable) (ast.Statement, error) {
	c := &ast.Clone{}
	if p.acceptKw(kwShallow) {
		c.Shallow = true
	} else {
		p.acceptKw(kwDeep)
	}
	if err := p.expectKw(kwClone); err != nil {
		return nil, err
	}
	src, err := p.parseTableRef()
	if err != nil {
		return nil, err
	}
	c.Source = src
	ct.Clone = c
	if p.acceptKw(kwTblproperties) {
		if ct.Properties, err = p.propertyList(); err != nil {
			return nil, err
		}
	}
	if p.isKw(kwLocation) {
		return nil, unsupported("LOCATION (external tables)")
	}
	return ct, nil
}

// parseColumnDefs parses (col type [NOT NULL] [DEFAULT expr] [COMMENT 'c'], …).
func (p *parser) parseColumnDefs() ([]ast.ColumnDef, error) {
	p.next()
	var cols []ast.ColumnDef
	for {
		if t := p.cur(); t.is(kwConstraint) || t.is(kwPrimary) || t.is(kwForeign) {
			return nil, unsupported("table constraints")
		}
		name, err := p.namePart(false)
		if err != nil {
			return nil, err
		}
		typ, err := p.parseDataType()
		if err != nil {
			return nil, err
		}
		col := ast.ColumnDef{Name: name, Type: typ}
		if err := p.parseColumnOptions(&col); err != nil {
			return nil, err
		}
		cols = append(cols, col)
		if !p.accept(tkComma) {
			break
		}
	}
	return cols, p.expect(tkRParen)
}

func (p *parser) parseColumnOptions(col *ast.ColumnDef) error {
	var notNull, def bool
	for {
		t := p.cur()
		switch {
		case t.is(kwNot) || t.kind == tkBang:
			p.next()
			if err := p.expectKw(kwNull); err != nil {
				return err
			}
			if notNull {
				p.deferErr(duplicateClause("NOT NULL"))
			}
			notNull = true
			col.NotNull = true
		case t.is(kwDefault):
			p.next()
			if def {
				p.deferErr(duplicateClause("DEFAULT"))
			}
			def = true
			e, err := p.parseExpr()
			if err != nil {
				return err
			}
			col.Default = e
		case t.is(kwComment):
			if err := p.commentClause(&col.Comment); err != nil {
				return err
			}
		case t.is(kwGenerated):
			return unsupported("generated and identity columns")
		case t.is(kwMask):
			return unsupported("column masks")
		case t.is(kwPrimary), t.is(kwConstraint), t.is(kwForeign):
			return unsupported("column constraints")
		case t.is(kwCollate):
			return unsupported("collations")
		default:
			return nil
		}
	}
}

// parsePartitionCols parses the column list of PARTITIONED BY.
func (p *parser) parsePartitionCols() ([]string, error) {
	if err := p.expect(tkLParen); err != nil {
		return nil, err
	}
	var cols []string
	for {
		name, err := p.namePart(false)
		if err != nil {
			return nil, err
		}
		switch t := p.cur(); {
		case t.kind == tkComma || t.kind == tkRParen:
		case t.kind == tkLParen || t.kind == tkDot:
			return nil, unsupported("partition transforms")
		case t.kind == tkWord:
			return nil, unsupported("typed partition columns")
		default:
			return nil, p.syntaxError()
		}
		cols = append(cols, name)
		if !p.accept(tkComma) {
			break
		}
	}
	return cols, p.expect(tkRParen)
}

// propertyList parses ('key' = 'value', a.b = 1, …) for TBLPROPERTIES. Keys
// are strings or dotted identifiers; values are strings, numbers or booleans
// (lower case).
func (p *parser) propertyList() ([]ast.Property, error) {
	if err := p.expect(tkLParen); err != nil {
		return nil, err
	}
	var props []ast.Property
	for {
		var key string
		if p.cur().kind == tkString {
			s, err := p.stringLit()
			if err != nil {
				return nil, err
			}
			key = s
		} else {
			parts := make([]string, 0, 4)
			for {
				part, err := p.anyIdent()
				if err != nil {
					return nil, err
				}
				parts = append(parts, part)
				if !p.accept(tkDot) {
					break
				}
			}
			key = strings.Join(parts, ".")
		}
		p.accept(tkEq)
		var val string
		switch t := p.cur(); {
		case t.kind == tkString:
			s, err := p.stringLit()
			if err != nil {
				return nil, err
			}
			val = s
		case t.kind == tkNumber && (t.num == numInt || t.num == numDecimal):
			val = p.text(t)
			p.next()
		case t.is(kwTrue), t.is(kwFalse):
			val = strings.ToLower(p.text(t))
			p.next()
		default:
			return nil, p.syntaxError()
		}
		props = append(props, ast.Property{Key: key, Value: val})
		if !p.accept(tkComma) {
			break
		}
	}
	return props, p.expect(tkRParen)
}

// queryText parses a query and returns it with its exact source text.
func (p *parser) queryText() (*ast.Query, string, error) {
	start := p.cur().pos
	q, err := p.parseQuery()
	if err != nil {
		return nil, "", err
	}
	return q, strings.TrimSpace(p.src[start:p.lastEnd]), nil
}

// noMarkersSince defers an error if parameter markers were parsed since the
// given counts: views store their text, so markers cannot be bound.
func (p *parser) noMarkersSince(positional, named int, statement string) {
	if p.positional > positional || len(p.named) > named {
		p.deferErr(errclass.New("UNSUPPORTED_FEATURE.PARAMETER_MARKER_IN_UNEXPECTED_STATEMENT",
			"The feature is not supported: Parameter markers are not allowed in %s.", statement))
	}
}

func (p *parser) parseCreateView(orReplace, temporary bool) (ast.Statement, error) {
	p.next()
	v := &ast.CreateView{OrReplace: orReplace, Temporary: temporary, IfNotExists: p.ifNotExists()}
	name, err := p.multipartName()
	if err != nil {
		return nil, err
	}
	v.Name = name
	if p.cur().kind == tkLParen {
		p.next()
		for {
			col, err := p.namePart(false)
			if err != nil {
				return nil, err
			}
			vc := ast.ViewColumn{Name: col}
			if p.acceptKw(kwComment) {
				s, err := p.stringLit()
				if err != nil {
					return nil, err
				}
				vc.Comment = &s
			}
			v.Columns = append(v.Columns, vc)
			if !p.accept(tkComma) {
				break
			}
		}
		if err := p.expect(tkRParen); err != nil {
			return nil, err
		}
	}
	props := false
clauses:
	for {
		t := p.cur()
		switch {
		case t.is(kwComment):
			if err := p.commentClause(&v.Comment); err != nil {
				return nil, err
			}
		case t.is(kwTblproperties):
			if err := p.tblpropertiesClause(&v.Properties, &props); err != nil {
				return nil, err
			}
		case t.is(kwWith) && p.peek(1).is(kwSchema):
			return nil, unsupported("WITH SCHEMA")
		case t.is(kwPartitioned):
			return nil, unsupported("PARTITIONED ON")
		case t.is(kwDefault) && p.peek(1).is(kwCollation):
			return nil, unsupported("DEFAULT COLLATION")
		default:
			break clauses
		}
	}
	if err := p.expectKw(kwAs); err != nil {
		return nil, err
	}
	pos, named := p.positional, len(p.named)
	if v.Query, v.Text, err = p.queryText(); err != nil {
		return nil, err
	}
	switch {
	case orReplace && v.IfNotExists:
		p.deferErr(invalidSyntax("CREATE VIEW with both IF NOT EXISTS and REPLACE is not allowed."))
	case temporary && props:
		p.deferErr(invalidSyntax("Operation not allowed: TBLPROPERTIES can't coexist with CREATE TEMPORARY VIEW."))
	case temporary && len(name) > 1:
		p.deferErr(errclass.New("TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS",
			"CREATE TEMPORARY VIEW or the corresponding Dataset APIs only accept single-part view names, but got: %s.",
			errclass.Ident(name...)))
	case temporary && v.IfNotExists:
		p.deferErr(invalidSyntax("It is not allowed to define a TEMPORARY view with IF NOT EXISTS."))
	}
	p.noMarkersSince(pos, named, "CREATE VIEW")
	return v, nil
}

func (p *parser) parseAlter() (ast.Statement, error) {
	p.next()
	t := p.cur()
	switch {
	case t.is(kwTable):
		return p.parseAlterTable()
	case t.is(kwCatalog), t.is(kwSchema), t.is(kwDatabase):
		kind := "CATALOG"
		if !t.is(kwCatalog) {
			kind = "SCHEMA"
		}
		p.next()
		name, err := p.multipartName()
		if err != nil {
			return nil, err
		}
		if p.isOwnerTo() {
			return p.ownerTo(kind, name)
		}
		if w, ok := p.wordUpper(); ok {
			return nil, unsupported("ALTER " + kind + " … " + w)
		}
		return nil, p.syntaxError()
	case !t.is(kwView):
		if w, ok := p.wordUpper(); ok {
			return nil, unsupported("ALTER " + w)
		}
		return nil, p.syntaxError()
	}
	p.next()
	name, err := p.multipartName()
	if err != nil {
		return nil, err
	}
	if p.isOwnerTo() {
		return p.ownerTo("VIEW", name)
	}
	if !p.acceptKw(kwAs) && !isQueryStart(p.cur()) && p.cur().kind != tkLParen {
		if w, ok := p.wordUpper(); ok {
			return nil, unsupported("ALTER VIEW … " + w)
		}
		return nil, p.syntaxError()
	}
	a := &ast.AlterView{Name: name}
	pos, named := p.positional, len(p.named)
	if a.Query, a.Text, err = p.queryText(); err != nil {
		return nil, err
	}
	p.noMarkersSince(pos, named, "ALTER VIEW")
	return a, nil
}

func (p *parser) parseDrop() (ast.Statement, error) {
	p.next()
	t := p.cur()
	switch {
	case t.is(kwCatalog):
		p.next()
		d := &ast.DropCatalog{IfExists: p.ifExists()}
		name, err := p.namePart(true)
		if err != nil {
			return nil, err
		}
		d.Name = name
		d.Cascade = p.restrictOrCascade()
		return d, nil
	case t.is(kwSchema), t.is(kwDatabase), t.is(kwNamespace):
		p.next()
		d := &ast.DropSchema{IfExists: p.ifExists()}
		name, err := p.multipartName()
		if err != nil {
			return nil, err
		}
		d.Name = name
		d.Cascade = p.restrictOrCascade()
		return d, nil
	case t.is(kwTable):
		p.next()
		d := &ast.DropTable{IfExists: p.ifExists()}
		name, err := p.multipartName()
		if err != nil {
			return nil, err
		}
		d.Name = name
		if p.isKw(kwPurge) {
			return nil, unsupported("DROP TABLE … PURGE")
		}
		return d, nil
	case t.is(kwView):
		p.next()
		d := &ast.DropView{IfExists: p.ifExists()}
		name, err := p.multipartName()
		if err != nil {
			return nil, err
		}
		d.Name = name
		return d, nil
	}
	if w, ok := p.wordUpper(); ok && unsupportedObjects[w] {
		return nil, unsupported("DROP " + w)
	}
	return nil, p.syntaxError()
}

// catalogName parses a catalog name given as an identifier or a string.
func (p *parser) catalogName() (string, error) {
	if p.cur().kind == tkString {
		return p.stringLit()
	}
	return p.namePart(true)
}

func (p *parser) parseUse() (ast.Statement, error) {
	p.next()
	t := p.cur()
	n := p.peek(1)
	named := n.kind != tkEOF && n.kind != tkSemi && n.kind != tkDot
	switch {
	case t.is(kwCatalog) && named:
		p.next()
		name, err := p.catalogName()
		if err != nil {
			return nil, err
		}
		return &ast.UseCatalog{Name: name}, nil
	case (t.is(kwSchema) || t.is(kwDatabase) || t.is(kwNamespace)) && named:
		p.next()
	case t.is(kwIdentifier) && n.kind == tkLParen:
		return nil, unsupported("the IDENTIFIER clause")
	}
	name, err := p.multipartName()
	if err != nil {
		return nil, err
	}
	return &ast.UseSchema{Name: name}, nil
}

// parseSet parses SET CATALOG and the raw SET forms: SET, SET key and
// SET key = value, where the value is the rest of the text, trimmed.
func (p *parser) parseSet() (ast.Statement, error) {
	setTok := p.cur()
	p.next()
	t := p.cur()
	switch {
	case t.is(kwCatalog) && p.peek(1).kind != tkEq:
		p.next()
		name, err := p.catalogName()
		if err != nil {
			return nil, err
		}
		return &ast.UseCatalog{Name: name}, nil
	case t.is(kwTime) && p.peek(1).is(kwZone):
		return nil, unsupported("SET TIME ZONE")
	case t.is(kwVar), t.is(kwVariable):
		return nil, unsupported("SQL variables")
	}
	return parseSetText(p.src[setTok.end:])
}

func invalidSet() error {
	return errclass.New("INVALID_SET_SYNTAX",
		"Expected format is 'SET', 'SET key', or 'SET key=value'. If you want to include special characters in key, or include semicolon in value, please use backquotes, e.g., SET `key`=`value`.")
}

// unbackquote removes the backquotes around s, undoing doubled backquotes; ok
// is false when s is not one backquoted name.
func unbackquote(s string) (string, bool) {
	if len(s) < 2 || s[0] != '`' || s[len(s)-1] != '`' {
		return "", false
	}
	body := s[1 : len(s)-1]
	for i := 0; i < len(body); i++ {
		if body[i] == '`' {
			if i+1 >= len(body) || body[i+1] != '`' {
				return "", false
			}
			i++
		}
	}
	return strings.ReplaceAll(body, "``", "`"), true
}

// isSetKeyChar reports the characters Spark allows in an unquoted SET key.
func isSetKeyChar(c byte) bool {
	return isASCIIWordChar(c) || c == '.' || c == ':' || c == '\\'
}

// parseSetText parses the text after SET the way Spark's SET command does.
func parseSetText(rest string) (ast.Statement, error) {
	body := strings.TrimRight(strings.TrimSpace(rest), "; \t\n\r\f\v")
	if body == "" {
		return &ast.SetConfig{}, nil
	}
	if body == "-v" {
		return nil, unsupported("SET -v")
	}
	var key, after string
	if body[0] == '`' {
		end := 1
		for end < len(body) {
			if body[end] == '`' {
				if end+1 < len(body) && body[end+1] == '`' {
					end += 2
					continue
				}
				break
			}
			end++
		}
		if end >= len(body) {
			return nil, invalidSet()
		}
		k, ok := unbackquote(body[:end+1])
		if !ok {
			return nil, invalidSet()
		}
		key, after = k, body[end+1:]
	} else {
		i := 0
		for i < len(body) && isSetKeyChar(body[i]) {
			i++
		}
		if i == 0 {
			return nil, invalidSet()
		}
		key, after = body[:i], body[i:]
	}
	after = strings.TrimLeft(after, " \t\n\r\f\v")
	if after == "" {
		return &ast.SetConfig{Key: key}, nil
	}
	if after[0] != '=' {
		return nil, invalidSet()
	}
	val := strings.TrimSpace(after[1:])
	if v, ok := unbackquote(val); ok {
		val = v
	} else if strings.ContainsRune(val, ';') {
		return nil, invalidSet()
	}
	return &ast.SetConfig{Key: key, Value: &val}, nil
}

// likePattern parses an optional [LIKE] 'pattern'.
func (p *parser) likePattern() (*string, error) {
	if p.acceptKw(kwLike) || p.cur().kind == tkString {
		s, err := p.stringLit()
		if err != nil {
			return nil, err
		}
		return &s, nil
	}
	return nil, nil
}

func (p *parser) parseShow() (ast.Statement, error) {
	p.next()
	t := p.cur()
	s := &ast.Show{}
	var err error
	switch {
	case t.is(kwCatalogs):
		p.next()
		s.Kind = ast.ShowCatalogs
	case t.is(kwSchemas), t.is(kwDatabases), t.is(kwNamespaces):
		p.next()
		s.Kind = ast.ShowSchemas
		if p.acceptKw(kwFrom) || p.acceptKw(kwIn) {
			if s.In, err = p.multipartName(); err != nil {
				return nil, err
			}
		}
	case t.is(kwTables), t.is(kwViews):
		p.next()
		s.Kind = ast.ShowTables
		if t.is(kwViews) {
			s.Kind = ast.ShowViews
		}
		if p.acceptKw(kwFrom) || p.acceptKw(kwIn) {
			if s.In, err = p.multipartName(); err != nil {
				return nil, err
			}
		}
	case t.is(kwColumns):
		p.next()
		s.Kind = ast.ShowColumns
		if !p.acceptKw(kwFrom) && !p.acceptKw(kwIn) {
			return nil, p.syntaxError()
		}
		table, err := p.multipartName()
		if err != nil {
			return nil, err
		}
		s.In = table
		if p.acceptKw(kwFrom) || p.acceptKw(kwIn) {
			ns, err := p.multipartName()
			if err != nil {
				return nil, err
			}
			switch {
			case len(table) == 1:
				s.In = append(ns, table[0])
			case !equalNames(ns, table[:len(table)-1]):
				p.deferErr(errclass.New("SHOW_COLUMNS_WITH_CONFLICT_NAMESPACE",
					"SHOW COLUMNS with conflicting namespaces: %s != %s.",
					errclass.Ident(ns...), errclass.Ident(table[:len(table)-1]...)))
			}
		}
		return s, nil
	case t.is(kwTblproperties):
		p.next()
		s.Kind = ast.ShowTblProperties
		if s.In, err = p.multipartName(); err != nil {
			return nil, err
		}
		if p.accept(tkLParen) {
			keys, err := p.propertyKeysInside()
			if err != nil {
				return nil, err
			}
			if len(keys) != 1 {
				return nil, p.syntaxError()
			}
			s.Key = &keys[0]
		}
		return s, nil
	case p.isWord("GRANTS") || p.isWord("GRANT"):
		return p.parseShowGrants()
	default:
		if w, ok := p.wordUpper(); ok {
			return nil, unsupported("SHOW " + w)
		}
		return nil, p.syntaxError()
	}
	if s.Pattern, err = p.likePattern(); err != nil {
		return nil, err
	}
	return s, nil
}

func equalNames(a, b ast.Name) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !strings.EqualFold(a[i], b[i]) {
			return false
		}
	}
	return true
}

func (p *parser) parseDescribe() (ast.Statement, error) {
	p.next()
	t := p.cur()
	n := p.peek(1)
	named := n.kind != tkEOF && n.kind != tkSemi && n.kind != tkDot
	d := &ast.Describe{}
	switch {
	case t.is(kwHistory) && named:
		p.next()
		if p.cur().kind == tkString {
			return nil, unsupported("DESCRIBE HISTORY of a path")
		}
		d.History = true
		name, err := p.multipartName()
		if err != nil {
			return nil, err
		}
		d.Name = name
		if p.acceptKw(kwLimit) {
			l := p.cur()
			if l.kind != tkNumber || l.num != numInt {
				return nil, p.syntaxError()
			}
			p.next()
			d.Limit = p.numberLiteral(l, false)
		}
		return d, nil
	case t.is(kwDetail) && named:
		p.next()
		if p.cur().kind == tkString {
			return nil, unsupported("DESCRIBE DETAIL of a path")
		}
		d.Detail = true
		name, err := p.multipartName()
		if err != nil {
			return nil, err
		}
		d.Name = name
		return d, nil
	case isQueryStart(t) && !t.is(kwTable) || t.kind == tkLParen:
		return nil, unsupported("DESCRIBE QUERY")
	case named && t.kind == tkWord:
		switch t.kw {
		case kwCatalog, kwSchema, kwDatabase, kwNamespace:
			return nil, unsupported("DESCRIBE " + strings.ToUpper(p.text(t)))
		}
		if w := strings.ToUpper(p.text(t)); w == "FUNCTION" || w == "QUERY" || w == "VOLUME" {
			return nil, unsupported("DESCRIBE " + w)
		}
	}
	if p.isKw(kwTable) && p.peek(1).kind != tkEOF && p.peek(1).kind != tkSemi && p.peek(1).kind != tkDot {
		p.next()
	}
	if t := p.cur(); t.is(kwExtended) || t.is(kwFormatted) {
		if k := p.peek(1).kind; k != tkEOF && k != tkSemi && k != tkDot {
			p.next()
			d.Extended = true
		}
	}
	name, err := p.multipartName()
	if err != nil {
		return nil, err
	}
	d.Name = name
	switch t := p.cur(); {
	case t.is(kwPartition):
		return nil, unsupported("DESCRIBE … PARTITION")
	case t.is(kwAs):
		return nil, unsupported("DESCRIBE … AS JSON")
	case t.kind == tkWord || t.kind == tkQuoted:
		return nil, unsupported("DESCRIBE of a column")
	}
	return d, nil
}

func (p *parser) parseInsert() (*ast.Insert, error) {
	p.next()
	ins := &ast.Insert{}
	switch {
	case p.acceptKw(kwOverwrite):
		ins.Overwrite = true
		if w, ok := p.wordUpper(); ok && (w == "LOCAL" || w == "DIRECTORY") {
			return nil, unsupported("INSERT OVERWRITE DIRECTORY")
		}
	case p.isKw(kwWith):
		return nil, unsupported("INSERT WITH SCHEMA EVOLUTION")
	default:
		if err := p.expectKw(kwInto); err != nil {
			return nil, err
		}
	}
	p.acceptKw(kwTable)
	name, err := p.multipartName()
	if err != nil {
		return nil, err
	}
	ins.Table = name
	switch t := p.cur(); {
	case t.is(kwPartition):
		return nil, unsupported("PARTITION clauses in INSERT")
	case t.is(kwReplace) && !ins.Overwrite:
		p.next()
		if !p.acceptKw(kwWhere) {
			if w, ok := p.wordUpper(); ok && (w == "USING" || w == "ON") {
				return nil, unsupported("INSERT INTO … REPLACE " + w)
			}
			return nil, p.syntaxError()
		}
		if ins.ReplaceWhere, err = p.parseExpr(); err != nil {
			return nil, err
		}
	case t.is(kwIf):
		return nil, unsupported("IF NOT EXISTS in INSERT")
	case t.is(kwBy) && p.peek(1).is(kwName):
		p.next()
		p.next()
		ins.ByName = true
	case t.kind == tkLParen && !p.parenLeadsToQuery(0):
		if ins.Columns, err = p.identList(); err != nil {
			return nil, err
		}
	}
	if ins.Query, err = p.parseQuery(); err != nil {
		return nil, err
	}
	return ins, nil
}
