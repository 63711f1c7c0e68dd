package facadetest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
	"github.com/proxyshard/proxyshard-go/gen"
)

func withSlots(t testing.TB, body gen.PurchaseOrderJSONRequestBody, key string, qty int) gen.PurchaseOrderJSONRequestBody {
	t.Helper()
	raw, err := body.MarshalJSON()
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(raw, &m))
	m["addons"] = []map[string]any{{"addon_key": key, "qty": qty}}
	raw, err = json.Marshal(m)
	require.NoError(t, err)
	var out gen.PurchaseOrderJSONRequestBody
	require.NoError(t, out.UnmarshalJSON(raw))
	return out
}

// Add-ons in a purchase are charged with the order, in the same step, and
// are the order's slots at once: two slots sign two IPs, not a third.
func TestPurchaseChargesAddonsWithTheOrderAndTurnsThemIntoSlots(t *testing.T) {
	ctx := context.Background()
	s := newFake(t)
	c := strictClient(t, s, s.Token)
	before := s.Balance(s.Token)

	id := buy(t, c, withSlots(t, datacenter(t, 3), facadetest.AddonP0FSlots, 2))
	assert.Equal(t, before-3*150-2*facadetest.P0FSlotPriceCents, s.Balance(s.Token))
	o, ok := s.Order(id)
	require.True(t, ok)
	assert.Equal(t, 2, o.P0FSlots)
	assert.Equal(t, int64(2*facadetest.P0FSlotPriceCents), o.AddonsPricePaidCents)

	detail, err := c.GetOrderWithResponse(ctx, id)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, detail.StatusCode())
	assert.Equal(t, 2, *detail.JSON200.Order.P0FSlotsAvailable)

	addrs := ips(t, s, id)
	sign := func(ip ...string) int {
		items := make([]gen.SignatureItem, len(ip))
		for i, a := range ip {
			items[i] = gen.SignatureItem{IP: a, Signature: gen.SignatureOSLinux}
		}
		resp, err := c.SetSignaturesWithResponse(ctx, id, gen.SetSignaturesRequest{Items: items})
		require.NoError(t, err)
		return resp.StatusCode()
	}
	assert.Equal(t, http.StatusOK, sign(addrs[0], addrs[1]))
	assert.Equal(t, http.StatusBadRequest, sign(addrs[2]), "two slots, a third IP")

	active, err := c.ListActiveProxiesWithResponse(ctx, &gen.ListActiveProxiesParams{OrderID: id})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, active.StatusCode())
	signed := map[string]string{}
	for _, p := range active.JSON200.Data {
		if p.Signature != nil {
			signed[p.IP] = *p.Signature
		}
	}
	assert.Equal(t, map[string]string{addrs[0]: "linux", addrs[1]: "linux"}, signed, "an unsigned IP has none")
}

// A purchase whose add-ons cannot be sold changes nothing.
func TestPurchaseRefusesAddonsItCannotSell(t *testing.T) {
	s := newFake(t)
	c := strictClient(t, s, s.Token)
	before := s.Balance(s.Token)
	for name, body := range map[string]gen.PurchaseOrderJSONRequestBody{
		"residential":   withSlots(t, standardResidential(t, 1), facadetest.AddonP0FSlots, 1),
		"unknown key":   withSlots(t, datacenter(t, 1), "gpu_slots", 1),
		"too expensive": withSlots(t, datacenter(t, 1), facadetest.AddonP0FSlots, 99999),
	} {
		t.Run(name, func(t *testing.T) {
			resp, err := c.PurchaseOrderWithResponse(context.Background(), body)
			require.NoError(t, err)
			assert.Equal(t, http.StatusBadRequest, resp.StatusCode(), string(resp.Body))
		})
	}
	assert.Equal(t, before, s.Balance(s.Token))
	assert.Empty(t, s.Orders(s.Token))
}

