package api_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/proxyshard/proxyshard-go/api"
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

// The validator's own cost for the same exchange, without the network: what
// the validating transport adds per call, measured without the noise of a
// round trip. Not part of the ratio; it shows where the time would go.
func BenchmarkValidatorGetMe(b *testing.B) {
	v, err := api.NewValidator()
	if err != nil {
		b.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodGet, "http://127.0.0.1/user/api/me", nil)
	if err != nil {
		b.Fatal(err)
	}
	header := http.Header{"Content-Type": {"application/json"}}
	b.ReportAllocs()
	for b.Loop() {
		op, err := v.ValidateRequest(req, nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := v.ValidateResponse(op, req, http.StatusOK, header, meBody); err != nil {
			b.Fatal(err)
		}
	}
}
