package catalog

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// Commit is one entry of a Delta table's history (a row of DESCRIBE
// HISTORY).
type Commit struct {
	// Version is the table version the commit created.
	Version int64
	// Timestamp is the commit time (millisecond precision).
	Timestamp time.Time
	// UserID and UserName identify who committed ("" when unknown).
	UserID   string
	UserName string
	// Operation is what the commit did: "CREATE TABLE", "WRITE", "MERGE",
	// "RESTORE", "CLONE", "SET TBLPROPERTIES" …
	Operation string
	// OperationParameters are the operation's parameters, values as text
	// (JSON for lists and maps); nil when there are none.
	OperationParameters map[string]string
	// OperationMetrics are the operation's metrics, such as
	// numOutputRows, as decimal text; nil when there are none.
	OperationMetrics map[string]string
	// UserMetadata is the commit's user metadata; "" when none was set.
	UserMetadata string
}

// History returns the history of the Delta table name
// (catalog.schema.table), newest commit first: at most limit commits, or
// all that the table keeps when limit <= 0. It fails with ErrNotFound if
// the table does not exist and ErrInvalid if it is a view (views have no
// history).
func (c *Client) History(ctx context.Context, name Name, limit int) ([]Commit, error) {
	return c.history(ctx, "history", name, limit)
}

func (c *Client) history(ctx context.Context, op string, name Name, limit int) ([]Commit, error) {
	if err := checkName(op, name, tableParts); err != nil {
		return nil, err
	}
	q := "DESCRIBE HISTORY " + name.Quoted()
	if limit > 0 {
		q += " LIMIT " + strconv.Itoa(limit)
	}
	rs, err := c.query(ctx, op, name, q)
	if err != nil {
		return nil, err
	}
	idx, err := rs.cols("version", "timestamp", "operation")
	if err != nil {
		return nil, &Error{Op: op, Name: name, Err: err}
	}
	// Optional columns: nil when the result lacks them.
	userID, userName, params, metrics, userMeta :=
		rs.col("userId"), rs.col("userName"), rs.col("operationParameters"), rs.col("operationMetrics"), rs.col("userMetadata")
	get := func(row []any, i int) any {
		if i < 0 {
			return nil
		}
		return row[i]
	}
	out := make([]Commit, len(rs.rows))
	for i, row := range rs.rows {
		cm := &out[i]
		var errs [4]error
		cm.Version, errs[0] = asInt64(row[idx[0]])
		cm.Timestamp, errs[1] = asTime(row[idx[1]])
		cm.Operation = asString(row[idx[2]])
		cm.UserID = asString(get(row, userID))
		cm.UserName = asString(get(row, userName))
		cm.OperationParameters, errs[2] = asStringMap(get(row, params))
		cm.OperationMetrics, errs[3] = asStringMap(get(row, metrics))
		cm.UserMetadata = asString(get(row, userMeta))
		for _, e := range errs {
			if e != nil {
				return nil, &Error{Op: op, Name: name, Err: fmt.Errorf("history row %d: %w", i, e)}
			}
		}
	}
	return out, nil
}

// CurrentVersion returns the latest version of the Delta table name
// (catalog.schema.table). It fails like History.
func (c *Client) CurrentVersion(ctx context.Context, name Name) (int64, error) {
	const op = "current version"
	h, err := c.history(ctx, op, name, 1)
	if err != nil {
		return 0, err
	}
	if len(h) == 0 {
		return 0, &Error{Op: op, Name: name, Kind: ErrNotFound}
	}
	return h[0].Version, nil
}

