package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/proxyshard/proxyshard-go/api"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

// validatingProxy is the validating proxy mode: every request goes to the
// upstream API as it came, every answer comes back as the upstream sent
// it, and both are checked against the effective spec on the way (the
// project's ValidatingTransport in report mode). Violations and operation x
// status coverage are reported in the log, on the control endpoints and in
// the summary at exit. The bearer token passes through untouched and is
// never logged: log lines and violations hold no header value.
type validatingProxy struct {
	v        *api.Validator
	recorder *api.Recorder
	log      *slog.Logger

	mu       sync.Mutex
	total    int
	requests map[string]int
	coverage map[string]map[int]int // operationId -> status -> answers
	failed   int                    // requests the upstream never answered
}

func newValidatingProxy(upstream *url.URL, log *slog.Logger) (*validatingProxy, http.Handler, error) {
	v, err := api.NewValidator()
	if err != nil {
		return nil, nil, err
	}
	p := &validatingProxy{v: v, recorder: &api.Recorder{}, log: log, requests: map[string]int{}, coverage: map[string]map[int]int{}}
	for _, op := range v.Operations() {
		p.coverage[op.ID] = map[int]int{}
	}
	forward := &http.Transport{Proxy: nil, ForceAttemptHTTP2: true, ResponseHeaderTimeout: time.Minute}
	rp := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(upstream)
			pr.Out.Host = upstream.Host
		},
		Transport: api.ValidatingTransport(forward, api.WithRecorder(p.recorder), api.WithValidator(v)),
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			if sw, ok := w.(*statusWriter); ok {
				sw.unanswered = true
			}
			p.mu.Lock()
			p.failed++
			p.mu.Unlock()
			log.Warn("upstream did not answer", "method", r.Method, "path", r.URL.Path, "error", errors.Unwrap(err))
			w.WriteHeader(http.StatusBadGateway)
		},
	}
	return p, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { p.serve(rp, w, r) }), nil
}

// serve forwards one request and logs it with the violations it caused.
func (p *validatingProxy) serve(rp http.Handler, w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	op := ""
	if found, ok := p.v.Find(r.Method, r.URL.EscapedPath()); ok {
		op = found.ID
	}
	before := len(p.recorder.Violations())
	sw := &statusWriter{ResponseWriter: w}
	rp.ServeHTTP(sw, r)

	p.mu.Lock()
	p.total++
	if op != "" {
		p.requests[op]++
		if !sw.unanswered {
			p.coverage[op][sw.status]++
		}
	}
	p.mu.Unlock()

	attrs := []any{"method", r.Method, "path", r.URL.Path, "operation", op, "status", sw.status, "duration", time.Since(start)}
	for _, v := range p.recorder.Violations()[before:] {
		if v.Method == r.Method && v.Path == r.URL.Path {
			attrs = append(attrs, "violation", fmt.Sprintf("%s %s: %s", v.Side, v.Field, v.Reason))
		}
	}
	p.log.Info("proxied", attrs...)
}

// statusWriter remembers the status the client was sent.
type statusWriter struct {
	http.ResponseWriter
	status     int
	unanswered bool // the upstream never answered; the 502 is the proxy's
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func (p *validatingProxy) snapshot() (cov map[string]map[int]int, requests map[string]int, total, failed int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	cov = make(map[string]map[int]int, len(p.coverage))
	for op, byStatus := range p.coverage {
		cov[op] = make(map[int]int, len(byStatus))
		for s, n := range byStatus {
			cov[op][s] = n
		}
	}
	requests = make(map[string]int, len(p.requests))
	for op, n := range p.requests {
		requests[op] = n
	}
	return cov, requests, p.total, p.failed
}

// control serves what the fake's control API reports, for the traffic
// seen: readiness, coverage and violations.
func (p *validatingProxy) control() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+facadetest.ControlPrefix+"ready", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, map[string]bool{"ready": true})
	})
	mux.HandleFunc("GET "+facadetest.ControlPrefix+"coverage", func(w http.ResponseWriter, _ *http.Request) {
		cov, requests, total, _ := p.snapshot()
		writeJSON(w, facadetest.CoverageReport(cov, requests, total))
	})
	mux.HandleFunc("GET "+facadetest.ControlPrefix+"violations", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, facadetest.ViolationsReport(p.recorder.Violations()))
	})
	return mux
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// summary writes the coverage table and every violation, and says
// whether there were violations.
func (p *validatingProxy) summary(out io.Writer) (violations int) {
	cov, _, total, failed := p.snapshot()
	vs := p.recorder.Violations()
	var b strings.Builder
	fmt.Fprintf(&b, "validating proxy: %d requests, %d unanswered by the upstream, %d contract violations\n", total, failed, len(vs))
	b.WriteString(facadetest.CoverageTable(cov))
	for _, v := range vs {
		fmt.Fprintf(&b, "violation: %v\n", v)
	}
	_, _ = io.WriteString(out, b.String()) // stdout gone: nothing left to tell
	return len(vs)
}

// parseUpstream accepts an https base URL, or http to a loopback host
// (a local fake or test server): the token must not cross a network in
// the clear.
func parseUpstream(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("-upstream %q: give a base URL such as https://api.example.com", raw)
	}
	if u.Scheme == "http" && !isLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("-upstream %q: plain http only to a loopback host; the token would cross the network in the clear", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("-upstream %q: no query, fragment or credentials in the base URL", raw)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	return u, nil
}

func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
