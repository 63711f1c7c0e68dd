package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

// TestBadInputSendsNothing: every malformed command line is a usage error
// (exit 2, a message on stderr that points to the help) before any request.
func TestBadInputSendsNothing(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"frobnicate"},
		{"me", "extra"},
		{"order"},
		{"order", "abc"},
		{"order", "0"},
		{"order", "1", "2"},
		{"orders", "--status", "paid"},
		{"stock", "--product", "mobile"},
		{"quote", "--country", "DE"},
		{"quote", "--product", "dc", "--cycle", "monthly"},
		{"quote", "--product", "premium", "--quantity", "2", "--country", "DE"},
		{"quote", "--product", "unmetered", "--cycle", "monthly", "--quantity", "2"},
		{"quote", "--product", "dc", "--country", "DE", "--cycle", "monthly", "--quantity", "0"},
		{"quote", "--product", "dc", "--country", "DE", "--cycle", "monthly", "--p0f-slots", "-1"},
		{"buy", "--product", "premium", "--quantity", "2", "--p0f-slots", "2", "--yes"},
		{"buy", "--product", "dc", "--country", "DE", "--yes"},
		{"buy", "--product", "dc", "--country", "DE", "--cycle", "monthly", "--yes", "--settle-wait", "-1s"},
		{"buy", "--product", "dc", "--country", "DE", "--cycle", "monthly", "--token", "secret"},
		{"renew", "x", "--yes"},
		{"tag", "1"},
		{"auto-renew", "1", "maybe"},
		{"cycle", "1", " ", "--yes"},
		{"remove-ips", "1"},
		{"remove-ips", "1", "10.0.0.300"},
		{"keep-ips", "1", "not-an-ip"},
		{"sign", "1", "10.0.0.1"},
		{"sign", "1", "10.0.0.1=beos"},
		{"sign", "1", "10.0.0.1=win11", "10.0.0.1=macos"},
		{"slots", "quote", "1"},
		{"slots", "buy", "1", "0", "--yes"},
		{"slots", "downgrade", "1", "-1"},
		{"slots", "cancel"},
		{"slots", "upgrade", "1"},
		{"export", "--format", "xml"},
		{"export", "--country", "DE"},
		{"export", "--order", "first"},
		{"check"},
		{"check", "1", "--concurrency", "0"},
		{"check", "1", "--timeout", "0s"},
		{"check", "1", "--target", "ftp://example.com"},
		{"completion", "tcsh"},
		{"help", "nothing"},
	} {
		t.Run(strings.Join(args, "_"), func(t *testing.T) {
			e := newEnv(t)
			r := e.run(false, "", args...)
			assert.Equal(t, exitUsage, r.code, "stderr: %s", r.stderr)
			assert.Contains(t, r.stderr, "proxyshard help")
			assert.Empty(t, r.stdout)
			assert.Zero(t, e.fake.TotalRequests(), "nothing may be sent for a bad command line")
		})
	}
}

// moneyCommands are the commands that spend money, with a fake ready for them.
var moneyCommands = []struct {
	args  []string
	op    string
	setup func(e *env)
}{
	{[]string{"buy", "--product", "dc", "--country", "DE", "--cycle", "monthly"}, "purchaseOrder", nil},
	{[]string{"renew", "1"}, "renewOrder", func(e *env) { e.buy(dcSpec("DE", 1), ""); e.fake.Advance(32 * 24 * 3600e9) }},
	{[]string{"cycle", "1", "quarterly"}, "changeBillingCycle", func(e *env) { e.buy(dcSpec("DE", 1), "") }},
	{[]string{"slots", "buy", "1", "2"}, "purchaseAddon", func(e *env) { e.buy(dcSpec("DE", 1), "") }},
	{[]string{"add-bandwidth", "1", "2"}, "addBandwidth", func(e *env) { e.buy(facade.ResidentialStandard{Quantity: 1}, "") }},
}

// TestMoneyNeedsConfirmation: without a terminal a money command needs
// --yes and sends nothing; on a terminal, anything but "y" sends nothing.
func TestMoneyNeedsConfirmation(t *testing.T) {
	for _, mc := range moneyCommands {
		t.Run(strings.Join(mc.args, "_"), func(t *testing.T) {
			for _, answer := range []string{"", "n\n", "no\n", "yes please\n"} {
				e := newEnv(t)
				if mc.setup != nil {
					mc.setup(e)
				}
				before := e.fake.TotalRequests()
				r := e.run(false, answer, mc.args...)
				assert.Equal(t, exitUsage, r.code, r.stderr)
				assert.Contains(t, r.stderr, "--yes")
				assert.Equal(t, before, e.fake.TotalRequests(), "nothing is sent without a terminal or --yes")

				r = e.run(true, answer, mc.args...)
				assert.Equal(t, exitFailure, r.code, r.stderr)
				assert.Contains(t, r.stderr, "Proceed? [y/N]")
				assert.Contains(t, r.stderr, "not confirmed; nothing was sent")
				assert.Zero(t, e.fake.Requests(mc.op), "declined with %q", answer)
			}
			e := newEnv(t)
			if mc.setup != nil {
				mc.setup(e)
			}
			r := e.run(true, "y\n", mc.args...)
			assert.Equal(t, exitOK, r.code, r.stderr)
			assert.Equal(t, 1, e.fake.Requests(mc.op), "confirmed")
		})
	}
}

