package fn

import (
	"strings"
	"time"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

const (
	microsPerSecond = 1_000_000
	microsPerDay    = 86_400 * microsPerSecond
)

var (
	dateT = value.DateType
	tsT   = value.TimestampType
)

func init() {
	registerScalar(&Scalar{Name: "current_date", Resolve: noArgs("current_date", dateT), Eval: evalCurrentDate})
	registerScalar(&Scalar{Name: "curdate", Resolve: noArgs("curdate", dateT), Eval: evalCurrentDate})
	registerScalar(&Scalar{Name: "current_timestamp", Resolve: noArgs("current_timestamp", tsT), Eval: evalCurrentTimestamp})
	registerScalar(&Scalar{Name: "now", Resolve: noArgs("now", tsT), Eval: evalCurrentTimestamp})
	registerScalar(&Scalar{Name: "current_catalog", Resolve: noArgs("current_catalog", str),
		Eval: evalSession(func(c *Context) string { return c.Catalog })})
	for _, name := range []string{"current_schema", "current_database"} {
		registerScalar(&Scalar{Name: name, Resolve: noArgs(name, str), Eval: evalSession(func(c *Context) string { return c.Schema })})
	}
	for _, name := range []string{"current_user", "user", "session_user"} {
		registerScalar(&Scalar{Name: name, Resolve: noArgs(name, str), Eval: evalSession(func(c *Context) string { return c.User })})
	}

	registerScalar(&Scalar{Name: "date_add", Resolve: resolveDateAdd("date_add"), Eval: evalDateAdd(1)})
	registerScalar(&Scalar{Name: "date_sub", Resolve: resolveDateAdd("date_sub"), Eval: evalDateAdd(-1)})
	registerScalar(&Scalar{Name: "add_months", Resolve: resolveDateAdd("add_months"), Eval: evalAddMonths})
	registerScalar(&Scalar{Name: "datediff", Resolve: resolveDateDiff, Eval: evalDateDiff})

	registerScalar(&Scalar{Name: "to_date", Resolve: resolveParse("to_date", dateT), Eval: evalParse("to_date", dateT, false)})
	registerScalar(&Scalar{Name: "to_timestamp", Resolve: resolveParse("to_timestamp", tsT), Eval: evalParse("to_timestamp", tsT, false)})
	registerScalar(&Scalar{Name: "try_to_timestamp", Resolve: resolveParse("try_to_timestamp", tsT), Eval: evalParse("try_to_timestamp", tsT, true)})
	registerScalar(&Scalar{Name: "unix_timestamp", Resolve: resolveUnixTimestamp, Eval: evalUnixTimestamp})

	registerScalar(&Scalar{Name: "date_trunc", Resolve: resolveTrunc("date_trunc", tsT), Eval: evalDateTrunc})
	registerScalar(&Scalar{Name: "trunc", Resolve: resolveTrunc("trunc", dateT), Eval: evalTruncDate})

	for _, f := range []struct {
		name string
		f    func(y, m, d int, days int64) int
	}{
		{"year", func(y, _, _ int, _ int64) int { return y }},
		{"quarter", func(_, m, _ int, _ int64) int { return (m + 2) / 3 }},
		{"month", func(_, m, _ int, _ int64) int { return m }},
		{"day", func(_, _, d int, _ int64) int { return d }},
		{"dayofmonth", func(_, _, d int, _ int64) int { return d }},
		{"dayofweek", func(_, _, _ int, days int64) int { return int(floorMod(days+4, 7)) + 1 }},
		{"weekday", func(_, _, _ int, days int64) int { return int(floorMod(days+3, 7)) }},
		{"dayofyear", func(y, m, d int, _ int64) int {
			return int(daysFromCivil(y, m, d)-daysFromCivil(y, 1, 1)) + 1
		}},
	} {
		registerScalar(&Scalar{Name: f.name, Resolve: resolvePart(f.name, dateT), Eval: evalDatePart(f.f)})
	}
	for _, f := range []struct {
		name string
		f    func(t time.Time) int
	}{
		{"hour", func(t time.Time) int { return t.Hour() }},
		{"minute", func(t time.Time) int { return t.Minute() }},
		{"second", func(t time.Time) int { return t.Second() }},
	} {
		registerScalar(&Scalar{Name: f.name, Resolve: resolvePart(f.name, tsT), Eval: evalTimePart(f.f)})
	}
}

// ---------------------------------------------------------------- calendar

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }

// daysFromCivil returns days since 1970-01-01 of a proleptic Gregorian date.
func daysFromCivil(y, m, d int) int64 {
	yy := int64(y)
	if m <= 2 {
		yy--
	}
	era := floorDiv(yy, 400)
	yoe := yy - era*400
	mp := int64((m + 9) % 12)
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int64) (y, m, d int) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	yy := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	m = int(mp + 3)
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		yy++
	}
	return int(yy), m, d
}

// location returns the session time zone (UTC by default).
func location(ctx *Context) *time.Location {
	if ctx == nil || ctx.Location == nil {
		return time.UTC
	}
	return ctx.Location
}

// localTime returns the wall-clock time of a TIMESTAMP in loc.
func localTime(us int64, loc *time.Location) time.Time {
	return time.UnixMicro(us).In(loc)
}

// microsToDays returns the local date of a TIMESTAMP in loc.
func microsToDays(us int64, loc *time.Location) int64 {
	if loc == time.UTC {
		return floorDiv(us, microsPerDay)
	}
	y, m, d := localTime(us, loc).Date()
	return daysFromCivil(y, int(m), d)
}

// daysToMicros returns the TIMESTAMP of local midnight of a DATE in loc.
func daysToMicros(days int64, loc *time.Location) int64 {
	if loc == time.UTC {
		return days * microsPerDay
	}
	y, m, d := civilFromDays(days)
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc).UnixMicro()
}

// castError reproduces the CAST_INVALID_INPUT error of CAST(s AS t).
func castError(s string, t value.Type) error {
	if _, err := value.CastValue(value.Str(s), t, false); err != nil {
		return err
	}
	return errclass.New("CAST_INVALID_INPUT",
		"The value %s of the type \"STRING\" cannot be cast to %s because it is malformed. Correct the value as per the syntax, or change its target type. Use `try_cast` to tolerate malformed input and return NULL instead. If necessary set %s to \"false\" to bypass this error.",
		value.Str(s).SQLLiteral(), quoteType(t), ansiConf)
}

// datetimeParam returns the type a DATE or TIMESTAMP parameter keeps: DATE,
// TIMESTAMP and STRING arguments are converted by the function itself (in the
// session time zone), NULL becomes want; ok is false for other types.
func datetimeParam(a Arg, want value.Type) (value.Type, bool) {
	switch a.Type.Kind {
	case value.Date, value.Timestamp, value.String:
		return a.Type, true
	case value.Void:
		return want, true
	}
	return value.Type{}, false
}

// toDays converts a DATE, TIMESTAMP or STRING vector to local dates; NULL
// rows give 0. A malformed string fails with CAST_INVALID_INPUT (or is NULL
// in try mode, reported through the returned mask).
func toDays(ctx *Context, v *value.Vector, n int) ([]int64, []bool, error) {
	switch v.Type.Kind {
	case value.Date:
		return v.I64[:n], v.Nulls, nil
	case value.Timestamp:
		loc := location(ctx)
		return mapInts(v.I64[:n], v.Nulls, func(us int64) int64 { return microsToDays(us, loc) }), v.Nulls, nil
	case value.String:
		days, err := castStrings(v, n, dateT, false, value.ParseDate)
		if err != nil {
			return nil, nil, err
		}
		return days.I64, days.Nulls, nil
	}
	return make([]int64, n), allNull(dateT, n).Nulls, nil
}

