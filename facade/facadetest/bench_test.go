package facadetest_test

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

// BenchmarkFakeParallel is the fake under load, one operation at a time:
// GET /user/api/me, and a listOrders page of 20 orders. For each, the
// facade client (its default transport keeps 64 connections) calls it from
// 8 goroutines per CPU over 127.0.0.1, first against a bare net/http server
// answering the same bytes (raw-net-http), then against the fake, which
// checks every request and answer against the spec (fake); fake reports
// its requests per second as a share of raw-net-http's in the same round
// (x-raw): its last run's. -count N runs each sub-benchmark N times in a
// row, so for N paired rounds run the benchmark N times with -count 1
// (BENCHMARKS.md, "Load on the fake"). Client and server
// share the machine, so over HTTP the fake cannot beat the bare server.
// fake-in-process calls the handler without sockets or client: the fake's
// own cost.
func BenchmarkFakeParallel(b *testing.B) {
	fake := facadetest.NewServer(facadetest.WithT(b), facadetest.WithBalance(1_000_000_00))
	buyer := newFacade(b, fake.URL, fake.Token)
	for range 20 {
		if _, err := buyer.Purchase(context.Background(), facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: 1}); err != nil {
			b.Fatalf("purchase: %v", err)
		}
	}
	buyer.CloseIdleConnections()
	setup := &http.Client{Transport: &http.Transport{}}
	defer setup.CloseIdleConnections()

	calls := []struct {
		name, path string
		call       func(ctx context.Context, c *facade.Client) error
	}{
		{"me", "/user/api/me", func(ctx context.Context, c *facade.Client) error {
			_, err := c.Me(ctx)
			return err
		}},
		{"orders", "/user/api/orders?status=all&offset=0&limit=20", func(ctx context.Context, c *facade.Client) error {
			page, err := c.OrdersPage(ctx, facade.StatusAll, 0, 20)
			if err == nil && len(page.Orders) != 20 {
				return fmt.Errorf("%d orders on the page, want 20", len(page.Orders))
			}
			return err
		}},
	}
	for _, call := range calls {
		header, body := fetch(b, setup, fake, call.path)
		raw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			maps.Copy(w.Header(), header)
			_, _ = w.Write(body)
		}))
		var rawRate float64
		b.Run(call.name+"/raw-net-http", func(b *testing.B) {
			rawRate = callInParallel(b, raw.URL, fake.Token, call.call)
		})
		b.Run(call.name+"/fake", func(b *testing.B) {
			rate := callInParallel(b, fake.URL, fake.Token, call.call)
			if rawRate > 0 {
				b.ReportMetric(rate/rawRate, "x-raw")
			}
		})
		raw.Close()
		// The fake's own cost, without sockets: the handler called in process.
		b.Run(call.name+"/fake-in-process", func(b *testing.B) {
			handler := fake.Handler()
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				req := httptest.NewRequest(http.MethodGet, call.path, nil)
				req.Header.Set("Authorization", "Bearer "+fake.Token)
				w := &discardWriter{header: http.Header{}}
				for pb.Next() {
					clear(w.header)
					w.status = 0
					handler.ServeHTTP(w, req)
					if w.status != http.StatusOK {
						b.Errorf("%s: status %d", call.path, w.status)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
		})
	}
	if v := fake.Violations(); len(v) > 0 {
		b.Fatalf("contract violations under load: %v", v)
	}
}

// callInParallel makes b.N calls to url from 8 goroutines per CPU and
// reports requests per second, which it returns, and the 99th percentile
// latency.
func callInParallel(b *testing.B, url, token string, call func(context.Context, *facade.Client) error) float64 {
	c := newFacade(b, url, token)
	defer c.CloseIdleConnections()
	b.ReportAllocs()
	latencies := make([]time.Duration, b.N) // one slot per call, filled without locks
	var calls atomic.Int64
	b.SetParallelism(8) // keep requests in flight: one round trip per core is latency-bound
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			i := calls.Add(1) - 1
			start := time.Now()
			err := call(ctx, c)
			latencies[i] = time.Since(start)
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
	rate := float64(b.N) / b.Elapsed().Seconds()
	b.ReportMetric(rate, "req/s")
	b.ReportMetric(float64(p99(latencies))/float64(time.Millisecond), "p99-ms")
	return rate
}

// discardWriter is the cheapest http.ResponseWriter: the in-process
// benchmark measures the fake's handler, not a recorder.
type discardWriter struct {
	header http.Header
	status int
}

func (w *discardWriter) Header() http.Header { return w.header }

func (w *discardWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *discardWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return len(p), nil
}

// p99 is the latency 99 % of the calls stayed within (nearest rank).
func p99(latencies []time.Duration) time.Duration {
	slices.Sort(latencies)
	return latencies[(len(latencies)*99+99)/100-1]
}

func newFacade(b *testing.B, url, token string) *facade.Client {
	b.Helper()
	c, err := facade.New(token, facade.WithBaseURL(url))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// fetch returns the fake's answer to a GET of path: its header and body.
func fetch(b *testing.B, c *http.Client, s *facadetest.Server, path string) (http.Header, []byte) {
	b.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+s.Token)
	resp, err := c.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		b.Fatalf("%s: %v %d", path, err, resp.StatusCode)
	}
	header := resp.Header.Clone()
	for _, set := range []string{"Date", "Content-Length", "Transfer-Encoding"} {
		header.Del(set) // net/http sets these itself
	}
	return header, body
}
