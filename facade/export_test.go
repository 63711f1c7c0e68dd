package facade

import "net/http"

// DefaultTransportOf returns the *http.Transport a client made without
// WithHTTPClient sends through, so a test can watch its connections.
func DefaultTransportOf(c *Client) *http.Transport {
	return c.http.Transport.(*originGuard).next.(*http.Transport)
}
