package facade_test

import (
	"context"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/api"
	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

func TestProfileCatalogAndStock(t *testing.T) {
	t.Parallel()
	c, s := fakeClient(t)
	ctx := context.Background()

	me, err := c.Me(ctx)
	require.NoError(t, err)
	assert.Equal(t, &facade.Profile{Email: facadetest.DefaultEmail, ActiveOrders: 0, Balance: facadetest.DefaultBalance}, me)

	// The escape hatch shares the configuration, validating transport included.
	raw, err := c.Raw().GetMeWithResponse(ctx)
	require.NoError(t, err)
	require.NotNil(t, raw.JSON200)
	assert.Equal(t, facadetest.DefaultEmail, raw.JSON200.Email)

	products, err := c.Products(ctx)
	require.NoError(t, err)
	names := map[facade.ProductName]bool{}
	for _, p := range products {
		names[p.Name] = true
		assert.NotEmpty(t, p.Cycles, p.Name)
	}
	for _, want := range []facade.ProductName{facade.ProductDatacenter, facade.ProductISP, facade.ProductResidentialStandard, facade.ProductResidentialPremium, facade.ProductResidentialUnmetered} {
		assert.True(t, names[want], "catalogue lacks %s", want)
		assert.True(t, want.Known())
	}
	dc := products[slices.IndexFunc(products, func(p facade.Product) bool { return p.Name == facade.ProductDatacenter })]
	assert.NotEmpty(t, dc.Location)
	assert.Contains(t, dc.Cycles, facade.CycleMonthly)

	s.SetStock(facadetest.ProductDatacenter, "DE", 42)
	counts, err := c.AvailableCounts(ctx)
	require.NoError(t, err)
	assert.Contains(t, counts, facade.Availability{Product: facade.ProductDatacenter, Code: facade.CodeDatacenter, Country: "DE", Amount: 42})
}

// Each purchase variant: the quote is what the wallet is charged, and the
// order the fake holds is what was asked for.
func TestQuoteThenPurchaseEachVariant(t *testing.T) {
	t.Parallel()
	autoOn := true
	tests := []struct {
		name     string
		spec     facade.PurchaseSpec
		product  facade.ProductName
		location string
		cycle    facade.Cycle
		quantity int
		auto     bool
	}{
		{"Datacenter", facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: 10, PromoCode: facadetest.PromoSave10, AutoRenewal: true},
			facadetest.ProductDatacenter, "DE", "monthly", 10, true},
		{"ISP", facade.ISP{Location: "US", Cycle: "quarterly", Quantity: 3},
			facadetest.ProductISP, "US", "quarterly", 3, false},
		{"ResidentialStandard", facade.ResidentialStandard{Quantity: 5},
			facadetest.ProductResidentialStandard, "", "lifetime", 5, false},
		{"ResidentialPremium", facade.ResidentialPremium{Quantity: 2, PromoCode: facadetest.PromoSave10},
			facadetest.ProductResidentialPremium, "", "lifetime", 2, false},
		{"ResidentialUnmetered", facade.ResidentialUnmetered{Cycle: "monthly", AutoRenewal: true},
			facadetest.ProductResidentialUnmetered, "", "monthly", 1, true},
		{"pointer to a variant", &facade.ISP{Location: "NL", Cycle: "monthly", Quantity: 1, AutoRenewal: autoOn},
			facadetest.ProductISP, "NL", "monthly", 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, s := fakeClient(t)
			ctx := context.Background()
			assert.Equal(t, tt.product, tt.spec.Product())

			q, err := c.Quote(ctx, tt.spec)
			require.NoError(t, err)
			assert.Positive(t, q.Final)
			assert.LessOrEqual(t, q.Final, q.Original)

			res, err := c.Purchase(ctx, tt.spec)
			require.NoError(t, err)
			assert.Positive(t, res.OrderID)
			assert.NotEmpty(t, res.Message)
			assert.Equal(t, int64(facadetest.DefaultBalance)-int64(q.Final), s.Balance(s.Token), "charged exactly the quote")

			o, ok := s.Order(res.OrderID)
			require.True(t, ok)
			assert.Equal(t, tt.product, o.Product)
			assert.Equal(t, tt.location, o.Location)
			assert.Equal(t, tt.cycle, o.Cycle)
			assert.Equal(t, tt.quantity, o.Quantity)
			assert.Equal(t, tt.auto, o.AutoRenewal)
			assert.EqualValues(t, q.Final, o.PricePaidCents)
		})
	}
}

