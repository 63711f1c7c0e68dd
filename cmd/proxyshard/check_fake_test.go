package main

import (
	"encoding/json"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

// TestCheckFakeProxies checks proxies that really work, the way
// cmd/proxyshard-fake serves them: the fake sells loopback IPs, each is
// served here by a proxy that asks the fake whether the credentials belong
// to an active order, and answers the target with the IP it was reached on
// (the exit IP). check dials them with the real dialer.
func TestCheckFakeProxies(t *testing.T) {
	first := netip.MustParseAddr("127.77.0.1")
	probe, err := net.Listen("tcp", first.String()+":0")
	require.NoError(t, err)
	port := probe.Addr().(*net.TCPAddr).Port
	require.NoError(t, probe.Close())

	var fake *facadetest.Server
	serveProxy := func(ip string) {
		ln, err := net.Listen("tcp", net.JoinHostPort(ip, strconv.Itoa(port)))
		if err != nil {
			t.Errorf("serve proxy %s: %v", ip, err)
			return
		}
		srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			user, pass, ok := proxyAuth(r)
			if !ok || !fake.ProxyAuth(ip, user, pass) {
				w.WriteHeader(http.StatusProxyAuthRequired)
				return
			}
			_, _ = w.Write([]byte(ip + "\n"))
		})}
		go func() { _ = srv.Serve(ln) }()
		t.Cleanup(func() { _ = srv.Close() })
	}
	fake = facadetest.NewServer(facadetest.WithT(t), facadetest.WithClock(epoch),
		facadetest.WithProxyNetwork(first, port, port+1, serveProxy))
	e := &env{t: t, fake: fake, vars: map[string]string{
		"PROXYSHARD_TOKEN": fake.Token, "PROXYSHARD_BASE_URL": fake.URL, "HOME": t.TempDir(),
	}}
	id := e.buy(dcSpec("DE", 3), "")

	r := e.run(false, "", "check", strconv.Itoa(id), "--json", "--timeout", "5s")
	require.Equal(t, exitOK, r.code, r.stderr)
	var results []checkJSON
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &results))
	require.Len(t, results, 3)
	for i, res := range results {
		want := netip.AddrFrom4([4]byte{127, 77, 0, byte(1 + i)}).String()
		assert.Equal(t, want, res.IP)
		assert.True(t, res.Reachable, res.Error)
		assert.Equal(t, want, res.ExitIP, "each proxy exits through its own IP")
	}

}
