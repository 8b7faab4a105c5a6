package fn

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// maxStringBytes bounds strings built by repeat and the pad functions, like
// the JVM's array size limit bounds Spark's.
const maxStringBytes = math.MaxInt32

var (
	str = value.StringType
	i32 = value.IntType
)

func init() {
	for _, name := range []string{"lower", "lcase"} {
		registerScalar(&Scalar{Name: name, Resolve: params(name, str, []value.Type{str}, 0), Eval: evalStr1(lower)})
	}
	for _, name := range []string{"upper", "ucase"} {
		registerScalar(&Scalar{Name: name, Resolve: params(name, str, []value.Type{str}, 0), Eval: evalStr1(upper)})
	}
	registerScalar(&Scalar{Name: "initcap", Resolve: params("initcap", str, []value.Type{str}, 0), Eval: evalStr1(initcap)})
	registerScalar(&Scalar{Name: "reverse", Resolve: params("reverse", str, []value.Type{str}, 0), Eval: evalStr1(reverse)})
	registerScalar(&Scalar{Name: "concat", Resolve: resolveConcat("concat", 0), Eval: evalConcat})
	registerScalar(&Scalar{Name: "||", Resolve: resolveConcat("||", 2), Eval: evalConcat})
	registerScalar(&Scalar{Name: "concat_ws", Resolve: resolveConcat("concat_ws", -1), Eval: evalConcatWS})
	for _, name := range []string{"substring", "substr"} {
		registerScalar(&Scalar{Name: name, Resolve: params(name, str, []value.Type{str, i32, i32}, 2), Eval: evalSubstring})
	}
	registerScalar(&Scalar{Name: "left", Resolve: params("left", str, []value.Type{str, i32}, 2), Eval: evalLeftRight(false)})
	registerScalar(&Scalar{Name: "right", Resolve: params("right", str, []value.Type{str, i32}, 2), Eval: evalLeftRight(true)})
	for _, name := range []string{"length", "char_length", "character_length", "len"} {
		registerScalar(&Scalar{Name: name, Resolve: params(name, i32, []value.Type{str}, 0), Eval: evalLength(utf8.RuneCountInString)})
	}
	registerScalar(&Scalar{Name: "octet_length", Resolve: params("octet_length", i32, []value.Type{str}, 0),
		Eval: evalLength(func(s string) int { return len(s) })})
	registerScalar(&Scalar{Name: "bit_length", Resolve: params("bit_length", i32, []value.Type{str}, 0),
		Eval: evalLength(func(s string) int { return 8 * len(s) })})
	registerScalar(&Scalar{Name: "trim", Resolve: params("trim", str, []value.Type{str, str}, 1), Eval: evalTrim(true, true, true)})
	registerScalar(&Scalar{Name: "ltrim", Resolve: params("ltrim", str, []value.Type{str, str}, 1), Eval: evalTrim(true, false, true)})
	registerScalar(&Scalar{Name: "rtrim", Resolve: params("rtrim", str, []value.Type{str, str}, 1), Eval: evalTrim(false, true, true)})
	registerScalar(&Scalar{Name: "btrim", Resolve: params("btrim", str, []value.Type{str, str}, 1), Eval: evalTrim(true, true, false)})
	registerScalar(&Scalar{Name: "replace", Resolve: params("replace", str, []value.Type{str, str, str}, 2), Eval: evalReplace})
	registerScalar(&Scalar{Name: "lpad", Resolve: params("lpad", str, []value.Type{str, i32, str}, 2), Eval: evalPad(true)})
	registerScalar(&Scalar{Name: "rpad", Resolve: params("rpad", str, []value.Type{str, i32, str}, 2), Eval: evalPad(false)})
	registerScalar(&Scalar{Name: "overlay", Resolve: params("overlay", str, []value.Type{str, str, i32, i32}, 3), Eval: evalOverlay})
	registerScalar(&Scalar{Name: "repeat", Resolve: params("repeat", str, []value.Type{str, i32}, 2), Eval: evalRepeat})
	registerScalar(&Scalar{Name: "startswith", Resolve: params("startswith", value.BooleanType, []value.Type{str, str}, 2),
		Eval: evalStrPredicate(strings.HasPrefix)})
	registerScalar(&Scalar{Name: "endswith", Resolve: params("endswith", value.BooleanType, []value.Type{str, str}, 2),
		Eval: evalStrPredicate(strings.HasSuffix)})
	registerScalar(&Scalar{Name: "contains", Resolve: params("contains", value.BooleanType, []value.Type{str, str}, 2),
		Eval: evalStrPredicate(strings.Contains)})
	registerScalar(&Scalar{Name: "instr", Resolve: params("instr", i32, []value.Type{str, str}, 2), Eval: evalInstr})
	for _, name := range []string{"locate", "position"} {
		registerScalar(&Scalar{Name: name, Resolve: params(name, i32, []value.Type{str, str, i32}, 2), Eval: evalLocate})
	}
	registerScalar(&Scalar{Name: "typeof", Resolve: resolveTypeOf, Eval: evalTypeOf})
}

