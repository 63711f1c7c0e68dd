// Package facadetest is an in-memory, stateful fake of ProxyShard's User
// API for tests: accounts with wallets, the product catalog, orders with
// proxies, add-ons and a clock the test moves. It implements the generated
// gen.StrictServerInterface, checks every request and response against the
// effective spec, and can misbehave on demand (InjectFault).
//
//	s := facadetest.NewServer(facadetest.WithT(t)) // 127.0.0.1, closed on t.Cleanup
//	client, err := facade.New(s.Token, facade.WithBaseURL(s.URL))
//	...
//	s.Advance(31 * 24 * time.Hour) // expired orders go on-hold
//	s.InjectFault("purchaseOrder", facadetest.Fault{DropAfterApply: true})
//
// cmd/proxyshard-fake serves the same fake for clients in other languages.
package facadetest

import (
	"bytes"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/proxyshard/proxyshard-go/api"
	"github.com/proxyshard/proxyshard-go/gen"
)

// maxRequestBody bounds what the fake reads of one request body.
const maxRequestBody = 1 << 20

// bodyTimeout is how long a client may take to send its request body; one
// that stalls longer gets a 400 (or is ignored, see apply), not a handler
// waiting for ever.
const bodyTimeout = 10 * time.Second

// closeGrace is how long Close lets requests in flight finish before it
// cuts the connections of clients that still have not sent their request.
const closeGrace = time.Second

// Server is a running fake. Its methods are safe for concurrent use.
type Server struct {
	// URL is the base URL, such as http://127.0.0.1:41234 (empty for New).
	URL string
	// Token is the default account's bearer token: DefaultToken and a
	// number of this server's own, unless WithToken sets another.
	Token string

	srv      *httptest.Server
	st       *state
	router   http.Handler // generated routing and strict handler over st
	contract *contract
	faults   *faultQueue
	traffic  *traffic
	log      *slog.Logger
	t        testing.TB
	tls      bool
	proxies  *proxyServers // nil unless WithWorkingProxies
	cfg      config        // what Reset goes back to
	// bodyTimeout and closeGrace are fields so that this package's tests
	// can shorten them.
	bodyTimeout time.Duration
	closeGrace  time.Duration

	// closing ends when Close is called: requests held by a delay fault
	// stop waiting.
	closing   chan struct{}
	closeOnce sync.Once

	// tamper rewrites an answer as it is made, before the contract check
	// (a kept answer is not made again); only this
	// package's tests set it, to prove the check catches a bad answer.
	tamper func(op string, a *answer)
	// ops holds what serve needs of each operation (New works it out).
	ops map[*api.Operation]opFacts
}

// NewServer starts a fake on 127.0.0.1 like httptest.NewServer and panics
// if it cannot listen. Close it when done (WithT does so on t.Cleanup).
func NewServer(opts ...Option) *Server {
	s := New(opts...)
	s.srv = httptest.NewUnstartedServer(s.Handler())
	// Connection-level errors (a client that distrusts the certificate,
	// a connection cut by Close) go to the fake's logger, not to stderr.
	s.srv.Config.ErrorLog = slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)
	if s.tls {
		s.srv.EnableHTTP2 = true
		s.srv.StartTLS()
	} else {
		s.srv.Start()
	}
	s.URL = s.srv.URL
	if s.t != nil {
		s.t.Cleanup(s.Close)
	}
	return s
}

