package facade_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/proxyshard/proxyshard-go/api"
	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/gen"
)

// The per-call benchmarks each start the same minimal static server on
// 127.0.0.1, so the server's cost is the same, and small, for each client.
// Run them in one go to compare: go test -run '^$' -bench Call -benchmem ./facade
var meBody = []byte(`{"email":"bench@example.com","active_orders":3,"wallet_balance":123456}`)

// benchServer answers every request with meBody; it is closed, with the
// connections clients keep to it, when the benchmark ends.
func benchServer(b *testing.B) string { return staticServer(b, meBody) }

// benchTransport is what every client gets: net/http's default transport
// with the facade's connection pool size, so only the client code differs.
// The benchmark reports the connections its transports opened per call as
// dials/op: a client that lost its keep-alive connection (a body not read
// to the end or closed late) would dial on every call, which over loopback
// costs more than anything the client itself does.
func benchTransport(b *testing.B) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 64
	t.MaxConnsPerHost = 64
	dials := dialCounter(b)
	dial := t.DialContext
	t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials.Add(1)
		return dial(ctx, network, addr)
	}
	b.Cleanup(t.CloseIdleConnections)
	return t
}

// benchDials counts the dials of each running benchmark's transports.
var benchDials sync.Map // *testing.B -> *atomic.Int64

func dialCounter(b *testing.B) *atomic.Int64 {
	n, loaded := benchDials.LoadOrStore(b, new(atomic.Int64))
	dials := n.(*atomic.Int64)
	if !loaded {
		b.Cleanup(func() {
			benchDials.Delete(b)
			if b.N > 0 {
				b.ReportMetric(float64(dials.Load())/float64(b.N), "dials/op")
			}
		})
	}
	return dials
}

// measure starts the measurement of a call benchmark (CPU time per call
// from here, see reportCPU) in the same state of the process for every
// one of them, whichever ran before it in the same test binary:
//
//   - The effective spec and the default validator are loaded first. They
//     stay on the heap for the life of the process once a validating
//     benchmark has built them (about 0.9 MB), and this process's heap is
//     otherwise under 1 MB, where the garbage collector runs at its 4 MB
//     floor: loaded, it collects about 1.4 times as often and marks about
//     twice as much each time. Without this, each benchmark's share of
//     that cost would depend on whether it runs before or after the first
//     validating one.
//   - A collection right before the loop, so every benchmark starts at the
//     same point of the collector's cycle.
func measure(b *testing.B) func() {
	_ = api.ValidatingTransport(nil) // builds the shared default validator
	runtime.GC()
	return reportCPU(b)
}

// BenchmarkCallRaw is the baseline: net/http and encoding/json by hand.
func BenchmarkCallRaw(b *testing.B) {
	benchRaw(b, benchServer(b)+"/user/api/me", func(me *gen.APIMeResponse) bool { return me.WalletBalance == 123456 })
}

// benchRaw calls url by hand in a loop, decoding each answer into Answer,
// which ok checks.
func benchRaw[Answer any](b *testing.B, url string, ok func(*Answer) bool) {
	benchRawOver(b, benchTransport(b), url, ok)
}

func benchRawOver[Answer any](b *testing.B, rt http.RoundTripper, url string, ok func(*Answer) bool) {
	call := rawCall(b, rt, url, ok, nil)
	defer measure(b)()
	for b.Loop() {
		call()
	}
}

// rawCall returns one raw call of url over rt. with, if not nil, changes
// each request before it is sent and returns what to do once its answer
// was read (BenchmarkAlternatingMeParts adds the facade's pieces to the
// raw call this way).
func rawCall[Answer any](b *testing.B, rt http.RoundTripper, url string, ok func(*Answer) bool,
	with func(*http.Request) (*http.Request, func()),
) func() {
	hc := &http.Client{Transport: rt}
	ctx := context.Background()
	return func() {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+testToken)
		done := func() {}
		if with != nil {
			req, done = with(req)
		}
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var ans Answer
		err = json.NewDecoder(resp.Body).Decode(&ans)
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		done()
		if err != nil || resp.StatusCode != 200 || !ok(&ans) {
			b.Fatal(resp.StatusCode, err)
		}
	}
}

