package strategy

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/rollback"
	"github.com/ucdeploy/ucdeploy/validate"
)

// schemaGroup is the units whose names share a catalog and schema.
type schemaGroup struct {
	schema catalog.Name // catalog.schema
	units  []int
}

// groupBySchema groups units by the schema of name(u), in order of first
// appearance.
func groupBySchema(units []int, name func(u int) catalog.Name) []schemaGroup {
	var out []schemaGroup
	index := map[string]int{}
	for _, u := range units {
		s := name(u).Parent()
		key := strings.ToLower(s.Quoted())
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			out = append(out, schemaGroup{schema: s})
		}
		out[i].units = append(out[i].units, u)
	}
	return out
}

// opError is the error of a build statement: it wraps the driver's error
// and the catalog sentinel that classifies it.
type opError struct {
	op   string
	name catalog.Name
	kind error // a catalog sentinel, or nil
	err  error
}

// sqlError returns the opError of op on name caused by err.
func sqlError(op string, name catalog.Name, err error) error {
	return &opError{op: op, name: name, kind: catalog.Classify(err), err: err}
}

func (e *opError) Error() string { return e.op + " " + e.name.Quoted() + ": " + e.err.Error() }

func (e *opError) Unwrap() []error {
	if e.kind == nil {
		return []error{e.err}
	}
	return []error{e.kind, e.err}
}

// buildStep creates the green namespaces if missing, then builds each
// unit's green table (replaces a table in place).
func (d *deploy) buildStep(ctx context.Context, s Step) error {
	units := d.plan.unitsOf(s)
	if d.rebuild {
		// A build that was interrupted may have left green tables, or
		// half-replaced tables.
		d.rebuild = false
		if err := d.unbuild(ctx, units); err != nil {
			return err
		}
	}
	// Green tables are new, as may be a table replaced in place that did
	// not exist; their schemas may be missing.
	var fresh []int
	for _, u := range units {
		if !d.plan.Units[u].InPlace || d.cp.tables[u].Absent {
			fresh = append(fresh, u)
		}
	}
	if err := d.namespaces(ctx, fresh, func(u int) catalog.Name { return d.plan.Units[u].Green }); err != nil {
		return err
	}
	d.note("")
	return d.each(ctx, len(units), func(ctx context.Context, k int) error {
		u := units[k]
		unit := d.plan.Units[u]
		t := Target{View: unit.View, Blue: d.blue(u), Green: unit.Green}
		if unit.Build.Func != nil {
			d.note("Go build func of " + unit.View.String())
			if err := unit.Build.Func(ctx, d.db, t); err != nil && !d.dry {
				return fmt.Errorf("build %s: %w", unit.Green, err)
			}
			return nil
		}
		stmts, err := unit.Build.render(t)
		if err != nil {
			return err
		}
		d.note("")
		for _, q := range stmts {
			if _, err := d.db.ExecContext(ctx, q); err != nil {
				return sqlError("build", unit.Green, err)
			}
		}
		return nil
	})
}

// unbuild undoes what an interrupted build of units may have done: it
// drops their green tables and restores their tables replaced in place to
// the checkpoint (dropping those that did not exist).
func (d *deploy) unbuild(ctx context.Context, units []int) error {
	var greens []catalog.Name
	tables := rollback.Checkpoint{Kind: rollback.KindDeltaRestore}
	for _, u := range units {
		if d.plan.Units[u].InPlace {
			tables.Tables = append(tables.Tables, d.cp.tables[u])
		} else {
			greens = append(greens, d.plan.Units[u].Green)
		}
	}
	err := d.each(ctx, len(greens), func(ctx context.Context, k int) error {
		return d.cat.DropTable(ctx, greens[k], &catalog.DropOptions{IfExists: true})
	})
	if err != nil || len(tables.Tables) == 0 {
		return err
	}
	_, inPlace, _ := d.rollbackers(nil, nil)
	return inPlace.Rollback(ctx, tables)
}

