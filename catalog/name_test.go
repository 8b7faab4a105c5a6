package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/databrickstest"
)

func TestParseName(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []string
		wantErr error
	}{
		{name: "one part", in: "main", want: []string{"main"}},
		{name: "three parts", in: "main.sales.orders", want: []string{"main", "sales", "orders"}},
		{name: "quoted with dot", in: "main.`a.b`", want: []string{"main", "a.b"}},
		{name: "doubled backtick", in: "`my``table`", want: []string{"my`table"}},
		{name: "only backticks", in: "``````", want: []string{"``"}},
		{name: "quoted spaces and symbols", in: "`a b`.`x; DROP TABLE t --`", want: []string{"a b", "x; DROP TABLE t --"}},
		{name: "unicode", in: "`ünï`.`日本`", want: []string{"ünï", "日本"}},
		{name: "leading digit", in: "1abc", want: []string{"1abc"}},
		{name: "mixed", in: "c.`s-1`.t_2", want: []string{"c", "s-1", "t_2"}},
		{name: "empty", in: "", wantErr: ErrInvalid},
		{name: "four parts", in: "a.b.c.d", wantErr: ErrInvalid},
		{name: "empty part", in: "a..b", wantErr: ErrInvalid},
		{name: "trailing dot", in: "a.", wantErr: ErrInvalid},
		{name: "leading dot", in: ".a", wantErr: ErrInvalid},
		{name: "empty quoted", in: "``", wantErr: ErrInvalid},
		{name: "unclosed", in: "`abc", wantErr: ErrInvalid},
		{name: "odd backticks", in: "`a`b`", wantErr: ErrInvalid},
		{name: "space", in: "a b", wantErr: ErrInvalid},
		{name: "space around dot", in: "a . b", wantErr: ErrInvalid},
		{name: "hyphen unquoted", in: "a-b", wantErr: ErrInvalid},
		{name: "semicolon", in: "a;DROP", wantErr: ErrInvalid},
		{name: "quote", in: "a'b", wantErr: ErrInvalid},
		{name: "invalid utf8", in: "`a\xffb`", wantErr: ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := ParseName(tt.in)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				assert.True(t, n.IsZero())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, n.Parts())
		})
	}
}

func TestNewName(t *testing.T) {
	tests := []struct {
		name    string
		parts   []string
		wantErr error
	}{
		{name: "one", parts: []string{"a"}},
		{name: "three", parts: []string{"a", "b", "c"}},
		{name: "any characters", parts: []string{"a.b", "`", "x; DROP TABLE y --\n"}},
		{name: "none", parts: nil, wantErr: ErrInvalid},
		{name: "four", parts: []string{"a", "b", "c", "d"}, wantErr: ErrInvalid},
		{name: "empty part", parts: []string{"a", ""}, wantErr: ErrInvalid},
		{name: "invalid utf8", parts: []string{"a", "\xc3"}, wantErr: ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := NewName(tt.parts...)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.parts, n.Parts())
		})
	}
	assert.Panics(t, func() { MustName() })
}

func TestNameRendering(t *testing.T) {
	tests := []struct {
		name       string
		parts      []string
		wantQuoted string
		wantString string
	}{
		{name: "plain", parts: []string{"main", "sales", "orders"}, wantQuoted: "`main`.`sales`.`orders`", wantString: "main.sales.orders"},
		{name: "backtick", parts: []string{"my`table"}, wantQuoted: "`my``table`", wantString: "`my``table`"},
		{name: "dot in part", parts: []string{"main", "a.b"}, wantQuoted: "`main`.`a.b`", wantString: "main.`a.b`"},
		{name: "leading digit", parts: []string{"1e5"}, wantQuoted: "`1e5`", wantString: "`1e5`"},
		{name: "hostile", parts: []string{"x`; DROP TABLE t; --"}, wantQuoted: "`x``; DROP TABLE t; --`", wantString: "`x``; DROP TABLE t; --`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := MustName(tt.parts...)
			assert.Equal(t, tt.wantQuoted, n.Quoted())
			assert.Equal(t, tt.wantString, n.String())
			back, err := ParseName(n.String())
			require.NoError(t, err)
			assert.Equal(t, tt.parts, back.Parts())
		})
	}
	assert.Equal(t, "``", QuoteIdent(""))
	assert.Equal(t, "````````", QuoteIdent("```"))
}

