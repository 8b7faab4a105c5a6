package catalog

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"strings"
)

// Options configures a Client. A nil *Options means the zero value, whose
// fields all have the defaults documented on them.
type Options struct {
	// Logger receives an Info record for every change the Client makes
	// (create, drop, restore, clone, view switch) and a Debug record for
	// every statement it sends. Nil means no logging. Failures are
	// returned, not logged.
	Logger *slog.Logger
}

// Client runs Unity Catalog and Delta operations through an Executor. Every
// statement it sends is built from quoted names (Name.Quoted), parameters
// and literals this package renders itself (comments, with quotes and
// backslashes escaped; timestamps). The only caller text sent as SQL is the
// query of CreateView and SwitchQuery, which is SQL by contract.
//
// Names must be fully qualified: one part for a catalog, two
// (catalog.schema) for a schema, three (catalog.schema.table) for a table
// or view. A shorter name would resolve against a session's current catalog
// and schema, which differ between the connections of a pool; operations
// given one fail with ErrInvalid before sending anything.
//
// Errors are *Error values wrapping one of the package's sentinels (see
// Classify) and the driver's error. A Client is safe for concurrent use when
// its Executor is (*sql.DB is).
type Client struct {
	db  Executor
	log *slog.Logger
}

// New returns a Client sending statements through db. opts may be nil.
func New(db Executor, opts *Options) *Client {
	var o Options
	if opts != nil {
		o = *opts
	}
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Client{db: db, log: log}
}

// CreateOptions are the options of CreateCatalog, CreateSchema and
// CreateView. A nil *CreateOptions means the zero value.
type CreateOptions struct {
	// IfNotExists makes creating an object that exists a no-op (IF NOT
	// EXISTS). False means the call fails with ErrAlreadyExists.
	IfNotExists bool
	// Comment is the object's comment (COMMENT clause). Empty means none.
	// It must be valid UTF-8.
	Comment string
}

// DropOptions are the options of the Drop methods. A nil *DropOptions means
// the zero value.
type DropOptions struct {
	// IfExists makes dropping a missing object a no-op (IF EXISTS). False
	// means the call fails with ErrNotFound.
	IfExists bool
	// Cascade drops a catalog's or schema's contents with it (CASCADE).
	// False (RESTRICT) means dropping a non-empty one fails with
	// ErrNotEmpty. DropTable and DropView reject it with ErrInvalid.
	Cascade bool
}

// The number of parts a name of each kind has.
const (
	catalogParts = 1
	schemaParts  = 2
	tableParts   = 3
)

var partsWanted = [...]string{catalogParts: "catalog", schemaParts: "catalog.schema", tableParts: "catalog.schema.table"}

// checkName returns an ErrInvalid *Error unless n has exactly parts parts.
func checkName(op string, n Name, parts int) error {
	if n.Len() == parts {
		return nil
	}
	if n.IsZero() {
		return invalid(op, n, "missing name")
	}
	return invalid(op, n, "want a fully qualified name "+partsWanted[parts]+", got "+n.String())
}

// usable returns an ErrInvalid *Error for a nil Client or Executor.
func (c *Client) usable(op string, n Name) error {
	if c == nil || c.db == nil {
		return invalid(op, n, "nil Client or Executor")
	}
	return nil
}

// exec sends a statement that returns no rows the caller needs.
func (c *Client) exec(ctx context.Context, op string, n Name, query string, args ...any) error {
	if err := c.usable(op, n); err != nil {
		return err
	}
	c.log.DebugContext(ctx, "catalog: statement", "op", op, "sql", query)
	if _, err := c.db.ExecContext(ctx, query, args...); err != nil {
		return newError(op, n, err)
	}
	return nil
}

// changed logs a change the Client made.
func (c *Client) changed(ctx context.Context, msg string, n Name, attrs ...any) {
	c.log.InfoContext(ctx, msg, append([]any{"name", n.String()}, attrs...)...)
}

// resultSet is a small query result held in memory, with columns found by
// name (case-insensitively).
type resultSet struct {
	index map[string]int
	rows  [][]any
}

// col returns the index of column name, or -1.
func (r *resultSet) col(name string) int {
	if i, ok := r.index[strings.ToLower(name)]; ok {
		return i
	}
	return -1
}

// cols returns the indexes of the named columns, or an error naming the
// first one missing.
func (r *resultSet) cols(names ...string) ([]int, error) {
	out := make([]int, len(names))
	for i, n := range names {
		if out[i] = r.col(n); out[i] < 0 {
			return nil, errors.New("result has no column " + n)
		}
	}
	return out, nil
}

// query runs a statement and reads its whole result.
func (c *Client) query(ctx context.Context, op string, n Name, query string, args ...any) (*resultSet, error) {
	if err := c.usable(op, n); err != nil {
		return nil, err
	}
	c.log.DebugContext(ctx, "catalog: statement", "op", op, "sql", query)
	rows, err := c.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, newError(op, n, err)
	}
	rs, err := readAll(rows)
	if err != nil {
		return nil, newError(op, n, err)
	}
	return rs, nil
}

// readAll reads every row of rows into memory and closes it.
func readAll(rows *sql.Rows) (rs *resultSet, err error) {
	defer func() {
		if cerr := rows.Close(); err == nil {
			err = cerr
		}
	}()
	names, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	rs = &resultSet{index: make(map[string]int, len(names))}
	for i, n := range names {
		if _, dup := rs.index[strings.ToLower(n)]; !dup {
			rs.index[strings.ToLower(n)] = i
		}
	}
	ptrs := make([]any, len(names))
	for rows.Next() {
		vals := make([]any, len(names))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		rs.rows = append(rs.rows, vals)
	}
	return rs, rows.Err()
}
