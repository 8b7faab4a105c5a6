package strategy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/rollback"
	"github.com/ucdeploy/ucdeploy/validate"
)

// checkpoint is the state a rollback brings back.
type checkpoint struct {
	views    []viewState // per unit
	versions []rollback.TableVersion
}

// viewState is a view's state before the deploy.
type viewState struct {
	exists     bool
	definition string
	// blue is the table the view reads; zero when unknown.
	blue catalog.Name
}

// Checkpoint kinds, as package rollback names them.
const (
	kindComposite  = "composite"
	kindViewSwitch = "view-switch"
	kindDelta      = "delta-restore"
)

// marshal returns the checkpoint as a rollback.Checkpoint in JSON: a
// composite of a view-switch part (a view that did not exist has an empty
// definition) and a delta-restore part.
func (c *checkpoint) marshal(p *Plan, taken time.Time) (json.RawMessage, error) {
	vs := rollback.Checkpoint{Kind: kindViewSwitch, Taken: taken}
	for i, v := range c.views {
		vs.Views = append(vs.Views, rollback.ViewDefinition{View: p.Units[i].View, Definition: v.definition})
	}
	ds := rollback.Checkpoint{Kind: kindDelta, Taken: taken, Tables: c.versions}
	return json.Marshal(rollback.Checkpoint{Kind: kindComposite, Taken: taken, Parts: []rollback.Checkpoint{vs, ds}})
}

// loadCheckpoint reads a journaled checkpoint.
func (d *deploy) loadCheckpoint(data json.RawMessage) error {
	var cp rollback.Checkpoint
	if err := json.Unmarshal(data, &cp); err != nil {
		return err
	}
	if cp.Kind != kindComposite || len(cp.Parts) != 2 || cp.Parts[0].Kind != kindViewSwitch || cp.Parts[1].Kind != kindDelta {
		return fmt.Errorf("unexpected checkpoint shape %q", cp.Kind)
	}
	c := &checkpoint{views: make([]viewState, len(d.plan.Units)), versions: cp.Parts[1].Tables}
	found := make([]bool, len(d.plan.Units))
	for _, v := range cp.Parts[0].Views {
		for i, u := range d.plan.Units {
			if u.View.Equal(v.View) {
				c.views[i] = viewState{exists: v.Definition != "", definition: v.Definition, blue: blueOf(v.Definition)}
				found[i] = true
			}
		}
	}
	for i, ok := range found {
		if !ok {
			return fmt.Errorf("view %s missing", d.plan.Units[i].View)
		}
	}
	d.cp = c
	d.fillUnitReports()
	return nil
}

// fillUnitReports copies the blue tables into the report.
func (d *deploy) fillUnitReports() {
	for i, v := range d.cp.views {
		if !v.blue.IsZero() && !d.dry {
			d.report.Units[i].Blue = v.blue.String()
		}
	}
}

// simpleView matches the query of a view that reads one table as it is.
var simpleView = regexp.MustCompile(`(?is)^\s*SELECT\s+\*\s+FROM\s+(.+?)\s*;?\s*$`)

// blueOf returns the table a view definition reads when it is SELECT *
// FROM catalog.schema.table; the zero Name otherwise.
func blueOf(def string) catalog.Name {
	m := simpleView.FindStringSubmatch(def)
	if m == nil {
		return catalog.Name{}
	}
	n, err := catalog.ParseName(m[1])
	if err != nil || n.Len() != 3 {
		return catalog.Name{}
	}
	return n
}

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

