package facade_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
	"github.com/proxyshard/proxyshard-go/internal/testutil"
)

// Faults from the fake, one table: what the client retries, what it gives
// up on, and what it must never send twice.
func TestRetriesAgainstFaults(t *testing.T) {
	// cutAfter is the attempt timeout of the rows about slow answers: far
	// below their fault's delay, so the slow attempt is always cut, and far
	// above what an answer takes on a busy machine, so the resend that
	// follows is not cut too.
	const cutAfter = time.Second
	dc := facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: 1}
	tests := []struct {
		name      string
		op        string
		fault     facadetest.Fault
		opts      []facade.Option
		call      func(context.Context, *facade.Client, int) error // int: an existing order ID
		wantErr   bool
		wantIs    []error
		wantNot   []error
		status    int // of the *APIError, when one is expected
		requests  int // requests the operation received
		newOrders int // orders created by the call
	}{
		{
			name: "429 with Retry-After waits and succeeds", op: "getMe",
			fault:    facadetest.Fault{Status: 429, RetryAfter: time.Second},
			call:     func(ctx context.Context, c *facade.Client, _ int) error { _, err := c.Me(ctx); return err },
			requests: 2,
		},
		{
			name: "502 then success", op: "listProducts",
			fault:    facadetest.Fault{Status: 502, Times: 2},
			call:     func(ctx context.Context, c *facade.Client, _ int) error { _, err := c.Products(ctx); return err },
			requests: 3,
		},
		{
			name: "repeated 503 ends in a typed error", op: "listProducts",
			fault:   facadetest.Fault{Status: 503, Times: 10},
			call:    func(ctx context.Context, c *facade.Client, _ int) error { _, err := c.Products(ctx); return err },
			wantErr: true, status: 503, requests: 3, wantNot: []error{facade.ErrRateLimited, facade.ErrOutcomeUnknown},
		},
		{
			name: "repeated 429 ends in ErrRateLimited", op: "getOrder",
			fault:   facadetest.Fault{Status: 429, Times: 10},
			call:    func(ctx context.Context, c *facade.Client, id int) error { _, err := c.GetOrder(ctx, id); return err },
			wantErr: true, status: 429, requests: 3, wantIs: []error{facade.ErrRateLimited},
		},
		{
			name: "Retry-After beyond the cap is not waited for", op: "getMe",
			fault:   facadetest.Fault{Status: 429, RetryAfter: time.Hour},
			call:    func(ctx context.Context, c *facade.Client, _ int) error { _, err := c.Me(ctx); return err },
			wantErr: true, status: 429, requests: 1, wantIs: []error{facade.ErrRateLimited},
		},
		{
			name: "a read whose connection drops is resent", op: "listActiveProxies",
			fault: facadetest.Fault{DropAfterApply: true},
			call: func(ctx context.Context, c *facade.Client, id int) error {
				_, err := c.ActiveProxies(ctx, id)
				return err
			},
			requests: 2,
		},
		{
			name: "a slow read is cut by the attempt timeout and resent", op: "getOrder",
			fault:    facadetest.Fault{Delay: 10 * time.Second},
			opts:     []facade.Option{facade.WithAttemptTimeout(cutAfter)},
			call:     func(ctx context.Context, c *facade.Client, id int) error { _, err := c.GetOrder(ctx, id); return err },
			requests: 2,
		},
		{
			name: "a set operation whose answer is lost is resent", op: "setOrderTag",
			fault:    facadetest.Fault{DropAfterApply: true},
			call:     func(ctx context.Context, c *facade.Client, id int) error { return c.SetTag(ctx, id, "x") },
			requests: 2,
		},
		{
			name: "purchase applied, connection dropped: outcome unknown, one order", op: "purchaseOrder",
			fault: facadetest.Fault{DropAfterApply: true},
			call: func(ctx context.Context, c *facade.Client, _ int) error {
				_, err := c.Purchase(ctx, dc)
				return err
			},
			wantErr: true, wantIs: []error{facade.ErrOutcomeUnknown}, requests: 1, newOrders: 1,
		},
		{
			name: "purchase dropped before it was applied: still unknown to the client, no order", op: "purchaseOrder",
			fault: facadetest.Fault{DropBeforeApply: true},
			call: func(ctx context.Context, c *facade.Client, _ int) error {
				_, err := c.Purchase(ctx, dc)
				return err
			},
			wantErr: true, wantIs: []error{facade.ErrOutcomeUnknown}, requests: 1,
		},
		{
			name: "purchase answered 503 is not resent", op: "purchaseOrder",
			fault: facadetest.Fault{Status: 503, Times: 5},
			call: func(ctx context.Context, c *facade.Client, _ int) error {
				_, err := c.Purchase(ctx, dc)
				return err
			},
			wantErr: true, status: 503, wantIs: []error{facade.ErrOutcomeUnknown}, requests: 1,
		},
		{
			name: "purchase answered 429 is a refusal, not resent", op: "purchaseOrder",
			fault: facadetest.Fault{Status: 429, RetryAfter: time.Second},
			call: func(ctx context.Context, c *facade.Client, _ int) error {
				_, err := c.Purchase(ctx, dc)
				return err
			},
			wantErr: true, status: 429, wantIs: []error{facade.ErrRateLimited}, wantNot: []error{facade.ErrOutcomeUnknown}, requests: 1,
		},
		{
			name: "slow purchase cut by the attempt timeout: unknown, not resent", op: "purchaseOrder",
			fault: facadetest.Fault{Delay: 10 * time.Second},
			opts:  []facade.Option{facade.WithAttemptTimeout(cutAfter)},
			call: func(ctx context.Context, c *facade.Client, _ int) error {
				_, err := c.Purchase(ctx, dc)
				return err
			},
			wantErr: true, wantIs: []error{facade.ErrOutcomeUnknown, context.DeadlineExceeded}, requests: 1,
		},
		{
			name: "renewal whose answer is lost is not resent", op: "renewOrder",
			fault:   facadetest.Fault{DropAfterApply: true},
			call:    func(ctx context.Context, c *facade.Client, id int) error { return c.Renew(ctx, id) },
			wantErr: true, wantIs: []error{facade.ErrOutcomeUnknown}, requests: 1,
		},
		{
			name: "add-on purchase whose answer is lost is not resent", op: "purchaseAddon",
			fault: facadetest.Fault{DropAfterApply: true},
			call: func(ctx context.Context, c *facade.Client, id int) error {
				_, err := c.BuyAddon(ctx, id, facade.AddonP0FSlots, 1)
				return err
			},
			wantErr: true, wantIs: []error{facade.ErrOutcomeUnknown}, requests: 1,
		},
		{
			name: "billing-cycle change answered 502 is not resent", op: "changeBillingCycle",
			fault: facadetest.Fault{Status: 502},
			call: func(ctx context.Context, c *facade.Client, id int) error {
				_, err := c.ChangeBillingCycle(ctx, id, "quarterly")
				return err
			},
			wantErr: true, status: 502, wantIs: []error{facade.ErrOutcomeUnknown}, requests: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			setup, s := fakeClient(t)
			c := clientOf(t, s, tt.opts...)
			ctx := context.Background()
			// The order the row works on is bought by a client with the
			// default options: the row's options (a short attempt timeout)
			// are for the call under test only.
			existing, err := setup.Purchase(ctx, facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: 2})
			require.NoError(t, err)
			if tt.op == "renewOrder" {
				o, _ := s.Order(existing.OrderID)
				s.Advance(o.ExpiresAt.Sub(s.Now()) + time.Hour)
			}
			ordersBefore := len(s.Orders(s.Token))
			requestsBefore := s.Requests(tt.op)
			s.InjectFault(tt.op, tt.fault)

			err = tt.call(ctx, c, existing.OrderID)

			assert.Equal(t, tt.requests, s.Requests(tt.op)-requestsBefore, "requests received")
			assert.Equal(t, tt.newOrders, len(s.Orders(s.Token))-ordersBefore, "orders created")
			if !assertFailure(t, err, failure{tt.wantErr, tt.wantIs, tt.wantNot, tt.status, tt.requests}) {
				return
			}
			if errors.Is(err, facade.ErrOutcomeUnknown) {
				var unknown *facade.OutcomeUnknownError
				require.ErrorAs(t, err, &unknown)
				assert.Equal(t, tt.op, unknown.Operation)
				assert.Equal(t, http.MethodPost, unknown.Method)
				assert.False(t, unknown.SentAt.IsZero())
				assert.Contains(t, err.Error(), "not resent")
			}
		})
	}
}

