package rollback

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Composite is a Rollbacker made of others, for a deploy that changes
// several kinds of objects: Checkpoint checkpoints every part in order,
// Rollback rolls them back in reverse order (the last object changed is the
// first put back), attempting every part even after failures. It is as
// idempotent as its parts.
//
// A Composite is safe for concurrent use when its parts are.
type Composite struct {
	parts []Rollbacker
}

var _ Rollbacker = (*Composite)(nil)

// NewComposite returns a Composite of parts, in the order the deploy
// changes their objects. The list is copied. Nil parts are reported by
// Checkpoint and Rollback.
func NewComposite(parts ...Rollbacker) *Composite {
	return &Composite{parts: slices.Clone(parts)}
}

// checkParts returns an ErrInvalid error for a nil Composite or nil parts.
func (c *Composite) checkParts(op string) error {
	if c == nil {
		return fmt.Errorf("rollback: %s: %w: nil composite", op, ErrInvalid)
	}
	var errs []error
	for i, p := range c.parts {
		if p == nil {
			errs = append(errs, fmt.Errorf("rollback: %s part %d: %w: nil rollbacker", op, i, ErrInvalid))
		}
	}
	return errors.Join(errs...)
}

// Checkpoint returns a checkpoint of Kind KindComposite whose Parts are the
// checkpoints of the parts, in order. It checkpoints every part, even
// after failures, and returns their errors joined (each wrapped with the
// part's index); it fails with ErrInvalid for a nil part.
func (c *Composite) Checkpoint(ctx context.Context) (Checkpoint, error) {
	const op = "checkpoint composite"
	if err := c.checkParts(op); err != nil {
		return Checkpoint{}, err
	}
	taken := time.Now().UTC()
	parts := make([]Checkpoint, len(c.parts))
	var errs []error
	for i, p := range c.parts {
		cp, err := p.Checkpoint(ctx)
		if err != nil {
			errs = append(errs, fmt.Errorf("rollback: %s part %d: %w", op, i, err))
			continue
		}
		parts[i] = cp
	}
	if err := errors.Join(errs...); err != nil {
		return Checkpoint{}, err
	}
	if len(parts) == 0 {
		parts = nil
	}
	return Checkpoint{Kind: KindComposite, Taken: taken, Parts: parts}, nil
}

// Rollback rolls every part back to its checkpoint in cp.Parts, last part
// first. It fails with ErrInvalid, before any part runs, when cp's Kind is
// not KindComposite, cp has not one part checkpoint per part, or a part is
// nil. It then rolls back every part, even after failures, and returns
// their errors joined (each wrapped with the part's index).
func (c *Composite) Rollback(ctx context.Context, cp Checkpoint) error {
	const op = "roll back composite"
	if err := c.checkParts(op); err != nil {
		return err
	}
	if err := checkKind(op, cp, KindComposite); err != nil {
		return err
	}
	if len(cp.Parts) != len(c.parts) {
		return fmt.Errorf("rollback: %s: %w: checkpoint has %d parts, composite has %d", op, ErrInvalid, len(cp.Parts), len(c.parts))
	}
	var errs []error
	for i := len(c.parts) - 1; i >= 0; i-- {
		if err := c.parts[i].Rollback(ctx, cp.Parts[i]); err != nil {
			errs = append(errs, fmt.Errorf("rollback: %s part %d: %w", op, i, err))
		}
	}
	return errors.Join(errs...)
}
