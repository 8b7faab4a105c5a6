package rollback_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/rollback"
)

// calls is a log of the calls stub Rollbackers received.
type calls struct {
	mu  sync.Mutex
	log []string
}

func (c *calls) add(s string) {
	c.mu.Lock()
	c.log = append(c.log, s)
	c.mu.Unlock()
}

// stub is a Rollbacker that records its calls and fails as told. Its
// checkpoints carry its id in Data.
type stub struct {
	id                         string
	calls                      *calls
	checkpointErr, rollbackErr error
}

func (s *stub) Checkpoint(context.Context) (rollback.Checkpoint, error) {
	s.calls.add("checkpoint " + s.id)
	if s.checkpointErr != nil {
		return rollback.Checkpoint{}, s.checkpointErr
	}
	return rollback.Checkpoint{Kind: "stub", Data: map[string]string{"id": s.id}}, nil
}

func (s *stub) Rollback(_ context.Context, cp rollback.Checkpoint) error {
	s.calls.add("rollback " + s.id + " to " + cp.Data["id"])
	return s.rollbackErr
}

func TestComposite(t *testing.T) {
	ctx := context.Background()
	errA, errB := errors.New("a failed"), errors.New("b failed")
	tests := []struct {
		name           string
		checkpointErrs []error // per part
		rollbackErrs   []error // per part
		wantCalls      []string
		wantErrs       []error
	}{
		{
			name:      "reverse order",
			wantCalls: []string{"checkpoint 0", "checkpoint 1", "checkpoint 2", "rollback 2 to 2", "rollback 1 to 1", "rollback 0 to 0"},
		},
		{
			name:         "every part attempted, errors joined",
			rollbackErrs: []error{errA, nil, errB},
			wantCalls:    []string{"checkpoint 0", "checkpoint 1", "checkpoint 2", "rollback 2 to 2", "rollback 1 to 1", "rollback 0 to 0"},
			wantErrs:     []error{errA, errB},
		},
		{
			name:           "every part checkpointed, errors joined",
			checkpointErrs: []error{errB, nil, errA},
			wantCalls:      []string{"checkpoint 0", "checkpoint 1", "checkpoint 2"},
			wantErrs:       []error{errA, errB},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log calls
			parts := make([]rollback.Rollbacker, 3)
			for i := range parts {
				s := &stub{id: strconv.Itoa(i), calls: &log}
				if tt.checkpointErrs != nil {
					s.checkpointErr = tt.checkpointErrs[i]
				}
				if tt.rollbackErrs != nil {
					s.rollbackErr = tt.rollbackErrs[i]
				}
				parts[i] = s
			}
			c := rollback.NewComposite(parts...)
			cp, err := c.Checkpoint(ctx)
			if err == nil {
				require.Equal(t, rollback.KindComposite, cp.Kind)
				require.Len(t, cp.Parts, 3)
				for i, p := range cp.Parts {
					assert.Equal(t, strconv.Itoa(i), p.Data["id"])
				}
				err = c.Rollback(ctx, cp)
			} else {
				assert.Equal(t, rollback.Checkpoint{}, cp)
			}
			for _, want := range tt.wantErrs {
				assert.ErrorIs(t, err, want)
			}
			if tt.wantErrs == nil {
				assert.NoError(t, err)
			} else {
				assert.Equal(t, len(tt.wantErrs), countErrors(err))
			}
			assert.Equal(t, tt.wantCalls, log.log)
		})
	}
}

func TestCompositeInvalid(t *testing.T) {
	ctx := context.Background()
	var log calls
	a, b := &stub{id: "a", calls: &log}, &stub{id: "b", calls: &log}
	two := rollback.Checkpoint{Kind: rollback.KindComposite, Parts: []rollback.Checkpoint{{Kind: "stub"}, {Kind: "stub"}}}
	tests := []struct {
		name string
		c    *rollback.Composite
		cp   rollback.Checkpoint
	}{
		{"too few part checkpoints", rollback.NewComposite(a, b), rollback.Checkpoint{Kind: rollback.KindComposite, Parts: two.Parts[:1]}},
		{"too many part checkpoints", rollback.NewComposite(a), two},
		{"kind of another rollbacker", rollback.NewComposite(a, b), rollback.Checkpoint{Kind: rollback.KindViewSwitch, Parts: two.Parts}},
		{"nil part", rollback.NewComposite(a, nil), two},
		{"nil composite", nil, two},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log.log = nil
			require.ErrorIs(t, tt.c.Rollback(ctx, tt.cp), rollback.ErrInvalid)
			assert.Empty(t, log.log, "no part may run")
		})
	}
	t.Run("checkpoint with nil part", func(t *testing.T) {
		log.log = nil
		_, err := rollback.NewComposite(nil, a).Checkpoint(ctx)
		require.ErrorIs(t, err, rollback.ErrInvalid)
		assert.Empty(t, log.log)
	})
	t.Run("empty composite", func(t *testing.T) {
		c := rollback.NewComposite()
		cp, err := c.Checkpoint(ctx)
		require.NoError(t, err)
		assert.Equal(t, rollback.KindComposite, cp.Kind)
		require.NoError(t, c.Rollback(ctx, cp))
	})
}

func TestCompositeCopiesParts(t *testing.T) {
	var log calls
	parts := []rollback.Rollbacker{&stub{id: "a", calls: &log}}
	c := rollback.NewComposite(parts...)
	parts[0] = nil
	_, err := c.Checkpoint(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{"checkpoint a"}, log.log)
}
