package facadetest

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/proxyshard/proxyshard-go/facade/enum"
	"github.com/proxyshard/proxyshard-go/gen"
)

// The fake's catalog. Names are the API's exact strings ("Standart" and the
// lower-case "proxy" included); prices are cents per unit and cycle.

// Product names as the API spells them: the client's own constants (both
// take them from package enum), so a test can hand them to either side and
// compare what each returns.
const (
	ProductDatacenter           = enum.ProductDatacenter
	ProductISP                  = enum.ProductISP
	ProductResidentialStandard  = enum.ProductResidentialStandard
	ProductResidentialPremium   = enum.ProductResidentialPremium
	ProductResidentialUnmetered = enum.ProductResidentialUnmetered
)

// Cycle names, the client's too. CycleYearly is restricted: an account may
// use it only after GrantCycle, which is how the API's "cycle is not
// available for this user" answers can be produced.
const (
	CycleMonthly   = enum.CycleMonthly
	CycleQuarterly = enum.CycleQuarterly
	CycleYearly    = enum.CycleYearly
	CycleLifetime  = enum.CycleLifetime
)

// The only add-on the API sells: OS-fingerprint signature slots.
const (
	AddonP0FSlots     = "p0f_slots"
	P0FSlotPriceCents = 200 // per slot and period
	p0fCatalogID      = 1
)

// PromoSave10 is the built-in promo code: 10 % off every cycle.
const PromoSave10 = "SAVE10"

type cycle struct {
	id         int
	name       enum.Cycle
	months     int // 0: never expires
	restricted bool
}

var cycles = map[enum.Cycle]*cycle{
	CycleMonthly:   {id: 1, name: CycleMonthly, months: 1},
	CycleQuarterly: {id: 2, name: CycleQuarterly, months: 3},
	CycleYearly:    {id: 3, name: CycleYearly, months: 12, restricted: true},
	CycleLifetime:  {id: 4, name: CycleLifetime},
}

type product struct {
	id          int
	name        enum.ProductName
	description string
	// dcISP marks Datacenter and ISP: per-IP proxies, locations, stock,
	// del-np, signatures, add-ons, auto-renewal and cycle changes.
	dcISP     bool
	locations []string
	prices    map[enum.Cycle]int64 // cents per unit
	// fixedQuantity: one subscription per order (Unmetered has no quantity).
	fixedQuantity bool
}

func (p *product) cycleNames() []enum.Cycle {
	names := make([]enum.Cycle, 0, len(p.prices))
	for name := range p.prices {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b enum.Cycle) int { return cycles[a].id - cycles[b].id })
	return names
}

var dcISPLocations = []string{"DE", "NL", "US"}

var products = []*product{
	{id: 1, name: ProductDatacenter, description: "Dedicated datacenter IPs", dcISP: true, locations: dcISPLocations,
		prices: map[enum.Cycle]int64{CycleMonthly: 150, CycleQuarterly: 420, CycleYearly: 1500}},
	{id: 2, name: ProductISP, description: "Static ISP IPs", dcISP: true, locations: dcISPLocations,
		prices: map[enum.Cycle]int64{CycleMonthly: 300, CycleQuarterly: 840, CycleYearly: 3000}},
	{id: 3, name: ProductResidentialStandard, description: "Residential traffic, per GB",
		prices: map[enum.Cycle]int64{CycleLifetime: 350}},
	{id: 4, name: ProductResidentialPremium, description: "Premium residential traffic, per GB",
		prices: map[enum.Cycle]int64{CycleLifetime: 700}},
	{id: 5, name: ProductResidentialUnmetered, description: "Unlimited residential traffic", fixedQuantity: true,
		prices: map[enum.Cycle]int64{CycleMonthly: 9900}},
}

func productByName(name enum.ProductName) (*product, bool) {
	i := slices.IndexFunc(products, func(p *product) bool { return p.name == name })
	if i < 0 {
		return nil, false
	}
	return products[i], true
}

// initialStock is how many IPs each Datacenter/ISP location can sell.
func initialStock() map[stockKey]int {
	return map[stockKey]int{
		{ProductDatacenter, "DE"}: 500, {ProductDatacenter, "NL"}: 250, {ProductDatacenter, "US"}: 1000,
		{ProductISP, "DE"}: 100, {ProductISP, "NL"}: 50, {ProductISP, "US"}: 200,
	}
}

type stockKey struct {
	product enum.ProductName
	country string
}

// promo is a discount code; cycles nil means valid for every cycle.
type promo struct {
	percent int
	cycles  map[enum.Cycle]bool
}

func (p promo) validFor(cycleName enum.Cycle) bool { return p.cycles == nil || p.cycles[cycleName] }

// priceOf returns the undiscounted and the discounted price in cents.
// The discount is rounded down to whole cents.
func priceOf(p *product, c *cycle, quantity, discountPercent int) (original, final int64) {
	original = p.prices[c.name] * int64(quantity)
	return original, original - original*int64(discountPercent)/100
}

