package strategy_test

import (
	"context"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/databrickstest"
	"github.com/ucdeploy/ucdeploy/strategy"
	"github.com/ucdeploy/ucdeploy/validate"
)

func TestRollingPlan(t *testing.T) {
	var tables []strategy.Table
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		tables = append(tables, strategy.Table{View: catalog.MustName("production", "sales", n)})
	}
	tables[0].Checks = validate.Checks{validate.RowCount{}}
	rel := strategy.Release{ID: "r2", Tables: tables, Build: copySQL}
	tests := []struct {
		name    string
		rolling strategy.Rolling
		want    []string
		batches [][]int
	}{
		{
			name:    "two per batch; only the batch with checks is analysed",
			rolling: strategy.Rolling{BlueGreen: strategy.BlueGreen{AutoPromote: true}, BatchSize: 2},
			want: []string{"checkpoint:checkpoint",
				"batch-1/build:build", "batch-1/pre-promotion:analysis", "batch-1/switch:switch",
				"batch-2/build:build", "batch-2/switch:switch",
				"batch-3/build:build", "batch-3/switch:switch",
				"commit:commit", "cleanup:cleanup"},
			batches: [][]int{{0, 1}, {2, 3}, {4}},
		},
		{
			name:    "default quarter, paused before each switch",
			rolling: strategy.Rolling{BlueGreen: strategy.BlueGreen{Analysis: gate()}},
			want: []string{"checkpoint:checkpoint",
				"batch-1/build:build", "batch-1/pre-promotion:analysis", "batch-1/promotion:pause", "batch-1/switch:switch",
				"batch-2/build:build", "batch-2/pre-promotion:analysis", "batch-2/promotion:pause", "batch-2/switch:switch",
				"batch-3/build:build", "batch-3/pre-promotion:analysis", "batch-3/promotion:pause", "batch-3/switch:switch",
				"commit:commit", "cleanup:cleanup"},
			batches: [][]int{{0, 1}, {2, 3}, {4}},
		},
		{
			name:    "percent",
			rolling: strategy.Rolling{BlueGreen: strategy.BlueGreen{AutoPromote: true, Monitor: monitor()}, BatchPercent: 60},
			want: []string{"checkpoint:checkpoint",
				"batch-1/build:build", "batch-1/pre-promotion:analysis", "batch-1/switch:switch", "batch-1/monitor:monitor",
				"batch-2/build:build", "batch-2/switch:switch", "batch-2/monitor:monitor",
				"commit:commit", "cleanup:cleanup"},
			batches: [][]int{{0, 1, 2}, {3, 4}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := tc.rolling.Plan(rel)
			require.NoError(t, err)
			assert.Equal(t, "rolling", p.Strategy)
			assert.Equal(t, tc.want, names(p))
			var got [][]int
			for _, s := range p.Steps {
				if s.Kind == strategy.KindBuild {
					got = append(got, s.Units)
				}
			}
			assert.Equal(t, tc.batches, got)
		})
	}
	_, err := strategy.Rolling{BatchSize: -1, BatchPercent: 101}.Plan(rel)
	assert.ErrorIs(t, err, strategy.ErrInvalid)
	assert.ErrorContains(t, err, "negative batchSize")
	assert.ErrorContains(t, err, "batchPercent 101")
}

func TestRollingFailureUndoesBatchesInReverse(t *testing.T) {
	e := seed(t, nil, 10, "a", "b", "c", "d", "e")
	ctx := context.Background()
	before := e.definitions(t)
	r := e.release("r2", "TRUE")
	// The fourth table's build is broken: batch 2 fails its gate.
	broken := strategy.Build{SQL: []string{"CREATE TABLE {{green}} AS SELECT * FROM {{blue}} WHERE id < 3"}}
	r.Tables[3].Build = &broken
	p := plan(t, strategy.Rolling{BlueGreen: strategy.BlueGreen{AutoPromote: true, Analysis: gate()}, BatchSize: 2}, r)
	rep, err := strategy.New(e.db, nil).Run(ctx, p)
	require.ErrorIs(t, err, strategy.ErrAborted)
	var de *strategy.DeployError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "batch-2/pre-promotion", de.Step)
	assert.True(t, de.RolledBack)
	assert.Equal(t, before, e.definitions(t))
	assert.Equal(t, 2, rep.Rollback.Views, "batch 1 was switched back")
	assert.Equal(t, 4, rep.Rollback.Dropped, "batches 1 and 2 were built")
	for i, u := range p.Units {
		assert.False(t, e.exists(t, u.Green), "green %d", i)
	}
	assert.Empty(t, e.statements("CREATE TABLE `production_green`.`sales`.`e__r2`"), "batch 3 never started")
}

