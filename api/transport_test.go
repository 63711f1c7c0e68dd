package api_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/api"
	"github.com/proxyshard/proxyshard-go/gen"
)

// received is what a test server saw of one request.
type received struct {
	body          []byte
	contentLength int64
	chunked       bool
}

// apiServer answers every documented operation with its valid 200 body and
// keeps what it received.
type apiServer struct {
	*httptest.Server
	mu       sync.Mutex
	received []received
}

func newAPIServer(t *testing.T, answer func(w http.ResponseWriter, op *api.Operation)) *apiServer {
	t.Helper()
	v := newValidator(t)
	s := &apiServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		s.mu.Lock()
		s.received = append(s.received, received{body, r.ContentLength, len(r.TransferEncoding) > 0})
		s.mu.Unlock()
		op, ok := v.Find(r.Method, r.URL.Path)
		if !ok {
			http.NotFound(w, r)
			return
		}
		if answer != nil {
			answer(w, op)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, okBodies[op.ID])
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *apiServer) requests() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.received...)
}

// The generated client's own encoding of every operation, each purchase
// variant included, passes the transport in fail mode.
func TestTransportPassesEveryGeneratedCall(t *testing.T) {
	srv := newAPIServer(t, nil)
	c, err := gen.NewClientWithResponses(srv.URL, gen.WithHTTPClient(&http.Client{Transport: api.ValidatingTransport(nil)}))
	require.NoError(t, err)

	purchase := func(from func(*gen.PurchaseOrderRequest) error) func(ctx context.Context) (int, error) {
		return func(ctx context.Context) (int, error) {
			var body gen.PurchaseOrderRequest
			if err := from(&body); err != nil {
				return 0, err
			}
			r, err := c.PurchaseOrderWithResponse(ctx, body)
			return status(r, err)
		}
	}
	calls := []struct {
		name string
		call func(ctx context.Context) (int, error)
	}{
		{"getMe", func(ctx context.Context) (int, error) { return status(c.GetMeWithResponse(ctx)) }},
		{"listOrders", func(ctx context.Context) (int, error) {
			return status(c.ListOrdersWithResponse(ctx, &gen.ListOrdersParams{Status: gen.ListOrdersParamsStatusOnHold, Offset: ptr(20), Limit: ptr(100)}))
		}},
		{"getOrder", func(ctx context.Context) (int, error) { return status(c.GetOrderWithResponse(ctx, 42)) }},
		{"purchase Datacenter", purchase(func(b *gen.PurchaseOrderRequest) error {
			return b.FromPurchaseRequestDcIsp(gen.PurchaseRequestDcIsp{Product: gen.DcIspProductDatacenter, Location: "DE", Cycle: "monthly", Quantity: ptr(10), PromoCode: ptr("SAVE10")})
		})},
		{"purchase ISP", purchase(func(b *gen.PurchaseOrderRequest) error {
			return b.FromPurchaseRequestDcIsp(gen.PurchaseRequestDcIsp{Product: gen.DcIspProductISP, Location: "NL", Cycle: "quarterly", AutoRenewal: ptr(true)})
		})},
		{"purchase Standart Residential", purchase(func(b *gen.PurchaseOrderRequest) error {
			return b.FromPurchaseRequestResidentialStandard(gen.PurchaseRequestResidentialStandard{Product: gen.ResidentialStandardProductName, Quantity: ptr(5)})
		})},
		{"purchase Premium Residential", purchase(func(b *gen.PurchaseOrderRequest) error {
			return b.FromPurchaseRequestResidentialPremium(gen.PurchaseRequestResidentialPremium{Product: gen.ResidentialPremiumProductName, PromoCode: ptr("SAVE10")})
		})},
		{"purchase Unmetered Residential", purchase(func(b *gen.PurchaseOrderRequest) error {
			return b.FromPurchaseRequestResidentialUnmetered(gen.PurchaseRequestResidentialUnmetered{Product: gen.ResidentialUnmeteredProductName, Cycle: "monthly", AutoRenewal: ptr(false)})
		})},
		{"purchase future product", purchase(func(b *gen.PurchaseOrderRequest) error {
			return b.FromPurchaseRequest(gen.PurchaseRequest{Product: "Mobile Proxy", Cycle: "weekly", Quantity: ptr(2)})
		})},
		{"calculateOrderPrice", func(ctx context.Context) (int, error) {
			return status(c.CalculateOrderPriceWithResponse(ctx, &gen.CalculateOrderPriceParams{Product: "Datacenter Proxy", Location: ptr("DE"), Cycle: ptr("monthly"), Quantity: ptr(10), PromoCode: ptr("SAVE10")}))
		}},
		{"renewOrder", func(ctx context.Context) (int, error) {
			return status(c.RenewOrderWithResponse(ctx, 7, gen.EmptyBody{}))
		}},
		{"setOrderTag", func(ctx context.Context) (int, error) {
			return status(c.SetOrderTagWithResponse(ctx, 7, gen.SetOrderTagJSONRequestBody{Tag: "none"}))
		}},
		{"changeBillingCycle", func(ctx context.Context) (int, error) {
			return status(c.ChangeBillingCycleWithResponse(ctx, 7, gen.ChangeBillingCycleJSONRequestBody{Cycle: "quarterly"}))
		}},
		{"setAutoRenewal", func(ctx context.Context) (int, error) {
			return status(c.SetAutoRenewalWithResponse(ctx, 7, &gen.SetAutoRenewalParams{AutoRenewal: false}, gen.EmptyBody{}))
		}},
		{"listProducts", func(ctx context.Context) (int, error) { return status(c.ListProductsWithResponse(ctx)) }},
		{"getAvailableCounts", func(ctx context.Context) (int, error) { return status(c.GetAvailableCountsWithResponse(ctx)) }},
		{"listActiveProxies", func(ctx context.Context) (int, error) {
			return status(c.ListActiveProxiesWithResponse(ctx, &gen.ListActiveProxiesParams{OrderID: 7}))
		}},
		{"setDelNp", func(ctx context.Context) (int, error) {
			return status(c.SetDelNpWithResponse(ctx, 7, gen.SetDelNpJSONRequestBody{Items: []gen.DelNpItem{{IP: "10.0.0.1", Value: true}}}))
		}},
		{"setSignatures", func(ctx context.Context) (int, error) {
			return status(c.SetSignaturesWithResponse(ctx, 7, gen.SetSignaturesJSONRequestBody{Items: []gen.SignatureItem{{IP: "10.0.0.1", Signature: gen.SignatureOSAndroid}}}))
		}},
		{"calculateAddon", func(ctx context.Context) (int, error) {
			return status(c.CalculateAddonWithResponse(ctx, 7, &gen.CalculateAddonParams{AddonKey: "p0f_slots", AddQty: 3}))
		}},
		{"purchaseAddon", func(ctx context.Context) (int, error) {
			return status(c.PurchaseAddonWithResponse(ctx, 7, gen.PurchaseAddonJSONRequestBody{AddonKey: "p0f_slots", AddQty: 3}))
		}},
		{"scheduleAddonDowngrade", func(ctx context.Context) (int, error) {
			return status(c.ScheduleAddonDowngradeWithResponse(ctx, 7, gen.ScheduleAddonDowngradeJSONRequestBody{AddonKey: "p0f_slots", Action: gen.ScheduleAddonActionDowngrade, NextQty: 1}))
		}},
		{"cancelAddonDowngrade", func(ctx context.Context) (int, error) {
			return status(c.CancelAddonDowngradeWithResponse(ctx, 7, gen.CancelAddonDowngradeJSONRequestBody{AddonKey: "p0f_slots"}))
		}},
	}
	for _, tt := range calls {
		t.Run(tt.name, func(t *testing.T) {
			code, err := tt.call(context.Background())
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, code)
		})
	}
	assert.Len(t, srv.requests(), len(calls))
}

