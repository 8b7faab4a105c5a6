package fn

import (
	"strconv"
	"strings"
	"time"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
)

// A subset of Spark's datetime patterns (Java DateTimeFormatter letters) for
// parsing: y, M/L (1–4 letters; MMM and MMMM are month names), d, D, H, h,
// k, K, a, m, s, S (fraction) and literals ('text', or any non-letter).
// Parsing is case-insensitive and strict: the whole input must match and
// the fields must form a valid date and time. Week-based letters fail as in
// Spark 3+; other letters Spark accepts but the fake does not implement fail
// with UNSUPPORTED_FEATURE.

type fieldKind uint8

const (
	fLiteral fieldKind = iota
	fYear
	fMonth
	fDay
	fDayOfYear
	fHour24  // H: 0–23
	fHour12  // h: 1–12
	fHour24k // k: 1–24
	fHour12K // K: 0–11
	fAmPm
	fMinute
	fSecond
	fFraction
)

// patElem is one element of a compiled pattern.
type patElem struct {
	kind   fieldKind
	count  int    // pattern letters
	lit    string // literal text
	minW   int    // numeric fields: minimum digits
	maxW   int    // maximum digits
	text   bool   // month names
	letter byte
}

// datePattern is a compiled datetime pattern.
type datePattern struct {
	src   string
	elems []patElem
}

// maxLetters bounds the repetition of each letter (Spark rejects longer
// runs with INVALID_DATETIME_PATTERN.LENGTH).
var maxLetters = map[byte]int{
	'y': 6, 'M': 4, 'L': 4, 'd': 2, 'D': 3, 'H': 2, 'h': 2, 'k': 2, 'K': 2,
	'a': 1, 'm': 2, 's': 2, 'S': 9,
}

var fieldOf = map[byte]fieldKind{
	'y': fYear, 'M': fMonth, 'L': fMonth, 'd': fDay, 'D': fDayOfYear, 'H': fHour24, 'h': fHour12,
	'k': fHour24k, 'K': fHour12K, 'a': fAmPm, 'm': fMinute, 's': fSecond, 'S': fFraction,
}

// javaLetters are the pattern letters java.time knows; the fake supports
// only those in fieldOf.
const javaLetters = "GuyDMLdQqYwWEecFahKkHmsSAnNVvzOXxZp"

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

var patternCacheDT patternCache[*datePattern]

// compilePattern parses a datetime pattern.
func compilePattern(p string) (*datePattern, error) {
	if c, ok := patternCacheDT.get(p); ok {
		return c, nil
	}
	dp := &datePattern{src: p}
	for i := 0; i < len(p); {
		c := p[i]
		switch {
		case c == '\'':
			j := i + 1
			var lit strings.Builder
			for {
				if j >= len(p) {
					return nil, errclass.New("INVALID_DATETIME_PATTERN",
						"Unrecognized datetime pattern: %s.", p)
				}
				if p[j] == '\'' {
					if j+1 < len(p) && p[j+1] == '\'' {
						lit.WriteByte('\'')
						j += 2
						continue
					}
					break
				}
				lit.WriteByte(p[j])
				j++
			}
			if j == i+1 { // '' is a quote
				lit.WriteByte('\'')
			}
			dp.addLiteral(lit.String())
			i = j + 1
		case isLetter(c):
			j := i
			for j < len(p) && p[j] == c {
				j++
			}
			count := j - i
			if err := dp.addField(c, count); err != nil {
				return nil, err
			}
			i = j
		default:
			dp.addLiteral(string(c))
			i++
		}
	}
	patternCacheDT.put(p, dp)
	return dp, nil
}

func (dp *datePattern) addLiteral(s string) {
	if n := len(dp.elems); n > 0 && dp.elems[n-1].kind == fLiteral {
		dp.elems[n-1].lit += s
		return
	}
	dp.elems = append(dp.elems, patElem{kind: fLiteral, lit: s})
}

