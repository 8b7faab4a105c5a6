package strategy_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/strategy"
	"github.com/ucdeploy/ucdeploy/validate"
)

var (
	orders    = catalog.MustName("production", "sales", "orders")
	customers = catalog.MustName("production", "sales", "customers")
	copySQL   = strategy.Build{SQL: []string{"CREATE TABLE {{green}} AS SELECT * FROM {{blue}}"}}
)

func names(p strategy.Plan) []string {
	var out []string
	for _, s := range p.Steps {
		out = append(out, s.Name+":"+string(s.Kind))
	}
	return out
}

func TestBlueGreenPlan(t *testing.T) {
	rel := strategy.Release{ID: "r7", Tables: []strategy.Table{{View: orders}, {View: customers}}, Build: copySQL}
	rowCount := validate.Checks{validate.RowCount{MaxRelDiff: 0.01}}
	tests := []struct {
		name      string
		bg        strategy.BlueGreen
		rel       strategy.Release
		wantSteps []string
		wantGreen string
	}{
		{
			name:      "zero value: manual gate, no analysis, no windows",
			rel:       rel,
			wantSteps: []string{"checkpoint:checkpoint", "build:build", "promotion:pause", "switch:switch", "commit:commit", "cleanup:cleanup"},
			wantGreen: "`production_green`.`sales`.`orders__r7`",
		},
		{
			name: "everything",
			bg: strategy.BlueGreen{AutoPromote: true, Analysis: &strategy.Analysis{Checks: rowCount},
				Monitor: &strategy.Monitor{}, KeepBlue: strategy.Duration(time.Hour), Keep: 3},
			rel: rel,
			wantSteps: []string{"checkpoint:checkpoint", "build:build", "pre-promotion:analysis", "switch:switch",
				"monitor:monitor", "commit:commit", "keep-blue:wait", "cleanup:cleanup"},
			wantGreen: "`production_green`.`sales`.`orders__r7`",
		},
		{
			name: "table checks alone make an analysis; schema placement",
			bg:   strategy.BlueGreen{AutoPromote: true, Place: strategy.PlaceSchema, Suffix: "_next"},
			rel: strategy.Release{ID: "r7", Build: copySQL, Tables: []strategy.Table{
				{View: orders, Checks: rowCount}, {View: customers}}},
			wantSteps: []string{"checkpoint:checkpoint", "build:build", "pre-promotion:analysis", "switch:switch", "commit:commit", "cleanup:cleanup"},
			wantGreen: "`production`.`sales_next`.`orders__r7`",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := tc.bg.Plan(tc.rel)
			require.NoError(t, err)
			assert.Equal(t, tc.wantSteps, names(p))
			assert.Equal(t, "blueGreen", p.Strategy)
			assert.Equal(t, tc.wantGreen, p.Units[0].Green.Quoted())
			require.NoError(t, p.Validate())
			// Plans are pure: the same release gives the same plan.
			again, err := tc.bg.Plan(tc.rel)
			require.NoError(t, err)
			assert.Equal(t, p, again)
		})
	}
}

func TestBlueGreenPlanDefaultsAndJSON(t *testing.T) {
	bg := strategy.BlueGreen{AutoPromote: true, Monitor: &strategy.Monitor{Analysis: strategy.Analysis{
		Checks: validate.Checks{validate.RowCount{MaxRelDiff: 0.01}}}}}
	p, err := bg.Plan(strategy.Release{ID: "r7", Tables: []strategy.Table{{View: orders}}, Build: copySQL})
	require.NoError(t, err)
	var mon strategy.Step
	for _, s := range p.Steps {
		if s.Kind == strategy.KindMonitor {
			mon = s
		}
	}
	assert.Equal(t, strategy.Duration(time.Minute), mon.Interval, "Argo-like default interval")
	assert.Equal(t, strategy.Duration(30*time.Minute), mon.Duration, "the field's default window")

	// Plans are data: they round-trip through JSON.
	b, err := json.Marshal(p)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"duration":"30m0s"`)
	var back strategy.Plan
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, p, back)

	// A strategy is data too.
	var bg2 strategy.BlueGreen
	require.NoError(t, json.Unmarshal([]byte(`{"autoPromote":true,"keepBlue":"24h","place":"schema",
		"analysis":{"checks":[{"kind":"rowCount","maxRelDiff":0.01}],"inconclusive":"fail"}}`), &bg2))
	assert.Equal(t, strategy.Duration(24*time.Hour), bg2.KeepBlue)
	assert.Equal(t, strategy.InconclusiveFail, bg2.Analysis.Inconclusive)
	assert.Len(t, bg2.Analysis.Checks, 1)
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"keepBlue":"a day"}`), &bg2), strategy.ErrInvalid)
}