// params resolves a function with fixed parameter types: want[i] is the
// type of parameter i; the first `required` are mandatory (0 means all).
func params(name string, ret value.Type, want []value.Type, required int) func([]Arg) (value.Type, []value.Type, error) {
	if required == 0 {
		required = len(want)
	}
	return func(args []Arg) (value.Type, []value.Type, error) {
		if err := CheckArity(name, args, required, len(want)); err != nil {
			return value.Type{}, nil, err
		}
		casts := make([]value.Type, len(args))
		for i, a := range args {
			t, ok := paramCast(a, want[i])
			if !ok {
				return value.Type{}, nil, UnexpectedType(CallSQL(name, args), i, quoteType(want[i]), a)
			}
			casts[i] = t
		}
		return ret, casts, nil
	}
}

// evalStr1 maps a STRING → STRING function over non-NULL rows.
func evalStr1(f func(string) string) func(*Context, value.Type, []*value.Vector, int) (*value.Vector, error) {
	return func(_ *Context, ret value.Type, args []*value.Vector, n int) (*value.Vector, error) {
		if anyVoid(args) {
			return allNull(ret, n), nil
		}
		return mapStrings(args[0], n, f), nil
	}
}

// isASCII reports whether s has no multi-byte characters.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func lower(s string) string {
	if isASCII(s) {
		hasUpper := false
		for i := 0; i < len(s); i++ {
			if 'A' <= s[i] && s[i] <= 'Z' {
				hasUpper = true
				break
			}
		}
		if !hasUpper {
			return s
		}
	}
	return strings.ToLower(s)
}

func upper(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return strings.ToUpper(javaUpperSpecial.Replace(s))
		}
	}
	return strings.ToUpper(s)
}

// javaUpperSpecial holds the unconditional special casings of Unicode's
// SpecialCasing.txt, which Java's (and so Spark's) toUpperCase applies and
// Go's per-rune mapping does not: one letter becomes several.
var javaUpperSpecial = strings.NewReplacer(
	"ß", "SS", "ŉ", "ʼN", "ǰ", "J̌", "ΐ", "Ϊ́", "ΰ", "Ϋ́", "և", "ԵՒ",
	"ẖ", "H̱", "ẗ", "T̈", "ẘ", "W̊", "ẙ", "Y̊", "ẚ", "Aʾ",
	"ﬀ", "FF", "ﬁ", "FI", "ﬂ", "FL", "ﬃ", "FFI", "ﬄ", "FFL", "ﬅ", "ST", "ﬆ", "ST",
	"ﬓ", "ՄՆ", "ﬔ", "ՄԵ", "ﬕ", "ՄԻ", "ﬖ", "ՎՆ", "ﬗ", "ՄԽ",
)

// initcap lower-cases s and title-cases the first letter of each
// space-separated word.
func initcap(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	prevSpace := true
	for _, r := range s {
		if prevSpace {
			b.WriteRune(unicode.ToTitle(r))
		} else {
			b.WriteRune(unicode.ToLower(r))
		}
		prevSpace = r == ' '
	}
	return b.String()
}

