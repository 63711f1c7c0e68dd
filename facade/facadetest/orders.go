package facadetest

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"time"

	"github.com/proxyshard/proxyshard-go/facade/enum"
	"github.com/proxyshard/proxyshard-go/gen"
)

// Order statuses as the API spells them: the client's own constants (both
// take them from package enum).
const (
	StatusActive    = enum.StatusActive
	StatusOnHold    = enum.StatusOnHold
	StatusCancelled = enum.StatusCancelled
)

// Page sizes of the order list, as documented.
const (
	defaultPageSize = 20
	maxPageSize     = 100
)

type order struct {
	id       int
	owner    string // token of the owning account
	product  *product
	location string
	cycle    *cycle
	// quantity is what the next period bills: del-np lowers it at once,
	// the marked IPs leave at renewal.
	quantity        int
	pricePaid       int64 // base price of one period, what renewal charges
	promo           string
	discount        int
	status          enum.OrderStatus
	autoRenewal     bool
	tag             *string
	createdAt       time.Time
	expiresAt       time.Time // zero: lifetime, never expires
	proxies         []*proxy
	p0f             *addonLine // nil until p0f slots are bought
	addonsPricePaid int64
}

// OrderState is a snapshot of one order as the fake holds it.
// The JSON names are those of the control API's state endpoint.
type OrderState struct {
	ID                   int              `json:"id"`
	Product              enum.ProductName `json:"product"`
	Location             string           `json:"location"` // "" for residential products
	Cycle                enum.Cycle       `json:"cycle"`
	Quantity             int              `json:"quantity"`
	PricePaidCents       int64            `json:"price_paid"`
	AddonsPricePaidCents int64            `json:"addons_price_paid"`
	PromoCode            string           `json:"promo_code"`
	Status               enum.OrderStatus `json:"status"`
	AutoRenewal          bool             `json:"auto_renewal"`
	Tag                  string           `json:"tag"`
	CreatedAt            time.Time        `json:"created_at"`
	ExpiresAt            time.Time        `json:"expires_at"` // zero for lifetime orders
	Proxies              []ProxyState     `json:"proxies"`
	P0FSlots             int              `json:"p0f_slots"`      // active slots
	P0FSlotsNext         int              `json:"p0f_slots_next"` // slots after the next renewal
}

func (o *order) snapshot() OrderState {
	s := OrderState{
		ID: o.id, Product: o.product.name, Location: o.location, Cycle: o.cycle.name, Quantity: o.quantity,
		PricePaidCents: o.pricePaid, AddonsPricePaidCents: o.addonsPricePaid, PromoCode: o.promo,
		Status: o.status, AutoRenewal: o.autoRenewal, Tag: deref(o.tag), CreatedAt: o.createdAt, ExpiresAt: o.expiresAt,
		P0FSlots: o.p0fSlots(), P0FSlotsNext: o.p0fSlotsNext(),
	}
	for _, p := range o.proxies {
		s.Proxies = append(s.Proxies, p.snapshot())
	}
	return s
}

// Orders returns snapshots of the account's orders, oldest first.
func (s *Server) Orders(token string) []OrderState {
	s.st.lock()
	defer s.st.mu.Unlock()
	acct, ok := s.st.accounts[token]
	if !ok {
		s.misuse("Orders: no account has the given token")
		return nil
	}
	out := make([]OrderState, 0, len(acct.orderIDs))
	for _, id := range acct.orderIDs {
		out = append(out, s.st.orders[id].snapshot())
	}
	return out
}

// Order returns a snapshot of one order of any account.
func (s *Server) Order(id int) (OrderState, bool) {
	s.st.lock()
	defer s.st.mu.Unlock()
	o, ok := s.st.orders[id]
	if !ok {
		return OrderState{}, false
	}
	return o.snapshot(), true
}

// ownedOrder finds the caller's order; another account's order is not
// found, exactly like a missing one. st.mu must be held.
func (st *state) ownedOrder(ctx context.Context, id int) (*account, *order, *failure) {
	acct := callerAccount(ctx)
	o, ok := st.orders[id]
	if !ok || o.owner != acct.token {
		return nil, nil, orderNotFound()
	}
	return acct, o, nil
}

// ownedDCISPOrder is ownedOrder for the operations only Datacenter and ISP
// orders have; any other product is a 400 naming the operation.
func (st *state) ownedDCISPOrder(ctx context.Context, id int, operation string) (*account, *order, *failure) {
	acct, o, f := st.ownedOrder(ctx, id)
	if f == nil && !o.product.dcISP {
		f = badRequest("Invalid product for this operation: %s is only for Datacenter & ISP proxies", operation)
	}
	return acct, o, f
}

func timestamp(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	return ptr(t.UTC().Format(time.RFC3339))
}

// autoRenewalField is null for products that cannot renew on their own.
func (o *order) autoRenewalField() *bool {
	if o.cycle.months == 0 {
		return nil
	}
	return ptr(o.autoRenewal)
}

