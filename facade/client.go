package facade

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/proxyshard/proxyshard-go/gen"
)

// Client talks to ProxyShard's User API. It is safe for concurrent use;
// create one and share it.
type Client struct {
	server  string   // base URL with a trailing slash, as gen's request builders want it
	origin  *url.URL // scheme and host of server: the only place the token goes
	token   string
	redact  redactor
	http    *http.Client
	retry   RetryPolicy
	log     *slog.Logger
	maxBody int64
	raw     *gen.ClientWithResponses
	jitter  func() float64
	now     func() time.Time
	// sleep is the wait between attempts (the package's sleep); the tests
	// record what the client asked for instead of waiting seconds.
	sleep func(ctx context.Context, d time.Duration) error
	// purchases remembers the account's recent purchases for Settle.
	purchases *purchaseLedger
	userAgent string
	// authorization is the Authorization header value, "Bearer " and the
	// token, built once instead of on every call.
	authorization string
	// deadlines bounds each attempt by the attempt timeout; nil when
	// there is no such bound.
	deadlines *attemptDeadlines
}

// maxResponseBytes caps every answer: an API response is a few kilobytes,
// and a misbehaving server must not be able to exhaust memory.
const maxResponseBytes = 10 << 20

// maxConnsPerHost sizes the default transport's connection pool. Idle
// connections kept are raised from net/http's default of 2: the client only
// ever talks to one host, and with the default, a program calling it from
// 64 goroutines would close and reopen connections (a TLS handshake each)
// on nearly every call. Open connections are capped at the same number: a
// connection above the idle limit would be closed right after its call, so
// a burst of 1,000 goroutines would otherwise cost 1,000 handshakes and
// hammer the API's rate limit for nothing. Calls beyond the cap wait for a
// free connection within their context and attempt deadline; a
// money-moving call that times out while waiting is reported as of unknown
// outcome, like any call that timed out after the dial began. A program
// that needs more parallel calls passes its own client with WithHTTPClient.
const maxConnsPerHost = 64

// New returns a client that authenticates with token. Options change the
// base URL, HTTP client, user agent, retry policy, logger and per-attempt
// timeout. It fails with ErrValidation on an empty token, a token or user
// agent with control characters (they cannot be sent in a header), or a
// base URL that would send the token in clear text to another machine.
func New(token string, opts ...Option) (*Client, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if cfg.userAgent == "" {
		cfg.userAgent = DefaultUserAgent
	}
	if strings.TrimSpace(token) == "" {
		return nil, invalid("token", "is empty")
	}
	if err := sendable("token", token); err != nil {
		return nil, err
	}
	if err := sendable("user agent", cfg.userAgent); err != nil {
		return nil, err
	}
	origin, server, err := parseBaseURL(cfg.baseURL)
	if err != nil {
		return nil, err
	}
	c := &Client{
		server:  server,
		origin:  origin,
		token:   token,
		redact:  redactor(token),
		http:    httpClient(cfg.httpClient, origin),
		retry:   cfg.retry.withDefaults(),
		log:     cfg.logger,
		maxBody: maxResponseBytes,
		jitter:  randomJitter,
		now:     time.Now,
		sleep:   sleep,

		userAgent:     cfg.userAgent,
		authorization: "Bearer " + token,
		purchases:     ledgerFor(origin, token),
	}
	if cfg.attemptTimeout > 0 {
		c.deadlines = &attemptDeadlines{timeout: cfg.attemptTimeout}
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	c.raw, err = gen.NewClientWithResponses(server,
		gen.WithHTTPClient(c.http),
		gen.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
			c.prepare(req)
			return nil
		}))
	if err != nil {
		return nil, err
	}
	return c, nil
}

// Raw returns the generated client, configured with this client's base URL,
// HTTP client, token and user agent. Requests through it are sent once,
// without retries, size cap or error mapping: an escape hatch for what the
// facade does not cover yet.
func (c *Client) Raw() *gen.ClientWithResponses { return c.raw }

// CloseIdleConnections closes the connections the client keeps open for
// its next calls (calls in flight are not affected), so that a program
// done with the client leaves no connection, and no goroutine reading one,
// behind. The client stays usable and opens new connections as needed.
// With WithHTTPClient it closes the idle connections of that client's
// transport, which its other users share; a transport that cannot close
// idle connections (one without a CloseIdleConnections method) keeps them.
func (c *Client) CloseIdleConnections() { c.http.CloseIdleConnections() }

// BaseURL returns the server the client talks to.
func (c Client) BaseURL() string { return strings.TrimSuffix(c.server, "/") }

// String keeps the token out of fmt's %v and %+v, which would otherwise
// print every field of the struct. Its receiver is a value so that a
// dereferenced Client is covered too.
func (c Client) String() string { return "facade.Client{" + c.BaseURL() + "}" }

// GoString does the same for %#v.
func (c Client) GoString() string { return c.String() }

