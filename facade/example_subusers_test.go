package facade_test

import (
	"context"
	"fmt"
	"log"

	"github.com/proxyshard/proxyshard-go/facade"
)

// standardTraffic buys gb GB of Standard Residential traffic on the
// example's fake and returns the order.
func standardTraffic(client *facade.Client, gb int) int {
	bought, err := client.Purchase(context.Background(), facade.ResidentialStandard{Quantity: gb})
	if err != nil {
		log.Fatal(err)
	}
	return bought.OrderID
}

// newSubUser creates a Standard sub-user with gb GB of the owner's traffic.
func newSubUser(client *facade.Client, name string, gb facade.GB) *facade.SubUser {
	sub, err := client.CreateSubUser(context.Background(), facade.ProxyTypeStandard, name, gb)
	if err != nil {
		log.Fatal(err)
	}
	return sub
}

func ExampleClient_TrafficProfile() {
	client, fake := exampleClient()
	defer fake.Close()
	standardTraffic(client, 5)

	profile, err := client.TrafficProfile(context.Background(), facade.ProxyTypeStandard)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(profile.ProxyType, "bytes:", profile.Data, "bought,", profile.Spent, "spent,", profile.Remaining, "left")
	// Output: standart bytes: 5000000000 bought, 0 spent, 5000000000 left
}

func ExampleClient_AddBandwidth() {
	client, fake := exampleClient()
	defer fake.Close()
	ctx := context.Background()
	order := standardTraffic(client, 5)

	// Money moves: sent once, never resent after it may have reached the server.
	if err := client.AddBandwidth(ctx, order, 3, ""); err != nil {
		log.Fatal(err)
	}
	profile, err := client.TrafficProfile(ctx, facade.ProxyTypeStandard)
	if err != nil {
		log.Fatal(err)
	}
	me, err := client.Me(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(profile.Data, "bytes; wallet", me.Balance)
	// Output: 8000000000 bytes; wallet $972.00
}

func ExampleClient_AddSubUserTraffic() {
	client, fake := exampleClient()
	defer fake.Close()
	ctx := context.Background()
	standardTraffic(client, 5)
	sub := newSubUser(client, "crawler", 1)

	// Moved from the owner's traffic to the sub-user's.
	if err := client.AddSubUserTraffic(ctx, facade.ProxyTypeStandard, sub.ID, 2); err != nil {
		log.Fatal(err)
	}
	after, err := client.SubUser(ctx, facade.ProxyTypeStandard, sub.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(sub.Data, "->", after.Data)
	// Output: 1000000000 -> 3000000000
}

func ExampleClient_TakeSubUserTraffic() {
	client, fake := exampleClient()
	defer fake.Close()
	ctx := context.Background()
	standardTraffic(client, 5)
	sub := newSubUser(client, "crawler", 3)

	// Moved back from the sub-user to the owner.
	if err := client.TakeSubUserTraffic(ctx, facade.ProxyTypeStandard, sub.ID, 2); err != nil {
		log.Fatal(err)
	}
	after, err := client.SubUser(ctx, facade.ProxyTypeStandard, sub.ID)
	if err != nil {
		log.Fatal(err)
	}
	owner, err := client.TrafficProfile(ctx, facade.ProxyTypeStandard)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d -> %d; the owner has %d bytes left\n", sub.Data, after.Data, owner.Remaining)
	// Output: 3000000000 -> 1000000000; the owner has 4000000000 bytes left
}

func ExampleClient_SubUser() {
	client, fake := exampleClient()
	defer fake.Close()
	standardTraffic(client, 5)
	created := newSubUser(client, "crawler", 2)

	sub, err := client.SubUser(context.Background(), facade.ProxyTypeStandard, created.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(sub.Name, sub.ProxyType, sub.Data, sub.Spent, sub.ProxyPassword == created.ProxyPassword)
	// Output: crawler standart 2000000000 0 true
}

func ExampleClient_SubUsers() {
	client, fake := exampleClient()
	defer fake.Close()
	standardTraffic(client, 5)
	for _, name := range []string{"crawler", "monitor", "backup"} {
		newSubUser(client, name, 1)
	}

	// Pages are fetched as the loop goes; breaking off stops them.
	for sub, err := range client.SubUsers(context.Background(), facade.ProxyTypeStandard) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(sub.Name, sub.Data, *sub.Remaining)
	}
	// Output:
	// crawler 1000000000 1000000000
	// monitor 1000000000 1000000000
	// backup 1000000000 1000000000
}

func ExampleClient_SubUsersPage() {
	client, fake := exampleClient()
	defer fake.Close()
	standardTraffic(client, 5)
	for _, name := range []string{"crawler", "monitor", "backup"} {
		newSubUser(client, name, 1)
	}

	page, err := client.SubUsersPage(context.Background(), facade.ProxyTypeStandard, 1, 1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(page.SubUsers), "of", page.Total, "from offset 1:", page.SubUsers[0].Name)
	// Output: 1 of 3 from offset 1: monitor
}

func ExampleClient_RenameSubUser() {
	client, fake := exampleClient()
	defer fake.Close()
	ctx := context.Background()
	standardTraffic(client, 5)
	sub := newSubUser(client, "crawler", 1)

	if err := client.RenameSubUser(ctx, facade.ProxyTypeStandard, sub.ID, "crawler-eu"); err != nil {
		log.Fatal(err)
	}
	renamed, err := client.SubUser(ctx, facade.ProxyTypeStandard, sub.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(sub.Name, "->", renamed.Name)
	// Output: crawler -> crawler-eu
}

func ExampleClient_ResetSubUserPassword() {
	client, fake := exampleClient()
	defer fake.Close()
	ctx := context.Background()
	standardTraffic(client, 5)
	sub := newSubUser(client, "crawler", 1)

	// Gateway logins with the old password stop working.
	if err := client.ResetSubUserPassword(ctx, facade.ProxyTypeStandard, sub.ID); err != nil {
		log.Fatal(err)
	}
	after, err := client.SubUser(ctx, facade.ProxyTypeStandard, sub.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("new password:", after.ProxyPassword != sub.ProxyPassword)
	// Output: new password: true
}

func ExampleClient_DeleteSubUser() {
	client, fake := exampleClient()
	defer fake.Close()
	ctx := context.Background()
	standardTraffic(client, 5)
	sub := newSubUser(client, "crawler", 2)

	// What the sub-user had not spent goes back to the owner.
	if err := client.DeleteSubUser(ctx, sub.ID); err != nil {
		log.Fatal(err)
	}
	owner, err := client.TrafficProfile(ctx, facade.ProxyTypeStandard)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("the owner has", owner.Remaining, "bytes left")
	// Output: the owner has 5000000000 bytes left
}
