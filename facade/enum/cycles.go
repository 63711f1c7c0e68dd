package enum

// Cycle is a billing cycle's name, as a product lists it in the catalogue.
// The API does not enumerate cycles (it accepts any name a product
// offers), so names other than these constants are sent as they are.
type Cycle string

// The cycles ProxyShard offers: Datacenter and ISP are billed monthly,
// quarterly or yearly (yearly only for accounts it is enabled for),
// Unmetered Residential monthly, and Standard and Premium Residential
// traffic once (lifetime).
const (
	CycleMonthly   Cycle = "monthly"
	CycleQuarterly Cycle = "quarterly"
	CycleYearly    Cycle = "yearly"
	CycleLifetime  Cycle = "lifetime"
)
