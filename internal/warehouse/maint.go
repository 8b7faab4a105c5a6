package warehouse

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/ast"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// ---------------------------------------------------------------- RESTORE

var restoreCols = []colInfo{
	{name: "table_size_after_restore", t: value.BigIntType}, {name: "num_of_files_after_restore", t: value.BigIntType},
	{name: "num_removed_files", t: value.BigIntType}, {name: "num_restored_files", t: value.BigIntType},
	{name: "removed_files_size", t: value.BigIntType}, {name: "restored_files_size", t: value.BigIntType},
}

// restore is RESTORE TABLE t TO VERSION AS OF n | TIMESTAMP AS OF ts: one new
// commit whose data, schema and properties are those of the target version.
func (x *execution) restore(st *ast.Restore) (*Result, error) {
	x.m.mu.Lock()
	defer x.m.mu.Unlock()
	r, err := x.writeTarget(st.Table, "RESTORE", false)
	if err != nil {
		return nil, err
	}
	d, err := x.binder(x.params).timeTravel(r, &ast.TimeTravel{Version: st.Version, Timestamp: st.Timestamp}, x.now, true)
	if err != nil {
		return nil, err
	}
	t := &table{cols: restoreCols}
	if d == r.data {
		return t.result(), nil
	}
	cur := map[*chunk]bool{}
	for _, c := range r.data.chunks {
		cur[c] = true
	}
	target := map[*chunk]bool{}
	var restored, removed []*chunk
	for _, c := range d.chunks {
		target[c] = true
		if !cur[c] {
			restored = append(restored, c)
		}
	}
	for _, c := range r.data.chunks {
		if !target[c] {
			removed = append(removed, c)
		}
	}
	next := d.withData(d.chunks)
	// Delta records the one of version and timestamp that was given.
	params := []kv{{"version", strconv.FormatInt(d.version, 10)}}
	if st.Timestamp != nil {
		params = []kv{{"timestamp", sqlOf(st.Timestamp)}}
	}
	size, restoredSize, removedSize := chunkBytes(d.chunks), chunkBytes(restored), chunkBytes(removed)
	next.commit = commitInfo{operation: opRestore, readVersion: r.data.version, params: params,
		metrics: []kv{{"tableSizeAfterRestore", strconv.FormatInt(size, 10)}, {"numOfFilesAfterRestore", strconv.Itoa(len(d.chunks))},
			{"numRemovedFiles", strconv.Itoa(len(removed))}, {"numRestoredFiles", strconv.Itoa(len(restored))},
			{"removedFilesSize", strconv.FormatInt(removedSize, 10)}, {"restoredFilesSize", strconv.FormatInt(restoredSize, 10)}}}
	x.commit(r, next)
	t.add(value.Int64(size), value.Int64(int64(len(d.chunks))), value.Int64(int64(len(removed))),
		value.Int64(int64(len(restored))), value.Int64(removedSize), value.Int64(restoredSize))
	return t.result(), nil
}

// ---------------------------------------------------------------- VACUUM

const confRetentionCheck = "spark.databricks.delta.retentiondurationcheck.enabled"

func chunkPath(r *relation, c *chunk) string {
	return fmt.Sprintf("%s/part-%05d-%s.c000.snappy.parquet", tableLocation(r), c.id, r.id[:8])
}