func reverse(s string) string {
	if isASCII(s) {
		b := []byte(s)
		for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
			b[i], b[j] = b[j], b[i]
		}
		return string(b)
	}
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// resolveConcat resolves concat (any number of arguments), || (two) and
// concat_ws (a separator and any number of strings). Every argument is cast
// to STRING.
func resolveConcat(name string, arity int) func([]Arg) (value.Type, []value.Type, error) {
	return func(args []Arg) (value.Type, []value.Type, error) {
		var err error
		switch {
		case arity > 0:
			err = CheckArity(name, args, arity, arity)
		case arity < 0:
			err = CheckArity(name, args, 1, -1)
		}
		if err != nil {
			return value.Type{}, nil, err
		}
		casts := make([]value.Type, len(args))
		for i, a := range args {
			t, ok := paramCast(a, str)
			if !ok {
				return value.Type{}, nil, UnexpectedType(CallSQL("concat", args), i, `"STRING"`, a)
			}
			casts[i] = t
		}
		return str, casts, nil
	}
}

// evalConcat is NULL when any argument is NULL.
func evalConcat(_ *Context, _ value.Type, args []*value.Vector, n int) (*value.Vector, error) {
	var b strings.Builder
	return strRows(args, n, func(i int) (string, error) {
		b.Reset()
		for _, a := range args {
			b.WriteString(a.Str[i])
		}
		return b.String(), nil
	})
}

// evalConcatWS joins the non-NULL strings with the separator; a NULL
// separator gives NULL.
func evalConcatWS(_ *Context, _ value.Type, args []*value.Vector, n int) (*value.Vector, error) {
	sep := args[0]
	if sep.Type.Kind == value.Void {
		return allNull(str, n), nil
	}
	out := make([]string, n)
	var b strings.Builder
	for i := range out {
		if sep.IsNull(i) {
			continue
		}
		b.Reset()
		first := true
		for _, a := range args[1:] {
			if a.Type.Kind == value.Void || a.IsNull(i) {
				continue
			}
			if !first {
				b.WriteString(sep.Str[i])
			}
			b.WriteString(a.Str[i])
			first = false
		}
		out[i] = b.String()
	}
	return &value.Vector{Type: str, Str: out, Nulls: sep.Nulls}, nil
}

// charCount returns the number of characters of s.
func charCount(s string) int {
	if isASCII(s) {
		return len(s)
	}
	return utf8.RuneCountInString(s)
}

// charSlice returns characters [from, to) of s (0 ≤ from ≤ to).
func charSlice(s string, from, to int) string {
	if isASCII(s) {
		return s[min(from, len(s)):min(to, len(s))]
	}
	start, end := len(s), len(s)
	k := 0
	for i := range s {
		if k == from {
			start = i
		}
		if k == to {
			end = i
			break
		}
		k++
	}
	if start > end {
		return ""
	}
	return s[start:end]
}

// substringSQL is Spark's UTF8String.substringSQL: 1-based pos, a
// non-positive pos counts from the end (0 is the first character), and
// length characters from there.
func substringSQL(s string, pos, length int64) string {
	n := int64(charCount(s))
	var start int64
	switch {
	case pos > 0:
		start = pos - 1
	case pos < 0:
		start = n + pos
	}
	end := start + length
	end = max(min(end, math.MaxInt32), math.MinInt32)
	start = max(start, 0)
	if start >= end {
		return ""
	}
	return charSlice(s, int(start), int(min(end, n)))
}

func evalSubstring(_ *Context, _ value.Type, args []*value.Vector, n int) (*value.Vector, error) {
	return strRows(args, n, func(i int) (string, error) {
		length := int64(math.MaxInt32)
		if len(args) == 3 {
			length = args[2].I64[i]
		}
		return substringSQL(args[0].Str[i], args[1].I64[i], length), nil
	})
}

// evalLeftRight is left(str, len) = substring(str, 1, len) and right(str,
// len) = substring(str, -len, len) (” for len ≤ 0).
func evalLeftRight(right bool) func(*Context, value.Type, []*value.Vector, int) (*value.Vector, error) {
	return func(_ *Context, _ value.Type, args []*value.Vector, n int) (*value.Vector, error) {
		return strRows(args, n, func(i int) (string, error) {
			s, l := args[0].Str[i], args[1].I64[i]
			switch {
			case !right:
				return substringSQL(s, 1, l), nil
			case l > 0:
				return substringSQL(s, -l, l), nil
			}
			return "", nil
		})
	}
}

