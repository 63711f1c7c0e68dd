package api_test

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/proxyshard/proxyshard-go/api"
)

// Whatever a request holds, the validator answers with an operation or a
// *ContractError, never a panic. The seeds (every valid request plus the
// awkward cases below) run in every `go test`; `go test -fuzz
// FuzzValidateRequest ./api/` explores further.
func FuzzValidateRequest(f *testing.F) {
	for _, vr := range validRequests {
		path, query, _ := strings.Cut(vr.target, "?")
		f.Add(vr.method, path, query, vr.body, "application/json")
	}
	seeds := []struct{ method, path, query, body, contentType string }{
		{"", "", "", "", ""},
		{"GET", "/", "", "", ""},
		{"GET", "//", "&&&", "", ""},
		{"GET", "/user/api/orders", "status=%zz&limit=%", "", ""},
		{"GET", "/user/api/orders", "status=all&limit=1e999&offset=-0", "", ""},
		{"GET", "/user/api/orders", "status=all&limit=9223372036854775808", "", ""},
		{"GET", "/user/api/orders/" + strings.Repeat("9", 40), "", "", ""},
		{"GET", "/user/api/orders/\x00", "", "", ""},
		{"POST", "/user/api/orders/purchase", "", `{"product":`, "application/json"},
		{"POST", "/user/api/orders/purchase", "", "null", "application/json"},
		{"POST", "/user/api/orders/purchase", "", `{"product":null,"cycle":null}`, "application/json"},
		{"POST", "/user/api/orders/purchase", "", `{"product":{"a":[1,2]},"quantity":1e400}`, "application/json"},
		{"POST", "/user/api/orders/purchase", "", strings.Repeat("[", 5000) + strings.Repeat("]", 5000), "application/json"},
		{"POST", "/user/api/orders/purchase", "", "\xff\xfe{}", "application/json"},
		{"POST", "/user/api/orders/7/signature/set", "", `{"items":[null,{},{"ip":1,"signature":[]}]}`, "application/json"},
		{"POST", "/user/api/orders/7/tag", "", `{"tag":"a"}`, `application/json; charset="`},
		{"POST", "/user/api/orders/7/tag", "", `{"tag":"a"}`, "/"},
		{"POST", "/user/api/orders/7/tag", "", `{"tag":"a"}`, "*/*"},
		{"POST", "/user/api/orders/edit-auto-renewal/7", "auto_renewal=true&auto_renewal=false", `{}`, "application/json"},
		{"PATCH", "/user/api/orders/7/addons/schedule/cancel", "", `{}`, "application/json"},
	}
	for _, s := range seeds {
		f.Add(s.method, s.path, s.query, s.body, s.contentType)
	}
	v, err := api.NewValidator()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, method, path, query, body, contentType string) {
		r := &http.Request{Method: method, URL: &url.URL{Path: path, RawQuery: query}, Header: http.Header{}}
		if contentType != "" {
			r.Header.Set("Content-Type", contentType)
		}
		op, err := v.ValidateRequest(r, []byte(body))
		switch {
		case err == nil && op == nil:
			t.Fatal("no error and no operation")
		case err == nil && op.Method != method:
			t.Fatalf("operation %s is for %s, the request is %s", op.ID, op.Method, method)
		case err != nil:
			var ce *api.ContractError
			if !errors.As(err, &ce) {
				t.Fatalf("want a *ContractError, got %T: %v", err, err)
			}
			if ce.Side != api.SideRequest || ce.Field == "" || ce.Reason == "" {
				t.Fatalf("incomplete error: %#v", ce)
			}
			if (op == nil) != (ce.Field == "route") {
				t.Fatalf("operation %v with field %s", op, ce.Field)
			}
		}
		if op == nil {
			return
		}
		// The same bytes as an answer exercise the response side.
		if err := v.ValidateResponse(op, r, http.StatusOK, r.Header, []byte(body)); err != nil {
			var ce *api.ContractError
			if !errors.As(err, &ce) || ce.Side != api.SideResponse {
				t.Fatalf("want a response *ContractError, got %T: %v", err, err)
			}
		}
	})
}
