package facadetest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade/facadetest"
	"github.com/proxyshard/proxyshard-go/gen"
)

// controlled is a fake with its control API on a server of its own.
type controlled struct {
	*facadetest.Server
	control string
}

func newControlled(t *testing.T, opts ...facadetest.Option) controlled {
	t.Helper()
	s := newFake(t, opts...)
	ctl := httptest.NewServer(s.ControlHandler())
	t.Cleanup(ctl.Close)
	return controlled{s, ctl.URL}
}

// do sends a control request and decodes its JSON answer into out (when
// not nil); it returns the status and the raw body.
func (c controlled) do(t *testing.T, method, path, body string, out any) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, c.control+path, rd)
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"), "%s %s: %s", method, path, raw)
	if out != nil && resp.StatusCode < 300 {
		require.NoError(t, json.Unmarshal(raw, out), string(raw))
	}
	return resp.StatusCode, string(raw)
}

func TestControlClockMovesOrdersOnHold(t *testing.T) {
	c := newControlled(t)
	id := buy(t, strictClient(t, c.Server, c.Token), datacenter(t, 1))
	var clock struct{ Now time.Time }
	status, _ := c.do(t, "GET", "/_fake/clock", "", &clock)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, c.Now(), clock.Now)

	status, body := c.do(t, "POST", "/_fake/clock", `{"advance":"744h"}`, &clock)
	require.Equal(t, http.StatusOK, status, body)
	assert.Equal(t, c.Now(), clock.Now)
	assert.Equal(t, facadetest.StatusOnHold, order(t, c.Server, id).Status)

	to := c.Now().Add(100 * 24 * time.Hour).Format(time.RFC3339)
	status, body = c.do(t, "POST", "/_fake/clock", `{"to":"`+to+`"}`, &clock)
	require.Equal(t, http.StatusOK, status, body)
	assert.Equal(t, to, clock.Now.Format(time.RFC3339))
	assert.Equal(t, facadetest.StatusCancelled, order(t, c.Server, id).Status, "past the hold grace")
}

func TestControlFaults(t *testing.T) {
	c := newControlled(t)
	status, body := c.do(t, "POST", "/_fake/faults", `{"operation":"getMe","status":429,"retry_after":"2s","times":2}`, nil)
	require.Equal(t, http.StatusCreated, status, body)
	for range 2 {
		resp := getMe(t, c.Server)
		assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
		assert.Equal(t, "2", resp.Header.Get("Retry-After"))
	}
	assert.Equal(t, http.StatusOK, getMe(t, c.Server).StatusCode, "two times only")

	c.do(t, "POST", "/_fake/faults", `{"operation":"getMe","status":503}`, nil)
	status, _ = c.do(t, "DELETE", "/_fake/faults?operation=getMe", "", nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, http.StatusOK, getMe(t, c.Server).StatusCode, "cleared")

	c.do(t, "POST", "/_fake/faults", `{"operation":"purchaseOrder","drop_after_apply":true}`, nil)
	_, err := strictClient(t, c.Server, c.Token).PurchaseOrderWithResponse(t.Context(), datacenter(t, 1))
	assert.Error(t, err, "the answer was dropped")
	assert.Len(t, c.Orders(c.Token), 1, "but the purchase happened")
}

func getMe(t *testing.T, s *facadetest.Server) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL+"/user/api/me", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+s.Token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, resp.Body)
	require.NoError(t, resp.Body.Close())
	return resp
}

