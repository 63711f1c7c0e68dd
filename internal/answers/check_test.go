package answers

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	me     = `{"active_orders":2,"email":"user@example.com","wallet_balance":100000}`
	orders = `{"count":1,"next":null,"orders":[{"order_id":1,"product_id":1,"product_name":"Datacenter Proxy","cycle_id":1,"cycle_name":"monthly","tag":null}],"success":true}`
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name, op, body string
		field, reason  string // "" when the answer passes
	}{
		{"a whole profile", "getMe", me, "", ""},
		{"extra properties are fine", "getMe", `{"active_orders":2,"email":"a","wallet_balance":1,"new":[1,{"x":null}]}`, "", ""},
		{"an empty object", "getMe", `{}`, "body.active_orders", "is missing"},
		{"one property missing", "getMe", `{"active_orders":2,"email":"a"}`, "body.wallet_balance", "is missing"},
		{"a string for an integer", "getMe", `{"active_orders":2,"email":"a","wallet_balance":"100"}`, "body.wallet_balance", "is a string, want an integer"},
		{"a fraction for an integer", "getMe", `{"active_orders":2.5,"email":"a","wallet_balance":1}`, "body.active_orders", "is a number, want an integer"},
		{"null where none is allowed", "getMe", `{"active_orders":2,"email":null,"wallet_balance":1}`, "body.email", "is null, want a string"},
		{"an array for the object", "getMe", `[]`, "body", "is an array, want an object"},
		{"escaped keys", "getMe", `{"active\u005forders":2,"email":"a\"b","wallet_balance":1}`, "", ""},
		{"a page", "listOrders", orders, "", ""},
		{"null where it is allowed", "listOrders", strings.Replace(orders, `"tag":null`, `"tag":null,"expires_at":null`, 1), "", ""},
		{"an order lacking its id", "listOrders", `{"orders":[{"order_id":1,"product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c"},{"product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c"}],"success":true}`,
			"body.orders[1].order_id", "is missing"},
		{"items of the wrong type", "getAvailableCounts", `[{"amount":1,"country":"DE","product":"p"},7]`, "body[1]", "is an integer, want an object"},
		{"an operation without a JSON answer", "noSuchOperation", `{}`, "", ""},
		{"nested too deeply", "getMe", `{"x":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, "body.x" + strings.Repeat("[0]", maxDepth-1), "is nested too deeply"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(tt.op, 200, []byte(tt.body))
			if tt.field == "" {
				require.NoError(t, err)
				return
			}
			var e *Error
			require.True(t, errors.As(err, &e), "want an *Error, got %v", err)
			assert.Equal(t, tt.field, e.Field)
			assert.Equal(t, tt.reason, e.Reason)
		})
	}
}

// A passing answer costs no allocation, however long.
func TestCheckAllocatesNothingForAPassingAnswer(t *testing.T) {
	page := []byte(strings.Replace(orders, `"orders":[`, `"orders":[`+strings.Repeat(`{"order_id":1,"product_id":1,"product_name":"p","cycle_id":1,"cycle_name":"c","auto_renewal":true},`, 99), 1))
	require.NoError(t, Check("listOrders", 200, page))
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = Check("listOrders", 200, page) }))
}

// Check never panics, whatever the bytes (the client runs it only on
// well-formed JSON, but it must not rely on that).
func FuzzCheck(f *testing.F) {
	for _, s := range []string{me, orders, `{}`, `[`, `{"a":`, `"`, `{"orders":[{"order_id":`, `nul`, `{"x":"\`} {
		f.Add("getMe", s)
		f.Add("listOrders", s)
	}
	f.Fuzz(func(t *testing.T, op, body string) {
		_ = Check(op, 200, []byte(body))
	})
}
