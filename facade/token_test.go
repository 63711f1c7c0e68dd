package facade_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
	"github.com/proxyshard/proxyshard-go/internal/testutil"
)

// echo answers with the caller's Authorization header inside whatever it
// sends back: the worst a server (or a proxy in front of it) can do.
func echo(status int, contentType, format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, format, r.Header.Get("Authorization"))
	}
}

// No error of any kind, at any depth of its chain, and no log line contains the token.
func TestNoErrorOrLogLineContainsTheToken(t *testing.T) {
	t.Parallel()
	logs := &testutil.SyncBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	opts := []facade.Option{facade.WithLogger(logger)}
	ctx := context.Background()
	dc := facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: 1}

	closedPort := func() string {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		addr := l.Addr().String()
		require.NoError(t, l.Close())
		return "http://" + addr
	}()

	onHandler := func(h http.HandlerFunc, call func(*facade.Client) error) func() error {
		return func() error { return call(newClient(t, serve(t, h).URL, opts...)) }
	}
	me := func(c *facade.Client) error { _, err := c.Me(ctx); return err }
	buy := func(c *facade.Client) error { _, err := c.Purchase(ctx, dc); return err }

	tests := []struct {
		name string
		call func() error
	}{
		{"validation: empty token", func() error { _, err := facade.New(""); return err }},
		{"validation: plain http", func() error {
			_, err := facade.New(testToken, facade.WithBaseURL("http://example.com"))
			return err
		}},
		{"validation: bad input", func() error { return buy(newClient(t, closedPort, opts...)) }},
		{"401 echoing the header", onHandler(echo(401, "application/json", `{"success":false,"message":"token %q is unknown"}`), me)},
		{"403 echoing the header", onHandler(echo(403, "application/json", `{"success":false,"message":"%s may not"}`), me)},
		{"404 echoing the header", onHandler(echo(404, "application/json", `{"success":false,"message":"%s"}`), me)},
		{"400 echoing the header", onHandler(echo(400, "application/json", `{"success":false,"message":"bad: %s"}`), buy)},
		{"429 echoing the header", onHandler(echo(429, "application/json", `{"success":false,"message":"%s"}`), me)},
		{"500 HTML page echoing the header", onHandler(echo(500, "text/html", `<html><pre>%s</pre></html>`), me)},
		{"502 on a purchase echoing the header", onHandler(echo(502, "text/plain", `upstream said %s`), buy)},
		{"HTML page with 200 echoing the header", onHandler(echo(200, "text/html", `<p>%s</p>`), me)},
		{"malformed JSON echoing the header", onHandler(echo(200, "application/json", `{"email":"%s`), me)},
		{"success=false echoing the header", onHandler(echo(200, "application/json", `{"success":false,"message":"%s"}`), buy)},
		{"redirect to a URL with the token", onHandler(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/login?token="+strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "), http.StatusFound)
		}, me)},
		{"next link with the token", onHandler(func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, `{"success":true,"orders":[{"order_id":1,"product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c"}],"next":"/user/api/orders?t=`+testToken+`"}`)
		}, func(c *facade.Client) error {
			for _, err := range c.Orders(ctx, facade.StatusAll) {
				if err != nil {
					return err
				}
			}
			return nil
		})},
		{"connection refused", func() error { return me(newClient(t, closedPort, opts...)) }},
		{"connection cut", onHandler(func(w http.ResponseWriter, r *http.Request) { hijackClose(w) }, me)},
		{"outcome unknown", func() error {
			s := facadetest.NewServer(facadetest.WithT(t), facadetest.WithToken(testToken))
			s.InjectFault("purchaseOrder", facadetest.Fault{DropAfterApply: true})
			return buy(newClient(t, s.URL, opts...))
		}},
		{"attempt timeout", func() error {
			s := facadetest.NewServer(facadetest.WithT(t), facadetest.WithToken(testToken))
			s.InjectFault("getMe", facadetest.Fault{Delay: time.Second, Times: 5})
			return me(newClient(t, s.URL, append(opts, facade.WithAttemptTimeout(20*time.Millisecond))...))
		}},
		{"context cancelled during a wait", func() error {
			s := facadetest.NewServer(facadetest.WithT(t), facadetest.WithToken(testToken))
			s.InjectFault("getMe", facadetest.Fault{Status: 503, RetryAfter: 5 * time.Second})
			cctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
			defer cancel()
			_, err := newClient(t, s.URL, opts...).Me(cctx)
			return err
		}},
		{"wrong token at the fake", func() error {
			s := facadetest.NewServer(facadetest.WithT(t))
			return me(newClient(t, s.URL, opts...))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			require.Error(t, err)
			for e := err; e != nil; e = errors.Unwrap(e) {
				assert.NotContains(t, e.Error(), testToken, "%T in the chain", e)
			}
			for _, form := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
				assert.NotContains(t, fmt.Sprintf(form, err), testToken, form)
			}
			var apiErr *facade.APIError
			if errors.As(err, &apiErr) {
				assert.NotContains(t, apiErr.Message, testToken)
				assert.NotContains(t, apiErr.Body, testToken)
			}
		})
	}
	assert.NotEmpty(t, logs.String())
	assert.NotContains(t, logs.String(), testToken)
}
