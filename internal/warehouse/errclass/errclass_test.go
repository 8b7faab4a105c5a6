package errclass_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ucdeploy/ucdeploy/internal/warehouse/errclass"
)

func TestError(t *testing.T) {
	e := errclass.New("TABLE_OR_VIEW_NOT_FOUND", "The table or view %s cannot be found.", errclass.Ident("c", "s", "t"))
	assert.Equal(t, "[TABLE_OR_VIEW_NOT_FOUND] The table or view `c`.`s`.`t` cannot be found. SQLSTATE: 42P01", e.Error())
	assert.Equal(t, "42P01", e.SqlState())
	assert.Equal(t, "TABLE_OR_VIEW_NOT_FOUND", e.ErrorClass())

	// A sub-class takes its main class's SQLSTATE unless it has its own.
	assert.Equal(t, "42703", errclass.StateOf("UNRESOLVED_COLUMN.WITH_SUGGESTION"))
	assert.Equal(t, "22023", errclass.StateOf("INVALID_PARAMETER_VALUE.PATTERN"))
	assert.Equal(t, "XXKCM", errclass.StateOf("NO_SUCH_CLASS"), "unknown classes are visible as internal")

	wrapped := fmt.Errorf("op: %w", errclass.New("DIVIDE_BY_ZERO", "Division by zero."))
	assert.True(t, errors.Is(wrapped, &errclass.Error{Class: "DIVIDE_BY_ZERO"}))
	assert.False(t, errors.Is(wrapped, &errclass.Error{Class: "ARITHMETIC_OVERFLOW"}))
	assert.Equal(t, "`a``b`.`c.d`", errclass.Ident("a`b", "c.d"))
}