// New builds a fake without listening, to serve Handler on a server of
// one's own (cmd/proxyshard-fake does).
func New(opts ...Option) *Server {
	cfg := defaultConfig()
	for _, opt := range opts {
		opt(&cfg)
	}
	if !cfg.proxies.first.Is4() {
		panic("facadetest: WithProxyNetwork needs an IPv4 address to count from")
	}
	var proxies *proxyServers
	if cfg.workingProxies {
		proxies = newProxyServers(cfg.proxies.httpPort, cfg.proxies.socksPort, cfg.anyDestination, cfg.logger)
		cfg.proxies.serve = proxies.serve
	}
	v, err := sharedValidator()
	if err != nil {
		panic(fmt.Sprintf("facadetest: build the spec validator: %v", err))
	}
	ops := make([]string, 0, 18)
	facts := map[*api.Operation]opFacts{}
	for _, op := range v.Operations() {
		ops = append(ops, op.ID)
		facts[op] = opFacts{public: public(op.ID), refuses: documents(op.ID, http.StatusBadRequest), readOnly: op.Method == http.MethodGet}
	}
	s := &Server{
		Token:       cfg.token,
		st:          newState(cfg),
		contract:    &contract{v: v, t: cfg.t, recorder: &api.Recorder{}},
		faults:      &faultQueue{byOp: map[string][]*armedFault{}},
		traffic:     newTraffic(ops),
		log:         cfg.logger,
		t:           cfg.t,
		tls:         cfg.tls,
		cfg:         cfg,
		bodyTimeout: bodyTimeout,
		closeGrace:  closeGrace,
		closing:     make(chan struct{}),
		proxies:     proxies,
		ops:         facts,
	}
	if proxies != nil {
		proxies.auth = s.ProxyAuth
	}
	strict := gen.NewStrictHandlerWithOptions(s.st, []gen.StrictMiddlewareFunc{s.st.lockAndAccount}, gen.StrictHTTPServerOptions{
		RequestErrorHandlerFunc: func(w http.ResponseWriter, _ *http.Request, _ error) {
			writeAPIError(w, http.StatusBadRequest, "invalid JSON body")
		},
		ResponseErrorHandlerFunc: writeFailure,
	})
	mux := newOperationMux()
	s.router = gen.HandlerWithOptions(strict, gen.StdHTTPServerOptions{
		BaseRouter: mux,
		ErrorHandlerFunc: func(w http.ResponseWriter, _ *http.Request, err error) {
			writeAPIError(w, http.StatusBadRequest, err.Error())
		},
	})
	mux.bind(v.Operations())
	return s
}

// Close shuts the server down. Requests held by a delay fault end at once
// without an answer; other requests in flight get a second to finish,
// then the connections of clients that stall are closed. For a fake built
// with New, Close only ends the delays; the caller stops its own server.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.closing) })
	if s.proxies != nil {
		s.proxies.close()
	}
	if s.srv == nil {
		return
	}
	closed := make(chan struct{})
	go func() {
		s.srv.Close()
		close(closed)
	}()
	grace := time.NewTimer(s.closeGrace)
	defer grace.Stop()
	select {
	case <-closed:
	case <-grace.C:
		s.srv.CloseClientConnections()
		<-closed
	}
}

// Client returns an HTTP client for the server: for WithTLS one that
// trusts its certificate and speaks HTTP/2. Nil for a fake built with New.
func (s *Server) Client() *http.Client {
	if s.srv == nil {
		return nil
	}
	return s.srv.Client()
}

// Certificate returns the certificate of a WithTLS server, nil otherwise.
func (s *Server) Certificate() *x509.Certificate {
	if s.srv == nil {
		return nil
	}
	return s.srv.Certificate()
}

// Handler returns the fake as an http.Handler.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serve) }

// opFacts is what serve needs to know of one operation, worked out once.
type opFacts struct {
	public   bool // the spec declares no security
	refuses  bool // the spec documents a 400
	readOnly bool // a GET: its handler changes nothing, and its answer can be kept
}

// serve is the fake's whole pipeline, in order: route (the one lookup; the
// operation travels with the request), count, fault, authenticate, check
// the request, apply, check the answer, answer.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	op, ok := s.contract.v.Find(r.Method, r.URL.EscapedPath())
	if !ok {
		s.traffic.request("")
		writeAPIError(w, http.StatusNotFound, "Not found")
		s.logRequest(r, "", http.StatusNotFound, "no documented operation has this method and path", start)
		return
	}
	s.traffic.request(op.ID)
	body, readErr := s.readBody(w, r)

	fault := s.faults.next(op.ID)
	if fault.Delay > 0 && !wait(r.Context(), s.closing, fault.Delay) {
		s.logRequest(r, op.ID, 0, "client gave up or the fake closed", start)
		drop(w)
		return
	}
	switch {
	case fault.DropBeforeApply:
		s.logRequest(r, op.ID, 0, "dropped before apply", start)
		drop(w)
		return
	case fault.Status != 0:
		writeFault(w, fault)
		s.traffic.answered(op.ID, fault.Status)
		s.logRequest(r, op.ID, fault.Status, "injected", start)
		return
	}

	answer := s.apply(r, op, body, readErr)
	if fault.DropAfterApply {
		s.logRequest(r, op.ID, 0, "dropped after apply", start)
		drop(w)
		return
	}
	send(w, answer)
	s.traffic.answered(op.ID, answer.status)
	s.logRequest(r, op.ID, answer.status, refusalReason(answer), start)
}

