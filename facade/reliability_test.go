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

	"github.com/proxyshard/proxyshard-go/api"
	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
	"github.com/proxyshard/proxyshard-go/internal/testutil"
)

// The faults a network, a gateway or a broken server produce, each against
// an operation of a class: reads (getMe, listProducts, getOrder,
// listActiveProxies), a set (setOrderTag) and the money-moving operations
// (purchaseOrder, renewOrder, purchaseAddon, changeBillingCycle). One table:
// every row checks what the caller gets (errors.Is / errors.As), how many
// attempts the client made, how many requests the operation received, the
// orders created and what was charged, and that the token is in no error
// text and no log line. Every row runs over HTTP/1.1 and over HTTP/2+TLS.
// RELIABILITY.md has the table.
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
	tests := []faultRow{
		{
			name: "connection reset after a purchase was applied", op: "purchaseOrder", call: callPurchase,
			fault:   &facadetest.Fault{DropAfterApply: true},
			wantErr: true, wantIs: []error{facade.ErrOutcomeUnknown}, attempts: 1, charges: 1,
		},
		{
			name: "connection reset after a read: resent", op: "getMe", call: callMe,
			fault:    &facadetest.Fault{DropAfterApply: true},
			attempts: 2,
		},
		{
			name: "half-written answer to a read", op: "getMe", call: callMe,
			server: func(t *testing.T, fake *facadetest.Server, direct string) string {
				return gateway(t, fake, direct, readPath, halfWritten)
			},
			wantErr: true, cutShort: true, wantNot: []error{facade.ErrOutcomeUnknown}, attempts: 3,
		},
		{
			name: "half-written answer to a purchase", op: "purchaseOrder", call: callPurchase,
			server: func(t *testing.T, fake *facadetest.Server, direct string) string {
				return gateway(t, fake, direct, purchasePath, halfWritten)
			},
			wantErr: true, cutShort: true, wantIs: []error{facade.ErrOutcomeUnknown}, attempts: 1, charges: 1,
		},
		{
			name: "answer that never ends, read: each attempt cut by the attempt timeout", op: "getMe", call: callMe,
			server: func(t *testing.T, fake *facadetest.Server, direct string) string {
				return gateway(t, fake, direct, readPath, neverEnding(t))
			},
			// Each attempt must reach the server before its timeout ends it,
			// TLS handshake included, on a loaded machine too.
			attemptTimeout: 500 * time.Millisecond,
			wantErr:        true, wantIs: []error{context.DeadlineExceeded}, wantNot: []error{facade.ErrOutcomeUnknown}, attempts: 3,
			maxElapsed: 5 * time.Second,
		},
		{
			name: "answer that never ends, purchase: cut by the context deadline", op: "purchaseOrder", call: callPurchase,
			server: func(t *testing.T, fake *facadetest.Server, direct string) string {
				return gateway(t, fake, direct, purchasePath, neverEnding(t))
			},
			deadline: time.Second, // room for a TLS handshake on a loaded machine
			wantErr:  true, wantIs: []error{facade.ErrOutcomeUnknown, context.DeadlineExceeded}, attempts: 1, charges: 1,
			maxElapsed: 5 * time.Second,
		},
		{
			name: "429 storm without Retry-After", op: "getMe", call: callMe,
			fault:   &facadetest.Fault{Status: 429, Times: 100},
			wantErr: true, wantIs: []error{facade.ErrRateLimited}, status: 429, attempts: 3,
			check: func(t *testing.T, err error) {
				var apiErr *facade.APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Zero(t, apiErr.RetryAfter)
			},
		},
		{
			name: "429 storm with Retry-After 1s: honoured", op: "getMe", call: callMe,
			fault:   &facadetest.Fault{Status: 429, RetryAfter: time.Second, Times: 100},
			wantErr: true, wantIs: []error{facade.ErrRateLimited}, status: 429, attempts: 3,
			waits: []time.Duration{time.Second, time.Second}, // the server's second, not the 1-5 ms backoff
			check: func(t *testing.T, err error) {
				var apiErr *facade.APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, time.Second, apiErr.RetryAfter)
			},
		},
		{
			name: "429 with Retry-After 1s, then success", op: "getMe", call: callMe,
			fault:    &facadetest.Fault{Status: 429, RetryAfter: time.Second},
			attempts: 2,
			waits:    []time.Duration{time.Second},
		},
		{
			name: "repeated 429 on getOrder ends in ErrRateLimited", op: "getOrder", call: callGetOrder,
			fault:   &facadetest.Fault{Status: 429, Times: 10},
			wantErr: true, wantIs: []error{facade.ErrRateLimited}, status: 429, attempts: 3,
		},
		{
			name: "429 with Retry-After beyond the cap: not waited for", op: "getMe", call: callMe,
			fault:   &facadetest.Fault{Status: 429, RetryAfter: time.Hour, Times: 100},
			wantErr: true, wantIs: []error{facade.ErrRateLimited}, status: 429, attempts: 1,
			waits: []time.Duration{}, maxElapsed: 2 * time.Second,
			check: func(t *testing.T, err error) {
				var apiErr *facade.APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, time.Hour, apiErr.RetryAfter, "the caller can schedule its own retry")
			},
		},
		{
			name: "429 storm on a purchase: a refusal, not resent", op: "purchaseOrder", call: callPurchase,
			fault:   &facadetest.Fault{Status: 429, Times: 100},
			wantErr: true, wantIs: []error{facade.ErrRateLimited}, wantNot: []error{facade.ErrOutcomeUnknown},
			status: 429, attempts: 1,
		},
		{
			name: "429 with Retry-After on a purchase: a refusal, not resent", op: "purchaseOrder", call: callPurchase,
			fault:   &facadetest.Fault{Status: 429, RetryAfter: time.Second},
			wantErr: true, wantIs: []error{facade.ErrRateLimited}, wantNot: []error{facade.ErrOutcomeUnknown},
			status: 429, attempts: 1,
		},
		{
			name: "502 twice on a read, then success", op: "listProducts", call: callProducts,
			fault:    &facadetest.Fault{Status: 502, Times: 2},
			attempts: 3,
		},
		{
			name: "repeated 503 on a read ends in a typed error", op: "listProducts", call: callProducts,
			fault:   &facadetest.Fault{Status: 503, Times: 10},
			wantErr: true, wantNot: []error{facade.ErrRateLimited, facade.ErrOutcomeUnknown}, status: 503, attempts: 3,
		},
		{
			name: "purchase answered 503 is not resent", op: "purchaseOrder", call: callPurchase,
			fault:   &facadetest.Fault{Status: 503, Times: 5},
			wantErr: true, wantIs: []error{facade.ErrOutcomeUnknown}, status: 503, attempts: 1,
		},
		{
			name: "billing-cycle change answered 502 is not resent", op: "changeBillingCycle", call: callChangeBillingCycle,
			fault:   &facadetest.Fault{Status: 502},
			wantErr: true, wantIs: []error{facade.ErrOutcomeUnknown}, status: 502, attempts: 1, spends: true,
		},
		{
			name: "HTML 502 page on a read", op: "getMe", call: callMe,
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
			name: "HTML 502 page on a purchase the server applied", op: "purchaseOrder", call: callPurchase,
			server: func(t *testing.T, fake *facadetest.Server, direct string) string {
				return gateway(t, fake, direct, purchasePath, badGatewayPage)
			},
			wantErr: true, wantIs: []error{facade.ErrOutcomeUnknown}, status: 502, attempts: 1, charges: 1,
		},
		{
			name: "50 MiB answer to a read, length not declared", op: "getMe", call: callMe,
			server: func(t *testing.T, fake *facadetest.Server, direct string) string {
				return gateway(t, fake, direct, readPath, oversized(t, false))
			},
			wantErr: true, wantIs: []error{facade.ErrInvalidResponse}, attempts: 1,
		},
		{
			name: "50 MiB answer to a read, length declared", op: "getMe", call: callMe,
			server: func(t *testing.T, fake *facadetest.Server, direct string) string {
				return gateway(t, fake, direct, readPath, oversized(t, true))
			},
			wantErr: true, wantIs: []error{facade.ErrInvalidResponse}, attempts: 1,
		},
		{
			name: "50 MiB answer to a purchase", op: "purchaseOrder", call: callPurchase,
			server: func(t *testing.T, fake *facadetest.Server, direct string) string {
				return gateway(t, fake, direct, purchasePath, oversized(t, false))
			},
			wantErr: true, wantIs: []error{facade.ErrOutcomeUnknown, facade.ErrInvalidResponse}, attempts: 1, charges: 1,
		},
		{
			name: "slow server, read, context deadline", op: "getMe", call: callMe,
			fault:    &facadetest.Fault{Delay: time.Minute, Times: 100},
			deadline: time.Second, // room for a TLS handshake on a loaded machine
			wantErr:  true, wantIs: []error{context.DeadlineExceeded}, wantNot: []error{facade.ErrOutcomeUnknown}, attempts: 1,
			maxElapsed: 2 * time.Second,
		},
		{
			name: "slow read cut by the attempt timeout, resent", op: "getOrder", call: callGetOrder,
			// After a stream times out, HTTP/2 takes a new connection (and
			// TLS handshake) for the next attempt: the timeout leaves room
			// for that on a loaded machine.
			fault:          &facadetest.Fault{Delay: time.Minute},
			attemptTimeout: 2 * time.Second,
			attempts:       2,
		},
		{
			name: "slow server, purchase, context deadline", op: "purchaseOrder", call: callPurchase,
			fault:    &facadetest.Fault{Delay: time.Minute},
			deadline: time.Second, // room for a TLS handshake on a loaded machine
			// The fake applies nothing for a client that gave up; the
			// client cannot know that, so the outcome is unknown.
			wantErr: true, wantIs: []error{facade.ErrOutcomeUnknown, context.DeadlineExceeded}, attempts: 1,
			maxElapsed: 2 * time.Second,
		},
		{
			name: "slow purchase cut by the attempt timeout: unknown, not resent", op: "purchaseOrder", call: callPurchase,
			fault:          &facadetest.Fault{Delay: time.Minute},
			attemptTimeout: time.Second,
			wantErr:        true, wantIs: []error{facade.ErrOutcomeUnknown, context.DeadlineExceeded}, attempts: 1,
		},
		{
			name: "connection reset after a read of active proxies: resent", op: "listActiveProxies", call: callActiveProxies,
			fault:    &facadetest.Fault{DropAfterApply: true},
			attempts: 2,
		},
		{
			name: "connection reset after a set operation: resent", op: "setOrderTag", call: callSetTag,
			fault:    &facadetest.Fault{DropAfterApply: true},
			attempts: 2,
		},
		{
			name: "connection reset before a purchase was applied: unknown to the client, no order", op: "purchaseOrder", call: callPurchase,
			fault:   &facadetest.Fault{DropBeforeApply: true},
			wantErr: true, wantIs: []error{facade.ErrOutcomeUnknown}, attempts: 1,
		},
		{
			name: "connection reset after a renewal was applied: not resent", op: "renewOrder", call: callRenew,
			fault:   &facadetest.Fault{DropAfterApply: true},
			wantErr: true, wantIs: []error{facade.ErrOutcomeUnknown}, attempts: 1, spends: true,
		},
		{
			name: "connection reset after an add-on purchase was applied: not resent", op: "purchaseAddon", call: callBuyAddon,
			fault:   &facadetest.Fault{DropAfterApply: true},
			wantErr: true, wantIs: []error{facade.ErrOutcomeUnknown}, attempts: 1, spends: true,
		},
		{
			name: "unreachable base URL, read", op: "getMe", call: callMe,
			server:  func(t *testing.T, _ *facadetest.Server, direct string) string { return closedPortURL(t, direct) },
			wantErr: true, wantIs: []error{syscall.ECONNREFUSED}, wantNot: []error{facade.ErrOutcomeUnknown}, attempts: 3, unreached: true,
			check: func(t *testing.T, err error) {
				var opErr *net.OpError
				require.ErrorAs(t, err, &opErr)
				assert.Equal(t, "dial", opErr.Op)
			},
		},
		{
			name: "unreachable base URL, purchase: nothing left the machine, so it is tried again", op: "purchaseOrder", call: callPurchase,
			server:  func(t *testing.T, _ *facadetest.Server, direct string) string { return closedPortURL(t, direct) },
			wantErr: true, wantIs: []error{syscall.ECONNREFUSED}, wantNot: []error{facade.ErrOutcomeUnknown}, attempts: 3, unreached: true,
		},
	}
	// The rows on the clock spend a second or two each waiting for a
	// deadline, not computing. As parallel subtests they would hold
	// -parallel's slots (GOMAXPROCS of them) for the sum of their waits;
	// each runs in a goroutine of its own instead (t.Run may be called from
	// several), all at once, while the other rows wait for the parallel
	// slots as before. TestReliability runs in parallel with the package's
	// other parallel tests, so those use the slots meanwhile.
	t.Parallel()
	var onTheClock sync.WaitGroup
	for _, proto := range wireProtocols {
		for _, tt := range tests {
			name := proto.name + "/" + tt.name
			if tt.onTheClock() {
				onTheClock.Go(func() { t.Run(name, func(t *testing.T) { runFaultRow(t, proto, tt) }) })
				continue
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				runFaultRow(t, proto, tt)
			})
		}
	}
	onTheClock.Wait()
}

