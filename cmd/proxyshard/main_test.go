package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ with the current output")

// epoch is the fake's clock, so that dates in the golden files stay put.
var epoch = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

// env is one fake ProxyShard and the environment a command runs in.
type env struct {
	t    *testing.T
	fake *facadetest.Server
	vars map[string]string
	dial func(ctx context.Context, network, addr string) (net.Conn, error)
	now  func() time.Time // nil: the clock stands still
	// stdout replaces the buffer that collects stdout, to make it fail.
	stdout io.Writer
}

// envs numbers the fakes' tokens. The facade keeps its purchases per
// origin and token, and a fake may get the port an earlier test's fake had:
// with a token of its own, no fake's account inherits another's purchases,
// which Settle (a buy whose answer was lost) would count as known.
var envs atomic.Int64

func newEnv(t *testing.T) *env {
	t.Helper()
	token := fmt.Sprintf("cli-test-token-%d", envs.Add(1))
	fake := facadetest.NewServer(facadetest.WithT(t), facadetest.WithClock(epoch), facadetest.WithToken(token))
	return &env{t: t, fake: fake, vars: map[string]string{
		"PROXYSHARD_TOKEN":    fake.Token,
		"PROXYSHARD_BASE_URL": fake.URL,
		"HOME":                t.TempDir(),
	}}
}

// client is a facade client of the fake, to set up state for a command.
func (e *env) client() *facade.Client {
	e.t.Helper()
	c, err := facade.New(e.fake.Token, facade.WithBaseURL(e.fake.URL))
	require.NoError(e.t, err)
	return c
}

// buy creates an order directly, for the commands that need one.
func (e *env) buy(spec facade.PurchaseSpec, tag string) int {
	e.t.Helper()
	c := e.client()
	res, err := c.Purchase(context.Background(), spec)
	require.NoError(e.t, err)
	if tag != "" {
		require.NoError(e.t, c.SetTag(context.Background(), res.OrderID, tag))
	}
	return res.OrderID
}

// quickRetry keeps the default number of attempts and waits a millisecond
// between them: what a command does once its retries are spent is the same,
// without the default backoff's second of waiting.
var quickRetry = facade.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}

// quickLockPoll is how often a buy waiting for another tries the lock again.
const quickLockPoll = 5 * time.Millisecond

type result struct {
	stdout, stderr string
	code           int
}

// run runs one command line; tty makes both stdin and stdout terminals.
func (e *env) run(tty bool, stdin string, args ...string) result {
	var out, errOut bytes.Buffer
	a := &app{
		stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut,
		getenv: func(k string) string { return e.vars[k] },
		outTTY: tty, inTTY: tty, dial: e.dial,
		now: e.now, retry: quickRetry, lockPoll: quickLockPoll,
	}
	if a.now == nil {
		a.now = func() time.Time { return epoch } // every latency is 0 ms
	}
	if e.stdout != nil {
		a.stdout = e.stdout
	}
	if a.dial == nil {
		var d net.Dialer
		a.dial = d.DialContext
	}
	code := a.run(context.Background(), args)
	return result{stdout: out.String(), stderr: errOut.String(), code: code}
}

var rfc3339 = regexp.MustCompile(`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z`)

// transcript is what a golden file holds: the command, its stdout, its
// stderr and its exit code. The fake's address and the wall-clock times
// in messages change from run to run and are replaced, and so are the
// random residential gateway passwords.
func (e *env) transcript(r result, args []string) string {
	stable := strings.NewReplacer(append([]string{e.fake.URL, "http://FAKE"}, e.residentialPasswords()...)...)
	norm := stable.Replace
	var b strings.Builder
	fmt.Fprintf(&b, "$ proxyshard %s\n%s", strings.Join(args, " "), norm(r.stdout))
	if r.stderr != "" {
		fmt.Fprintf(&b, "[stderr]\n%s", rfc3339.ReplaceAllString(norm(r.stderr), "TIME"))
	}
	fmt.Fprintf(&b, "[exit %d]\n", r.code)
	return b.String()
}

// golden compares got with testdata/name, or writes it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./cmd/proxyshard -update to write the golden files")
	assert.Equal(t, string(want), got, "output differs from %s (go test ./cmd/proxyshard -update rewrites it)", path)
}

func dcSpec(country string, qty int) facade.Datacenter {
	return facade.Datacenter{Location: country, Cycle: "monthly", Quantity: qty}
}

// goldenCase is one command line, run on a terminal and in a pipe, each
// on a fresh fake prepared by setup.
type goldenCase struct {
	name  string
	args  []string
	stdin string // what a person types on the terminal
	setup func(e *env)
	code  int // the exit code expected in both forms
	check func(t *testing.T, e *env, r result)
}

