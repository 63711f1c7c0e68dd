package facade

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// ErrOffOrigin is a request the client refused to send because it was
// going to another scheme, host or port than the configured base URL: a
// redirect that the http.Client given with WithHTTPClient chose to follow,
// a next link, or a request built by hand through Raw. Nothing was sent to
// that place; errors.As gives the *OffOriginError.
var ErrOffOrigin = errors.New("proxyshard: request to another origin refused")

// OffOriginError names where a refused request was going.
type OffOriginError struct {
	Target string // scheme://host[:port] of the refused request
	Origin string // scheme://host[:port] of the base URL
}

func (e *OffOriginError) Error() string {
	return fmt.Sprintf("proxyshard: refused to send a request to %s: this client sends requests, and its token, only to %s (was it redirected? redirects to another origin are never followed)",
		e.Target, e.Origin)
}

// Is makes every OffOriginError match ErrOffOrigin.
func (e *OffOriginError) Is(target error) bool { return target == ErrOffOrigin }

// originGuard is the outermost RoundTripper of the client's http.Client,
// the caller's own included: every request, the ones http.Client makes to
// follow a redirect too, passes it just before it is handed to the
// transport. A request for any other scheme, host or port is refused, so
// no CheckRedirect policy, next link or downgrade to plain http can carry
// the token, or a purchase, anywhere else.
type originGuard struct {
	next   http.RoundTripper
	origin *url.URL
}

func (g *originGuard) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL == nil || !sameOrigin(r.URL, g.origin) {
		if r.Body != nil {
			_ = r.Body.Close() // a RoundTripper closes the body, even on error
		}
		target := "(no URL)"
		if r.URL != nil {
			target = (&url.URL{Scheme: r.URL.Scheme, Host: r.URL.Host}).String()
		}
		return nil, &OffOriginError{Target: target, Origin: g.origin.String()}
	}
	return g.next.RoundTrip(r)
}

// CloseIdleConnections reaches the transport below, as http.Client expects.
func (g *originGuard) CloseIdleConnections() {
	if c, ok := g.next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}
