package warehouse

import (
	"sort"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// The information_schema views the fake provides, with Databricks' columns
// (lower-case names, as result sets report them).
var infoSchemaCols = map[string][]colInfo{
	"catalogs": strCols("catalog_name", "catalog_owner", "comment", "created:TIMESTAMP", "created_by",
		"last_altered:TIMESTAMP", "last_altered_by"),
	"schemata": strCols("catalog_name", "schema_name", "schema_owner", "comment", "created:TIMESTAMP",
		"created_by", "last_altered:TIMESTAMP", "last_altered_by"),
	"tables": strCols("table_catalog", "table_schema", "table_name", "table_type", "is_insertable_into",
		"commit_action", "table_owner", "comment", "created:TIMESTAMP", "created_by", "last_altered:TIMESTAMP",
		"last_altered_by", "data_source_format", "storage_path", "storage_sub_directory"),
	"columns": strCols("table_catalog", "table_schema", "table_name", "column_name", "ordinal_position:INT",
		"column_default", "is_nullable", "full_data_type", "data_type", "character_maximum_length:BIGINT",
		"character_octet_length:BIGINT", "numeric_precision:INT", "numeric_precision_radix:INT",
		"numeric_scale:INT", "datetime_precision:INT", "interval_type", "interval_precision:INT",
		"maximum_cardinality:BIGINT", "is_identity", "identity_generation", "identity_start",
		"identity_increment", "identity_maximum", "identity_minimum", "identity_cycle", "is_generated",
		"generation_expression", "is_system_time_period_start", "is_system_time_period_end",
		"system_time_period_timestamp_generation", "is_updatable", "partition_ordinal_position:INT", "comment"),
	"views": strCols("table_catalog", "table_schema", "table_name", "view_definition", "check_option",
		"is_updatable", "is_insertable_into", "sql_path", "is_materialized"),
}

func infoSchemaNames() []string {
	out := make([]string, 0, len(infoSchemaCols))
	for k := range infoSchemaCols {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// strCols builds column descriptions from "name" (STRING) or "name:TYPE".
func strCols(specs ...string) []colInfo {
	out := make([]colInfo, len(specs))
	for i, s := range specs {
		c := colInfo{name: s, t: value.StringType, nullable: true}
		for j := 0; j < len(s); j++ {
			if s[j] == ':' {
				c.name = s[:j]
				c.t, _ = value.ParseType(s[j+1:], nil)
			}
		}
		out[i] = c
	}
	return out
}

// infoSchemaTable builds cat.information_schema.name from the metastore.
func (b *binder) infoSchemaTable(cat, name string, written []string) (plan, error) {
	c, ok := b.m.catalogs[cat]
	if !ok {
		return nil, errTableNotFound(written)
	}
	spec, ok := infoSchemaCols[name]
	if !ok {
		return nil, errTableNotFound(written)
	}
	if err := b.x.requireUse(b.principal, c, nil); err != nil {
		return nil, err
	}
	see := func(s securableRef) bool { return b.x.canSee(b.principal, s) }
	out := make([]colInfo, len(spec))
	for i, col := range spec {
		col.qual = []string{c.name, infoSchema, name}
		out[i] = col
	}
	t := &table{cols: out}
	s := value.Str
	null := func(t value.Type) value.Value { return value.NullOf(t) }
	ts := func(micros int64) value.Value { return value.IntOf(value.TimestampType, micros) }
	str := func(p *string) value.Value { return strOrNull(p) }
	switch name {
	case "catalogs":
		t.add(s(c.name), s(c.owner), str(c.comment), ts(c.created.UnixMicro()), s(c.owner), ts(c.created.UnixMicro()), s(c.owner))
	case "schemata":
		t.add(s(c.name), s(infoSchema), s("System user"), s("Information schema (auto-created)"),
			ts(c.created.UnixMicro()), s("System user"), ts(c.created.UnixMicro()), s("System user"))
		for _, so := range c.sortedSchemas() {
			if !see(securableRef{kind: "SCHEMA", cat: c, sch: so}) {
				continue
			}
			t.add(s(c.name), s(so.name), s(so.owner), str(so.comment), ts(so.created.UnixMicro()), s(so.owner),
				ts(so.created.UnixMicro()), s(so.owner))
		}
	case "tables", "columns", "views":
		for _, so := range c.sortedSchemas() {
			for _, r := range so.sortedRelations() {
				if !see(relRef(r)) {
					continue
				}
				switch name {
				case "tables":
					typ, ins, format, path := "MANAGED", "YES", s("DELTA"), null(value.StringType)
					if r.kind == kindView {
						typ, ins, format = "VIEW", "NO", null(value.StringType)
					} else {
						path = s(tableLocation(r))
						if r.shallowClone {
							typ = "MANAGED_SHALLOW_CLONE"
						}
					}
					t.add(s(c.name), s(so.name), s(r.name), s(typ), s(ins), s("PRESERVE"), s(r.owner), str(r.description()),
						ts(r.created.UnixMicro()), s(r.createdBy), ts(r.altered.UnixMicro()), s(r.alteredBy), format,
						path, null(value.StringType))
				case "views":
					if r.kind != kindView {
						continue
					}
					t.add(s(c.name), s(so.name), s(r.name), s(r.viewText), s("NONE"), s("NO"), s("NO"),
						null(value.StringType), s("FALSE"))
				case "columns":
					for i, col := range r.columns() {
						t.add(columnRow(c.name, so.name, r, i, col)...)
					}
				}
			}
		}
	}
	return batchesPlan{bs: []*value.Batch{t.batch()}, out: out}, nil
}

// columnRow is one row of information_schema.columns.
func columnRow(cat, sch string, r *relation, i int, col columnMeta) []value.Value {
	s := value.Str
	nullS := value.NullOf(value.StringType)
	nullI := value.NullOf(value.IntType)
	nullB := value.NullOf(value.BigIntType)
	i32 := func(n int) value.Value { return value.Int32(int32(n)) }
	nullable := "YES"
	if !col.Nullable {
		nullable = "NO"
	}
	prec, radix, scale, dtPrec := nullI, nullI, nullI, nullI
	t := col.Type
	switch t.Kind {
	case value.TinyInt:
		prec, radix, scale = i32(8), i32(2), i32(0)
	case value.SmallInt:
		prec, radix, scale = i32(16), i32(2), i32(0)
	case value.Int:
		prec, radix, scale = i32(32), i32(2), i32(0)
	case value.BigInt:
		prec, radix, scale = i32(64), i32(2), i32(0)
	case value.Float:
		prec, radix = i32(24), i32(2)
	case value.Double:
		prec, radix = i32(53), i32(2)
	case value.Decimal:
		prec, radix, scale = i32(int(t.Precision)), i32(10), i32(int(t.Scale))
	case value.Date:
		dtPrec = i32(0)
	case value.Timestamp:
		dtPrec = i32(3) // as documented, although values keep microseconds
	}
	part := nullI
	for pi, p := range r.partitions() {
		if p == col.Name {
			part = i32(pi)
		}
	}
	return []value.Value{
		s(cat), s(sch), s(r.name), s(col.Name), i32(i + 1), nullS, s(nullable), s(t.SQLName()),
		s(t.Kind.String()), nullB, nullB, prec, radix, scale, dtPrec, nullS, nullI, nullB,
		s("NO"), nullS, nullS, nullS, nullS, nullS, nullS, s("NEVER"), nullS, s("NO"), s("NO"), nullS,
		s("YES"), part, strOrNull(col.Comment),
	}
}
