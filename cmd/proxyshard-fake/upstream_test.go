package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/api"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
	"github.com/proxyshard/proxyshard-go/gen"
)

const upstreamToken = "upstream-secret-token"

// drifting serves the fake, except that getMe's answer lacks the wallet
// balance the spec requires: an upstream that drifted from the spec.
func drifting(fake *facadetest.Server) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/user/api/me" {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"email":"drift@example.com","active_orders":0}`)
			return
		}
		fake.Handler().ServeHTTP(w, r)
	})
}

func getJSON(t *testing.T, url string, out any) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.NoError(t, json.NewDecoder(resp.Body).Decode(out))
}

// In front of a faithful upstream the proxy passes traffic through
// unchanged and finds nothing; coverage counts operation x status.
func TestValidatingProxyInFrontOfAFaithfulUpstream(t *testing.T) {
	upstream := facadetest.NewServer(facadetest.WithT(t), facadetest.WithToken(upstreamToken))
	base, out, stop := start(t, "-upstream", upstream.URL, "-fail-on-violations")
	c := client(t, base, upstreamToken, api.ValidatingTransport(nil))

	var body gen.PurchaseOrderJSONRequestBody
	require.NoError(t, body.FromPurchaseRequestDcIsp(gen.PurchaseRequestDcIsp{Product: gen.DcIspProductDatacenter, Location: "DE", Cycle: "monthly", Quantity: ptr(1)}))
	bought, err := c.PurchaseOrderWithResponse(context.Background(), body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, bought.StatusCode(), string(bought.Body))
	assert.Len(t, upstream.Orders(upstreamToken), 1, "the purchase reached the upstream once")
	me, err := c.GetMeWithResponse(context.Background())
	require.NoError(t, err)
	assert.Equal(t, int(upstream.Balance(upstreamToken)), me.JSON200.WalletBalance)
	wrong, err := client(t, base, "wrong", api.ValidatingTransport(nil)).GetMeWithResponse(context.Background())
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, wrong.StatusCode())

	var cov struct {
		TotalRequests int `json:"total_requests"`
		Operations    map[string]struct {
			Answers map[string]int `json:"answers"`
		} `json:"operations"`
	}
	getJSON(t, base+"/_fake/coverage", &cov)
	assert.Equal(t, 3, cov.TotalRequests)
	assert.Equal(t, map[string]int{"200": 1}, cov.Operations["purchaseOrder"].Answers)
	assert.Equal(t, map[string]int{"200": 1, "401": 1}, cov.Operations["getMe"].Answers)
	var violations []any
	getJSON(t, base+"/_fake/violations", &violations)
	assert.Empty(t, violations)

	require.NoError(t, stop(), "no violation: exit status 0 despite -fail-on-violations")
	assert.Contains(t, out.String(), "3 requests, 0 unanswered by the upstream, 0 contract violations")
	assert.Regexp(t, `getMe\s+1\s+-\s+1\s`, out.String(), "the coverage table at exit")
	assert.NotContains(t, out.String(), upstreamToken)
}

// In front of a drifting upstream the proxy still passes the answer on
// byte for byte, and reports the violation in its log, on the control
// endpoint and at exit, with a non-zero status when asked.
func TestValidatingProxyInFrontOfADriftingUpstream(t *testing.T) {
	fake := facadetest.New(facadetest.WithToken(upstreamToken))
	upstream := httptest.NewServer(drifting(fake))
	defer upstream.Close()
	base, out, stop := start(t, "-upstream", upstream.URL, "-fail-on-violations")

	req, err := http.NewRequest(http.MethodGet, base+"/user/api/me", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+upstreamToken)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	got, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, `{"email":"drift@example.com","active_orders":0}`, string(got), "never altered")

	// A request that breaks the spec goes through too, and is reported.
	req, err = http.NewRequest(http.MethodPost, base+"/user/api/orders/purchase", bytes.NewReader([]byte(`{"product":"Datacenter Proxy","cycle":"monthly"}`)))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+upstreamToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "the upstream's own answer")

	var violations []map[string]string
	getJSON(t, base+"/_fake/violations", &violations)
	require.Len(t, violations, 2)
	assert.Equal(t, "response", violations[0]["side"])
	assert.Equal(t, "getMe", violations[0]["operation"])
	assert.Contains(t, violations[0]["field"]+violations[0]["reason"], "wallet_balance")
	assert.Equal(t, "request", violations[1]["side"])

	err = stop()
	require.Error(t, err, "-fail-on-violations")
	assert.Contains(t, err.Error(), "2 contract violations")
	logs := out.String()
	assert.Contains(t, logs, "2 contract violations")
	assert.Regexp(t, `msg=proxied method=GET path=/user/api/me operation=getMe status=200 duration=\S+ violation="response `, logs)
	assert.Contains(t, logs, "violation: api contract: response of getMe")
	assert.NotContains(t, logs, upstreamToken)
}

func TestUpstreamFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-upstream", "http://api.example.com"}, "plain http only to a loopback host"},
		{[]string{"-upstream", "ftp://x"}, "base URL"},
		{[]string{"-upstream", "https://u:p@api.example.com"}, "credentials"},
		{[]string{"-fail-on-violations"}, "needs -upstream"},
	}
	for _, tt := range tests {
		err := run(context.Background(), tt.args, &strings.Builder{})
		require.Error(t, err, tt.args)
		assert.Contains(t, err.Error(), tt.want)
	}
}
