package facade

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The attempt deadline behaves as context.WithTimeout's does, for the
// attempt's context and for what net/http derives from it, while attempts
// that end in time leave nothing pending.
func TestAttemptDeadlines(t *testing.T) {
	t.Parallel()
	a := &attemptDeadlines{timeout: 50 * time.Millisecond}
	parent, cancelParent := context.WithCancel(context.Background())
	defer cancelParent()

	late := a.start(context.Background())
	ended := a.start(context.Background())
	cancelled := a.start(parent)
	derived, cancelDerived := context.WithCancelCause(late)
	defer cancelDerived(nil)

	deadline, ok := late.Deadline()
	require.True(t, ok)
	assert.WithinDuration(t, time.Now().Add(a.timeout), deadline, a.timeout)
	assert.NoError(t, late.Err(), "before the deadline")

	ended.stop()
	cancelParent()
	<-cancelled.Done()
	assert.ErrorIs(t, ended.Err(), context.Canceled, "an attempt that ended is not one that timed out")
	assert.ErrorIs(t, cancelled.Err(), context.Canceled, "the caller's cancellation is kept as it is")

	select {
	case <-late.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the deadline did not end the attempt")
	}
	assert.False(t, time.Now().Before(deadline), "ended before its deadline")
	assert.Equal(t, context.DeadlineExceeded, late.Err())
	<-derived.Done()
	assert.Equal(t, context.DeadlineExceeded, context.Cause(derived), "net/http reports a derived context's cause")
	cancelled.stop()
	late.stop()
	assert.Equal(t, context.DeadlineExceeded, late.Err(), "stop after the deadline keeps the deadline's error")

	a.mu.Lock()
	defer a.mu.Unlock()
	assert.Nil(t, a.head, "nothing pending")
	assert.Nil(t, a.tail)
}

// Attempts that start one after the other share one timer, which stops
// once nothing is pending and is set again by the next attempt.
func TestAttemptDeadlinesShareOneTimer(t *testing.T) {
	t.Parallel()
	a := &attemptDeadlines{timeout: 20 * time.Millisecond}
	first := a.start(context.Background())
	timer := a.timer
	first.stop()
	for range 100 {
		a.start(context.Background()).stop()
	}
	a.mu.Lock()
	assert.Same(t, timer, a.timer, "one timer for every attempt")
	assert.True(t, a.armed)
	a.mu.Unlock()

	require.Eventually(t, func() bool {
		a.mu.Lock()
		defer a.mu.Unlock()
		return !a.armed
	}, 5*time.Second, time.Millisecond, "the timer stays set with nothing pending")

	// Set again for the next attempt, which still times out.
	next := a.start(context.Background())
	defer next.stop()
	select {
	case <-next.Done():
		assert.True(t, errors.Is(next.Err(), context.DeadlineExceeded))
	case <-time.After(5 * time.Second):
		t.Fatal("the timer was not set again")
	}
}

// Attempts that start and end at any time, from many goroutines, each end
// at their own deadline and not before, and leave nothing pending.
func TestAttemptDeadlinesUnderConcurrency(t *testing.T) {
	t.Parallel()
	a := &attemptDeadlines{timeout: 30 * time.Millisecond}
	var wg sync.WaitGroup
	for i := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Starts spread over twice the timeout: the timer fires
			// with attempts still pending and must be set again.
			time.Sleep(time.Duration(i) * time.Millisecond)
			d := a.start(context.Background())
			defer d.stop()
			deadline, _ := d.Deadline()
			if i%2 == 0 {
				// Ends in time: nothing may have ended it yet.
				time.Sleep(time.Duration(i%5) * time.Millisecond)
				if time.Now().Before(deadline) {
					assert.NoError(t, d.Err())
				}
				return
			}
			select {
			case <-d.Done():
				assert.False(t, time.Now().Before(deadline), "ended before its deadline")
				assert.Equal(t, context.DeadlineExceeded, d.Err())
			case <-time.After(5 * time.Second):
				t.Error("an attempt past its deadline was not ended")
			}
		}()
	}
	wg.Wait()
	a.mu.Lock()
	defer a.mu.Unlock()
	assert.Nil(t, a.head, "nothing pending")
}