func TestNameStructure(t *testing.T) {
	n := MustName("Main", "Sales", "Orders")
	assert.Equal(t, 3, n.Len())
	assert.Equal(t, "Orders", n.Last())
	assert.True(t, n.Parent().Equal(MustName("main", "sales")))
	assert.Equal(t, 0, MustName("a").Parent().Len())
	assert.Equal(t, "", Name{}.Last())

	child, err := MustName("main", "sales").Child("orders")
	require.NoError(t, err)
	assert.Equal(t, "`main`.`sales`.`orders`", child.Quoted())
	_, err = n.Child("x")
	assert.ErrorIs(t, err, ErrInvalid)

	// Parts returns a copy: changing it does not change the name.
	p := n.Parts()
	p[0] = "other"
	assert.Equal(t, "Main", n.Parts()[0])
	// Parent does not share storage that Child could overwrite.
	parent := n.Parent()
	_, _ = parent.Child("x")
	assert.Equal(t, "Orders", n.Last())
}

func TestNameEqual(t *testing.T) {
	tests := []struct {
		name string
		a, b Name
		want bool
	}{
		{name: "same", a: MustName("a", "b"), b: MustName("a", "b"), want: true},
		{name: "case", a: MustName("Main", "SALES"), b: MustName("main", "sales"), want: true},
		{name: "unicode case", a: MustName("ÄBC"), b: MustName("äbc"), want: true},
		{name: "different part", a: MustName("a", "b"), b: MustName("a", "c")},
		{name: "different length", a: MustName("a", "b"), b: MustName("a", "b", "c")},
		{name: "zero and zero", a: Name{}, b: Name{}, want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.a.Equal(tt.b))
			assert.Equal(t, tt.want, tt.b.Equal(tt.a))
		})
	}
}

func TestNameJSON(t *testing.T) {
	type spec struct {
		Table Name `json:"table"`
	}
	in := spec{Table: MustName("main", "a.b", "x`y")}
	b, err := json.Marshal(in)
	require.NoError(t, err)
	assert.JSONEq(t, "{\"table\":\"`main`.`a.b`.`x``y`\"}", string(b))
	var out spec
	require.NoError(t, json.Unmarshal(b, &out))
	assert.Equal(t, in.Table.Parts(), out.Table.Parts())

	err = json.Unmarshal([]byte(`{"table":"a b"}`), &out)
	assert.ErrorIs(t, err, ErrInvalid)
	_, err = json.Marshal(spec{})
	assert.Error(t, err)
}

// FuzzParseName checks that every parsed name round-trips through Quoted
// and String, that names built from arbitrary parts round-trip through
// Quoted, and that a statement built from a quoted name reaches the
// warehouse as exactly that name: the fake either finds the relation or
// reports it missing, naming the same parts, and never fails to parse.
func FuzzParseName(f *testing.F) {
	for _, s := range []string{
		"main", "main.sales.orders", "`a``b`.c", "`x; DROP TABLE t; --`", "a.`b.c`", "`\n`", "``````",
		"`'`", "`\"`", "`--`", "`/*`", "`\\`", "`é`", "a..b", "`", "a.b.c.d", "1e5", "`a`b`",
	} {
		f.Add(s)
	}
	w := databrickstest.New(nil)
	f.Cleanup(func() { _ = w.Close() })
	db := w.DB()
	f.Fuzz(func(t *testing.T, s string) {
		if n, err := ParseName(s); err == nil {
			for _, text := range []string{n.Quoted(), n.String()} {
				back, err := ParseName(text)
				require.NoError(t, err, "parse %q", text)
				require.Equal(t, n.Parts(), back.Parts(), "round trip of %q via %q", s, text)
			}
		} else {
			require.ErrorIs(t, err, ErrInvalid)
		}

		// The input split at dots (or at "|" when it has none) as raw parts.
		sep := "."
		if !strings.Contains(s, ".") {
			sep = "|"
		}
		n, err := NewName(strings.SplitN(s, sep, 3)...)
		if err != nil {
			require.ErrorIs(t, err, ErrInvalid)
			return
		}
		back, err := ParseName(n.Quoted())
		require.NoError(t, err, "parse %q", n.Quoted())
		require.Equal(t, n.Parts(), back.Parts())

		rows, err := db.QueryContext(context.Background(), "DESCRIBE TABLE "+n.Quoted())
		if err == nil {
			_ = rows.Close()
			return // an existing relation, such as information_schema.tables
		}
		var we *databrickstest.Error
		require.True(t, errors.As(err, &we), "%v", err)
		require.Equal(t, "TABLE_OR_VIEW_NOT_FOUND", we.Class, "DESCRIBE TABLE %s: %v", n.Quoted(), err)
		require.Contains(t, strings.ToLower(we.Message), strings.ToLower(n.Quoted()))
	})
}
