package facade_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/api"
	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/internal/testutil"
)

// FuzzResponses answers a facade call with whatever status, Content-Type,
// Content-Length, Retry-After and body the fuzzer makes up. The call must
// return a value or an error a caller can act on, never panic, never resend
// a money-moving request, and never show the token. The seeds (a real
// answer for every call plus common broken ones) run in every go test;
// `make fuzz` explores further.
//
// The answers come from an in-process http.RoundTripper, not a socket, so
// one input takes microseconds.
func FuzzResponses(f *testing.F) {
	for i, fc := range fuzzCalls {
		index := uint8(i)
		f.Add(index, uint16(200), "application/json", "", int64(-1), []byte(fc.ok))
		f.Add(index, uint16(200), "application/json; charset=utf-8", "", int64(len(fc.ok)), []byte(fc.ok))
		f.Add(index, uint16(200), "application/json", "", int64(len(fc.ok)+100), []byte(fc.ok)) // cut short
		for _, s := range brokenAnswers {
			f.Add(index, s.status, s.contentType, s.retryAfter, s.contentLength, []byte(s.body))
		}
	}
	v, err := api.NewValidator()
	require.NoError(f, err)

	f.Fuzz(func(t *testing.T, index uint8, status uint16, contentType, retryAfter string, contentLength int64, body []byte) {
		fc := fuzzCalls[int(index)%len(fuzzCalls)]
		ans := cannedAnswer{status: int(status), contentType: contentType, retryAfter: retryAfter, contentLength: contentLength, body: body}
		if ans.status < 100 || ans.status > 999 {
			ans.status = 100 + ans.status%900 // what an HTTP/1.1 status line can carry
		}
		if ans.contentLength < 0 {
			ans.contentLength = -1
		}
		stub := &stubAnswers{answer: ans, validator: v}
		logs := &testutil.SyncBuffer{}
		c, err := facade.New(testToken,
			facade.WithBaseURL("http://127.0.0.1"), // never dialled: the stub answers
			facade.WithHTTPClient(&http.Client{Transport: stub.transport()}),
			facade.WithRetry(instantRetries),
			facade.WithLogger(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
		require.NoError(t, err)

		got, err := fc.call(context.Background(), c)

		for _, op := range stub.ops {
			require.Equal(t, fc.op, op, "the call sent a request of another operation")
		}
		require.GreaterOrEqual(t, len(stub.ops), 1)
		require.LessOrEqual(t, len(stub.ops), fc.maxRequests, "requests sent (money-moving calls: once)")
		assertNoToken(t, err, logs.String())
		if err == nil {
			require.True(t, got, "no error and no value")
			require.True(t, ans.status >= 200 && ans.status <= 299, "status %d accepted as success", ans.status)
			return
		}
		require.False(t, got, "a value and an error: %v", err)
		requireActionable(t, err)
		if errors.Is(err, facade.ErrOutcomeUnknown) {
			require.True(t, fc.moneyMoving(), "%s is not money-moving but its outcome is unknown: %v", fc.op, err)
		}
		if ans.status < 200 || ans.status > 299 {
			if ans.complete() {
				var apiErr *facade.APIError
				require.ErrorAs(t, err, &apiErr, "a whole non-2xx answer")
				require.Equal(t, ans.status, apiErr.StatusCode)
				require.Equal(t, ans.status == http.StatusTooManyRequests, errors.Is(err, facade.ErrRateLimited))
			}
			if fc.moneyMoving() && ans.status >= 500 {
				require.ErrorIs(t, err, facade.ErrOutcomeUnknown, "a 5xx may hide an applied %s", fc.op)
			}
			if fc.moneyMoving() && ans.status >= 400 && ans.status <= 499 && ans.complete() {
				require.NotErrorIs(t, err, facade.ErrOutcomeUnknown, "a whole 4xx is a refusal")
			}
		}
	})
}

// instantRetries resends at once: Retry-After "0" (or a date in the past)
// is honoured, anything longer ends the retries.
var instantRetries = facade.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Nanosecond, MaxDelay: time.Nanosecond, MaxRetryAfter: time.Nanosecond}

// maxAnswerBytes is the documented size cap of an answer (10 MiB).
const maxAnswerBytes = 10 << 20

// requireActionable fails unless err is one of the errors the package
// documents, or a transport's io.ErrUnexpectedEOF for an answer that broke
// off (what net/http reports for a body shorter than its Content-Length).
func requireActionable(t *testing.T, err error) {
	t.Helper()
	var apiErr *facade.APIError
	switch {
	case errors.As(err, &apiErr),
		errors.Is(err, facade.ErrInvalidResponse),
		errors.Is(err, facade.ErrOutcomeUnknown),
		errors.Is(err, facade.ErrPagination),
		errors.Is(err, facade.ErrNotFound), // SubUser: a success that holds no sub-user
		errors.Is(err, io.ErrUnexpectedEOF):
		return
	}
	t.Fatalf("untyped error %T: %v", err, err)
}

// assertNoToken checks the log and every error reachable from err: each
// link of its tree (errors.Unwrap, and Unwrap() []error of errors joined or
// wrapped several times), in its text and its %#v form, and the fields of
// the types a caller gets with errors.As.
func assertNoToken(t *testing.T, err error, logs string) {
	t.Helper()
	require.NotContains(t, logs, testToken, "log")
	if err == nil {
		return
	}
	require.NotContains(t, fmt.Sprintf("%+v", err), testToken, "%+v")
	var apiErr *facade.APIError
	if errors.As(err, &apiErr) {
		require.NotContains(t, apiErr.Message, testToken, "APIError.Message")
		require.NotContains(t, apiErr.Body, testToken, "APIError.Body")
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		require.NotContains(t, urlErr.URL, testToken, "url.Error.URL")
	}
	var unknown *facade.OutcomeUnknownError
	if errors.As(err, &unknown) && unknown.Err != nil {
		require.NotContains(t, unknown.Err.Error(), testToken, "OutcomeUnknownError.Err")
	}
	var walk func(e error)
	walk = func(e error) {
		if e == nil {
			return
		}
		require.NotContains(t, e.Error(), testToken, "%T in the chain", e)
		require.NotContains(t, fmt.Sprintf("%#v", e), testToken, "%T in the chain, %%#v", e)
		switch u := e.(type) { //nolint:errorlint // every link of the tree, one at a time
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				walk(inner)
			}
		}
	}
	walk(err)
}

