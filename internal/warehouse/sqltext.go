package warehouse

import (
	"strings"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/ast"
	"github.com/ucdeploy/ucdeploy/internal/warehouse/value"
)

// sqlOf renders an expression the way Spark names an unaliased select item
// and quotes expressions in error messages: `(a + 1)`, `count(1)`,
// `lower(name)`, `CAST(x AS INT)`.
func sqlOf(e ast.Expr) string {
	w := sqlWriter{}
	w.write(e)
	return w.b.String()
}

// sqlQualified renders e with column references as written (t.id rather
// than id), as Delta records DML predicates in the history.
func sqlQualified(e ast.Expr) string {
	w := sqlWriter{qualified: true}
	w.write(e)
	return w.b.String()
}

// sqlWriter renders expressions; qualified keeps column qualifiers.
type sqlWriter struct {
	b         strings.Builder
	qualified bool
}

func (w *sqlWriter) write(e ast.Expr) {
	b := &w.b
	switch e := e.(type) {
	case *ast.Literal:
		b.WriteString(literalName(e.Value))
	case *ast.TypedLiteral:
		b.WriteString(e.Type.String() + " '" + e.Text + "'")
	case *ast.ColumnRef:
		if w.qualified {
			b.WriteString(strings.Join(e.Name, "."))
		} else {
			b.WriteString(e.Name[len(e.Name)-1])
		}
	case *ast.ColumnIndex:
		b.WriteString(e.Name)
	case *ast.Star:
		if len(e.Qualifier) > 0 {
			b.WriteString(strings.Join(e.Qualifier, ".") + ".")
		}
		b.WriteString("*")
	case *ast.Param:
		if e.Name != "" {
			b.WriteString(":" + e.Name)
		} else {
			b.WriteString("?")
		}
	case *ast.Unary:
		b.WriteString("(")
		b.WriteString(e.Op)
		b.WriteString(" ")
		w.write(e.X)
		b.WriteString(")")
	case *ast.Binary:
		b.WriteString("(")
		w.write(e.L)
		b.WriteString(" " + e.Op + " ")
		w.write(e.R)
		b.WriteString(")")
	case *ast.IsNull:
		b.WriteString("(")
		w.write(e.X)
		if e.Not {
			b.WriteString(" IS NOT NULL)")
		} else {
			b.WriteString(" IS NULL)")
		}
	case *ast.IsBool:
		b.WriteString("(")
		w.write(e.X)
		b.WriteString(" IS ")
		if e.Not {
			b.WriteString("NOT ")
		}
		if e.Value {
			b.WriteString("true)")
		} else {
			b.WriteString("false)")
		}
	case *ast.Between:
		b.WriteString("(")
		w.write(e.X)
		if e.Not {
			b.WriteString(" NOT")
		}
		b.WriteString(" BETWEEN ")
		w.write(e.Lo)
		b.WriteString(" AND ")
		w.write(e.Hi)
		b.WriteString(")")
	case *ast.InList:
		b.WriteString("(")
		w.write(e.X)
		if e.Not {
			b.WriteString(" NOT")
		}
		b.WriteString(" IN (")
		for i, x := range e.List {
			if i > 0 {
				b.WriteString(", ")
			}
			w.write(x)
		}
		b.WriteString("))")
	case *ast.InSubquery:
		b.WriteString("(")
		w.write(e.X)
		b.WriteString(" IN (listquery()))")
	case *ast.Exists:
		b.WriteString("exists()")
	case *ast.Subquery:
		b.WriteString("scalarsubquery()")
	case *ast.Like:
		w.write(e.X)
		if e.Not {
			b.WriteString(" NOT")
		}
		b.WriteString(" " + e.Op + " ")
		w.write(e.Pattern)
	case *ast.Case:
		b.WriteString("CASE")
		if e.Operand != nil {
			b.WriteString(" ")
			w.write(e.Operand)
		}
		for _, arm := range e.Whens {
			b.WriteString(" WHEN ")
			w.write(arm.Cond)
			b.WriteString(" THEN ")
			w.write(arm.Result)
		}
		if e.Else != nil {
			b.WriteString(" ELSE ")
			w.write(e.Else)
		}
		b.WriteString(" END")
	case *ast.Cast:
		if e.Try {
			b.WriteString("TRY_CAST(")
		} else {
			b.WriteString("CAST(")
		}
		w.write(e.X)
		b.WriteString(" AS " + e.Type.String() + ")")
	case *ast.Call:
		b.WriteString(e.Name)
		b.WriteString("(")
		if e.Distinct {
			b.WriteString("DISTINCT ")
		}
		if e.Star {
			b.WriteString("1")
		}
		for i, x := range e.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			w.write(x)
		}
		b.WriteString(")")
	case *ast.Tuple:
		b.WriteString("named_struct(")
		for i, x := range e.Exprs {
			if i > 0 {
				b.WriteString(", ")
			}
			w.write(x)
		}
		b.WriteString(")")
	}
}

// literalName is how Spark names a literal column: 1, 1.5, abc (strings
// unquoted), NULL, true.
func literalName(v value.Value) string {
	switch {
	case v.Null:
		return "NULL"
	case v.Type.Kind == value.String:
		return v.S
	}
	return v.String()
}

// walkAST calls f for e and its sub-expressions (not descending into
// subqueries) while f returns true.
func walkAST(e ast.Expr, f func(ast.Expr) bool) {
	if e == nil || !f(e) {
		return
	}
	switch e := e.(type) {
	case *ast.Unary:
		walkAST(e.X, f)
	case *ast.Binary:
		walkAST(e.L, f)
		walkAST(e.R, f)
	case *ast.IsNull:
		walkAST(e.X, f)
	case *ast.IsBool:
		walkAST(e.X, f)
	case *ast.Between:
		walkAST(e.X, f)
		walkAST(e.Lo, f)
		walkAST(e.Hi, f)
	case *ast.InList:
		walkAST(e.X, f)
		for _, x := range e.List {
			walkAST(x, f)
		}
	case *ast.InSubquery:
		walkAST(e.X, f)
	case *ast.Like:
		walkAST(e.X, f)
		walkAST(e.Pattern, f)
	case *ast.Case:
		walkAST(e.Operand, f)
		for _, w := range e.Whens {
			walkAST(w.Cond, f)
			walkAST(w.Result, f)
		}
		walkAST(e.Else, f)
	case *ast.Cast:
		walkAST(e.X, f)
	case *ast.Call:
		for _, x := range e.Args {
			walkAST(x, f)
		}
	case *ast.Tuple:
		for _, x := range e.Exprs {
			walkAST(x, f)
		}
	}
}
