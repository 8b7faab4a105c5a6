package databrickstest_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Concurrency and transactions (spec §3.7, §3.8; issue 3 item 9).

func TestQAConcurrentBlindAppends(t *testing.T) {
	_, db := qaNew(t)
	qaExec(t, db, "CREATE TABLE main.default.log (writer INT, n INT)")
	const writers, each = 8, 5
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for g := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				if _, err := db.ExecContext(context.Background(), fmt.Sprintf("INSERT INTO main.default.log VALUES (%d, %d)", g, i)); err != nil {
					errs[g] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	for g, err := range errs {
		assert.NoError(t, err, "writer %d: INSERT vs INSERT never conflicts (spec §3.7)", g)
	}
	res, err := qaQuery(db, "SELECT count(*), count(DISTINCT writer) FROM main.default.log")
	require.NoError(t, err)
	assert.Equal(t, []string{fmt.Sprintf("%d | %d", writers*each, writers)}, res.rows)
	h := qaHistory(t, db, "DESCRIBE HISTORY main.default.log")
	require.Len(t, h, writers*each+1, "one version per commit, serialised (issue 3)")
	seen := map[int64]bool{}
	for _, r := range h {
		assert.False(t, seen[r.version], "version %d committed twice", r.version)
		seen[r.version] = true
		if r.version > 0 {
			assert.Equal(t, "WRITE", r.operation)
			assert.True(t, r.blindAppend, "INSERT VALUES is a blind append (spec §3.2)")
		}
	}
}

func TestQATransactions(t *testing.T) {
	_, db := qaNew(t)
	qaExec(t, db, "CREATE TABLE main.default.tx (id INT)")
	_, err := db.BeginTx(context.Background(), nil)
	assert.Error(t, err, "issue 3: BEGIN through database/sql works or fails loudly")
	qaRun(t, db, []qaCase{
		{name: "BEGIN fails loudly", src: "issue 3 item 9 (a loud UNSUPPORTED_FEATURE until transactions exist)",
			sql: "BEGIN TRANSACTION", class: "UNSUPPORTED_FEATURE.*|TRANSACTION_NOT_SUPPORTED.*", state: "0A000"},
		{name: "BEGIN ATOMIC fails loudly", src: "spec §3.8 (BEGIN ATOMIC … END)",
			sql: "BEGIN ATOMIC INSERT INTO main.default.tx VALUES (1); END", class: "UNSUPPORTED_FEATURE.*|TRANSACTION_NOT_SUPPORTED.*|PARSE_SYNTAX_ERROR"},
		{name: "nothing was inserted", src: "spec §3.8",
			sql: "SELECT count(*) FROM main.default.tx", want: []string{"0"}},
		{name: "ROLLBACK without a transaction", src: "spec §3.8 (ROLLBACK with no active txn is not an error)",
			sql: "ROLLBACK"},
	})
}
