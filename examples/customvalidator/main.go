// Command customvalidator shows a data team's own rules next to
// ucdeploy's built-in checks: a business rule written in Go, one written in
// SQL, and the standard blue-vs-green checks, all run as one suite before a
// release. The green build here has a bug (negative refunds and a duplicated
// order), and the suite says exactly what is wrong.
//
// It runs on the embedded fake workspace by default, or on a real SQL
// warehouse when DATABRICKS_HOST, DATABRICKS_TOKEN and
// DATABRICKS_WAREHOUSE_ID are set.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/ucdeploy/ucdeploy/examples/internal/exampledb"
	"github.com/ucdeploy/ucdeploy/validate"
)

// knownCurrencies is a business rule in Go: every order's currency must be
// one the finance team settles. Embedding validate.Policy gives it the
// suite options (critical, mustHaveData) of the built-in checks.
type knownCurrencies struct {
	validate.Policy
	Allowed []string
}

// Validate counts green's orders in other currencies. An error means the
// rule could not be checked; a Fail result means it was broken.
func (c knownCurrencies) Validate(ctx context.Context, s validate.Subject) (validate.Result, error) {
	q := "SELECT currency, count(*) FROM " + s.Green.Quoted() + " GROUP BY currency ORDER BY currency"
	rows, err := s.DB.QueryContext(ctx, q)
	if err != nil {
		return validate.Result{}, err
	}
	defer rows.Close()
	allowed := map[string]bool{}
	for _, a := range c.Allowed {
		allowed[a] = true
	}
	var bad []string
	for rows.Next() {
		var cur string
		var n int64
		if err := rows.Scan(&cur, &n); err != nil {
			return validate.Result{}, err
		}
		if !allowed[cur] {
			bad = append(bad, fmt.Sprintf("%s (%d orders)", cur, n))
		}
	}
	if err := rows.Err(); err != nil {
		return validate.Result{}, err
	}
	r := validate.Result{Check: "known_currencies", Verdict: validate.Pass, Observed: fmt.Sprint(len(bad)), Threshold: "0",
		Reason: fmt.Sprintf("every currency is one of %v", c.Allowed)}
	if len(bad) > 0 {
		r.Verdict, r.Reason = validate.Fail, fmt.Sprintf("unknown currencies %v", bad)
	}
	return r, nil
}

func main() {
	ctx := context.Background()
	if err := run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "customvalidator:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) (err error) {
	t, err := exampledb.Open(ctx, "ucdeploy_customvalidator")
	if err != nil {
		return err
	}
	defer func() {
		if cerr := t.Close(ctx); err == nil {
			err = cerr
		}
	}()
	fmt.Println("running on", t.Where)

	blue, green := t.Table("orders_v1"), t.Table("orders_v2")
	setup := []string{
		"CREATE SCHEMA IF NOT EXISTS " + t.Schema.Quoted(),
		"CREATE TABLE " + blue.Quoted() + " (order_id BIGINT, currency STRING, amount DECIMAL(10,2))",
		"INSERT INTO " + blue.Quoted() + " VALUES (1, 'EUR', 120.00), (2, 'USD', 80.50), (3, 'EUR', -15.00), (4, 'GBP', 42.00)",
		// The new pipeline version: refunds lost their sign convention, a
		// currency code is lower case, and order 4 is duplicated.
		"CREATE TABLE " + green.Quoted() + " (order_id BIGINT, currency STRING, amount DECIMAL(10,2))",
		"INSERT INTO " + green.Quoted() + " VALUES (1, 'EUR', 120.00), (2, 'usd', 80.50), (3, 'EUR', 15.00), (4, 'GBP', 42.00), (4, 'GBP', 42.00)",
	}
	for _, q := range setup {
		if _, err := t.DB.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("setup: %w", err)
		}
	}

	pair := validate.Pair{
		Name:  "orders",
		Blue:  blue,
		Green: green,
		Checks: validate.Checks{
			validate.RowCount{MaxRelDiff: 0.10},
			validate.Schema{},
			validate.Unique{Columns: []string{"order_id"}},
			validate.Sum{Column: "amount", MaxRelDiff: 0.01},
			// A rule in SQL: the rows it returns are violations.
			validate.Assertion{
				Policy: validate.Policy{Name: "refunds_stay_negative"},
				SQL:    "SELECT g.order_id, g.amount FROM {{green}} g JOIN {{blue}} b ON g.order_id = b.order_id WHERE b.amount < 0 AND g.amount >= 0",
			},
			// A rule in Go.
			knownCurrencies{Allowed: []string{"EUR", "GBP", "USD"}},
		},
	}
	report, err := validate.Run(ctx, t.DB, []validate.Pair{pair}, nil)
	if err != nil {
		return err
	}
	fmt.Println()
	if err := report.WriteText(os.Stdout); err != nil {
		return err
	}
	fmt.Println()
	if report.Verdict == validate.Fail {
		fmt.Println("verdict Fail: the release would stop here, before any consumer sees", green.String())
	}
	return nil
}
