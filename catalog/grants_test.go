package catalog

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDiffGrants(t *testing.T) {
	g := func(principal, privilege string, typ ObjectType, key string) Grant {
		return Grant{Principal: principal, Privilege: privilege, ObjectType: typ, ObjectKey: key}
	}
	tests := []struct {
		name        string
		want, got   []Grant
		wantMissing []Grant
		wantExtra   []Grant
	}{
		{name: "both empty"},
		{name: "equal",
			want: []Grant{g("analysts", "SELECT", ObjectTable, "main.s.blue")},
			got:  []Grant{g("analysts", "SELECT", ObjectTable, "main.s.green")},
		},
		{name: "inherited counts as granted",
			want: []Grant{g("analysts", "SELECT", ObjectTable, "main.s.blue")},
			got:  []Grant{g("analysts", "SELECT", ObjectSchema, "main.s")},
		},
		{name: "privilege case ignored",
			want: []Grant{g("analysts", "USE SCHEMA", ObjectSchema, "main.s")},
			got:  []Grant{g("analysts", "use schema", ObjectSchema, "main.s")},
		},
		{name: "principal case matters",
			want:        []Grant{g("Analysts", "SELECT", ObjectTable, "t")},
			got:         []Grant{g("analysts", "SELECT", ObjectTable, "t")},
			wantMissing: []Grant{g("Analysts", "SELECT", ObjectTable, "t")},
			wantExtra:   []Grant{g("analysts", "SELECT", ObjectTable, "t")},
		},
		{name: "missing and extra, sorted and once each",
			want: []Grant{
				g("svc", "MODIFY", ObjectTable, "blue"),
				g("analysts", "SELECT", ObjectTable, "blue"),
				g("analysts", "SELECT", ObjectSchema, "main.s"),
				g("bi", "SELECT", ObjectTable, "blue"),
			},
			got: []Grant{
				g("bi", "SELECT", ObjectTable, "green"),
				g("intern", "SELECT", ObjectTable, "green"),
			},
			wantMissing: []Grant{
				g("analysts", "SELECT", ObjectTable, "blue"),
				g("svc", "MODIFY", ObjectTable, "blue"),
			},
			wantExtra: []Grant{g("intern", "SELECT", ObjectTable, "green")},
		},
		{name: "got nil",
			want:        []Grant{g("b", "SELECT", ObjectView, "v"), g("a", "SELECT", ObjectView, "v")},
			wantMissing: []Grant{g("a", "SELECT", ObjectView, "v"), g("b", "SELECT", ObjectView, "v")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			missing, extra := DiffGrants(tt.want, tt.got)
			assert.Equal(t, tt.wantMissing, missing)
			assert.Equal(t, tt.wantExtra, extra)
		})
	}
}
