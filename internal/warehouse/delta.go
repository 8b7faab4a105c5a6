package warehouse

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// Operation names recorded in the Delta log (spec §3.1).
const (
	opCreate      = "CREATE TABLE"
	opCTAS        = "CREATE TABLE AS SELECT"
	opReplace     = "CREATE OR REPLACE TABLE"
	opReplaceAS   = "CREATE OR REPLACE TABLE AS SELECT"
	opWrite       = "WRITE"
	opDelete      = "DELETE"
	opUpdate      = "UPDATE"
	opMerge       = "MERGE"
	opTruncate    = "TRUNCATE"
	opRestore     = "RESTORE"
	opClone       = "CLONE"
	opAddColumns  = "ADD COLUMNS"
	opSetProps    = "SET TBLPROPERTIES"
	opUnsetProps  = "UNSET TBLPROPERTIES"
	opOptimize    = "OPTIMIZE"
	opVacuumStart = "VACUUM START"
	opVacuumEnd   = "VACUUM END"
)

// commit makes next the current version of table r, recording the commit.
// next.version and next.committed are set here. The caller holds the write
// lock and has filled next's data, metadata and commit info.
func (x *execution) commit(r *relation, next *tableData) {
	prev := r.data
	next.version = 0
	ts := x.now.Truncate(time.Millisecond)
	if prev != nil {
		next.version = prev.version + 1
		// Delta keeps commit timestamps strictly increasing.
		if !ts.After(prev.committed) {
			ts = prev.committed.Add(time.Millisecond)
		}
		live := make(map[*chunk]bool, len(next.chunks))
		for _, c := range next.chunks {
			live[c] = true
		}
		for _, c := range prev.chunks {
			if !live[c] && c.removedAt.IsZero() {
				c.removedAt = ts
			}
		}
	}
	for _, c := range next.chunks {
		c.removedAt = time.Time{}
		if c.id == 0 {
			c.id = chunkSeq.Add(1)
		}
	}
	next.committed = ts
	next.commit.userName = x.s.principal
	if next.commit.isolationLevel == "" {
		next.commit.isolationLevel = "WriteSerializable"
	}
	r.data = next
	r.history = append(r.history, next)
	r.altered, r.alteredBy = ts, x.s.principal
}

// chunkSeq numbers chunks ("files") across the process.
var chunkSeq atomic.Int64

