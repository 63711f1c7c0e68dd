package api_test

import (
	"context"
	"sort"
	"testing"

	"github.com/oapi-codegen/oapi-codegen/v2/pkg/util"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/api"
)

// The 34 operations of ProxyShard's User API 1.1.0 (18 from the published
// pages, 16 from api/supplement/residential.yaml), by method and path, with
// the operationIds the overlay gives them. These names are public API.
var wantOperations = map[string]string{
	"GET /user/api/me":                                        "getMe",
	"GET /user/api/orders":                                    "listOrders",
	"GET /user/api/orders/{id}":                               "getOrder",
	"POST /user/api/orders/purchase":                          "purchaseOrder",
	"GET /user/api/orders/calculate":                          "calculateOrderPrice",
	"POST /user/api/orders/{id}/renew":                        "renewOrder",
	"POST /user/api/orders/{id}/tag":                          "setOrderTag",
	"POST /user/api/orders/change-billing-cycle/{order_id}":   "changeBillingCycle",
	"POST /user/api/orders/edit-auto-renewal/{order_id}":      "setAutoRenewal",
	"GET /user/api/proxies/products":                          "listProducts",
	"GET /user/api/proxies/available-count":                   "getAvailableCounts",
	"GET /user/api/proxies/active":                            "listActiveProxies",
	"POST /user/api/orders/{order_id}/del-np/set":             "setDelNp",
	"POST /user/api/orders/{order_id}/signature/set":          "setSignatures",
	"GET /user/api/orders/{order_id}/addons/calculate":        "calculateAddon",
	"POST /user/api/orders/{order_id}/addons/purchase":        "purchaseAddon",
	"POST /user/api/orders/{order_id}/addons/schedule":        "scheduleAddonDowngrade",
	"POST /user/api/orders/{order_id}/addons/schedule/cancel": "cancelAddonDowngrade",
	"POST /user/api/orders/{id}/add-bandwidth":                "addBandwidth",
	"GET /user/api/proxies/profile":                           "getTrafficProfile",
	"GET /user/api/proxies/sub-users":                         "listSubUsers",
	"POST /user/api/proxies/sub-user":                         "createSubUser",
	"GET /user/api/proxies/sub-user/{user_id}":                "getSubUser",
	"PATCH /user/api/proxies/sub-user/{user_id}":              "editSubUser",
	"DELETE /user/api/proxies/sub-user/{user_id}":             "deleteSubUser",
	"POST /user/api/proxies/sub-user/{user_id}/data/add":      "addSubUserData",
	"POST /user/api/proxies/sub-user/{user_id}/data/subtract": "subtractSubUserData",
	"POST /user/api/proxies/sub-user/{user_id}/password":      "resetSubUserPassword",
	"GET /user/api/proxies/countries":                         "listCountries",
	"GET /user/api/proxies/regions":                           "listRegions",
	"GET /user/api/proxies/cities":                            "listCities",
	"GET /user/api/proxies/isps":                              "listIsps",
	"GET /health":                                             "getHealth",
	"GET /health/live":                                        "getLiveness",
}

func TestEffectiveSpecHasTheThirtyFourOperations(t *testing.T) {
	spec, err := api.Spec()
	require.NoError(t, err)
	got := map[string]string{}
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			got[method+" "+path] = op.OperationID
		}
	}
	assert.Equal(t, wantOperations, got)
}

func TestEffectiveSpecIsValid(t *testing.T) {
	spec, err := api.Spec()
	require.NoError(t, err)
	assert.NoError(t, spec.Validate(context.Background()))
}

// The embedded spec must be exactly the merged spec with the overlay applied
// by the generator's own loader; a stale gen/ fails here.
func TestEmbeddedSpecIsMergedSpecPlusOverlay(t *testing.T) {
	fromFiles, err := util.LoadSwaggerWithOverlay("openapi.json", util.LoadSwaggerWithOverlayOpts{Path: "overlay.yaml", Strict: true})
	require.NoError(t, err)
	embedded, err := api.Spec()
	require.NoError(t, err)
	want, err := fromFiles.MarshalJSON()
	require.NoError(t, err)
	got, err := embedded.MarshalJSON()
	require.NoError(t, err)
	assert.JSONEq(t, string(want), string(got), "gen/ is stale: run make generate")
}

func TestEveryOperationDocumentsUnauthorized(t *testing.T) {
	spec, err := api.Spec()
	require.NoError(t, err)
	var missing, tokenFree []string
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			if op.Security != nil && len(*op.Security) == 0 {
				// The health probes need no token, so they never answer 401.
				tokenFree = append(tokenFree, method+" "+path)
				assert.Nil(t, op.Responses.Value("401"), "%s %s needs no token yet documents 401", method, path)
				continue
			}
			if op.Responses.Value("401") == nil {
				missing = append(missing, method+" "+path)
			}
		}
	}
	sort.Strings(missing)
	assert.Empty(t, missing)
	sort.Strings(tokenFree)
	assert.Equal(t, []string{"GET /health", "GET /health/live"}, tokenFree)
}
