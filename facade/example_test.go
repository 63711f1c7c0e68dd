package facade_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/netip"
	"time"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

// The examples run against the in-process fake of the API; with a real
// account, pass your token and leave out WithBaseURL.
func exampleClient() (*facade.Client, *facadetest.Server) {
	fake := facadetest.NewServer(facadetest.WithClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)))
	client, err := facade.New(fake.Token, facade.WithBaseURL(fake.URL))
	if err != nil {
		log.Fatal(err)
	}
	return client, fake
}

func ExampleNew() {
	fake := facadetest.NewServer()
	defer fake.Close()

	// facade.New(os.Getenv("PROXYSHARD_TOKEN")) talks to ProxyShard itself.
	client, err := facade.New(fake.Token,
		facade.WithBaseURL(fake.URL),
		facade.WithRetry(facade.RetryPolicy{MaxAttempts: 5}),
		facade.WithAttemptTimeout(10*time.Second),
	)
	if err != nil {
		log.Fatal(err)
	}
	me, err := client.Me(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(me.Email, "has", me.Balance)
	// Output: user@example.com has $1000.00
}

func ExampleNew_plainHTTPIsRefused() {
	_, err := facade.New("my-token", facade.WithBaseURL("http://user-api.proxyshard.com"))
	fmt.Println(errors.Is(err, facade.ErrValidation))
	// Output: true
}

func ExampleClient_Orders() {
	client, fake := exampleClient()
	defer fake.Close()
	ctx := context.Background()
	for range 3 {
		if _, err := client.Purchase(ctx, facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: 1}); err != nil {
			log.Fatal(err)
		}
	}

	// Pages of 100 are fetched as the loop goes; break stops fetching.
	for order, err := range client.Orders(ctx, facade.StatusActive) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(order.ID, order.Product, order.Cycle, "until", order.ExpiresAt)
	}
	// Output:
	// 1 Datacenter Proxy monthly until 2026-02-01T00:00:00Z
	// 2 Datacenter Proxy monthly until 2026-02-01T00:00:00Z
	// 3 Datacenter Proxy monthly until 2026-02-01T00:00:00Z
}

// quoteAndBuy is the pattern every purchase example shows: quote a value,
// then buy that same value.
func quoteAndBuy(client *facade.Client, spec facade.PurchaseSpec) {
	ctx := context.Background()
	quote, err := client.Quote(ctx, spec)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %s (%s before a %d%% discount)\n", spec.Product(), quote.Final, quote.Original, quote.DiscountPercent)
	bought, err := client.Purchase(ctx, spec)
	switch {
	case errors.Is(err, facade.ErrOutcomeUnknown):
		// Sent, answer lost: list the orders before buying again.
		log.Fatal(err)
	case err != nil:
		log.Fatal(err)
	}
	fmt.Println("order", bought.OrderID, bought.Message)
}

func ExampleClient_Purchase_datacenter() {
	client, fake := exampleClient()
	defer fake.Close()
	quoteAndBuy(client, facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: 10, PromoCode: "SAVE10", AutoRenewal: true})
	// Output:
	// Datacenter Proxy: $13.50 ($15.00 before a 10% discount)
	// order 1 Order paid successfully
}

func ExampleClient_Purchase_isp() {
	client, fake := exampleClient()
	defer fake.Close()
	quoteAndBuy(client, facade.ISP{Location: "US", Cycle: "quarterly", Quantity: 2})
	// Output:
	// ISP Proxy: $16.80 ($16.80 before a 0% discount)
	// order 1 Order paid successfully
}

func ExampleClient_Purchase_residentialStandard() {
	client, fake := exampleClient()
	defer fake.Close()
	quoteAndBuy(client, facade.ResidentialStandard{Quantity: 5})
	// Output:
	// Standart Residential Proxy: $17.50 ($17.50 before a 0% discount)
	// order 1 Order paid successfully
}