// faultRow is one fault against one operation, and what it must produce.
type faultRow struct {
	name string
	op   string // the operation the fault hits; its requests are counted
	call faultCall
	// fault is injected into the fake on op. Without it, server returns
	// the base URL the client uses; it may put a gateway in front of the
	// fake (direct is the fake's own URL).
	fault  *facadetest.Fault
	server func(t *testing.T, fake *facadetest.Server, direct string) string
	// attemptTimeout is the client's WithAttemptTimeout; 0: the default.
	attemptTimeout time.Duration
	deadline       time.Duration // a context deadline for the call; 0: none
	wantErr        bool
	wantIs         []error
	wantNot        []error
	// cutShort: the answer breaks off mid-body, which HTTP/1.1 reports
	// as io.ErrUnexpectedEOF and HTTP/2 as a reset of the stream.
	cutShort bool
	status   int // of the *APIError in the chain; 0: none expected
	// attempts are the requests the client handed to its transport; op
	// received as many, none when unreached (no server listens).
	attempts  int
	unreached bool
	charges   int // orders the fake created, each charged the quote
	// spends: the call pays for something on an existing order (renewal,
	// add-on, cycle change), so the wallet is not compared with charges.
	spends bool
	// waits are the waits between attempts the client must ask for; they
	// are noted instead of slept (sleep itself is tested on its own). nil:
	// waited for real and not checked.
	waits      []time.Duration
	maxElapsed time.Duration
	check      func(t *testing.T, err error)
}

