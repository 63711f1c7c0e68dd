package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

// withTraffic buys Standard traffic (order 1, 10 GB) and Premium traffic
// (order 2, 3 GB), opens sub-user 1 "crawler" with 2 GB of the Standard
// traffic and spends some of each.
func withTraffic(e *env) {
	e.buy(facade.ResidentialStandard{Quantity: 10}, "")
	e.buy(facade.ResidentialPremium{Quantity: 3}, "")
	_, err := e.client().CreateSubUser(context.Background(), facade.ProxyTypeStandard, "crawler", 2)
	require.NoError(e.t, err)
	require.True(e.t, e.fake.UseTraffic(e.fake.Token, facadetest.ProxyTypeStandard, "", 1_500_000_000))
	require.True(e.t, e.fake.UseTraffic(e.fake.Token, facadetest.ProxyTypeStandard, "1", 250_000_000))
}

// standardTraffic is the account's Standard traffic as the fake holds it.
func standardTraffic(t *testing.T, e *env) facadetest.TrafficState {
	t.Helper()
	ts, ok := e.fake.Traffic(e.fake.Token, facadetest.ProxyTypeStandard)
	require.True(t, ok)
	return ts
}

// residentialCases are the residential commands' golden cases; TestGolden
// runs them with the others.
var residentialCases = []goldenCase{
	{name: "help-add-bandwidth", args: []string{"help", "add-bandwidth"}},
	{name: "traffic", args: []string{"traffic", "--product", "standard"}, setup: withTraffic},
	{name: "traffic-json", args: []string{"traffic", "--product", "premium", "--json"}, setup: withTraffic},
	{name: "traffic-not-bought", args: []string{"traffic", "--product", "unmetered"}, setup: withTraffic, code: exitRefused},
	{name: "add-bandwidth", args: []string{"add-bandwidth", "1", "5", "--yes"}, setup: withTraffic,
		check: func(t *testing.T, e *env, _ result) {
			assert.Equal(t, 1, e.fake.Requests("addBandwidth"))
			assert.Equal(t, int64(15*facadetest.BytesPerGB), standardTraffic(t, e).Bought)
		}},
	{name: "add-bandwidth-confirmed", args: []string{"add-bandwidth", "2", "1", "--promo", "SAVE10"}, stdin: "y\n",
		setup: func(e *env) { withTraffic(e); e.fake.AddPromo("SAVE10", 10) },
		check: func(t *testing.T, e *env, _ result) { assert.Equal(t, 1, e.fake.Requests("addBandwidth")) }},
	{name: "add-bandwidth-lost-answer", args: []string{"add-bandwidth", "1", "5", "--yes"}, code: exitUnknown,
		setup: func(e *env) {
			withTraffic(e)
			e.fake.InjectFault("addBandwidth", facadetest.Fault{DropAfterApply: true})
		},
		check: func(t *testing.T, e *env, _ result) {
			assert.Equal(t, 1, e.fake.Requests("addBandwidth"), "never resent")
			assert.Equal(t, int64(15*facadetest.BytesPerGB), standardTraffic(t, e).Bought, "bought once")
		}},
	{name: "add-bandwidth-datacenter", args: []string{"add-bandwidth", "1", "5", "--yes"}, code: exitUsage,
		setup: func(e *env) { e.buy(dcSpec("DE", 1), "") },
		check: func(t *testing.T, e *env, _ result) { assert.Zero(t, e.fake.Requests("addBandwidth")) }},
	{name: "subusers-list", args: []string{"subusers", "list", "--product", "standard"}, setup: withTraffic},
	{name: "subusers-list-json", args: []string{"subusers", "list", "--product", "standard", "--json"}, setup: withTraffic},
	{name: "subusers-list-empty", args: []string{"subusers", "list", "--product", "premium"}, setup: withTraffic},
	{name: "subusers-show", args: []string{"subusers", "show", "1", "--product", "standard"}, setup: withTraffic},
	{name: "subusers-show-missing", args: []string{"subusers", "show", "9", "--product", "standard"}, setup: withTraffic, code: exitRefused},
	{name: "subusers-create", args: []string{"subusers", "create", "shop", "--product", "standard", "--data", "3"}, setup: withTraffic,
		check: func(t *testing.T, e *env, _ result) {
			ts := standardTraffic(t, e)
			require.Len(t, ts.SubUsers, 2)
			assert.Equal(t, "shop", ts.SubUsers[1].Name)
			assert.Equal(t, int64(3*facadetest.BytesPerGB), ts.SubUsers[1].Data)
		}},
	{name: "subusers-create-lost-answer", args: []string{"subusers", "create", "shop", "--product", "standard", "--data", "3"}, code: exitUnknown,
		setup: func(e *env) {
			withTraffic(e)
			e.fake.InjectFault("createSubUser", facadetest.Fault{DropAfterApply: true})
		},
		check: func(t *testing.T, e *env, _ result) {
			assert.Equal(t, 2, e.fake.Requests("createSubUser"), "the setup's and this one, never resent")
			assert.Len(t, standardTraffic(t, e).SubUsers, 2)
		}},
	{name: "subusers-rename", args: []string{"subusers", "rename", "1", "crawler-eu", "--product", "standard"}, setup: withTraffic,
		check: func(t *testing.T, e *env, _ result) {
			assert.Equal(t, "crawler-eu", standardTraffic(t, e).SubUsers[0].Name)
		}},
	{name: "subusers-delete", args: []string{"subusers", "delete", "1"}, setup: withTraffic,
		check: func(t *testing.T, e *env, _ result) { assert.Empty(t, standardTraffic(t, e).SubUsers) }},
	{name: "subusers-delete-lost-answer", args: []string{"subusers", "delete", "1"}, code: exitUnknown,
		setup: func(e *env) {
			withTraffic(e)
			e.fake.InjectFault("deleteSubUser", facadetest.Fault{DropAfterApply: true})
		},
		check: func(t *testing.T, e *env, _ result) {
			assert.Equal(t, 2, e.fake.Requests("deleteSubUser"), "resent once, as deletion is")
			assert.Empty(t, standardTraffic(t, e).SubUsers)
		}},
	{name: "subusers-add", args: []string{"subusers", "add", "1", "4", "--product", "standard"}, setup: withTraffic,
		check: func(t *testing.T, e *env, _ result) {
			assert.Equal(t, int64(6*facadetest.BytesPerGB), standardTraffic(t, e).SubUsers[0].Data)
		}},
	{name: "subusers-add-too-much", args: []string{"subusers", "add", "1", "400", "--product", "standard"}, setup: withTraffic, code: exitRefused},
	{name: "subusers-take", args: []string{"subusers", "take", "1", "1", "--product", "standard"}, setup: withTraffic,
		check: func(t *testing.T, e *env, _ result) {
			assert.Equal(t, int64(1*facadetest.BytesPerGB), standardTraffic(t, e).SubUsers[0].Data)
		}},
	{name: "subusers-take-lost-answer", args: []string{"subusers", "take", "1", "1", "--product", "standard"}, code: exitUnknown,
		setup: func(e *env) {
			withTraffic(e)
			e.fake.InjectFault("subtractSubUserData", facadetest.Fault{DropAfterApply: true})
		},
		check: func(t *testing.T, e *env, _ result) {
			assert.Equal(t, 1, e.fake.Requests("subtractSubUserData"), "never resent")
		}},
	{name: "subusers-reset-password", args: []string{"subusers", "reset-password", "1", "--product", "standard"}, setup: withTraffic,
		check: func(t *testing.T, e *env, r result) {
			assert.Contains(t, r.stdout, standardTraffic(t, e).SubUsers[0].Password, "the new password is shown")
		}},
	{name: "geo-countries", args: []string{"geo", "countries", "--product", "premium"}},
	{name: "geo-regions", args: []string{"geo", "regions", "US", "--product", "standard"}},
	{name: "geo-cities", args: []string{"geo", "cities", "US", "NY", "--product", "standard"}},
	{name: "geo-cities-json", args: []string{"geo", "cities", "DE", "BY", "--product", "unmetered", "--json"}},
	{name: "geo-isps", args: []string{"geo", "isps", "US", "NY", "new-york"}, setup: withTraffic},
	{name: "geo-isps-none", args: []string{"geo", "isps", "US", "NY", "buffalo"}, setup: withTraffic},
	{name: "health", args: []string{"health"}},
	{name: "health-down", args: []string{"health"}, code: exitNetwork,
		setup: func(e *env) { e.fake.InjectFault("getHealth", facadetest.Fault{Status: 503, Times: 10}) }},
}

