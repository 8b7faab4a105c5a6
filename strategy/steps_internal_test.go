package strategy

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestBlueOf(t *testing.T) {
	tests := []struct {
		def  string
		want string // "" for none
	}{
		{"SELECT * FROM `production`.`sales`.`orders_v1`", "production.sales.orders_v1"},
		{"select *\n  from production.sales.orders_v1 ;", "production.sales.orders_v1"},
		{"SELECT * FROM `prod-eu`.sales.`orders``v2`", "`prod-eu`.sales.`orders``v2`"},
		{"SELECT * FROM sales.orders_v1", ""},                            // resolved against the view's catalog
		{"SELECT id, amount FROM production.sales.orders_v1", ""},        // not the whole table
		{"SELECT * FROM production.sales.orders_v1 WHERE id > 0", ""},    // filtered
		{"SELECT * FROM production.sales.a JOIN production.sales.b", ""}, // two tables
		{"", ""},
	}
	for _, tc := range tests {
		got := blueOf(tc.def)
		if tc.want == "" {
			assert.True(t, got.IsZero(), "%q gave %s", tc.def, got)
			continue
		}
		assert.Equal(t, tc.want, got.String(), tc.def)
	}
}
