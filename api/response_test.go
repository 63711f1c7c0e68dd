package api_test

import (
	"errors"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/api"
)

// okBodies holds a valid 200 body for each operation, as the API answers.
var okBodies = map[string]string{
	"getMe": `{"email":"user@example.com","active_orders":1,"wallet_balance":100000}`,
	"listOrders": `{"success":true,"count":1,"prev":null,"next":"/user/api/orders?status=all&offset=20&limit=20","orders":[` +
		`{"order_id":7,"product_id":1,"product_name":"Datacenter Proxy","cycle_id":1,"cycle_name":"monthly","expires_at":"2026-01-01T00:00:00Z","auto_renewal":null,"tag":null}]}`,
	"getOrder": `{"success":true,"order":{"order_id":7,"status":"active","product_name":"Datacenter Proxy","cycle_name":"monthly","quantity":10,` +
		`"price_paid":1000,"addons_price_paid":300,"addons":[{"addon_key":"p0f_slots","catalog_id":1,"qty":3,"price_per_unit":100,"pending":null}],` +
		`"p0f_slots_available":3,"p0f_slots_used":1,"p0f_slots_next":3,"auto_renewal":true,"created_at":"2025-12-01T00:00:00Z","expires_at":null,"promo_code":null,"tag":"none"}}`,
	"purchaseOrder":       `{"success":true,"message":"Order paid successfully","order_id":8}`,
	"calculateOrderPrice": `{"original_price":1000,"final_price":900,"discount_percent":10,"addons_price":60,"total_with_addons":960}`,
	"renewOrder":          `{"success":true,"message":"Order renewed"}`,
	"setOrderTag":         `{"success":true,"message":"Tag updated"}`,
	"changeBillingCycle":  `{"success":true,"message":"Billing cycle changed","order_id":7,"original_price":3000,"final_price":2700,"discount_percent":10}`,
	"setAutoRenewal":      `{"success":true,"message":"Auto-renewal enabled"}`,
	"listProducts":        `{"success":true,"products":[{"name":"Datacenter Proxy","location":"DE","description":null,"cycles":["monthly","quarterly"]},{"name":"Standart Residential Proxy","location":null,"cycles":["lifetime"]}]}`,
	"getAvailableCounts":  `[{"country":"DE","product":"dc","amount":100},{"country":"US","product":"isp","amount":0}]`,
	"listActiveProxies": `{"success":true,"order_tag":null,"data":[{"ip":"10.0.0.1","username":"u","password":"p","http_port":8080,"socks_port":1080,"until":"2026-01-01","status":"active"},` +
		`{"ip":"10.0.0.2","username":"u","password":"p","http_port":8080,"socks_port":1080,"until":"2026-01-01T00:00:00Z","status":"active","signature":"win11"}]}`,
	"setDelNp":       `{"success":true,"message":"Updated"}`,
	"setSignatures":  `{"success":true,"message":"Updated","updated":2}`,
	"calculateAddon": `{"success":true,"addon_key":"p0f_slots","catalog_id":1,"current_qty":0,"add_qty":3,"new_qty":3,"price_per_unit":100,"add_total":300}`,
	"purchaseAddon":  `{"success":true,"message":"Add-on purchased","addons":[{"addon_key":"p0f_slots","catalog_id":1,"qty":3,"price_per_unit":100,"pending":null}],"addons_price_paid":300}`,
	"scheduleAddonDowngrade": `{"success":true,"message":"Downgrade scheduled","addons":[{"addon_key":"p0f_slots","catalog_id":1,"qty":3,"price_per_unit":100,` +
		`"pending":{"action":"downgrade","next_qty":1}}]}`,
	"cancelAddonDowngrade": `{"success":true,"message":"Pending downgrade cleared","addons":[{"addon_key":"p0f_slots","qty":3,"pending":null}]}`,
	"addBandwidth":         `{"success":true,"message":"Order paid successfully"}`,
	"getTrafficProfile":    `{"success":true,"data":10000000000,"data_remain":7500000000,"data_spent":2500000000,"proxy_password":"xxxxxxxxx"}`,
	"listSubUsers": `{"success":true,"count":1,"data":[{"user_id":"u-42","first_name":"alice","proxy_password":"p","data":2000000000,` +
		`"data_spent":0,"data_remain":2000000000}]}`,
	"createSubUser":        `{"success":true,"data":[{"user_id":"u-42","first_name":"alice","proxy_password":"p","data":2000000000,"data_spent":0}]}`,
	"getSubUser":           `{"success":true,"data":[{"first_name":"alice","proxy_password":"p","data":2000000000,"data_spent":0}]}`,
	"editSubUser":          `{"success":true,"message":"Sub user edited successfully"}`,
	"deleteSubUser":        `{"success":true,"message":"Sub user deleted successfully"}`,
	"addSubUserData":       `{"success":true,"message":"Traffic added to sub user successfully"}`,
	"subtractSubUserData":  `{"success":true,"message":"Traffic subtracted from sub user successfully"}`,
	"resetSubUserPassword": `{"success":true,"message":"Sub user password changed successfully"}`,
	"listCountries":        `{"count":2,"results":[{"code":"DE","name":"Germany"},{"code":"US","name":"United States"}]}`,
	"listRegions":          `{"count":1,"results":[{"code":"BE","name":"Berlin","country":{"code":"DE","name":"Germany"}}]}`,
	"listCities": `{"count":2,"results":[{"code":"berlin","name":"Berlin","country":{"code":"DE","name":"Germany"},"region":{"code":"BE","name":"Berlin"}},` +
		`{"code":"hamburg","name":"Hamburg","country":{"code":"DE","name":"Germany"},"region":null}]}`,
	"listIsps":    `{"count":1,"results":[{"code":"deutsche-telekom","name":"Deutsche Telekom","country":{"code":"DE","name":"Germany"},"region":null}]}`,
	"getHealth":   `ok`,
	"getLiveness": `ok`,
}