// statusCoder is every generated *XxxResponse.
type statusCoder interface{ StatusCode() int }

func status[R statusCoder](r R, err error) (int, error) {
	if err != nil {
		return 0, err
	}
	return r.StatusCode(), nil
}

// Every valid request of every kind, sent by plain net/http, passes too.
func TestTransportPassesEveryValidRequest(t *testing.T) {
	srv := newAPIServer(t, nil)
	client := &http.Client{Transport: api.ValidatingTransport(nil)}
	for _, tt := range validRequests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := client.Do(withServer(newRequest(t, tt.method, tt.target, tt.body), srv.URL))
			require.NoError(t, err)
			got, err := io.ReadAll(resp.Body)
			require.NoError(t, resp.Body.Close())
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, resp.StatusCode)
			assert.Equal(t, okBodies[tt.op], string(got))
		})
	}
}

// withServer points a request built by newRequest at a test server.
func withServer(r *http.Request, serverURL string) *http.Request {
	r.URL.Host = strings.TrimPrefix(serverURL, "http://")
	r.Host = r.URL.Host
	return r
}

func TestTransportFailModeStopsAnInvalidRequestBeforeSending(t *testing.T) {
	srv := newAPIServer(t, nil)
	client := &http.Client{Transport: api.ValidatingTransport(http.DefaultTransport)}
	body := &closeTracker{Reader: strings.NewReader(`{"tag":5}`)}
	r := withServer(newRequest(t, "POST", "/user/api/orders/7/tag", ""), srv.URL)
	r.Body = body
	r.ContentLength = int64(len(`{"tag":5}`))
	r.Header.Set("Content-Type", "application/json")

	resp, err := client.Do(r)
	require.Error(t, err)
	assert.Nil(t, resp)
	var ce *api.ContractError
	require.True(t, errors.As(err, &ce), "errors.As finds the *ContractError through url.Error")
	assert.Equal(t, api.SideRequest, ce.Side)
	assert.Equal(t, "setOrderTag", ce.Operation)
	assert.Equal(t, "body.tag", ce.Field)
	assert.Empty(t, srv.requests(), "nothing reached the server")
	assert.True(t, body.closed.Load(), "the request body is closed, as a RoundTripper must")
}

