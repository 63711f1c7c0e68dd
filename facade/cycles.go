package facade

import "github.com/proxyshard/proxyshard-go/facade/enum"

// Cycle is a billing cycle's name, as Product.Cycles lists it for each
// product. The API does not enumerate cycles (it accepts any name a product
// offers), so names other than these constants are sent as they are.
// It is declared in package enum, which the fake (facadetest) shares.
type Cycle = enum.Cycle

// The cycles ProxyShard offers: Datacenter and ISP are billed monthly,
// quarterly or yearly (yearly only for accounts it is enabled for),
// Unmetered Residential monthly, and Standard and Premium Residential
// traffic once (lifetime).
const (
	CycleMonthly   = enum.CycleMonthly
	CycleQuarterly = enum.CycleQuarterly
	CycleYearly    = enum.CycleYearly
	CycleLifetime  = enum.CycleLifetime
)
