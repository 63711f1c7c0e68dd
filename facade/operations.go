package facade

// operation names one API operation (its operationId in api/overlay.yaml)
// and what a resend of it could do. This table is the one place that decides
// which requests the client may send twice; doc.go explains each choice.
type operation struct {
	id    string
	class retryClass
}

var (
	opGetMe              = operation{"getMe", readOnly}
	opListOrders         = operation{"listOrders", readOnly}
	opGetOrder           = operation{"getOrder", readOnly}
	opCalculateOrder     = operation{"calculateOrderPrice", readOnly}
	opListProducts       = operation{"listProducts", readOnly}
	opAvailableCounts    = operation{"getAvailableCounts", readOnly}
	opListActiveProxies  = operation{"listActiveProxies", readOnly}
	opCalculateAddon     = operation{"calculateAddon", readOnly}
	opSetOrderTag        = operation{"setOrderTag", idempotentWrite}
	opSetAutoRenewal     = operation{"setAutoRenewal", idempotentWrite}
	opSetDelNp           = operation{"setDelNp", idempotentWrite}
	opSetSignatures      = operation{"setSignatures", idempotentWrite}
	opScheduleDowngrade  = operation{"scheduleAddonDowngrade", idempotentWrite}
	opCancelDowngrade    = operation{"cancelAddonDowngrade", idempotentWrite}
	opPurchaseOrder      = operation{"purchaseOrder", moneyMoving}
	opRenewOrder         = operation{"renewOrder", moneyMoving}
	opPurchaseAddon      = operation{"purchaseAddon", moneyMoving}
	opChangeBillingCycle = operation{"changeBillingCycle", moneyMoving}
)
