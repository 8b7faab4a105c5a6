package parser

import (
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// tokKind is the kind of a token.
type tokKind uint8

const (
	tkEOF     tokKind = iota
	tkInvalid         // an unrecognised character or an unclosed quote
	tkWord            // an unquoted identifier or keyword
	tkQuoted          // a `backquoted` identifier; str holds the name
	tkString          // '…', "…", r'…'; str holds the value
	tkNumber          // a numeric literal; num says which form
	tkLParen
	tkRParen
	tkLBracket
	tkRBracket
	tkComma
	tkDot
	tkSemi
	tkStar
	tkPlus
	tkMinus
	tkSlash
	tkPercent
	tkTilde
	tkAmp
	tkPipe
	tkConcat // ||
	tkCaret
	tkEq   // = and ==
	tkNSEq // <=>
	tkNeq  // <> and !=
	tkLt
	tkLe // <= and !>
	tkGt
	tkGe // >= and !<
	tkShl
	tkShr
	tkShru
	tkColon
	tkDColon
	tkArrow    // ->
	tkFatArrow // =>
	tkQuestion
	tkBang
	tkAt // @suffix of a time-travel table name; str holds the suffix
)

// numKind is the form of a numeric literal, following Spark's lexer rules.
type numKind uint8

const (
	numInt        numKind = iota // 12
	numBigInt                    // 12L
	numSmallInt                  // 12S
	numTinyInt                   // 12Y
	numDecimal                   // 1.5, .5, 1.
	numExp                       // 1e3, 1.5E-2 (DOUBLE)
	numDouble                    // 1.5D
	numFloat                     // 1.5F
	numBigDecimal                // 1.5BD
)

// token is one lexical token. pos and end are byte offsets into the source.
type token struct {
	str  string
	pos  int
	end  int
	kind tokKind
	num  numKind
	kw   keyword
	// nonASCII is set for words that contain non-ASCII letters: Spark lexes
	// them as identifiers and then rejects them with INVALID_IDENTIFIER.
	nonASCII bool
}

// lexer turns SQL text into tokens on demand. Whitespace and comments are
// skipped; /*+ hints */ are skipped like comments.
type lexer struct {
	src string
	pos int
	// unclosedComment records a /* comment that runs to the end of the input.
	unclosedComment bool
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isASCIIWordChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// isUnicodeSpace reports the non-ASCII characters Spark's lexer treats as
// whitespace.
func isUnicodeSpace(r rune) bool {
	switch r {
	case 0x00A0, 0x1680, 0x2028, 0x202F, 0x205F, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// skipSpace skips whitespace and comments.
func (lx *lexer) skipSpace() {
	s := lx.src
	for lx.pos < len(s) {
		c := s[lx.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			lx.pos++
		case c == '-' && lx.pos+1 < len(s) && s[lx.pos+1] == '-':
			lx.pos += 2
			for lx.pos < len(s) {
				c := s[lx.pos]
				if c == '\\' && lx.pos+1 < len(s) && s[lx.pos+1] == '\n' {
					lx.pos += 2
					continue
				}
				if c == '\n' || c == '\r' {
					break
				}
				lx.pos++
			}
		case c == '/' && lx.pos+1 < len(s) && s[lx.pos+1] == '*':
			lx.skipBlockComment()
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(s[lx.pos:])
			if !isUnicodeSpace(r) {
				return
			}
			lx.pos += n
		default:
			return
		}
	}
}

// skipBlockComment skips a bracketed comment; they nest.
func (lx *lexer) skipBlockComment() {
	s := lx.src
	depth := 0
	for lx.pos < len(s) {
		if s[lx.pos] == '/' && lx.pos+1 < len(s) && s[lx.pos+1] == '*' {
			depth++
			lx.pos += 2
			continue
		}
		if s[lx.pos] == '*' && lx.pos+1 < len(s) && s[lx.pos+1] == '/' {
			depth--
			lx.pos += 2
			if depth == 0 {
				return
			}
			continue
		}
		lx.pos++
	}
	lx.unclosedComment = true
}

// next returns the next token. At the end of the input it returns tkEOF
// tokens forever.
func (lx *lexer) next() token {
	lx.skipSpace()
	s := lx.src
	start := lx.pos
	if start >= len(s) {
		return token{kind: tkEOF, pos: len(s), end: len(s)}
	}
	c := s[start]
	switch {
	case (c == 'r' || c == 'R') && start+1 < len(s) && (s[start+1] == '\'' || s[start+1] == '"'):
		if t, ok := lx.rawString(start); ok {
			return t
		}
		return lx.word(start)
	case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		return lx.word(start)
	case isDigit(c):
		return lx.number(start)
	case c == '.':
		if start+1 < len(s) && isDigit(s[start+1]) {
			if end, kind, ok := lx.decimalForm(start); ok {
				lx.pos = end
				return token{kind: tkNumber, num: kind, pos: start, end: end}
			}
		}
		return lx.punct(start, 1, tkDot)
	case c == '\'' || c == '"':
		return lx.quotedString(start)
	case c == '`':
		return lx.backquoted(start)
	case c == '@':
		end := start + 1
		for end < len(s) && isASCIIWordChar(s[end]) {
			end++
		}
		lx.pos = end
		return token{kind: tkAt, pos: start, end: end, str: s[start+1 : end]}
	case c >= utf8.RuneSelf:
		r, n := utf8.DecodeRuneInString(s[start:])
		if r != utf8.RuneError && unicode.IsLetter(r) {
			return lx.word(start)
		}
		lx.pos = start + n
		return token{kind: tkInvalid, pos: start, end: start + n}
	}
	return lx.operator(start)
}

func (lx *lexer) punct(start, n int, k tokKind) token {
	lx.pos = start + n
	return token{kind: k, pos: start, end: start + n}
}

// operator lexes punctuation, preferring the longest operator.
func (lx *lexer) operator(start int) token {
	s := lx.src
	at := func(i int) byte {
		if start+i < len(s) {
			return s[start+i]
		}
		return 0
	}
	switch s[start] {
	case '(':
		return lx.punct(start, 1, tkLParen)
	case ')':
		return lx.punct(start, 1, tkRParen)
	case '[':
		return lx.punct(start, 1, tkLBracket)
	case ']':
		return lx.punct(start, 1, tkRBracket)
	case ',':
		return lx.punct(start, 1, tkComma)
	case ';':
		return lx.punct(start, 1, tkSemi)
	case '*':
		return lx.punct(start, 1, tkStar)
	case '+':
		return lx.punct(start, 1, tkPlus)
	case '/':
		return lx.punct(start, 1, tkSlash)
	case '%':
		return lx.punct(start, 1, tkPercent)
	case '~':
		return lx.punct(start, 1, tkTilde)
	case '&':
		return lx.punct(start, 1, tkAmp)
	case '^':
		return lx.punct(start, 1, tkCaret)
	case '?':
		return lx.punct(start, 1, tkQuestion)
	case '-':
		if at(1) == '>' {
			return lx.punct(start, 2, tkArrow)
		}
		return lx.punct(start, 1, tkMinus)
	case '|':
		if at(1) == '|' {
			return lx.punct(start, 2, tkConcat)
		}
		return lx.punct(start, 1, tkPipe)
	case ':':
		if at(1) == ':' {
			return lx.punct(start, 2, tkDColon)
		}
		return lx.punct(start, 1, tkColon)
	case '=':
		switch at(1) {
		case '=':
			return lx.punct(start, 2, tkEq)
		case '>':
			return lx.punct(start, 2, tkFatArrow)
		}
		return lx.punct(start, 1, tkEq)
	case '!':
		switch at(1) {
		case '=':
			return lx.punct(start, 2, tkNeq)
		case '>':
			return lx.punct(start, 2, tkLe)
		case '<':
			return lx.punct(start, 2, tkGe)
		}
		return lx.punct(start, 1, tkBang)
	case '<':
		switch at(1) {
		case '=':
			if at(2) == '>' {
				return lx.punct(start, 3, tkNSEq)
			}
			return lx.punct(start, 2, tkLe)
		case '>':
			return lx.punct(start, 2, tkNeq)
		case '<':
			return lx.punct(start, 2, tkShl)
		}
		return lx.punct(start, 1, tkLt)
	case '>':
		switch at(1) {
		case '=':
			return lx.punct(start, 2, tkGe)
		case '>':
			if at(2) == '>' {
				return lx.punct(start, 3, tkShru)
			}
			return lx.punct(start, 2, tkShr)
		}
		return lx.punct(start, 1, tkGt)
	}
	return lx.punct(start, 1, tkInvalid)
}

// wordEnd returns the end of the run of identifier characters (letters,
// digits, underscores) starting at start, and whether it has non-ASCII
// letters.
func (lx *lexer) wordEnd(start int) (int, bool) {
	s := lx.src
	i := start
	nonASCII := false
	for i < len(s) {
		c := s[i]
		if isASCIIWordChar(c) {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			break
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || !unicode.IsLetter(r) {
			break
		}
		nonASCII = true
		i += n
	}
	return i, nonASCII
}

func (lx *lexer) word(start int) token {
	end, nonASCII := lx.wordEnd(start)
	lx.pos = end
	t := token{kind: tkWord, pos: start, end: end, nonASCII: nonASCII}
	if !nonASCII {
		t.kw = lookupKeyword(lx.src[start:end])
	}
	return t
}

// scanExponent returns the end of an exponent ([eE][+-]?digits) at i, or i
// when there is none.
func (lx *lexer) scanExponent(i int) int {
	s := lx.src
	if i >= len(s) || s[i] != 'e' && s[i] != 'E' {
		return i
	}
	j := i + 1
	if j < len(s) && (s[j] == '+' || s[j] == '-') {
		j++
	}
	if j >= len(s) || !isDigit(s[j]) {
		return i
	}
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	return j
}

// suffix reports a numeric suffix (L, S, Y, F, D or BD, any case) at i and
// its length.
func (lx *lexer) suffix(i int) (numKind, int, bool) {
	s := lx.src
	if i >= len(s) {
		return 0, 0, false
	}
	switch s[i] | 0x20 {
	case 'l':
		return numBigInt, 1, true
	case 's':
		return numSmallInt, 1, true
	case 'y':
		return numTinyInt, 1, true
	case 'f':
		return numFloat, 1, true
	case 'd':
		return numDouble, 1, true
	case 'b':
		if i+1 < len(s) && s[i+1]|0x20 == 'd' {
			return numBigDecimal, 2, true
		}
	}
	return 0, 0, false
}

// validDecimalEnd is Spark's isValidDecimal: a literal with a decimal point
// must not be followed by a letter, digit or underscore.
func (lx *lexer) validDecimalEnd(i int) bool {
	return i >= len(lx.src) || !isASCIIWordChar(lx.src[i])
}

// decimalForm lexes the literal forms with a decimal point (DIGIT+ '.' DIGIT*
// or '.' DIGIT+, then an optional exponent and an optional F, D or BD),
// returning the longest one that passes Spark's isValidDecimal check.
func (lx *lexer) decimalForm(start int) (int, numKind, bool) {
	s := lx.src
	i := start
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i >= len(s) || s[i] != '.' {
		return 0, 0, false
	}
	i++
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i == start+1 {
		return 0, 0, false // a lone '.'
	}
	fracEnd := i
	isFDB := func(k numKind) bool { return k == numFloat || k == numDouble || k == numBigDecimal }
	if expEnd := lx.scanExponent(fracEnd); expEnd > fracEnd {
		if k, n, ok := lx.suffix(expEnd); ok && isFDB(k) && lx.validDecimalEnd(expEnd+n) {
			return expEnd + n, k, true
		}
		if lx.validDecimalEnd(expEnd) {
			return expEnd, numExp, true
		}
		return 0, 0, false
	}
	if k, n, ok := lx.suffix(fracEnd); ok && isFDB(k) && lx.validDecimalEnd(fracEnd+n) {
		return fracEnd + n, k, true
	}
	if lx.validDecimalEnd(fracEnd) {
		return fracEnd, numDecimal, true
	}
	return 0, 0, false
}

// number lexes a token that starts with a digit: a numeric literal, or an
// identifier such as 1a when the identifier is the longer match, as in
// Spark's lexer.
func (lx *lexer) number(start int) token {
	s := lx.src
	wEnd, nonASCII := lx.wordEnd(start)
	digitsEnd := start
	for digitsEnd < len(s) && isDigit(s[digitsEnd]) {
		digitsEnd++
	}
	end, kind := digitsEnd, numInt
	// DIGIT+ EXPONENT? with an optional suffix; no validity check.
	expEnd := lx.scanExponent(digitsEnd)
	if expEnd > end {
		end, kind = expEnd, numExp
	}
	if k, n, ok := lx.suffix(digitsEnd); ok && digitsEnd+n > end {
		end, kind = digitsEnd+n, k
	}
	if expEnd > digitsEnd {
		if k, n, ok := lx.suffix(expEnd); ok && (k == numFloat || k == numDouble || k == numBigDecimal) && expEnd+n > end {
			end, kind = expEnd+n, k
		}
	}
	if dEnd, dKind, ok := lx.decimalForm(start); ok && dEnd > end {
		end, kind = dEnd, dKind
	}
	if wEnd > end {
		lx.pos = wEnd
		t := token{kind: tkWord, pos: start, end: wEnd, nonASCII: nonASCII}
		if !nonASCII {
			t.kw = lookupKeyword(s[start:wEnd])
		}
		return t
	}
	lx.pos = end
	return token{kind: tkNumber, num: kind, pos: start, end: end}
}

// rawString lexes r'…' or R"…": no escapes, and the quote cannot occur inside.
func (lx *lexer) rawString(start int) (token, bool) {
	s := lx.src
	q := s[start+1]
	i := strings.IndexByte(s[start+2:], q)
	if i < 0 {
		return token{}, false
	}
	end := start + 2 + i + 1
	lx.pos = end
	return token{kind: tkString, pos: start, end: end, str: s[start+2 : end-1]}, true
}

// quotedString lexes '…' or "…" with backslash escapes. An unclosed string is
// an invalid token made of the opening quote, as in Spark.
func (lx *lexer) quotedString(start int) token {
	s := lx.src
	q := s[start]
	escaped := false
	i := start + 1
	for i < len(s) {
		c := s[i]
		if c == '\\' {
			escaped = true
			i += 2
			continue
		}
		if c == q {
			break
		}
		i++
	}
	if i >= len(s) {
		lx.pos = start + 1
		return token{kind: tkInvalid, pos: start, end: start + 1}
	}
	end := i + 1
	lx.pos = end
	body := s[start+1 : i]
	if escaped {
		body = unescape(body)
	}
	return token{kind: tkString, pos: start, end: end, str: body}
}

// backquoted lexes a `quoted identifier`; “ inside stands for one backtick.
func (lx *lexer) backquoted(start int) token {
	s := lx.src
	i := start + 1
	doubled := false
	for {
		j := strings.IndexByte(s[i:], '`')
		if j < 0 {
			lx.pos = start + 1
			return token{kind: tkInvalid, pos: start, end: start + 1}
		}
		i += j
		if i+1 < len(s) && s[i+1] == '`' {
			doubled = true
			i += 2
			continue
		}
		break
	}
	end := i + 1
	lx.pos = end
	name := s[start+1 : i]
	if doubled {
		name = strings.ReplaceAll(name, "``", "`")
	}
	return token{kind: tkQuoted, pos: start, end: end, str: name}
}

func hexVal(c byte) (rune, bool) {
	switch {
	case c >= '0' && c <= '9':
		return rune(c - '0'), true
	case c >= 'a' && c <= 'f':
		return rune(c-'a') + 10, true
	case c >= 'A' && c <= 'F':
		return rune(c-'A') + 10, true
	}
	return 0, false
}

func hexRun(s string, n int) (rune, bool) {
	if len(s) < n {
		return 0, false
	}
	var r rune
	for i := 0; i < n; i++ {
		v, ok := hexVal(s[i])
		if !ok {
			return 0, false
		}
		r = r<<4 | v
	}
	return r, true
}

// unescape applies Spark's unescapeSQLString to the body of a quoted string:
// \0 \b \n \r \t \Z, \uXXXX and \UXXXXXXXX (UTF-16 surrogate pairs are
// joined), three-digit octal escapes \[01][0-7][0-7], \% and \_ kept with their
// backslash (for LIKE patterns), and any other escaped character stands for
// itself.
func unescape(body string) string {
	var b strings.Builder
	b.Grow(len(body))
	var pendingHigh rune // a high surrogate from \u waiting for its low half
	flush := func() {
		if pendingHigh != 0 {
			b.WriteByte('?')
			pendingHigh = 0
		}
	}
	writeUnit := func(r rune) {
		switch {
		case utf16.IsSurrogate(r) && r < 0xDC00:
			flush()
			pendingHigh = r
		case utf16.IsSurrogate(r):
			if pendingHigh != 0 {
				b.WriteRune(utf16.DecodeRune(pendingHigh, r))
				pendingHigh = 0
			} else {
				b.WriteByte('?')
			}
		default:
			flush()
			b.WriteRune(r)
		}
	}
	for i := 0; i < len(body); {
		c := body[i]
		if c != '\\' || i+1 >= len(body) {
			flush()
			b.WriteByte(c)
			i++
			continue
		}
		n := body[i+1]
		switch {
		case n == 'u':
			if r, ok := hexRun(body[i+2:], 4); ok {
				writeUnit(r)
				i += 6
				continue
			}
		case n == 'U':
			if r, ok := hexRun(body[i+2:], 8); ok {
				if r > unicode.MaxRune || utf16.IsSurrogate(r) {
					flush()
					b.WriteByte('?')
				} else {
					writeUnit(r)
				}
				i += 10
				continue
			}
		case (n == '0' || n == '1') && i+3 < len(body) && body[i+2] >= '0' && body[i+2] <= '7' && body[i+3] >= '0' && body[i+3] <= '7':
			writeUnit(rune(n-'0')<<6 | rune(body[i+2]-'0')<<3 | rune(body[i+3]-'0'))
			i += 4
			continue
		}
		flush()
		switch n {
		case '0':
			b.WriteByte(0)
		case 'b':
			b.WriteByte('\b')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'Z':
			b.WriteByte(0x1A)
		case '%':
			b.WriteString(`\%`)
		case '_':
			b.WriteString(`\_`)
		default:
			b.WriteByte(n)
		}
		i += 2
	}
	flush()
	return b.String()
}
