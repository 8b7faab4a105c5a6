package catalog

import (
	"cmp"
	"context"
	"slices"
	"strings"
)

// ObjectType is the kind of a Unity Catalog securable, spelled as in SQL
// (GRANT … ON <type> name) and in SHOW GRANTS' objectType column.
type ObjectType string

// The securable kinds Grants accepts.
const (
	ObjectCatalog ObjectType = "CATALOG" // a catalog: one-part name
	ObjectSchema  ObjectType = "SCHEMA"  // a schema: catalog.schema
	ObjectTable   ObjectType = "TABLE"   // a table: catalog.schema.table
	ObjectView    ObjectType = "VIEW"    // a view: catalog.schema.view
)

// parts returns the number of name parts a securable of type t has, or 0
// for a type Grants does not accept.
func (t ObjectType) parts() int {
	switch t {
	case ObjectCatalog:
		return catalogParts
	case ObjectSchema:
		return schemaParts
	case ObjectTable, ObjectView:
		return tableParts
	}
	return 0
}

// Securable is an object privileges are granted on.
type Securable struct {
	// Type is the kind of object.
	Type ObjectType
	// Name is its fully qualified name.
	Name Name
}

// Grant is a privilege a principal holds on an object: a row of SHOW GRANTS.
type Grant struct {
	// Principal is the user (e-mail), group or service principal
	// (application id).
	Principal string
	// Privilege is the privilege in SQL spelling, e.g. "SELECT",
	// "USE SCHEMA", "ALL PRIVILEGES" (SHOW GRANTS' actionType).
	Privilege string
	// ObjectType and ObjectKey say where the grant lives: the object
	// itself or, for inherited privileges, a parent (ObjectKey is its
	// name as SHOW GRANTS prints it, e.g. "main.sales"). An objectType of
	// DATABASE, the legacy spelling, is reported as ObjectSchema.
	ObjectType ObjectType
	ObjectKey  string
}

// Grants returns the privileges that affect the securable s, as SHOW GRANTS
// reports them: those granted on it and those inherited from its catalog
// and schema. It fails with ErrInvalid for a type other than the Object
// constants or a name with the wrong number of parts, ErrNotFound if the
// object does not exist, and ErrPermission unless the caller owns or
// manages it.
func (c *Client) Grants(ctx context.Context, s Securable) ([]Grant, error) {
	const op = "grants"
	n := s.Type.parts()
	if n == 0 {
		return nil, invalid(op, s.Name, "unsupported securable type "+string(s.Type))
	}
	if err := checkName(op, s.Name, n); err != nil {
		return nil, err
	}
	rs, err := c.query(ctx, op, s.Name, "SHOW GRANTS ON "+string(s.Type)+" "+s.Name.Quoted())
	if err != nil {
		return nil, err
	}
	idx, err := rs.cols("principal", "actionType", "objectType", "objectKey")
	if err != nil {
		return nil, &Error{Op: op, Name: s.Name, Err: err}
	}
	out := make([]Grant, len(rs.rows))
	for i, row := range rs.rows {
		typ := ObjectType(strings.ToUpper(asString(row[idx[2]])))
		if typ == "DATABASE" { // the legacy name some runtimes report
			typ = ObjectSchema
		}
		out[i] = Grant{
			Principal:  asString(row[idx[0]]),
			Privilege:  asString(row[idx[1]]),
			ObjectType: typ,
			ObjectKey:  asString(row[idx[3]]),
		}
	}
	return out, nil
}

// DiffGrants compares two sets of grants as (principal, privilege) pairs,
// ignoring where each grant lives (ObjectType, ObjectKey): a privilege
// inherited from a schema counts the same as one granted on the table.
// Principals compare exactly, privileges ignoring case. missing holds the
// pairs of want that got lacks, extra those of got that want lacks, each
// once (the first grant with that pair), sorted by principal and
// privilege. Typical use: want is the grants of the stable table, got those
// of its replacement; GRANT the missing ones before switching consumers.
func DiffGrants(want, got []Grant) (missing, extra []Grant) {
	return minus(want, got), minus(got, want)
}

type grantKey struct{ principal, privilege string }

func keyOf(g Grant) grantKey {
	return grantKey{g.Principal, strings.ToUpper(g.Privilege)}
}

// minus returns the grants of a whose key is not in b, once per key,
// sorted.
func minus(a, b []Grant) []Grant {
	in := make(map[grantKey]bool, len(b))
	for _, g := range b {
		in[keyOf(g)] = true
	}
	var out []Grant
	for _, g := range a {
		k := keyOf(g)
		if !in[k] {
			in[k] = true // once per key
			out = append(out, g)
		}
	}
	slices.SortStableFunc(out, func(x, y Grant) int {
		kx, ky := keyOf(x), keyOf(y)
		return cmp.Or(cmp.Compare(kx.principal, ky.principal), cmp.Compare(kx.privilege, ky.privilege))
	})
	return out
}
