package facade

import (
	"context"
	"strings"

	"github.com/proxyshard/proxyshard-go/gen"
)

// The server refuses a POST that declares no length although it reads
// nothing from these bodies (see EmptyBody in api/supplement/api-1.1.0.yaml);
// {} is what ProxyShard's own client sends, so it is sent.
var emptyBody = gen.EmptyBody{}

// Renew pays for the next period of an on-hold order from the wallet. It
// moves money, so it is never resent once it may have reached the server:
// an ErrOutcomeUnknown error means check the order before calling again.
func (c *Client) Renew(ctx context.Context, orderID int) error {
	if err := validateOrderID(orderID); err != nil {
		return err
	}
	req, err := gen.BuildRenewOrder(c.server, orderID, emptyBody)
	_, err = opRenewOrder.call(ctx, c, req, err)
	return err
}

// SetTag sets an order's tag, a free-form label for the caller's own use.
func (c *Client) SetTag(ctx context.Context, orderID int, tag string) error {
	if err := validateOrderID(orderID); err != nil {
		return err
	}
	req, err := gen.BuildSetOrderTag(c.server, orderID, gen.SetOrderTagRequest{Tag: tag})
	_, err = opSetOrderTag.call(ctx, c, req, err)
	return err
}

// SetAutoRenewal turns automatic renewal from the wallet on or off
// (Datacenter and ISP orders only).
func (c *Client) SetAutoRenewal(ctx context.Context, orderID int, on bool) error {
	if err := validateOrderID(orderID); err != nil {
		return err
	}
	req, err := gen.BuildSetAutoRenewal(c.server, orderID, &gen.SetAutoRenewalParams{AutoRenewal: on}, emptyBody)
	_, err = opSetAutoRenewal.call(ctx, c, req, err)
	return err
}

// CycleChange is the result of ChangeBillingCycle: the order's new price.
type CycleChange struct {
	OrderID int
	Price   Quote
	Message string
}

// ChangeBillingCycle moves a Datacenter or ISP order to another billing
// cycle by name (see Product.Cycles); a promo code the new cycle does not
// allow is dropped by the server. It changes what is billed, so it is never
// resent once it may have reached the server.
func (c *Client) ChangeBillingCycle(ctx context.Context, orderID int, cycle Cycle) (*CycleChange, error) {
	if err := validateOrderID(orderID); err != nil {
		return nil, err
	}
	if strings.TrimSpace(string(cycle)) == "" {
		return nil, invalid("cycle", "is required")
	}
	req, err := gen.BuildChangeBillingCycle(c.server, orderID, gen.ChangeBillingCycleRequest{Cycle: string(cycle)})
	ans, err := opChangeBillingCycle.call(ctx, c, req, err)
	if err != nil {
		return nil, err
	}
	return &CycleChange{
		OrderID: deref(ans.OrderID),
		Price:   quoteOf(ans.OriginalPrice, ans.FinalPrice, ans.DiscountPercent, nil, nil),
		Message: deref(ans.Message),
	}, nil
}