// BenchmarkCallGen is the generated client with its response parsing.
func BenchmarkCallGen(b *testing.B) {
	call := genCall(b, benchServer(b))
	defer measure(b)()
	for b.Loop() {
		call()
	}
}

// genCall returns one GetMeWithResponse of the generated client.
func genCall(b *testing.B, baseURL string) func() {
	c, err := gen.NewClientWithResponses(baseURL,
		gen.WithHTTPClient(&http.Client{Transport: benchTransport(b)}),
		gen.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
			r.Header.Set("Authorization", "Bearer "+testToken)
			return nil
		}))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	return func() {
		resp, err := c.GetMeWithResponse(ctx)
		if err != nil || resp.JSON200 == nil || resp.JSON200.WalletBalance != 123456 {
			b.Fatal(err)
		}
	}
}

func benchFacade(b *testing.B, rt http.RoundTripper, opts ...facade.Option) {
	benchFacadeAt(b, benchServer(b), rt, opts...)
}

func benchFacadeAt(b *testing.B, baseURL string, rt http.RoundTripper, opts ...facade.Option) {
	call := facadeCall(b, baseURL, rt, opts...)
	defer measure(b)()
	for b.Loop() {
		call()
	}
}

// facadeCall returns one Client.Me of a facade client over rt.
func facadeCall(b *testing.B, baseURL string, rt http.RoundTripper, opts ...facade.Option) func() {
	c := benchClient(b, baseURL, rt, opts...)
	ctx := context.Background()
	return func() {
		me, err := c.Me(ctx)
		if err != nil || me.Balance != 123456 {
			b.Fatal(err)
		}
	}
}

func benchClient(b *testing.B, baseURL string, rt http.RoundTripper, opts ...facade.Option) *facade.Client {
	opts = append([]facade.Option{facade.WithBaseURL(baseURL), facade.WithHTTPClient(&http.Client{Transport: rt})}, opts...)
	c, err := facade.New(testToken, opts...)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkCallFacade is the facade: headers, attempt timeout, retry
// bookkeeping, size cap, decoding and mapping to facade types.
func BenchmarkCallFacade(b *testing.B) { benchFacade(b, benchTransport(b)) }

// BenchmarkCallFacadeNoAttemptTimeout shows what the per-attempt deadline
// costs: with it off, net/http need not watch the request's context.
func BenchmarkCallFacadeNoAttemptTimeout(b *testing.B) {
	benchFacade(b, benchTransport(b), facade.WithAttemptTimeout(0))
}

// BenchmarkCallValidated is the facade with every request and response
// checked against the spec, as a user's CI would run it.
func BenchmarkCallValidated(b *testing.B) { benchFacade(b, api.ValidatingTransport(benchTransport(b))) }

// The client's own work, without the network: raw and the facade over a
// transport that answers from memory, so what differs is only the code
// around the exchange (building the request, headers, the attempt's
// context and watch, reading, checking and decoding the answer).
func memoryTransport(body []byte) http.RoundTripper {
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{
			StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
			ContentLength: int64(len(body)), Body: io.NopCloser(bytes.NewReader(body)), Request: r,
		}, nil
	})
}

// BenchmarkCallRawInMemory is BenchmarkCallRaw without the network.
func BenchmarkCallRawInMemory(b *testing.B) {
	benchRawOver(b, memoryTransport(meBody), "http://127.0.0.1:1/user/api/me",
		func(me *gen.APIMeResponse) bool { return me.WalletBalance == 123456 })
}

// BenchmarkCallFacadeInMemory is BenchmarkCallFacade without the network.
func BenchmarkCallFacadeInMemory(b *testing.B) {
	benchFacadeAt(b, "http://127.0.0.1:1", memoryTransport(meBody))
}