func TestTokenSources(t *testing.T) {
	e := newEnv(t)
	delete(e.vars, "PROXYSHARD_TOKEN")

	r := e.run(false, "", "me")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "PROXYSHARD_TOKEN")
	assert.Zero(t, e.fake.TotalRequests())

	// The default file in the configuration folder.
	path := filepath.Join(e.vars["HOME"], ".config", "proxyshard", "token")
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o700))
	require.NoError(t, os.WriteFile(path, []byte(e.fake.Token+"\n"), 0o600))
	r = e.run(false, "", "me")
	assert.Equal(t, exitOK, r.code, r.stderr)
	assert.Empty(t, r.stderr)

	// --token-file, readable by others: works, with a warning.
	other := filepath.Join(t.TempDir(), "tok")
	require.NoError(t, os.WriteFile(other, []byte(e.fake.Token), 0o644))
	r = e.run(false, "", "me", "--token-file", other)
	assert.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stderr, "chmod 600")

	r = e.run(false, "", "me", "--token-file", filepath.Join(t.TempDir(), "missing"))
	assert.Equal(t, exitUsage, r.code)

	e.vars["PROXYSHARD_TOKEN"] = "wrong-token"
	r = e.run(false, "", "me")
	assert.Equal(t, exitRefused, r.code)
	assert.Contains(t, r.stderr, "token was refused")
	assert.NotContains(t, r.stderr, "wrong-token")
}

func TestExitCodes(t *testing.T) {
	e := newEnv(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closed := "http://" + ln.Addr().String()
	require.NoError(t, ln.Close())

	r := e.run(false, "", "me", "--base-url", closed)
	assert.Equal(t, exitNetwork, r.code)
	assert.Contains(t, r.stderr, "check the network and --base-url")

	r = e.run(false, "", "me", "--base-url", "http://example.com")
	assert.Equal(t, exitUsage, r.code, "plain http to another machine is refused before sending")

	e.fake.InjectFault("getMe", facadetest.Fault{Status: http.StatusServiceUnavailable, Times: 5})
	r = e.run(false, "", "me")
	assert.Equal(t, exitNetwork, r.code)
	assert.Contains(t, r.stderr, "run it again later")
}

func TestExportToFile(t *testing.T) {
	e := newEnv(t)
	twoOrders(e)
	dir := t.TempDir()
	path := filepath.Join(dir, "proxies.txt")
	require.NoError(t, os.WriteFile(path, []byte("old list\n"), 0o644))

	r := e.run(false, "", "export", "-o", path)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Empty(t, r.stdout)
	assert.Contains(t, r.stderr, "wrote 3 proxies to "+path)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	proxies, err := e.client().ActiveProxies(context.Background(), 1)
	require.NoError(t, err)
	assert.Equal(t, proxies[0].IPPortUserPass()+"\n", strings.SplitAfter(string(data), "\n")[0])
	assert.Len(t, strings.Split(strings.TrimSpace(string(data)), "\n"), 3)
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "it holds passwords")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file is left behind")

	r = e.run(false, "", "export", "-o", filepath.Join(dir, "missing", "p.txt"))
	assert.Equal(t, exitFailure, r.code)
	assert.Contains(t, r.stderr, "cannot write")
}

