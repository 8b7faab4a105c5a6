package catalog_test

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ucdeploy/ucdeploy/catalog"
)

// qaHostile are parts a user may meet in real catalogs or an attacker may
// craft: quotes, backticks, dots, comments, unicode, whitespace.
var qaHostile = []string{
	"plain",
	"MixedCase",
	"sales-eu",
	"my`table",
	"``",
	"`",
	"a.b",
	"x`; DROP TABLE main.default.victim; --",
	"it's",
	`dq"uote`,
	"back\\slash",
	"semi;colon",
	"/* c */",
	"-- dash",
	"naïve_Überschrift",
	"日本語テーブル",
	"emoji🚀",
	"with space",
	" lead",
	"trail ",
	"tab\there",
	"new\nline",
	"123",
	"1abc",
	"${var}",
	"?",
	":name",
}

// Issue 4, Deliver 1: "ParseName(n.Quoted()) round-trips any name".
func TestQAParseNameRoundTripsHostileParts(t *testing.T) {
	for _, a := range qaHostile {
		for _, parts := range [][]string{{a}, {"main", a}, {a, a, a}, {"main", "default", a}} {
			n, err := catalog.NewName(parts...)
			require.NoError(t, err, "%q", parts)
			back, err := catalog.ParseName(n.Quoted())
			require.NoError(t, err, "ParseName(%q)", n.Quoted())
			assert.Equal(t, parts, back.Parts(), "quoted %q", n.Quoted())
			assert.True(t, n.Equal(back))

			// Name.String is documented for messages, and String quotes
			// parts that are not plain; it should parse back too.
			viaString, err := catalog.ParseName(n.String())
			if assert.NoError(t, err, "ParseName(String()=%q)", n.String()) {
				assert.Equal(t, parts, viaString.Parts())
			}

			// MarshalText/UnmarshalText: "names round-trip through JSON specs".
			b, err := json.Marshal(n)
			require.NoError(t, err)
			var j catalog.Name
			require.NoError(t, json.Unmarshal(b, &j), string(b))
			assert.Equal(t, parts, j.Parts())
		}
	}
}

// Issue 4, Deliver 1: Quoted "cannot change the structure of a statement":
// the quoted text must be exactly one backtick-delimited token per part.
func TestQAQuotedIsOnlyBacktickTokens(t *testing.T) {
	for _, a := range qaHostile {
		n := catalog.MustName("main", "default", a)
		q := n.Quoted()
		// Remove the three quoted tokens; nothing but two dots may remain.
		rest := q
		for i := 0; i < 3; i++ {
			require.True(t, strings.HasPrefix(rest, "`"), q)
			end := 1
			for {
				k := strings.IndexByte(rest[end:], '`')
				require.GreaterOrEqual(t, k, 0, q)
				end += k
				if end+1 < len(rest) && rest[end+1] == '`' {
					end += 2
					continue
				}
				break
			}
			rest = rest[end+1:]
			if i < 2 {
				require.True(t, strings.HasPrefix(rest, "."), q)
				rest = rest[1:]
			}
		}
		assert.Empty(t, rest, q)
		assert.Equal(t, "`"+strings.ReplaceAll(a, "`", "``")+"`", catalog.QuoteIdent(a))
	}
}

// Deliver 1: ParseName parses SQL names; the doc lists what it rejects.
func TestQAParseNameRejects(t *testing.T) {
	for _, s := range []string{
		"",
		".",
		"a.",
		".a",
		"a..b",
		"a.b.c.d",
		"`a",
		"a`",
		"`a`b`",
		"` `.``",
		" main",
		"main .x",
		"main. x",
		"main.sales; DROP TABLE x",
		"main.sales--",
		"main-sales",
		"main.`x`y",
		"\xff",
		"`\xff`",
		"main.`a`.`b`.`c`",
		"a b",
	} {
		_, err := catalog.ParseName(s)
		assert.ErrorIs(t, err, catalog.ErrInvalid, "ParseName(%q)", s)
	}
}

