package facadetest_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/api"
	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
	"github.com/proxyshard/proxyshard-go/gen"
)

const otherToken = "other-token"

// newFake starts a fake whose own spec violations fail t.
func newFake(t *testing.T, opts ...facadetest.Option) *facadetest.Server {
	t.Helper()
	return facadetest.NewServer(append([]facadetest.Option{facadetest.WithT(t)}, opts...)...)
}

// strictClient talks to s as token ("" sends none) through the validating
// transport in fail mode: a request or an answer that breaks the spec fails
// the call.
func strictClient(t *testing.T, s *facadetest.Server, token string) *gen.ClientWithResponses {
	t.Helper()
	return newClient(t, s, token, api.ValidatingTransport(nil))
}

// reportingClient lets requests that break the spec through, to see how
// the fake answers them, and records every violation.
func reportingClient(t *testing.T, s *facadetest.Server, token string) (*gen.ClientWithResponses, *api.Recorder) {
	t.Helper()
	rec := &api.Recorder{}
	return newClient(t, s, token, api.ValidatingTransport(nil, api.WithRecorder(rec))), rec
}

func newClient(t *testing.T, s *facadetest.Server, token string, rt http.RoundTripper) *gen.ClientWithResponses {
	t.Helper()
	c, err := gen.NewClientWithResponses(s.URL, gen.WithHTTPClient(&http.Client{Transport: rt}),
		gen.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
			if token != "" {
				r.Header.Set("Authorization", "Bearer "+token)
			}
			return nil
		}))
	require.NoError(t, err)
	return c
}

func ptr[T any](v T) *T { return &v }

func dcISPOrder(t testing.TB, product gen.DcIspProduct, location string, cycle facade.Cycle, quantity int, promo string) gen.PurchaseOrderJSONRequestBody {
	t.Helper()
	var body gen.PurchaseOrderJSONRequestBody
	req := gen.PurchaseRequestDcIsp{Product: product, Location: location, Cycle: string(cycle), Quantity: ptr(quantity)}
	if promo != "" {
		req.PromoCode = ptr(promo)
	}
	require.NoError(t, body.FromPurchaseRequestDcIsp(req))
	return body
}

func datacenter(t testing.TB, quantity int) gen.PurchaseOrderJSONRequestBody {
	return dcISPOrder(t, gen.DcIspProductDatacenter, "DE", facadetest.CycleMonthly, quantity, "")
}

func standardResidential(t testing.TB, quantity int) gen.PurchaseOrderJSONRequestBody {
	t.Helper()
	var body gen.PurchaseOrderJSONRequestBody
	require.NoError(t, body.FromPurchaseRequestResidentialStandard(gen.PurchaseRequestResidentialStandard{
		Product: gen.ResidentialStandardProductName, Quantity: ptr(quantity)}))
	return body
}

func premiumResidential(t testing.TB, quantity int) gen.PurchaseOrderJSONRequestBody {
	t.Helper()
	var body gen.PurchaseOrderJSONRequestBody
	require.NoError(t, body.FromPurchaseRequestResidentialPremium(gen.PurchaseRequestResidentialPremium{
		Product: gen.ResidentialPremiumProductName, Quantity: ptr(quantity)}))
	return body
}

func unmetered(t testing.TB) gen.PurchaseOrderJSONRequestBody {
	t.Helper()
	var body gen.PurchaseOrderJSONRequestBody
	require.NoError(t, body.FromPurchaseRequestResidentialUnmetered(gen.PurchaseRequestResidentialUnmetered{
		Product: gen.ResidentialUnmeteredProductName, Cycle: string(facadetest.CycleMonthly)}))
	return body
}

// buy purchases and returns the new order's id; anything but 200 fails t.
func buy(t *testing.T, c *gen.ClientWithResponses, body gen.PurchaseOrderJSONRequestBody) int {
	t.Helper()
	resp, err := c.PurchaseOrderWithResponse(context.Background(), body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	return resp.JSON200.OrderID
}

// ips returns the IPs of an order as the fake holds them.
func ips(t *testing.T, s *facadetest.Server, orderID int) []string {
	t.Helper()
	o, ok := s.Order(orderID)
	require.True(t, ok)
	out := make([]string, 0, len(o.Proxies))
	for _, p := range o.Proxies {
		out = append(out, p.IP)
	}
	return out
}

// order returns the fake's snapshot of an order.
func order(t *testing.T, s *facadetest.Server, id int) facadetest.OrderState {
	t.Helper()
	o, ok := s.Order(id)
	require.True(t, ok, "order %d", id)
	return o
}

// recordingT collects Errorf calls instead of failing the test; the fake
// may call it from its handler goroutines.
type recordingT struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *recordingT) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recordingT) Helper() {}

func (r *recordingT) reported() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.errors...)
}

func listAll() *gen.ListOrdersParams {
	return &gen.ListOrdersParams{Status: gen.ListOrdersParamsStatusAll}
}
