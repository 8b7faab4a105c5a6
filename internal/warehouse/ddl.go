package warehouse

import (
	"strings"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/ast"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// validObjectName checks Unity Catalog's rules for object names.
func validObjectName(name string) error {
	bad := len(name) == 0 || len(name) > 255 || strings.ContainsAny(name, "./ ")
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			bad = true
		}
	}
	if bad {
		return errclass.New("INVALID_SCHEMA_OR_RELATION_NAME",
			"%s is not a valid name for tables/schemas. Valid names only contain alphabet characters, numbers and _.", errclass.Ident(name))
	}
	return nil
}

func (x *execution) createCatalog(st *ast.CreateCatalog) (*Result, error) {
	name := foldName(st.Name)
	if err := validObjectName(name); err != nil {
		return nil, err
	}
	x.m.mu.Lock()
	defer x.m.mu.Unlock()
	if x.s.principal != x.s.engine.admin {
		return nil, errclass.New("INSUFFICIENT_PERMISSIONS", "Insufficient privileges:\nUser does not have CREATE CATALOG on Metastore 'metastore'.")
	}
	if _, ok := x.m.catalogs[name]; ok {
		if st.IfNotExists {
			return okResult(), nil
		}
		return nil, errclass.New("CATALOG_ALREADY_EXISTS", "Cannot create catalog %s because it already exists.\nChoose a different name, drop the existing catalog, or add the IF NOT EXISTS clause to tolerate pre-existing catalog.", errclass.Ident(name))
	}
	c := x.m.addCatalog(name, x.s.principal, st.Comment, x.now)
	x.m.addSchema(c, "default", x.s.principal, nil, x.now)
	return okResult(), nil
}

func (x *execution) dropCatalog(st *ast.DropCatalog) (*Result, error) {
	name := foldName(st.Name)
	x.m.mu.Lock()
	defer x.m.mu.Unlock()
	c, ok := x.m.catalogs[name]
	if !ok {
		if st.IfExists {
			return okResult(), nil
		}
		return nil, errCatalogNotFound(st.Name)
	}
	if err := x.requireOwnerOf(securableRef{kind: "CATALOG", cat: c}, true); err != nil {
		return nil, err
	}
	if !st.Cascade {
		for _, s := range c.schemas {
			if s.name != "default" || len(s.rels) > 0 {
				return nil, errclass.New("CATALOG_NOT_EMPTY",
					"Cannot drop a catalog %s because it contains objects.\nUse DROP CATALOG ... CASCADE to drop the catalog and all its objects.", errclass.Ident(name))
			}
		}
	}
	delete(x.m.catalogs, name)
	if x.s.catalog == name {
		// The session keeps its (now dangling) current catalog, as Databricks
		// does; later unqualified names fail with the catalog's error.
		_ = name
	}
	return okResult(), nil
}

func (x *execution) createSchema(st *ast.CreateSchema) (*Result, error) {
	if len(st.Name) > 2 {
		return nil, errclass.New("REQUIRES_SINGLE_PART_NAMESPACE",
			"%s requires a single-part namespace, but got %s.", "spark_catalog", errclass.Ident(st.Name...))
	}
	schName := foldName(st.Name[len(st.Name)-1])
	if err := validObjectName(schName); err != nil {
		return nil, err
	}
	x.m.mu.Lock()
	defer x.m.mu.Unlock()
	catName := x.s.catalog
	if len(st.Name) == 2 {
		catName = foldName(st.Name[0])
	}
	c, err := x.m.catalog(catName)
	if err != nil {
		return nil, err
	}
	if _, ok := c.schemas[schName]; ok || schName == infoSchema {
		if st.IfNotExists {
			return okResult(), nil
		}
		return nil, errSchemaExists(c.name, schName)
	}
	if err := x.requireUse(x.s.principal, c, nil); err != nil {
		return nil, err
	}
	if ref := (securableRef{kind: "CATALOG", cat: c}); !x.can(x.s.principal, "CREATE SCHEMA", ref) {
		return nil, denied("CREATE SCHEMA", ref)
	}
	x.m.addSchema(c, schName, x.s.principal, st.Comment, x.now)
	return okResult(), nil
}

func (x *execution) dropSchema(st *ast.DropSchema) (*Result, error) {
	x.m.mu.Lock()
	defer x.m.mu.Unlock()
	so, err := x.m.schema(x.s, st.Name)
	if err != nil {
		if st.IfExists && errclass.StateOf(classOf(err)) == "42704" {
			return okResult(), nil
		}
		return nil, err
	}
	if err := x.requireUse(x.s.principal, so.catalog, nil); err != nil {
		return nil, err
	}
	if err := x.requireOwnerOf(securableRef{kind: "SCHEMA", cat: so.catalog, sch: so}, true); err != nil {
		return nil, err
	}
	if len(so.rels) > 0 && !st.Cascade {
		return nil, errclass.New("SCHEMA_NOT_EMPTY",
			"Cannot drop a schema %s because it contains objects.\nUse DROP SCHEMA ... CASCADE to drop the schema and all its objects.", errclass.Ident(so.name))
	}
	delete(so.catalog.schemas, so.name)
	return okResult(), nil
}

