package validate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/ucdeploy/ucdeploy/catalog"
)

// Side names one table of a pair.
type Side uint8

// The sides of a pair.
const (
	// Blue is the baseline table.
	Blue Side = iota
	// Green is the candidate table.
	Green
)

// String returns "blue" or "green".
func (s Side) String() string {
	if s == Blue {
		return "blue"
	}
	return "green"
}

// Profiler is the optional ability of a check to be computed from its
// pair's profile: one statement per pair that aggregates both tables at
// once, however many checks share it. Profile adds the aggregates the check
// needs and returns the Judge that decides from their values. A suite calls
// Profile and the Judge instead of Validate; Validate of a Profiler runs a
// profile with that check alone.
//
// Profile must not send statements; it returns an error (wrapping
// ErrInvalid) when the check cannot be planned.
type Profiler interface {
	Validator
	Profile(p *Profile) (Judge, error)
}

// Judge decides a check from the values of its pair's profile. The suite
// calls it only when green exists and has rows. It may send statements
// through v.Subject().DB, but the built-in checks do so only in rare cases
// (Schema, to name the columns when the schemas differ).
type Judge func(ctx context.Context, v *Values) (Result, error)

// Profile is the profile statement of one pair under construction: the
// aggregate expressions to compute over each side. It always holds
// count(*) of green and the warehouse's current_timestamp(), and count(*)
// of blue when a check compares with blue (adds an aggregate of blue). It
// is not safe for concurrent use; the zero value is not usable (a suite
// creates it).
type Profile struct {
	exprs    [2][]string
	index    [2]map[string]int
	columns  bool // column fingerprints requested
	needBlue bool // some check reads blue
}

// Measure is a handle to one aggregate of a Profile, used to read its
// value from the Values.
type Measure struct {
	side Side
	i    int
}

// nowGreen is the measure of current_timestamp().
var nowGreen = Measure{Green, 1}

// newProfile returns a Profile with the base measures: count(*) of each
// side (index 0) and current_timestamp() (green, index 1).
func newProfile() *Profile {
	p := &Profile{}
	for s := range p.index {
		p.index[s] = map[string]int{}
	}
	p.Aggregate(Blue, "count(*)")
	p.Aggregate(Green, "count(*)")
	p.Aggregate(Green, "current_timestamp()")
	p.needBlue = false
	return p
}

// Aggregate adds expr, an aggregate SQL expression over the side's table
// (e.g. "count_if(`amount` < 0)"; quote columns with catalog.QuoteIdent),
// and returns its handle. An expression added twice is computed once.
// Adding any aggregate of blue, even "count(*)", makes the profile read
// blue; Values.Rows(Blue) then tells its row count. Measures of blue have
// no value (nil) when the pair has no blue table or it does not exist.
func (p *Profile) Aggregate(side Side, expr string) Measure {
	if side == Blue {
		p.needBlue = true
	}
	if i, ok := p.index[side][expr]; ok {
		return Measure{side, i}
	}
	i := len(p.exprs[side])
	p.exprs[side] = append(p.exprs[side], expr)
	p.index[side][expr] = i
	return Measure{side, i}
}

// requestColumns asks for the column fingerprint of both sides.
func (p *Profile) requestColumns() {
	p.columns = true
	p.needBlue = true
}

// fingerprintExprs summarise a table's columns (name, type, nullability,
// position) from information_schema.columns: two independent sums of
// hashes and the column count. Equal fingerprints mean equal schemas.
var fingerprintExprs = []string{
	"count(*)",
	"sum(hash(lower(column_name), lower(full_data_type), is_nullable, ordinal_position))",
	"sum(CAST(xxhash64(lower(column_name), lower(full_data_type), is_nullable, ordinal_position) AS DECIMAL(38,0)))",
}

// columnsSource returns the FROM and WHERE of a query of
// information_schema.columns for table n, and its arguments. Unity Catalog
// stores names in lower case.
func columnsSource(n catalog.Name) (from, where string, args []any) {
	parts := n.Parts()
	table := strings.ToLower(parts[len(parts)-1])
	switch len(parts) {
	case 3:
		return catalog.QuoteIdent(parts[0]) + ".`information_schema`.`columns`",
			"table_schema = ? AND table_name = ?", []any{strings.ToLower(parts[1]), table}
	case 2:
		return "`information_schema`.`columns`", "table_schema = ? AND table_name = ?", []any{strings.ToLower(parts[0]), table}
	}
	return "`information_schema`.`columns`", "table_schema = current_schema() AND table_name = ?", []any{table}
}

