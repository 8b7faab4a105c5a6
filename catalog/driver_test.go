package catalog

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"

	"github.com/apache/thrift/lib/go/thrift"
	dbsql "github.com/databricks/databricks-sql-go"
	dbsqlerr "github.com/databricks/databricks-sql-go/errors"
	dbsqllog "github.com/databricks/databricks-sql-go/logger"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests run the real databricks-sql-go driver against an in-memory
// HTTP transport that answers its Thrift calls, so the errors Classify sees
// are the driver's own error values, built by its own code, without any
// network.

// thriftField is one field of a Thrift struct to encode: an i32, string,
// binary, bool or nested struct value.
type thriftField struct {
	id  int16
	typ thrift.TType
	v   any
}

func writeThriftStruct(ctx context.Context, p thrift.TProtocol, fields []thriftField) error {
	if err := p.WriteStructBegin(ctx, "s"); err != nil {
		return err
	}
	for _, f := range fields {
		if err := p.WriteFieldBegin(ctx, "f", f.typ, f.id); err != nil {
			return err
		}
		var err error
		switch v := f.v.(type) {
		case int32:
			err = p.WriteI32(ctx, v)
		case string:
			err = p.WriteString(ctx, v)
		case []byte:
			err = p.WriteBinary(ctx, v)
		case bool:
			err = p.WriteBool(ctx, v)
		case []thriftField:
			err = writeThriftStruct(ctx, p, v)
		}
		if err != nil {
			return err
		}
		if err := p.WriteFieldEnd(ctx); err != nil {
			return err
		}
	}
	if err := p.WriteFieldStop(ctx); err != nil {
		return err
	}
	return p.WriteStructEnd(ctx)
}

// failingWarehouse is an http.RoundTripper speaking the Thrift protocol of
// a Databricks SQL warehouse: it opens sessions and fails every statement
// with a Databricks error of the given SQLSTATE and text.
type failingWarehouse struct {
	state, message string
}

// Field numbers and enum values of the TCLIService protocol
// (databricks-sql-go's internal/cli_service).
const (
	protocolV8     = int32(42248) // SPARK_CLI_SERVICE_PROTOCOL_V8
	statusSuccess  = int32(0)     // TStatusCode SUCCESS_STATUS
	operationError = int32(5)     // TOperationState ERROR_STATE
)

func (fw failingWarehouse) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		var err error
		if body, err = io.ReadAll(r.Body); err != nil {
			return nil, err
		}
	}
	if r.Method != http.MethodPost || !strings.HasPrefix(r.URL.Path, "/sql/") {
		// Feature flags and telemetry: nothing to report.
		return &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(strings.NewReader("{}")),
			Header: http.Header{"Content-Type": {"application/json"}}, Request: r}, nil
	}
	ctx := r.Context()
	in := thrift.NewTBinaryProtocolConf(thrift.NewStreamTransportR(bytes.NewReader(body)), nil)
	method, _, seq, err := in.ReadMessageBegin(ctx)
	if err != nil {
		return nil, err
	}
	ok := []thriftField{{1, thrift.I32, statusSuccess}}
	handle := []thriftField{{1, thrift.STRING, []byte("0123456789abcdef")}, {2, thrift.STRING, []byte("secret")}}
	var resp []thriftField
	switch method {
	case "OpenSession": // TOpenSessionResp{status, serverProtocolVersion, sessionHandle}
		resp = []thriftField{{1, thrift.STRUCT, ok}, {2, thrift.I32, protocolV8}, {3, thrift.STRUCT, []thriftField{{1, thrift.STRUCT, handle}}}}
	case "ExecuteStatement": // TExecuteStatementResp{status, operationHandle, directResults{operationStatus}}
		opStatus := []thriftField{{1, thrift.STRUCT, ok}, {2, thrift.I32, operationError}, {3, thrift.STRING, fw.state},
			{5, thrift.STRING, fw.message}, {1281, thrift.STRING, fw.message}}
		opHandle := []thriftField{{1, thrift.STRUCT, handle}, {2, thrift.I32, int32(0)}, {3, thrift.BOOL, false}}
		resp = []thriftField{{1, thrift.STRUCT, ok}, {2, thrift.STRUCT, opHandle}, {1281, thrift.STRUCT, []thriftField{{1, thrift.STRUCT, opStatus}}}}
	default: // CloseOperation, CloseSession, GetResultSetMetadata …: {status}
		resp = []thriftField{{1, thrift.STRUCT, ok}}
	}
	var out bytes.Buffer
	p := thrift.NewTBinaryProtocolConf(thrift.NewStreamTransportW(&out), nil)
	if err := p.WriteMessageBegin(ctx, method, thrift.REPLY, seq); err != nil {
		return nil, err
	}
	if err := writeThriftStruct(ctx, p, []thriftField{{0, thrift.STRUCT, resp}}); err != nil {
		return nil, err
	}
	if err := p.WriteMessageEnd(ctx); err != nil {
		return nil, err
	}
	if err := p.Flush(ctx); err != nil {
		return nil, err
	}
	return &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(&out),
		Header: http.Header{"Content-Type": {"application/x-thrift"}}, Request: r}, nil
}

