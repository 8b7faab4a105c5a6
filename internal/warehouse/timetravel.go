package warehouse

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/ast"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// Delta's retention defaults (spec §2.1, §3.6).
const (
	defaultDeletedFileRetention = 7 * 24 * time.Hour
	defaultLogRetention         = 30 * 24 * time.Hour
	propDeletedFileRetention    = "delta.deletedFileRetentionDuration"
	propLogRetention            = "delta.logRetentionDuration"
)

var intervalTermRE = regexp.MustCompile(`(?i)^\s*(\d+)\s*(weeks?|days?|hours?|minutes?|seconds?|milliseconds?|microseconds?)`)

// parseInterval reads a Delta interval property such as "interval 1 week",
// "interval 168 hours", "interval 1 day 12 hours" or "7 days".
func parseInterval(s string) (time.Duration, bool) {
	rest := strings.TrimSpace(s)
	if len(rest) >= 8 && strings.EqualFold(rest[:8], "interval") {
		rest = rest[8:]
	}
	units := map[string]time.Duration{
		"week": 7 * 24 * time.Hour, "day": 24 * time.Hour, "hour": time.Hour, "minute": time.Minute,
		"second": time.Second, "millisecond": time.Millisecond, "microsecond": time.Microsecond,
	}
	var total time.Duration
	terms := 0
	for strings.TrimSpace(rest) != "" {
		m := intervalTermRE.FindStringSubmatch(rest)
		if m == nil {
			return 0, false
		}
		n, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil {
			return 0, false
		}
		total += time.Duration(n) * units[strings.TrimSuffix(strings.ToLower(m[2]), "s")]
		rest = rest[len(m[0]):]
		terms++
	}
	return total, terms > 0
}

// deletedFileRetention returns a table version's delta.deletedFileRetentionDuration.
func deletedFileRetention(d *tableData) time.Duration {
	if v, ok := d.props[propDeletedFileRetention]; ok {
		if dur, ok := parseInterval(v); ok {
			return dur
		}
	}
	return defaultDeletedFileRetention
}

// timeTravel resolves the version a time-travel clause selects, with
// Delta's errors. restore selects RESTORE's error classes instead of a
// query's.
func (b *binder) timeTravel(r *relation, tt *ast.TimeTravel, now time.Time, restore bool) (*tableData, error) {
	if r.kind == kindView {
		return nil, errclass.New("DELTA_UNSUPPORTED_TIME_TRAVEL_VIEWS", "Cannot time travel views, subqueries, streams or change data feed queries.")
	}
	first, last := r.history[0], r.data
	var d *tableData
	switch {
	case tt.Version != nil:
		v := *tt.Version
		if v < first.version || v > last.version {
			if restore {
				return nil, errclass.New("DELTA_CANNOT_RESTORE_TABLE_VERSION",
					"Cannot restore table to version %d. Available versions: [%d, %d].", v, first.version, last.version)
			}
			return nil, errclass.New("DELTA_VERSION_NOT_FOUND",
				"Cannot time travel Delta table to version %d. Available versions: [%d, %d].", v, first.version, last.version)
		}
		d = r.history[v-first.version]
	case tt.Timestamp != nil:
		ts, err := b.constTimestamp(tt.Timestamp)
		if err != nil {
			return nil, err
		}
		t := time.UnixMicro(ts)
		loc := b.s.loc
		show := func(x time.Time) string { return value.FormatTimestamp(x.UnixMicro(), loc) }
		if t.Before(first.committed) {
			if restore {
				return nil, errclass.New("DELTA_CANNOT_RESTORE_TIMESTAMP_EARLIER",
					"Cannot restore table to timestamp (%s) as it is before the earliest version available. Please use a timestamp after (%s).",
					show(t), show(first.committed))
			}
			return nil, errclass.New("DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION",
				"The provided timestamp (%s) is before the earliest version available to this table (%s). Please use a timestamp after %s.",
				show(t), show(first.committed), show(first.committed))
		}
		if t.After(last.committed) {
			if restore {
				return nil, errclass.New("DELTA_CANNOT_RESTORE_TIMESTAMP_GREATER",
					"Cannot restore table to timestamp (%s) as it is after the latest version available. Please use a timestamp before (%s).",
					show(t), show(last.committed))
			}
			return nil, errclass.New("DELTA_TIMESTAMP_GREATER_THAN_COMMIT",
				"The provided timestamp (%s) is after the latest version available to this table (%s). Please use a timestamp before or at %s.",
				show(t), show(last.committed), show(last.committed))
		}
		for _, h := range r.history {
			if !h.committed.After(t) {
				d = h
			}
		}
	default:
		return nil, errInternal("time travel without version or timestamp")
	}
	if d != last {
		keep := deletedFileRetention(last)
		if d.committed.Before(now.Add(-keep)) && !restore {
			return nil, errclass.New("DELTA_UNSUPPORTED_TIME_TRAVEL_BEYOND_DELETED_FILE_RETENTION_DURATION",
				"Cannot time travel beyond delta.deletedFileRetentionDuration (%d HOURS) set on the table.", int64(keep/time.Hour))
		}
		for _, c := range d.chunks {
			if c.vacuumed {
				return nil, errclass.New("DELTA_FILE_NOT_FOUND_DETAILED",
					"File %s/part-%05d.snappy.parquet referenced in the transaction log cannot be found. This occurs when data has been manually deleted from the file system rather than using the table `DELETE` statement.",
					tableLocation(r), d.version)
			}
		}
	}
	return d, nil
}

// constTimestamp evaluates a TIMESTAMP AS OF expression, which must be
// constant.
func (b *binder) constTimestamp(e ast.Expr) (int64, error) {
	eb := &exprBinder{b: b, sc: &scope{}}
	x, err := eb.bind(e)
	invalid := errclass.New("DELTA_TIMESTAMP_INVALID", "The provided timestamp (%s) cannot be converted to a valid timestamp.", sqlOf(e))
	if err != nil {
		return 0, err
	}
	c, ok := x.(*constExpr)
	if !ok {
		v, err := x.eval(&evalCtx{fctx: b.fctx()}, &value.Batch{N: 1})
		if err != nil {
			return 0, invalid
		}
		c = &constExpr{v: v.Get(0)}
	}
	v, err := value.CastValueIn(c.v, value.TimestampType, true, b.s.loc)
	if err != nil || v.Null {
		return 0, invalid
	}
	return v.I, nil
}
