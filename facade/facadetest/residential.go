package facadetest

import (
	"context"
	"crypto/rand"
	"strconv"

	"github.com/proxyshard/proxyshard-go/gen"
)

// Residential traffic. Each account has one traffic pool per package
// (proxy_type), opened by its first purchase of that package. The owner's
// traffic and its sub-users' allocations are one quantity moved between
// them: buying (a purchase or add-bandwidth) is the only way traffic is
// created, using it (UseTraffic) the only way it goes, and a move never
// leaves either side negative.

// Residential packages, as the API's proxy_type spells them.
const (
	ProxyTypeStandard  = "standart"
	ProxyTypePremium   = "premium"
	ProxyTypeUnlimited = "unlimited" // not in the spec; ProxyShard's own client sends it
)

// BytesPerGB is how the fake converts the GB the API takes into the bytes
// it reports. ProxyShard does not say whether its GB is 10^9 or 2^30 bytes.
const BytesPerGB = 1_000_000_000

// maxTrafficGB bounds one traffic amount, so a huge one is a 400, not an overflow.
const maxTrafficGB = 1_000_000

// proxyTypeOf is the package a residential product's traffic goes to.
func proxyTypeOf(p *product) (string, bool) {
	switch p.name {
	case ProductResidentialStandard:
		return ProxyTypeStandard, true
	case ProductResidentialPremium:
		return ProxyTypePremium, true
	case ProductResidentialUnmetered:
		return ProxyTypeUnlimited, true
	}
	return "", false
}

func knownProxyType(t string) bool {
	return t == ProxyTypeStandard || t == ProxyTypePremium || t == ProxyTypeUnlimited
}

type poolKey struct{ token, proxyType string }

// trafficPool is one account's traffic of one package, in bytes.
type trafficPool struct {
	password string
	data     int64 // the owner's own allocation: bought, minus what sub-users hold
	spent    int64 // of data
	subUsers []*subUser
}

func (p *trafficPool) remain() int64 { return p.data - p.spent }

type subUser struct {
	id, name, password string
	data, spent        int64 // bytes
}

func (u *subUser) remain() int64 { return u.data - u.spent }

// pool returns the caller's pool of proxyType; 400 when the package is
// unknown or the account never bought it ("residential user not set up").
func (st *state) pool(ctx context.Context, proxyType string) (*account, *trafficPool, *failure) {
	acct := callerAccount(ctx)
	if !knownProxyType(proxyType) {
		return nil, nil, badRequest("Invalid proxy type %q", proxyType)
	}
	p, ok := st.pools[poolKey{acct.token, proxyType}]
	if !ok {
		return nil, nil, badRequest("User resident not set for %s: buy residential traffic first", proxyType)
	}
	return acct, p, nil
}

// creditTraffic adds bought traffic to the account's pool, opening it
// with a fresh proxy password on the first purchase. st.mu must be held.
func (st *state) creditTraffic(token string, p *product, gb int) {
	proxyType, ok := proxyTypeOf(p)
	if !ok {
		return
	}
	key := poolKey{token, proxyType}
	pool := st.pools[key]
	if pool == nil {
		pool = &trafficPool{password: newProxyPassword()}
		st.pools[key] = pool
	}
	if p.name != ProductResidentialUnmetered {
		pool.data += int64(gb) * BytesPerGB
		st.bought[key] += int64(gb) * BytesPerGB
	}
}

func newProxyPassword() string { return rand.Text()[:16] }

func validGB(field string, gb int) *failure {
	if gb < 1 || gb > maxTrafficGB {
		return badRequest("%s must be between 1 and %d GB", field, maxTrafficGB)
	}
	return nil
}