// fuzzCall is one facade method, named by the operation it sends.
type fuzzCall struct {
	op string
	// maxRequests is what the call may send: 1 for money-moving calls,
	// which are never resent once sent; the retry limit for the others.
	maxRequests int
	ok          string // a 200 body the call accepts, as the fake sends it
	// call reports whether a value came back.
	call func(context.Context, *facade.Client) (bool, error)
}

func (fc fuzzCall) moneyMoving() bool { return fc.maxRequests == 1 }

const fuzzOrderID = 7

var (
	fuzzIP   = netip.MustParseAddr("10.0.0.1")
	fuzzSpec = facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: 2}
)

func value[T any](v *T, err error) (bool, error) { return v != nil, err }
func list[T any](v []T, err error) (bool, error) { return v != nil, err }
func done(err error) (bool, error)               { return err == nil, err }

const ordersOK = `{"count":1,"orders":[{"auto_renewal":false,"cycle_id":1,"cycle_name":"monthly","expires_at":"2026-12-25T10:41:57Z","order_id":7,"product_id":1,"product_name":"Datacenter Proxy"}],"success":true}`

// fuzzCalls has every operation once, and the order iterator on top.
var fuzzCalls = []fuzzCall{
	{"getMe", 3, `{"active_orders":0,"email":"user@example.com","wallet_balance":100000}`,
		func(ctx context.Context, c *facade.Client) (bool, error) { return value(c.Me(ctx)) }},
	{"listOrders", 3, ordersOK,
		func(ctx context.Context, c *facade.Client) (bool, error) {
			return value(c.OrdersPage(ctx, facade.StatusAll, 0, 100))
		}},
	// The same answer each time: the iterator reads at most two pages
	// before it sees the repeat.
	{"listOrders", 2 * instantRetries.MaxAttempts, ordersOK,
		func(ctx context.Context, c *facade.Client) (bool, error) {
			for _, err := range c.Orders(ctx, facade.StatusAll) {
				if err != nil {
					return false, err
				}
			}
			return true, nil
		}},
	{"getOrder", 3, `{"order":{"addons":[{"addon_key":"p0f_slots","catalog_id":1,"pending":{"action":"downgrade","next_qty":1},"price_per_unit":200,"qty":2}],"addons_price_paid":0,"auto_renewal":false,"created_at":"2026-11-25T10:41:57Z","cycle_name":"monthly","expires_at":"2026-12-25T10:41:57Z","order_id":7,"p0f_slots_available":0,"p0f_slots_next":0,"p0f_slots_used":0,"price_paid":300,"product_name":"Datacenter Proxy","quantity":2,"status":"active"},"success":true}`,
		func(ctx context.Context, c *facade.Client) (bool, error) { return value(c.GetOrder(ctx, fuzzOrderID)) }},
	{"calculateOrderPrice", 3, `{"discount_percent":0,"final_price":300,"original_price":300}`,
		func(ctx context.Context, c *facade.Client) (bool, error) { return value(c.Quote(ctx, fuzzSpec)) }},
	{"listProducts", 3, `{"products":[{"cycles":["monthly","quarterly"],"description":"Dedicated datacenter IPs","location":"DE","name":"Datacenter Proxy"},{"cycles":["lifetime"],"description":"Residential traffic, per GB","name":"Standart Residential Proxy"}],"success":true}`,
		func(ctx context.Context, c *facade.Client) (bool, error) { return list(c.Products(ctx)) }},
	{"getAvailableCounts", 3, `[{"amount":498,"country":"DE","product":"Datacenter Proxy"},{"amount":100,"country":"DE","product":"ISP Proxy"}]`,
		func(ctx context.Context, c *facade.Client) (bool, error) { return list(c.AvailableCounts(ctx)) }},
	{"listActiveProxies", 3, `{"data":[{"http_port":8080,"ip":"10.0.0.1","password":"pw9e3779b1","socks_port":1080,"status":"active","until":"2026-12-25T10:41:57Z","username":"ps1"}],"success":true}`,
		func(ctx context.Context, c *facade.Client) (bool, error) {
			return list(c.ActiveProxies(ctx, fuzzOrderID))
		}},
	{"calculateAddon", 3, `{"add_qty":2,"add_total":400,"addon_key":"p0f_slots","catalog_id":1,"current_qty":0,"new_qty":2,"price_per_unit":200,"success":true}`,
		func(ctx context.Context, c *facade.Client) (bool, error) {
			return value(c.QuoteAddon(ctx, fuzzOrderID, facade.AddonP0FSlots, 2))
		}},
	{"setOrderTag", 3, `{"message":"Tag updated","success":true}`,
		func(ctx context.Context, c *facade.Client) (bool, error) {
			return done(c.SetTag(ctx, fuzzOrderID, "x"))
		}},
	{"setAutoRenewal", 3, `{"message":"Auto-renewal updated","success":true}`,
		func(ctx context.Context, c *facade.Client) (bool, error) {
			return done(c.SetAutoRenewal(ctx, fuzzOrderID, true))
		}},
	{"setDelNp", 3, `{"message":"del-np updated","success":true}`,
		func(ctx context.Context, c *facade.Client) (bool, error) {
			return done(c.RemoveProxies(ctx, fuzzOrderID, fuzzIP))
		}},
	{"setSignatures", 3, `{"message":"Signatures updated","success":true,"updated":1}`,
		func(ctx context.Context, c *facade.Client) (bool, error) {
			_, err := c.SetSignatures(ctx, fuzzOrderID, map[netip.Addr]facade.OS{fuzzIP: facade.OSLinux})
			return done(err)
		}},
	{"scheduleAddonDowngrade", 3, `{"addons":[{"addon_key":"p0f_slots","catalog_id":1,"pending":{"action":"downgrade","next_qty":1},"price_per_unit":200,"qty":2}],"message":"Downgrade scheduled","success":true}`,
		func(ctx context.Context, c *facade.Client) (bool, error) {
			return value(c.ScheduleAddonDowngrade(ctx, fuzzOrderID, facade.AddonP0FSlots, 1))
		}},
	{"cancelAddonDowngrade", 3, `{"addons":[{"addon_key":"p0f_slots","catalog_id":1,"price_per_unit":200,"qty":2}],"message":"Pending downgrade cleared","success":true}`,
		func(ctx context.Context, c *facade.Client) (bool, error) {
			return value(c.CancelAddonDowngrade(ctx, fuzzOrderID, facade.AddonP0FSlots))
		}},
	{"purchaseOrder", 1, `{"message":"Order paid successfully","order_id":7,"success":true}`,
		func(ctx context.Context, c *facade.Client) (bool, error) { return value(c.Purchase(ctx, fuzzSpec)) }},
	{"renewOrder", 1, `{"message":"Order renewed","success":true}`,
		func(ctx context.Context, c *facade.Client) (bool, error) { return done(c.Renew(ctx, fuzzOrderID)) }},
	{"purchaseAddon", 1, `{"addons":[{"addon_key":"p0f_slots","catalog_id":1,"price_per_unit":200,"qty":2}],"addons_price_paid":400,"message":"Add-on purchased","success":true}`,
		func(ctx context.Context, c *facade.Client) (bool, error) {
			return value(c.BuyAddon(ctx, fuzzOrderID, facade.AddonP0FSlots, 2))
		}},
	{"changeBillingCycle", 1, `{"discount_percent":0,"final_price":420,"message":"Billing cycle changed","order_id":7,"original_price":420,"success":true}`,
		func(ctx context.Context, c *facade.Client) (bool, error) {
			return value(c.ChangeBillingCycle(ctx, fuzzOrderID, "quarterly"))
		}},
	{"getTrafficProfile", 3, `{"data":10000000000,"data_remain":9000000000,"data_spent":1000000000,"proxy_password":"pw","success":true}`,
		func(ctx context.Context, c *facade.Client) (bool, error) {
			return value(c.TrafficProfile(ctx, facade.ProxyTypeStandard))
		}},
	{"listSubUsers", 3, `{"count":1,"data":[{"data":1000000000,"data_remain":1000000000,"data_spent":0,"first_name":"a","proxy_password":"p","user_id":"1"}],"success":true}`,
		func(ctx context.Context, c *facade.Client) (bool, error) {
			return value(c.SubUsersPage(ctx, facade.ProxyTypeStandard, 0, 100))
		}},
	{"getSubUser", 3, `{"data":[{"data":1000000000,"data_spent":0,"first_name":"a","proxy_password":"p"}],"success":true}`,
		func(ctx context.Context, c *facade.Client) (bool, error) {
			return value(c.SubUser(ctx, facade.ProxyTypeStandard, "1"))
		}},
	{"listCountries", 3, `{"count":1,"results":[{"code":"DE","name":"Germany"}]}`,
		func(ctx context.Context, c *facade.Client) (bool, error) {
			return list(c.Countries(ctx, facade.ProxyTypePremium))
		}},
	{"listRegions", 3, `{"count":1,"results":[{"code":"BE","country":{"code":"DE","name":"Germany"},"name":"Berlin"}]}`,
		func(ctx context.Context, c *facade.Client) (bool, error) {
			return list(c.Regions(ctx, facade.ProxyTypeStandard, "DE"))
		}},
	{"listCities", 3, `{"count":1,"results":[{"code":"berlin","country":{"code":"DE","name":"Germany"},"name":"Berlin","region":{"code":"BE","name":"Berlin"}}]}`,
		func(ctx context.Context, c *facade.Client) (bool, error) {
			return list(c.Cities(ctx, facade.ProxyTypeStandard, "DE", "BE"))
		}},
	{"listIsps", 3, `{"count":1,"results":[{"code":"kpn","country":{"code":"NL","name":"Netherlands"},"name":"KPN","region":null}]}`,
		func(ctx context.Context, c *facade.Client) (bool, error) {
			return list(c.ISPs(ctx, "NL", "NH", "amsterdam"))
		}},
	{"getHealth", 3, `ok`,
		func(ctx context.Context, c *facade.Client) (bool, error) { return done(c.Health(ctx)) }},
	{"getLiveness", 3, ``,
		func(ctx context.Context, c *facade.Client) (bool, error) { return done(c.Live(ctx)) }},
	{"editSubUser", 3, `{"message":"Sub user edited successfully","success":true}`,
		func(ctx context.Context, c *facade.Client) (bool, error) {
			return done(c.RenameSubUser(ctx, facade.ProxyTypeStandard, "1", "b"))
		}},
	{"deleteSubUser", 3, `{"message":"Sub user deleted successfully","success":true}`,
		func(ctx context.Context, c *facade.Client) (bool, error) { return done(c.DeleteSubUser(ctx, "1")) }},
	{"resetSubUserPassword", 3, `{"message":"Sub user password changed successfully","success":true}`,
		func(ctx context.Context, c *facade.Client) (bool, error) {
			return done(c.ResetSubUserPassword(ctx, facade.ProxyTypeStandard, "1"))
		}},
	{"addBandwidth", 1, `{"message":"Order paid successfully","success":true}`,
		func(ctx context.Context, c *facade.Client) (bool, error) {
			return done(c.AddBandwidth(ctx, fuzzOrderID, 5, ""))
		}},
	{"createSubUser", 1, `{"data":[{"data":1000000000,"data_spent":0,"first_name":"a","proxy_password":"p","user_id":"1"}],"success":true}`,
		func(ctx context.Context, c *facade.Client) (bool, error) {
			return value(c.CreateSubUser(ctx, facade.ProxyTypeStandard, "a", 1))
		}},
	{"addSubUserData", 1, `{"message":"Traffic added to sub user successfully","success":true}`,
		func(ctx context.Context, c *facade.Client) (bool, error) {
			return done(c.AddSubUserTraffic(ctx, facade.ProxyTypeStandard, "1", 1))
		}},
	{"subtractSubUserData", 1, `{"message":"Traffic subtracted from sub user successfully","success":true}`,
		func(ctx context.Context, c *facade.Client) (bool, error) {
			return done(c.TakeSubUserTraffic(ctx, facade.ProxyTypeStandard, "1", 1))
		}},
}

