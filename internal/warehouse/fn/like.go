package fn

import (
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

func init() {
	registerScalar(&Scalar{Name: "like", Resolve: resolveLike("like"), Eval: evalLike(false)})
	registerScalar(&Scalar{Name: "ilike", Resolve: resolveLike("ilike"), Eval: evalLike(true)})
	for _, name := range []string{"rlike", "regexp", "regexp_like"} {
		registerScalar(&Scalar{Name: name, Resolve: resolveRLike(name), Eval: evalRLike(name)})
	}
}

// resolveLike resolves str LIKE pattern [ESCAPE 'c'] (the escape character
// arrives as a constant third argument).
func resolveLike(name string) func([]Arg) (value.Type, []value.Type, error) {
	return func(args []Arg) (value.Type, []value.Type, error) {
		if err := CheckArity(name, args, 2, 3); err != nil {
			return value.Type{}, nil, err
		}
		sql := ArgSQL(args[0]) + " " + strings.ToUpper(name) + " " + ArgSQL(args[1])
		casts := make([]value.Type, len(args))
		for i, a := range args {
			t, ok := paramCast(a, value.StringType)
			if !ok {
				return value.Type{}, nil, UnexpectedType(sql, i, `"STRING"`, a)
			}
			casts[i] = t
		}
		if len(args) == 3 {
			c := args[2].Const
			if c == nil || c.Null || c.Type.Kind != value.String {
				return value.Type{}, nil, errclass.New("INVALID_ESCAPE_CHAR",
					"`EscapeChar` should be a string literal of length one, but got %s.", quote(ArgSQL(args[2])))
			}
			if utf8.RuneCountInString(c.S) != 1 {
				return value.Type{}, nil, errclass.New("INVALID_ESC",
					"Found an invalid escape string: %s. The escape string must contain only one character.", c.SQLLiteral())
			}
		}
		return value.BooleanType, casts, nil
	}
}

// likeWild and likeOne stand for % and _ in a compiled pattern; other
// entries are literal bytes.
const (
	likeWild = -1
	likeOne  = -2
)

// likeKind selects a matching strategy for a compiled pattern.
type likeKind uint8

const (
	likeGeneral  likeKind = iota
	likeEqual             // no wildcard
	likePrefix            // lit%
	likeSuffix            // %lit
	likeContains          // %lit%
	likeAll               // %
)

// likePattern is a compiled LIKE pattern.
type likePattern struct {
	kind likeKind
	lit  string  // the literal of the fast paths
	ops  []int16 // general case: literal bytes, likeWild, likeOne
}

// compileLike parses a pattern with Spark's escape rules: the escape
// character makes the following _, % or escape character literal; before
// any other character, or at the end, it is an error.
func compileLike(pattern string, esc rune) (*likePattern, error) {
	ops := make([]int16, 0, len(pattern))
	for i := 0; i < len(pattern); {
		r, size := utf8.DecodeRuneInString(pattern[i:])
		switch {
		case r == esc:
			if i+size >= len(pattern) {
				return nil, errclass.New("INVALID_FORMAT.ESC_AT_THE_END",
					"The format is invalid: %s. The escape character is not allowed to end with.", value.Str(pattern).SQLLiteral())
			}
			next, nsize := utf8.DecodeRuneInString(pattern[i+size:])
			if next != '_' && next != '%' && next != esc {
				return nil, errclass.New("INVALID_FORMAT.ESC_IN_THE_MIDDLE",
					"The format is invalid: %s. The escape character is not allowed to precede %s.",
					value.Str(pattern).SQLLiteral(), value.Str(string(next)).SQLLiteral())
			}
			for _, b := range []byte(pattern[i+size : i+size+nsize]) {
				ops = append(ops, int16(b))
			}
			i += size + nsize
			continue
		case r == '%':
			if len(ops) == 0 || ops[len(ops)-1] != likeWild {
				ops = append(ops, likeWild)
			}
		case r == '_':
			ops = append(ops, likeOne)
		default:
			for _, b := range []byte(pattern[i : i+size]) {
				ops = append(ops, int16(b))
			}
		}
		i += size
	}
	return classifyLike(ops), nil
}

// classifyLike picks a fast path when the pattern is a literal with %s only
// at its ends.
func classifyLike(ops []int16) *likePattern {
	p := &likePattern{kind: likeGeneral, ops: ops}
	lead := len(ops) > 0 && ops[0] == likeWild
	trail := len(ops) > 0 && ops[len(ops)-1] == likeWild
	body := ops
	if lead {
		body = body[1:]
	}
	if trail && len(body) > 0 {
		body = body[:len(body)-1]
	}
	lit := make([]byte, 0, len(body))
	for _, op := range body {
		if op < 0 {
			return p
		}
		lit = append(lit, byte(op))
	}
	p.lit = string(lit)
	switch {
	case len(ops) == 1 && lead:
		p.kind = likeAll
	case lead && trail:
		p.kind = likeContains
	case lead:
		p.kind = likeSuffix
	case trail:
		p.kind = likePrefix
	default:
		p.kind = likeEqual
	}
	return p
}

// match reports whether s matches the whole pattern.
func (p *likePattern) match(s string) bool {
	switch p.kind {
	case likeEqual:
		return s == p.lit
	case likePrefix:
		return strings.HasPrefix(s, p.lit)
	case likeSuffix:
		return strings.HasSuffix(s, p.lit)
	case likeContains:
		return strings.Contains(s, p.lit)
	case likeAll:
		return true
	}
	return matchLike(p.ops, s)
}

// matchLike is wildcard matching with backtracking to the last %: _ consumes
// one character (a UTF-8 sequence), literal bytes must match exactly.
func matchLike(ops []int16, s string) bool {
	pi, si := 0, 0
	starP, starS := -1, 0
	for pi < len(ops) || si < len(s) {
		if pi < len(ops) {
			switch op := ops[pi]; {
			case op == likeWild:
				starP, starS = pi, si
				pi++
				continue
			case op == likeOne:
				if si < len(s) {
					_, size := utf8.DecodeRuneInString(s[si:])
					pi++
					si += size
					continue
				}
			default:
				if si < len(s) && s[si] == byte(op) {
					pi++
					si++
					continue
				}
			}
		}
		if starP >= 0 && starS < len(s) {
			_, size := utf8.DecodeRuneInString(s[starS:])
			starS += size
			pi, si = starP+1, starS
			continue
		}
		return false
	}
	return true
}

// patternCache holds compiled patterns shared across statements; compiled
// patterns are immutable, so sharing is safe.
type patternCache[T any] struct {
	mu sync.Mutex
	m  map[string]T
}

const patternCacheSize = 512

func (c *patternCache[T]) get(key string) (T, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[key]
	return v, ok
}

func (c *patternCache[T]) put(key string, v T) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= patternCacheSize {
		c.m = make(map[string]T)
	}
	c.m[key] = v
}