// toMicros converts a DATE, TIMESTAMP or STRING vector to TIMESTAMPs in the
// session time zone.
func toMicros(ctx *Context, v *value.Vector, n int) ([]int64, []bool, error) {
	loc := location(ctx)
	switch v.Type.Kind {
	case value.Timestamp:
		return v.I64[:n], v.Nulls, nil
	case value.Date:
		return mapInts(v.I64[:n], v.Nulls, func(d int64) int64 { return daysToMicros(d, loc) }), v.Nulls, nil
	case value.String:
		micros, err := castStrings(v, n, tsT, false, func(s string) (int64, bool) { return value.ParseTimestamp(s, loc) })
		if err != nil {
			return nil, nil, err
		}
		return micros.I64, micros.Nulls, nil
	}
	return make([]int64, n), allNull(tsT, n).Nulls, nil
}

// ---------------------------------------------------------------- session

func noArgs(name string, ret value.Type) func([]Arg) (value.Type, []value.Type, error) {
	return func(args []Arg) (value.Type, []value.Type, error) {
		if err := CheckArity(name, args, 0, 0); err != nil {
			return value.Type{}, nil, err
		}
		return ret, nil, nil
	}
}

func evalCurrentDate(ctx *Context, _ value.Type, _ []*value.Vector, n int) (*value.Vector, error) {
	var now time.Time
	if ctx != nil {
		now = ctx.Now
	}
	y, m, d := now.In(location(ctx)).Date()
	return value.Constant(value.IntOf(dateT, daysFromCivil(y, int(m), d)), n), nil
}

func evalCurrentTimestamp(ctx *Context, _ value.Type, _ []*value.Vector, n int) (*value.Vector, error) {
	var now time.Time
	if ctx != nil {
		now = ctx.Now
	}
	return value.Constant(value.IntOf(tsT, now.UnixMicro()), n), nil
}

func evalSession(f func(*Context) string) func(*Context, value.Type, []*value.Vector, int) (*value.Vector, error) {
	return func(ctx *Context, _ value.Type, _ []*value.Vector, n int) (*value.Vector, error) {
		if ctx == nil {
			ctx = &Context{}
		}
		return value.Constant(value.Str(f(ctx)), n), nil
	}
}

// ---------------------------------------------------------------- arithmetic

// resolveDateAdd resolves date_add, date_sub and add_months: a date and an
// INT count.
func resolveDateAdd(name string) func([]Arg) (value.Type, []value.Type, error) {
	return func(args []Arg) (value.Type, []value.Type, error) {
		if len(args) == 3 && name == "date_add" {
			return value.Type{}, nil, Unsupported("date_add(unit, value, expr); use timestamp arithmetic on DATE values")
		}
		if err := CheckArity(name, args, 2, 2); err != nil {
			return value.Type{}, nil, err
		}
		sql := CallSQL(name, args)
		dt, ok := datetimeParam(args[0], dateT)
		if !ok {
			return value.Type{}, nil, UnexpectedType(sql, 0, `"DATE"`, args[0])
		}
		it, ok := paramCast(args[1], i32)
		if !ok {
			return value.Type{}, nil, UnexpectedType(sql, 1, `("INT" or "SMALLINT" or "TINYINT")`, args[1])
		}
		return dateT, []value.Type{dt, it}, nil
	}
}

func evalDateAdd(sign int64) func(*Context, value.Type, []*value.Vector, int) (*value.Vector, error) {
	return func(ctx *Context, _ value.Type, args []*value.Vector, n int) (*value.Vector, error) {
		if anyVoid(args) {
			return allNull(dateT, n), nil
		}
		days, dn, err := toDays(ctx, args[0], n)
		if err != nil {
			return nil, err
		}
		dates := &value.Vector{Type: dateT, I64: days, Nulls: dn}
		return addDays(dates, args[1], n, sign < 0)
	}
}