func TestQuoteAppliesThePromoCode(t *testing.T) {
	t.Parallel()
	c, _ := fakeClient(t)
	q, err := c.Quote(context.Background(), facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: 10, PromoCode: facadetest.PromoSave10})
	require.NoError(t, err)
	assert.Equal(t, facade.Quote{Original: 1500, Final: 1350, DiscountPercent: 10, Total: 1350}, *q)
}

func TestOtherProductReachesTheServer(t *testing.T) {
	t.Parallel()
	c, s := fakeClient(t)
	// The fake knows no such product: the request is valid, the answer a 400.
	_, err := c.Purchase(context.Background(), facade.OtherProduct{Name: "Mobile Proxy", Cycle: "monthly", Quantity: 1})
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 400, apiErr.StatusCode)
	assert.Contains(t, apiErr.Message, "Unknown product")
	assert.Equal(t, 1, s.Requests("purchaseOrder"))
	assert.NotErrorIs(t, err, facade.ErrOutcomeUnknown)
}

func TestOrderLifecycle(t *testing.T) {
	t.Parallel()
	c, s := fakeClient(t)
	ctx := context.Background()
	bought, err := c.Purchase(ctx, facade.Datacenter{Location: "NL", Cycle: "monthly", Quantity: 3})
	require.NoError(t, err)
	id := bought.OrderID

	detail, err := c.GetOrder(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, id, detail.ID)
	assert.Equal(t, facade.ProductDatacenter, detail.Product)
	assert.Equal(t, facade.CycleMonthly, detail.Cycle)
	assert.Equal(t, 3, detail.Quantity)
	assert.Equal(t, facade.StatusActive, detail.Status)
	assert.Equal(t, facade.Cents(450), detail.PricePaid)
	assert.False(t, detail.CreatedAt.IsZero())
	assert.Equal(t, s.Now().AddDate(0, 1, 0).Unix(), detail.ExpiresAt.Time.Unix())

	require.NoError(t, c.SetTag(ctx, id, "scraper-eu"))
	require.NoError(t, c.SetAutoRenewal(ctx, id, true))
	o, _ := s.Order(id)
	assert.Equal(t, "scraper-eu", o.Tag)
	assert.True(t, o.AutoRenewal)
	require.NoError(t, c.SetAutoRenewal(ctx, id, false))
	o, _ = s.Order(id)
	assert.False(t, o.AutoRenewal)

	change, err := c.ChangeBillingCycle(ctx, id, "quarterly")
	require.NoError(t, err)
	assert.Equal(t, id, change.OrderID)
	assert.Equal(t, facade.Cents(3*420), change.Price.Final)
	o, _ = s.Order(id)
	assert.Equal(t, facade.CycleQuarterly, o.Cycle)

	proxies, err := c.ActiveProxies(ctx, id)
	require.NoError(t, err)
	require.Len(t, proxies, 3)
	for i, p := range proxies {
		assert.Equal(t, o.Proxies[i].IP, p.IP)
		assert.Equal(t, facadetest.ProxyHTTPPort, p.HTTPPort)
		assert.Equal(t, facadetest.ProxySocksPort, p.SOCKSPort)
		assert.Equal(t, o.Proxies[i].Username, p.Username)
		assert.Equal(t, o.Proxies[i].Password, p.Password)
		assert.Equal(t, "http://"+p.Username+":"+p.Password+"@"+p.IP+":8080", p.HTTPURL().String())
	}

	// Expire it without auto-renewal: on-hold, then renew from the wallet.
	s.Advance(o.ExpiresAt.Sub(s.Now()) + time.Hour)
	o, _ = s.Order(id)
	require.Equal(t, facadetest.StatusOnHold, o.Status)
	before := s.Balance(s.Token)
	require.NoError(t, c.Renew(ctx, id))
	o, _ = s.Order(id)
	assert.Equal(t, facadetest.StatusActive, o.Status)
	assert.Equal(t, before-o.PricePaidCents, s.Balance(s.Token))

	err = c.Renew(ctx, id)
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr, "an active order cannot be renewed")
	assert.Equal(t, 400, apiErr.StatusCode)

	_, err = c.GetOrder(ctx, id+1000)
	assert.ErrorIs(t, err, facade.ErrNotFound)
}

