package facade_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

// exampleProxy is a proxy as ActiveProxies returns it.
var exampleProxy = facade.Proxy{IP: "203.0.113.7", HTTPPort: 8080, SOCKSPort: 1080, Username: "ps1", Password: "p@ss:word"}

func ExampleProxy_Addr() {
	addr, err := exampleProxy.Addr()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(addr, addr.Is4())
	// Output: 203.0.113.7 true
}

func ExampleProxy_HTTPURL() {
	// The credentials are escaped, so the URL parses back to them.
	u := exampleProxy.HTTPURL()
	pass, _ := u.User.Password()
	fmt.Println(u.Redacted())
	fmt.Println(pass)
	// Output:
	// http://ps1:xxxxx@203.0.113.7:8080
	// p@ss:word
}

func ExampleProxy_SOCKS5URL() {
	fmt.Println(exampleProxy.SOCKS5URL().Redacted())
	// Output: socks5://ps1:xxxxx@203.0.113.7:1080
}

func ExampleProxy_IPPortUserPass() {
	fmt.Println(exampleProxy.IPPortUserPass())
	// Output: 203.0.113.7:8080:ps1:p@ss:word
}

func ExampleProxy_UserPassAtIPPort() {
	fmt.Println(exampleProxy.UserPassAtIPPort())
	// Output: ps1:p@ss:word@203.0.113.7:8080
}

// exampleEndpoint is a sticky session as Gateway.Endpoint returns it.
func exampleEndpoint(socks5Port int) facade.GatewayEndpoint {
	g := facade.Gateway{Plan: facade.GatewayPlanPremium, Country: "US", Password: "secret", SOCKS5Port: socks5Port}
	e, err := g.Endpoint("shop1")
	if err != nil {
		log.Fatal(err)
	}
	return e
}

func ExampleGatewayEndpoint_ConnectionString() {
	fmt.Println(exampleEndpoint(0).ConnectionString())
	// Output: resident.proxyshard.com:8080:plan-premium-country-us-sid-shop1:secret
}

func ExampleGatewayEndpoint_HTTPURL() {
	fmt.Println(exampleEndpoint(0).HTTPURL())
	// Output: http://plan-premium-country-us-sid-shop1:secret@resident.proxyshard.com:8080
}

func ExampleGatewayEndpoint_SOCKS5URL() {
	// ProxyShard publishes no SOCKS5 port: without one there is no URL.
	_, err := exampleEndpoint(0).SOCKS5URL()
	fmt.Println(errors.Is(err, facade.ErrValidation))

	u, err := exampleEndpoint(1080).SOCKS5URL() // the port the dashboard shows
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.Redacted())
	// Output:
	// true
	// socks5://plan-premium-country-us-sid-shop1:xxxxx@resident.proxyshard.com:1080
}

func ExampleCents_String() {
	fmt.Println(facade.Cents(1234), facade.Cents(5), facade.Cents(-5))
	// Output: $12.34 $0.05 -$0.05
}

func ExampleCents_Dollars() {
	dollars, cents := facade.Cents(1234).Dollars()
	fmt.Printf("%d dollars and %d cents\n", dollars, cents)
	// Output: 12 dollars and 34 cents
}

func ExampleDatacenter_Product() {
	fmt.Println(facade.Datacenter{Location: "DE", Cycle: facade.CycleMonthly, Quantity: 1}.Product())
	// Output: Datacenter Proxy
}

func ExampleISP_Product() {
	fmt.Println(facade.ISP{Location: "US", Cycle: facade.CycleMonthly, Quantity: 1}.Product())
	// Output: ISP Proxy
}

func ExampleResidentialStandard_Product() {
	fmt.Println(facade.ResidentialStandard{Quantity: 5}.Product())
	// Output: Standart Residential Proxy
}

func ExampleResidentialPremium_Product() {
	fmt.Println(facade.ResidentialPremium{Quantity: 5}.Product())
	// Output: Premium Residential Proxy
}

