package facade_test

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"net/netip"
	"os"
	"time"

	"github.com/proxyshard/proxyshard-go/facade"
)

// buyDatacenter buys n Datacenter proxies in Germany on the example's fake.
func buyDatacenter(client *facade.Client, n int) int {
	bought, err := client.Purchase(context.Background(), facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: n})
	if err != nil {
		log.Fatal(err)
	}
	return bought.OrderID
}

func ExampleClient_Me() {
	client, fake := exampleClient()
	defer fake.Close()
	me, err := client.Me(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(me.Email, me.ActiveOrders, "active orders, wallet", me.Balance)
	// Output: user@example.com 0 active orders, wallet $1000.00
}

func ExampleClient_Products() {
	client, fake := exampleClient()
	defer fake.Close()
	products, err := client.Products(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range products {
		fmt.Println(p.Name, p.Location, p.Cycles)
	}
	// Output:
	// Datacenter Proxy DE [monthly quarterly]
	// Datacenter Proxy NL [monthly quarterly]
	// Datacenter Proxy US [monthly quarterly]
	// ISP Proxy DE [monthly quarterly]
	// ISP Proxy NL [monthly quarterly]
	// ISP Proxy US [monthly quarterly]
	// Standart Residential Proxy  [lifetime]
	// Premium Residential Proxy  [lifetime]
	// Unmetered Residential proxy  [monthly]
}

func ExampleClient_AvailableCounts() {
	client, fake := exampleClient()
	defer fake.Close()
	fake.SetStock("ISP Proxy", "US", 7)
	counts, err := client.AvailableCounts(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range counts {
		if c.Product == facade.ProductISP {
			fmt.Println(c.Product, c.Country, c.Amount)
		}
	}
	// Output:
	// ISP Proxy DE 100
	// ISP Proxy NL 50
	// ISP Proxy US 7
}

func ExampleClient_Quote() {
	client, fake := exampleClient()
	defer fake.Close()
	// Quote and Purchase take the same value: check the price, then buy
	// exactly what was quoted.
	order := facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: 10, PromoCode: "SAVE10"}
	quote, err := client.Quote(context.Background(), order)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(quote.Final, "instead of", quote.Original, "-", quote.DiscountPercent, "%")
	// Output: $13.50 instead of $15.00 - 10 %
}

func ExampleClient_GetOrder() {
	client, fake := exampleClient()
	defer fake.Close()
	id := buyDatacenter(client, 3)
	order, err := client.GetOrder(context.Background(), id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(order.ID, order.Product, order.Quantity, order.Status, order.PricePaid, order.ExpiresAt)
	// Output: 1 Datacenter Proxy 3 active $4.50 2026-02-01T00:00:00Z
}

func ExampleClient_OrdersPage() {
	client, fake := exampleClient()
	defer fake.Close()
	for range 3 {
		buyDatacenter(client, 1)
	}
	// One page at a time, for a paged view; Orders follows the pages itself.
	page, err := client.OrdersPage(context.Background(), facade.StatusAll, 0, 2)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(page.Orders), "orders on the page, next:", page.Next)
	// Output: 2 orders on the page, next: /user/api/orders?status=all&offset=2&limit=2
}

func ExampleClient_Renew() {
	client, fake := exampleClient()
	defer fake.Close()
	ctx := context.Background()
	id := buyDatacenter(client, 1)
	fake.Advance(31 * 24 * time.Hour) // the month is over: the order is on hold
	// A renewal charges the wallet; like a purchase it is never resent once
	// it may have reached the server.
	if err := client.Renew(ctx, id); err != nil {
		log.Fatal(err)
	}
	order, err := client.GetOrder(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(order.Status, "until", order.ExpiresAt)
	// Output: active until 2026-03-01T00:00:00Z
}

func ExampleClient_SetTag() {
	client, fake := exampleClient()
	defer fake.Close()
	ctx := context.Background()
	id := buyDatacenter(client, 1)
	if err := client.SetTag(ctx, id, "scraper-eu"); err != nil {
		log.Fatal(err)
	}
	order, err := client.GetOrder(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(order.Tag)
	// Output: scraper-eu
}

func ExampleClient_SetAutoRenewal() {
	client, fake := exampleClient()
	defer fake.Close()
	ctx := context.Background()
	id := buyDatacenter(client, 1)
	if err := client.SetAutoRenewal(ctx, id, true); err != nil {
		log.Fatal(err)
	}
	order, err := client.GetOrder(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("auto-renewal:", order.AutoRenewal)
	// Output: auto-renewal: true
}

func ExampleClient_ChangeBillingCycle() {
	client, fake := exampleClient()
	defer fake.Close()
	id := buyDatacenter(client, 2)
	change, err := client.ChangeBillingCycle(context.Background(), id, "quarterly")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(change.OrderID, change.Price.Final, change.Message)
	// Output: 1 $8.40 Billing cycle changed
}

func ExampleClient_QuoteAddon() {
	client, fake := exampleClient()
	defer fake.Close()
	id := buyDatacenter(client, 2)
	quote, err := client.QuoteAddon(context.Background(), id, facade.AddonP0FSlots, 2)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(quote.AddQty, "slots at", quote.PricePerUnit, "each:", quote.Total)
	// Output: 2 slots at $2.00 each: $4.00
}

func ExampleClient_BuyAddon() {
	client, fake := exampleClient()
	defer fake.Close()
	id := buyDatacenter(client, 2)
	res, err := client.BuyAddon(context.Background(), id, facade.AddonP0FSlots, 2)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Addons[0].Key, res.Addons[0].Qty, "paid so far:", res.AddonsPricePaid)
	// Output: p0f_slots 2 paid so far: $4.00
}

func ExampleClient_ScheduleAddonDowngrade() {
	client, fake := exampleClient()
	defer fake.Close()
	ctx := context.Background()
	id := buyDatacenter(client, 2)
	if _, err := client.BuyAddon(ctx, id, facade.AddonP0FSlots, 2); err != nil {
		log.Fatal(err)
	}
	// From the next renewal on, one slot instead of two.
	res, err := client.ScheduleAddonDowngrade(ctx, id, facade.AddonP0FSlots, 1)
	if err != nil {
		log.Fatal(err)
	}
	line := res.Addons[0]
	fmt.Println(line.Qty, "now,", line.Pending.Action, "to", line.Pending.NextQty)
	// Output: 2 now, downgrade to 1
}

func ExampleClient_CancelAddonDowngrade() {
	client, fake := exampleClient()
	defer fake.Close()
	ctx := context.Background()
	id := buyDatacenter(client, 2)
	if _, err := client.BuyAddon(ctx, id, facade.AddonP0FSlots, 2); err != nil {
		log.Fatal(err)
	}
	if _, err := client.ScheduleAddonDowngrade(ctx, id, facade.AddonP0FSlots, 1); err != nil {
		log.Fatal(err)
	}
	res, err := client.CancelAddonDowngrade(ctx, id, facade.AddonP0FSlots)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Addons[0].Qty, "slots, pending change:", res.Addons[0].Pending != nil)
	// Output: 2 slots, pending change: false
}

// RemoveProxies marks IPs not to be renewed (del-np); KeepProxies takes
// the mark back.
func ExampleClient_RemoveProxies() {
	client, fake := exampleClient()
	defer fake.Close()
	ctx := context.Background()
	id := buyDatacenter(client, 2)
	proxies, err := client.ActiveProxies(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	addr, err := proxies[0].Addr()
	if err != nil {
		log.Fatal(err)
	}
	if err := client.RemoveProxies(ctx, id, addr); err != nil {
		log.Fatal(err)
	}
	fmt.Println("not renewed:", addr)
	// Output: not renewed: 10.0.0.1
}

func ExampleClient_KeepProxies() {
	client, fake := exampleClient()
	defer fake.Close()
	ctx := context.Background()
	id := buyDatacenter(client, 2) // an order keeps at least one IP
	addr := netip.MustParseAddr("10.0.0.1")
	if err := client.RemoveProxies(ctx, id, addr); err != nil {
		log.Fatal(err)
	}
	if err := client.KeepProxies(ctx, id, addr); err != nil {
		log.Fatal(err)
	}
	fmt.Println("renewed again:", addr)
	// Output: renewed again: 10.0.0.1
}

func ExampleClient_Snapshot() {
	client, fake := exampleClient()
	defer fake.Close()
	buyDatacenter(client, 1)
	// Taken before a purchase, it lets Settle tell later whether a purchase
	// whose answer was lost went through.
	snap, err := client.Snapshot(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("highest order", snap.MaxOrderID, "wallet", snap.Balance)
	// Output: highest order 1 wallet $998.50
}

// Raw is the generated client with the same credentials, base URL and
// transport, for what the facade does not wrap.
func ExampleClient_Raw() {
	client, fake := exampleClient()
	defer fake.Close()
	resp, err := client.Raw().GetMeWithResponse(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode(), resp.JSON200.Email)
	// Output: 200 user@example.com
}

func ExampleClient_CloseIdleConnections() {
	client, fake := exampleClient()
	defer fake.Close()
	if _, err := client.Me(context.Background()); err != nil {
		log.Fatal(err)
	}
	// Done with the client: its kept-alive connections (and their
	// goroutines) go now rather than when they time out.
	client.CloseIdleConnections()
	fmt.Println("closed")
	// Output: closed
}

func ExampleClient_BaseURL() {
	client, err := facade.New("token")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(client.BaseURL())
	// Output: https://user-api.proxyshard.com
}

// A Client prints, formats and logs as its base URL alone: the token never
// shows (String, GoString and LogValue).
func ExampleClient_String() {
	client, err := facade.New("secret-token", facade.WithBaseURL("https://user-api.proxyshard.com"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(client)
	fmt.Printf("%#v\n", client)
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	logger.Info("calling", "client", client)
	// Output:
	// facade.Client{https://user-api.proxyshard.com}
	// facade.Client{https://user-api.proxyshard.com}
	// level=INFO msg=calling client=facade.Client{https://user-api.proxyshard.com}
}
