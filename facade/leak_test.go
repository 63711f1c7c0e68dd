package facade_test

import (
	"context"
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
	"github.com/proxyshard/proxyshard-go/internal/testutil"
)

// TestMain fails the package if any goroutine outlives the tests: every
// server a test starts is closed, and with it every connection a client
// still holds.
func TestMain(m *testing.M) { os.Exit(testutil.RunWithoutLeaks(m)) }

// holdUntilGone answers nothing until the client goes away.
func holdUntilGone(arrived chan<- struct{}) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		select {
		case arrived <- struct{}{}:
		default:
		}
		<-r.Context().Done()
	}
}

// After each way a call can end, closing the client's idle connections
// leaves no goroutine behind while the server is still running: every
// answer was read or its connection closed, and the connections the pool
// kept end with CloseIdleConnections. Goroutines that existed before the
// calls (the server's own) are not counted.
func TestNoGoroutineOutlivesTheClient(t *testing.T) {
	tests := []struct {
		name string
		// use starts a server and returns a client of it and what to do with it.
		use func(t *testing.T) (*facade.Client, func(*facade.Client))
	}{
		{
			name: "calls against the fake",
			use: func(t *testing.T) (*facade.Client, func(*facade.Client)) {
				s := facadetest.NewServer(facadetest.WithT(t), facadetest.WithToken(testToken))
				return newClient(t, s.URL), func(c *facade.Client) {
					_, err := c.Me(context.Background())
					require.NoError(t, err)
					_, err = c.Products(context.Background())
					require.NoError(t, err)
					_, err = c.OrdersPage(context.Background(), facade.StatusAll, 0, 10)
					require.NoError(t, err)
				}
			},
		},
		{
			name: "orders iteration broken off on the second page",
			use: func(t *testing.T) (*facade.Client, func(*facade.Client)) {
				s := serve(t, pagedOrders(450, relativeNext))
				return newClient(t, s.URL), func(c *facade.Client) {
					ids, errs := collect(c.Orders(context.Background(), facade.StatusAll), 150)
					require.Empty(t, errs)
					require.Len(t, ids, 150)
				}
			},
		},
		{
			name: "call cancelled while the server holds it",
			use: func(t *testing.T) (*facade.Client, func(*facade.Client)) {
				arrived := make(chan struct{}, 1)
				s := serve(t, holdUntilGone(arrived))
				return newClient(t, s.URL), func(c *facade.Client) {
					ctx, cancel := context.WithCancel(context.Background())
					go func() { <-arrived; cancel() }()
					_, err := c.Me(ctx)
					require.ErrorIs(t, err, context.Canceled)
				}
			},
		},
		{
			name: "attempt deadline passed while the server holds it",
			use: func(t *testing.T) (*facade.Client, func(*facade.Client)) {
				s := serve(t, holdUntilGone(nil))
				c := newClient(t, s.URL, facade.WithAttemptTimeout(20*time.Millisecond), facade.WithRetry(facade.RetryPolicy{MaxAttempts: 1}))
				return c, func(c *facade.Client) {
					_, err := c.Me(context.Background())
					require.ErrorIs(t, err, context.DeadlineExceeded)
				}
			},
		},
		{
			name: "call failed with 503 after its retries",
			use: func(t *testing.T) (*facade.Client, func(*facade.Client)) {
				s := serve(t, func(w http.ResponseWriter, _ *http.Request) {
					writeJSON(w, http.StatusServiceUnavailable, `{"success":false,"message":"down"}`)
				})
				return newClient(t, s.URL), func(c *facade.Client) {
					_, err := c.Me(context.Background())
					var apiErr *facade.APIError
					require.ErrorAs(t, err, &apiErr)
					require.Equal(t, 3, apiErr.Attempts)
				}
			},
		},
		{
			name: "answer refused unread for its declared size",
			use: func(t *testing.T) (*facade.Client, func(*facade.Client)) {
				s := serve(t, func(w http.ResponseWriter, _ *http.Request) {
					w.Header().Set("Content-Length", strconv.Itoa(64<<20))
					chunk := make([]byte, 64<<10)
					for {
						if _, err := w.Write(chunk); err != nil {
							return
						}
					}
				})
				return newClient(t, s.URL), func(c *facade.Client) {
					_, err := c.Me(context.Background())
					require.ErrorIs(t, err, facade.ErrInvalidResponse)
				}
			},
		},
		{
			name: "connection dropped by the fake on every attempt",
			use: func(t *testing.T) (*facade.Client, func(*facade.Client)) {
				s := facadetest.NewServer(facadetest.WithT(t), facadetest.WithToken(testToken))
				s.InjectFault("getMe", facadetest.Fault{DropBeforeApply: true, Times: 3})
				return newClient(t, s.URL), func(c *facade.Client) {
					_, err := c.Me(context.Background())
					require.Error(t, err)
					require.Equal(t, 3, s.Requests("getMe"))
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, use := tt.use(t)
			before := testutil.TakeBaseline()
			use(c)
			c.CloseIdleConnections()
			testutil.NoLeaks(t, before)
		})
	}
}

// The check above sees the goroutines an idle connection keeps: without
// CloseIdleConnections they are still there after a call.
func TestIdleConnectionsKeepGoroutinesUntilClosed(t *testing.T) {
	s := facadetest.NewServer(facadetest.WithT(t), facadetest.WithToken(testToken))
	c := newClient(t, s.URL)
	before := testutil.TakeBaseline()
	_, err := c.Me(context.Background())
	require.NoError(t, err)

	assert.NotEmpty(t, testutil.Leaks(before), "an idle connection after a call")
	c.CloseIdleConnections()
	assert.Empty(t, testutil.Leaks(before), "after CloseIdleConnections")
}
