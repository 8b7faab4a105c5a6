package catalog

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Conversions of scanned values. Results are read into *any, so they work
// with whatever Go types a driver returns: databricks-sql-go and
// databrickstest return int64 for BIGINT, time.Time for TIMESTAMP and JSON
// text for MAP and STRUCT columns.

// asString returns v as text; "" for NULL.
func asString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	default:
		return fmt.Sprint(x)
	}
}

// asInt64 returns v as an integer.
func asInt64(v any) (int64, error) {
	switch x := v.(type) {
	case int64:
		return x, nil
	case int32:
		return int64(x), nil
	case int16:
		return int64(x), nil
	case int8:
		return int64(x), nil
	case int:
		return int64(x), nil
	case string:
		return strconv.ParseInt(strings.TrimSpace(x), 10, 64)
	case []byte:
		return strconv.ParseInt(strings.TrimSpace(string(x)), 10, 64)
	default:
		return 0, fmt.Errorf("want an integer, got %T", v)
	}
}

// asTime returns v as an instant; the zero time for NULL.
func asTime(v any) (time.Time, error) {
	switch x := v.(type) {
	case nil:
		return time.Time{}, nil
	case time.Time:
		return x, nil
	case string, []byte:
		s := asString(x)
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999"} {
			if t, err := time.Parse(layout, s); err == nil {
				return t, nil
			}
		}
		return time.Time{}, fmt.Errorf("want a timestamp, got %q", s)
	default:
		return time.Time{}, fmt.Errorf("want a timestamp, got %T", v)
	}
}

// asStringMap returns a MAP<STRING,STRING> value: a Go map, or the JSON
// object text drivers send for MAP columns. NULL gives nil; null values
// are left out.
func asStringMap(v any) (map[string]string, error) {
	var m map[string]any
	switch x := v.(type) {
	case nil:
		return nil, nil
	case map[string]string:
		out := make(map[string]string, len(x))
		for k, v := range x {
			out[k] = v
		}
		return out, nil
	case map[string]any:
		m = x
	case string, []byte:
		s := asString(x)
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			return nil, fmt.Errorf("want a map, got %q", s)
		}
	default:
		return nil, fmt.Errorf("want a map, got %T", v)
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		switch x := v.(type) {
		case nil:
		case string:
			out[k] = x
		default:
			b, err := json.Marshal(x)
			if err != nil {
				return nil, err
			}
			out[k] = string(b)
		}
	}
	return out, nil
}
