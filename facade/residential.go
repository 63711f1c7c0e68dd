package facade

import (
	"context"

	"github.com/proxyshard/proxyshard-go/gen"
)

// Residential traffic is counted in units that differ between what the API
// takes and what it answers, so each has its own type: amounts sent are GB,
// the owner's traffic comes back in Bytes, and the sub-user answers state
// no unit at all (UnstatedTraffic). None converts into another, because
// ProxyShard does not say whether its GB is 10^9 or 2^30 bytes.

// GB is an amount of traffic in gigabytes, the unit every traffic input of
// the API takes (add-bandwidth, sub-user creation and data moves).
type GB int

// Bytes is an amount of traffic in bytes, the unit of the owner's
// traffic profile.
type Bytes int64

// UnstatedTraffic is a traffic amount whose unit the API does not state:
// the sub-user answers. Compare it only with other UnstatedTraffic values.
type UnstatedTraffic int64

// TrafficProfile is the account owner's own traffic of one package, summed
// over the owner's orders; what sub-users hold is not part of it.
type TrafficProfile struct {
	ProxyType     ProxyType
	Data          Bytes // the owner's allocation
	Remaining     Bytes
	Spent         Bytes
	ProxyPassword string // the owner's password for gateway logins
}

// Gateway is the owner's residential connection for this package; set
// Country, Host or SOCKS5Port on it as needed, then call Endpoint or Sessions.
func (p TrafficProfile) Gateway() (Gateway, error) {
	plan, err := p.ProxyType.GatewayPlan()
	if err != nil {
		return Gateway{}, err
	}
	return Gateway{Plan: plan, Password: p.ProxyPassword}, nil
}

// TrafficProfile returns the owner's traffic of a package. The server
// answers 400 until the account has bought that package.
func (c *Client) TrafficProfile(ctx context.Context, t ProxyType) (*TrafficProfile, error) {
	if err := t.validate(); err != nil {
		return nil, err
	}
	req, err := gen.BuildGetTrafficProfile(c.server, &gen.GetTrafficProfileParams{ProxyType: string(t)})
	a, err := opTrafficProfile.call(ctx, c, req, err)
	if err != nil {
		return nil, err
	}
	return &TrafficProfile{
		ProxyType: t, Data: Bytes(a.Data), Remaining: Bytes(a.DataRemain), Spent: Bytes(a.DataSpent), ProxyPassword: a.ProxyPassword,
	}, nil
}

// AddBandwidth buys amount GB more traffic for a Standard or Premium
// residential order and charges the wallet at once; promoCode may be
// empty. Like Purchase, it is never resent once it may have reached the
// server: ErrOutcomeUnknown means check the traffic profile and the wallet
// before buying again.
func (c *Client) AddBandwidth(ctx context.Context, orderID int, amount GB, promoCode string) error {
	if err := validateOrderID(orderID); err != nil {
		return err
	}
	if err := atLeastOne("amount (GB)", int(amount)); err != nil {
		return err
	}
	req, err := gen.BuildAddBandwidth(c.server, orderID, gen.AddBandwidthRequest{Amount: int(amount), PromoCode: optional(promoCode)})
	_, err = opAddBandwidth.call(ctx, c, req, err)
	return err
}

// validate accepts the three packages the API takes: the two the spec
// lists and "unlimited", which ProxyShard's own client sends.
func (t ProxyType) validate() error {
	switch t {
	case ProxyTypeStandard, ProxyTypePremium, ProxyTypeUnlimited:
		return nil
	case "":
		return invalid("proxy type", "is required (ProxyTypeStandard, ProxyTypePremium or ProxyTypeUnlimited)")
	}
	return invalid("proxy type", "%q is not one of standart, premium, unlimited (ProxyTypeStandard, ProxyTypePremium, ProxyTypeUnlimited)", string(t))
}

// atLeastZero is for amounts where 0 is allowed (a sub-user created empty).
func atLeastZero(field string, n int) error {
	if n < 0 {
		return invalid(field, "must not be negative, got %d", n)
	}
	return nil
}
