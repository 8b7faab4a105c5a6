package warehouse

import (
	"time"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// chunkRows is the most rows a stored chunk holds. Scans hand chunks to
// operators as batches, so this is also the largest batch.
const chunkRows = 1 << 16

// chunk is an immutable group of rows stored column by column. Versions of a
// table share the chunks they did not change.
type chunk struct {
	cols []*value.Vector
	n    int
	// removedAt is when a commit first dropped the chunk from the table
	// (zero while it is live); vacuumed is set when VACUUM deleted it. Both
	// are guarded by the metastore lock.
	removedAt time.Time
	vacuumed  bool
	// id numbers the chunk's "file" (set at its first commit).
	id int64
}

// tableData is one version of a table: its schema and its rows. It is
// immutable once committed; a commit builds a new tableData.
type tableData struct {
	version   int64
	columns   []columnMeta
	chunks    []*chunk
	rows      int64
	committed time.Time
	// Table metadata, versioned with the data (RESTORE brings it back).
	props       map[string]string
	comment     *string
	partitionBy []string
	commit      commitInfo
}

// commitInfo is what DESCRIBE HISTORY shows of a commit.
type commitInfo struct {
	userName       string
	operation      string
	params         []kv
	metrics        []kv
	readVersion    int64 // -1 when the commit read no version
	isolationLevel string
	isBlindAppend  bool
}

// kv is one entry of an ordered string map.
type kv struct{ k, v string }

// withData returns a copy of d's metadata with new chunks, for the next
// version.
func (d *tableData) withData(chunks []*chunk) *tableData {
	n := *d
	n.chunks = chunks
	n.rows = countRows(chunks)
	n.commit = commitInfo{}
	return &n
}

// batches returns the version's rows as batches, sharing the stored vectors.
// Chunks written before ALTER TABLE ADD COLUMNS lack the new columns, which
// read as NULL.
func (d *tableData) batches() []*value.Batch {
	out := make([]*value.Batch, len(d.chunks))
	for i, c := range d.chunks {
		out[i] = d.batch(c)
	}
	return out
}

// batch returns one chunk as a batch with all of the version's columns.
func (d *tableData) batch(c *chunk) *value.Batch {
	if len(c.cols) == len(d.columns) {
		return &value.Batch{Cols: c.cols, N: c.n}
	}
	cols := append(make([]*value.Vector, 0, len(d.columns)), c.cols...)
	for _, col := range d.columns[len(c.cols):] {
		cols = append(cols, value.Constant(value.NullOf(col.Type), c.n))
	}
	return &value.Batch{Cols: cols, N: c.n}
}

// chunksOf cuts batches (whose columns already have the table's types) into
// stored chunks of at most chunkRows rows.
func chunksOf(bs []*value.Batch) []*chunk {
	var out []*chunk
	for _, b := range bs {
		if b.N == 0 {
			continue
		}
		for lo := 0; lo < b.N; lo += chunkRows {
			hi := min(lo+chunkRows, b.N)
			c := &chunk{cols: make([]*value.Vector, len(b.Cols)), n: hi - lo}
			for i, v := range b.Cols {
				if lo == 0 && hi == b.N {
					c.cols[i] = v
				} else {
					c.cols[i] = v.Slice(lo, hi)
				}
			}
			out = append(out, c)
		}
	}
	return out
}

func countRows(cs []*chunk) int64 {
	var n int64
	for _, c := range cs {
		n += int64(c.n)
	}
	return n
}
