package facade_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/http2"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
	"github.com/proxyshard/proxyshard-go/internal/testutil"
)

// The faults a network, a gateway or a broken server produce, each against
// a read (getMe) and, where money could move, a purchase. Every row checks
// what the caller gets (errors.Is / errors.As), how many attempts the client
// made, that a purchase was charged at most once, and that the token is in
// no error text and no log line. RELIABILITY.md has the table.
//
// The fake (facadetest) serves every row. Faults it cannot make itself
// (half-written, endless, HTML and oversized answers) come from a gateway
// in front of it, which lets the fake apply the call and then spoils the
// answer: the charge is real, only the answer is lost.
func TestReliability(t *testing.T) {
	const (
		readPath     = "/user/api/me"
		purchasePath = "/user/api/orders/purchase"
	)
	tests := []struct {
		name string
		// server returns the base URL the client uses; it may inject faults
		// into the fake or put a gateway in front of it.
		server   func(t *testing.T, fake *facadetest.Server, direct string) string
		purchase bool // the call is a purchase; otherwise a read
		opts     []facade.Option
		deadline time.Duration // a context deadline for the call; 0: none
		wantErr  bool
		wantIs   []error
		wantNot  []error
		// cutShort: the answer breaks off mid-body, which HTTP/1.1 reports
		// as io.ErrUnexpectedEOF and HTTP/2 as a reset of the stream.
		cutShort   bool
		status     int // of the *APIError in the chain; 0: none expected
		attempts   int // requests the client made
		charges    int // orders the fake created
		minElapsed time.Duration
		maxElapsed time.Duration
		check      func(t *testing.T, err error)
	}{
		{
			name: "connection reset after a purchase was applied",
			server: func(t *testing.T, fake *facadetest.Server, direct string) string {
				fake.InjectFault("purchaseOrder", facadetest.Fault{DropAfterApply: true})
				return direct
			},
			purchase: true, wantErr: true, wantIs: []error{facade.ErrOutcomeUnknown}, attempts: 1, charges: 1,
		},
		{
			name: "connection reset after a read: resent",
			server: func(t *testing.T, fake *facadetest.Server, direct string) string {
				fake.InjectFault("getMe", facadetest.Fault{DropAfterApply: true})
				return direct
			},
			attempts: 2,
		},
		{
			name: "half-written answer to a read",
			server: func(t *testing.T, fake *facadetest.Server, direct string) string {
				return gateway(t, fake, direct, readPath, halfWritten)
			},
			wantErr: true, cutShort: true, wantNot: []error{facade.ErrOutcomeUnknown}, attempts: 3,
		},
		{
			name: "half-written answer to a purchase",
			server: func(t *testing.T, fake *facadetest.Server, direct string) string {
				return gateway(t, fake, direct, purchasePath, halfWritten)
			},
			purchase: true, wantErr: true, cutShort: true, wantIs: []error{facade.ErrOutcomeUnknown}, attempts: 1, charges: 1,
		},
		{
			name: "answer that never ends, read: each attempt cut by the attempt timeout",
			server: func(t *testing.T, fake *facadetest.Server, direct string) string {
				return gateway(t, fake, direct, readPath, neverEnding(t))
			},
			opts:    []facade.Option{facade.WithAttemptTimeout(150 * time.Millisecond)},
			wantErr: true, wantIs: []error{context.DeadlineExceeded}, wantNot: []error{facade.ErrOutcomeUnknown}, attempts: 3,
			maxElapsed: 5 * time.Second,
		},
		{
			name: "answer that never ends, purchase: cut by the context deadline",
			server: func(t *testing.T, fake *facadetest.Server, direct string) string {
				return gateway(t, fake, direct, purchasePath, neverEnding(t))
			},
			purchase: true, deadline: 300 * time.Millisecond,
			wantErr: true, wantIs: []error{facade.ErrOutcomeUnknown, context.DeadlineExceeded}, attempts: 1, charges: 1,
			maxElapsed: 5 * time.Second,
		},
		{
			name: "429 storm without Retry-After",
			server: func(t *testing.T, fake *facadetest.Server, direct string) string {
				fake.InjectFault("getMe", facadetest.Fault{Status: 429, Times: 100})
				return direct
			},
			wantErr: true, wantIs: []error{facade.ErrRateLimited}, status: 429, attempts: 3,
			check: func(t *testing.T, err error) {
				var apiErr *facade.APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Zero(t, apiErr.RetryAfter)
			},
		},
		{
			name: "429 storm with Retry-After 1s: honoured",
			server: func(t *testing.T, fake *facadetest.Server, direct string) string {
				fake.InjectFault("getMe", facadetest.Fault{Status: 429, RetryAfter: time.Second, Times: 100})
				return direct
			},
			wantErr: true, wantIs: []error{facade.ErrRateLimited}, status: 429, attempts: 3,
			minElapsed: 2 * time.Second, // two waits of the server's second, not the 1-5 ms backoff
			check: func(t *testing.T, err error) {
				var apiErr *facade.APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, time.Second, apiErr.RetryAfter)
			},
		},
		{
			name: "429 with Retry-After beyond the cap: not waited for",
			server: func(t *testing.T, fake *facadetest.Server, direct string) string {
				fake.InjectFault("getMe", facadetest.Fault{Status: 429, RetryAfter: time.Hour, Times: 100})
				return direct
			},
			wantErr: true, wantIs: []error{facade.ErrRateLimited}, status: 429, attempts: 1,
			maxElapsed: 2 * time.Second,
			check: func(t *testing.T, err error) {
				var apiErr *facade.APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, time.Hour, apiErr.RetryAfter, "the caller can schedule its own retry")
			},
		},
		{
			name: "429 storm on a purchase: a refusal, not resent",
			server: func(t *testing.T, fake *facadetest.Server, direct string) string {
				fake.InjectFault("purchaseOrder", facadetest.Fault{Status: 429, Times: 100})
				return direct
			},
			purchase: true, wantErr: true, wantIs: []error{facade.ErrRateLimited}, wantNot: []error{facade.ErrOutcomeUnknown},
			status: 429, attempts: 1,
		},
		{
			name: "HTML 502 page on a read",
			server: func(t *testing.T, fake *facadetest.Server, direct string) string {
				return gateway(t, fake, direct, readPath, badGatewayPage)
			},
			wantErr: true, wantNot: []error{facade.ErrOutcomeUnknown, facade.ErrInvalidResponse}, status: 502, attempts: 3,
			check: func(t *testing.T, err error) {
				var apiErr *facade.APIError
				require.ErrorAs(t, err, &apiErr)
				assert.True(t, strings.HasPrefix(apiErr.Body, "<html>"), "the page's start is kept: %q", apiErr.Body)
				assert.Empty(t, apiErr.Message)
			},
		},
		{
			name: "HTML 502 page on a purchase the server applied",
			server: func(t *testing.T, fake *facadetest.Server, direct string) string {
				return gateway(t, fake, direct, purchasePath, badGatewayPage)
			},
			purchase: true, wantErr: true, wantIs: []error{facade.ErrOutcomeUnknown}, status: 502, attempts: 1, charges: 1,
		},
		{
			name: "50 MiB answer to a read, length not declared",
			server: func(t *testing.T, fake *facadetest.Server, direct string) string {
				return gateway(t, fake, direct, readPath, oversized(t, false))
			},
			wantErr: true, wantIs: []error{facade.ErrInvalidResponse}, attempts: 1,
		},
		{
			name: "50 MiB answer to a read, length declared",
			server: func(t *testing.T, fake *facadetest.Server, direct string) string {
				return gateway(t, fake, direct, readPath, oversized(t, true))
			},
			wantErr: true, wantIs: []error{facade.ErrInvalidResponse}, attempts: 1,
		},
		{
			name: "50 MiB answer to a purchase",
			server: func(t *testing.T, fake *facadetest.Server, direct string) string {
				return gateway(t, fake, direct, purchasePath, oversized(t, false))
			},
			purchase: true, wantErr: true, wantIs: []error{facade.ErrOutcomeUnknown, facade.ErrInvalidResponse}, attempts: 1, charges: 1,
		},
		{
			name: "slow server, read, context deadline",
			server: func(t *testing.T, fake *facadetest.Server, direct string) string {
				fake.InjectFault("getMe", facadetest.Fault{Delay: time.Minute, Times: 100})
				return direct
			},
			deadline: 300 * time.Millisecond,
			wantErr:  true, wantIs: []error{context.DeadlineExceeded}, wantNot: []error{facade.ErrOutcomeUnknown}, attempts: 1,
			maxElapsed: 2 * time.Second,
		},
		{
			name: "slow server, purchase, context deadline",
			server: func(t *testing.T, fake *facadetest.Server, direct string) string {
				fake.InjectFault("purchaseOrder", facadetest.Fault{Delay: time.Minute})
				return direct
			},
			purchase: true, deadline: 300 * time.Millisecond,
			// The fake applies nothing for a client that gave up; the
			// client cannot know that, so the outcome is unknown.
			wantErr: true, wantIs: []error{facade.ErrOutcomeUnknown, context.DeadlineExceeded}, attempts: 1,
			maxElapsed: 2 * time.Second,
		},
		{
			name:    "unreachable base URL, read",
			server:  func(t *testing.T, _ *facadetest.Server, direct string) string { return closedPortURL(t, direct) },
			wantErr: true, wantIs: []error{syscall.ECONNREFUSED}, wantNot: []error{facade.ErrOutcomeUnknown}, attempts: 3,
			check: func(t *testing.T, err error) {
				var opErr *net.OpError
				require.ErrorAs(t, err, &opErr)
				assert.Equal(t, "dial", opErr.Op)
			},
		},
		{
			name:     "unreachable base URL, purchase: nothing left the machine, so it is tried again",
			server:   func(t *testing.T, _ *facadetest.Server, direct string) string { return closedPortURL(t, direct) },
			purchase: true, wantErr: true, wantIs: []error{syscall.ECONNREFUSED}, wantNot: []error{facade.ErrOutcomeUnknown}, attempts: 3,
		},
	}
	for _, proto := range wireProtocols {
		for _, tt := range tests {
			t.Run(proto.name+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				runReliabilityRow(t, proto, tt.server, tt.purchase, tt.opts, tt.deadline, reliabilityWant{
					failure: failure{tt.wantErr, tt.wantIs, tt.wantNot, tt.status, tt.attempts},
					charges: tt.charges, cutShort: tt.cutShort, minElapsed: tt.minElapsed, maxElapsed: tt.maxElapsed, check: tt.check,
				})
			})
		}
	}
}

