// Command quickstart is a tour of ProxyShard's User API through the facade
// package: profile, catalogue, a quote, a Datacenter purchase with an
// OS-fingerprint (p0f) slot bought in the same purchase, the order list,
// proxies as URLs (on the fake, a page fetched through one), and a signature
// set and read back; then residential traffic, a sub-user and three
// sticky-session gateway URLs.
//
//	go run ./examples/quickstart
//
// Without PROXYSHARD_TOKEN it starts the fake API in-process (nothing leaves
// the machine) and runs the whole tour. With PROXYSHARD_TOKEN (and, for
// another server, PROXYSHARD_BASE_URL) it talks to that server and only
// reads, unless -allow-purchases lets it spend from the wallet.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"os"
	"os/signal"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

func main() {
	allowPurchases := flag.Bool("allow-purchases", false, "with PROXYSHARD_TOKEN: buy two Datacenter proxies with one p0f slot, and set a signature (spends from the wallet)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, os.Getenv, *allowPurchases); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run is main without the process: tests call it with their own output
// and environment.
func run(ctx context.Context, out io.Writer, getenv func(string) string, allowPurchases bool) error {
	token := getenv("PROXYSHARD_TOKEN")
	var opts []facade.Option
	t := tour{out: out, writes: allowPurchases}
	if token == "" {
		fake := facadetest.NewServer(fakeProxies)
		defer fake.Close()
		page, stopPage, err := startPage()
		if err != nil {
			return err
		}
		defer stopPage()
		t.page = page
		token = fake.Token
		opts = append(opts, facade.WithBaseURL(fake.URL))
		t.writes, t.promo = true, facadetest.PromoSave10
		t.say("No PROXYSHARD_TOKEN set: using the in-process fake API at %s.", fake.URL)
	} else if base := getenv("PROXYSHARD_BASE_URL"); base != "" {
		opts = append(opts, facade.WithBaseURL(base))
	}
	client, err := facade.New(token, opts...)
	if err != nil {
		return err
	}
	t.client = client
	if !t.writes {
		t.say("Talking to %s, read-only (pass -allow-purchases to buy).", client.BaseURL())
	}
	return t.run(ctx)
}

type tour struct {
	out    io.Writer
	client *facade.Client
	writes bool   // purchases and other changes are allowed
	promo  string // promo code to quote and buy with
	page   string // a local page to fetch through a bought proxy (the fake's proxies work)
}

func (t *tour) say(format string, args ...any) { _, _ = fmt.Fprintf(t.out, format+"\n", args...) }

func (t *tour) step(title string) { t.say("\n== %s", title) }

func (t *tour) run(ctx context.Context) error {
	if err := t.datacenter(ctx); err != nil {
		return err
	}
	if err := t.residential(ctx); err != nil {
		return err
	}
	me, err := t.client.Me(ctx)
	if err != nil {
		return err
	}
	t.say("\nDone. Balance now %s.", me.Balance)
	return nil
}

// datacenter is the first half of the tour: the account, the catalogue and
// a Datacenter order with its proxies, slot and signature.
func (t *tour) datacenter(ctx context.Context) error {
	t.step("Profile")
	me, err := t.client.Me(ctx)
	if err != nil {
		return err
	}
	t.say("%s: balance %s, %d active orders", me.Email, me.Balance, me.ActiveOrders)

	t.step("Products")
	products, err := t.client.Products(ctx)
	if err != nil {
		return err
	}
	var dc *facade.Product
	for i, p := range products {
		where := ""
		if p.Location != "" {
			where = " in " + p.Location
		}
		t.say("%s%s: cycles %v", p.Name, where, p.Cycles)
		if dc == nil && p.Name == facade.ProductDatacenter && p.Location != "" && len(p.Cycles) > 0 {
			dc = &products[i]
		}
	}
	if dc == nil {
		return errors.New("the catalogue has no Datacenter product with a location and a cycle")
	}

	t.step("Quote")
	// One p0f slot bought with the order: the order can sign one IP at once.
	spec := facade.Datacenter{Location: dc.Location, Cycle: dc.Cycles[0], Quantity: 2, PromoCode: t.promo,
		Addons: []facade.Addon{{Key: facade.AddonP0FSlots, Qty: 1}}}
	quote, err := t.client.Quote(ctx, spec)
	if err != nil {
		return err
	}
	t.say("%s x%d in %s, %s: %s (was %s, %d%% off)", spec.Product(), spec.Quantity, spec.Location, spec.Cycle, quote.Final, quote.Original, quote.DiscountPercent)
	t.say("with 1 %s slot: %s more, %s in all", facade.AddonP0FSlots, quote.Addons, quote.Total)

	orderID := 0
	if t.writes {
		t.step("Buy")
		bought, err := t.client.Purchase(ctx, spec)
		if errors.Is(err, facade.ErrOutcomeUnknown) {
			return fmt.Errorf("the purchase was sent but its answer was lost; check your orders before trying again: %w", err)
		}
		if err != nil {
			return err
		}
		orderID = bought.OrderID
		t.say("order %d: %s", orderID, bought.Message)
	}

	t.step("Active orders")
	listed := 0
	for o, err := range t.client.Orders(ctx, facade.StatusActive) {
		if err != nil {
			return err
		}
		if listed == 10 {
			t.say("... and more")
			break
		}
		listed++
		t.say("order %d: %s, %s, expires %s", o.ID, o.Product, o.Cycle, o.ExpiresAt)
		if orderID == 0 && (o.Product == facade.ProductDatacenter || o.Product == facade.ProductISP) {
			orderID = o.ID // read-only: show the proxies of an existing order
		}
	}
	if listed == 0 {
		t.say("none")
	}
	if orderID == 0 {
		t.say("\nNo Datacenter or ISP order to show proxies for.")
		return nil
	}

	t.step(fmt.Sprintf("Proxies of order %d", orderID))
	proxies, err := t.client.ActiveProxies(ctx, orderID)
	if err != nil {
		return err
	}
	for _, p := range proxies {
		t.say("%s   %s   until %s", p.HTTPURL(), p.SOCKS5URL(), p.Until)
	}
	if !t.writes || len(proxies) == 0 {
		return nil
	}

	if t.page != "" {
		t.step("Fetch a page through a bought proxy")
		if err := t.fetchThrough(ctx, proxies[0], t.page); err != nil {
			return err
		}
	}

	t.step("Signature")
	detail, err := t.client.GetOrder(ctx, orderID)
	if err != nil {
		return err
	}
	t.say("order %d has %d %s slot(s), %d in use", orderID, detail.P0FSlots.Available, facade.AddonP0FSlots, detail.P0FSlots.Used)
	if detail.P0FSlots.Available == 0 {
		t.say("\nNo free slot to sign an IP with.")
		return nil
	}
	addr, err := proxies[0].Addr()
	if err != nil {
		return err
	}
	if _, err := t.client.SetSignatures(ctx, orderID, map[netip.Addr]facade.OS{addr: facade.OSWin11}); err != nil {
		return err
	}
	// Read it back: the active proxies say which IPs carry a signature.
	proxies, err = t.client.ActiveProxies(ctx, orderID)
	if err != nil {
		return err
	}
	for _, p := range proxies {
		if p.Signature != "" {
			t.say("signed IP %s presents a %s fingerprint (read back from the active proxies)", p.IP, p.Signature)
		}
	}
	return nil
}

// residential is the second half: traffic bought in GB and reported in
// bytes, a sub-user with a share of it, and sticky sessions on the gateway.
func (t *tour) residential(ctx context.Context) error {
	t.step("Residential traffic")
	if t.writes {
		bought, err := t.client.Purchase(ctx, facade.ResidentialStandard{Quantity: 2, PromoCode: t.promo})
		if errors.Is(err, facade.ErrOutcomeUnknown) {
			return fmt.Errorf("the traffic purchase was sent but its answer was lost; check your traffic before trying again: %w", err)
		}
		if err != nil {
			return err
		}
		t.say("order %d: 2 GB of %s", bought.OrderID, facade.ProductResidentialStandard)
	}
	profile, err := t.client.TrafficProfile(ctx, facade.ProxyTypeStandard)
	var apiErr *facade.APIError
	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusBadRequest {
		t.say("no Standard residential traffic on this account (%s)", apiErr.Message)
		return nil
	}
	if err != nil {
		return err
	}
	t.say("owner: %d of %d bytes left", profile.Remaining, profile.Data)

	gateway, err := profile.Gateway()
	if err != nil {
		return err
	}
	if t.writes {
		t.step("Sub-user")
		sub, err := t.client.CreateSubUser(ctx, facade.ProxyTypeStandard, "quickstart", 1)
		if errors.Is(err, facade.ErrOutcomeUnknown) {
			return fmt.Errorf("the sub-user creation was sent but its answer was lost; list your sub-users before trying again: %w", err)
		}
		if err != nil {
			return err
		}
		t.say("sub-user %s (%s) with 1 GB of the owner's traffic", sub.ID, sub.Name)
		if gateway, err = sub.Gateway(); err != nil {
			return err
		}
	}

	t.step("Three sticky sessions in Germany")
	gateway.Country = "DE"
	sessions, err := gateway.Sessions(3)
	if err != nil {
		return err
	}
	for _, s := range sessions {
		t.say("%s", s.HTTPURL())
	}
	return nil
}