func TestControlSeedsAccountsOrdersStockAndPromos(t *testing.T) {
	c := newControlled(t)
	status, body := c.do(t, "POST", "/_fake/accounts", `{"token":"ci-2","email":"two@example.com","balance":70000,"granted_cycles":["yearly"]}`, nil)
	require.Equal(t, http.StatusCreated, status, body)
	status, body = c.do(t, "POST", "/_fake/accounts", `{"token":"ci-2","balance":90000}`, nil)
	require.Equal(t, http.StatusOK, status, body, "an existing account is updated")
	assert.Equal(t, int64(90000), c.Balance("ci-2"))
	two := strictClient(t, c.Server, "ci-2")
	yearly := buy(t, two, dcISPOrder(t, gen.DcIspProductDatacenter, "DE", facadetest.CycleYearly, 1, ""))
	assert.Equal(t, facadetest.CycleYearly, order(t, c.Server, yearly).Cycle, "the granted cycle")

	var seeded facadetest.OrderState
	status, body = c.do(t, "POST", "/_fake/orders", `{"token":"ci-2","product":"ISP Proxy","location":"US","cycle":"monthly","quantity":3,"tag":"seeded"}`, &seeded)
	require.Equal(t, http.StatusCreated, status, body)
	assert.Len(t, seeded.Proxies, 3)
	assert.Equal(t, "seeded", order(t, c.Server, seeded.ID).Tag)
	assert.Equal(t, int64(90000-1500), c.Balance("ci-2"), "a seeded order costs nothing")

	status, body = c.do(t, "POST", "/_fake/stock", `{"product":"ISP Proxy","country":"US","amount":0}`, nil)
	require.Equal(t, http.StatusOK, status, body)
	resp, err := two.PurchaseOrderWithResponse(t.Context(), dcISPOrder(t, gen.DcIspProductISP, "US", facadetest.CycleMonthly, 1, ""))
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode(), "out of stock")

	status, body = c.do(t, "POST", "/_fake/promos", `{"code":"HALF","percent":50,"cycles":["monthly"]}`, nil)
	require.Equal(t, http.StatusCreated, status, body)
	half := buy(t, two, dcISPOrder(t, gen.DcIspProductDatacenter, "NL", facadetest.CycleMonthly, 2, "HALF"))
	assert.Equal(t, int64(150), order(t, c.Server, half).PricePaidCents)

	var state struct {
		Accounts []facadetest.AccountState
		Orders   []facadetest.OrderState
		Stock    []struct {
			Product, Country string
			Amount           int
		}
	}
	status, _ = c.do(t, "GET", "/_fake/state", "", &state)
	require.Equal(t, http.StatusOK, status)
	require.Len(t, state.Accounts, 2)
	assert.Equal(t, "ci-2", state.Accounts[0].Token)
	assert.Equal(t, []int{yearly, seeded.ID, half}, state.Accounts[0].OrderIDs)
	assert.Len(t, state.Orders, 3)
	assert.Contains(t, state.Stock, struct {
		Product, Country string
		Amount           int
	}{"ISP Proxy", "US", 0})
}

func TestControlCoverageViolationsAndReset(t *testing.T) {
	c := newControlled(t)
	loose, _ := reportingClient(t, c.Server, c.Token)
	_, err := loose.ListOrdersWithResponse(t.Context(), &gen.ListOrdersParams{Status: "nope"})
	require.NoError(t, err)
	getMe(t, c.Server)

	var cov struct {
		TotalRequests int `json:"total_requests"`
		Operations    map[string]struct {
			Requests   int
			Answers    map[string]int
			Documented []int
			Missing    []int
		}
	}
	status, _ := c.do(t, "GET", "/_fake/coverage", "", &cov)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, 2, cov.TotalRequests)
	assert.Equal(t, map[string]int{"200": 1}, cov.Operations["getMe"].Answers)
	assert.Equal(t, map[string]int{"400": 1}, cov.Operations["listOrders"].Answers)
	assert.Contains(t, cov.Operations["listOrders"].Missing, 200)
	assert.NotContains(t, cov.Operations["listOrders"].Missing, 400)
	assert.Len(t, cov.Operations, len(c.Coverage()), "every operation is listed")

	var violations []map[string]string
	status, _ = c.do(t, "GET", "/_fake/violations", "", &violations)
	require.Equal(t, http.StatusOK, status)
	require.Len(t, violations, 1)
	assert.Equal(t, "listOrders", violations[0]["operation"])
	assert.Equal(t, "query.status", violations[0]["field"])
	assert.Equal(t, "request", violations[0]["side"])

	buy(t, strictClient(t, c.Server, c.Token), datacenter(t, 1))
	c.AddAccount("extra", "x@example.com", 1)
	c.InjectFault("getMe", facadetest.Fault{Status: 503})
	start := c.Now()
	c.Advance(time.Hour)
	status, _ = c.do(t, "POST", "/_fake/reset", "", nil)
	require.Equal(t, http.StatusOK, status)
	assert.Empty(t, c.Orders(c.Token))
	assert.Equal(t, int64(facadetest.DefaultBalance), c.Balance(c.Token))
	assert.Equal(t, start, c.Now())
	assert.Empty(t, c.Violations())
	assert.Equal(t, 0, c.TotalRequests())
	assert.Equal(t, http.StatusOK, getMe(t, c.Server).StatusCode, "faults are gone")
	status, _ = c.do(t, "GET", "/_fake/state", "", nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, 1, c.TotalRequests(), "the control API is not API traffic")
	id := buy(t, strictClient(t, c.Server, c.Token), datacenter(t, 1))
	assert.Equal(t, 1, id, "order ids start again")
}

