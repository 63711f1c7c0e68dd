package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/proxyshard/proxyshard-go/facade"
)

type (
	trafficJSON struct {
		ProxyType      string `json:"proxy_type"`
		DataBytes      int64  `json:"data_bytes"`
		RemainingBytes int64  `json:"remaining_bytes"`
		SpentBytes     int64  `json:"spent_bytes"`
		ProxyPassword  string `json:"proxy_password"`
	}
	bandwidthJSON struct {
		OrderID           int   `json:"order_id"`
		AddedGB           int   `json:"added_gb"`
		WalletBeforeCents int64 `json:"wallet_before_cents"`
	}
)

func trafficCommands() []*command {
	return []*command{
		{name: "traffic", summary: "the account's own residential traffic of a package, and its gateway password",
			detail: `Figures are in bytes, as the API answers them, and leave out what sub-users
hold. The password is the one gateway logins take ("proxyshard gateway").`,
			examples: []string{
				"proxyshard traffic --product standard",
				"export PROXYSHARD_GATEWAY_PASSWORD=$(proxyshard traffic --product premium --json | jq -r .proxy_password)",
			},
			setup: setupResidential(true, runTraffic)},
		{name: "add-bandwidth", args: "ORDER GB", summary: "buy GB more traffic for a Standard or Premium residential order, paid from the wallet",
			detail: `The API quotes no price for adding traffic (its price quote covers new orders
only), so the confirmation shows the order, the amount and the wallet as it is;
"proxyshard me" shows the charge afterwards. Asks on a terminal; without one it
needs --yes. It is sent once: if the answer is lost, compare the wallet with the
one shown before running it again.`,
			examples: []string{"proxyshard add-bandwidth 12 5", "proxyshard add-bandwidth 12 10 --promo SAVE10 --yes"},
			setup:    setupAddBandwidth},
	}
}

func runTraffic(ctx context.Context, a *app, c *facade.Client, s residentialArgs) error {
	p, err := c.TrafficProfile(ctx, s.t)
	if err != nil {
		return err
	}
	return a.printRecord([]field{
		{"proxy_type", "Package", text(string(p.ProxyType))},
		{"data_bytes", "Data", bytesCell(p.Data)},
		{"remaining_bytes", "Remaining", bytesCell(p.Remaining)},
		{"spent_bytes", "Spent", bytesCell(p.Spent)},
		{"proxy_password", "Gateway password", text(p.ProxyPassword)},
	}, trafficJSON{ProxyType: string(p.ProxyType), DataBytes: int64(p.Data), RemainingBytes: int64(p.Remaining), SpentBytes: int64(p.Spent), ProxyPassword: p.ProxyPassword})
}

func setupAddBandwidth(cmd *command, fs *flag.FlagSet) runner {
	var m moneyFlags
	m.register(fs)
	promo := fs.String("promo", "", "a promo code")
	return func(ctx context.Context, a *app, args []string) error {
		id, err := orderArgs(cmd, args, 2, false)
		if err != nil {
			return err
		}
		amount, err := gigabytes(cmd, "the amount", args[1], false)
		if err != nil {
			return err
		}
		c, o, err := a.moneyOrder(ctx, cmd, m, id)
		if err != nil {
			return err
		}
		if o.Product != facade.ProductResidentialStandard && o.Product != facade.ProductResidentialPremium {
			return usageFor(cmd, "order %d is %s: traffic can be added to Standard and Premium Residential orders only; nothing was bought", id, o.Product)
		}
		me, err := c.Me(ctx)
		if err != nil {
			return fmt.Errorf("%w (nothing was bought)", err)
		}
		what := fmt.Sprintf("Add %d GB of traffic to order %d (%s), paid from the wallet (%s now)", amount, id, o.Product, me.Balance)
		if *promo != "" {
			what += fmt.Sprintf(" with promo code %s", *promo)
		}
		if err := a.confirm(m, what+"; the API quotes no price for this in advance"); err != nil {
			return err
		}
		if err := c.AddBandwidth(ctx, id, amount, *promo); err != nil {
			return outcomeUnknown(err, "the traffic may have been bought and was not bought again: run \"proxyshard me\": if the wallet fell from %s by the traffic's price, it was bought (\"proxyshard order %d\" shows the order)", me.Balance, id)
		}
		return a.printRecord([]field{
			{"order_id", "Order", number(id)},
			{"added_gb", "Added", cell{fmt.Sprintf("%d GB", amount), fmt.Sprint(int(amount))}},
			{"wallet_before_cents", "Wallet before", money(me.Balance)},
		}, bandwidthJSON{OrderID: id, AddedGB: int(amount), WalletBeforeCents: int64(me.Balance)})
	}
}
