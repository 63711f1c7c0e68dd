package facadetest

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/proxyshard/proxyshard-go/api"
	"github.com/proxyshard/proxyshard-go/facade/enum"
)

// ControlPrefix is where ControlHandler's endpoints live, apart from the
// API's own /user/api/ paths.
const ControlPrefix = "/_fake/"

// maxControlBody bounds one control request body.
const maxControlBody = 64 << 10

// ControlHandler returns the fake's control API: what the Server's methods
// do, over HTTP with JSON, for tests written in any language. Every
// endpoint is under ControlPrefix; a bad request gets a 4xx answer with
// {"error": "..."} that says what to fix.
//
//	GET    /_fake/ready        200 {"ready":true}
//	GET    /_fake/clock        {"now":"..."}
//	POST   /_fake/clock        {"advance":"744h"} or {"to":"2030-01-01T00:00:00Z"}
//	POST   /_fake/faults       {"operation":"listOrders","status":429,"retry_after":"2s","times":1,
//	                            "delay":"1s","drop_before_apply":false,"drop_after_apply":false}
//	DELETE /_fake/faults       every fault (?operation=listOrders: that one's)
//	POST   /_fake/reset        back to the start: no orders, faults, counters or violations
//	POST   /_fake/accounts     {"token":"T2","email":"b@example.com","balance":5000,"granted_cycles":["yearly"]}
//	POST   /_fake/orders       {"token":"T2","product":"Datacenter Proxy","location":"DE","cycle":"monthly","quantity":2}
//	POST   /_fake/stock        {"product":"ISP Proxy","country":"US","amount":0}
//	POST   /_fake/promos       {"code":"HALF","percent":50,"cycles":["monthly"]}
//	GET    /_fake/state        accounts, balances, orders with proxies, stock, clock
//	GET    /_fake/coverage     requests and answers per operation and status
//	GET    /_fake/violations   contract violations seen, oldest first
func (s *Server) ControlHandler() http.Handler {
	c := &controlMux{mux: http.NewServeMux(), methods: map[string][]string{}}
	c.handle("GET", "ready", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]bool{"ready": true})
	})
	c.handle("GET", "clock", s.controlGetClock)
	c.handle("POST", "clock", s.controlSetClock)
	c.handle("POST", "faults", s.controlInjectFault)
	c.handle("DELETE", "faults", s.controlClearFaults)
	c.handle("POST", "reset", func(w http.ResponseWriter, _ *http.Request) {
		s.Reset()
		writeJSON(w, http.StatusOK, map[string]bool{"reset": true})
	})
	c.handle("POST", "accounts", s.controlAddAccount)
	c.handle("POST", "orders", s.controlSeedOrder)
	c.handle("POST", "stock", s.controlSetStock)
	c.handle("POST", "promos", s.controlAddPromo)
	c.handle("GET", "state", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, s.stateJSON()) })
	c.handle("GET", "coverage", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, s.coverageJSON()) })
	c.handle("GET", "violations", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, ViolationsReport(s.Violations()))
	})
	c.mux.HandleFunc(ControlPrefix, c.notFound)
	return c.mux
}

// controlMux remembers the methods of each endpoint, so that a wrong
// method is a 405 naming the right ones, in JSON like every other answer.
type controlMux struct {
	mux     *http.ServeMux
	methods map[string][]string // path -> methods
}

func (c *controlMux) handle(method, name string, h http.HandlerFunc) {
	path := ControlPrefix + name
	c.methods[path] = append(c.methods[path], method)
	c.mux.HandleFunc(method+" "+path, h)
}

func (c *controlMux) notFound(w http.ResponseWriter, r *http.Request) {
	if methods, ok := c.methods[r.URL.Path]; ok {
		w.Header().Set("Allow", strings.Join(methods, ", "))
		controlError(w, http.StatusMethodNotAllowed, fmt.Errorf("%s takes %s, not %s", r.URL.Path, strings.Join(methods, " or "), r.Method))
		return
	}
	controlError(w, http.StatusNotFound, fmt.Errorf("no control endpoint %s %s; see the README's control API", r.Method, r.URL.Path))
}

