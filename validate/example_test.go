package validate_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/databrickstest"
	"github.com/ucdeploy/ucdeploy/validate"
)

// setup creates shop.sales with blue and green orders (green lost 2% of
// the rows) and identical blue and green customers.
func setup(ctx context.Context, w *databrickstest.Workspace) error {
	db := w.DB()
	for _, q := range []string{
		"CREATE CATALOG shop",
		"CREATE SCHEMA shop.sales",
		"CREATE TABLE shop.sales.orders_blue (id BIGINT, amount DECIMAL(10,2))",
		"CREATE TABLE shop.sales.orders_green (id BIGINT, amount DECIMAL(10,2))",
		"CREATE TABLE shop.sales.customers_blue (id BIGINT, name STRING)",
		"CREATE TABLE shop.sales.customers_green (id BIGINT, name STRING)",
		"INSERT INTO shop.sales.orders_blue SELECT id, CAST(id % 100 AS DECIMAL(10,2)) FROM (" + ids(3) + ") AS g",
		"INSERT INTO shop.sales.orders_green SELECT id, CAST(id % 100 AS DECIMAL(10,2)) FROM (" + ids(3) + ") AS g WHERE id < 980",
		"INSERT INTO shop.sales.customers_blue SELECT id, CAST(id AS STRING) FROM (" + ids(2) + ") AS g",
		"INSERT INTO shop.sales.customers_green SELECT id, CAST(id AS STRING) FROM (" + ids(2) + ") AS g",
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	w.ResetStatements()
	return nil
}

// Example validates two blue/green pairs with the same checks and prints
// the report. Each pair costs one statement: all its checks share one
// profile of both tables.
func Example() {
	ctx := context.Background()
	w := databrickstest.New(nil)
	defer w.Close()
	if err := setup(ctx, w); err != nil {
		fmt.Println(err)
		return
	}
	checks := validate.Checks{
		validate.RowCount{MaxRelDiff: 0.01},
		validate.Schema{},
		validate.NullFraction{Column: "amount", MaxIncrease: 0.01},
		validate.Unique{Columns: []string{"id"}},
	}
	pairs := []validate.Pair{
		{
			Name:   "orders",
			Blue:   catalog.MustName("shop", "sales", "orders_blue"),
			Green:  catalog.MustName("shop", "sales", "orders_green"),
			Checks: checks,
		},
		{
			Name:   "customers",
			Blue:   catalog.MustName("shop", "sales", "customers_blue"),
			Green:  catalog.MustName("shop", "sales", "customers_green"),
			Checks: validate.Checks{validate.RowCount{}, validate.Schema{}, validate.Unique{Columns: []string{"id"}}},
		},
	}
	report, err := validate.Run(ctx, w.DB(), pairs, &validate.Options{Concurrency: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(report)
	fmt.Println("statements:", len(w.Statements()))
	// Output:
	// PAIR       CHECK                  VERDICT  OBSERVED            THRESHOLD        REASON
	// orders     row_count              Fail     980 vs 1,000 (-2%)  ±1%              green has 2.00% fewer rows than blue (980 vs 1,000); allowed 1.00%
	// orders     schema                 Pass     identical           identical        green and blue have the same 2 columns
	// orders     null_fraction(amount)  Pass     0% vs 0%            ≤0% or blue+1pt  column `amount`: green has 0.00% NULLs vs blue 0.00% (+0.00 points); allowed at most 0.00%, or blue's fraction + 1.00 points
	// orders     unique(id)             Pass     0 duplicates        ≤0               key (`id`) is unique in green: 980 distinct keys in 980 keyed rows
	// customers  row_count              Pass     100 vs 100 (0%)     equal            green and blue both have 100 rows
	// customers  schema                 Pass     identical           identical        green and blue have the same 2 columns
	// customers  unique(id)             Pass     0 duplicates        ≤0               key (`id`) is unique in green: 100 distinct keys in 100 keyed rows
	//
	// verdict: Fail (1 failed, 0 inconclusive, 6 passed)
	// statements: 2
}

// noNegativeAmounts is a custom check: a type with a Validate method.
// Embedding validate.Policy gives it the shared options (critical,
// mustHaveData) in a suite.
type noNegativeAmounts struct{ validate.Policy }

func (noNegativeAmounts) Validate(ctx context.Context, s validate.Subject) (validate.Result, error) {
	var n int64
	if err := s.DB.QueryRowContext(ctx, "SELECT count_if(amount < 0) FROM "+s.Green.Quoted()).Scan(&n); err != nil {
		return validate.Result{}, err
	}
	verdict := validate.Pass
	if n > 0 {
		verdict = validate.Fail
	}
	return validate.Result{Check: "no_negative_amounts", Verdict: verdict, Observed: fmt.Sprint(n), Threshold: "0",
		Reason: fmt.Sprintf("green has %d negative amounts", n)}, nil
}

// Example_customValidator writes a business rule as a Validator and runs
// it with a built-in check. A suite sends its own statement, after the
// pair's profile.
func Example_customValidator() {
	ctx := context.Background()
	w := databrickstest.New(nil)
	defer w.Close()
	if err := setup(ctx, w); err != nil {
		fmt.Println(err)
		return
	}
	report, err := validate.Run(ctx, w.DB(), []validate.Pair{{
		Blue:   catalog.MustName("shop", "sales", "orders_blue"),
		Green:  catalog.MustName("shop", "sales", "orders_green"),
		Checks: validate.Checks{validate.RowCount{MaxRelDiff: 0.05}, noNegativeAmounts{}},
	}}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range report.Pairs[0].Results {
		fmt.Println(r.Check, r.Verdict, r.Reason)
	}
	// Output:
	// row_count Pass green has 2.00% fewer rows than blue (980 vs 1,000); allowed 5.00%
	// no_negative_amounts Pass green has 0 negative amounts
}

// negatives is a custom check that shares the pair's profile statement:
// it adds an aggregate and judges from its value.
type negatives struct {
	validate.Policy
	Column string
}

func (c negatives) Validate(ctx context.Context, s validate.Subject) (validate.Result, error) {
	return validate.RunOne(ctx, s, c)
}

func (c negatives) Profile(p *validate.Profile) (validate.Judge, error) {
	m := p.Aggregate(validate.Green, "count_if("+catalog.QuoteIdent(c.Column)+" < 0)")
	return func(_ context.Context, v *validate.Values) (validate.Result, error) {
		n, _ := v.Int(m)
		verdict := validate.Pass
		if n > 0 {
			verdict = validate.Fail
		}
		return validate.Result{Check: "negatives(" + c.Column + ")", Verdict: verdict, Observed: fmt.Sprint(n),
			Reason: fmt.Sprintf("%d of %d rows have a negative %s", n, v.Rows(validate.Green), c.Column)}, nil
	}, nil
}

// ExampleProfiler writes a custom check as a Profiler: it costs no
// statement of its own.
func ExampleProfiler() {
	ctx := context.Background()
	w := databrickstest.New(nil)
	defer w.Close()
	if err := setup(ctx, w); err != nil {
		fmt.Println(err)
		return
	}
	report, err := validate.Run(ctx, w.DB(), []validate.Pair{{
		Blue:   catalog.MustName("shop", "sales", "orders_blue"),
		Green:  catalog.MustName("shop", "sales", "orders_green"),
		Checks: validate.Checks{validate.RowCount{MaxRelDiff: 0.05}, negatives{Column: "amount"}},
	}}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range report.Pairs[0].Results {
		fmt.Println(r.Check, r.Verdict, r.Reason)
	}
	fmt.Println("statements:", len(w.Statements()))
	// Output:
	// row_count Pass green has 2.00% fewer rows than blue (980 vs 1,000); allowed 5.00%
	// negatives(amount) Pass 0 of 980 rows have a negative amount
	// statements: 1
}

// ExampleChecks loads a pair from a JSON spec, validates the spec, and
// prints the report as JSON.
func ExampleChecks() {
	ctx := context.Background()
	w := databrickstest.New(nil)
	defer w.Close()
	if err := setup(ctx, w); err != nil {
		fmt.Println(err)
		return
	}
	spec := `{
		"name": "customers",
		"blue": "shop.sales.customers_blue",
		"green": "shop.sales.customers_green",
		"checks": [
			{"kind": "rowCount", "maxRelDiff": 0.01, "critical": true},
			{"kind": "keyDiff", "keys": ["id"], "changed": {"name": {}}}
		]
	}`
	var pair validate.Pair
	if err := json.Unmarshal([]byte(spec), &pair); err != nil {
		fmt.Println(err)
		return
	}
	if err := pair.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	report, err := validate.Run(ctx, w.DB(), []validate.Pair{pair}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := report.WriteJSON(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	//   "verdict": "Pass",
	//   "pairs": [
	//     {
	//       "name": "customers",
	//       "blue": "shop.sales.customers_blue",
	//       "green": "shop.sales.customers_green",
	//       "verdict": "Pass",
	//       "results": [
	//         {
	//           "check": "row_count",
	//           "verdict": "Pass",
	//           "critical": true,
	//           "observed": "100 vs 100 (0%)",
	//           "threshold": "±1%",
	//           "reason": "green and blue both have 100 rows"
	//         },
	//         {
	//           "check": "key_diff(id)",
	//           "verdict": "Pass",
	//           "observed": "removed 0, added 0, name 0",
	//           "threshold": "removed 0, added 0, name 0",
	//           "reason": "key (`id`): green lost 0 and added 0 keys of blue's 100; `name` changed in 0 of 100 matched rows"
	//         }
	//       ]
	//     }
	//   ]
	// }
}
