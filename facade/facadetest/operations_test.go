package facadetest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade/facadetest"
	"github.com/proxyshard/proxyshard-go/gen"
)

// answer is what every generated XxxResponse offers.
type answer interface {
	StatusCode() int
	GetBody() []byte
}

func ans[T answer](r T, err error) (answer, error) {
	if err != nil {
		return nil, err
	}
	return r, nil
}

// fixture is one fake with an order of each kind.
type fixture struct {
	s                                        *facadetest.Server
	c                                        *gen.ClientWithResponses // default account, strict
	loose                                    *gen.ClientWithResponses // default account, lets invalid requests through
	onHold, dc, isp, std, unmetered, foreign int
	subUser                                  string // a sub-user of the default account's Standard traffic
}

func newFixture(t *testing.T) *fixture {
	s := newFake(t, facadetest.WithAccount(otherToken, "other@example.com", 100000))
	f := &fixture{s: s, c: strictClient(t, s, s.Token)}
	f.loose, _ = reportingClient(t, s, s.Token)
	f.onHold = buy(t, f.c, datacenter(t, 1))
	s.Advance(31 * 24 * time.Hour)
	require.Equal(t, facadetest.StatusOnHold, order(t, s, f.onHold).Status)
	f.dc = buy(t, f.c, datacenter(t, 3))
	f.isp = buy(t, f.c, dcISPOrder(t, gen.DcIspProductISP, "US", facadetest.CycleMonthly, 2, ""))
	f.std = buy(t, f.c, standardResidential(t, 1))
	f.unmetered = buy(t, f.c, unmetered(t))
	f.foreign = buy(t, strictClient(t, s, otherToken), datacenter(t, 1))
	buy(t, f.c, standardResidential(t, 10))
	buy(t, f.c, premiumResidential(t, 2))
	sub, err := f.c.CreateSubUserWithResponse(context.Background(), &gen.CreateSubUserParams{ProxyType: facadetest.ProxyTypeStandard},
		gen.CreateSubUserJSONRequestBody{Name: "fixture", Data: 1})
	require.NoError(t, err)
	require.NotNil(t, sub.JSON200, string(sub.Body))
	f.subUser = (*sub.JSON200.Data)[0].UserID
	resp, err := f.c.PurchaseAddonWithResponse(context.Background(), f.dc, gen.PurchaseAddonJSONRequestBody{AddonKey: facadetest.AddonP0FSlots, AddQty: 3})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode())
	return f
}

type call func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error)

type opCase struct {
	op     string
	status int
	loose  bool // send with the client that lets spec-breaking requests through
	call   call
}

