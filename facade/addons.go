package facade

import (
	"context"

	"github.com/proxyshard/proxyshard-go/gen"
)

// AddonKey names an add-on. Keys the API adds later still decode.
type AddonKey string

// AddonP0FSlots are OS-fingerprint signature slots: each IP given a
// signature with SetSignatures takes one slot for good.
const AddonP0FSlots AddonKey = "p0f_slots"

// AddonLine is one add-on on an order.
type AddonLine struct {
	Key          AddonKey
	CatalogID    int
	Qty          int   // active units this period
	PricePerUnit Cents // at the time of purchase
	Pending      *AddonChange
}

// AddonChange is a change scheduled for the next renewal.
type AddonChange struct {
	Action  string // "downgrade" or "cancel"
	NextQty int    // for a downgrade: the quantity after renewal
}

func addonLinesFrom(lines *[]gen.AddonLine) []AddonLine {
	if lines == nil {
		return nil
	}
	out := make([]AddonLine, 0, len(*lines))
	for _, l := range *lines {
		a := AddonLine{Key: AddonKey(deref(l.AddonKey)), CatalogID: deref(l.CatalogID), Qty: deref(l.Qty), PricePerUnit: centsOf(l.PricePerUnit)}
		if l.Pending != nil {
			a.Pending = &AddonChange{Action: string(deref(l.Pending.Action)), NextQty: deref(l.Pending.NextQty)}
		}
		out = append(out, a)
	}
	return out
}

// AddonQuote is the price of adding units of an add-on to an order.
type AddonQuote struct {
	Key          AddonKey
	CatalogID    int
	PricePerUnit Cents
	CurrentQty   int
	AddQty       int
	NewQty       int
	Total        Cents // what BuyAddon would charge
}

// QuoteAddon prices adding addQty units of an add-on to an active order;
// it charges nothing.
func (c *Client) QuoteAddon(ctx context.Context, orderID int, key AddonKey, addQty int) (*AddonQuote, error) {
	if err := validateAddon(orderID, key, "quantity to add", addQty); err != nil {
		return nil, err
	}
	req, err := gen.BuildCalculateAddon(c.server, orderID, &gen.CalculateAddonParams{AddonKey: string(key), AddQty: addQty})
	q, err := opCalculateAddon.call(ctx, c, req, err)
	if err != nil {
		return nil, err
	}
	return &AddonQuote{
		Key: AddonKey(deref(q.AddonKey)), CatalogID: deref(q.CatalogID), PricePerUnit: centsOf(q.PricePerUnit),
		CurrentQty: deref(q.CurrentQty), AddQty: deref(q.AddQty), NewQty: deref(q.NewQty), Total: centsOf(q.AddTotal),
	}, nil
}

// AddonResult is an order's add-ons after a change.
type AddonResult struct {
	Addons          []AddonLine
	AddonsPricePaid Cents // all add-on purchases on the order so far (BuyAddon only)
	Message         string
}

// BuyAddon adds addQty units of an add-on to an active order and charges
// the wallet at once. Like Purchase, it is never resent once it may have
// reached the server; ErrOutcomeUnknown means check the order first.
func (c *Client) BuyAddon(ctx context.Context, orderID int, key AddonKey, addQty int) (*AddonResult, error) {
	if err := validateAddon(orderID, key, "quantity to add", addQty); err != nil {
		return nil, err
	}
	req, err := gen.BuildPurchaseAddon(c.server, orderID, gen.PurchaseAddonRequest{AddonKey: string(key), AddQty: addQty})
	a, err := opPurchaseAddon.call(ctx, c, req, err)
	if err != nil {
		return nil, err
	}
	return &AddonResult{Addons: addonLinesFrom(a.Addons), AddonsPricePaid: centsOf(a.AddonsPricePaid), Message: deref(a.Message)}, nil
}

// ScheduleAddonDowngrade lowers an add-on to nextQty units from the next
// renewal on; nextQty must be below the current quantity.
func (c *Client) ScheduleAddonDowngrade(ctx context.Context, orderID int, key AddonKey, nextQty int) (*AddonResult, error) {
	if err := validateAddon(orderID, key, "next quantity", nextQty); err != nil {
		return nil, err
	}
	req, err := gen.BuildScheduleAddonDowngrade(c.server, orderID, gen.ScheduleAddonDowngradeRequest{
		AddonKey: string(key), Action: gen.ScheduleAddonActionDowngrade, NextQty: nextQty,
	})
	a, err := opScheduleDowngrade.call(ctx, c, req, err)
	if err != nil {
		return nil, err
	}
	return &AddonResult{Addons: addonLinesFrom(a.Addons), Message: deref(a.Message)}, nil
}

// CancelAddonDowngrade removes a downgrade scheduled with
// ScheduleAddonDowngrade. It is retried like a read because the state it
// leaves is the same however often it runs; if the first attempt's answer
// was lost, a retry may answer 400 ("no pending downgrade"), which then
// means it is done.
func (c *Client) CancelAddonDowngrade(ctx context.Context, orderID int, key AddonKey) (*AddonResult, error) {
	if err := validateOrderID(orderID); err != nil {
		return nil, err
	}
	if err := required("add-on key", key); err != nil {
		return nil, err
	}
	req, err := gen.BuildCancelAddonDowngrade(c.server, orderID, gen.CancelAddonDowngradeRequest{AddonKey: string(key)})
	a, err := opCancelDowngrade.call(ctx, c, req, err)
	if err != nil {
		return nil, err
	}
	return &AddonResult{Addons: addonLinesFrom(a.Addons), Message: deref(a.Message)}, nil
}

func validateAddon(orderID int, key AddonKey, qtyField string, qty int) error {
	if err := validateOrderID(orderID); err != nil {
		return err
	}
	if err := required("add-on key", key); err != nil {
		return err
	}
	return atLeastOne(qtyField, qty)
}