// tokenMarker in a fuzzed answer is replaced by the request's
// Authorization header: a server or proxy that echoes the credentials.
const tokenMarker = "TOKEN"

// brokenAnswers are what gateways, proxies and broken servers send; every
// call gets each of them as a seed.
var brokenAnswers = []struct {
	status                        uint16
	contentType, retryAfter, body string
	contentLength                 int64
}{
	{502, "text/html", "", "<html><body><h1>502 Bad Gateway</h1></body></html>", -1},
	{503, "application/json", "0", `{"success":false,"message":"Service Unavailable"}`, -1},
	{429, "application/json", "0", `{"success":false,"message":"Too many requests"}`, -1},
	{429, "application/json", "Wed, 21 Oct 2015 07:28:00 GMT", `{"success":false,"message":"slow down"}`, -1},
	{429, "application/json", "3600", `{"success":false,"message":"slow down"}`, -1},
	{400, "application/json", "", `{"success":false,"message":"bad TOKEN"}`, -1},
	{401, "application/json", "", `{"success":false,"message":"Unauthorized"}`, 200},
	{404, "application/json", "", `{"success":false,"message":"Order not found"}`, -1},
	{500, "text/html", "", "<pre>TOKEN</pre>", -1},
	{200, "text/html", "", "<p>TOKEN</p>", -1},
	{200, "application/json", "", `{"success":false,"message":"TOKEN"}`, -1},
	{200, "application/json", "", `{"email":"TOKEN`, -1},
	{200, "application/json", "", `{"success":"yes","order_id":"7","orders":{},"data":null,"products":7,"addons":[null]}`, -1},
	{200, "application/json", "", `{"success":true,"order_id":0,"next":"http://127.0.0.1/user/api/orders?offset=100","orders":[{"order_id":1}]}`, -1},
	{200, "application/json", "", "", -1},
	{200, "application/json", "", "null", -1},
	{200, "application/json", "", "[]", -1},
	{200, "application/json", "", "{}", -1},
	{200, "application/json", "", `{"email":"a@b.c"}`, 20 << 20}, // declared over the cap
	{204, "", "", "", 0},
	{302, "text/html", "", "", 0},
	{999, "", "", "\xff\xfe\x00", -1},
}

