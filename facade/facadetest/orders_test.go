package facadetest_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
	"github.com/proxyshard/proxyshard-go/gen"
)

// paramsOf turns a next/prev page URI back into list parameters.
func paramsOf(t *testing.T, uri string) *gen.ListOrdersParams {
	t.Helper()
	u, err := url.Parse(uri)
	require.NoError(t, err)
	require.Equal(t, "/user/api/orders", u.Path)
	q := u.Query()
	offset, err := strconv.Atoi(q.Get("offset"))
	require.NoError(t, err)
	limit, err := strconv.Atoi(q.Get("limit"))
	require.NoError(t, err)
	return &gen.ListOrdersParams{Status: gen.ListOrdersParamsStatus(q.Get("status")), Offset: &offset, Limit: &limit}
}

func TestListOrdersPagesWithNextAndPrev(t *testing.T) {
	s := newFake(t)
	c := strictClient(t, s, s.Token)
	ctx := context.Background()
	var want []int
	for range 5 {
		want = append(want, buy(t, c, standardResidential(t, 1)))
	}

	var got []int
	var prevs []*string
	params := &gen.ListOrdersParams{Status: gen.ListOrdersParamsStatusAll, Limit: ptr(2)}
	for pages := 0; ; pages++ {
		require.Less(t, pages, 5, "next never ends")
		page, err := c.ListOrdersWithResponse(ctx, params)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, page.StatusCode())
		for _, o := range page.JSON200.Orders {
			got = append(got, o.OrderID)
		}
		assert.Equal(t, len(page.JSON200.Orders), *page.JSON200.Count)
		prevs = append(prevs, page.JSON200.Prev)
		if page.JSON200.Next == nil {
			break
		}
		params = paramsOf(t, *page.JSON200.Next)
	}
	assert.Equal(t, want, got)
	require.Len(t, prevs, 3)
	assert.Nil(t, prevs[0])
	assert.Equal(t, "/user/api/orders?status=all&offset=0&limit=2", *prevs[1])
	assert.Equal(t, "/user/api/orders?status=all&offset=2&limit=2", *prevs[2])
}

func TestListOrdersDefaultsToPagesOfTwenty(t *testing.T) {
	s := newFake(t)
	c := strictClient(t, s, s.Token)
	for range 21 {
		buy(t, c, standardResidential(t, 1))
	}
	page, err := c.ListOrdersWithResponse(context.Background(), &gen.ListOrdersParams{Status: gen.ListOrdersParamsStatusAll})
	require.NoError(t, err)
	assert.Len(t, page.JSON200.Orders, 20)
	assert.Equal(t, "/user/api/orders?status=all&offset=20&limit=20", *page.JSON200.Next)
	assert.Nil(t, page.JSON200.Prev)
}

