package api_test

import (
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/api"
)

func newValidator(t testing.TB) *api.Validator {
	t.Helper()
	v, err := api.NewValidator()
	require.NoError(t, err)
	return v
}

func TestOperationsAreTheThirtyFourSortedByID(t *testing.T) {
	v := newValidator(t)
	ops := v.Operations()
	require.Len(t, ops, len(wantOperations))
	got := map[string]string{}
	ids := make([]string, len(ops))
	for i, op := range ops {
		got[op.Method+" "+op.PathTemplate] = op.ID
		ids[i] = op.ID
	}
	assert.Equal(t, wantOperations, got)
	assert.True(t, sort.StringsAreSorted(ids), "not sorted by ID: %v", ids)
}

// Every documented operation is found from a concrete path, whatever host
// the client targets (Find sees only the path), and literal segments win
// over {param} segments.
func TestFindMatchesEveryOperation(t *testing.T) {
	v := newValidator(t)
	concrete := strings.NewReplacer("{id}", "42", "{order_id}", "7", "{user_id}", "u-42")
	for methodPath, id := range wantOperations {
		method, template, _ := strings.Cut(methodPath, " ")
		t.Run(id, func(t *testing.T) {
			op, ok := v.Find(method, concrete.Replace(template))
			require.True(t, ok)
			assert.Equal(t, id, op.ID)
			assert.Equal(t, template, op.PathTemplate)
			assert.Equal(t, method, op.Method)
		})
	}
}

func TestFindPrefersLiteralSegments(t *testing.T) {
	v := newValidator(t)
	tests := []struct {
		method, path, want string
	}{
		{"GET", "/user/api/orders/calculate", "calculateOrderPrice"},
		{"GET", "/user/api/orders/purchase", "getOrder"}, // no GET on the literal: the template takes it
		{"POST", "/user/api/orders/purchase", "purchaseOrder"},
		{"GET", "/user/api/orders/123", "getOrder"},
		{"POST", "/user/api/orders/change-billing-cycle/5", "changeBillingCycle"},
		{"POST", "/user/api/orders/edit-auto-renewal/5", "setAutoRenewal"},
		{"POST", "/user/api/orders/5/addons/schedule", "scheduleAddonDowngrade"},
		{"POST", "/user/api/orders/5/addons/schedule/cancel", "cancelAddonDowngrade"},
		{"GET", "/user/api/proxies/active", "listActiveProxies"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			op, ok := v.Find(tt.method, tt.path)
			require.True(t, ok)
			assert.Equal(t, tt.want, op.ID)
		})
	}
}

func TestFindRejectsUnknownRoutes(t *testing.T) {
	v := newValidator(t)
	tests := []struct{ method, path string }{
		{"GET", ""},
		{"GET", "/"},
		{"GET", "user/api/me"},
		{"GET", "/user/api/me/"},
		{"GET", "/user/api/me/extra"},
		{"GET", "/user/api//me"},
		{"GET", "/user/api/orders/"},
		{"GET", "/user/api/orders//renew"},
		{"GET", "/USER/API/ME"},
		{"get", "/user/api/me"},
		{"POST", "/user/api/me"},
		{"DELETE", "/user/api/orders/7"},
		{"HEAD", "/user/api/me"},
		{"GET", "/user/api/orders/7/renew"},
		{"POST", "/user/api/orders/7/addons/schedule/cancel/now"},
		{"GET", "/v2/user/api/me"},
		{"GET", "/a/b/c/d/e/f/g/h/i/j/k/l"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			op, ok := v.Find(tt.method, tt.path)
			assert.False(t, ok)
			assert.Nil(t, op)
		})
	}
}

// A request is routed on its path as sent: an encoded slash stays inside
// its segment, and a parameter's value is the segment unescaped.
func TestValidateRequestRoutesOnTheEscapedPath(t *testing.T) {
	v := newValidator(t)
	tests := []struct {
		method, url, op, field string
	}{
		{"POST", "http://h/user/api/orders/1%2Frenew", "", "route"},
		{"GET", "http://h/user/api/orders/1%2Frenew", "getOrder", "path.id"},
		{"GET", "http://h/user/api/orders/%31", "getOrder", ""},
		{"GET", "http://h/user/api%2Fme", "", "route"},
	}
	for _, tt := range tests {
		req, err := http.NewRequest(tt.method, tt.url, nil)
		require.NoError(t, err)
		op, err := v.ValidateRequest(req, nil)
		if tt.op == "" {
			assert.Nil(t, op, tt.url)
		} else if assert.NotNil(t, op, tt.url) {
			assert.Equal(t, tt.op, op.ID, tt.url)
		}
		if tt.field == "" {
			assert.NoError(t, err, tt.url)
			continue
		}
		var ce *api.ContractError
		if assert.ErrorAs(t, err, &ce, tt.url) {
			assert.Equal(t, tt.field, ce.Field, tt.url)
		}
	}
}