// duration is a Go duration string in JSON ("1.5s", "744h").
type duration time.Duration

func (d *duration) UnmarshalJSON(b []byte) error {
	var text string
	if err := json.Unmarshal(b, &text); err != nil {
		return errors.New(`durations are strings such as "2s" or "744h"`)
	}
	v, err := time.ParseDuration(text)
	if err != nil {
		return fmt.Errorf("duration %q: %w", text, err)
	}
	*d = duration(v)
	return nil
}

func (s *Server) controlGetClock(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"now": s.Now().Format(time.RFC3339)})
}

func (s *Server) controlSetClock(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Advance *duration  `json:"advance"`
		To      *time.Time `json:"to"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	var d time.Duration
	switch {
	case (in.Advance == nil) == (in.To == nil):
		controlError(w, http.StatusBadRequest, errors.New(`give exactly one of "advance" (a duration) or "to" (an RFC 3339 time)`))
		return
	case in.Advance != nil:
		d = time.Duration(*in.Advance)
	default:
		d = in.To.Sub(s.Now())
	}
	if err := s.advance(d); err != nil {
		controlError(w, http.StatusBadRequest, err)
		return
	}
	s.controlGetClock(w, r)
}

func (s *Server) controlInjectFault(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Operation       string   `json:"operation"`
		Status          int      `json:"status"`
		RetryAfter      duration `json:"retry_after"`
		Delay           duration `json:"delay"`
		Times           int      `json:"times"`
		DropBeforeApply bool     `json:"drop_before_apply"`
		DropAfterApply  bool     `json:"drop_after_apply"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	f := Fault{Times: in.Times, Status: in.Status, RetryAfter: time.Duration(in.RetryAfter), Delay: time.Duration(in.Delay),
		DropBeforeApply: in.DropBeforeApply, DropAfterApply: in.DropAfterApply}
	if f == (Fault{Times: f.Times}) {
		controlError(w, http.StatusBadRequest, errors.New("the fault does nothing: give status, delay, drop_before_apply or drop_after_apply"))
		return
	}
	if err := s.armFault(in.Operation, f); err != nil {
		controlError(w, http.StatusBadRequest, s.withOperations(err))
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"armed": in.Operation})
}

func (s *Server) controlClearFaults(w http.ResponseWriter, r *http.Request) {
	op := r.URL.Query().Get("operation")
	if op != "" && !s.isOperation(op) {
		controlError(w, http.StatusBadRequest, s.withOperations(fmt.Errorf("unknown operation %q", op)))
		return
	}
	s.ClearFaults(op)
	writeJSON(w, http.StatusOK, map[string]string{"cleared": cmp.Or(op, "all")})
}

