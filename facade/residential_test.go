package facade_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

const gb = facadetest.BytesPerGB

// buyTraffic buys Standard Residential traffic and returns the order.
func buyTraffic(t *testing.T, c *facade.Client, amount int) int {
	t.Helper()
	r, err := c.Purchase(context.Background(), facade.ResidentialStandard{Quantity: amount})
	require.NoError(t, err)
	return r.OrderID
}

// The owner's traffic: GB bought, bytes reported, add-bandwidth charged
// from the wallet; sub-users take their share from the owner and give it back.
func TestResidentialTrafficAndSubUsers(t *testing.T) {
	t.Parallel()
	c, s := fakeClient(t)
	ctx := context.Background()

	_, err := c.TrafficProfile(ctx, facade.ProxyTypeStandard)
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr, "no traffic bought yet")
	assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)

	order := buyTraffic(t, c, 3)
	before := s.Balance(s.Token)
	require.NoError(t, c.AddBandwidth(ctx, order, 2, ""))
	assert.Equal(t, before-2*350, s.Balance(s.Token), "2 GB at the Standard price")

	p, err := c.TrafficProfile(ctx, facade.ProxyTypeStandard)
	require.NoError(t, err)
	assert.Equal(t, facade.Bytes(5*gb), p.Data)
	assert.Equal(t, facade.Bytes(5*gb), p.Remaining)
	assert.Zero(t, p.Spent)
	assert.NotEmpty(t, p.ProxyPassword)

	u, err := c.CreateSubUser(ctx, facade.ProxyTypeStandard, "crawler", 2)
	require.NoError(t, err)
	assert.Equal(t, "crawler", u.Name)
	assert.Equal(t, facade.UnstatedTraffic(2*gb), u.Data)
	assert.Nil(t, u.Remaining, "the create answer carries no data_remain")

	require.NoError(t, c.AddSubUserTraffic(ctx, facade.ProxyTypeStandard, u.ID, 1))
	require.NoError(t, c.TakeSubUserTraffic(ctx, facade.ProxyTypeStandard, u.ID, 2))
	got, err := c.SubUser(ctx, facade.ProxyTypeStandard, u.ID)
	require.NoError(t, err)
	assert.Equal(t, u.ID, got.ID, "the id is the one asked for; the answer has none")
	assert.Equal(t, facade.UnstatedTraffic(1*gb), got.Data)
	p, err = c.TrafficProfile(ctx, facade.ProxyTypeStandard)
	require.NoError(t, err)
	assert.Equal(t, facade.Bytes(4*gb), p.Data, "the owner's allocation excludes the sub-user's")

	// Moves that would leave a side negative are refused and change nothing.
	err = c.TakeSubUserTraffic(ctx, facade.ProxyTypeStandard, u.ID, 2)
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
	assert.ErrorAs(t, c.AddSubUserTraffic(ctx, facade.ProxyTypeStandard, u.ID, 5), &apiErr)

	require.NoError(t, c.RenameSubUser(ctx, facade.ProxyTypeStandard, u.ID, "scraper"))
	require.NoError(t, c.ResetSubUserPassword(ctx, facade.ProxyTypeStandard, u.ID))
	after, err := c.SubUser(ctx, facade.ProxyTypeStandard, u.ID)
	require.NoError(t, err)
	assert.Equal(t, "scraper", after.Name)
	assert.NotEqual(t, got.ProxyPassword, after.ProxyPassword, "a new password, read back")

	var listed []facade.SubUser
	for su, err := range c.SubUsers(ctx, facade.ProxyTypeStandard) {
		require.NoError(t, err)
		listed = append(listed, su)
	}
	require.Len(t, listed, 1)
	require.NotNil(t, listed[0].Remaining)
	assert.Equal(t, facade.UnstatedTraffic(1*gb), *listed[0].Remaining)

	require.NoError(t, c.DeleteSubUser(ctx, u.ID))
	p, err = c.TrafficProfile(ctx, facade.ProxyTypeStandard)
	require.NoError(t, err)
	assert.Equal(t, facade.Bytes(5*gb), p.Data, "a deleted sub-user's traffic goes back to the owner")
	page, err := c.SubUsersPage(ctx, facade.ProxyTypeStandard, 0, 10)
	require.NoError(t, err)
	assert.Zero(t, page.Total)
}

func TestSubUsersIteratePages(t *testing.T) {
	t.Parallel()
	c, s := fakeClient(t)
	ctx := context.Background()
	buyTraffic(t, c, 1)
	for range 105 {
		_, err := c.CreateSubUser(ctx, facade.ProxyTypeStandard, "u", 0)
		require.NoError(t, err)
	}
	before := s.Requests("listSubUsers")
	seen := map[string]bool{}
	for u, err := range c.SubUsers(ctx, facade.ProxyTypeStandard) {
		require.NoError(t, err)
		seen[u.ID] = true
	}
	assert.Len(t, seen, 105)
	assert.Equal(t, 2, s.Requests("listSubUsers")-before, "pages of 100")
}

