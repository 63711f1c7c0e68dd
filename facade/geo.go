package facade

import (
	"context"

	"github.com/proxyshard/proxyshard-go/gen"
)

// Geo targeting goes country -> region -> city -> ISP; each level's codes
// are what the next level's call takes. ISPs exist for Premium only.

// Country is a country a residential package can target; Code is the ISO
// code the gateway login's country token takes.
type Country struct {
	Code, Name string
}

// Place names a region that a city or ISP belongs to.
type Place struct {
	Code, Name string
}

// Region is a region or state of a country.
type Region struct {
	Code, Name string
	Country    Country
}

// City is a city of a region. Region is nil when the API sent none.
type City struct {
	Code, Name string // Code is usually a slug
	Country    Country
	Region     *Place
}

// InternetProvider is an ISP inside a city, Premium's fourth targeting
// level (the name ISP is the ISP-proxy purchase).
type InternetProvider struct {
	Code, Name string
	Country    Country
	Region     *Place
}

// Countries lists the countries a package can target.
func (c *Client) Countries(ctx context.Context, t ProxyType) ([]Country, error) {
	if err := t.validate(); err != nil {
		return nil, err
	}
	req, err := gen.BuildListCountries(c.server, &gen.ListCountriesParams{ProxyType: string(t)})
	a, err := opListCountries.call(ctx, c, req, err)
	if err != nil {
		return nil, err
	}
	return mapEach(a.Results, func(r gen.Country) Country { return Country(r) }), nil
}

// Regions lists the regions of a country (a Country.Code).
func (c *Client) Regions(ctx context.Context, t ProxyType, country string) ([]Region, error) {
	if err := t.validate(); err != nil {
		return nil, err
	}
	if err := required("country code", country); err != nil {
		return nil, err
	}
	req, err := gen.BuildListRegions(c.server, &gen.ListRegionsParams{ProxyType: string(t), CountryCode: country})
	a, err := opListRegions.call(ctx, c, req, err)
	if err != nil {
		return nil, err
	}
	return mapEach(a.Results, func(r gen.Region) Region {
		return Region{Code: r.Code, Name: r.Name, Country: Country(r.Country)}
	}), nil
}

// Cities lists the cities of a region (a Region.Code) of a country.
func (c *Client) Cities(ctx context.Context, t ProxyType, country, region string) ([]City, error) {
	if err := t.validate(); err != nil {
		return nil, err
	}
	if err := requiredAll("country code", country, "region code", region); err != nil {
		return nil, err
	}
	req, err := gen.BuildListCities(c.server, &gen.ListCitiesParams{ProxyType: string(t), CountryCode: country, RegionCode: region})
	a, err := opListCities.call(ctx, c, req, err)
	if err != nil {
		return nil, err
	}
	return mapEach(a.Results, func(r gen.City) City {
		return City{Code: r.Code, Name: r.Name, Country: Country(r.Country), Region: (*Place)(r.Region)}
	}), nil
}

// ISPs lists the internet providers of a city (a City.Code). Only the
// Premium package has them, so there is no package to pass; smaller cities
// have none, and an empty list is a normal answer.
func (c *Client) ISPs(ctx context.Context, country, region, city string) ([]InternetProvider, error) {
	if err := requiredAll("country code", country, "region code", region, "city code", city); err != nil {
		return nil, err
	}
	req, err := gen.BuildListIsps(c.server, &gen.ListIspsParams{ProxyType: gen.IspProxyTypePremium, CountryCode: country, RegionCode: region, CityCode: city})
	a, err := opListISPs.call(ctx, c, req, err)
	if err != nil {
		return nil, err
	}
	return mapEach(a.Results, func(r gen.Isp) InternetProvider {
		return InternetProvider{Code: r.Code, Name: r.Name, Country: Country(r.Country), Region: (*Place)(r.Region)}
	}), nil
}

// mapEach maps every item of a listing answer to its facade type.
func mapEach[In, Out any](in []In, to func(In) Out) []Out {
	out := make([]Out, 0, len(in))
	for _, r := range in {
		out = append(out, to(r))
	}
	return out
}

// requiredAll checks name/value pairs with required, in order.
func requiredAll(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if err := required(pairs[i], pairs[i+1]); err != nil {
			return err
		}
	}
	return nil
}
