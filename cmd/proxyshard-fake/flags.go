package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"net/url"
	"time"

	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

// options are the command line's settings, checked.
type options struct {
	addr       string
	accounts   []accountSeed
	quiet      bool
	logFormat  string
	tls        bool
	caFile     string
	grace      time.Duration
	noControl  bool
	configFile string

	// Proxies that work: each sold IP is served on loopback.
	noProxies           bool
	proxyFirst          netip.Addr
	proxyHTTPPort       int
	proxySocksPort      int
	proxyAnyDestination bool

	// Validating proxy mode.
	upstream         *url.URL
	failOnViolations bool
}

func parseFlags(args []string, out io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("proxyshard-fake", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8089", "address to listen on (port 0: any free port, printed in the listening line)")
	token := fs.String("token", facadetest.DefaultToken, "the bearer token of the first account")
	balance := fs.Int64("balance", facadetest.DefaultBalance, "the first account's starting wallet balance in cents")
	var extra accountFlags
	fs.Var(&extra, "account", "another account as TOKEN:BALANCE_CENTS[:EMAIL] (repeatable)")
	fs.StringVar(&o.configFile, "config", "", `a JSON file of accounts: {"accounts":[{"token":..,"email":..,"balance":..,"granted_cycles":[..]}]}`)
	fs.BoolVar(&o.quiet, "quiet", false, "no line per request (the listening and stopped lines remain)")
	fs.StringVar(&o.logFormat, "log-format", "text", "text or json")
	fs.BoolVar(&o.tls, "tls", false, "serve HTTPS with HTTP/2 on a self-signed certificate (see -ca-file)")
	fs.StringVar(&o.caFile, "ca-file", "", "with -tls: write the certificate authority clients must trust to this file (PEM)")
	fs.DurationVar(&o.grace, "shutdown-grace", 5*time.Second, "how long requests in flight may take to finish on shutdown")
	fs.BoolVar(&o.noControl, "no-control", false, "do not serve the control API under "+facadetest.ControlPrefix)
	fs.BoolVar(&o.noProxies, "no-proxies", false, "sell proxies without serving them")
	proxyFirst := fs.String("proxy-first", "127.77.0.1", "the first proxy IP sold, a loopback IPv4 address; the next count up from it")
	fs.IntVar(&o.proxyHTTPPort, "proxy-http-port", 18080, "the HTTP proxy port of every sold IP (0: a free port per IP, as the API answers say)")
	fs.IntVar(&o.proxySocksPort, "proxy-socks-port", 11080, "the SOCKS5 port of every sold IP (0: a free port per IP)")
	fs.BoolVar(&o.proxyAnyDestination, "proxy-any-destination", false, "let the proxies reach any address, not only loopback ones")
	upstream := fs.String("upstream", "", "validating proxy mode: forward every request to this API base URL and check both directions against the spec")
	fs.BoolVar(&o.failOnViolations, "fail-on-violations", false, "with -upstream: exit with status 1 if any request or answer broke the spec")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if *upstream != "" {
		u, err := parseUpstream(*upstream)
		if err != nil {
			return o, err
		}
		o.upstream = u
	} else if o.failOnViolations {
		return o, errors.New("-fail-on-violations needs -upstream")
	}
	var err error
	if o.proxyFirst, err = netip.ParseAddr(*proxyFirst); err != nil || !o.proxyFirst.Is4() || !o.proxyFirst.IsLoopback() {
		return o, fmt.Errorf("-proxy-first %q: give a loopback IPv4 address such as 127.77.0.1", *proxyFirst)
	}
	if !validPort(o.proxyHTTPPort) || !validPort(o.proxySocksPort) || (o.proxyHTTPPort == o.proxySocksPort && o.proxyHTTPPort != 0) {
		return o, errors.New("-proxy-http-port and -proxy-socks-port must be two different ports up to 65535 (0: a free port per IP)")
	}
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	case *token == "":
		return o, errors.New("-token must not be empty")
	case *balance < 0:
		return o, errors.New("-balance must not be negative")
	case o.tls && o.caFile == "":
		return o, errors.New("-tls needs -ca-file: clients must be able to trust the fake's certificate")
	case !o.tls && o.caFile != "":
		return o, errors.New("-ca-file needs -tls")
	case o.grace < 0:
		return o, errors.New("-shutdown-grace must not be negative")
	case o.logFormat != "text" && o.logFormat != "json":
		return o, fmt.Errorf("-log-format %q: use text or json", o.logFormat)
	}
	o.accounts = append([]accountSeed{{Token: *token, Email: facadetest.DefaultEmail, Balance: *balance}}, extra...)
	if o.configFile != "" {
		fromFile, err := readConfig(o.configFile)
		if err != nil {
			return o, err
		}
		o.accounts = append(o.accounts, fromFile...)
	}
	if err := checkAccounts(o.accounts); err != nil {
		return o, err
	}
	return o, nil
}

func validPort(p int) bool { return p >= 0 && p < 65536 }

// logger writes the lifecycle lines (listening, stopped) and, unless
// -quiet, one line per request.
func (o options) logger(out io.Writer) *slog.Logger {
	if o.logFormat == "json" {
		return slog.New(slog.NewJSONHandler(out, nil))
	}
	return slog.New(slog.NewTextHandler(out, nil))
}

func (o options) fakeOptions(logger *slog.Logger) []facadetest.Option {
	first := o.accounts[0]
	opts := []facadetest.Option{facadetest.WithToken(first.Token), facadetest.WithBalance(first.Balance)}
	if !o.quiet {
		opts = append(opts, facadetest.WithLogger(logger))
	}
	if o.noProxies {
		opts = append(opts, facadetest.WithProxyNetwork(o.proxyFirst, o.proxyHTTPPort, o.proxySocksPort, nil))
	} else {
		opts = append(opts, facadetest.WithWorkingProxies(o.proxyFirst, o.proxyHTTPPort, o.proxySocksPort, o.proxyAnyDestination))
	}
	for i, a := range o.accounts {
		if i > 0 {
			opts = append(opts, facadetest.WithAccount(a.Token, a.Email, a.Balance))
		}
		for _, c := range a.GrantedCycles {
			opts = append(opts, facadetest.WithGrantedCycle(a.Token, c))
		}
	}
	return opts
}
