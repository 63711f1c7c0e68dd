package facade_test

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

func ExampleClient_CreateSubUser() {
	client, fake := exampleClient()
	defer fake.Close()
	ctx := context.Background()

	// Traffic is bought in GB ...
	if _, err := client.Purchase(ctx, facade.ResidentialStandard{Quantity: 5}); err != nil {
		log.Fatal(err)
	}
	// ... and a sub-user gets a share of it, with a password of its own.
	sub, err := client.CreateSubUser(ctx, facade.ProxyTypeStandard, "crawler", 2)
	if err != nil {
		log.Fatal(err)
	}
	// The owner's traffic is reported in bytes, without the sub-user's share.
	owner, err := client.TrafficProfile(ctx, facade.ProxyTypeStandard)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(sub.Name, "got its share; the owner has", owner.Remaining, "bytes left")

	gateway, err := sub.Gateway()
	if err != nil {
		log.Fatal(err)
	}
	gateway.Country = "US"
	sessions, err := gateway.Sessions(3)
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range sessions {
		fmt.Println(strings.TrimSuffix(s.Login, s.SessionID), s.Host, s.Port)
	}
	// Output:
	// crawler got its share; the owner has 3000000000 bytes left
	// plan-limited-country-us-sid- resident.proxyshard.com 8080
	// plan-limited-country-us-sid- resident.proxyshard.com 8080
	// plan-limited-country-us-sid- resident.proxyshard.com 8080
}

func ExampleClient_ISPs() {
	client, fake := exampleClient()
	defer fake.Close()
	ctx := context.Background()
	// ISP targeting is Premium's alone, and needs Premium traffic.
	if _, err := client.Purchase(ctx, facade.ResidentialPremium{Quantity: 1}); err != nil {
		log.Fatal(err)
	}
	// Each level's codes are what the next level takes.
	regions, err := client.Regions(ctx, facade.ProxyTypePremium, "NL")
	if err != nil {
		log.Fatal(err)
	}
	cities, err := client.Cities(ctx, facade.ProxyTypePremium, "NL", regions[0].Code)
	if err != nil {
		log.Fatal(err)
	}
	isps, err := client.ISPs(ctx, "NL", regions[0].Code, cities[0].Code)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(regions[0].Name, "/", cities[0].Name)
	for _, isp := range isps {
		fmt.Println(isp.Code, isp.Name)
	}
	// Output:
	// North Holland / Amsterdam
	// kpn KPN
	// ziggo Ziggo
}

func ExampleClient_Health() {
	client, fake := exampleClient()
	defer fake.Close()
	// No token is sent: the probes are public.
	fmt.Println(client.Health(context.Background()))
	// Output: <nil>
}

// A liveness probe that answers at once: one attempt, no retries, so a
// server that is down is reported as such without waiting for backoff.
func ExampleClient_Live() {
	fake := facadetest.NewServer()
	probe, err := facade.New(fake.Token, facade.WithBaseURL(fake.URL), facade.WithRetry(facade.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("up:", probe.Live(context.Background()) == nil)
	fake.Close()
	fmt.Println("up:", probe.Live(context.Background()) == nil)
	// Output:
	// up: true
	// up: false
}