// roundTripFunc is an http.RoundTripper from a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// openDriver opens a databricks-sql-go pool over rt, without retries.
func openDriver(t *testing.T, rt http.RoundTripper) *sql.DB {
	t.Helper()
	dbsqllog.SetLogOutput(io.Discard)
	c, err := dbsql.NewConnector(
		dbsql.WithServerHostname("workspace.invalid"),
		dbsql.WithHTTPPath("/sql/1.0/warehouses/test"),
		dbsql.WithAccessToken("token"),
		dbsql.WithTransport(rt),
		dbsql.WithRetries(-1, 0, 0),
	)
	require.NoError(t, err)
	db := sql.OpenDB(c)
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func TestClassifyDatabricksDriverExecutionErrors(t *testing.T) {
	tests := []struct {
		name    string
		state   string
		message string
		want    error
	}{
		{name: "table not found", state: "42P01", want: ErrNotFound,
			message: "[TABLE_OR_VIEW_NOT_FOUND] The table or view `main`.`s`.`t` cannot be found. Verify the spelling and correctness of the schema and catalog. SQLSTATE: 42P01"},
		{name: "catalog not found", state: "42704", want: ErrNotFound,
			message: "[NO_SUCH_CATALOG_EXCEPTION] Catalog 'nope' was not found. Please verify the catalog name and then retry the query or command again. SQLSTATE: 42704"},
		{name: "schema exists", state: "42P06", want: ErrAlreadyExists,
			message: "[SCHEMA_ALREADY_EXISTS] Cannot create schema `s` because it already exists. SQLSTATE: 42P06"},
		{name: "permission", state: "42501", want: ErrPermission,
			message: "[INSUFFICIENT_PERMISSIONS] Insufficient privileges:\nUser does not have USE CATALOG on Catalog 'system'. SQLSTATE: 42501"},
		{name: "syntax", state: "42601", want: ErrInvalid,
			message: "[PARSE_SYNTAX_ERROR] Syntax error at or near 'FROM'. SQLSTATE: 42601"},
		{name: "concurrent write", state: "2D521", want: ErrConflict,
			message: "[DELTA_CONCURRENT_APPEND.WITHOUT_HINT] ConcurrentAppendException: Files were added to the root of the table by a concurrent update. SQLSTATE: 2D521"},
		{name: "schema not empty", state: "2BP01", want: ErrNotEmpty,
			message: "[SCHEMA_NOT_EMPTY] Cannot drop a schema `s` because it contains objects. SQLSTATE: 2BP01"},
		// The SQLSTATE field alone decides when the text has no class.
		{name: "state only", state: "42P01", want: ErrNotFound, message: "Table not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openDriver(t, failingWarehouse{state: tt.state, message: tt.message})
			c := New(db, nil)
			ctx := t.Context()

			// Exec path.
			err := c.CreateSchema(ctx, MustName("main", "s"), nil)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.want)
			var de dbsqlerr.DBExecutionError
			require.ErrorAs(t, err, &de, "the driver's error stays reachable")
			assert.Equal(t, tt.state, de.SqlState())
			assert.ErrorIs(t, err, dbsqlerr.ExecutionError)
			var ce *Error
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, "create schema", ce.Op)

			// Query path.
			_, err = c.History(ctx, MustName("main", "s", "t"), 0)
			assert.ErrorIs(t, err, tt.want)
			require.ErrorAs(t, err, &de)
			assert.Equal(t, tt.state, SQLState(err))
		})
	}
}

func TestClassifyDatabricksDriverRequestErrors(t *testing.T) {
	respond := func(code int) roundTripFunc {
		return func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: code, Body: io.NopCloser(strings.NewReader("")), Header: http.Header{}, Request: r}, nil
		}
	}
	tests := []struct {
		name string
		rt   http.RoundTripper
		want error
	}{
		{name: "connection refused", want: ErrUnavailable, rt: roundTripFunc(func(*http.Request) (*http.Response, error) {
			return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
		})},
		{name: "service unavailable", rt: respond(http.StatusServiceUnavailable), want: ErrUnavailable},
		{name: "forbidden", rt: respond(http.StatusForbidden), want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openDriver(t, tt.rt)
			err := New(db, nil).CreateSchema(t.Context(), MustName("main", "s"), nil)
			require.Error(t, err)
			var de dbsqlerr.DBError
			require.ErrorAs(t, err, &de, "the driver's error stays reachable")
			assert.ErrorIs(t, err, dbsqlerr.RequestError)
			if tt.want == nil {
				var ce *Error
				require.ErrorAs(t, err, &ce)
				assert.NoError(t, ce.Kind)
				for _, s := range sentinels {
					assert.False(t, errors.Is(err, s), "unexpected %v", s)
				}
				return
			}
			assert.ErrorIs(t, err, tt.want)
		})
	}
}