func (s *Server) controlAddAccount(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Token         string       `json:"token"`
		Email         string       `json:"email"`
		Balance       *int64       `json:"balance"`
		GrantedCycles []enum.Cycle `json:"granted_cycles"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	switch {
	case in.Token == "" || strings.ContainsFunc(in.Token, func(c rune) bool { return c <= ' ' || c == 0x7f }):
		controlError(w, http.StatusBadRequest, errors.New(`"token" is required and must be printable, without spaces`))
		return
	case in.Balance != nil && *in.Balance < 0:
		controlError(w, http.StatusBadRequest, errors.New(`"balance" must not be negative`))
		return
	}
	for _, c := range in.GrantedCycles {
		if _, ok := cycles[c]; !ok {
			controlError(w, http.StatusBadRequest, fmt.Errorf("unknown cycle %q in granted_cycles", c))
			return
		}
	}
	s.st.lock()
	acct, existed := s.st.accounts[in.Token]
	if !existed {
		s.st.addAccount(in.Token, cmp.Or(in.Email, DefaultEmail), 0)
		acct = s.st.accounts[in.Token]
	}
	if in.Email != "" {
		acct.email = in.Email
	}
	if in.Balance != nil {
		acct.balance = *in.Balance
	}
	for _, c := range in.GrantedCycles {
		acct.grantedCycles[c] = true
	}
	out := acct.snapshot()
	s.st.mu.Unlock()
	status := http.StatusCreated
	if existed {
		status = http.StatusOK
	}
	writeJSON(w, status, out)
}

func (s *Server) controlSeedOrder(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Token       string           `json:"token"`
		Product     enum.ProductName `json:"product"`
		Location    string           `json:"location"`
		Cycle       enum.Cycle       `json:"cycle"`
		Quantity    *int             `json:"quantity"`
		PromoCode   string           `json:"promo_code"`
		AutoRenewal bool             `json:"auto_renewal"`
		Tag         *string          `json:"tag"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	s.st.lock()
	defer s.st.mu.Unlock()
	acct, ok := s.st.accounts[cmp.Or(in.Token, s.Token)]
	if !ok {
		controlError(w, http.StatusBadRequest, errors.New(`no account has that "token"; add it with POST /_fake/accounts`))
		return
	}
	cp, f := s.st.checkPurchase(acct, purchaseInput{product: in.Product, location: in.Location, cycle: in.Cycle,
		quantity: in.Quantity, promo: in.PromoCode, autoRenewal: in.AutoRenewal})
	if f == nil && cp.product.dcISP && s.st.stock[stockKey{cp.product.name, cp.location}] < cp.quantity {
		f = badRequest("Insufficient stock: set it with POST /_fake/stock")
	}
	if f != nil {
		controlError(w, http.StatusBadRequest, errors.New(f.message))
		return
	}
	o := s.st.createOrder(acct, cp) // seeded: paid for by nobody
	o.tag = in.Tag
	writeJSON(w, http.StatusCreated, o.snapshot())
}

