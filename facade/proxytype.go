package facade

// ProxyType is the residential package an operation is about: the API's
// proxy_type query parameter. The spec types it as a plain string whose
// description allows "standart" and "premium"; only the ISP list declares
// it as an enum (of "premium" alone).
type ProxyType string

const (
	// ProxyTypeStandard is Standard Residential traffic, spelled the API's way.
	ProxyTypeStandard ProxyType = "standart"
	// ProxyTypePremium is Premium Residential traffic.
	ProxyTypePremium ProxyType = "premium"
	// ProxyTypeUnlimited is Unmetered (Unlimited) Residential. The spec
	// does not list it, but ProxyShard's own desktop client sends it, so
	// the server accepts it there.
	ProxyTypeUnlimited ProxyType = "unlimited"
)

// Documented reports whether the spec names t ("standart" or "premium").
func (t ProxyType) Documented() bool { return t == ProxyTypeStandard || t == ProxyTypePremium }

// ProxyTypeOf is the package a residential product's traffic belongs to;
// ok is false for Datacenter, ISP and unknown products.
func ProxyTypeOf(p ProductName) (t ProxyType, ok bool) {
	switch p {
	case ProductResidentialStandard:
		return ProxyTypeStandard, true
	case ProductResidentialPremium:
		return ProxyTypePremium, true
	case ProductResidentialUnmetered:
		return ProxyTypeUnlimited, true
	}
	return "", false
}
