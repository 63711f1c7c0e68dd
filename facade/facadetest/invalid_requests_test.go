package facadetest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/api"
	"github.com/proxyshard/proxyshard-go/gen"
)

// A request whose path or query parameters break the spec is answered 400
// with ApiError, and that 400 must itself be a documented answer: WithT
// fails this test if the fake had to send an undocumented status.
func TestInvalidParametersAreAnsweredWithDocumented400(t *testing.T) {
	tests := []struct {
		name, method, path, field string
	}{
		{"calculateAddon with add_qty 0", http.MethodGet, "/user/api/orders/1/addons/calculate?addon_key=p0f_slots&add_qty=0", "query.add_qty"},
		{"calculateAddon without addon_key", http.MethodGet, "/user/api/orders/1/addons/calculate?add_qty=1", "query.addon_key"},
		{"calculateOrderPrice without product", http.MethodGet, "/user/api/orders/calculate?cycle=monthly", "query.product"},
		{"setAutoRenewal with a non-boolean flag", http.MethodPost, "/user/api/orders/edit-auto-renewal/1?auto_renewal=maybe", "query.auto_renewal"},
		{"renewOrder with a non-numeric id", http.MethodPost, "/user/api/orders/abc/renew", "path.id"},
		{"getOrder with a non-numeric id", http.MethodGet, "/user/api/orders/abc", "path.id"},
		{"listActiveProxies without order_id", http.MethodGet, "/user/api/proxies/active", "query.order_id"},
		{"listOrders with a non-integer limit", http.MethodGet, "/user/api/orders?status=all&limit=many", "query.limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newFake(t)
			req, err := http.NewRequest(tt.method, s.URL+tt.path, strings.NewReader("{}"))
			require.NoError(t, err)
			if tt.method == http.MethodGet {
				req.Body, req.ContentLength = http.NoBody, 0
			}
			req.Header.Set("Authorization", "Bearer "+s.Token)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)

			require.Equal(t, http.StatusBadRequest, resp.StatusCode, string(body))
			var e gen.APIError
			require.NoError(t, json.Unmarshal(body, &e))
			assert.False(t, e.Success)
			assert.Contains(t, e.Message, tt.field)
			violations := s.Violations()
			require.Len(t, violations, 1)
			assert.Equal(t, api.SideRequest, violations[0].Side, "only the request broke the spec")
			assert.Equal(t, tt.field, violations[0].Field)
		})
	}
}
