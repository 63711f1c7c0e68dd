package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/proxyshard/proxyshard-go/facade"
)

// The JSON forms of what the read commands print. Their keys are part of
// the command's stable output.
type (
	meJSON struct {
		Email        string `json:"email"`
		BalanceCents int64  `json:"balance_cents"`
		ActiveOrders int    `json:"active_orders"`
	}
	productJSON struct {
		Name        string   `json:"name"`
		Description string   `json:"description"`
		Location    string   `json:"location"`
		Cycles      []string `json:"cycles"`
	}
	stockJSON struct {
		Product string `json:"product"`
		Code    string `json:"code"`
		Country string `json:"country"`
		Amount  int    `json:"amount"`
	}
	quoteJSON struct {
		Product         string `json:"product"`
		OriginalCents   int64  `json:"original_cents"`
		FinalCents      int64  `json:"final_cents"`
		DiscountPercent int    `json:"discount_percent"`
		AddonsCents     int64  `json:"addons_cents"`
		TotalCents      int64  `json:"total_cents"`
	}
	orderJSON struct {
		ID          int    `json:"id"`
		Product     string `json:"product"`
		Cycle       string `json:"cycle"`
		ExpiresAt   string `json:"expires_at"`
		AutoRenewal bool   `json:"auto_renewal"`
		Tag         string `json:"tag"`
	}
	addonJSON struct {
		Key               string `json:"key"`
		Qty               int    `json:"qty"`
		PricePerUnitCents int64  `json:"price_per_unit_cents"`
		PendingAction     string `json:"pending_action,omitempty"`
		PendingNextQty    int    `json:"pending_next_qty,omitempty"`
	}
	orderDetailJSON struct {
		ID                   int         `json:"id"`
		Product              string      `json:"product"`
		Cycle                string      `json:"cycle"`
		Quantity             int         `json:"quantity"`
		Status               string      `json:"status"`
		PricePaidCents       int64       `json:"price_paid_cents"`
		AddonsPricePaidCents int64       `json:"addons_price_paid_cents"`
		Addons               []addonJSON `json:"addons"`
		P0FSlotsAvailable    int         `json:"p0f_slots_available"`
		P0FSlotsUsed         int         `json:"p0f_slots_used"`
		P0FSlotsNext         int         `json:"p0f_slots_next"`
		CreatedAt            string      `json:"created_at"`
		ExpiresAt            string      `json:"expires_at"`
		PromoCode            string      `json:"promo_code"`
		AutoRenewal          bool        `json:"auto_renewal"`
		Tag                  string      `json:"tag"`
	}
	proxyJSON struct {
		OrderID   int    `json:"order_id"`
		IP        string `json:"ip"`
		HTTPPort  int    `json:"http_port"`
		SOCKSPort int    `json:"socks_port"`
		Username  string `json:"username"`
		Password  string `json:"password"`
		Status    string `json:"status"`
		Until     string `json:"until"`
		Signature string `json:"signature"`
	}
)

func readCommands() []*command {
	return []*command{
		{name: "me", summary: "the account: email, wallet balance, active orders",
			examples: []string{"proxyshard me", "proxyshard me --json | jq .balance_cents"},
			setup:    noArgs(runMe)},
		{name: "products", summary: "the products on sale and their billing cycles",
			examples: []string{"proxyshard products"},
			setup:    noArgs(runProducts)},
		{name: "stock", summary: "how many IPs can be bought, per product and country",
			examples: []string{"proxyshard stock", "proxyshard stock --product isp --country US"},
			setup:    setupStock},
		{name: "quote", summary: "what an order would cost; charges nothing",
			examples: []string{
				"proxyshard quote --product dc --country DE --cycle monthly --quantity 10",
				"proxyshard quote --product premium --quantity 5 --promo SAVE10",
			},
			setup: setupQuote},
		{name: "orders", summary: "the orders of the account, every page",
			examples: []string{"proxyshard orders", "proxyshard orders --status on-hold", "proxyshard orders | cut -f1"},
			setup:    setupOrders},
		{name: "order", args: "ORDER", summary: "one order in detail: price, add-ons, p0f slots",
			examples: []string{"proxyshard order 12", "proxyshard order 12 --json"},
			setup:    oneOrder(runOrder)},
		{name: "proxies", args: "ORDER", summary: "the proxies of a Datacenter or ISP order, with their credentials",
			detail:   `"proxyshard export" writes them in the formats other tools import.`,
			examples: []string{"proxyshard proxies 12"},
			setup:    oneOrder(runProxies)},
	}
}

// noArgs is the setup of a command with neither flags nor arguments.
func noArgs(run func(ctx context.Context, a *app, c *facade.Client) error) func(*command, *flag.FlagSet) runner {
	return func(cmd *command, _ *flag.FlagSet) runner {
		return func(ctx context.Context, a *app, args []string) error {
			if err := wantArgs(cmd, args, 0); err != nil {
				return err
			}
			c, err := a.client()
			if err != nil {
				return err
			}
			return run(ctx, a, c)
		}
	}
}

