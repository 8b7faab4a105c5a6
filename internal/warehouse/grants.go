package warehouse

import (
	"sort"
	"strings"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/ast"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// grantSet holds the privileges granted on one securable: principal →
// privilege names (upper case, single spaces).
type grantSet map[string]map[string]bool

func (g grantSet) has(principal, priv string) bool {
	p := g[principal]
	return p[priv] || p["ALL PRIVILEGES"]
}

// Privileges that each securable accepts in GRANT (spec §6.3).
var validPrivileges = map[string][]string{
	"METASTORE": {"CREATE CATALOG", "USE CATALOG", "MANAGE"},
	"CATALOG": {"USE CATALOG", "USE SCHEMA", "SELECT", "MODIFY", "CREATE SCHEMA", "CREATE TABLE", "CREATE FUNCTION",
		"EXECUTE", "CREATE VOLUME", "READ VOLUME", "WRITE VOLUME", "CREATE MODEL", "CREATE MATERIALIZED VIEW",
		"REFRESH", "APPLY TAG", "BROWSE", "MANAGE", "ALL PRIVILEGES"},
	"SCHEMA": {"USE SCHEMA", "SELECT", "MODIFY", "CREATE TABLE", "CREATE FUNCTION", "EXECUTE", "CREATE VOLUME",
		"READ VOLUME", "WRITE VOLUME", "CREATE MODEL", "CREATE MATERIALIZED VIEW", "REFRESH", "APPLY TAG", "BROWSE",
		"MANAGE", "ALL PRIVILEGES"},
	"TABLE": {"SELECT", "MODIFY", "REFRESH", "APPLY TAG", "BROWSE", "MANAGE", "ALL PRIVILEGES"},
	"VIEW":  {"SELECT", "APPLY TAG", "BROWSE", "MANAGE", "ALL PRIVILEGES"},
}

// securableRef is a resolved securable.
type securableRef struct {
	kind string // CATALOG, SCHEMA, TABLE, VIEW, METASTORE
	cat  *catalogObj
	sch  *schemaObj
	rel  *relation
}

func (s securableRef) grants() *grantSet {
	switch {
	case s.rel != nil:
		return &s.rel.grants
	case s.sch != nil:
		return &s.sch.grants
	case s.cat != nil:
		return &s.cat.grants
	}
	return nil
}

func (s securableRef) owner() string {
	switch {
	case s.rel != nil:
		return s.rel.owner
	case s.sch != nil:
		return s.sch.owner
	case s.cat != nil:
		return s.cat.owner
	}
	return ""
}

func (s securableRef) key() string {
	switch {
	case s.rel != nil:
		return strings.Join(s.rel.fullName(), ".")
	case s.sch != nil:
		return s.sch.catalog.name + "." + s.sch.name
	case s.cat != nil:
		return s.cat.name
	}
	return ""
}

// typeName is how permission errors name the securable's type.
func (s securableRef) typeName() string {
	switch s.kind {
	case "CATALOG":
		return "Catalog"
	case "SCHEMA":
		return "Schema"
	case "VIEW":
		return "View"
	case "METASTORE":
		return "Metastore"
	}
	return "Table"
}

func relRef(r *relation) securableRef {
	kind := "TABLE"
	if r.kind == kindView {
		kind = "VIEW"
	}
	return securableRef{kind: kind, cat: r.schema.catalog, sch: r.schema, rel: r}
}

// ---------------------------------------------------------------- checks

// can reports whether principal holds priv on s: as its owner, or granted on
// s or on one of its parents (privileges are inherited downwards).
func (x *execution) can(principal, priv string, s securableRef) bool {
	if principal == x.s.engine.admin || s.owner() == principal {
		return true
	}
	if s.rel != nil && s.rel.grants.has(principal, priv) {
		return true
	}
	if s.sch != nil && s.sch.grants.has(principal, priv) {
		return true
	}
	return s.cat != nil && s.cat.grants.has(principal, priv)
}

func denied(priv string, s securableRef) error {
	return errclass.New("INSUFFICIENT_PERMISSIONS", "Insufficient privileges:\nUser does not have %s on %s '%s'.", priv, s.typeName(), s.key())
}

// requireUse checks USE CATALOG and USE SCHEMA, which every access to an
// object inside them needs (owners of the catalog or schema have them).
func (x *execution) requireUse(principal string, c *catalogObj, so *schemaObj) error {
	cs := securableRef{kind: "CATALOG", cat: c}
	if !x.can(principal, "USE CATALOG", cs) {
		return denied("USE CATALOG", cs)
	}
	if so == nil {
		return nil
	}
	ss := securableRef{kind: "SCHEMA", cat: c, sch: so}
	if !x.can(principal, "USE SCHEMA", ss) {
		return denied("USE SCHEMA", ss)
	}
	return nil
}

// requireOn checks the parents' USE privileges and priv on a table or view.
func (x *execution) requireOn(principal, priv string, r *relation) error {
	if err := x.requireUse(principal, r.schema.catalog, r.schema); err != nil {
		return err
	}
	ref := relRef(r)
	if !x.can(principal, priv, ref) {
		return denied(priv, ref)
	}
	return nil
}

// requireCreate checks what creating an object in schema so needs.
func (x *execution) requireCreate(so *schemaObj) error {
	p := x.s.principal
	if err := x.requireUse(p, so.catalog, so); err != nil {
		return err
	}
	ref := securableRef{kind: "SCHEMA", cat: so.catalog, sch: so}
	if !x.can(p, "CREATE TABLE", ref) {
		return denied("CREATE TABLE", ref)
	}
	return nil
}

// requireOwner checks that the session's principal owns r (or is admin).
func (x *execution) requireOwner(r *relation) error {
	return x.requireOwnerOf(relRef(r), false)
}

// requireOwnerOf checks ownership of a securable; manageOK lets MANAGE
// stand in for ownership (DROP, RENAME).
func (x *execution) requireOwnerOf(s securableRef, manageOK bool) error {
	p := x.s.principal
	if p == x.s.engine.admin || s.owner() == p {
		return nil
	}
	if manageOK && x.can(p, "MANAGE", s) {
		return nil
	}
	// For DROP and RENAME, the owners of the containing schema and catalog
	// count as well.
	if manageOK && ((s.rel != nil && s.sch.owner == p) || (s.kind != "CATALOG" && s.cat != nil && s.cat.owner == p)) {
		return nil
	}
	return errclass.New("INSUFFICIENT_PERMISSIONS", "Insufficient privileges:\nUser is not an owner of %s '%s'.", s.typeName(), s.key())
}

// canSee reports whether principal may see an object in listings and
// information_schema: admin, owner, any privilege on the object itself, or
// a privilege inherited from a parent that applies to objects of its kind
// (SELECT on a schema shows its tables; USE SCHEMA on it does not).
func (x *execution) canSee(principal string, s securableRef) bool {
	if principal == x.s.engine.admin || s.owner() == principal {
		return true
	}
	own := s.grants()
	if own != nil && len((*own)[principal]) > 0 {
		return true
	}
	applies := map[string]bool{}
	for _, p := range validPrivileges[s.kind] {
		applies[p] = p != "USE CATALOG"
	}
	var parents []grantSet
	switch s.kind {
	case "TABLE", "VIEW":
		parents = []grantSet{schGrants(s.sch), catGrants(s.cat)}
	case "SCHEMA":
		parents = []grantSet{catGrants(s.cat)}
	}
	for _, g := range parents {
		for priv := range g[principal] {
			if applies[priv] {
				return true
			}
		}
	}
	return false
}

func schGrants(s *schemaObj) grantSet {
	if s == nil {
		return nil
	}
	return s.grants
}

func catGrants(c *catalogObj) grantSet {
	if c == nil {
		return nil
	}
	return c.grants
}

// ---------------------------------------------------------------- statements

// resolveSecurable looks up the object of GRANT, REVOKE, SHOW GRANTS and
// OWNER TO; the caller holds the lock.
func (x *execution) resolveSecurable(s ast.Securable) (securableRef, error) {
	switch s.Kind {
	case "METASTORE":
		return securableRef{kind: "METASTORE"}, nil
	case "CATALOG":
		name := x.s.catalog
		if len(s.Name) > 0 {
			name = s.Name[len(s.Name)-1]
		}
		c, err := x.m.catalog(name)
		if err != nil {
			return securableRef{}, err
		}
		return securableRef{kind: "CATALOG", cat: c}, nil
	case "SCHEMA":
		so, err := x.m.schema(x.s, s.Name)
		if err != nil {
			return securableRef{}, err
		}
		return securableRef{kind: "SCHEMA", cat: so.catalog, sch: so}, nil
	}
	r, _, err := x.m.relationFor(x.s, s.Name)
	if err != nil {
		return securableRef{}, err
	}
	if r == nil {
		return securableRef{}, errTableNotFound(s.Name)
	}
	return relRef(r), nil
}

// normalisePrivileges validates privileges for a securable and maps legacy
// spellings (USAGE → USE CATALOG / USE SCHEMA, ALL → ALL PRIVILEGES).
func normalisePrivileges(privs []string, s securableRef) ([]string, error) {
	valid := map[string]bool{}
	for _, p := range validPrivileges[s.kind] {
		valid[p] = true
	}
	out := make([]string, 0, len(privs))
	for _, p := range privs {
		switch p {
		case "USAGE", "USE DATABASE":
			if s.kind == "CATALOG" {
				p = "USE CATALOG"
			} else {
				p = "USE SCHEMA"
			}
		case "ALL":
			p = "ALL PRIVILEGES"
		}
		if !valid[p] {
			return nil, errclass.New("INVALID_PARAMETER_VALUE.PRIVILEGE",
				"The value of parameter(s) `privilege` in `GRANT` is invalid: privilege %s is not applicable to %s '%s'.", p, s.typeName(), s.key())
		}
		out = append(out, p)
	}
	return out, nil
}

// requireGrantor checks who may grant on s: admin, owner, MANAGE, or the
// owner of a parent catalog or schema.
func (x *execution) requireGrantor(s securableRef) error {
	p := x.s.principal
	if p == x.s.engine.admin || s.owner() == p || x.can(p, "MANAGE", s) {
		return nil
	}
	if (s.sch != nil && s.sch.owner == p && s.rel != nil) || (s.cat != nil && s.cat.owner == p && s.kind != "CATALOG") {
		return nil
	}
	if s.kind == "METASTORE" {
		return errclass.New("INSUFFICIENT_PERMISSIONS", "Insufficient privileges:\nUser is not a metastore admin.")
	}
	return errclass.New("INSUFFICIENT_PERMISSIONS", "Insufficient privileges:\nUser does not have MANAGE on %s '%s'.", s.typeName(), s.key())
}

func (x *execution) grant(privs []string, on ast.Securable, principal string, revoke bool) (*Result, error) {
	x.m.mu.Lock()
	defer x.m.mu.Unlock()
	s, err := x.resolveSecurable(on)
	if err != nil {
		return nil, err
	}
	if err := x.requireGrantor(s); err != nil {
		return nil, err
	}
	if s.kind == "METASTORE" {
		return nil, errUnsupported("", "grants on the metastore; the fake's principals other than the admin cannot create catalogs.")
	}
	ps, err := normalisePrivileges(privs, s)
	if err != nil {
		return nil, err
	}
	g := s.grants()
	if *g == nil {
		*g = grantSet{}
	}
	for _, p := range ps {
		if revoke {
			delete((*g)[principal], p)
			continue
		}
		if (*g)[principal] == nil {
			(*g)[principal] = map[string]bool{}
		}
		(*g)[principal][p] = true
	}
	return okResult(), nil
}

var showGrantsCols = []colInfo{
	{name: "principal", t: value.StringType}, {name: "actionType", t: value.StringType},
	{name: "objectType", t: value.StringType}, {name: "objectKey", t: value.StringType},
}

// showGrants lists the privileges that affect an object: granted on it and
// inherited from its parents.
func (x *execution) showGrants(st *ast.ShowGrants) (*Result, error) {
	x.m.mu.RLock()
	defer x.m.mu.RUnlock()
	s, err := x.resolveSecurable(st.On)
	if err != nil {
		return nil, err
	}
	p := x.s.principal
	if p != st.Principal && p != x.s.engine.admin && s.owner() != p && !x.can(p, "MANAGE", s) {
		if err := x.requireGrantor(s); err != nil {
			return nil, err
		}
	}
	levels := []securableRef{}
	if s.cat != nil {
		levels = append(levels, securableRef{kind: "CATALOG", cat: s.cat})
	}
	if s.sch != nil {
		levels = append(levels, securableRef{kind: "SCHEMA", cat: s.cat, sch: s.sch})
	}
	if s.rel != nil {
		levels = append(levels, s)
	}
	type row struct{ principal, action, objType, key string }
	var rowsOut []row
	for _, l := range levels {
		for principal, privs := range *l.grants() {
			if st.Principal != "" && principal != st.Principal {
				continue
			}
			for priv := range privs {
				rowsOut = append(rowsOut, row{principal, priv, l.kind, l.key()})
			}
		}
	}
	depth := map[string]int{"CATALOG": 0, "SCHEMA": 1, "TABLE": 2, "VIEW": 2}
	sort.Slice(rowsOut, func(i, j int) bool {
		a, b := rowsOut[i], rowsOut[j]
		if a.principal != b.principal {
			return a.principal < b.principal
		}
		if depth[a.objType] != depth[b.objType] {
			return depth[a.objType] < depth[b.objType]
		}
		return a.action < b.action
	})
	t := &table{cols: showGrantsCols}
	for _, r := range rowsOut {
		t.add(value.Str(r.principal), value.Str(r.action), value.Str(r.objType), value.Str(r.key))
	}
	return t.result(), nil
}

// setOwner is ALTER … OWNER TO principal.
func (x *execution) setOwner(st *ast.SetOwner) (*Result, error) {
	x.m.mu.Lock()
	defer x.m.mu.Unlock()
	s, err := x.resolveSecurable(st.Securable)
	if err != nil {
		return nil, err
	}
	if s.rel != nil && (st.Securable.Kind == "VIEW") != (s.rel.kind == kindView) {
		if s.rel.kind == kindView {
			return nil, errclass.New("EXPECT_TABLE_NOT_VIEW.USE_ALTER_VIEW", "%s is a view. 'ALTER TABLE' expects a table. Please use ALTER VIEW instead.", errclass.Ident(s.rel.fullName()...))
		}
		return nil, errclass.New("EXPECT_VIEW_NOT_TABLE.USE_ALTER_TABLE", "%s is a table. 'ALTER VIEW' expects a view. Please use ALTER TABLE instead.", errclass.Ident(s.rel.fullName()...))
	}
	if err := x.requireOwnerOf(s, false); err != nil {
		return nil, err
	}
	switch {
	case s.rel != nil:
		s.rel.owner = st.Principal
	case s.sch != nil:
		s.sch.owner = st.Principal
	case s.cat != nil:
		s.cat.owner = st.Principal
	}
	return okResult(), nil
}
