package warehouse

import (
	"crypto/rand"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// infoSchema is the name of the read-only schema every catalog has.
const infoSchema = "information_schema"

// metastore is the Unity Catalog of one engine. Every field of the objects it
// holds is guarded by mu; table data is immutable and shared by pointer.
type metastore struct {
	mu       sync.RWMutex
	catalogs map[string]*catalogObj
}

type catalogObj struct {
	name    string
	owner   string
	grants  grantSet
	comment *string
	created time.Time
	schemas map[string]*schemaObj
}

type schemaObj struct {
	catalog *catalogObj
	name    string
	owner   string
	grants  grantSet
	comment *string
	created time.Time
	rels    map[string]*relation
}

type relKind int

const (
	kindTable relKind = iota
	kindView
)

// columnMeta describes one column of a table or view.
type columnMeta struct {
	Name     string
	Type     value.Type
	Nullable bool
	Comment  *string
}

// relation is a table or a view.
type relation struct {
	kind       relKind
	schema     *schemaObj
	name       string
	id         string
	owner      string
	grants     grantSet
	comment    *string
	created    time.Time
	createdBy  string
	altered    time.Time
	alteredBy  string
	properties map[string]string

	// Tables.
	data    *tableData   // the current version
	history []*tableData // every version, oldest first
	// shallowClone is set while the table is a shallow clone (made by
	// SHALLOW CLONE and not replaced since).
	shallowClone bool

	// Views.
	viewText    string
	viewColumns []columnMeta // the view's output columns when it was last defined
	viewCatalog string       // current catalog and schema when defined
	viewSchema  string
}

func (r *relation) fullName() []string {
	return []string{r.schema.catalog.name, r.schema.name, r.name}
}

// props returns the properties of a view, or of a table's current version.
func (r *relation) props() map[string]string {
	if r.kind == kindTable {
		return r.data.props
	}
	return r.properties
}

// description returns the comment of a view or of a table's current version.
func (r *relation) description() *string {
	if r.kind == kindTable {
		return r.data.comment
	}
	return r.comment
}

// partitions returns a table's partition columns.
func (r *relation) partitions() []string {
	if r.kind == kindTable {
		return r.data.partitionBy
	}
	return nil
}

func (r *relation) columns() []columnMeta {
	if r.kind == kindView {
		return r.viewColumns
	}
	return r.data.columns
}

func newMetastore(admin string, now time.Time) *metastore {
	m := &metastore{catalogs: map[string]*catalogObj{}}
	c := m.addCatalog("main", admin, nil, now)
	m.addSchema(c, "default", admin, nil, now)
	return m
}

func (m *metastore) addCatalog(name, owner string, comment *string, now time.Time) *catalogObj {
	c := &catalogObj{name: name, owner: owner, comment: comment, created: now, schemas: map[string]*schemaObj{}}
	m.catalogs[name] = c
	return c
}

func (m *metastore) addSchema(c *catalogObj, name, owner string, comment *string, now time.Time) *schemaObj {
	s := &schemaObj{catalog: c, name: name, owner: owner, comment: comment, created: now, rels: map[string]*relation{}}
	c.schemas[name] = s
	return s
}

// sortedCatalogs returns the catalogs by name.
func (m *metastore) sortedCatalogs() []*catalogObj {
	out := make([]*catalogObj, 0, len(m.catalogs))
	for _, c := range m.catalogs {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

func (c *catalogObj) sortedSchemas() []*schemaObj {
	out := make([]*schemaObj, 0, len(c.schemas))
	for _, s := range c.schemas {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

func (s *schemaObj) sortedRelations() []*relation {
	out := make([]*relation, 0, len(s.rels))
	for _, r := range s.rels {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// foldName normalises a catalog, schema, table or view name: Unity Catalog stores
// them in lower case.
func foldName(name string) string { return strings.ToLower(name) }

func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// ---------------------------------------------------------------- errors

func errTableNotFound(written []string) error {
	return errclass.New("TABLE_OR_VIEW_NOT_FOUND",
		"The table or view %s cannot be found. Verify the spelling and correctness of the schema and catalog.\n"+
			"If you did not qualify the name with a schema, verify the current_schema() output, or qualify the name with the correct schema and catalog.\n"+
			"To tolerate the error on drop use DROP VIEW IF EXISTS or DROP TABLE IF EXISTS.", errclass.Ident(written...))
}

func errSchemaNotFound(parts ...string) error {
	return errclass.New("SCHEMA_NOT_FOUND",
		"The schema %s cannot be found. Verify the spelling and correctness of the schema and catalog.\n"+
			"If you did not qualify the name with a catalog, verify the current_schema() output, or qualify the name with the correct catalog.\n"+
			"To tolerate the error on drop use DROP SCHEMA IF EXISTS.", errclass.Ident(parts...))
}

func errCatalogNotFound(name string) error {
	return errclass.New("NO_SUCH_CATALOG_EXCEPTION",
		"Catalog '%s' was not found. Please verify the catalog name and then retry the query or command again.", name)
}

func errRelationExists(parts ...string) error {
	return errclass.New("TABLE_OR_VIEW_ALREADY_EXISTS",
		"Cannot create table or view %s because it already exists.\n"+
			"Choose a different name, drop or replace the existing object, or add the IF NOT EXISTS clause to tolerate pre-existing objects.", errclass.Ident(parts...))
}

func errSchemaExists(parts ...string) error {
	return errclass.New("SCHEMA_ALREADY_EXISTS",
		"Cannot create schema %s because it already exists.\n"+
			"Choose a different name, drop the existing schema, or add the IF NOT EXISTS clause to tolerate pre-existing schema.", errclass.Ident(parts...))
}

func errUnsupported(sub, format string, args ...any) error {
	class := "UNSUPPORTED_FEATURE"
	if sub != "" {
		class += "." + sub
	}
	return errclass.New(class, "The feature is not supported: "+format, args...)
}

// ---------------------------------------------------------------- lookups
// The lookup functions expect m.mu to be held (read or write).

// catalog returns the named catalog or NO_SUCH_CATALOG_EXCEPTION.
func (m *metastore) catalog(name string) (*catalogObj, error) {
	c, ok := m.catalogs[foldName(name)]
	if !ok {
		return nil, errCatalogNotFound(name)
	}
	return c, nil
}

// schema resolves a 1- or 2-part schema name against the session's current
// catalog.
func (m *metastore) schema(s *Session, name []string) (*schemaObj, error) {
	var cat, sch string
	switch len(name) {
	case 1:
		cat, sch = s.catalog, name[0]
	case 2:
		cat, sch = name[0], name[1]
	default:
		return nil, errclass.New("REQUIRES_SINGLE_PART_NAMESPACE",
			"%s requires a single-part namespace, but got %s.", "spark_catalog", errclass.Ident(name...))
	}
	c, err := m.catalog(cat)
	if err != nil {
		return nil, err
	}
	so, ok := c.schemas[foldName(sch)]
	if !ok {
		if foldName(sch) == infoSchema {
			return nil, errclass.New("CANNOT_MODIFY_INFORMATION_SCHEMA", "The schema %s is read-only.", errclass.Ident(c.name, infoSchema))
		}
		return nil, errSchemaNotFound(c.name, sch)
	}
	return so, nil
}

// qualify turns a 1-, 2- or 3-part relation name into catalog, schema and
// name (folded), using the session's current catalog and schema.
func (s *Session) qualify(name []string) (cat, sch, rel string, err error) {
	switch len(name) {
	case 1:
		return s.catalog, s.schema, foldName(name[0]), nil
	case 2:
		return s.catalog, foldName(name[0]), foldName(name[1]), nil
	case 3:
		return foldName(name[0]), foldName(name[1]), foldName(name[2]), nil
	}
	return "", "", "", errclass.New("REQUIRES_SINGLE_PART_NAMESPACE",
		"%s requires a single-part namespace, but got %s.", "spark_catalog", errclass.Ident(name[:len(name)-1]...))
}

// relationFor looks up a table or view. found is false when the catalog,
// schema or relation does not exist; the caller reports it as it must.
func (m *metastore) relationFor(s *Session, name []string) (rel *relation, sch *schemaObj, err error) {
	cat, schName, relName, err := s.qualify(name)
	if err != nil {
		return nil, nil, err
	}
	c, ok := m.catalogs[cat]
	if !ok {
		return nil, nil, nil
	}
	so, ok := c.schemas[schName]
	if !ok {
		return nil, nil, nil
	}
	return so.rels[relName], so, nil
}

// containerFor returns the schema a new relation named name goes into, with
// the error Databricks gives when it is missing.
func (m *metastore) containerFor(s *Session, name []string) (*schemaObj, string, error) {
	cat, schName, relName, err := s.qualify(name)
	if err != nil {
		return nil, "", err
	}
	c, ok := m.catalogs[cat]
	if !ok {
		return nil, "", errCatalogNotFound(cat)
	}
	if schName == infoSchema {
		return nil, "", errclass.New("CANNOT_MODIFY_INFORMATION_SCHEMA", "The schema %s is read-only.", errclass.Ident(c.name, infoSchema))
	}
	so, ok := c.schemas[schName]
	if !ok {
		return nil, "", errSchemaNotFound(c.name, schName)
	}
	return so, relName, nil
}
