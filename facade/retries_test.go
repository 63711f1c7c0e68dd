package facade_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
	"github.com/proxyshard/proxyshard-go/internal/testutil"
)

// After a lost purchase answer the caller can find what happened: the
// order is there, and the wallet was charged once.
func TestOutcomeUnknownPurchaseCanBeReconciled(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
	c, s := fakeClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Purchase(ctx, facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: 1})
	require.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, facade.ErrOutcomeUnknown, "nothing was sent, so the outcome is known")
	assert.Zero(t, s.TotalRequests())
}

func TestLoggerRecordsRetriesAndUnknownOutcomes(t *testing.T) {
	t.Parallel()
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