// AddBandwidth buys more traffic for a Standard or Premium residential
// order: the wallet is charged at the product's price per GB (a promo code
// valid for the order's cycle lowers it), and the GB go to the owner's pool.
func (st *state) AddBandwidth(ctx context.Context, req gen.AddBandwidthRequestObject) (gen.AddBandwidthResponseObject, error) {
	if req.Body == nil {
		return nil, badRequest("request body is required")
	}
	acct := callerAccount(ctx)
	o, ok := st.orders[req.ID]
	if !ok || o.owner != acct.token {
		return nil, orderNotFound()
	}
	if o.product.dcISP || o.product.fixedQuantity {
		return nil, badRequest("%s has no traffic to add", o.product.name)
	}
	if f := validGB("amount", req.Body.Amount); f != nil {
		return nil, f
	}
	discount := 0
	if code := deref(req.Body.PromoCode); code != "" {
		pr, ok := st.promos[code]
		if !ok || !pr.validFor(o.cycle.name) {
			return nil, badRequest("Invalid promo code")
		}
		discount = pr.percent
	}
	_, price := priceOf(o.product, o.cycle, req.Body.Amount, discount)
	if acct.balance < price {
		return nil, badRequest("Insufficient balance")
	}
	acct.balance -= price
	o.quantity += req.Body.Amount
	st.creditTraffic(acct.token, o.product, req.Body.Amount)
	return gen.AddBandwidth200JSONResponse{Success: true, Message: "Order paid successfully"}, nil
}

// GetTrafficProfile answers the owner's own traffic, in bytes.
func (st *state) GetTrafficProfile(ctx context.Context, req gen.GetTrafficProfileRequestObject) (gen.GetTrafficProfileResponseObject, error) {
	_, p, f := st.pool(ctx, req.Params.ProxyType)
	if f != nil {
		return nil, f
	}
	return gen.GetTrafficProfile200JSONResponse{
		Success: true, Data: int(p.data), DataRemain: int(p.remain()), DataSpent: int(p.spent), ProxyPassword: p.password,
	}, nil
}

// ListSubUsers answers one page of the package's sub-users, oldest first.
// offset and limit default to 0 and 20, as the spec's unused paging schema says.
func (st *state) ListSubUsers(ctx context.Context, req gen.ListSubUsersRequestObject) (gen.ListSubUsersResponseObject, error) {
	_, p, f := st.pool(ctx, req.Params.ProxyType)
	if f != nil {
		return nil, f
	}
	offset, limit := deref(req.Params.Offset), defaultPageSize
	if req.Params.Limit != nil {
		limit = *req.Params.Limit
	}
	if offset < 0 || limit < 1 || limit > maxPageSize {
		return nil, badRequest("offset must be at least 0 and limit between 1 and %d", maxPageSize)
	}
	page := make([]gen.ListedSubUser, 0, min(limit, len(p.subUsers)))
	for _, u := range p.subUsers[min(offset, len(p.subUsers)):min(offset+limit, len(p.subUsers))] {
		page = append(page, gen.ListedSubUser{
			UserID: u.id, FirstName: u.name, ProxyPassword: u.password, Data: int(u.data), DataSpent: int(u.spent), DataRemain: int(u.remain()),
		})
	}
	return gen.ListSubUsers200JSONResponse{Success: ptr(true), Count: ptr(len(p.subUsers)), Data: &page}, nil
}

// CreateSubUser opens a sub-user with data GB taken from the owner.
func (st *state) CreateSubUser(ctx context.Context, req gen.CreateSubUserRequestObject) (gen.CreateSubUserResponseObject, error) {
	if req.Body == nil {
		return nil, badRequest("request body is required")
	}
	_, p, f := st.pool(ctx, req.Params.ProxyType)
	if f != nil {
		return nil, f
	}
	if req.Body.Name == "" {
		return nil, badRequest("name is required")
	}
	if req.Body.Data < 0 || req.Body.Data > maxTrafficGB {
		return nil, badRequest("data must be between 0 and %d GB", maxTrafficGB)
	}
	move := int64(req.Body.Data) * BytesPerGB
	if move > p.remain() {
		return nil, badRequest("Not enough traffic: %d bytes left", p.remain())
	}
	st.lastSubUserID++
	u := &subUser{id: strconv.Itoa(st.lastSubUserID), name: req.Body.Name, password: newProxyPassword(), data: move}
	p.data -= move
	p.subUsers = append(p.subUsers, u)
	created := []gen.CreatedSubUser{{UserID: u.id, FirstName: u.name, ProxyPassword: u.password, Data: int(u.data), DataSpent: int(u.spent)}}
	return gen.CreateSubUser200JSONResponse{Success: ptr(true), Data: &created}, nil
}