// cannedAnswer is the one answer the stub gives to every request.
type cannedAnswer struct {
	status                  int
	contentType, retryAfter string
	contentLength           int64 // -1: not declared
	body                    []byte
}

// complete reports whether the whole answer can be read: no declared
// length beyond the body (the connection would end first) and within the cap.
func (a cannedAnswer) complete() bool {
	return a.contentLength <= int64(len(a.body)) && a.contentLength <= maxAnswerBytes
}

// stubAnswers answers every request with its cannedAnswer and records the
// operation of each request it gets.
type stubAnswers struct {
	answer    cannedAnswer
	validator *api.Validator
	ops       []string
}

func (s *stubAnswers) transport() http.RoundTripper { return roundTripFunc(s.roundTrip) }

func (s *stubAnswers) roundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	op, _ := s.validator.Find(r.Method, r.URL.Path)
	if op != nil {
		s.ops = append(s.ops, op.ID)
	} else {
		s.ops = append(s.ops, "")
	}
	echo := func(v string) string { return strings.ReplaceAll(v, tokenMarker, r.Header.Get("Authorization")) }
	h := http.Header{}
	if s.answer.contentType != "" {
		h.Set("Content-Type", echo(s.answer.contentType))
	}
	if s.answer.retryAfter != "" {
		h.Set("Retry-After", echo(s.answer.retryAfter))
	}
	body := bytes.ReplaceAll(s.answer.body, []byte(tokenMarker), []byte(r.Header.Get("Authorization")))
	var rd io.Reader = bytes.NewReader(body)
	if n := s.answer.contentLength; n >= 0 {
		h.Set("Content-Length", strconv.FormatInt(n, 10))
		rd = &declaredBody{data: body, left: n}
	}
	return &http.Response{
		Status:     strconv.Itoa(s.answer.status) + " " + http.StatusText(s.answer.status),
		StatusCode: s.answer.status, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h, Body: io.NopCloser(rd), ContentLength: s.answer.contentLength, Request: r,
	}, nil
}

