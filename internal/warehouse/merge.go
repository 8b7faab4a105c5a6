package warehouse

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/ast"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// Hidden row-id columns of MERGE's join; no SQL name can match them.
const (
	tidName = "\x00target_row"
	sidName = "\x00source_row"
)

type mergeClause struct {
	ast    ast.MergeClause
	cond   expr
	set    []assignment // UPDATE
	values []expr       // INSERT: one per target column
}

// checkMergeClauses enforces Delta's rules on the WHEN clauses.
func checkMergeClauses(cs []ast.MergeClause) error {
	if len(cs) == 0 {
		return errclass.New("DELTA_MERGE_MISSING_WHEN", "There must be at least one WHEN clause in a MERGE statement.")
	}
	last := map[ast.MergeMatch]int{}
	for i, c := range cs {
		last[c.Match] = i
	}
	classes := map[ast.MergeMatch]string{
		ast.WhenMatched:         "DELTA_NON_LAST_MATCHED_CLAUSE_OMIT_CONDITION",
		ast.WhenNotMatched:      "DELTA_NON_LAST_NOT_MATCHED_CLAUSE_OMIT_CONDITION",
		ast.WhenNotMatchedBySrc: "DELTA_NON_LAST_NOT_MATCHED_BY_SOURCE_CLAUSE_OMIT_CONDITION",
	}
	texts := map[ast.MergeMatch]string{
		ast.WhenMatched:         "MATCHED",
		ast.WhenNotMatched:      "NOT MATCHED",
		ast.WhenNotMatchedBySrc: "NOT MATCHED BY SOURCE",
	}
	for i, c := range cs {
		if c.Cond == nil && i != last[c.Match] {
			return errclass.New(classes[c.Match],
				"When there are more than one %s clauses in a MERGE statement, only the last %s clause can omit the condition.", texts[c.Match], texts[c.Match])
		}
	}
	return nil
}

// hide returns cols with the columns in [lo, hi) made unnamable.
func hide(cols []colInfo, lo, hi int) []colInfo {
	out := append([]colInfo(nil), cols...)
	for i := lo; i < hi; i++ {
		out[i].name = "\x00hidden"
	}
	return out
}

