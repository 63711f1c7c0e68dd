package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/proxyshard/proxyshard-go/facade"
)

type (
	slotQuoteJSON struct {
		OrderID           int   `json:"order_id"`
		CurrentQty        int   `json:"current_qty"`
		AddQty            int   `json:"add_qty"`
		NewQty            int   `json:"new_qty"`
		PricePerUnitCents int64 `json:"price_per_unit_cents"`
		TotalCents        int64 `json:"total_cents"`
	}
	slotsJSON struct {
		OrderID              int         `json:"order_id"`
		Addons               []addonJSON `json:"addons"`
		AddonsPricePaidCents int64       `json:"addons_price_paid_cents"`
		Message              string      `json:"message"`
	}
)

func slotCommands() []*command {
	return []*command{
		{name: "slots quote", args: "ORDER N", summary: "what N more p0f signature slots on an order would cost",
			examples: []string{"proxyshard slots quote 12 5"},
			setup:    setupSlotsPrice(false)},
		{name: "slots buy", args: "ORDER N", summary: "buy N more p0f slots, paid from the wallet at once, after showing the price",
			detail:   "Asks on a terminal; without one it needs --yes. It is sent once: if the answer is lost, check \"proxyshard order ORDER\" before running it again.",
			examples: []string{"proxyshard slots buy 12 5", "proxyshard slots buy 12 5 --yes --json"},
			setup:    setupSlotsPrice(true)},
		{name: "slots downgrade", args: "ORDER N", summary: "keep only N p0f slots from the next renewal on",
			examples: []string{"proxyshard slots downgrade 12 2"},
			setup:    setupSlotsChange(true)},
		{name: "slots cancel", args: "ORDER", summary: "cancel a scheduled p0f slot downgrade",
			examples: []string{"proxyshard slots cancel 12"},
			setup:    setupSlotsChange(false)},
	}
}

// orderAndCount parses "ORDER N".
func orderAndCount(cmd *command, args []string, what string) (int, int, error) {
	id, err := orderArgs(cmd, args, 2, false)
	if err != nil {
		return 0, 0, err
	}
	n, err := positive(cmd, what, args[1])
	return id, n, err
}

func (a *app) printSlotQuote(id int, q *facade.AddonQuote) error {
	return a.printRecord([]field{
		{"order_id", "Order", number(id)},
		{"current_qty", "Slots now", number(q.CurrentQty)},
		{"add_qty", "Adding", number(q.AddQty)},
		{"new_qty", "Slots after", number(q.NewQty)},
		{"price_per_unit_cents", "Per slot", money(q.PricePerUnit)},
		{"total_cents", "To pay", money(q.Total)},
	}, slotQuoteJSON{OrderID: id, CurrentQty: q.CurrentQty, AddQty: q.AddQty, NewQty: q.NewQty, PricePerUnitCents: int64(q.PricePerUnit), TotalCents: int64(q.Total)})
}

// setupSlotsPrice quotes N more slots on an order ("slots quote") and,
// for "slots buy", buys them once the quoted price is confirmed.
func setupSlotsPrice(buy bool) func(*command, *flag.FlagSet) runner {
	return func(cmd *command, fs *flag.FlagSet) runner {
		var m moneyFlags
		if buy {
			m.register(fs)
		}
		return func(ctx context.Context, a *app, args []string) error {
			id, n, err := orderAndCount(cmd, args, "the number of slots")
			if err != nil {
				return err
			}
			if buy {
				if err := a.mayProceed(cmd, m); err != nil {
					return err
				}
			}
			c, err := a.client()
			if err != nil {
				return err
			}
			q, err := c.QuoteAddon(ctx, id, facade.AddonP0FSlots, n)
			if err != nil {
				return err
			}
			if !buy {
				return a.printSlotQuote(id, q)
			}
			if err := a.confirm(m, fmt.Sprintf("Buy %d p0f slot(s) for order %d (%d to %d slots) for %s from the wallet", n, id, q.CurrentQty, q.NewQty, q.Total)); err != nil {
				return err
			}
			res, err := c.BuyAddon(ctx, id, facade.AddonP0FSlots, n)
			if err != nil {
				return outcomeUnknown(err, "the slots may have been bought and were not bought again: run \"proxyshard order %d\"; if it has %d p0f slots, they were", id, q.NewQty)
			}
			return a.printSlots(id, res)
		}
	}
}

func setupSlotsChange(downgrade bool) func(*command, *flag.FlagSet) runner {
	return func(cmd *command, _ *flag.FlagSet) runner {
		return func(ctx context.Context, a *app, args []string) error {
			var id, n int
			var err error
			if downgrade {
				id, n, err = orderAndCount(cmd, args, "the number of slots to keep")
			} else {
				id, err = orderArgs(cmd, args, 1, false)
			}
			if err != nil {
				return err
			}
			c, err := a.client()
			if err != nil {
				return err
			}
			var res *facade.AddonResult
			if downgrade {
				res, err = c.ScheduleAddonDowngrade(ctx, id, facade.AddonP0FSlots, n)
			} else {
				res, err = c.CancelAddonDowngrade(ctx, id, facade.AddonP0FSlots)
			}
			if err != nil {
				return err
			}
			return a.printSlots(id, res)
		}
	}
}

func (a *app) printSlots(id int, res *facade.AddonResult) error {
	out := slotsJSON{OrderID: id, Addons: []addonJSON{}, AddonsPricePaidCents: int64(res.AddonsPricePaid), Message: res.Message}
	fields := []field{{"order_id", "Order", number(id)}}
	for _, l := range res.Addons {
		aj := addonJSON{Key: string(l.Key), Qty: l.Qty, PricePerUnitCents: int64(l.PricePerUnit)}
		fields = append(fields, field{string(l.Key), strings.ReplaceAll(string(l.Key), "_", " "), number(l.Qty)})
		if l.Pending != nil {
			aj.PendingAction, aj.PendingNextQty = l.Pending.Action, l.Pending.NextQty
			fields = append(fields, field{string(l.Key) + "_pending", "At renewal", text(fmt.Sprintf("%s to %d", l.Pending.Action, l.Pending.NextQty))})
		}
		out.Addons = append(out.Addons, aj)
	}
	fields = append(fields, field{"message", "Message", text(res.Message)})
	return a.printRecord(fields, out)
}
