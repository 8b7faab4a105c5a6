package warehouse

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/ast"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// writeTarget looks up the table a DML statement writes; the caller holds
// the read lock. changesRows is set for statements that update or remove
// existing rows, which delta.appendOnly tables refuse.
func (x *execution) writeTarget(name []string, verb string, changesRows bool) (*relation, error) {
	r, _, err := x.m.relationFor(x.s, name)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, errTableNotFound(name)
	}
	if r.kind == kindView {
		return nil, errclass.New("EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE", "'%s' expects a table but %s is a view.", verb, errclass.Ident(r.fullName()...))
	}
	if err := x.requireOn(x.s.principal, "MODIFY", r); err != nil {
		return nil, err
	}
	if verb == "DELETE" || verb == "UPDATE" || verb == "MERGE" {
		if err := x.requireOn(x.s.principal, "SELECT", r); err != nil {
			return nil, err
		}
	}
	if changesRows {
		if err := appendOnly(r); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// appendOnly refuses changes to existing rows of a delta.appendOnly table.
func appendOnly(r *relation) error {
	if strings.EqualFold(r.data.props["delta.appendOnly"], "true") {
		return errclass.New("DELTA_CANNOT_MODIFY_APPEND_ONLY",
			"This table is configured to only allow appends. If you would like to permit updates or deletes, use 'ALTER TABLE %s SET TBLPROPERTIES (delta.appendOnly=false)'.", r.name)
	}
	return nil
}

// targetScope is the scope of a DML target: its columns, qualified by the
// alias if any, else by its name.
func targetScope(r *relation, d *tableData, alias string) []colInfo {
	qual := r.fullName()
	if alias != "" {
		qual = []string{alias}
	}
	out := make([]colInfo, len(d.columns))
	for i, c := range d.columns {
		out[i] = colInfo{name: c.Name, t: c.Type, nullable: c.Nullable, qual: qual}
	}
	return out
}

// rebase puts the chunks a DML statement computed from version read on top
// of the table's current version. Commits since read that only appended
// data do not conflict (WriteSerializable): their new chunks are kept.
// Anything else that changed what the statement read is a conflict.
func rebase(r *relation, read *tableData, ours []*chunk) ([]*chunk, error) {
	if r.data == read {
		return ours, nil
	}
	inRead := make(map[*chunk]bool, len(read.chunks))
	for _, c := range read.chunks {
		inRead[c] = true
	}
	prev := read
	var added []*chunk
	for _, d := range r.history[read.version+1-r.history[0].version:] {
		if !sameColumns(d.columns, prev.columns) {
			return nil, errclass.New("DELTA_METADATA_CHANGED",
				"MetadataChangedException: The metadata of the Delta table has been changed by a concurrent update. Please try the operation again.")
		}
		now := make(map[*chunk]bool, len(d.chunks))
		for _, c := range d.chunks {
			now[c] = true
		}
		for _, c := range prev.chunks {
			if !now[c] && inRead[c] {
				return nil, errclass.New("DELTA_CONCURRENT_DELETE_READ",
					"ConcurrentDeleteReadException: This transaction attempted to read one or more files that were deleted by a concurrent update. Please try the operation again.")
			}
		}
		before := make(map[*chunk]bool, len(prev.chunks))
		for _, c := range prev.chunks {
			before[c] = true
		}
		for _, c := range d.chunks {
			if !before[c] {
				added = append(added, c)
			}
		}
		prev = d
	}
	return append(ours, added...), nil
}

// dmlResult is the one-row result of DELETE, UPDATE and MERGE.
func dmlResult(names []string, counts ...int64) *Result {
	t := &table{}
	vals := make([]value.Value, len(names))
	for i, n := range names {
		t.cols = append(t.cols, colInfo{name: n, t: value.BigIntType})
		vals[i] = value.Int64(counts[i])
	}
	t.add(vals...)
	res := t.result()
	res.RowsAffected = counts[0]
	return res
}

// predicateJSON renders a DML predicate the way operationParameters shows it.
func predicateJSON(e ast.Expr) string {
	if e == nil {
		return "[]"
	}
	b, _ := json.Marshal([]string{sqlQualified(e)})
	return string(b)
}

// rowEdit rewrites a table's chunks: rows marked deleted are dropped, rows
// with replacements get new values; chunks with neither are shared.
type rowEdit struct {
	deleted  map[int64]bool
	replaced map[int64][]value.Value
}

// apply returns the new chunks and how many chunks were rewritten (removed
// and added files) and rows copied unchanged into rewritten chunks.
func (e *rowEdit) apply(cols []columnMeta, chunks []*chunk) (out []*chunk, removed, added int, copied int64) {
	var base int64
	for _, c := range chunks {
		touched := false
		for i := 0; i < c.n && !touched; i++ {
			g := base + int64(i)
			touched = e.deleted[g] || e.replaced[g] != nil
		}
		if !touched {
			out = append(out, c)
			base += int64(c.n)
			continue
		}
		removed++
		builders := make([]*value.Builder, len(cols))
		for k, col := range cols {
			builders[k] = value.NewBuilder(col.Type, c.n)
		}
		for i := 0; i < c.n; i++ {
			g := base + int64(i)
			if e.deleted[g] {
				continue
			}
			if repl := e.replaced[g]; repl != nil {
				for k := range cols {
					builders[k].Append(repl[k])
				}
				continue
			}
			copied++
			for k, col := range cols {
				if k < len(c.cols) {
					builders[k].Append(c.cols[k].Get(i))
				} else {
					builders[k].Append(value.NullOf(col.Type))
				}
			}
		}
		if n := builders[0].Len(); n > 0 {
			nc := &chunk{cols: make([]*value.Vector, len(cols)), n: n}
			for k, b := range builders {
				nc.cols[k] = b.Build()
			}
			out = append(out, nc)
			added++
		}
		base += int64(c.n)
	}
	return out, removed, added, copied
}

// ---------------------------------------------------------------- DELETE

func (x *execution) delete(st *ast.Delete) (*Result, error) {
	x.m.mu.RLock()
	r, err := x.writeTarget(st.Table.Name, "DELETE", true)
	if err != nil {
		x.m.mu.RUnlock()
		return nil, err
	}
	read := r.data
	var cond expr
	if st.Where != nil {
		sc := &scope{cols: targetScope(r, read, st.Table.Alias)}
		cond, err = (&exprBinder{b: x.binder(x.params), sc: sc, where: "WHERE"}).boolean(st.Where)
	}
	x.m.mu.RUnlock()
	if err != nil {
		return nil, err
	}
	edit := &rowEdit{deleted: map[int64]bool{}}
	var base int64
	for _, c := range read.chunks {
		if err := checkCtx(x.ec); err != nil {
			return nil, err
		}
		b := read.batch(c)
		if cond == nil {
			for i := 0; i < c.n; i++ {
				edit.deleted[base+int64(i)] = true
			}
		} else {
			v, err := cond.eval(x.ec, b)
			if err != nil {
				return nil, err
			}
			for _, i := range trueRows(v) {
				edit.deleted[base+int64(i)] = true
			}
		}
		base += int64(c.n)
	}
	chunks, removed, added, copied := edit.apply(read.columns, read.chunks)
	n := int64(len(edit.deleted))

	x.m.mu.Lock()
	defer x.m.mu.Unlock()
	if chunks, err = rebase(r, read, chunks); err != nil {
		return nil, err
	}
	next := r.data.withData(chunks)
	next.commit = commitInfo{operation: opDelete, readVersion: read.version,
		params: []kv{{"predicate", predicateJSON(st.Where)}},
		metrics: []kv{{"numAddedFiles", strconv.Itoa(added)}, {"numRemovedFiles", strconv.Itoa(removed)},
			{"numDeletedRows", strconv.FormatInt(n, 10)}, {"numCopiedRows", strconv.FormatInt(copied, 10)},
			{"numAddedChangeFiles", "0"}, {"numDeletionVectorsAdded", "0"}, {"numDeletionVectorsRemoved", "0"}}}
	x.commit(r, next)
	return dmlResult([]string{"num_affected_rows"}, n), nil
}

// ---------------------------------------------------------------- TRUNCATE

func (x *execution) truncate(st *ast.Truncate) (*Result, error) {
	x.m.mu.Lock()
	defer x.m.mu.Unlock()
	r, err := x.writeTarget(st.Table, "TRUNCATE TABLE", true)
	if err != nil {
		return nil, err
	}
	next := r.data.withData(nil)
	next.commit = commitInfo{operation: opTruncate, readVersion: r.data.version,
		metrics: []kv{{"numRemovedFiles", strconv.Itoa(len(r.data.chunks))}}}
	x.commit(r, next)
	return okResult(), nil
}

// ---------------------------------------------------------------- UPDATE

// assignment is a bound SET c = e.
type assignment struct {
	col int
	e   expr
}

// bindAssignments binds SET lists against the target's columns (target
// columns may be qualified by the alias); values are store-assigned.
func bindAssignments(eb *exprBinder, set []ast.Assignment, cols []columnMeta, full []string) ([]assignment, error) {
	var out []assignment
	seen := map[int]bool{}
	for _, a := range set {
		name := a.Column[len(a.Column)-1]
		idx := -1
		for i, c := range cols {
			if strings.EqualFold(c.Name, name) {
				idx = i
			}
		}
		if idx < 0 {
			return nil, errclass.New("UNRESOLVED_COLUMN.WITH_SUGGESTION",
				"A column, variable, or function parameter with name %s cannot be resolved. Did you mean one of the following? [%s].",
				errclass.Ident(a.Column...), strings.Join(identAll(metaNames(cols)), ", "))
		}
		if seen[idx] {
			return nil, errclass.New("DUPLICATE_ASSIGNMENTS", "The columns or variables %s appear more than once as assignment targets.", errclass.Ident(cols[idx].Name))
		}
		seen[idx] = true
		v, err := eb.bind(a.Value)
		if err != nil {
			return nil, err
		}
		if v.Type() != cols[idx].Type && !value.CanStoreAssign(v.Type(), cols[idx].Type) {
			return nil, errclass.New("INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_SAFELY_CAST",
				"Cannot write incompatible data for the table %s: Cannot safely cast %s %q to %q.",
				errclass.Ident(full...), errclass.Ident(cols[idx].Name), v.Type().String(), cols[idx].Type.String())
		}
		out = append(out, assignment{col: idx, e: &storeExpr{x: v, to: cols[idx].Type, column: cols[idx].Name}})
	}
	return out, nil
}

// newRows computes the rows idx of b after assignments: unassigned columns
// keep their values (taken from the first len(cols) columns of b).
func newRows(ec *evalCtx, b *value.Batch, idx []int, cols []columnMeta, as []assignment) ([][]value.Value, error) {
	vals := make([]*value.Vector, len(cols))
	sub := takeRows(b, idx)
	for i := range cols {
		vals[i] = sub.Cols[i]
	}
	for _, a := range as {
		v, err := a.e.eval(ec, sub)
		if err != nil {
			return nil, err
		}
		vals[a.col] = v
	}
	out := make([][]value.Value, len(idx))
	for j := range idx {
		row := make([]value.Value, len(cols))
		for k, v := range vals {
			row[k] = v.Get(j)
			if row[k].Null && !cols[k].Nullable {
				return nil, errclass.New("DELTA_NOT_NULL_CONSTRAINT_VIOLATED", "NOT NULL constraint violated for column: %s.", cols[k].Name)
			}
		}
		out[j] = row
	}
	return out, nil
}

func (x *execution) update(st *ast.Update) (*Result, error) {
	x.m.mu.RLock()
	r, err := x.writeTarget(st.Table.Name, "UPDATE", true)
	if err != nil {
		x.m.mu.RUnlock()
		return nil, err
	}
	read := r.data
	sc := &scope{cols: targetScope(r, read, st.Table.Alias)}
	eb := &exprBinder{b: x.binder(x.params), sc: sc, where: "UPDATE"}
	var cond expr
	if st.Where != nil {
		eb.where = "WHERE"
		cond, err = eb.boolean(st.Where)
		eb.where = "UPDATE"
	}
	var as []assignment
	if err == nil {
		as, err = bindAssignments(eb, st.Set, read.columns, r.fullName())
	}
	x.m.mu.RUnlock()
	if err != nil {
		return nil, err
	}
	edit := &rowEdit{replaced: map[int64][]value.Value{}}
	var base int64
	for _, c := range read.chunks {
		if err := checkCtx(x.ec); err != nil {
			return nil, err
		}
		b := read.batch(c)
		var idx []int
		if cond == nil {
			idx = make([]int, c.n)
			for i := range idx {
				idx[i] = i
			}
		} else {
			v, err := cond.eval(x.ec, b)
			if err != nil {
				return nil, err
			}
			idx = trueRows(v)
		}
		if len(idx) > 0 {
			rows, err := newRows(x.ec, b, idx, read.columns, as)
			if err != nil {
				return nil, err
			}
			for j, i := range idx {
				edit.replaced[base+int64(i)] = rows[j]
			}
		}
		base += int64(c.n)
	}
	chunks, removed, added, copied := edit.apply(read.columns, read.chunks)
	n := int64(len(edit.replaced))

	x.m.mu.Lock()
	defer x.m.mu.Unlock()
	if chunks, err = rebase(r, read, chunks); err != nil {
		return nil, err
	}
	next := r.data.withData(chunks)
	next.commit = commitInfo{operation: opUpdate, readVersion: read.version,
		params: []kv{{"predicate", predicateJSON(st.Where)}},
		metrics: []kv{{"numAddedFiles", strconv.Itoa(added)}, {"numRemovedFiles", strconv.Itoa(removed)},
			{"numUpdatedRows", strconv.FormatInt(n, 10)}, {"numCopiedRows", strconv.FormatInt(copied, 10)},
			{"numAddedChangeFiles", "0"}, {"numDeletionVectorsAdded", "0"}, {"numDeletionVectorsRemoved", "0"}}}
	x.commit(r, next)
	return dmlResult([]string{"num_affected_rows"}, n), nil
}
