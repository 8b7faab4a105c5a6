package validate

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Schema compares green's columns with blue's, from
// information_schema.columns (name, type as full_data_type, nullability,
// position; names compared ignoring case). With no option set the schemas
// must be identical, positions included. The options allow compatible
// changes instead, for which positions are not compared:
// AllowAddedColumns allows nullable columns only green has, and
// AllowWidening allows the type changes Delta type widening allows. In
// either case a column may become NOT NULL, never nullable. A dropped or
// retyped column always fails, named in the reason.
//
// Schema is a Profiler: it adds a fingerprint of both sides' columns to
// the profile statement (two hash sums and the count), so equal schemas
// cost no statement of their own; when the fingerprints differ, the Judge
// sends one statement reading both sides' columns to name the differences.
// A missing blue is no data; an empty one is not (its columns are known).
//
// A Schema is a spec (JSON kind "schema") and is safe for concurrent use.
type Schema struct {
	Policy
	// AllowAddedColumns allows nullable columns that only green has.
	AllowAddedColumns bool `json:"allowAddedColumns,omitempty"`
	// AllowWidening allows a column's type to widen as Delta allows: TINYINT
	// → SMALLINT → INT → BIGINT, those to DOUBLE (not BIGINT) and to a
	// DECIMAL with enough integer digits (10, or 20 for BIGINT), FLOAT →
	// DOUBLE, DECIMAL(p, s) → DECIMAL(p+k1, s+k2) with k1 ≥ k2 ≥ 0, DATE →
	// TIMESTAMP_NTZ, VOID → anything.
	AllowWidening bool `json:"allowWidening,omitempty"`
}

var _ Profiler = Schema{}

func (c Schema) name() string { return c.Policy.name("schema") }

// exact reports whether the schemas must be identical.
func (c Schema) exact() bool { return !c.AllowAddedColumns && !c.AllowWidening }

// ValidateSpec reports nothing: every Schema spec is valid.
func (c Schema) ValidateSpec() error { return nil }

// Validate runs the check alone on s: one profile statement, and one more
// when the schemas differ.
func (c Schema) Validate(ctx context.Context, s Subject) (Result, error) {
	return RunOne(ctx, s, c)
}

// threshold renders the mode for a report cell.
func (c Schema) threshold() string {
	if c.exact() {
		return "identical"
	}
	var allowed []string
	if c.AllowAddedColumns {
		allowed = append(allowed, "added nullable columns")
	}
	if c.AllowWidening {
		allowed = append(allowed, "widening")
	}
	return "compatible (" + strings.Join(allowed, ", ") + ")"
}

// Profile implements Profiler.
func (c Schema) Profile(p *Profile) (Judge, error) {
	p.requestColumns()
	return func(ctx context.Context, v *Values) (Result, error) {
		name := c.name()
		s := v.Subject()
		switch {
		case s.Blue.IsZero():
			return c.noData(name, "no blue table to compare with"), nil
		case !v.present[Blue]:
			return c.noData(name, fmt.Sprintf("blue %s does not exist; nothing to compare with", s.Blue.Quoted())), nil
		}
		if v.fp[Blue] == v.fp[Green] {
			n, _ := toInt(v.fp[Green][0])
			return c.result(name, true, "identical", c.threshold(),
				fmt.Sprintf("green and blue have the same %d columns", n)), nil
		}
		blue, green, err := readColumns(ctx, s)
		if err != nil {
			return Result{}, err
		}
		return c.compare(name, blue, green), nil
	}, nil
}

// column is one row of information_schema.columns.
type column struct {
	name     string
	pos      int64
	typ      string
	nullable bool
}

