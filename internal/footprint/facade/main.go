// Command facade is the footprint probe for the facade: it reads the wallet
// balance through the client, the job internal/footprint/raw does with
// net/http alone. internal/footprint/measure compares the two.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/proxyshard/proxyshard-go/facade"
)

func main() {
	client, err := facade.New(os.Getenv("PROXYSHARD_TOKEN"), facade.WithBaseURL(os.Getenv("PROXYSHARD_BASE_URL")))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	me, err := client.Me(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(me.Balance)
}
