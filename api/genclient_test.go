package api_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/gen"
)

// recorded is what the generated client put on the wire.
type recorded struct {
	method, path, query, contentType, body string
}

func ptr[T any](v T) *T { return &v }

// For each operation the generated client must send the method,
// path, query and JSON body the spec describes.
func TestGeneratedClientSendsEachOperation(t *testing.T) {
	var got recorded
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got = recorded{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, r.Header.Get("Content-Type"), string(body)}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	c, err := gen.NewClient(srv.URL)
	require.NoError(t, err)

	var dc gen.PurchaseOrderJSONRequestBody
	require.NoError(t, dc.FromPurchaseRequestDcIsp(gen.PurchaseRequestDcIsp{
		Product: gen.DcIspProductDatacenter, Location: "DE", Cycle: "monthly", Quantity: ptr(10), PromoCode: ptr("SAVE10"),
	}))

	tests := []struct {
		name string
		call func(ctx context.Context) (*http.Response, error)
		want recorded
	}{
		{"getMe", func(ctx context.Context) (*http.Response, error) { return c.GetMe(ctx) },
			recorded{"GET", "/user/api/me", "", "", ""}},
		{"listOrders", func(ctx context.Context) (*http.Response, error) {
			return c.ListOrders(ctx, &gen.ListOrdersParams{Status: gen.ListOrdersParamsStatusOnHold, Offset: ptr(100), Limit: ptr(100)})
		}, recorded{"GET", "/user/api/orders", "limit=100&offset=100&status=on-hold", "", ""}},
		{"getOrder", func(ctx context.Context) (*http.Response, error) { return c.GetOrder(ctx, 42) },
			recorded{"GET", "/user/api/orders/42", "", "", ""}},
		{"purchaseOrder", func(ctx context.Context) (*http.Response, error) { return c.PurchaseOrder(ctx, dc) },
			recorded{"POST", "/user/api/orders/purchase", "", "application/json",
				`{"cycle":"monthly","location":"DE","product":"Datacenter Proxy","promo_code":"SAVE10","quantity":10}`}},
		{"calculateOrderPrice", func(ctx context.Context) (*http.Response, error) {
			return c.CalculateOrderPrice(ctx, &gen.CalculateOrderPriceParams{Product: "Datacenter Proxy", Location: ptr("DE"), Cycle: ptr("monthly"), Quantity: ptr(10), PromoCode: ptr("SAVE10")})
		}, recorded{"GET", "/user/api/orders/calculate", "cycle=monthly&location=DE&product=Datacenter+Proxy&promo_code=SAVE10&quantity=10", "", ""}},
		{"renewOrder", func(ctx context.Context) (*http.Response, error) { return c.RenewOrder(ctx, 7, gen.EmptyBody{}) },
			recorded{"POST", "/user/api/orders/7/renew", "", "application/json", `{}`}},
		{"setOrderTag", func(ctx context.Context) (*http.Response, error) {
			return c.SetOrderTag(ctx, 7, gen.SetOrderTagJSONRequestBody{Tag: "none"})
		}, recorded{"POST", "/user/api/orders/7/tag", "", "application/json", `{"tag":"none"}`}},
		{"changeBillingCycle", func(ctx context.Context) (*http.Response, error) {
			return c.ChangeBillingCycle(ctx, 7, gen.ChangeBillingCycleJSONRequestBody{Cycle: "monthly"})
		}, recorded{"POST", "/user/api/orders/change-billing-cycle/7", "", "application/json", `{"cycle":"monthly"}`}},
		{"setAutoRenewal", func(ctx context.Context) (*http.Response, error) {
			return c.SetAutoRenewal(ctx, 7, &gen.SetAutoRenewalParams{AutoRenewal: true}, gen.EmptyBody{})
		}, recorded{"POST", "/user/api/orders/edit-auto-renewal/7", "auto_renewal=true", "application/json", `{}`}},
		{"listProducts", func(ctx context.Context) (*http.Response, error) { return c.ListProducts(ctx) },
			recorded{"GET", "/user/api/proxies/products", "", "", ""}},
		{"getAvailableCounts", func(ctx context.Context) (*http.Response, error) { return c.GetAvailableCounts(ctx) },
			recorded{"GET", "/user/api/proxies/available-count", "", "", ""}},
		{"listActiveProxies", func(ctx context.Context) (*http.Response, error) {
			return c.ListActiveProxies(ctx, &gen.ListActiveProxiesParams{OrderID: 7})
		}, recorded{"GET", "/user/api/proxies/active", "order_id=7", "", ""}},
		{"setDelNp", func(ctx context.Context) (*http.Response, error) {
			return c.SetDelNp(ctx, 7, gen.SetDelNpJSONRequestBody{Items: []gen.DelNpItem{{IP: "10.0.0.1", Value: true}}})
		}, recorded{"POST", "/user/api/orders/7/del-np/set", "", "application/json", `{"items":[{"ip":"10.0.0.1","value":true}]}`}},
		{"setSignatures", func(ctx context.Context) (*http.Response, error) {
			return c.SetSignatures(ctx, 7, gen.SetSignaturesJSONRequestBody{Items: []gen.SignatureItem{{IP: "10.0.0.1", Signature: gen.SignatureOSWin11}}})
		}, recorded{"POST", "/user/api/orders/7/signature/set", "", "application/json", `{"items":[{"ip":"10.0.0.1","signature":"win11"}]}`}},
		{"calculateAddon", func(ctx context.Context) (*http.Response, error) {
			return c.CalculateAddon(ctx, 7, &gen.CalculateAddonParams{AddonKey: "p0f_slots", AddQty: 3})
		}, recorded{"GET", "/user/api/orders/7/addons/calculate", "add_qty=3&addon_key=p0f_slots", "", ""}},
		{"purchaseAddon", func(ctx context.Context) (*http.Response, error) {
			return c.PurchaseAddon(ctx, 7, gen.PurchaseAddonJSONRequestBody{AddonKey: "p0f_slots", AddQty: 3})
		}, recorded{"POST", "/user/api/orders/7/addons/purchase", "", "application/json", `{"add_qty":3,"addon_key":"p0f_slots"}`}},
		{"scheduleAddonDowngrade", func(ctx context.Context) (*http.Response, error) {
			return c.ScheduleAddonDowngrade(ctx, 7, gen.ScheduleAddonDowngradeJSONRequestBody{AddonKey: "p0f_slots", Action: gen.ScheduleAddonActionDowngrade, NextQty: 1})
		}, recorded{"POST", "/user/api/orders/7/addons/schedule", "", "application/json", `{"action":"downgrade","addon_key":"p0f_slots","next_qty":1}`}},
		{"cancelAddonDowngrade", func(ctx context.Context) (*http.Response, error) {
			return c.CancelAddonDowngrade(ctx, 7, gen.CancelAddonDowngradeJSONRequestBody{AddonKey: "p0f_slots"})
		}, recorded{"POST", "/user/api/orders/7/addons/schedule/cancel", "", "application/json", `{"addon_key":"p0f_slots"}`}},
		{"addBandwidth", func(ctx context.Context) (*http.Response, error) {
			return c.AddBandwidth(ctx, 7, gen.AddBandwidthJSONRequestBody{Amount: 5})
		}, recorded{"POST", "/user/api/orders/7/add-bandwidth", "", "application/json", `{"amount":5}`}},
		{"getTrafficProfile", func(ctx context.Context) (*http.Response, error) {
			return c.GetTrafficProfile(ctx, &gen.GetTrafficProfileParams{ProxyType: "standart"})
		}, recorded{"GET", "/user/api/proxies/profile", "proxy_type=standart", "", ""}},
		{"listSubUsers", func(ctx context.Context) (*http.Response, error) {
			return c.ListSubUsers(ctx, &gen.ListSubUsersParams{ProxyType: "premium", Offset: ptr(20), Limit: ptr(20)})
		}, recorded{"GET", "/user/api/proxies/sub-users", "limit=20&offset=20&proxy_type=premium", "", ""}},
		{"createSubUser", func(ctx context.Context) (*http.Response, error) {
			return c.CreateSubUser(ctx, &gen.CreateSubUserParams{ProxyType: "standart"}, gen.CreateSubUserJSONRequestBody{Name: "alice", Data: 2})
		}, recorded{"POST", "/user/api/proxies/sub-user", "proxy_type=standart", "application/json", `{"data":2,"name":"alice"}`}},
		{"getSubUser", func(ctx context.Context) (*http.Response, error) {
			return c.GetSubUser(ctx, "u 1", &gen.GetSubUserParams{ProxyType: "standart"})
		}, recorded{"GET", "/user/api/proxies/sub-user/u%201", "proxy_type=standart", "", ""}},
		{"editSubUser", func(ctx context.Context) (*http.Response, error) {
			return c.EditSubUser(ctx, "u1", &gen.EditSubUserParams{ProxyType: "premium"}, gen.EditSubUserJSONRequestBody{Name: "bob"})
		}, recorded{"PATCH", "/user/api/proxies/sub-user/u1", "proxy_type=premium", "application/json", `{"name":"bob"}`}},
		{"deleteSubUser", func(ctx context.Context) (*http.Response, error) { return c.DeleteSubUser(ctx, "u1") },
			recorded{"DELETE", "/user/api/proxies/sub-user/u1", "", "", ""}},
		{"addSubUserData", func(ctx context.Context) (*http.Response, error) {
			return c.AddSubUserData(ctx, "u1", &gen.AddSubUserDataParams{ProxyType: "standart"}, gen.AddSubUserDataJSONRequestBody{Data: 1})
		}, recorded{"POST", "/user/api/proxies/sub-user/u1/data/add", "proxy_type=standart", "application/json", `{"data":1}`}},
		{"subtractSubUserData", func(ctx context.Context) (*http.Response, error) {
			return c.SubtractSubUserData(ctx, "u1", &gen.SubtractSubUserDataParams{ProxyType: "standart"}, gen.SubtractSubUserDataJSONRequestBody{Data: 1})
		}, recorded{"POST", "/user/api/proxies/sub-user/u1/data/subtract", "proxy_type=standart", "application/json", `{"data":1}`}},
		{"resetSubUserPassword", func(ctx context.Context) (*http.Response, error) {
			return c.ResetSubUserPassword(ctx, "u1", &gen.ResetSubUserPasswordParams{ProxyType: "standart"}, gen.EmptyBody{})
		}, recorded{"POST", "/user/api/proxies/sub-user/u1/password", "proxy_type=standart", "application/json", `{}`}},
		{"listCountries", func(ctx context.Context) (*http.Response, error) {
			return c.ListCountries(ctx, &gen.ListCountriesParams{ProxyType: "premium"})
		}, recorded{"GET", "/user/api/proxies/countries", "proxy_type=premium", "", ""}},
		{"listRegions", func(ctx context.Context) (*http.Response, error) {
			return c.ListRegions(ctx, &gen.ListRegionsParams{ProxyType: "standart", CountryCode: "DE"})
		}, recorded{"GET", "/user/api/proxies/regions", "country_code=DE&proxy_type=standart", "", ""}},
		{"listCities", func(ctx context.Context) (*http.Response, error) {
			return c.ListCities(ctx, &gen.ListCitiesParams{ProxyType: "standart", CountryCode: "DE", RegionCode: "BE"})
		}, recorded{"GET", "/user/api/proxies/cities", "country_code=DE&proxy_type=standart&region_code=BE", "", ""}},
		{"listIsps", func(ctx context.Context) (*http.Response, error) {
			return c.ListIsps(ctx, &gen.ListIspsParams{ProxyType: gen.IspProxyTypePremium, CountryCode: "DE", RegionCode: "BE", CityCode: "berlin"})
		}, recorded{"GET", "/user/api/proxies/isps", "city_code=berlin&country_code=DE&proxy_type=premium&region_code=BE", "", ""}},
		{"getHealth", func(ctx context.Context) (*http.Response, error) { return c.GetHealth(ctx) },
			recorded{"GET", "/health", "", "", ""}},
		{"getLiveness", func(ctx context.Context) (*http.Response, error) { return c.GetLiveness(ctx) },
			recorded{"GET", "/health/live", "", "", ""}},
	}
	ids := map[string]bool{}
	for _, tt := range tests {
		ids[tt.name] = true
	}
	for _, id := range wantOperations {
		assert.True(t, ids[id], "no case for %s", id)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got = recorded{}
			resp, err := tt.call(context.Background())
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, tt.want.method, got.method)
			assert.Equal(t, tt.want.path, got.path)
			wantQuery, _ := url.ParseQuery(tt.want.query)
			gotQuery, err := url.ParseQuery(got.query)
			require.NoError(t, err)
			assert.Equal(t, wantQuery, gotQuery)
			assert.Equal(t, tt.want.contentType, got.contentType)
			if tt.want.body == "" {
				assert.Empty(t, got.body)
			} else {
				assert.JSONEq(t, tt.want.body, got.body)
			}
		})
	}
}
