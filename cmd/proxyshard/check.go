package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/proxyshard/proxyshard-go/facade"
)

type checkJSON struct {
	IP        string `json:"ip"`
	Port      int    `json:"port"`
	Reachable bool   `json:"reachable"`
	LatencyMS int64  `json:"latency_ms"`
	ExitIP    string `json:"exit_ip"`
	Error     string `json:"error,omitempty"`
}

// maxExitIPBody bounds what is read of the target's answer: an IP address.
const maxExitIPBody = 256

func checkCommand() *command {
	return &command{
		name: "check", args: "ORDER", summary: "dial each proxy of an order: reachable, latency, exit IP",
		detail: `Each proxy's HTTP port is asked for the --target URL, which must answer with
the caller's IP address as text (api.ipify.org does). The exit IP is what it
answered; latency is the time to the whole answer. It exits 1 if any proxy
could not be reached.`,
		examples: []string{
			"proxyshard check 12",
			"proxyshard check 12 --concurrency 32 --timeout 5s --json",
		},
		setup: setupCheck,
	}
}

func setupCheck(cmd *command, fs *flag.FlagSet) runner {
	concurrency := fs.Int("concurrency", 8, "how many proxies are dialled at once (1-256)")
	timeout := fs.Duration("timeout", 10*time.Second, "how long one proxy may take")
	target := fs.String("target", "http://api.ipify.org/", "a URL that answers with the caller's IP address")
	return func(ctx context.Context, a *app, args []string) error {
		if err := wantArgs(cmd, args, 1); err != nil {
			return err
		}
		id, err := orderID(cmd, args[0])
		if err != nil {
			return err
		}
		switch {
		case *concurrency < 1 || *concurrency > 256:
			return usageFor(cmd, "--concurrency must be between 1 and 256, got %d", *concurrency)
		case *timeout <= 0:
			return usageFor(cmd, "--timeout must be positive")
		}
		u, err := url.Parse(*target)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usageFor(cmd, "--target %q must be an http or https URL", *target)
		}
		c, err := a.client()
		if err != nil {
			return err
		}
		proxies, err := c.ActiveProxies(ctx, id)
		if err != nil {
			return err
		}
		results := a.checkAll(ctx, proxies, *concurrency, *timeout, u.String())
		rows := make([][]cell, 0, len(results))
		failed := 0
		for _, r := range results {
			if !r.Reachable {
				failed++
			}
			latency := cell{"-", "0"}
			if r.Reachable {
				latency = cell{fmt.Sprintf("%d ms", r.LatencyMS), fmt.Sprint(r.LatencyMS)}
			}
			rows = append(rows, []cell{text(r.IP), number(r.Port), yesNo(r.Reachable), latency, text(r.ExitIP), text(r.Error)})
		}
		if err := a.printList([]string{"ip", "port", "reachable", "latency", "exit_ip", "error"}, rows, nonNil(results)); err != nil {
			return err
		}
		if failed > 0 {
			return &exitError{code: exitFailure, msg: fmt.Sprintf("proxyshard: %d of %d proxies could not be reached", failed, len(results))}
		}
		return nil
	}
}

// checkAll dials every proxy, at most concurrency at a time; the results
// are in the order of proxies.
func (a *app) checkAll(ctx context.Context, proxies []facade.Proxy, concurrency int, timeout time.Duration, target string) []checkJSON {
	results := make([]checkJSON, len(proxies))
	sem := make(chan struct{}, concurrency)
	var wg sync.WaitGroup
	for i, p := range proxies {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i] = a.checkOne(ctx, p, timeout, target)
		})
	}
	wg.Wait()
	return results
}

func (a *app) checkOne(ctx context.Context, p facade.Proxy, timeout time.Duration, target string) checkJSON {
	r := checkJSON{IP: p.IP, Port: p.HTTPPort}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// A transport per proxy: nothing is shared or kept between proxies.
	tr := &http.Transport{Proxy: http.ProxyURL(p.HTTPURL()), DialContext: a.dial, DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		r.Error = err.Error()
		return r
	}
	start := a.now()
	resp, err := hc.Do(req)
	if err != nil {
		r.Error = scrub(err, p)
		return r
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxExitIPBody+1))
	elapsed := a.now().Sub(start)
	switch {
	case err != nil:
		r.Error = scrub(err, p)
	case resp.StatusCode == http.StatusProxyAuthRequired:
		r.Error = "the proxy refused its credentials (407)"
	case resp.StatusCode != http.StatusOK:
		r.Error = fmt.Sprintf("the target answered %d through the proxy", resp.StatusCode)
	default:
		r.Reachable = true
		r.LatencyMS = elapsed.Milliseconds()
		if ip, perr := netip.ParseAddr(strings.TrimSpace(string(body))); perr == nil && len(body) <= maxExitIPBody {
			r.ExitIP = ip.String()
		} else {
			r.Error = "the target's answer is not an IP address"
		}
	}
	return r
}

// scrub keeps the proxy's password out of an error: net/http quotes the
// proxy URL, credentials included, in some of its errors.
func scrub(err error, p facade.Proxy) string {
	msg := err.Error()
	var op *net.OpError
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		msg = "timed out"
	case errors.As(err, &op) && (op.Op == "dial" || op.Op == "proxyconnect"):
		// The innermost cause ("connect: connection refused"), without
		// the address the dialler happened to use.
		cause := op.Err
		for next := (*net.OpError)(nil); errors.As(cause, &next); {
			cause = next.Err
		}
		msg = "cannot reach the proxy: " + cause.Error()
	}
	if p.Password != "" {
		msg = strings.ReplaceAll(msg, p.Password, "***")
		msg = strings.ReplaceAll(msg, url.QueryEscape(p.Password), "***")
	}
	return msg
}
