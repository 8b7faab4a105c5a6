package warehouse_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/internal/warehouse"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
)

func TestConcurrentCommits(t *testing.T) {
	e := warehouse.New(nil)
	exec(t, e.NewSession(""), "CREATE TABLE t (id INT, n INT)", "INSERT INTO t VALUES (0, 0)")

	// Blind appends never conflict (spec §3.7): every one lands in its own version.
	const writers = 8
	var wg sync.WaitGroup
	errs := make([]error, writers*5)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			s := e.NewSession("")
			for i := 0; i < 5; i++ {
				_, errs[w*5+i] = s.Execute(context.Background(), "INSERT INTO t VALUES ("+strconv.Itoa(w*5+i+1)+", 0)", warehouse.Params{})
			}
		}(w)
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	s := e.NewSession("")
	assert.Equal(t, "41", one(t, s, "SELECT count(*) FROM t"))
	assert.Len(t, rows(t, s, "DESCRIBE HISTORY t"), 42, "one version per commit")
}

func TestConcurrentUpdatesLoseNothing(t *testing.T) {
	e := warehouse.New(nil)
	exec(t, e.NewSession(""), "CREATE TABLE counter (id INT, n INT)", "INSERT INTO counter VALUES (1, 0)")
	const workers, each = 6, 10
	var mu sync.Mutex
	ok := 0
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := e.NewSession("")
			for i := 0; i < each; i++ {
				_, err := s.Execute(context.Background(), "UPDATE counter SET n = n + 1 WHERE id = 1", warehouse.Params{})
				if err == nil {
					mu.Lock()
					ok++
					mu.Unlock()
					continue
				}
				var ce *errclass.Error
				if !errors.As(err, &ce) || ce.SqlState() != "2D521" {
					t.Errorf("unexpected error: %v", err)
				}
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, strconv.Itoa(ok), one(t, e.NewSession(""), "SELECT n FROM counter"), "every successful UPDATE is counted once")
}