// RestoreVersion restores the Delta table name (catalog.schema.table) to
// version: one new commit (operation RESTORE) makes the table's data,
// schema and properties those of that version; restoring to the current
// version changes nothing. It fails with ErrInvalid for a negative version
// or one the table no longer keeps, ErrNotFound if the table does not
// exist, and ErrPermission without MODIFY on it.
func (c *Client) RestoreVersion(ctx context.Context, name Name, version int64) error {
	const op = "restore"
	if err := checkName(op, name, tableParts); err != nil {
		return err
	}
	if version < 0 {
		return invalid(op, name, "negative version "+strconv.FormatInt(version, 10))
	}
	// Delta's grammar takes an integer literal here, not a parameter.
	v := strconv.FormatInt(version, 10)
	if err := c.exec(ctx, op, name, "RESTORE TABLE "+name.Quoted()+" TO VERSION AS OF "+v); err != nil {
		return err
	}
	c.changed(ctx, "catalog: table restored", name, "version", version)
	return nil
}

// RestoreTimestamp restores the Delta table name (catalog.schema.table) to
// the version that was current at ts: the latest commit at or before ts.
// It fails with ErrInvalid if ts is before the first commit the table
// keeps or after its latest commit (or outside years 1 to 9999), and
// otherwise as RestoreVersion.
func (c *Client) RestoreTimestamp(ctx context.Context, name Name, ts time.Time) error {
	const op = "restore"
	if err := checkName(op, name, tableParts); err != nil {
		return err
	}
	// Delta's grammar takes a string literal here, not a parameter.
	lit, err := timestampLiteral(ts)
	if err != nil {
		return invalid(op, name, err.Error())
	}
	if err := c.exec(ctx, op, name, "RESTORE TABLE "+name.Quoted()+" TO TIMESTAMP AS OF "+lit); err != nil {
		return err
	}
	c.changed(ctx, "catalog: table restored", name, "timestamp", ts)
	return nil
}

// CloneOptions are the options of Clone. A nil *CloneOptions means the zero
// value: a deep clone of the source's current version that fails if the
// target exists.
type CloneOptions struct {
	// Shallow makes a shallow clone, which references the source's data
	// files instead of copying them (and breaks when VACUUM removes them).
	// False means a deep clone.
	Shallow bool
	// Version clones the source as of that version. Nil means its current
	// version.
	Version *int64
	// Replace replaces the target if it exists (CREATE OR REPLACE), adding
	// a commit to its history. False means an existing target fails with
	// ErrAlreadyExists.
	Replace bool
}

// Clone creates the Delta table dst as a clone of src (both
// catalog.schema.table). The clone has src's schema, partitioning and
// properties and a history of its own, starting with a CLONE commit. It
// fails with ErrNotFound if src (or dst's schema) does not exist,
// ErrAlreadyExists if dst exists and opts.Replace is false, ErrInvalid for
// a negative or unavailable version, and ErrPermission without SELECT on
// src or CREATE TABLE on dst's schema. opts may be nil.
func (c *Client) Clone(ctx context.Context, src, dst Name, opts *CloneOptions) error {
	const op = "clone"
	if err := checkName(op, src, tableParts); err != nil {
		return err
	}
	if err := checkName(op, dst, tableParts); err != nil {
		return err
	}
	var o CloneOptions
	if opts != nil {
		o = *opts
	}
	q := "CREATE TABLE "
	if o.Replace {
		q = "CREATE OR REPLACE TABLE "
	}
	q += dst.Quoted()
	if o.Shallow {
		q += " SHALLOW CLONE "
	} else {
		q += " DEEP CLONE "
	}
	q += src.Quoted()
	if o.Version != nil {
		if *o.Version < 0 {
			return invalid(op, dst, "negative version "+strconv.FormatInt(*o.Version, 10))
		}
		q += " VERSION AS OF " + strconv.FormatInt(*o.Version, 10)
	}
	if err := c.exec(ctx, op, dst, q); err != nil {
		return err
	}
	attrs := []any{"source", src.String(), "shallow", o.Shallow}
	if o.Version != nil {
		attrs = append(attrs, "version", *o.Version)
	}
	c.changed(ctx, "catalog: table cloned", dst, attrs...)
	return nil
}