// requestFor returns a valid request addressed to the operation.
func requestFor(t testing.TB, id string) *http.Request {
	t.Helper()
	for _, vr := range validRequests {
		if vr.op == id {
			return newRequest(t, vr.method, vr.target, vr.body)
		}
	}
	t.Fatalf("no valid request for %s", id)
	return nil
}

var jsonHeader = http.Header{"Content-Type": {"application/json"}}

func TestValidResponsesPass(t *testing.T) {
	v := newValidator(t)
	require.Len(t, okBodies, len(wantOperations))
	for id, body := range okBodies {
		t.Run(id, func(t *testing.T) {
			r := requestFor(t, id)
			op, ok := v.Find(r.Method, r.URL.Path)
			require.True(t, ok)
			assert.NoError(t, v.ValidateResponse(op, r, http.StatusOK, jsonHeader, []byte(body)))
			// Without an operation, it is looked up from the request.
			assert.NoError(t, v.ValidateResponse(nil, requestFor(t, id), http.StatusOK, jsonHeader, []byte(body)))
		})
	}
}

// The error answers each operation documents, as the API sends them: a
// 401 for a bad token everywhere, 404 for an order that is not the
// caller's, 400 for invalid input, 403 where an order or cycle is not
// available. Every other error status is a violation.
func TestErrorAnswers(t *testing.T) {
	want := map[string][]int{
		"getMe":                  {401},
		"listOrders":             {400, 401},
		"getOrder":               {400, 401, 404},
		"purchaseOrder":          {400, 401},
		"calculateOrderPrice":    {400, 401},
		"renewOrder":             {400, 401, 404},
		"setOrderTag":            {400, 401, 404},
		"changeBillingCycle":     {400, 401, 403, 404},
		"setAutoRenewal":         {400, 401, 404},
		"listProducts":           {401},
		"getAvailableCounts":     {401},
		"listActiveProxies":      {400, 401, 403, 404},
		"setDelNp":               {400, 401, 404},
		"setSignatures":          {400, 401, 404},
		"calculateAddon":         {400, 401, 404},
		"purchaseAddon":          {400, 401, 404},
		"scheduleAddonDowngrade": {400, 401, 404},
		"cancelAddonDowngrade":   {400, 401, 404},
		"addBandwidth":           {400, 401, 404},
		"getTrafficProfile":      {400, 401},
		"listSubUsers":           {400, 401},
		"createSubUser":          {400, 401},
		"getSubUser":             {400, 401},
		"editSubUser":            {400, 401},
		"deleteSubUser":          {400, 401},
		"addSubUserData":         {400, 401},
		"subtractSubUserData":    {400, 401},
		"resetSubUserPassword":   {400, 401},
		"listCountries":          {400, 401},
		"listRegions":            {400, 401},
		"listCities":             {400, 401},
		"listIsps":               {400, 401},
		"getHealth":              nil,
		"getLiveness":            nil,
	}
	require.Len(t, want, len(wantOperations))
	v := newValidator(t)
	apiError := []byte(`{"success":false,"message":"Order not found"}`)
	for id, statuses := range want {
		t.Run(id, func(t *testing.T) {
			r := requestFor(t, id)
			op, _ := v.Find(r.Method, r.URL.Path)
			require.NotNil(t, op)
			var accepted []int
			for _, status := range []int{400, 401, 402, 403, 404, 405, 409, 422, 500} {
				err := v.ValidateResponse(op, r, status, jsonHeader, apiError)
				if err == nil {
					accepted = append(accepted, status)
					continue
				}
				var ce *api.ContractError
				require.True(t, errors.As(err, &ce))
				assert.Equal(t, "status", ce.Field)
				assert.Contains(t, ce.Reason, "not documented")
			}
			sort.Ints(accepted)
			assert.Equal(t, statuses, accepted)
		})
	}
}

