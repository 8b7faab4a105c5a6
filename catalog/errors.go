package catalog

import "errors"

// Sentinel errors. Errors from this package wrap one of them (when the cause
// is known) and the driver's own error, so callers use errors.Is for the
// category and errors.As for the driver's details.
var (
	// ErrInvalid reports bad input: a malformed name, an invalid option.
	ErrInvalid = errors.New("invalid")
)
