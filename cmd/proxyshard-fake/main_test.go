package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/api"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
	"github.com/proxyshard/proxyshard-go/gen"
	"github.com/proxyshard/proxyshard-go/internal/testutil"
)

// listening finds the base URL in the listening line, text or JSON.
var listening = regexp.MustCompile(`msg"?[=:]"?listening"?[, ]"?url"?[=:]"?(https?://[^\s"]+)`)

func client(t *testing.T, base, token string, rt http.RoundTripper) *gen.ClientWithResponses {
	t.Helper()
	c, err := gen.NewClientWithResponses(base, gen.WithHTTPClient(&http.Client{Transport: rt}),
		gen.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
			r.Header.Set("Authorization", "Bearer "+token)
			return nil
		}))
	require.NoError(t, err)
	return c
}

func TestRunServesTheFakeUntilCancelled(t *testing.T) {
	const token = "ci-secret-token"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &testutil.SyncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-token", token, "-balance", "5000", "-proxy-http-port", "0", "-proxy-socks-port", "0"}, out)
	}()

	var base string
	require.Eventually(t, func() bool {
		if m := listening.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
		return base != ""
	}, 5*time.Second, 10*time.Millisecond, "no listening line: %s", out.String())
	ctx2 := context.Background()

	// A valid Datacenter purchase: 200 PurchaseResponse, checked by the
	// validating transport in fail mode.
	strict := client(t, base, token, api.ValidatingTransport(nil))
	var body gen.PurchaseOrderJSONRequestBody
	qty := 2
	require.NoError(t, body.FromPurchaseRequestDcIsp(gen.PurchaseRequestDcIsp{Product: gen.DcIspProductDatacenter, Location: "DE", Cycle: "monthly", Quantity: &qty}))
	bought, err := strict.PurchaseOrderWithResponse(ctx2, body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, bought.StatusCode(), string(bought.Body))
	assert.Equal(t, gen.PurchaseResponse{Success: true, Message: "Order paid successfully", OrderID: bought.JSON200.OrderID}, *bought.JSON200)
	assert.Positive(t, bought.JSON200.OrderID)
	me, err := strict.GetMeWithResponse(ctx2)
	require.NoError(t, err)
	assert.Equal(t, 5000-2*150, me.JSON200.WalletBalance)

	// An invalid one (no location): 400 ApiError.
	rec := &api.Recorder{}
	loose := client(t, base, token, api.ValidatingTransport(nil, api.WithRecorder(rec)))
	bad, err := loose.PurchaseOrderWithBodyWithResponse(ctx2, "application/json", strings.NewReader(`{"product":"Datacenter Proxy","cycle":"monthly"}`))
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, bad.StatusCode())
	require.NotNil(t, bad.JSON400)
	assert.False(t, bad.JSON400.Success)
	assert.NotEmpty(t, bad.JSON400.Message)
	assert.Len(t, rec.Violations(), 1, "only the request broke the spec")

	wrong, err := client(t, base, "not-the-token", api.ValidatingTransport(nil)).GetMeWithResponse(ctx2)
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, wrong.StatusCode())

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after its context ended")
	}

	logs := out.String()
	assert.Regexp(t, `method=POST path=/user/api/orders/purchase operation=purchaseOrder status=200 duration=\S+`, logs)
	assert.Regexp(t, `method=POST path=/user/api/orders/purchase operation=purchaseOrder status=400 duration=\S+ reason="body.location: `, logs)
	assert.Regexp(t, `method=GET path=/user/api/me operation=getMe status=401 duration=\S+ reason=Unauthorized`, logs)
	assert.Contains(t, logs, "msg=stopped")
	assert.NotContains(t, logs, token)
	assert.Equal(t, 4, strings.Count(logs, "msg=request"), "one line per request: %s", logs)

	_, err = http.Get(base + "/user/api/me")
	assert.Error(t, err, "the server is down after run returns")
}

func TestRunRejectsBadFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"-port", "1"}, "flag provided but not defined"},
		{"empty token", []string{"-token", ""}, "-token"},
		{"negative balance", []string{"-balance", "-1"}, "-balance"},
		{"stray argument", []string{"serve"}, "unexpected arguments"},
		{"bad address", []string{"-addr", "127.0.0.1:notaport"}, "notaport"},
		{"account without balance", []string{"-account", "t2"}, "TOKEN:BALANCE"},
		{"account with a bad balance", []string{"-account", "t2:ten"}, "cents"},
		{"negative account balance", []string{"-account", "t2:-1"}, "negative"},
		{"the same token twice", []string{"-token", "a", "-account", "a:1"}, "same token"},
		{"token with a space", []string{"-account", "a b:1"}, "printable"},
		{"missing config", []string{"-config", "/nonexistent/fake.json"}, "-config"},
		{"unknown log format", []string{"-log-format", "xml"}, "text or json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(context.Background(), tt.args, &testutil.SyncBuffer{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// start runs the fake with args until the test ends and returns its base
// URL and its output.
func start(t *testing.T, args ...string) (base string, out *testutil.SyncBuffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out = &testutil.SyncBuffer{}
	done := make(chan error, 1)
	// Proxy ports 0: parallel test runs on one machine never collide.
	go func() {
		done <- run(ctx, append([]string{"-addr", "127.0.0.1:0", "-proxy-http-port", "0", "-proxy-socks-port", "0"}, args...), out)
	}()
	stopped := false
	stop = func() error {
		cancel()
		if stopped {
			return nil
		}
		stopped = true
		select {
		case err := <-done:
			return err
		case <-time.After(20 * time.Second):
			t.Fatal("run did not return after its context ended")
			return nil
		}
	}
	t.Cleanup(func() { _ = stop() })
	require.Eventually(t, func() bool {
		if m := listening.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
		return base != ""
	}, 5*time.Second, 10*time.Millisecond, "no listening line: %s", out.String())
	return base, out, stop
}

// With -tls the fake serves HTTPS with HTTP/2 and writes the authority
// that signed its certificate to -ca-file; a client that trusts that file
// (and nothing else) talks to it.
func TestTLSWithHTTP2AndTheCAFile(t *testing.T) {
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	base, _, _ := start(t, "-tls", "-ca-file", caFile)
	require.True(t, strings.HasPrefix(base, "https://127.0.0.1:"), base)

	caPEM, err := os.ReadFile(caFile)
	require.NoError(t, err)
	roots := x509.NewCertPool()
	require.True(t, roots.AppendCertsFromPEM(caPEM))
	transport := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}, ForceAttemptHTTP2: true}
	defer transport.CloseIdleConnections()
	for _, host := range []string{base, strings.Replace(base, "127.0.0.1", "localhost", 1)} {
		me, err := client(t, host, facadetest.DefaultToken, transport).GetMeWithResponse(context.Background())
		require.NoError(t, err)
		assert.Equal(t, http.StatusOK, me.StatusCode())
		assert.Equal(t, 2, me.HTTPResponse.ProtoMajor, "HTTP/2")
	}

	_, err = http.Get(base + "/user/api/me")
	assert.Error(t, err, "the system roots do not trust the fake")
}

// A client that stalls mid-body cannot keep the server from stopping:
// run returns within -shutdown-grace (plus scheduling slack), without error.
func TestShutdownWithinItsGraceDespiteAStalledClient(t *testing.T) {
	t.Parallel() // it waits for the grace
	base, out, stop := start(t, "-shutdown-grace", "100ms")
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	_, err = fmt.Fprintf(conn, "POST /user/api/orders/purchase HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"+
		"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"product\":", facadetest.DefaultToken)
	require.NoError(t, err)
	time.Sleep(50 * time.Millisecond) // the request is being read

	// A call held by a delay fault of an hour does not hold the shutdown.
	resp, err := http.Post(base+"/_fake/faults", "application/json", strings.NewReader(`{"operation":"getMe","delay":"1h"}`))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	delayed := make(chan error, 1)
	go func() {
		_, err := client(t, base, facadetest.DefaultToken, &http.Transport{}).GetMeWithResponse(context.Background())
		delayed <- err
	}()
	time.Sleep(50 * time.Millisecond) // the call is being held

	begin := time.Now()
	require.NoError(t, stop())
	assert.Less(t, time.Since(begin), 3*time.Second)
	assert.Contains(t, out.String(), "msg=stopped")
	assert.Error(t, <-delayed, "the held call ends without an answer")
}

func TestTLSFlagsGoTogether(t *testing.T) {
	for _, args := range [][]string{{"-tls"}, {"-ca-file", "x.pem"}} {
		err := run(context.Background(), args, &testutil.SyncBuffer{})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "-ca-file")
	}
}

// Several accounts from flags and a config file; -quiet leaves only the
// lifecycle lines; -log-format json makes every line a JSON object; the
// control API answers under /_fake/ on the same address.
func TestAccountsQuietJSONAndControl(t *testing.T) {
	config := filepath.Join(t.TempDir(), "fake.json")
	require.NoError(t, os.WriteFile(config, []byte(`{"accounts":[{"token":"from-file","email":"f@example.com","balance":700,"granted_cycles":["yearly"]}]}`), 0o600))
	base, out, stop := start(t, "-quiet", "-log-format", "json", "-token", "first", "-balance", "100",
		"-account", "second:200:s@example.com", "-config", config)

	for token, want := range map[string]int{"first": 100, "second": 200, "from-file": 700} {
		me, err := client(t, base, token, api.ValidatingTransport(nil)).GetMeWithResponse(context.Background())
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, me.StatusCode(), token)
		assert.Equal(t, want, me.JSON200.WalletBalance, token)
	}
	resp, err := http.Get(base + "/_fake/state")
	require.NoError(t, err)
	var state struct {
		Accounts []struct {
			Token         string   `json:"token"`
			GrantedCycles []string `json:"granted_cycles"`
		} `json:"accounts"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&state))
	resp.Body.Close()
	require.Len(t, state.Accounts, 3)
	for _, a := range state.Accounts {
		if a.Token == "from-file" {
			assert.Equal(t, []string{"yearly"}, a.GrantedCycles)
		} else {
			assert.Empty(t, a.GrantedCycles, a.Token)
		}
	}

	require.NoError(t, stop())
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 2, "quiet: listening and stopped only: %s", out.String())
	for i, want := range []string{"listening", "stopped"} {
		var line map[string]any
		require.NoError(t, json.Unmarshal([]byte(lines[i]), &line), lines[i])
		assert.Equal(t, want, line["msg"])
	}
}

func TestNoControl(t *testing.T) {
	base, _, _ := start(t, "-no-control")
	resp, err := http.Get(base + "/_fake/ready")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}
