package strategy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/ucdeploy/ucdeploy/catalog"
)

// Options configures an Engine. A nil *Options means the zero value, whose
// fields all have the defaults documented on them.
type Options struct {
	// Journal records every deploy before it acts. Nil means a new
	// MemoryJournal: deploys can then be resumed by this Engine only. Use a
	// FileJournal (or a Journal of your own) for deploys another process
	// must be able to resume or roll back.
	Journal Journal
	// Concurrency is the number of units (tables) a step works on at once,
	// and the number of objects (or schemas, for views) the checkpoint and
	// a rollback work on at once. Zero means 8.
	Concurrency int
	// Logger receives an Info record for every state change (deploy and
	// step started and finished, pauses, decisions, rollbacks) and a Debug
	// record for every analysis. Nil means silent. Errors are returned,
	// not logged.
	Logger *slog.Logger
	// OnEvent receives every Event, synchronously, from the goroutine
	// running the deploy: keep it quick. It may call Promote and Abort.
	// Nil means none.
	OnEvent func(Event)
	// RollbackTimeout bounds a rollback, which runs on a context that is
	// not cancelled with the deploy's. Zero means 15 minutes.
	RollbackTimeout time.Duration
	// PollInterval is how often a waiting deploy reads the journal for
	// decisions made by other processes (Promote and Abort on this Engine
	// wake it at once). Zero means 10 seconds.
	PollInterval time.Duration
}

// Option defaults.
const (
	defaultConcurrency     = 8
	defaultRollbackTimeout = 15 * time.Minute
	defaultPollInterval    = 10 * time.Second
)

// Engine runs plans: it journals each step before and after it acts, emits
// events, honours cancellation, and on failure rolls back with a context
// that survives the caller's (context.WithoutCancel plus
// Options.RollbackTimeout). Every statement goes through the Executor given
// to New, built by package catalog from quoted names and parameters, or by
// the plan's builds.
//
// An Engine is safe for concurrent use: it may run deploys of different
// releases at once.
type Engine struct {
	db      catalog.Executor
	cat     *catalog.Client
	o       Options
	journal Journal

	mu      sync.Mutex
	waiters map[string]map[chan struct{}]bool
}

