package warehouse

import (
	"strconv"
	"strings"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/ast"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// insert runs INSERT INTO / INSERT OVERWRITE. The query runs on a snapshot;
// the rows are appended to (or replace) the version current at commit time.
func (x *execution) insert(st *ast.Insert) (*Result, error) {
	x.m.mu.RLock()
	r, _, err := x.m.relationFor(x.s, st.Table)
	if err == nil && r == nil {
		err = errTableNotFound(st.Table)
	}
	if err == nil && r.kind == kindView {
		err = errclass.New("EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE", "'INSERT' expects a table but %s is a view.", errclass.Ident(r.fullName()...))
	}
	if err == nil {
		err = x.requireOn(x.s.principal, "MODIFY", r)
	}
	if err != nil {
		x.m.mu.RUnlock()
		return nil, err
	}
	target := r.data
	full := r.fullName()
	var replace expr
	if st.Overwrite {
		if err := appendOnly(r); err != nil {
			x.m.mu.RUnlock()
			return nil, err
		}
	}
	if st.ReplaceWhere != nil {
		if err = appendOnly(r); err == nil {
			sc := &scope{cols: targetScope(r, target, "")}
			replace, err = (&exprBinder{b: x.binder(x.params), sc: sc, where: "WHERE"}).boolean(st.ReplaceWhere)
		}
		if err != nil {
			x.m.mu.RUnlock()
			return nil, err
		}
	}
	p, err := x.binder(x.params).query(st.Query, nil)
	x.m.mu.RUnlock()
	if err != nil {
		return nil, err
	}
	proj, err := insertProjection(target.columns, st, p.cols(), full)
	if err != nil {
		return nil, err
	}
	p = &projectPlan{in: p, exprs: proj, out: metaInfos(target.columns)}
	data, err := p.run(x.ec)
	if err != nil {
		return nil, err
	}
	var kept []*chunk // REPLACE WHERE: the rows that stay
	var deleted int64
	if replace != nil {
		// Rows of the query that do not satisfy the predicate are ignored.
		for i, b := range data {
			v, err := replace.eval(x.ec, b)
			if err != nil {
				return nil, err
			}
			if idx := trueRows(v); len(idx) != b.N {
				data[i] = takeRows(b, idx)
			}
		}
		edit := &rowEdit{deleted: map[int64]bool{}}
		var base int64
		for _, c := range target.chunks {
			v, err := replace.eval(x.ec, target.batch(c))
			if err != nil {
				return nil, err
			}
			for _, i := range trueRows(v) {
				edit.deleted[base+int64(i)] = true
			}
			base += int64(c.n)
		}
		kept, _, _, _ = edit.apply(target.columns, target.chunks)
		deleted = int64(len(edit.deleted))
	}
	chunks, err := x.conform(target.columns, data, full)
	if err != nil {
		return nil, err
	}
	n := countRows(chunks)

	x.m.mu.Lock()
	defer x.m.mu.Unlock()
	cur, _, _ := x.m.relationFor(x.s, st.Table)
	if cur != r {
		return nil, errclass.New("DELTA_CONCURRENT_WRITE",
			"ConcurrentWriteException: A concurrent transaction has written new data since the current transaction read the table. Please try the operation again.")
	}
	if !sameColumns(r.data.columns, target.columns) {
		return nil, errclass.New("DELTA_METADATA_CHANGED",
			"MetadataChangedException: The metadata of the Delta table has been changed by a concurrent update. Please try the operation again.")
	}
	var next *tableData
	switch {
	case replace != nil:
		if kept, err = rebase(r, target, kept); err != nil {
			return nil, err
		}
		next = r.data.withData(append(kept, chunks...))
		next.commit = commitInfo{operation: opWrite, params: []kv{{"mode", "Overwrite"}, {"partitionBy", "[]"}, {"predicate", predicateJSON(st.ReplaceWhere)}}}
		next.commit.metrics = append(writeMetrics(chunks), kv{"numDeletedRows", strconv.FormatInt(deleted, 10)})
	case st.Overwrite:
		next = r.data.withData(chunks)
		next.commit = commitInfo{operation: opWrite, params: []kv{{"mode", "Overwrite"}, {"partitionBy", "[]"}}}
		next.commit.metrics = append(writeMetrics(chunks),
			kv{"numRemovedFiles", strconv.Itoa(len(r.data.chunks))}, kv{"numRemovedBytes", strconv.FormatInt(chunkBytes(r.data.chunks), 10)})
	default:
		next = r.data.withData(append(append(make([]*chunk, 0, len(r.data.chunks)+len(chunks)), r.data.chunks...), chunks...))
		next.commit = commitInfo{operation: opWrite, params: []kv{{"mode", "Append"}, {"partitionBy", "[]"}}, isBlindAppend: !readsTable(p, r)}
		next.commit.metrics = writeMetrics(chunks)
	}
	next.commit.readVersion = target.version
	x.commit(r, next)

	cols := []colInfo{{name: "num_affected_rows", t: value.BigIntType}, {name: "num_inserted_rows", t: value.BigIntType}}
	res := rowsResult(cols, []*value.Batch{{Cols: []*value.Vector{value.Constant(value.Int64(n), 1), value.Constant(value.Int64(n), 1)}, N: 1}})
	res.RowsAffected = n
	return res, nil
}

func sameColumns(a, b []columnMeta) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name || a[i].Type != b[i].Type || a[i].Nullable != b[i].Nullable {
			return false
		}
	}
	return true
}

