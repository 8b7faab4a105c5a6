package validate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Duration is a time.Duration that reads and writes JSON as text ("90m",
// "1h30m0s") rather than nanoseconds.
type Duration time.Duration

// String returns the duration as time.Duration formats it.
func (d Duration) String() string { return time.Duration(d).String() }

// MarshalText implements encoding.TextMarshaler.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with
// time.ParseDuration; errors wrap ErrInvalid.
func (d *Duration) UnmarshalText(b []byte) error {
	x, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("validate: duration %q: %w: %v", b, ErrInvalid, err)
	}
	*d = Duration(x)
	return nil
}

// Checks is a list of checks that round-trips through JSON: each built-in
// check is an object with a "kind" ("rowCount", "schema", "nullFraction",
// "range", "unique", "freshness", "distinctCount", "mean", "sum",
// "assertion", "keyDiff") and the check's fields:
//
//	[{"kind": "rowCount", "maxRelDiff": 0.01, "critical": true},
//	 {"kind": "nullFraction", "column": "amount", "maxIncrease": 0.01}]
//
// Custom checks cannot be marshalled; unknown kinds and unknown fields are
// errors (wrapping ErrInvalid), so typos in spec files are caught.
type Checks []Validator

// kinds decodes each kind of built-in check.
var kinds = map[string]func([]byte) (Validator, error){
	"rowCount":      decodeCheck[RowCount],
	"schema":        decodeCheck[Schema],
	"nullFraction":  decodeCheck[NullFraction],
	"range":         decodeCheck[Range],
	"unique":        decodeCheck[Unique],
	"freshness":     decodeCheck[Freshness],
	"distinctCount": decodeCheck[DistinctCount],
	"mean":          decodeCheck[Mean],
	"sum":           decodeCheck[Sum],
	"assertion":     decodeCheck[Assertion],
	"keyDiff":       decodeCheck[KeyDiff],
}

// decodeCheck decodes b strictly into a T.
func decodeCheck[T Validator](b []byte) (Validator, error) {
	var v T
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// kindOf returns the JSON kind of a built-in check.
func kindOf(v Validator) (string, bool) {
	switch v.(type) {
	case RowCount, *RowCount:
		return "rowCount", true
	case Schema, *Schema:
		return "schema", true
	case NullFraction, *NullFraction:
		return "nullFraction", true
	case Range, *Range:
		return "range", true
	case Unique, *Unique:
		return "unique", true
	case Freshness, *Freshness:
		return "freshness", true
	case DistinctCount, *DistinctCount:
		return "distinctCount", true
	case Mean, *Mean:
		return "mean", true
	case Sum, *Sum:
		return "sum", true
	case Assertion, *Assertion:
		return "assertion", true
	case KeyDiff, *KeyDiff:
		return "keyDiff", true
	}
	return "", false
}

// MarshalJSON implements json.Marshaler. It fails for custom checks.
func (cs Checks) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, c := range cs {
		if i > 0 {
			b.WriteByte(',')
		}
		kind, ok := kindOf(c)
		if !ok {
			return nil, fmt.Errorf("validate: marshal check %d: %w: %T is not a built-in check", i, ErrInvalid, c)
		}
		body, err := json.Marshal(c)
		if err != nil {
			return nil, fmt.Errorf("validate: marshal check %d: %w", i, err)
		}
		fmt.Fprintf(&b, `{"kind":%q`, kind)
		if rest := bytes.TrimPrefix(body, []byte("{")); !bytes.Equal(rest, []byte("}")) {
			b.WriteByte(',')
			b.Write(rest)
		} else {
			b.WriteByte('}')
		}
	}
	b.WriteByte(']')
	return b.Bytes(), nil
}

// UnmarshalJSON implements json.Unmarshaler.
func (cs *Checks) UnmarshalJSON(b []byte) error {
	var raws []json.RawMessage
	if err := json.Unmarshal(b, &raws); err != nil {
		return fmt.Errorf("validate: checks: %w: %v", ErrInvalid, err)
	}
	out := make(Checks, 0, len(raws))
	for i, raw := range raws {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(raw, &fields); err != nil {
			return fmt.Errorf("validate: check %d: %w: %v", i, ErrInvalid, err)
		}
		var kind string
		if err := json.Unmarshal(fields["kind"], &kind); err != nil || kind == "" {
			return fmt.Errorf("validate: check %d: %w: missing \"kind\"", i, ErrInvalid)
		}
		decode, ok := kinds[kind]
		if !ok {
			return fmt.Errorf("validate: check %d: %w: unknown kind %q (want one of %s)", i, ErrInvalid, kind, kindNames())
		}
		delete(fields, "kind")
		rest, err := json.Marshal(fields)
		if err != nil {
			return fmt.Errorf("validate: check %d: %w", i, err)
		}
		v, err := decode(rest)
		if err != nil {
			return fmt.Errorf("validate: check %d (%s): %w: %v", i, kind, ErrInvalid, err)
		}
		out = append(out, v)
	}
	*cs = out
	return nil
}

// kindNames lists the kinds for error messages.
func kindNames() string {
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
