package api_test

import (
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"sync/atomic"

	"github.com/proxyshard/proxyshard-go/api"
)

// Fail mode (the default): a request that breaks the spec is stopped before
// it is sent, and the error names the operation and the field.
func ExampleValidatingTransport() {
	var sent atomic.Int64
	server := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { sent.Add(1) }))
	defer server.Close()
	httpClient := &http.Client{Transport: api.ValidatingTransport(nil)}

	req, err := http.NewRequest(http.MethodGet, server.URL+"/user/api/orders?status=all&limit=many", nil)
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer token")
	_, err = httpClient.Do(req)
	var contract *api.ContractError
	fmt.Println(errors.As(err, &contract), contract.Operation, contract.Side, contract.Field)
	fmt.Println("sent:", sent.Load())
	// Output:
	// true listOrders request query.limit
	// sent: 0
}

// Report mode: with a Recorder every violation is kept and the call goes
// through, so a test run lists them all at the end.
func ExampleWithRecorder() {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"success":true,"orders":[]}`))
	}))
	defer server.Close()
	rec := &api.Recorder{}
	httpClient := &http.Client{Transport: api.ValidatingTransport(nil, api.WithRecorder(rec))}

	req, err := http.NewRequest(http.MethodGet, server.URL+"/user/api/orders?status=all&limit=many", nil)
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer token")
	resp, err := httpClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	_ = resp.Body.Close()
	fmt.Println("status", resp.StatusCode)
	for _, v := range rec.Violations() {
		fmt.Println(v)
	}
	// Output:
	// status 200
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