// The success call of every operation; also sent without a token (401) and
// under injected gateway faults.
var successCalls = map[string]call{
	"getMe": func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		return ans(c.GetMeWithResponse(ctx))
	},
	"listOrders": func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		return ans(c.ListOrdersWithResponse(ctx, &gen.ListOrdersParams{Status: gen.ListOrdersParamsStatusAll, Limit: ptr(2)}))
	},
	"getOrder": func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.GetOrderWithResponse(ctx, f.dc))
	},
	"purchaseOrder": func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		var body gen.PurchaseOrderJSONRequestBody
		_ = body.FromPurchaseRequestResidentialPremium(gen.PurchaseRequestResidentialPremium{Product: gen.ResidentialPremiumProductName, Quantity: ptr(2), PromoCode: ptr(facadetest.PromoSave10)})
		return ans(c.PurchaseOrderWithResponse(ctx, body))
	},
	"calculateOrderPrice": func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		return ans(c.CalculateOrderPriceWithResponse(ctx, &gen.CalculateOrderPriceParams{Product: string(facadetest.ProductDatacenter),
			Location: ptr("DE"), Cycle: ptr("monthly"), Quantity: ptr(10), PromoCode: ptr(facadetest.PromoSave10)}))
	},
	"renewOrder": func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.RenewOrderWithResponse(ctx, f.onHold, gen.EmptyBody{}))
	},
	"setOrderTag": func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.SetOrderTagWithResponse(ctx, f.dc, gen.SetOrderTagJSONRequestBody{Tag: "scraper"}))
	},
	"changeBillingCycle": func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.ChangeBillingCycleWithResponse(ctx, f.isp, gen.ChangeBillingCycleJSONRequestBody{Cycle: string(facadetest.CycleQuarterly)}))
	},
	"setAutoRenewal": func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.SetAutoRenewalWithResponse(ctx, f.dc, &gen.SetAutoRenewalParams{AutoRenewal: true}, gen.EmptyBody{}))
	},
	"listProducts": func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		return ans(c.ListProductsWithResponse(ctx))
	},
	"getAvailableCounts": func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		return ans(c.GetAvailableCountsWithResponse(ctx))
	},
	"listActiveProxies": func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.ListActiveProxiesWithResponse(ctx, &gen.ListActiveProxiesParams{OrderID: f.dc}))
	},
	"setDelNp": func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		ip := firstIP(f.s, f.dc)
		return ans(c.SetDelNpWithResponse(ctx, f.dc, gen.SetDelNpJSONRequestBody{Items: []gen.DelNpItem{{IP: ip, Value: true}}}))
	},
	"setSignatures": func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		ip := firstIP(f.s, f.dc)
		return ans(c.SetSignaturesWithResponse(ctx, f.dc, gen.SetSignaturesJSONRequestBody{Items: []gen.SignatureItem{{IP: ip, Signature: gen.SignatureOSWin11}}}))
	},
	"calculateAddon": func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.CalculateAddonWithResponse(ctx, f.dc, &gen.CalculateAddonParams{AddonKey: facadetest.AddonP0FSlots, AddQty: 2}))
	},
	"purchaseAddon": func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.PurchaseAddonWithResponse(ctx, f.dc, gen.PurchaseAddonJSONRequestBody{AddonKey: facadetest.AddonP0FSlots, AddQty: 1}))
	},
	"scheduleAddonDowngrade": func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.ScheduleAddonDowngradeWithResponse(ctx, f.dc, gen.ScheduleAddonDowngradeJSONRequestBody{
			AddonKey: facadetest.AddonP0FSlots, Action: gen.ScheduleAddonActionDowngrade, NextQty: 1}))
	},
	"cancelAddonDowngrade": func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		// Something to cancel first.
		if _, err := c.ScheduleAddonDowngradeWithResponse(ctx, f.dc, gen.ScheduleAddonDowngradeJSONRequestBody{
			AddonKey: facadetest.AddonP0FSlots, Action: gen.ScheduleAddonActionDowngrade, NextQty: 2}); err != nil {
			return nil, err
		}
		return ans(c.CancelAddonDowngradeWithResponse(ctx, f.dc, gen.CancelAddonDowngradeJSONRequestBody{AddonKey: facadetest.AddonP0FSlots}))
	},
	"addBandwidth": func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.AddBandwidthWithResponse(ctx, f.std, gen.AddBandwidthJSONRequestBody{Amount: 1, PromoCode: ptr(facadetest.PromoSave10)}))
	},
	"getTrafficProfile": func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		return ans(c.GetTrafficProfileWithResponse(ctx, &gen.GetTrafficProfileParams{ProxyType: facadetest.ProxyTypeStandard}))
	},
	"listSubUsers": func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		return ans(c.ListSubUsersWithResponse(ctx, &gen.ListSubUsersParams{ProxyType: facadetest.ProxyTypeStandard, Offset: ptr(0), Limit: ptr(5)}))
	},
	"createSubUser": func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		return ans(c.CreateSubUserWithResponse(ctx, &gen.CreateSubUserParams{ProxyType: facadetest.ProxyTypeStandard}, gen.CreateSubUserJSONRequestBody{Name: "crawler", Data: 0}))
	},
	"getSubUser": func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.GetSubUserWithResponse(ctx, f.subUser, &gen.GetSubUserParams{ProxyType: facadetest.ProxyTypeStandard}))
	},
	"editSubUser": func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.EditSubUserWithResponse(ctx, f.subUser, &gen.EditSubUserParams{ProxyType: facadetest.ProxyTypeStandard}, gen.EditSubUserJSONRequestBody{Name: "renamed"}))
	},
	"deleteSubUser": func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		// Someone to delete first.
		id := "none"
		created, err := c.CreateSubUserWithResponse(ctx, &gen.CreateSubUserParams{ProxyType: facadetest.ProxyTypeStandard}, gen.CreateSubUserJSONRequestBody{Name: "temp", Data: 0})
		if err != nil {
			return nil, err
		}
		if created.JSON200 != nil {
			id = (*created.JSON200.Data)[0].UserID
		}
		return ans(c.DeleteSubUserWithResponse(ctx, id))
	},
	"addSubUserData": func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.AddSubUserDataWithResponse(ctx, f.subUser, &gen.AddSubUserDataParams{ProxyType: facadetest.ProxyTypeStandard}, gen.AddSubUserDataJSONRequestBody{Data: 1}))
	},
	"subtractSubUserData": func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.SubtractSubUserDataWithResponse(ctx, f.subUser, &gen.SubtractSubUserDataParams{ProxyType: facadetest.ProxyTypeStandard}, gen.SubtractSubUserDataJSONRequestBody{Data: 1}))
	},
	"resetSubUserPassword": func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.ResetSubUserPasswordWithResponse(ctx, f.subUser, &gen.ResetSubUserPasswordParams{ProxyType: facadetest.ProxyTypeStandard}, gen.EmptyBody{}))
	},
	"listCountries": func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		return ans(c.ListCountriesWithResponse(ctx, &gen.ListCountriesParams{ProxyType: facadetest.ProxyTypePremium}))
	},
	"listRegions": func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		return ans(c.ListRegionsWithResponse(ctx, &gen.ListRegionsParams{ProxyType: facadetest.ProxyTypeStandard, CountryCode: "DE"}))
	},
	"listCities": func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		return ans(c.ListCitiesWithResponse(ctx, &gen.ListCitiesParams{ProxyType: facadetest.ProxyTypeStandard, CountryCode: "DE", RegionCode: "BY"}))
	},
	"listIsps": func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		return ans(c.ListIspsWithResponse(ctx, &gen.ListIspsParams{ProxyType: gen.IspProxyTypePremium, CountryCode: "US", RegionCode: "NY", CityCode: "new-york"}))
	},
	"getHealth": func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		return ans(c.GetHealthWithResponse(ctx))
	},
	"getLiveness": func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		return ans(c.GetLivenessWithResponse(ctx))
	},
}

