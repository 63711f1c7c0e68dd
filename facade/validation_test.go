package facade_test

import (
	"context"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade"
)

// Every input the client can tell is wrong fails with ErrValidation and
// sends nothing: the fake's request count does not move.
func TestLocalValidationSendsNothing(t *testing.T) {
	t.Parallel()
	c, s := fakeClient(t)
	ip := netip.MustParseAddr("10.0.0.1")
	var nilDC *facade.Datacenter
	purchaseAndQuote := func(spec facade.PurchaseSpec) func(context.Context) error {
		return func(ctx context.Context) error {
			_, qerr := c.Quote(ctx, spec)
			_, perr := c.Purchase(ctx, spec)
			if qerr == nil || perr == nil || qerr.Error() != perr.Error() {
				t.Errorf("Quote and Purchase disagree: %v / %v", qerr, perr)
			}
			return perr
		}
	}
	tests := []struct {
		name  string
		field string
		call  func(context.Context) error
	}{
		{"Datacenter without location", "location", purchaseAndQuote(facade.Datacenter{Cycle: "monthly", Quantity: 1})},
		{"Datacenter without cycle", "cycle", purchaseAndQuote(facade.Datacenter{Location: "DE", Quantity: 1})},
		{"Datacenter with quantity 0", "quantity", purchaseAndQuote(facade.Datacenter{Location: "DE", Cycle: "monthly"})},
		{"ISP with negative quantity", "quantity", purchaseAndQuote(facade.ISP{Location: "DE", Cycle: "monthly", Quantity: -3})},
		{"ISP with a blank location", "location", purchaseAndQuote(facade.ISP{Location: "  ", Cycle: "monthly", Quantity: 1})},
		{"ResidentialStandard with quantity 0", "quantity", purchaseAndQuote(facade.ResidentialStandard{})},
		{"ResidentialPremium with quantity 0", "quantity", purchaseAndQuote(facade.ResidentialPremium{PromoCode: "SAVE10"})},
		{"ResidentialUnmetered without cycle", "cycle", purchaseAndQuote(facade.ResidentialUnmetered{})},
		{"OtherProduct without a name", "product name", purchaseAndQuote(facade.OtherProduct{Cycle: "monthly"})},
		{"OtherProduct with a documented name", "product name", purchaseAndQuote(facade.OtherProduct{Name: facade.ProductDatacenter, Cycle: "monthly", Location: "DE", Quantity: 1})},
		{"OtherProduct without cycle", "cycle", purchaseAndQuote(facade.OtherProduct{Name: "Mobile Proxy"})},
		{"OtherProduct with negative quantity", "quantity", purchaseAndQuote(facade.OtherProduct{Name: "Mobile Proxy", Cycle: "monthly", Quantity: -1})},
		{"nil spec", "purchase", purchaseAndQuote(nil)},
		{"nil pointer spec", "purchase", purchaseAndQuote(nilDC)},
		{"GetOrder with ID 0", "order ID", func(ctx context.Context) error { _, err := c.GetOrder(ctx, 0); return err }},
		{"Renew with a negative ID", "order ID", func(ctx context.Context) error { return c.Renew(ctx, -1) }},
		{"SetTag with ID 0", "order ID", func(ctx context.Context) error { return c.SetTag(ctx, 0, "x") }},
		{"SetAutoRenewal with ID 0", "order ID", func(ctx context.Context) error { return c.SetAutoRenewal(ctx, 0, true) }},
		{"ChangeBillingCycle without cycle", "cycle", func(ctx context.Context) error { _, err := c.ChangeBillingCycle(ctx, 1, ""); return err }},
		{"ActiveProxies with ID 0", "order ID", func(ctx context.Context) error { _, err := c.ActiveProxies(ctx, 0); return err }},
		{"QuoteAddon adding 0", "quantity to add", func(ctx context.Context) error {
			_, err := c.QuoteAddon(ctx, 1, facade.AddonP0FSlots, 0)
			return err
		}},
		{"BuyAddon without key", "add-on key", func(ctx context.Context) error { _, err := c.BuyAddon(ctx, 1, "", 1); return err }},
		{"BuyAddon adding -1", "quantity to add", func(ctx context.Context) error {
			_, err := c.BuyAddon(ctx, 1, facade.AddonP0FSlots, -1)
			return err
		}},
		{"ScheduleAddonDowngrade to 0", "next quantity", func(ctx context.Context) error {
			_, err := c.ScheduleAddonDowngrade(ctx, 1, facade.AddonP0FSlots, 0)
			return err
		}},
		{"CancelAddonDowngrade without key", "add-on key", func(ctx context.Context) error {
			_, err := c.CancelAddonDowngrade(ctx, 1, " ")
			return err
		}},
		{"SetSignatures with nothing", "signatures", func(ctx context.Context) error {
			_, err := c.SetSignatures(ctx, 1, nil)
			return err
		}},
		{"SetSignatures with an unknown OS", "signatures[10.0.0.1]", func(ctx context.Context) error {
			_, err := c.SetSignatures(ctx, 1, map[netip.Addr]facade.OS{ip: "windows95"})
			return err
		}},
		{"SetSignatures with the zero address", "signatures[0]", func(ctx context.Context) error {
			_, err := c.SetSignatures(ctx, 1, map[netip.Addr]facade.OS{{}: facade.OSLinux})
			return err
		}},
		{"SetSignatures naming an IP twice", "signatures[1]", func(ctx context.Context) error {
			_, err := c.SetSignatures(ctx, 1, map[netip.Addr]facade.OS{ip: facade.OSLinux, netip.MustParseAddr("::ffff:10.0.0.1"): facade.OSiOS})
			return err
		}},
		{"RemoveProxies with no IPs", "ips", func(ctx context.Context) error { return c.RemoveProxies(ctx, 1) }},
		{"KeepProxies with the zero address", "ips[1]", func(ctx context.Context) error { return c.KeepProxies(ctx, 1, ip, netip.Addr{}) }},
		{"RemoveProxies with a zoned address", "ips[0]", func(ctx context.Context) error {
			return c.RemoveProxies(ctx, 1, netip.MustParseAddr("fe80::1%eth0"))
		}},
		{"OrdersPage with limit 0", "limit", func(ctx context.Context) error { _, err := c.OrdersPage(ctx, facade.StatusAll, 0, 0); return err }},
		{"Orders with an unknown status", "status", func(ctx context.Context) error {
			for _, err := range c.Orders(ctx, "paid") {
				return err
			}
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := s.TotalRequests()
			err := tt.call(context.Background())
			require.Error(t, err)
			assert.ErrorIs(t, err, facade.ErrValidation)
			var ve *facade.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field)
			assert.Equal(t, before, s.TotalRequests(), "nothing may be sent")
		})
	}
}
