package facadetest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

func ExampleNewServer() {
	// In a test, facadetest.WithT(t) also closes it on t.Cleanup and fails
	// the test if one of the fake's own answers breaks the spec.
	fake := facadetest.NewServer(facadetest.WithBalance(5000))
	defer fake.Close()
	client, err := facade.New(fake.Token, facade.WithBaseURL(fake.URL))
	if err != nil {
		log.Fatal(err)
	}
	bought, err := client.Purchase(context.Background(), facade.Datacenter{Location: "US", Cycle: "monthly", Quantity: 4})
	if err != nil {
		log.Fatal(err)
	}
	order, _ := fake.Order(bought.OrderID)
	fmt.Println(order.Product, order.Quantity, order.Status, "wallet left:", fake.Balance(fake.Token))
	// Output: Datacenter Proxy 4 active wallet left: 4400
}

// A purchase that happens on the server whose answer is lost: the client
// reports an unknown outcome and does not buy again.
func ExampleServer_InjectFault() {
	fake := facadetest.NewServer()
	defer fake.Close()
	client, err := facade.New(fake.Token, facade.WithBaseURL(fake.URL))
	if err != nil {
		log.Fatal(err)
	}
	fake.InjectFault("purchaseOrder", facadetest.Fault{DropAfterApply: true})

	_, err = client.Purchase(context.Background(), facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: 1})
	fmt.Println(errors.Is(err, facade.ErrOutcomeUnknown))
	fmt.Println("sent", fake.Requests("purchaseOrder"), "time(s); orders on the server:", len(fake.Orders(fake.Token)))
	// Output:
	// true
	// sent 1 time(s); orders on the server: 1
}

// The fake's clock moves only when the test moves it: an order whose
// period ended goes on hold.
func ExampleServer_Advance() {
	fake := facadetest.NewServer(facadetest.WithClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)))
	defer fake.Close()
	client, err := facade.New(fake.Token, facade.WithBaseURL(fake.URL))
	if err != nil {
		log.Fatal(err)
	}
	bought, err := client.Purchase(context.Background(), facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: 1})
	if err != nil {
		log.Fatal(err)
	}
	fake.Advance(31 * 24 * time.Hour)
	order, _ := fake.Order(bought.OrderID)
	fmt.Println(fake.Now().Format(time.DateOnly), order.Status)
	// Output: 2026-02-01 on-hold
}

// Which operations and statuses a test run exercised.
func ExampleServer_Coverage() {
	fake := facadetest.NewServer()
	defer fake.Close()
	client, err := facade.New(fake.Token, facade.WithBaseURL(fake.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	if _, err := client.Me(ctx); err != nil {
		log.Fatal(err)
	}
	_, err = client.GetOrder(ctx, 42)
	fmt.Println(errors.Is(err, facade.ErrNotFound))
	fmt.Println(fake.Coverage()["getOrder"])
	// Output:
	// true
	// map[404:1]
}