func (s *Server) controlSetStock(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Product enum.ProductName `json:"product"`
		Country string           `json:"country"`
		Amount  *int             `json:"amount"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	if in.Amount == nil {
		controlError(w, http.StatusBadRequest, errors.New(`"amount" is required`))
		return
	}
	if err := s.setStock(in.Product, in.Country, *in.Amount); err != nil {
		controlError(w, http.StatusBadRequest, err)
		return
	}
	writeJSON(w, http.StatusOK, in)
}

func (s *Server) controlAddPromo(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Code    string       `json:"code"`
		Percent *int         `json:"percent"`
		Cycles  []enum.Cycle `json:"cycles"`
	}
	if !decodeControl(w, r, &in) {
		return
	}
	if in.Percent == nil {
		controlError(w, http.StatusBadRequest, errors.New(`"percent" is required`))
		return
	}
	if err := s.addPromo(in.Code, *in.Percent, in.Cycles); err != nil {
		controlError(w, http.StatusBadRequest, err)
		return
	}
	writeJSON(w, http.StatusCreated, in)
}

// withOperations adds the list of operationIds to an error about one.
func (s *Server) withOperations(err error) error {
	ids := make([]string, 0, 18)
	for _, op := range s.contract.v.Operations() {
		ids = append(ids, op.ID)
	}
	return fmt.Errorf("%w (operations: %s)", err, strings.Join(ids, ", "))
}

// AccountState is one account as the state endpoint shows it.
type AccountState struct {
	Token         string       `json:"token"`
	Email         string       `json:"email"`
	BalanceCents  int64        `json:"balance"`
	GrantedCycles []enum.Cycle `json:"granted_cycles"`
	OrderIDs      []int        `json:"order_ids"`
}

func (a *account) snapshot() AccountState {
	return AccountState{Token: a.token, Email: a.email, BalanceCents: a.balance,
		GrantedCycles: append([]enum.Cycle{}, slices.Sorted(maps.Keys(a.grantedCycles))...), OrderIDs: append([]int{}, a.orderIDs...)}
}

type stateJSON struct {
	Now      time.Time      `json:"now"`
	Accounts []AccountState `json:"accounts"`
	Orders   []OrderState   `json:"orders"`
	Stock    []stockJSON    `json:"stock"`
}

type stockJSON struct {
	Product enum.ProductName `json:"product"`
	Country string           `json:"country"`
	Amount  int              `json:"amount"`
}

func (s *Server) stateJSON() stateJSON {
	s.st.lock()
	defer s.st.mu.Unlock()
	out := stateJSON{Now: s.st.now, Accounts: []AccountState{}, Orders: []OrderState{}, Stock: []stockJSON{}}
	for _, token := range slices.Sorted(maps.Keys(s.st.accounts)) {
		out.Accounts = append(out.Accounts, s.st.accounts[token].snapshot())
	}
	for _, o := range s.st.sortedOrders() {
		out.Orders = append(out.Orders, o.snapshot())
	}
	for _, p := range products {
		for _, loc := range p.locations {
			out.Stock = append(out.Stock, stockJSON{p.name, loc, s.st.stock[stockKey{p.name, loc}]})
		}
	}
	return out
}

type operationCoverage struct {
	Requests   int            `json:"requests"`
	Answers    map[string]int `json:"answers"`    // status -> answers
	Documented []int          `json:"documented"` // statuses the spec documents
	Missing    []int          `json:"missing"`    // documented, never answered
}

func (s *Server) coverageJSON() any {
	cov := s.Coverage()
	requests := make(map[string]int, len(cov))
	for op := range cov {
		requests[op] = s.Requests(op)
	}
	return CoverageReport(cov, requests, s.TotalRequests())
}

// CoverageReport is the control API's coverage answer, for any traffic:
// per operation the requests, the answers per status, the statuses the
// spec documents and those never answered.
func CoverageReport(cov map[string]map[int]int, requests map[string]int, total int) any {
	documented, _ := documentedStatuses()
	ops := map[string]operationCoverage{}
	for op, byStatus := range cov {
		c := operationCoverage{Requests: requests[op], Answers: map[string]int{}, Documented: documented[op], Missing: []int{}}
		for status, n := range byStatus {
			c.Answers[strconv.Itoa(status)] = n
		}
		for _, status := range documented[op] {
			if byStatus[status] == 0 {
				c.Missing = append(c.Missing, status)
			}
		}
		ops[op] = c
	}
	return map[string]any{"total_requests": total, "operations": ops}
}

type violationJSON struct {
	Operation string `json:"operation"`
	Method    string `json:"method"`
	Path      string `json:"path"`
	Side      string `json:"side"`
	Field     string `json:"field"`
	Reason    string `json:"reason"`
}

// ViolationsReport is the control API's violations answer: each
// violation's operation, method, path, side, field and reason.
func ViolationsReport(vs []*api.ContractError) any {
	out := make([]violationJSON, 0, len(vs))
	for _, v := range vs {
		out = append(out, violationJSON{v.Operation, v.Method, v.Path, string(v.Side), v.Field, v.Reason})
	}
	return out
}

// decodeControl reads a JSON object into v; on failure it answers a 4xx
// that says why and returns false.
func decodeControl(w http.ResponseWriter, r *http.Request, v any) bool {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		controlError(w, http.StatusUnsupportedMediaType, fmt.Errorf("Content-Type %q: send application/json", ct))
		return false
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxControlBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooLarge *http.MaxBytesError
		switch {
		case errors.Is(err, io.EOF):
			err = errors.New("the body is empty; send a JSON object")
		case errors.As(err, &tooLarge):
			err = fmt.Errorf("the body is larger than %d bytes", tooLarge.Limit)
		default:
			err = fmt.Errorf("the body is not the JSON object this endpoint takes: %w", err)
		}
		controlError(w, http.StatusBadRequest, err)
		return false
	}
	if dec.More() {
		controlError(w, http.StatusBadRequest, errors.New("the body holds more than one JSON value"))
		return false
	}
	return true
}

func controlError(w http.ResponseWriter, status int, err error) {
	writeJSON(w, status, map[string]string{"error": err.Error()})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status, body = http.StatusInternalServerError, []byte(`{"error":"encoding the answer failed"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}
