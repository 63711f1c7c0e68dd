package api_test

import (
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/gen"
)

// builders pairs each of the project's request builders (gen.BuildXxx,
// api/templates/build-requests.tmpl) with gen's standard one.
var builders = map[string][2]any{
	"getHealth":              {gen.BuildGetHealth, gen.NewGetHealthRequest},
	"getLiveness":            {gen.BuildGetLiveness, gen.NewGetLivenessRequest},
	"getMe":                  {gen.BuildGetMe, gen.NewGetMeRequest},
	"listOrders":             {gen.BuildListOrders, gen.NewListOrdersRequest},
	"calculateOrderPrice":    {gen.BuildCalculateOrderPrice, gen.NewCalculateOrderPriceRequest},
	"changeBillingCycle":     {gen.BuildChangeBillingCycle, gen.NewChangeBillingCycleRequest},
	"setAutoRenewal":         {gen.BuildSetAutoRenewal, gen.NewSetAutoRenewalRequest},
	"purchaseOrder":          {gen.BuildPurchaseOrder, gen.NewPurchaseOrderRequest},
	"getOrder":               {gen.BuildGetOrder, gen.NewGetOrderRequest},
	"addBandwidth":           {gen.BuildAddBandwidth, gen.NewAddBandwidthRequest},
	"renewOrder":             {gen.BuildRenewOrder, gen.NewRenewOrderRequest},
	"setOrderTag":            {gen.BuildSetOrderTag, gen.NewSetOrderTagRequest},
	"calculateAddon":         {gen.BuildCalculateAddon, gen.NewCalculateAddonRequest},
	"purchaseAddon":          {gen.BuildPurchaseAddon, gen.NewPurchaseAddonRequest},
	"scheduleAddonDowngrade": {gen.BuildScheduleAddonDowngrade, gen.NewScheduleAddonDowngradeRequest},
	"cancelAddonDowngrade":   {gen.BuildCancelAddonDowngrade, gen.NewCancelAddonDowngradeRequest},
	"setDelNp":               {gen.BuildSetDelNp, gen.NewSetDelNpRequest},
	"setSignatures":          {gen.BuildSetSignatures, gen.NewSetSignaturesRequest},
	"listActiveProxies":      {gen.BuildListActiveProxies, gen.NewListActiveProxiesRequest},
	"getAvailableCounts":     {gen.BuildGetAvailableCounts, gen.NewGetAvailableCountsRequest},
	"listCities":             {gen.BuildListCities, gen.NewListCitiesRequest},
	"listCountries":          {gen.BuildListCountries, gen.NewListCountriesRequest},
	"listIsps":               {gen.BuildListIsps, gen.NewListIspsRequest},
	"listProducts":           {gen.BuildListProducts, gen.NewListProductsRequest},
	"getTrafficProfile":      {gen.BuildGetTrafficProfile, gen.NewGetTrafficProfileRequest},
	"listRegions":            {gen.BuildListRegions, gen.NewListRegionsRequest},
	"createSubUser":          {gen.BuildCreateSubUser, gen.NewCreateSubUserRequest},
	"deleteSubUser":          {gen.BuildDeleteSubUser, gen.NewDeleteSubUserRequest},
	"getSubUser":             {gen.BuildGetSubUser, gen.NewGetSubUserRequest},
	"editSubUser":            {gen.BuildEditSubUser, gen.NewEditSubUserRequest},
	"addSubUserData":         {gen.BuildAddSubUserData, gen.NewAddSubUserDataRequest},
	"subtractSubUserData":    {gen.BuildSubtractSubUserData, gen.NewSubtractSubUserDataRequest},
	"resetSubUserPassword":   {gen.BuildResetSubUserPassword, gen.NewResetSubUserPasswordRequest},
	"listSubUsers":           {gen.BuildListSubUsers, gen.NewListSubUsersRequest},
}

