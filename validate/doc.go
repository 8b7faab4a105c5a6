// Package validate proves, before a switch, that a green table is as good
// as its blue one: row counts, schema, NULL fractions, ranges, uniqueness,
// freshness, distinct counts, mean and sum drift, key-level differences,
// and the user's own rules in SQL or Go.
//
// # Overview
//
// A Validator judges one Subject (a blue/green pair of tables and the
// executor to reach them) and returns a Result: a Verdict (Pass, Fail or
// Inconclusive), the observed value, the threshold, and a reason that
// names the column and the numbers:
//
//	green has 2.00% fewer rows than blue (9,800 vs 10,000); allowed 1.00%
//
// The built-in checks are specs (plain data with JSON tags):
//
//	RowCount       row counts, absolute and relative difference
//	Schema         columns: identical, or compatible (added nullable
//	               columns, Delta type widening) by option
//	NullFraction   NULL fraction of a column, absolute and relative to blue
//	Range          min and max within bounds or within x% of blue
//	Unique         duplicate keys in green
//	Freshness      newest DATE/TIMESTAMP within a duration of now
//	DistinctCount  distinct values vs blue (exact or approximate)
//	Mean, Sum      drift of a column's average or total vs blue
//	Assertion      a SQL query whose rows are violations, with a sample
//	KeyDiff        join on keys: rows added, removed and changed per
//	               column, against Budgets
//
// Run validates many Pairs with bounded concurrency and returns a Report,
// which renders as an aligned text table (WriteText) and as JSON
// (WriteJSON). RunOne runs one check as a suite would; each built-in
// check's Validate does that.
//
// # One pass per pair
//
// On a real warehouse each statement costs 0.1–1 s, so the checks of a
// pair share one profile statement that aggregates both tables at once:
//
//	SELECT * FROM (SELECT count(*) AS g0, …aggregates of green…) AS g
//	CROSS JOIN (SELECT count(*) AS b0, …aggregates of blue…) AS b
//	[CROSS JOIN (…fingerprint of green's columns…) AS gc
//	 CROSS JOIN (…fingerprint of blue's columns…) AS bc]
//
// Checks that implement Profiler add their aggregates to it and judge from
// its values; a custom check can do the same. What each check costs:
//
//	every pair                  1 profile statement (always sent: it tells
//	                            whether green exists and has rows)
//	RowCount, NullFraction,     nothing more: aggregates in the profile
//	Range, Unique, Freshness,
//	DistinctCount, Mean, Sum
//	Schema                      nothing more while the schemas are equal
//	                            (a fingerprint in the profile); 1 statement
//	                            to name the differences when they are not
//	KeyDiff, Assertion          1 statement each
//	custom Validator            whatever it sends
//	a missing table             1 or 2 probes (SELECT 1 FROM t LIMIT 0),
//	                            and the profile again without a missing blue
//
// So any number of profiled checks on a pair cost one statement; 12
// checks on 3 pairs cost 3.
//
// # No data
//
// An empty or missing green is never a silent pass. When green does not
// exist or has no rows, every check of the pair is Inconclusive, or Fail
// when its Policy (or Options) says MustHaveData, as in Kayenta. A check
// that compares with blue treats a missing or empty blue (or a pair
// without one) the same way; a check on green alone (Unique, Freshness, an
// Assertion on green, Range with bounds) still runs. A column with only
// NULLs is no data for Range, Freshness, Mean and Sum.
//
// A Policy marked Critical stops a suite when its check fails: checks and
// pairs not yet run are reported Inconclusive ("not run") and no more
// statements are sent.
//
// # Errors
//
// A Result is a judgement; an error means a check could not run (the
// warehouse failed, the context ended, a column does not exist). Run then
// still returns a complete Report, with such checks Inconclusive and
// carrying the error's text, and also returns the errors joined. Errors
// wrap the SQL driver's error, so errors.As reaches it (and its SQLSTATE).
// Bad specs are reported before any statement is sent, all at once, each
// wrapping ErrInvalid (which is catalog.ErrInvalid).
//
// Names are always quoted (catalog.Name.Quoted), columns with
// catalog.QuoteIdent, and values go as parameters, so a hostile table or
// column name cannot change a statement. An Assertion's SQL is the only
// text sent as written: it is trusted like any query its author runs.
//
// # Concurrency
//
// Run and RunOne are safe for concurrent use, and so are the built-in
// checks, which are values. Run validates up to Options.Concurrency pairs
// at once (errgroup with SetLimit); the checks of one pair run in order.
// No goroutine outlives a call. A Profile, its Values and a Report are not
// safe for concurrent use.
//
// # Testing
//
// Run checks against databrickstest, the fake workspace: its statement log
// shows what a suite sent. This package's tests run the same conformance
// suite against the fake always, and against a real workspace when
// DATABRICKS_HOST, DATABRICKS_TOKEN and DATABRICKS_WAREHOUSE_ID are set
// (DATABRICKS_CATALOG, default main, holds a temporary schema);
// BenchmarkValidatePair reports ns/op and statements/op for 12 checks on a
// pair of 1,000,000-row tables.
package validate