// readColumns reads both sides' columns in one statement.
func readColumns(ctx context.Context, s Subject) (blue, green []column, err error) {
	bFrom, bWhere, bArgs := columnsSource(s.Blue)
	gFrom, gWhere, gArgs := columnsSource(s.Green)
	const cols = "column_name, ordinal_position, lower(full_data_type), is_nullable"
	query := "SELECT 'blue' AS side, " + cols + " FROM " + bFrom + " WHERE " + bWhere +
		" UNION ALL SELECT 'green' AS side, " + cols + " FROM " + gFrom + " WHERE " + gWhere
	rows, err := s.DB.QueryContext(ctx, query, append(bArgs, gArgs...)...)
	if err != nil {
		return nil, nil, fmt.Errorf("validate: read columns of %s and %s: %w", s.Blue.Quoted(), s.Green.Quoted(), err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			side, nullable string
			col            column
		)
		if err := rows.Scan(&side, &col.name, &col.pos, &col.typ, &nullable); err != nil {
			return nil, nil, fmt.Errorf("validate: read columns of %s and %s: %w", s.Blue.Quoted(), s.Green.Quoted(), err)
		}
		col.nullable = nullable == "YES"
		if side == "blue" {
			blue = append(blue, col)
		} else {
			green = append(green, col)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("validate: read columns of %s and %s: %w", s.Blue.Quoted(), s.Green.Quoted(), err)
	}
	byPos := func(cs []column) {
		sort.Slice(cs, func(i, j int) bool { return cs[i].pos < cs[j].pos })
	}
	byPos(blue)
	byPos(green)
	return blue, green, nil
}

// compare judges green's columns against blue's.
func (c Schema) compare(name string, blue, green []column) Result {
	gByName := make(map[string]column, len(green))
	for _, g := range green {
		gByName[strings.ToLower(g.name)] = g
	}
	bByName := make(map[string]bool, len(blue))
	var problems, notes []string
	addedOrDropped := false
	for _, b := range blue {
		bByName[strings.ToLower(b.name)] = true
		g, ok := gByName[strings.ToLower(b.name)]
		col := ident(b.name)
		if !ok {
			problems = append(problems, fmt.Sprintf("column %s (%s) dropped", col, b.typ))
			addedOrDropped = true
			continue
		}
		if g.typ != b.typ {
			if c.AllowWidening && widens(b.typ, g.typ) {
				notes = append(notes, fmt.Sprintf("column %s widened from %s to %s", col, b.typ, g.typ))
			} else {
				problems = append(problems, fmt.Sprintf("column %s retyped from %s to %s", col, b.typ, g.typ))
			}
		}
		switch {
		case !b.nullable && g.nullable:
			problems = append(problems, fmt.Sprintf("column %s became nullable", col))
		case b.nullable && !g.nullable && c.exact():
			problems = append(problems, fmt.Sprintf("column %s became NOT NULL", col))
		}
	}
	for _, g := range green {
		if bByName[strings.ToLower(g.name)] {
			continue
		}
		addedOrDropped = true
		col := ident(g.name)
		switch {
		case c.AllowAddedColumns && g.nullable:
			notes = append(notes, fmt.Sprintf("column %s (%s) added", col, g.typ))
		case c.AllowAddedColumns:
			problems = append(problems, fmt.Sprintf("column %s (%s) added as NOT NULL", col, g.typ))
		default:
			problems = append(problems, fmt.Sprintf("column %s (%s) added", col, g.typ))
		}
	}
	if c.exact() && !addedOrDropped {
		for _, b := range blue {
			if g := gByName[strings.ToLower(b.name)]; g.pos != b.pos {
				problems = append(problems, fmt.Sprintf("column %s moved from position %d to %d", ident(b.name), b.pos, g.pos))
			}
		}
	}
	if len(problems) > 0 {
		obs := "1 difference"
		if len(problems) > 1 {
			obs = strconv.Itoa(len(problems)) + " differences"
		}
		return c.result(name, false, obs, c.threshold(), strings.Join(problems, "; "))
	}
	if len(notes) == 0 {
		return c.result(name, true, "identical", c.threshold(), fmt.Sprintf("green and blue have the same %d columns", len(blue)))
	}
	return c.result(name, true, "compatible", c.threshold(),
		fmt.Sprintf("green's columns are compatible with blue's: %s", strings.Join(notes, "; ")))
}

// sqlType is a parsed full_data_type.
type sqlType struct {
	base             string
	precision, scale int
}

// typeAliases maps the other spellings of types to Databricks' own.
var typeAliases = map[string]string{
	"byte": "tinyint", "short": "smallint", "integer": "int", "long": "bigint", "real": "float",
	"dec": "decimal", "numeric": "decimal",
}

// parseType parses a lower-case full_data_type such as "decimal(10,2)".
func parseType(s string) sqlType {
	t := sqlType{base: strings.TrimSpace(s)}
	if i := strings.IndexByte(t.base, '('); i >= 0 && strings.HasSuffix(t.base, ")") {
		args := strings.Split(t.base[i+1:len(t.base)-1], ",")
		t.base = strings.TrimSpace(t.base[:i])
		if len(args) >= 1 {
			t.precision, _ = strconv.Atoi(strings.TrimSpace(args[0]))
		}
		if len(args) == 2 {
			t.scale, _ = strconv.Atoi(strings.TrimSpace(args[1]))
		}
	}
	if a, ok := typeAliases[t.base]; ok {
		t.base = a
	}
	if t.base == "decimal" && t.precision == 0 {
		t.precision = 10 // DECIMAL means DECIMAL(10,0)
	}
	return t
}

// integerDigits is the number of decimal digits a DECIMAL needs to hold
// every value of an integral type, as Delta type widening requires.
var integerDigits = map[string]int{"tinyint": 10, "smallint": 10, "int": 10, "bigint": 20}

// integralRank orders the integral types by width.
var integralRank = map[string]int{"tinyint": 1, "smallint": 2, "int": 3, "bigint": 4}

// widens reports whether Delta type widening allows from → to.
func widens(from, to string) bool {
	f, t := parseType(from), parseType(to)
	if f.base == "void" {
		return true
	}
	if fr, ok := integralRank[f.base]; ok {
		if tr, ok := integralRank[t.base]; ok {
			return tr > fr
		}
		switch t.base {
		case "double":
			return f.base != "bigint"
		case "decimal":
			return t.precision-t.scale >= integerDigits[f.base]
		}
		return false
	}
	switch f.base {
	case "float":
		return t.base == "double"
	case "decimal":
		if t.base != "decimal" {
			return false
		}
		k1, k2 := t.precision-f.precision, t.scale-f.scale
		return k1 >= k2 && k2 >= 0 && (k1 > 0 || k2 > 0)
	case "date":
		return t.base == "timestamp_ntz"
	}
	return false
}
