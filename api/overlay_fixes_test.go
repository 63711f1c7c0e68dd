package api

import (
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rawValidator validates against the merged spec (openapi.json: the
// published pages and the spec layer), without overlay.yaml. It has no operationIds, so each
// operation is named by method and path.
func rawValidator(t *testing.T) *Validator {
	t.Helper()
	spec, err := openapi3.NewLoader().LoadFromFile("openapi.json")
	require.NoError(t, err)
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			require.Empty(t, op.OperationID, "the published spec gained operationIds: revisit the overlay")
			op.OperationID = method + " " + path
		}
	}
	v, err := newValidator(spec)
	require.NoError(t, err)
	return v
}

// Each case is real traffic on which the published spec is wrong: it
// rejects what the API does, or accepts what it does not. The effective
// spec (published + overlay.yaml) must get every case right, and the
// published one wrong: drop a fix from the overlay and its case fails.
func TestOverlayFixesDefectsOfThePublishedSpec(t *testing.T) {
	raw := rawValidator(t)
	effective, err := NewValidator()
	require.NoError(t, err)

	apiError := `{"success":false,"message":"Unauthorized"}`
	jsonHeader := http.Header{"Content-Type": {"application/json"}}
	htmlHeader := http.Header{"Content-Type": {"text/html"}}
	tests := []struct {
		fix, name            string
		method, target, body string
		// status 0 checks the request; otherwise the response to it.
		status   int
		header   http.Header
		respBody string
		valid    bool // what the API does with it: true when it is right traffic
	}{
		{fix: "purchase oneOf", name: "Datacenter purchase matches one variant",
			method: "POST", target: "/user/api/orders/purchase", body: `{"product":"Datacenter Proxy","location":"DE","cycle":"monthly","quantity":10}`, valid: true},
		{fix: "purchase oneOf", name: "ISP purchase matches one variant",
			method: "POST", target: "/user/api/orders/purchase", body: `{"product":"ISP Proxy","location":"US","cycle":"quarterly"}`, valid: true},
		{fix: "purchase oneOf", name: "Unmetered purchase matches one variant",
			method: "POST", target: "/user/api/orders/purchase", body: `{"product":"Unmetered Residential proxy","cycle":"monthly"}`, valid: true},
		{fix: "purchase oneOf", name: "Datacenter purchase without location is not a generic purchase",
			method: "POST", target: "/user/api/orders/purchase", body: `{"product":"Datacenter Proxy","cycle":"monthly"}`, valid: false},
		{fix: "401 everywhere", name: "getMe with a bad token",
			method: "GET", target: "/user/api/me", status: 401, header: jsonHeader, respBody: apiError, valid: true},
		{fix: "401 everywhere", name: "listProducts with a bad token",
			method: "GET", target: "/user/api/proxies/products", status: 401, header: jsonHeader, respBody: apiError, valid: true},
		{fix: "404 by order id", name: "getOrder of another account's order",
			method: "GET", target: "/user/api/orders/999", status: 404, header: jsonHeader, respBody: `{"success":false,"message":"Order not found"}`, valid: true},
		{fix: "404 by order id", name: "listActiveProxies of an unknown order",
			method: "GET", target: "/user/api/proxies/active?order_id=999", status: 404, header: jsonHeader, respBody: `{"success":false,"message":"Order not found"}`, valid: true},
		{fix: "400 on add-ons", name: "add-on purchase with too little balance",
			method: "POST", target: "/user/api/orders/7/addons/purchase", body: `{"addon_key":"p0f_slots","add_qty":3}`,
			status: 400, header: jsonHeader, respBody: `{"success":false,"message":"Insufficient balance"}`, valid: true},
		{fix: "400 on add-ons", name: "cancel without a pending downgrade",
			method: "POST", target: "/user/api/orders/7/addons/schedule/cancel", body: `{"addon_key":"p0f_slots"}`,
			status: 400, header: jsonHeader, respBody: `{"success":false,"message":"No pending downgrade"}`, valid: true},
		{fix: "order status enum", name: "a status the API does not know",
			method: "GET", target: "/user/api/orders?status=open", valid: false},
		{fix: "order status enum", name: "400 for a wrong status",
			method: "GET", target: "/user/api/orders?status=all", status: 400, header: jsonHeader, respBody: `{"success":false,"message":"Invalid status"}`, valid: true},
		{fix: "400 on tag", name: "tag rejected",
			method: "POST", target: "/user/api/orders/7/tag", body: `{"tag":"none"}`,
			status: 400, header: jsonHeader, respBody: `{"success":false,"message":"Invalid tag"}`, valid: true},
		{fix: "404 on add-bandwidth", name: "add-bandwidth to another account's order",
			method: "POST", target: "/user/api/orders/999/add-bandwidth", body: `{"amount":5}`,
			status: 404, header: jsonHeader, respBody: `{"success":false,"message":"Order not found"}`, valid: true},
		{fix: "400 on residential", name: "add-bandwidth with too little balance",
			method: "POST", target: "/user/api/orders/7/add-bandwidth", body: `{"amount":5}`,
			status: 400, header: jsonHeader, respBody: `{"success":false,"message":"Insufficient balance"}`, valid: true},
		{fix: "400 on residential", name: "sub-user with more traffic than the owner has",
			method: "POST", target: "/user/api/proxies/sub-user?proxy_type=standart", body: `{"name":"a","data":500}`,
			status: 400, header: jsonHeader, respBody: `{"success":false,"message":"Not enough traffic"}`, valid: true},
		{fix: "400 on residential", name: "delete an unknown sub-user",
			method: "DELETE", target: "/user/api/proxies/sub-user/nobody",
			status: 400, header: jsonHeader, respBody: `{"success":false,"message":"Sub user not found"}`, valid: true},
		{fix: "400 on residential", name: "countries of an unknown package",
			method: "GET", target: "/user/api/proxies/countries?proxy_type=mobile",
			status: 400, header: jsonHeader, respBody: `{"success":false,"message":"Invalid proxy type"}`, valid: true},
		{fix: "gateway answers", name: "429 with Retry-After",
			method: "GET", target: "/user/api/me", status: 429, header: http.Header{"Retry-After": {"3"}, "Content-Type": {"application/json"}},
			respBody: `{"message":"Too many requests"}`, valid: true},
		{fix: "gateway answers", name: "429 on a purchase",
			method: "POST", target: "/user/api/orders/purchase", body: `{"product":"Standart Residential Proxy"}`,
			status: 429, header: http.Header{"Retry-After": {"Wed, 21 Oct 2026 07:28:00 GMT"}}, valid: true},
		{fix: "gateway answers", name: "502 HTML page",
			method: "GET", target: "/user/api/orders?status=all", status: 502, header: htmlHeader, respBody: "<html><h1>502 Bad Gateway</h1></html>", valid: true},
		{fix: "gateway answers", name: "503 on renew",
			method: "POST", target: "/user/api/orders/7/renew", body: `{}`, status: 503, header: htmlHeader, respBody: "<html>Service Unavailable</html>", valid: true},
		{fix: "gateway answers", name: "504 on available count",
			method: "GET", target: "/user/api/proxies/available-count", status: 504, header: http.Header{}, valid: true},
	}
	verdict := func(v *Validator, method, target, body string, status int, header http.Header, respBody string) error {
		r, err := http.NewRequest(method, "http://127.0.0.1:8080"+target, strings.NewReader(body))
		require.NoError(t, err)
		if body != "" {
			r.Header.Set("Content-Type", "application/json")
		}
		op, err := v.ValidateRequest(r, []byte(body))
		if status == 0 {
			return err
		}
		require.NotNil(t, op)
		return v.ValidateResponse(op, r, status, header, []byte(respBody))
	}
	for _, tt := range tests {
		t.Run(tt.fix+": "+tt.name, func(t *testing.T) {
			rawErr := verdict(raw, tt.method, tt.target, tt.body, tt.status, tt.header, tt.respBody)
			effErr := verdict(effective, tt.method, tt.target, tt.body, tt.status, tt.header, tt.respBody)
			if tt.valid {
				assert.Error(t, rawErr, "the published spec rejects valid traffic")
				assert.NoError(t, effErr)
			} else {
				assert.NoError(t, rawErr, "the published spec accepts invalid traffic")
				assert.Error(t, effErr)
			}
		})
	}
}