// wireProtocol is the transport a row of the fault suite runs on.
type wireProtocol struct {
	name  string
	tls   bool
	proto string // what the client's answers must say they came over
}

// wireProtocols are HTTP/1.1 on plain loopback and what the real API
// speaks: HTTP/2 over TLS.
var wireProtocols = []wireProtocol{
	{name: "HTTP/1.1", proto: "HTTP/1.1"},
	{name: "HTTP/2+TLS", tls: true, proto: "HTTP/2.0"},
}

// startServer serves h on loopback over proto; closed with the test.
func startServer(t *testing.T, h http.Handler, tls bool) *httptest.Server {
	t.Helper()
	s := httptest.NewUnstartedServer(h)
	if tls {
		s.EnableHTTP2 = true
		s.StartTLS()
	} else {
		s.Start()
	}
	t.Cleanup(s.Close)
	return s
}

// reliabilityWant is what a row of the fault suite expects.
type reliabilityWant struct {
	failure
	charges                int
	cutShort               bool
	minElapsed, maxElapsed time.Duration
	check                  func(t *testing.T, err error)
}

func runReliabilityRow(t *testing.T, proto wireProtocol, server func(*testing.T, *facadetest.Server, string) string,
	purchase bool, rowOpts []facade.Option, deadline time.Duration, want reliabilityWant) {
	fake := facadetest.New(facadetest.WithT(t), facadetest.WithToken(testToken))
	direct := startServer(t, fake.Handler(), proto.tls)
	ctx := context.Background()
	spec := facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: 2}
	quote, err := newClient(t, direct.URL, facade.WithHTTPClient(direct.Client())).Quote(ctx, spec)
	require.NoError(t, err)
	balance := fake.Balance(testToken)
	baseURL := server(t, fake, direct.URL)

	logs := &testutil.SyncBuffer{}
	next := http.DefaultTransport.(*http.Transport).Clone()
	if proto.tls {
		// httptest's TLS servers share one certificate, so the gateways'
		// are trusted too.
		next = direct.Client().Transport.(*http.Transport).Clone()
		next.ForceAttemptHTTP2 = true
	}
	transport := &wireCount{next: next}
	t.Cleanup(transport.next.CloseIdleConnections)
	opts := append([]facade.Option{
		facade.WithHTTPClient(&http.Client{Transport: transport.transport()}),
		facade.WithLogger(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
	}, rowOpts...)
	c := newClient(t, baseURL, opts...)
	if deadline > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, deadline)
		defer cancel()
	}

	op := "getMe"
	start := time.Now()
	if purchase {
		op = "purchaseOrder"
		_, err = c.Purchase(ctx, spec)
	} else {
		_, err = c.Me(ctx)
	}
	elapsed := time.Since(start)
	// Closing the servers waits for their handlers, so whatever the fake
	// was going to apply has been applied before it is counted.
	direct.Close()
	received := fake.Requests(op)
	t.Logf("%s: after %v, %d attempts, %d received: %v", proto.name, elapsed.Round(time.Millisecond), transport.requests.Load(), received, err)

	assert.Equal(t, want.attempts, int(transport.requests.Load()), "attempts")
	assert.LessOrEqual(t, received, want.attempts, "requests the server received")
	if purchase {
		assert.LessOrEqual(t, received, 1, "a purchase reached the server more than once")
	}
	for _, p := range transport.protocols() {
		assert.Equal(t, proto.proto, p, "the protocol the answers came over")
	}
	if want.minElapsed > 0 {
		assert.GreaterOrEqual(t, elapsed, want.minElapsed)
	}
	if want.maxElapsed > 0 {
		assert.Less(t, elapsed, want.maxElapsed)
	}
	assert.Len(t, fake.Orders(testToken), want.charges, "orders created")
	assert.Equal(t, int64(want.charges)*int64(quote.Final), balance-fake.Balance(testToken), "charged")
	assert.Empty(t, fake.Violations(), "the fake's own traffic breaks the spec")
	assertNoToken(t, err, logs.String())
	if !assertFailure(t, err, want.failure) {
		return
	}
	if want.status == 0 {
		var apiErr *facade.APIError
		assert.False(t, errors.As(err, &apiErr), "no answer came, so no *APIError: %v", err)
	}
	if errors.Is(err, facade.ErrOutcomeUnknown) {
		var unknown *facade.OutcomeUnknownError
		require.ErrorAs(t, err, &unknown)
		assert.Equal(t, "purchaseOrder", unknown.Operation)
		assert.Contains(t, logs.String(), "level=WARN", "an unknown outcome is logged as a warning")
	}
	if want.cutShort {
		if proto.tls {
			var reset http2.StreamError
			require.ErrorAs(t, err, &reset)
			assert.Equal(t, http2.ErrCodeInternal, reset.Code)
		} else {
			assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
		}
	}
	if want.check != nil {
		want.check(t, err)
	}
}

