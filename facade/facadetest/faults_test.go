package facadetest_test

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade/facadetest"
	"github.com/proxyshard/proxyshard-go/internal/testutil"
)

func TestInjectedStatusAnswersWithoutApplying(t *testing.T) {
	tests := []struct {
		name       string
		fault      facadetest.Fault
		wantStatus []int // the answers to successive purchases
		retryAfter string
	}{
		{"429 with Retry-After", facadetest.Fault{Status: 429, RetryAfter: 1500 * time.Millisecond}, []int{429, 200}, "2"},
		{"503 twice", facadetest.Fault{Status: 503, Times: 2}, []int{503, 503, 200}, ""},
		{"502", facadetest.Fault{Status: 502}, []int{502, 200}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newFake(t)
			c := strictClient(t, s, s.Token)
			s.InjectFault("purchaseOrder", tt.fault)
			for i, want := range tt.wantStatus {
				resp, err := c.PurchaseOrderWithResponse(context.Background(), datacenter(t, 1))
				require.NoError(t, err)
				require.Equal(t, want, resp.StatusCode(), "call %d", i)
				if want != http.StatusOK {
					assert.Equal(t, tt.retryAfter, resp.HTTPResponse.Header.Get("Retry-After"))
					assert.Empty(t, s.Orders(s.Token), "a faulted call is not applied")
				}
			}
			assert.Len(t, s.Orders(s.Token), 1)
			assert.Equal(t, len(tt.wantStatus), s.Requests("purchaseOrder"))
			assert.Equal(t, int64(facadetest.DefaultBalance-150), s.Balance(s.Token))
		})
	}
}

func TestInjectedDelay(t *testing.T) {
	t.Parallel()
	t.Run("the call completes late", func(t *testing.T) {
		t.Parallel()
		s := newFake(t)
		c := strictClient(t, s, s.Token)
		s.InjectFault("getMe", facadetest.Fault{Delay: 100 * time.Millisecond})
		began := time.Now()
		me, err := c.GetMeWithResponse(context.Background())
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, me.StatusCode())
		assert.GreaterOrEqual(t, time.Since(began), 100*time.Millisecond)
	})
	// The fake logs the held request's end: once it has ended without an
	// answer, nothing can be applied any more.
	t.Run("a client that gives up gets nothing applied", func(t *testing.T) {
		t.Parallel()
		var log testutil.SyncBuffer
		s := newFake(t, facadetest.WithLogger(slog.New(slog.NewJSONHandler(&log, nil))))
		c := strictClient(t, s, s.Token)
		s.InjectFault("purchaseOrder", facadetest.Fault{Delay: 300 * time.Millisecond})
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err := c.PurchaseOrderWithResponse(ctx, datacenter(t, 1))
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.Eventually(t, func() bool { return strings.Contains(log.String(), `"reason":"client gave up or the fake closed"`) },
			5*time.Second, 5*time.Millisecond, "the held purchase ends when its client gives up; log: %s", &log)
		assert.Empty(t, s.Orders(s.Token))
		assert.Equal(t, int64(facadetest.DefaultBalance), s.Balance(s.Token), "nothing charged")
		assert.Equal(t, 1, s.Requests("purchaseOrder"))
	})
}

// A dropped connection after the purchase was applied: the client sees a
// transport error, the fake holds exactly one purchase, charged once.
func TestDropAfterApplyKeepsExactlyOnePurchase(t *testing.T) {
	s := newFake(t)
	c := strictClient(t, s, s.Token)
	s.InjectFault("purchaseOrder", facadetest.Fault{DropAfterApply: true})
	_, err := c.PurchaseOrderWithResponse(context.Background(), datacenter(t, 2))
	require.Error(t, err)

	orders := s.Orders(s.Token)
	require.Len(t, orders, 1)
	assert.Equal(t, 2, orders[0].Quantity)
	assert.Equal(t, int64(facadetest.DefaultBalance-300), s.Balance(s.Token))
	assert.Equal(t, 1, s.Requests("purchaseOrder"))

	list, err := c.ListOrdersWithResponse(context.Background(), listAll())
	require.NoError(t, err)
	require.Len(t, list.JSON200.Orders, 1, "the client can find the purchase it never heard about")
	assert.Equal(t, orders[0].ID, list.JSON200.Orders[0].OrderID)
}

func TestDropBeforeApplyAppliesNothing(t *testing.T) {
	s := newFake(t)
	c := strictClient(t, s, s.Token)
	s.InjectFault("purchaseOrder", facadetest.Fault{DropBeforeApply: true})
	_, err := c.PurchaseOrderWithResponse(context.Background(), datacenter(t, 2))
	require.Error(t, err)
	assert.Empty(t, s.Orders(s.Token))
	assert.Equal(t, int64(facadetest.DefaultBalance), s.Balance(s.Token))
}

// Faults are per operation: other operations answer normally meanwhile.
func TestFaultsTouchOnlyTheirOperation(t *testing.T) {
	s := newFake(t)
	c := strictClient(t, s, s.Token)
	s.InjectFault("purchaseOrder", facadetest.Fault{Status: 503, Times: 5})
	me, err := c.GetMeWithResponse(context.Background())
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, me.StatusCode())
	assert.Zero(t, s.Requests("purchaseOrder"))
	assert.Equal(t, 1, s.Requests("getMe"))
}
