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
}

// tableData is one version of a table: its schema and its rows. It is
// immutable once committed; a commit builds a new tableData.
type tableData struct {
	version   int64
	columns   []columnMeta
	chunks    []*chunk
	rows      int64
	committed time.Time
}

// batches returns the version's rows as batches, sharing the stored vectors.
func (d *tableData) batches() []*value.Batch {
	out := make([]*value.Batch, len(d.chunks))
	for i, c := range d.chunks {
		out[i] = &value.Batch{Cols: c.cols, N: c.n}
	}
	return out
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