// tableParams are the operationParameters of CREATE/REPLACE commits.
func tableParams(d *tableData) []kv {
	desc := ""
	if d.comment != nil {
		desc = *d.comment
	}
	parts, _ := json.Marshal(orEmpty(d.partitionBy))
	props, _ := json.Marshal(orEmptyMap(d.props))
	return []kv{{"isManaged", "true"}, {"description", desc}, {"partitionBy", string(parts)}, {"properties", string(props)}}
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func orEmptyMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// writeMetrics are the operationMetrics of a WRITE-like commit.
func writeMetrics(added []*chunk) []kv {
	return []kv{
		{"numFiles", strconv.Itoa(len(added))},
		{"numOutputRows", strconv.FormatInt(countRows(added), 10)},
		{"numOutputBytes", strconv.FormatInt(chunkBytes(added), 10)},
	}
}

// chunkBytes estimates the stored size of chunks, for size metrics.
func chunkBytes(cs []*chunk) int64 {
	var n int64
	for _, c := range cs {
		for _, v := range c.cols {
			switch v.Type.Physical() {
			case value.PhysString:
				for _, s := range v.Str {
					n += int64(len(s)) + 4
				}
			case value.PhysDecimal:
				n += int64(len(v.Dec)) * 16
			default:
				n += int64(v.Len()) * 8
			}
		}
		n += 512 // footer
	}
	return n
}

// mapJSON renders an ordered map as the JSON text a MAP<STRING,STRING>
// column carries.
func mapJSON(m []kv) string {
	b := []byte{'{'}
	for i, e := range m {
		if i > 0 {
			b = append(b, ',')
		}
		k, _ := json.Marshal(e.k)
		v, _ := json.Marshal(e.v)
		b = append(append(append(b, k...), ':'), v...)
	}
	return string(append(b, '}'))
}

// userID is a stable numeric id for a principal, as DESCRIBE HISTORY shows.
func userID(principal string) string {
	h := fnv.New64a()
	_, _ = h.Write([]byte(principal))
	return strconv.FormatUint(h.Sum64()%1_000_000_000_000_000, 10)
}

var (
	mapStringType = value.ComplexType(value.Map, "MAP<STRING,STRING>")
	jobType       = value.ComplexType(value.Struct, "STRUCT<jobId: STRING, jobName: STRING, jobRunId: STRING, runId: STRING, jobOwnerId: STRING, triggerType: STRING>")
	notebookType  = value.ComplexType(value.Struct, "STRUCT<notebookId: STRING>")
	arrayString   = value.ComplexType(value.Array, "ARRAY<STRING>")
)

// historyCols are DESCRIBE HISTORY's columns, in order (spec §3.2).
var historyCols = []colInfo{
	{name: "version", t: value.BigIntType}, {name: "timestamp", t: value.TimestampType},
	{name: "userId", t: value.StringType}, {name: "userName", t: value.StringType},
	{name: "operation", t: value.StringType}, {name: "operationParameters", t: mapStringType},
	{name: "job", t: jobType}, {name: "notebook", t: notebookType},
	{name: "clusterId", t: value.StringType}, {name: "readVersion", t: value.BigIntType},
	{name: "isolationLevel", t: value.StringType}, {name: "isBlindAppend", t: value.BooleanType},
	{name: "operationMetrics", t: mapStringType}, {name: "userMetadata", t: value.StringType},
	{name: "engineInfo", t: value.StringType},
}

// engineInfo is what the fake records as the writer of every commit.
const engineInfo = "Databricks-Runtime/ucdeploy-fake"

func historyRow(d *tableData) []value.Value {
	readVersion := value.NullOf(value.BigIntType)
	if d.commit.readVersion >= 0 {
		readVersion = value.Int64(d.commit.readVersion)
	}
	return []value.Value{
		value.Int64(d.version), value.IntOf(value.TimestampType, d.committed.UnixMicro()),
		value.Str(userID(d.commit.userName)), value.Str(d.commit.userName), value.Str(d.commit.operation),
		{Type: mapStringType, S: mapJSON(d.commit.params)}, value.NullOf(jobType), value.NullOf(notebookType),
		value.NullOf(value.StringType), readVersion, value.Str(d.commit.isolationLevel), value.Bool(d.commit.isBlindAppend),
		{Type: mapStringType, S: mapJSON(d.commit.metrics)}, value.NullOf(value.StringType), value.Str(engineInfo),
	}
}

// detailCols are DESCRIBE DETAIL's columns (OSS Delta's order, statistics last).
var detailCols = []colInfo{
	{name: "format", t: value.StringType}, {name: "id", t: value.StringType}, {name: "name", t: value.StringType},
	{name: "description", t: value.StringType}, {name: "location", t: value.StringType},
	{name: "createdAt", t: value.TimestampType}, {name: "lastModified", t: value.TimestampType},
	{name: "partitionColumns", t: arrayString}, {name: "clusteringColumns", t: arrayString},
	{name: "numFiles", t: value.BigIntType}, {name: "sizeInBytes", t: value.BigIntType},
	{name: "properties", t: mapStringType}, {name: "minReaderVersion", t: value.IntType},
	{name: "minWriterVersion", t: value.IntType}, {name: "tableFeatures", t: arrayString},
	{name: "statistics", t: mapStringType},
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func detailRow(r *relation) []value.Value {
	d := r.data
	props := sortedKV(d.props)
	return []value.Value{
		value.Str("delta"), value.Str(r.id), value.Str(fmt.Sprintf("%s.%s.%s", r.schema.catalog.name, r.schema.name, r.name)),
		strOrNull(d.comment), value.Str(tableLocation(r)),
		value.IntOf(value.TimestampType, r.created.UnixMicro()), value.IntOf(value.TimestampType, d.committed.UnixMicro()),
		{Type: arrayString, S: jsonText(orEmpty(d.partitionBy))}, {Type: arrayString, S: "[]"},
		value.Int64(int64(len(d.chunks))), value.Int64(chunkBytes(d.chunks)),
		{Type: mapStringType, S: mapJSON(props)}, value.Int32(1), value.Int32(2),
		{Type: arrayString, S: `["appendOnly","invariants"]`},
		{Type: mapStringType, S: "{}"},
	}
}

func tableLocation(r *relation) string { return "dbfs:/fake/tables/" + r.id }
