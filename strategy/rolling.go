package strategy

import (
	"errors"
	"fmt"
)

// Rolling deploys many tables blue-green in batches: each batch is built,
// validated and switched (and monitored, when Monitor is set) before the
// next one starts, so a bad release reaches few consumers. A failure in any
// batch undoes the batches already switched, in reverse order, and drops
// every green table built. Once the last batch passes, the release is final
// and blue is kept and cleaned up as BlueGreen does.
//
// The embedded BlueGreen holds everything but the batching: where green
// tables live, the analysis each batch passes, the monitor window each
// batch is watched for, AutoPromote (false pauses before each batch's
// switch), KeepBlue, Keep and KeepFailed. Tables are batched in release
// order.
//
// The zero Rolling is valid: batches of a quarter of the tables, with
// BlueGreen's zero-value settings. A Rolling is a value with no state and is
// safe for concurrent use.
type Rolling struct {
	BlueGreen
	// BatchSize is the number of tables per batch. Zero means BatchPercent
	// decides.
	BatchSize int `json:"batchSize,omitempty"`
	// BatchPercent is the batch size as a percentage of the tables, rounded
	// up (at least one table), when BatchSize is zero. Zero means 25.
	BatchPercent int `json:"batchPercent,omitempty"`
}

var _ Strategy = Rolling{}

// defaultBatchPercent is the default batch size, in percent of the tables.
const defaultBatchPercent = 25

// Validate reports every problem of the settings at once, each wrapping
// ErrInvalid: those of BlueGreen.Validate, a negative BatchSize, and a
// BatchPercent outside 0 to 100.
func (r Rolling) Validate() error {
	errs := []error{r.BlueGreen.Validate()}
	if r.BatchSize < 0 {
		errs = append(errs, fmt.Errorf("strategy: rolling: %w: negative batchSize", ErrInvalid))
	}
	if r.BatchPercent < 0 || r.BatchPercent > 100 {
		errs = append(errs, fmt.Errorf("strategy: rolling: %w: batchPercent %d is not between 0 and 100", ErrInvalid, r.BatchPercent))
	}
	return errors.Join(errs...)
}

// batchSize returns the number of tables per batch for n tables.
func (r Rolling) batchSize(n int) int {
	if r.BatchSize > 0 {
		return r.BatchSize
	}
	pct := r.BatchPercent
	if pct == 0 {
		pct = defaultBatchPercent
	}
	return max(1, (n*pct+99)/100)
}

// Plan implements Strategy: a checkpoint, then for each batch b (named
// "batch-<b>/…") build, analysis (when there are checks), promotion pause
// (unless AutoPromote), switch and monitor (when Monitor is set); then
// commit, keep-blue (when KeepBlue > 0) and cleanup. It fails with an error
// wrapping ErrInvalid, reporting every problem of the release and the
// settings at once.
func (r Rolling) Plan(rel Release) (Plan, error) {
	if err := errors.Join(rel.Validate(), r.Validate()); err != nil {
		return Plan{}, err
	}
	// The blue-green plan has the units and the shared steps; batching
	// repeats its per-table steps for each batch.
	bg, err := r.BlueGreen.Plan(rel)
	if err != nil {
		return Plan{}, err
	}
	p := bg
	p.Strategy = "rolling"
	p.Steps = nil
	var perBatch, after []Step
	for _, s := range bg.Steps {
		switch s.Kind {
		case KindCheckpoint:
			p.Steps = append(p.Steps, s)
		case KindBuild, KindAnalysis, KindPause, KindSwitch, KindMonitor:
			perBatch = append(perBatch, s)
		default:
			after = append(after, s)
		}
	}
	size := r.batchSize(len(p.Units))
	for b, first := 1, 0; first < len(p.Units); b, first = b+1, first+size {
		units := make([]int, 0, size)
		for u := first; u < min(first+size, len(p.Units)); u++ {
			units = append(units, u)
		}
		for _, s := range perBatch {
			if s.Kind == KindAnalysis && !hasChecks(&p, s.Analysis, units) {
				continue
			}
			s.Name = fmt.Sprintf("batch-%d/%s", b, s.Name)
			s.Units = units
			p.Steps = append(p.Steps, s)
		}
	}
	p.Steps = append(p.Steps, after...)
	if err := p.Validate(); err != nil {
		return Plan{}, err
	}
	return p, nil
}

// hasChecks reports whether an analysis of units has any check.
func hasChecks(p *Plan, a *Analysis, units []int) bool {
	if len(a.Checks) > 0 {
		return true
	}
	for _, u := range units {
		if len(p.Units[u].Checks) > 0 {
			return true
		}
	}
	return false
}