var likeCache patternCache[*likePattern]

// likeFor returns the compiled pattern, from the cache when possible.
func likeFor(pattern string, esc rune) (*likePattern, error) {
	key := string(esc) + "\x00" + pattern
	if p, ok := likeCache.get(key); ok {
		return p, nil
	}
	p, err := compileLike(pattern, esc)
	if err != nil {
		return nil, err
	}
	likeCache.put(key, p)
	return p, nil
}

// evalLike evaluates LIKE, or ILIKE (both sides lower-cased) when fold is
// set. A pattern repeated on consecutive rows (a constant) is compiled once.
func evalLike(fold bool) func(*Context, value.Type, []*value.Vector, int) (*value.Vector, error) {
	return func(_ *Context, _ value.Type, args []*value.Vector, n int) (*value.Vector, error) {
		if anyVoid(args) {
			return allNull(value.BooleanType, n), nil
		}
		str, pat := args[0], args[1]
		esc := '\\'
		if len(args) == 3 && n > 0 {
			if args[2].IsNull(0) {
				return allNull(value.BooleanType, n), nil
			}
			esc, _ = utf8.DecodeRuneInString(args[2].Str[0])
		}
		nulls := unionNulls(n, str, pat)
		out := make([]int64, n)
		var (
			p    *likePattern
			last string
		)
		for i := range out {
			if rowNull(nulls, i) {
				continue
			}
			ps := pat.Str[i]
			if p == nil || ps != last {
				src := ps
				if fold {
					src = strings.ToLower(src)
				}
				var err error
				if p, err = likeFor(src, esc); err != nil {
					return nil, err
				}
				last = ps
			}
			s := str.Str[i]
			if fold {
				s = strings.ToLower(s)
			}
			out[i] = b2i(p.match(s))
		}
		return boolVector(out, nulls), nil
	}
}

// resolveRLike resolves str RLIKE regexp.
func resolveRLike(name string) func([]Arg) (value.Type, []value.Type, error) {
	return func(args []Arg) (value.Type, []value.Type, error) {
		if err := CheckArity(name, args, 2, 2); err != nil {
			return value.Type{}, nil, err
		}
		sql := CallSQL(name, args)
		if name == "rlike" {
			sql = ArgSQL(args[0]) + " RLIKE " + ArgSQL(args[1])
		}
		casts := make([]value.Type, 2)
		for i, a := range args {
			t, ok := paramCast(a, value.StringType)
			if !ok {
				return value.Type{}, nil, UnexpectedType(sql, i, `"STRING"`, a)
			}
			casts[i] = t
		}
		return value.BooleanType, casts, nil
	}
}

var regexpCache patternCache[*regexp.Regexp]

// regexpFor compiles a Java-style regular expression with Go's RE2 engine.
// Constructs RE2 lacks (backreferences, lookaround, possessive quantifiers)
// fail to compile and raise INVALID_PARAMETER_VALUE.PATTERN.
func regexpFor(name, pattern string) (*regexp.Regexp, error) {
	if re, ok := regexpCache.get(pattern); ok {
		return re, nil
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, errclass.New("INVALID_PARAMETER_VALUE.PATTERN",
			"The value of parameter(s) %s in %s is invalid: %s.",
			errclass.Ident("regexp"), errclass.Ident(name), value.Str(pattern).SQLLiteral())
	}
	regexpCache.put(pattern, re)
	return re, nil
}

// evalRLike reports whether the regexp matches anywhere in the string
// (Java's Matcher.find).
func evalRLike(name string) func(*Context, value.Type, []*value.Vector, int) (*value.Vector, error) {
	return func(_ *Context, _ value.Type, args []*value.Vector, n int) (*value.Vector, error) {
		if anyVoid(args) {
			return allNull(value.BooleanType, n), nil
		}
		str, pat := args[0], args[1]
		nulls := unionNulls(n, str, pat)
		out := make([]int64, n)
		var (
			re   *regexp.Regexp
			last string
		)
		for i := range out {
			if rowNull(nulls, i) {
				continue
			}
			if ps := pat.Str[i]; re == nil || ps != last {
				var err error
				if re, err = regexpFor(name, ps); err != nil {
					return nil, err
				}
				last = ps
			}
			out[i] = b2i(re.MatchString(str.Str[i]))
		}
		return boolVector(out, nulls), nil
	}
}
