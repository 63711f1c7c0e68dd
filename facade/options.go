package facade

import (
	"log/slog"
	"net/http"
	"time"
)

// Option configures a Client in New.
type Option func(*config)

type config struct {
	baseURL        string
	httpClient     *http.Client
	userAgent      string
	retry          RetryPolicy
	logger         *slog.Logger
	attemptTimeout time.Duration
}

// DefaultBaseURL is ProxyShard's User API.
const DefaultBaseURL = "https://user-api.proxyshard.com"

// DefaultAttemptTimeout bounds one attempt (connect, send, read the answer).
// The whole call, retries and waits included, is bounded by the context.
const DefaultAttemptTimeout = 30 * time.Second

func defaultConfig() config {
	return config{
		baseURL:        DefaultBaseURL,
		userAgent:      DefaultUserAgent,
		retry:          DefaultRetryPolicy,
		attemptTimeout: DefaultAttemptTimeout,
	}
}

// WithBaseURL points the client at another server, such as the fake in
// facade/facadetest. It must be https, or http on a loopback host.
func WithBaseURL(u string) Option { return func(c *config) { c.baseURL = u } }

// WithHTTPClient sends requests through hc (its Transport, Jar and Timeout
// apply; hc itself is not changed). If hc has no CheckRedirect, the client
// sets one that does not follow redirects: an API call has nothing to gain
// from one, and a redirect is how credentials and POST bodies end up
// somewhere unintended. If hc's CheckRedirect follows them, a redirect to
// another scheme, host or port is still refused before it is sent
// (ErrOffOrigin), and a money-moving request is never sent again to follow
// one.
func WithHTTPClient(hc *http.Client) Option { return func(c *config) { c.httpClient = hc } }

// WithUserAgent replaces DefaultUserAgent; an empty string keeps it. New
// refuses one with control characters (CR, LF, NUL, ...).
func WithUserAgent(ua string) Option { return func(c *config) { c.userAgent = ua } }

// WithRetry replaces DefaultRetryPolicy; zero fields keep their defaults.
// RetryPolicy{MaxAttempts: 1} turns retries off.
func WithRetry(p RetryPolicy) Option { return func(c *config) { c.retry = p } }

// WithLogger logs each retry and each failed call at Debug level, and a
// money-moving call whose outcome is unknown at Warn. Nothing logged
// contains the token. The default logs nothing.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithAttemptTimeout bounds each attempt; 0 or less means no bound other
// than the context's. Default DefaultAttemptTimeout.
func WithAttemptTimeout(d time.Duration) Option { return func(c *config) { c.attemptTimeout = d } }