func TestRollingSwitchFailureInLastBatch(t *testing.T) {
	e := seed(t, nil, 5, "a", "b", "c", "d", "e", "f")
	ctx := context.Background()
	before := e.definitions(t)
	// The sixth ALTER VIEW (batch 3's second) fails; batch 3's first went
	// through.
	remove, err := e.ws.InjectFault(databrickstest.Fault{Pattern: "^ALTER VIEW", Nth: 6})
	require.NoError(t, err)
	defer remove()
	p := plan(t, strategy.Rolling{BlueGreen: strategy.BlueGreen{AutoPromote: true, Analysis: gate()}, BatchSize: 2}, e.release("r2", "TRUE"))
	rep, err := strategy.New(e.db, &strategy.Options{Concurrency: 1}).Run(ctx, p)
	var de *strategy.DeployError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "batch-3/switch", de.Step)
	assert.True(t, de.RolledBack)
	assert.Equal(t, before, e.definitions(t))
	// Switched back batch by batch, the last batch first; the view whose
	// switch failed needs no switch back.
	var back []string
	for _, s := range e.statements("ALTER VIEW") {
		if strings.HasSuffix(s, "_v1`") {
			back = append(back, strings.Split(s, "`")[5])
		}
	}
	require.Len(t, back, 5)
	assert.Equal(t, "e", back[0])
	assert.ElementsMatch(t, []string{"c", "d"}, back[1:3])
	assert.ElementsMatch(t, []string{"a", "b"}, back[3:5])
	assert.Equal(t, 5, rep.Rollback.Views)
	assert.Equal(t, 6, rep.Rollback.Dropped, "every green built")
}

func TestRollingSuccess(t *testing.T) {
	e := seed(t, nil, 5, "a", "b", "c")
	ctx := context.Background()
	p := plan(t, strategy.Rolling{BlueGreen: strategy.BlueGreen{AutoPromote: true, Analysis: gate()}, BatchSize: 1}, e.release("r2", "TRUE"))
	rep, err := strategy.New(e.db, nil).Run(ctx, p)
	require.NoError(t, err)
	assert.Equal(t, strategy.StatusSucceeded, rep.Status)
	for i, v := range e.views {
		assert.Equal(t, "SELECT * FROM "+p.Units[i].Green.Quoted(), e.definition(t, v))
		assert.False(t, e.exists(t, e.blues[i]))
		n, err := e.readAs(t, reader, v)
		require.NoError(t, err)
		assert.Equal(t, int64(5), n)
	}
}

func TestRollingBuildFailure(t *testing.T) {
	e := seed(t, nil, 5, "a", "b", "c", "d")
	ctx := context.Background()
	before := e.definitions(t)
	// The third green build (batch 2's first) fails in the warehouse.
	remove, err := e.ws.InjectFault(databrickstest.Fault{Pattern: "^CREATE TABLE `production_green`", Nth: 3})
	require.NoError(t, err)
	defer remove()
	p := plan(t, strategy.Rolling{BlueGreen: strategy.BlueGreen{AutoPromote: true, Analysis: gate()}, BatchSize: 2}, e.release("r2", "TRUE"))
	rep, err := strategy.New(e.db, &strategy.Options{Concurrency: 1}).Run(ctx, p)
	var de *strategy.DeployError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "batch-2/build", de.Step)
	assert.True(t, de.RolledBack)
	assert.Equal(t, before, e.definitions(t), "batch 1 is switched back")
	assert.Equal(t, 2, rep.Rollback.Views)
	for _, u := range p.Units {
		assert.False(t, e.exists(t, u.Green), "green %s", u.Green)
	}
}

func TestRollingMonitorFailure(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := seed(t, &databrickstest.Options{Latency: 10 * time.Millisecond}, 20, "a", "b", "c")
		ctx := context.Background()
		before := e.definitions(t)
		p := plan(t, strategy.Rolling{BlueGreen: strategy.BlueGreen{AutoPromote: true, Analysis: gate(), Monitor: monitor()}, BatchSize: 1},
			e.release("r2", "TRUE"))
		// Batch 2's green loses rows 12 minutes after its switch; its
		// monitor sees it and the deploy rolls back batches 2 and 1.
		go func() {
			for {
				time.Sleep(time.Second)
				def, err := e.cat.ViewDefinition(ctx, e.views[1])
				if err == nil && strings.Contains(def, "r2") {
					break
				}
			}
			time.Sleep(12 * time.Minute)
			_, err := e.db.ExecContext(ctx, "DELETE FROM "+p.Units[1].Green.Quoted()+" WHERE id > 5")
			assert.NoError(t, err)
		}()
		rep, err := strategy.New(e.db, nil).Run(ctx, p)
		require.ErrorIs(t, err, strategy.ErrAborted)
		var de *strategy.DeployError
		require.ErrorAs(t, err, &de)
		assert.Equal(t, "batch-2/monitor", de.Step)
		assert.True(t, de.RolledBack)
		assert.Equal(t, before, e.definitions(t), "views exactly as they were")
		assert.Equal(t, 2, rep.Rollback.Views)
		assert.Empty(t, e.statements("CREATE TABLE `production_green`.`sales`.`c__r2`"), "batch 3 never started")
	})
}

func TestRollingCancellation(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := seed(t, &databrickstest.Options{Latency: 50 * time.Millisecond}, 5, "a", "b", "c", "d")
		before := e.definitions(t)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		p := plan(t, strategy.Rolling{BlueGreen: strategy.BlueGreen{AutoPromote: true, Analysis: gate(), Monitor: monitor()}, BatchSize: 2},
			e.release("r2", "TRUE"))
		go func() {
			time.Sleep(10 * time.Minute) // inside batch 1's monitor window
			cancel()
		}()
		rep, err := strategy.New(e.db, nil).Run(ctx, p)
		require.ErrorIs(t, err, context.Canceled)
		var de *strategy.DeployError
		require.ErrorAs(t, err, &de)
		assert.True(t, de.RolledBack)
		assert.NoError(t, de.RollbackErr)
		assert.Equal(t, strategy.StatusRolledBack, rep.Status)
		assert.Equal(t, before, e.definitions(t))
		for _, u := range p.Units {
			assert.False(t, e.exists(t, u.Green))
		}
	})
}