// namespaces creates the catalogs and schemas of the units' tables (name
// of each) that do not exist: it probes all of them at once (a schema of a
// missing catalog is missing), then creates the missing catalogs, then the
// missing schemas. Catalogs of the plan's views are not probed.
func (d *deploy) namespaces(ctx context.Context, units []int, name func(u int) catalog.Name) error {
	if len(units) == 0 {
		return nil
	}
	groups := groupBySchema(units, name)
	var cats []catalog.Name
	// The catalogs of the views exist: a view cannot be switched, or
	// created, in a missing one.
	seen := map[string]bool{}
	for _, u := range d.plan.Units {
		seen[strings.ToLower(u.View.Parent().Parent().Quoted())] = true
	}
	for _, g := range groups {
		c := g.schema.Parent()
		if key := strings.ToLower(c.Quoted()); !seen[key] {
			seen[key] = true
			cats = append(cats, c)
		}
	}
	d.note("")
	missing := make([]bool, len(cats)+len(groups))
	err := d.each(ctx, len(missing), func(ctx context.Context, k int) error {
		var (
			ok  bool
			err error
		)
		if k < len(cats) {
			ok, err = d.cat.CatalogExists(ctx, cats[k])
		} else {
			ok, err = d.cat.SchemaExists(ctx, groups[k-len(cats)].schema)
		}
		missing[k] = !ok || d.dry
		if d.dry {
			return nil
		}
		return err
	})
	if err != nil {
		return err
	}
	ine := &catalog.CreateOptions{IfNotExists: true}
	d.note("if the catalog is missing")
	err = d.each(ctx, len(cats), func(ctx context.Context, k int) error {
		if !missing[k] {
			return nil
		}
		return d.cat.CreateCatalog(ctx, cats[k], ine)
	})
	if err != nil {
		return err
	}
	d.note("if the schema is missing")
	return d.each(ctx, len(groups), func(ctx context.Context, k int) error {
		if !missing[len(cats)+k] {
			return nil
		}
		return d.cat.CreateSchema(ctx, groups[k].schema, ine)
	})
}

// pairs returns the validate pairs of an analysis step: for each unit with
// checks, green against blue.
func (d *deploy) pairs(s Step) []validate.Pair {
	var out []validate.Pair
	for _, u := range d.plan.unitsOf(s) {
		unit := d.plan.Units[u]
		checks := pairChecks(s.Analysis, unit)
		if len(checks) == 0 {
			continue
		}
		// Blue is the table the view read before the deploy. Before the
		// switch, a view whose query is not a plain SELECT * FROM table is
		// its own baseline: it shows what consumers see.
		p := validate.Pair{Name: unit.View.String(), Blue: d.blue(u), Green: unit.Green, Checks: checks}
		if p.Blue.IsZero() && s.Kind != KindMonitor && d.cp != nil && d.cp.views[u].exists {
			p.Blue = unit.View
		}
		out = append(out, p)
	}
	return out
}

// measure runs the analysis of s on pairs once, journals and reports it.
// It returns the verdict and the error of checks that could not run.
func (d *deploy) measure(ctx context.Context, s Step, pairs []validate.Pair) (validate.Verdict, *validate.Report, error) {
	rep, err := validate.Run(ctx, d.db, pairs, &validate.Options{Concurrency: d.conc, MustHaveData: s.Analysis.MustHaveData})
	if d.dry {
		return validate.Pass, rep, nil
	}
	if ctx.Err() != nil {
		return "", nil, ctx.Err()
	}
	v := validate.Inconclusive
	if rep != nil {
		v = rep.Verdict
	}
	ar := AnalysisReport{Step: s.Name, Time: time.Now(), Verdict: v, Report: rep}
	rec := Record{Type: RecordMeasurement, Step: s.Name, Verdict: v}
	if err != nil {
		ar.Error, rec.Error = err.Error(), err.Error()
	}
	d.report.Analyses = append(d.report.Analyses, ar)
	if jerr := d.append(ctx, rec); jerr != nil {
		return "", rep, jerr
	}
	d.emit(Event{Type: EventAnalysis, Step: s.Name, Kind: s.Kind, Verdict: v, Report: rep, Err: err})
	d.log.Debug("strategy: analysis", "release", d.plan.Release, "step", s.Name, "verdict", string(v), "pairs", len(pairs))
	return v, rep, err
}

