package facadetest

import (
	"context"

	"github.com/proxyshard/proxyshard-go/gen"
)

// The fake's geo-targeting catalogue: a few countries with regions and
// cities, and ISPs in the larger cities. Standard and Unlimited share one
// country list; Premium has one more country, as ProxyShard's Premium pool
// covers more countries. Only Premium has ISPs, and a city without ISPs
// answers an empty list, as the API does for smaller cities.

type geoCity struct {
	code, name string
	isps       []geoName // premium only; empty for smaller cities
}

type geoName struct{ code, name string }

type geoRegion struct {
	code, name string
	cities     []geoCity
}

type geoCountry struct {
	code, name  string
	premiumOnly bool
	regions     []geoRegion
}

var geoCatalogue = []geoCountry{
	{code: "DE", name: "Germany", regions: []geoRegion{
		{code: "BE", name: "Berlin", cities: []geoCity{
			{code: "berlin", name: "Berlin", isps: []geoName{{"deutsche-telekom", "Deutsche Telekom"}, {"vodafone-de", "Vodafone Germany"}}},
		}},
		{code: "BY", name: "Bavaria", cities: []geoCity{
			{code: "munich", name: "Munich", isps: []geoName{{"deutsche-telekom", "Deutsche Telekom"}}},
			{code: "nuremberg", name: "Nuremberg"},
		}},
	}},
	{code: "NL", name: "Netherlands", regions: []geoRegion{
		{code: "NH", name: "North Holland", cities: []geoCity{
			{code: "amsterdam", name: "Amsterdam", isps: []geoName{{"kpn", "KPN"}, {"ziggo", "Ziggo"}}},
		}},
	}},
	{code: "US", name: "United States", regions: []geoRegion{
		{code: "NY", name: "New York", cities: []geoCity{
			{code: "new-york", name: "New York", isps: []geoName{{"verizon", "Verizon"}, {"comcast", "Comcast"}}},
			{code: "buffalo", name: "Buffalo"},
		}},
		{code: "CA", name: "California", cities: []geoCity{
			{code: "los-angeles", name: "Los Angeles", isps: []geoName{{"att", "AT&T"}}},
		}},
	}},
	{code: "JP", name: "Japan", premiumOnly: true, regions: []geoRegion{
		{code: "13", name: "Tokyo", cities: []geoCity{
			{code: "tokyo", name: "Tokyo", isps: []geoName{{"ntt", "NTT"}}},
		}},
	}},
}

// geoCountryOf finds a country the package covers; 400 for an unknown
// package or a country outside it.
func geoCountryOf(proxyType, code string) (*geoCountry, *failure) {
	if !knownProxyType(proxyType) {
		return nil, badRequest("Invalid proxy type %q", proxyType)
	}
	for i := range geoCatalogue {
		c := &geoCatalogue[i]
		if c.code == code && (!c.premiumOnly || proxyType == ProxyTypePremium) {
			return c, nil
		}
	}
	return nil, badRequest("Unknown country %q for %s", code, proxyType)
}

func (c *geoCountry) region(code string) (*geoRegion, *failure) {
	for i := range c.regions {
		if c.regions[i].code == code {
			return &c.regions[i], nil
		}
	}
	return nil, badRequest("Unknown region %q in %s", code, c.code)
}

func (r *geoRegion) city(code string) (*geoCity, *failure) {
	for i := range r.cities {
		if r.cities[i].code == code {
			return &r.cities[i], nil
		}
	}
	return nil, badRequest("Unknown city %q in region %s", code, r.code)
}

func (c *geoCountry) api() gen.Country { return gen.Country{Code: c.code, Name: c.name} }

// ListCountries lists the countries the package can target.
func (st *state) ListCountries(_ context.Context, req gen.ListCountriesRequestObject) (gen.ListCountriesResponseObject, error) {
	t := req.Params.ProxyType
	if !knownProxyType(t) {
		return nil, badRequest("Invalid proxy type %q", t)
	}
	out := []gen.Country{}
	for i := range geoCatalogue {
		if c := &geoCatalogue[i]; !c.premiumOnly || t == ProxyTypePremium {
			out = append(out, c.api())
		}
	}
	return gen.ListCountries200JSONResponse{Count: len(out), Results: out}, nil
}

// ListRegions lists the regions of a country.
func (st *state) ListRegions(_ context.Context, req gen.ListRegionsRequestObject) (gen.ListRegionsResponseObject, error) {
	c, f := geoCountryOf(req.Params.ProxyType, req.Params.CountryCode)
	if f != nil {
		return nil, f
	}
	out := make([]gen.Region, 0, len(c.regions))
	for _, r := range c.regions {
		out = append(out, gen.Region{Code: r.code, Name: r.name, Country: c.api()})
	}
	return gen.ListRegions200JSONResponse{Count: len(out), Results: out}, nil
}

// ListCities lists the cities of a region.
func (st *state) ListCities(_ context.Context, req gen.ListCitiesRequestObject) (gen.ListCitiesResponseObject, error) {
	c, f := geoCountryOf(req.Params.ProxyType, req.Params.CountryCode)
	if f != nil {
		return nil, f
	}
	r, f := c.region(req.Params.RegionCode)
	if f != nil {
		return nil, f
	}
	out := make([]gen.City, 0, len(r.cities))
	for _, city := range r.cities {
		out = append(out, gen.City{Code: city.code, Name: city.name, Country: c.api(), Region: &gen.CityRegion{Code: r.code, Name: r.name}})
	}
	return gen.ListCities200JSONResponse{Count: len(out), Results: out}, nil
}

// ListIsps lists the ISPs of a city: Premium only, and only for an account
// with Premium traffic, as the API documents.
func (st *state) ListIsps(ctx context.Context, req gen.ListIspsRequestObject) (gen.ListIspsResponseObject, error) {
	q := req.Params
	if string(q.ProxyType) != ProxyTypePremium {
		return nil, badRequest("ISP targeting is available for the premium package only")
	}
	_, _, f := st.pool(ctx, ProxyTypePremium)
	if f != nil {
		return nil, f
	}
	c, f := geoCountryOf(ProxyTypePremium, q.CountryCode)
	if f != nil {
		return nil, f
	}
	r, f := c.region(q.RegionCode)
	if f != nil {
		return nil, f
	}
	city, f := r.city(q.CityCode)
	if f != nil {
		return nil, f
	}
	out := make([]gen.Isp, 0, len(city.isps))
	for _, isp := range city.isps {
		out = append(out, gen.Isp{Code: isp.code, Name: isp.name, Country: c.api(), Region: &gen.IspRegion{Code: r.code, Name: r.name}})
	}
	return gen.ListIsps200JSONResponse{Count: len(out), Results: out}, nil
}
