package main

import (
	"context"
	"flag"
	"fmt"
	"net/netip"
	"strings"

	"github.com/proxyshard/proxyshard-go/facade"
)

type (
	doneJSON struct {
		OrderID int    `json:"order_id"`
		Done    string `json:"done"`
	}
	cycleJSON struct {
		OrderID         int    `json:"order_id"`
		OriginalCents   int64  `json:"original_cents"`
		FinalCents      int64  `json:"final_cents"`
		DiscountPercent int    `json:"discount_percent"`
		Message         string `json:"message"`
	}
	signedJSON struct {
		OrderID int `json:"order_id"`
		Updated int `json:"updated"`
	}
)

func changeCommands() []*command {
	return []*command{
		{name: "renew", args: "ORDER", summary: "pay the next period of an on-hold order from the wallet",
			detail:   "Asks on a terminal; without one it needs --yes. It is sent once: if the answer is lost, check the order's status before running it again.",
			examples: []string{"proxyshard renew 12", "proxyshard renew 12 --yes"},
			setup:    setupRenew},
		{name: "tag", args: "ORDER TAG", summary: "set an order's tag (\"\" clears it)",
			examples: []string{"proxyshard tag 12 scraper-eu", "proxyshard tag 12 ''"},
			setup:    setupTag},
		{name: "auto-renew", args: "ORDER on|off", summary: "turn renewal from the wallet on or off (Datacenter, ISP)",
			examples: []string{"proxyshard auto-renew 12 on"},
			setup:    setupAutoRenew},
		{name: "cycle", args: "ORDER CYCLE", summary: "move a Datacenter or ISP order to another billing cycle",
			detail:   "It changes what is billed, so it asks on a terminal and needs --yes without one. A promo code the new cycle does not allow is dropped.",
			examples: []string{"proxyshard cycle 12 quarterly", "proxyshard cycle 12 monthly --yes"},
			setup:    setupCycle},
		{name: "remove-ips", args: "ORDER IP...", summary: "mark IPs of an order for deletion at renewal (at least one must stay)",
			examples: []string{"proxyshard remove-ips 12 10.0.0.5 10.0.0.6"},
			setup:    setupDelNp(true)},
		{name: "keep-ips", args: "ORDER IP...", summary: "clear the deletion mark of IPs",
			examples: []string{"proxyshard keep-ips 12 10.0.0.5"},
			setup:    setupDelNp(false)},
		{name: "sign", args: "ORDER IP=OS...", summary: "give proxy IPs an OS fingerprint (p0f signature; needs p0f slots)",
			detail:   "OS is one of ios, macos, android, linux, win10, win11. Each IP signed for the first time takes a slot for good.",
			examples: []string{"proxyshard sign 12 10.0.0.5=win11 10.0.0.6=macos"},
			setup:    setupSign},
	}
}

// orderArgs checks the argument count (exactly n, or at least n with
// more) and parses the order ID in front.
func orderArgs(cmd *command, args []string, n int, more bool) (int, error) {
	if len(args) < n || (!more && len(args) > n) {
		return 0, usageFor(cmd, "%s takes the arguments %s", cmd.name, cmd.args)
	}
	return orderID(cmd, args[0])
}

func (a *app) done(id int, what string) error {
	return a.printRecord([]field{{"order_id", "Order", number(id)}, {"done", "Done", text(what)}}, doneJSON{OrderID: id, Done: what})
}

