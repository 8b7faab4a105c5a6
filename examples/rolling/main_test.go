package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestRun runs the example end to end on the embedded fake workspace, with
// time compressed further than the command's default.
func TestRun(t *testing.T) {
	t.Setenv("DATABRICKS_HOST", "")
	var out bytes.Buffer
	if err := run(context.Background(), &out, 5000); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	got := out.String()
	for _, want := range []string{
		"report: release r2 succeeded",
		"batch-3/monitor          window closed: every measurement passed",
		"sales_mena   -> `main`.`ucdeploy_rolling_green`.`sales_mena__r2`",
		"batch-2/pre-promotion    Fail",
		"main.ucdeploy_rolling.sales_apac row_count: green has 67.00% fewer rows than blue (33 vs 100)",
		"report: release r3 rolled-back",
		"rollback: 2 views switched back, 4 green tables dropped",
		"sales_emea   -> `main`.`ucdeploy_rolling_green`.`sales_emea__r2`",
		"never touched: sales_anz, sales_mena (their batch never started)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	// After the rollback no view reads a table of r3.
	tail := got[strings.LastIndex(got, "views now:"):]
	for _, bad := range []string{"__r3", "GRANTS CHANGED"} {
		if strings.Contains(tail, bad) {
			t.Errorf("views after r3 show %q:\n%s", bad, tail)
		}
	}
	if strings.Contains(got, "GRANTS CHANGED") {
		t.Errorf("a deploy changed the views' grants:\n%s", got)
	}
}
