package catalog

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"
)

// This file renders the few values that Databricks SQL does not accept as
// parameter markers (COMMENT texts, RESTORE … TIMESTAMP AS OF). Every
// other value goes as a parameter.

// stringLiteral renders s as a Spark SQL string literal: in single quotes,
// with backslashes and single quotes escaped by a backslash. Spark's lexer
// ends a literal only at an unescaped quote, so whatever s holds the result
// is one literal token whose value is s. (Doubled quotes are not used:
// Spark reads them as the end of one literal and the start of an adjacent
// one, which it concatenates, dropping the quote.) s must be valid UTF-8.
func stringLiteral(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", errors.New("text is not valid UTF-8")
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '\'':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
	return b.String(), nil
}

// timestampLayout is the text of a timestamp literal: UTC, microseconds
// with trailing zeros dropped, and an explicit zone so that the session
// time zone does not change its meaning.
const timestampLayout = "2006-01-02 15:04:05.999999Z"

// timestampLiteral renders t, truncated to the microsecond, as a string
// literal that Spark casts to the same instant in any session time zone:
// '2024-01-02 03:04:05.123456Z'. The text holds only digits, '-', ':', '.',
// ' ' and 'Z'. Years outside 1 to 9999 are rejected.
func timestampLiteral(t time.Time) (string, error) {
	u := t.UTC()
	if y := u.Year(); y < 1 || y > 9999 {
		return "", errors.New("timestamp year outside 1 to 9999")
	}
	u = u.Truncate(time.Microsecond)
	return "'" + u.Format(timestampLayout) + "'", nil
}
