package facadetest_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

// BenchmarkFakeParallel is the fake under load: the facade client (its
// default transport keeps 64 connections) calls GET /user/api/me and a
// listOrders page of five orders, alternately, from 8 goroutines per CPU
// over 127.0.0.1, and the fake checks every request and answer against the
// spec. It reports requests per second and the 99th percentile latency of
// one call. The baseline is a bare net/http server answering the same
// bytes to the same client; client and server share the machine, so over
// HTTP the fake cannot beat it. fake-in-process calls the handler without
// sockets or client: the fake's own cost.
func BenchmarkFakeParallel(b *testing.B) {
	fake := facadetest.NewServer(facadetest.WithT(b))
	buyer := newFacade(b, fake.URL, fake.Token)
	for range 5 {
		if _, err := buyer.Purchase(context.Background(), facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: 1}); err != nil {
			b.Fatalf("purchase: %v", err)
		}
	}
	buyer.CloseIdleConnections()
	setup := &http.Client{Transport: &http.Transport{}}
	defer setup.CloseIdleConnections()
	me, list := fetch(b, setup, fake, "/user/api/me"), fetch(b, setup, fake, "/user/api/orders?status=all&offset=0&limit=20")
	raw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/user/api/me" {
			_, _ = w.Write(me)
			return
		}
		_, _ = w.Write(list)
	}))
	defer raw.Close()

	for _, target := range []struct{ name, url string }{{"raw-net-http", raw.URL}, {"fake", fake.URL}} {
		b.Run(target.name, func(b *testing.B) {
			c := newFacade(b, target.url, fake.Token)
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
					var err error
					if i%2 == 0 {
						_, err = c.Me(ctx)
					} else {
						_, err = c.OrdersPage(ctx, facade.StatusAll, 0, 20)
					}
					latencies[i] = time.Since(start)
					if err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
			b.ReportMetric(float64(p99(latencies))/float64(time.Millisecond), "p99-ms")
		})
	}
	// The fake's own cost, without sockets: the handler called in process.
	b.Run("fake-in-process", func(b *testing.B) {
		b.ReportAllocs()
		handler := fake.Handler()
		b.RunParallel(func(pb *testing.PB) {
			paths := [2]string{"/user/api/me", "/user/api/orders?status=all&offset=0&limit=20"}
			for i := 0; pb.Next(); i++ {
				req := httptest.NewRequest(http.MethodGet, paths[i%2], nil)
				req.Header.Set("Authorization", "Bearer "+fake.Token)
				rec := httptest.NewRecorder()
				handler.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Errorf("%s: status %d", paths[i%2], rec.Code)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	})
	if v := fake.Violations(); len(v) > 0 {
		b.Fatalf("contract violations under load: %v", v)
	}
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

func fetch(b *testing.B, c *http.Client, s *facadetest.Server, path string) []byte {
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
	return body
}
