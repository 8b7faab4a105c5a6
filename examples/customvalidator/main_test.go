package main

import (
	"context"
	"testing"
)

// TestRun runs the example end to end on the embedded fake workspace.
func TestRun(t *testing.T) {
	t.Setenv("DATABRICKS_HOST", "")
	if err := run(context.Background()); err != nil {
		t.Fatal(err)
	}
}
