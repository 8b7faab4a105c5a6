package catalog

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Name is a Unity Catalog object name of one to three parts: catalog,
// schema, object. Parts hold the names themselves, unquoted (a part may
// contain any character, including dots and backticks).
//
// The zero Name is invalid.
type Name struct {
	parts []string
}

// NewName returns the name with the given parts (1 to 3, none empty, each
// valid UTF-8). It returns an error wrapping ErrInvalid otherwise.
func NewName(parts ...string) (Name, error) {
	if len(parts) < 1 || len(parts) > 3 {
		return Name{}, fmt.Errorf("catalog: name %q: %w: want 1 to 3 parts, got %d", strings.Join(parts, "."), ErrInvalid, len(parts))
	}
	for _, p := range parts {
		if p == "" {
			return Name{}, fmt.Errorf("catalog: name %q: %w: empty part", strings.Join(parts, "."), ErrInvalid)
		}
		if !utf8.ValidString(p) {
			return Name{}, fmt.Errorf("catalog: name %q: %w: part is not valid UTF-8", strings.Join(parts, "."), ErrInvalid)
		}
	}
	return Name{parts: append([]string(nil), parts...)}, nil
}

// MustName is NewName for names known to be valid; it panics otherwise. Use
// it for constants in programs and tests, never for user input.
func MustName(parts ...string) Name {
	n, err := NewName(parts...)
	if err != nil {
		panic(err)
	}
	return n
}

// ParseName parses a name as written in SQL: one to three parts separated
// by dots, each either a plain identifier (ASCII letters, digits and
// underscores) or a backtick-quoted one with doubled backticks inside:
//
//	main.`sales-eu`.`my``table`
//
// has the parts main, sales-eu and my`table. Spaces around parts are not
// allowed. It returns an error wrapping ErrInvalid for anything else,
// including text that is not valid UTF-8.
func ParseName(s string) (Name, error) {
	if !utf8.ValidString(s) {
		return Name{}, fmt.Errorf("catalog: parse name %q: %w: not valid UTF-8", s, ErrInvalid)
	}
	var parts []string
	i := 0
	for {
		if i >= len(s) {
			return Name{}, fmt.Errorf("catalog: parse name %q: %w: missing part", s, ErrInvalid)
		}
		var part strings.Builder
		if s[i] == '`' {
			i++
			closed := false
			for i < len(s) {
				if s[i] == '`' {
					if i+1 < len(s) && s[i+1] == '`' {
						part.WriteByte('`')
						i += 2
						continue
					}
					i++
					closed = true
					break
				}
				part.WriteByte(s[i])
				i++
			}
			if !closed {
				return Name{}, fmt.Errorf("catalog: parse name %q: %w: unclosed backtick", s, ErrInvalid)
			}
		} else {
			start := i
			for i < len(s) && isIdentByte(s[i]) {
				i++
			}
			if i == start {
				return Name{}, fmt.Errorf("catalog: parse name %q: %w: unexpected %q at offset %d", s, ErrInvalid, s[i], i)
			}
			part.WriteString(s[start:i])
		}
		if part.Len() == 0 {
			return Name{}, fmt.Errorf("catalog: parse name %q: %w: empty part", s, ErrInvalid)
		}
		parts = append(parts, part.String())
		if i == len(s) {
			break
		}
		if s[i] != '.' {
			return Name{}, fmt.Errorf("catalog: parse name %q: %w: unexpected %q at offset %d", s, ErrInvalid, s[i], i)
		}
		i++
	}
	if len(parts) > 3 {
		return Name{}, fmt.Errorf("catalog: parse name %q: %w: want 1 to 3 parts, got %d", s, ErrInvalid, len(parts))
	}
	return Name{parts: parts}, nil
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// Parts returns a copy of the name's parts.
func (n Name) Parts() []string { return append([]string(nil), n.parts...) }

// Len returns the number of parts (0 for the zero Name).
func (n Name) Len() int { return len(n.parts) }

// IsZero reports whether n is the zero Name.
func (n Name) IsZero() bool { return len(n.parts) == 0 }

// Last returns the last part: the object's own name ("" for the zero Name).
func (n Name) Last() string {
	if len(n.parts) == 0 {
		return ""
	}
	return n.parts[len(n.parts)-1]
}

// Parent returns the name without its last part (the zero Name for a
// one-part name).
func (n Name) Parent() Name {
	if len(n.parts) <= 1 {
		return Name{}
	}
	return Name{parts: n.parts[: len(n.parts)-1 : len(n.parts)-1]}
}

// Child returns n with part appended. It returns an error wrapping
// ErrInvalid if the result would have more than three parts or part is empty.
func (n Name) Child(part string) (Name, error) {
	return NewName(append(n.Parts(), part)...)
}

// Quoted returns the name as SQL text: every part in backticks, backticks
// inside doubled, parts joined by dots. Whatever the parts contain, the
// result is one identifier token sequence that cannot change the structure
// of a statement it is placed in.
func (n Name) Quoted() string {
	var b strings.Builder
	for i, p := range n.parts {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(QuoteIdent(p))
	}
	return b.String()
}

// String returns the name as people write it: parts joined by dots, each
// quoted only when it is not a plain identifier (ASCII letters, digits and
// underscores, not starting with a digit). It is meant for messages; SQL
// text uses Quoted.
func (n Name) String() string {
	var b strings.Builder
	for i, p := range n.parts {
		if i > 0 {
			b.WriteByte('.')
		}
		if plain(p) {
			b.WriteString(p)
		} else {
			b.WriteString(QuoteIdent(p))
		}
	}
	return b.String()
}

func plain(p string) bool {
	if p == "" || p[0] >= '0' && p[0] <= '9' {
		return false
	}
	for i := 0; i < len(p); i++ {
		if !isIdentByte(p[i]) {
			return false
		}
	}
	return true
}

// Equal reports whether n and m name the same object: same number of parts,
// each equal ignoring case, as Unity Catalog compares names.
func (n Name) Equal(m Name) bool {
	if len(n.parts) != len(m.parts) {
		return false
	}
	for i := range n.parts {
		if !strings.EqualFold(n.parts[i], m.parts[i]) {
			return false
		}
	}
	return true
}

// QuoteIdent quotes one identifier part with backticks, doubling backticks
// inside.
func QuoteIdent(part string) string {
	return "`" + strings.ReplaceAll(part, "`", "``") + "`"
}

// MarshalText implements encoding.TextMarshaler with the Quoted form, so
// names round-trip through JSON specs.
func (n Name) MarshalText() ([]byte, error) {
	if n.IsZero() {
		return nil, errors.New("catalog: marshal zero name")
	}
	return []byte(n.Quoted()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseName.
func (n *Name) UnmarshalText(b []byte) error {
	m, err := ParseName(string(b))
	if err != nil {
		return err
	}
	*n = m
	return nil
}
