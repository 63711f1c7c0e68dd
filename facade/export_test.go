package facade

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// DefaultTransportOf returns the *http.Transport a client made without
// WithHTTPClient sends through, so a test can watch its connections.
func DefaultTransportOf(c *Client) *http.Transport {
	return c.http.Transport.(*originGuard).next.(*http.Transport)
}

// RecordWaits makes c note each wait between its attempts instead of
// sleeping it (a done context still ends the wait with its error, as it
// would a real one), so a test can check the waits the client asked for
// without spending them. waits returns those noted so far, in order.
func RecordWaits(c *Client) (waits func() []time.Duration) {
	var mu sync.Mutex
	noted := []time.Duration{}
	c.sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		noted = append(noted, d)
		mu.Unlock()
		return ctx.Err()
	}
	return func() []time.Duration {
		mu.Lock()
		defer mu.Unlock()
		return append([]time.Duration{}, noted...)
	}
}
