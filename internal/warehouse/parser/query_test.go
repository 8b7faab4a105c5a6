package parser

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/ast"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

func TestQueries(t *testing.T) {
	one, two := sel(item(i32(1))), sel(item(i32(2)))
	tests := []struct {
		name string
		sql  string
		want ast.Statement
	}{
		{"point query", "SELECT id, name, amount FROM main.sales.orders WHERE id = ?", query(&ast.Select{
			Items: []ast.SelectItem{item(col("id")), item(col("name")), item(col("amount"))},
			From:  table("main", "sales", "orders"),
			Where: bin("=", col("id"), &ast.Param{Index: 0}),
		})},
		{"trailing semicolons", "SELECT 1;;", query(one)},
		{"aliases", "SELECT a AS x, b y, c `z z`, 1 AS `from` FROM t", query(selFrom(table("t"),
			ast.SelectItem{Expr: col("a"), Alias: "x"},
			ast.SelectItem{Expr: col("b"), Alias: "y"},
			ast.SelectItem{Expr: col("c"), Alias: "z z"},
			ast.SelectItem{Expr: i32(1), Alias: "from"},
		))},
		{"distinct", "SELECT DISTINCT a FROM t", query(&ast.Select{Distinct: true, Items: []ast.SelectItem{item(col("a"))}, From: table("t")})},
		{"all", "SELECT ALL a FROM t", query(selFrom(table("t"), item(col("a"))))},
		{"group by having", "SELECT a, count(*) FROM t GROUP BY a, b HAVING count(*) > 1", query(&ast.Select{
			Items:   []ast.SelectItem{item(col("a")), item(&ast.Call{Name: "count", Star: true})},
			From:    table("t"),
			GroupBy: []ast.Expr{col("a"), col("b")},
			Having:  bin(">", &ast.Call{Name: "count", Star: true}, i32(1)),
		})},
		{"group by all", "SELECT a, sum(b) FROM t GROUP BY ALL", query(&ast.Select{
			Items:      []ast.SelectItem{item(col("a")), item(call("sum", col("b")))},
			From:       table("t"),
			GroupByAll: true,
		})},
		{"order limit offset", "SELECT a FROM t ORDER BY a DESC NULLS LAST, b NULLS FIRST, c ASC LIMIT 10 OFFSET 5", &ast.Query{
			Body: selFrom(table("t"), item(col("a"))),
			OrderBy: []ast.OrderItem{
				{Expr: col("a"), Desc: true, NullsFirst: ptr(false)},
				{Expr: col("b"), NullsFirst: ptr(true)},
				{Expr: col("c")},
			},
			Limit:  i32(10),
			Offset: i32(5),
		}},
		{"limit all", "SELECT 1 LIMIT ALL", query(one)},
		{"union", "SELECT 1 UNION SELECT 2", query(&ast.SetOp{Op: "UNION", Left: one, Right: two})},
		{"union all", "SELECT 1 UNION ALL SELECT 2", query(&ast.SetOp{Op: "UNION", All: true, Left: one, Right: two})},
		{"except distinct", "SELECT 1 EXCEPT DISTINCT SELECT 2", query(&ast.SetOp{Op: "EXCEPT", Left: one, Right: two})},
		{"minus is except", "SELECT 1 MINUS ALL SELECT 2", query(&ast.SetOp{Op: "EXCEPT", All: true, Left: one, Right: two})},
		{"intersect binds tighter", "SELECT 1 UNION SELECT 2 INTERSECT SELECT 3", query(&ast.SetOp{
			Op: "UNION", Left: one, Right: &ast.SetOp{Op: "INTERSECT", Left: two, Right: sel(item(i32(3)))},
		})},
		{"set operations are left-associative", "SELECT 1 EXCEPT SELECT 2 UNION SELECT 3", query(&ast.SetOp{
			Op: "UNION", Left: &ast.SetOp{Op: "EXCEPT", Left: one, Right: two}, Right: sel(item(i32(3))),
		})},
		{"parentheses group set operations", "SELECT 1 EXCEPT (SELECT 2 UNION SELECT 3)", query(&ast.SetOp{
			Op: "EXCEPT", Left: one, Right: &ast.SetOp{Op: "UNION", Left: two, Right: sel(item(i32(3)))},
		})},
		{"order by applies to the set operation", "(SELECT 1) UNION (SELECT 2) ORDER BY 1 LIMIT 1", &ast.Query{
			Body:    &ast.SetOp{Op: "UNION", Left: one, Right: two},
			OrderBy: []ast.OrderItem{{Expr: i32(1)}},
			Limit:   i32(1),
		}},
		{"parenthesised query with its own limit", "(SELECT 1 LIMIT 1) UNION SELECT 2", query(&ast.SetOp{
			Op: "UNION", Left: &ast.Query{Body: one, Limit: i32(1)}, Right: two,
		})},
		{"parenthesised statement", "((SELECT 1))", query(one)},
		{"values", "VALUES (1, 'a'), (2, 'b')", query(&ast.Values{Rows: [][]ast.Expr{{i32(1), str("a")}, {i32(2), str("b")}}})},
		{"values of single columns", "VALUES 1, 2", query(&ast.Values{Rows: [][]ast.Expr{{i32(1)}, {i32(2)}}})},
		{"values with an alias", "VALUES (1) AS v(a)", query(selFrom(&ast.ValuesRef{
			Values: &ast.Values{Rows: [][]ast.Expr{{i32(1)}}}, Alias: "v", Columns: []string{"a"},
		}, item(star())))},
		{"table", "TABLE c.s.t", query(selFrom(table("c", "s", "t"), item(star())))},
		{"with", "WITH a (x) AS (SELECT 1), b AS (SELECT 2) SELECT * FROM a, b", &ast.Query{
			With: []ast.CTE{
				{Name: "a", Columns: []string{"x"}, Query: query(one)},
				{Name: "b", Query: query(two)},
			},
			Body: selFrom(&ast.Join{Kind: ast.CrossJoin, Left: table("a"), Right: table("b")}, item(star())),
		}},
		{"with without AS", "WITH a (SELECT 1) SELECT * FROM a", &ast.Query{
			With: []ast.CTE{{Name: "a", Query: query(one)}},
			Body: selFrom(table("a"), item(star())),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, mustParse(t, tt.sql))
		})
	}
}

