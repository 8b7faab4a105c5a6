package catalog

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Table describes a table or view: what DescribeTable returns.
type Table struct {
	// Name is the name asked for.
	Name Name
	// Type is information_schema's TABLE_TYPE: "MANAGED", "EXTERNAL",
	// "VIEW", "MATERIALIZED_VIEW", "STREAMING_TABLE", "MANAGED_SHALLOW_CLONE"
	// and so on.
	Type string
	// Owner is the principal that owns the object.
	Owner string
	// Comment is the object's comment; "" when it has none.
	Comment string
	// Columns are the columns in order.
	Columns []Column
	// Properties are the table properties (SHOW TBLPROPERTIES), including
	// the delta.* ones the table sets; never nil.
	Properties map[string]string
}

// Column is a column of a Table.
type Column struct {
	// Name is the column name, in the case it was created with.
	Name string
	// Type is the full data type as Databricks prints it, in lower case:
	// "bigint", "decimal(10,2)", "array<string>".
	Type string
	// Nullable is false for NOT NULL columns.
	Nullable bool
	// Comment is the column's comment; "" when it has none.
	Comment string
}

// DescribeTable returns the columns, types, nullability, owner, comment and
// properties of the table or view name (catalog.schema.table), read from
// information_schema and SHOW TBLPROPERTIES (three statements, so a
// concurrent change may show partly). It fails with ErrNotFound if the
// object does not exist or the caller cannot see it.
func (c *Client) DescribeTable(ctx context.Context, name Name) (*Table, error) {
	const op = "describe table"
	if err := checkName(op, name, tableParts); err != nil {
		return nil, err
	}
	p := name.parts
	where := " WHERE table_schema = lower(?) AND table_name = lower(?)"
	rs, err := c.query(ctx, op, name,
		"SELECT table_type, table_owner, comment FROM "+infoSchema(p[0], "tables")+where, p[1], p[2])
	if err != nil {
		return nil, err
	}
	if len(rs.rows) == 0 {
		return nil, &Error{Op: op, Name: name, Kind: ErrNotFound}
	}
	t := &Table{Name: name}
	row := rs.rows[0]
	t.Type, t.Owner, t.Comment = asString(row[0]), asString(row[1]), asString(row[2])

	rs, err = c.query(ctx, op, name,
		"SELECT column_name, full_data_type, is_nullable, comment FROM "+infoSchema(p[0], "columns")+where+
			" ORDER BY ordinal_position", p[1], p[2])
	if err != nil {
		return nil, err
	}
	t.Columns = make([]Column, len(rs.rows))
	for i, row := range rs.rows {
		t.Columns[i] = Column{
			Name:     asString(row[0]),
			Type:     asString(row[1]),
			Nullable: !strings.EqualFold(asString(row[2]), "NO"),
			Comment:  asString(row[3]),
		}
	}
	if t.Properties, err = c.properties(ctx, op, name); err != nil {
		return nil, err
	}
	return t, nil
}

// properties returns the table properties of name.
func (c *Client) properties(ctx context.Context, op string, name Name) (map[string]string, error) {
	rs, err := c.query(ctx, op, name, "SHOW TBLPROPERTIES "+name.Quoted())
	if err != nil {
		return nil, err
	}
	idx, err := rs.cols("key", "value")
	if err != nil {
		return nil, &Error{Op: op, Name: name, Err: err}
	}
	props := make(map[string]string, len(rs.rows))
	for _, row := range rs.rows {
		props[asString(row[idx[0]])] = asString(row[idx[1]])
	}
	return props, nil
}

// Delta retention properties and their defaults.
const (
	deletedFileRetentionKey     = "delta.deletedFileRetentionDuration"
	deletedFileRetentionDefault = 7 * 24 * time.Hour
	logRetentionKey             = "delta.logRetentionDuration"
	logRetentionDefault         = 30 * 24 * time.Hour
)

// Retention is how long a Delta table keeps what time travel and RESTORE
// need.
type Retention struct {
	// DeletedFileRetention is delta.deletedFileRetentionDuration (default
	// one week): data files removed longer ago than this may be deleted by
	// VACUUM, and Databricks refuses time travel to versions older than
	// this.
	DeletedFileRetention time.Duration
	// LogRetention is delta.logRetentionDuration (default 30 days): history
	// entries older than this are cleaned up, so DESCRIBE HISTORY and time
	// travel stop reaching back further.
	LogRetention time.Duration
}

// Retention returns the retention settings of the Delta table name
// (catalog.schema.table), with Delta's defaults for properties the table
// does not set. It fails with ErrNotFound if the table does not exist, and
// with ErrInvalid if a property holds something Delta would not accept as
// a duration (for example months).
func (c *Client) Retention(ctx context.Context, name Name) (Retention, error) {
	const op = "retention"
	if err := checkName(op, name, tableParts); err != nil {
		return Retention{}, err
	}
	props, err := c.properties(ctx, op, name)
	if err != nil {
		return Retention{}, err
	}
	r := Retention{DeletedFileRetention: deletedFileRetentionDefault, LogRetention: logRetentionDefault}
	for k, v := range props {
		var dst *time.Duration
		switch {
		case strings.EqualFold(k, deletedFileRetentionKey):
			dst = &r.DeletedFileRetention
		case strings.EqualFold(k, logRetentionKey):
			dst = &r.LogRetention
		default:
			continue
		}
		d, err := parseInterval(v)
		if err != nil {
			return Retention{}, invalid(op, name, fmt.Sprintf("property %s: %v", k, err))
		}
		*dst = d
	}
	return r, nil
}
