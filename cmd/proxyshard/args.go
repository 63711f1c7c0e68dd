package main

import (
	"flag"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/proxyshard/proxyshard-go/facade"
)

// wantArgs checks the number of positional arguments.
func wantArgs(cmd *command, args []string, n int) error {
	if len(args) != n {
		return usageFor(cmd, "%s takes %d argument(s) (%s), got %d", cmd.name, n, cmd.args, len(args))
	}
	return nil
}

// orderID parses an order ID argument.
func orderID(cmd *command, s string) (int, error) {
	id, err := strconv.Atoi(s)
	if err != nil || id < 1 {
		return 0, usageFor(cmd, "order ID %q must be a positive number (\"proxyshard orders\" lists them)", s)
	}
	return id, nil
}

// positive parses a count argument such as a quantity.
func positive(cmd *command, what, s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, usageFor(cmd, "%s %q must be a whole number of at least 1", what, s)
	}
	return n, nil
}

// ips parses IP address arguments.
func ips(cmd *command, args []string) ([]netip.Addr, error) {
	if len(args) == 0 {
		return nil, usageFor(cmd, "give at least one IP address")
	}
	out := make([]netip.Addr, len(args))
	for i, s := range args {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, usageFor(cmd, "%q is not an IP address", s)
		}
		out[i] = a
	}
	return out, nil
}

// productAliases are the short names the command line accepts besides the
// products' exact names.
var productAliases = map[string]facade.ProductName{
	"dc":                   facade.ProductDatacenter,
	"datacenter":           facade.ProductDatacenter,
	"isp":                  facade.ProductISP,
	"standard":             facade.ProductResidentialStandard,
	"residential-standard": facade.ProductResidentialStandard,
	"premium":              facade.ProductResidentialPremium,
	"residential-premium":  facade.ProductResidentialPremium,
	"unmetered":            facade.ProductResidentialUnmetered,
}

const productChoices = "dc, isp, standard, premium, unmetered, or a product's exact name"

// productName resolves --product.
func productName(s string) (facade.ProductName, error) {
	if p, ok := productAliases[strings.ToLower(strings.TrimSpace(s))]; ok {
		return p, nil
	}
	for _, p := range []facade.ProductName{facade.ProductDatacenter, facade.ProductISP, facade.ProductResidentialStandard, facade.ProductResidentialPremium, facade.ProductResidentialUnmetered} {
		if strings.EqualFold(s, string(p)) {
			return p, nil
		}
	}
	return "", fmt.Errorf("unknown product %q: use %s", s, productChoices)
}

// productFilter resolves an optional --product filter; "" is no filter.
func productFilter(cmd *command, s string) (facade.ProductName, error) {
	if s == "" {
		return "", nil
	}
	p, err := productName(s)
	if err != nil {
		return "", usageFor(cmd, "%v", err)
	}
	return p, nil
}

// orderFlags are what quote and buy describe an order with.
type orderFlags struct {
	product, country, cycle, promo string
	quantity, p0fSlots             int
	autoRenew                      bool
}

func (o *orderFlags) register(fs *flag.FlagSet, withAutoRenew bool) {
	fs.StringVar(&o.product, "product", "", "the product: "+productChoices+" (required)")
	fs.StringVar(&o.country, "country", "", "the country, such as DE (Datacenter and ISP; \"proxyshard stock\" lists them)")
	fs.StringVar(&o.cycle, "cycle", "", "the billing cycle, such as monthly (Datacenter, ISP, Unmetered; \"proxyshard products\" lists them)")
	fs.IntVar(&o.quantity, "quantity", 1, "how many IPs (Datacenter, ISP) or units of traffic (Standard, Premium)")
	fs.StringVar(&o.promo, "promo", "", "a promo code")
	fs.IntVar(&o.p0fSlots, "p0f-slots", 0, "p0f signature slots bought with the order (Datacenter, ISP)")
	if withAutoRenew {
		fs.BoolVar(&o.autoRenew, "auto-renew", false, "renew from the wallet when the period ends (Datacenter, ISP, Unmetered)")
	}
}