// The published purchase union fails a strict validator for a reason worth
// seeing: a Datacenter purchase matches its own variant and the catch-all.
func TestPublishedPurchaseUnionMatchesTwice(t *testing.T) {
	r, err := http.NewRequest("POST", "http://127.0.0.1:8080/user/api/orders/purchase", nil)
	require.NoError(t, err)
	r.Header.Set("Content-Type", "application/json")
	_, err = rawValidator(t).ValidateRequest(r, []byte(`{"product":"Datacenter Proxy","location":"DE","cycle":"monthly"}`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), `matches more than one schema from "oneOf"`)
}

// Rate limiting and gateway failures are documented on every operation;
// a 429 names Retry-After.
func TestEveryOperationDocumentsGatewayAnswers(t *testing.T) {
	spec, err := Spec()
	require.NoError(t, err)
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			for _, code := range []string{"429", "502", "503", "504"} {
				ref := op.Responses.Value(code)
				if !assert.NotNil(t, ref, "%s %s: %s", method, path, code) {
					continue
				}
				assert.Empty(t, ref.Value.Content, "%s %s: %s has any body", method, path, code)
				if code == "429" {
					assert.Contains(t, ref.Value.Headers, "Retry-After", "%s %s", method, path)
				}
			}
		}
	}
}
