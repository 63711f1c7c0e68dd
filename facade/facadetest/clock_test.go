package facadetest_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade/facadetest"
	"github.com/proxyshard/proxyshard-go/gen"
)

var start = time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)

// An expired order goes on-hold, loses its active proxies, and comes back
// for one more period when renewed, paid from the wallet.
func TestExpiryPutsOnHoldAndRenewalRestores(t *testing.T) {
	s := newFake(t, facadetest.WithClock(start))
	c := strictClient(t, s, s.Token)
	ctx := context.Background()
	id := buy(t, c, datacenter(t, 2))
	assert.Equal(t, start.AddDate(0, 1, 0), order(t, s, id).ExpiresAt)

	renew, err := c.RenewOrderWithResponse(ctx, id, gen.EmptyBody{})
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadRequest, renew.StatusCode(), "an active order cannot be renewed")

	s.Advance(31 * 24 * time.Hour)
	assert.Equal(t, start.Add(31*24*time.Hour), s.Now())
	detail, err := c.GetOrderWithResponse(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, string(facadetest.StatusOnHold), *detail.JSON200.Order.Status)
	proxies, err := c.ListActiveProxiesWithResponse(ctx, &gen.ListActiveProxiesParams{OrderID: id})
	require.NoError(t, err)
	assert.Empty(t, proxies.JSON200.Data)
	me, err := c.GetMeWithResponse(ctx)
	require.NoError(t, err)
	assert.Zero(t, me.JSON200.ActiveOrders)

	before := s.Balance(s.Token)
	renew, err = c.RenewOrderWithResponse(ctx, id, gen.EmptyBody{})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, renew.StatusCode())
	assert.True(t, renew.JSON200.Success)
	assert.Equal(t, before-300, s.Balance(s.Token))
	o := order(t, s, id)
	assert.Equal(t, facadetest.StatusActive, o.Status)
	assert.Equal(t, s.Now().AddDate(0, 1, 0), o.ExpiresAt)
	proxies, err = c.ListActiveProxiesWithResponse(ctx, &gen.ListActiveProxiesParams{OrderID: id})
	require.NoError(t, err)
	require.Len(t, proxies.JSON200.Data, 2)
	assert.Equal(t, o.ExpiresAt.Format(time.RFC3339), proxies.JSON200.Data[0].Until)
}

func TestRenewWithoutEnoughMoneyChangesNothing(t *testing.T) {
	s := newFake(t, facadetest.WithBalance(150))
	c := strictClient(t, s, s.Token)
	id := buy(t, c, datacenter(t, 1))
	s.Advance(32 * 24 * time.Hour)
	renew, err := c.RenewOrderWithResponse(context.Background(), id, gen.EmptyBody{})
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, renew.StatusCode())
	assert.Equal(t, "Insufficient balance", renew.JSON400.Message)
	assert.Equal(t, facadetest.StatusOnHold, order(t, s, id).Status)
	assert.Zero(t, s.Balance(s.Token))
}

// Auto-renewal renews at expiry while the wallet allows, then the order
// goes on-hold; on-hold past the grace period it is cancelled.
func TestAdvanceAutoRenewsThenHoldsThenCancels(t *testing.T) {
	s := newFake(t, facadetest.WithClock(start), facadetest.WithBalance(450)) // three months of one IP
	c := strictClient(t, s, s.Token)
	ctx := context.Background()
	id := buy(t, c, datacenter(t, 1))
	resp, err := c.SetAutoRenewalWithResponse(ctx, id, &gen.SetAutoRenewalParams{AutoRenewal: true}, gen.EmptyBody{})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode())

	s.Advance(62 * 24 * time.Hour) // two expiries, both paid
	o := order(t, s, id)
	assert.Equal(t, facadetest.StatusActive, o.Status)
	assert.Equal(t, start.AddDate(0, 3, 0), o.ExpiresAt)
	assert.Zero(t, s.Balance(s.Token))

	s.Advance(30 * 24 * time.Hour) // third expiry, wallet empty
	assert.Equal(t, facadetest.StatusOnHold, order(t, s, id).Status)

	s.Advance(4 * 24 * time.Hour)
	o = order(t, s, id)
	assert.Equal(t, facadetest.StatusCancelled, o.Status)
	assert.Empty(t, o.Proxies)
	s.SetBalance(s.Token, 100000)
	renew, err := c.RenewOrderWithResponse(ctx, id, gen.EmptyBody{})
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadRequest, renew.StatusCode(), "a cancelled order cannot be renewed")
}

// Lifetime orders never expire.
func TestLifetimeOrdersNeverExpire(t *testing.T) {
	s := newFake(t)
	id := buy(t, strictClient(t, s, s.Token), standardResidential(t, 1))
	s.Advance(5 * 365 * 24 * time.Hour)
	o := order(t, s, id)
	assert.Equal(t, facadetest.StatusActive, o.Status)
	assert.True(t, o.ExpiresAt.IsZero())
}