// wireCount counts the requests the client hands to the network, dials
// that fail included, and the protocols of the answers.
type wireCount struct {
	next     *http.Transport
	requests atomic.Int64
	mu       sync.Mutex
	protos   []string
}

func (c *wireCount) transport() http.RoundTripper {
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		c.requests.Add(1)
		resp, err := c.next.RoundTrip(r)
		if resp != nil {
			c.mu.Lock()
			c.protos = append(c.protos, resp.Proto)
			c.mu.Unlock()
		}
		return resp, err
	})
}

// protocols are the protocols of the answers that came back.
func (c *wireCount) protocols() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.protos)
}

// answerSpoiler writes what the client gets instead of the fake's answer.
type answerSpoiler func(w http.ResponseWriter, r *http.Request, answer *httptest.ResponseRecorder)

// gateway puts a server in front of the fake: every request reaches the
// fake (so a purchase is applied and paid), and answers to path are spoiled.
// It is closed with the test, after the handlers have returned.
func gateway(t *testing.T, fake *facadetest.Server, direct, path string, spoil answerSpoiler) string {
	t.Helper()
	srv := startServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		answer := httptest.NewRecorder()
		fake.Handler().ServeHTTP(answer, r)
		if r.URL.Path != path {
			for k, v := range answer.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(answer.Code)
			_, _ = w.Write(answer.Body.Bytes())
			return
		}
		spoil(w, r, answer)
	}), strings.HasPrefix(direct, "https:"))
	return srv.URL
}