func evalAddMonths(ctx *Context, _ value.Type, args []*value.Vector, n int) (*value.Vector, error) {
	if anyVoid(args) {
		return allNull(dateT, n), nil
	}
	days, dn, err := toDays(ctx, args[0], n)
	if err != nil {
		return nil, err
	}
	months := args[1]
	nulls := unionNulls(n, &value.Vector{Type: dateT, I64: days, Nulls: dn}, months)
	out := make([]int64, n)
	for i := range out {
		if rowNull(nulls, i) {
			continue
		}
		y, m, d := civilFromDays(days[i])
		total := int64(y)*12 + int64(m-1) + months.I64[i]
		ny, nm := int(floorDiv(total, 12)), int(floorMod(total, 12))+1
		out[i] = daysFromCivil(ny, nm, min(d, daysIn(ny, nm)))
	}
	return &value.Vector{Type: dateT, I64: out, Nulls: nulls}, nil
}

func resolveDateDiff(args []Arg) (value.Type, []value.Type, error) {
	if len(args) == 3 {
		return value.Type{}, nil, Unsupported("datediff(unit, start, end)")
	}
	if err := CheckArity("datediff", args, 2, 2); err != nil {
		return value.Type{}, nil, err
	}
	casts := make([]value.Type, 2)
	for i, a := range args {
		t, ok := datetimeParam(a, dateT)
		if !ok {
			return value.Type{}, nil, UnexpectedType(CallSQL("datediff", args), i, `"DATE"`, a)
		}
		casts[i] = t
	}
	return i32, casts, nil
}

// evalDateDiff is datediff(end, start): days from start to end.
func evalDateDiff(ctx *Context, _ value.Type, args []*value.Vector, n int) (*value.Vector, error) {
	if anyVoid(args) {
		return allNull(i32, n), nil
	}
	end, en, err := toDays(ctx, args[0], n)
	if err != nil {
		return nil, err
	}
	start, sn, err := toDays(ctx, args[1], n)
	if err != nil {
		return nil, err
	}
	out := make([]int64, n)
	for i := range out {
		out[i] = end[i] - start[i]
	}
	v := &value.Vector{Type: i32, I64: out, Nulls: unionNulls(n,
		&value.Vector{Type: dateT, I64: end, Nulls: en}, &value.Vector{Type: dateT, I64: start, Nulls: sn})}
	clearNullSlots(v)
	return v, nil
}

// ---------------------------------------------------------------- parsing

// resolveParse resolves to_date, to_timestamp and try_to_timestamp. With
// one argument a STRING is converted as CAST does; a DATE or TIMESTAMP is
// converted directly (the format, if any, is then ignored).
func resolveParse(name string, ret value.Type) func([]Arg) (value.Type, []value.Type, error) {
	return func(args []Arg) (value.Type, []value.Type, error) {
		if err := CheckArity(name, args, 1, 2); err != nil {
			return value.Type{}, nil, err
		}
		sql := CallSQL(name, args)
		t := args[0].Type
		var first value.Type
		switch {
		case t.Kind == value.Date || t.Kind == value.Timestamp || isVoid(t) || isString(t):
			first = t
		case t.IsNumeric() || t.Kind == value.Boolean:
			first = str
		default:
			return value.Type{}, nil, UnexpectedType(sql, 0, `"STRING"`, args[0])
		}
		casts := []value.Type{first}
		if len(args) == 2 {
			ft, ok := paramCast(args[1], str)
			if !ok {
				return value.Type{}, nil, UnexpectedType(sql, 1, `"STRING"`, args[1])
			}
			casts = append(casts, ft)
		}
		return ret, casts, nil
	}
}

// cannotParse is the ANSI error of to_date/to_timestamp with a format.
func cannotParse(msg, tryFn string) error {
	return errclass.New("CANNOT_PARSE_TIMESTAMP",
		"%s. Use %s to tolerate invalid input string and return NULL instead.", msg, errclass.Ident(tryFn))
}

// tryName is the try_ function named in a function's parse errors.
func tryName(name string) string {
	if name == "to_date" {
		return "try_to_date"
	}
	return "try_to_timestamp"
}

