package api_test

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/api"
)

// newRequest builds a request to 127.0.0.1; a non-empty body is sent as JSON.
func newRequest(t testing.TB, method, target, body string) *http.Request {
	t.Helper()
	var r *http.Request
	var err error
	if body == "" {
		r, err = http.NewRequest(method, "http://127.0.0.1:8080"+target, nil)
	} else {
		r, err = http.NewRequest(method, "http://127.0.0.1:8080"+target, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
	}
	require.NoError(t, err)
	r.Header.Set("Authorization", "Bearer secret-token")
	return r
}

// validRequests holds a valid request of every kind: each operation, each
// purchase variant, optional parameters present and absent.
var validRequests = []struct {
	name, method, target, body, op string
}{
	{"me", "GET", "/user/api/me", "", "getMe"},
	{"orders minimal", "GET", "/user/api/orders?status=all", "", "listOrders"},
	{"orders paged", "GET", "/user/api/orders?status=on-hold&offset=100&limit=100", "", "listOrders"},
	{"orders limit 1", "GET", "/user/api/orders?status=active&limit=1&offset=0", "", "listOrders"},
	{"orders cancelled", "GET", "/user/api/orders?status=cancelled", "", "listOrders"},
	{"order", "GET", "/user/api/orders/42", "", "getOrder"},
	{"purchase Datacenter", "POST", "/user/api/orders/purchase",
		`{"product":"Datacenter Proxy","location":"DE","cycle":"monthly","quantity":10,"promo_code":"SAVE10"}`, "purchaseOrder"},
	{"purchase Datacenter minimal", "POST", "/user/api/orders/purchase",
		`{"product":"Datacenter Proxy","location":"US","cycle":"quarterly"}`, "purchaseOrder"},
	{"purchase ISP", "POST", "/user/api/orders/purchase",
		`{"product":"ISP Proxy","location":"NL","cycle":"monthly","quantity":1,"auto_renewal":true,"promo_code":null}`, "purchaseOrder"},
	{"purchase Standart Residential", "POST", "/user/api/orders/purchase",
		`{"product":"Standart Residential Proxy","quantity":5}`, "purchaseOrder"},
	{"purchase Premium Residential", "POST", "/user/api/orders/purchase",
		`{"product":"Premium Residential Proxy","quantity":2,"promo_code":"SAVE10"}`, "purchaseOrder"},
	{"purchase Unmetered Residential", "POST", "/user/api/orders/purchase",
		`{"product":"Unmetered Residential proxy","cycle":"monthly","auto_renewal":true}`, "purchaseOrder"},
	{"purchase unknown future product", "POST", "/user/api/orders/purchase",
		`{"product":"Mobile Proxy","cycle":"weekly"}`, "purchaseOrder"},
	{"purchase unknown future product, all fields", "POST", "/user/api/orders/purchase",
		`{"product":"Mobile Proxy","cycle":"weekly","location":null,"quantity":3,"auto_renewal":false,"promo_code":"X"}`, "purchaseOrder"},
	{"calculate minimal", "GET", "/user/api/orders/calculate?product=Standart+Residential+Proxy", "", "calculateOrderPrice"},
	{"calculate all", "GET", "/user/api/orders/calculate?product=Datacenter+Proxy&location=DE&cycle=monthly&quantity=10&promo_code=SAVE10", "", "calculateOrderPrice"},
	{"renew", "POST", "/user/api/orders/7/renew", `{}`, "renewOrder"},
	{"renew with an empty body", "POST", "/user/api/orders/7/renew", "", "renewOrder"},
	{"purchase with add-ons", "POST", "/user/api/orders/purchase", `{"product":"Datacenter Proxy","location":"DE","cycle":"monthly","quantity":2,"addons":[{"addon_key":"p0f_slots","qty":1}]}`, "purchaseOrder"},
	{"calculate with add-ons", "GET", "/user/api/orders/calculate?product=Datacenter+Proxy&cycle=monthly&addons_json=%5B%7B%22addon_key%22%3A%22p0f_slots%22%2C%22qty%22%3A2%7D%5D", "", "calculateOrderPrice"},
	{"tag", "POST", "/user/api/orders/7/tag", `{"tag":"none"}`, "setOrderTag"},
	{"billing cycle", "POST", "/user/api/orders/change-billing-cycle/7", `{"cycle":"quarterly"}`, "changeBillingCycle"},
	{"auto-renewal on", "POST", "/user/api/orders/edit-auto-renewal/7?auto_renewal=true", `{}`, "setAutoRenewal"},
	{"auto-renewal off", "POST", "/user/api/orders/edit-auto-renewal/7?auto_renewal=false", `{}`, "setAutoRenewal"},
	{"products", "GET", "/user/api/proxies/products", "", "listProducts"},
	{"available count", "GET", "/user/api/proxies/available-count", "", "getAvailableCounts"},
	{"active proxies", "GET", "/user/api/proxies/active?order_id=7", "", "listActiveProxies"},
	{"del-np", "POST", "/user/api/orders/7/del-np/set", `{"items":[{"ip":"10.0.0.1","value":true},{"ip":"10.0.0.2","value":false}]}`, "setDelNp"},
	{"del-np empty", "POST", "/user/api/orders/7/del-np/set", `{"items":[]}`, "setDelNp"},
	{"signatures", "POST", "/user/api/orders/7/signature/set",
		`{"items":[{"ip":"10.0.0.1","signature":"ios"},{"ip":"10.0.0.2","signature":"macos"},{"ip":"10.0.0.3","signature":"android"},` +
			`{"ip":"10.0.0.4","signature":"linux"},{"ip":"10.0.0.5","signature":"win10"},{"ip":"10.0.0.6","signature":"win11"}]}`, "setSignatures"},
	{"addon calculate", "GET", "/user/api/orders/7/addons/calculate?addon_key=p0f_slots&add_qty=3", "", "calculateAddon"},
	{"addon purchase", "POST", "/user/api/orders/7/addons/purchase", `{"addon_key":"p0f_slots","add_qty":3}`, "purchaseAddon"},
	{"addon schedule", "POST", "/user/api/orders/7/addons/schedule", `{"addon_key":"p0f_slots","action":"downgrade","next_qty":1}`, "scheduleAddonDowngrade"},
	{"addon cancel", "POST", "/user/api/orders/7/addons/schedule/cancel", `{"addon_key":"p0f_slots"}`, "cancelAddonDowngrade"},
	{"unnamed query parameter", "GET", "/user/api/me?trace=1", "", "getMe"},
	{"add bandwidth", "POST", "/user/api/orders/7/add-bandwidth", `{"amount":5}`, "addBandwidth"},
	{"add bandwidth with promo", "POST", "/user/api/orders/7/add-bandwidth", `{"amount":1,"promo_code":"SAVE10"}`, "addBandwidth"},
	{"traffic profile", "GET", "/user/api/proxies/profile?proxy_type=standart", "", "getTrafficProfile"},
	{"sub-users", "GET", "/user/api/proxies/sub-users?proxy_type=premium", "", "listSubUsers"},
	{"sub-users paged", "GET", "/user/api/proxies/sub-users?proxy_type=standart&offset=20&limit=20", "", "listSubUsers"},
	{"sub-users of unlimited", "GET", "/user/api/proxies/sub-users?proxy_type=unlimited", "", "listSubUsers"},
	{"create sub-user", "POST", "/user/api/proxies/sub-user?proxy_type=standart", `{"name":"alice","data":2}`, "createSubUser"},
	{"sub-user", "GET", "/user/api/proxies/sub-user/u-42?proxy_type=standart", "", "getSubUser"},
	{"rename sub-user", "PATCH", "/user/api/proxies/sub-user/u-42?proxy_type=premium", `{"name":"bob"}`, "editSubUser"},
	{"delete sub-user", "DELETE", "/user/api/proxies/sub-user/u-42", "", "deleteSubUser"},
	{"sub-user data add", "POST", "/user/api/proxies/sub-user/u-42/data/add?proxy_type=standart", `{"data":1}`, "addSubUserData"},
	{"sub-user data subtract", "POST", "/user/api/proxies/sub-user/u-42/data/subtract?proxy_type=standart", `{"data":1}`, "subtractSubUserData"},
	{"sub-user password", "POST", "/user/api/proxies/sub-user/u-42/password?proxy_type=standart", `{}`, "resetSubUserPassword"},
	{"countries", "GET", "/user/api/proxies/countries?proxy_type=premium", "", "listCountries"},
	{"regions", "GET", "/user/api/proxies/regions?proxy_type=standart&country_code=DE", "", "listRegions"},
	{"cities", "GET", "/user/api/proxies/cities?proxy_type=standart&country_code=DE&region_code=BE", "", "listCities"},
	{"isps", "GET", "/user/api/proxies/isps?proxy_type=premium&country_code=DE&region_code=BE&city_code=berlin", "", "listIsps"},
	{"health", "GET", "/health", "", "getHealth"},
	{"liveness", "GET", "/health/live", "", "getLiveness"},
}

func TestValidRequestsPass(t *testing.T) {
	v := newValidator(t)
	covered := map[string]bool{}
	for _, tt := range validRequests {
		t.Run(tt.name, func(t *testing.T) {
			op, err := v.ValidateRequest(newRequest(t, tt.method, tt.target, tt.body), []byte(tt.body))
			assert.NoError(t, err)
			require.NotNil(t, op)
			assert.Equal(t, tt.op, op.ID)
			covered[op.ID] = true
		})
	}
	assert.Len(t, covered, len(wantOperations), "every operation has a valid request")
}

// Media type parameters and letter case do not change the media type.
func TestContentTypeVariantsPass(t *testing.T) {
	v := newValidator(t)
	for _, ct := range []string{"application/json; charset=utf-8", "Application/JSON", " application/json ;charset=UTF-8"} {
		r := newRequest(t, "POST", "/user/api/orders/7/tag", `{"tag":"x"}`)
		r.Header.Set("Content-Type", ct)
		_, err := v.ValidateRequest(r, []byte(`{"tag":"x"}`))
		assert.NoError(t, err, ct)
	}
}

func TestInvalidRequestsAreRejectedNamingTheField(t *testing.T) {
	v := newValidator(t)
	tests := []struct {
		name, method, target, body string
		contentType                string // "" keeps application/json for a body
		wantOp, wantField          string
		wantReason                 string // a part of the reason
	}{
		{"unknown path", "GET", "/user/api/nope", "", "", "", "route", "no documented operation"},
		{"wrong method", "DELETE", "/user/api/orders/7", "", "", "", "route", "documented: GET"},
		{"status missing", "GET", "/user/api/orders", "", "", "listOrders", "query.status", "missing"},
		{"status unknown", "GET", "/user/api/orders?status=open", "", "", "listOrders", "query.status", "allowed values"},
		{"limit 0", "GET", "/user/api/orders?status=all&limit=0", "", "", "listOrders", "query.limit", "at least 1"},
		{"limit 101", "GET", "/user/api/orders?status=all&limit=101", "", "", "listOrders", "query.limit", "at most 100"},
		{"limit not a number", "GET", "/user/api/orders?status=all&limit=ten", "", "", "listOrders", "query.limit", "not an integer"},
		{"limit fraction", "GET", "/user/api/orders?status=all&limit=1.5", "", "", "listOrders", "query.limit", "not an integer"},
		{"limit empty", "GET", "/user/api/orders?status=all&limit=", "", "", "listOrders", "query.limit", "not an integer"},
		{"limit twice", "GET", "/user/api/orders?status=all&limit=1&limit=2", "", "", "listOrders", "query.limit", "2 times"},
		{"offset negative", "GET", "/user/api/orders?status=all&offset=-1", "", "", "listOrders", "query.offset", "at least 0"},
		{"malformed query", "GET", "/user/api/orders?status=%zz", "", "", "listOrders", "query", "malformed"},
		{"order id not an integer", "GET", "/user/api/orders/abc", "", "", "getOrder", "path.id", "not an integer"},
		{"order_id not an integer", "POST", "/user/api/orders/x1/tag", `{"tag":"a"}`, "", "setOrderTag", "path.id", "not an integer"},
		{"addon order_id not an integer", "POST", "/user/api/orders/seven/addons/purchase", `{"addon_key":"p0f_slots","add_qty":1}`, "", "purchaseAddon", "path.order_id", "not an integer"},
		{"auto_renewal missing", "POST", "/user/api/orders/edit-auto-renewal/7", `{}`, "", "setAutoRenewal", "query.auto_renewal", "missing"},
		{"auto_renewal not a boolean", "POST", "/user/api/orders/edit-auto-renewal/7?auto_renewal=yes", `{}`, "", "setAutoRenewal", "query.auto_renewal", "not a boolean"},
		{"active order_id missing", "GET", "/user/api/proxies/active", "", "", "listActiveProxies", "query.order_id", "missing"},
		{"calculate product missing", "GET", "/user/api/orders/calculate?cycle=monthly", "", "", "calculateOrderPrice", "query.product", "missing"},
		{"calculate quantity not an integer", "GET", "/user/api/orders/calculate?product=ISP+Proxy&quantity=many", "", "", "calculateOrderPrice", "query.quantity", "not an integer"},
		{"addon add_qty 0", "GET", "/user/api/orders/7/addons/calculate?addon_key=p0f_slots&add_qty=0", "", "", "calculateAddon", "query.add_qty", "at least 1"},
		{"addon addon_key missing", "GET", "/user/api/orders/7/addons/calculate?add_qty=1", "", "", "calculateAddon", "query.addon_key", "missing"},
		{"tag without body", "POST", "/user/api/orders/7/tag", "", "", "setOrderTag", "body", "required"},
		{"purchase without body", "POST", "/user/api/orders/purchase", "", "", "purchaseOrder", "body", "required"},
		{"body on a GET", "GET", "/user/api/me", `{}`, "", "getMe", "body", "no request body"},
		{"body not JSON", "POST", "/user/api/orders/7/tag", `tag=none`, "", "setOrderTag", "body", "not valid JSON"},
		{"body truncated", "POST", "/user/api/orders/7/tag", `{"tag":`, "", "setOrderTag", "body", "not valid JSON"},
		{"body is an array", "POST", "/user/api/orders/7/tag", `[]`, "", "setOrderTag", "body", "must be an object"},
		{"Content-Type missing", "POST", "/user/api/orders/7/tag", `{"tag":"a"}`, "-", "setOrderTag", "header.Content-Type", "missing"},
		{"Content-Type form", "POST", "/user/api/orders/7/tag", `{"tag":"a"}`, "application/x-www-form-urlencoded", "setOrderTag", "header.Content-Type", "not documented"},
		{"tag missing", "POST", "/user/api/orders/7/tag", `{"label":"a"}`, "", "setOrderTag", "body.tag", "missing"},
		{"tag wrong type", "POST", "/user/api/orders/7/tag", `{"tag":5}`, "", "setOrderTag", "body.tag", "must be a string"},
		{"cycle wrong type", "POST", "/user/api/orders/change-billing-cycle/7", `{"cycle":["monthly"]}`, "", "changeBillingCycle", "body.cycle", "must be a string"},
		{"Datacenter without location", "POST", "/user/api/orders/purchase", `{"product":"Datacenter Proxy","cycle":"monthly"}`, "", "purchaseOrder", "body.location", "missing"},
		{"ISP without cycle", "POST", "/user/api/orders/purchase", `{"product":"ISP Proxy","location":"DE"}`, "", "purchaseOrder", "body.cycle", "missing"},
		{"Datacenter quantity 0", "POST", "/user/api/orders/purchase", `{"product":"Datacenter Proxy","location":"DE","cycle":"monthly","quantity":0}`, "", "purchaseOrder", "body.quantity", "at least 1"},
		{"Datacenter quantity string", "POST", "/user/api/orders/purchase", `{"product":"Datacenter Proxy","location":"DE","cycle":"monthly","quantity":"10"}`, "", "purchaseOrder", "body.quantity", "must be an integer"},
		{"Datacenter location null", "POST", "/user/api/orders/purchase", `{"product":"Datacenter Proxy","location":null,"cycle":"monthly"}`, "", "purchaseOrder", "body.location", "null"},
		{"Unmetered without cycle", "POST", "/user/api/orders/purchase", `{"product":"Unmetered Residential proxy"}`, "", "purchaseOrder", "body.cycle", "missing"},
		{"Standart quantity fraction", "POST", "/user/api/orders/purchase", `{"product":"Standart Residential Proxy","quantity":1.5}`, "", "purchaseOrder", "body.quantity", "must be an integer"},
		{"purchase without product", "POST", "/user/api/orders/purchase", `{"cycle":"monthly","location":"DE"}`, "", "purchaseOrder", "body.product", "missing"},
		{"future product without cycle", "POST", "/user/api/orders/purchase", `{"product":"Mobile Proxy"}`, "", "purchaseOrder", "body.cycle", "missing"},
		{"signature unknown OS", "POST", "/user/api/orders/7/signature/set", `{"items":[{"ip":"10.0.0.1","signature":"win11"},{"ip":"10.0.0.2","signature":"beos"}]}`, "", "setSignatures", "body.items[1].signature", "allowed values"},
		{"signature ip missing", "POST", "/user/api/orders/7/signature/set", `{"items":[{"signature":"linux"}]}`, "", "setSignatures", "body.items[0].ip", "missing"},
		{"signature items missing", "POST", "/user/api/orders/7/signature/set", `{}`, "", "setSignatures", "body.items", "missing"},
		{"del-np value not boolean", "POST", "/user/api/orders/7/del-np/set", `{"items":[{"ip":"10.0.0.1","value":"yes"}]}`, "", "setDelNp", "body.items[0].value", "must be a boolean"},
		{"addon purchase add_qty 0", "POST", "/user/api/orders/7/addons/purchase", `{"addon_key":"p0f_slots","add_qty":0}`, "", "purchaseAddon", "body.add_qty", "at least 1"},
		{"addon schedule action", "POST", "/user/api/orders/7/addons/schedule", `{"addon_key":"p0f_slots","action":"upgrade","next_qty":1}`, "", "scheduleAddonDowngrade", "body.action", "allowed values"},
		{"addon cancel addon_key missing", "POST", "/user/api/orders/7/addons/schedule/cancel", `{}`, "", "cancelAddonDowngrade", "body.addon_key", "missing"},
		{"renew body not an object", "POST", "/user/api/orders/7/renew", `"renew"`, "", "renewOrder", "body", "must be an object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRequest(t, tt.method, tt.target, tt.body)
			switch tt.contentType {
			case "":
			case "-":
				r.Header.Del("Content-Type")
			default:
				r.Header.Set("Content-Type", tt.contentType)
			}
			op, err := v.ValidateRequest(r, []byte(tt.body))
			var ce *api.ContractError
			require.True(t, errors.As(err, &ce), "want a *ContractError, got %v", err)
			assert.Equal(t, tt.wantOp, ce.Operation)
			if tt.wantOp != "" {
				require.NotNil(t, op)
				assert.Equal(t, tt.wantOp, op.ID)
			} else {
				assert.Nil(t, op)
			}
			assert.Equal(t, api.SideRequest, ce.Side)
			assert.Equal(t, tt.method, ce.Method)
			assert.Equal(t, r.URL.Path, ce.Path)
			assert.Equal(t, tt.wantField, ce.Field)
			assert.Contains(t, ce.Reason, tt.wantReason)
			assert.Contains(t, ce.Error(), tt.wantField+": ")
		})
	}
}

