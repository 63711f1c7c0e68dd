package facade_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade"
)

// A caller's http.Client that follows every redirect cannot take the token,
// or a purchase, off the base URL's origin: not to another port, not to
// another host name, not down to plain http.
func TestTokenStaysOnItsOrigin(t *testing.T) {
	t.Parallel()
	var leaked atomic.Int64
	elsewhere := func(tls bool) *httptest.Server {
		return startServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			leaked.Add(1)
			writeJSON(w, 200, `{"active_orders":0,"email":"x@example.com","wallet_balance":1}`)
		}), tls)
	}
	followAll := func(*http.Request, []*http.Request) error { return nil }
	for _, proto := range wireProtocols {
		other := elsewhere(proto.tls)
		plain := elsewhere(false)
		targets := []struct{ name, url string }{
			{"another port", other.URL},
			{"another host name", strings.Replace(other.URL, "127.0.0.1", "localhost", 1)},
			{"plain http", plain.URL},
		}
		for _, target := range targets {
			for _, code := range []int{301, 302, 303, 307, 308} {
				for _, purchase := range []bool{false, true} {
					name := fmt.Sprintf("%s/%s/%d/purchase=%v", proto.name, target.name, code, purchase)
					t.Run(name, func(t *testing.T) {
						before := leaked.Load()
						origin := startServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
							http.Redirect(w, r, target.url+r.URL.Path, code)
						}), proto.tls)
						hc := origin.Client()
						hc.CheckRedirect = followAll
						c := newClient(t, origin.URL, facade.WithHTTPClient(hc))
						var err error
						if purchase {
							_, err = c.Purchase(context.Background(), fuzzSpec)
						} else {
							_, err = c.Me(context.Background())
						}
						require.Error(t, err)
						assert.Equal(t, before, leaked.Load(), "a request reached %s: %v", target.name, err)
						if purchase {
							// The origin got the purchase and answered with a redirect.
							assert.ErrorIs(t, err, facade.ErrOutcomeUnknown)
						} else {
							assert.ErrorIs(t, err, facade.ErrOffOrigin)
							var off *facade.OffOriginError
							require.ErrorAs(t, err, &off)
							assert.Equal(t, origin.URL, off.Origin)
						}
						assertNoToken(t, err, "")
					})
				}
			}
		}
	}
}

// A request built through Raw for another origin is refused before a
// connection is looked for: nothing was sent, and the error says so.
func TestRawRequestToAnotherOriginIsRefused(t *testing.T) {
	t.Parallel()
	var hits atomic.Int64
	other := startServer(t, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }), false)
	c := newClient(t, "https://127.0.0.1:1")
	_, err := c.Raw().GetMe(context.Background(), func(_ context.Context, r *http.Request) error {
		r.URL.Scheme, r.URL.Host = "http", strings.TrimPrefix(other.URL, "http://")
		return nil
	})
	require.ErrorIs(t, err, facade.ErrOffOrigin)
	assert.Zero(t, hits.Load())
}

// brokenServer reads one request and answers with what answer makes of its
// Authorization header, then closes: a server that echoes the credentials
// into bytes net/http cannot parse.
func brokenServer(t *testing.T, answer func(auth string) string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer func() { _ = conn.Close() }()
				tp := textproto.NewReader(bufio.NewReader(conn))
				if _, err := tp.ReadLine(); err != nil {
					return
				}
				h, err := tp.ReadMIMEHeader()
				if err != nil {
					return
				}
				_, _ = conn.Write([]byte(answer(h.Get("Authorization"))))
			}()
		}
	}()
	return "http://" + ln.Addr().String()
}

// Every error reachable from what a call returns, through Unwrap and
// errors.As to the types callers ask for, is free of the token, also when
// the transport's own error quotes it.
func TestErrorChainsAreScrubbed(t *testing.T) {
	t.Parallel()
	answers := map[string]func(auth string) string{
		"malformed header line": func(auth string) string {
			return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + auth + "\r\n\r\n{}"
		},
		"Content-Length": func(auth string) string {
			return "HTTP/1.1 200 OK\r\nContent-Length: " + auth + "\r\n\r\n{}"
		},
		"status line": func(auth string) string { return "HTTP/1.1 2x0 " + auth + "\r\n\r\n" },
	}
	for name, answer := range answers {
		for _, fc := range fuzzCalls {
			if !fc.moneyMoving() && fc.op != "getMe" {
				continue
			}
			t.Run(name+"/"+fc.op, func(t *testing.T) {
				c := newClient(t, brokenServer(t, answer), facade.WithRetry(instantRetries))
				_, err := fc.call(context.Background(), c)
				require.Error(t, err)
				assert.Equal(t, fc.moneyMoving(), errors.Is(err, facade.ErrOutcomeUnknown), "%v", err)
				assertNoToken(t, err, "")
			})
		}
	}
}
