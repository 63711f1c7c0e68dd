package facadetest

import (
	"context"

	"github.com/proxyshard/proxyshard-go/gen"
)

// addonLine is the p0f_slots line of an order.
type addonLine struct {
	qty          int
	pricePerUnit int64
	nextQty      int // pending downgrade applied at renewal; 0: none
}

func (o *order) p0fSlots() int {
	if o.p0f == nil {
		return 0
	}
	return o.p0f.qty
}

func (o *order) p0fSlotsNext() int {
	if o.p0f == nil || o.p0f.nextQty == 0 {
		return o.p0fSlots()
	}
	return o.p0f.nextQty
}

// addonRenewalCost is what the add-ons cost for the next period.
func (o *order) addonRenewalCost() int64 {
	if o.p0f == nil {
		return 0
	}
	return int64(o.p0fSlotsNext()) * o.p0f.pricePerUnit
}

// addonLines is the order's add-on list as the API shows it, never null.
func (o *order) addonLines() []gen.AddonLine {
	lines := make([]gen.AddonLine, 0, 1)
	if o.p0f == nil {
		return lines
	}
	line := gen.AddonLine{AddonKey: ptr(AddonP0FSlots), CatalogID: ptr(p0fCatalogID), Qty: ptr(o.p0f.qty), PricePerUnit: ptr(int(o.p0f.pricePerUnit))}
	if o.p0f.nextQty > 0 {
		line.Pending = &gen.AddonPending{Action: ptr(gen.AddonLinePendingActionDowngrade), NextQty: ptr(o.p0f.nextQty)}
	}
	return append(lines, line)
}

// addonOrder finds the caller's order for an add-on operation: a known
// add-on key on a Datacenter/ISP order that is active (buying) or at least
// not cancelled (scheduling). st.mu must be held.
func (st *state) addonOrder(ctx context.Context, orderID int, addonKey string, mustBeActive bool) (*account, *order, *failure) {
	acct, o, f := st.ownedDCISPOrder(ctx, orderID, "an add-on")
	switch {
	case f != nil:
		return nil, nil, f
	case addonKey != AddonP0FSlots:
		return nil, nil, badRequest("Unknown add-on %q", addonKey)
	case mustBeActive && o.status != StatusActive, o.status == StatusCancelled:
		return nil, nil, badRequest("Order is not active")
	}
	return acct, o, nil
}

// CalculateAddon previews the price of more add-on units.
func (st *state) CalculateAddon(ctx context.Context, req gen.CalculateAddonRequestObject) (gen.CalculateAddonResponseObject, error) {
	_, o, f := st.addonOrder(ctx, req.OrderID, req.Params.AddonKey, true)
	if f != nil {
		return nil, f
	}
	if req.Params.AddQty < 1 || req.Params.AddQty > maxQuantity {
		return nil, badRequest("add_qty must be between 1 and %d", maxQuantity)
	}
	add := req.Params.AddQty
	return gen.CalculateAddon200JSONResponse{
		Success: ptr(true), AddonKey: ptr(AddonP0FSlots), CatalogID: ptr(p0fCatalogID), PricePerUnit: ptr(P0FSlotPriceCents),
		CurrentQty: ptr(o.p0fSlots()), AddQty: ptr(add), NewQty: ptr(o.p0fSlots() + add), AddTotal: ptr(add * P0FSlotPriceCents),
	}, nil
}

// PurchaseAddon charges the wallet and adds units at once; a short wallet
// changes nothing.
func (st *state) PurchaseAddon(ctx context.Context, req gen.PurchaseAddonRequestObject) (gen.PurchaseAddonResponseObject, error) {
	if req.Body == nil {
		return nil, badRequest("request body is required")
	}
	acct, o, f := st.addonOrder(ctx, req.OrderID, req.Body.AddonKey, true)
	if f != nil {
		return nil, f
	}
	add := req.Body.AddQty
	if add < 1 || add > maxQuantity {
		return nil, badRequest("add_qty must be between 1 and %d", maxQuantity)
	}
	cost := int64(add) * P0FSlotPriceCents
	if acct.balance < cost {
		return nil, badRequest("Insufficient balance")
	}
	acct.balance -= cost
	if o.p0f == nil {
		o.p0f = &addonLine{pricePerUnit: P0FSlotPriceCents}
	}
	o.p0f.qty += add
	o.addonsPricePaid += cost
	return gen.PurchaseAddon200JSONResponse{Success: ptr(true), Message: ptr("Add-on purchased"),
		AddonsPricePaid: ptr(int(o.addonsPricePaid)), Addons: ptr(o.addonLines())}, nil
}

// ScheduleAddonDowngrade stores a lower quantity for the next renewal.
func (st *state) ScheduleAddonDowngrade(ctx context.Context, req gen.ScheduleAddonDowngradeRequestObject) (gen.ScheduleAddonDowngradeResponseObject, error) {
	if req.Body == nil {
		return nil, badRequest("request body is required")
	}
	_, o, f := st.addonOrder(ctx, req.OrderID, req.Body.AddonKey, false)
	if f != nil {
		return nil, f
	}
	switch next := req.Body.NextQty; {
	case req.Body.Action != gen.ScheduleAddonActionDowngrade:
		return nil, badRequest("action must be downgrade")
	case o.p0fSlots() == 0:
		return nil, badRequest("No %s add-on on this order", AddonP0FSlots)
	case next < 1 || next >= o.p0fSlots():
		return nil, badRequest("next_qty must be at least 1 and less than the current quantity %d", o.p0fSlots())
	default:
		o.p0f.nextQty = next
	}
	return gen.ScheduleAddonDowngrade200JSONResponse{Success: ptr(true), Message: ptr("Downgrade scheduled"), Addons: ptr(o.addonLines())}, nil
}

// CancelAddonDowngrade drops a pending downgrade.
func (st *state) CancelAddonDowngrade(ctx context.Context, req gen.CancelAddonDowngradeRequestObject) (gen.CancelAddonDowngradeResponseObject, error) {
	if req.Body == nil {
		return nil, badRequest("request body is required")
	}
	_, o, f := st.addonOrder(ctx, req.OrderID, req.Body.AddonKey, false)
	if f != nil {
		return nil, f
	}
	if o.p0f == nil || o.p0f.nextQty == 0 {
		return nil, badRequest("No pending downgrade")
	}
	o.p0f.nextQty = 0
	return gen.CancelAddonDowngrade200JSONResponse{Success: ptr(true), Message: ptr("Pending downgrade cleared"), Addons: ptr(o.addonLines())}, nil
}
