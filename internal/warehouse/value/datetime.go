package value

import (
	"strconv"
	"sync"
	"time"
)

// Dates and timestamps use the proleptic Gregorian calendar over int64 day
// and microsecond counts, as Spark 3+ does. The civil-date arithmetic is
// hand-written (no time.Time per row) so that casts over large vectors stay
// allocation-free; time.Location is consulted only for UTC offsets.

const (
	microsPerSecond = 1_000_000
	secondsPerDay   = 86_400
	microsPerDay    = microsPerSecond * secondsPerDay
)

// floorDiv returns ⌊a/b⌋ for b > 0.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

// daysFromCivil returns the days since 1970-01-01 of a proleptic Gregorian
// date. month is 1…12 and day 1…31; year may be any value whose day count
// fits in an int64.
func daysFromCivil(year, month, day int64) int64 {
	if month <= 2 {
		year--
	}
	era := floorDiv(year, 400)
	yoe := year - era*400
	mp := month + 9
	if month > 2 {
		mp = month - 3
	}
	doy := (153*mp+2)/5 + day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(days int64) (year, month, day int64) {
	z := days + 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day = doy - (153*mp+2)/5 + 1
	month = mp + 3
	if mp >= 10 {
		month = mp - 9
	}
	year = yoe + era*400
	if month <= 2 {
		year++
	}
	return year, month, day
}

func isLeap(year int64) bool {
	return year%4 == 0 && (year%100 != 0 || year%400 == 0)
}

func daysInMonth(year, month int64) int64 {
	switch month {
	case 2:
		if isLeap(year) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// isTrimByte reports whether b is removed by Spark's trimming of cast input:
// ASCII whitespace and ISO control characters.
func isTrimByte(b byte) bool { return b <= ' ' || b == 0x7f }

// trimSpace strips leading and trailing isTrimByte bytes without allocating.
func trimSpace(s string) string {
	i, j := 0, len(s)
	for i < j && isTrimByte(s[i]) {
		i++
	}
	for j > i && isTrimByte(s[j-1]) {
		j--
	}
	return s[i:j]
}

// parseDate implements ParseDate after Spark's DateTimeUtils.stringToDate.
func parseDate(s string) (int64, bool) {
	s = trimSpace(s)
	if s == "" {
		return 0, false
	}
	j := 0
	sign := int64(1)
	if s[0] == '-' || s[0] == '+' {
		if s[0] == '-' {
			sign = -1
		}
		j++
	}
	seg := [3]int64{1, 1, 1}
	i := 0
	var cur, digits int64
	valid := func(seg int, d int64) bool {
		if seg == 0 {
			return d >= 4 && d <= 7
		}
		return d > 0 && d <= 2
	}
	for j < len(s) && i < 3 && s[j] != ' ' && s[j] != 'T' {
		b := s[j]
		switch {
		case i < 2 && b == '-':
			if !valid(i, digits) {
				return 0, false
			}
			seg[i] = cur
			cur, digits = 0, 0
			i++
		case b >= '0' && b <= '9':
			cur = cur*10 + int64(b-'0')
			digits++
			if digits > 7 {
				return 0, false
			}
		default:
			return 0, false
		}
		j++
	}
	if !valid(i, digits) {
		return 0, false
	}
	if i < 2 && j < len(s) {
		return 0, false
	}
	seg[i] = cur
	y, m, d := sign*seg[0], seg[1], seg[2]
	if m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) {
		return 0, false
	}
	return daysFromCivil(y, m, d), true
}

// tsStatus is the outcome of parsing a timestamp string.
type tsStatus uint8

const (
	tsOK          tsStatus = iota
	tsInvalid              // malformed: CAST_INVALID_INPUT
	tsTimeOnly             // a time without a date: needs the current date, unsupported
	tsUnsupported          // a zone id the fake cannot resolve
)

// parseTimestamp implements ParseTimestamp after Spark's
// DateTimeUtils.parseTimestampString and stringToTimestamp; it also tells
// malformed input from forms the fake does not evaluate.
func parseTimestamp(s string, loc *time.Location) (int64, tsStatus) {
	raw := s
	s = trimSpace(s)
	if s == "" {
		return 0, tsInvalid
	}
	// Spark recognises a leading 'T' (a time without a date) only at the
	// very start of the input.
	if raw[0] == 'T' {
		if len(s) > 1 && isDigit(s[1]) {
			return 0, tsTimeOnly
		}
		return 0, tsInvalid
	}
	seg := [7]int64{1, 1, 1, 0, 0, 0, 0}
	i := 0
	var cur, digits int64
	fracDigits := 0
	zoneID := ""
	signed := false
	sign := int64(1)
	j := 0
	if s[0] == '-' || s[0] == '+' {
		signed = true
		if s[0] == '-' {
			sign = -1
		}
		j++
	}
	valid := func(seg int, d int64) bool {
		switch seg {
		case 0:
			return d >= 4 && d <= 6
		case 6:
			return true
		}
		return d > 0 && d <= 2
	}
	for ; j < len(s); j++ {
		b := s[j]
		if b >= '0' && b <= '9' {
			if i == 6 {
				fracDigits++
				if fracDigits <= 6 {
					cur = cur*10 + int64(b-'0')
				}
				continue
			}
			cur = cur*10 + int64(b-'0')
			digits++
			if digits > 6 {
				return 0, tsInvalid
			}
			continue
		}
		switch {
		case i < 2:
			switch {
			case b == '-':
				if !valid(i, digits) {
					return 0, tsInvalid
				}
				seg[i] = cur
				cur, digits = 0, 0
				i++
			case i == 0 && b == ':' && !signed:
				if digits > 0 && digits <= 2 {
					return 0, tsTimeOnly
				}
				return 0, tsInvalid
			default:
				return 0, tsInvalid
			}
		case i == 2:
			if b != ' ' && b != 'T' {
				return 0, tsInvalid
			}
			if !valid(i, digits) {
				return 0, tsInvalid
			}
			seg[i] = cur
			cur, digits = 0, 0
			i++
		case i == 3 || i == 4:
			if b != ':' || !valid(i, digits) {
				return 0, tsInvalid
			}
			seg[i] = cur
			cur, digits = 0, 0
			i++
		case i == 5 && b == '.':
			if !valid(i, digits) {
				return 0, tsInvalid
			}
			seg[i] = cur
			cur, digits = 0, 0
			i++
		default: // i == 5 or 6: the rest is the zone
			if !valid(i, digits) {
				return 0, tsInvalid
			}
			seg[i] = cur
			cur, digits = 0, 0
			i = 7
			zoneID = trimSpace(s[j:])
			j = len(s)
		}
	}
	if i < 7 {
		if !valid(i, digits) {
			return 0, tsInvalid
		}
		seg[i] = cur
	}
	for k := fracDigits; k < 6; k++ {
		seg[6] *= 10
	}
	y, mo, d := sign*seg[0], seg[1], seg[2]
	h, mi, sec := seg[3], seg[4], seg[5]
	if mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || sec > 59 {
		return 0, tsInvalid
	}
	local := daysFromCivil(y, mo, d)*secondsPerDay + h*3600 + mi*60 + sec
	var utc int64
	if i == 7 {
		z, st := lookupZone(zoneID)
		if st != tsOK {
			return 0, st
		}
		utc = z.toUTC(local)
	} else {
		utc = localToUTC(local, loc)
	}
	micros, ok := secondsToMicros(utc, seg[6])
	if !ok {
		return 0, tsInvalid
	}
	return micros, tsOK
}

// secondsToMicros returns sec·10⁶ + frac, reporting int64 overflow.
func secondsToMicros(sec, frac int64) (int64, bool) {
	const lim = (1<<63 - 1) / microsPerSecond
	if sec > lim || sec < -lim-1 {
		return 0, false
	}
	m := sec * microsPerSecond
	r := m + frac
	if (frac > 0 && r < m) || (frac < 0 && r > m) {
		return 0, false
	}
	return r, true
}

// offsetAt returns the UTC offset of loc, in seconds, at Unix second sec.
func offsetAt(loc *time.Location, sec int64) int64 {
	if loc == nil || loc == time.UTC {
		return 0
	}
	_, off := time.Unix(sec, 0).In(loc).Zone()
	return int64(off)
}

// localToUTC converts a wall-clock time (seconds since the epoch as if the
// wall clock were UTC) in loc to a Unix second, with java.time's rules: in a
// gap the earlier offset is used (the time moves forward by the gap), in an
// overlap the earlier offset wins.
func localToUTC(local int64, loc *time.Location) int64 {
	if loc == nil || loc == time.UTC {
		return local
	}
	before := offsetAt(loc, local-secondsPerDay)
	u := local - before
	if offsetAt(loc, u) == before {
		return u
	}
	after := offsetAt(loc, local+secondsPerDay)
	if v := local - after; offsetAt(loc, v) == after {
		return v
	}
	return u
}

// zone is a parsed zone id: a fixed offset or a region.
type zone struct {
	loc    *time.Location // nil for a fixed offset
	offset int64          // seconds east of UTC, when loc is nil
}

func (z zone) toUTC(local int64) int64 {
	if z.loc == nil {
		return local - z.offset
	}
	return localToUTC(local, z.loc)
}

// javaShortIDs is java.time.ZoneId.SHORT_IDS, which Spark passes to
// ZoneId.of when it parses a zone.
var javaShortIDs = map[string]string{
	"ACT": "Australia/Darwin", "AET": "Australia/Sydney", "AGT": "America/Argentina/Buenos_Aires",
	"ART": "Africa/Cairo", "AST": "America/Anchorage", "BET": "America/Sao_Paulo",
	"BST": "Asia/Dhaka", "CAT": "Africa/Harare", "CNT": "America/St_Johns",
	"CST": "America/Chicago", "CTT": "Asia/Shanghai", "EAT": "Africa/Addis_Ababa",
	"ECT": "Europe/Paris", "IET": "America/Indiana/Indianapolis", "IST": "Asia/Kolkata",
	"JST": "Asia/Tokyo", "MIT": "Pacific/Apia", "NET": "Asia/Yerevan",
	"NST": "Pacific/Auckland", "PLT": "Asia/Karachi", "PNT": "America/Phoenix",
	"PRT": "America/Puerto_Rico", "PST": "America/Los_Angeles", "SST": "Pacific/Guadalcanal",
	"VST": "Asia/Ho_Chi_Minh", "EST": "-05:00", "MST": "-07:00", "HST": "-10:00",
}

// regions caches time.LoadLocation results (a *time.Location, or nil for a
// name that failed to load) by region id.
var regions sync.Map

// lookupZone resolves a zone id as Spark's DateTimeUtils.getZoneId does.
func lookupZone(id string) (zone, tsStatus) {
	id = padOffsetHour(id)
	if full, ok := javaShortIDs[id]; ok {
		id = full
	}
	if id == "Z" {
		return zone{}, tsOK
	}
	if len(id) > 0 && (id[0] == '+' || id[0] == '-') {
		off, ok := parseOffset(id)
		if !ok {
			return zone{}, tsInvalid
		}
		return zone{offset: off}, tsOK
	}
	for _, p := range [...]string{"UTC", "GMT", "UT"} {
		if id == p {
			return zone{}, tsOK
		}
		if len(id) > len(p) && id[:len(p)] == p && (id[len(p)] == '+' || id[len(p)] == '-') {
			off, ok := parseOffset(id[len(p):])
			if !ok {
				return zone{}, tsInvalid
			}
			return zone{offset: off}, tsOK
		}
	}
	if !isRegionID(id) {
		return zone{}, tsInvalid
	}
	if l, ok := regions.Load(id); ok {
		if l.(*time.Location) == nil {
			return zone{}, missingRegion()
		}
		return zone{loc: l.(*time.Location)}, tsOK
	}
	l, err := time.LoadLocation(id)
	if err != nil {
		l = nil
	}
	regions.Store(id, l)
	if l == nil {
		return zone{}, missingRegion()
	}
	return zone{loc: l}, tsOK
}

// missingRegion is the status of a region id that failed to load: malformed
// input when the time zone database is present, unsupported when it is not
// (the fake cannot tell an unknown region from a missing database).
func missingRegion() tsStatus {
	if tzdataPresent() {
		return tsInvalid
	}
	return tsUnsupported
}

var tzdataPresent = sync.OnceValue(func() bool {
	_, err := time.LoadLocation("Europe/Paris")
	return err == nil
})

// padOffsetHour applies Spark's two rewrites before ZoneId.of: a one-digit
// hour followed by ':' ("+8:00") and a one-digit hour at the end ("GMT-5")
// get a leading zero.
func padOffsetHour(id string) string {
	for k := 0; k+2 < len(id); k++ {
		if (id[k] == '+' || id[k] == '-') && isDigit(id[k+1]) && id[k+2] == ':' {
			id = id[:k+1] + "0" + id[k+1:]
			break
		}
	}
	if n := len(id); n >= 2 && (id[n-2] == '+' || id[n-2] == '-') && isDigit(id[n-1]) {
		id = id[:n-1] + "0" + id[n-1:]
	}
	return id
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// parseOffset parses java.time.ZoneOffset.of ids: ±h, ±hh, ±hh:mm, ±hhmm,
// ±hh:mm:ss, ±hhmmss, at most ±18:00.
func parseOffset(s string) (int64, bool) {
	if len(s) < 2 || (s[0] != '+' && s[0] != '-') {
		return 0, false
	}
	num := func(a string) (int64, bool) {
		if len(a) != 2 || !isDigit(a[0]) || !isDigit(a[1]) {
			return 0, false
		}
		return int64(a[0]-'0')*10 + int64(a[1]-'0'), true
	}
	body := s[1:]
	var h, m, sec int64
	ok := true
	switch len(body) {
	case 1:
		if !isDigit(body[0]) {
			return 0, false
		}
		h = int64(body[0] - '0')
	case 2:
		h, ok = num(body)
	case 4:
		var ok2 bool
		h, ok = num(body[:2])
		m, ok2 = num(body[2:])
		ok = ok && ok2
	case 5:
		var ok2 bool
		h, ok = num(body[:2])
		m, ok2 = num(body[3:])
		ok = ok && ok2 && body[2] == ':'
	case 6:
		var ok2, ok3 bool
		h, ok = num(body[:2])
		m, ok2 = num(body[2:4])
		sec, ok3 = num(body[4:])
		ok = ok && ok2 && ok3
	case 8:
		var ok2, ok3 bool
		h, ok = num(body[:2])
		m, ok2 = num(body[3:5])
		sec, ok3 = num(body[6:])
		ok = ok && ok2 && ok3 && body[2] == ':' && body[5] == ':'
	default:
		return 0, false
	}
	if !ok || h > 18 || m > 59 || sec > 59 {
		return 0, false
	}
	off := h*3600 + m*60 + sec
	if off > 18*3600 {
		return 0, false
	}
	if s[0] == '-' {
		off = -off
	}
	return off, true
}

// isRegionID checks java.time's region-id syntax [A-Za-z][A-Za-z0-9~/._+-]+
// and rejects Go's special name "Local".
func isRegionID(id string) bool {
	if len(id) < 2 || id == "Local" {
		return false
	}
	c := id[0]
	if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
		return false
	}
	for k := 1; k < len(id); k++ {
		c := id[k]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) ||
			c == '~' || c == '/' || c == '.' || c == '_' || c == '+' || c == '-') {
			return false
		}
	}
	return true
}