// After a lost purchase answer the caller can find what happened: the
// order is there, and the wallet was charged once.
func TestOutcomeUnknownPurchaseCanBeReconciled(t *testing.T) {
	c, s := fakeClient(t)
	ctx := context.Background()
	spec := facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: 4}
	q, err := c.Quote(ctx, spec)
	require.NoError(t, err)
	s.InjectFault("purchaseOrder", facadetest.Fault{DropAfterApply: true})

	_, err = c.Purchase(ctx, spec)
	require.ErrorIs(t, err, facade.ErrOutcomeUnknown)

	var found []facade.Order
	for o, err := range c.Orders(ctx, facade.StatusAll) {
		require.NoError(t, err)
		found = append(found, o)
	}
	require.Len(t, found, 1)
	assert.Equal(t, facade.ProductDatacenter, found[0].Product)
	assert.Equal(t, int64(facadetest.DefaultBalance)-int64(q.Final), s.Balance(s.Token), "charged exactly once")
}

func TestCancellingTheContextStopsABackoffWaitAtOnce(t *testing.T) {
	// The client logs "retrying" just before it waits: cancel then.
	logs := &testutil.SyncBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, s := fakeClient(t, facade.WithLogger(logger), facade.WithRetry(facade.RetryPolicy{MaxAttempts: 3, MaxRetryAfter: time.Minute}))
	s.InjectFault("getMe", facadetest.Fault{Status: 503, RetryAfter: 30 * time.Second, Times: 3})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for !strings.Contains(logs.String(), "retrying") {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	start := time.Now()
	_, err := c.Me(ctx)
	elapsed := time.Since(start)

	require.ErrorIs(t, err, context.Canceled)
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr, "the failure that caused the wait is kept")
	assert.Equal(t, 503, apiErr.StatusCode)
	assert.Equal(t, 30*time.Second, apiErr.RetryAfter)
	assert.Equal(t, 1, s.Requests("getMe"))
	assert.Less(t, elapsed, 10*time.Second, "the 30 s Retry-After wait must end with the context")
}

func TestAContextAlreadyDoneSendsNothing(t *testing.T) {
	c, s := fakeClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Purchase(ctx, facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: 1})
	require.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, facade.ErrOutcomeUnknown, "nothing was sent, so the outcome is known")
	assert.Zero(t, s.TotalRequests())
}

func TestLoggerRecordsRetriesAndUnknownOutcomes(t *testing.T) {
	logs := &testutil.SyncBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, s := fakeClient(t, facade.WithLogger(logger))
	ctx := context.Background()

	s.InjectFault("getMe", facadetest.Fault{Status: 503})
	_, err := c.Me(ctx)
	require.NoError(t, err)
	assert.Contains(t, logs.String(), `level=DEBUG msg="proxyshard: retrying" operation=getMe method=GET path=/user/api/me attempt=1`)

	s.InjectFault("purchaseOrder", facadetest.Fault{DropAfterApply: true})
	_, err = c.Purchase(ctx, facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: 1})
	require.ErrorIs(t, err, facade.ErrOutcomeUnknown)
	assert.Contains(t, logs.String(), `level=WARN msg="proxyshard: request failed" operation=purchaseOrder method=POST path=/user/api/orders/purchase attempts=1`)
}