func TestAddonsSignaturesAndDelNp(t *testing.T) {
	t.Parallel()
	c, s := fakeClient(t)
	ctx := context.Background()
	bought, err := c.Purchase(ctx, facade.ISP{Location: "DE", Cycle: "monthly", Quantity: 4})
	require.NoError(t, err)
	id := bought.OrderID

	quote, err := c.QuoteAddon(ctx, id, facade.AddonP0FSlots, 3)
	require.NoError(t, err)
	assert.Equal(t, facade.AddonQuote{Key: facade.AddonP0FSlots, CatalogID: quote.CatalogID, PricePerUnit: facadetest.P0FSlotPriceCents,
		CurrentQty: 0, AddQty: 3, NewQty: 3, Total: 3 * facadetest.P0FSlotPriceCents}, *quote)

	before := s.Balance(s.Token)
	added, err := c.BuyAddon(ctx, id, facade.AddonP0FSlots, 3)
	require.NoError(t, err)
	assert.Equal(t, before-int64(quote.Total), s.Balance(s.Token))
	require.Len(t, added.Addons, 1)
	assert.Equal(t, facade.AddonLine{Key: facade.AddonP0FSlots, CatalogID: quote.CatalogID, Qty: 3, PricePerUnit: facadetest.P0FSlotPriceCents}, added.Addons[0])
	assert.Equal(t, quote.Total, added.AddonsPricePaid)

	proxies, err := c.ActiveProxies(ctx, id)
	require.NoError(t, err)
	a0, err := proxies[0].Addr()
	require.NoError(t, err)
	a1, err := proxies[1].Addr()
	require.NoError(t, err)
	updated, err := c.SetSignatures(ctx, id, map[netip.Addr]facade.OS{a0: facade.OSWin11, a1: facade.OSMacOS})
	require.NoError(t, err)
	assert.Equal(t, 2, updated)
	o, _ := s.Order(id)
	assert.Equal(t, "win11", o.Proxies[0].Signature)
	assert.Equal(t, "macos", o.Proxies[1].Signature)

	detail, err := c.GetOrder(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, facade.SlotCounts{Available: 3, Used: 2, Next: 3}, detail.P0FSlots)

	scheduled, err := c.ScheduleAddonDowngrade(ctx, id, facade.AddonP0FSlots, 2)
	require.NoError(t, err)
	require.Len(t, scheduled.Addons, 1)
	assert.Equal(t, &facade.AddonChange{Action: "downgrade", NextQty: 2}, scheduled.Addons[0].Pending)
	o, _ = s.Order(id)
	assert.Equal(t, 2, o.P0FSlotsNext)

	cancelled, err := c.CancelAddonDowngrade(ctx, id, facade.AddonP0FSlots)
	require.NoError(t, err)
	assert.Nil(t, cancelled.Addons[0].Pending)
	o, _ = s.Order(id)
	assert.Equal(t, 3, o.P0FSlotsNext)

	a3, err := proxies[3].Addr()
	require.NoError(t, err)
	require.NoError(t, c.RemoveProxies(ctx, id, a3))
	o, _ = s.Order(id)
	assert.True(t, o.Proxies[3].DeleteNextPeriod)
	assert.Equal(t, 3, o.Quantity, "del-np lowers the quantity billed next")
	require.NoError(t, c.KeepProxies(ctx, id, a3))
	o, _ = s.Order(id)
	assert.False(t, o.Proxies[3].DeleteNextPeriod)
	assert.Equal(t, 4, o.Quantity)
}

func TestListingOrdersFromTheFake(t *testing.T) {
	t.Parallel()
	c, s := fakeClient(t)
	ctx := context.Background()
	s.SetBalance(s.Token, 10_000_000)
	var want []int
	for range 205 {
		r, err := c.Purchase(ctx, facade.Datacenter{Location: "US", Cycle: "monthly", Quantity: 1})
		require.NoError(t, err)
		want = append(want, r.OrderID)
	}
	before := s.Requests("listOrders")
	var got []int
	for o, err := range c.Orders(ctx, facade.StatusActive) {
		require.NoError(t, err)
		assert.Equal(t, facade.ProductDatacenter, o.Product)
		assert.Equal(t, facade.CycleMonthly, o.Cycle)
		assert.False(t, o.ExpiresAt.IsZero())
		got = append(got, o.ID)
	}
	assert.Equal(t, want, got)
	assert.Equal(t, 3, s.Requests("listOrders")-before, "205 orders in pages of 100")

	for o, err := range c.Orders(ctx, facade.StatusCancelled) {
		t.Fatalf("no cancelled orders expected, got %+v %v", o, err)
	}

	page, err := c.OrdersPage(ctx, facade.StatusAll, 200, 100)
	require.NoError(t, err)
	assert.Len(t, page.Orders, 5)
	assert.Empty(t, page.Next)
	assert.NotEmpty(t, page.Prev)
}