func classOf(err error) string {
	if e, ok := err.(*errclass.Error); ok {
		return e.Class
	}
	return ""
}

func (x *execution) useCatalog(st *ast.UseCatalog) (*Result, error) {
	x.m.mu.RLock()
	defer x.m.mu.RUnlock()
	c, err := x.m.catalog(st.Name)
	if err != nil {
		return nil, err
	}
	if err := x.requireUse(x.s.principal, c, nil); err != nil {
		return nil, err
	}
	x.s.catalog, x.s.schema = c.name, "default"
	return okResult(), nil
}

func (x *execution) useSchema(st *ast.UseSchema) (*Result, error) {
	x.m.mu.RLock()
	defer x.m.mu.RUnlock()
	if len(st.Name) == 1 && foldName(st.Name[0]) == infoSchema {
		if _, err := x.m.catalog(x.s.catalog); err != nil {
			return nil, err
		}
		x.s.schema = infoSchema
		return okResult(), nil
	}
	so, err := x.m.schema(x.s, st.Name)
	if err != nil {
		return nil, err
	}
	if err := x.requireUse(x.s.principal, so.catalog, so); err != nil {
		return nil, err
	}
	x.s.catalog, x.s.schema = so.catalog.name, so.name
	return okResult(), nil
}

// ---------------------------------------------------------------- tables

var supportedFormats = map[string]bool{"": true, "delta": true}

func (x *execution) createTable(st *ast.CreateTable) (*Result, error) {
	if st.Clone != nil {
		return x.clone(st)
	}
	if !supportedFormats[st.Using] {
		return nil, errUnsupported("", "tables of format %q; the fake warehouse stores Delta tables only.", st.Using)
	}
	var cols []columnMeta
	for _, c := range st.Columns {
		if c.Default != nil {
			return nil, errUnsupported("", "column DEFAULT values.")
		}
		for _, prev := range cols {
			if strings.EqualFold(prev.Name, c.Name) {
				return nil, errclass.New("COLUMN_ALREADY_EXISTS", "The column %s already exists. Choose another name or rename the existing column.", errclass.Ident(strings.ToLower(c.Name)))
			}
		}
		if c.Type.Kind == value.Void {
			return nil, errclass.New("UNSUPPORTED_DATATYPE", "Unsupported data type \"VOID\".")
		}
		cols = append(cols, columnMeta{Name: c.Name, Type: c.Type, Nullable: !c.NotNull, Comment: c.Comment})
	}
	// The query of a CTAS runs before the lock is taken for the commit.
	var data []*value.Batch
	if st.AsQuery != nil {
		x.m.mu.RLock()
		p, err := x.binder(x.params).query(st.AsQuery, nil)
		x.m.mu.RUnlock()
		if err != nil {
			return nil, err
		}
		for _, c := range p.cols() {
			if c.t.Kind == value.Void {
				return nil, errclass.New("UNSUPPORTED_DATATYPE", "Unsupported data type \"VOID\".")
			}
			cols = append(cols, columnMeta{Name: c.name, Type: c.t, Nullable: true})
		}
		if data, err = p.run(x.ec); err != nil {
			return nil, err
		}
	}
	if len(cols) == 0 {
		return nil, errclass.New("PARSE_SYNTAX_ERROR", "Syntax error at or near end of input.")
	}
	for _, pc := range st.PartitionBy {
		found := false
		for _, c := range cols {
			found = found || strings.EqualFold(c.Name, pc)
		}
		if !found {
			return nil, errclass.New("DELTA_COLUMN_NOT_FOUND", "Unable to find the column `%s` given [%s]", pc, strings.Join(metaNames(cols), ", "))
		}
	}
	if err := checkProps(st.Properties); err != nil {
		return nil, err
	}
	props := map[string]string{}
	for _, p := range st.Properties {
		props[p.Key] = p.Value
	}

	x.m.mu.Lock()
	defer x.m.mu.Unlock()
	so, name, existing, skip, err := x.tableTarget(st)
	if err != nil {
		return nil, err
	}
	if skip {
		return okResult(), nil
	}
	full := []string{so.catalog.name, so.name, name}
	chunks, err := x.conform(cols, data, full)
	if err != nil {
		return nil, err
	}
	next := &tableData{columns: cols, chunks: chunks, rows: countRows(chunks), props: props, comment: st.Comment, partitionBy: st.PartitionBy}
	next.commit = commitInfo{operation: opCreate, readVersion: -1, isBlindAppend: true}
	if st.AsQuery != nil {
		next.commit.operation = opCTAS
		next.commit.metrics = writeMetrics(chunks)
	}
	if existing != nil {
		next.commit.operation = opReplace
		if st.AsQuery != nil {
			next.commit.operation = opReplaceAS
		}
		next.commit.readVersion = existing.data.version
		next.commit.isBlindAppend = false
		next.commit.params = tableParams(next)
		x.commit(existing, next)
		existing.shallowClone = false
		return okResult(), nil
	}
	next.commit.params = tableParams(next)
	r := &relation{
		kind: kindTable, schema: so, name: name, id: newID(), owner: x.s.principal,
		created: x.now, createdBy: x.s.principal,
	}
	x.commit(r, next)
	so.rels[name] = r
	return okResult(), nil
}

