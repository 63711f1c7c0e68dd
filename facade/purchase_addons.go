package facade

import (
	"encoding/json"
	"fmt"

	"github.com/proxyshard/proxyshard-go/gen"
)

// Addon is an add-on bought together with an order (Datacenter, ISP or
// OtherProduct): it is charged with the order, in the same purchase, and
// Quote prices it. For p0f slots that means an order whose IPs can be given
// an OS signature at once, without a second, separately charged BuyAddon.
//
// Residential orders take none: ProxyShard sells p0f slots for Datacenter,
// ISP and mobile proxies only.
type Addon struct {
	Key AddonKey // a key this package knows: AddonP0FSlots
	Qty int      // units, at least 1
}

// Known reports whether the key is an add-on this package can buy.
func (k AddonKey) Known() bool { return k == AddonP0FSlots }

// checkAddons validates add-ons before anything is sent: known keys, each
// once, quantities of at least 1.
func checkAddons(addons []Addon) error {
	seen := map[AddonKey]bool{}
	for i, a := range addons {
		field := fmt.Sprintf("addons[%d]", i)
		switch {
		case !a.Key.Known():
			return invalid(field+".key", "%q is not an add-on this package knows (use %s)", string(a.Key), AddonP0FSlots)
		case seen[a.Key]:
			return invalid(field+".key", "%s is given twice; give each add-on once with its whole quantity", a.Key)
		case a.Qty < 1:
			return invalid(field+".qty", "must be at least 1, got %d", a.Qty)
		}
		seen[a.Key] = true
	}
	return nil
}

// addonRequests is the purchase body's addons field; nil leaves it out.
func addonRequests(addons []Addon) *[]gen.CreateOrderAddonRequest {
	if len(addons) == 0 {
		return nil
	}
	out := make([]gen.CreateOrderAddonRequest, len(addons))
	for i, a := range addons {
		out[i] = gen.CreateOrderAddonRequest{AddonKey: string(a.Key), Qty: a.Qty}
	}
	return &out
}

// addonsJSON is calculate's addons_json: the same list as compact JSON
// (the generated client percent-encodes it in the query); nil leaves it out.
func addonsJSON(addons []Addon) (*string, error) {
	reqs := addonRequests(addons)
	if reqs == nil {
		return nil, nil
	}
	data, err := json.Marshal(*reqs)
	if err != nil {
		return nil, err
	}
	s := string(data)
	return &s, nil
}