// TestCheck dials every proxy of an order through a proxy started here on
// loopback: two of the order's IPs lead to it, one to a closed port, and
// one to a proxy that refuses the credentials.
func TestCheck(t *testing.T) {
	e := newEnv(t)
	id := e.buy(dcSpec("DE", 4), "")
	proxies, err := e.client().ActiveProxies(context.Background(), id)
	require.NoError(t, err)

	var served atomic.Int64
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		user, pass, ok := proxyAuth(r)
		if !ok || user != proxies[0].Username || pass != proxies[0].Password || r.URL.Host != "api.ipify.org" {
			w.WriteHeader(http.StatusProxyAuthRequired)
			return
		}
		_, _ = w.Write([]byte("203.0.113.7\n"))
	}))
	t.Cleanup(proxy.Close)
	refusing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusProxyAuthRequired)
	}))
	t.Cleanup(refusing.Close)
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closedAddr := closed.Addr().String()
	require.NoError(t, closed.Close())

	var d net.Dialer
	e.dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, _ := net.SplitHostPort(addr)
		switch host {
		case proxies[2].IP:
			return d.DialContext(ctx, network, closedAddr)
		case proxies[3].IP:
			return d.DialContext(ctx, network, refusing.Listener.Addr().String())
		case proxies[0].IP, proxies[1].IP:
			return d.DialContext(ctx, network, proxy.Listener.Addr().String())
		}
		t.Errorf("check dialled %s, which is not one of the order's proxies", addr)
		return nil, net.ErrClosed
	}

	for _, form := range []string{"terminal", "pipe"} {
		t.Run(form, func(t *testing.T) {
			args := []string{"check", "1", "--concurrency", "2", "--timeout", "5s"}
			r := e.run(form == "terminal", "", args...)
			assert.Equal(t, exitFailure, r.code, "one proxy is unreachable")
			golden(t, "check."+form, e.transcript(r, args))
		})
	}
	var ticks atomic.Int64 // a clock that moves 7 ms each time it is read
	e.now = func() time.Time { return epoch.Add(time.Duration(ticks.Add(1)) * 7 * time.Millisecond) }
	r := e.run(false, "", "check", "1", "--json")
	var results []checkJSON
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &results))
	require.Len(t, results, 4)
	for _, res := range results[:2] {
		assert.True(t, res.Reachable)
		assert.Positive(t, res.LatencyMS, "the time from the request to the whole answer")
		assert.Equal(t, "203.0.113.7", res.ExitIP)
	}
	for _, res := range results[2:] {
		assert.False(t, res.Reachable)
		assert.NotEmpty(t, res.Error)
	}
	assert.NotContains(t, r.stdout+r.stderr, proxies[0].Password, "no password in the report")
	assert.Positive(t, served.Load())
}

func proxyAuth(r *http.Request) (string, string, bool) {
	h := r.Header.Get("Proxy-Authorization")
	if h == "" {
		return "", "", false
	}
	req := &http.Request{Header: http.Header{"Authorization": {h}}}
	return req.BasicAuth()
}

// A lone check of the flags the commands share.
func TestGlobalFlagsAnywhere(t *testing.T) {
	e := newEnv(t)
	for _, args := range [][]string{{"--json", "me"}, {"me", "--json"}, {"--base-url", e.fake.URL, "me", "--json"}} {
		r := e.run(true, "", args...)
		require.Equal(t, exitOK, r.code, r.stderr)
		assert.True(t, strings.HasPrefix(r.stdout, "{\n"), "JSON for %v: %s", args, r.stdout)
	}
}

// failingWriter is a stdout that cannot be written, like a full disk.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

func TestOutputThatCannotBeWritten(t *testing.T) {
	e := newEnv(t)
	e.stdout = failingWriter{}
	r := e.run(false, "", "me")
	assert.Equal(t, exitFailure, r.code, "not a network error: the API answered")
	assert.Contains(t, r.stderr, "no space left on device")
}

// TestBuysTakeTurns: while another run holds the account's buy lock, buy
// quotes but sends no purchase; it buys once the lock is free.
func TestBuysTakeTurns(t *testing.T) {
	e := newEnv(t)
	holder := &app{getenv: func(k string) string { return e.vars[k] }, stderr: io.Discard}
	release, err := holder.lockBuys(context.Background(), e.fake.URL, e.fake.Token)
	require.NoError(t, err)

	done := make(chan result, 1)
	go func() {
		done <- e.run(false, "", "buy", "--product", "dc", "--country", "DE", "--cycle", "monthly", "--yes")
	}()
	require.Eventually(t, func() bool { return e.fake.Requests("calculateOrderPrice") == 1 }, 5*time.Second, 10*time.Millisecond)
	time.Sleep(20 * quickLockPoll) // 20 polls, long enough for a purchase to arrive
	assert.Zero(t, e.fake.Requests("purchaseOrder"), "no purchase while another buy holds the lock")
	release()

	r := <-done
	assert.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stderr, "waiting for another \"proxyshard buy\" on this account")
	assert.Equal(t, 1, e.fake.Requests("purchaseOrder"))
}

// A product code the API adds later is listed by its code, not dropped.
func TestStockUnknownCode(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`[{"country":"DE","product":"mobile","amount":3},{"country":"DE","product":"dc","amount":7}]`))
	}))
	t.Cleanup(api.Close)
	e := newEnv(t)
	e.vars["PROXYSHARD_BASE_URL"] = api.URL
	r := e.run(false, "", "stock")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, "mobile\tDE\t3\nDatacenter Proxy\tDE\t7\n", r.stdout)
}
