package warehouse_test

import (
	"context"
	"errors"
	"testing"

	"github.com/ucdeploy/ucdeploy/internal/warehouse"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
)

// FuzzExecute runs arbitrary statements against a small database: each must
// succeed or fail with a Databricks error class, never with the engine's
// INTERNAL_ERROR (a recovered panic or a broken invariant).
func FuzzExecute(f *testing.F) {
	for _, s := range []string{
		"SELECT * FROM t WHERE id = 1",
		"SELECT id, count(*) FROM t GROUP BY id HAVING count(*) > 0 ORDER BY 2 DESC",
		"SELECT a.id, b.v FROM t a JOIN t b ON a.id = b.id AND a.v <> b.v",
		"SELECT * FROM t a, t b WHERE a.id = b.id",
		"SELECT v FROM t UNION SELECT 'x' EXCEPT SELECT NULL",
		"WITH c AS (SELECT id FROM t) SELECT (SELECT max(id) FROM c), EXISTS (SELECT 1 FROM c WHERE c.id = 2)",
		"SELECT CASE WHEN id > 1 THEN v ELSE NULL END, coalesce(v, 'z'), if(id = 0, 1 / 0, 2) FROM t",
		"SELECT hash(v, id), xxhash64(id), pmod(hash(id), 100) FROM t",
		"INSERT INTO t VALUES (9, 'nine')",
		"UPDATE t SET v = upper(v) WHERE id > 1",
		"DELETE FROM t WHERE v IS NULL",
		"MERGE INTO t USING (SELECT 1 AS id, 'm' AS v) s ON t.id = s.id WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *",
		"SELECT * FROM t VERSION AS OF 0",
		"DESCRIBE HISTORY t",
		"RESTORE TABLE t TO VERSION AS OF 0",
		"CREATE OR REPLACE VIEW w AS SELECT id FROM t",
		"SELECT percentile(id, 0.5), stddev(id), approx_count_distinct(v) FROM t",
		"SELECT id FROM t ORDER BY v NULLS LAST LIMIT 2 OFFSET 1",
		"SELECT DISTINCT v FROM t WHERE v LIKE 'a%' OR v RLIKE '^b'",
		"SELECT CAST(v AS INT), TRY_CAST(v AS DATE), date_add(DATE '2024-01-01', id) FROM t",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		s := warehouse.New(nil).NewSession("")
		ctx := context.Background()
		for _, q := range []string{"CREATE TABLE t (id INT, v STRING)", "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, NULL)"} {
			if _, err := s.Execute(ctx, q, warehouse.Params{}); err != nil {
				t.Fatal(err)
			}
		}
		_, err := s.Execute(ctx, sql, warehouse.Params{})
		if err == nil {
			return
		}
		var e *errclass.Error
		if !errors.As(err, &e) {
			t.Fatalf("%q: error %T %v is not a Databricks error", sql, err, err)
		}
		if e.Class == "INTERNAL_ERROR" {
			t.Fatalf("%q: %v", sql, err)
		}
	})
}
