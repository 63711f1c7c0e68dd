package facadetest_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
	"github.com/proxyshard/proxyshard-go/gen"
)

func TestPurchaseChargesTheWalletAndCreatesTheOrder(t *testing.T) {
	tests := []struct {
		name      string
		body      func(t *testing.T) gen.PurchaseOrderJSONRequestBody
		wantPrice int64
		wantIPs   int
		wantCycle facade.Cycle
	}{
		{"datacenter", func(t *testing.T) gen.PurchaseOrderJSONRequestBody { return datacenter(t, 3) }, 3 * 150, 3, "monthly"},
		{"isp quarterly with SAVE10", func(t *testing.T) gen.PurchaseOrderJSONRequestBody {
			return dcISPOrder(t, gen.DcIspProductISP, "NL", facadetest.CycleQuarterly, 10, facadetest.PromoSave10)
		}, 10 * 840 * 90 / 100, 10, "quarterly"},
		{"standard residential", func(t *testing.T) gen.PurchaseOrderJSONRequestBody { return standardResidential(t, 4) }, 4 * 350, 0, "lifetime"},
		{"unmetered", func(t *testing.T) gen.PurchaseOrderJSONRequestBody { return unmetered(t) }, 9900, 0, "monthly"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newFake(t)
			c := strictClient(t, s, s.Token)
			id := buy(t, c, tt.body(t))

			assert.Equal(t, facadetest.DefaultBalance-tt.wantPrice, s.Balance(s.Token))
			o := order(t, s, id)
			assert.Equal(t, tt.wantPrice, o.PricePaidCents)
			assert.Len(t, o.Proxies, tt.wantIPs)
			assert.Equal(t, tt.wantCycle, o.Cycle)
			assert.Equal(t, facadetest.StatusActive, o.Status)

			me, err := c.GetMeWithResponse(context.Background())
			require.NoError(t, err)
			assert.Equal(t, int(facadetest.DefaultBalance-tt.wantPrice), me.JSON200.WalletBalance)
			assert.Equal(t, 1, me.JSON200.ActiveOrders)
		})
	}
}

// The price quote follows the purchase's rules and prices.
func TestCalculateOrderPriceMatchesWhatPurchaseCharges(t *testing.T) {
	s := newFake(t)
	c := strictClient(t, s, s.Token)
	quote, err := c.CalculateOrderPriceWithResponse(context.Background(), &gen.CalculateOrderPriceParams{
		Product: string(facadetest.ProductDatacenter), Location: ptr("DE"), Cycle: ptr("monthly"), Quantity: ptr(10), PromoCode: ptr(facadetest.PromoSave10)})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, quote.StatusCode())
	assert.Equal(t, 1500, *quote.JSON200.OriginalPrice)
	assert.Equal(t, 1350, *quote.JSON200.FinalPrice)
	assert.Equal(t, 10, *quote.JSON200.DiscountPercent)

	id := buy(t, c, dcISPOrder(t, gen.DcIspProductDatacenter, "DE", "monthly", 10, facadetest.PromoSave10))
	assert.Equal(t, int64(1350), order(t, s, id).PricePaidCents)
	assert.Equal(t, int64(facadetest.DefaultBalance-1350), s.Balance(s.Token))
}

// A purchase that fails for any reason changes nothing.
func TestFailedPurchaseChangesNothing(t *testing.T) {
	tests := []struct {
		name    string
		balance int64
		prepare func(s *facadetest.Server)
		body    func(t *testing.T) gen.PurchaseOrderJSONRequestBody
		message string
	}{
		{"insufficient balance", 449, nil, func(t *testing.T) gen.PurchaseOrderJSONRequestBody { return datacenter(t, 3) }, "Insufficient balance"},
		{"insufficient stock", 100000, func(s *facadetest.Server) { s.SetStock(facadetest.ProductDatacenter, "DE", 2) },
			func(t *testing.T) gen.PurchaseOrderJSONRequestBody { return datacenter(t, 3) }, "Insufficient stock"},
		{"unknown location", 100000, nil, func(t *testing.T) gen.PurchaseOrderJSONRequestBody {
			return dcISPOrder(t, gen.DcIspProductDatacenter, "FR", "monthly", 1, "")
		}, "location"},
		{"restricted cycle", 100000, nil, func(t *testing.T) gen.PurchaseOrderJSONRequestBody {
			return dcISPOrder(t, gen.DcIspProductDatacenter, "DE", facadetest.CycleYearly, 1, "")
		}, "not available"},
		{"promo not valid for the cycle", 100000, func(s *facadetest.Server) { s.AddPromoForCycles("Q5", 5, facadetest.CycleQuarterly) },
			func(t *testing.T) gen.PurchaseOrderJSONRequestBody {
				return dcISPOrder(t, gen.DcIspProductDatacenter, "DE", facadetest.CycleMonthly, 1, "Q5")
			}, "promo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newFake(t, facadetest.WithBalance(tt.balance))
			if tt.prepare != nil {
				tt.prepare(s)
			}
			c := strictClient(t, s, s.Token)
			resp, err := c.PurchaseOrderWithResponse(context.Background(), tt.body(t))
			require.NoError(t, err)
			require.Equal(t, http.StatusBadRequest, resp.StatusCode())
			assert.Contains(t, resp.JSON400.Message, tt.message)
			assert.Equal(t, tt.balance, s.Balance(s.Token))
			assert.Empty(t, s.Orders(s.Token))
		})
	}
}

// An invalid purchase body is answered 400 with ApiError, as the API does,
// and recorded as a request violation.
func TestInvalidPurchaseIsRejectedAndRecorded(t *testing.T) {
	s := newFake(t)
	c, rec := reportingClient(t, s, s.Token)
	noLocation := strings.NewReader(`{"product":"Datacenter Proxy","cycle":"monthly","quantity":1}`)
	resp, err := c.PurchaseOrderWithBodyWithResponse(context.Background(), "application/json", noLocation)
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, resp.StatusCode())
	require.NotNil(t, resp.JSON400)
	assert.False(t, resp.JSON400.Success)
	assert.Empty(t, s.Orders(s.Token))

	require.Len(t, rec.Violations(), 1, "the client-side check saw the bad request too")
	violations := s.Violations()
	require.Len(t, violations, 1)
	assert.Equal(t, "purchaseOrder", violations[0].Operation)
	assert.Equal(t, "request", string(violations[0].Side))
}

// Many purchases at once never spend more than the wallet holds.
func TestConcurrentPurchasesNeverOverdraw(t *testing.T) {
	const buyers = 24
	s := newFake(t, facadetest.WithBalance(1000)) // 6 purchases of 150 fit, the 7th does not
	c := strictClient(t, s, s.Token)
	var wg sync.WaitGroup
	statuses := make([]int, buyers)
	for i := range buyers {
		wg.Go(func() {
			resp, err := c.PurchaseOrderWithResponse(context.Background(), datacenter(t, 1))
			if assert.NoError(t, err) {
				statuses[i] = resp.StatusCode()
			}
		})
	}
	wg.Wait()
	counts := map[int]int{}
	for _, st := range statuses {
		counts[st]++
	}
	assert.Equal(t, map[int]int{200: 6, 400: buyers - 6}, counts)
	assert.Equal(t, int64(100), s.Balance(s.Token))
	assert.Len(t, s.Orders(s.Token), 6)
}