// oneOrder is the setup of a command whose one argument is an order ID.
func oneOrder(run func(ctx context.Context, a *app, c *facade.Client, id int) error) func(*command, *flag.FlagSet) runner {
	return func(cmd *command, _ *flag.FlagSet) runner {
		return func(ctx context.Context, a *app, args []string) error {
			if err := wantArgs(cmd, args, 1); err != nil {
				return err
			}
			id, err := orderID(cmd, args[0])
			if err != nil {
				return err
			}
			c, err := a.client()
			if err != nil {
				return err
			}
			return run(ctx, a, c, id)
		}
	}
}

func runMe(ctx context.Context, a *app, c *facade.Client) error {
	me, err := c.Me(ctx)
	if err != nil {
		return err
	}
	return a.printRecord([]field{
		{"email", "Email", text(me.Email)},
		{"balance_cents", "Balance", money(me.Balance)},
		{"active_orders", "Active orders", number(me.ActiveOrders)},
	}, meJSON{Email: me.Email, BalanceCents: int64(me.Balance), ActiveOrders: me.ActiveOrders})
}

func runProducts(ctx context.Context, a *app, c *facade.Client) error {
	products, err := c.Products(ctx)
	if err != nil {
		return err
	}
	rows := make([][]cell, 0, len(products))
	out := make([]productJSON, 0, len(products))
	for _, p := range products {
		names := make([]string, len(p.Cycles))
		for i, c := range p.Cycles {
			names[i] = string(c)
		}
		cycles := strings.Join(names, ",")
		rows = append(rows, []cell{text(string(p.Name)), text(p.Location), text(cycles), text(p.Description)})
		out = append(out, productJSON{Name: string(p.Name), Description: p.Description, Location: p.Location, Cycles: names})
	}
	return a.printList([]string{"product", "location", "cycles", "description"}, rows, out)
}

func setupStock(cmd *command, fs *flag.FlagSet) runner {
	product := fs.String("product", "", "only this product: "+productChoices)
	country := fs.String("country", "", "only this country, such as DE")
	return func(ctx context.Context, a *app, args []string) error {
		if err := wantArgs(cmd, args, 0); err != nil {
			return err
		}
		want, err := productFilter(cmd, *product)
		if err != nil {
			return err
		}
		c, err := a.client()
		if err != nil {
			return err
		}
		counts, err := c.AvailableCounts(ctx)
		if err != nil {
			return err
		}
		rows := [][]cell{}
		out := []stockJSON{}
		for _, s := range counts {
			if (want != "" && s.Product != want) || (*country != "" && !strings.EqualFold(s.Country, *country)) {
				continue
			}
			name := string(s.Product)
			if name == "" {
				name = string(s.Code) // a product this release does not know yet: its code as sent
			}
			rows = append(rows, []cell{text(name), text(s.Country), number(s.Amount)})
			out = append(out, stockJSON{Product: name, Code: string(s.Code), Country: s.Country, Amount: s.Amount})
		}
		return a.printList([]string{"product", "country", "available"}, rows, out)
	}
}

func setupQuote(cmd *command, fs *flag.FlagSet) runner {
	var o orderFlags
	o.register(fs, false)
	return func(ctx context.Context, a *app, args []string) error {
		if err := wantArgs(cmd, args, 0); err != nil {
			return err
		}
		spec, err := o.spec(setFlags(fs))
		if err != nil {
			return usageFor(cmd, "%v", err)
		}
		c, err := a.client()
		if err != nil {
			return err
		}
		q, err := c.Quote(ctx, spec)
		if err != nil {
			return err
		}
		return a.printQuote(spec, q)
	}
}

func (a *app) printQuote(spec facade.PurchaseSpec, q *facade.Quote) error {
	return a.printRecord([]field{
		{"product", "Product", text(string(spec.Product()))},
		{"original_cents", "Price", money(q.Original)},
		{"discount_percent", "Discount", cell{fmt.Sprintf("%d%%", q.DiscountPercent), fmt.Sprint(q.DiscountPercent)}},
		{"final_cents", "After discount", money(q.Final)},
		{"addons_cents", "Add-ons", money(q.Addons)},
		{"total_cents", "To pay", money(q.Total)},
	}, quoteJSON{Product: string(spec.Product()), OriginalCents: int64(q.Original), FinalCents: int64(q.Final), DiscountPercent: q.DiscountPercent,
		AddonsCents: int64(q.Addons), TotalCents: int64(q.Total)})
}