// tableTarget resolves where CREATE [OR REPLACE] TABLE (plain, CTAS or
// CLONE) writes, with Databricks' checks: the schema exists, the name is
// valid, the caller may create there (and owns a table it replaces), and an
// existing object fits the statement's form. skip reports IF NOT EXISTS on an
// existing object: there is nothing to do. The caller holds the write lock.
func (x *execution) tableTarget(st *ast.CreateTable) (so *schemaObj, name string, existing *relation, skip bool, err error) {
	so, name, err = x.m.containerFor(x.s, st.Name)
	if err != nil {
		return nil, "", nil, false, err
	}
	if err := validObjectName(name); err != nil {
		return nil, "", nil, false, err
	}
	full := []string{so.catalog.name, so.name, name}
	existing = so.rels[name]
	if err := x.requireCreate(so); err != nil {
		return nil, "", nil, false, err
	}
	replace := st.OrReplace || st.ReplaceOnly
	switch {
	case existing != nil && st.IfNotExists:
		return so, name, existing, true, nil
	case existing != nil && existing.kind == kindView && replace:
		return nil, "", nil, false, errclass.New("EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE", "'CREATE OR REPLACE TABLE' expects a table but %s is a view.", errclass.Ident(full...))
	case existing != nil && !replace:
		return nil, "", nil, false, errRelationExists(full...)
	case existing == nil && st.ReplaceOnly:
		return nil, "", nil, false, errclass.New("TABLE_OR_VIEW_NOT_FOUND", "Table %s cannot be replaced as it did not exist. Use CREATE OR REPLACE TABLE to create the table.", errclass.Ident(full...))
	case existing != nil:
		if err := x.requireOwner(existing); err != nil {
			return nil, "", nil, false, err
		}
	}
	return so, name, existing, false, nil
}

func metaNames(cols []columnMeta) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return out
}

// conform checks NOT NULL constraints of rows about to be stored and cuts
// them into chunks.
func (x *execution) conform(cols []columnMeta, data []*value.Batch, table []string) ([]*chunk, error) {
	for _, b := range data {
		for i, c := range cols {
			if !c.Nullable && b.Cols[i].HasNulls() {
				return nil, errclass.New("DELTA_NOT_NULL_CONSTRAINT_VIOLATED", "NOT NULL constraint violated for column: %s.", c.Name)
			}
		}
	}
	return chunksOf(data), nil
}

// dropRelation is DROP TABLE and DROP VIEW.
func (x *execution) dropRelation(name []string, ifExists bool, kind relKind) (*Result, error) {
	x.m.mu.Lock()
	defer x.m.mu.Unlock()
	r, so, err := x.m.relationFor(x.s, name)
	if err != nil {
		return nil, err
	}
	if r == nil {
		if ifExists {
			return okResult(), nil
		}
		return nil, errTableNotFound(name)
	}
	if err := x.requireUse(x.s.principal, r.schema.catalog, r.schema); err != nil {
		return nil, err
	}
	if err := x.requireOwnerOf(relRef(r), true); err != nil {
		return nil, err
	}
	if r.kind != kind {
		if kind == kindTable {
			return nil, errclass.New("DROP_COMMAND_TYPE_MISMATCH", "Cannot drop a view with DROP TABLE. Use DROP VIEW instead.")
		}
		return nil, errclass.New("DROP_COMMAND_TYPE_MISMATCH", "Cannot drop a table with DROP VIEW. Use DROP TABLE instead.")
	}
	delete(so.rels, r.name)
	return okResult(), nil
}

// ---------------------------------------------------------------- views

