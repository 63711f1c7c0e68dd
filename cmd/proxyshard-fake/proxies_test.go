package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/api"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
	"github.com/proxyshard/proxyshard-go/gen"
)

// fetch gets target through proxy and returns the status and body, or
// the error.
func fetch(t *testing.T, proxy *url.URL, target string) (int, string, error) {
	t.Helper()
	transport := &http.Transport{Proxy: http.ProxyURL(proxy), TLSClientConfig: insecureLocalTLS()}
	defer transport.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	require.NoError(t, err)
	resp, err := transport.RoundTrip(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body), nil
}

// Every sold IP really is a proxy: HTTP (absolute-form and CONNECT) and
// SOCKS5 on the advertised ports, with the order's credentials, to
// loopback destinations; a wrong password, a remote destination and an
// expired order are refused.
func TestSoldProxiesWork(t *testing.T) {
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = fmt.Fprintf(w, "hello from %s", r.URL.Path)
	}))
	defer page.Close()
	tlsPage := httptest.NewTLSServer(page.Config.Handler)
	defer tlsPage.Close()

	base, _, _ := start(t, "-proxy-first", "127.78.0.1", "-proxy-http-port", "0", "-proxy-socks-port", "0")
	c := client(t, base, facadetest.DefaultToken, api.ValidatingTransport(nil))
	var body gen.PurchaseOrderJSONRequestBody
	require.NoError(t, body.FromPurchaseRequestDcIsp(gen.PurchaseRequestDcIsp{Product: gen.DcIspProductDatacenter, Location: "DE", Cycle: "monthly", Quantity: ptr(2)}))
	bought, err := c.PurchaseOrderWithResponse(context.Background(), body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, bought.StatusCode(), string(bought.Body))
	active, err := c.ListActiveProxiesWithResponse(context.Background(), &gen.ListActiveProxiesParams{OrderID: bought.JSON200.OrderID})
	require.NoError(t, err)
	require.Len(t, active.JSON200.Data, 2)

	for _, p := range active.JSON200.Data {
		assert.True(t, strings.HasPrefix(p.IP, "127.78.0."), p.IP)
		httpProxy := &url.URL{Scheme: "http", User: url.UserPassword(p.Username, p.Password), Host: fmt.Sprintf("%s:%d", p.IP, p.HTTPPort)}
		socksProxy := &url.URL{Scheme: "socks5", User: url.UserPassword(p.Username, p.Password), Host: fmt.Sprintf("%s:%d", p.IP, p.SOCKSPort)}
		for name, proxy := range map[string]*url.URL{"http": httpProxy, "socks5": socksProxy} {
			status, got, err := fetch(t, proxy, page.URL+"/plain")
			require.NoError(t, err, name)
			assert.Equal(t, http.StatusOK, status, name)
			assert.Equal(t, "hello from /plain", got, name)

			status, got, err = fetch(t, proxy, tlsPage.URL+"/tunnel") // CONNECT for the HTTP proxy
			require.NoError(t, err, name)
			assert.Equal(t, http.StatusOK, status, name)
			assert.Equal(t, "hello from /tunnel", got, name)

			wrong := *proxy
			wrong.User = url.UserPassword(p.Username, p.Password+"x")
			status, _, err = fetch(t, &wrong, page.URL+"/")
			if name == "http" {
				require.NoError(t, err)
				assert.Equal(t, http.StatusProxyAuthRequired, status, "wrong password")
			} else {
				assert.Error(t, err, "wrong password")
			}

			status, _, err = fetch(t, proxy, "http://192.0.2.1:80/") // TEST-NET-1: never dialled
			if name == "http" {
				require.NoError(t, err)
				assert.Equal(t, http.StatusForbidden, status, "a destination off loopback")
			} else {
				require.Error(t, err)
				assert.Contains(t, err.Error(), "not allowed", "a destination off loopback")
			}
		}
	}

	// The order expires: its proxies stop working.
	resp, err := http.Post(base+"/_fake/clock", "application/json", strings.NewReader(`{"advance":"744h"}`))
	require.NoError(t, err)
	resp.Body.Close()
	p := active.JSON200.Data[0]
	expired := &url.URL{Scheme: "http", User: url.UserPassword(p.Username, p.Password), Host: fmt.Sprintf("%s:%d", p.IP, p.HTTPPort)}
	status, _, err := fetch(t, expired, page.URL+"/")
	require.NoError(t, err)
	assert.Equal(t, http.StatusProxyAuthRequired, status, "an on-hold order's proxy")
}

func ptr[T any](v T) *T { return &v }

// insecureLocalTLS trusts any certificate: the pages are httptest's own,
// on loopback.
func insecureLocalTLS() *tls.Config { return &tls.Config{InsecureSkipVerify: true} }