// tokenFree are the operations that answer without a token: the health probes.
var tokenFree = map[string]bool{"getHealth": true, "getLiveness": true}

func firstIP(s *facadetest.Server, orderID int) string {
	o, _ := s.Order(orderID)
	if len(o.Proxies) == 0 {
		return ""
	}
	return o.Proxies[0].IP
}

// rewritePath and rewriteQuery send what the typed client cannot: a
// non-numeric order id, as a hand-written client might.
func rewritePath(path string) gen.RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		req.URL.Path = path
		return nil
	}
}

func rewriteQuery(query string) gen.RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		req.URL.RawQuery = query
		return nil
	}
}

// The documented error answers, each produced the way a client meets it.
var errorCases = []opCase{
	{op: "listOrders", status: 400, loose: true, call: func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		return ans(c.ListOrdersWithResponse(ctx, &gen.ListOrdersParams{Status: gen.ListOrdersParamsStatusAll, Limit: ptr(101)}))
	}},
	{op: "getOrder", status: 404, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.GetOrderWithResponse(ctx, f.foreign))
	}},
	{op: "getOrder", status: 400, loose: true, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.GetOrderWithResponse(ctx, f.dc, rewritePath("/user/api/orders/abc")))
	}},
	{op: "purchaseOrder", status: 400, call: func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		var body gen.PurchaseOrderJSONRequestBody
		_ = body.FromPurchaseRequestDcIsp(gen.PurchaseRequestDcIsp{Product: gen.DcIspProductDatacenter, Location: "DE", Cycle: "monthly", PromoCode: ptr("NO-SUCH-CODE")})
		return ans(c.PurchaseOrderWithResponse(ctx, body))
	}},
	{op: "calculateOrderPrice", status: 400, call: func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		return ans(c.CalculateOrderPriceWithResponse(ctx, &gen.CalculateOrderPriceParams{Product: string(facadetest.ProductDatacenter), Location: ptr("DE"), Cycle: ptr("weekly")}))
	}},
	{op: "renewOrder", status: 400, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.RenewOrderWithResponse(ctx, f.std, gen.EmptyBody{}))
	}},
	{op: "renewOrder", status: 404, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.RenewOrderWithResponse(ctx, f.foreign, gen.EmptyBody{}))
	}},
	{op: "setOrderTag", status: 400, loose: true, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.SetOrderTagWithBodyWithResponse(ctx, f.dc, "application/json", strings.NewReader(`{"label":"x"}`)))
	}},
	{op: "setOrderTag", status: 404, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.SetOrderTagWithResponse(ctx, f.foreign, gen.SetOrderTagJSONRequestBody{Tag: "mine"}))
	}},
	{op: "changeBillingCycle", status: 400, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.ChangeBillingCycleWithResponse(ctx, f.unmetered, gen.ChangeBillingCycleJSONRequestBody{Cycle: string(facadetest.CycleMonthly)}))
	}},
	{op: "changeBillingCycle", status: 403, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.ChangeBillingCycleWithResponse(ctx, f.dc, gen.ChangeBillingCycleJSONRequestBody{Cycle: string(facadetest.CycleYearly)}))
	}},
	{op: "changeBillingCycle", status: 404, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.ChangeBillingCycleWithResponse(ctx, f.foreign, gen.ChangeBillingCycleJSONRequestBody{Cycle: string(facadetest.CycleQuarterly)}))
	}},
	{op: "setAutoRenewal", status: 400, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.SetAutoRenewalWithResponse(ctx, f.std, &gen.SetAutoRenewalParams{AutoRenewal: true}, gen.EmptyBody{}))
	}},
	{op: "setAutoRenewal", status: 404, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.SetAutoRenewalWithResponse(ctx, f.foreign, &gen.SetAutoRenewalParams{AutoRenewal: false}, gen.EmptyBody{}))
	}},
	{op: "listActiveProxies", status: 400, loose: true, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.ListActiveProxiesWithResponse(ctx, &gen.ListActiveProxiesParams{OrderID: f.dc}, rewriteQuery("order_id=abc")))
	}},
	{op: "listActiveProxies", status: 403, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.ListActiveProxiesWithResponse(ctx, &gen.ListActiveProxiesParams{OrderID: f.std}))
	}},
	{op: "listActiveProxies", status: 404, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.ListActiveProxiesWithResponse(ctx, &gen.ListActiveProxiesParams{OrderID: f.foreign}))
	}},
	{op: "setDelNp", status: 400, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		o, _ := f.s.Order(f.isp)
		items := []gen.DelNpItem{{IP: o.Proxies[0].IP, Value: true}, {IP: o.Proxies[1].IP, Value: true}}
		return ans(c.SetDelNpWithResponse(ctx, f.isp, gen.SetDelNpJSONRequestBody{Items: items})) // keep=0
	}},
	{op: "setDelNp", status: 404, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.SetDelNpWithResponse(ctx, f.foreign, gen.SetDelNpJSONRequestBody{Items: []gen.DelNpItem{{IP: firstIP(f.s, f.foreign), Value: true}}}))
	}},
	{op: "setSignatures", status: 400, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.SetSignaturesWithResponse(ctx, f.isp, gen.SetSignaturesJSONRequestBody{Items: []gen.SignatureItem{{IP: firstIP(f.s, f.isp), Signature: gen.SignatureOSLinux}}}))
	}},
	{op: "setSignatures", status: 404, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.SetSignaturesWithResponse(ctx, f.foreign, gen.SetSignaturesJSONRequestBody{Items: []gen.SignatureItem{{IP: firstIP(f.s, f.foreign), Signature: gen.SignatureOSLinux}}}))
	}},
	{op: "calculateAddon", status: 400, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.CalculateAddonWithResponse(ctx, f.dc, &gen.CalculateAddonParams{AddonKey: "extra_ips", AddQty: 1}))
	}},
	{op: "calculateAddon", status: 404, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.CalculateAddonWithResponse(ctx, f.foreign, &gen.CalculateAddonParams{AddonKey: facadetest.AddonP0FSlots, AddQty: 1}))
	}},
	{op: "purchaseAddon", status: 400, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.PurchaseAddonWithResponse(ctx, f.std, gen.PurchaseAddonJSONRequestBody{AddonKey: facadetest.AddonP0FSlots, AddQty: 1}))
	}},
	{op: "purchaseAddon", status: 404, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.PurchaseAddonWithResponse(ctx, f.foreign, gen.PurchaseAddonJSONRequestBody{AddonKey: facadetest.AddonP0FSlots, AddQty: 1}))
	}},
	{op: "scheduleAddonDowngrade", status: 400, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.ScheduleAddonDowngradeWithResponse(ctx, f.dc, gen.ScheduleAddonDowngradeJSONRequestBody{
			AddonKey: facadetest.AddonP0FSlots, Action: gen.ScheduleAddonActionDowngrade, NextQty: 99}))
	}},
	{op: "scheduleAddonDowngrade", status: 404, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.ScheduleAddonDowngradeWithResponse(ctx, f.foreign, gen.ScheduleAddonDowngradeJSONRequestBody{
			AddonKey: facadetest.AddonP0FSlots, Action: gen.ScheduleAddonActionDowngrade, NextQty: 1}))
	}},
	{op: "cancelAddonDowngrade", status: 400, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.CancelAddonDowngradeWithResponse(ctx, f.isp, gen.CancelAddonDowngradeJSONRequestBody{AddonKey: facadetest.AddonP0FSlots}))
	}},
	{op: "cancelAddonDowngrade", status: 404, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.CancelAddonDowngradeWithResponse(ctx, f.foreign, gen.CancelAddonDowngradeJSONRequestBody{AddonKey: facadetest.AddonP0FSlots}))
	}},
	{op: "addBandwidth", status: 400, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.AddBandwidthWithResponse(ctx, f.unmetered, gen.AddBandwidthJSONRequestBody{Amount: 1})) // no traffic to add
	}},
	{op: "addBandwidth", status: 404, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.AddBandwidthWithResponse(ctx, f.foreign, gen.AddBandwidthJSONRequestBody{Amount: 1}))
	}},
	{op: "getTrafficProfile", status: 400, call: func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		return ans(c.GetTrafficProfileWithResponse(ctx, &gen.GetTrafficProfileParams{ProxyType: "mobile"}))
	}},
	{op: "listSubUsers", status: 400, call: func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		return ans(c.ListSubUsersWithResponse(ctx, &gen.ListSubUsersParams{ProxyType: facadetest.ProxyTypeStandard, Limit: ptr(101)}))
	}},
	{op: "createSubUser", status: 400, call: func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		return ans(c.CreateSubUserWithResponse(ctx, &gen.CreateSubUserParams{ProxyType: facadetest.ProxyTypeStandard}, gen.CreateSubUserJSONRequestBody{Name: "greedy", Data: 100000}))
	}},
	{op: "getSubUser", status: 400, call: func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		return ans(c.GetSubUserWithResponse(ctx, "nobody", &gen.GetSubUserParams{ProxyType: facadetest.ProxyTypeStandard}))
	}},
	{op: "editSubUser", status: 400, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.EditSubUserWithResponse(ctx, f.subUser, &gen.EditSubUserParams{ProxyType: facadetest.ProxyTypePremium}, gen.EditSubUserJSONRequestBody{Name: "x"}))
	}},
	{op: "deleteSubUser", status: 400, call: func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		return ans(c.DeleteSubUserWithResponse(ctx, "nobody"))
	}},
	{op: "addSubUserData", status: 400, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.AddSubUserDataWithResponse(ctx, f.subUser, &gen.AddSubUserDataParams{ProxyType: facadetest.ProxyTypeStandard}, gen.AddSubUserDataJSONRequestBody{Data: 100000}))
	}},
	{op: "subtractSubUserData", status: 400, call: func(ctx context.Context, c *gen.ClientWithResponses, f *fixture) (answer, error) {
		return ans(c.SubtractSubUserDataWithResponse(ctx, f.subUser, &gen.SubtractSubUserDataParams{ProxyType: facadetest.ProxyTypeStandard}, gen.SubtractSubUserDataJSONRequestBody{Data: 100000}))
	}},
	{op: "resetSubUserPassword", status: 400, call: func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		return ans(c.ResetSubUserPasswordWithResponse(ctx, "nobody", &gen.ResetSubUserPasswordParams{ProxyType: facadetest.ProxyTypeStandard}, gen.EmptyBody{}))
	}},
	{op: "listCountries", status: 400, call: func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		return ans(c.ListCountriesWithResponse(ctx, &gen.ListCountriesParams{ProxyType: "mobile"}))
	}},
	{op: "listRegions", status: 400, call: func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		return ans(c.ListRegionsWithResponse(ctx, &gen.ListRegionsParams{ProxyType: facadetest.ProxyTypeStandard, CountryCode: "JP"})) // premium only
	}},
	{op: "listCities", status: 400, call: func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		return ans(c.ListCitiesWithResponse(ctx, &gen.ListCitiesParams{ProxyType: facadetest.ProxyTypeStandard, CountryCode: "DE", RegionCode: "ZZ"}))
	}},
	{op: "listIsps", status: 400, loose: true, call: func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		return ans(c.ListIspsWithResponse(ctx, &gen.ListIspsParams{ProxyType: "standart", CountryCode: "DE", RegionCode: "BE", CityCode: "berlin"}))
	}},
	{op: "listIsps", status: 400, call: func(ctx context.Context, c *gen.ClientWithResponses, _ *fixture) (answer, error) {
		return ans(c.ListIspsWithResponse(ctx, &gen.ListIspsParams{ProxyType: gen.IspProxyTypePremium, CountryCode: "DE", RegionCode: "BE", CityCode: "atlantis"}))
	}},
}