// spec turns the flags into the facade's purchase value, refusing flags
// the product does not take, so a mistake is a usage error, not a request.
func (o *orderFlags) spec(set map[string]bool) (facade.PurchaseSpec, error) {
	if o.product == "" {
		return nil, fmt.Errorf("--product is required: %s", productChoices)
	}
	p, err := productName(o.product)
	if err != nil {
		return nil, err
	}
	refuse := func(flags ...string) error {
		for _, f := range flags {
			if set[f] {
				return fmt.Errorf("--%s does not apply to %s", f, p)
			}
		}
		return nil
	}
	need := func(name, v string) error {
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("--%s is required for %s", name, p)
		}
		return nil
	}
	if o.quantity < 1 {
		return nil, fmt.Errorf("--quantity must be at least 1, got %d", o.quantity)
	}
	if o.p0fSlots < 0 {
		return nil, fmt.Errorf("--p0f-slots must not be negative, got %d", o.p0fSlots)
	}
	var addons []facade.Addon
	if o.p0fSlots > 0 {
		addons = []facade.Addon{{Key: facade.AddonP0FSlots, Qty: o.p0fSlots}}
	}
	switch p {
	case facade.ProductDatacenter, facade.ProductISP:
		if err := need("country", o.country); err != nil {
			return nil, err
		}
		if err := need("cycle", o.cycle); err != nil {
			return nil, err
		}
		d := facade.Datacenter{Location: strings.ToUpper(o.country), Cycle: facade.Cycle(o.cycle), Quantity: o.quantity, PromoCode: o.promo, AutoRenewal: o.autoRenew, Addons: addons}
		if p == facade.ProductISP {
			return facade.ISP(d), nil
		}
		return d, nil
	case facade.ProductResidentialStandard, facade.ProductResidentialPremium:
		if err := refuse("country", "cycle", "auto-renew", "p0f-slots"); err != nil {
			return nil, err
		}
		r := facade.ResidentialStandard{Quantity: o.quantity, PromoCode: o.promo}
		if p == facade.ProductResidentialPremium {
			return facade.ResidentialPremium(r), nil
		}
		return r, nil
	default: // Unmetered
		if err := refuse("country", "quantity", "p0f-slots"); err != nil {
			return nil, err
		}
		if err := need("cycle", o.cycle); err != nil {
			return nil, err
		}
		return facade.ResidentialUnmetered{Cycle: facade.Cycle(o.cycle), PromoCode: o.promo, AutoRenewal: o.autoRenew}, nil
	}
}

// setFlags lists the flags given on the command line.
func setFlags(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

// describeSpec is the order in words, for the confirmation.
func describeSpec(s facade.PurchaseSpec) string {
	switch v := s.(type) {
	case facade.Datacenter:
		return dcISPWords(s.Product(), v)
	case facade.ISP:
		return dcISPWords(s.Product(), facade.Datacenter(v))
	case facade.ResidentialStandard:
		return fmt.Sprintf("%d unit(s) of %s", v.Quantity, s.Product())
	case facade.ResidentialPremium:
		return fmt.Sprintf("%d unit(s) of %s", v.Quantity, s.Product())
	case facade.ResidentialUnmetered:
		return fmt.Sprintf("%s, %s", s.Product(), v.Cycle)
	}
	return string(s.Product())
}

func dcISPWords(p facade.ProductName, d facade.Datacenter) string {
	words := fmt.Sprintf("%d %s IP(s) in %s, %s", d.Quantity, p, d.Location, d.Cycle)
	for _, a := range d.Addons {
		words += fmt.Sprintf(", with %d %s", a.Qty, strings.ReplaceAll(string(a.Key), "_", " "))
	}
	return words
}