// failed returns the ErrAborted error of an analysis judged v.
func failed(s Step, v validate.Verdict, rep *validate.Report) error {
	var bad []string
	if rep != nil {
		for _, p := range rep.Pairs {
			for _, r := range p.Results {
				if r.Verdict == v {
					bad = append(bad, p.Name+" "+r.Check)
				}
			}
		}
	}
	more := ""
	if len(bad) > 3 {
		more = fmt.Sprintf(" and %d more", len(bad)-3)
		bad = bad[:3]
	}
	return fmt.Errorf("%w: analysis %s judged %s (%s%s)", ErrAborted, s.Name, v, strings.Join(bad, ", "), more)
}

// errAbortedByPerson is the error of a deploy a person aborted.
var errAbortedByPerson = fmt.Errorf("%w by a person", ErrAborted)

// analysisStep runs the pre-promotion gate.
func (d *deploy) analysisStep(ctx context.Context, s Step) error {
	pairs := d.pairs(s)
	if len(pairs) == 0 {
		return nil
	}
	v, rep, err := d.measure(ctx, s, pairs)
	switch {
	case d.dry:
		return nil
	case err != nil:
		return fmt.Errorf("analysis %s could not run: %w", s.Name, err)
	case v == validate.Pass:
		return nil
	case v == validate.Inconclusive && s.Analysis.Inconclusive == InconclusivePause:
		return d.pauseForPerson(ctx, s, fmt.Sprintf("analysis %s is inconclusive", s.Name))
	}
	return failed(s, v, rep)
}

// pauseStep waits for its duration, or for a person when it has none.
func (d *deploy) pauseStep(ctx context.Context, s Step) error {
	if d.dry {
		return nil
	}
	if s.Duration > 0 {
		return d.waitUntil(ctx, s, d.stepStart[s.Name].Add(time.Duration(s.Duration)))
	}
	return d.pauseForPerson(ctx, s, "waiting for promotion")
}

// pauseForPerson journals a pause and waits for Promote (nil) or Abort
// (ErrAborted).
func (d *deploy) pauseForPerson(ctx context.Context, s Step, reason string) error {
	data, err := json.Marshal(map[string]string{"reason": reason})
	if err != nil {
		return err
	}
	if err := d.append(ctx, Record{Type: RecordPaused, Step: s.Name, Data: data}); err != nil {
		return err
	}
	d.emit(Event{Type: EventPaused, Step: s.Name, Kind: s.Kind, Reason: reason})
	d.log.Info("strategy: paused", "release", d.plan.Release, "step", s.Name, "reason", reason)
	return d.waitUntil(ctx, s, time.Time{})
}

// waitUntil waits until the time until (forever when zero) or a decision:
// Promote ends the wait (nil), Abort fails it with ErrAborted.
func (d *deploy) waitUntil(ctx context.Context, s Step, until time.Time) error {
	dec, err := d.wait(ctx, s, until)
	if err != nil {
		return err
	}
	if dec == Abort {
		return errAbortedByPerson
	}
	return nil
}

// wait waits until the time until (forever when zero), a decision, or the
// end of ctx. It returns the decision applied ("" when the time came).
func (d *deploy) wait(ctx context.Context, s Step, until time.Time) (Decision, error) {
	woken, done := d.e.subscribe(d.plan.Release)
	defer done()
	for {
		dec, err := d.pending(ctx)
		if err != nil {
			return "", err
		}
		if dec != "" {
			return dec, d.apply(ctx, s, dec)
		}
		now := time.Now()
		if !until.IsZero() && !now.Before(until) {
			return "", nil
		}
		sleep := d.e.o.PollInterval
		if !until.IsZero() && until.Sub(now) < sleep {
			sleep = until.Sub(now)
		}
		t := time.NewTimer(sleep)
		select {
		case <-ctx.Done():
			t.Stop()
			return "", ctx.Err()
		case <-woken:
		case <-t.C:
		}
		t.Stop()
	}
}

