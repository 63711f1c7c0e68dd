package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/proxyshard/proxyshard-go/bench/ogenclient"
	"github.com/proxyshard/proxyshard-go/facade"
)

const token = "bench-token"

// staticTransport answers every request in memory with the body for its
// path: the clients are measured without a network or a server.
type staticTransport map[string][]byte

func (t staticTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	body, ok := t[req.URL.Path]
	if !ok {
		return nil, fmt.Errorf("no answer for %s", req.URL.Path)
	}
	if req.Body != nil {
		_ = req.Body.Close()
	}
	return &http.Response{
		StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		ContentLength: int64(len(body)), Body: io.NopCloser(bytes.NewReader(body)), Request: req,
	}, nil
}

var answers = staticTransport{
	"/user/api/me":             []byte(`{"email":"user@example.com","active_orders":3,"wallet_balance":100000}`),
	"/user/api/orders":         ordersPage(100),
	"/user/api/proxies/active": proxyList(1000),
}

func ordersPage(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"success":true,"count":` + strconv.Itoa(n) + `,"orders":[`)
	for id := 1; id <= n; id++ {
		if id > 1 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"order_id":%d,"product_id":1,"product_name":"Datacenter Proxy","cycle_id":1,"cycle_name":"monthly","expires_at":"2026-02-01T00:00:00Z","auto_renewal":true,"tag":"batch-7"}`, id)
	}
	b.WriteString(`],"next":"/user/api/orders?status=all&offset=100&limit=100"}`)
	return []byte(b.String())
}

func proxyList(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"success":true,"order_tag":"batch-7","data":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"ip":"10.%d.%d.%d","http_port":8080,"socks_port":1080,"username":"u%d","password":"p%d","status":"active","until":"2026-09-01T12:00:00Z","signature":null}`, i/65536, i/256%256, i%256, i, i)
	}
	b.WriteString(`]}`)
	return []byte(b.String())
}

func newFacade(b *testing.B) *facade.Client {
	c, err := facade.New(token, facade.WithBaseURL("https://api.example.test"), facade.WithHTTPClient(&http.Client{Transport: answers}))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

type bearer struct{}

func (bearer) BearerAuth(context.Context, ogenclient.OperationName) (ogenclient.BearerAuth, error) {
	return ogenclient.BearerAuth{Token: token}, nil
}

func newOgen(b *testing.B) *ogenclient.Client {
	c, err := ogenclient.NewClient("https://api.example.test", bearer{}, ogenclient.WithClient(&http.Client{Transport: answers}))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// Each pair calls the same operation on the same bytes; make bench-peers
// runs them in interleaved rounds and prints the ratios.

func BenchmarkMeFacade(b *testing.B) {
	c := newFacade(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Me(b.Context()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMeOgen(b *testing.B) {
	c := newOgen(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.UserAPIMeGet(b.Context()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOrders100Facade(b *testing.B) {
	c := newFacade(b)
	b.ReportAllocs()
	for b.Loop() {
		page, err := c.OrdersPage(b.Context(), facade.StatusAll, 0, 100)
		if err != nil || len(page.Orders) != 100 {
			b.Fatal(err)
		}
	}
}

func BenchmarkOrders100Ogen(b *testing.B) {
	c := newOgen(b)
	b.ReportAllocs()
	for b.Loop() {
		page, err := c.UserAPIOrdersGet(b.Context(), ogenclient.UserAPIOrdersGetParams{Status: "all", Limit: ogenclient.NewOptInt(100)})
		if err != nil || len(page.Orders) != 100 {
			b.Fatal(err)
		}
	}
}

func BenchmarkProxies1000Facade(b *testing.B) {
	c := newFacade(b)
	b.ReportAllocs()
	for b.Loop() {
		proxies, err := c.ActiveProxies(b.Context(), 7)
		if err != nil || len(proxies) != 1000 {
			b.Fatal(err)
		}
	}
}

func BenchmarkProxies1000Ogen(b *testing.B) {
	c := newOgen(b)
	b.ReportAllocs()
	for b.Loop() {
		res, err := c.UserAPIProxiesActiveGet(b.Context(), ogenclient.UserAPIProxiesActiveGetParams{OrderID: 7})
		if err != nil {
			b.Fatal(err)
		}
		if ok, isOK := res.(*ogenclient.UserAPIProxiesActiveGetOK); !isOK || len(ok.Data) != 1000 {
			b.Fatalf("%T", res)
		}
	}
}