// Bad control requests get a 4xx that says what to fix, and change nothing.
// The oversized body makes net/http close its connection after a pause of
// half a second, which the control server's Close waits for: in parallel.
func TestControlRejectsBadInput(t *testing.T) {
	t.Parallel()
	c := newControlled(t)
	tests := []struct {
		method, path, body string
		status             int
		says               string
	}{
		{"POST", "/_fake/clock", `{"advance":"-1h"}`, 400, "cannot go back"},
		{"POST", "/_fake/clock", `{"advance":"soon"}`, 400, "duration"},
		{"POST", "/_fake/clock", `{"advance":3600}`, 400, `"2s"`},
		{"POST", "/_fake/clock", `{}`, 400, "exactly one"},
		{"POST", "/_fake/clock", `{"to":"2000-01-01T00:00:00Z"}`, 400, "cannot go back"},
		{"POST", "/_fake/clock", ``, 400, "empty"},
		{"POST", "/_fake/clock", `{"advance":"1h"} {}`, 400, "more than one"},
		{"POST", "/_fake/clock", `[1]`, 400, "JSON object"},
		{"POST", "/_fake/clock", `{"advance":"1h","extra":1}`, 400, "extra"},
		{"POST", "/_fake/clock", `{"advance":"` + strings.Repeat("1", 70000) + `"}`, 400, "larger than"},
		{"POST", "/_fake/faults", `{"operation":"nope","status":429}`, 400, "purchaseOrder"},
		{"POST", "/_fake/faults", `{"operation":"getMe","status":200}`, 400, "between 400 and 599"},
		{"POST", "/_fake/faults", `{"operation":"getMe"}`, 400, "does nothing"},
		{"POST", "/_fake/faults", `{"operation":"getMe","status":500,"times":-1}`, 400, "negative"},
		{"POST", "/_fake/faults", `{"operation":"getMe","drop_before_apply":true,"drop_after_apply":true}`, 400, "not both"},
		{"POST", "/_fake/faults", `{"operation":"getMe","delay":"-1s"}`, 400, "negative"},
		{"DELETE", "/_fake/faults?operation=nope", ``, 400, "unknown operation"},
		{"POST", "/_fake/accounts", `{"email":"x@example.com"}`, 400, "token"},
		{"POST", "/_fake/accounts", `{"token":"a b"}`, 400, "token"},
		{"POST", "/_fake/accounts", `{"token":"t","balance":-5}`, 400, "negative"},
		{"POST", "/_fake/accounts", `{"token":"t","granted_cycles":["daily"]}`, 400, "daily"},
		{"POST", "/_fake/orders", `{"token":"nobody","product":"ISP Proxy"}`, 400, "/_fake/accounts"},
		{"POST", "/_fake/orders", `{"product":"Nope","cycle":"monthly"}`, 400, "Unknown product"},
		{"POST", "/_fake/orders", `{"product":"ISP Proxy","location":"DE","cycle":"monthly","quantity":101}`, 400, "stock"},
		{"POST", "/_fake/stock", `{"product":"ISP Proxy","country":"FR","amount":1}`, 400, "FR"},
		{"POST", "/_fake/stock", `{"product":"ISP Proxy","country":"DE"}`, 400, "amount"},
		{"POST", "/_fake/promos", `{"code":"X","percent":101}`, 400, "percent"},
		{"POST", "/_fake/promos", `{"code":"","percent":5}`, 400, "code"},
		{"POST", "/_fake/promos", `{"code":"X"}`, 400, "percent"},
		{"POST", "/_fake/promos", `{"code":"X","percent":5,"cycles":["weekly"]}`, 400, "weekly"},
		{"GET", "/_fake/nothing", ``, 404, "no control endpoint"},
		{"PUT", "/_fake/clock", `{}`, 405, ""},
	}
	for _, tt := range tests {
		status, body := c.do(t, tt.method, tt.path, tt.body, nil)
		assert.Equal(t, tt.status, status, "%s %s %s: %s", tt.method, tt.path, tt.body, body)
		if tt.says != "" {
			var e struct{ Error string }
			require.NoError(t, json.Unmarshal([]byte(body), &e), body)
			assert.Contains(t, e.Error, tt.says, "%s %s %s", tt.method, tt.path, tt.body)
		}
	}
	status, _ := c.do(t, "POST", "/_fake/clock", `{"advance":"1h"}`, nil)
	assert.Equal(t, http.StatusUnsupportedMediaType, func() int {
		req, _ := http.NewRequest("POST", c.control+"/_fake/clock", strings.NewReader(`{"advance":"1h"}`))
		req.Header.Set("Content-Type", "text/plain")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}())
	assert.Equal(t, http.StatusOK, status)
	assert.Empty(t, c.Orders(c.Token), "nothing was seeded")
	assert.Len(t, c.Violations(), 0)
}