// vacuum deletes the "files" (chunks) that no version since the retention
// threshold needs; time travel to versions that used them then fails.
func (x *execution) vacuum(st *ast.Vacuum) (*Result, error) {
	x.m.mu.Lock()
	defer x.m.mu.Unlock()
	r, err := x.writeTarget(st.Table, "VACUUM", false)
	if err != nil {
		return nil, err
	}
	keep := deletedFileRetention(r.data)
	retain := keep
	if st.RetainHours != nil {
		h := *st.RetainHours
		if h < 0 {
			return nil, errclass.New("DELTA_VACUUM_RETENTION_PERIOD_NEGATIVE", "Retention for Vacuum can't be less than 0.")
		}
		retain = time.Duration(h * float64(time.Hour))
		if retain < keep && !strings.EqualFold(x.s.conf[confRetentionCheck], "false") {
			return nil, errclass.New("DELTA_VACUUM_RETENTION_PERIOD_TOO_SHORT",
				"Are you sure you would like to vacuum files with such a low retention period? If you have writers that are currently writing to this table, there is a risk that you may corrupt the state of your Delta table.\n"+
					"If you are certain that there are no operations being performed on this table, such as insert/upsert/delete/optimize, then you may turn off this check by setting:\n"+
					"spark.databricks.delta.retentionDurationCheck.enabled = false\n"+
					"If you are not sure, please use a value not less than %q.", fmt.Sprintf("%d hours", int64(keep/time.Hour)))
		}
	}
	live := map[*chunk]bool{}
	for _, c := range r.data.chunks {
		live[c] = true
	}
	seen := map[*chunk]bool{}
	var doomed []*chunk
	threshold := x.now.Add(-retain)
	for _, d := range r.history {
		for _, c := range d.chunks {
			if seen[c] || live[c] {
				continue
			}
			seen[c] = true
			if !c.vacuumed && !c.removedAt.IsZero() && !c.removedAt.After(threshold) {
				doomed = append(doomed, c)
			}
		}
	}
	sort.Slice(doomed, func(i, j int) bool { return doomed[i].id < doomed[j].id })
	t := newTable("path")
	if st.DryRun {
		for _, c := range doomed {
			t.add(value.Str(chunkPath(r, c)))
		}
		return t.result(), nil
	}
	start := r.data.withData(r.data.chunks)
	start.commit = commitInfo{operation: opVacuumStart, readVersion: r.data.version, isolationLevel: "SnapshotIsolation",
		params: []kv{{"retentionCheckEnabled", strconv.FormatBool(!strings.EqualFold(x.s.conf[confRetentionCheck], "false"))},
			{"defaultRetentionMillis", strconv.FormatInt(keep.Milliseconds(), 10)},
			{"specifiedRetentionMillis", strconv.FormatInt(retain.Milliseconds(), 10)}},
		metrics: []kv{{"numFilesToDelete", strconv.Itoa(len(doomed))}, {"sizeOfDataToDelete", strconv.FormatInt(chunkBytes(doomed), 10)}}}
	x.commit(r, start)
	for _, c := range doomed {
		c.vacuumed = true
	}
	end := r.data.withData(r.data.chunks)
	end.commit = commitInfo{operation: opVacuumEnd, readVersion: r.data.version, isolationLevel: "SnapshotIsolation",
		params:  []kv{{"status", "COMPLETED"}},
		metrics: []kv{{"numDeletedFiles", strconv.Itoa(len(doomed))}, {"numVacuumedDirectories", "1"}}}
	x.commit(r, end)
	t.add(value.Str(tableLocation(r)))
	return t.result(), nil
}

// ---------------------------------------------------------------- OPTIMIZE