// cycleAllowed says whether the account may buy or switch to the cycle.
func (a *account) cycleAllowed(c *cycle) bool { return !c.restricted || a.grantedCycles[c.name] }

// ListProducts lists each product with the cycles the caller may use;
// Datacenter and ISP appear once per location.
func (st *state) ListProducts(ctx context.Context, _ gen.ListProductsRequestObject) (gen.ListProductsResponseObject, error) {
	acct := callerAccount(ctx)
	out := make([]gen.ProductWithCycles, 0, len(products)+4)
	for _, p := range products {
		names := make([]string, 0, len(p.prices))
		for _, name := range p.cycleNames() {
			if acct.cycleAllowed(cycles[name]) {
				names = append(names, string(name))
			}
		}
		if !p.dcISP {
			out = append(out, gen.ProductWithCycles{Name: string(p.name), Description: ptr(p.description), Cycles: names})
			continue
		}
		for _, loc := range p.locations {
			out = append(out, gen.ProductWithCycles{Name: string(p.name), Description: ptr(p.description), Location: ptr(loc), Cycles: names})
		}
	}
	return gen.ListProducts200JSONResponse{Success: true, Products: out}, nil
}

// GetAvailableCounts reports the IPs left per country and product, the
// product by its short code ("dc", "isp") as the API sends it.
func (st *state) GetAvailableCounts(context.Context, gen.GetAvailableCountsRequestObject) (gen.GetAvailableCountsResponseObject, error) {
	out := make([]gen.AvailableCountResponse, 0, len(st.stock))
	for _, p := range products {
		for _, loc := range p.locations {
			out = append(out, gen.AvailableCountResponse{Country: loc, Product: string(p.name.Code()), Amount: st.stock[stockKey{p.name, loc}]})
		}
	}
	return gen.GetAvailableCounts200JSONResponse(out), nil
}

// CalculateOrderPrice quotes a purchase with the purchase's own rules.
func (st *state) CalculateOrderPrice(ctx context.Context, req gen.CalculateOrderPriceRequestObject) (gen.CalculateOrderPriceResponseObject, error) {
	acct := callerAccount(ctx)
	q := req.Params
	addons, f := parseAddonsJSON(q.AddonsJSON)
	if f != nil {
		return nil, f
	}
	in := purchaseInput{product: enum.ProductName(q.Product), location: deref(q.Location), cycle: enum.Cycle(deref(q.Cycle)), quantity: q.Quantity, promo: deref(q.PromoCode), addons: addons}
	p, f := st.checkPurchase(acct, in)
	if f != nil {
		return nil, f
	}
	return gen.CalculateOrderPrice200JSONResponse{
		OriginalPrice: ptr(int(p.original)), FinalPrice: ptr(int(p.final)), DiscountPercent: ptr(p.discount),
		AddonsPrice: ptr(int(p.addonsPrice)), TotalWithAddons: ptr(int(p.total())),
	}, nil
}

// AddPromo adds (or replaces) a promo code valid for every cycle.
func (s *Server) AddPromo(code string, percent int) { s.AddPromoForCycles(code, percent) }

// AddPromoForCycles adds a promo code valid only for the named cycles (every
// cycle when none is named). Changing an order to a cycle the code is not
// valid for drops the code.
func (s *Server) AddPromoForCycles(code string, percent int, cycleNames ...enum.Cycle) {
	if err := s.addPromo(code, percent, cycleNames); err != nil {
		s.misuse("AddPromo: %v", err)
	}
}

func (s *Server) addPromo(code string, percent int, cycleNames []enum.Cycle) error {
	if code == "" {
		return errors.New("the code is empty")
	}
	if percent < 0 || percent > 100 {
		return fmt.Errorf("percent %d is not between 0 and 100", percent)
	}
	p := promo{percent: percent}
	if len(cycleNames) > 0 {
		p.cycles = map[enum.Cycle]bool{}
		for _, c := range cycleNames {
			if _, ok := cycles[c]; !ok {
				return fmt.Errorf("unknown cycle %q", c)
			}
			p.cycles[c] = true
		}
	}
	s.st.lock()
	defer s.st.mu.Unlock()
	s.st.promos[code] = p
	return nil
}

// SetStock sets how many IPs of a Datacenter/ISP product a country has left.
func (s *Server) SetStock(productName enum.ProductName, country string, amount int) {
	if err := s.setStock(productName, country, amount); err != nil {
		s.misuse("SetStock: %v", err)
	}
}

func (s *Server) setStock(productName enum.ProductName, country string, amount int) error {
	p, ok := productByName(productName)
	if !ok || !p.dcISP || !slices.Contains(p.locations, country) || amount < 0 {
		return fmt.Errorf("no stock for %q in %q (or a negative amount)", productName, country)
	}
	s.st.lock()
	defer s.st.mu.Unlock()
	s.st.stock[stockKey{productName, country}] = amount
	return nil
}