func TestResponseViolationsAreCaught(t *testing.T) {
	v := newValidator(t)
	html := "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>"
	htmlHeader := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	tests := []struct {
		name, op   string
		status     int
		header     http.Header
		body       string
		wantField  string
		wantReason string
	}{
		{"undocumented 201", "purchaseOrder", 201, jsonHeader, okBodies["purchaseOrder"], "status", "201 is not documented"},
		{"undocumented 500", "getMe", 500, jsonHeader, `{"success":false,"message":"boom"}`, "status", "documented: 200, 401, 429, 502, 503, 504"},
		{"undocumented 204", "setOrderTag", 204, http.Header{}, "", "status", "not documented"},
		{"HTML page on 200", "getMe", 200, htmlHeader, html, "header.Content-Type", `"text/html; charset=utf-8" is not documented`},
		{"HTML page on 404", "getOrder", 404, htmlHeader, html, "header.Content-Type", "for status 404"},
		{"HTML page labelled JSON", "listOrders", 200, jsonHeader, html, "body", "not valid JSON"},
		{"JSON as text/plain", "getMe", 200, http.Header{"Content-Type": {"text/plain"}}, okBodies["getMe"], "header.Content-Type", "not documented"},
		{"Content-Type missing", "getMe", 200, http.Header{}, okBodies["getMe"], "header.Content-Type", "missing"},
		{"empty body", "getMe", 200, jsonHeader, "", "body", "empty"},
		{"error body on 200", "getMe", 200, jsonHeader, `{"success":false,"message":"nope"}`, "body.email", "missing"},
		{"email a number", "getMe", 200, jsonHeader, `{"email":5,"active_orders":1,"wallet_balance":1}`, "body.email", "must be a string"},
		{"balance in dollars", "getMe", 200, jsonHeader, `{"email":"a@b.c","active_orders":1,"wallet_balance":12.34}`, "body.wallet_balance", "must be an integer"},
		{"order id a string", "listOrders", 200, jsonHeader,
			`{"success":true,"orders":[{"order_id":"7","product_id":1,"product_name":"x","cycle_id":1,"cycle_name":"monthly"}]}`, "body.orders[0].order_id", "must be an integer"},
		{"count item missing amount", "getAvailableCounts", 200, jsonHeader, `[{"country":"DE","product":"x","amount":1},{"country":"DE","product":"x"}]`, "body[1].amount", "missing"},
		{"count not an array", "getAvailableCounts", 200, jsonHeader, `{"items":[]}`, "body", "must be an array"},
		{"pending action unknown", "getOrder", 200, jsonHeader,
			`{"success":true,"order":{"addons":[{"addon_key":"p0f_slots","pending":{"action":"upgrade"}}]}}`, "body.order.addons[0].pending.action", "allowed values"},
		{"ApiError without message", "purchaseOrder", 400, jsonHeader, `{"success":false}`, "body.message", "missing"},
		{"ApiError as text", "getOrder", 404, http.Header{"Content-Type": {"text/plain"}}, "Not Found", "header.Content-Type", "not documented"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := requestFor(t, tt.op)
			op, ok := v.Find(r.Method, r.URL.Path)
			require.True(t, ok)
			err := v.ValidateResponse(op, r, tt.status, tt.header, []byte(tt.body))
			var ce *api.ContractError
			require.True(t, errors.As(err, &ce), "want a *ContractError, got %v", err)
			assert.Equal(t, tt.op, ce.Operation)
			assert.Equal(t, api.SideResponse, ce.Side)
			assert.Equal(t, r.Method, ce.Method)
			assert.Equal(t, r.URL.Path, ce.Path)
			assert.Equal(t, tt.wantField, ce.Field)
			assert.Contains(t, ce.Reason, tt.wantReason)
			assert.NotContains(t, ce.Error(), "<html>", "a body never lands in the message")
		})
	}
}