func TestTransportFailModeRejectsAnInvalidResponse(t *testing.T) {
	srv := newAPIServer(t, func(w http.ResponseWriter, op *api.Operation) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, "<html><body>Not Found</body></html>")
	})
	client := &http.Client{Transport: api.ValidatingTransport(nil)}
	resp, err := client.Do(withServer(newRequest(t, "GET", "/user/api/orders/42", ""), srv.URL))
	require.Error(t, err)
	assert.Nil(t, resp)
	var ce *api.ContractError
	require.True(t, errors.As(err, &ce))
	assert.Equal(t, api.SideResponse, ce.Side)
	assert.Equal(t, "getOrder", ce.Operation)
	assert.Equal(t, "header.Content-Type", ce.Field)
	assert.Len(t, srv.requests(), 1)
}

func TestTransportReportModeLetsCallsThroughAndRecords(t *testing.T) {
	answer := []byte("<html>\n  <h1>It works!</h1>\n</html>\n")
	srv := newAPIServer(t, func(w http.ResponseWriter, op *api.Operation) {
		if op.ID == "getMe" {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, okBodies["getMe"])
			return
		}
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write(answer)
	})
	rec := &api.Recorder{}
	client := &http.Client{Transport: api.ValidatingTransport(nil, api.WithRecorder(rec))}

	calls := []struct {
		req      *http.Request
		wantBody string
	}{
		{newRequest(t, "GET", "/user/api/orders?status=all&limit=0", ""), string(answer)}, // request and response violate
		{newRequest(t, "GET", "/user/api/me", ""), okBodies["getMe"]},                     // clean
		{newRequest(t, "GET", "/user/api/elsewhere", ""), "404 page not found\n"},         // unknown route: response unchecked
	}
	for _, c := range calls {
		resp, err := client.Do(withServer(c.req, srv.URL))
		require.NoError(t, err)
		got, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		assert.Equal(t, c.wantBody, string(got))
	}
	assert.Len(t, srv.requests(), len(calls), "every call reached the server")

	violations := rec.Violations()
	require.Len(t, violations, 3)
	assert.Equal(t, []string{"request listOrders query.limit", "response listOrders header.Content-Type", "request  route"},
		[]string{describe(violations[0]), describe(violations[1]), describe(violations[2])})
}