// subUserOf finds a sub-user of the caller's package; 400 when it is not
// there (the spec documents no 404 for sub-users). st.mu must be held.
func (st *state) subUserOf(ctx context.Context, proxyType, userID string) (*trafficPool, *subUser, *failure) {
	_, p, f := st.pool(ctx, proxyType)
	if f != nil {
		return nil, nil, f
	}
	for _, u := range p.subUsers {
		if u.id == userID {
			return p, u, nil
		}
	}
	return nil, nil, badRequest("Sub user %q not found", userID)
}

// GetSubUser answers one sub-user, inside an array as the API does.
func (st *state) GetSubUser(ctx context.Context, req gen.GetSubUserRequestObject) (gen.GetSubUserResponseObject, error) {
	_, u, f := st.subUserOf(ctx, req.Params.ProxyType, req.UserID)
	if f != nil {
		return nil, f
	}
	one := []gen.FetchedSubUser{{FirstName: u.name, ProxyPassword: u.password, Data: int(u.data), DataSpent: int(u.spent)}}
	return gen.GetSubUser200JSONResponse{Success: ptr(true), Data: &one}, nil
}

// EditSubUser renames a sub-user.
func (st *state) EditSubUser(ctx context.Context, req gen.EditSubUserRequestObject) (gen.EditSubUserResponseObject, error) {
	if req.Body == nil || req.Body.Name == "" {
		return nil, badRequest("name is required")
	}
	_, u, f := st.subUserOf(ctx, req.Params.ProxyType, req.UserID)
	if f != nil {
		return nil, f
	}
	u.name = req.Body.Name
	return gen.EditSubUser200JSONResponse{Success: true, Message: "Sub user edited successfully"}, nil
}

// DeleteSubUser removes a sub-user of any package (the operation names
// none); the traffic it has left goes back to the owner.
func (st *state) DeleteSubUser(ctx context.Context, req gen.DeleteSubUserRequestObject) (gen.DeleteSubUserResponseObject, error) {
	acct := callerAccount(ctx)
	for key, p := range st.pools {
		if key.token != acct.token {
			continue
		}
		for i, u := range p.subUsers {
			if u.id == req.UserID {
				// Its used traffic stays used: the owner's allocation grows
				// by what is left, and the spent part leaves with the sub-user.
				p.data += u.remain()
				st.deletedSpent[key] += u.spent
				p.subUsers = append(p.subUsers[:i], p.subUsers[i+1:]...)
				return gen.DeleteSubUser200JSONResponse{Success: true, Message: "Sub user deleted successfully"}, nil
			}
		}
	}
	return nil, badRequest("Sub user %q not found", req.UserID)
}

// AddSubUserData moves GB from the owner to a sub-user.
func (st *state) AddSubUserData(ctx context.Context, req gen.AddSubUserDataRequestObject) (gen.AddSubUserDataResponseObject, error) {
	if req.Body == nil {
		return nil, badRequest("request body is required")
	}
	if f := st.moveSubUserData(ctx, req.Params.ProxyType, req.UserID, req.Body.Data, toSubUser); f != nil {
		return nil, f
	}
	return gen.AddSubUserData200JSONResponse{Success: true, Message: "Traffic added to sub user successfully"}, nil
}

