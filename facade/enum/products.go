package enum

import "github.com/proxyshard/proxyshard-go/gen"

// ProductName is a product's exact name in the API, spelling included
// ("Standart" is how the API writes it). Names the API adds later are
// still accepted and decoded.
type ProductName string

// The products the API documents, taken from the spec's enums so that a
// product renamed or dropped upstream stops this package from compiling.
const (
	ProductDatacenter           = ProductName(gen.DcIspProductDatacenter)
	ProductISP                  = ProductName(gen.DcIspProductISP)
	ProductResidentialStandard  = ProductName(gen.ResidentialStandardProductName)
	ProductResidentialPremium   = ProductName(gen.ResidentialPremiumProductName)
	ProductResidentialUnmetered = ProductName(gen.ResidentialUnmeteredProductName)
)

// Known reports whether the name is one of the five documented products.
func (p ProductName) Known() bool {
	switch p {
	case ProductDatacenter, ProductISP, ProductResidentialStandard, ProductResidentialPremium, ProductResidentialUnmetered:
		return true
	}
	return false
}

// ProductCode is the short name available-count gives a product ("dc",
// "isp") where other operations use its display name.
type ProductCode string

// The codes ProxyShard's own client maps to products.
const (
	CodeDatacenter ProductCode = "dc"
	CodeISP        ProductCode = "isp"
)

var productsByCode = map[ProductCode]ProductName{CodeDatacenter: ProductDatacenter, CodeISP: ProductISP}

// Product resolves the code. A code this package does not know, or a
// display name (what older answers sent), resolves to itself when it names
// a documented product, else to "" and false.
func (c ProductCode) Product() (ProductName, bool) {
	if p, ok := productsByCode[c]; ok {
		return p, true
	}
	if p := ProductName(c); p.Known() {
		return p, true
	}
	return "", false
}

// Code is the product's short code, "" for a product that has none.
func (p ProductName) Code() ProductCode {
	for code, name := range productsByCode {
		if name == p {
			return code
		}
	}
	return ""
}
