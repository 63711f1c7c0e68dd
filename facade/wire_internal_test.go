package facade

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Stopping a second copy cancels the attempt, and the attempt's error names
// the second copy only when that is what ended it.
func TestStopSecondCopy(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := newWire(ctx, cancel)
	w.stopSecondCopy()
	assert.ErrorIs(t, ctx.Err(), context.Canceled)
	assert.True(t, w.stoppedSecondCopy())

	ended, endedCancel := context.WithCancel(context.Background())
	endedCancel() // the deadline or the caller's context came first
	w = newWire(ended, endedCancel)
	w.stopSecondCopy()
	assert.False(t, w.stoppedSecondCopy())
}