// SubtractSubUserData moves GB from a sub-user back to the owner.
func (st *state) SubtractSubUserData(ctx context.Context, req gen.SubtractSubUserDataRequestObject) (gen.SubtractSubUserDataResponseObject, error) {
	if req.Body == nil {
		return nil, badRequest("request body is required")
	}
	if f := st.moveSubUserData(ctx, req.Params.ProxyType, req.UserID, req.Body.Data, toOwner); f != nil {
		return nil, f
	}
	return gen.SubtractSubUserData200JSONResponse{Success: true, Message: "Traffic subtracted from sub user successfully"}, nil
}

// The direction of a move between an owner's pool and a sub-user.
const (
	toSubUser = true
	toOwner   = false
)

// moveSubUserData moves gb GB between the owner's pool and a sub-user;
// only what the giving side has not used can move, so traffic is never
// created or lost.
func (st *state) moveSubUserData(ctx context.Context, proxyType, userID string, gb int, toSub bool) *failure {
	p, u, f := st.subUserOf(ctx, proxyType, userID)
	if f != nil {
		return f
	}
	if f := validGB("data", gb); f != nil {
		return f
	}
	move := int64(gb) * BytesPerGB
	from, to, giver := &p.data, &u.data, "the owner"
	left := p.remain()
	if !toSub {
		from, to, giver = &u.data, &p.data, "the sub user"
		left = u.remain()
	}
	if move > left {
		return badRequest("Not enough traffic: %s has %d bytes left", giver, left)
	}
	*from -= move
	*to += move
	return nil
}

// ResetSubUserPassword gives the sub-user a new proxy password; the answer
// does not carry it.
func (st *state) ResetSubUserPassword(ctx context.Context, req gen.ResetSubUserPasswordRequestObject) (gen.ResetSubUserPasswordResponseObject, error) {
	_, u, f := st.subUserOf(ctx, req.Params.ProxyType, req.UserID)
	if f != nil {
		return nil, f
	}
	u.password = newProxyPassword()
	return gen.ResetSubUserPassword200JSONResponse{Success: true, Message: "Sub user password changed successfully"}, nil
}

// TrafficState is a snapshot of one account's traffic of one package, in bytes.
type TrafficState struct {
	OwnerData, OwnerSpent int64 // the owner's own allocation and what it used
	SubUsers              []SubUserState
	// Bought is every byte ever bought for the package. It always equals
	// OwnerData + the sub-users' Data + DeletedSpent: traffic only moves.
	Bought       int64
	DeletedSpent int64 // used by sub-users since deleted
}

// SubUserState is one sub-user as the fake holds it.
type SubUserState struct {
	ID, Name, Password string
	Data, Spent        int64
}

// Traffic returns the traffic of the account with token in the package
// proxyType (ok false when the account has none).
func (s *Server) Traffic(token, proxyType string) (TrafficState, bool) {
	s.st.lock()
	defer s.st.mu.Unlock()
	key := poolKey{token, proxyType}
	p, ok := s.st.pools[key]
	if !ok {
		return TrafficState{}, false
	}
	ts := TrafficState{OwnerData: p.data, OwnerSpent: p.spent, Bought: s.st.bought[key], DeletedSpent: s.st.deletedSpent[key]}
	for _, u := range p.subUsers {
		ts.SubUsers = append(ts.SubUsers, SubUserState{ID: u.id, Name: u.name, Password: u.password, Data: u.data, Spent: u.spent})
	}
	return ts, true
}

// UseTraffic spends bytes of the owner's traffic (userID "") or of a
// sub-user's, as proxy use would; it reports false, changing nothing, when
// there is no such user or not enough traffic left.
func (s *Server) UseTraffic(token, proxyType, userID string, bytes int64) bool {
	s.st.lock()
	defer s.st.mu.Unlock()
	p, ok := s.st.pools[poolKey{token, proxyType}]
	if !ok || bytes < 0 {
		return false
	}
	if userID == "" {
		if bytes > p.remain() {
			return false
		}
		p.spent += bytes
		return true
	}
	for _, u := range p.subUsers {
		if u.id == userID && bytes <= u.remain() {
			u.spent += bytes
			return true
		}
	}
	return false
}
