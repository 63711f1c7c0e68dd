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
)
