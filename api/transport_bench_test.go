package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/proxyshard/proxyshard-go/api"
	"github.com/proxyshard/proxyshard-go/gen"
	"github.com/proxyshard/proxyshard-go/internal/answers"
)

// The same exchange, GET /user/api/me against a 127.0.0.1 server, through
// a bare transport and through the validating one; both read and close the
// body, as a client does. The goal: validated at most 1.15x bare.

var meBody = []byte(`{"email":"user@example.com","active_orders":3,"wallet_balance":100000}`)

func meServer(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(meBody)
	}))
	b.Cleanup(srv.Close)
	return srv
}

func benchmarkGetMe(b *testing.B, wrap func(http.RoundTripper) http.RoundTripper) {
	srv := meServer(b)
	client := &http.Client{Transport: wrap(http.DefaultTransport.(*http.Transport).Clone())}
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/user/api/me", nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer test-token")
	b.ReportAllocs()
	for b.Loop() {
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || len(body) != len(meBody) {
			b.Fatalf("status %d, %d bytes, %v", resp.StatusCode, len(body), err)
		}
	}
}

func BenchmarkTransportBare(b *testing.B) {
	benchmarkGetMe(b, func(rt http.RoundTripper) http.RoundTripper { return rt })
}

func BenchmarkTransportValidated(b *testing.B) {
	v, err := api.NewValidator()
	if err != nil {
		b.Fatal(err)
	}
	benchmarkGetMe(b, func(rt http.RoundTripper) http.RoundTripper {
		return api.ValidatingTransport(rt, api.WithValidator(v))
	})
}

// exchange checks one request and its 200 answer as the validating
// transport does, and returns the first violation.
type exchange struct {
	v      *api.Validator
	req    *http.Request
	header http.Header
	body   []byte
}

func newExchange(b testing.TB, target string, body []byte) *exchange {
	v, err := api.NewValidator()
	if err != nil {
		b.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodGet, target, nil)
	if err != nil {
		b.Fatal(err)
	}
	return &exchange{v: v, req: req, header: http.Header{"Content-Type": {"application/json"}}, body: body}
}

func (e *exchange) check() error {
	op, err := e.v.ValidateRequest(e.req, nil)
	if err != nil {
		return err
	}
	return e.v.ValidateResponse(op, e.req, http.StatusOK, e.header, e.body)
}

// The validator's own cost for the same exchange, without the network: what
// the validating transport adds per call, measured without the noise of a
// round trip. Not part of the ratio; it shows where the time would go.
func BenchmarkValidatorGetMe(b *testing.B) {
	e := newExchange(b, "http://127.0.0.1/user/api/me", meBody)
	b.ReportAllocs()
	for b.Loop() {
		if err := e.check(); err != nil {
			b.Fatal(err)
		}
	}
}

const ordersTarget = "http://127.0.0.1/user/api/orders?status=all&limit=100"

// ordersPage is a 100-order answer of listOrders, every field filled.
var ordersPage = func() []byte {
	var b strings.Builder
	b.WriteString(`{"success":true,"count":100,"orders":[`)
	for id := 1; id <= 100; id++ {
		if id > 1 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"order_id":%d,"product_id":1,"product_name":"Datacenter Proxy","cycle_id":1,"cycle_name":"monthly","expires_at":"2026-02-01T00:00:00Z","auto_renewal":true,"tag":"batch-7"}`, id)
	}
	b.WriteString(`],"next":"/user/api/orders?status=all&offset=100&limit=100"}`)
	return []byte(b.String())
}()

// The validator on a 100-order answer, next to decoding the same bytes
// into the generated type with encoding/json (what a client does with
// them anyway): the goal is at most 0.25x the decode, no allocation.
func BenchmarkValidatorOrders100(b *testing.B) {
	e := newExchange(b, ordersTarget, ordersPage)
	b.SetBytes(int64(len(ordersPage)))
	b.ReportAllocs()
	for b.Loop() {
		if err := e.check(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeOrders100(b *testing.B) {
	b.SetBytes(int64(len(ordersPage)))
	b.ReportAllocs()
	for b.Loop() {
		var answer gen.ListOrdersAnswer
		if err := json.Unmarshal(ordersPage, &answer); err != nil || len(answer.Orders) != 100 {
			b.Fatal(len(answer.Orders), err)
		}
	}
}

// A request with a JSON body, checked as the validating transport checks
// it: no allocation either.
func BenchmarkValidatorPurchaseRequest(b *testing.B) {
	v, err := api.NewValidator()
	if err != nil {
		b.Fatal(err)
	}
	body := []byte(`{"product":"Datacenter Proxy","location":"DE","cycle":"monthly","quantity":10}`)
	req, err := http.NewRequest(http.MethodPost, "http://127.0.0.1/user/api/orders/purchase", nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.ValidateRequest(req, body); err != nil {
			b.Fatal(err)
		}
	}
}

// The same two, paired: each iteration checks the page and then decodes
// it, timing each, so a burst of load from elsewhere hits both alike. It
// reports the ratio of the two sums, the figure the goal is about.
func BenchmarkValidatorOrders100VsDecode(b *testing.B) {
	e := newExchange(b, ordersTarget, ordersPage)
	var checking, decoding time.Duration
	for b.Loop() {
		start := time.Now()
		err := e.check()
		checked := time.Now()
		var answer gen.ListOrdersAnswer
		if err == nil {
			err = json.Unmarshal(ordersPage, &answer)
		}
		decoding += time.Since(checked)
		checking += checked.Sub(start)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(checking)/float64(decoding), "check/decode")
}

// The same against the decode the client does now: the list's generated
// one-pass decoder, which also checks required properties and types
// (internal/answers.Decode), several times faster than encoding/json.
func BenchmarkValidatorOrders100VsClientDecode(b *testing.B) {
	e := newExchange(b, ordersTarget, ordersPage)
	var checking, decoding time.Duration
	for b.Loop() {
		start := time.Now()
		err := e.check()
		checked := time.Now()
		var answer gen.ListOrdersAnswer
		if err == nil {
			_, err = answers.Decode("listOrders", http.StatusOK, ordersPage, &answer)
		}
		decoding += time.Since(checked)
		checking += checked.Sub(start)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(checking)/float64(decoding), "check/decode")
}
