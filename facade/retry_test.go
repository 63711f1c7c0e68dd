package facade

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var testPolicy = RetryPolicy{MaxAttempts: 3, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second, MaxRetryAfter: 10 * time.Second}

func TestRetryPolicyNext(t *testing.T) {
	t.Parallel()
	notSent := attemptResult{sent: false}
	dropped := attemptResult{sent: true}
	status := func(s int) attemptResult { return attemptResult{status: s, sent: true} }
	retryAfter := func(s int, d time.Duration) attemptResult {
		return attemptResult{status: s, sent: true, retryAfter: d, hasRetryAfter: true}
	}
	tests := []struct {
		name     string
		class    retryClass
		attempt  int
		res      attemptResult
		wantWait time.Duration
		want     bool
	}{
		{"read after a dropped connection", readOnly, 1, dropped, 50 * time.Millisecond, true},
		{"read after 429", readOnly, 1, status(429), 50 * time.Millisecond, true},
		{"read after 502", readOnly, 1, status(502), 50 * time.Millisecond, true},
		{"read after 503, second retry doubles", readOnly, 2, status(503), 100 * time.Millisecond, true},
		{"read after 504", readOnly, 1, status(504), 50 * time.Millisecond, true},
		{"read after 500 is not retried", readOnly, 1, status(500), 0, false},
		{"read after 404 is not retried", readOnly, 1, status(404), 0, false},
		{"read after 400 is not retried", readOnly, 1, status(400), 0, false},
		{"read after an unreadable 200 is not retried", readOnly, 1, status(200), 0, false},
		{"attempts exhausted", readOnly, 3, status(503), 0, false},
		{"Retry-After is honoured", readOnly, 1, retryAfter(429, 2*time.Second), 2 * time.Second, true},
		{"Retry-After over the cap ends the retries", readOnly, 1, retryAfter(429, 11*time.Second), 0, false},
		{"Retry-After zero retries at once", readOnly, 1, retryAfter(503, 0), 0, true},
		{"set operation after a dropped connection", idempotentWrite, 1, dropped, 50 * time.Millisecond, true},
		{"set operation after 503", idempotentWrite, 1, status(503), 50 * time.Millisecond, true},
		{"purchase after a dial error", moneyMoving, 1, notSent, 50 * time.Millisecond, true},
		{"purchase after a dropped connection is never resent", moneyMoving, 1, dropped, 0, false},
		{"purchase after 429 is never resent", moneyMoving, 1, retryAfter(429, time.Second), 0, false},
		{"purchase after 503 is never resent", moneyMoving, 1, status(503), 0, false},
		{"purchase after a dial error, attempts exhausted", moneyMoving, 3, notSent, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wait, again := testPolicy.next(tt.class, tt.attempt, tt.res, 0)
			assert.Equal(t, tt.want, again)
			assert.Equal(t, tt.wantWait, wait)
		})
	}
}

func TestBackoffGrowsIsCappedAndJittered(t *testing.T) {
	t.Parallel()
	p := testPolicy
	tests := []struct {
		attempt  int
		jitter   float64
		min, max time.Duration
	}{
		{1, 0, 50 * time.Millisecond, 50 * time.Millisecond},
		{1, 0.999, 99 * time.Millisecond, 100 * time.Millisecond},
		{2, 0, 100 * time.Millisecond, 100 * time.Millisecond},
		{3, 0, 200 * time.Millisecond, 200 * time.Millisecond},
		{10, 0, 500 * time.Millisecond, 500 * time.Millisecond},
		{10, 0.999, 999 * time.Millisecond, time.Second},
		{1000, 0.5, 750 * time.Millisecond, 750 * time.Millisecond},
	}
	for _, tt := range tests {
		d := p.backoff(tt.attempt, tt.jitter)
		assert.GreaterOrEqual(t, d, tt.min, "attempt %d jitter %v", tt.attempt, tt.jitter)
		assert.LessOrEqual(t, d, tt.max, "attempt %d jitter %v", tt.attempt, tt.jitter)
	}
}

func TestRetryPolicyDefaults(t *testing.T) {
	t.Parallel()
	p := RetryPolicy{MaxAttempts: 5}.withDefaults()
	assert.Equal(t, 5, p.MaxAttempts)
	assert.Equal(t, DefaultRetryPolicy.BaseDelay, p.BaseDelay)
	assert.Equal(t, DefaultRetryPolicy.MaxDelay, p.MaxDelay)
	assert.Equal(t, DefaultRetryPolicy.MaxRetryAfter, p.MaxRetryAfter)
	assert.Equal(t, DefaultRetryPolicy, RetryPolicy{}.withDefaults())
	off := RetryPolicy{MaxAttempts: 1}.withDefaults()
	_, again := off.next(readOnly, 1, attemptResult{status: 503, sent: true}, 0)
	assert.False(t, again, "MaxAttempts 1 must turn retries off")
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"", 0, false},
		{"3", 3 * time.Second, true},
		{" 0 ", 0, true},
		{"-1", 0, false},
		{"soon", 0, false},
		{"999999999999", 86400 * time.Second, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		assert.Equal(t, tt.wantOK, ok, "%q", tt.in)
		assert.Equal(t, tt.want, got, "%q", tt.in)
	}
}

func TestSleepEndsWhenTheContextIsDone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sleep(ctx, time.Hour) }()
	cancel()
	select {
	case err := <-done:
		require.ErrorIs(t, err, context.Canceled)
	case <-time.After(10 * time.Second):
		t.Fatal("sleep kept waiting after the context was cancelled")
	}
	assert.NoError(t, sleep(context.Background(), time.Millisecond))
	assert.ErrorIs(t, sleep(ctx, 0), context.Canceled, "a cancelled context must not be retried even without a wait")
}

// The fault suite checks the waits a client asks for (a server's
// Retry-After among them) without spending them; this is the other half:
// sleep waits at least what it is asked.
func TestSleepWaitsWhatItIsAsked(t *testing.T) {
	const d = 50 * time.Millisecond
	start := time.Now()
	require.NoError(t, sleep(context.Background(), d))
	assert.GreaterOrEqual(t, time.Since(start), d)
}