// gatewayStatuses are answered by layers in front of the API; the fake
// produces them only as injected faults.
var gatewayStatuses = map[int]bool{429: true, 502: true, 503: true, 504: true}

// Every operation, through the generated client and the validating
// transport: its success, 401 without or with an unknown token, each
// documented error, and the gateway answers as injected faults. At the end
// the coverage must hold every documented status of every operation.
func TestEveryOperationAnswersEachDocumentedStatus(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	anonymous := strictClient(t, f.s, "")
	stranger := strictClient(t, f.s, "no-such-token")
	docs := facadetest.DocumentedStatuses(t)
	require.NotEmpty(t, docs)

	run := func(t *testing.T, c *gen.ClientWithResponses, fn call, want int) {
		t.Helper()
		got, err := fn(ctx, c, f)
		require.NoError(t, err)
		require.Equal(t, want, got.StatusCode(), string(got.GetBody()))
		if want >= 400 && !gatewayStatuses[want] {
			var e gen.APIError
			require.NoError(t, json.Unmarshal(got.GetBody(), &e))
			assert.False(t, e.Success)
			assert.NotEmpty(t, e.Message)
		}
	}

	for op := range docs {
		require.Contains(t, successCalls, op)
	}
	require.Len(t, successCalls, len(docs), "a success call for an operation the spec does not have")
	for _, op := range sortedKeys(successCalls) {
		t.Run(op+"/200", func(t *testing.T) { run(t, f.c, successCalls[op], http.StatusOK) })
		withoutToken := http.StatusUnauthorized
		if tokenFree[op] {
			withoutToken = http.StatusOK
		}
		t.Run(op+"/no-token", func(t *testing.T) { run(t, anonymous, successCalls[op], withoutToken) })
		t.Run(op+"/unknown-token", func(t *testing.T) { run(t, stranger, successCalls[op], withoutToken) })
	}
	for _, tc := range errorCases {
		t.Run(tc.op+"/"+strconv.Itoa(tc.status), func(t *testing.T) {
			c := f.c
			if tc.loose {
				c = f.loose
			}
			run(t, c, tc.call, tc.status)
		})
	}
	for _, op := range sortedKeys(successCalls) {
		for _, status := range docs[op] {
			if !gatewayStatuses[status] {
				continue
			}
			t.Run(op+"/"+strconv.Itoa(status)+"-injected", func(t *testing.T) {
				f.s.InjectFault(op, facadetest.Fault{Status: status, RetryAfter: time.Second})
				run(t, f.c, successCalls[op], status)
			})
		}
	}

	coverage := f.s.Coverage()
	require.Len(t, coverage, len(docs))
	for op, statuses := range docs {
		for _, status := range statuses {
			assert.Positive(t, coverage[op][status], "%s never answered %d", op, status)
		}
	}
	t.Log("\n" + f.s.CoverageTable())
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