// onTheClock reports whether the row spends most of its time waiting for
// a deadline or an attempt timeout to pass.
func (r faultRow) onTheClock() bool { return r.deadline > 0 || r.attemptTimeout > 0 }

// faultCall makes the row's call; order is an order the account owns.
type faultCall func(ctx context.Context, c *facade.Client, order int) error

// faultPurchase is what every row buys: the setup order and the purchases
// under test.
var faultPurchase = facade.Datacenter{Location: "DE", Cycle: facade.CycleMonthly, Quantity: 2}

func callMe(ctx context.Context, c *facade.Client, _ int) error { _, err := c.Me(ctx); return err }

func callProducts(ctx context.Context, c *facade.Client, _ int) error {
	_, err := c.Products(ctx)
	return err
}

func callGetOrder(ctx context.Context, c *facade.Client, id int) error {
	_, err := c.GetOrder(ctx, id)
	return err
}

func callActiveProxies(ctx context.Context, c *facade.Client, id int) error {
	_, err := c.ActiveProxies(ctx, id)
	return err
}

func callSetTag(ctx context.Context, c *facade.Client, id int) error { return c.SetTag(ctx, id, "x") }

func callPurchase(ctx context.Context, c *facade.Client, _ int) error {
	_, err := c.Purchase(ctx, faultPurchase)
	return err
}