// apply journals that the deploy acts on decision dec in step s.
func (d *deploy) apply(ctx context.Context, s Step, dec Decision) error {
	if err := d.append(ctx, Record{Type: RecordApplied, Step: s.Name, Decision: dec}); err != nil {
		return err
	}
	d.emit(Event{Type: EventDecision, Step: s.Name, Kind: s.Kind, Decision: dec})
	d.log.Info("strategy: decision applied", "release", d.plan.Release, "step", s.Name, "decision", string(dec))
	return nil
}

// pending returns the decision the journal holds that no wait applied yet
// ("" in a dry run).
func (d *deploy) pending(ctx context.Context) (Decision, error) {
	if d.dry {
		return "", nil
	}
	recs, err := d.e.journal.Records(ctx, d.plan.Release)
	if err != nil {
		return "", fmt.Errorf("strategy: journal: %w", err)
	}
	var dec Decision
	for _, r := range recs {
		switch r.Type {
		case RecordDecision:
			if dec != Abort {
				dec = r.Decision
			}
		case RecordApplied:
			dec = ""
		}
	}
	return dec, nil
}

// switchStep points every view of the step at its green table.
func (d *deploy) switchStep(ctx context.Context, s Step) error {
	units := d.plan.unitsOf(s)
	return d.each(ctx, len(units), func(ctx context.Context, k int) error {
		unit := d.plan.Units[units[k]]
		if d.cp.views[units[k]].exists {
			return d.cat.Switch(ctx, unit.View, unit.Green)
		}
		return d.cat.CreateView(ctx, unit.View, "SELECT * FROM "+unit.Green.Quoted(), nil)
	})
}

// monitorStep measures right away, every interval and at the end of the
// window; too many failures abort, too many errors in a row fail.
func (d *deploy) monitorStep(ctx context.Context, s Step) error {
	a := s.Analysis
	pairs := d.pairs(s)
	interval := time.Duration(s.Interval)
	if d.dry {
		if len(pairs) > 0 {
			d.note(fmt.Sprintf("every %s for %s", interval, time.Duration(s.Duration)))
			_, _, _ = d.measure(ctx, s, pairs)
		}
		return nil
	}
	start := d.stepStart[s.Name]
	end := start.Add(time.Duration(s.Duration))
	failures, errorsInRow := 0, 0
	for _, r := range d.measurements[s.Name] { // a resumed window
		switch {
		case r.Error != "":
			errorsInRow++
		case r.Verdict == validate.Fail || r.Verdict == validate.Inconclusive && a.Inconclusive == InconclusiveFail:
			failures++
			errorsInRow = 0
		default:
			errorsInRow = 0
		}
	}
	for {
		now := time.Now()
		if len(pairs) > 0 {
			v, rep, err := d.measure(ctx, s, pairs)
			switch {
			case ctx.Err() != nil:
				return ctx.Err()
			case err != nil:
				errorsInRow++
				if errorsInRow > a.ErrorLimit {
					return fmt.Errorf("monitor %s: %d measurements in a row could not be taken: %w", s.Name, errorsInRow, err)
				}
			case v == validate.Fail || v == validate.Inconclusive && a.Inconclusive == InconclusiveFail:
				errorsInRow = 0
				failures++
				if failures > a.FailureLimit {
					return failed(s, v, rep)
				}
			case v == validate.Inconclusive:
				errorsInRow = 0
				if err := d.pauseForPerson(ctx, s, fmt.Sprintf("monitor %s is inconclusive", s.Name)); err != nil {
					return err
				}
			default:
				errorsInRow = 0
			}
		}
		if !time.Now().Before(end) {
			return nil
		}
		next := start.Add((now.Sub(start)/interval + 1) * interval)
		if next.After(end) {
			next = end
		}
		dec, err := d.wait(ctx, s, next)
		if err != nil {
			return err
		}
		switch dec {
		case Abort:
			return errAbortedByPerson
		case Promote:
			return nil
		}
	}
}

// waitStep keeps blue for the step's duration.
func (d *deploy) waitStep(ctx context.Context, s Step) error {
	if d.dry {
		return nil
	}
	return d.waitUntil(ctx, s, d.stepStart[s.Name].Add(time.Duration(s.Duration)))
}