func describe(e *api.ContractError) string {
	return fmt.Sprintf("%s %s %s", e.Side, e.Operation, e.Field)
}

// closeTracker is a request body without GetBody, so the transport must
// buffer it, and which notes that it was closed.
type closeTracker struct {
	io.Reader
	closed atomic.Bool
}

func (c *closeTracker) Close() error { c.closed.Store(true); return nil }

// The server gets the caller's exact bytes, whitespace, key order and
// escapes included, and no schema default (PurchaseRequest documents
// quantity 1 and auto_renewal false) is written into them.
func TestTransportSendsTheRequestBodyUnchanged(t *testing.T) {
	bodies := []string{
		"{ \"cycle\" : \"weekly\",\n  \"product\":\"Mobile Proxy\" }\n",
		`{"product":"Datacenter Proxy","location":"DE","cycle":"monthly","promo_code":"\u0053AVE10"}`,
		`{"product":"Standart Residential Proxy"}`,
	}
	modes := []struct {
		name string
		opts []api.TransportOption
	}{
		{"fail mode", nil},
		{"report mode", []api.TransportOption{api.WithRecorder(&api.Recorder{})}},
	}
	kinds := []struct {
		name    string
		body    func(string) io.Reader // what http.NewRequest gets
		getBody bool
		chunked bool
	}{
		{"with GetBody", func(s string) io.Reader { return strings.NewReader(s) }, true, false},
		{"streamed, no GetBody", func(s string) io.Reader { return &closeTracker{Reader: strings.NewReader(s)} }, false, false},
	}
	for _, mode := range modes {
		for _, kind := range kinds {
			for i, body := range bodies {
				t.Run(fmt.Sprintf("%s %s %d", mode.name, kind.name, i), func(t *testing.T) {
					srv := newAPIServer(t, nil)
					client := &http.Client{Transport: api.ValidatingTransport(nil, mode.opts...)}
					r, err := http.NewRequest("POST", srv.URL+"/user/api/orders/purchase", kind.body(body))
					require.NoError(t, err)
					r.Header.Set("Content-Type", "application/json")
					// ProxyShard refuses a POST without Content-Length (see
					// TestTransportRefusesAPostWithoutContentLength): the
					// streamed body declares its length.
					r.ContentLength = int64(len(body))
					require.Equal(t, kind.getBody, r.GetBody != nil)

					resp, err := client.Do(r)
					require.NoError(t, err)
					require.NoError(t, resp.Body.Close())
					got := srv.requests()
					require.Len(t, got, 1)
					assert.Equal(t, body, string(got[0].body))
					assert.NotContains(t, string(got[0].body), "quantity")
					assert.NotContains(t, string(got[0].body), "auto_renewal")
					assert.Equal(t, kind.chunked, got[0].chunked, "the framing the caller chose is kept")
					if tracker, ok := r.Body.(*closeTracker); ok {
						assert.True(t, tracker.closed.Load())
					}
				})
			}
		}
	}
}

// The caller reads the server's exact bytes, of known length or chunked.
func TestTransportReturnsTheResponseBodyUnchanged(t *testing.T) {
	var big strings.Builder
	big.WriteString("[\n")
	for i := range 20000 {
		if i > 0 {
			big.WriteString(",\n")
		}
		fmt.Fprintf(&big, `  {"country": "C%d", "product": "Datacenter Proxy", "amount": %d}`, i, i)
	}
	big.WriteString("\n]\n")
	tests := []struct {
		name, body string
		chunked    bool
	}{
		{"small, Content-Length", "{ \"email\" : \"a@b.c\", \"active_orders\": 0,\n\"wallet_balance\": 5 }\n", false},
		{"large, chunked", big.String(), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newAPIServer(t, func(w http.ResponseWriter, op *api.Operation) {
				w.Header().Set("Content-Type", "application/json; charset=utf-8")
				if tt.chunked {
					w.(http.Flusher).Flush()
				}
				_, _ = io.WriteString(w, tt.body)
			})
			client := &http.Client{Transport: api.ValidatingTransport(nil)}
			target := "/user/api/me"
			if tt.chunked {
				target = "/user/api/proxies/available-count"
			}
			resp, err := client.Do(withServer(newRequest(t, "GET", target, ""), srv.URL))
			require.NoError(t, err)
			got, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			require.NoError(t, resp.Body.Close())
			assert.Equal(t, tt.body, string(got))
			if tt.chunked {
				assert.Equal(t, int64(-1), resp.ContentLength)
			} else {
				assert.Equal(t, int64(len(tt.body)), resp.ContentLength)
			}
		})
	}
}