// Validation reads decoded copies: the body slice and the request are
// left exactly as they were, with no schema default written anywhere.
func TestValidateRequestChangesNothing(t *testing.T) {
	v := newValidator(t)
	// PurchaseRequest documents defaults for quantity and auto_renewal.
	body := []byte(`{"product":"Mobile Proxy","cycle":"weekly"}`)
	kept := bytes.Clone(body)
	r := newRequest(t, "POST", "/user/api/orders/purchase?x=1", string(body))
	header := r.Header.Clone()
	_, err := v.ValidateRequest(r, body)
	require.NoError(t, err)
	assert.Equal(t, kept, body)
	assert.Equal(t, header, r.Header)
	assert.Equal(t, "x=1", r.URL.RawQuery)
	sent := new(bytes.Buffer)
	_, err = sent.ReadFrom(r.Body)
	require.NoError(t, err)
	assert.Equal(t, string(kept), sent.String(), "r.Body is not read")
}

// The bearer token is a header value; no error ever carries one.
func TestContractErrorsNeverCarryTheToken(t *testing.T) {
	v := newValidator(t)
	r := newRequest(t, "GET", "/user/api/orders?status=bogus", "")
	_, err := v.ValidateRequest(r, nil)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "secret-token")
	err = v.ValidateResponse(nil, r, http.StatusTeapot, http.Header{"Authorization": {"Bearer secret-token"}}, nil)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "secret-token")
}

func TestContractErrorMessage(t *testing.T) {
	tests := []struct {
		err  api.ContractError
		want string
	}{
		{api.ContractError{Operation: "listOrders", Method: "GET", Path: "/user/api/orders", Side: api.SideRequest, Field: "query.limit", Reason: "number must be at most 100"},
			"api contract: request of listOrders GET /user/api/orders: query.limit: number must be at most 100"},
		{api.ContractError{Method: "GET", Path: "/x", Side: api.SideRequest, Field: "route", Reason: "no documented operation has this path"},
			"api contract: request of GET /x: route: no documented operation has this path"},
		{api.ContractError{Operation: "getMe", Method: "GET", Path: "/user/api/me", Side: api.SideResponse, Field: "status", Reason: "418 is not documented"},
			"api contract: response of getMe GET /user/api/me: status: 418 is not documented"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.err.Error())
	}
}
