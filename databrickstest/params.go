package databrickstest

import (
	"database/sql"
	"database/sql/driver"
	"fmt"
	"time"

	"github.com/ucdeploy/ucdeploy/internal/warehouse"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// boundArg is an argument after CheckNamedValue: the caller's value and its
// typed SQL value.
type boundArg struct {
	orig any
	val  value.Value
}

// bindArg converts a caller's argument as databricks-sql-go does: first
// driver.DefaultParameterConverter (Valuer.Value, pointers dereferenced,
// every integer to int64, float32 to float64), then its type inference
// (int64 → BIGINT, float64 → DOUBLE, bool → BOOLEAN, string → STRING,
// time.Time → TIMESTAMP, nil → VOID, anything else → STRING via %s).
func bindArg(v any) (*boundArg, error) {
	if a, ok := v.(*boundArg); ok {
		return a, nil
	}
	dv, err := driver.DefaultParameterConverter.ConvertValue(v)
	if err != nil {
		return nil, err
	}
	return &boundArg{orig: v, val: sqlValue(dv)}, nil
}

// sqlValue types a driver.Value as databricks-sql-go's inferType does.
func sqlValue(v driver.Value) value.Value {
	switch x := v.(type) {
	case nil:
		return value.NullOf(value.VoidType)
	case int64:
		return value.Int64(x)
	case float64:
		return value.Float64(x)
	case bool:
		return value.Bool(x)
	case string:
		return value.Str(x)
	case time.Time:
		// The real driver sends the instant as RFC 3339 text with
		// nanoseconds, which the warehouse parses to microseconds,
		// dropping the extra digits.
		return value.IntOf(value.TimestampType, x.UnixMicro())
	}
	return value.Str(fmt.Sprintf("%s", v))
}

// bindParams splits the arguments into positional and named parameters
// and returns the caller's values for the statement log.
func bindParams(args []driver.NamedValue) (warehouse.Params, []any, error) {
	var p warehouse.Params
	if len(args) == 0 {
		return p, nil, nil
	}
	logArgs := make([]any, len(args))
	vals := make([]value.Value, len(args))
	named := 0
	var firstErr error
	for i, a := range args {
		orig := a.Value
		b, err := bindArg(a.Value)
		if err != nil {
			if firstErr == nil {
				firstErr = fmt.Errorf("databrickstest: converting argument %d: %w", i+1, err)
			}
		} else {
			orig, vals[i] = b.orig, b.val
		}
		logArgs[i] = orig
		if a.Name != "" {
			named++
			logArgs[i] = sql.Named(a.Name, orig)
		}
	}
	switch {
	case firstErr != nil:
		return p, logArgs, firstErr
	case named == 0:
		p.Positional = vals
	case named < len(args):
		return p, logArgs, fmt.Errorf("%w: named and positional parameters cannot be used simultaneously", ErrInvalid)
	default:
		p.Named = make(map[string]value.Value, named)
		for i, a := range args {
			p.Named[a.Name] = vals[i]
		}
	}
	return p, logArgs, nil
}