// readBody reads the request body whole. It is read first: net/http
// notices a client that hangs up (and cancels the request's context) only
// once the body has been read. A client that stalls mid-body must not hold
// the handler; not every writer supports deadlines (httptest's does not).
// A request without a body (net/http gives it http.NoBody) costs nothing.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Now().Add(s.bodyTimeout))
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody+1))
	if err == nil {
		// Keep an expired deadline after a failed read: net/http then
		// gives up on the rest of the body instead of waiting for it.
		_ = rc.SetReadDeadline(time.Time{})
	}
	return body, err
}

// apply runs one call and returns the answer the spec allows: 401 without
// a known token (unless the operation is public), 400 for a request that
// breaks the spec, otherwise the
// operation's own answer; 500 if that answer would break the spec.
// An operation that documents no 400 (getMe, listProducts,
// getAvailableCounts: no parameters, no body) ignores what it does not
// read, as a server does with a body on a GET; the violation is still
// recorded. A read is answered with the answer kept for it, if the state
// has not changed since it was made and checked (readcache.go).
func (s *Server) apply(r *http.Request, op *api.Operation, body []byte, readErr error) *answer {
	facts := s.ops[op]
	token, _ := bearerToken(r)
	if facts.public {
		token = ""
	}
	var key []byte // nil: not a read
	var keyBuf [256]byte
	if facts.readOnly {
		key = appendReadKey(keyBuf[:0], token, r.URL.EscapedPath(), r.URL.RawQuery)
	}
	authed, kept := s.st.authenticateAndFind(token, facts.public, key)
	if facts.refuses && (readErr != nil || len(body) > maxRequestBody) {
		return s.checked(op, r, apiError(http.StatusBadRequest, "request body unreadable or larger than 1 MiB"))
	}
	if !authed {
		return s.checked(op, r, apiError(http.StatusUnauthorized, "Unauthorized"))
	}
	if v := s.contract.checkRequest(r, body); v != nil && facts.refuses {
		return s.checked(op, r, apiError(http.StatusBadRequest, v.Field+": "+v.Reason))
	}
	if kept != nil {
		return kept // checked when it was made
	}

	ex := &exchange{op: op, read: facts.readOnly, token: token}
	call := r.WithContext(withExchange(r.Context(), ex))
	call.Body = http.NoBody
	if len(body) > 0 {
		call.Body = io.NopCloser(bytes.NewReader(body))
	}
	a := newAnswer(func(w http.ResponseWriter) { s.router.ServeHTTP(w, call) })
	if s.tamper != nil {
		s.tamper(op.ID, a)
	}
	checked := s.checked(op, r, a)
	if key != nil && checked == a {
		s.st.keep(string(key), ex.version, a)
	}
	return checked
}

// checked returns a when it is what the spec allows, otherwise a 500 that
// says what is wrong (the violation is recorded).
func (s *Server) checked(op *api.Operation, r *http.Request, a *answer) *answer {
	if v := s.contract.checkResponse(op, r, a); v != nil {
		return apiError(http.StatusInternalServerError, "the fake's answer breaks the spec: "+v.Field+": "+v.Reason)
	}
	return a
}

// apiError is an ApiError answer.
func apiError(status int, message string) *answer {
	return newAnswer(func(w http.ResponseWriter) { writeAPIError(w, status, message) })
}

// refusalReason is the message of a 4xx or 5xx answer, for the log.
func refusalReason(a *answer) string {
	if a.status < http.StatusBadRequest {
		return ""
	}
	var e gen.APIError
	if json.Unmarshal(a.body, &e) != nil || e.Message == "" {
		return http.StatusText(a.status)
	}
	return e.Message
}

// logRequest writes the one line per request; never a header, so never
// the token.
func (s *Server) logRequest(r *http.Request, op string, status int, reason string, start time.Time) {
	if !s.log.Enabled(r.Context(), slog.LevelInfo) {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("operation", op),
		slog.Int("status", status), slog.Duration("duration", time.Since(start)),
	}
	if reason != "" {
		attrs = append(attrs, slog.String("reason", reason))
	}
	s.log.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs...)
}

// misuse reports a wrong call of the fake's own API: on t with WithT,
// otherwise as a logged warning.
func (s *Server) misuse(format string, args ...any) {
	msg := "facadetest: " + fmt.Sprintf(format, args...)
	if s.t != nil {
		s.t.Helper()
		s.t.Errorf("%s", msg)
		return
	}
	s.log.Warn(msg)
}