// fromOf parses "SELECT * FROM <from>" and returns the FROM clause.
func fromOf(t *testing.T, from string) ast.TableExpr {
	t.Helper()
	q := mustParse(t, "SELECT * FROM "+from).(*ast.Query)
	return q.Body.(*ast.Select).From
}

func TestFrom(t *testing.T) {
	a, b, c := table("a"), table("b"), table("c")
	on := bin("=", col("a", "x"), col("b", "x"))
	sub := query(sel(item(i32(1))))
	tests := []struct {
		name string
		from string
		want ast.TableExpr
	}{
		{"table", "t", table("t")},
		{"three parts", "c.s.t", table("c", "s", "t")},
		{"four parts are kept for the engine", "a.b.c.d", table("a", "b", "c", "d")},
		{"alias", "t x", &ast.TableRef{Name: ast.Name{"t"}, Alias: "x"}},
		{"alias with AS", "t AS x", &ast.TableRef{Name: ast.Name{"t"}, Alias: "x"}},
		{"backquoted names", "`my cat`.`a``b` AS `x y`", &ast.TableRef{Name: ast.Name{"my cat", "a`b"}, Alias: "x y"}},
		{"comma is a cross join", "a, b, c", &ast.Join{Kind: ast.CrossJoin,
			Left: &ast.Join{Kind: ast.CrossJoin, Left: a, Right: b}, Right: c}},
		{"join", "a JOIN b ON a.x = b.x", &ast.Join{Kind: ast.InnerJoin, Left: a, Right: b, On: on}},
		{"inner join", "a INNER JOIN b ON a.x = b.x", &ast.Join{Kind: ast.InnerJoin, Left: a, Right: b, On: on}},
		{"left outer join", "a LEFT OUTER JOIN b ON a.x = b.x", &ast.Join{Kind: ast.LeftJoin, Left: a, Right: b, On: on}},
		{"left join using", "a LEFT JOIN b USING (x, y)", &ast.Join{Kind: ast.LeftJoin, Left: a, Right: b, Using: []string{"x", "y"}}},
		{"right join", "a RIGHT JOIN b ON a.x = b.x", &ast.Join{Kind: ast.RightJoin, Left: a, Right: b, On: on}},
		{"full outer join", "a FULL OUTER JOIN b ON a.x = b.x", &ast.Join{Kind: ast.FullJoin, Left: a, Right: b, On: on}},
		{"cross join", "a CROSS JOIN b", &ast.Join{Kind: ast.CrossJoin, Left: a, Right: b}},
		{"left semi join", "a LEFT SEMI JOIN b ON a.x = b.x", &ast.Join{Kind: ast.SemiJoin, Left: a, Right: b, On: on}},
		{"semi join", "a SEMI JOIN b ON a.x = b.x", &ast.Join{Kind: ast.SemiJoin, Left: a, Right: b, On: on}},
		{"left anti join", "a LEFT ANTI JOIN b ON a.x = b.x", &ast.Join{Kind: ast.AntiJoin, Left: a, Right: b, On: on}},
		{"natural join", "a NATURAL LEFT JOIN b", &ast.Join{Kind: ast.LeftJoin, Left: a, Right: b, Natural: true}},
		{"joins are left-associative", "a JOIN b ON true JOIN c ON false", &ast.Join{Kind: ast.InnerJoin,
			Left: &ast.Join{Kind: ast.InnerJoin, Left: a, Right: b, On: boolean(true)}, Right: c, On: boolean(false)}},
		{"join binds tighter than comma", "a, b JOIN c ON true", &ast.Join{Kind: ast.CrossJoin,
			Left: a, Right: &ast.Join{Kind: ast.InnerJoin, Left: b, Right: c, On: boolean(true)}}},
		{"parenthesised join", "(a JOIN b ON true)", &ast.Join{Kind: ast.InnerJoin, Left: a, Right: b, On: boolean(true)}},
		{"parenthesised table with an alias", "(t) AS x", &ast.TableRef{Name: ast.Name{"t"}, Alias: "x"}},
		{"subquery", "(SELECT 1) AS s(x)", &ast.SubqueryRef{Query: sub, Alias: "s", Columns: []string{"x"}}},
		{"subquery without alias", "(SELECT 1)", &ast.SubqueryRef{Query: sub}},
		{"values", "VALUES (1, 2), (3, 4) AS v(a, b)", &ast.ValuesRef{
			Values: &ast.Values{Rows: [][]ast.Expr{{i32(1), i32(2)}, {i32(3), i32(4)}}}, Alias: "v", Columns: []string{"a", "b"},
		}},
		{"version as of", "t VERSION AS OF 3 x", &ast.TableRef{Name: ast.Name{"t"}, Alias: "x", TimeTravel: &ast.TimeTravel{Version: ptr(int64(3))}}},
		{"for system_version", "t FOR SYSTEM_VERSION AS OF 3", &ast.TableRef{Name: ast.Name{"t"}, TimeTravel: &ast.TimeTravel{Version: ptr(int64(3))}}},
		{"timestamp as of", "t TIMESTAMP AS OF '2024-01-02 03:04:05'", &ast.TableRef{Name: ast.Name{"t"},
			TimeTravel: &ast.TimeTravel{Timestamp: str("2024-01-02 03:04:05")}}},
		{"for system_time with expression", "t FOR SYSTEM_TIME AS OF current_timestamp() - 1 AS x", &ast.TableRef{Name: ast.Name{"t"}, Alias: "x",
			TimeTravel: &ast.TimeTravel{Timestamp: bin("-", call("current_timestamp"), i32(1))}}},
		{"at version", "c.s.t@v3", &ast.TableRef{Name: ast.Name{"c", "s", "t"}, TimeTravel: &ast.TimeTravel{Version: ptr(int64(3)), AtSuffix: "v3"}}},
		{"at timestamp", "c.s.t@20240102030405123 x", &ast.TableRef{Name: ast.Name{"c", "s", "t"}, Alias: "x", TimeTravel: &ast.TimeTravel{
			Timestamp: &ast.TypedLiteral{Type: value.TimestampType, Text: "2024-01-02 03:04:05.123"}, AtSuffix: "20240102030405123",
		}}},
		{"version is an alias when not followed by AS", "t version", &ast.TableRef{Name: ast.Name{"t"}, Alias: "version"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, fromOf(t, tt.from))
		})
	}
}
