package facade

import (
	"context"
	"net/http"

	"github.com/proxyshard/proxyshard-go/facade/enum"
	"github.com/proxyshard/proxyshard-go/gen"
)

// OrderStatus filters the order list and is the status of an order.
// Statuses the API adds later still decode. It is declared in package
// enum, which the fake (facadetest) shares.
type OrderStatus = enum.OrderStatus

// The statuses of the order list's filter; StatusAll is a filter only.
const (
	StatusActive    = enum.StatusActive
	StatusOnHold    = enum.StatusOnHold
	StatusCancelled = enum.StatusCancelled
	StatusAll       = enum.StatusAll
)

// validStatus refuses a filter the API does not document before it is sent.
func validStatus(s OrderStatus) error {
	if !gen.ListOrdersParamsStatus(s).Valid() {
		return invalid("status", "%q is not one of active, on-hold, cancelled, all", string(s))
	}
	return nil
}

// maxPageSize is the largest page the API serves (limit 1..100).
const maxPageSize = 100

// Order is one entry of the order list.
type Order struct {
	ID          int
	ProductID   int
	Product     ProductName
	CycleID     int
	Cycle       Cycle
	ExpiresAt   Timestamp
	AutoRenewal bool
	Tag         string
}

func orderFrom(o *gen.OrderSummary) Order {
	return Order{
		ID:          o.OrderID,
		ProductID:   o.ProductID,
		Product:     ProductName(o.ProductName),
		CycleID:     o.CycleID,
		Cycle:       Cycle(o.CycleName),
		ExpiresAt:   parseTimestampPtr(o.ExpiresAt),
		AutoRenewal: deref(o.AutoRenewal),
		Tag:         deref(o.Tag),
	}
}

// OrderPage is one page of the order list.
type OrderPage struct {
	Orders []Order
	Count  int    // the server's count of orders in this result set
	Next   string // the server's link to the next page; empty on the last
	Prev   string
}

// OrdersPage returns one page: limit (1..100) orders from offset on. Most
// callers want Orders, which pages by itself.
func (c *Client) OrdersPage(ctx context.Context, status OrderStatus, offset, limit int) (*OrderPage, error) {
	if err := validStatus(status); err != nil {
		return nil, err
	}
	if offset < 0 {
		return nil, invalid("offset", "must not be negative, got %d", offset)
	}
	if limit < 1 || limit > maxPageSize {
		return nil, invalid("limit", "must be between 1 and %d, got %d", maxPageSize, limit)
	}
	req, err := gen.BuildListOrders(c.server, &gen.ListOrdersParams{Status: gen.ListOrdersParamsStatus(status), Offset: &offset, Limit: &limit})
	return c.ordersPage(ctx, req, err)
}

// ordersPage fetches one page of the order list: the first one, which gen
// builds, or one the server linked to (orders_iter.go).
func (c *Client) ordersPage(ctx context.Context, req *http.Request, buildErr error) (*OrderPage, error) {
	ans, err := opListOrders.call(ctx, c, req, buildErr)
	if err != nil {
		return nil, err
	}
	page := &OrderPage{
		Orders: make([]Order, len(ans.Orders)),
		Count:  deref(ans.Count),
		Next:   deref(ans.Next),
		Prev:   deref(ans.Prev),
	}
	for i := range ans.Orders {
		page.Orders[i] = orderFrom(&ans.Orders[i])
	}
	return page, nil
}

// OrderDetail is everything the API says about one order.
type OrderDetail struct {
	ID              int
	Product         ProductName
	Cycle           Cycle
	Quantity        int
	Status          OrderStatus
	PricePaid       Cents // the base subscription
	AddonsPricePaid Cents
	Addons          []AddonLine
	P0FSlots        SlotCounts
	CreatedAt       Timestamp
	ExpiresAt       Timestamp
	PromoCode       string
	AutoRenewal     bool
	Tag             string
}

// SlotCounts are an order's OS-fingerprint (p0f) signature slots.
type SlotCounts struct {
	Available int // active slots, from the p0f_slots add-on
	Used      int // slots taken by signed proxies
	Next      int // slots active after the next renewal (after a scheduled downgrade)
}

// GetOrder returns one order of the account; ErrNotFound if there is none
// with that ID.
func (c *Client) GetOrder(ctx context.Context, orderID int) (*OrderDetail, error) {
	if err := validateOrderID(orderID); err != nil {
		return nil, err
	}
	req, err := gen.BuildGetOrder(c.server, orderID)
	ans, err := opGetOrder.call(ctx, c, req, err)
	if err != nil {
		return nil, err
	}
	o := &ans.Order
	return &OrderDetail{
		ID:              deref(o.OrderID),
		Product:         ProductName(deref(o.ProductName)),
		Cycle:           Cycle(deref(o.CycleName)),
		Quantity:        deref(o.Quantity),
		Status:          OrderStatus(deref(o.Status)),
		PricePaid:       centsOf(o.PricePaid),
		AddonsPricePaid: centsOf(o.AddonsPricePaid),
		Addons:          addonLinesFrom(o.Addons),
		P0FSlots:        SlotCounts{Available: deref(o.P0FSlotsAvailable), Used: deref(o.P0FSlotsUsed), Next: deref(o.P0FSlotsNext)},
		CreatedAt:       parseTimestampPtr(o.CreatedAt),
		ExpiresAt:       parseTimestampPtr(o.ExpiresAt),
		PromoCode:       deref(o.PromoCode),
		AutoRenewal:     deref(o.AutoRenewal),
		Tag:             deref(o.Tag),
	}, nil
}

func validateOrderID(id int) error {
	if id < 1 {
		return invalid("order ID", "must be positive, got %d", id)
	}
	return nil
}