// calculate prices the add-ons of addons_json with the order.
func TestCalculatePricesAddonsJSON(t *testing.T) {
	ctx := context.Background()
	s := newFake(t)
	c := strictClient(t, s, s.Token)
	params := func(addons string) *gen.CalculateOrderPriceParams {
		p := &gen.CalculateOrderPriceParams{Product: string(facadetest.ProductDatacenter), Location: ptr("DE"), Cycle: ptr("monthly"), Quantity: ptr(2)}
		if addons != "" {
			p.AddonsJSON = ptr(addons)
		}
		return p
	}
	q, err := c.CalculateOrderPriceWithResponse(ctx, params(`[{"addon_key":"p0f_slots","qty":5}]`))
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, q.StatusCode(), string(q.Body))
	assert.Equal(t, 300, *q.JSON200.FinalPrice)
	assert.Equal(t, 5*facadetest.P0FSlotPriceCents, *q.JSON200.AddonsPrice)
	assert.Equal(t, 300+5*facadetest.P0FSlotPriceCents, *q.JSON200.TotalWithAddons)

	q, err = c.CalculateOrderPriceWithResponse(ctx, params(""))
	require.NoError(t, err)
	assert.Equal(t, 0, *q.JSON200.AddonsPrice)
	assert.Equal(t, 300, *q.JSON200.TotalWithAddons)

	for _, bad := range []string{`[{`, `{"addon_key":"p0f_slots","qty":1}`, `[{"addon_key":"p0f_slots","qty":0}]`, `[{"addon_key":"x","qty":1}]`, `[{"qty":1}]`} {
		q, err = c.CalculateOrderPriceWithResponse(ctx, params(bad))
		require.NoError(t, err)
		assert.Equal(t, http.StatusBadRequest, q.StatusCode(), bad)
	}
}

func TestAvailableCountsAnswerProductCodes(t *testing.T) {
	s := newFake(t)
	c := strictClient(t, s, s.Token)
	resp, err := c.GetAvailableCountsWithResponse(context.Background())
	require.NoError(t, err)
	codes := map[string]int{}
	for _, a := range *resp.JSON200 {
		codes[a.Product]++
	}
	assert.Equal(t, map[string]int{string(facade.CodeDatacenter): 3, string(facade.CodeISP): 3}, codes)
}

func TestRenewAndTagAnswerWithAMessage(t *testing.T) {
	s := newFake(t)
	c := strictClient(t, s, s.Token)
	id := buy(t, c, datacenter(t, 1))
	tag, err := c.SetOrderTagWithResponse(context.Background(), id, gen.SetOrderTagRequest{Tag: "x"})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, tag.StatusCode())
	assert.NotEmpty(t, tag.JSON200.Message)
}

// Purchases with add-ons and add-on purchases, many at once: every cent
// charged is a cent of an order or of its add-ons, and the wallet never goes
// below zero.
func TestWalletIsExactUnderConcurrentPurchasesWithAddons(t *testing.T) {
	const start = 20_000 // enough for some of what is tried, not all
	s := newFake(t, facadetest.WithBalance(start))
	c := strictClient(t, s, s.Token)
	first := buy(t, c, datacenter(t, 1))

	var wg sync.WaitGroup
	var mu sync.Mutex
	charged := int64(150)
	for i := range 60 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			if i%3 == 0 {
				resp, err := c.PurchaseAddonWithResponse(ctx, first, gen.PurchaseAddonRequest{AddonKey: facadetest.AddonP0FSlots, AddQty: 2})
				if err == nil && resp.StatusCode() == http.StatusOK {
					mu.Lock()
					charged += 2 * facadetest.P0FSlotPriceCents
					mu.Unlock()
				}
				return
			}
			resp, err := c.PurchaseOrderWithResponse(ctx, withSlots(t, datacenter(t, 2), facadetest.AddonP0FSlots, 1))
			if err == nil && resp.StatusCode() == http.StatusOK {
				mu.Lock()
				charged += 2*150 + facadetest.P0FSlotPriceCents
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	balance := s.Balance(s.Token)
	assert.GreaterOrEqual(t, balance, int64(0))
	assert.Less(t, balance, int64(2*150+facadetest.P0FSlotPriceCents), "the wallet was spent down to less than one more purchase")
	assert.Equal(t, int64(start)-charged, balance, "the wallet moved by exactly what the successful calls charged")
	var paid int64
	for _, o := range s.Orders(s.Token) {
		paid += o.PricePaidCents + o.AddonsPricePaidCents
	}
	assert.Equal(t, charged, paid, "every cent charged is on an order")
}