// queryStrings runs a query whose columns are all strings and returns its
// rows.
func (d *deploy) queryStrings(ctx context.Context, op string, n catalog.Name, query string, args ...any) ([][]string, error) {
	rows, err := d.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, sqlError(op, n, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, sqlError(op, n, err)
	}
	var out [][]string
	for rows.Next() {
		vals := make([]*string, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, sqlError(op, n, err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			if v != nil {
				row[i] = *v
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		return nil, sqlError(op, n, err)
	}
	return out, nil
}

// opError is the error of a statement the engine sent itself: it wraps the
// driver's error and the catalog sentinel that classifies it.
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

// checkpointStep reads every view's definition (one statement per schema,
// from information_schema.views) and the versions of the modified tables.
func (d *deploy) checkpointStep(ctx context.Context) (json.RawMessage, error) {
	p := d.plan
	units := make([]int, len(p.Units))
	for i := range units {
		units[i] = i
	}
	groups := groupBySchema(units, func(u int) catalog.Name { return p.Units[u].View })
	c := &checkpoint{views: make([]viewState, len(p.Units)), versions: make([]rollback.TableVersion, len(p.Modifies))}
	found := make([]bool, len(p.Units))
	err := d.each(ctx, len(groups)+len(p.Modifies), func(ctx context.Context, k int) error {
		if k >= len(groups) {
			m := p.Modifies[k-len(groups)]
			v, err := d.cat.CurrentVersion(ctx, m)
			if err != nil && !d.dry {
				return err
			}
			c.versions[k-len(groups)] = rollback.TableVersion{Table: m, Version: v}
			return nil
		}
		g := groups[k]
		parts := g.schema.Parts()
		rows, err := d.queryStrings(ctx, "list views", g.schema,
			"SELECT table_name, view_definition FROM "+catalog.QuoteIdent(parts[0])+".`information_schema`.`views` WHERE lower(table_schema) = lower(?)",
			parts[1])
		if errors.Is(err, catalog.ErrNotFound) {
			return nil // no catalog yet: no views
		}
		if err != nil {
			return err
		}
		for _, u := range g.units {
			for _, row := range rows {
				if strings.EqualFold(row[0], p.Units[u].View.Last()) {
					c.views[u] = viewState{exists: true, definition: row[1], blue: blueOf(row[1])}
					found[u] = true
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if d.dry {
		for u := range c.views {
			c.views[u] = viewState{exists: true, blue: d.rec.placeholder(p.Units[u].View)}
		}
	} else {
		// A name that is not a view either does not exist (a first deploy)
		// or is a table, which a blue-green deploy cannot switch.
		var missing []int
		for u, ok := range found {
			if !ok {
				missing = append(missing, u)
			}
		}
		err = d.each(ctx, len(missing), func(ctx context.Context, k int) error {
			v := p.Units[missing[k]].View
			ok, err := d.cat.TableExists(ctx, v)
			if err != nil {
				return err
			}
			if ok {
				return fmt.Errorf("%w: %s is a table, not a view; consumers must read a view the deploy can switch", ErrInvalid, v)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	d.cp = c
	d.fillUnitReports()
	return c.marshal(p, time.Now())
}

// blue returns the table unit u's view read before the deploy (zero when
// unknown).
func (d *deploy) blue(u int) catalog.Name {
	if d.cp == nil {
		return catalog.Name{}
	}
	return d.cp.views[u].blue
}

// buildStep creates the green namespaces if missing, then builds each
// unit's green table.
func (d *deploy) buildStep(ctx context.Context, s Step) error {
	units := d.plan.unitsOf(s)
	green := func(u int) catalog.Name { return d.plan.Units[u].Green }
	if d.rebuild {
		// A build that was interrupted may have left green tables.
		d.rebuild = false
		err := d.each(ctx, len(units), func(ctx context.Context, k int) error {
			return d.cat.DropTable(ctx, green(units[k]), &catalog.DropOptions{IfExists: true})
		})
		if err != nil {
			return err
		}
	}
	d.note("")
	if err := d.namespaces(ctx, units); err != nil {
		return err
	}
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

// namespaces creates the catalogs and schemas of the units' green tables
// that do not exist: it probes all of them at once (a schema of a missing
// catalog is missing), then creates the missing catalogs, then the missing
// schemas. Catalogs of the plan's views are not probed.
func (d *deploy) namespaces(ctx context.Context, units []int) error {
	groups := groupBySchema(units, func(u int) catalog.Name { return d.plan.Units[u].Green })
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
		u := units[k]
		unit := d.plan.Units[u]
		d.attempted[u] = true
		if d.cp.views[u].exists {
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
// newest Keep, the live one included.
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
		if strings.HasSuffix(strings.ToLower(p.Units[u].Green.Last()), suffix) {
			listed = append(listed, u)
		}
	}
	groups := groupBySchema(listed, func(u int) catalog.Name { return p.Units[u].Green })
	gens := make([][]catalog.Name, len(p.Units)) // newest first
	d.note("")
	err := d.each(ctx, len(groups), func(ctx context.Context, k int) error {
		g := groups[k]
		parts := g.schema.Parts()
		rows, err := d.queryStrings(ctx, "list generations", g.schema,
			"SELECT table_name FROM "+catalog.QuoteIdent(parts[0])+".`information_schema`.`tables`"+
				" WHERE lower(table_schema) = lower(?) AND table_type <> 'VIEW' ORDER BY created DESC, table_name DESC",
			parts[1])
		if err != nil {
			return err
		}
		for _, u := range g.units {
			green := p.Units[u].Green
			base := strings.TrimSuffix(strings.ToLower(green.Last()), suffix) + generationSep
			for _, row := range rows {
				name := strings.ToLower(row[0])
				rest, ok := strings.CutPrefix(name, base)
				if !ok || !generationPattern.MatchString(rest) || protected[strings.ToLower(catalog.MustName(parts[0], parts[1], row[0]).Quoted())] {
					continue
				}
				gens[u] = append(gens[u], catalog.MustName(parts[0], parts[1], row[0]))
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
			if i < keep-1 || protected[key] || dropped[key] {
				continue
			}
			dropped[key] = true
			drop = append(drop, n)
		}
	}
	d.note("and the older generations the listing finds, beyond keep")
	return d.each(ctx, len(drop), func(ctx context.Context, k int) error {
		return d.cat.DropTable(ctx, drop[k], &catalog.DropOptions{IfExists: true})
	})
}
