package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/proxyshard/proxyshard-go/facade"
)

type (
	boughtJSON struct {
		OrderID int    `json:"order_id"`
		Message string `json:"message"`
	}
	settlementJSON struct {
		Outcome    string `json:"outcome"` // "bought", "not bought", "ambiguous"
		OrderID    int    `json:"order_id,omitempty"`
		Candidates []int  `json:"candidates,omitempty"`
		Reason     string `json:"reason"`
	}
)

func buyCommand() *command {
	return &command{
		name: "buy", summary: "buy an order, paid from the wallet, after showing its price",
		detail: `The price is quoted first. On a terminal buy asks before it pays; without a
terminal it needs --yes. A purchase is sent once and never again: if its answer
is lost, buy looks at the orders and the wallet it noted before paying and says
whether the order was bought (exit 0), not bought (exit 5: safe to run again)
or cannot tell (exit 4: look at "proxyshard orders" first). Runs of buy for one
account on one machine take turns (a lock file in ~/.cache/proxyshard), so that
each can tell its purchase from the other's.`,
		examples: []string{
			"proxyshard buy --product dc --country DE --cycle monthly --quantity 10",
			"proxyshard buy --product dc --country NL --cycle quarterly --quantity 5 --p0f-slots 5",
			"proxyshard buy --product isp --country US --cycle monthly --auto-renew --yes --json",
			"proxyshard buy --product unmetered --cycle monthly --promo SAVE10",
		},
		setup: setupBuy,
	}
}

func setupBuy(cmd *command, fs *flag.FlagSet) runner {
	var o orderFlags
	o.register(fs, true)
	var m moneyFlags
	m.register(fs)
	settleWait := fs.Duration("settle-wait", facade.DefaultSettleGrace, "when the answer is lost, how long to let the API finish before looking at the orders")
	return func(ctx context.Context, a *app, args []string) error {
		if err := wantArgs(cmd, args, 0); err != nil {
			return err
		}
		spec, err := o.spec(setFlags(fs))
		if err != nil {
			return usageFor(cmd, "%v", err)
		}
		if *settleWait < 0 {
			return usageFor(cmd, "--settle-wait must not be negative")
		}
		if err := a.mayProceed(cmd, m); err != nil {
			return err
		}
		c, err := a.client()
		if err != nil {
			return err
		}
		q, err := c.Quote(ctx, spec)
		if err != nil {
			return err
		}
		price := q.Total.String()
		if q.DiscountPercent != 0 {
			price += fmt.Sprintf(" (%s less %d%%", q.Original, q.DiscountPercent)
		}
		if q.Addons != 0 {
			sep := " ("
			if q.DiscountPercent != 0 {
				sep = ", "
			}
			price += fmt.Sprintf("%s%s for add-ons", sep, q.Addons)
		}
		if q.DiscountPercent != 0 || q.Addons != 0 {
			price += ")"
		}
		if err := a.confirm(m, fmt.Sprintf("Buy %s for %s from the wallet", describeSpec(spec), price)); err != nil {
			return err
		}
		release, err := a.lockBuys(ctx, c.BaseURL(), a.usedToken)
		if err != nil {
			return fmt.Errorf("proxyshard: %w (nothing was bought)", err)
		}
		defer release()
		// Noted before paying, so a lost answer can be settled.
		before, err := c.Snapshot(ctx)
		if err != nil {
			return fmt.Errorf("%w (nothing was bought)", err)
		}
		res, err := c.Purchase(ctx, spec)
		if errors.Is(err, facade.ErrOutcomeUnknown) {
			return a.settle(ctx, c, before, err, *settleWait)
		}
		if err != nil {
			return err
		}
		return a.printRecord([]field{
			{"order_id", "Order", number(res.OrderID)},
			{"message", "Message", text(res.Message)},
		}, boughtJSON{OrderID: res.OrderID, Message: res.Message})
	}
}

// settle finds out what a purchase with a lost answer did, and never
// sends it again.
func (a *app) settle(ctx context.Context, c *facade.Client, before *facade.Snapshot, purchaseErr error, wait time.Duration) error {
	cause := purchaseErr
	var unknown *facade.OutcomeUnknownError
	if errors.As(purchaseErr, &unknown) && unknown.Err != nil {
		cause = unknown.Err
	}
	_, _ = fmt.Fprintf(a.stderr, "proxyshard: the purchase was sent but its answer was lost: %v\nIt is not sent again. Looking at the orders and the wallet in %s to see whether it was bought...\n", cause, wait)
	s, err := c.Settle(ctx, before, purchaseErr, facade.SettleGrace(wait))
	if err != nil {
		return &exitError{code: exitUnknown, msg: fmt.Sprintf(
			"proxyshard: could not find out whether the purchase was bought: %v\nlook at \"proxyshard orders\" and \"proxyshard me\" (the wallet was %s before) before buying again",
			err, before.Balance)}
	}
	out := settlementJSON{Outcome: string(s.Verdict), OrderID: s.OrderID, Candidates: s.Candidates, Reason: s.Reason}
	switch s.Verdict {
	case facade.Bought:
		_, _ = fmt.Fprintln(a.stderr, "proxyshard: "+s.Reason)
		return a.printRecord([]field{
			{"order_id", "Order", number(s.OrderID)},
			{"message", "Message", text("bought; the answer was lost and the order was found")},
		}, out)
	case facade.NotBought:
		if a.global.json {
			_ = a.printJSON(out)
		}
		return &exitError{code: exitNetwork, msg: "proxyshard: not bought: " + s.Reason + "\nnothing was charged; the same command can be run again"}
	}
	if a.global.json {
		_ = a.printJSON(out)
	}
	return &exitError{code: exitUnknown, msg: fmt.Sprintf("proxyshard: outcome unknown: %s\n%s\ndo not buy again before you have checked them with \"proxyshard order ID\"", s, s.Reason)}
}
