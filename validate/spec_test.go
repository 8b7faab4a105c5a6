package validate_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/catalog"
	"github.com/ucdeploy/ucdeploy/validate"
)

func TestPairValidate(t *testing.T) {
	green := catalog.MustName("main", "s", "g")
	tests := []struct {
		name    string
		pair    validate.Pair
		wantErr []string // substrings; nil means valid
	}{
		{"valid", validate.Pair{Green: green, Checks: validate.Checks{validate.RowCount{MaxRelDiff: 0.01}}}, nil},
		{"no green, no checks", validate.Pair{Name: "p"}, []string{"green table is required", "no checks"}},
		{"every problem at once", validate.Pair{Green: green, Checks: validate.Checks{
			validate.RowCount{MaxRelDiff: -1},
			validate.NullFraction{Max: 2},
			validate.Range{Column: "a", MaxRelDiff: -0.1},
			validate.Unique{Columns: []string{"a", "A"}},
			validate.Freshness{Column: "t"},
			validate.DistinctCount{},
			validate.Mean{Column: "x", MaxAbsDiff: -1},
			validate.Sum{},
			validate.Assertion{SQL: " ; "},
			validate.KeyDiff{Changed: map[string]validate.Budget{"": {}}},
			validate.KeyDiff{Keys: []string{"id"}, Changed: map[string]validate.Budget{"id": {MaxRows: -1}}},
			nil,
		}}, []string{
			"row_count: invalid: maxRelDiff and maxAbsDiff must be non-negative",
			"null_fraction(): invalid: column is required; max and maxIncrease must be fractions in [0, 1]",
			"range(a): invalid: maxRelDiff must be non-negative",
			"unique(a,A): invalid: column `A` listed twice",
			"freshness(t): invalid: maxAge must be positive",
			"distinct_count(): invalid: column is required",
			"mean(x): invalid: maxRelDiff and maxAbsDiff must be non-negative",
			"sum(): invalid: column is required",
			"assertion: invalid: sql is required",
			"key_diff(): invalid: at least one key column is required; changed: empty column name",
			"changed: `id` is a key column; changed: budget of `id` must be non-negative",
			"check 11: invalid: nil check",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.pair.Validate()
			if tt.wantErr == nil {
				assert.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, validate.ErrInvalid)
			require.ErrorIs(t, err, catalog.ErrInvalid)
			for _, s := range tt.wantErr {
				assert.Contains(t, err.Error(), s)
			}
		})
	}
}

func TestRunRejectsBadSpecsBeforeAnyStatement(t *testing.T) {
	e := newFakeEnv(t)
	e.fake.ResetStatements()
	report, err := validate.Run(context.Background(), e.db, []validate.Pair{
		{Green: e.name("t"), Checks: validate.Checks{validate.NullFraction{}}},
		{Green: e.name("u")},
	}, nil)
	require.ErrorIs(t, err, validate.ErrInvalid)
	assert.Contains(t, err.Error(), "column is required")
	assert.Contains(t, err.Error(), "no checks")
	assert.Nil(t, report)
	assert.Empty(t, e.fake.Statements())

	_, err = validate.Run(context.Background(), nil, nil, nil)
	assert.ErrorIs(t, err, validate.ErrInvalid)
}

// allKinds is one check of each built-in kind, with every field set.
var allKinds = validate.Checks{
	validate.RowCount{Policy: validate.Policy{Name: "rows", Critical: true, MustHaveData: true}, MaxRelDiff: 0.01, MaxAbsDiff: 5},
	validate.Schema{AllowAddedColumns: true, AllowWidening: true},
	validate.NullFraction{Column: "a", Max: 0.1, MaxIncrease: 0.01},
	validate.Range{Column: "a", Min: "0", Max: "2024-01-01", MaxRelDiff: 0.1},
	validate.Unique{Columns: []string{"a", "b"}, MaxDuplicates: 1},
	validate.Freshness{Column: "t", MaxAge: validate.Duration(90 * time.Minute)},
	validate.DistinctCount{Column: "a", MaxRelDiff: 0.1, MaxAbsDiff: 2, Approx: true},
	validate.Mean{Column: "a", MaxRelDiff: 0.1, MaxAbsDiff: 0.5},
	validate.Sum{Column: "a", MaxRelDiff: 0.1, MaxAbsDiff: 0.5},
	validate.Assertion{SQL: "SELECT * FROM {{green}} WHERE a < 0", MaxViolations: 3, SampleSize: 10},
	validate.KeyDiff{Keys: []string{"id"}, Added: validate.Budget{Unlimited: true}, Removed: validate.Budget{MaxRows: 1},
		Changed: map[string]validate.Budget{"a": {MaxFraction: 0.005}}},
}

