package facade_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

func ExampleAPIError() {
	client, fake := exampleClient()
	defer fake.Close()

	_, err := client.GetOrder(context.Background(), 999)
	// The sentinels cover the statuses a caller acts on ...
	fmt.Println(errors.Is(err, facade.ErrNotFound))
	// ... and errors.As gives everything the server said.
	var apiErr *facade.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Operation, apiErr.StatusCode, apiErr.Message)
	}
	fmt.Println(err)
	// Output:
	// true
	// getOrder 404 Order not found
	// proxyshard: getOrder: 404 Not Found: Order not found
}

func ExampleValidationError() {
	client, fake := exampleClient()
	defer fake.Close()

	// Refused before anything is sent.
	_, err := client.Purchase(context.Background(), facade.Datacenter{Location: "DE", Cycle: facade.CycleMonthly, Quantity: 0})
	fmt.Println(errors.Is(err, facade.ErrValidation))
	var invalid *facade.ValidationError
	if errors.As(err, &invalid) {
		fmt.Println(invalid.Field)
	}
	fmt.Println(err)
	// Output:
	// true
	// quantity
	// proxyshard: invalid quantity: must be at least 1, got 0
}

func ExampleOutcomeUnknownError() {
	client, fake := exampleClient()
	defer fake.Close()
	fake.InjectFault("purchaseOrder", facadetest.Fault{DropAfterApply: true}) // bought, answer lost

	_, err := client.Purchase(context.Background(), facade.Datacenter{Location: "DE", Cycle: facade.CycleMonthly, Quantity: 1})
	// The purchase may have happened: do not buy again before Settle says so.
	fmt.Println(errors.Is(err, facade.ErrOutcomeUnknown))
	var unknown *facade.OutcomeUnknownError
	if errors.As(err, &unknown) {
		fmt.Println(unknown.Operation, unknown.Method, unknown.Path)
		fmt.Println(errors.Unwrap(unknown) != nil) // what went wrong on the wire
	}
	// Output:
	// true
	// purchaseOrder POST /user/api/orders/purchase
	// true
}

func ExampleOffOriginError() {
	client, fake := exampleClient()
	defer fake.Close()

	// A request built through Raw and pointed elsewhere is refused before
	// it is sent, so the token does not leave for that host.
	elsewhere := func(_ context.Context, req *http.Request) error {
		req.URL.Scheme, req.URL.Host = "https", "example.com"
		return nil
	}
	_, err := client.Raw().GetMeWithResponse(context.Background(), elsewhere)
	fmt.Println(errors.Is(err, facade.ErrOffOrigin))
	var off *facade.OffOriginError
	if errors.As(err, &off) {
		fmt.Println(off.Target)
	}
	// Output:
	// true
	// https://example.com
}
