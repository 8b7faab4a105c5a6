package catalog

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// parseInterval parses a Delta interval property such as
// delta.logRetentionDuration, as Delta does: case-insensitive, an optional
// leading "interval", then one or more "<number> <unit>" pairs whose values
// add up. Units are week, day, hour, minute, second, millisecond and
// microsecond, singular or plural; a number has an optional sign, and only
// seconds may have a fraction (up to nine digits, truncated to
// microseconds). Months and years are rejected, as Delta rejects them for
// these properties (their length varies), and so is a negative total.
func parseInterval(s string) (time.Duration, error) {
	text := strings.ToLower(strings.TrimSpace(s))
	if rest, ok := strings.CutPrefix(text, "interval"); ok && (rest == "" || isSpace(rest[0])) {
		text = rest
	}
	fields := strings.Fields(text)
	if len(fields) == 0 {
		return 0, fmt.Errorf("interval %q: empty", s)
	}
	var total int64 // microseconds
	for i := 0; i < len(fields); {
		num := fields[i]
		i++
		// A sign may stand apart from its digits ("- 5 days").
		if (num == "-" || num == "+") && i < len(fields) {
			num += fields[i]
			i++
		}
		if i >= len(fields) {
			return 0, fmt.Errorf("interval %q: missing unit after %q", s, num)
		}
		unit := fields[i]
		i++
		micros, err := intervalTerm(num, unit)
		if err != nil {
			return 0, fmt.Errorf("interval %q: %w", s, err)
		}
		if (micros > 0 && total > math.MaxInt64-micros) || (micros < 0 && total < math.MinInt64-micros) {
			return 0, fmt.Errorf("interval %q: out of range", s)
		}
		total += micros
	}
	if total < 0 {
		return 0, fmt.Errorf("interval %q: negative", s)
	}
	if total > int64(math.MaxInt64/time.Microsecond) {
		return 0, fmt.Errorf("interval %q: out of range", s)
	}
	return time.Duration(total) * time.Microsecond, nil
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// intervalUnits are the microseconds of each unit Delta accepts for
// durations.
var intervalUnits = map[string]int64{
	"week":        7 * 24 * 3600 * 1e6,
	"day":         24 * 3600 * 1e6,
	"hour":        3600 * 1e6,
	"minute":      60 * 1e6,
	"second":      1e6,
	"millisecond": 1e3,
	"microsecond": 1,
}

// intervalTerm returns the microseconds of one "<number> <unit>" pair.
func intervalTerm(num, unit string) (int64, error) {
	name := strings.TrimSuffix(unit, "s")
	per, ok := intervalUnits[name]
	if !ok {
		if name == "month" || name == "year" {
			return 0, errors.New("months and years are not accepted; use days")
		}
		return 0, fmt.Errorf("unknown unit %q", unit)
	}
	neg := false
	switch {
	case strings.HasPrefix(num, "-"):
		neg, num = true, num[1:]
	case strings.HasPrefix(num, "+"):
		num = num[1:]
	}
	whole, frac, hasFrac := strings.Cut(num, ".")
	if hasFrac && name != "second" {
		return 0, fmt.Errorf("only seconds may have a fraction, got %q %s", num, unit)
	}
	if whole == "" && (!hasFrac || frac == "") || len(frac) > 9 || !digits(whole) || !digits(frac) {
		return 0, fmt.Errorf("invalid number %q", num)
	}
	var v int64
	for i := 0; i < len(whole); i++ {
		d := int64(whole[i] - '0')
		if v > (math.MaxInt64-d)/10 {
			return 0, fmt.Errorf("number %q out of range", num)
		}
		v = v*10 + d
	}
	if v > math.MaxInt64/per {
		return 0, fmt.Errorf("number %q out of range", num)
	}
	micros := v * per
	if hasFrac {
		f := frac + strings.Repeat("0", 6)
		var us int64
		for i := 0; i < 6; i++ {
			us = us*10 + int64(f[i]-'0')
		}
		if micros > math.MaxInt64-us {
			return 0, fmt.Errorf("number %q out of range", num)
		}
		micros += us
	}
	if neg {
		micros = -micros
	}
	return micros, nil
}

// digits reports whether s holds only ASCII digits.
func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
