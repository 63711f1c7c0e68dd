package facadetest_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade/facadetest"
	"github.com/proxyshard/proxyshard-go/gen"
)

// del-np marks IPs for deletion: quantity and price_paid follow at once,
// the IPs leave at renewal; every IP gone or a foreign IP is a 400 that
// changes nothing.
func TestDelNp(t *testing.T) {
	s := newFake(t)
	c := strictClient(t, s, s.Token)
	ctx := context.Background()
	id := buy(t, c, datacenter(t, 3))
	all := ips(t, s, id)
	set := func(items ...gen.DelNpItem) *gen.SetDelNpResponse {
		t.Helper()
		resp, err := c.SetDelNpWithResponse(ctx, id, gen.SetDelNpJSONRequestBody{Items: items})
		require.NoError(t, err)
		return resp
	}

	resp := set(gen.DelNpItem{IP: all[0], Value: true})
	require.Equal(t, http.StatusOK, resp.StatusCode())
	o := order(t, s, id)
	assert.Equal(t, 2, o.Quantity)
	assert.Equal(t, int64(300), o.PricePaidCents)
	assert.True(t, o.Proxies[0].DeleteNextPeriod)

	tests := []struct {
		name    string
		items   []gen.DelNpItem
		message string
	}{
		{"keep=0", []gen.DelNpItem{{IP: all[1], Value: true}, {IP: all[2], Value: true}}, "keep=0"},
		{"foreign IP", []gen.DelNpItem{{IP: all[1], Value: true}, {IP: "192.0.2.1", Value: true}}, "192.0.2.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := set(tt.items...)
			require.Equal(t, http.StatusBadRequest, resp.StatusCode())
			assert.Contains(t, resp.JSON400.Message, tt.message)
			o := order(t, s, id)
			assert.Equal(t, 2, o.Quantity)
			assert.False(t, o.Proxies[1].DeleteNextPeriod)
		})
	}

	require.Equal(t, http.StatusOK, set(gen.DelNpItem{IP: all[0], Value: false}, gen.DelNpItem{IP: all[2], Value: true}).StatusCode())
	assert.Equal(t, 2, order(t, s, id).Quantity)

	// At renewal the marked IP leaves and the new price is charged.
	s.Advance(32 * 24 * time.Hour)
	before := s.Balance(s.Token)
	renew, err := c.RenewOrderWithResponse(ctx, id, gen.EmptyBody{})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, renew.StatusCode())
	assert.Equal(t, before-300, s.Balance(s.Token))
	assert.Equal(t, all[:2], ips(t, s, id))
}

// Each newly signed IP takes one p0f slot for good; re-signing takes none;
// too few slots or an unknown OS changes nothing.
func TestSignatureSlots(t *testing.T) {
	s := newFake(t)
	c := strictClient(t, s, s.Token)
	loose, _ := reportingClient(t, s, s.Token)
	ctx := context.Background()
	id := buy(t, c, datacenter(t, 3))
	all := ips(t, s, id)
	sign := func(items ...gen.SignatureItem) *gen.SetSignaturesResponse {
		t.Helper()
		resp, err := c.SetSignaturesWithResponse(ctx, id, gen.SetSignaturesJSONRequestBody{Items: items})
		require.NoError(t, err)
		return resp
	}
	used := func() int {
		t.Helper()
		d, err := c.GetOrderWithResponse(ctx, id)
		require.NoError(t, err)
		return *d.JSON200.Order.P0FSlotsUsed
	}

	resp := sign(gen.SignatureItem{IP: all[0], Signature: gen.SignatureOSWin10})
	require.Equal(t, http.StatusBadRequest, resp.StatusCode(), "no slots bought yet")

	addon, err := c.PurchaseAddonWithResponse(ctx, id, gen.PurchaseAddonJSONRequestBody{AddonKey: facadetest.AddonP0FSlots, AddQty: 2})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, addon.StatusCode())

	resp = sign(gen.SignatureItem{IP: all[0], Signature: gen.SignatureOSWin10})
	require.Equal(t, http.StatusOK, resp.StatusCode())
	assert.Equal(t, 1, *resp.JSON200.Updated)
	assert.Equal(t, 1, used())

	resp = sign(gen.SignatureItem{IP: all[0], Signature: gen.SignatureOSMacOS})
	require.Equal(t, http.StatusOK, resp.StatusCode())
	assert.Equal(t, 1, used(), "changing the OS takes no extra slot")
	assert.Equal(t, "macos", order(t, s, id).Proxies[0].Signature)

	resp = sign(gen.SignatureItem{IP: all[1], Signature: gen.SignatureOSLinux}, gen.SignatureItem{IP: all[2], Signature: gen.SignatureOSLinux})
	require.Equal(t, http.StatusBadRequest, resp.StatusCode())
	assert.Contains(t, resp.JSON400.Message, "Not enough p0f slots")
	assert.Equal(t, 1, used())
	assert.Empty(t, order(t, s, id).Proxies[1].Signature)

	unknownOS, err := loose.SetSignaturesWithBodyWithResponse(ctx, id, "application/json",
		strings.NewReader(`{"items":[{"ip":"`+all[1]+`","signature":"beos"}]}`))
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, unknownOS.StatusCode())
	assert.Equal(t, 1, used())

	resp = sign(gen.SignatureItem{IP: all[1], Signature: gen.SignatureOSAndroid}, gen.SignatureItem{IP: all[0], Signature: gen.SignatureOSIOS})
	require.Equal(t, http.StatusOK, resp.StatusCode())
	assert.Equal(t, 2, *resp.JSON200.Updated)
	assert.Equal(t, 2, used())
}