// BenchmarkCallValidatedInMemory is BenchmarkCallValidated without the
// network: the validating transport's own work (reading the answer once,
// checking request and answer) on top of the facade's.
func BenchmarkCallValidatedInMemory(b *testing.B) {
	benchFacadeAt(b, "http://127.0.0.1:1", api.ValidatingTransport(memoryTransport(meBody)))
}

// The same three on a page of 100 orders (page100, 19.6 kB), where decoding
// and checking the answer weigh more than on the profile.

// BenchmarkCallRawPage100 is the baseline for the page.
func BenchmarkCallRawPage100(b *testing.B) {
	benchRaw(b, staticServer(b, page100)+"/user/api/orders?status=all&offset=0&limit=100",
		func(p *gen.ListOrdersAnswer) bool { return len(p.Orders) == 100 })
}

// BenchmarkCallFacadePage100 is Client.OrdersPage for the same page.
func BenchmarkCallFacadePage100(b *testing.B) { benchFacadePage100(b, benchTransport(b)) }

// BenchmarkCallValidatedPage100 is the same over api.ValidatingTransport.
func BenchmarkCallValidatedPage100(b *testing.B) {
	benchFacadePage100(b, api.ValidatingTransport(benchTransport(b)))
}

func benchFacadePage100(b *testing.B, rt http.RoundTripper) {
	c := benchClient(b, staticServer(b, page100), rt)
	ctx := context.Background()
	defer measure(b)()
	for b.Loop() {
		p, err := c.OrdersPage(ctx, facade.StatusAll, 0, 100)
		if err != nil || len(p.Orders) != 100 {
			b.Fatal(err)
		}
	}
}

// ordersPages serves 10,000 orders in 100 prebuilt pages, following the
// API's relative next links; the handler only copies bytes.
func ordersPages(b *testing.B, requests *atomic.Int64) *httptest.Server {
	const total, limit = 10_000, 100
	pages := make(map[string][]byte, total/limit)
	for offset := 0; offset < total; offset += limit {
		var sb strings.Builder
		sb.WriteString(`{"success":true,"count":100,"orders":[`)
		for id := offset + 1; id <= offset+limit; id++ {
			if id > offset+1 {
				sb.WriteByte(',')
			}
			fmt.Fprintf(&sb, `{"order_id":%d,"product_id":1,"product_name":"Datacenter Proxy","cycle_id":1,"cycle_name":"monthly","expires_at":"2026-02-01T00:00:00Z","auto_renewal":true,"tag":"batch-7"}`, id)
		}
		sb.WriteString(`]`)
		if offset+limit < total {
			fmt.Fprintf(&sb, `,"next":"/user/api/orders?status=all&offset=%d&limit=%d"`, offset+limit, limit)
		}
		sb.WriteString(`}`)
		pages[strconv.Itoa(offset)] = []byte(sb.String())
	}
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		body, ok := pages[r.URL.Query().Get("offset")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	b.Cleanup(s.Close)
	return s
}

// BenchmarkOrdersIterate10k lists 10,000 orders through the iterator.
// requests/op must be 100 (pages of 100); allocs/order counts every
// allocation of the listing, the in-process server's included.
func BenchmarkOrdersIterate10k(b *testing.B) {
	var requests atomic.Int64
	s := ordersPages(b, &requests)
	c, err := facade.New(testToken, facade.WithBaseURL(s.URL), facade.WithHTTPClient(&http.Client{Transport: benchTransport(b)}))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	defer measure(b)()
	runs := 0
	for b.Loop() {
		n := 0
		for o, err := range c.Orders(ctx, facade.StatusAll) {
			if err != nil {
				b.Fatal(err)
			}
			n += o.ID & 1
		}
		if n != 5000 {
			b.Fatalf("listed %d odd orders, want 5000", n)
		}
		runs++
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(requests.Load())/float64(runs), "requests/op")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(runs*10_000), "allocs/order")
}