func (x *execution) merge(st *ast.Merge) (*Result, error) {
	if st.SchemaEvolution {
		return nil, errUnsupported("", "MERGE WITH SCHEMA EVOLUTION.")
	}
	if err := checkMergeClauses(st.Clauses); err != nil {
		return nil, err
	}
	changes := false // updates or deletes existing rows
	for _, c := range st.Clauses {
		changes = changes || c.Action != ast.MergeInsert
	}
	x.m.mu.RLock()
	r, err := x.writeTarget(st.Target.Name, "MERGE", changes)
	if err != nil {
		x.m.mu.RUnlock()
		return nil, err
	}
	read := r.data
	b := x.binder(x.params)
	src, err := b.from(st.Source, nil)
	if err != nil {
		x.m.mu.RUnlock()
		return nil, err
	}
	alias := st.Target.Alias
	tcols := targetScope(r, read, alias)
	if alias == "" {
		for i := range tcols {
			tcols[i].qual = r.fullName()
		}
	}
	nt := len(tcols)
	scols := src.cols()
	all := append(append(append([]colInfo{}, tcols...), colInfo{name: tidName, t: value.BigIntType}), scols...)
	all = append(all, colInfo{name: sidName, t: value.BigIntType})
	full := r.fullName()

	on, err := (&exprBinder{b: b, sc: &scope{cols: all}, where: "MERGE"}).boolean(st.On)
	clauses := make([]mergeClause, len(st.Clauses))
	for i := 0; err == nil && i < len(st.Clauses); i++ {
		c := st.Clauses[i]
		sc := &scope{cols: all}
		switch c.Match {
		case ast.WhenNotMatched:
			sc.cols = hide(all, 0, nt+1) // only source columns
		case ast.WhenNotMatchedBySrc:
			sc.cols = hide(all, nt+1, len(all)) // only target columns
		}
		eb := &exprBinder{b: b, sc: sc, where: "MERGE"}
		mc := mergeClause{ast: c}
		if c.Cond != nil {
			if mc.cond, err = eb.boolean(c.Cond); err != nil {
				break
			}
		}
		switch c.Action {
		case ast.MergeUpdate:
			set := c.Set
			if c.Star {
				set = nil
				for _, tc := range read.columns {
					if !hasColumn(scols, tc.Name) {
						err = errclass.New("DELTA_COLUMN_NOT_FOUND_IN_MERGE",
							"Unable to find the column '%s' of the target table from the INSERT columns: %s. UPDATE SET * requires every target column in the source.",
							tc.Name, strings.Join(colNamesOf(scols), ", "))
						break
					}
					set = append(set, ast.Assignment{Column: ast.Name{tc.Name}, Value: &ast.ColumnRef{Name: ast.Name{tc.Name}}})
				}
				if err != nil {
					break
				}
				// Star assignments read the source: hide the target.
				eb.sc = &scope{cols: hide(all, 0, nt+1)}
			}
			mc.set, err = bindAssignments(eb, set, read.columns, full)
		case ast.MergeInsert:
			mc.values, err = x.mergeInsertValues(eb, c, read.columns, scols, full)
		}
		clauses[i] = mc
	}
	x.m.mu.RUnlock()
	if err != nil {
		return nil, err
	}

	// Join target and source (full outer), tagging rows with their ids.
	T := concatBatches(read.batches(), metaInfos(read.columns))
	if len(read.chunks) == 0 {
		T = emptyBatch(metaInfos(read.columns))
	}
	T.Cols = append(append([]*value.Vector{}, T.Cols...), rowIDs(T.N))
	sb, err := src.run(x.ec)
	if err != nil {
		return nil, err
	}
	S := emptyBatch(scols)
	if len(sb) > 0 {
		S = concatBatches(sb, scols)
	}
	S.Cols = append(append([]*value.Vector{}, S.Cols...), rowIDs(S.N))
	left := append(append([]colInfo{}, tcols...), colInfo{name: tidName, t: value.BigIntType})
	right := append(append([]colInfo{}, scols...), colInfo{name: sidName, t: value.BigIntType})
	jp := &joinPlan{kind: joinFull, left: batchesPlan{bs: []*value.Batch{T}, out: left}, right: batchesPlan{bs: []*value.Batch{S}, out: right}, out: all}
	jp.lkeys, jp.rkeys, jp.nullSafe, jp.residual = splitJoinKeys(on, nt+1)
	jb, err := jp.run(x.ec)
	if err != nil {
		return nil, err
	}
	J := concatBatches(jb, all)
	tid, sid := J.Cols[nt], J.Cols[len(all)-1]

	var matched, notMatched, bySource []int
	for i := 0; i < J.N; i++ {
		switch {
		case !tid.IsNull(i) && !sid.IsNull(i):
			matched = append(matched, i)
		case tid.IsNull(i):
			notMatched = append(notMatched, i)
		default:
			bySource = append(bySource, i)
		}
	}
	edit := &rowEdit{deleted: map[int64]bool{}, replaced: map[int64][]value.Value{}}
	var updated, deleted int64
	touch := func(t int64) error {
		if edit.deleted[t] || edit.replaced[t] != nil {
			return errclass.New("DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE",
				"Cannot perform Merge as multiple source rows matched and attempted to modify the same target row in the Delta table in possibly conflicting ways. By SQL semantics of Merge, when multiple source rows match on the same target row, the result may be ambiguous as it is unclear which source row should be used to update or delete the matching target row. You can preprocess the source table to eliminate the possibility of multiple matches.")
		}
		return nil
	}
	var inserted [][]value.Value
	for _, group := range []struct {
		match ast.MergeMatch
		rows  []int
	}{{ast.WhenMatched, matched}, {ast.WhenNotMatched, notMatched}, {ast.WhenNotMatchedBySrc, bySource}} {
		rest := group.rows
		for _, c := range clauses {
			if c.ast.Match != group.match || len(rest) == 0 {
				continue
			}
			hit := rest
			var miss []int
			if c.cond != nil {
				v, err := evalRows(x.ec, c.cond, J, rest)
				if err != nil {
					return nil, err
				}
				hit = nil
				for j, i := range rest {
					if !v.IsNull(j) && v.I64[j] != 0 {
						hit = append(hit, i)
					} else {
						miss = append(miss, i)
					}
				}
			}
			rest = miss
			if len(hit) == 0 {
				continue
			}
			switch c.ast.Action {
			case ast.MergeDelete:
				for _, i := range hit {
					t := tid.I64[i]
					if err := touch(t); err != nil {
						return nil, err
					}
					edit.deleted[t] = true
					deleted++
				}
			case ast.MergeUpdate:
				rows, err := newRows(x.ec, J, hit, read.columns, c.set)
				if err != nil {
					return nil, err
				}
				for j, i := range hit {
					t := tid.I64[i]
					if err := touch(t); err != nil {
						return nil, err
					}
					edit.replaced[t] = rows[j]
					updated++
				}
			case ast.MergeInsert:
				sub := gatherAll(J, hit)
				vals := make([]*value.Vector, len(c.values))
				for k, e := range c.values {
					if vals[k], err = e.eval(x.ec, sub); err != nil {
						return nil, err
					}
				}
				for j := range hit {
					row := make([]value.Value, len(vals))
					for k, v := range vals {
						row[k] = v.Get(j)
						if row[k].Null && !read.columns[k].Nullable {
							return nil, errclass.New("DELTA_NOT_NULL_CONSTRAINT_VIOLATED", "NOT NULL constraint violated for column: %s.", read.columns[k].Name)
						}
					}
					inserted = append(inserted, row)
				}
			}
		}
	}
	chunks, removed, added, copied := edit.apply(read.columns, read.chunks)
	if len(inserted) > 0 {
		builders := make([]*value.Builder, len(read.columns))
		for k, c := range read.columns {
			builders[k] = value.NewBuilder(c.Type, len(inserted))
		}
		for _, row := range inserted {
			for k, v := range row {
				builders[k].Append(v)
			}
		}
		b := &value.Batch{Cols: make([]*value.Vector, len(builders)), N: len(inserted)}
		for k, bl := range builders {
			b.Cols[k] = bl.Build()
		}
		newChunks := chunksOf([]*value.Batch{b})
		chunks = append(chunks, newChunks...)
		added += len(newChunks)
	}
	ins := int64(len(inserted))

	x.m.mu.Lock()
	defer x.m.mu.Unlock()
	if chunks, err = rebase(r, read, chunks); err != nil {
		return nil, err
	}
	next := r.data.withData(chunks)
	next.commit = commitInfo{operation: opMerge, readVersion: read.version,
		params: mergeParams(st),
		metrics: []kv{{"numSourceRows", strconv.Itoa(S.N)}, {"numTargetRowsInserted", strconv.FormatInt(ins, 10)},
			{"numTargetRowsUpdated", strconv.FormatInt(updated, 10)}, {"numTargetRowsDeleted", strconv.FormatInt(deleted, 10)},
			{"numTargetRowsCopied", strconv.FormatInt(copied, 10)}, {"numOutputRows", strconv.FormatInt(ins+updated+copied, 10)},
			{"numTargetFilesAdded", strconv.Itoa(added)}, {"numTargetFilesRemoved", strconv.Itoa(removed)}}}
	x.commit(r, next)
	return dmlResult([]string{"num_affected_rows", "num_updated_rows", "num_deleted_rows", "num_inserted_rows"},
		updated+deleted+ins, updated, deleted, ins), nil
}

