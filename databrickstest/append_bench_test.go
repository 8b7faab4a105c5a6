package databrickstest

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// BenchmarkAppendVersions appends 100 rows 1,000 times to a 100,000-row
// table, making 1,000 Delta versions that all stay readable by time travel.
// Versions share the chunks they did not change, so the live heap after it
// stays within a small multiple of the final data's size (target ≤ 2×). It
// reports live-heap-bytes, data-bytes and their ratio heap/data.
func BenchmarkAppendVersions(b *testing.B) {
	const (
		base    = 100_000
		appends = 1_000
		batch   = 100
	)
	// Rows are (id BIGINT, amount DOUBLE, label STRING) with 12-byte labels.
	const labelLen = 12
	rowBytes := int64(8 + 8 + 16 + labelLen) // string header + bytes
	dataBytes := int64(base+appends*batch) * rowBytes

	var inserts []string
	for a := 0; a < appends; a++ {
		var sb strings.Builder
		sb.WriteString("INSERT INTO t VALUES ")
		for i := 0; i < batch; i++ {
			id := base + a*batch + i
			if i > 0 {
				sb.WriteString(", ")
			}
			fmt.Fprintf(&sb, "(%d, %d.5D, 'label_%06d')", id, id, id%1_000_000)
		}
		inserts = append(inserts, sb.String())
	}

	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		w := New(nil)
		db := w.DB()
		benchExec(b, db, "CREATE TABLE t (id BIGINT, amount DOUBLE, label STRING)")
		benchExec(b, db, "INSERT INTO t SELECT id, CAST(id AS DOUBLE) + 0.5D, concat('label_', lpad(CAST(id AS STRING), 6, '0')) FROM ("+generate(5)+")")
		b.StartTimer()
		for _, q := range inserts {
			benchExec(b, db, q)
		}
		b.StopTimer()
		var n int64
		if err := db.QueryRow("SELECT count(*) FROM t VERSION AS OF 1").Scan(&n); err != nil || n != base {
			b.Fatalf("version 1 has %d rows (%v), want %d", n, err, base)
		}
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		live := int64(after.HeapAlloc) - int64(before.HeapAlloc)
		b.ReportMetric(float64(live), "live-heap-bytes")
		b.ReportMetric(float64(dataBytes), "data-bytes")
		b.ReportMetric(float64(live)/float64(dataBytes), "heap/data")
		runtime.KeepAlive(w)
		_ = w.Close()
		b.StartTimer()
	}
}
