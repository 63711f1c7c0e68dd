package facadetest_test

import (
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade/facadetest"
	"github.com/proxyshard/proxyshard-go/gen"
)

// WithProxyNetwork: IPs and ports as configured; ProxyAuth accepts an
// active order's credentials only.
func TestProxyNetworkAndProxyAuth(t *testing.T) {
	s := newFake(t, facadetest.WithProxyNetwork(netip.MustParseAddr("127.77.0.254"), 18080, 11080, nil))
	c := strictClient(t, s, s.Token)
	id := buy(t, c, datacenter(t, 3))
	assert.Equal(t, []string{"127.77.0.254", "127.77.0.255", "127.77.1.0"}, ips(t, s, id))
	o := order(t, s, id)
	for _, p := range o.Proxies {
		assert.Equal(t, 18080, p.HTTPPort)
		assert.Equal(t, 11080, p.SOCKSPort)
		assert.True(t, s.ProxyAuth(p.IP, p.Username, p.Password), p.IP)
		assert.False(t, s.ProxyAuth(p.IP, p.Username, p.Password+"x"), "wrong password")
		assert.False(t, s.ProxyAuth(p.IP, "other", p.Password), "wrong username")
	}
	assert.False(t, s.ProxyAuth("127.77.9.9", o.Proxies[0].Username, o.Proxies[0].Password), "not sold")
	resp, err := c.ListActiveProxiesWithResponse(t.Context(), &gen.ListActiveProxiesParams{OrderID: id})
	require.NoError(t, err)
	require.Len(t, resp.JSON200.Data, 3)
	assert.Equal(t, 18080, resp.JSON200.Data[0].HTTPPort)

	// del-np: the marked IP stops working once the renewal removes it.
	gone := o.Proxies[0]
	resp2, err := c.SetDelNpWithResponse(t.Context(), id, gen.SetDelNpRequest{Items: []gen.DelNpItem{{IP: gone.IP, Value: true}}})
	require.NoError(t, err)
	require.Equal(t, 200, resp2.StatusCode(), string(resp2.Body))
	assert.True(t, s.ProxyAuth(gone.IP, gone.Username, gone.Password), "works until the renewal")
	s.Advance(31 * 24 * time.Hour)
	require.Equal(t, facadetest.StatusOnHold, order(t, s, id).Status)
	kept := o.Proxies[1]
	assert.False(t, s.ProxyAuth(kept.IP, kept.Username, kept.Password), "an expired (on-hold) order's IPs stop")
	renew, err := c.RenewOrderWithResponse(t.Context(), id, gen.EmptyBody{})
	require.NoError(t, err)
	require.Equal(t, 200, renew.StatusCode())
	assert.True(t, s.ProxyAuth(kept.IP, kept.Username, kept.Password), "renewed")
	assert.False(t, s.ProxyAuth(gone.IP, gone.Username, gone.Password), "removed by del-np at the renewal")

	s.Advance(31*24*time.Hour + 73*time.Hour)
	require.Equal(t, facadetest.StatusCancelled, order(t, s, id).Status)
	assert.False(t, s.ProxyAuth(kept.IP, kept.Username, kept.Password), "cancelled")
}
