package facadetest

import (
	"context"
	"slices"

	"github.com/proxyshard/proxyshard-go/facade/enum"
	"github.com/proxyshard/proxyshard-go/gen"
)

// maxQuantity bounds one order, so a huge quantity is a 400, not an overflow.
const maxQuantity = 100000

// purchaseInput is what purchase and price calculation both receive.
type purchaseInput struct {
	product         enum.ProductName
	cycle           enum.Cycle
	location, promo string
	quantity        *int
	autoRenewal     bool
	addons          []gen.CreateOrderAddonRequest
}

// checkedPurchase is a purchase that passed the catalog's rules, priced.
type checkedPurchase struct {
	product         *product
	location        string
	cycle           *cycle
	quantity        int
	promo           string
	discount        int
	original, final int64
	autoRenewal     bool
	p0fSlots        int   // bought with the order
	addonsPrice     int64 // what those slots cost, charged with the order
}

// total is what the purchase charges: the order and its add-ons.
func (cp checkedPurchase) total() int64 { return cp.final + cp.addonsPrice }

// checkPurchase applies the rules purchase and calculate share: known
// product, a location for Datacenter/ISP, a cycle the product has and the
// account may use, a sane quantity, a promo valid for the cycle.
// st.mu must be held.
func (st *state) checkPurchase(acct *account, in purchaseInput) (checkedPurchase, *failure) {
	p, ok := productByName(in.product)
	if !ok {
		return checkedPurchase{}, badRequest("Unknown product %q", in.product)
	}
	cycleName := in.cycle
	if cycleName == "" && len(p.prices) == 1 {
		cycleName = p.cycleNames()[0] // residential products have one fixed cycle
	}
	c, ok := cycles[cycleName]
	if !ok || p.prices[cycleName] == 0 {
		return checkedPurchase{}, badRequest("Invalid cycle %q for %s", in.cycle, p.name)
	}
	if !acct.cycleAllowed(c) {
		return checkedPurchase{}, badRequest("Cycle is not available for this user")
	}
	cp := checkedPurchase{product: p, cycle: c, quantity: 1, autoRenewal: in.autoRenewal && c.months > 0}
	if p.dcISP {
		if !slices.Contains(p.locations, in.location) {
			return checkedPurchase{}, badRequest("location is required for %s and must be one of %v", p.name, p.locations)
		}
		cp.location = in.location
	}
	if in.quantity != nil && !p.fixedQuantity {
		cp.quantity = *in.quantity
	}
	if cp.quantity < 1 || cp.quantity > maxQuantity {
		return checkedPurchase{}, badRequest("quantity must be between 1 and %d", maxQuantity)
	}
	if in.promo != "" {
		pr, ok := st.promos[in.promo]
		if !ok || !pr.validFor(c.name) {
			return checkedPurchase{}, badRequest("Invalid promo code")
		}
		cp.promo, cp.discount = in.promo, pr.percent
	}
	cp.original, cp.final = priceOf(p, c, cp.quantity, cp.discount)
	var f *failure
	if cp.p0fSlots, cp.addonsPrice, f = checkOrderAddons(p, in.addons); f != nil {
		return checkedPurchase{}, f
	}
	return cp, nil
}

// PurchaseOrder creates and pays for an order in one step: stock, balance
// and the charge are checked and applied under the state lock, so a failed
// purchase changes nothing and concurrent purchases never overdraw.
func (st *state) PurchaseOrder(ctx context.Context, req gen.PurchaseOrderRequestObject) (gen.PurchaseOrderResponseObject, error) {
	if req.Body == nil {
		return nil, badRequest("request body is required")
	}
	body, err := req.Body.AsPurchaseRequest()
	if err != nil {
		return nil, badRequest("invalid purchase body")
	}
	in := purchaseInput{product: enum.ProductName(body.Product), location: deref(body.Location), cycle: enum.Cycle(body.Cycle),
		quantity: body.Quantity, promo: deref(body.PromoCode), autoRenewal: deref(body.AutoRenewal)}
	if body.Addons != nil {
		in.addons = *body.Addons
	}

	acct := callerAccount(ctx)
	cp, f := st.checkPurchase(acct, in)
	if f != nil {
		return nil, f
	}
	stock := stockKey{cp.product.name, cp.location}
	if cp.product.dcISP && st.stock[stock] < cp.quantity {
		return nil, badRequest("Insufficient stock: %d %s IPs left in %s", st.stock[stock], cp.product.name, cp.location)
	}
	if acct.balance < cp.total() {
		return nil, badRequest("Insufficient balance")
	}
	acct.balance -= cp.total()
	o := st.createOrder(acct, cp)
	return gen.PurchaseOrder200JSONResponse{Success: true, Message: "Order paid successfully", OrderID: o.id}, nil
}

// createOrder records a paid purchase; st.mu must be held.
func (st *state) createOrder(acct *account, cp checkedPurchase) *order {
	st.lastOrderID++
	o := &order{
		id: st.lastOrderID, owner: acct.token, product: cp.product, location: cp.location, cycle: cp.cycle,
		quantity: cp.quantity, pricePaid: cp.final, promo: cp.promo, discount: cp.discount,
		status: StatusActive, autoRenewal: cp.autoRenewal, createdAt: st.now,
	}
	if cp.cycle.months > 0 {
		o.expiresAt = st.now.AddDate(0, cp.cycle.months, 0)
	}
	if cp.product.dcISP {
		st.allocateProxies(o, cp.quantity)
	} else {
		st.creditTraffic(acct.token, cp.product, cp.quantity)
	}
	if cp.p0fSlots > 0 {
		o.p0f = &addonLine{qty: cp.p0fSlots, pricePerUnit: P0FSlotPriceCents}
		o.addonsPricePaid = cp.addonsPrice
	}
	st.orders[o.id] = o
	acct.orderIDs = append(acct.orderIDs, o.id)
	return o
}
