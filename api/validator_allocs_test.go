package api_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/api"
)

// Checking a request and its answer allocates nothing when both keep the
// contract, so the validating transport adds only the buffer it reads the
// answer into and the reader it hands back: the profile, a 100-order page
// with a query, and a request with a JSON body.
func TestChecksAllocateNothing(t *testing.T) {
	for _, e := range []*exchange{
		newExchange(t, "http://127.0.0.1/user/api/me", meBody),
		newExchange(t, ordersTarget, ordersPage),
	} {
		require.NoError(t, e.check())
		assert.Zero(t, testing.AllocsPerRun(20, func() { _ = e.check() }), e.req.URL.String())
	}

	v, err := api.NewValidator()
	require.NoError(t, err)
	body := []byte(`{"product":"Datacenter Proxy","location":"DE","cycle":"monthly","quantity":10}`)
	req, err := http.NewRequest(http.MethodPost, "http://127.0.0.1/user/api/orders/purchase", nil)
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	_, err = v.ValidateRequest(req, body)
	require.NoError(t, err)
	assert.Zero(t, testing.AllocsPerRun(20, func() { _, _ = v.ValidateRequest(req, body) }))
}