// appendYear writes a year as Spark's formatters do: four digits, a leading
// '+' above 9999 and a '-' before negative (proleptic) years.
func appendYear(dst []byte, y int64) []byte {
	if y < 0 {
		dst = append(dst, '-')
		y = -y
	} else if y > 9999 {
		dst = append(dst, '+')
	}
	switch {
	case y < 10:
		dst = append(dst, '0', '0', '0')
	case y < 100:
		dst = append(dst, '0', '0')
	case y < 1000:
		dst = append(dst, '0')
	}
	return strconv.AppendInt(dst, y, 10)
}

func append2(dst []byte, v int64) []byte {
	return append(dst, byte('0'+v/10), byte('0'+v%10))
}

// appendDate writes days since the epoch as yyyy-MM-dd.
func appendDate(dst []byte, days int64) []byte {
	y, m, d := civilFromDays(days)
	dst = appendYear(dst, y)
	dst = append(dst, '-')
	dst = append2(dst, m)
	dst = append(dst, '-')
	return append2(dst, d)
}

// appendTimestamp writes micros since the epoch in loc as
// yyyy-MM-dd HH:mm:ss[.ffffff] with trailing zeros of the fraction dropped.
func appendTimestamp(dst []byte, micros int64, loc *time.Location) []byte {
	sec := floorDiv(micros, microsPerSecond)
	frac := micros - sec*microsPerSecond
	local := sec + offsetAt(loc, sec)
	days := floorDiv(local, secondsPerDay)
	sod := local - days*secondsPerDay
	dst = appendDate(dst, days)
	dst = append(dst, ' ')
	dst = append2(dst, sod/3600)
	dst = append(dst, ':')
	dst = append2(dst, sod/60%60)
	dst = append(dst, ':')
	dst = append2(dst, sod%60)
	if frac != 0 {
		var f [7]byte
		f[0] = '.'
		for k := 6; k >= 1; k-- {
			f[k] = byte('0' + frac%10)
			frac /= 10
		}
		n := 7
		for f[n-1] == '0' {
			n--
		}
		dst = append(dst, f[:n]...)
	}
	return dst
}

// microsToDays returns the local date in loc of an instant (Spark's
// DateTimeUtils.microsToDays).
func microsToDays(micros int64, loc *time.Location) int64 {
	sec := floorDiv(micros, microsPerSecond)
	return floorDiv(sec+offsetAt(loc, sec), secondsPerDay)
}

// daysToMicros returns the first instant of a local date in loc (Spark's
// DateTimeUtils.daysToMicros); ok is false when it overflows.
func daysToMicros(days int64, loc *time.Location) (int64, bool) {
	const lim = (1<<63 - 1) / secondsPerDay
	if days > lim || days < -lim {
		return 0, false
	}
	return secondsToMicros(localToUTC(days*secondsPerDay, loc), 0)
}