// halfWritten declares the answer's full length, writes half of it and
// closes the connection.
func halfWritten(w http.ResponseWriter, _ *http.Request, answer *httptest.ResponseRecorder) {
	body := answer.Body.Bytes()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(answer.Code)
	_, _ = w.Write(body[:len(body)/2])
	hijackClose(w)
}

// badGatewayPage is what nginx answers when the application's answer was lost.
func badGatewayPage(w http.ResponseWriter, _ *http.Request, _ *httptest.ResponseRecorder) {
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusBadGateway)
	_, _ = io.WriteString(w, "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
}

// neverEnding starts a 200 answer and sends a space every 5 ms until the
// client goes away. The test fails if an answer was still being written
// after 10 s: the client never hung up.
func neverEnding(t *testing.T) answerSpoiler {
	var outlived atomic.Bool
	t.Cleanup(func() { assert.False(t, outlived.Load(), "an endless answer ran for 10 s: the client never hung up") })
	return func(w http.ResponseWriter, r *http.Request, _ *httptest.ResponseRecorder) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		rc := http.NewResponseController(w)
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		limit := time.NewTimer(10 * time.Second)
		defer limit.Stop()
		for {
			if _, err := w.Write([]byte(" ")); err != nil {
				return
			}
			if rc.Flush() != nil {
				return
			}
			select {
			case <-r.Context().Done():
				return
			case <-limit.C:
				outlived.Store(true)
				return
			case <-tick.C:
			}
		}
	}
}

