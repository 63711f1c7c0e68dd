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

func TestP0FAddonLifecycle(t *testing.T) {
	s := newFake(t)
	c := strictClient(t, s, s.Token)
	ctx := context.Background()
	id := buy(t, c, datacenter(t, 2)) // 300
	key := facadetest.AddonP0FSlots

	quote, err := c.CalculateAddonWithResponse(ctx, id, &gen.CalculateAddonParams{AddonKey: key, AddQty: 3})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, quote.StatusCode())
	q := quote.JSON200
	assert.Equal(t, []int{0, 3, 3, facadetest.P0FSlotPriceCents, 3 * facadetest.P0FSlotPriceCents},
		[]int{*q.CurrentQty, *q.AddQty, *q.NewQty, *q.PricePerUnit, *q.AddTotal})

	bought, err := c.PurchaseAddonWithResponse(ctx, id, gen.PurchaseAddonJSONRequestBody{AddonKey: key, AddQty: 3})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, bought.StatusCode())
	assert.Equal(t, 600, *bought.JSON200.AddonsPricePaid)
	require.Len(t, *bought.JSON200.Addons, 1)
	assert.Equal(t, 3, *(*bought.JSON200.Addons)[0].Qty)
	assert.Equal(t, int64(facadetest.DefaultBalance-300-600), s.Balance(s.Token))

	// A short wallet: 400, nothing changes.
	s.SetBalance(s.Token, 199)
	short, err := c.PurchaseAddonWithResponse(ctx, id, gen.PurchaseAddonJSONRequestBody{AddonKey: key, AddQty: 1})
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, short.StatusCode())
	assert.Equal(t, int64(199), s.Balance(s.Token))
	assert.Equal(t, 3, order(t, s, id).P0FSlots)
	s.SetBalance(s.Token, 10000)

	schedule := func(next int) *gen.ScheduleAddonDowngradeResponse {
		t.Helper()
		resp, err := c.ScheduleAddonDowngradeWithResponse(ctx, id, gen.ScheduleAddonDowngradeJSONRequestBody{
			AddonKey: key, Action: gen.ScheduleAddonActionDowngrade, NextQty: next})
		require.NoError(t, err)
		return resp
	}
	assert.Equal(t, http.StatusBadRequest, schedule(3).StatusCode(), "next_qty must be below qty")
	down := schedule(1)
	require.Equal(t, http.StatusOK, down.StatusCode())
	pending := (*down.JSON200.Addons)[0].Pending
	require.NotNil(t, pending)
	assert.Equal(t, gen.AddonLinePendingActionDowngrade, *pending.Action)
	assert.Equal(t, 1, *pending.NextQty)

	cancel, err := c.CancelAddonDowngradeWithResponse(ctx, id, gen.CancelAddonDowngradeJSONRequestBody{AddonKey: key})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, cancel.StatusCode())
	assert.Nil(t, (*cancel.JSON200.Addons)[0].Pending)
	cancel, err = c.CancelAddonDowngradeWithResponse(ctx, id, gen.CancelAddonDowngradeJSONRequestBody{AddonKey: key})
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadRequest, cancel.StatusCode(), "nothing left to cancel")

	// The downgrade applies at renewal, which charges base plus the new slots.
	require.Equal(t, http.StatusOK, schedule(2).StatusCode())
	detail, err := c.GetOrderWithResponse(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, 3, *detail.JSON200.Order.P0FSlotsAvailable)
	assert.Equal(t, 2, *detail.JSON200.Order.P0FSlotsNext)

	s.Advance(32 * 24 * time.Hour)
	onHold, err := c.PurchaseAddonWithResponse(ctx, id, gen.PurchaseAddonJSONRequestBody{AddonKey: key, AddQty: 1})
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadRequest, onHold.StatusCode(), "the order must be active")

	renew, err := c.RenewOrderWithResponse(ctx, id, gen.EmptyBody{})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, renew.StatusCode())
	assert.Equal(t, int64(10000-300-2*facadetest.P0FSlotPriceCents), s.Balance(s.Token))
	o := order(t, s, id)
	assert.Equal(t, 2, o.P0FSlots)
	assert.Equal(t, 2, o.P0FSlotsNext)
	assert.Equal(t, int64(600+400), o.AddonsPricePaidCents)
}
