// Package parser turns SQL text into the fake warehouse's syntax tree
// (package ast): a hand-written lexer and recursive-descent parser for the
// Databricks SQL subset the warehouse runs, following Spark SQL's grammar
// (SqlBaseLexer.g4 and SqlBaseParser.g4) and error texts.
//
// # Overview
//
// Parse parses one statement; ParseWithMarkers also reports its parameter
// markers (? markers are numbered from 0 in order of appearance, :name markers
// have Index -1); ParseType parses a data type alone. Literals are typed as
// Spark types them: 1 is INT, 2147483648 BIGINT, 9223372036854775808
// DECIMAL(19,0), 1.5 DECIMAL(2,1), 1e3 and 1.5D DOUBLE, 1.5F FLOAT, 10Y, 10S
// and 10L TINYINT, SMALLINT and BIGINT, 1.5BD DECIMAL; a minus written
// directly before a number is part of the literal, so -2147483648 is an INT.
// Strings use Spark's backslash escapes, and adjacent string literals are
// concatenated. Spark has no doubled-quote escape, so this is 'ab':
//
//	SELECT 'a''b'
//
// Mappings worth knowing when reading the tree:
//
//   - a IS DISTINCT FROM b is NOT (a <=> b); a IS NOT DISTINCT FROM b is a <=> b.
//   - x LIKE ANY|SOME (p1, p2) is x LIKE p1 OR x LIKE p2, LIKE ALL an AND;
//     NOT LIKE ANY and NOT LIKE ALL negate each LIKE.
//   - << >> >>> are calls to shiftleft, shiftright and shiftrightunsigned.
//   - TRIM(BOTH c FROM s), TRIM(LEADING c FROM s) and TRIM(TRAILING c FROM s)
//     are trim(c, s), ltrim(c, s) and rtrim(c, s): the trim characters come
//     first, as in Spark's two-argument function forms; TRIM(s) and
//     TRIM(BOTH FROM s) are trim(s). SUBSTRING(s FROM p FOR n) is
//     substring(s, p, n), POSITION(a IN s) is position(a, s), OVERLAY(s
//     PLACING r FROM p FOR n) is overlay(s, r, p, n), and first/last/any_value
//     (x IGNORE NULLS) pass true as a second argument.
//   - CURRENT_DATE, CURRENT_TIMESTAMP, CURRENT_USER and SESSION_USER without
//     parentheses are calls with no arguments. USER is a column reference.
//   - count(*) is a Call with Star set; f(*) for any other f has a *ast.Star
//     argument.
//   - VALUES (1, 2), (3, 4) has two rows of two columns; VALUES 1, 2 two rows
//     of one column. A top-level VALUES with an alias is SELECT * FROM it.
//   - TABLE t is SELECT * FROM t. A parenthesised query that adds no WITH,
//     ORDER BY, LIMIT or OFFSET is replaced by its body.
//   - WITH … INSERT … puts the CTEs on a query wrapping the insert's query.
//   - t@v3 and t@yyyyMMddHHmmssSSS fill ast.TimeTravel (the timestamp as a
//     TIMESTAMP typed literal, yyyy-MM-dd HH:mm:ss.SSS in the session time
//     zone).
//   - CHAR(n) and VARCHAR(n) are STRING; TIMESTAMP_LTZ is TIMESTAMP.
//
// # Errors
//
// Every error is an *errclass.Error. Syntax errors are PARSE_SYNTAX_ERROR
// with Spark's text ("Syntax error at or near 'FROM'." or "… at or near end
// of input."), with Spark's ": extra input 'x'" hint when a complete
// statement is followed by exactly one token. Other classes:
// PARSE_EMPTY_STATEMENT, UNCLOSED_BRACKETED_COMMENT, INVALID_IDENTIFIER
// (my-table, non-ASCII letters), INVALID_NUMERIC_LITERAL_RANGE,
// DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION, DECIMAL_SCALE_EXCEEDS_PRECISION,
// DATATYPE_MISSING_SIZE, UNSUPPORTED_DATATYPE, UNSUPPORTED_TYPED_LITERAL,
// INVALID_ESC, DUPLICATE_CLAUSES, INVALID_SET_SYNTAX,
// INVALID_QUERY_MIXED_QUERY_PARAMETERS, TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS,
// SHOW_COLUMNS_WITH_CONFLICT_NAMESPACE, DELTA_INVALID_TIMESTAMP_FORMAT,
// DELTA_UNSUPPORTED_TIME_TRAVEL_MULTIPLE_FORMATS, FAILED_TO_PARSE_TOO_COMPLEX
// (nesting deeper than a few hundred levels), INVALID_SQL_SYNTAX and
// UNSUPPORTED_FEATURE. As in Spark, a syntax error anywhere in the statement
// wins over the errors found while building the tree (literal ranges, types,
// duplicate clauses, time travel).
//
// Constructs Databricks accepts but the warehouse does not implement fail with
// UNSUPPORTED_FEATURE ("The feature is not supported: …."), never silently:
// window functions (OVER), FILTER and WITHIN GROUP clauses, IGNORE/RESPECT
// NULLS after a call, lambdas, named arguments, EXTRACT, STRUCT values,
// subscripts, field access on expressions, JSON paths (a:b), collations,
// INTERVAL, TIMESTAMP_NTZ and binary literals, TIMESTAMPADD-style calls with a
// unit, * EXCEPT, table-valued functions, LATERAL, PIVOT, TABLESAMPLE,
// GROUPING SETS/ROLLUP/CUBE, QUALIFY, WINDOW, SORT/CLUSTER/DISTRIBUTE BY,
// recursive CTEs, UNION BY NAME, WITH before DELETE/UPDATE/MERGE, locations,
// OPTIONS, CLUSTER BY, generated columns, constraints, partition transforms,
// ALTER TABLE actions other than ADD COLUMNS, RENAME TO, SET/UNSET
// TBLPROPERTIES and OWNER TO, and the statements package ast has no node for
// (EXPLAIN, COPY INTO, CACHE, …).
//
// Besides queries and the catalog, schema, table and view statements, the
// parser produces the Delta and governance statements of package ast: DELETE,
// UPDATE, MERGE (clauses in Spark's order: MATCHED, NOT MATCHED [BY TARGET],
// NOT MATCHED BY SOURCE; the rules on omitted conditions are the engine's),
// TRUNCATE TABLE, ALTER TABLE, ALTER … [SET] OWNER TO, GRANT, REVOKE, SHOW
// GRANTS, RESTORE, VACUUM, OPTIMIZE, and BEGIN, COMMIT and ROLLBACK.
// Privileges are upper case with single spaces ("USE SCHEMA").
//
// # Differences from Databricks
//
//   - Optimizer hints (/*+ … */) are skipped like comments; they do not
//     change results.
//   - CHAR(n) and VARCHAR(n) columns are plain STRING: no padding and no
//     length check.
//   - These keywords cannot be unquoted identifiers (backquote them): ALL,
//     AND, ANTI, AS, BETWEEN, CASE, CAST, CROSS, DISTINCT, DIV, ELSE, END,
//     ESCAPE, EXCEPT, EXISTS, FALSE, FROM, FULL, GROUP, HAVING, ILIKE, IN,
//     INNER, INTERSECT, INTO, IS, JOIN, LATERAL, LEFT, LIKE, LIMIT, MINUS,
//     NATURAL, NOT, NULL, OFFSET, ON, OR, ORDER, QUALIFY, REGEXP, RIGHT, RLIKE,
//     SELECT, SEMI, THEN, TRUE, UNION, USING, VALUES, WHEN, WHERE, WINDOW,
//     WITH. Column definitions, names after a dot and aliases after AS accept
//     any word. Spark, with ANSI reserved keywords not enforced, accepts more
//     of them.
//   - CURRENT_DATE and the other parenthesis-less functions are always
//     calls; Spark first looks for a column of that name.
//   - x IS UNKNOWN is x IS NULL; Spark also requires x to be BOOLEAN.
//   - x IN ((SELECT …)) is an IN subquery; Spark reads it as an IN list with
//     one scalar subquery.
//   - A parenthesised FROM item that starts like a query, such as
//     ((SELECT 1) x JOIN y), is parsed as a query and fails.
//   - Errors Spark raises with legacy, class-less messages use
//     INVALID_SQL_SYNTAX with Spark's text: CREATE VIEW with both IF NOT
//     EXISTS and REPLACE, TEMPORARY views with IF NOT EXISTS or TBLPROPERTIES,
//     a column list in CREATE TABLE … AS, a non-integer VERSION AS OF.
//   - An @ suffix other than vN or 17 digits fails with
//     DELTA_INVALID_TIMESTAMP_FORMAT; Delta treats it as part of the name.
//
// # Concurrency
//
// The functions are safe for concurrent use; the package has no mutable
// state.
//
// # Testing
//
// Table tests compare parsed trees with expected ast values and errors with
// Spark's texts. FuzzParse checks that no input panics and that every error
// is an *errclass.Error of a documented class; crashers found by the fuzzer
// are kept in testdata/fuzz/FuzzParse. BenchmarkParsePointQuery measures a
// point query (a few microseconds).
package parser
