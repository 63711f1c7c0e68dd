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
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
		server     func(t *testing.T, fake *facadetest.Server, direct string) string
		purchase   bool // the call is a purchase; otherwise a read
		opts       []facade.Option
		deadline   time.Duration // a context deadline for the call; 0: none
		wantErr    bool
		wantIs     []error
		wantNot    []error
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
			server: func(t *testing.T, fake *facadetest.Server, _ string) string {
				return gateway(t, fake, readPath, halfWritten)
			},
			wantErr: true, wantIs: []error{io.ErrUnexpectedEOF}, wantNot: []error{facade.ErrOutcomeUnknown}, attempts: 3,
		},
		{
			name: "half-written answer to a purchase",
			server: func(t *testing.T, fake *facadetest.Server, _ string) string {
				return gateway(t, fake, purchasePath, halfWritten)
			},
			purchase: true, wantErr: true, wantIs: []error{facade.ErrOutcomeUnknown, io.ErrUnexpectedEOF}, attempts: 1, charges: 1,
		},
		{
			name: "answer that never ends, read: each attempt cut by the attempt timeout",
			server: func(t *testing.T, fake *facadetest.Server, _ string) string {
				return gateway(t, fake, readPath, neverEnding(t))
			},
			opts:    []facade.Option{facade.WithAttemptTimeout(150 * time.Millisecond)},
			wantErr: true, wantIs: []error{context.DeadlineExceeded}, wantNot: []error{facade.ErrOutcomeUnknown}, attempts: 3,
			maxElapsed: 5 * time.Second,
		},
		{
			name: "answer that never ends, purchase: cut by the context deadline",
			server: func(t *testing.T, fake *facadetest.Server, _ string) string {
				return gateway(t, fake, purchasePath, neverEnding(t))
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
			server: func(t *testing.T, fake *facadetest.Server, _ string) string {
				return gateway(t, fake, readPath, badGatewayPage)
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
			server: func(t *testing.T, fake *facadetest.Server, _ string) string {
				return gateway(t, fake, purchasePath, badGatewayPage)
			},
			purchase: true, wantErr: true, wantIs: []error{facade.ErrOutcomeUnknown}, status: 502, attempts: 1, charges: 1,
		},
		{
			name: "50 MiB answer to a read, length not declared",
			server: func(t *testing.T, fake *facadetest.Server, _ string) string {
				return gateway(t, fake, readPath, oversized(t, false))
			},
			wantErr: true, wantIs: []error{facade.ErrInvalidResponse}, attempts: 1,
		},
		{
			name: "50 MiB answer to a read, length declared",
			server: func(t *testing.T, fake *facadetest.Server, _ string) string {
				return gateway(t, fake, readPath, oversized(t, true))
			},
			wantErr: true, wantIs: []error{facade.ErrInvalidResponse}, attempts: 1,
		},
		{
			name: "50 MiB answer to a purchase",
			server: func(t *testing.T, fake *facadetest.Server, _ string) string {
				return gateway(t, fake, purchasePath, oversized(t, false))
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
			server:  func(t *testing.T, _ *facadetest.Server, _ string) string { return closedPortURL(t) },
			wantErr: true, wantIs: []error{syscall.ECONNREFUSED}, wantNot: []error{facade.ErrOutcomeUnknown}, attempts: 3,
			check: func(t *testing.T, err error) {
				var opErr *net.OpError
				require.ErrorAs(t, err, &opErr)
				assert.Equal(t, "dial", opErr.Op)
			},
		},
		{
			name:     "unreachable base URL, purchase: nothing left the machine, so it is tried again",
			server:   func(t *testing.T, _ *facadetest.Server, _ string) string { return closedPortURL(t) },
			purchase: true, wantErr: true, wantIs: []error{syscall.ECONNREFUSED}, wantNot: []error{facade.ErrOutcomeUnknown}, attempts: 3,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := facadetest.New(facadetest.WithT(t), facadetest.WithToken(testToken))
			direct := httptest.NewServer(fake.Handler())
			t.Cleanup(direct.Close)
			ctx := context.Background()
			spec := facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: 2}
			quote, err := newClient(t, direct.URL).Quote(ctx, spec)
			require.NoError(t, err)
			balance := fake.Balance(testToken)
			baseURL := tt.server(t, fake, direct.URL)

			logs := &testutil.SyncBuffer{}
			transport := &countingTransport{next: http.DefaultTransport.(*http.Transport).Clone()}
			t.Cleanup(transport.next.CloseIdleConnections)
			opts := append([]facade.Option{
				facade.WithHTTPClient(&http.Client{Transport: transport}),
				facade.WithLogger(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
			}, tt.opts...)
			c := newClient(t, baseURL, opts...)
			if tt.deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.deadline)
				defer cancel()
			}

			start := time.Now()
			if tt.purchase {
				_, err = c.Purchase(ctx, spec)
			} else {
				_, err = c.Me(ctx)
			}
			elapsed := time.Since(start)
			t.Logf("after %v and %d attempts: %v", elapsed.Round(time.Millisecond), transport.requests.Load(), err)

			assert.Equal(t, tt.attempts, int(transport.requests.Load()), "attempts")
			if tt.minElapsed > 0 {
				assert.GreaterOrEqual(t, elapsed, tt.minElapsed)
			}
			if tt.maxElapsed > 0 {
				assert.Less(t, elapsed, tt.maxElapsed)
			}
			// Closing the servers waits for their handlers, so whatever the
			// fake was going to apply has been applied before it is counted.
			direct.Close()
			assert.Len(t, fake.Orders(testToken), tt.charges, "orders created")
			assert.Equal(t, int64(tt.charges)*int64(quote.Final), balance-fake.Balance(testToken), "charged")
			assert.Empty(t, fake.Violations(), "the fake's own traffic breaks the spec")
			assertNoToken(t, err, logs.String())
			if !assertFailure(t, err, failure{tt.wantErr, tt.wantIs, tt.wantNot, tt.status, tt.attempts}) {
				return
			}
			if tt.status == 0 {
				var apiErr *facade.APIError
				assert.False(t, errors.As(err, &apiErr), "no answer came, so no *APIError: %v", err)
			}
			if errors.Is(err, facade.ErrOutcomeUnknown) {
				var unknown *facade.OutcomeUnknownError
				require.ErrorAs(t, err, &unknown)
				assert.Equal(t, "purchaseOrder", unknown.Operation)
				assert.Contains(t, logs.String(), "level=WARN", "an unknown outcome is logged as a warning")
			}
			if tt.check != nil {
				tt.check(t, err)
			}
		})
	}
}

// countingTransport counts the requests the client hands to the network,
// dials that fail included.
type countingTransport struct {
	next     *http.Transport
	requests atomic.Int64
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.requests.Add(1)
	return c.next.RoundTrip(r)
}

// answerSpoiler writes what the client gets instead of the fake's answer.
type answerSpoiler func(w http.ResponseWriter, r *http.Request, answer *httptest.ResponseRecorder)

// gateway puts a server in front of the fake: every request reaches the
// fake (so a purchase is applied and paid), and answers to path are spoiled.
// It is closed with the test, after the handlers have returned.
func gateway(t *testing.T, fake *facadetest.Server, path string, spoil answerSpoiler) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
	}))
	t.Cleanup(srv.Close)
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
// and released at once.
func closedPortURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return "http://" + addr
}