// Rate limiting and gateway failures are documented for every operation,
// with any body: they come from whichever layer answered.
func TestGatewayAnswersPass(t *testing.T) {
	v := newValidator(t)
	html := http.Header{"Content-Type": {"text/html"}}
	tests := []struct {
		name   string
		status int
		header http.Header
		body   string
	}{
		{"429 with Retry-After seconds", 429, http.Header{"Retry-After": {"2"}, "Content-Type": {"application/json"}}, `{"success":false,"message":"Too many requests"}`},
		{"429 with Retry-After date", 429, http.Header{"Retry-After": {"Wed, 21 Oct 2026 07:28:00 GMT"}}, ""},
		{"429 without Retry-After", 429, html, "<html>slow down</html>"},
		{"502 HTML page", 502, html, "<html><h1>502 Bad Gateway</h1></html>"},
		{"503 empty", 503, http.Header{}, ""},
		{"504 HTML page", 504, html, "<html>Gateway Time-out</html>"},
	}
	for _, op := range v.Operations() {
		for _, tt := range tests {
			t.Run(op.ID+" "+tt.name, func(t *testing.T) {
				r := requestFor(t, op.ID)
				assert.NoError(t, v.ValidateResponse(op, r, tt.status, tt.header, []byte(tt.body)))
			})
		}
	}
}

func TestValidateResponseOnAnUnknownRoute(t *testing.T) {
	v := newValidator(t)
	r := newRequest(t, "GET", "/user/api/unknown", "")
	err := v.ValidateResponse(nil, r, 200, jsonHeader, []byte(`{}`))
	var ce *api.ContractError
	require.True(t, errors.As(err, &ce))
	assert.Equal(t, "route", ce.Field)
	assert.Equal(t, api.SideResponse, ce.Side)
	assert.Empty(t, ce.Operation)
	assert.True(t, strings.HasPrefix(ce.Error(), "api contract: response of GET /user/api/unknown"))
}