func TestListOrdersFiltersByStatus(t *testing.T) {
	s := newFake(t)
	c := strictClient(t, s, s.Token)
	held := buy(t, c, datacenter(t, 1))
	s.Advance(32 * 24 * time.Hour)
	active := buy(t, c, datacenter(t, 1))
	tests := []struct {
		status gen.ListOrdersParamsStatus
		want   []int
	}{
		{gen.ListOrdersParamsStatusActive, []int{active}},
		{gen.ListOrdersParamsStatusOnHold, []int{held}},
		{gen.ListOrdersParamsStatusCancelled, nil},
		{gen.ListOrdersParamsStatusAll, []int{held, active}},
	}
	for _, tt := range tests {
		t.Run(string(tt.status), func(t *testing.T) {
			page, err := c.ListOrdersWithResponse(context.Background(), &gen.ListOrdersParams{Status: tt.status})
			require.NoError(t, err)
			var got []int
			for _, o := range page.JSON200.Orders {
				got = append(got, o.OrderID)
				assert.Equal(t, string(facadetest.ProductDatacenter), o.ProductName)
				assert.Equal(t, 1, o.ProductID)
				assert.Equal(t, "monthly", o.CycleName)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

// Out-of-range paging breaks the spec: the fake answers 400 and records it.
func TestListOrdersRejectsBadPaging(t *testing.T) {
	tests := []struct {
		name   string
		params gen.ListOrdersParams
		field  string
	}{
		{"limit 0", gen.ListOrdersParams{Status: gen.ListOrdersParamsStatusAll, Limit: ptr(0)}, "query.limit"},
		{"limit 101", gen.ListOrdersParams{Status: gen.ListOrdersParamsStatusAll, Limit: ptr(101)}, "query.limit"},
		{"negative offset", gen.ListOrdersParams{Status: gen.ListOrdersParamsStatusAll, Offset: ptr(-1)}, "query.offset"},
		{"unknown status", gen.ListOrdersParams{Status: "expired"}, "query.status"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newFake(t)
			c, _ := reportingClient(t, s, s.Token)
			page, err := c.ListOrdersWithResponse(context.Background(), &tt.params)
			require.NoError(t, err)
			require.Equal(t, http.StatusBadRequest, page.StatusCode())
			assert.Contains(t, page.JSON400.Message, tt.field)
			require.Len(t, s.Violations(), 1)
			assert.Equal(t, tt.field, s.Violations()[0].Field)
		})
	}
}

func TestOrderDetailAndTag(t *testing.T) {
	s := newFake(t, facadetest.WithClock(start))
	c := strictClient(t, s, s.Token)
	ctx := context.Background()
	id := buy(t, c, dcISPOrder(t, gen.DcIspProductISP, "US", "monthly", 4, facadetest.PromoSave10))
	tag, err := c.SetOrderTagWithResponse(ctx, id, gen.SetOrderTagJSONRequestBody{Tag: "crawler"})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, tag.StatusCode())

	got, err := c.GetOrderWithResponse(ctx, id)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, got.StatusCode())
	d := got.JSON200.Order
	assert.Equal(t, id, *d.OrderID)
	assert.Equal(t, string(facadetest.ProductISP), *d.ProductName)
	assert.Equal(t, 4, *d.Quantity)
	assert.Equal(t, 4*300*90/100, *d.PricePaid)
	assert.Equal(t, facadetest.PromoSave10, *d.PromoCode)
	assert.Equal(t, "crawler", *d.Tag)
	assert.Equal(t, start.Format(time.RFC3339), *d.CreatedAt)
	assert.Equal(t, start.AddDate(0, 1, 0).Format(time.RFC3339), *d.ExpiresAt)
	assert.Equal(t, false, *d.AutoRenewal)
	assert.Empty(t, *d.Addons)

	proxies, err := c.ListActiveProxiesWithResponse(ctx, &gen.ListActiveProxiesParams{OrderID: id})
	require.NoError(t, err)
	assert.Equal(t, "crawler", *proxies.JSON200.OrderTag)
	require.Len(t, proxies.JSON200.Data, 4)
	p := proxies.JSON200.Data[0]
	assert.NotEmpty(t, p.IP)
	assert.NotEmpty(t, p.Username)
	assert.NotEmpty(t, p.Password)
	assert.Equal(t, facadetest.ProxyHTTPPort, p.HTTPPort)
	assert.Equal(t, facadetest.ProxySocksPort, p.SOCKSPort)
	assert.Equal(t, string(facadetest.StatusActive), p.Status)
}

func TestChangeBillingCycle(t *testing.T) {
	tests := []struct {
		name         string
		promo        string
		grantYearly  bool
		to           facade.Cycle
		wantStatus   int
		wantFinal    int
		wantDiscount int
		wantPromo    string
	}{
		{"to quarterly keeps an all-cycle promo", facadetest.PromoSave10, false, facadetest.CycleQuarterly, 200, 2 * 420 * 90 / 100, 10, facadetest.PromoSave10},
		{"a promo not valid for the new cycle is reset", "MONTHLY20", false, facadetest.CycleQuarterly, 200, 2 * 420, 0, ""},
		{"a restricted cycle is forbidden", "", false, facadetest.CycleYearly, 403, 0, 0, ""},
		{"a granted cycle is allowed", "", true, facadetest.CycleYearly, 200, 2 * 1500, 0, ""},
		{"a cycle the product lacks", "", false, facadetest.CycleLifetime, 400, 0, 0, ""},
		{"an unknown cycle", "", false, "weekly", 400, 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newFake(t)
			s.AddPromoForCycles("MONTHLY20", 20, facadetest.CycleMonthly)
			if tt.grantYearly {
				s.GrantCycle(s.Token, facadetest.CycleYearly)
			}
			c := strictClient(t, s, s.Token)
			id := buy(t, c, dcISPOrder(t, gen.DcIspProductDatacenter, "NL", facadetest.CycleMonthly, 2, tt.promo))
			balance := s.Balance(s.Token)

			resp, err := c.ChangeBillingCycleWithResponse(context.Background(), id, gen.ChangeBillingCycleJSONRequestBody{Cycle: string(tt.to)})
			require.NoError(t, err)
			require.Equal(t, tt.wantStatus, resp.StatusCode(), string(resp.Body))
			assert.Equal(t, balance, s.Balance(s.Token), "changing the cycle charges nothing now")
			o := order(t, s, id)
			if tt.wantStatus != http.StatusOK {
				assert.Equal(t, facadetest.CycleMonthly, o.Cycle)
				return
			}
			assert.Equal(t, id, *resp.JSON200.OrderID)
			assert.Equal(t, tt.wantFinal, *resp.JSON200.FinalPrice)
			assert.Equal(t, tt.wantDiscount, *resp.JSON200.DiscountPercent)
			assert.Equal(t, tt.to, o.Cycle)
			assert.Equal(t, tt.wantPromo, o.PromoCode)
			assert.Equal(t, int64(tt.wantFinal), o.PricePaidCents, "the next renewal charges the new price")
		})
	}
}

// Operations only for Datacenter/ISP answer other products as documented.
func TestDatacenterISPOnlyOperationsRefuseOtherProducts(t *testing.T) {
	s := newFake(t)
	c := strictClient(t, s, s.Token)
	ctx := context.Background()
	for _, id := range []int{buy(t, c, standardResidential(t, 1)), buy(t, c, unmetered(t))} {
		auto, err := c.SetAutoRenewalWithResponse(ctx, id, &gen.SetAutoRenewalParams{AutoRenewal: true}, gen.EmptyBody{})
		require.NoError(t, err)
		assert.Equal(t, http.StatusBadRequest, auto.StatusCode())
		cycle, err := c.ChangeBillingCycleWithResponse(ctx, id, gen.ChangeBillingCycleJSONRequestBody{Cycle: "monthly"})
		require.NoError(t, err)
		assert.Equal(t, http.StatusBadRequest, cycle.StatusCode())
		proxies, err := c.ListActiveProxiesWithResponse(ctx, &gen.ListActiveProxiesParams{OrderID: id})
		require.NoError(t, err)
		assert.Equal(t, http.StatusForbidden, proxies.StatusCode())
		assert.Equal(t, "Method is unavailable for this order", proxies.JSON403.Message)
		delNp, err := c.SetDelNpWithResponse(ctx, id, gen.SetDelNpJSONRequestBody{Items: []gen.DelNpItem{{IP: "10.0.0.1", Value: true}}})
		require.NoError(t, err)
		assert.Equal(t, http.StatusBadRequest, delNp.StatusCode())
		addon, err := c.CalculateAddonWithResponse(ctx, id, &gen.CalculateAddonParams{AddonKey: facadetest.AddonP0FSlots, AddQty: 1})
		require.NoError(t, err)
		assert.Equal(t, http.StatusBadRequest, addon.StatusCode())
	}
}

func TestCatalog(t *testing.T) {
	s := newFake(t)
	c := strictClient(t, s, s.Token)
	ctx := context.Background()
	products, err := c.ListProductsWithResponse(ctx)
	require.NoError(t, err)
	names := map[string][]string{}
	for _, p := range products.JSON200.Products {
		names[p.Name] = p.Cycles
	}
	assert.Equal(t, map[string][]string{
		"Datacenter Proxy":            {"monthly", "quarterly"},
		"ISP Proxy":                   {"monthly", "quarterly"},
		"Standart Residential Proxy":  {"lifetime"},
		"Premium Residential Proxy":   {"lifetime"},
		"Unmetered Residential proxy": {"monthly"},
	}, names)

	s.GrantCycle(s.Token, facadetest.CycleYearly)
	products, err = c.ListProductsWithResponse(ctx)
	require.NoError(t, err)
	assert.Equal(t, []string{"monthly", "quarterly", "yearly"}, products.JSON200.Products[0].Cycles)

	counts, err := c.GetAvailableCountsWithResponse(ctx)
	require.NoError(t, err)
	stock := map[string]int{}
	for _, a := range *counts.JSON200 {
		stock[a.Product+"/"+a.Country] = a.Amount
	}
	assert.Len(t, stock, 6)
	buy(t, c, datacenter(t, 3))
	counts, err = c.GetAvailableCountsWithResponse(ctx)
	require.NoError(t, err)
	for _, a := range *counts.JSON200 {
		if a.Product == string(facade.CodeDatacenter) && a.Country == "DE" {
			assert.Equal(t, stock["dc/DE"]-3, a.Amount)
		}
	}
}
