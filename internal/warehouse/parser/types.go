package parser

import (
	"strconv"
	"strings"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// parseDataType parses a data type. Types the warehouse does not support
// (ARRAY, MAP, STRUCT, BINARY, INTERVAL, TIMESTAMP_NTZ, VARIANT and unknown
// names) are parsed in full and reported as a deferred UNSUPPORTED_DATATYPE
// naming the type as Spark prints it ("ARRAY<INT>").
func (p *parser) parseDataType() (value.Type, error) {
	t, sql, ok, err := p.typeSpec()
	if err != nil {
		return value.Type{}, err
	}
	if !ok {
		p.deferErr(unsupportedDatatype(sql))
		return value.VoidType, nil
	}
	return t, nil
}

func unsupportedDatatype(sql string) error {
	return errclass.New("UNSUPPORTED_DATATYPE", "Unsupported data type %s.", `"`+sql+`"`)
}

// expectGt consumes one '>', splitting '>>', '>>>' and '>=' the way Spark's
// lexer does inside complex types.
func (p *parser) expectGt() error {
	t := p.cur()
	switch t.kind {
	case tkGt:
		p.next()
		return nil
	case tkShr:
		t.kind, t.pos = tkGt, t.pos+1
	case tkShru:
		t.kind, t.pos = tkShr, t.pos+1
	case tkGe:
		t.kind, t.pos = tkEq, t.pos+1
	default:
		return p.syntaxError()
	}
	p.lastEnd = t.pos
	return nil
}

// typeSpec parses a type and returns the warehouse type (when ok) and the
// type's SQL text as Spark's error messages print it.
func (p *parser) typeSpec() (value.Type, string, bool, error) {
	if err := p.enter(); err != nil {
		return value.Type{}, "", false, err
	}
	defer p.leave()
	t := p.cur()
	if t.kind != tkWord && t.kind != tkQuoted {
		return value.Type{}, "", false, p.syntaxError()
	}
	name := strings.ToUpper(p.text(t))
	if t.kind == tkQuoted {
		name = strings.ToUpper(t.str)
	}
	p.next()
	if t.kind == tkWord {
		switch t.kw {
		case kwArray:
			if err := p.expect(tkLt); err != nil {
				return value.Type{}, "", false, err
			}
			_, elem, _, err := p.typeSpec()
			if err != nil {
				return value.Type{}, "", false, err
			}
			return value.Type{}, "ARRAY<" + elem + ">", false, p.expectGt()
		case kwMap:
			if err := p.expect(tkLt); err != nil {
				return value.Type{}, "", false, err
			}
			_, k, _, err := p.typeSpec()
			if err != nil {
				return value.Type{}, "", false, err
			}
			if err := p.expect(tkComma); err != nil {
				return value.Type{}, "", false, err
			}
			_, v, _, err := p.typeSpec()
			if err != nil {
				return value.Type{}, "", false, err
			}
			return value.Type{}, "MAP<" + k + ", " + v + ">", false, p.expectGt()
		case kwStruct:
			sql, err := p.structSpec()
			return value.Type{}, sql, false, err
		case kwInterval:
			sql, err := p.intervalSpec()
			return value.Type{}, sql, false, err
		}
	}
	params, err := p.typeParams()
	if err != nil {
		return value.Type{}, "", false, err
	}
	withParams := name
	if params != nil {
		strs := make([]string, len(params))
		for i, v := range params {
			strs[i] = strconv.Itoa(v)
		}
		withParams += "(" + strings.Join(strs, ",") + ")"
	}
	if t.kind == tkQuoted {
		return value.Type{}, withParams, false, nil
	}
	switch t.kw {
	case kwBoolean, kwTinyint, kwByte, kwSmallint, kwShort, kwInt, kwInteger, kwBigint, kwLong,
		kwFloat, kwReal, kwDouble, kwDate, kwTimestamp, kwTimestampLtz, kwString, kwVoid:
		if params != nil {
			return value.Type{}, withParams, false, nil
		}
		if t.kw == kwString && p.isKw(kwCollate) {
			return value.Type{}, "", false, unsupported("collations")
		}
		if t.kw == kwTimestampLtz {
			name = "TIMESTAMP"
		}
		vt, err := value.ParseType(name, nil)
		if err != nil {
			return value.Type{}, withParams, false, nil
		}
		return vt, vt.String(), true, nil
	case kwDecimal, kwDec, kwNumeric:
		if len(params) > 2 {
			return value.Type{}, withParams, false, nil
		}
		prec, scale := 10, 0
		if len(params) > 0 {
			prec = params[0]
		}
		if len(params) > 1 {
			scale = params[1]
		}
		switch {
		case prec > value.MaxDecimalPrecision:
			p.deferErr(errclass.New("DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION",
				"Decimal precision %d exceeds max precision %d.", prec, value.MaxDecimalPrecision))
			return value.VoidType, withParams, true, nil
		case scale > prec:
			p.deferErr(errclass.New("DECIMAL_SCALE_EXCEEDS_PRECISION",
				"Decimal scale (%d) cannot be greater than precision (%d).", scale, prec))
			return value.VoidType, withParams, true, nil
		}
		vt, err := value.ParseType("DECIMAL", []int{prec, scale})
		if err != nil {
			return value.Type{}, "DECIMAL(" + strconv.Itoa(prec) + "," + strconv.Itoa(scale) + ")", false, nil
		}
		return vt, vt.String(), true, nil
	case kwChar, kwCharacter, kwVarchar:
		switch len(params) {
		case 0:
			p.deferErr(errclass.New("DATATYPE_MISSING_SIZE",
				"DataType %q requires a length parameter, for example %q(10). Please specify the length.", name, name))
			return value.VoidType, name, true, nil
		case 1:
			// CHAR(n) and VARCHAR(n) are stored as STRING (see the package
			// documentation).
			if name == "CHARACTER" {
				withParams = "CHAR" + withParams[len(name):]
			}
			return value.StringType, withParams, true, nil
		}
		return value.Type{}, withParams, false, nil
	}
	return value.Type{}, withParams, false, nil
}

// typeParams parses an optional (n, …) list of integers after a type name.
func (p *parser) typeParams() ([]int, error) {
	if p.cur().kind != tkLParen {
		return nil, nil
	}
	p.next()
	var out []int
	for {
		t := p.cur()
		if t.kind != tkNumber || t.num != numInt {
			return nil, p.syntaxError()
		}
		n, err := strconv.Atoi(trimZeros(p.text(t)))
		if err != nil || n > 1<<20 {
			n = 1 << 20
		}
		out = append(out, n)
		p.next()
		if !p.accept(tkComma) {
			break
		}
	}
	return out, p.expect(tkRParen)
}

// structSpec parses the rest of STRUCT<name[:] type [NOT NULL] [COMMENT 'c'], …>
// and returns its SQL text.
func (p *parser) structSpec() (string, error) {
	if p.accept(tkNeq) {
		return "STRUCT<>", nil
	}
	if err := p.expect(tkLt); err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("STRUCT<")
	if p.cur().kind == tkGt || p.cur().kind == tkShr || p.cur().kind == tkShru || p.cur().kind == tkGe {
		return "STRUCT<>", p.expectGt()
	}
	for i := 0; ; i++ {
		field, err := p.anyIdent()
		if err != nil {
			return "", err
		}
		p.accept(tkColon)
		_, sql, _, err := p.typeSpec()
		if err != nil {
			return "", err
		}
		if p.acceptKw(kwNot) {
			if err := p.expectKw(kwNull); err != nil {
				return "", err
			}
		}
		if p.acceptKw(kwComment) {
			if _, err := p.stringLit(); err != nil {
				return "", err
			}
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quoteIfNeeded(field))
		b.WriteString(": ")
		b.WriteString(sql)
		if !p.accept(tkComma) {
			break
		}
	}
	b.WriteByte('>')
	return b.String(), p.expectGt()
}

// quoteIfNeeded backquotes a field name that is not a plain identifier.
func quoteIfNeeded(s string) string {
	plain := s != ""
	for i := 0; i < len(s); i++ {
		if !isASCIIWordChar(s[i]) {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	return "`" + strings.ReplaceAll(s, "`", "``") + "`"
}

// intervalSpec parses the optional units after INTERVAL in a type.
func (p *parser) intervalSpec() (string, error) {
	unit := func(allowed ...keyword) string {
		t := p.cur()
		for _, k := range allowed {
			if t.is(k) {
				p.next()
				return keywordNames[k]
			}
		}
		return ""
	}
	from := unit(kwYear, kwMonth, kwDay, kwHour, kwMinute, kwSecond)
	if from == "" {
		return "INTERVAL", nil
	}
	sql := "INTERVAL " + from
	if p.acceptKw(kwTo) {
		var to string
		switch from {
		case "YEAR":
			to = unit(kwMonth)
		case "DAY", "HOUR", "MINUTE":
			to = unit(kwHour, kwMinute, kwSecond)
		}
		if to == "" {
			return "", p.syntaxError()
		}
		sql += " TO " + to
	}
	return sql, nil
}
