package facadetest

import (
	"encoding/json"
	"strings"

	"github.com/proxyshard/proxyshard-go/gen"
)

// Add-ons bought with an order (API 1.1.0): charged with the order, in the
// same purchase, and turned into the order's add-on line at once.

// checkOrderAddons validates the add-ons of a purchase or a quote and
// returns the p0f slots they buy and their price. Only Datacenter and ISP
// orders take add-ons. st.mu must be held.
func checkOrderAddons(p *product, addons []gen.CreateOrderAddonRequest) (slots int, price int64, f *failure) {
	if len(addons) == 0 {
		return 0, 0, nil
	}
	if !p.dcISP {
		return 0, 0, badRequest("Add-ons are sold with Datacenter and ISP orders only, not with %s", p.name)
	}
	for _, a := range addons {
		switch {
		case a.AddonKey != AddonP0FSlots:
			return 0, 0, badRequest("Unknown add-on %q", a.AddonKey)
		case a.Qty < 1 || a.Qty > maxQuantity || slots+a.Qty > maxQuantity:
			return 0, 0, badRequest("add-on qty must be between 1 and %d", maxQuantity)
		}
		slots += a.Qty
	}
	return slots, int64(slots) * P0FSlotPriceCents, nil
}

// parseAddonsJSON reads calculate's addons_json, a JSON array of
// {addon_key, qty}; the query decoding has already undone the percent-encoding.
func parseAddonsJSON(raw *string) ([]gen.CreateOrderAddonRequest, *failure) {
	if raw == nil || strings.TrimSpace(*raw) == "" {
		return nil, nil
	}
	dec := json.NewDecoder(strings.NewReader(*raw))
	dec.DisallowUnknownFields()
	var addons []gen.CreateOrderAddonRequest
	if err := dec.Decode(&addons); err != nil || dec.More() {
		return nil, badRequest(`addons_json must be a JSON array of {"addon_key": ..., "qty": ...}`)
	}
	for _, a := range addons {
		if a.AddonKey == "" {
			return nil, badRequest("addons_json: every add-on needs an addon_key")
		}
	}
	return addons, nil
}