// Every operation's own builder makes the request gen's standard builder
// makes: method, URL, headers, body, and a body net/http can rewind (the
// facade hands out one copy per attempt from GetBody). Arguments are
// filled in by type, in several variants: optional parameters set and
// unset, and values that need escaping in a path or query.
func TestBuildersMakeTheStandardRequest(t *testing.T) {
	t.Parallel()
	for _, id := range wantOperations {
		assert.Contains(t, builders, id, "no builder pair for %s", id)
	}
	servers := []string{"https://api.example.com/", "http://127.0.0.1:8080/", "https://gw.example.com/prefix/v1/"}
	for id, pair := range builders {
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			own, standard := reflect.ValueOf(pair[0]), reflect.ValueOf(pair[1])
			require.Equal(t, own.Type(), standard.Type(), "the same signature")
			for variant := range argumentVariants {
				for _, server := range servers {
					args := []reflect.Value{reflect.ValueOf(server)}
					for i := 1; i < own.Type().NumIn(); i++ {
						args = append(args, fill(own.Type().In(i), variant))
					}
					name := fmt.Sprintf("variant %d at %s", variant, server)
					want, wantErr := built(standard.Call(args))
					got, gotErr := built(own.Call(args))
					if wantErr != nil {
						assert.Error(t, gotErr, name)
						continue
					}
					require.NoError(t, gotErr, name)
					assert.Equal(t, want.Method, got.Method, name)
					assert.Equal(t, want.URL.String(), got.URL.String(), name)
					assert.Equal(t, want.Host, got.Host, name)
					assert.Equal(t, want.Header, got.Header, name)
					assert.Equal(t, want.ContentLength, got.ContentLength, name)
					assert.Equal(t, want.GetBody == nil, got.GetBody == nil, name)
					assert.Equal(t, body(t, want), body(t, got), name)
				}
			}
		})
	}
}

// The one difference: the standard builder resolves "." and ".." in a path
// parameter away (DELETE /user/api/proxies/sub-user/.. becomes DELETE
// /user/api/proxies/, another endpoint's path); the project's builder sends
// the parameter as given.
func TestBuildersKeepDotSegments(t *testing.T) {
	t.Parallel()
	req, err := gen.BuildDeleteSubUser("https://api.example.com/", "..")
	require.NoError(t, err)
	assert.Equal(t, "/user/api/proxies/sub-user/..", req.URL.Path)
}

func built(out []reflect.Value) (*http.Request, error) {
	err, _ := out[1].Interface().(error)
	req, _ := out[0].Interface().(*http.Request)
	return req, err
}

func body(t *testing.T, req *http.Request) string {
	t.Helper()
	if req.Body == nil {
		return ""
	}
	b, err := io.ReadAll(req.Body)
	require.NoError(t, err)
	return string(b)
}

// argumentVariants is how many ways fill fills a type.
const argumentVariants = 4

// fill returns a value of type t for variant v: numbers, words and
// escaping-prone strings, with pointers (optional parameters and fields)
// set in even variants and left nil in odd ones.
func fill(t reflect.Type, v int) reflect.Value {
	value := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.Pointer:
		if v%2 == 0 {
			value.Set(reflect.New(t.Elem()))
			value.Elem().Set(fill(t.Elem(), v))
		}
	case reflect.Struct:
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				value.Field(i).Set(fill(t.Field(i).Type, v+i))
			}
		}
	case reflect.Slice:
		value.Set(reflect.MakeSlice(t, 2, 2))
		for i := range 2 {
			value.Index(i).Set(fill(t.Elem(), v+i))
		}
	case reflect.String:
		value.SetString([]string{"monthly", "a b/c?d#e&f=g%h+i", "ü,ß;é", strings.Repeat("x", 3)}[v%4])
	case reflect.Int, reflect.Int32, reflect.Int64:
		value.SetInt([]int64{42, -7, 0, 1 << 40}[v%4])
	case reflect.Float32, reflect.Float64:
		value.SetFloat([]float64{1.5, -0.25, 0, 1e9}[v%4])
	case reflect.Bool:
		value.SetBool(v%2 == 0)
	}
	return value
}
