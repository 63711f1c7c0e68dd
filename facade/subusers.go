package facade

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"

	"github.com/proxyshard/proxyshard-go/gen"
)

// SubUser is a residential sub-user: its own password and a share of the
// owner's traffic, moved to it and back with AddSubUserTraffic and
// TakeSubUserTraffic. The API states no unit for its traffic fields.
type SubUser struct {
	ID            string
	Name          string
	ProxyType     ProxyType
	ProxyPassword string // its password for gateway logins
	Data          UnstatedTraffic
	Spent         UnstatedTraffic
	// Remaining is what the list answers; nil from SubUser and
	// CreateSubUser, whose answers do not carry it.
	Remaining *UnstatedTraffic
}

// Gateway is the sub-user's residential connection; set Country, Host or
// SOCKS5Port on it as needed, then call Endpoint or Sessions.
func (u SubUser) Gateway() (Gateway, error) {
	plan, err := u.ProxyType.GatewayPlan()
	if err != nil {
		return Gateway{}, err
	}
	return Gateway{Plan: plan, Password: u.ProxyPassword}, nil
}

// SubUserPage is one page of SubUsersPage.
type SubUserPage struct {
	SubUsers []SubUser
	Total    int // sub-users of the package in all, before paging
}

// subUserPageSize is the page size SubUsers asks for. The API documents no
// maximum for this list; 100 is the largest the order list allows.
const subUserPageSize = 100

// SubUsersPage returns one page of a package's sub-users.
func (c *Client) SubUsersPage(ctx context.Context, t ProxyType, offset, limit int) (*SubUserPage, error) {
	if err := t.validate(); err != nil {
		return nil, err
	}
	if offset < 0 {
		return nil, invalid("offset", "must not be negative, got %d", offset)
	}
	if err := atLeastOne("limit", limit); err != nil {
		return nil, err
	}
	req, err := gen.BuildListSubUsers(c.server, &gen.ListSubUsersParams{ProxyType: string(t), Offset: &offset, Limit: &limit})
	a, err := opListSubUsers.call(ctx, c, req, err)
	if err != nil {
		return nil, err
	}
	page := &SubUserPage{}
	if a.Data != nil {
		page.SubUsers = make([]SubUser, 0, len(*a.Data))
		for _, u := range *a.Data {
			remaining := UnstatedTraffic(u.DataRemain)
			page.SubUsers = append(page.SubUsers, SubUser{
				ID: u.UserID, Name: u.FirstName, ProxyType: t, ProxyPassword: u.ProxyPassword,
				Data: UnstatedTraffic(u.Data), Spent: UnstatedTraffic(u.DataSpent), Remaining: &remaining,
			})
		}
	}
	page.Total = deref(a.Count)
	if a.Count == nil {
		page.Total = offset + len(page.SubUsers)
	}
	return page, nil
}

// SubUsers iterates over a package's sub-users, fetching pages lazily;
// the first error is yielded once and ends the iteration.
func (c *Client) SubUsers(ctx context.Context, t ProxyType) iter.Seq2[SubUser, error] {
	return func(yield func(SubUser, error) bool) {
		for offset := 0; ; {
			page, err := c.SubUsersPage(ctx, t, offset, subUserPageSize)
			if err != nil {
				yield(SubUser{}, err)
				return
			}
			for _, u := range page.SubUsers {
				if !yield(u, nil) {
					return
				}
			}
			offset += len(page.SubUsers)
			// A short or empty page ends the list, whatever count says, so
			// a server that miscounts cannot make this loop forever.
			if len(page.SubUsers) < subUserPageSize || offset >= page.Total {
				return
			}
		}
	}
}

// SubUser reads one sub-user. The API answers it inside an array and
// without its id or remaining traffic; any number of entries but one is
// an error.
func (c *Client) SubUser(ctx context.Context, t ProxyType, userID string) (*SubUser, error) {
	if err := validateSubUserCall(t, userID); err != nil {
		return nil, err
	}
	req, err := gen.BuildGetSubUser(c.server, userID, &gen.GetSubUserParams{ProxyType: string(t)})
	a, err := opGetSubUser.call(ctx, c, req, err)
	if err != nil {
		return nil, err
	}
	switch {
	case a.Data == nil || len(*a.Data) == 0:
		// data is optional in the spec: a success that holds no sub-user
		// says there is none to read.
		return nil, fmt.Errorf("%w: %s: the answer holds no sub-user %q", ErrNotFound, opGetSubUser.id, userID)
	case len(*a.Data) > 1:
		return nil, responseError(opGetSubUser.id, "answered %d sub-users for one id, want 1", len(*a.Data))
	}
	u := (*a.Data)[0]
	return &SubUser{
		ID: userID, Name: u.FirstName, ProxyType: t, ProxyPassword: u.ProxyPassword,
		Data: UnstatedTraffic(u.Data), Spent: UnstatedTraffic(u.DataSpent),
	}, nil
}