func evalLength(f func(string) int) func(*Context, value.Type, []*value.Vector, int) (*value.Vector, error) {
	return func(_ *Context, ret value.Type, args []*value.Vector, n int) (*value.Vector, error) {
		x := args[0]
		if x.Type.Kind == value.Void {
			return allNull(ret, n), nil
		}
		out := make([]int64, n)
		for i, s := range x.Str[:n] {
			out[i] = int64(f(s))
		}
		return &value.Vector{Type: ret, I64: out, Nulls: x.Nulls}, nil
	}
}

// evalTrim removes characters from the ends of a string: spaces (only
// U+0020, as Spark does) with one argument, any character of the trim string
// otherwise. With two arguments trim, ltrim and rtrim take (trimStr, str), as
// Databricks documents their function form and as the parser rewrites
// TRIM(BOTH|LEADING|TRAILING trimStr FROM str); btrim takes (str, trimStr).
func evalTrim(left, right, trimFirst bool) func(*Context, value.Type, []*value.Vector, int) (*value.Vector, error) {
	return func(_ *Context, _ value.Type, args []*value.Vector, n int) (*value.Vector, error) {
		return strRows(args, n, func(i int) (string, error) {
			s, cut := args[0].Str[i], " "
			if len(args) == 2 {
				s, cut = args[1].Str[i], args[0].Str[i]
				if !trimFirst {
					s, cut = cut, s
				}
			}
			if left {
				s = strings.TrimLeft(s, cut)
			}
			if right {
				s = strings.TrimRight(s, cut)
			}
			return s, nil
		})
	}
}

func evalReplace(_ *Context, _ value.Type, args []*value.Vector, n int) (*value.Vector, error) {
	return strRows(args, n, func(i int) (string, error) {
		s, search := args[0].Str[i], args[1].Str[i]
		with := ""
		if len(args) == 3 {
			with = args[2].Str[i]
		}
		if search == "" {
			return s, nil
		}
		return strings.ReplaceAll(s, search, with), nil
	})
}

// evalOverlay is overlay(input, replace, pos[, len]) (OVERLAY(input PLACING
// replace FROM pos [FOR len])): the characters [pos, pos+len) of input
// replaced; len defaults to the length of replace, and a negative len also
// means that.
func evalOverlay(_ *Context, _ value.Type, args []*value.Vector, n int) (*value.Vector, error) {
	return strRows(args, n, func(i int) (string, error) {
		in, repl, pos := args[0].Str[i], args[1].Str[i], args[2].I64[i]
		length := int64(-1)
		if len(args) == 4 {
			length = args[3].I64[i]
		}
		if length < 0 {
			length = int64(charCount(repl))
		}
		return substringSQL(in, 1, pos-1) + repl + substringSQL(in, pos+length, math.MaxInt32), nil
	})
}

// pad is Spark's UTF8String.lpad/rpad: a string already at least length
// characters long (or an empty pad) is cut to length characters.
func pad(s string, length int64, p string, left bool) (string, bool) {
	if length <= 0 {
		return "", true
	}
	n := int64(charCount(s))
	spaces := length - n
	if spaces <= 0 || p == "" {
		return charSlice(s, 0, int(min(length, n))), true
	}
	pc := int64(charCount(p))
	count := spaces / pc
	rem := charSlice(p, 0, int(spaces-pc*count))
	if int64(len(s))+count*int64(len(p))+int64(len(rem)) > maxStringBytes {
		return "", false
	}
	fill := strings.Repeat(p, int(count)) + rem
	if left {
		return fill + s, true
	}
	return s + fill, true
}

func evalPad(left bool) func(*Context, value.Type, []*value.Vector, int) (*value.Vector, error) {
	return func(_ *Context, _ value.Type, args []*value.Vector, n int) (*value.Vector, error) {
		return strRows(args, n, func(i int) (string, error) {
			p := " "
			if len(args) == 3 {
				p = args[2].Str[i]
			}
			s, ok := pad(args[0].Str[i], args[1].I64[i], p, left)
			if !ok {
				return "", tooLong()
			}
			return s, nil
		})
	}
}

// tooLong is the error for a string result past the JVM's array limit.
func tooLong() error {
	return errclass.New("ARITHMETIC_OVERFLOW", "integer overflow. If necessary set %s to \"false\" to bypass this error.", ansiConf)
}