func setupOrders(cmd *command, fs *flag.FlagSet) runner {
	status := fs.String("status", "all", "active, on-hold, cancelled or all")
	return func(ctx context.Context, a *app, args []string) error {
		if err := wantArgs(cmd, args, 0); err != nil {
			return err
		}
		switch facade.OrderStatus(*status) {
		case facade.StatusActive, facade.StatusOnHold, facade.StatusCancelled, facade.StatusAll:
		default:
			return usageFor(cmd, "--status %q must be active, on-hold, cancelled or all", *status)
		}
		c, err := a.client()
		if err != nil {
			return err
		}
		rows := [][]cell{}
		out := []orderJSON{}
		for o, err := range c.Orders(ctx, facade.OrderStatus(*status)) {
			if err != nil {
				return err
			}
			rows = append(rows, []cell{number(o.ID), text(string(o.Product)), text(string(o.Cycle)), when(o.ExpiresAt), yesNo(o.AutoRenewal), text(o.Tag)})
			out = append(out, orderJSON{ID: o.ID, Product: string(o.Product), Cycle: string(o.Cycle), ExpiresAt: o.ExpiresAt.String(), AutoRenewal: o.AutoRenewal, Tag: o.Tag})
		}
		return a.printList([]string{"id", "product", "cycle", "expires", "auto_renew", "tag"}, rows, out)
	}
}

func runOrder(ctx context.Context, a *app, c *facade.Client, id int) error {
	o, err := c.GetOrder(ctx, id)
	if err != nil {
		return err
	}
	addons := make([]addonJSON, 0, len(o.Addons))
	var lines []string
	for _, l := range o.Addons {
		aj := addonJSON{Key: string(l.Key), Qty: l.Qty, PricePerUnitCents: int64(l.PricePerUnit)}
		line := fmt.Sprintf("%s x%d at %s", l.Key, l.Qty, l.PricePerUnit)
		if l.Pending != nil {
			aj.PendingAction, aj.PendingNextQty = l.Pending.Action, l.Pending.NextQty
			line += fmt.Sprintf(" (%s to %d at renewal)", l.Pending.Action, l.Pending.NextQty)
		}
		addons = append(addons, aj)
		lines = append(lines, line)
	}
	return a.printRecord([]field{
		{"id", "Order", number(o.ID)},
		{"product", "Product", text(string(o.Product))},
		{"cycle", "Cycle", text(string(o.Cycle))},
		{"quantity", "Quantity", number(o.Quantity)},
		{"status", "Status", text(string(o.Status))},
		{"price_paid_cents", "Price paid", money(o.PricePaid)},
		{"addons_price_paid_cents", "Add-ons paid", money(o.AddonsPricePaid)},
		{"addons", "Add-ons", text(strings.Join(lines, "; "))},
		{"p0f_slots", "p0f slots", cell{fmt.Sprintf("%d used of %d (%d after renewal)", o.P0FSlots.Used, o.P0FSlots.Available, o.P0FSlots.Next),
			fmt.Sprintf("%d/%d/%d", o.P0FSlots.Used, o.P0FSlots.Available, o.P0FSlots.Next)}},
		{"created_at", "Created", when(o.CreatedAt)},
		{"expires_at", "Expires", when(o.ExpiresAt)},
		{"promo_code", "Promo code", text(o.PromoCode)},
		{"auto_renewal", "Auto-renewal", yesNo(o.AutoRenewal)},
		{"tag", "Tag", text(o.Tag)},
	}, orderDetailJSON{
		ID: o.ID, Product: string(o.Product), Cycle: string(o.Cycle), Quantity: o.Quantity, Status: string(o.Status),
		PricePaidCents: int64(o.PricePaid), AddonsPricePaidCents: int64(o.AddonsPricePaid), Addons: addons,
		P0FSlotsAvailable: o.P0FSlots.Available, P0FSlotsUsed: o.P0FSlots.Used, P0FSlotsNext: o.P0FSlots.Next,
		CreatedAt: o.CreatedAt.String(), ExpiresAt: o.ExpiresAt.String(), PromoCode: o.PromoCode, AutoRenewal: o.AutoRenewal, Tag: o.Tag,
	})
}

func runProxies(ctx context.Context, a *app, c *facade.Client, id int) error {
	proxies, err := c.ActiveProxies(ctx, id)
	if err != nil {
		return err
	}
	rows := make([][]cell, 0, len(proxies))
	out := make([]proxyJSON, 0, len(proxies))
	for _, p := range proxies {
		rows = append(rows, []cell{text(p.IP), number(p.HTTPPort), number(p.SOCKSPort), text(p.Username), text(p.Password), text(p.Status), when(p.Until), text(string(p.Signature))})
		out = append(out, proxyOut(id, p))
	}
	return a.printList([]string{"ip", "http_port", "socks_port", "username", "password", "status", "until", "signature"}, rows, out)
}

func proxyOut(orderID int, p facade.Proxy) proxyJSON {
	return proxyJSON{OrderID: orderID, IP: p.IP, HTTPPort: p.HTTPPort, SOCKSPort: p.SOCKSPort, Username: p.Username,
		Password: p.Password, Status: p.Status, Until: p.Until.String(), Signature: string(p.Signature)}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