func TestChecksJSON(t *testing.T) {
	pair := validate.Pair{Name: "orders", Blue: catalog.MustName("c", "s", "b"), Green: catalog.MustName("c", "s", "g`x"), Checks: allKinds}
	b, err := json.Marshal(pair)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"checks":[{"kind":"rowCount","name":"rows","critical":true,"mustHaveData":true,"maxRelDiff":0.01,"maxAbsDiff":5},{"kind":"schema",`)
	assert.Contains(t, string(b), `"maxAge":"1h30m0s"`)
	assert.Contains(t, string(b), `"green":"`+"`c`.`s`.`g``x`"+`"`)
	var back validate.Pair
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, pair.Name, back.Name)
	assert.True(t, pair.Green.Equal(back.Green))
	assert.Equal(t, pair.Checks, back.Checks)

	var noBlue validate.Pair
	require.NoError(t, json.Unmarshal([]byte(`{"green":"c.s.g","checks":[{"kind":"schema"}]}`), &noBlue))
	assert.True(t, noBlue.Blue.IsZero())
	assert.Equal(t, validate.Checks{validate.Schema{}}, noBlue.Checks)
	b, err = json.Marshal(noBlue)
	require.NoError(t, err)
	assert.JSONEq(t, "{\"green\":\"`c`.`s`.`g`\",\"checks\":[{\"kind\":\"schema\"}]}", string(b))
}

func TestChecksJSONErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"unknown kind", `[{"kind":"rowcount"}]`, `unknown kind "rowcount"`},
		{"missing kind", `[{"maxRelDiff":1}]`, `missing "kind"`},
		{"unknown field", `[{"kind":"rowCount","maxRelDif":1}]`, `unknown field "maxRelDif"`},
		{"wrong type", `[{"kind":"unique","columns":"id"}]`, `check 0 (unique)`},
		{"bad duration", `[{"kind":"freshness","column":"t","maxAge":"soon"}]`, `duration "soon"`},
		{"not a list", `{"kind":"schema"}`, `validate: checks`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var cs validate.Checks
			err := json.Unmarshal([]byte(tt.in), &cs)
			require.ErrorIs(t, err, validate.ErrInvalid)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	_, err := json.Marshal(validate.Checks{noNegativeAmounts{}})
	require.Error(t, err)
	assert.True(t, errors.Is(err, validate.ErrInvalid))
}

func FuzzChecksJSON(f *testing.F) {
	b, err := json.Marshal(allKinds)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(b))
	f.Add(`[{"kind":"keyDiff","keys":["id"],"changed":{"a":{"unlimited":true}}}]`)
	f.Add(`[{"kind":"range","column":"a","min":"x"}]`)
	f.Add(`[null]`)
	f.Fuzz(func(t *testing.T, in string) {
		var cs validate.Checks
		if err := json.Unmarshal([]byte(in), &cs); err != nil {
			return
		}
		for _, c := range cs {
			if sv, ok := c.(validate.SpecValidator); ok {
				_ = sv.ValidateSpec()
			}
		}
		out, err := json.Marshal(cs)
		if err != nil {
			t.Fatalf("marshal %q: %v", in, err)
		}
		var again validate.Checks
		if err := json.Unmarshal(out, &again); err != nil {
			t.Fatalf("unmarshal %s: %v", out, err)
		}
		if len(again) != len(cs) {
			t.Fatalf("round trip of %q: %d checks, want %d", in, len(again), len(cs))
		}
	})
}
