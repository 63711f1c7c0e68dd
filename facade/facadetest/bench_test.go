package facadetest_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

// BenchmarkFakeParallel measures the fake under parallel load: GET
// /user/api/me and a listOrders page (five orders), with every request and
// answer checked against the spec. The baseline is a bare net/http server
// answering the same bytes, over the same loopback connections; client and
// server share the machine, so over HTTP the fake cannot beat it.
// fake-in-process calls the handler without sockets: the fake's own cost.
func BenchmarkFakeParallel(b *testing.B) {
	fake := facadetest.NewServer(facadetest.WithT(b))
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	for range 5 {
		body := `{"product":"Datacenter Proxy","location":"DE","cycle":"monthly","quantity":1}`
		req, _ := http.NewRequest(http.MethodPost, fake.URL+"/user/api/orders/purchase", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+fake.Token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil || resp.StatusCode != http.StatusOK {
			b.Fatalf("purchase: %v %v", err, resp)
		}
		resp.Body.Close()
	}
	me, list := fetch(b, client, fake, "/user/api/me"), fetch(b, client, fake, "/user/api/orders?status=all&limit=20")
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
			b.ReportAllocs()
			b.SetParallelism(8) // keep requests in flight: one round trip per core is latency-bound
			b.RunParallel(func(pb *testing.PB) {
				paths := [2]string{"/user/api/me", "/user/api/orders?status=all&limit=20"}
				for i := 0; pb.Next(); i++ {
					req, _ := http.NewRequest(http.MethodGet, target.url+paths[i%2], nil)
					req.Header.Set("Authorization", "Bearer "+fake.Token)
					resp, err := client.Do(req)
					if err != nil {
						b.Error(err)
						return
					}
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						b.Errorf("%s: status %d", paths[i%2], resp.StatusCode)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
		})
	}
	// The fake's own cost, without sockets: the handler called in process.
	b.Run("fake-in-process", func(b *testing.B) {
		b.ReportAllocs()
		handler := fake.Handler()
		b.RunParallel(func(pb *testing.PB) {
			paths := [2]string{"/user/api/me", "/user/api/orders?status=all&limit=20"}
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