// defineView binds a view body and returns its output columns.
func (x *execution) defineView(q *ast.Query, aliases []ast.ViewColumn, full []string) ([]columnMeta, error) {
	b := x.binder(Params{})
	b.views = []string{strings.Join(full, ".")}
	if len(x.params.Positional) > 0 || len(x.params.Named) > 0 {
		return nil, errUnsupported("PARAMETER_MARKER_IN_UNEXPECTED_STATEMENT", "Parameter markers are not allowed in the definition of a view.")
	}
	p, err := b.query(q, nil)
	if err != nil {
		return nil, err
	}
	pc := p.cols()
	if len(aliases) > 0 && len(aliases) != len(pc) {
		sub := "NOT_ENOUGH_DATA_COLUMNS"
		reason := "not enough data columns"
		if len(aliases) < len(pc) {
			sub, reason = "TOO_MANY_DATA_COLUMNS", "too many data columns"
		}
		viewCols := make([]string, len(aliases))
		for i, a := range aliases {
			viewCols[i] = errclass.Ident(a.Name)
		}
		return nil, errclass.New("CREATE_VIEW_COLUMN_ARITY_MISMATCH."+sub,
			"Cannot create view %s, the reason is %s:\nView columns: %s.\nData columns: %s.",
			errclass.Ident(full...), reason, strings.Join(viewCols, ", "), strings.Trim(colInfoNames(pc), "[]"))
	}
	cols := make([]columnMeta, len(pc))
	for i, c := range pc {
		cols[i] = columnMeta{Name: c.name, Type: c.t, Nullable: c.nullable}
		if len(aliases) > 0 {
			cols[i].Name = aliases[i].Name
			cols[i].Comment = aliases[i].Comment
		}
		if c.t.Kind == value.Void {
			cols[i].Type = value.VoidType
		}
	}
	for i := range cols {
		for j := 0; j < i; j++ {
			if strings.EqualFold(cols[i].Name, cols[j].Name) {
				return nil, errclass.New("COLUMN_ALREADY_EXISTS", "The column %s already exists. Choose another name or rename the existing column.", errclass.Ident(strings.ToLower(cols[i].Name)))
			}
		}
	}
	return cols, nil
}

func (x *execution) createView(st *ast.CreateView) (*Result, error) {
	if st.Temporary {
		return nil, errUnsupported("", "temporary views.")
	}
	x.m.mu.Lock()
	defer x.m.mu.Unlock()
	so, name, err := x.m.containerFor(x.s, st.Name)
	if err != nil {
		return nil, err
	}
	if err := validObjectName(name); err != nil {
		return nil, err
	}
	full := []string{so.catalog.name, so.name, name}
	existing := so.rels[name]
	if err := x.requireCreate(so); err != nil {
		return nil, err
	}
	if existing != nil && st.OrReplace && existing.kind == kindView {
		if err := x.requireOwner(existing); err != nil {
			return nil, err
		}
	}
	if existing != nil {
		switch {
		case st.IfNotExists:
			return okResult(), nil
		case !st.OrReplace:
			return nil, errRelationExists(full...)
		case existing.kind == kindTable:
			return nil, errclass.New("EXPECT_VIEW_NOT_TABLE.NO_ALTERNATIVE", "The table %s does not support CREATE OR REPLACE VIEW.", errclass.Ident(full...))
		}
	}
	cols, err := x.defineView(st.Query, st.Columns, full)
	if err != nil {
		return nil, err
	}
	props := map[string]string{}
	for _, p := range st.Properties {
		props[p.Key] = p.Value
	}
	// CREATE OR REPLACE VIEW is DROP + CREATE: a new object, new owner, no grants.
	so.rels[name] = &relation{
		kind: kindView, schema: so, name: name, id: newID(), owner: x.s.principal, comment: st.Comment,
		created: x.now, createdBy: x.s.principal, altered: x.now, alteredBy: x.s.principal, properties: props,
		viewText: st.Text, viewColumns: cols, viewCatalog: x.s.catalog, viewSchema: x.s.schema,
	}
	return okResult(), nil
}

// alterView is ALTER VIEW v AS query: only the definition changes; owner,
// grants, comment and properties stay.
func (x *execution) alterView(st *ast.AlterView) (*Result, error) {
	x.m.mu.Lock()
	defer x.m.mu.Unlock()
	r, _, err := x.m.relationFor(x.s, st.Name)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, errTableNotFound(st.Name)
	}
	if r.kind != kindView {
		return nil, errclass.New("EXPECT_VIEW_NOT_TABLE.USE_ALTER_TABLE",
			"%s is a table. 'ALTER VIEW ... AS' expects a view. Please use ALTER TABLE instead.", errclass.Ident(r.fullName()...))
	}
	if err := x.requireUse(x.s.principal, r.schema.catalog, r.schema); err != nil {
		return nil, err
	}
	if err := x.requireOwner(r); err != nil {
		return nil, err
	}
	cols, err := x.defineView(st.Query, nil, r.fullName())
	if err != nil {
		return nil, err
	}
	r.viewText, r.viewColumns = st.Text, cols
	r.viewCatalog, r.viewSchema = x.s.catalog, x.s.schema
	r.altered, r.alteredBy = x.now, x.s.principal
	return okResult(), nil
}
