package facade_test

import (
	"context"
	"fmt"
	"log"

	"github.com/proxyshard/proxyshard-go/facade"
)

func ExampleClient_Countries() {
	client, fake := exampleClient()
	defer fake.Close()
	standardTraffic(client, 1)

	countries, err := client.Countries(context.Background(), facade.ProxyTypeStandard)
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range countries {
		fmt.Println(c.Code, c.Name)
	}
	// Output:
	// DE Germany
	// NL Netherlands
	// US United States
}

func ExampleClient_Regions() {
	client, fake := exampleClient()
	defer fake.Close()
	standardTraffic(client, 1)

	regions, err := client.Regions(context.Background(), facade.ProxyTypeStandard, "US")
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range regions {
		fmt.Println(r.Code, r.Name, r.Country.Code)
	}
	// Output:
	// NY New York US
	// CA California US
}

func ExampleClient_Cities() {
	client, fake := exampleClient()
	defer fake.Close()
	ctx := context.Background()
	standardTraffic(client, 1)

	// A region's code, from Regions, is what Cities takes.
	regions, err := client.Regions(ctx, facade.ProxyTypeStandard, "US")
	if err != nil {
		log.Fatal(err)
	}
	cities, err := client.Cities(ctx, facade.ProxyTypeStandard, "US", regions[0].Code)
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range cities {
		fmt.Println(c.Code, c.Name)
	}
	// Output:
	// new-york New York
	// buffalo Buffalo
}