// parseWith parses strings with a datetime pattern (given per row) into
// TIMESTAMPs in loc. Failures fail with CANNOT_PARSE_TIMESTAMP, or become
// NULL when try is set.
func parseWith(strs, fmts *value.Vector, n int, loc *time.Location, try bool, tryFn string) ([]int64, []bool, error) {
	nulls := unionNulls(n, strs, fmts)
	owned := false
	out := make([]int64, n)
	var (
		p    *datePattern
		last string
	)
	for i := range out {
		if rowNull(nulls, i) {
			continue
		}
		if f := fmts.Str[i]; p == nil || f != last {
			var err error
			if p, err = compilePattern(f); err != nil {
				return nil, nil, err
			}
			last = f
		}
		s := strs.Str[i]
		fields, err := p.parse(s)
		var t time.Time
		if err == nil {
			t, err = fields.resolve(s, loc)
		}
		if err != nil {
			if !try {
				return nil, nil, cannotParse(err.Error(), tryFn)
			}
			if !owned {
				nulls, owned = ownNulls(nulls, n), true
			}
			nulls[i] = true
			continue
		}
		out[i] = t.UnixMicro()
	}
	return out, nulls, nil
}

func evalParse(name string, ret value.Type, try bool) func(*Context, value.Type, []*value.Vector, int) (*value.Vector, error) {
	return func(ctx *Context, _ value.Type, args []*value.Vector, n int) (*value.Vector, error) {
		if anyVoid(args) {
			return allNull(ret, n), nil
		}
		loc := location(ctx)
		x := args[0]
		var (
			micros []int64
			nulls  []bool
			err    error
		)
		switch {
		case x.Type.Kind != value.String:
			micros, nulls, err = toMicros(ctx, x, n)
		case len(args) == 2:
			micros, nulls, err = parseWith(x, args[1], n, loc, try, tryName(name))
		case ret.Kind == value.Date:
			return castStrings(x, n, dateT, try, value.ParseDate)
		default:
			return castStrings(x, n, tsT, try, func(s string) (int64, bool) { return value.ParseTimestamp(s, loc) })
		}
		if err != nil {
			return nil, err
		}
		if ret.Kind == value.Date {
			if x.Type.Kind == value.Date {
				days := make([]int64, n)
				copy(days, x.I64[:n])
				return &value.Vector{Type: dateT, I64: days, Nulls: nulls}, nil
			}
			days := mapInts(micros, nulls, func(us int64) int64 { return microsToDays(us, loc) })
			return &value.Vector{Type: dateT, I64: days, Nulls: nulls}, nil
		}
		return &value.Vector{Type: tsT, I64: micros, Nulls: nulls}, nil
	}
}

// castStrings converts strings as CAST does: malformed input fails with
// CAST_INVALID_INPUT, or is NULL in try mode.
func castStrings(x *value.Vector, n int, t value.Type, try bool, parse func(string) (int64, bool)) (*value.Vector, error) {
	nulls := x.Nulls
	owned := false
	out := make([]int64, n)
	for i, s := range x.Str[:n] {
		if rowNull(nulls, i) {
			continue
		}
		v, ok := parse(s)
		if !ok {
			if !try {
				return nil, castError(s, t)
			}
			if !owned {
				nulls, owned = ownNulls(nulls, n), true
			}
			nulls[i] = true
			continue
		}
		out[i] = v
	}
	return &value.Vector{Type: t, I64: out, Nulls: nulls}, nil
}

func resolveUnixTimestamp(args []Arg) (value.Type, []value.Type, error) {
	if len(args) == 0 {
		return value.BigIntType, nil, nil
	}
	_, casts, err := resolveParse("unix_timestamp", tsT)(args)
	return value.BigIntType, casts, err
}

