package facade

import (
	"context"
	"net/http"
	"strings"

	"github.com/proxyshard/proxyshard-go/gen"
)

// The server refuses a POST that declares no length although it reads
// nothing from these bodies (see EmptyBody in api/supplement/api-1.1.0.yaml);
// {} is what ProxyShard's own client sends, so it is sent.
var emptyBody = gen.EmptyBody{}

// statusAnswer is the body of the simple write operations. Success is a
// pointer so that a missing field is not read as a refusal.
type statusAnswer struct {
	Success *bool   `json:"success"`
	Message *string `json:"message"`
}

// Renew pays for the next period of an on-hold order from the wallet. It
// moves money, so it is never resent once it may have reached the server:
// an ErrOutcomeUnknown error means check the order before calling again.
func (c *Client) Renew(ctx context.Context, orderID int) error {
	return c.changeOrder(ctx, opRenewOrder, orderID, func(server string) (*http.Request, error) {
		return gen.NewRenewOrderRequest(server, orderID, emptyBody)
	})
}

// SetTag sets an order's tag, a free-form label for the caller's own use.
func (c *Client) SetTag(ctx context.Context, orderID int, tag string) error {
	return c.changeOrder(ctx, opSetOrderTag, orderID, func(server string) (*http.Request, error) {
		return gen.NewSetOrderTagRequest(server, orderID, gen.SetOrderTagJSONRequestBody{Tag: tag})
	})
}

// SetAutoRenewal turns automatic renewal from the wallet on or off
// (Datacenter and ISP orders only).
func (c *Client) SetAutoRenewal(ctx context.Context, orderID int, on bool) error {
	return c.changeOrder(ctx, opSetAutoRenewal, orderID, func(server string) (*http.Request, error) {
		return gen.NewSetAutoRenewalRequest(server, orderID, &gen.SetAutoRenewalParams{AutoRenewal: on}, emptyBody)
	})
}

// changeOrder runs an operation on one order whose answer is only
// {success, message}.
func (c *Client) changeOrder(ctx context.Context, op operation, orderID int, build requestBuilder) error {
	if err := validateOrderID(orderID); err != nil {
		return err
	}
	var ans statusAnswer
	if err := c.do(ctx, op, &ans, build); err != nil {
		return err
	}
	return c.refused(op, ans.Success, ans.Message)
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
	var ans gen.BillingCycleChange
	err := c.do(ctx, opChangeBillingCycle, &ans, func(server string) (*http.Request, error) {
		return gen.NewChangeBillingCycleRequest(server, orderID, gen.ChangeBillingCycleJSONRequestBody{Cycle: string(cycle)})
	})
	if err != nil {
		return nil, err
	}
	if err := c.refused(opChangeBillingCycle, ans.Success, ans.Message); err != nil {
		return nil, err
	}
	return &CycleChange{
		OrderID: deref(ans.OrderID),
		Price:   quoteOf(ans.OriginalPrice, ans.FinalPrice, ans.DiscountPercent, nil, nil),
		Message: deref(ans.Message),
	}, nil
}