// Geo lists go country -> region -> city -> ISP, each level taking the
// codes of the one before; ISPs are Premium's alone.
func TestGeoTargetingLevels(t *testing.T) {
	t.Parallel()
	c, _ := fakeClient(t)
	ctx := context.Background()

	std, err := c.Countries(ctx, facade.ProxyTypeStandard)
	require.NoError(t, err)
	prem, err := c.Countries(ctx, facade.ProxyTypePremium)
	require.NoError(t, err)
	assert.Greater(t, len(prem), len(std), "Premium covers more countries")
	assert.Contains(t, std, facade.Country{Code: "DE", Name: "Germany"})

	regions, err := c.Regions(ctx, facade.ProxyTypeStandard, "US")
	require.NoError(t, err)
	require.NotEmpty(t, regions)
	assert.Equal(t, "US", regions[0].Country.Code)
	cities, err := c.Cities(ctx, facade.ProxyTypeStandard, "US", "NY")
	require.NoError(t, err)
	require.NotEmpty(t, cities)
	require.NotNil(t, cities[0].Region)
	assert.Equal(t, "NY", cities[0].Region.Code)

	// Without Premium traffic the ISP list is refused.
	_, err = c.ISPs(ctx, "US", "NY", "new-york")
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)

	_, err = c.Purchase(ctx, facade.ResidentialPremium{Quantity: 1})
	require.NoError(t, err)
	isps, err := c.ISPs(ctx, "US", "NY", "new-york")
	require.NoError(t, err)
	assert.NotEmpty(t, isps)
	small, err := c.ISPs(ctx, "US", "NY", "buffalo")
	require.NoError(t, err)
	assert.Empty(t, small, "smaller cities have no ISPs, and that is not an error")
}

// The health probes need no token, and the client sends none.
func TestHealthProbesSendNoToken(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var auth []string
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		auth = append(auth, r.Header.Get("Authorization"))
		mu.Unlock()
		w.WriteHeader(http.StatusOK) // no body: the spec describes none
	})
	c := newClient(t, srv.URL)
	require.NoError(t, c.Health(context.Background()))
	require.NoError(t, c.Live(context.Background()))
	assert.Equal(t, []string{"", ""}, auth)

	fc, _ := fakeClient(t)
	assert.NoError(t, fc.Health(context.Background()))
	assert.NoError(t, fc.Live(context.Background()))

	down := serve(t, func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) })
	err := newClient(t, down.URL).Health(context.Background())
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusServiceUnavailable, apiErr.StatusCode)
	assert.Equal(t, fastRetries.MaxAttempts, apiErr.Attempts, "a probe is a read: retried")
}

// Traffic moves and add-bandwidth are never resent: an answer lost after
// the server applied them is an unknown outcome, and it was applied once.
func TestTrafficMovesAreNeverResent(t *testing.T) {
	t.Parallel()
	c, s := fakeClient(t)
	ctx := context.Background()
	order := buyTraffic(t, c, 5)
	u, err := c.CreateSubUser(ctx, facade.ProxyTypeStandard, "a", 0)
	require.NoError(t, err)

	tests := []struct {
		op   string
		call func() error
		// check says the call was applied exactly once.
		check func(t *testing.T, ts facadetest.TrafficState)
	}{
		{"addBandwidth", func() error { return c.AddBandwidth(ctx, order, 1, "") },
			func(t *testing.T, ts facadetest.TrafficState) { assert.Equal(t, int64(6*gb), ts.Bought) }},
		{"addSubUserData", func() error { return c.AddSubUserTraffic(ctx, facade.ProxyTypeStandard, u.ID, 2) },
			func(t *testing.T, ts facadetest.TrafficState) { assert.Equal(t, int64(2*gb), ts.SubUsers[0].Data) }},
		{"subtractSubUserData", func() error { return c.TakeSubUserTraffic(ctx, facade.ProxyTypeStandard, u.ID, 1) },
			func(t *testing.T, ts facadetest.TrafficState) { assert.Equal(t, int64(1*gb), ts.SubUsers[0].Data) }},
		{"createSubUser", func() error { _, err := c.CreateSubUser(ctx, facade.ProxyTypeStandard, "b", 1); return err },
			func(t *testing.T, ts facadetest.TrafficState) { assert.Len(t, ts.SubUsers, 2) }},
	}
	for _, tt := range tests {
		t.Run(tt.op, func(t *testing.T) {
			before := s.Requests(tt.op)
			s.InjectFault(tt.op, facadetest.Fault{DropAfterApply: true})
			err := tt.call()
			require.ErrorIs(t, err, facade.ErrOutcomeUnknown)
			var unknown *facade.OutcomeUnknownError
			require.True(t, errors.As(err, &unknown))
			assert.Equal(t, tt.op, unknown.Operation)
			assert.Equal(t, 1, s.Requests(tt.op)-before, "sent once")
			ts, ok := s.Traffic(s.Token, facadetest.ProxyTypeStandard)
			require.True(t, ok)
			tt.check(t, ts)

			s.InjectFault(tt.op, facadetest.Fault{Status: http.StatusServiceUnavailable})
			before = s.Requests(tt.op)
			require.ErrorIs(t, tt.call(), facade.ErrOutcomeUnknown, "a 503 may hide an applied move")
			assert.Equal(t, 1, s.Requests(tt.op)-before)
		})
	}
}

func TestResidentialInputIsCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	c, s := fakeClient(t)
	ctx := context.Background()
	tests := []struct {
		name, field string
		call        func() error
	}{
		{"no proxy type", "proxy type", func() error { _, err := c.TrafficProfile(ctx, ""); return err }},
		{"unknown proxy type", "proxy type", func() error { _, err := c.Countries(ctx, "mobile"); return err }},
		{"add-bandwidth of 0 GB", "amount (GB)", func() error { return c.AddBandwidth(ctx, 1, 0, "") }},
		{"add-bandwidth to order 0", "order ID", func() error { return c.AddBandwidth(ctx, 0, 1, "") }},
		{"sub-user without a name", "name", func() error { _, err := c.CreateSubUser(ctx, facade.ProxyTypeStandard, " ", 1); return err }},
		{"sub-user with negative traffic", "data (GB)", func() error {
			_, err := c.CreateSubUser(ctx, facade.ProxyTypeStandard, "a", -1)
			return err
		}},
		{"move 0 GB", "amount (GB)", func() error { return c.AddSubUserTraffic(ctx, facade.ProxyTypeStandard, "1", 0) }},
		{"take from no one", "sub-user ID", func() error { return c.TakeSubUserTraffic(ctx, facade.ProxyTypeStandard, "", 1) }},
		{"delete no one", "sub-user ID", func() error { return c.DeleteSubUser(ctx, "") }},
		{"delete the folder above", "sub-user ID", func() error { return c.DeleteSubUser(ctx, "..") }},
		{"read the folder itself", "sub-user ID", func() error { _, err := c.SubUser(ctx, facade.ProxyTypeStandard, "."); return err }},
		{"rename to nothing", "name", func() error { return c.RenameSubUser(ctx, facade.ProxyTypeStandard, "1", "") }},
		{"negative offset", "offset", func() error { _, err := c.SubUsersPage(ctx, facade.ProxyTypeStandard, -1, 10); return err }},
		{"regions without a country", "country code", func() error { _, err := c.Regions(ctx, facade.ProxyTypeStandard, ""); return err }},
		{"ISPs without a city", "city code", func() error { _, err := c.ISPs(ctx, "DE", "BE", ""); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			var ve *facade.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field)
		})
	}
	assert.Zero(t, s.TotalRequests(), "nothing was sent")
}

// Traffic is conserved whatever runs at once: owner and sub-users only
// exchange it, use only spends it, and no balance goes below zero.
func TestTrafficIsConservedUnderConcurrency(t *testing.T) {
	t.Parallel()
	c, s := fakeClient(t)
	ctx := context.Background()
	buyTraffic(t, c, 20)
	const workers = 8
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			u, err := c.CreateSubUser(ctx, facade.ProxyTypeStandard, "w", 1)
			if err != nil {
				return // the owner may have run dry: a refusal is fine
			}
			for i := range 10 {
				switch (w + i) % 4 {
				case 0:
					_ = c.AddSubUserTraffic(ctx, facade.ProxyTypeStandard, u.ID, 1)
				case 1:
					_ = c.TakeSubUserTraffic(ctx, facade.ProxyTypeStandard, u.ID, 1)
				case 2:
					s.UseTraffic(s.Token, facadetest.ProxyTypeStandard, u.ID, gb/3)
				case 3:
					s.UseTraffic(s.Token, facadetest.ProxyTypeStandard, "", gb/7)
				}
			}
			if w%2 == 0 {
				_ = c.DeleteSubUser(ctx, u.ID)
			}
		})
	}
	wg.Wait()

	ts, ok := s.Traffic(s.Token, facadetest.ProxyTypeStandard)
	require.True(t, ok)
	assert.Equal(t, int64(20*gb), ts.Bought)
	sum := ts.OwnerData + ts.DeletedSpent
	for _, u := range ts.SubUsers {
		sum += u.Data
		assert.GreaterOrEqual(t, u.Data-u.Spent, int64(0), "sub-user %s overdrawn", u.ID)
	}
	assert.Equal(t, ts.Bought, sum, "traffic created or lost")
	assert.GreaterOrEqual(t, ts.OwnerData-ts.OwnerSpent, int64(0), "owner overdrawn")

	p, err := c.TrafficProfile(ctx, facade.ProxyTypeStandard)
	require.NoError(t, err)
	assert.Equal(t, facade.Bytes(ts.OwnerData), p.Data)
	assert.Equal(t, facade.Bytes(ts.OwnerData-ts.OwnerSpent), p.Remaining)
}
