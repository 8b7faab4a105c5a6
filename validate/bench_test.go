package validate_test

import (
	"context"
	"testing"

	"github.com/ucdeploy/ucdeploy/validate"
)

// BenchmarkValidatePair runs 12 column checks on a pair of
// 1,000,000-row tables in the fake and reports the statements per
// validation, which must be 1.
func BenchmarkValidatePair(b *testing.B) {
	e := newFakeEnv(b)
	blue := e.table(b, "blue", ordersCols, ordersExprs, 6, "")
	green := e.table(b, "green", ordersCols, ordersExprs, 6, "")
	pairs := []validate.Pair{{Blue: blue, Green: green, Checks: twelve}}
	ctx := context.Background()
	e.fake.ResetStatements()
	b.ReportAllocs()
	for b.Loop() {
		report, err := validate.Run(ctx, e.db, pairs, nil)
		if err != nil {
			b.Fatal(err)
		}
		if report.Verdict != validate.Pass {
			b.Fatal(report)
		}
	}
	b.ReportMetric(float64(len(e.fake.Statements()))/float64(b.N), "statements/op")
}