// declaredBody reads like net/http's body of an answer with a
// Content-Length: at most left bytes, and io.ErrUnexpectedEOF when the
// data ends first (the connection closed mid-body).
type declaredBody struct {
	data []byte
	left int64
}

func (b *declaredBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, io.EOF
	}
	if len(b.data) == 0 {
		return 0, io.ErrUnexpectedEOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n := copy(p, b.data)
	b.data = b.data[n:]
	b.left -= int64(n)
	return n, nil
}

// The fuzz table must cover every operation of the spec, and each call's
// real answer must succeed, or the fuzzer would only ever explore errors.
func TestFuzzCallsCoverEveryOperationAndAcceptTheirAnswer(t *testing.T) {
	t.Parallel()
	v, err := api.NewValidator()
	require.NoError(t, err)
	want := map[string]bool{}
	for _, op := range v.Operations() {
		want[op.ID] = true
	}
	got := map[string]bool{}
	for _, fc := range fuzzCalls {
		got[fc.op] = true
	}
	assert.Equal(t, want, got)

	for _, fc := range fuzzCalls {
		t.Run(fc.op, func(t *testing.T) {
			stub := &stubAnswers{validator: v, answer: cannedAnswer{status: 200, contentType: "application/json", contentLength: -1, body: []byte(fc.ok)}}
			c, err := facade.New(testToken, facade.WithBaseURL("http://127.0.0.1"), facade.WithHTTPClient(&http.Client{Transport: stub.transport()}))
			require.NoError(t, err)
			ok, err := fc.call(context.Background(), c)
			require.NoError(t, err)
			assert.True(t, ok)
			assert.Equal(t, []string{fc.op}, stub.ops)
		})
	}
}
