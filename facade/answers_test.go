package facade_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/api"
	"github.com/proxyshard/proxyshard-go/facade"
)

// A 2xx answer that lacks a property the spec requires, or has one of the
// wrong type, is ErrInvalidResponse naming the field, not a value full of
// zeros (a profile with a balance of $0.00).
func TestAnswersLackingRequiredFieldsAreInvalid(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		op, body, field string
		call            func(*facade.Client) error
	}{
		{"getMe", `{}`, "body.active_orders is missing", func(c *facade.Client) error { _, err := c.Me(ctx); return err }},
		{"getMe", `{"active_orders":0,"email":"a@b.c","wallet_balance":"100"}`, "wallet_balance", // encoding/json refuses it first
			func(c *facade.Client) error { _, err := c.Me(ctx); return err }},
		{"listActiveProxies", `{}`, "body.data is missing", func(c *facade.Client) error { _, err := c.ActiveProxies(ctx, 7); return err }},
		{"getOrder", `{"success":true}`, "body.order is missing", func(c *facade.Client) error { _, err := c.GetOrder(ctx, 7); return err }},
		{"listOrders", `{"success":true,"orders":[{"order_id":1}]}`, "body.orders[0].cycle_id is missing", func(c *facade.Client) error {
			_, err := c.OrdersPage(ctx, facade.StatusAll, 0, 100)
			return err
		}},
		{"listProducts", `{"success":true,"products":[{}]}`, "body.products[0].cycles is missing", func(c *facade.Client) error {
			_, err := c.Products(ctx)
			return err
		}},
		{"getAvailableCounts", `[{}]`, "body[0].amount is missing", func(c *facade.Client) error { _, err := c.AvailableCounts(ctx); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.op+"/"+tt.body, func(t *testing.T) {
			s := serve(t, func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, tt.body) })
			err := tt.call(newClient(t, s.URL))
			require.ErrorIs(t, err, facade.ErrInvalidResponse)
			assert.Contains(t, err.Error(), tt.field)
			assert.EqualValues(t, 1, s.hits.Load(), "a 200 is not resent")
		})
	}
}

// The client's check of answers agrees with the project's validator: for
// the real answer of every operation, and for it with each top-level
// property taken out or given a value of another type, the client refuses
// the answer exactly when api.Validator finds it breaks the contract.
func TestAnswerChecksAgreeWithTheValidator(t *testing.T) {
	t.Parallel()
	v, err := api.NewValidator()
	require.NoError(t, err)
	for _, fc := range fuzzCalls {
		var variants []string
		var whole map[string]json.RawMessage
		if json.Unmarshal([]byte(fc.ok), &whole) == nil {
			keys := make([]string, 0, len(whole))
			for k := range whole {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				without := mapWithout(whole, k)
				variants = append(variants, marshal(t, without))
				retyped := mapWithout(whole, k)
				retyped[k] = otherType(whole[k])
				variants = append(variants, marshal(t, retyped))
			}
		}
		variants = append(variants, fc.ok)
		for _, body := range variants {
			t.Run(fc.op+"/"+body, func(t *testing.T) {
				stub := &answerStub{body: body}
				c, err := facade.New(testToken, facade.WithBaseURL("http://127.0.0.1"),
					facade.WithHTTPClient(&http.Client{Transport: stub}), facade.WithRetry(instantRetries))
				require.NoError(t, err)
				_, callErr := fc.call(context.Background(), c)
				require.NotNil(t, stub.first, "the call sent nothing")
				r := stub.first
				op, ok := v.Find(r.Method, r.URL.EscapedPath())
				require.True(t, ok)
				contractErr := v.ValidateResponse(op, r, 200, http.Header{"Content-Type": {"application/json"}}, []byte(body))
				refused := errors.Is(callErr, facade.ErrInvalidResponse)
				assert.Equal(t, contractErr != nil, refused, "validator: %v; client: %v", contractErr, callErr)
			})
		}
	}
}

// answerStub answers every request with a 200 and body, and keeps the
// first request.
type answerStub struct {
	body  string
	first *http.Request
}

func (s *answerStub) RoundTrip(r *http.Request) (*http.Response, error) {
	if s.first == nil {
		s.first = r
	}
	return &http.Response{StatusCode: 200, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Request: r,
		Header: http.Header{"Content-Type": {"application/json"}}, ContentLength: int64(len(s.body)),
		Body: io.NopCloser(strings.NewReader(s.body))}, nil
}

func mapWithout(m map[string]json.RawMessage, key string) map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(m))
	for k, v := range m {
		if k != key {
			out[k] = v
		}
	}
	return out
}

func marshal(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// otherType is a value of a JSON type other than raw's.
func otherType(raw json.RawMessage) json.RawMessage {
	if strings.HasPrefix(string(raw), `"`) {
		return json.RawMessage(`12`)
	}
	return json.RawMessage(`"x"`)
}