// oversizedBytes is the size of the answer oversized sends.
const oversizedBytes = 50 << 20

// oversized answers with 50 MiB: spaces, then the fake's answer, so the
// body is valid JSON and only the size cap can refuse it. It counts the
// bytes the client accepted before it hung up, and the test fails unless
// that is far below 50 MiB: the client stops reading at its 10 MiB cap
// (what is counted above that sat in socket buffers).
func oversized(t *testing.T, declare bool) answerSpoiler {
	var written atomic.Int64
	t.Cleanup(func() {
		t.Logf("the server wrote %d bytes of %d before the client hung up", written.Load(), oversizedBytes)
		assert.Less(t, written.Load(), int64(oversizedBytes/2), "the client read far past its 10 MiB cap")
	})
	return func(w http.ResponseWriter, _ *http.Request, answer *httptest.ResponseRecorder) {
		w.Header().Set("Content-Type", "application/json")
		if declare {
			w.Header().Set("Content-Length", strconv.Itoa(oversizedBytes))
		}
		w.WriteHeader(answer.Code)
		chunk := bytes.Repeat([]byte(" "), 64<<10)
		body := answer.Body.Bytes()
		for left := oversizedBytes - len(body); left > 0; left -= len(chunk) {
			n, err := w.Write(chunk[:min(left, len(chunk))])
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
		n, _ := w.Write(body)
		written.Add(int64(n))
	}
}

// closedPortURL is a loopback URL on which nothing listens: a port taken
// and released at once, with the scheme of like.
func closedPortURL(t *testing.T, like string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	if strings.HasPrefix(like, "https:") {
		return "https://" + addr
	}
	return "http://" + addr
}
