package facade

import "strconv"

// Cents is an amount of money in US cents, as the API sends it
// (wallet_balance, price_paid, price_per_unit, add_total ...). It is an
// integer on purpose: float arithmetic on money loses cents.
type Cents int64

// String formats the amount as dollars, such as "$12.34" or "-$0.05".
func (c Cents) String() string {
	sign := ""
	// Work on the magnitude as uint64 so the most negative value has one too.
	u := uint64(c)
	if c < 0 {
		sign = "-"
		u = -u
	}
	frac := u % 100
	pad := ""
	if frac < 10 {
		pad = "0"
	}
	return sign + "$" + strconv.FormatUint(u/100, 10) + "." + pad + strconv.FormatUint(frac, 10)
}

// Dollars returns the whole dollars and the remaining cents (0..99, with the
// sign of c), for callers that format money their own way.
func (c Cents) Dollars() (dollars, cents int64) {
	return int64(c) / 100, int64(c) % 100
}

// centsOf converts an optional integer amount from a generated model.
func centsOf(p *int) Cents {
	if p == nil {
		return 0
	}
	return Cents(*p)
}
