package warehouse

import (
	"strconv"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/ast"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// cloneCols are the columns CLONE returns (spec §3.5).
var cloneCols = []colInfo{
	{name: "source_table_size", t: value.BigIntType}, {name: "source_num_of_files", t: value.BigIntType},
	{name: "num_removed_files", t: value.BigIntType}, {name: "num_copied_files", t: value.BigIntType},
	{name: "removed_files_size", t: value.BigIntType}, {name: "copied_files_size", t: value.BigIntType},
}

// clone is CREATE [OR REPLACE] TABLE [IF NOT EXISTS] t [SHALLOW|DEEP] CLONE
// src [VERSION AS OF n | TIMESTAMP AS OF ts]. Deep clones (the default) get
// chunks of their own, so VACUUM of the source does not break them; shallow
// clones share the source's.
func (x *execution) clone(st *ast.CreateTable) (*Result, error) {
	if len(st.Columns) > 0 || st.AsQuery != nil {
		return nil, errclass.New("PARSE_SYNTAX_ERROR", "Syntax error at or near 'CLONE'.")
	}
	x.m.mu.Lock()
	defer x.m.mu.Unlock()
	src, _, err := x.m.relationFor(x.s, st.Clone.Source.Name)
	if err != nil {
		return nil, err
	}
	if src == nil {
		return nil, errTableNotFound(st.Clone.Source.Name)
	}
	if src.kind == kindView {
		return nil, errclass.New("DELTA_CLONE_UNSUPPORTED_SOURCE", "Unsupported clone source %s, whose format is View.", errclass.Ident(src.fullName()...))
	}
	if err := x.requireOn(x.s.principal, "SELECT", src); err != nil {
		return nil, err
	}
	data := src.data
	if st.Clone.Source.TimeTravel != nil {
		if data, err = x.binder(x.params).timeTravel(src, st.Clone.Source.TimeTravel, x.now, false); err != nil {
			return nil, err
		}
	}
	so, name, existing, skip, err := x.tableTarget(st)
	if err != nil {
		return nil, err
	}
	if skip {
		return okResult(), nil
	}
	if existing == src {
		return nil, errclass.New("DELTA_UNSUPPORTED_CLONE_REPLACE_SAME_TABLE",
			"You tried to REPLACE an existing table (%s) with CLONE. This operation is unsupported. Try a different target for CLONE or delete the table at the current target.",
			errclass.Ident(so.catalog.name, so.name, name))
	}

	chunks := data.chunks
	copied := 0
	if !st.Clone.Shallow {
		chunks = make([]*chunk, len(data.chunks))
		for i, c := range data.chunks {
			chunks[i] = &chunk{cols: c.cols, n: c.n}
		}
		copied = len(chunks)
	}
	props := map[string]string{}
	for k, v := range data.props {
		props[k] = v
	}
	for _, p := range st.Properties {
		props[p.Key] = p.Value
	}
	next := &tableData{columns: data.columns, chunks: chunks, rows: data.rows, props: props, partitionBy: data.partitionBy}
	size := chunkBytes(data.chunks)
	copiedSize := int64(0)
	if copied > 0 {
		copiedSize = size
	}
	removed, removedSize := 0, int64(0)
	if existing != nil {
		removed, removedSize = len(existing.data.chunks), chunkBytes(existing.data.chunks)
	}
	next.commit = commitInfo{
		operation: opClone, readVersion: -1,
		params: []kv{{"source", src.schema.catalog.name + "." + src.schema.name + "." + src.name},
			{"sourceVersion", strconv.FormatInt(data.version, 10)}, {"isShallow", strconv.FormatBool(st.Clone.Shallow)}},
		metrics: []kv{{"sourceTableSize", strconv.FormatInt(size, 10)}, {"sourceNumOfFiles", strconv.Itoa(len(data.chunks))},
			{"numRemovedFiles", strconv.Itoa(removed)}, {"numCopiedFiles", strconv.Itoa(copied)},
			{"removedFilesSize", strconv.FormatInt(removedSize, 10)}, {"copiedFilesSize", strconv.FormatInt(copiedSize, 10)}},
	}
	target := existing
	if target == nil {
		target = &relation{kind: kindTable, schema: so, name: name, id: newID(), owner: x.s.principal, created: x.now, createdBy: x.s.principal}
		so.rels[name] = target
	} else {
		next.commit.readVersion = existing.data.version
	}
	x.commit(target, next)
	target.shallowClone = st.Clone.Shallow
	t := &table{cols: cloneCols}
	t.add(value.Int64(size), value.Int64(int64(len(data.chunks))), value.Int64(int64(removed)),
		value.Int64(int64(copied)), value.Int64(removedSize), value.Int64(copiedSize))
	return t.result(), nil
}
