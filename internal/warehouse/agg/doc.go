// Package agg implements the fake warehouse's aggregate functions (count,
// sum, avg, min, max, stddev, percentile, approx_count_distinct, …). An
// Accumulator folds argument vectors into per-group states, so grouped and
// ungrouped aggregation share one vectorized path.
//
// # Overview
//
// The analyzer looks an aggregate up by lower-case name with Lookup, calls
// Resolve with the argument types to learn the result type and the casts to
// apply, and builds one Accumulator per aggregate call with New. The executor
// feeds it batches with Update (rows tagged with their group) and reads one
// value per group with Result. count(*) is count with no arguments, so the
// analyzer must itself reject a written count() (Spark: WRONG_NUM_ARGS).
//
// The functions and their Databricks semantics (ANSI mode):
//
//	count(*), count(x, …)            BIGINT; rows where every x is non-NULL
//	count_if(b)                      BIGINT; rows where b is TRUE
//	sum(x)                           BIGINT for integral x (ARITHMETIC_OVERFLOW),
//	                                 DECIMAL(min(38,p+10),s), DOUBLE otherwise
//	avg(x), mean(x)                  DOUBLE; DECIMAL(p+4,s+4) bounded for DECIMAL
//	min(x), max(x)                   x's type; strings by bytes, NaN greatest
//	stddev, std, stddev_samp,        DOUBLE (Welford updates as Spark's
//	stddev_pop, variance, var_samp,  CentralMomentAgg); sample forms of one
//	var_pop                          row are NULL
//	percentile(x, p[, freq]), median DOUBLE, exact with linear interpolation
//	percentile_approx(x, p[, acc]),  x's type; Spark's Greenwald-Khanna
//	approx_percentile                summary (QuantileSummaries), simulated
//	approx_count_distinct(x[, rsd])  BIGINT; HyperLogLog++ over xxhash64
//	bool_and, every, bool_or,        BOOLEAN
//	some, any
//	any_value, first, first_value,   x's type; scan order (see Deviations)
//	last, last_value
//	min_by(x, y), max_by(x, y)       x's type
//
// Every function accepts DISTINCT: the distinct argument tuples of each
// group (NULL being one value) are aggregated.
//
// Groups that never receive a row get the function's empty result: 0 for
// count and count_if, NULL for the others.
//
// # Deviations from Databricks
//
//   - Spark aggregates each partition and merges the partial results; the
//     fake aggregates in one pass in scan order, like a single partition.
//     Results that depend on the partitioning (floating-point rounding of
//     sum, avg and stddev over many partitions; percentile_approx beyond
//     50,000 rows per partition; first, last and any_value) match a
//     single-partition Spark plan.
//   - approx_count_distinct omits the HLL++ empirical bias correction: for
//     the default rsd (0.05, 512 registers) estimates between about 1,280
//     and 2,560 (2.5 and 5 times the register count) when linear counting
//     does not apply may differ from Databricks by the bias (a few percent).
//     Small cardinalities (linear counting) and large ones match bit for bit.
//   - percentile and percentile_approx accept a single percentage only; an
//     ARRAY of percentages cannot be expressed (the fake has no ARRAY type).
//   - Error messages for a wrong argument type name non-constant arguments
//     "?": the SQL text of an argument is not passed to Resolve.
//
// # Errors
//
// Errors are *errclass.Error values with Databricks' classes:
// WRONG_NUM_ARGS.WITHOUT_SUGGESTION and DATATYPE_MISMATCH.* from Resolve,
// ANSI runtime errors (ARITHMETIC_OVERFLOW, NUMERIC_VALUE_OUT_OF_RANGE,
// NEGATIVE_VALUES_IN_FREQUENCY_EXPRESSION) from Update and Result.
//
// # Concurrency
//
// The registry is read-only after init and safe for concurrent use. An
// Accumulator is not: use one per aggregate call and query.
//
// # Testing
//
// Table tests take their expected values from the Databricks and Spark
// documentation examples and the spec; benchmarks (go test -bench .) cover
// the ungrouped loops the profile query relies on, BenchmarkProfile10x1M
// being count(*) plus count, min and max over ten columns of a million rows.
package agg