func (dp *datePattern) addField(c byte, count int) error {
	switch {
	case strings.IndexByte("YwWuec", c) >= 0:
		return errclass.New("INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_WEEK_BASED_PATTERN",
			"You may get a different result due to the upgrading to Spark >= 3.0:\nAll week-based patterns are unsupported since Spark 3.0, detected week-based character: %c.\nPlease use the SQL function EXTRACT instead.", c)
	case strings.IndexByte(javaLetters, c) < 0:
		return errclass.New("INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER",
			"Unrecognized datetime pattern: %s. Illegal pattern character found in datetime pattern: %c. Please provide legal character.", dp.src, c)
	}
	kind, ok := fieldOf[c]
	if !ok {
		return Unsupported("the datetime pattern letter '" + string(c) + "' in " + quote(dp.src))
	}
	if count > maxLetters[c] {
		return errclass.New("INVALID_DATETIME_PATTERN.LENGTH",
			"Unrecognized datetime pattern: %s. Too many letters in datetime pattern: %s. Please reduce pattern length.",
			dp.src, strings.Repeat(string(c), count))
	}
	e := patElem{kind: kind, count: count, letter: c}
	switch {
	case kind == fAmPm:
	case kind == fMonth && count >= 3:
		e.text = true
	case kind == fFraction:
		e.minW, e.maxW = 1, count
	case kind == fYear && count == 2:
		e.minW, e.maxW = 2, 2
	case kind == fYear:
		e.minW, e.maxW = count, 10
	case kind == fDayOfYear && count == 2:
		e.minW, e.maxW = 2, 3
	case count == 1:
		e.minW, e.maxW = 1, 10
	default:
		e.minW, e.maxW = count, count
	}
	dp.elems = append(dp.elems, e)
	return nil
}

// numeric reports whether an element parses digits.
func (e *patElem) numeric() bool { return e.kind != fLiteral && e.kind != fAmPm && !e.text }

// parsed holds the fields read from an input.
type parsed struct {
	year, month, day, doy int
	hour, minute, second  int
	nanos                 int
	hasYear, hasMonth     bool
	hasDay, hasDoy        bool
	hasAmPm, pm, hourSet  bool
	hourKind              fieldKind
}

var monthNames = [...]string{"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"}

// parseError is a java.time DateTimeParseException message.
type parseError string

func (e parseError) Error() string { return string(e) }

func errAt(s string, i int) error {
	return parseError("Text '" + s + "' could not be parsed at index " + strconv.Itoa(i))
}

// parse reads s with the pattern and returns the local date-time fields.
func (dp *datePattern) parse(s string) (parsed, error) {
	var r parsed
	pos := 0
	for k := range dp.elems {
		e := &dp.elems[k]
		switch {
		case e.kind == fLiteral:
			if len(s)-pos < len(e.lit) || !strings.EqualFold(s[pos:pos+len(e.lit)], e.lit) {
				return r, errAt(s, pos)
			}
			pos += len(e.lit)
		case e.kind == fAmPm:
			if len(s)-pos < 2 {
				return r, errAt(s, pos)
			}
			switch strings.ToUpper(s[pos : pos+2]) {
			case "AM":
			case "PM":
				r.pm = true
			default:
				return r, errAt(s, pos)
			}
			r.hasAmPm = true
			pos += 2
		case e.text:
			m, w := matchMonth(s[pos:], e.count == 3)
			if m == 0 {
				return r, errAt(s, pos)
			}
			r.month, r.hasMonth = m, true
			pos += w
		default:
			// Leave room for the fixed-width numeric fields that follow
			// directly (adjacent value parsing: yyyyMMdd).
			reserve := 0
			for j := k + 1; j < len(dp.elems) && dp.elems[j].numeric() && dp.elems[j].minW == dp.elems[j].maxW; j++ {
				reserve += dp.elems[j].minW
			}
			avail := 0
			for pos+avail < len(s) && s[pos+avail] >= '0' && s[pos+avail] <= '9' {
				avail++
			}
			w := min(e.maxW, avail-reserve)
			if w < e.minW {
				return r, errAt(s, pos)
			}
			digitsText := s[pos : pos+w]
			v, err := strconv.Atoi(digitsText)
			if err != nil {
				return r, errAt(s, pos)
			}
			if err := r.set(e, v, w, s); err != nil {
				return r, err
			}
			pos += w
		}
	}
	if pos < len(s) {
		return r, parseError("Text '" + s + "' could not be parsed, unparsed text found at index " + strconv.Itoa(pos))
	}
	return r, nil
}

