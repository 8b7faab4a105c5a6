package validate_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/databrickstest"
	"github.com/ucdeploy/ucdeploy/validate"
)

// qaKnownBug marks a scenario that fails because the library differs from
// its documentation or issue 4. It skips unless QA_STRICT=1.
func qaKnownBug(t *testing.T, reason string) {
	t.Helper()
	if os.Getenv("QA_STRICT") != "1" {
		t.Skip("known bug: " + reason)
	}
}

// qaWS is a fresh fake workspace.
func qaWS(t *testing.T) *databrickstest.Workspace {
	t.Helper()
	w := databrickstest.New(nil)
	t.Cleanup(func() { _ = w.Close() })
	return w
}

// qaExec runs setup statements.
func qaExec(t *testing.T, w *databrickstest.Workspace, stmts ...string) {
	t.Helper()
	for _, q := range stmts {
		_, err := w.DB().ExecContext(context.Background(), q)
		require.NoError(t, err, q)
	}
}

// qaIDs is a SELECT of 10^k rows with a BIGINT column id in 0..10^k-1.
func qaIDs(k int) string {
	var sel, from []string
	mul := 1
	for i := range k {
		sel = append(sel, fmt.Sprintf("%d * d%d.d", mul, i))
		from = append(from, fmt.Sprintf("(VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)) AS d%d(d)", i))
		mul *= 10
	}
	return "SELECT CAST(" + strings.Join(sel, " + ") + " AS BIGINT) AS id FROM " + strings.Join(from, ", ")
}

// qaRun runs one pair and returns its results.
func qaRun(t *testing.T, w *databrickstest.Workspace, blue, green catalog.Name, checks ...validate.Validator) []validate.Result {
	t.Helper()
	rep, err := validate.Run(context.Background(), w.DB(), []validate.Pair{{Blue: blue, Green: green, Checks: checks}}, nil)
	require.NoError(t, err)
	require.Len(t, rep.Pairs, 1)
	require.Len(t, rep.Pairs[0].Results, len(checks))
	return rep.Pairs[0].Results
}
