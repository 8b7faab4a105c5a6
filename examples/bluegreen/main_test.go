package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestRun runs the tour end to end on the embedded fake workspace, with
// time compressed further than the command's default.
func TestRun(t *testing.T) {
	t.Setenv("DATABRICKS_HOST", "")
	var out bytes.Buffer
	if err := run(context.Background(), &out, 5000); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{
		"report: release r2 succeeded",
		"main.ucdeploy_bluegreen.orders_v1 was dropped after the keep-blue window",
		"report: release r3 rolled-back",
		"row_count: green has 18.40% fewer rows than blue",
		"report: release r4 rolled-back",
		"rollback: 2 views switched back, 1 tables restored, 2 green tables dropped",
		"the USD rate in main.ucdeploy_bluegreen.fx_rates is back to 0.92",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "GRANTS CHANGED") {
		t.Errorf("a deploy changed the views' grants:\n%s", out.String())
	}
}
