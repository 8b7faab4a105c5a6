package parser

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

func dump(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return "nil"
		}
		if v.Kind() == reflect.Pointer && v.Elem().Kind() != reflect.Struct {
			return "&" + dump(v.Elem())
		}
		return dump(v.Elem())
	case reflect.Slice:
		if v.IsNil() {
			return "nil"
		}
		var parts []string
		for i := 0; i < v.Len(); i++ {
			parts = append(parts, dump(v.Index(i)))
		}
		return "[" + strings.Join(parts, " ") + "]"
	case reflect.Struct:
		if t, ok := v.Interface().(value.Type); ok {
			return t.String()
		}
		if x, ok := v.Interface().(value.Value); ok {
			if x.Null {
				return "NULL:" + x.Type.String()
			}
			switch x.Type.Physical() {
			case value.PhysInt:
				return fmt.Sprintf("%d:%s", x.I, x.Type)
			case value.PhysFloat:
				return fmt.Sprintf("%v:%s", x.F, x.Type)
			case value.PhysDecimal:
				return fmt.Sprintf("%s:%s", x.D.DecimalString(int(x.Type.Scale)), x.Type)
			case value.PhysString:
				return fmt.Sprintf("%q", x.S)
			}
		}
		var parts []string
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			if f.IsZero() {
				continue
			}
			parts = append(parts, v.Type().Field(i).Name+"="+dump(f))
		}
		return v.Type().Name() + "{" + strings.Join(parts, " ") + "}"
	}
	return fmt.Sprintf("%v", v.Interface())
}

func TestScratch(t *testing.T) {
	in := os.Getenv("SQLS")
	if in == "" {
		t.Skip()
	}
	for _, s := range strings.Split(in, "\n---\n") {
		st, m, err := ParseWithMarkers(s)
		if err != nil {
			fmt.Printf("%q\n  ERR: %v\n", s, err)
			continue
		}
		fmt.Printf("%q\n  %s  %+v\n", s, dump(reflect.ValueOf(st)), m)
	}
}
