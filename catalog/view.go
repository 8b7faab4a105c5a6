package catalog

import (
	"context"
	"strings"
)

// CreateView creates the view name (catalog.schema.view) with the SELECT
// query. query is SQL: build it from Name.Quoted and literals, never from
// unquoted input. The caller becomes the view's owner. It fails with
// ErrAlreadyExists if the view exists (unless opts.IfNotExists),
// ErrNotFound if the schema or a relation in query does not exist,
// ErrInvalid for an empty or invalid query or an invalid comment, and
// ErrPermission without CREATE TABLE on the schema. opts may be nil.
func (c *Client) CreateView(ctx context.Context, name Name, query string, opts *CreateOptions) error {
	const op = "create view"
	if err := checkName(op, name, tableParts); err != nil {
		return err
	}
	if strings.TrimSpace(query) == "" {
		return invalid(op, name, "empty query")
	}
	ine, comment, err := createClauses(opts)
	if err != nil {
		return invalid(op, name, err.Error())
	}
	if err := c.exec(ctx, op, name, "CREATE VIEW"+ine+" "+name.Quoted()+comment+" AS "+query); err != nil {
		return err
	}
	c.changed(ctx, "catalog: view created", name)
	return nil
}

// DropView drops the view name (catalog.schema.view). It fails with
// ErrNotFound if the view does not exist (unless opts.IfExists),
// ErrInvalid if name is a table (use DropTable) or opts.Cascade is set,
// and ErrPermission unless the caller owns the view or has MANAGE on it.
// opts may be nil.
func (c *Client) DropView(ctx context.Context, name Name, opts *DropOptions) error {
	return c.drop(ctx, "drop view", "VIEW", name, tableParts, opts)
}

// ViewDefinition returns the query text of the view name
// (catalog.schema.view), as Databricks reports it (DESCRIBE TABLE EXTENDED,
// "View Text"). It fails with ErrNotFound if the view does not exist and
// ErrInvalid if name is a table.
func (c *Client) ViewDefinition(ctx context.Context, name Name) (string, error) {
	const op = "view definition"
	if err := checkName(op, name, tableParts); err != nil {
		return "", err
	}
	rs, err := c.query(ctx, op, name, "DESCRIBE TABLE EXTENDED "+name.Quoted())
	if err != nil {
		return "", err
	}
	idx, err := rs.cols("col_name", "data_type")
	if err != nil {
		return "", &Error{Op: op, Name: name, Err: err}
	}
	// The detail rows follow the column rows and a "# Detailed Table
	// Information" marker; match keys only after it, since a column may be
	// called "Type".
	detail := false
	var typ, text string
	found := false
	for _, row := range rs.rows {
		key := asString(row[idx[0]])
		if !detail {
			detail = key == "# Detailed Table Information"
			continue
		}
		switch key {
		case "Type":
			typ = asString(row[idx[1]])
		case "View Text":
			text, found = asString(row[idx[1]]), true
		}
	}
	if !strings.EqualFold(typ, "VIEW") || !found {
		return "", invalid(op, name, "not a view")
	}
	return text, nil
}

// Switch points the view name (catalog.schema.view) at target
// (catalog.schema.table): ALTER VIEW name AS SELECT * FROM target. ALTER
// VIEW keeps the view's grants, owner and identity, which CREATE OR
// REPLACE VIEW would lose, so consumers keep their access. It fails with
// ErrNotFound if the view or target does not exist, ErrInvalid if name is a
// table, and ErrPermission unless the caller owns the view.
func (c *Client) Switch(ctx context.Context, name, target Name) error {
	const op = "switch view"
	if err := checkName(op, target, tableParts); err != nil {
		return err
	}
	return c.alterView(ctx, op, name, "SELECT * FROM "+target.Quoted(), "target", target.String())
}

// SwitchQuery is Switch with a query of the caller's making (for example a
// split between two tables): ALTER VIEW name AS query. query is SQL: build
// it from Name.Quoted and literals, never from unquoted input. It fails as
// Switch does, and with ErrInvalid for an empty or invalid query.
func (c *Client) SwitchQuery(ctx context.Context, name Name, query string) error {
	return c.alterView(ctx, "switch view", name, query)
}

func (c *Client) alterView(ctx context.Context, op string, name Name, query string, attrs ...any) error {
	if err := checkName(op, name, tableParts); err != nil {
		return err
	}
	if strings.TrimSpace(query) == "" {
		return invalid(op, name, "empty query")
	}
	if err := c.exec(ctx, op, name, "ALTER VIEW "+name.Quoted()+" AS "+query); err != nil {
		return err
	}
	c.changed(ctx, "catalog: view switched", name, attrs...)
	return nil
}
