package strategy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/ucdeploy/ucdeploy/validate"
)

// Journal records what a deploy is about to do and what it did, so that a
// deploy interrupted at any point can be resumed or rolled back by another
// process (Engine.Resume). The engine appends a record before every side
// effect ("journal before act") and after it; when an append fails, the
// engine does not act.
//
// Implementations must be safe for concurrent use, keep the records of each
// release in the order appended, and make an appended record durable before
// Append returns.
type Journal interface {
	// Append adds r to the records of r.Release.
	Append(ctx context.Context, r Record) error
	// Records returns the records of release in the order appended; none
	// (and no error) for a release the journal does not know.
	Records(ctx context.Context, release string) ([]Record, error)
}

// RecordType says what a journal record reports.
type RecordType string

// The record types the engine writes.
const (
	// RecordStarted opens a deploy; Data holds the plan's outline (units,
	// steps, modified tables), which a rollback needs.
	RecordStarted RecordType = "started"
	// RecordStepStarted is written before a step acts.
	RecordStepStarted RecordType = "step-started"
	// RecordStepFinished is written after a step succeeded. For a
	// checkpoint step, Data holds the rollback.Checkpoint.
	RecordStepFinished RecordType = "step-finished"
	// RecordStepFailed is written after a step failed; Error says why.
	RecordStepFailed RecordType = "step-failed"
	// RecordMeasurement is one analysis of a monitor or analysis step;
	// Verdict is its outcome, Error set when it could not be taken.
	RecordMeasurement RecordType = "measurement"
	// RecordPaused is written when a step starts waiting for a person.
	RecordPaused RecordType = "paused"
	// RecordDecision is a person's decision (Engine.Promote or
	// Engine.Abort), possibly written by another process. It is pending
	// until a RecordApplied follows it.
	RecordDecision RecordType = "decision"
	// RecordApplied is written when a wait applies the pending decisions;
	// Decision is the one applied (Abort wins over Promote).
	RecordApplied RecordType = "applied"
	// RecordRollbackStarted is written before a rollback acts.
	RecordRollbackStarted RecordType = "rollback-started"
	// RecordRollbackFinished is written after a rollback succeeded.
	RecordRollbackFinished RecordType = "rollback-finished"
	// RecordRollbackFailed is written after a rollback failed; Error says
	// why. Resume tries again.
	RecordRollbackFailed RecordType = "rollback-failed"
	// RecordFinished closes a deploy; Status says how it ended.
	RecordFinished RecordType = "finished"
)

// Decision is a person's decision on a waiting deploy.
type Decision string

// The decisions.
const (
	// Promote continues: it ends a pause, a monitor window or a keep-blue
	// window early.
	Promote Decision = "promote"
	// Abort rolls the deploy back.
	Abort Decision = "abort"
)

// Record is one entry of a journal. It is plain data that round-trips
// through JSON.
type Record struct {
	// Release is the release ID.
	Release string `json:"release"`
	// Time is when the record was written.
	Time time.Time `json:"time"`
	// Type says what the record reports.
	Type RecordType `json:"type"`
	// Step is the name of the step concerned; "" for records about the
	// whole deploy.
	Step string `json:"step,omitempty"`
	// Verdict is a measurement's verdict.
	Verdict validate.Verdict `json:"verdict,omitempty"`
	// Decision is a decision record's decision.
	Decision Decision `json:"decision,omitempty"`
	// Status is how a finished deploy ended.
	Status Status `json:"status,omitempty"`
	// Error is the text of the error of a failed step, measurement or
	// rollback.
	Error string `json:"error,omitempty"`
	// Data is the record's payload (see the record types), as JSON.
	Data json.RawMessage `json:"data,omitempty"`
}

// clone returns a copy of r that shares no memory with it.
func (r Record) clone() Record {
	r.Data = bytes.Clone(r.Data)
	return r
}

// MemoryJournal is a Journal held in memory: it survives an Engine, not a
// process. The zero value is ready to use; it is safe for concurrent use.
type MemoryJournal struct {
	mu sync.Mutex
	m  map[string][]Record
}

var _ Journal = (*MemoryJournal)(nil)

// Append implements Journal. It fails only when ctx is done.
func (j *MemoryJournal) Append(ctx context.Context, r Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.m == nil {
		j.m = map[string][]Record{}
	}
	j.m[r.Release] = append(j.m[r.Release], r.clone())
	return nil
}

// Records implements Journal.
func (j *MemoryJournal) Records(ctx context.Context, release string) ([]Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	rs := j.m[release]
	out := make([]Record, len(rs))
	for i, r := range rs {
		out[i] = r.clone()
	}
	return out, nil
}

// FileJournal is a Journal in a file of JSON lines, one record per line,
// for any number of releases. Each Append writes one line with a single
// write and syncs the file before returning, so records survive a crash
// and processes on one host may share the file. It is safe for concurrent
// use.
type FileJournal struct {
	mu   sync.Mutex
	f    *os.File
	path string
}

var _ Journal = (*FileJournal)(nil)

// OpenFileJournal opens the journal file at path, creating it (mode 0600)
// if it does not exist. A last line cut short by a crash while it was being
// written is removed: the record was never complete, so the engine did not
// act on it. Close the journal when done.
func OpenFileJournal(path string) (*FileJournal, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("strategy: open journal: %w", err)
	}
	if err := trimTornLine(f); err != nil {
		_ = f.Close() // the trim error says more
		return nil, fmt.Errorf("strategy: open journal %s: %w", path, err)
	}
	return &FileJournal{f: f, path: path}, nil
}

// trimTornLine truncates f after its last newline.
func trimTornLine(f *os.File) error {
	st, err := f.Stat()
	if err != nil || st.Size() == 0 {
		return err
	}
	const chunk = 4096
	end := st.Size()
	buf := make([]byte, chunk)
	for off := end; off > 0; {
		n := int64(chunk)
		if off < n {
			n = off
		}
		off -= n
		if _, err := f.ReadAt(buf[:n], off); err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		if i := bytes.LastIndexByte(buf[:n], '\n'); i >= 0 {
			keep := off + int64(i) + 1
			if keep == end {
				return nil
			}
			return f.Truncate(keep)
		}
	}
	return f.Truncate(0)
}

// Append implements Journal.
func (j *FileJournal) Append(ctx context.Context, r Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("strategy: journal append: %w", err)
	}
	b = append(b, '\n')
	j.mu.Lock()
	defer j.mu.Unlock()
	if _, err := j.f.Write(b); err != nil {
		return fmt.Errorf("strategy: journal append: %w", err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("strategy: journal sync: %w", err)
	}
	return nil
}

// Records implements Journal. It reads the whole file, so it sees records
// other processes appended.
func (j *FileJournal) Records(ctx context.Context, release string) ([]Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	j.mu.Lock()
	b, err := os.ReadFile(j.path)
	j.mu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("strategy: journal read: %w", err)
	}
	var out []Record
	for line := 1; len(b) > 0; line++ {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			break // a line being written by another process
		}
		var r Record
		if err := json.Unmarshal(b[:i], &r); err != nil {
			return nil, fmt.Errorf("strategy: journal %s line %d: %w", j.path, line, err)
		}
		b = b[i+1:]
		if r.Release == release {
			out = append(out, r)
		}
	}
	return slices.Clip(out), nil
}

// Close closes the file. Appending after Close fails.
func (j *FileJournal) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.f.Close()
}
