package catalog

import (
	"context"
	"errors"
	"strings"
)

// createClauses renders the IF NOT EXISTS and COMMENT parts of a CREATE
// statement: ifNotExists goes after the object keyword, comment after the
// name.
func createClauses(opts *CreateOptions) (ifNotExists, comment string, err error) {
	if opts == nil {
		return "", "", nil
	}
	if opts.IfNotExists {
		ifNotExists = " IF NOT EXISTS"
	}
	if opts.Comment != "" {
		lit, err := stringLiteral(opts.Comment)
		if err != nil {
			return "", "", errors.New("comment: " + err.Error())
		}
		comment = " COMMENT " + lit
	}
	return ifNotExists, comment, nil
}

// dropClauses renders the IF EXISTS and CASCADE parts of a DROP statement.
func dropClauses(opts *DropOptions) (ifExists, cascade string) {
	if opts == nil {
		return "", ""
	}
	if opts.IfExists {
		ifExists = " IF EXISTS"
	}
	if opts.Cascade {
		cascade = " CASCADE"
	}
	return ifExists, cascade
}

// create runs CREATE <kind> for a catalog or schema.
func (c *Client) create(ctx context.Context, op, kind string, n Name, parts int, opts *CreateOptions) error {
	if err := checkName(op, n, parts); err != nil {
		return err
	}
	ine, comment, err := createClauses(opts)
	if err != nil {
		return invalid(op, n, err.Error())
	}
	if err := c.exec(ctx, op, n, "CREATE "+kind+ine+" "+n.Quoted()+comment); err != nil {
		return err
	}
	c.changed(ctx, "catalog: "+strings.ToLower(kind)+" created", n)
	return nil
}

// drop runs DROP <kind>.
func (c *Client) drop(ctx context.Context, op, kind string, n Name, parts int, opts *DropOptions) error {
	if err := checkName(op, n, parts); err != nil {
		return err
	}
	ife, cascade := dropClauses(opts)
	if cascade != "" && parts == tableParts {
		return invalid(op, n, "CASCADE applies to catalogs and schemas only")
	}
	if err := c.exec(ctx, op, n, "DROP "+kind+ife+" "+n.Quoted()+cascade); err != nil {
		return err
	}
	c.changed(ctx, "catalog: "+strings.ToLower(kind)+" dropped", n)
	return nil
}

// CreateCatalog creates the catalog name (one part). It fails with
// ErrAlreadyExists if the catalog exists (unless opts.IfNotExists),
// ErrPermission without CREATE CATALOG on the metastore, and ErrInvalid
// for a name that is not one part or an invalid comment. opts may be nil.
func (c *Client) CreateCatalog(ctx context.Context, name Name, opts *CreateOptions) error {
	return c.create(ctx, "create catalog", "CATALOG", name, catalogParts, opts)
}

// DropCatalog drops the catalog name (one part). It fails with ErrNotFound
// if the catalog does not exist (unless opts.IfExists), ErrNotEmpty if it
// is not empty and opts.Cascade is false, and ErrPermission unless the
// caller owns it. opts may be nil.
func (c *Client) DropCatalog(ctx context.Context, name Name, opts *DropOptions) error {
	return c.drop(ctx, "drop catalog", "CATALOG", name, catalogParts, opts)
}

// CatalogExists reports whether the catalog name (one part) exists. A
// catalog the caller may not use is reported as an error wrapping
// ErrPermission, not as missing.
func (c *Client) CatalogExists(ctx context.Context, name Name) (bool, error) {
	const op = "catalog exists"
	if err := checkName(op, name, catalogParts); err != nil {
		return false, err
	}
	_, err := c.query(ctx, op, name, "SHOW SCHEMAS IN "+name.Quoted())
	return existence(err)
}

// CreateSchema creates the schema name (catalog.schema). It fails with
// ErrAlreadyExists if the schema exists (unless opts.IfNotExists),
// ErrNotFound if the catalog does not, ErrPermission without USE CATALOG
// and CREATE SCHEMA on the catalog, and ErrInvalid for a name that is not
// two parts or an invalid comment. opts may be nil.
func (c *Client) CreateSchema(ctx context.Context, name Name, opts *CreateOptions) error {
	return c.create(ctx, "create schema", "SCHEMA", name, schemaParts, opts)
}

// DropSchema drops the schema name (catalog.schema). It fails with
// ErrNotFound if the schema does not exist (unless opts.IfExists),
// ErrNotEmpty if it holds tables or views and opts.Cascade is false, and
// ErrPermission unless the caller owns it. opts may be nil.
func (c *Client) DropSchema(ctx context.Context, name Name, opts *DropOptions) error {
	return c.drop(ctx, "drop schema", "SCHEMA", name, schemaParts, opts)
}

// SchemaExists reports whether the schema name (catalog.schema) exists and
// is visible to the caller; a missing catalog gives false.
func (c *Client) SchemaExists(ctx context.Context, name Name) (bool, error) {
	const op = "schema exists"
	if err := checkName(op, name, schemaParts); err != nil {
		return false, err
	}
	p := name.parts
	rs, err := c.query(ctx, op, name,
		"SELECT 1 FROM "+infoSchema(p[0], "schemata")+" WHERE schema_name = lower(?) LIMIT 1", p[1])
	if err != nil {
		return existence(err)
	}
	return len(rs.rows) > 0, nil
}

// TableExists reports whether the table or view name
// (catalog.schema.table) exists and is visible to the caller; a missing
// schema or catalog gives false.
func (c *Client) TableExists(ctx context.Context, name Name) (bool, error) {
	const op = "table exists"
	if err := checkName(op, name, tableParts); err != nil {
		return false, err
	}
	p := name.parts
	rs, err := c.query(ctx, op, name,
		"SELECT 1 FROM "+infoSchema(p[0], "tables")+
			" WHERE table_schema = lower(?) AND table_name = lower(?) LIMIT 1", p[1], p[2])
	if err != nil {
		return existence(err)
	}
	return len(rs.rows) > 0, nil
}

// DropTable drops the table name (catalog.schema.table). It fails with
// ErrNotFound if the table does not exist (unless opts.IfExists),
// ErrInvalid if name is a view (use DropView) or opts.Cascade is set, and
// ErrPermission unless the caller owns the table or has MANAGE on it. opts
// may be nil.
func (c *Client) DropTable(ctx context.Context, name Name, opts *DropOptions) error {
	return c.drop(ctx, "drop table", "TABLE", name, tableParts, opts)
}

// existence turns the error of an existence probe into its answer: a
// not-found error means false, any other error is returned.
func existence(err error) (bool, error) {
	if err == nil {
		return true, nil
	}
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	return false, err
}

// infoSchema returns the quoted name of catalog's information_schema view.
func infoSchema(catalog, view string) string {
	return QuoteIdent(catalog) + ".`information_schema`." + QuoteIdent(view)
}