// set stores a numeric field.
func (r *parsed) set(e *patElem, v, width int, s string) error {
	invalid := func(field string, lo, hi int) error {
		return parseError("Text '" + s + "' could not be parsed: Invalid value for " + field +
			" (valid values " + strconv.Itoa(lo) + " - " + strconv.Itoa(hi) + "): " + strconv.Itoa(v))
	}
	switch e.kind {
	case fYear:
		if e.count == 2 {
			v += 2000
		}
		r.year, r.hasYear = v, true
	case fMonth:
		if v < 1 || v > 12 {
			return invalid("MonthOfYear", 1, 12)
		}
		r.month, r.hasMonth = v, true
	case fDay:
		if v < 1 || v > 31 {
			return invalid("DayOfMonth", 1, 31)
		}
		r.day, r.hasDay = v, true
	case fDayOfYear:
		if v < 1 || v > 366 {
			return invalid("DayOfYear", 1, 366)
		}
		r.doy, r.hasDoy = v, true
	case fHour24:
		if v > 23 {
			return invalid("HourOfDay", 0, 23)
		}
		r.hour, r.hourSet, r.hourKind = v, true, fHour24
	case fHour12:
		if v < 1 || v > 12 {
			return invalid("ClockHourOfAmPm", 1, 12)
		}
		r.hour, r.hourSet, r.hourKind = v, true, fHour12
	case fHour24k:
		if v < 1 || v > 24 {
			return invalid("ClockHourOfDay", 1, 24)
		}
		r.hour, r.hourSet, r.hourKind = v%24, true, fHour24
	case fHour12K:
		if v > 11 {
			return invalid("HourOfAmPm", 0, 11)
		}
		r.hour, r.hourSet, r.hourKind = v, true, fHour12K
	case fMinute:
		if v > 59 {
			return invalid("MinuteOfHour", 0, 59)
		}
		r.minute = v
	case fSecond:
		if v > 59 {
			return invalid("SecondOfMinute", 0, 59)
		}
		r.second = v
	case fFraction:
		for range 9 - width {
			v *= 10
		}
		r.nanos = v
	}
	return nil
}

// matchMonth matches a month name (short or full) at the start of s,
// ignoring case, and returns the month and the bytes consumed.
func matchMonth(s string, short bool) (int, int) {
	for i, name := range monthNames {
		if short {
			name = name[:3]
		}
		if len(s) >= len(name) && strings.EqualFold(s[:len(name)], name) {
			return i + 1, len(name)
		}
	}
	return 0, 0
}

// resolve turns the parsed fields into a local time in loc, defaulting
// missing fields to 1970-01-01 00:00:00 as Spark does.
func (r *parsed) resolve(s string, loc *time.Location) (time.Time, error) {
	year := 1970
	if r.hasYear {
		year = r.year
	}
	month, day := 1, 1
	if r.hasMonth {
		month = r.month
	}
	if r.hasDay {
		day = r.day
	}
	if r.hasDoy {
		t := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.doy-1)
		if t.Year() != year || (r.hasMonth && int(t.Month()) != month) || (r.hasDay && t.Day() != day) {
			return time.Time{}, parseError("Text '" + s + "' could not be parsed: Conflict found: Field DayOfYear " +
				strconv.Itoa(r.doy) + " differs from the date")
		}
		month, day = int(t.Month()), t.Day()
	}
	if day > daysIn(year, month) {
		if day > 29 || month != 2 {
			return time.Time{}, parseError("Text '" + s + "' could not be parsed: Invalid date '" +
				strings.ToUpper(time.Month(month).String()) + " " + strconv.Itoa(day) + "'")
		}
		return time.Time{}, parseError("Text '" + s + "' could not be parsed: Invalid date 'February 29' as '" +
			strconv.Itoa(year) + "' is not a leap year")
	}
	hour := r.hour
	if r.hourKind == fHour12 || r.hourKind == fHour12K {
		hour %= 12
		if r.pm {
			hour += 12
		}
	} else if r.hasAmPm && r.hourSet && r.pm && hour < 12 {
		hour += 12
	}
	return time.Date(year, time.Month(month), day, hour, r.minute, r.second, r.nanos, loc), nil
}

// daysIn returns the number of days of a month.
func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