func twoOrders(e *env) {
	e.buy(dcSpec("DE", 2), "scraper")
	e.buy(facade.ISP{Location: "US", Cycle: "monthly", Quantity: 1}, "")
}

func withSlots(e *env) {
	id := e.buy(dcSpec("DE", 2), "")
	_, err := e.client().BuyAddon(context.Background(), id, facade.AddonP0FSlots, 3)
	require.NoError(e.t, err)
}

var goldenCases = []goldenCase{
	{name: "help", args: []string{"help"}},
	{name: "help-buy", args: []string{"buy", "--help"}},
	{name: "me", args: []string{"me"}},
	{name: "me-json", args: []string{"me", "--json"}},
	{name: "products", args: []string{"products"}},
	{name: "stock", args: []string{"stock", "--product", "isp"}},
	{name: "stock-json", args: []string{"stock", "--country", "NL", "--json"}},
	{name: "quote", args: []string{"quote", "--product", "dc", "--country", "de", "--cycle", "monthly", "--quantity", "10", "--promo", "SAVE10"}},
	{name: "quote-premium", args: []string{"quote", "--product", "premium", "--quantity", "5", "--json"}},
	{name: "orders", args: []string{"orders"}, setup: twoOrders},
	{name: "orders-empty", args: []string{"orders", "--status", "on-hold"}, setup: twoOrders},
	{name: "orders-json", args: []string{"--json", "orders", "--status", "active"}, setup: twoOrders},
	{name: "order", args: []string{"order", "1"}, setup: withSlots},
	{name: "order-json", args: []string{"order", "1", "--json"}, setup: withSlots},
	{name: "proxies", args: []string{"proxies", "1"}, setup: twoOrders},
	{name: "proxies-signed", args: []string{"proxies", "1"}, setup: func(e *env) {
		withSlots(e)
		_, err := e.client().SetSignatures(context.Background(), 1, map[netip.Addr]facade.OS{netip.MustParseAddr("10.0.0.2"): facade.OSWin11})
		require.NoError(e.t, err)
	}},
	{name: "quote-slots", args: []string{"quote", "--product", "dc", "--country", "DE", "--cycle", "monthly", "--quantity", "2", "--p0f-slots", "2"}},
	{name: "buy-slots", args: []string{"buy", "--product", "isp", "--country", "US", "--cycle", "monthly", "--p0f-slots", "1", "--promo", "SAVE10", "--yes"},
		check: func(t *testing.T, e *env, _ result) {
			orders := e.fake.Orders(e.fake.Token)
			require.Len(t, orders, 1)
			assert.Equal(t, 1, orders[0].P0FSlots)
		}},
	{name: "export", args: []string{"export"}, setup: twoOrders},
	{name: "export-userpass", args: []string{"export", "--format", "user:pass@ip:port"}, setup: twoOrders},
	{name: "export-http-tag", args: []string{"export", "--tag", "scraper", "--format", "http"}, setup: twoOrders},
	{name: "export-socks5-product", args: []string{"export", "--product", "isp", "--format", "socks5"}, setup: twoOrders},
	{name: "export-csv-order", args: []string{"export", "--order", "2", "--format", "csv"}, setup: twoOrders},
	{name: "export-json", args: []string{"export", "--format", "json"}, setup: twoOrders},
	{name: "export-country", args: []string{"export", "--country", "DE"}, setup: twoOrders, code: exitUsage,
		check: func(t *testing.T, e *env, _ result) {
			assert.Zero(t, e.fake.Requests("listActiveProxies")+e.fake.Requests("listOrders"), "refused before any request")
		}},
	{name: "buy", args: []string{"buy", "--product", "dc", "--country", "DE", "--cycle", "monthly", "--quantity", "3", "--yes"},
		check: func(t *testing.T, e *env, _ result) { assert.Len(t, e.fake.Orders(e.fake.Token), 1) }},
	{name: "buy-confirmed", args: []string{"buy", "--product", "unmetered", "--cycle", "monthly"}, stdin: "y\n",
		check: func(t *testing.T, e *env, r result) {
			if strings.Contains(r.stderr, "Proceed?") {
				assert.Len(t, e.fake.Orders(e.fake.Token), 1)
			}
		}},
	{name: "buy-lost-answer", args: []string{"buy", "--product", "dc", "--country", "DE", "--cycle", "monthly", "--yes", "--settle-wait", "0s"},
		setup: func(e *env) { e.fake.InjectFault("purchaseOrder", facadetest.Fault{DropAfterApply: true}) },
		check: func(t *testing.T, e *env, _ result) {
			assert.Equal(t, 1, e.fake.Requests("purchaseOrder"), "never resent")
			assert.Len(t, e.fake.Orders(e.fake.Token), 1)
		}},
	{name: "buy-not-bought", args: []string{"buy", "--product", "dc", "--country", "DE", "--cycle", "monthly", "--yes", "--settle-wait", "0s"},
		setup: func(e *env) { e.fake.InjectFault("purchaseOrder", facadetest.Fault{DropBeforeApply: true}) }, code: exitNetwork,
		check: func(t *testing.T, e *env, _ result) {
			assert.Equal(t, 1, e.fake.Requests("purchaseOrder"))
			assert.Empty(t, e.fake.Orders(e.fake.Token))
		}},
	{name: "buy-unsettled", args: []string{"buy", "--product", "dc", "--country", "DE", "--cycle", "monthly", "--yes", "--settle-wait", "0s"},
		setup: func(e *env) {
			e.fake.InjectFault("purchaseOrder", facadetest.Fault{DropAfterApply: true})
			e.fake.InjectFault("getOrder", facadetest.Fault{Status: 503, Times: 10})
		}, code: exitUnknown,
		check: func(t *testing.T, e *env, _ result) { assert.Equal(t, 1, e.fake.Requests("purchaseOrder")) }},
	{name: "buy-refused", args: []string{"buy", "--product", "dc", "--country", "DE", "--cycle", "monthly", "--quantity", "1000", "--yes"},
		setup: func(e *env) { e.fake.SetBalance(e.fake.Token, 100) }, code: exitRefused},
	{name: "renew", args: []string{"renew", "1", "--yes"},
		setup: func(e *env) { e.buy(dcSpec("DE", 1), ""); e.fake.Advance(32 * 24 * time.Hour) }},
	{name: "tag", args: []string{"tag", "1", "eu-pool"}, setup: twoOrders,
		check: func(t *testing.T, e *env, _ result) {
			o, _ := e.fake.Order(1)
			assert.Equal(t, "eu-pool", o.Tag)
		}},
	{name: "auto-renew", args: []string{"auto-renew", "1", "on"}, setup: twoOrders},
	{name: "cycle", args: []string{"cycle", "1", "quarterly", "--yes"}, setup: twoOrders},
	{name: "remove-ips", args: []string{"remove-ips", "1", "10.0.0.2"}, setup: twoOrders},
	{name: "keep-ips", args: []string{"keep-ips", "1", "10.0.0.2"}, setup: twoOrders},
	{name: "sign", args: []string{"sign", "1", "10.0.0.1=win11", "10.0.0.2=macos"}, setup: withSlots},
	{name: "slots-quote", args: []string{"slots", "quote", "1", "5"}, setup: twoOrders},
	{name: "slots-buy", args: []string{"slots", "buy", "1", "5", "--yes"}, setup: twoOrders},
	{name: "slots-downgrade", args: []string{"slots", "downgrade", "1", "1"}, setup: withSlots},
	{name: "slots-cancel", args: []string{"slots", "cancel", "1"}, setup: func(e *env) {
		withSlots(e)
		_, err := e.client().ScheduleAddonDowngrade(context.Background(), 1, facade.AddonP0FSlots, 1)
		require.NoError(e.t, err)
	}},
	{name: "completion-bash", args: []string{"completion", "bash"}},
	{name: "completion-fish", args: []string{"completion", "fish"}},
	{name: "not-found", args: []string{"order", "99"}, code: exitRefused},
}

// TestGolden runs every command against the fake, on a terminal and in a
// pipe, and compares stdout, stderr and the exit code with testdata/. Each
// run has a fake and a home of its own, so they run in parallel.
func TestGolden(t *testing.T) {
	for _, tc := range goldenCases {
		for _, form := range []string{"terminal", "pipe"} {
			t.Run(tc.name+"/"+form, func(t *testing.T) {
				t.Parallel()
				e := newEnv(t)
				if tc.setup != nil {
					tc.setup(e)
				}
				tty := form == "terminal"
				args := tc.args
				if !tty && tc.stdin != "" {
					args = append(append([]string{}, args...), "--yes")
				}
				r := e.run(tty, tc.stdin, args...)
				assert.Equal(t, tc.code, r.code, "exit code; stderr: %s", r.stderr)
				golden(t, tc.name+"."+form, e.transcript(r, args))
				if tc.check != nil {
					tc.check(t, e, r)
				}
			})
		}
	}
}