func callRenew(ctx context.Context, c *facade.Client, id int) error { return c.Renew(ctx, id) }

func callBuyAddon(ctx context.Context, c *facade.Client, id int) error {
	_, err := c.BuyAddon(ctx, id, facade.AddonP0FSlots, 1)
	return err
}

func callChangeBillingCycle(ctx context.Context, c *facade.Client, id int) error {
	_, err := c.ChangeBillingCycle(ctx, id, facade.CycleQuarterly)
	return err
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

func runFaultRow(t *testing.T, proto wireProtocol, row faultRow) {
	fake := facadetest.New(facadetest.WithT(t), facadetest.WithToken(testToken))
	direct := startServer(t, fake.Handler(), proto.tls)
	ctx := context.Background()
	setup := newClient(t, direct.URL, facade.WithHTTPClient(direct.Client()))
	quote, err := setup.Quote(ctx, faultPurchase)
	require.NoError(t, err)
	existing, err := setup.Purchase(ctx, faultPurchase)
	require.NoError(t, err)
	if row.op == "renewOrder" {
		o, _ := fake.Order(existing.OrderID)
		fake.Advance(o.ExpiresAt.Sub(fake.Now()) + time.Hour)
	}
	balance := fake.Balance(testToken)
	ordersBefore := len(fake.Orders(testToken))
	receivedBefore := fake.Requests(row.op)
	baseURL := direct.URL
	if row.fault != nil {
		fake.InjectFault(row.op, *row.fault)
	}
	if row.server != nil {
		baseURL = row.server(t, fake, direct.URL)
	}

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
	rt := transport.transport()
	if row.server == nil {
		// The fake's own answers, faults included, are held to the spec.
		rt = api.ValidatingTransport(rt)
	}
	opts := []facade.Option{
		facade.WithHTTPClient(&http.Client{Transport: rt}),
		facade.WithLogger(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
	}
	if row.attemptTimeout > 0 {
		opts = append(opts, facade.WithAttemptTimeout(row.attemptTimeout))
	}
	c := newClient(t, baseURL, opts...)
	var waits func() []time.Duration
	if row.waits != nil {
		waits = facade.RecordWaits(c)
	}
	if row.deadline > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, row.deadline)
		defer cancel()
	}

	start := time.Now()
	err = row.call(ctx, c, existing.OrderID)
	elapsed := time.Since(start)
	// Closing the servers waits for their handlers, so whatever the fake
	// was going to apply has been applied before it is counted.
	direct.Close()
	received := fake.Requests(row.op) - receivedBefore
	t.Logf("%s: after %v, %d attempts, %d received: %v", proto.name, elapsed.Round(time.Millisecond), transport.requests.Load(), received, err)

	assert.Equal(t, row.attempts, int(transport.requests.Load()), "attempts")
	wantReceived := row.attempts
	if row.unreached {
		wantReceived = 0
	}
	assert.Equal(t, wantReceived, received, "requests the server received")
	if row.op == "purchaseOrder" {
		assert.LessOrEqual(t, received, 1, "a purchase reached the server more than once")
	}
	for _, p := range transport.protocols() {
		assert.Equal(t, proto.proto, p, "the protocol the answers came over")
	}
	if waits != nil {
		assert.Equal(t, row.waits, waits(), "the waits between attempts")
	}
	if row.maxElapsed > 0 {
		assert.Less(t, elapsed, row.maxElapsed)
	}
	assert.Len(t, fake.Orders(testToken), ordersBefore+row.charges, "orders created")
	if !row.spends {
		assert.Equal(t, int64(row.charges)*int64(quote.Final), balance-fake.Balance(testToken), "charged")
	}
	assert.Empty(t, fake.Violations(), "the fake's own traffic breaks the spec")
	assertNoToken(t, err, logs.String())
	if !assertFailure(t, err, failure{row.wantErr, row.wantIs, row.wantNot, row.status, row.attempts}) {
		return
	}
	if row.status == 0 {
		var apiErr *facade.APIError
		assert.False(t, errors.As(err, &apiErr), "no answer came, so no *APIError: %v", err)
	}
	if errors.Is(err, facade.ErrOutcomeUnknown) {
		var unknown *facade.OutcomeUnknownError
		require.ErrorAs(t, err, &unknown)
		assert.Equal(t, row.op, unknown.Operation)
		assert.Equal(t, http.MethodPost, unknown.Method)
		assert.False(t, unknown.SentAt.IsZero())
		assert.Contains(t, err.Error(), "not resent")
		assert.Contains(t, logs.String(), "level=WARN", "an unknown outcome is logged as a warning")
	}
	if row.cutShort {
		if proto.tls {
			var reset http2.StreamError
			require.ErrorAs(t, err, &reset)
			assert.Equal(t, http2.ErrCodeInternal, reset.Code)
		} else {
			assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
		}
	}
	if row.check != nil {
		row.check(t, err)
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