func TestReleaseValidate(t *testing.T) {
	view2 := catalog.MustName("main", "sales")
	tests := []struct {
		name string
		rel  strategy.Release
		want []string // parts of the joined message, one per problem
	}{
		{
			name: "empty",
			rel:  strategy.Release{},
			want: []string{"id must be", "no tables"},
		},
		{
			name: "bad id, view shape, duplicate view, no build",
			rel: strategy.Release{ID: "r_1", Tables: []strategy.Table{
				{View: orders}, {View: orders}, {View: view2},
			}},
			want: []string{"id must be", "table 1: view production.sales.orders is also table 0",
				"table 2: view \"main.sales\" is not catalog.schema.view", "no build"},
		},
		{
			name: "build problems",
			rel: strategy.Release{ID: "r1", Tables: []strategy.Table{
				{View: orders, Build: &strategy.Build{SQL: []string{"CREATE TABLE x AS SELECT * FROM {{bleu}}", " "}}},
				{View: customers, Build: &strategy.Build{SQL: []string{"SELECT 1"}, Func: func(context.Context, catalog.Executor, strategy.Target) error { return nil }}},
			}},
			want: []string{"unknown placeholder {{bleu}}", "build statement 1 is empty", "no build statement names {{green}}", "both SQL and Func"},
		},
		{
			name: "bad checks and modifies",
			rel: strategy.Release{ID: "r1", Build: copySQL, Modifies: []catalog.Name{view2},
				Tables: []strategy.Table{{View: orders, Checks: validate.Checks{validate.RowCount{MaxRelDiff: -1}}}}},
			want: []string{"must be non-negative", "modifies 0"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.rel.Validate()
			require.Error(t, err)
			assert.ErrorIs(t, err, strategy.ErrInvalid)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
			_, perr := strategy.BlueGreen{}.Plan(tc.rel)
			assert.ErrorIs(t, perr, strategy.ErrInvalid, "Plan reports the same problems")
		})
	}
	ok := strategy.Release{ID: "2026-11-03-1", Tables: []strategy.Table{{View: orders}}, Build: copySQL}
	assert.NoError(t, ok.Validate())
}

func TestBlueGreenValidate(t *testing.T) {
	bg := strategy.BlueGreen{Place: "elsewhere", KeepBlue: -1, Keep: -1,
		Monitor:  &strategy.Monitor{Interval: strategy.Duration(time.Hour), Duration: strategy.Duration(time.Minute)},
		Analysis: &strategy.Analysis{Checks: validate.Checks{validate.RowCount{MaxAbsDiff: -1}}}}
	err := bg.Validate()
	require.Error(t, err)
	assert.ErrorIs(t, err, strategy.ErrInvalid)
	for _, w := range []string{"unknown placement", "negative keepBlue", "negative keep", "interval <= duration", "analysis:"} {
		assert.Contains(t, err.Error(), w)
	}
	assert.NoError(t, strategy.BlueGreen{}.Validate())
}

