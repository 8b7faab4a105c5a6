package rollback_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/rollback"
)

func TestCheckpointJSON(t *testing.T) {
	taken := time.Date(2025, 6, 1, 12, 0, 0, 123456789, time.UTC)
	tests := []struct {
		name string
		cp   rollback.Checkpoint
		json string
	}{
		{
			name: "delta restore with names that need quoting",
			cp: rollback.Checkpoint{Kind: rollback.KindDeltaRestore, Taken: taken, Tables: []rollback.TableVersion{
				{Table: catalog.MustName("main", "sales-eu", "my`table"), Version: 3},
				{Table: catalog.MustName("main", "a.b", "zürich"), Version: 0},
			}},
			json: `{"kind":"delta-restore","taken":"2025-06-01T12:00:00.123456789Z","tables":[
				{"table":"` + "`main`.`sales-eu`.`my``table`" + `","version":3},
				{"table":"` + "`main`.`a.b`.`zürich`" + `","version":0}]}`,
		},
		{
			name: "view switch",
			cp: rollback.Checkpoint{Kind: rollback.KindViewSwitch, Taken: taken, Views: []rollback.ViewDefinition{
				{View: catalog.MustName("main", "sales", "orders"), Definition: "SELECT * FROM `main`.`sales`.`orders_blue` WHERE note = 'a\"b'"},
			}},
			json: `{"kind":"view-switch","taken":"2025-06-01T12:00:00.123456789Z","views":[
				{"view":"` + "`main`.`sales`.`orders`" + `","definition":"SELECT * FROM ` + "`main`.`sales`.`orders_blue`" + ` WHERE note = 'a\"b'"}]}`,
		},
		{
			name: "composite with a part from outside the package",
			cp: rollback.Checkpoint{Kind: rollback.KindComposite, Taken: taken, Parts: []rollback.Checkpoint{
				{Kind: rollback.KindDeltaRestore, Taken: taken, Tables: []rollback.TableVersion{{Table: catalog.MustName("c", "s", "t"), Version: 7}}},
				{Kind: "model-alias", Taken: taken, Data: map[string]string{"model": "main.ml.churn", "champion": "4"}},
			}},
			json: `{"kind":"composite","taken":"2025-06-01T12:00:00.123456789Z","parts":[
				{"kind":"delta-restore","taken":"2025-06-01T12:00:00.123456789Z","tables":[{"table":"` + "`c`.`s`.`t`" + `","version":7}]},
				{"kind":"model-alias","taken":"2025-06-01T12:00:00.123456789Z","data":{"champion":"4","model":"main.ml.churn"}}]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.cp)
			require.NoError(t, err)
			assert.JSONEq(t, tt.json, string(b))
			var got rollback.Checkpoint
			require.NoError(t, json.Unmarshal([]byte(tt.json), &got))
			assert.Equal(t, tt.cp, got)
		})
	}
}

func TestCheckpointJSONBadName(t *testing.T) {
	var cp rollback.Checkpoint
	err := json.Unmarshal([]byte(`{"kind":"delta-restore","tables":[{"table":"main..t","version":1}]}`), &cp)
	require.ErrorIs(t, err, catalog.ErrInvalid)
}