// A body over the cap cannot be vouched for: a violation in fail mode, a
// recorded one in report mode, where the caller still gets every byte.
func TestTransportBodyCap(t *testing.T) {
	const limit = 64
	longName := strings.Repeat("x", 200)
	bigAnswer := `{"email":"` + longName + `","active_orders":0,"wallet_balance":0}`
	bigRequest := `{"tag":"` + longName + `"}`

	t.Run("response, fail mode", func(t *testing.T) {
		srv := newAPIServer(t, func(w http.ResponseWriter, op *api.Operation) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, bigAnswer)
		})
		client := &http.Client{Transport: api.ValidatingTransport(nil, api.WithMaxBodyBytes(limit))}
		_, err := client.Do(withServer(newRequest(t, "GET", "/user/api/me", ""), srv.URL))
		var ce *api.ContractError
		require.True(t, errors.As(err, &ce))
		assert.Equal(t, api.SideResponse, ce.Side)
		assert.Equal(t, "body", ce.Field)
		assert.Contains(t, ce.Reason, "larger than 64 bytes")
	})
	t.Run("response, report mode", func(t *testing.T) {
		srv := newAPIServer(t, func(w http.ResponseWriter, op *api.Operation) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, bigAnswer)
		})
		rec := &api.Recorder{}
		client := &http.Client{Transport: api.ValidatingTransport(nil, api.WithMaxBodyBytes(limit), api.WithRecorder(rec))}
		resp, err := client.Do(withServer(newRequest(t, "GET", "/user/api/me", ""), srv.URL))
		require.NoError(t, err)
		got, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		assert.Equal(t, bigAnswer, string(got))
		require.Len(t, rec.Violations(), 1)
		assert.Equal(t, "body", rec.Violations()[0].Field)
	})
	for _, streamed := range []bool{false, true} {
		t.Run(fmt.Sprintf("request, streamed %v", streamed), func(t *testing.T) {
			srv := newAPIServer(t, nil)
			newReq := func() *http.Request {
				r := withServer(newRequest(t, "POST", "/user/api/orders/7/tag", bigRequest), srv.URL)
				if streamed {
					r.Body, r.GetBody, r.ContentLength = &closeTracker{Reader: strings.NewReader(bigRequest)}, nil, -1
				}
				return r
			}
			fail := &http.Client{Transport: api.ValidatingTransport(nil, api.WithMaxBodyBytes(limit))}
			_, err := fail.Do(newReq())
			var ce *api.ContractError
			require.True(t, errors.As(err, &ce))
			assert.Equal(t, api.SideRequest, ce.Side)
			assert.Equal(t, "setOrderTag", ce.Operation)
			assert.Equal(t, "body", ce.Field)
			assert.Empty(t, srv.requests())

			rec := &api.Recorder{}
			report := &http.Client{Transport: api.ValidatingTransport(nil, api.WithMaxBodyBytes(limit), api.WithRecorder(rec))}
			resp, err := report.Do(newReq())
			require.NoError(t, err)
			require.NoError(t, resp.Body.Close())
			require.Len(t, srv.requests(), 1)
			assert.Equal(t, bigRequest, string(srv.requests()[0].body))
			assert.Len(t, rec.Violations(), 1)
		})
	}
}

// A body cut off by the network is not a contract matter: the caller gets
// the bytes that arrived and then the read error, as without the transport.
func TestTransportPassesABrokenResponseBodyOn(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"email\":")
		_ = buf.Flush()
	}))
	t.Cleanup(srv.Close)
	rec := &api.Recorder{}
	client := &http.Client{Transport: api.ValidatingTransport(nil, api.WithRecorder(rec))}
	resp, err := client.Do(withServer(newRequest(t, "GET", "/user/api/me", ""), srv.URL))
	require.NoError(t, err)
	got, err := io.ReadAll(resp.Body)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Equal(t, `{"email":`, string(got))
	require.NoError(t, resp.Body.Close())
	assert.Empty(t, rec.Violations())
}

