package facade

import "github.com/proxyshard/proxyshard-go/gen"

// operation names one API operation (its operationId in api/overlay.yaml)
// and what a resend of it could do. The table below is the one place that
// decides which requests the client may send twice; doc.go explains each
// choice.
type operation struct {
	id    string
	class retryClass
}

// endpoint is an operation with the generated model its 2xx answer decodes
// into. Binding the two here, once, means a method cannot decode an answer
// into another operation's model; call (call.go) is the only way to send.
type endpoint[Answer any] struct{ operation }

var (
	opGetMe              = endpoint[gen.APIMeResponse]{operation{"getMe", readOnly}}
	opListOrders         = endpoint[gen.ListOrdersAnswer]{operation{"listOrders", readOnly}}
	opGetOrder           = endpoint[gen.GetOrderAnswer]{operation{"getOrder", readOnly}}
	opCalculateOrder     = endpoint[gen.PriceQuote]{operation{"calculateOrderPrice", readOnly}}
	opListProducts       = endpoint[gen.ListProductsAnswer]{operation{"listProducts", readOnly}}
	opAvailableCounts    = endpoint[[]gen.AvailableCountResponse]{operation{"getAvailableCounts", readOnly}}
	opListActiveProxies  = endpoint[gen.ListActiveProxiesAnswer]{operation{"listActiveProxies", readOnly}}
	opCalculateAddon     = endpoint[gen.AddonQuote]{operation{"calculateAddon", readOnly}}
	opSetOrderTag        = endpoint[gen.SetOrderTagAnswer]{operation{"setOrderTag", idempotentWrite}}
	opSetAutoRenewal     = endpoint[gen.SetAutoRenewalAnswer]{operation{"setAutoRenewal", idempotentWrite}}
	opSetDelNp           = endpoint[gen.SetDelNpAnswer]{operation{"setDelNp", idempotentWrite}}
	opSetSignatures      = endpoint[gen.SetSignaturesAnswer]{operation{"setSignatures", idempotentWrite}}
	opScheduleDowngrade  = endpoint[gen.ScheduleAddonDowngradeAnswer]{operation{"scheduleAddonDowngrade", idempotentWrite}}
	opCancelDowngrade    = endpoint[gen.CancelAddonDowngradeAnswer]{operation{"cancelAddonDowngrade", idempotentWrite}}
	opPurchaseOrder      = endpoint[gen.PurchaseResponse]{operation{"purchaseOrder", moneyMoving}}
	opRenewOrder         = endpoint[gen.RenewOrderAnswer]{operation{"renewOrder", moneyMoving}}
	opPurchaseAddon      = endpoint[gen.PurchaseAddonAnswer]{operation{"purchaseAddon", moneyMoving}}
	opChangeBillingCycle = endpoint[gen.BillingCycleChange]{operation{"changeBillingCycle", moneyMoving}}

	// Residential (residential.go, subusers.go, geo.go, health.go).
	opTrafficProfile      = endpoint[gen.GetTrafficProfileAnswer]{operation{"getTrafficProfile", readOnly}}
	opListSubUsers        = endpoint[gen.ListSubUsersAnswer]{operation{"listSubUsers", readOnly}}
	opGetSubUser          = endpoint[gen.GetSubUserAnswer]{operation{"getSubUser", readOnly}}
	opListCountries       = endpoint[gen.PagedCountriesResponse]{operation{"listCountries", readOnly}}
	opListRegions         = endpoint[gen.PagedRegionsResponse]{operation{"listRegions", readOnly}}
	opListCities          = endpoint[gen.PagedCitiesResponse]{operation{"listCities", readOnly}}
	opListISPs            = endpoint[gen.PagedIspsResponse]{operation{"listIsps", readOnly}}
	opHealth              = endpoint[undescribedBody]{operation{"getHealth", readOnly}}
	opLiveness            = endpoint[undescribedBody]{operation{"getLiveness", readOnly}}
	opEditSubUser         = endpoint[gen.EditSubUserAnswer]{operation{"editSubUser", idempotentWrite}}
	opDeleteSubUser       = endpoint[gen.DeleteSubUserAnswer]{operation{"deleteSubUser", idempotentWrite}}
	opResetSubUserPass    = endpoint[gen.ResetSubUserPasswordAnswer]{operation{"resetSubUserPassword", idempotentWrite}}
	opAddBandwidth        = endpoint[gen.AddBandwidthAnswer]{operation{"addBandwidth", moneyMoving}}
	opCreateSubUser       = endpoint[gen.CreateSubUserAnswer]{operation{"createSubUser", moneyMoving}}
	opAddSubUserData      = endpoint[gen.AddSubUserDataAnswer]{operation{"addSubUserData", moneyMoving}}
	opSubtractSubUserData = endpoint[gen.SubtractSubUserDataAnswer]{operation{"subtractSubUserData", moneyMoving}}
)
