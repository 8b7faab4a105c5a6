package warehouse

import (
	"regexp"
	"sort"
	"strings"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/ast"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// table builds a result from rows of values.
type table struct {
	cols []colInfo
	rows [][]value.Value
}

func newTable(names ...string) *table {
	t := &table{}
	for _, n := range names {
		t.cols = append(t.cols, colInfo{name: n, t: value.StringType})
	}
	return t
}

func (t *table) add(vals ...value.Value) { t.rows = append(t.rows, vals) }

func (t *table) batch() *value.Batch {
	b := &value.Batch{Cols: make([]*value.Vector, len(t.cols)), N: len(t.rows)}
	for i, c := range t.cols {
		bl := value.NewBuilder(c.t, len(t.rows))
		for _, r := range t.rows {
			bl.Append(r[i])
		}
		b.Cols[i] = bl.Build()
	}
	return b
}

func (t *table) result() *Result { return rowsResult(t.cols, []*value.Batch{t.batch()}) }

// strOrNull returns a STRING value, NULL for nil.
func strOrNull(s *string) value.Value {
	if s == nil {
		return value.NullOf(value.StringType)
	}
	return value.Str(*s)
}

// likePattern compiles a SHOW … LIKE pattern: * matches any characters, |
// separates alternatives, the rest is a regular expression; matching ignores
// case and surrounding spaces.
func likePattern(p *string) (*regexp.Regexp, error) {
	if p == nil {
		return nil, nil
	}
	alts := strings.Split(strings.TrimSpace(*p), "|")
	for i, a := range alts {
		alts[i] = strings.ReplaceAll(strings.TrimSpace(a), "*", ".*")
	}
	re, err := regexp.Compile("(?i)^(?:" + strings.Join(alts, "|") + ")$")
	if err != nil {
		return nil, errclass.New("INVALID_FORMAT", "The pattern '%s' is invalid.", *p)
	}
	return re, nil
}

func (x *execution) show(st *ast.Show) (*Result, error) {
	re, err := likePattern(st.Pattern)
	if err != nil {
		return nil, err
	}
	match := func(s string) bool { return re == nil || re.MatchString(s) }
	x.m.mu.RLock()
	defer x.m.mu.RUnlock()
	switch st.Kind {
	case ast.ShowCatalogs:
		t := newTable("catalog")
		for _, c := range x.m.sortedCatalogs() {
			if match(c.name) && x.canSee(x.s.principal, securableRef{kind: "CATALOG", cat: c}) {
				t.add(value.Str(c.name))
			}
		}
		return t.result(), nil
	case ast.ShowSchemas:
		cat := x.s.catalog
		if len(st.In) > 0 {
			cat = st.In[len(st.In)-1]
		}
		c, err := x.m.catalog(cat)
		if err != nil {
			return nil, err
		}
		if err := x.requireUse(x.s.principal, c, nil); err != nil {
			return nil, err
		}
		t := newTable("databaseName")
		names := []string{infoSchema}
		for _, s := range c.sortedSchemas() {
			if x.canSee(x.s.principal, securableRef{kind: "SCHEMA", cat: c, sch: s}) {
				names = append(names, s.name)
			}
		}
		sort.Strings(names)
		for _, n := range names {
			if match(n) {
				t.add(value.Str(n))
			}
		}
		return t.result(), nil
	case ast.ShowTables, ast.ShowViews:
		name := st.In
		if len(name) == 0 {
			name = []string{x.s.schema}
		}
		var t *table
		if st.Kind == ast.ShowTables {
			t = newTable("database", "tableName", "isTemporary")
		} else {
			t = newTable("namespace", "viewName", "isTemporary")
		}
		t.cols[2].t = value.BooleanType
		if len(name) <= 2 && foldName(name[len(name)-1]) == infoSchema {
			if st.Kind == ast.ShowTables {
				for _, v := range infoSchemaNames() {
					if match(v) {
						t.add(value.Str(infoSchema), value.Str(v), value.Bool(false))
					}
				}
			}
			return t.result(), nil
		}
		so, err := x.m.schema(x.s, name)
		if err != nil {
			return nil, err
		}
		if err := x.requireUse(x.s.principal, so.catalog, so); err != nil {
			return nil, err
		}
		for _, r := range so.sortedRelations() {
			if st.Kind == ast.ShowViews && r.kind != kindView || !x.canSee(x.s.principal, relRef(r)) {
				continue
			}
			if match(r.name) {
				t.add(value.Str(so.name), value.Str(r.name), value.Bool(false))
			}
		}
		return t.result(), nil
	case ast.ShowColumns, ast.ShowTblProperties:
		cols, props, r, err := x.describeTarget(st.In)
		if err != nil {
			return nil, err
		}
		if st.Kind == ast.ShowColumns {
			t := newTable("col_name")
			for _, c := range cols {
				t.add(value.Str(c.Name))
			}
			return t.result(), nil
		}
		t := newTable("key", "value")
		if st.Key != nil {
			v, ok := props[*st.Key]
			if !ok {
				v = "Table " + strings.Join(r.fullName(), ".") + " does not have property: " + *st.Key
			}
			t.add(value.Str(*st.Key), value.Str(v))
			return t.result(), nil
		}
		keys := make([]string, 0, len(props))
		for k := range props {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			t.add(value.Str(k), value.Str(props[k]))
		}
		return t.result(), nil
	}
	return nil, errInternal("unknown SHOW kind %d", st.Kind)
}

// describeTarget looks up a table or view for DESCRIBE and SHOW; the caller
// holds the read lock.
func (x *execution) describeTarget(name []string) ([]columnMeta, map[string]string, *relation, error) {
	r, _, err := x.m.relationFor(x.s, name)
	if err != nil {
		return nil, nil, nil, err
	}
	if r == nil {
		return nil, nil, nil, errTableNotFound(name)
	}
	if err := x.requireOn(x.s.principal, "SELECT", r); err != nil {
		return nil, nil, nil, err
	}
	return r.columns(), r.props(), r, nil
}

func (x *execution) describe(st *ast.Describe) (*Result, error) {
	x.m.mu.RLock()
	defer x.m.mu.RUnlock()
	cols, props, r, err := x.describeTarget(st.Name)
	if err != nil {
		return nil, err
	}
	if st.History || st.Detail {
		return x.describeDelta(st, r)
	}
	t := newTable("col_name", "data_type", "comment")
	for _, c := range cols {
		t.add(value.Str(c.Name), value.Str(c.Type.SQLName()), strOrNull(c.Comment))
	}
	if parts := r.partitions(); len(parts) > 0 {
		t.add(value.Str("# Partition Information"), value.Str(""), value.Str(""))
		t.add(value.Str("# col_name"), value.Str("data_type"), value.Str("comment"))
		for _, p := range parts {
			for _, c := range cols {
				if strings.EqualFold(c.Name, p) {
					t.add(value.Str(c.Name), value.Str(c.Type.SQLName()), strOrNull(c.Comment))
				}
			}
		}
	}
	if !st.Extended {
		return t.result(), nil
	}
	detail := func(k, v string) { t.add(value.Str(k), value.Str(v), value.Str("")) }
	t.add(value.Str(""), value.Str(""), value.Str(""))
	detail("# Detailed Table Information", "")
	detail("Catalog", r.schema.catalog.name)
	detail("Database", r.schema.name)
	detail("Table", r.name)
	detail("Created Time", r.created.UTC().Format("Mon Jan 02 15:04:05 UTC 2006"))
	detail("Last Access", "UNKNOWN")
	detail("Created By", "Spark")
	if r.kind == kindView {
		detail("Type", "VIEW")
		detail("View Text", r.viewText)
		detail("View Original Text", r.viewText)
		detail("View Catalog and Namespace", r.viewCatalog+"."+r.viewSchema)
		detail("View Query Output Columns", colNames(r.viewColumns))
	} else {
		detail("Type", "MANAGED")
		detail("Location", "dbfs:/fake/"+r.id)
		detail("Provider", "delta")
	}
	detail("Owner", r.owner)
	if c := r.description(); c != nil {
		detail("Comment", *c)
	}
	if len(props) > 0 {
		keys := make([]string, 0, len(props))
		for k := range props {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + "=" + props[k]
		}
		detail("Table Properties", "["+strings.Join(parts, ",")+"]")
	}
	return t.result(), nil
}

// describeDelta is DESCRIBE HISTORY and DESCRIBE DETAIL.
func (x *execution) describeDelta(st *ast.Describe, r *relation) (*Result, error) {
	if r.kind == kindView {
		if st.History {
			return nil, errclass.New("DELTA_CANNOT_DESCRIBE_VIEW_HISTORY", "Cannot describe the history of a view.")
		}
		return nil, errclass.New("DELTA_UNSUPPORTED_DESCRIBE_DETAIL_VIEW", "%s is a view. DESCRIBE DETAIL is only supported for tables.", errclass.Ident(r.fullName()...))
	}
	if st.Detail {
		t := &table{cols: detailCols}
		t.add(detailRow(r)...)
		return t.result(), nil
	}
	limit := int64(-1)
	if st.Limit != nil {
		b := x.binder(x.params)
		n, err := b.constInt(st.Limit, "limit")
		if err != nil {
			return nil, err
		}
		limit = n
	}
	t := &table{cols: historyCols}
	for i := len(r.history) - 1; i >= 0 && (limit < 0 || int64(len(t.rows)) < limit); i-- {
		t.add(historyRow(r.history[i])...)
	}
	return t.result(), nil
}

// sortedKV returns a map's entries ordered by key.
func sortedKV(m map[string]string) []kv {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]kv, len(keys))
	for i, k := range keys {
		out[i] = kv{k, m[k]}
	}
	return out
}