func metaInfos(cols []columnMeta) []colInfo {
	out := make([]colInfo, len(cols))
	for i, c := range cols {
		out[i] = colInfo{name: c.Name, t: c.Type, nullable: c.Nullable}
	}
	return out
}

// insertProjection maps the query's columns onto the table's columns with
// ANSI store assignment: by position, by the column list, or BY NAME.
func insertProjection(table []columnMeta, st *ast.Insert, data []colInfo, full []string) ([]expr, error) {
	// source[i] is the data column written to table column i, or -1.
	source := make([]int, len(table))
	for i := range source {
		source[i] = -1
	}
	find := func(name string) int {
		for i, c := range table {
			if strings.EqualFold(c.Name, name) {
				return i
			}
		}
		return -1
	}
	var listed []string
	switch {
	case st.ByName:
		for j, d := range data {
			i := find(d.name)
			if i < 0 {
				return nil, errclass.New("INCOMPATIBLE_DATA_FOR_TABLE.EXTRA_COLUMNS",
					"Cannot write incompatible data for the table %s: Cannot find extra column %s.", errclass.Ident(full...), errclass.Ident(d.name))
			}
			source[i] = j
		}
	case st.Columns != nil:
		for j, name := range st.Columns {
			i := find(name)
			if i < 0 {
				return nil, errclass.New("UNRESOLVED_COLUMN.WITH_SUGGESTION",
					"A column, variable, or function parameter with name %s cannot be resolved. Did you mean one of the following? [%s].",
					errclass.Ident(name), strings.Join(identAll(metaNames(table)), ", "))
			}
			if source[i] >= 0 {
				return nil, errclass.New("COLUMN_ALREADY_EXISTS", "The column %s already exists. Choose another name or rename the existing column.", errclass.Ident(strings.ToLower(name)))
			}
			if j < len(data) {
				source[i] = j
			}
			listed = append(listed, table[i].Name)
		}
		if len(st.Columns) != len(data) {
			return nil, arityError(full, listed, data)
		}
	default:
		if len(data) != len(table) {
			return nil, arityError(full, metaNames(table), data)
		}
		for i := range source {
			source[i] = i
		}
	}
	out := make([]expr, len(table))
	for i, c := range table {
		j := source[i]
		if j < 0 {
			if !c.Nullable {
				return nil, errclass.New("DELTA_MISSING_NOT_NULL_COLUMN_VALUE",
					"Column %s, which has a NOT NULL constraint, is missing from the data being written into the table.", c.Name)
			}
			out[i] = &constExpr{v: value.NullOf(c.Type)}
			continue
		}
		from := data[j].t
		if from != c.Type && !value.CanStoreAssign(from, c.Type) {
			return nil, errclass.New("INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_SAFELY_CAST",
				"Cannot write incompatible data for the table %s: Cannot safely cast %s %q to %q.",
				errclass.Ident(full...), errclass.Ident(c.Name), from.String(), c.Type.String())
		}
		out[i] = &storeExpr{x: &colExpr{idx: j, t: from}, to: c.Type, column: c.Name}
	}
	return out, nil
}

func identAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = errclass.Ident(n)
	}
	return out
}

func arityError(full, tableCols []string, data []colInfo) error {
	sub, reason := "NOT_ENOUGH_DATA_COLUMNS", "not enough data columns"
	if len(data) > len(tableCols) {
		sub, reason = "TOO_MANY_DATA_COLUMNS", "too many data columns"
	}
	dataCols := make([]string, len(data))
	for i, d := range data {
		dataCols[i] = errclass.Ident(d.name)
	}
	return errclass.New("INSERT_COLUMN_ARITY_MISMATCH."+sub,
		"Cannot write to %s, the reason is %s:\nTable columns: %s.\nData columns: %s.",
		errclass.Ident(full...), reason, strings.Join(identAll(tableCols), ", "), strings.Join(dataCols, ", "))
}

// storeExpr converts a value for writing into a column (ANSI store
// assignment; overflow fails naming the column).
type storeExpr struct {
	x      expr
	to     value.Type
	column string
}

func (e *storeExpr) Type() value.Type { return e.to }
func (e *storeExpr) children() []expr { return []expr{e.x} }
func (e *storeExpr) eval(ec *evalCtx, b *value.Batch) (*value.Vector, error) {
	v, err := e.x.eval(ec, b)
	if err != nil {
		return nil, err
	}
	if v.Type == e.to {
		return v, nil
	}
	return value.StoreAssignIn(v, e.to, e.column, ec.location())
}

// readsTable reports whether plan p scans table r (an INSERT that reads its
// own target is not a blind append).
func readsTable(p plan, r *relation) bool {
	found := false
	var walk func(p plan)
	walk = func(p plan) {
		switch q := p.(type) {
		case *scanPlan:
			for _, d := range r.history {
				if q.data == d {
					found = true
				}
			}
		case *filterPlan:
			walk(q.in)
		case *projectPlan:
			walk(q.in)
		case *renamePlan:
			walk(q.in)
		case *aggPlan:
			walk(q.in)
		case *distinctPlan:
			walk(q.in)
		case *limitPlan:
			walk(q.in)
		case *sortPlan:
			walk(q.in)
		case *joinPlan:
			walk(q.left)
			walk(q.right)
		case *setOpPlan:
			walk(q.left)
			walk(q.right)
		}
	}
	walk(p)
	return found
}