// New returns an Engine sending statements through db. opts may be nil.
func New(db catalog.Executor, opts *Options) *Engine {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Concurrency <= 0 {
		o.Concurrency = defaultConcurrency
	}
	if o.RollbackTimeout <= 0 {
		o.RollbackTimeout = defaultRollbackTimeout
	}
	if o.PollInterval <= 0 {
		o.PollInterval = defaultPollInterval
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	j := o.Journal
	if j == nil {
		j = &MemoryJournal{}
	}
	return &Engine{db: db, cat: catalog.New(db, nil), o: o, journal: j, waiters: map[string]map[chan struct{}]bool{}}
}

// Run deploys the plan p. It validates p first and returns an error
// wrapping ErrInvalid, having sent nothing, if p is invalid; and ErrConflict
// if the journal already holds the release (use Resume).
//
// Otherwise it runs every step. When a step up to the commit fails, or a
// person aborts, Run rolls back: views switched back to their checkpointed
// definitions (the views it created dropped), tables replaced in place and
// modified tables restored to their checkpointed versions (those it
// created dropped), green tables dropped (unless p.KeepFailed) and
// snapshots dropped. It then returns the report
// and a *DeployError holding the step's error (ErrAborted for a failed
// analysis or an abort, the context's error for cancellation) and the
// rollback's, if it failed. A failure after the commit is returned as a
// *DeployError without a rollback; the release stays live and Resume can
// retry the rest.
//
// The report is never nil when the error is a *DeployError.
func (e *Engine) Run(ctx context.Context, p Plan) (*Report, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	recs, err := e.journal.Records(ctx, p.Release)
	if err != nil {
		return nil, fmt.Errorf("strategy: run %s: %w", p.Release, err)
	}
	if len(recs) > 0 {
		return nil, fmt.Errorf("strategy: run %s: %w: the journal already holds this release; use Resume", p.Release, ErrConflict)
	}
	d := e.newDeploy(&p)
	out, err := json.Marshal(outlineOf(&p))
	if err != nil {
		return nil, fmt.Errorf("strategy: run %s: %w", p.Release, err)
	}
	d.start()
	if err := d.append(ctx, Record{Type: RecordStarted, Data: out}); err != nil {
		d.report.Status = StatusFailed
		d.report.Finished = time.Now()
		return d.report, &DeployError{Release: p.Release, Err: err}
	}
	return d.execute(ctx, 0)
}

// ResumePolicy says what Resume does with an interrupted deploy.
type ResumePolicy string

// The resume policies.
const (
	// ResumeContinue (the zero value) continues the deploy from the first
	// step that did not finish. A deploy that was rolling back, or that a
	// person aborted, is rolled back instead.
	ResumeContinue ResumePolicy = ""
	// ResumeRollback rolls the deploy back.
	ResumeRollback ResumePolicy = "rollback"
)

// Resume continues (ResumeContinue) or rolls back (ResumeRollback) the
// deploy of p.Release that the journal holds, typically in a new process
// after a crash. No other process may be running the deploy: the journal
// holds no lease. p must be the plan of the interrupted deploy — plans are
// pure, so plan the same release with the same strategy again; its build
// funcs and checks are code the journal does not hold. The journal supplies
// the progress, the checkpoint and the time each window started.
//
// A step that started but did not finish is run again: the build drops the
// green tables it may have left first; a switch, a monitor window and a
// keep-blue window continue (windows end when they would have). Resume
// fails with ErrNotFound if the journal does not hold the release,
// ErrConflict if the plan differs from the journaled one, the deploy ended
// (succeeded or rolled back), or a rollback is asked for after cleanup
// started; otherwise it returns as Run does.
func (e *Engine) Resume(ctx context.Context, p Plan, policy ResumePolicy) (*Report, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	switch policy {
	case ResumeContinue, ResumeRollback:
	default:
		return nil, fmt.Errorf("strategy: resume %s: %w: unknown policy %q", p.Release, ErrInvalid, policy)
	}
	recs, err := e.journal.Records(ctx, p.Release)
	if err != nil {
		return nil, fmt.Errorf("strategy: resume %s: %w", p.Release, err)
	}
	st, err := replay(p.Release, recs)
	if err != nil {
		return nil, err
	}
	want, err := json.Marshal(outlineOf(&p))
	if err != nil {
		return nil, fmt.Errorf("strategy: resume %s: %w", p.Release, err)
	}
	if !bytes.Equal(compactJSON(st.outline), want) {
		return nil, fmt.Errorf("strategy: resume %s: %w: the plan differs from the journaled one", p.Release, ErrConflict)
	}
	if st.status == StatusSucceeded || st.status == StatusRolledBack {
		return nil, fmt.Errorf("strategy: resume %s: %w: the deploy already ended (%s)", p.Release, ErrConflict, st.status)
	}
	d := e.newDeploy(&p)
	if err := d.restore(st); err != nil {
		return nil, err
	}
	d.start()
	if st.rollingBack || st.status == StatusRollbackFailed || st.pending == Abort || policy == ResumeRollback {
		if d.cleanupStarted {
			return nil, fmt.Errorf("strategy: resume %s: %w: cleanup started; blue may be gone, so the deploy cannot be rolled back", p.Release, ErrConflict)
		}
		var cause error
		if st.pending == Abort {
			cause = fmt.Errorf("%w by a person", ErrAborted)
		}
		return d.rollbackAndReport(ctx, "", cause)
	}
	from := 0
	for from < len(p.Steps) && d.finished[p.Steps[from].Name] {
		from++
	}
	if from < len(p.Steps) && p.Steps[from].Kind == KindBuild && d.started[p.Steps[from].Name] {
		d.rebuild = true
	}
	return d.execute(ctx, from)
}

// Status returns how the deploy of release stands according to the
// journal: StatusRunning for one running now, interrupted, or stopped by a
// failure after its commit (Resume finishes those); StatusPaused;
// StatusRollbackFailed; or how it ended. It fails with ErrNotFound if the journal does not hold
// the release.
func (e *Engine) Status(ctx context.Context, release string) (Status, error) {
	recs, err := e.journal.Records(ctx, release)
	if err != nil {
		return "", fmt.Errorf("strategy: status %s: %w", release, err)
	}
	st, err := replay(release, recs)
	if err != nil {
		return "", err
	}
	return st.status, nil
}

// Promote continues the deploy of release where it waits: it ends a pause
// (the manual promotion gate, or one for an Inconclusive analysis), a
// monitor window or a keep-blue window. A deploy that is not waiting when
// the decision is journaled applies it to its next wait. The decision is
// journaled, so a deploy run by another process sharing the journal sees
// it within Options.PollInterval, and one resumed later applies it. Promote
// fails with ErrNotFound if the journal does not hold the release and
// ErrConflict if the deploy ended.
func (e *Engine) Promote(ctx context.Context, release string) error {
	return e.decide(ctx, release, Promote)
}

// Abort stops the deploy of release and rolls it back, like a failed
// analysis: at once if it waits (in this process or, within
// Options.PollInterval, another sharing the journal), otherwise before its
// next step; a deploy no process runs is rolled back by Resume. It fails with
// ErrNotFound if the journal does not hold the release and ErrConflict if
// the deploy ended or its cleanup started (blue may be gone).
func (e *Engine) Abort(ctx context.Context, release string) error {
	return e.decide(ctx, release, Abort)
}

func (e *Engine) decide(ctx context.Context, release string, dec Decision) error {
	recs, err := e.journal.Records(ctx, release)
	if err != nil {
		return fmt.Errorf("strategy: %s %s: %w", dec, release, err)
	}
	st, err := replay(release, recs)
	if err != nil {
		return err
	}
	switch {
	case st.status == StatusSucceeded || st.status == StatusRolledBack:
		return fmt.Errorf("strategy: %s %s: %w: the deploy already ended (%s)", dec, release, ErrConflict, st.status)
	case st.rollingBack || st.status == StatusRollbackFailed:
		return fmt.Errorf("strategy: %s %s: %w: the deploy is rolling back", dec, release, ErrConflict)
	case dec == Abort && st.cleanupStarted:
		return fmt.Errorf("strategy: abort %s: %w: cleanup started; blue may be gone", release, ErrConflict)
	}
	if err := e.journal.Append(ctx, Record{Release: release, Time: time.Now(), Type: RecordDecision, Decision: dec}); err != nil {
		return fmt.Errorf("strategy: %s %s: %w", dec, release, err)
	}
	e.o.Logger.InfoContext(ctx, "strategy: decision", "release", release, "decision", string(dec))
	e.wake(release)
	return nil
}

// subscribe registers a channel woken by decisions on release.
func (e *Engine) subscribe(release string) (chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	e.mu.Lock()
	if e.waiters[release] == nil {
		e.waiters[release] = map[chan struct{}]bool{}
	}
	e.waiters[release][ch] = true
	e.mu.Unlock()
	return ch, func() {
		e.mu.Lock()
		delete(e.waiters[release], ch)
		if len(e.waiters[release]) == 0 {
			delete(e.waiters, release)
		}
		e.mu.Unlock()
	}
}

// wake wakes the waits of release in this process.
func (e *Engine) wake(release string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for ch := range e.waiters[release] {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// outline is the part of a plan the journal keeps: what a rollback needs
// and what Resume compares.
type outline struct {
	Strategy   string         `json:"strategy"`
	Units      []outlineUnit  `json:"units"`
	Modifies   []catalog.Name `json:"modifies,omitempty"`
	KeepFailed bool           `json:"keepFailed,omitempty"`
	Steps      []outlineStep  `json:"steps"`
}

type outlineUnit struct {
	View     catalog.Name `json:"view"`
	Green    catalog.Name `json:"green"`
	InPlace  bool         `json:"inPlace,omitempty"`
	Snapshot catalog.Name `json:"snapshot,omitzero"`
}

type outlineStep struct {
	Name  string `json:"name"`
	Kind  Kind   `json:"kind"`
	Units []int  `json:"units,omitempty"`
}

func outlineOf(p *Plan) outline {
	o := outline{Strategy: p.Strategy, Modifies: p.Modifies, KeepFailed: p.KeepFailed}
	for _, u := range p.Units {
		o.Units = append(o.Units, outlineUnit{View: u.View, Green: u.Green, InPlace: u.InPlace, Snapshot: u.Snapshot})
	}
	for _, s := range p.Steps {
		o.Steps = append(o.Steps, outlineStep{Name: s.Name, Kind: s.Kind, Units: s.Units})
	}
	return o
}

// compactJSON returns b without insignificant space (b itself if it is not
// valid JSON).
func compactJSON(b []byte) []byte {
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		return b
	}
	return buf.Bytes()
}

// journalState is what the records of a release say.
type journalState struct {
	outline        json.RawMessage
	status         Status
	checkpoint     json.RawMessage
	started        map[string]time.Time // first start of each step
	finished       map[string]bool
	committed      bool
	cleanupStarted bool
	rollingBack    bool
	// pending is the decision no wait applied yet ("" for none; Abort wins
	// over Promote).
	pending Decision
	// measurements holds, per step, the journaled measurements.
	measurements map[string][]Record
}

// replay reads the records of release.
func replay(release string, recs []Record) (*journalState, error) {
	if len(recs) == 0 {
		return nil, fmt.Errorf("strategy: release %s: %w", release, ErrNotFound)
	}
	if recs[0].Type != RecordStarted {
		return nil, fmt.Errorf("strategy: release %s: journal does not start with a %q record", release, RecordStarted)
	}
	st := &journalState{
		outline:      recs[0].Data,
		status:       StatusRunning,
		started:      map[string]time.Time{},
		finished:     map[string]bool{},
		measurements: map[string][]Record{},
	}
	kinds := map[string]Kind{}
	var o outline
	if err := json.Unmarshal(recs[0].Data, &o); err != nil {
		return nil, fmt.Errorf("strategy: release %s: journaled plan: %w", release, err)
	}
	for _, s := range o.Steps {
		kinds[s.Name] = s.Kind
	}
	for _, r := range recs[1:] {
		switch r.Type {
		case RecordDecision:
			if st.pending != Abort {
				st.pending = r.Decision
			}
		case RecordApplied:
			st.pending = ""
			if st.status == StatusPaused {
				st.status = StatusRunning
			}
		case RecordStepStarted:
			if _, ok := st.started[r.Step]; !ok {
				st.started[r.Step] = r.Time
			}
			if kinds[r.Step] == KindCleanup {
				st.cleanupStarted = true
			}
			st.status = StatusRunning
		case RecordStepFinished:
			st.finished[r.Step] = true
			switch kinds[r.Step] {
			case KindCheckpoint:
				st.checkpoint = r.Data
			case KindCommit:
				st.committed = true
			}
			st.status = StatusRunning
		case RecordMeasurement:
			st.measurements[r.Step] = append(st.measurements[r.Step], r)
		case RecordPaused:
			st.status = StatusPaused
		case RecordRollbackStarted:
			st.rollingBack = true
			st.status = StatusRunning
		case RecordRollbackFinished:
			st.rollingBack = false
		case RecordRollbackFailed:
			st.rollingBack = false
			st.status = StatusRollbackFailed
		case RecordFinished:
			st.status = r.Status
		}
	}
	return st, nil
}

// newDeploy returns the state of a deploy of p run by e.
func (e *Engine) newDeploy(p *Plan) *deploy {
	d := &deploy{
		e:         e,
		plan:      p,
		db:        e.db,
		cat:       e.cat,
		conc:      e.o.Concurrency,
		log:       e.o.Logger,
		started:   map[string]bool{},
		finished:  map[string]bool{},
		stepStart: map[string]time.Time{},
	}
	d.report = &Report{Release: p.Release, Strategy: p.Strategy}
	for _, u := range p.Units {
		d.report.Units = append(d.report.Units, UnitReport{View: u.View.String(), Green: u.Green.String()})
	}
	return d
}

// restore loads the progress of a resumed deploy.
func (d *deploy) restore(st *journalState) error {
	for name, t := range st.started {
		d.started[name] = true
		d.stepStart[name] = t
	}
	for name := range st.finished {
		d.finished[name] = true
	}
	d.committed = st.committed
	d.cleanupStarted = st.cleanupStarted
	d.measurements = st.measurements
	if st.checkpoint != nil {
		if err := d.loadCheckpoint(st.checkpoint); err != nil {
			return fmt.Errorf("strategy: resume %s: journaled checkpoint: %w", d.plan.Release, err)
		}
	}
	return nil
}

// deploy is the state of one deploy while an Engine runs it.
type deploy struct {
	e    *Engine
	plan *Plan
	db   catalog.Executor
	cat  *catalog.Client
	conc int
	log  *slog.Logger
	// dry is set for DryRun: statements go to a recorder and reads give
	// nothing.
	dry bool
	rec *recorder

	// checkpoint; nil until the checkpoint step ran.
	cp *checkpoint
	// progress
	started        map[string]bool
	finished       map[string]bool
	stepStart      map[string]time.Time
	committed      bool
	cleanupStarted bool
	rebuild        bool                // the build step runs again: undo the interrupted one first
	measurements   map[string][]Record // journaled measurements of resumed steps

	report *Report
}

// start marks the report's start.
func (d *deploy) start() {
	d.report.Started = time.Now()
	d.emit(Event{Type: EventStarted})
	d.log.Info("strategy: deploy started", "release", d.plan.Release, "strategy", d.plan.Strategy, "units", len(d.plan.Units))
}

// append journals r for the deploy's release.
func (d *deploy) append(ctx context.Context, r Record) error {
	if d.dry {
		return nil
	}
	r.Release = d.plan.Release
	r.Time = time.Now()
	if err := d.e.journal.Append(ctx, r); err != nil {
		return fmt.Errorf("strategy: journal %s: %w", r.Type, err)
	}
	return nil
}

// emit sends ev to Options.OnEvent.
func (d *deploy) emit(ev Event) {
	if d.dry || d.e.o.OnEvent == nil {
		return
	}
	ev.Release = d.plan.Release
	if ev.Time.IsZero() {
		ev.Time = time.Now()
	}
	d.e.o.OnEvent(ev)
}

// execute runs the steps from index from, then finishes the deploy or rolls
// it back.
func (d *deploy) execute(ctx context.Context, from int) (*Report, error) {
	for _, s := range d.plan.Steps[from:] {
		if err := d.step(ctx, s); err != nil {
			return d.fail(ctx, s, err)
		}
	}
	if err := d.append(ctx, Record{Type: RecordFinished, Status: StatusSucceeded}); err != nil {
		return d.fail(ctx, Step{}, err)
	}
	d.report.Status = StatusSucceeded
	d.report.Finished = time.Now()
	d.emit(Event{Type: EventFinished, Status: StatusSucceeded})
	d.log.Info("strategy: deploy succeeded", "release", d.plan.Release)
	return d.report, nil
}

// step journals, runs and journals one step.
func (d *deploy) step(ctx context.Context, s Step) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	// A person may have aborted while the previous step ran.
	dec, err := d.pending(ctx)
	if err != nil {
		return err
	}
	if dec == Abort {
		if err := d.apply(ctx, s, dec); err != nil {
			return err
		}
		return errAbortedByPerson
	}
	if err := d.append(ctx, Record{Type: RecordStepStarted, Step: s.Name}); err != nil {
		return err
	}
	now := time.Now()
	d.started[s.Name] = true
	if _, ok := d.stepStart[s.Name]; !ok {
		d.stepStart[s.Name] = now
	}
	if s.Kind == KindCleanup {
		d.cleanupStarted = true
	}
	sr := StepReport{Name: s.Name, Kind: s.Kind, Started: now}
	d.emit(Event{Type: EventStepStarted, Step: s.Name, Kind: s.Kind})
	d.log.Info("strategy: step started", "release", d.plan.Release, "step", s.Name, "kind", string(s.Kind))

	data, err := d.act(ctx, s)
	sr.Finished = time.Now()
	if err != nil {
		sr.Error = err.Error()
		d.report.Steps = append(d.report.Steps, sr)
		// The step failed; record it even if the deploy's context ended.
		d.emit(Event{Type: EventStepFailed, Step: s.Name, Kind: s.Kind, Err: err})
		if jerr := d.append(context.WithoutCancel(ctx), Record{Type: RecordStepFailed, Step: s.Name, Error: err.Error()}); jerr != nil {
			return errors.Join(err, jerr)
		}
		return err
	}
	if err := d.append(ctx, Record{Type: RecordStepFinished, Step: s.Name, Data: data}); err != nil {
		// The work is done but not journaled as done: the step counts as
		// failed, and a rollback or resume will treat it so.
		sr.Error = err.Error()
		d.report.Steps = append(d.report.Steps, sr)
		return err
	}
	d.report.Steps = append(d.report.Steps, sr)
	d.finished[s.Name] = true
	if s.Kind == KindCommit {
		d.committed = true
	}
	d.emit(Event{Type: EventStepFinished, Step: s.Name, Kind: s.Kind})
	d.log.Info("strategy: step finished", "release", d.plan.Release, "step", s.Name, "took", sr.Finished.Sub(sr.Started))
	return nil
}

// act runs the step's work; data is journaled with its finish.
func (d *deploy) act(ctx context.Context, s Step) (data json.RawMessage, err error) {
	switch s.Kind {
	case KindCheckpoint:
		return d.checkpointStep(ctx)
	case KindSnapshot:
		return nil, d.snapshotStep(ctx, s)
	case KindBuild:
		return nil, d.buildStep(ctx, s)
	case KindAnalysis:
		return nil, d.analysisStep(ctx, s)
	case KindPause:
		return nil, d.pauseStep(ctx, s)
	case KindSwitch:
		return nil, d.switchStep(ctx, s)
	case KindMonitor:
		return nil, d.monitorStep(ctx, s)
	case KindCommit:
		return nil, nil
	case KindWait:
		return nil, d.waitStep(ctx, s)
	case KindCleanup:
		return nil, d.cleanupStep(ctx, s)
	}
	return nil, fmt.Errorf("%w: unknown step kind %q", ErrInvalid, s.Kind)
}

// fail handles the failure of step s: a rollback unless the release is
// final.
func (d *deploy) fail(ctx context.Context, s Step, err error) (*Report, error) {
	aborted := errors.Is(err, ErrAborted)
	if (d.committed && !aborted) || d.cleanupStarted {
		d.report.Status = StatusFailed
		d.report.Finished = time.Now()
		d.emit(Event{Type: EventFinished, Status: StatusFailed, Err: err})
		d.log.Info("strategy: deploy stopped after the commit; the release stays live", "release", d.plan.Release, "step", s.Name)
		return d.report, &DeployError{Release: d.plan.Release, Step: s.Name, Err: err}
	}
	return d.rollbackAndReport(ctx, s.Name, err)
}

// rollbackAndReport rolls back on a context that survives ctx's
// cancellation and returns the report and the *DeployError.
func (d *deploy) rollbackAndReport(ctx context.Context, step string, cause error) (*Report, error) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), d.e.o.RollbackTimeout)
	defer cancel()
	rbErr := d.rollback(rctx)
	d.report.Finished = time.Now()
	de := &DeployError{Release: d.plan.Release, Step: step, Err: cause, RollbackErr: rbErr}
	if rbErr != nil {
		d.report.Status = StatusRollbackFailed
	} else {
		de.RolledBack = true
		d.report.Status = StatusRolledBack
		if err := d.append(rctx, Record{Type: RecordFinished, Status: StatusRolledBack}); err != nil {
			// The rollback is done but not recorded as ended: Resume will
			// roll back again, which changes nothing.
			de.RollbackErr = err
			d.report.Status = StatusRollbackFailed
		}
	}
	d.emit(Event{Type: EventFinished, Status: d.report.Status, Err: de})
	d.log.Info("strategy: deploy ended", "release", d.plan.Release, "status", string(d.report.Status))
	return d.report, de
}

// each runs fn for k in [0, n), up to the engine's concurrency at once,
// and stops launching at the first error, which it returns.
func (d *deploy) each(ctx context.Context, n int, fn func(ctx context.Context, k int) error) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(d.conc)
	for k := range n {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err // another unit failed while this one waited
			}
			return fn(gctx, k)
		})
	}
	return g.Wait()
}

// all runs fn for k in [0, n), up to the engine's concurrency at once,
// attempting every k, and returns the errors joined.
func (d *deploy) all(ctx context.Context, n int, fn func(ctx context.Context, k int) error) error {
	errs := make([]error, n)
	var g errgroup.Group
	g.SetLimit(d.conc)
	for k := range n {
		g.Go(func() error {
			errs[k] = fn(ctx, k)
			return nil
		})
	}
	_ = g.Wait() // errors are collected in errs
	return errors.Join(errs...)
}
