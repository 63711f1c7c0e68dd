package facade

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy says how often and how patiently a request is resent. Which
// requests may be resent at all is not configurable: see the package
// documentation (reads and "set" operations yes, money-moving calls only
// when they provably never left this machine).
type RetryPolicy struct {
	// MaxAttempts counts the first try: 1 disables retries. Default 3.
	MaxAttempts int
	// BaseDelay is the wait before the second attempt; each further wait
	// doubles, then jitter takes it to between half and all of that. Default 250ms.
	BaseDelay time.Duration
	// MaxDelay caps the computed backoff. Default 5s.
	MaxDelay time.Duration
	// MaxRetryAfter caps the server's Retry-After: a longer request ends the
	// retries at once (with RetryAfter on the *APIError) rather than holding
	// the caller for minutes. Default 30s.
	MaxRetryAfter time.Duration
}

// DefaultRetryPolicy is what New uses unless WithRetry replaces it.
var DefaultRetryPolicy = RetryPolicy{
	MaxAttempts:   3,
	BaseDelay:     250 * time.Millisecond,
	MaxDelay:      5 * time.Second,
	MaxRetryAfter: 30 * time.Second,
}

// withDefaults fills the zero fields, so WithRetry(RetryPolicy{MaxAttempts: 5})
// keeps the default delays.
func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = DefaultRetryPolicy.MaxAttempts
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = DefaultRetryPolicy.BaseDelay
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = DefaultRetryPolicy.MaxDelay
	}
	if p.MaxDelay < p.BaseDelay {
		p.MaxDelay = p.BaseDelay
	}
	if p.MaxRetryAfter <= 0 {
		p.MaxRetryAfter = DefaultRetryPolicy.MaxRetryAfter
	}
	return p
}

// retryClass says what a resend of an operation could do on the server.
type retryClass int

const (
	// readOnly operations (GET) change nothing: resend on transport errors,
	// 429, 502, 503 and 504.
	readOnly retryClass = iota
	// idempotentWrite operations set a state to a value given in full
	// (a tag, a flag, a signature per IP): sending one twice leaves the same
	// state as sending it once, so they follow the same rule as reads.
	idempotentWrite
	// moneyMoving operations charge the wallet, change what is billed or
	// move residential traffic (a second copy moves it twice). The
	// API has no idempotency keys, so they are resent only when the previous
	// attempt provably never left this machine (the connection could not be
	// opened).
	moneyMoving
)

// attemptResult is what one attempt tells the retry policy.
type attemptResult struct {
	status        int           // HTTP status; 0 when no complete answer arrived
	retryAfter    time.Duration // the server's Retry-After, if hasRetryAfter
	hasRetryAfter bool
	sent          bool // false only when the request provably never left this machine
	// final: resending cannot help and must not happen (the client itself
	// refused the request).
	final bool
}

// retryable reports whether the status is one a read may be resent after:
// rate limiting and the gateway failures that mean "not processed, try later".
func retryable(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// next decides, after a failed attempt number attempt (1-based), whether to
// try again and how long to wait first. It is a pure function: jitter is a
// number in [0, 1) supplied by the caller, so tests can pin it.
func (p RetryPolicy) next(class retryClass, attempt int, r attemptResult, jitter float64) (time.Duration, bool) {
	if attempt >= p.MaxAttempts || r.final {
		return 0, false
	}
	if r.sent {
		if class == moneyMoving {
			return 0, false
		}
		if r.status != 0 && !retryable(r.status) {
			return 0, false
		}
	}
	if r.hasRetryAfter {
		if r.retryAfter > p.MaxRetryAfter {
			return 0, false
		}
		return r.retryAfter, true
	}
	return p.backoff(attempt, jitter), true
}

// backoff is BaseDelay doubled per attempt, capped at MaxDelay, then
// jittered into [d/2, d) so that many clients failing together do not
// come back together.
func (p RetryPolicy) backoff(attempt int, jitter float64) time.Duration {
	d := p.BaseDelay
	for i := 1; i < attempt && d < p.MaxDelay; i++ {
		d *= 2
	}
	d = min(d, p.MaxDelay)
	half := d / 2
	return half + time.Duration(jitter*float64(d-half))
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP date
// (RFC 9110 section 10.2.3). A date in the past means "now".
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		// Anything beyond a day is nonsense for an API and would overflow
		// nothing useful; the cap in the policy handles it.
		return time.Duration(min(secs, 86400)) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// sleep waits for d or until ctx is done, whichever comes first.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