// LogValue does the same for slog.
func (c Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

// prepare sets the headers every request carries. The token is attached only
// when the request goes to the configured origin, so no URL from a response
// (a next-page link) can carry it elsewhere. The three values share one
// backing array, each slice capped at its own element so that an Add to
// one header cannot write into the next: one allocation instead of three.
func (c *Client) prepare(req *http.Request) {
	if req.Header == nil {
		req.Header = make(http.Header, 4)
	}
	values := []string{c.userAgent, "application/json", c.authorization}
	req.Header["User-Agent"] = values[0:1:1]
	req.Header["Accept"] = values[1:2:2]
	if sameOrigin(req.URL, c.origin) {
		req.Header["Authorization"] = values[2:3:3]
	} else {
		delete(req.Header, "Authorization")
	}
}

// sendable refuses a header value net/http would refuse to send (or, with
// CR or LF, could be made to split into two headers): control characters
// and DEL. The value itself is never quoted: it may be the token.
func sendable(field, v string) error {
	for i := 0; i < len(v); i++ {
		if b := v[i]; b < 0x20 || b == 0x7f {
			return invalid(field, "contains a control character (byte 0x%02x at offset %d), which cannot be sent in a header; "+
				"copy it again without line breaks, tabs or invisible characters", b, i)
		}
	}
	return nil
}

// apiPathPrefix starts the path of every operation in the spec.
const apiPathPrefix = "/user/api"

// parseBaseURL checks the base URL and returns its origin and the form gen's
// request builders take (with a trailing slash, so a path prefix is kept).
func parseBaseURL(raw string) (*url.URL, string, error) {
	raw = strings.TrimSpace(raw)
	if !strings.Contains(raw, "://") {
		// url.Parse reads "api.example.com:443" as a path and fails with
		// "first path segment in URL cannot contain colon".
		return nil, "", invalid("base URL", "%q has no scheme; write it as https://%s", raw, raw)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, "", invalid("base URL", "cannot be parsed: %v", err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, "", invalid("base URL", "scheme must be https (or http for a loopback host), got %q", u.Scheme)
	case u.Host == "":
		return nil, "", invalid("base URL", "has no host")
	case u.User != nil:
		return nil, "", invalid("base URL", "must not contain credentials; pass the token to New")
	case u.RawQuery != "" || u.Fragment != "":
		return nil, "", invalid("base URL", "must not have a query or fragment")
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		return nil, "", invalid("base URL", "plain http would send the token in clear text; use https (http is allowed only for loopback hosts)")
	case strings.HasSuffix(strings.TrimRight(u.Path, "/"), apiPathPrefix):
		// Every operation's path starts with /user/api: kept, it would be
		// doubled and every call would be a 404 that reads as "not found".
		return nil, "", invalid("base URL", "ends in %s, which every request path already starts with; drop it: %s",
			apiPathPrefix, strings.TrimSuffix(strings.TrimRight(u.String(), "/"), apiPathPrefix))
	}
	server := u.String()
	if !strings.HasSuffix(server, "/") {
		server += "/"
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host}, server, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// sameOrigin compares scheme, host and port, with default ports made
// explicit so https://h and https://h:443 are the same origin. It runs
// twice on every call (prepare, originGuard) and allocates nothing.
func sameOrigin(u, origin *url.URL) bool {
	return strings.EqualFold(u.Scheme, origin.Scheme) &&
		strings.EqualFold(u.Hostname(), origin.Hostname()) &&
		effectivePort(u) == effectivePort(origin)
}

// effectivePort is u's port, or the scheme's default one when u names none.
func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch {
	case strings.EqualFold(u.Scheme, "https"):
		return "443"
	case strings.EqualFold(u.Scheme, "http"):
		return "80"
	}
	return ""
}

// hostPort is u's host and port, the default port made explicit.
func hostPort(u *url.URL) string { return net.JoinHostPort(u.Hostname(), effectivePort(u)) }

// httpClient returns the client requests go through: the caller's (copied,
// so neither CheckRedirect nor the guard changes theirs) or a default one,
// with originGuard as the outermost transport either way.
func httpClient(hc *http.Client, origin *url.URL) *http.Client {
	var cp http.Client
	if hc == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = maxConnsPerHost
		t.MaxConnsPerHost = maxConnsPerHost
		cp.Transport = t
	} else {
		cp = *hc
	}
	if cp.CheckRedirect == nil {
		cp.CheckRedirect = noRedirects
	}
	next := cp.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	cp.Transport = &originGuard{next: next, origin: origin}
	return &cp
}

// noRedirects hands a 3xx back as it is; it then becomes an *APIError.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// isDialError reports whether a transport error proves the request never
// reached the server: the connection (or the tunnel through a proxy) could
// not be opened, so not one byte of it was written.
func isDialError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && (op.Op == "dial" || op.Op == "proxyconnect")
}