// CreateSubUser opens a sub-user of a package and moves data GB (0 is
// allowed) of the owner's traffic to it. Moving traffic twice would give
// it twice, so like a purchase it is never resent once it may have reached
// the server; ErrOutcomeUnknown means list the sub-users before trying again.
func (c *Client) CreateSubUser(ctx context.Context, t ProxyType, name string, data GB) (*SubUser, error) {
	if err := t.validate(); err != nil {
		return nil, err
	}
	if err := required("name", name); err != nil {
		return nil, err
	}
	if err := atLeastZero("data (GB)", int(data)); err != nil {
		return nil, err
	}
	req, err := gen.BuildCreateSubUser(c.server, &gen.CreateSubUserParams{ProxyType: string(t)}, gen.CreateSubUserRequest{Name: name, Data: int(data)})
	a, err := opCreateSubUser.call(ctx, c, req, err)
	if err != nil {
		return nil, err
	}
	if a.Data == nil || len(*a.Data) != 1 {
		// A success, so the traffic moved, but the answer does not say to
		// whom (data is optional in the spec): the caller must find the new
		// sub-user before creating another, as after a lost answer.
		return nil, &OutcomeUnknownError{Operation: opCreateSubUser.id, Method: req.Method, Path: req.URL.Path, SentAt: c.now(),
			Err: errors.New("the server reported success without naming exactly one new sub-user; list the sub-users to find it")}
	}
	u := (*a.Data)[0]
	return &SubUser{
		ID: u.UserID, Name: u.FirstName, ProxyType: t, ProxyPassword: u.ProxyPassword,
		Data: UnstatedTraffic(u.Data), Spent: UnstatedTraffic(u.DataSpent),
	}, nil
}

// RenameSubUser sets a sub-user's name (the only thing the API lets one
// edit). It states the whole result, so it is retried like a read.
func (c *Client) RenameSubUser(ctx context.Context, t ProxyType, userID, name string) error {
	if err := validateSubUserCall(t, userID); err != nil {
		return err
	}
	if err := required("name", name); err != nil {
		return err
	}
	req, err := gen.BuildEditSubUser(c.server, userID, &gen.EditSubUserParams{ProxyType: string(t)}, gen.EditSubUserPayload{Name: name})
	_, err = opEditSubUser.call(ctx, c, req, err)
	return err
}

// DeleteSubUser removes a sub-user; the API takes no package for it. It
// is retried like a read (the sub-user is gone however often it runs); if
// the first attempt's answer was lost, a retry may answer 400, which then
// means it is done.
func (c *Client) DeleteSubUser(ctx context.Context, userID string) error {
	if err := validateUserID(userID); err != nil {
		return err
	}
	req, err := gen.BuildDeleteSubUser(c.server, userID)
	_, err = opDeleteSubUser.call(ctx, c, req, err)
	return err
}

// AddSubUserTraffic moves amount GB of the owner's traffic to a sub-user.
// A second copy would move it twice, so it is never resent once it may
// have reached the server (ErrOutcomeUnknown: read the sub-user first).
func (c *Client) AddSubUserTraffic(ctx context.Context, t ProxyType, userID string, amount GB) error {
	if err := validateMove(t, userID, amount); err != nil {
		return err
	}
	req, err := gen.BuildAddSubUserData(c.server, userID, &gen.AddSubUserDataParams{ProxyType: string(t)}, gen.AddSubUserDataRequest{Data: int(amount)})
	_, err = opAddSubUserData.call(ctx, c, req, err)
	return err
}

// TakeSubUserTraffic moves amount GB of a sub-user's unused traffic back
// to the owner; never resent, like AddSubUserTraffic.
func (c *Client) TakeSubUserTraffic(ctx context.Context, t ProxyType, userID string, amount GB) error {
	if err := validateMove(t, userID, amount); err != nil {
		return err
	}
	req, err := gen.BuildSubtractSubUserData(c.server, userID, &gen.SubtractSubUserDataParams{ProxyType: string(t)}, gen.SubtractSubUserDataRequest{Data: int(amount)})
	_, err = opSubtractSubUserData.call(ctx, c, req, err)
	return err
}

func validateMove(t ProxyType, userID string, amount GB) error {
	if err := validateSubUserCall(t, userID); err != nil {
		return err
	}
	return atLeastOne("amount (GB)", int(amount))
}

// ResetSubUserPassword gives a sub-user a new proxy password, which
// invalidates every connection string made with the old one. The answer
// does not carry the new password: read it with SubUser. It is retried
// like a read, since every copy leaves the same kind of state (a fresh
// password, read back afterwards).
func (c *Client) ResetSubUserPassword(ctx context.Context, t ProxyType, userID string) error {
	if err := validateSubUserCall(t, userID); err != nil {
		return err
	}
	req, err := gen.BuildResetSubUserPassword(c.server, userID, &gen.ResetSubUserPasswordParams{ProxyType: string(t)}, emptyBody)
	_, err = opResetSubUserPass.call(ctx, c, req, err)
	return err
}

func validateSubUserCall(t ProxyType, userID string) error {
	if err := t.validate(); err != nil {
		return err
	}
	return validateUserID(userID)
}

func validateUserID(id string) error {
	if strings.TrimSpace(id) == "" {
		return invalid("sub-user ID", "is required (SubUser.ID, from SubUsers or CreateSubUser)")
	}
	if id == "." || id == ".." {
		// In a URL path these name the folder above, another endpoint.
		return invalid("sub-user ID", "%q is not an ID (SubUser.ID, from SubUsers or CreateSubUser)", id)
	}
	return nil
}
