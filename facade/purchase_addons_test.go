package facade_test

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

// A Datacenter order bought with one p0f slot: quoted with the add-on,
// charged once for both, and the slot is there at once to sign an IP, whose
// signature reads back from the active proxies.
func TestPurchaseWithAnAddonChargesItAndTheSlotSignsAnIP(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, s := fakeClient(t)
	spec := facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: 2, Addons: []facade.Addon{{Key: facade.AddonP0FSlots, Qty: 1}}}

	q, err := c.Quote(ctx, spec)
	require.NoError(t, err)
	assert.Equal(t, facade.Quote{Original: 300, Final: 300, Addons: facadetest.P0FSlotPriceCents, Total: 300 + facadetest.P0FSlotPriceCents}, *q)

	before := s.Balance(s.Token)
	res, err := c.Purchase(ctx, spec)
	require.NoError(t, err)
	assert.Equal(t, before-int64(q.Total), s.Balance(s.Token), "the order and its add-on are charged together, exactly as quoted")

	o, err := c.GetOrder(ctx, res.OrderID)
	require.NoError(t, err)
	assert.Equal(t, 1, o.P0FSlots.Available)
	assert.Equal(t, facade.Cents(facadetest.P0FSlotPriceCents), o.AddonsPricePaid)
	require.Len(t, o.Addons, 1)
	assert.Equal(t, facade.AddonLine{Key: facade.AddonP0FSlots, CatalogID: 1, Qty: 1, PricePerUnit: facadetest.P0FSlotPriceCents}, o.Addons[0])

	proxies, err := c.ActiveProxies(ctx, res.OrderID)
	require.NoError(t, err)
	require.Len(t, proxies, 2)
	assert.Empty(t, proxies[0].Signature, "no signature before SetSignatures")
	ip, err := proxies[0].Addr()
	require.NoError(t, err)
	n, err := c.SetSignatures(ctx, res.OrderID, map[netip.Addr]facade.OS{ip: facade.OSWin11})
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	proxies, err = c.ActiveProxies(ctx, res.OrderID)
	require.NoError(t, err)
	assert.Equal(t, facade.OSWin11, proxies[0].Signature)
	assert.Empty(t, proxies[1].Signature)
}

// Add-ons are checked before anything is sent: a key this package knows,
// given once, with a quantity of at least 1.
func TestAddonsAreValidatedLocally(t *testing.T) {
	t.Parallel()
	c, s := fakeClient(t)
	tests := []struct {
		name   string
		addons []facade.Addon
		field  string
	}{
		{"unknown key", []facade.Addon{{Key: "p0f", Qty: 1}}, "addons[0].key"},
		{"quantity 0", []facade.Addon{{Key: facade.AddonP0FSlots, Qty: 0}}, "addons[0].qty"},
		{"negative quantity", []facade.Addon{{Key: facade.AddonP0FSlots, Qty: -2}}, "addons[0].qty"},
		{"a key twice", []facade.Addon{{Key: facade.AddonP0FSlots, Qty: 1}, {Key: facade.AddonP0FSlots, Qty: 2}}, "addons[1].key"},
	}
	for _, tt := range tests {
		for _, spec := range []facade.PurchaseSpec{
			facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: 1, Addons: tt.addons},
			facade.ISP{Location: "DE", Cycle: "monthly", Quantity: 1, Addons: tt.addons},
			facade.OtherProduct{Name: "Mobile Proxy", Cycle: "monthly", Addons: tt.addons},
		} {
			t.Run(tt.name+"/"+string(spec.Product()), func(t *testing.T) {
				_, err := c.Purchase(context.Background(), spec)
				var ve *facade.ValidationError
				require.True(t, errors.As(err, &ve), "got %v", err)
				assert.ErrorIs(t, err, facade.ErrValidation)
				assert.Equal(t, tt.field, ve.Field)
				_, err = c.Quote(context.Background(), spec)
				assert.ErrorIs(t, err, facade.ErrValidation)
			})
		}
	}
	assert.Zero(t, s.Requests("purchaseOrder")+s.Requests("calculateOrderPrice"), "nothing was sent")
}

// A server that answers calculate without the add-on fields (API 1.0.0)
// charges nothing for add-ons: the total is the final price.
func TestQuoteWithoutAddonFieldsTotalsTheFinalPrice(t *testing.T) {
	t.Parallel()
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, `{"original_price":1000,"final_price":900,"discount_percent":10}`)
	})
	q, err := newClient(t, srv.URL).Quote(context.Background(), facade.ResidentialStandard{Quantity: 1})
	require.NoError(t, err)
	assert.Equal(t, facade.Quote{Original: 1000, Final: 900, DiscountPercent: 10, Total: 900}, *q)
}

// available-count names products by code; each resolves to its product,
// a display name still resolves, and an unknown code is kept.
func TestAvailableCountsResolveProductCodes(t *testing.T) {
	t.Parallel()
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, `[{"country":"DE","product":"dc","amount":3},{"country":"US","product":"isp","amount":0},`+
			`{"country":"NL","product":"Datacenter Proxy","amount":5},{"country":"UA","product":"mob","amount":7}]`)
	})
	counts, err := newClient(t, srv.URL).AvailableCounts(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []facade.Availability{
		{Product: facade.ProductDatacenter, Code: facade.CodeDatacenter, Country: "DE", Amount: 3},
		{Product: facade.ProductISP, Code: facade.CodeISP, Country: "US", Amount: 0},
		{Product: facade.ProductDatacenter, Code: "Datacenter Proxy", Country: "NL", Amount: 5},
		{Product: "", Code: "mob", Country: "UA", Amount: 7},
	}, counts)
	assert.Equal(t, facade.CodeISP, facade.ProductISP.Code())
	assert.Equal(t, facade.ProductCode(""), facade.ProductResidentialPremium.Code())
}

// until comes as a date or a date-time; signature is null while unset.
func TestActiveProxiesReadUntilAndSignature(t *testing.T) {
	t.Parallel()
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, `{"success":true,"order_tag":null,"data":[`+
			`{"ip":"10.0.0.1","username":"u","password":"p","http_port":1,"socks_port":2,"until":"2026-09-01","status":"active","signature":null},`+
			`{"ip":"10.0.0.2","username":"u","password":"p","http_port":1,"socks_port":2,"until":"2026-09-01T12:30:00Z","status":"active","signature":"macos"},`+
			`{"ip":"10.0.0.3","username":"u","password":"p","http_port":1,"socks_port":2,"until":"2026-09-01","status":"active"}]}`)
	})
	proxies, err := newClient(t, srv.URL).ActiveProxies(context.Background(), 7)
	require.NoError(t, err)
	require.Len(t, proxies, 3)
	assert.Equal(t, time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), proxies[0].Until.Time)
	assert.Equal(t, time.Date(2026, 9, 1, 12, 30, 0, 0, time.UTC), proxies[1].Until.Time)
	assert.Equal(t, []facade.OS{"", facade.OSMacOS, ""}, []facade.OS{proxies[0].Signature, proxies[1].Signature, proxies[2].Signature})
}
