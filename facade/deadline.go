package facade

import (
	"context"
	"errors"
	"sync"
	"time"
)

// attemptDeadlines ends the attempts of one client that outlive the attempt
// timeout, with one runtime timer for all of them where context.WithTimeout
// would start one per attempt. A timer that becomes the earliest one pending
// wakes a sleeping thread or the network poller to watch it; with one timer
// per call, that was a futex call on most calls and the largest single part
// of what the facade added to a call over the network (BENCHMARKS.md).
//
// Every attempt of a client has the same timeout, so deadlines arrive in
// the order the attempts start: the pending attempts form a list whose head
// has the earliest deadline, and the timer is never set later than the
// head's. An attempt leaves the list when it ends; the timer, once it fires,
// ends the attempts past their deadline and is set again for the new head,
// or left unset when none is pending. A client making calls one after the
// other thus sets the timer about once per timeout, not once per call.
type attemptDeadlines struct {
	timeout    time.Duration
	mu         sync.Mutex
	head, tail *deadlineCtx
	timer      *time.Timer // nil until the first attempt
	armed      bool        // the timer is set; it fires no later than head's deadline
}

// deadlineCtx is an attempt's context: the caller's, cancelled once the
// attempt timeout has passed. Its Err is context.DeadlineExceeded then, as
// with context.WithTimeout. Cancellation is a context.WithCancelCause's, so
// contexts net/http derives from it register with that one (no goroutine
// per derived context), and their cause says the deadline passed.
type deadlineCtx struct {
	context.Context // the WithCancelCause of the caller's context
	cancel          context.CancelCauseFunc
	deadline        time.Time
	owner           *attemptDeadlines
	prev, next      *deadlineCtx // in owner's list while pending
	listed          bool
}

func (d *deadlineCtx) Deadline() (time.Time, bool) { return d.deadline, true }

// Err tells the deadline passing (the cause the timer cancels with) from
// any other end: the first cancellation's cause is the one kept.
func (d *deadlineCtx) Err() error {
	err := d.Context.Err()
	if err != nil && errors.Is(context.Cause(d.Context), context.DeadlineExceeded) {
		return context.DeadlineExceeded
	}
	return err
}

// stop ends the attempt's context and takes it off the list; the
// attempt calls it when it is done, whatever the outcome.
func (d *deadlineCtx) stop() {
	d.owner.remove(d)
	d.cancel(context.Canceled)
}

// start returns the context of an attempt bounded by the timeout.
func (a *attemptDeadlines) start(ctx context.Context) *deadlineCtx {
	inner, cancel := context.WithCancelCause(ctx)
	d := &deadlineCtx{Context: inner, cancel: cancel, owner: a}
	a.mu.Lock()
	// Taken under the lock, so that the list stays in deadline order.
	d.deadline = time.Now().Add(a.timeout)
	d.prev, d.listed = a.tail, true
	if a.tail != nil {
		a.tail.next = d
	} else {
		a.head = d
	}
	a.tail = d
	if !a.armed {
		a.armed = true
		if a.timer == nil {
			a.timer = time.AfterFunc(a.timeout, a.expire)
		} else {
			a.timer.Reset(a.timeout)
		}
	}
	a.mu.Unlock()
	return d
}

func (a *attemptDeadlines) remove(d *deadlineCtx) {
	a.mu.Lock()
	a.unlink(d)
	a.mu.Unlock()
}

// unlink takes d off the list; a.mu is held.
func (a *attemptDeadlines) unlink(d *deadlineCtx) {
	if !d.listed {
		return
	}
	if d.prev != nil {
		d.prev.next = d.next
	} else {
		a.head = d.next
	}
	if d.next != nil {
		d.next.prev = d.prev
	} else {
		a.tail = d.prev
	}
	d.prev, d.next, d.listed = nil, nil, false
}

// expire runs when the timer fires: it ends every attempt past its
// deadline and sets the timer for the next one.
func (a *attemptDeadlines) expire() {
	var expired []*deadlineCtx
	a.mu.Lock()
	now := time.Now()
	for a.head != nil && !a.head.deadline.After(now) {
		d := a.head
		a.unlink(d)
		expired = append(expired, d)
	}
	if a.head != nil {
		a.timer.Reset(a.head.deadline.Sub(now))
	} else {
		a.armed = false
	}
	a.mu.Unlock()
	// Outside the lock: cancelling runs what was registered with the
	// contexts (net/http's own cancellation among it).
	for _, d := range expired {
		d.cancel(context.DeadlineExceeded)
	}
}
