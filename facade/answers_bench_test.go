package facade_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/internal/answers"
)

// The answer check is one pass over a 2xx body on top of decoding it. These
// benchmarks put its cost next to the whole call it is part of, on the
// profile and on a page of 100 orders; `make bench-answers` runs them in
// interleaved rounds as measured for BENCHMARKS.md.

// page100 is a listOrders page of 100 orders.
var page100 = func() []byte {
	var sb strings.Builder
	sb.WriteString(`{"success":true,"count":100,"orders":[`)
	for id := 1; id <= 100; id++ {
		if id > 1 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, `{"order_id":%d,"product_id":1,"product_name":"Datacenter Proxy","cycle_id":1,"cycle_name":"monthly","expires_at":"2026-02-01T00:00:00Z","auto_renewal":true,"tag":"batch-7"}`, id)
	}
	sb.WriteString(`],"next":null,"prev":null}`)
	return []byte(sb.String())
}()

// staticServer answers every request with body; it is closed, with the
// connections clients keep to it, when the benchmark ends.
func staticServer(b *testing.B, body []byte) string {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	}))
	b.Cleanup(s.Close)
	return s.URL
}

// BenchmarkAnswersCallMe is a whole Me call, the answer check included.
func BenchmarkAnswersCallMe(b *testing.B) {
	c, err := facade.New("t", facade.WithBaseURL(staticServer(b, meBody)), facade.WithHTTPClient(&http.Client{Transport: benchTransport(b)}))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Me(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnswersCheckMe is the check alone on the same answer.
func BenchmarkAnswersCheckMe(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if err := answers.Check("getMe", 200, meBody); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnswersCallPage100 is a whole OrdersPage call for 100 orders.
func BenchmarkAnswersCallPage100(b *testing.B) {
	c, err := facade.New("t", facade.WithBaseURL(staticServer(b, page100)), facade.WithHTTPClient(&http.Client{Transport: benchTransport(b)}))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if p, err := c.OrdersPage(ctx, facade.StatusAll, 0, 100); err != nil || len(p.Orders) != 100 {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnswersCheckPage100 is the check alone on the same page.
func BenchmarkAnswersCheckPage100(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if err := answers.Check("listOrders", 200, page100); err != nil {
			b.Fatal(err)
		}
	}
}