// Every operation of the spec was exercised with a success answer by the
// tests above; this one checks it on one fake by running the whole tour.
func TestEveryOperationIsCovered(t *testing.T) {
	t.Parallel()
	c, s := fakeClient(t)
	ctx := context.Background()
	_, err := c.Me(ctx)
	require.NoError(t, err)
	_, err = c.Products(ctx)
	require.NoError(t, err)
	_, err = c.AvailableCounts(ctx)
	require.NoError(t, err)
	spec := facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: 2}
	_, err = c.Quote(ctx, spec)
	require.NoError(t, err)
	r, err := c.Purchase(ctx, spec)
	require.NoError(t, err)
	for _, err := range c.Orders(ctx, facade.StatusAll) {
		require.NoError(t, err)
	}
	_, err = c.GetOrder(ctx, r.OrderID)
	require.NoError(t, err)
	require.NoError(t, c.SetTag(ctx, r.OrderID, "t"))
	require.NoError(t, c.SetAutoRenewal(ctx, r.OrderID, true))
	_, err = c.ChangeBillingCycle(ctx, r.OrderID, "quarterly")
	require.NoError(t, err)
	ps, err := c.ActiveProxies(ctx, r.OrderID)
	require.NoError(t, err)
	addr, err := ps[0].Addr()
	require.NoError(t, err)
	_, err = c.QuoteAddon(ctx, r.OrderID, facade.AddonP0FSlots, 2)
	require.NoError(t, err)
	_, err = c.BuyAddon(ctx, r.OrderID, facade.AddonP0FSlots, 2)
	require.NoError(t, err)
	_, err = c.SetSignatures(ctx, r.OrderID, map[netip.Addr]facade.OS{addr: facade.OSLinux})
	require.NoError(t, err)
	_, err = c.ScheduleAddonDowngrade(ctx, r.OrderID, facade.AddonP0FSlots, 1)
	require.NoError(t, err)
	_, err = c.CancelAddonDowngrade(ctx, r.OrderID, facade.AddonP0FSlots)
	require.NoError(t, err)
	require.NoError(t, c.RemoveProxies(ctx, r.OrderID, addr))
	require.NoError(t, c.SetAutoRenewal(ctx, r.OrderID, false))
	o, _ := s.Order(r.OrderID)
	s.Advance(o.ExpiresAt.Sub(s.Now()) + time.Hour)
	require.NoError(t, c.Renew(ctx, r.OrderID))

	// The residential half.
	res, err := c.Purchase(ctx, facade.ResidentialPremium{Quantity: 3})
	require.NoError(t, err)
	require.NoError(t, c.AddBandwidth(ctx, res.OrderID, 1, ""))
	_, err = c.TrafficProfile(ctx, facade.ProxyTypePremium)
	require.NoError(t, err)
	u, err := c.CreateSubUser(ctx, facade.ProxyTypePremium, "a", 1)
	require.NoError(t, err)
	_, err = c.SubUsersPage(ctx, facade.ProxyTypePremium, 0, 10)
	require.NoError(t, err)
	_, err = c.SubUser(ctx, facade.ProxyTypePremium, u.ID)
	require.NoError(t, err)
	require.NoError(t, c.RenameSubUser(ctx, facade.ProxyTypePremium, u.ID, "b"))
	require.NoError(t, c.AddSubUserTraffic(ctx, facade.ProxyTypePremium, u.ID, 1))
	require.NoError(t, c.TakeSubUserTraffic(ctx, facade.ProxyTypePremium, u.ID, 1))
	require.NoError(t, c.ResetSubUserPassword(ctx, facade.ProxyTypePremium, u.ID))
	require.NoError(t, c.DeleteSubUser(ctx, u.ID))
	_, err = c.Countries(ctx, facade.ProxyTypePremium)
	require.NoError(t, err)
	_, err = c.Regions(ctx, facade.ProxyTypePremium, "DE")
	require.NoError(t, err)
	_, err = c.Cities(ctx, facade.ProxyTypePremium, "DE", "BE")
	require.NoError(t, err)
	_, err = c.ISPs(ctx, "DE", "BE", "berlin")
	require.NoError(t, err)
	require.NoError(t, c.Health(ctx))
	require.NoError(t, c.Live(ctx))

	v, err := api.NewValidator()
	require.NoError(t, err)
	coverage := s.Coverage()
	require.Len(t, coverage, len(v.Operations()), "operations the fake answered, against the spec's")
	for _, op := range v.Operations() {
		assert.Positive(t, coverage[op.ID][200], "%s never answered 200", op.ID)
	}
}