func TestPlanValidate(t *testing.T) {
	good := func() strategy.Plan {
		p, err := strategy.BlueGreen{AutoPromote: true}.Plan(strategy.Release{ID: "r1",
			Tables: []strategy.Table{{View: orders}, {View: customers}}, Build: copySQL})
		require.NoError(t, err)
		return p
	}
	tests := []struct {
		name   string
		change func(p *strategy.Plan)
		want   []string
	}{
		{"no steps", func(p *strategy.Plan) { p.Steps = nil }, []string{"no steps"}},
		{"switch before build", func(p *strategy.Plan) { p.Steps[1], p.Steps[2] = p.Steps[2], p.Steps[1] },
			[]string{"unit 0 is not built by an earlier step", "unit 1 is not built by an earlier step"}},
		{"checkpoint not first", func(p *strategy.Plan) { p.Steps = p.Steps[1:] }, []string{"comes before the checkpoint"}},
		{"unknown kind, repeated name", func(p *strategy.Plan) {
			p.Steps = append(p.Steps, strategy.Step{Name: "switch", Kind: "teleport"})
		}, []string{"unknown kind \"teleport\"", "name repeats"}},
		{"units out of range", func(p *strategy.Plan) { p.Steps[1].Units = []int{0, 0, 5} },
			[]string{"unit 0 repeats", "unit 5 out of range"}},
		{"green is a view", func(p *strategy.Plan) { p.Units[1].Green = orders }, []string{"green production.sales.orders is unit 0's view"}},
		{"monitor without window", func(p *strategy.Plan) {
			p.Steps = append(p.Steps[:3:3], append([]strategy.Step{{Name: "monitor", Kind: strategy.KindMonitor, Analysis: &strategy.Analysis{}}}, p.Steps[3:]...)...)
		}, []string{"a monitor needs 0 < interval <= duration"}},
		{"build after commit", func(p *strategy.Plan) {
			p.Steps = append(p.Steps, strategy.Step{Name: "again", Kind: strategy.KindBuild, Units: []int{0}})
		}, []string{"cannot follow the commit", "unit 0 is built twice"}},
		{"cleanup without commit", func(p *strategy.Plan) {
			p.Steps = append(p.Steps[:3:3], p.Steps[4])
		}, []string{"cleanup must follow the commit"}},
		{"analysis without checks", func(p *strategy.Plan) {
			p.Steps = append(p.Steps[:2:2], append([]strategy.Step{{Name: "gate", Kind: strategy.KindAnalysis, Analysis: &strategy.Analysis{Inconclusive: "maybe"}}}, p.Steps[2:]...)...)
		}, []string{"no checks", "unknown inconclusive policy"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := good()
			tc.change(&p)
			err := p.Validate()
			require.Error(t, err)
			assert.ErrorIs(t, err, strategy.ErrInvalid)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
			// The engine refuses an invalid plan before sending anything.
			_, err = strategy.New(nil, nil).Run(context.Background(), p)
			assert.ErrorIs(t, err, strategy.ErrInvalid)
		})
	}
	assert.NoError(t, good().Validate())
}

func TestBuildPlaceholders(t *testing.T) {
	e := seed(t, nil, 3, "orders")
	p := plan(t, strategy.BlueGreen{AutoPromote: true}, strategy.Release{ID: "r2", Tables: []strategy.Table{{View: e.views[0]}},
		Build: strategy.Build{SQL: []string{
			"CREATE TABLE {{green}} AS SELECT * FROM {{ blue }}",
			"INSERT INTO {{green}} SELECT id + 100, amount FROM {{view}}",
		}}})
	st, err := strategy.New(e.db, nil).DryRun(context.Background(), p)
	require.NoError(t, err)
	var build []string
	for _, s := range st {
		if s.Step == "build" && strings.HasPrefix(s.SQL, "CREATE TABLE") || strings.HasPrefix(s.SQL, "INSERT") {
			build = append(build, s.SQL)
		}
	}
	assert.Equal(t, []string{
		"CREATE TABLE `production_green`.`sales`.`orders__r2` AS SELECT * FROM <blue of production.sales.orders>",
		"INSERT INTO `production_green`.`sales`.`orders__r2` SELECT id + 100, amount FROM `production`.`sales`.`orders`",
	}, build)

	_, err = strategy.New(e.db, nil).Run(context.Background(), p)
	require.NoError(t, err)
	n, err := e.readAs(t, reader, e.views[0])
	require.NoError(t, err)
	assert.Equal(t, int64(6), n)
}
