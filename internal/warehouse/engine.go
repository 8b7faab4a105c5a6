package warehouse

import (
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// Params are the values bound to a statement's parameter markers: ? markers
// take Positional in order, :name markers take Named[name].
type Params struct {
	Positional []value.Value
	Named      map[string]value.Value
}

// Column describes one result column.
type Column struct {
	Name     string
	Type     value.Type
	Nullable bool
}

// Result is what a statement returns. Statements that return no rows (DDL)
// have no Columns. RowsAffected is the number of rows written by INSERT (and
// later DML), or -1 when the statement writes no rows.
type Result struct {
	Columns      []Column
	Batches      []*value.Batch
	RowsAffected int64
}

// NumRows returns the number of rows in r.
func (r *Result) NumRows() int {
	n := 0
	for _, b := range r.Batches {
		n += b.N
	}
	return n
}