func ExampleClient_Purchase_residentialPremium() {
	client, fake := exampleClient()
	defer fake.Close()
	quoteAndBuy(client, facade.ResidentialPremium{Quantity: 3, PromoCode: "SAVE10"})
	// Output:
	// Premium Residential Proxy: $18.90 ($21.00 before a 10% discount)
	// order 1 Order paid successfully
}

func ExampleClient_Purchase_residentialUnmetered() {
	client, fake := exampleClient()
	defer fake.Close()
	quoteAndBuy(client, facade.ResidentialUnmetered{Cycle: "monthly", AutoRenewal: true})
	// Output:
	// Unmetered Residential proxy: $99.00 ($99.00 before a 0% discount)
	// order 1 Order paid successfully
}

func ExampleClient_SetSignatures() {
	client, fake := exampleClient()
	defer fake.Close()
	ctx := context.Background()
	bought, err := client.Purchase(ctx, facade.Datacenter{Location: "NL", Cycle: "monthly", Quantity: 2})
	if err != nil {
		log.Fatal(err)
	}
	// Each signed IP takes a p0f slot; buy the slots first.
	if _, err := client.BuyAddon(ctx, bought.OrderID, facade.AddonP0FSlots, 2); err != nil {
		log.Fatal(err)
	}
	proxies, err := client.ActiveProxies(ctx, bought.OrderID)
	if err != nil {
		log.Fatal(err)
	}
	signatures := map[netip.Addr]facade.OS{}
	for i, p := range proxies {
		addr, err := p.Addr()
		if err != nil {
			log.Fatal(err)
		}
		signatures[addr] = []facade.OS{facade.OSWin11, facade.OSMacOS}[i]
	}
	updated, err := client.SetSignatures(ctx, bought.OrderID, signatures)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("signed", updated, "IPs")

	_, err = client.SetSignatures(ctx, bought.OrderID, map[netip.Addr]facade.OS{netip.MustParseAddr("10.0.0.1"): "beos"})
	fmt.Println(err)
	// Output:
	// signed 2 IPs
	// proxyshard: invalid signatures[10.0.0.1]: "beos" is not one of ios, macos, android, linux, win10, win11
}

func ExampleClient_ActiveProxies() {
	client, fake := exampleClient()
	defer fake.Close()
	ctx := context.Background()
	bought, err := client.Purchase(ctx, facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: 1})
	if err != nil {
		log.Fatal(err)
	}
	proxies, err := client.ActiveProxies(ctx, bought.OrderID)
	if err != nil {
		log.Fatal(err)
	}
	p := proxies[0]

	// The proxy plugs straight into an http.Transport.
	transport := &http.Transport{Proxy: http.ProxyURL(p.HTTPURL())}
	httpClient := &http.Client{Transport: transport}
	_ = httpClient // httpClient.Get("https://example.com") goes through the proxy

	req, _ := http.NewRequest(http.MethodGet, "https://example.com", nil)
	via, _ := transport.Proxy(req)
	fmt.Println(via.Redacted())
	fmt.Println(p.SOCKS5URL().Redacted())
	fmt.Println("expires", p.Until)
	// Output:
	// http://ps1:xxxxx@10.0.0.1:8080
	// socks5://ps1:xxxxx@10.0.0.1:1080
	// expires 2026-02-01T00:00:00Z
}

func ExampleOtherProduct() {
	client, fake := exampleClient()
	defer fake.Close()
	// A product name the API added after this package was written. The
	// fake, like this package, does not know it, so the server refuses it.
	spec := facade.OtherProduct{Name: "Mobile Proxy", Cycle: "monthly", Quantity: 1}
	_, err := client.Quote(context.Background(), spec)
	var apiErr *facade.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Message)
	}

	// The documented products must use their own types.
	_, err = client.Quote(context.Background(), facade.OtherProduct{Name: facade.ProductISP, Cycle: "monthly"})
	fmt.Println(errors.Is(err, facade.ErrValidation))
	// Output:
	// 400 Unknown product "Mobile Proxy"
	// true
}