func init() { goldenCases = append(goldenCases, residentialCases...) }

// residentialPasswords maps the fake's random gateway passwords to stable
// names for the golden files: the owner's of each package it can read,
// and every sub-user's.
func (e *env) residentialPasswords() []string {
	var pairs []string
	c := e.client()
	for _, t := range []facade.ProxyType{facade.ProxyTypeStandard, facade.ProxyTypePremium, facade.ProxyTypeUnlimited} {
		ts, ok := e.fake.Traffic(e.fake.Token, string(t))
		if !ok {
			continue // no traffic of the package: nothing to read, so nothing sent
		}
		if p, err := c.TrafficProfile(context.Background(), t); err == nil {
			pairs = append(pairs, p.ProxyPassword, "OWNER-PASSWORD-"+string(t))
		}
		for _, u := range ts.SubUsers {
			pairs = append(pairs, u.Password, fmt.Sprintf("PASSWORD-OF-SUB-USER-%s", u.ID))
		}
	}
	return pairs
}

// TestResidentialBadInput: bad residential command lines are usage errors
// before any request, even with an account that has residential traffic.
func TestResidentialBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"traffic"},
		{"traffic", "--product", "dc"},
		{"traffic", "--product", "mobile"},
		{"traffic", "--product", "standard", "extra"},
		{"add-bandwidth", "1", "--yes"},
		{"add-bandwidth", "1", "0", "--yes"},
		{"add-bandwidth", "1", "-5", "--yes"},
		{"add-bandwidth", "1", "1.5", "--yes"},
		{"add-bandwidth", "x", "5", "--yes"},
		{"subusers", "list"},
		{"subusers", "list", "--product", "isp"},
		{"subusers", "show", "--product", "standard"},
		{"subusers", "show", " ", "--product", "standard"},
		{"subusers", "create", "--product", "standard"},
		{"subusers", "create", "shop", "--product", "standard", "--data", "-1"},
		{"subusers", "create", "shop", "--product", "standart-ish"},
		{"subusers", "rename", "1", "", "--product", "standard"},
		{"subusers", "delete"},
		{"subusers", "delete", "1", "--product", "standard"},
		{"subusers", "add", "1", "0", "--product", "standard"},
		{"subusers", "take", "1", "many", "--product", "standard"},
		{"subusers", "reset-password", "1"},
		{"subusers", "frobnicate"},
		{"geo", "countries"},
		{"geo", "regions", "--product", "standard"},
		{"geo", "cities", "US", "--product", "standard"},
		{"geo", "isps", "US", "NY", "new-york", "--product", "premium"},
		{"geo", "isps", "US", "", "new-york"},
		{"health", "now"},
	} {
		t.Run(strings.Join(args, "_"), func(t *testing.T) {
			e := newEnv(t)
			withTraffic(e)
			before := e.fake.TotalRequests()
			r := e.run(false, "", args...)
			assert.Equal(t, exitUsage, r.code, "stderr: %s", r.stderr)
			assert.Contains(t, r.stderr, "proxyshard help")
			assert.Empty(t, r.stdout)
			assert.Equal(t, before, e.fake.TotalRequests(), "nothing may be sent for a bad command line")
		})
	}
}

// TestHealthWithoutToken: the probes run with no token set, and send none.
func TestHealthWithoutToken(t *testing.T) {
	e := newEnv(t)
	delete(e.vars, "PROXYSHARD_TOKEN")
	r := e.run(false, "", "health")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, "health\tup\nlive\tup\n", r.stdout)
	assert.Equal(t, 1, e.fake.Requests("getHealth"))
	assert.Equal(t, 1, e.fake.Requests("getLiveness"))
}