// source is one subquery of the profile statement.
type source struct {
	side    Side
	columns bool // the column fingerprint rather than the table's data
}

// statement returns the profile statement and its arguments: one
// aggregate subquery per source, cross joined, so that the result is one
// row. withBlue tells whether the blue table takes part.
func (p *Profile) statement(s Subject, withBlue bool) (string, []any, []source) {
	var (
		b    strings.Builder
		args []any
		srcs []source
	)
	b.WriteString("SELECT * FROM ")
	add := func(src source) {
		if len(srcs) > 0 {
			b.WriteString(" CROSS JOIN ")
		}
		srcs = append(srcs, src)
		alias := src.side.String()[:1]
		name := s.Green
		if src.side == Blue {
			name = s.Blue
		}
		exprs := p.exprs[src.side]
		if src.columns {
			alias += "c"
			exprs = fingerprintExprs
		}
		b.WriteString("(SELECT ")
		for i, e := range exprs {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s AS %s%d", e, alias, i)
		}
		if src.columns {
			from, where, a := columnsSource(name)
			b.WriteString(" FROM " + from + " WHERE " + where)
			args = append(args, a...)
		} else {
			b.WriteString(" FROM " + name.Quoted())
		}
		b.WriteString(") AS " + alias)
	}
	add(source{side: Green})
	if withBlue {
		add(source{side: Blue})
	}
	if p.columns {
		add(source{side: Green, columns: true})
		if withBlue {
			add(source{side: Blue, columns: true})
		}
	}
	return b.String(), args, srcs
}

// fingerprint is the column summary of one side.
type fingerprint [3]any

// Values are the results of a pair's profile statement, read by Judges.
// They are not safe for concurrent use.
type Values struct {
	subject Subject
	present [2]bool
	vals    [2][]any
	types   [2][]string
	fp      [2]fingerprint
}

// Subject returns the pair that was profiled.
func (v *Values) Subject() Subject { return v.subject }

// Present reports whether the side's table exists; for Blue, false also
// when the pair has no blue table or no check reads blue.
func (v *Values) Present(s Side) bool { return v.present[s] }

// Rows returns the number of rows of the side's table, 0 when it is not
// present.
func (v *Values) Rows(s Side) int64 {
	n, _ := v.Int(Measure{side: s})
	return n
}

// Now returns the warehouse's current_timestamp() at the time of the
// profile (the zero Time when green is missing).
func (v *Values) Now() time.Time {
	t, _ := v.Time(nowGreen)
	return t
}

// Value returns the value of m as the SQL driver returned it (nil for
// NULL, and when the side's table is not present).
func (v *Values) Value(m Measure) any {
	if m.i < 0 || m.i >= len(v.vals[m.side]) {
		return nil
	}
	return v.vals[m.side][m.i]
}

// TypeName returns the SQL type of m's value as the driver names it
// (sql.ColumnType.DatabaseTypeName: "BIGINT", "DECIMAL", "TIMESTAMP" …),
// or "" when the side's table is not present.
func (v *Values) TypeName(m Measure) string {
	if m.i < 0 || m.i >= len(v.types[m.side]) {
		return ""
	}
	return v.types[m.side][m.i]
}

// Int returns the value of m as an int64; false when it is NULL or not an
// integer.
func (v *Values) Int(m Measure) (int64, bool) { return toInt(v.Value(m)) }

// Float returns the value of m as a float64, converting integers and
// DECIMAL text; false when it is NULL or not a number.
func (v *Values) Float(m Measure) (float64, bool) {
	return toFloat(v.Value(m))
}

// Time returns the value of m as a time.Time (DATE and TIMESTAMP); false
// when it is NULL or not a time.
func (v *Values) Time(m Measure) (time.Time, bool) {
	t, ok := v.Value(m).(time.Time)
	return t, ok
}

// blueLack returns why blue cannot be compared with, or "".
func (v *Values) blueLack() string {
	switch {
	case v.subject.Blue.IsZero():
		return "no blue table to compare with"
	case !v.present[Blue]:
		return fmt.Sprintf("blue %s does not exist; nothing to compare with", v.subject.Blue.Quoted())
	case v.Rows(Blue) == 0:
		return fmt.Sprintf("blue %s is empty; nothing to compare with", v.subject.Blue.Quoted())
	}
	return ""
}

// toFloat converts a driver value to float64.
func toFloat(x any) (float64, bool) {
	switch x := x.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case int16:
		return float64(x), true
	case int8:
		return float64(x), true
	case int:
		return float64(x), true
	case string:
		f, err := strconv.ParseFloat(x, 64)
		return f, err == nil
	case []byte:
		f, err := strconv.ParseFloat(string(x), 64)
		return f, err == nil
	}
	return 0, false
}

