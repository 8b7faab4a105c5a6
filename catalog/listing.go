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
