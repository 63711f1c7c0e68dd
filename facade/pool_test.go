package facade_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade"
)

// poolSize is the default transport's connection pool (client.go).
const poolSize = 64

// countingServer answers getMe after hold returns, and counts the
// connections it accepts.
func countingServer(t *testing.T, hold func(*http.Request)) (url string, accepted *atomic.Int64) {
	t.Helper()
	accepted = new(atomic.Int64)
	s := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hold(r)
		writeJSON(w, http.StatusOK, `{"email":"a@example.com","active_orders":0,"wallet_balance":1}`)
	}))
	s.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			accepted.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	return s.URL, accepted
}

// gate holds requests until n of them are in flight at once, then lets
// every request through. It makes the concurrency a test wants certain
// rather than likely. A request that waits longer than a few seconds is
// released anyway, so a broken client fails an assertion instead of
// hanging the test.
type gate struct {
	mu      sync.Mutex
	n       int
	waiting int
	open    chan struct{}
	cyclic  bool // closes again for the next n requests
}

func newGate(n int, cyclic bool) *gate {
	return &gate{n: n, open: make(chan struct{}), cyclic: cyclic}
}

func (g *gate) hold(r *http.Request) {
	g.mu.Lock()
	open := g.open
	g.waiting++
	if g.waiting == g.n {
		close(open)
		if g.cyclic {
			g.waiting, g.open = 0, make(chan struct{})
		}
	}
	g.mu.Unlock()
	select {
	case <-open:
	case <-r.Context().Done():
	case <-time.After(5 * time.Second):
	}
}

// callConcurrently runs calls goroutines that each call Me once and
// returns how many calls failed.
func callConcurrently(c *facade.Client, calls int) int64 {
	var failed atomic.Int64
	var wg sync.WaitGroup
	for range calls {
		wg.Go(func() {
			if _, err := c.Me(context.Background()); err != nil {
				failed.Add(1)
			}
		})
	}
	wg.Wait()
	return failed.Load()
}

// Round after round, 64 goroutines call at the same time (the server holds
// each request until all 64 have arrived, so 64 connections are needed).
// The default transport keeps all 64 open between rounds; net/http's
// default keeps 2 and opens 62 new ones every round.
func TestPoolKeepsConnectionsAcrossRounds(t *testing.T) {
	const rounds = 3
	tests := []struct {
		name  string
		opts  []facade.Option
		check func(t *testing.T, accepted int64)
	}{
		{
			name: "facade default transport",
			check: func(t *testing.T, accepted int64) {
				assert.Equal(t, int64(poolSize), accepted, "connections opened over %d rounds", rounds)
			},
		},
		{
			name: "net/http default transport",
			opts: []facade.Option{facade.WithHTTPClient(&http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()})},
			check: func(t *testing.T, accepted int64) {
				assert.GreaterOrEqual(t, accepted, int64(poolSize+(poolSize-2)*(rounds-1)), "connections opened over %d rounds", rounds)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := newGate(poolSize, true)
			url, accepted := countingServer(t, g.hold)
			c := newClient(t, url, tt.opts...)
			t.Cleanup(c.CloseIdleConnections)
			for round := range rounds {
				require.Zero(t, callConcurrently(c, poolSize), "failed calls in round %d", round)
			}
			tt.check(t, accepted.Load())
		})
	}
}

// With four times as many goroutines as the pool, the default transport
// never has more than the pool's 64 connections open at once: the others
// wait for one. The server holds the first requests until 64 are in flight,
// so without the cap every goroutine would have opened its own connection.
// Open connections are counted where the transport dials and closes them:
// the server learns of a close only later, so its count of accepted
// connections can include one the transport closed and replaced.
func TestPoolCapsConnections(t *testing.T) {
	g := newGate(poolSize, false)
	url, accepted := countingServer(t, g.hold)
	c := newClient(t, url)
	t.Cleanup(c.CloseIdleConnections)
	conns := watchConns(facade.DefaultTransportOf(c))

	require.Zero(t, callConcurrently(c, 4*poolSize), "failed calls")
	assert.LessOrEqual(t, conns.maxOpen.Load(), int64(poolSize), "connections open at once")
	assert.Equal(t, int64(poolSize), conns.maxOpen.Load(), "the gate needs all %d connections at once", poolSize)
	assert.Positive(t, accepted.Load())
}

// connWatch counts the connections a transport has open, and the most it
// had open at once.
type connWatch struct {
	open, maxOpen atomic.Int64
}

// watchConns makes tr's dials go through a connWatch; call it before the
// first request.
func watchConns(tr *http.Transport) *connWatch {
	w := &connWatch{}
	dial := tr.DialContext
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		n := w.open.Add(1)
		for m := w.maxOpen.Load(); n > m && !w.maxOpen.CompareAndSwap(m, n); m = w.maxOpen.Load() {
		}
		return &watchedConn{Conn: conn, closed: func() { w.open.Add(-1) }}, nil
	}
	return w
}

// watchedConn reports its first Close.
type watchedConn struct {
	net.Conn
	once   sync.Once
	closed func()
}

func (c *watchedConn) Close() error {
	c.once.Do(c.closed)
	return c.Conn.Close()
}
