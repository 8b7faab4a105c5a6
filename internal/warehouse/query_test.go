package warehouse_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

func TestSelect(t *testing.T) {
	s := newSession(t)
	exec(t, s,
		"CREATE SCHEMA sales",
		"CREATE TABLE sales.orders (id BIGINT NOT NULL, customer STRING, amount DECIMAL(10,2), region STRING)",
		`INSERT INTO sales.orders VALUES
			(1, 'alice', 10.50, 'eu'),
			(2, 'bob', 20.00, 'us'),
			(3, 'alice', 5.25, 'eu'),
			(4, NULL, 7.00, 'us'),
			(5, 'carol', NULL, NULL)`,
		"CREATE TABLE sales.customers (name STRING, tier STRING)",
		"INSERT INTO sales.customers VALUES ('alice', 'gold'), ('bob', 'silver'), ('dave', 'bronze')",
	)
	tests := []struct {
		name string
		sql  string
		want [][]string
	}{
		{"where and order", "SELECT id FROM sales.orders WHERE amount > 6 ORDER BY id",
			[][]string{{"1"}, {"2"}, {"4"}}},
		{"order desc nulls last by default", "SELECT customer FROM sales.orders ORDER BY customer DESC",
			[][]string{{"carol"}, {"bob"}, {"alice"}, {"alice"}, {"NULL"}}},
		{"order asc nulls first by default", "SELECT customer FROM sales.orders ORDER BY customer",
			[][]string{{"NULL"}, {"alice"}, {"alice"}, {"bob"}, {"carol"}}},
		{"nulls last", "SELECT region FROM sales.orders ORDER BY region NULLS LAST, id",
			[][]string{{"eu"}, {"eu"}, {"us"}, {"us"}, {"NULL"}}},
		{"order by hidden column", "SELECT customer FROM sales.orders WHERE id < 4 ORDER BY amount",
			[][]string{{"alice"}, {"alice"}, {"bob"}}},
		{"order by alias and ordinal", "SELECT id AS k, amount FROM sales.orders WHERE id <= 3 ORDER BY 2 DESC, k",
			[][]string{{"2", "20.00"}, {"1", "10.50"}, {"3", "5.25"}}},
		{"limit offset", "SELECT id FROM sales.orders ORDER BY id LIMIT 2 OFFSET 1",
			[][]string{{"2"}, {"3"}}},
		{"distinct", "SELECT DISTINCT region FROM sales.orders ORDER BY region",
			[][]string{{"NULL"}, {"eu"}, {"us"}}},
		{"group by having", "SELECT customer, count(*), sum(amount) FROM sales.orders GROUP BY customer HAVING count(*) > 1",
			[][]string{{"alice", "2", "15.75"}}},
		{"group by nulls together", "SELECT region, count(*) AS n FROM sales.orders GROUP BY region ORDER BY n DESC, region",
			[][]string{{"eu", "2"}, {"us", "2"}, {"NULL", "1"}}},
		{"group by ordinal", "SELECT region, max(id) FROM sales.orders GROUP BY 1 ORDER BY 1",
			[][]string{{"NULL", "5"}, {"eu", "3"}, {"us", "4"}}},
		{"group by all", "SELECT region, min(id) FROM sales.orders GROUP BY ALL ORDER BY region",
			[][]string{{"NULL", "5"}, {"eu", "1"}, {"us", "2"}}},
		{"group by expression", "SELECT upper(region), count(*) FROM sales.orders WHERE region IS NOT NULL GROUP BY upper(region) ORDER BY 1",
			[][]string{{"EU", "2"}, {"US", "2"}}},
		{"aggregates over empty input", "SELECT count(*), count(amount), sum(amount), max(id) FROM sales.orders WHERE id > 100",
			[][]string{{"0", "0", "NULL", "NULL"}}},
		{"grouped empty input has no rows", "SELECT region, count(*) FROM sales.orders WHERE id > 100 GROUP BY region",
			[][]string{}},
		{"count distinct", "SELECT count(DISTINCT customer), count(customer), count(*) FROM sales.orders",
			[][]string{{"3", "4", "5"}}},
		{"avg of integral is double", "SELECT avg(id) FROM sales.orders", [][]string{{"3.0"}}},
		{"inner join", "SELECT o.id, c.tier FROM sales.orders o JOIN sales.customers c ON o.customer = c.name ORDER BY o.id",
			[][]string{{"1", "gold"}, {"2", "silver"}, {"3", "gold"}}},
		{"left join", "SELECT o.id, c.tier FROM sales.orders o LEFT JOIN sales.customers c ON o.customer = c.name ORDER BY o.id",
			[][]string{{"1", "gold"}, {"2", "silver"}, {"3", "gold"}, {"4", "NULL"}, {"5", "NULL"}}},
		{"right join", "SELECT o.id, c.name FROM sales.orders o RIGHT JOIN sales.customers c ON o.customer = c.name ORDER BY c.name, o.id",
			[][]string{{"1", "alice"}, {"3", "alice"}, {"2", "bob"}, {"NULL", "dave"}}},
		{"full join", "SELECT o.id, c.name FROM sales.orders o FULL OUTER JOIN sales.customers c ON o.customer = c.name WHERE o.id IS NULL OR c.name IS NULL ORDER BY o.id",
			[][]string{{"NULL", "dave"}, {"4", "NULL"}, {"5", "NULL"}}},
		{"cross join", "SELECT count(*) FROM sales.orders CROSS JOIN sales.customers", [][]string{{"15"}}},
		{"comma join with where", "SELECT o.id FROM sales.orders o, sales.customers c WHERE o.customer = c.name AND c.tier = 'silver'",
			[][]string{{"2"}}},
		{"non-equi join", "SELECT count(*) FROM sales.orders a JOIN sales.orders b ON a.id < b.id", [][]string{{"10"}}},
		{"semi join", "SELECT name FROM sales.customers LEFT SEMI JOIN sales.orders ON name = customer ORDER BY name",
			[][]string{{"alice"}, {"bob"}}},
		{"anti join", "SELECT name FROM sales.customers LEFT ANTI JOIN sales.orders ON name = customer",
			[][]string{{"dave"}}},
		{"join using", "SELECT * FROM (SELECT 1 AS k, 'a' AS x) JOIN (SELECT 1 AS k, 'b' AS y) USING (k)",
			[][]string{{"1", "a", "b"}}},
		{"union all", "SELECT 1 UNION ALL SELECT 1 UNION ALL SELECT 2", [][]string{{"1"}, {"1"}, {"2"}}},
		{"union distinct", "SELECT * FROM (SELECT 1 AS x UNION SELECT 1 UNION SELECT 2) ORDER BY x", [][]string{{"1"}, {"2"}}},
		{"union widens types", "SELECT 1 AS x UNION ALL SELECT 2.5 ORDER BY x", [][]string{{"1.0"}, {"2.5"}}},
		{"except", "SELECT customer FROM sales.orders EXCEPT SELECT name FROM sales.customers ORDER BY customer",
			[][]string{{"NULL"}, {"carol"}}},
		{"intersect", "SELECT customer FROM sales.orders INTERSECT SELECT name FROM sales.customers ORDER BY customer",
			[][]string{{"alice"}, {"bob"}}},
		{"intersect all", "SELECT * FROM VALUES (1), (1), (1), (2) AS t(x) INTERSECT ALL SELECT * FROM VALUES (1), (1) AS u(x)",
			[][]string{{"1"}, {"1"}}},
		{"except all", "SELECT * FROM VALUES (1), (1), (1), (2) AS t(x) EXCEPT ALL SELECT * FROM VALUES (1) AS u(x) ORDER BY x",
			[][]string{{"1"}, {"1"}, {"2"}}},
		{"cte", "WITH big AS (SELECT * FROM sales.orders WHERE amount > 8), n AS (SELECT count(*) AS c FROM big) SELECT c FROM n",
			[][]string{{"2"}}},
		{"scalar subquery", "SELECT id FROM sales.orders WHERE amount = (SELECT max(amount) FROM sales.orders)",
			[][]string{{"2"}}},
		{"in subquery", "SELECT id FROM sales.orders WHERE customer IN (SELECT name FROM sales.customers WHERE tier = 'gold') ORDER BY id",
			[][]string{{"1"}, {"3"}}},
		{"not in subquery with null is never true", "SELECT count(*) FROM sales.customers WHERE name NOT IN (SELECT customer FROM sales.orders)",
			[][]string{{"0"}}},
		{"correlated exists", "SELECT name FROM sales.customers c WHERE EXISTS (SELECT 1 FROM sales.orders o WHERE o.customer = c.name AND o.amount > 10) ORDER BY name",
			[][]string{{"alice"}, {"bob"}}},
		{"correlated not exists", "SELECT name FROM sales.customers c WHERE NOT EXISTS (SELECT 1 FROM sales.orders o WHERE o.customer = c.name)",
			[][]string{{"dave"}}},
		{"correlated scalar subquery", "SELECT name, (SELECT count(*) FROM sales.orders o WHERE o.customer = c.name) FROM sales.customers c ORDER BY name",
			[][]string{{"alice", "2"}, {"bob", "1"}, {"dave", "0"}}},
		{"derived table", "SELECT t.c FROM (SELECT customer AS c FROM sales.orders WHERE id = 2) AS t", [][]string{{"bob"}}},
		{"values", "VALUES (1, 'a'), (2, 'b')", [][]string{{"1", "a"}, {"2", "b"}}},
		{"star over duplicate names", "SELECT * FROM (SELECT o.id, c.tier AS id FROM sales.orders o JOIN sales.customers c ON o.customer = c.name WHERE o.id = 2) v",
			[][]string{{"2", "silver"}}},
		{"null-safe join key", "SELECT count(*) FROM sales.orders a JOIN sales.orders b ON a.region <=> b.region",
			[][]string{{"9"}}},
		{"star with qualifier", "SELECT c.* FROM sales.customers c WHERE tier = 'gold'", [][]string{{"alice", "gold"}}},
		{"having on an alias", "SELECT region, count(*) AS n FROM sales.orders GROUP BY region HAVING n > 1 ORDER BY region",
			[][]string{{"eu", "2"}, {"us", "2"}}},
		{"lateral column alias", "SELECT id * 2 AS twice, twice + 1 AS more FROM sales.orders WHERE id = 1", [][]string{{"2", "3"}}},
		{"select without from", "SELECT 1 + 1, 'x'", [][]string{{"2", "x"}}},
		{"case-insensitive names", "SELECT ID, Customer FROM SALES.Orders WHERE Id = 2", [][]string{{"2", "bob"}}},
		{"backtick names", "SELECT `id` FROM `main`.`sales`.`orders` WHERE `id` = 1", [][]string{{"1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, rows(t, s, tt.sql))
		})
	}
	assert.Equal(t, []string{"customer", "count(1)", "sum(amount)", "n"},
		names(t, s, "SELECT customer, count(*), sum(amount), count(id) AS n FROM sales.orders GROUP BY customer"))
	assert.Equal(t, []string{"(id + 1)", "lower(customer)"}, names(t, s, "SELECT id + 1, lower(customer) FROM sales.orders"))
}

func TestParameters(t *testing.T) {
	s := newSession(t)
	exec(t, s, "CREATE TABLE t (id BIGINT, name STRING)", "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')")
	assert.Equal(t, [][]string{{"b"}}, rows(t, s, "SELECT name FROM t WHERE id = ?", value.Int64(2)))
	assert.Equal(t, [][]string{{"a"}, {"c"}},
		rows(t, s, "SELECT name FROM t WHERE id = ? OR name = ? ORDER BY 1", value.Int64(1), value.Str("c")))
	fails(t, s, "SELECT name FROM t WHERE id = ?", "UNBOUND_SQL_PARAMETER")
}