func evalRepeat(_ *Context, _ value.Type, args []*value.Vector, n int) (*value.Vector, error) {
	return strRows(args, n, func(i int) (string, error) {
		s, times := args[0].Str[i], args[1].I64[i]
		if times <= 0 || s == "" {
			return "", nil
		}
		if int64(len(s))*times > maxStringBytes {
			return "", tooLong()
		}
		return strings.Repeat(s, int(times)), nil
	})
}

func evalStrPredicate(f func(s, sub string) bool) func(*Context, value.Type, []*value.Vector, int) (*value.Vector, error) {
	return func(_ *Context, _ value.Type, args []*value.Vector, n int) (*value.Vector, error) {
		if anyVoid(args) {
			return allNull(value.BooleanType, n), nil
		}
		x, y := args[0].Str[:n], args[1].Str[:n]
		out := make([]int64, n)
		for i := range out {
			out[i] = b2i(f(x[i], y[i]))
		}
		v := boolVector(out, unionNulls(n, args...))
		clearNullSlots(v)
		return v, nil
	}
}

// indexFrom returns the 0-based character position of sub in s at or after
// character `from`, or -1. An empty sub is found at 0, as in Spark.
func indexFrom(s, sub string, from int) int {
	if sub == "" {
		return 0
	}
	byteFrom := len(s)
	if isASCII(s) {
		byteFrom = min(from, len(s))
	} else {
		k := 0
		for i := range s {
			if k == from {
				byteFrom = i
				break
			}
			k++
		}
	}
	j := strings.Index(s[byteFrom:], sub)
	if j < 0 {
		return -1
	}
	return from + utf8.RuneCountInString(s[byteFrom:byteFrom+j])
}

// evalInstr is instr(str, substr): the 1-based position, 0 if absent.
func evalInstr(_ *Context, ret value.Type, args []*value.Vector, n int) (*value.Vector, error) {
	if anyVoid(args) {
		return allNull(ret, n), nil
	}
	nulls := unionNulls(n, args...)
	out := make([]int64, n)
	err := eachRow(out, nulls, func(i int) (int64, error) {
		return int64(indexFrom(args[0].Str[i], args[1].Str[i], 0) + 1), nil
	})
	return &value.Vector{Type: ret, I64: out, Nulls: nulls}, err
}

// evalLocate is locate(substr, str[, pos]): the 1-based position of substr
// in str at or after pos; 0 if absent or pos < 1, and 0 (not NULL) for a
// NULL pos, as in Spark.
func evalLocate(_ *Context, ret value.Type, args []*value.Vector, n int) (*value.Vector, error) {
	sub, s := args[0], args[1]
	if sub.Type.Kind == value.Void || s.Type.Kind == value.Void {
		return allNull(ret, n), nil
	}
	nulls := unionNulls(n, sub, s)
	if len(args) == 3 && nulls != nil {
		nulls = ownNulls(nulls, n)
	}
	out := make([]int64, n)
	for i := range out {
		pos := int64(1)
		if len(args) == 3 {
			if p := args[2]; p.Type.Kind == value.Void || p.IsNull(i) {
				// A NULL position gives 0 even when the strings are NULL.
				if nulls != nil {
					nulls[i] = false
				}
				continue
			}
			pos = args[2].I64[i]
		}
		if rowNull(nulls, i) || pos < 1 {
			continue
		}
		out[i] = int64(indexFrom(s.Str[i], sub.Str[i], int(pos-1)) + 1)
	}
	v := &value.Vector{Type: ret, I64: out, Nulls: nulls}
	clearNullSlots(v)
	return v, nil
}

func resolveTypeOf(args []Arg) (value.Type, []value.Type, error) {
	if err := CheckArity("typeof", args, 1, 1); err != nil {
		return value.Type{}, nil, err
	}
	return str, []value.Type{args[0].Type}, nil
}

// evalTypeOf returns the argument's type name, as DESCRIBE prints it.
func evalTypeOf(_ *Context, _ value.Type, args []*value.Vector, n int) (*value.Vector, error) {
	return value.Constant(value.Str(args[0].Type.SQLName()), n), nil
}
