package facade_test

import (
	"fmt"
	"log"
	"net/http"

	"github.com/proxyshard/proxyshard-go/facade"
)

func ExampleGateway_Endpoint() {
	plan, err := facade.GatewayPlanFor(facade.ProductResidentialStandard)
	if err != nil {
		log.Fatal(err)
	}
	g := facade.Gateway{Host: facade.GatewayRelayEU, Plan: plan, Country: "DE", Password: "xxxxxxxxx"}
	e, err := g.Endpoint("aaaaaaaaa")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(e.ConnectionString())
	fmt.Println(e.HTTPURL())
	_, err = e.SOCKS5URL()
	fmt.Println(err)
	// Output:
	// relay-eu.proxyshard.com:8080:plan-limited-country-de-sid-aaaaaaaaa:xxxxxxxxx
	// http://plan-limited-country-de-sid-aaaaaaaaa:xxxxxxxxx@relay-eu.proxyshard.com:8080
	// proxyshard: invalid SOCKS5 port: is not published by ProxyShard: set Gateway.SOCKS5Port to the port your dashboard shows for SOCKS5
}

func ExampleGateway_Sessions() {
	g := facade.Gateway{Plan: facade.GatewayPlanPremium, Country: "US", Password: "secret"}
	sessions, err := g.Sessions(3) // three sticky sessions: three residential IPs
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range sessions {
		client := &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(s.HTTPURL())}}
		_ = client
		fmt.Println(len(s.SessionID), s.Login == "plan-premium-country-us-sid-"+s.SessionID)
	}
	// Output:
	// 12 true
	// 12 true
	// 12 true
}
