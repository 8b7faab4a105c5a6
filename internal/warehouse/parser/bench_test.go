package parser

import "testing"

func BenchmarkParsePointQuery(b *testing.B) {
	const sql = "SELECT id, name, amount FROM main.sales.orders WHERE id = ?"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(sql); err != nil {
			b.Fatal(err)
		}
	}
}