// evalUnixTimestamp is unix_timestamp([expr [, fmt]]): seconds since the
// epoch; strings are parsed with fmt (default yyyy-MM-dd HH:mm:ss).
func evalUnixTimestamp(ctx *Context, ret value.Type, args []*value.Vector, n int) (*value.Vector, error) {
	if len(args) == 0 {
		var now time.Time
		if ctx != nil {
			now = ctx.Now
		}
		return value.Constant(value.Int64(now.Unix()), n), nil
	}
	if anyVoid(args) {
		return allNull(ret, n), nil
	}
	x := args[0]
	var (
		micros []int64
		nulls  []bool
		err    error
	)
	if x.Type.Kind == value.String {
		fmts := value.Constant(value.Str("yyyy-MM-dd HH:mm:ss"), n)
		if len(args) == 2 {
			fmts = args[1]
		}
		micros, nulls, err = parseWith(x, fmts, n, location(ctx), false, "try_to_timestamp")
	} else {
		micros, nulls, err = toMicros(ctx, x, n)
	}
	if err != nil {
		return nil, err
	}
	out := mapInts(micros, nulls, func(us int64) int64 { return floorDiv(us, microsPerSecond) })
	return &value.Vector{Type: ret, I64: out, Nulls: nulls}, nil
}

// ---------------------------------------------------------------- truncation

type truncLevel uint8

const (
	truncInvalid truncLevel = iota
	truncMicrosecond
	truncMillisecond
	truncSecond
	truncMinute
	truncHour
	truncDay
	truncWeek
	truncMonth
	truncQuarter
	truncYear
)

// parseTruncLevel reads a date_trunc/trunc unit; unknown units are
// truncInvalid (the functions return NULL for them, as Spark does).
func parseTruncLevel(unit string, dateOnly bool) truncLevel {
	switch strings.ToUpper(unit) {
	case "YEAR", "YYYY", "YY":
		return truncYear
	case "QUARTER":
		return truncQuarter
	case "MONTH", "MM", "MON":
		return truncMonth
	case "WEEK":
		return truncWeek
	}
	if dateOnly {
		return truncInvalid
	}
	switch strings.ToUpper(unit) {
	case "DAY", "DD":
		return truncDay
	case "HOUR":
		return truncHour
	case "MINUTE":
		return truncMinute
	case "SECOND":
		return truncSecond
	case "MILLISECOND":
		return truncMillisecond
	case "MICROSECOND":
		return truncMicrosecond
	}
	return truncInvalid
}

// resolveTrunc resolves date_trunc(unit, ts) → TIMESTAMP and trunc(date,
// unit) → DATE.
func resolveTrunc(name string, ret value.Type) func([]Arg) (value.Type, []value.Type, error) {
	return func(args []Arg) (value.Type, []value.Type, error) {
		if err := CheckArity(name, args, 2, 2); err != nil {
			return value.Type{}, nil, err
		}
		sql := CallSQL(name, args)
		ui, di := 0, 1
		if name == "trunc" {
			ui, di = 1, 0
		}
		casts := make([]value.Type, 2)
		ut, ok := paramCast(args[ui], str)
		if !ok {
			return value.Type{}, nil, UnexpectedType(sql, ui, `"STRING"`, args[ui])
		}
		casts[ui] = ut
		dt, ok := datetimeParam(args[di], ret)
		if !ok {
			return value.Type{}, nil, UnexpectedType(sql, di, quoteType(ret), args[di])
		}
		casts[di] = dt
		return ret, casts, nil
	}
}

// truncDays truncates a date to a level of week or coarser.
func truncDays(days int64, level truncLevel) int64 {
	switch level {
	case truncWeek:
		return days - floorMod(days+3, 7) // back to Monday
	case truncMonth, truncQuarter, truncYear:
		y, m, _ := civilFromDays(days)
		switch level {
		case truncYear:
			m = 1
		case truncQuarter:
			m = (m-1)/3*3 + 1
		}
		return daysFromCivil(y, m, 1)
	}
	return days
}