func ExampleResidentialUnmetered_Product() {
	fmt.Println(facade.ResidentialUnmetered{}.Product())
	// Output: Unmetered Residential proxy
}

func ExampleOtherProduct_Product() {
	spec := facade.OtherProduct{Name: "Mobile Proxy", Cycle: facade.CycleMonthly, Quantity: 1}
	fmt.Println(spec.Product(), spec.Product().Known())
	// Output: Mobile Proxy false
}

func ExampleProxyType_Documented() {
	for _, t := range []facade.ProxyType{facade.ProxyTypeStandard, facade.ProxyTypePremium, facade.ProxyTypeUnlimited} {
		fmt.Println(t, t.Documented())
	}
	// Output:
	// standart true
	// premium true
	// unlimited false
}

func ExampleProxyType_GatewayPlan() {
	plan, err := facade.ProxyTypePremium.GatewayPlan()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(plan)
	_, err = facade.ProxyType("mobile").GatewayPlan()
	fmt.Println(errors.Is(err, facade.ErrValidation))
	// Output:
	// premium
	// true
}

func ExampleAddonKey_Known() {
	fmt.Println(facade.AddonP0FSlots.Known(), facade.AddonKey("ipv6").Known())
	// Output: true false
}

func ExampleOS_Valid() {
	fmt.Println(facade.OSWin11.Valid(), facade.OS("windows").Valid())
	// Output: true false
}

func ExampleSettlement_String() {
	client, fake := exampleClient()
	defer fake.Close()
	ctx := context.Background()
	fake.InjectFault("purchaseOrder", facadetest.Fault{DropBeforeApply: true}) // lost before it was applied

	before, err := client.Snapshot(ctx)
	if err != nil {
		log.Fatal(err)
	}
	_, err = client.Purchase(ctx, facade.Datacenter{Location: "DE", Cycle: facade.CycleMonthly, Quantity: 1})
	s, err := client.Settle(ctx, before, err, facade.SettleGrace(0))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s)
	fmt.Println(s.Verdict == facade.NotBought, s.BalanceBefore, s.BalanceAfter)
	// Output:
	// not bought
	// true $1000.00 $1000.00
}

func ExampleSubUser_Gateway() {
	client, fake := exampleClient()
	defer fake.Close()
	standardTraffic(client, 5)
	sub := newSubUser(client, "crawler", 2)

	gateway, err := sub.Gateway()
	if err != nil {
		log.Fatal(err)
	}
	gateway.Country = "DE"
	e, err := gateway.Endpoint("job42")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(e.Login, e.Password == sub.ProxyPassword)
	// Output: plan-limited-country-de-sid-job42 true
}

func ExampleTrafficProfile_Gateway() {
	// The owner's Premium traffic, as client.TrafficProfile returns it.
	profile := facade.TrafficProfile{ProxyType: facade.ProxyTypePremium, ProxyPassword: "owner-secret"}

	gateway, err := profile.Gateway()
	if err != nil {
		log.Fatal(err)
	}
	gateway.Host = facade.GatewayResidentEU
	e, err := gateway.Endpoint("job42")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(e.ConnectionString())
	// Output: resident.eu.proxyshard.com:8080:plan-premium-country-any-sid-job42:owner-secret
}

func ExampleTimestamp_String() {
	parsed := facade.Timestamp{Time: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), Raw: "2026-02-01"}
	unknown := facade.Timestamp{Raw: "next Tuesday"} // a layout the package does not read
	fmt.Println(parsed)
	fmt.Println(unknown)
	// Output:
	// 2026-02-01T00:00:00Z
	// next Tuesday
}

func ExampleTimestamp_IsZero() {
	var never facade.Timestamp // the API sent no time
	unknown := facade.Timestamp{Raw: "next Tuesday"}
	fmt.Println(never.IsZero(), unknown.IsZero(), unknown.Raw != "")
	// Output: true true true
}
