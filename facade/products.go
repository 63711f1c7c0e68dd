package facade

import (
	"context"
	"strings"

	"github.com/proxyshard/proxyshard-go/facade/enum"
	"github.com/proxyshard/proxyshard-go/gen"
)

// ProductName is a product's exact name in the API, spelling included
// ("Standart" is how the API writes it). Names the API adds later are
// still accepted and decoded. It is declared in package enum, which the
// fake (facadetest) shares, with its methods Known and Code.
type ProductName = enum.ProductName

// The products the API documents, taken from the spec's enums so that a
// product renamed or dropped upstream stops this module from compiling.
const (
	ProductDatacenter           = enum.ProductDatacenter
	ProductISP                  = enum.ProductISP
	ProductResidentialStandard  = enum.ProductResidentialStandard
	ProductResidentialPremium   = enum.ProductResidentialPremium
	ProductResidentialUnmetered = enum.ProductResidentialUnmetered
)

// productTypes names the purchase type of each documented product.
var productTypes = map[ProductName]string{
	ProductDatacenter:           "Datacenter",
	ProductISP:                  "ISP",
	ProductResidentialStandard:  "ResidentialStandard",
	ProductResidentialPremium:   "ResidentialPremium",
	ProductResidentialUnmetered: "ResidentialUnmetered",
}

// spelledLike finds the documented product a name not quite like it was
// meant as: the same words in another case, or "Standard" for the API's
// "Standart". The server would answer such a name with a complaint about
// some other field, which does not lead to the misspelling.
func spelledLike(name ProductName) (ProductName, string, bool) {
	norm := func(s string) string {
		return strings.ReplaceAll(strings.Join(strings.Fields(strings.ToLower(s)), " "), "standard", "standart")
	}
	for known, typ := range productTypes {
		if norm(string(name)) == norm(string(known)) {
			return known, typ, true
		}
	}
	return "", "", false
}

// Product is one entry of the catalogue.
type Product struct {
	Name        ProductName
	Description string
	Location    string  // empty when the product has no location
	Cycles      []Cycle // the billing cycles Purchase and Quote accept for it, such as CycleMonthly
}

// Products returns the catalogue: every product and its billing cycles.
func (c *Client) Products(ctx context.Context) ([]Product, error) {
	req, err := gen.BuildListProducts(c.server)
	ans, err := opListProducts.call(ctx, c, req, err)
	if err != nil {
		return nil, err
	}
	out := make([]Product, 0, len(ans.Products))
	for _, p := range ans.Products {
		out = append(out, Product{Name: ProductName(p.Name), Description: deref(p.Description), Location: deref(p.Location), Cycles: cyclesOf(p.Cycles)})
	}
	return out, nil
}

func cyclesOf(names []string) []Cycle {
	out := make([]Cycle, len(names))
	for i, n := range names {
		out[i] = Cycle(n)
	}
	return out
}

// ProductCode is the short name available-count gives a product ("dc",
// "isp") where other operations use its display name. It is declared in
// package enum, with its method Product.
type ProductCode = enum.ProductCode

// The codes ProxyShard's own client maps to products.
const (
	CodeDatacenter = enum.CodeDatacenter
	CodeISP        = enum.CodeISP
)

// Availability is how many proxies of a product can be bought in a country.
type Availability struct {
	Product ProductName // resolved from Code; "" when the code is unknown
	Code    ProductCode // as the API sent it, kept when it is unknown
	Country string
	Amount  int
}

// AvailableCounts returns the stock per product and country. The API names
// products here by short code; each entry has the product it resolves to,
// and keeps a code this package does not know rather than dropping it.
func (c *Client) AvailableCounts(ctx context.Context) ([]Availability, error) {
	req, err := gen.BuildGetAvailableCounts(c.server)
	counts, err := opAvailableCounts.call(ctx, c, req, err)
	if err != nil {
		return nil, err
	}
	out := make([]Availability, 0, len(*counts))
	for _, a := range *counts {
		code := ProductCode(a.Product)
		product, _ := code.Product()
		out = append(out, Availability{Product: product, Code: code, Country: a.Country, Amount: a.Amount})
	}
	return out, nil
}

// deref returns the value behind an optional field of a generated model,
// or the zero value when the server left it out.
func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}