// Deliver 1: case-insensitive equality, and the accessor methods.
func TestQANameAccessors(t *testing.T) {
	a, err := catalog.ParseName("Main.`Sales-EU`.Orders")
	require.NoError(t, err)
	b, err := catalog.ParseName("main.`sales-eu`.ORDERS")
	require.NoError(t, err)
	assert.True(t, a.Equal(b))
	assert.False(t, a.Equal(b.Parent()))
	assert.False(t, a.Equal(catalog.MustName("main", "sales-eu", "orders2")))
	assert.Equal(t, 3, a.Len())
	assert.Equal(t, "Orders", a.Last())
	assert.Equal(t, []string{"Main", "Sales-EU"}, a.Parent().Parts())
	assert.True(t, a.Parent().Parent().Parent().IsZero())

	// Parts returns a copy.
	p := a.Parts()
	p[0] = "hacked"
	assert.Equal(t, "Main", a.Parts()[0])

	// Child.
	c, err := a.Parent().Child("x`y")
	require.NoError(t, err)
	assert.Equal(t, "`Main`.`Sales-EU`.`x``y`", c.Quoted())
	_, err = a.Child("four")
	assert.ErrorIs(t, err, catalog.ErrInvalid)
	_, err = a.Parent().Child("")
	assert.ErrorIs(t, err, catalog.ErrInvalid)

	// Zero name.
	var z catalog.Name
	assert.True(t, z.IsZero())
	assert.Equal(t, 0, z.Len())
	assert.Equal(t, "", z.Last())
	_, err = z.Child("main")
	assert.NoError(t, err, "zero name + one part is a one-part name")

	// NewName rejects.
	for _, parts := range [][]string{{}, {""}, {"a", ""}, {"a", "b", "c", "d"}, {"\xff"}} {
		_, err := catalog.NewName(parts...)
		assert.ErrorIs(t, err, catalog.ErrInvalid, "%q", parts)
	}
	assert.Panics(t, func() { catalog.MustName("") })

	// Unicode equality: Unity Catalog lower-cases names.
	assert.True(t, catalog.MustName("ÜBER").Equal(catalog.MustName("über")))
}

// Deliver 1 and STYLE "Specs are data": a Name inside a struct round-trips
// through JSON; an invalid JSON name fails with ErrInvalid.
func TestQANameJSON(t *testing.T) {
	type spec struct {
		Table catalog.Name `json:"table"`
	}
	in := spec{Table: catalog.MustName("main", "x.y", "a`b")}
	b, err := json.Marshal(in)
	require.NoError(t, err)
	assert.JSONEq(t, "{\"table\":\"`main`.`x.y`.`a``b`\"}", string(b))
	var out spec
	require.NoError(t, json.Unmarshal(b, &out))
	assert.True(t, in.Table.Equal(out.Table))

	err = json.Unmarshal([]byte(`{"table":"main.sales; DROP"}`), &out)
	assert.ErrorIs(t, err, catalog.ErrInvalid)

	// A zero Name marshals to something that does not silently read back
	// as a valid name.
	b, err = json.Marshal(spec{})
	if err == nil {
		var z spec
		err = json.Unmarshal(b, &z)
		if err == nil {
			assert.True(t, z.Table.IsZero(), "zero name round-trips as zero: %s", b)
		}
	}
}

// FuzzQAParseName: Deliver 1, "ParseName(n.Quoted()) round-trips any name".
func FuzzQAParseName(f *testing.F) {
	for _, h := range qaHostile {
		f.Add(h, "s", "t")
	}
	f.Add("0", "\xd8", "\xb0") // invalid parts whose concatenation is valid UTF-8
	f.Fuzz(func(t *testing.T, a, b, c string) {
		n, err := catalog.NewName(a, b, c)
		if a == "" || b == "" || c == "" || !utf8.ValidString(a) || !utf8.ValidString(b) || !utf8.ValidString(c) {
			if err == nil {
				t.Fatalf("NewName(%q,%q,%q) accepted an invalid part", a, b, c)
			}
			return
		}
		if err != nil {
			t.Fatalf("NewName(%q,%q,%q): %v", a, b, c, err)
		}
		back, err := catalog.ParseName(n.Quoted())
		if err != nil {
			t.Fatalf("ParseName(%q): %v", n.Quoted(), err)
		}
		got := back.Parts()
		if got[0] != a || got[1] != b || got[2] != c {
			t.Fatalf("round trip of %q gave %q", n.Quoted(), got)
		}
	})
}