// optimize compacts a table's chunks into as few as fit in chunkRows rows.
// It records a commit only when there was work to do.
func (x *execution) optimize(st *ast.Optimize) (*Result, error) {
	if st.Where != nil || len(st.ZOrderBy) > 0 {
		return nil, errUnsupported("", "OPTIMIZE with WHERE or ZORDER BY.")
	}
	x.m.mu.Lock()
	defer x.m.mu.Unlock()
	r, err := x.writeTarget(st.Table, "OPTIMIZE", false)
	if err != nil {
		return nil, err
	}
	d := r.data
	var small []*chunk
	for _, c := range d.chunks {
		if c.n < chunkRows {
			small = append(small, c)
		}
	}
	metrics := map[string]any{"numFilesAdded": 0, "numFilesRemoved": 0}
	if len(small) > 1 {
		var keep []*chunk
		for _, c := range d.chunks {
			if c.n >= chunkRows {
				keep = append(keep, c)
			}
		}
		bs := make([]*value.Batch, len(small))
		for i, c := range small {
			bs[i] = d.batch(c)
		}
		merged := chunksOf([]*value.Batch{concatBatches(bs, metaInfos(d.columns))})
		next := d.withData(append(keep, merged...))
		next.commit = commitInfo{operation: opOptimize, readVersion: d.version, isolationLevel: "SnapshotIsolation",
			params: []kv{{"predicate", "[]"}, {"zOrderBy", "[]"}},
			metrics: []kv{{"numAddedFiles", strconv.Itoa(len(merged))}, {"numRemovedFiles", strconv.Itoa(len(small))},
				{"numAddedBytes", strconv.FormatInt(chunkBytes(merged), 10)}, {"numRemovedBytes", strconv.FormatInt(chunkBytes(small), 10)}}}
		x.commit(r, next)
		metrics = map[string]any{"numFilesAdded": len(merged), "numFilesRemoved": len(small)}
	}
	mt := value.ComplexType(value.Struct, "STRUCT<numFilesAdded: BIGINT, numFilesRemoved: BIGINT>")
	t := &table{cols: []colInfo{{name: "path", t: value.StringType}, {name: "metrics", t: mt}}}
	t.add(value.Str(tableLocation(r)), value.Value{Type: mt, S: jsonText(metrics)})
	return t.result(), nil
}

// ---------------------------------------------------------------- ALTER TABLE

// knownDeltaProps are the delta.* table properties the fake accepts (the
// part after "delta.", lower case); feature.* is accepted too.
var knownDeltaProps = map[string]bool{
	"appendonly": true, "deletedfileretentionduration": true, "logretentionduration": true,
	"checkpointinterval": true, "enablechangedatafeed": true, "columnmapping.mode": true,
	"minreaderversion": true, "minwriterversion": true, "dataskippingnumindexedcols": true,
	"dataskippingstatscolumns": true, "autooptimize.optimizewrite": true, "autooptimize.autocompact": true,
	"enabledeletionvectors": true, "isolationlevel": true, "targetfilesize": true,
	"tunefilesizesforrewrites": true, "randomizefileprefixes": true, "checkpoint.writestatsasjson": true,
	"checkpoint.writestatsasstruct": true, "settransactionretentionduration": true, "enablerowtracking": true,
	"enabletypewidening": true, "universalformat.enabledformats": true, "checkpointpolicy": true,
	"enableicebergcompatv2": true,
}

// checkProps validates table properties: unknown delta.* keys are refused
// and retention durations must parse.
func checkProps(props []ast.Property) error {
	for _, p := range props {
		lk := strings.ToLower(p.Key)
		if !strings.HasPrefix(lk, "delta.") {
			continue
		}
		rest := strings.TrimPrefix(lk, "delta.")
		if !knownDeltaProps[rest] && !strings.HasPrefix(rest, "feature.") {
			return errclass.New("DELTA_UNKNOWN_CONFIGURATION",
				"Unknown configuration was specified: %s\nTo disable this check, set spark.databricks.delta.allowArbitraryProperties.enabled=true in the Spark session configuration.", p.Key)
		}
		if rest == "deletedfileretentionduration" || rest == "logretentionduration" {
			if _, ok := parseInterval(p.Value); !ok {
				return errclass.New("DELTA_INVALID_INTERVAL", "%s is not a valid INTERVAL.", p.Value)
			}
		}
	}
	return nil
}