// ListOrders pages through the caller's orders, oldest first. count is the
// number of orders on this page; next and prev are relative URIs, null at
// the ends.
func (st *state) ListOrders(ctx context.Context, req gen.ListOrdersRequestObject) (gen.ListOrdersResponseObject, error) {
	status := req.Params.Status
	if !status.Valid() {
		return nil, badRequest("status must be one of active, on-hold, cancelled, all")
	}
	offset, limit := deref(req.Params.Offset), defaultPageSize
	if req.Params.Limit != nil {
		limit = *req.Params.Limit
	}
	if offset < 0 {
		return nil, badRequest("offset must be 0 or more")
	}
	if limit < 1 || limit > maxPageSize {
		return nil, badRequest("limit must be between 1 and %d", maxPageSize)
	}

	acct := callerAccount(ctx)
	var matching []*order
	for _, id := range acct.orderIDs {
		if o := st.orders[id]; status == gen.ListOrdersParamsStatusAll || string(o.status) == string(status) {
			matching = append(matching, o)
		}
	}
	// offset and limit may be as large as int allows: end is computed so
	// that it cannot overflow.
	total := len(matching)
	start := min(offset, total)
	end := start + min(limit, total-start)
	page := matching[start:end]
	summaries := make([]gen.OrderSummary, 0, len(page))
	for _, o := range page {
		summaries = append(summaries, gen.OrderSummary{
			OrderID: o.id, ProductID: o.product.id, ProductName: string(o.product.name), CycleID: o.cycle.id, CycleName: string(o.cycle.name),
			ExpiresAt: timestamp(o.expiresAt), AutoRenewal: o.autoRenewalField(), Tag: o.tag,
		})
	}
	resp := gen.ListOrders200JSONResponse{Success: true, Orders: summaries, Count: ptr(len(summaries))}
	if end < total {
		resp.Next = ptr(pageURI(status, end, limit))
	}
	if offset > 0 {
		resp.Prev = ptr(pageURI(status, max(0, offset-limit), limit))
	}
	return resp, nil
}

func pageURI(status gen.ListOrdersParamsStatus, offset, limit int) string {
	return fmt.Sprintf("/user/api/orders?status=%s&offset=%d&limit=%d", url.QueryEscape(string(status)), offset, limit)
}

// GetOrder answers one order in detail.
func (st *state) GetOrder(ctx context.Context, req gen.GetOrderRequestObject) (gen.GetOrderResponseObject, error) {
	_, o, f := st.ownedOrder(ctx, req.ID)
	if f != nil {
		return nil, f
	}
	used := o.signedProxies()
	detail := gen.OrderDetail{
		OrderID: ptr(o.id), ProductName: ptr(string(o.product.name)), CycleName: ptr(string(o.cycle.name)), Quantity: ptr(o.quantity),
		PricePaid: ptr(int(o.pricePaid)), AddonsPricePaid: ptr(int(o.addonsPricePaid)), Addons: ptr(o.addonLines()),
		P0FSlotsAvailable: ptr(o.p0fSlots()), P0FSlotsUsed: ptr(used), P0FSlotsNext: ptr(o.p0fSlotsNext()),
		Status: ptr(string(o.status)), CreatedAt: timestamp(o.createdAt), ExpiresAt: timestamp(o.expiresAt),
		AutoRenewal: o.autoRenewalField(), Tag: o.tag,
	}
	if o.promo != "" {
		detail.PromoCode = ptr(o.promo)
	}
	return gen.GetOrder200JSONResponse{Success: true, Order: detail}, nil
}

// SetOrderTag replaces the order's tag.
func (st *state) SetOrderTag(ctx context.Context, req gen.SetOrderTagRequestObject) (gen.SetOrderTagResponseObject, error) {
	if req.Body == nil {
		return nil, badRequest("tag is required")
	}
	_, o, f := st.ownedOrder(ctx, req.ID)
	if f != nil {
		return nil, f
	}
	o.tag = ptr(req.Body.Tag)
	return gen.SetOrderTag200JSONResponse{Success: true, Message: "Tag updated"}, nil
}

// SetAutoRenewal switches auto-renewal; only Datacenter and ISP orders have it.
func (st *state) SetAutoRenewal(ctx context.Context, req gen.SetAutoRenewalRequestObject) (gen.SetAutoRenewalResponseObject, error) {
	_, o, f := st.ownedDCISPOrder(ctx, req.OrderID, "auto-renewal")
	if f != nil {
		return nil, f
	}
	o.autoRenewal = req.Params.AutoRenewal
	return gen.SetAutoRenewal200JSONResponse{Success: ptr(true), Message: ptr("Auto-renewal updated")}, nil
}

// ChangeBillingCycle moves a Datacenter/ISP order to another cycle from the
// next renewal on. A promo code not valid for the new cycle is dropped.
func (st *state) ChangeBillingCycle(ctx context.Context, req gen.ChangeBillingCycleRequestObject) (gen.ChangeBillingCycleResponseObject, error) {
	if req.Body == nil {
		return nil, badRequest("cycle is required")
	}
	acct, o, f := st.ownedDCISPOrder(ctx, req.OrderID, "changing the billing cycle")
	if f != nil {
		return nil, f
	}
	c, ok := cycles[enum.Cycle(req.Body.Cycle)]
	switch {
	case !ok || o.product.prices[c.name] == 0:
		return nil, badRequest("Invalid cycle %q for %s", req.Body.Cycle, o.product.name)
	case o.status == StatusCancelled:
		return nil, badRequest("Order is cancelled")
	case !acct.cycleAllowed(c):
		return nil, forbidden("Cycle is not available for this user")
	}
	if o.promo != "" && !st.promos[o.promo].validFor(c.name) {
		o.promo, o.discount = "", 0
	}
	o.cycle = c
	original, final := priceOf(o.product, c, o.quantity, o.discount)
	o.pricePaid = final
	return gen.ChangeBillingCycle200JSONResponse{
		Success: ptr(true), Message: ptr("Billing cycle changed"), OrderID: ptr(o.id),
		OriginalPrice: ptr(int(original)), FinalPrice: ptr(int(final)), DiscountPercent: ptr(o.discount),
	}, nil
}

// sortedOrders returns every order by id, for deterministic clock sweeps.
func (st *state) sortedOrders() []*order {
	out := make([]*order, 0, len(st.orders))
	for _, o := range st.orders {
		out = append(out, o)
	}
	slices.SortFunc(out, func(a, b *order) int { return a.id - b.id })
	return out
}
