package main

import (
	"context"

	"github.com/proxyshard/proxyshard-go/facade"
)

// placeJSON is one entry of a geo list: a country, region, city or ISP.
type placeJSON struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Region string `json:"region,omitempty"` // cities and ISPs: their region's code
}

const geoDetail = `Targeting goes country -> region -> city -> ISP: each list's codes are what
the next one takes. ISPs exist for the Premium package only, and for larger
cities only: an empty list is a normal answer.`

func geoCommands() []*command {
	return []*command{
		{name: "geo countries", summary: "the countries a residential package can target",
			detail:   geoDetail,
			examples: []string{"proxyshard geo countries --product standard"},
			setup: setupResidential(true, func(ctx context.Context, a *app, c *facade.Client, s residentialArgs) error {
				list, err := c.Countries(ctx, s.t)
				return printPlaces(a, list, err, false, func(v facade.Country) placeJSON { return placeJSON{Code: v.Code, Name: v.Name} })
			})},
		{name: "geo regions", args: "COUNTRY", summary: "the regions of a country",
			detail:   geoDetail,
			examples: []string{"proxyshard geo regions US --product premium"},
			setup: setupResidential(true, func(ctx context.Context, a *app, c *facade.Client, s residentialArgs) error {
				list, err := c.Regions(ctx, s.t, s.args[0])
				return printPlaces(a, list, err, false, func(v facade.Region) placeJSON { return placeJSON{Code: v.Code, Name: v.Name} })
			})},
		{name: "geo cities", args: "COUNTRY REGION", summary: "the cities of a region",
			detail:   geoDetail,
			examples: []string{"proxyshard geo cities US NY --product standard"},
			setup: setupResidential(true, func(ctx context.Context, a *app, c *facade.Client, s residentialArgs) error {
				list, err := c.Cities(ctx, s.t, s.args[0], s.args[1])
				return printPlaces(a, list, err, true, func(v facade.City) placeJSON {
					return placeJSON{Code: v.Code, Name: v.Name, Region: regionCode(v.Region)}
				})
			})},
		// The ISP list takes no package: it is Premium's alone.
		{name: "geo isps", args: "COUNTRY REGION CITY", summary: "the internet providers of a city (Premium only)",
			detail:   geoDetail,
			examples: []string{"proxyshard geo isps US NY new-york"},
			setup: setupResidential(false, func(ctx context.Context, a *app, c *facade.Client, s residentialArgs) error {
				list, err := c.ISPs(ctx, s.args[0], s.args[1], s.args[2])
				return printPlaces(a, list, err, true, func(v facade.InternetProvider) placeJSON {
					return placeJSON{Code: v.Code, Name: v.Name, Region: regionCode(v.Region)}
				})
			})},
	}
}

// printPlaces prints a geo list's answer: code and name, and the region
// for cities and ISPs.
func printPlaces[T any](a *app, list []T, err error, withRegion bool, entry func(T) placeJSON) error {
	if err != nil {
		return err
	}
	columns := []string{"code", "name"}
	if withRegion {
		columns = append(columns, "region")
	}
	rows := make([][]cell, 0, len(list))
	out := make([]placeJSON, 0, len(list))
	for _, v := range list {
		p := entry(v)
		row := []cell{text(p.Code), text(p.Name)}
		if withRegion {
			row = append(row, text(p.Region))
		}
		rows = append(rows, row)
		out = append(out, p)
	}
	return a.printList(columns, rows, out)
}

func regionCode(p *facade.Place) string {
	if p == nil {
		return ""
	}
	return p.Code
}