func (x *execution) alterTable(st *ast.AlterTable) (*Result, error) {
	x.m.mu.Lock()
	defer x.m.mu.Unlock()
	r, so, err := x.m.relationFor(x.s, st.Name)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, errTableNotFound(st.Name)
	}
	if r.kind == kindView {
		return nil, errclass.New("EXPECT_TABLE_NOT_VIEW.USE_ALTER_VIEW",
			"%s is a view. 'ALTER TABLE' expects a table. Please use ALTER VIEW instead.", errclass.Ident(r.fullName()...))
	}
	// Renaming needs ownership or MANAGE; every other change, ownership.
	if err := x.requireOwnerOf(relRef(r), st.RenameTo != nil); err != nil {
		return nil, err
	}
	d := r.data
	switch {
	case st.RenameTo != nil:
		cat, sch, name, err := x.s.qualify(st.RenameTo)
		if err != nil {
			return nil, err
		}
		if len(st.RenameTo) < 3 {
			cat = so.catalog.name
		}
		if len(st.RenameTo) < 2 {
			sch = so.name
		}
		if cat != so.catalog.name {
			return nil, errclass.New("UNSUPPORTED_FEATURE.RENAME_ACROSS_CATALOGS", "The feature is not supported: Renaming a table across catalogs.")
		}
		dst, ok := so.catalog.schemas[sch]
		if !ok {
			return nil, errSchemaNotFound(cat, sch)
		}
		if err := validObjectName(name); err != nil {
			return nil, err
		}
		if dst.rels[name] != nil {
			return nil, errRelationExists(cat, sch, name)
		}
		delete(so.rels, r.name)
		r.schema, r.name = dst, name
		dst.rels[name] = r
		return okResult(), nil
	case st.AddColumns != nil:
		cols := append([]columnMeta(nil), d.columns...)
		var added []map[string]any
		for _, c := range st.AddColumns {
			if c.Default != nil {
				return nil, errclass.New("WRONG_COLUMN_DEFAULTS_FOR_DELTA_ALTER_TABLE_ADD_COLUMN_NOT_SUPPORTED",
					"Failed to execute ALTER TABLE ADD COLUMNS command because it assigned a column DEFAULT value to a new column, which is not supported for Delta tables.")
			}
			if c.NotNull {
				return nil, errclass.New("DELTA_NOT_NULL_CONSTRAINT_VIOLATED", "NOT NULL constraint violated for column: %s.", c.Name)
			}
			for _, e := range cols {
				if strings.EqualFold(e.Name, c.Name) {
					return nil, errclass.New("DELTA_DUPLICATE_COLUMNS_FOUND", "Found duplicate column(s) in adding columns: %s", strings.ToLower(c.Name))
				}
			}
			cols = append(cols, columnMeta{Name: c.Name, Type: c.Type, Nullable: true, Comment: c.Comment})
			added = append(added, map[string]any{"column": map[string]any{"name": c.Name, "type": c.Type.SQLName(), "nullable": true, "metadata": map[string]any{}}})
		}
		next := d.withData(d.chunks)
		next.columns = cols
		b, _ := json.Marshal(added)
		next.commit = commitInfo{operation: opAddColumns, readVersion: d.version, params: []kv{{"columns", string(b)}}}
		x.commit(r, next)
	case st.SetProperties != nil:
		if err := checkProps(st.SetProperties); err != nil {
			return nil, err
		}
		props := copyProps(d.props)
		set := map[string]string{}
		for _, p := range st.SetProperties {
			props[p.Key] = p.Value
			set[p.Key] = p.Value
		}
		next := d.withData(d.chunks)
		next.props = props
		next.commit = commitInfo{operation: opSetProps, readVersion: d.version, params: []kv{{"properties", jsonText(set)}}}
		x.commit(r, next)
	case st.UnsetProperties != nil:
		props := copyProps(d.props)
		var missing []string
		for _, k := range st.UnsetProperties {
			if _, ok := props[k]; !ok {
				missing = append(missing, errclass.Ident(k))
			}
			delete(props, k)
		}
		if len(missing) > 0 && !st.UnsetIfExists {
			return nil, errclass.New("UNSET_NONEXISTENT_PROPERTIES",
				"Attempted to unset non-existent properties [%s] in table %s.", strings.Join(missing, ", "), errclass.Ident(r.fullName()...))
		}
		next := d.withData(d.chunks)
		next.props = props
		next.commit = commitInfo{operation: opUnsetProps, readVersion: d.version,
			params: []kv{{"properties", jsonText(st.UnsetProperties)}, {"ifExists", strconv.FormatBool(st.UnsetIfExists)}}}
		x.commit(r, next)
	default:
		return nil, errInternal("ALTER TABLE without an action")
	}
	return okResult(), nil
}

func copyProps(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
