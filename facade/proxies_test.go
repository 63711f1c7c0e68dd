package facade_test

import (
	"context"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade"
)

func TestProxyURLsAndLineForms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                        string
		p                           facade.Proxy
		httpURL, socksURL           string
		ipPortUserPass, userPassAt  string
		wantUser, wantPass, wantHst string
	}{
		{
			name:    "plain credentials",
			p:       facade.Proxy{IP: "203.0.113.7", HTTPPort: 8080, SOCKSPort: 1080, Username: "alice", Password: "s3cret"},
			httpURL: "http://alice:s3cret@203.0.113.7:8080", socksURL: "socks5://alice:s3cret@203.0.113.7:1080",
			ipPortUserPass: "203.0.113.7:8080:alice:s3cret", userPassAt: "alice:s3cret@203.0.113.7:8080",
			wantUser: "alice", wantPass: "s3cret", wantHst: "203.0.113.7:8080",
		},
		{
			name:    "credentials that need escaping",
			p:       facade.Proxy{IP: "198.51.100.1", HTTPPort: 3128, SOCKSPort: 1081, Username: "us@r:x", Password: "p/ss w@rd?#%"},
			httpURL: "http://us%40r%3Ax:p%2Fss%20w%40rd%3F%23%25@198.51.100.1:3128", socksURL: "socks5://us%40r%3Ax:p%2Fss%20w%40rd%3F%23%25@198.51.100.1:1081",
			ipPortUserPass: "198.51.100.1:3128:us@r:x:p/ss w@rd?#%", userPassAt: "us@r:x:p/ss w@rd?#%@198.51.100.1:3128",
			wantUser: "us@r:x", wantPass: "p/ss w@rd?#%", wantHst: "198.51.100.1:3128",
		},
		{
			name:    "IPv6",
			p:       facade.Proxy{IP: "2001:db8::1", HTTPPort: 8080, SOCKSPort: 1080, Username: "u", Password: "p"},
			httpURL: "http://u:p@[2001:db8::1]:8080", socksURL: "socks5://u:p@[2001:db8::1]:1080",
			ipPortUserPass: "[2001:db8::1]:8080:u:p", userPassAt: "u:p@[2001:db8::1]:8080",
			wantUser: "u", wantPass: "p", wantHst: "[2001:db8::1]:8080",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.httpURL, tt.p.HTTPURL().String())
			assert.Equal(t, tt.socksURL, tt.p.SOCKS5URL().String())
			assert.Equal(t, tt.ipPortUserPass, tt.p.IPPortUserPass())
			assert.Equal(t, tt.userPassAt, tt.p.UserPassAtIPPort())

			// What a consumer parses back is what the API sent.
			back, err := url.Parse(tt.p.HTTPURL().String())
			require.NoError(t, err)
			pass, _ := back.User.Password()
			assert.Equal(t, tt.wantUser, back.User.Username())
			assert.Equal(t, tt.wantPass, pass)
			assert.Equal(t, tt.wantHst, back.Host)
		})
	}
}

func TestProxyAddr(t *testing.T) {
	t.Parallel()
	a, err := facade.Proxy{IP: "203.0.113.7"}.Addr()
	require.NoError(t, err)
	assert.Equal(t, netip.MustParseAddr("203.0.113.7"), a)
	_, err = facade.Proxy{IP: "proxy.example"}.Addr()
	assert.Error(t, err)
}

// The HTTP URL plugs into http.Transport: a request through it reaches the
// proxy with Proxy-Authorization carrying the (unescaped) credentials.
func TestProxyHTTPURLWorksWithHTTPTransport(t *testing.T) {
	t.Parallel()
	var proxyAuth, requested string
	proxy := serve(t, func(w http.ResponseWriter, r *http.Request) {
		proxyAuth = r.Header.Get("Proxy-Authorization")
		requested = r.URL.String()
		w.WriteHeader(http.StatusNoContent)
	})
	u, err := url.Parse(proxy.URL)
	require.NoError(t, err)
	p := facade.Proxy{IP: u.Hostname(), HTTPPort: mustPort(t, u), Username: "us@r", Password: "p:w/d"}

	hc := &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(p.HTTPURL())}, Timeout: 10 * time.Second}
	resp, err := hc.Get("http://target.invalid/page")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNoContent, resp.StatusCode)
	assert.Equal(t, "http://target.invalid/page", requested)
	req := &http.Request{Header: http.Header{"Authorization": {proxyAuth}}}
	user, pass, ok := req.BasicAuth()
	require.True(t, ok)
	assert.Equal(t, "us@r", user)
	assert.Equal(t, "p:w/d", pass)
}

func mustPort(t *testing.T, u *url.URL) int {
	t.Helper()
	port, err := strconv.Atoi(u.Port())
	require.NoError(t, err)
	return port
}

func TestActiveProxiesMapsUntil(t *testing.T) {
	t.Parallel()
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "/user/api/proxies/active", r.URL.Path)
		assert.Equal(t, "7", r.URL.Query().Get("order_id"))
		writeJSON(w, 200, `{"success":true,"order_tag":"x","data":[
			{"ip":"203.0.113.7","http_port":8080,"socks_port":1080,"username":"u","password":"p","status":"active","until":"2026-03-01T12:00:00Z"},
			{"ip":"203.0.113.8","http_port":8081,"socks_port":1081,"username":"u","password":"p","status":"active","until":"next tuesday"}]}`)
	})
	ps, err := newClient(t, s.URL).ActiveProxies(context.Background(), 7)
	require.NoError(t, err)
	require.Len(t, ps, 2)
	assert.Equal(t, time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), ps[0].Until.Time)
	assert.Equal(t, "2026-03-01T12:00:00Z", ps[0].Until.Raw)
	assert.True(t, ps[1].Until.IsZero())
	assert.Equal(t, "next tuesday", ps[1].Until.Raw)
	assert.Equal(t, "next tuesday", ps[1].Until.String())
	assert.Equal(t, 1081, ps[1].SOCKSPort)
}
