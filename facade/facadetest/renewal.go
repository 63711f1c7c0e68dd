package facadetest

import (
	"context"
	"time"

	"github.com/proxyshard/proxyshard-go/gen"
)

// renew charges one more period (base price plus add-ons after any pending
// downgrade) and extends the order from `from`. IPs marked by del-np leave
// and a pending downgrade takes effect. A short wallet changes nothing.
// st.mu must be held.
func (st *state) renew(acct *account, o *order, from time.Time) *failure {
	addons := o.addonRenewalCost()
	if acct.balance < o.pricePaid+addons {
		return badRequest("Insufficient balance")
	}
	acct.balance -= o.pricePaid + addons
	o.addonsPricePaid += addons
	st.releaseProxies(o, func(p *proxy) bool { return p.deleteNext })
	if o.p0f != nil && o.p0f.nextQty > 0 {
		o.p0f.qty, o.p0f.nextQty = o.p0f.nextQty, 0
	}
	o.status = StatusActive
	o.expiresAt = from.AddDate(0, o.cycle.months, 0)
	return nil
}

// RenewOrder renews an on-hold order for one period from now.
func (st *state) RenewOrder(ctx context.Context, req gen.RenewOrderRequestObject) (gen.RenewOrderResponseObject, error) {
	acct, o, f := st.ownedOrder(ctx, req.ID)
	if f != nil {
		return nil, f
	}
	if o.status != StatusOnHold {
		return nil, badRequest("Renewal is available only when order status is on-hold (it is %s)", o.status)
	}
	if f := st.renew(acct, o, st.now); f != nil {
		return nil, f
	}
	return gen.RenewOrder200JSONResponse{Success: true, Message: "Order renewed"}, nil
}