func TestTransportIsSafeForConcurrentUse(t *testing.T) {
	srv := newAPIServer(t, nil)
	rec := &api.Recorder{}
	client := &http.Client{Transport: api.ValidatingTransport(nil, api.WithRecorder(rec))}
	const workers, perWorker = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers*perWorker)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				vr := validRequests[(w*perWorker+i)%len(validRequests)]
				if i%5 == 0 { // a violation
					vr.method, vr.target, vr.body = "GET", "/user/api/orders?status=all&limit=500", ""
				}
				r, err := http.NewRequest(vr.method, srv.URL+vr.target, strings.NewReader(vr.body))
				if err != nil {
					errs <- err
					continue
				}
				if vr.body != "" {
					r.Header.Set("Content-Type", "application/json")
				}
				resp, err := client.Do(r)
				if err != nil {
					errs <- err
					continue
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assert.Len(t, srv.requests(), workers*perWorker)
	assert.Len(t, rec.Violations(), workers*perWorker/5)
	for _, v := range rec.Violations() {
		assert.Equal(t, "query.limit", v.Field)
	}
}

// The server sees the Content-Length the caller set.
func TestTransportKeepsContentLength(t *testing.T) {
	var seen atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.Store(r.ContentLength)
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, okBodies["setOrderTag"])
	}))
	t.Cleanup(srv.Close)
	body := `{"tag":"vip"}`
	client := &http.Client{Transport: api.ValidatingTransport(nil)}
	resp, err := client.Do(withServer(newRequest(t, "POST", "/user/api/orders/7/tag", body), srv.URL))
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, int64(len(body)), seen.Load())
}

// closeCounter is a RoundTripper that counts CloseIdleConnections calls.
type closeCounter struct {
	http.RoundTripper
	closed int
}

func (c *closeCounter) CloseIdleConnections() { c.closed++ }

func TestValidatingTransportPassesCloseIdleConnectionsOn(t *testing.T) {
	next := &closeCounter{RoundTripper: http.DefaultTransport}
	client := &http.Client{Transport: api.ValidatingTransport(next)}
	client.CloseIdleConnections()
	assert.Equal(t, 1, next.closed)
}

// getBodySpy records whether the request it is handed can be rewound.
type getBodySpy struct {
	next       http.RoundTripper
	rewindable atomic.Bool
}

func (s *getBodySpy) RoundTrip(r *http.Request) (*http.Response, error) {
	s.rewindable.Store(r.GetBody != nil)
	return s.next.RoundTrip(r)
}

// A request its sender made impossible to rewind (a money-moving POST)
// stays so through the validator: with a GetBody on it, net/http would
// resend it by itself after an HTTP/2 stream reset.
func TestTransportKeepsARequestWithoutGetBodyUnrewindable(t *testing.T) {
	for _, mode := range []struct {
		name string
		opts []api.TransportOption
	}{{"fail mode", nil}, {"report mode", []api.TransportOption{api.WithRecorder(&api.Recorder{})}}} {
		t.Run(mode.name, func(t *testing.T) {
			srv := newAPIServer(t, nil)
			spy := &getBodySpy{next: http.DefaultTransport}
			client := &http.Client{Transport: api.ValidatingTransport(spy, mode.opts...)}
			const purchase = `{"product":"Datacenter Proxy","location":"DE","cycle":"monthly"}`
			body := &closeTracker{Reader: strings.NewReader(purchase)}
			r, err := http.NewRequest("POST", srv.URL+"/user/api/orders/purchase", body)
			require.NoError(t, err)
			r.Header.Set("Content-Type", "application/json")
			r.ContentLength = int64(len(purchase)) // ProxyShard refuses a POST without Content-Length
			resp, err := client.Do(r)
			require.NoError(t, err)
			require.NoError(t, resp.Body.Close())
			assert.False(t, spy.rewindable.Load(), "the transport below got a GetBody")
		})
	}
}