// moneyOrder is the start of a money command on one order: it may
// proceed, and the order it changes, to show in the confirmation.
func (a *app) moneyOrder(ctx context.Context, cmd *command, m moneyFlags, id int) (*facade.Client, *facade.OrderDetail, error) {
	if err := a.mayProceed(cmd, m); err != nil {
		return nil, nil, err
	}
	c, err := a.client()
	if err != nil {
		return nil, nil, err
	}
	o, err := c.GetOrder(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	return c, o, nil
}

func setupRenew(cmd *command, fs *flag.FlagSet) runner {
	var m moneyFlags
	m.register(fs)
	return func(ctx context.Context, a *app, args []string) error {
		id, err := orderArgs(cmd, args, 1, false)
		if err != nil {
			return err
		}
		c, o, err := a.moneyOrder(ctx, cmd, m, id)
		if err != nil {
			return err
		}
		if err := a.confirm(m, fmt.Sprintf("Renew order %d (%s, %s, status %s; its last period cost %s) from the wallet", id, o.Product, o.Cycle, o.Status, o.PricePaid+o.AddonsPricePaid)); err != nil {
			return err
		}
		if err := c.Renew(ctx, id); err != nil {
			return outcomeUnknown(err,
				"the renewal may have been paid and was not sent again: run \"proxyshard order %d\"; if its status is active and it expires later than %s, it was renewed", id, o.ExpiresAt)
		}
		return a.done(id, "renewed")
	}
}

func setupTag(cmd *command, _ *flag.FlagSet) runner {
	return func(ctx context.Context, a *app, args []string) error {
		id, err := orderArgs(cmd, args, 2, false)
		if err != nil {
			return err
		}
		c, err := a.client()
		if err != nil {
			return err
		}
		if err := c.SetTag(ctx, id, args[1]); err != nil {
			return err
		}
		return a.done(id, fmt.Sprintf("tag set to %q", args[1]))
	}
}

func setupAutoRenew(cmd *command, _ *flag.FlagSet) runner {
	return func(ctx context.Context, a *app, args []string) error {
		id, err := orderArgs(cmd, args, 2, false)
		if err != nil {
			return err
		}
		var on bool
		switch strings.ToLower(args[1]) {
		case "on", "true", "yes":
			on = true
		case "off", "false", "no":
		default:
			return usageFor(cmd, "%q must be on or off", args[1])
		}
		c, err := a.client()
		if err != nil {
			return err
		}
		if err := c.SetAutoRenewal(ctx, id, on); err != nil {
			return err
		}
		return a.done(id, "auto-renewal "+map[bool]string{true: "on", false: "off"}[on])
	}
}

func setupCycle(cmd *command, fs *flag.FlagSet) runner {
	var m moneyFlags
	m.register(fs)
	return func(ctx context.Context, a *app, args []string) error {
		id, err := orderArgs(cmd, args, 2, false)
		if err != nil {
			return err
		}
		cycle := strings.TrimSpace(args[1])
		if cycle == "" {
			return usageFor(cmd, "the cycle is empty (\"proxyshard products\" lists them)")
		}
		c, o, err := a.moneyOrder(ctx, cmd, m, id)
		if err != nil {
			return err
		}
		if err := a.confirm(m, fmt.Sprintf("Move order %d (%s) from %s to %s; the price changes with the cycle", id, o.Product, o.Cycle, cycle)); err != nil {
			return err
		}
		ch, err := c.ChangeBillingCycle(ctx, id, facade.Cycle(cycle))
		if err != nil {
			return outcomeUnknown(err, "the change may have been applied and was not sent again: run \"proxyshard order %d\" and look at its cycle", id)
		}
		return a.printRecord([]field{
			{"order_id", "Order", number(id)},
			{"original_cents", "Price", money(ch.Price.Original)},
			{"discount_percent", "Discount", cell{fmt.Sprintf("%d%%", ch.Price.DiscountPercent), fmt.Sprint(ch.Price.DiscountPercent)}},
			{"final_cents", "To pay per period", money(ch.Price.Final)},
			{"message", "Message", text(ch.Message)},
		}, cycleJSON{OrderID: id, OriginalCents: int64(ch.Price.Original), FinalCents: int64(ch.Price.Final), DiscountPercent: ch.Price.DiscountPercent, Message: ch.Message})
	}
}

func setupDelNp(remove bool) func(*command, *flag.FlagSet) runner {
	return func(cmd *command, _ *flag.FlagSet) runner {
		return func(ctx context.Context, a *app, args []string) error {
			id, err := orderArgs(cmd, args, 2, true)
			if err != nil {
				return err
			}
			addrs, err := ips(cmd, args[1:])
			if err != nil {
				return err
			}
			c, err := a.client()
			if err != nil {
				return err
			}
			if remove {
				err = c.RemoveProxies(ctx, id, addrs...)
			} else {
				err = c.KeepProxies(ctx, id, addrs...)
			}
			if err != nil {
				return err
			}
			what := "marked for deletion: "
			if !remove {
				what = "kept: "
			}
			return a.done(id, what+strings.Join(args[1:], " "))
		}
	}
}

func setupSign(cmd *command, _ *flag.FlagSet) runner {
	return func(ctx context.Context, a *app, args []string) error {
		id, err := orderArgs(cmd, args, 2, true)
		if err != nil {
			return err
		}
		sigs := map[netip.Addr]facade.OS{}
		for _, arg := range args[1:] {
			ipText, osName, ok := strings.Cut(arg, "=")
			addr, perr := netip.ParseAddr(ipText)
			os := facade.OS(strings.ToLower(osName))
			switch {
			case !ok || perr != nil:
				return usageFor(cmd, "%q must be IP=OS, such as 10.0.0.5=win11", arg)
			case !os.Valid():
				return usageFor(cmd, "%q: the OS must be one of ios, macos, android, linux, win10, win11", arg)
			}
			if _, dup := sigs[addr]; dup {
				return usageFor(cmd, "%s is given twice", addr)
			}
			sigs[addr] = os
		}
		c, err := a.client()
		if err != nil {
			return err
		}
		n, err := c.SetSignatures(ctx, id, sigs)
		if err != nil {
			return err
		}
		return a.printRecord([]field{{"order_id", "Order", number(id)}, {"updated", "IPs updated", number(n)}}, signedJSON{OrderID: id, Updated: n})
	}
}