// mergeInsertValues binds a WHEN NOT MATCHED THEN INSERT clause to one
// expression per target column.
func (x *execution) mergeInsertValues(eb *exprBinder, c ast.MergeClause, cols []columnMeta, scols []colInfo, full []string) ([]expr, error) {
	names, vals := c.Columns, c.Values
	if c.Star {
		names, vals = nil, nil
		for _, tc := range cols {
			if !hasColumn(scols, tc.Name) {
				return nil, errclass.New("DELTA_COLUMN_NOT_FOUND_IN_MERGE",
					"Unable to find the column '%s' of the target table from the INSERT columns: %s. INSERT clause must specify value for all the columns of the target table.",
					tc.Name, strings.Join(colNamesOf(scols), ", "))
			}
			names = append(names, tc.Name)
			vals = append(vals, &ast.ColumnRef{Name: ast.Name{tc.Name}})
		}
	} else if names == nil {
		for _, tc := range cols {
			names = append(names, tc.Name)
		}
	}
	if len(names) != len(vals) {
		return nil, arityError(full, names, make([]colInfo, len(vals)))
	}
	set := make([]ast.Assignment, len(names))
	for i := range names {
		set[i] = ast.Assignment{Column: ast.Name{names[i]}, Value: vals[i]}
	}
	as, err := bindAssignments(eb, set, cols, full)
	if err != nil {
		return nil, err
	}
	out := make([]expr, len(cols))
	for i, c := range cols {
		out[i] = &constExpr{v: value.NullOf(c.Type)}
	}
	for _, a := range as {
		out[a.col] = a.e
	}
	return out, nil
}

func hasColumn(cols []colInfo, name string) bool {
	for _, c := range cols {
		if strings.EqualFold(c.name, name) {
			return true
		}
	}
	return false
}

func colNamesOf(cols []colInfo) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.name
	}
	return out
}

func rowIDs(n int) *value.Vector {
	v := value.NewVector(value.BigIntType, n)
	for i := range v.I64 {
		v.I64[i] = int64(i)
	}
	return v
}

func emptyBatch(cols []colInfo) *value.Batch {
	b := &value.Batch{Cols: make([]*value.Vector, len(cols))}
	for i, c := range cols {
		b.Cols[i] = value.NewVector(c.t, 0)
	}
	return b
}

// gatherAll returns rows idx of every column of b.
func gatherAll(b *value.Batch, idx []int) *value.Batch { return takeRows(b, idx) }

// mergeParams are MERGE's operationParameters.
func mergeParams(st *ast.Merge) []kv {
	type clause struct {
		ActionType string `json:"actionType"`
		Predicate  string `json:"predicate,omitempty"`
	}
	lists := map[ast.MergeMatch][]clause{}
	for _, c := range st.Clauses {
		action := map[ast.MergeAction]string{ast.MergeUpdate: "update", ast.MergeDelete: "delete", ast.MergeInsert: "insert"}[c.Action]
		if c.Star {
			action += "Star"
		}
		cl := clause{ActionType: action}
		if c.Cond != nil {
			cl.Predicate = sqlOf(c.Cond)
		}
		lists[c.Match] = append(lists[c.Match], cl)
	}
	js := func(m ast.MergeMatch) string {
		b, _ := json.Marshal(append([]clause{}, lists[m]...))
		return string(b)
	}
	return []kv{{"predicate", predicateJSON(st.On)}, {"matchedPredicates", js(ast.WhenMatched)},
		{"notMatchedPredicates", js(ast.WhenNotMatched)}, {"notMatchedBySourcePredicates", js(ast.WhenNotMatchedBySrc)}}
}
