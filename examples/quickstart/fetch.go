package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"time"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

// The in-process fake's proxies are real: each IP it sells (127.79.0.1,
// .2, ...) serves an HTTP proxy and SOCKS5 with the order's credentials,
// on ports the system picks (the proxy list names them).
var fakeProxies = facadetest.WithWorkingProxies(netip.MustParseAddr("127.79.0.1"), 0, 0, false)

// startPage serves one small page on loopback, the kind of destination
// the fake's proxies reach.
func startPage() (pageURL string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, "hello through the proxy")
	})}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String() + "/", func() { _ = srv.Close() }, nil
}

// fetchThrough gets pageURL through p, once over its HTTP proxy and once
// over SOCKS5, as any program that is given the proxy's URL would.
func (t *tour) fetchThrough(ctx context.Context, p facade.Proxy, pageURL string) error {
	for _, proxyURL := range []*url.URL{p.HTTPURL(), p.SOCKS5URL()} {
		transport := &http.Transport{Proxy: http.ProxyURL(proxyURL)}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, pageURL, nil)
		if err != nil {
			return err
		}
		resp, err := transport.RoundTrip(req)
		if err != nil {
			return fmt.Errorf("fetch %s through %s://%s: %w", pageURL, proxyURL.Scheme, proxyURL.Host, err)
		}
		body, err := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		transport.CloseIdleConnections()
		if err != nil {
			return err
		}
		t.say("through %s://%s: %d %q", proxyURL.Scheme, proxyURL.Host, resp.StatusCode, body)
	}
	return nil
}