// generationPattern is the release ID part of a generation's name.
var generationPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// cleanupStep drops the tables the step's units no longer read: blue and
// older generations (<table>__<release> in the green schema), keeping the
// newest Keep, the live one included; and the snapshots of units replaced
// in place.
func (d *deploy) cleanupStep(ctx context.Context, s Step) error {
	p := d.plan
	units := p.unitsOf(s)
	keep := s.Keep
	if keep == 0 {
		keep = 1
	}
	protected := map[string]bool{}
	for _, u := range p.Units {
		protected[strings.ToLower(u.View.Quoted())] = true
		protected[strings.ToLower(u.Green.Quoted())] = true
	}
	suffix := strings.ToLower(generationSep + p.Release)
	var listed []int
	for _, u := range units {
		if !p.Units[u].InPlace && strings.HasSuffix(strings.ToLower(p.Units[u].Green.Last()), suffix) {
			listed = append(listed, u)
		}
	}
	groups := groupBySchema(listed, func(u int) catalog.Name { return p.Units[u].Green })
	gens := make([][]catalog.Name, len(p.Units)) // newest first
	d.note("")
	err := d.each(ctx, len(groups), func(ctx context.Context, k int) error {
		g := groups[k]
		tables, err := d.cat.Tables(ctx, g.schema)
		if err != nil {
			return err
		}
		for _, u := range g.units {
			green := p.Units[u].Green
			base := strings.TrimSuffix(strings.ToLower(green.Last()), suffix) + generationSep
			for _, t := range tables {
				rest, ok := strings.CutPrefix(strings.ToLower(t.Name.Last()), base)
				if t.IsView() || !ok || !generationPattern.MatchString(rest) || protected[strings.ToLower(t.Name.Quoted())] {
					continue
				}
				gens[u] = append(gens[u], t.Name)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	var drop []catalog.Name
	dropped := map[string]bool{}
	for _, u := range units {
		var old []catalog.Name
		if b := d.blue(u); !b.IsZero() {
			old = append(old, b)
		}
		for _, g := range gens[u] {
			if len(old) == 0 || !g.Equal(old[0]) {
				old = append(old, g)
			}
		}
		for i, n := range old {
			key := strings.ToLower(n.Quoted())
			// A snapshot is no generation: it is always dropped.
			if i < keep-1 && !p.Units[u].InPlace || protected[key] || dropped[key] {
				continue
			}
			dropped[key] = true
			drop = append(drop, n)
		}
	}
	if len(listed) > 0 {
		d.note("and the older generations the listing finds, beyond keep")
	}
	drop, err = d.unread(ctx, drop)
	if err != nil {
		return err
	}
	return d.each(ctx, len(drop), func(ctx context.Context, k int) error {
		return d.cat.DropTable(ctx, drop[k], &catalog.DropOptions{IfExists: true})
	})
}

// unread returns the tables of drop that no view reads, reading each
// catalog's views in one statement. The others are kept and named in the
// report: a view outside the plan (another team's, say) may still read an
// old generation, and dropping it would break that view's readers.
func (d *deploy) unread(ctx context.Context, drop []catalog.Name) ([]catalog.Name, error) {
	if len(drop) == 0 || d.dry {
		return drop, nil
	}
	var cats []catalog.Name
	seen := map[string]bool{}
	for _, n := range drop {
		c := catalog.MustName(n.Parts()[0])
		if !seen[strings.ToLower(c.Quoted())] {
			seen[strings.ToLower(c.Quoted())] = true
			cats = append(cats, c)
		}
	}
	views := make([][]catalog.TableInfo, len(cats))
	if err := d.each(ctx, len(cats), func(ctx context.Context, k int) error {
		v, err := d.cat.Views(ctx, cats[k])
		views[k] = v
		return err
	}); err != nil {
		return nil, err
	}
	var out []catalog.Name
	for _, n := range drop {
		var readers []string
		for _, vs := range views {
			for _, v := range vs {
				if v.Reads(n) {
					readers = append(readers, v.Name.String())
				}
			}
		}
		if len(readers) == 0 {
			out = append(out, n)
			continue
		}
		d.report.Kept = append(d.report.Kept, n.String())
		d.log.Info("strategy: cleanup keeps a table that views still read", "release", d.plan.Release, "table", n.String(), "views", readers)
	}
	return out, nil
}