func evalDateTrunc(ctx *Context, _ value.Type, args []*value.Vector, n int) (*value.Vector, error) {
	if anyVoid(args) {
		return allNull(tsT, n), nil
	}
	loc := location(ctx)
	units := args[0]
	micros, mn, err := toMicros(ctx, args[1], n)
	if err != nil {
		return nil, err
	}
	nulls := ownNulls(unionNulls(n, units, &value.Vector{Type: tsT, I64: micros, Nulls: mn}), n)
	out := make([]int64, n)
	var (
		level truncLevel
		last  string
		seen  bool
	)
	for i := range out {
		if nulls[i] {
			continue
		}
		if u := units.Str[i]; !seen || u != last {
			level, last, seen = parseTruncLevel(u, false), u, true
		}
		us := micros[i]
		switch level {
		case truncInvalid:
			nulls[i] = true
		case truncMicrosecond:
			out[i] = us
		case truncMillisecond:
			out[i] = us - floorMod(us, 1000)
		case truncSecond:
			out[i] = us - floorMod(us, microsPerSecond)
		case truncMinute, truncHour:
			t := localTime(us, loc)
			mi := t.Minute()
			if level == truncHour {
				mi = 0
			}
			out[i] = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), mi, 0, 0, loc).UnixMicro()
		default:
			out[i] = daysToMicros(truncDays(microsToDays(us, loc), level), loc)
		}
	}
	return &value.Vector{Type: tsT, I64: out, Nulls: nulls}, nil
}

func evalTruncDate(ctx *Context, _ value.Type, args []*value.Vector, n int) (*value.Vector, error) {
	if anyVoid(args) {
		return allNull(dateT, n), nil
	}
	days, dn, err := toDays(ctx, args[0], n)
	if err != nil {
		return nil, err
	}
	units := args[1]
	nulls := ownNulls(unionNulls(n, units, &value.Vector{Type: dateT, I64: days, Nulls: dn}), n)
	out := make([]int64, n)
	var (
		level truncLevel
		last  string
		seen  bool
	)
	for i := range out {
		if nulls[i] {
			continue
		}
		if u := units.Str[i]; !seen || u != last {
			level, last, seen = parseTruncLevel(u, true), u, true
		}
		if level == truncInvalid {
			nulls[i] = true
			continue
		}
		out[i] = truncDays(days[i], level)
	}
	return &value.Vector{Type: dateT, I64: out, Nulls: nulls}, nil
}

// ---------------------------------------------------------------- fields

// resolvePart resolves a field function of one DATE or TIMESTAMP (want)
// argument giving an INT.
func resolvePart(name string, want value.Type) func([]Arg) (value.Type, []value.Type, error) {
	return func(args []Arg) (value.Type, []value.Type, error) {
		if err := CheckArity(name, args, 1, 1); err != nil {
			return value.Type{}, nil, err
		}
		t, ok := datetimeParam(args[0], want)
		if !ok {
			return value.Type{}, nil, UnexpectedType(CallSQL(name, args), 0, quoteType(want), args[0])
		}
		return i32, []value.Type{t}, nil
	}
}

func evalDatePart(f func(y, m, d int, days int64) int) func(*Context, value.Type, []*value.Vector, int) (*value.Vector, error) {
	return func(ctx *Context, _ value.Type, args []*value.Vector, n int) (*value.Vector, error) {
		if anyVoid(args) {
			return allNull(i32, n), nil
		}
		days, nulls, err := toDays(ctx, args[0], n)
		if err != nil {
			return nil, err
		}
		out := mapInts(days, nulls, func(d int64) int64 {
			y, m, dd := civilFromDays(d)
			return int64(f(y, m, dd, d))
		})
		return &value.Vector{Type: i32, I64: out, Nulls: nulls}, nil
	}
}

func evalTimePart(f func(t time.Time) int) func(*Context, value.Type, []*value.Vector, int) (*value.Vector, error) {
	return func(ctx *Context, _ value.Type, args []*value.Vector, n int) (*value.Vector, error) {
		if anyVoid(args) {
			return allNull(i32, n), nil
		}
		micros, nulls, err := toMicros(ctx, args[0], n)
		if err != nil {
			return nil, err
		}
		loc := location(ctx)
		out := mapInts(micros, nulls, func(us int64) int64 { return int64(f(localTime(us, loc))) })
		return &value.Vector{Type: i32, I64: out, Nulls: nulls}, nil
	}
}
