package api_test

import (
	"errors"
	"fmt"
	"log"
	"net/http"

	"github.com/proxyshard/proxyshard-go/api"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

// Fail mode (the default): a request that breaks the spec is stopped before
// it is sent, and the error names the operation and the field.
func ExampleValidatingTransport() {
	fake := facadetest.NewServer()
	defer fake.Close()
	httpClient := &http.Client{Transport: api.ValidatingTransport(nil)}

	req, err := http.NewRequest(http.MethodGet, fake.URL+"/user/api/orders?status=all&limit=many", nil)
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+fake.Token)
	_, err = httpClient.Do(req)
	var contract *api.ContractError
	fmt.Println(errors.As(err, &contract), contract.Operation, contract.Side, contract.Field)
	fmt.Println("sent:", fake.TotalRequests())
	// Output:
	// true listOrders request query.limit
	// sent: 0
}

// Report mode: with a Recorder every violation is kept and the call goes
// through, so a test run lists them all at the end.
func ExampleWithRecorder() {
	fake := facadetest.NewServer()
	defer fake.Close()
	rec := &api.Recorder{}
	httpClient := &http.Client{Transport: api.ValidatingTransport(nil, api.WithRecorder(rec))}

	req, err := http.NewRequest(http.MethodGet, fake.URL+"/user/api/orders?status=all&limit=many", nil)
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+fake.Token)
	resp, err := httpClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	_ = resp.Body.Close()
	fmt.Println("status", resp.StatusCode) // the fake validates too
	for _, v := range rec.Violations() {
		fmt.Println(v)
	}
	// Output:
	// status 400
	// api contract: request of listOrders GET /user/api/orders: query.limit: "many" is not an integer
}

// Spec is the effective spec (the published pages merged, with the
// project's overlay): what the client is generated from and what the
// validator and the fake check against.
func ExampleSpec() {
	spec, err := api.Spec()
	if err != nil {
		log.Fatal(err)
	}
	me := spec.Paths.Find("/user/api/me").Get
	fmt.Println(spec.Info.Title)
	fmt.Println(me.OperationID, "answers", len(me.Responses.Map()), "documented statuses")
	// Output:
	// ProxyShard User API Billing
	// getMe answers 6 documented statuses
}

// A Validator checks one request or answer at a time, for a server or a
// proxy of your own.
func ExampleValidator_ValidateRequest() {
	v, err := api.NewValidator()
	if err != nil {
		log.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodGet, "https://api.example/user/api/orders/calculate?product=Datacenter%20Proxy&cycle=monthly", nil)
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer token")
	op, err := v.ValidateRequest(req, nil)
	fmt.Println(op.ID, err)

	req.URL.RawQuery = "cycle=monthly" // no product
	_, err = v.ValidateRequest(req, nil)
	fmt.Println(err)
	// Output:
	// calculateOrderPrice <nil>
	// api contract: request of calculateOrderPrice GET /user/api/orders/calculate: query.product: required parameter is missing
}