// toInt converts an integral driver value to int64.
func toInt(x any) (int64, bool) {
	switch x := x.(type) {
	case int64:
		return x, true
	case int32:
		return int64(x), true
	case int16:
		return int64(x), true
	case int8:
		return int64(x), true
	case int:
		return int64(x), true
	}
	return 0, false
}

// toRat converts a numeric driver value to an exact rational; DECIMAL
// text keeps all its digits. NaN and infinities have none.
func toRat(x any) (*big.Rat, bool) {
	switch x := x.(type) {
	case string:
		return new(big.Rat).SetString(x)
	case []byte:
		return new(big.Rat).SetString(string(x))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, false
		}
		return new(big.Rat).SetFloat64(x), true
	case float32:
		return toRat(float64(x))
	}
	if n, ok := toInt(x); ok {
		return new(big.Rat).SetInt64(n), true
	}
	return nil, false
}

// sqlState returns the SQLSTATE of a warehouse error, or "".
func sqlState(err error) string {
	var st interface{ SqlState() string }
	if errors.As(err, &st) {
		return st.SqlState()
	}
	return ""
}

// notFound reports whether err says a table or view does not exist.
func notFound(err error) bool { return sqlState(err) == "42P01" }

// runProfile sends p's statement for s and returns its values and the
// number of statements sent. A missing green is reported in the values,
// not as an error; so is a missing blue, after a second profile without
// it.
func runProfile(ctx context.Context, s Subject, p *Profile) (*Values, int, error) {
	withBlue := !s.Blue.IsZero() && p.needBlue
	v, err := queryProfile(ctx, s, p, withBlue)
	sent := 1
	if err == nil || !notFound(err) {
		return v, sent, err
	}
	// Which table is missing? Probe each; only on this failure path.
	greenOK, perr := exists(ctx, s.DB, s.Green)
	sent++
	if perr != nil {
		return nil, sent, perr
	}
	if !greenOK {
		return &Values{subject: s}, sent, nil
	}
	if !withBlue {
		return nil, sent, err
	}
	blueOK, perr := exists(ctx, s.DB, s.Blue)
	sent++
	if perr != nil {
		return nil, sent, perr
	}
	if blueOK {
		return nil, sent, err // something else is missing (a column's table?)
	}
	v, err = queryProfile(ctx, s, p, false)
	sent++
	return v, sent, err
}

// exists reports whether table n can be read.
func exists(ctx context.Context, db catalog.Executor, n catalog.Name) (bool, error) {
	rows, err := db.QueryContext(ctx, "SELECT 1 FROM "+n.Quoted()+" LIMIT 0")
	if err != nil {
		if notFound(err) {
			return false, nil
		}
		return false, fmt.Errorf("validate: probe %s: %w", n.Quoted(), err)
	}
	return true, rows.Close()
}

// queryProfile runs p's statement and scans its one row.
func queryProfile(ctx context.Context, s Subject, p *Profile, withBlue bool) (*Values, error) {
	query, args, srcs := p.statement(s, withBlue)
	rows, err := s.DB.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("validate: profile of %s: %w", s.Green.Quoted(), err)
	}
	defer rows.Close()
	n := 0
	for _, src := range srcs {
		if src.columns {
			n += len(fingerprintExprs)
		} else {
			n += len(p.exprs[src.side])
		}
	}
	out := make([]any, n)
	ptrs := make([]any, n)
	for i := range out {
		ptrs[i] = &out[i]
	}
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("validate: profile of %s: %w", s.Green.Quoted(), err)
		}
		return nil, fmt.Errorf("validate: profile of %s: no row returned", s.Green.Quoted())
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, fmt.Errorf("validate: profile of %s: %w", s.Green.Quoted(), err)
	}
	types := make([]string, n)
	if cts, err := rows.ColumnTypes(); err == nil && len(cts) == n {
		for i, ct := range cts {
			types[i] = ct.DatabaseTypeName()
		}
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("validate: profile of %s: %w", s.Green.Quoted(), err)
	}
	v := &Values{subject: s}
	v.present[Green] = true
	v.present[Blue] = withBlue
	for _, src := range srcs {
		if src.columns {
			copy(v.fp[src.side][:], out[:len(fingerprintExprs)])
			out, types = out[len(fingerprintExprs):], types[len(fingerprintExprs):]
			continue
		}
		k := len(p.exprs[src.side])
		v.vals[src.side], v.types[src.side] = out[:k:k], types[:k:k]
		out, types = out[k:], types[k:]
	}
	return v, nil
}
