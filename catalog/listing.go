package catalog

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// TableInfo is one table or view of a schema, as Tables lists it.
type TableInfo struct {
	// Name is the object's name (catalog.schema.table): the schema as
	// given to Tables, the object's own name as information_schema reports
	// it (lower case in Unity Catalog).
	Name Name
	// Type is information_schema's TABLE_TYPE: "MANAGED", "EXTERNAL",
	// "VIEW", "MATERIALIZED_VIEW", "MANAGED_SHALLOW_CLONE" and so on.
	Type string
	// Created is when the object was created.
	Created time.Time
	// ViewDefinition is a view's query text, as Databricks stored it (the
	// text ViewDefinition returns); "" for other objects.
	ViewDefinition string
}

// IsView reports whether the object is a view (TABLE_TYPE "VIEW"), whose
// query ALTER VIEW can switch. Materialized views are not.
func (t TableInfo) IsView() bool { return strings.EqualFold(t.Type, "VIEW") }

// Tables lists the tables and views of the schema (catalog.schema) that
// the caller can see, newest first (ties by name, descending), with the
// query text of each view: one statement, however many objects the schema
// holds, where ViewDefinition and TableExists take one per object. A
// missing schema gives an empty list; a missing catalog fails with
// ErrNotFound.
func (c *Client) Tables(ctx context.Context, schema Name) ([]TableInfo, error) {
	const op = "list tables"
	if err := checkName(op, schema, schemaParts); err != nil {
		return nil, err
	}
	p := schema.parts
	rs, err := c.query(ctx, op, schema,
		"SELECT t.table_name, t.table_type, t.created, v.view_definition FROM "+infoSchema(p[0], "tables")+" AS t"+
			" LEFT JOIN "+infoSchema(p[0], "views")+" AS v ON v.table_schema = t.table_schema AND v.table_name = t.table_name"+
			" WHERE t.table_schema = lower(?) ORDER BY t.created DESC, t.table_name DESC", p[1])
	if err != nil {
		return nil, err
	}
	out := make([]TableInfo, len(rs.rows))
	for i, row := range rs.rows {
		created, err := asTime(row[2])
		if err != nil {
			return nil, &Error{Op: op, Name: schema, Err: fmt.Errorf("row %d: %w", i, err)}
		}
		name, err := schema.Child(asString(row[0]))
		if err != nil {
			return nil, &Error{Op: op, Name: schema, Err: fmt.Errorf("row %d: %w", i, err)}
		}
		out[i] = TableInfo{Name: name, Type: asString(row[1]), Created: created, ViewDefinition: asString(row[3])}
	}
	return out, nil
}

// Views lists every view of a catalog that the caller can see, with its
// query text: one statement for the whole catalog. A missing catalog fails
// with ErrNotFound. Names are catalog.schema.view.
func (c *Client) Views(ctx context.Context, catalogName Name) ([]TableInfo, error) {
	const op = "list views"
	if err := checkName(op, catalogName, catalogParts); err != nil {
		return nil, err
	}
	cat := catalogName.parts[0]
	rs, err := c.query(ctx, op, catalogName,
		"SELECT table_schema, table_name, view_definition FROM "+infoSchema(cat, "views")+
			" ORDER BY table_schema, table_name")
	if err != nil {
		return nil, err
	}
	out := make([]TableInfo, len(rs.rows))
	for i, row := range rs.rows {
		name, err := NewName(cat, asString(row[0]), asString(row[1]))
		if err != nil {
			return nil, &Error{Op: op, Name: catalogName, Err: fmt.Errorf("row %d: %w", i, err)}
		}
		out[i] = TableInfo{Name: name, Type: "VIEW", ViewDefinition: asString(row[2])}
	}
	return out, nil
}

// Reads reports whether a view's query text may read table: it names the
// table fully (c.s.t), by schema and name (s.t), or — for a view in the same
// schema — by its name alone, quoted or not, ignoring case. It errs on the
// side of yes: a word equal to the table's name counts, so a caller that
// drops tables nobody reads never drops one still read.
func (t TableInfo) Reads(table Name) bool {
	if table.Len() != 3 || t.ViewDefinition == "" {
		return false
	}
	text := strings.ToLower(strings.ReplaceAll(t.ViewDefinition, "`", ""))
	p := table.parts
	if strings.Contains(text, strings.ToLower(p[1]+"."+p[2])) {
		return true
	}
	if t.Name.Len() != 3 || !strings.EqualFold(t.Name.parts[1], p[1]) || !strings.EqualFold(t.Name.parts[0], p[0]) {
		return false
	}
	word := strings.ToLower(p[2])
	for i := strings.Index(text, word); i >= 0; {
		before := i == 0 || !isIdentByte(text[i-1])
		end := i + len(word)
		after := end == len(text) || !isIdentByte(text[end])
		if before && after {
			return true
		}
		next := strings.Index(text[i+1:], word)
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}
