package warehouse

import (
	"github.com/ucdeploy/ucdeploy/internal/warehouse/ast"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/parser"
)

// parseSQL parses one statement.
func parseSQL(sql string) (ast.Statement, error) { return parser.Parse(sql) }
