package parser

import (
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"strconv"
	"strings"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/ast"
)

// This file parses Delta Lake DML and maintenance statements and Unity
// Catalog governance statements (package ast, delta.go).

// isWord reports whether the current token is the unquoted word w (upper
// case), for statement words that are not keywords elsewhere.
func (p *parser) isWord(w string) bool {
	t := p.cur()
	return t.kind == tkWord && strings.EqualFold(p.text(t), w)
}

func (p *parser) acceptWord(w string) bool {
	if p.isWord(w) {
		p.next()
		return true
	}
	return false
}

func (p *parser) expectWord(w string) error {
	if !p.acceptWord(w) {
		return p.syntaxError()
	}
	return nil
}

// dmlTarget parses the table of DELETE, UPDATE and MERGE with an optional
// alias; stop is a keyword that ends the reference without being an alias.
func (p *parser) dmlTarget(stop keyword) (*ast.TableRef, error) {
	name, err := p.multipartName()
	if err != nil {
		return nil, err
	}
	ref := &ast.TableRef{Name: name}
	if stop != kwNone && p.isKw(stop) {
		return ref, nil
	}
	if ref.Alias, err = p.tableNameAlias(); err != nil {
		return nil, err
	}
	return ref, nil
}

// parseDelete parses DELETE FROM t [[AS] alias] [WHERE cond].
func (p *parser) parseDelete() (ast.Statement, error) {
	p.next()
	if err := p.expectKw(kwFrom); err != nil {
		return nil, err
	}
	d := &ast.Delete{}
	var err error
	if d.Table, err = p.dmlTarget(kwNone); err != nil {
		return nil, err
	}
	if p.acceptKw(kwWhere) {
		if d.Where, err = p.parseExpr(); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// assignments parses col = expr, … (columns may be qualified).
func (p *parser) assignments() ([]ast.Assignment, error) {
	var out []ast.Assignment
	for {
		first, err := p.namePart(false)
		if err != nil {
			return nil, err
		}
		name := ast.Name{first}
		for p.accept(tkDot) {
			part, err := p.namePart(false)
			if err != nil {
				return nil, err
			}
			name = append(name, part)
		}
		if err := p.expect(tkEq); err != nil {
			return nil, err
		}
		e, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		out = append(out, ast.Assignment{Column: name, Value: e})
		if !p.accept(tkComma) {
			return out, nil
		}
	}
}

// parseUpdate parses UPDATE t [[AS] alias] SET c = e, … [WHERE cond].
func (p *parser) parseUpdate() (ast.Statement, error) {
	p.next()
	u := &ast.Update{}
	var err error
	if u.Table, err = p.dmlTarget(kwSet); err != nil {
		return nil, err
	}
	if err := p.expectKw(kwSet); err != nil {
		return nil, err
	}
	if u.Set, err = p.assignments(); err != nil {
		return nil, err
	}
	if p.acceptKw(kwWhere) {
		if u.Where, err = p.parseExpr(); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// parseMerge parses MERGE [WITH SCHEMA EVOLUTION] INTO target [[AS] t]
// USING source [[AS] s] ON cond followed by the WHEN clauses: WHEN MATCHED
// clauses first, then WHEN NOT MATCHED [BY TARGET], then WHEN NOT MATCHED BY
// SOURCE, as in Spark's grammar.
func (p *parser) parseMerge() (ast.Statement, error) {
	p.next()
	m := &ast.Merge{}
	if p.acceptKw(kwWith) {
		if err := p.expectKw(kwSchema); err != nil {
			return nil, err
		}
		if err := p.expectWord("EVOLUTION"); err != nil {
			return nil, err
		}
		m.SchemaEvolution = true
	}
	if err := p.expectKw(kwInto); err != nil {
		return nil, err
	}
	var err error
	if m.Target, err = p.dmlTarget(kwNone); err != nil {
		return nil, err
	}
	if err := p.expectKw(kwUsing); err != nil {
		return nil, err
	}
	if p.cur().kind == tkLParen {
		p.next()
		q, err := p.parseQuery()
		if err != nil {
			return nil, err
		}
		if err := p.expect(tkRParen); err != nil {
			return nil, err
		}
		ref := &ast.SubqueryRef{Query: q}
		if ref.Alias, ref.Columns, err = p.tableAlias(); err != nil {
			return nil, err
		}
		m.Source = ref
	} else {
		ref, err := p.parseTableRef()
		if err != nil {
			return nil, err
		}
		if ref.Alias, err = p.tableNameAlias(); err != nil {
			return nil, err
		}
		m.Source = ref
	}
	if err := p.expectKw(kwOn); err != nil {
		return nil, err
	}
	if m.On, err = p.parseExpr(); err != nil {
		return nil, err
	}
	for p.isKw(kwWhen) {
		when := p.cur()
		c, err := p.mergeClause()
		if err != nil {
			return nil, err
		}
		if n := len(m.Clauses); n > 0 && m.Clauses[n-1].Match > c.Match {
			return nil, p.syntaxErrorAt(when, "")
		}
		m.Clauses = append(m.Clauses, c)
	}
	return m, nil
}

// mergeClause parses one WHEN … [AND cond] THEN action.
func (p *parser) mergeClause() (ast.MergeClause, error) {
	p.next()
	var c ast.MergeClause
	switch {
	case p.acceptWord("MATCHED"):
		c.Match = ast.WhenMatched
	case p.acceptKw(kwNot):
		if err := p.expectWord("MATCHED"); err != nil {
			return c, err
		}
		c.Match = ast.WhenNotMatched
		if p.acceptKw(kwBy) {
			switch {
			case p.acceptWord("TARGET"):
			case p.acceptWord("SOURCE"):
				c.Match = ast.WhenNotMatchedBySrc
			default:
				return c, p.syntaxError()
			}
		}
	default:
		return c, p.syntaxError()
	}
	if p.acceptKw(kwAnd) {
		cond, err := p.parseExpr()
		if err != nil {
			return c, err
		}
		c.Cond = cond
	}
	if err := p.expectKw(kwThen); err != nil {
		return c, err
	}
	var err error
	switch {
	case c.Match != ast.WhenNotMatched && p.acceptWord("DELETE"):
		c.Action = ast.MergeDelete
	case c.Match != ast.WhenNotMatched && p.isWord("UPDATE"):
		p.next()
		c.Action = ast.MergeUpdate
		if err := p.expectKw(kwSet); err != nil {
			return c, err
		}
		if c.Match == ast.WhenMatched && p.accept(tkStar) {
			c.Star = true
			return c, nil
		}
		c.Set, err = p.assignments()
	case c.Match == ast.WhenNotMatched && p.isKw(kwInsert):
		p.next()
		c.Action = ast.MergeInsert
		if p.accept(tkStar) {
			c.Star = true
			return c, nil
		}
		if p.cur().kind == tkLParen {
			if c.Columns, err = p.mergeInsertColumns(); err != nil {
				return c, err
			}
		}
		if err := p.expectKw(kwValues); err != nil {
			return c, err
		}
		if err := p.expect(tkLParen); err != nil {
			return c, err
		}
		for {
			e, err := p.parseExpr()
			if err != nil {
				return c, err
			}
			c.Values = append(c.Values, e)
			if !p.accept(tkComma) {
				break
			}
		}
		err = p.expect(tkRParen)
	default:
		err = p.syntaxError()
	}
	return c, err
}

// mergeInsertColumns parses the column list of MERGE … INSERT (a, b).
func (p *parser) mergeInsertColumns() ([]string, error) {
	p.next()
	var cols []string
	for {
		name, err := p.namePart(false)
		if err != nil {
			return nil, err
		}
		if p.cur().kind == tkDot {
			return nil, unsupported("qualified column names in MERGE INSERT")
		}
		cols = append(cols, name)
		if !p.accept(tkComma) {
			break
		}
	}
	return cols, p.expect(tkRParen)
}

// parseTruncate parses TRUNCATE TABLE t.
func (p *parser) parseTruncate() (ast.Statement, error) {
	p.next()
	if err := p.expectKw(kwTable); err != nil {
		return nil, err
	}
	name, err := p.multipartName()
	if err != nil {
		return nil, err
	}
	if p.isKw(kwPartition) {
		return nil, errclass.New("DELTA_TRUNCATE_TABLE_PARTITION_NOT_SUPPORTED",
			"Operation not allowed: TRUNCATE TABLE on Delta tables does not support partition predicates; use DELETE to delete specific partitions or rows.")
	}
	return &ast.Truncate{Table: name}, nil
}

// ownerTo parses [SET] OWNER TO principal after ALTER kind name.
func (p *parser) ownerTo(kind string, name ast.Name) (ast.Statement, error) {
	p.acceptKw(kwSet)
	if err := p.expectWord("OWNER"); err != nil {
		return nil, err
	}
	if err := p.expectKw(kwTo); err != nil {
		return nil, err
	}
	principal, err := p.anyIdent()
	if err != nil {
		return nil, err
	}
	return &ast.SetOwner{Securable: ast.Securable{Kind: kind, Name: name}, Principal: principal}, nil
}

// isOwnerTo reports whether [SET] OWNER TO follows.
func (p *parser) isOwnerTo() bool {
	k := 0
	if p.isKw(kwSet) {
		k = 1
	}
	t := p.peek(k)
	return t.kind == tkWord && strings.EqualFold(p.text(t), "OWNER") && p.peek(k+1).is(kwTo)
}

// parseAlterTable parses ALTER TABLE t ADD COLUMN[S] | RENAME TO | SET
// TBLPROPERTIES | UNSET TBLPROPERTIES | [SET] OWNER TO.
func (p *parser) parseAlterTable() (ast.Statement, error) {
	p.next()
	name, err := p.multipartName()
	if err != nil {
		return nil, err
	}
	a := &ast.AlterTable{Name: name}
	switch {
	case p.isOwnerTo():
		return p.ownerTo("TABLE", name)
	case p.isWord("ADD") && (p.peek(1).kind == tkWord && (strings.EqualFold(p.text(p.peek(1)), "COLUMN") || p.peek(1).is(kwColumns))):
		p.next()
		p.next()
		paren := p.accept(tkLParen)
		for {
			col, err := p.addColumn()
			if err != nil {
				return nil, err
			}
			a.AddColumns = append(a.AddColumns, col)
			if !p.accept(tkComma) {
				break
			}
		}
		if paren {
			if err := p.expect(tkRParen); err != nil {
				return nil, err
			}
		}
	case p.isWord("RENAME") && p.peek(1).is(kwTo):
		p.next()
		p.next()
		if a.RenameTo, err = p.multipartName(); err != nil {
			return nil, err
		}
	case p.isKw(kwSet) && p.peek(1).is(kwTblproperties):
		p.next()
		p.next()
		if a.SetProperties, err = p.propertyList(); err != nil {
			return nil, err
		}
	case p.isWord("UNSET") && p.peek(1).is(kwTblproperties):
		p.next()
		p.next()
		a.UnsetIfExists = p.ifExists()
		if a.UnsetProperties, err = p.propertyKeys(); err != nil {
			return nil, err
		}
	case p.isWord("RENAME") && p.peek(1).kind == tkWord && strings.EqualFold(p.text(p.peek(1)), "COLUMN"):
		// Delta renames columns only with column mapping, which the fake
		// does not implement; tables here never have it.
		return nil, errclass.New("DELTA_UNSUPPORTED_RENAME_COLUMN",
			"Column rename is not supported for your Delta table. Please enable Column Mapping on your Delta table with mapping mode 'name'.")
	case p.isWord("DROP") && p.peek(1).kind == tkWord && (strings.EqualFold(p.text(p.peek(1)), "COLUMN") || p.peek(1).is(kwColumns)):
		return nil, errclass.New("DELTA_UNSUPPORTED_DROP_COLUMN",
			"DROP COLUMN is not supported for your Delta table. Please enable Column Mapping on your Delta table with mapping mode 'name'.")
	default:
		if w, ok := p.wordUpper(); ok {
			return nil, unsupported("ALTER TABLE … " + w)
		}
		return nil, p.syntaxError()
	}
	return a, nil
}

// addColumn parses one column of ALTER TABLE … ADD COLUMNS.
func (p *parser) addColumn() (ast.ColumnDef, error) {
	name, err := p.namePart(false)
	if err != nil {
		return ast.ColumnDef{}, err
	}
	if p.cur().kind == tkDot {
		return ast.ColumnDef{}, unsupported("adding nested fields")
	}
	typ, err := p.parseDataType()
	if err != nil {
		return ast.ColumnDef{}, err
	}
	col := ast.ColumnDef{Name: name, Type: typ}
	if err := p.parseColumnOptions(&col); err != nil {
		return ast.ColumnDef{}, err
	}
	if p.isKw(kwFirst) || p.isWord("AFTER") {
		return ast.ColumnDef{}, unsupported("column positions (FIRST, AFTER)")
	}
	return col, nil
}

// propertyKeys parses ('key', a.b, …) for UNSET TBLPROPERTIES.
func (p *parser) propertyKeys() ([]string, error) {
	if err := p.expect(tkLParen); err != nil {
		return nil, err
	}
	return p.propertyKeysInside()
}

// propertyKeysInside parses the keys after the opening parenthesis, and the
// closing one.
func (p *parser) propertyKeysInside() ([]string, error) {
	var keys []string
	for {
		if p.cur().kind == tkString {
			s, err := p.stringLit()
			if err != nil {
				return nil, err
			}
			keys = append(keys, s)
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
			keys = append(keys, strings.Join(parts, "."))
		}
		if !p.accept(tkComma) {
			break
		}
	}
	return keys, p.expect(tkRParen)
}

// securable parses the object of GRANT, REVOKE and SHOW GRANTS: CATALOG
// [name], {SCHEMA|DATABASE} name, [TABLE] name, VIEW name or METASTORE.
func (p *parser) securable() (ast.Securable, error) {
	t := p.cur()
	kind := ""
	switch {
	case t.is(kwCatalog):
		p.next()
		if p.isKw(kwTo) || p.isKw(kwFrom) || p.cur().kind == tkEOF || p.cur().kind == tkSemi {
			return ast.Securable{Kind: "CATALOG"}, nil
		}
		kind = "CATALOG"
	case t.is(kwSchema), t.is(kwDatabase):
		p.next()
		kind = "SCHEMA"
	case t.is(kwTable):
		p.next()
		kind = "TABLE"
	case t.is(kwView):
		p.next()
		kind = "VIEW"
	case p.isWord("METASTORE"):
		p.next()
		return ast.Securable{Kind: "METASTORE"}, nil
	default:
		if w, ok := p.wordUpper(); ok && unsupportedObjects[w] && identStart(p.peek(1)) {
			return ast.Securable{}, unsupported("privileges on " + w)
		}
		kind = "TABLE"
	}
	name, err := p.multipartName()
	if err != nil {
		return ast.Securable{}, err
	}
	return ast.Securable{Kind: kind, Name: name}, nil
}

// privileges parses privilege, … up to ON: each privilege is one or more
// words, returned in upper case with single spaces.
func (p *parser) privileges() ([]string, error) {
	var out []string
	for {
		var words []string
		for p.cur().kind == tkWord && !p.isKw(kwOn) {
			words = append(words, strings.ToUpper(p.text(p.cur())))
			p.next()
		}
		if len(words) == 0 {
			return nil, p.syntaxError()
		}
		out = append(out, strings.Join(words, " "))
		if !p.accept(tkComma) {
			return out, nil
		}
	}
}

// parseGrant parses GRANT privileges ON securable TO principal and REVOKE
// privileges ON securable FROM principal.
func (p *parser) parseGrant(revoke bool) (ast.Statement, error) {
	p.next()
	privs, err := p.privileges()
	if err != nil {
		return nil, err
	}
	if err := p.expectKw(kwOn); err != nil {
		return nil, err
	}
	on, err := p.securable()
	if err != nil {
		return nil, err
	}
	if revoke {
		err = p.expectKw(kwFrom)
	} else {
		err = p.expectKw(kwTo)
	}
	if err != nil {
		return nil, err
	}
	principal, err := p.anyIdent()
	if err != nil {
		return nil, err
	}
	if revoke {
		return &ast.Revoke{Privileges: privs, On: on, Principal: principal}, nil
	}
	return &ast.Grant{Privileges: privs, On: on, Principal: principal}, nil
}

// parseShowGrants parses the rest of SHOW GRANT[S] [principal] ON securable.
func (p *parser) parseShowGrants() (ast.Statement, error) {
	p.next()
	sg := &ast.ShowGrants{}
	if !p.isKw(kwOn) {
		principal, err := p.anyIdent()
		if err != nil {
			return nil, err
		}
		sg.Principal = principal
	}
	if err := p.expectKw(kwOn); err != nil {
		return nil, err
	}
	on, err := p.securable()
	if err != nil {
		return nil, err
	}
	sg.On = on
	return sg, nil
}

// parseRestore parses RESTORE [TABLE] t [TO] VERSION AS OF n | TIMESTAMP AS
// OF ts.
func (p *parser) parseRestore() (ast.Statement, error) {
	p.next()
	if p.isKw(kwTable) && p.peek(1).kind != tkEOF {
		p.next()
	}
	if p.cur().kind == tkString {
		return nil, unsupported("RESTORE of a path")
	}
	name, err := p.multipartName()
	if err != nil {
		return nil, err
	}
	p.acceptKw(kwTo)
	tt, err := p.temporalClause()
	if err != nil {
		return nil, err
	}
	if tt == nil {
		return nil, p.syntaxError()
	}
	return &ast.Restore{Table: name, Version: tt.Version, Timestamp: tt.Timestamp}, nil
}

// parseVacuum parses VACUUM t [RETAIN n HOURS] [DRY RUN].
func (p *parser) parseVacuum() (ast.Statement, error) {
	p.next()
	if p.cur().kind == tkString {
		return nil, unsupported("VACUUM of a path")
	}
	name, err := p.multipartName()
	if err != nil {
		return nil, err
	}
	v := &ast.Vacuum{Table: name}
	if p.isWord("LITE") || p.isWord("FULL") || p.isKw(kwUsing) {
		return nil, unsupported("VACUUM LITE, FULL and USING INVENTORY")
	}
	if p.acceptWord("RETAIN") {
		neg := p.accept(tkMinus)
		t := p.cur()
		if t.kind != tkNumber || t.num != numInt && t.num != numDecimal && t.num != numExp && t.num != numDouble {
			return nil, p.syntaxError()
		}
		raw := p.text(t)
		if t.num == numDouble {
			raw = raw[:len(raw)-1]
		}
		h, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return nil, p.syntaxError()
		}
		if neg {
			h = -h
		}
		p.next()
		if err := p.expectWord("HOURS"); err != nil {
			return nil, err
		}
		v.RetainHours = &h
	}
	if p.acceptWord("DRY") {
		if err := p.expectWord("RUN"); err != nil {
			return nil, err
		}
		v.DryRun = true
	}
	return v, nil
}

// parseOptimize parses OPTIMIZE t [WHERE cond] [ZORDER BY (cols) | ZORDER BY cols].
func (p *parser) parseOptimize() (ast.Statement, error) {
	p.next()
	if p.cur().kind == tkString {
		return nil, unsupported("OPTIMIZE of a path")
	}
	name, err := p.multipartName()
	if err != nil {
		return nil, err
	}
	o := &ast.Optimize{Table: name}
	if p.acceptKw(kwWhere) {
		if o.Where, err = p.parseExpr(); err != nil {
			return nil, err
		}
	}
	if p.acceptWord("ZORDER") {
		if err := p.expectKw(kwBy); err != nil {
			return nil, err
		}
		paren := p.accept(tkLParen)
		for {
			col, err := p.multipartName()
			if err != nil {
				return nil, err
			}
			o.ZOrderBy = append(o.ZOrderBy, strings.Join(col, "."))
			if !p.accept(tkComma) {
				break
			}
		}
		if paren {
			if err := p.expect(tkRParen); err != nil {
				return nil, err
			}
		}
	}
	if p.isKw(kwFull) {
		return nil, unsupported("OPTIMIZE … FULL")
	}
	return o, nil
}

// parseTransaction parses BEGIN, COMMIT and ROLLBACK, each with an optional
// TRANSACTION or WORK.
func (p *parser) parseTransaction(op string) (ast.Statement, error) {
	p.next()
	if op == "BEGIN" && p.isWord("ATOMIC") {
		return nil, unsupported("BEGIN ATOMIC … END")
	}
	if !p.acceptWord("TRANSACTION") {
		p.acceptWord("WORK")
	}
	return &ast.Transaction{Op: op}, nil
}
