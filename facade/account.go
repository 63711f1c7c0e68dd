package facade

import (
	"context"

	"github.com/proxyshard/proxyshard-go/gen"
)

// Profile is the account behind the token.
type Profile struct {
	Email        string
	ActiveOrders int
	Balance      Cents // the wallet, which purchases and renewals are paid from
}

// Me returns the account's profile and wallet balance.
func (c *Client) Me(ctx context.Context) (*Profile, error) {
	req, err := gen.BuildGetMe(c.server)
	me, err := opGetMe.call(ctx, c, req, err)
	if err != nil {
		return nil, err
	}
	return &Profile{Email: me.Email, ActiveOrders: me.ActiveOrders, Balance: Cents(me.WalletBalance)}, nil
}
