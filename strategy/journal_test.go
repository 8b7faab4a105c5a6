package strategy_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/strategy"
	"github.com/ucdeploy/ucdeploy/validate"
)

// journalConformance is what every Journal must do.
func journalConformance(t *testing.T, open func(t *testing.T) strategy.Journal) {
	ctx := context.Background()
	t.Run("order and isolation", func(t *testing.T) {
		j := open(t)
		recs, err := j.Records(ctx, "r1")
		require.NoError(t, err)
		assert.Empty(t, recs)
		now := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
		want := []strategy.Record{
			{Release: "r1", Time: now, Type: strategy.RecordStarted, Data: json.RawMessage(`{"a":1}`)},
			{Release: "r1", Time: now.Add(time.Second), Type: strategy.RecordMeasurement, Step: "monitor", Verdict: validate.Fail, Error: "x"},
			{Release: "r1", Time: now.Add(2 * time.Second), Type: strategy.RecordDecision, Decision: strategy.Abort},
			{Release: "r1", Time: now.Add(3 * time.Second), Type: strategy.RecordFinished, Status: strategy.StatusRolledBack},
		}
		for i, r := range want {
			require.NoError(t, j.Append(ctx, r))
			require.NoError(t, j.Append(ctx, strategy.Record{Release: "r2", Time: now, Type: strategy.RecordStepStarted, Step: string(rune('a' + i))}))
		}
		got, err := j.Records(ctx, "r1")
		require.NoError(t, err)
		assert.Equal(t, want, got)
		other, err := j.Records(ctx, "r2")
		require.NoError(t, err)
		assert.Len(t, other, len(want))
		// Records are copies.
		got[0].Data[1] = 'X'
		again, err := j.Records(ctx, "r1")
		require.NoError(t, err)
		assert.Equal(t, want[0].Data, again[0].Data)
	})
	t.Run("concurrent appends", func(t *testing.T) {
		j := open(t)
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Go(func() {
				assert.NoError(t, j.Append(ctx, strategy.Record{Release: "r1", Type: strategy.RecordMeasurement, Step: string(rune('a' + i))}))
			})
		}
		wg.Wait()
		got, err := j.Records(ctx, "r1")
		require.NoError(t, err)
		assert.Len(t, got, 20)
	})
	t.Run("cancelled context", func(t *testing.T) {
		j := open(t)
		c, cancel := context.WithCancel(ctx)
		cancel()
		assert.ErrorIs(t, j.Append(c, strategy.Record{Release: "r1"}), context.Canceled)
		_, err := j.Records(c, "r1")
		assert.ErrorIs(t, err, context.Canceled)
	})
}

func TestMemoryJournal(t *testing.T) {
	journalConformance(t, func(*testing.T) strategy.Journal { return &strategy.MemoryJournal{} })
}

func TestFileJournal(t *testing.T) {
	journalConformance(t, func(t *testing.T) strategy.Journal {
		j, err := strategy.OpenFileJournal(filepath.Join(t.TempDir(), "journal.jsonl"))
		require.NoError(t, err)
		t.Cleanup(func() { _ = j.Close() })
		return j
	})
}

func TestFileJournalSurvivesCrashes(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j, err := strategy.OpenFileJournal(path)
	require.NoError(t, err)
	require.NoError(t, j.Append(ctx, strategy.Record{Release: "r1", Type: strategy.RecordStarted}))
	// Another process shares the file.
	j2, err := strategy.OpenFileJournal(path)
	require.NoError(t, err)
	require.NoError(t, j2.Append(ctx, strategy.Record{Release: "r1", Type: strategy.RecordDecision, Decision: strategy.Promote}))
	recs, err := j.Records(ctx, "r1")
	require.NoError(t, err)
	assert.Len(t, recs, 2, "records of another process are seen")
	require.NoError(t, j.Close())
	require.NoError(t, j2.Close())

	// A crash in the middle of a write leaves a torn line.
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString(`{"release":"r1","type":"step-sta`)
	require.NoError(t, err)
	require.NoError(t, f.Close())

	j3, err := strategy.OpenFileJournal(path)
	require.NoError(t, err)
	defer j3.Close()
	require.NoError(t, j3.Append(ctx, strategy.Record{Release: "r1", Type: strategy.RecordStepStarted, Step: "checkpoint"}))
	recs, err = j3.Records(ctx, "r1")
	require.NoError(t, err)
	require.Len(t, recs, 3, "the torn record was dropped")
	assert.Equal(t, "checkpoint", recs[2].Step)

	// A corrupt line in the middle is an error, not silently skipped.
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, append([]byte("not json\n"), b...), 0o600))
	_, err = j3.Records(ctx, "r1")
	assert.ErrorContains(t, err, "line 1")

	_, err = strategy.OpenFileJournal(filepath.Join(t.TempDir(), "missing", "journal.jsonl"))
	assert.Error(t, err)
}
