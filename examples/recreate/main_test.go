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
		"snapshot   CREATE OR REPLACE TABLE `main`.`ucdeploy_recreate_snapshot`.`orders__r2` SHALLOW CLONE",
		"report: release r2 succeeded",
		"main.ucdeploy_recreate.orders (order_id bigint, customer string, amount decimal(12,2), ordered date)\n" +
			"    version 2: CREATE OR REPLACE TABLE AS SELECT",
		"main.ucdeploy_recreate.orders row_count: green has 18.33% fewer rows than blue (245 vs 300)",
		"report: release r3 rolled-back",
		"rollback: 2 tables restored, 2 snapshots dropped",
		// Both tables are back at r2's version, data and schema.
		"main.ucdeploy_recreate.orders (order_id bigint, customer string, amount decimal(12,2), ordered date)\n" +
			"    version 4: RESTORE to version 2\n    version 3: CREATE OR REPLACE TABLE AS SELECT\n    analyst@example.com reads 300 rows",
		"main.ucdeploy_recreate.customers (customer string, name string, region string)\n" +
			"    version 4: RESTORE to version 2",
		"r4 refused at the checkpoint, before any change",
		"delta.deletedFileRetentionDuration is 10m0s, the window 30m0s",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}
