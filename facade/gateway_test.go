package facade_test

import (
	"errors"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade"
)

func TestGatewayEndpointFormats(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                string
		g                   facade.Gateway
		sid                 string
		conn, httpURL, sock string
	}{
		{
			name: "defaults: resident host, port 8080, any country",
			g:    facade.Gateway{Plan: facade.GatewayPlanLimited, Password: "xxxxxxxxx"},
			sid:  "aaaaaaaaa",
			conn: "resident.proxyshard.com:8080:plan-limited-country-any-sid-aaaaaaaaa:xxxxxxxxx",
			// The documentation's own example, with its host.
			httpURL: "http://plan-limited-country-any-sid-aaaaaaaaa:xxxxxxxxx@resident.proxyshard.com:8080",
		},
		{
			name:    "the FAQ's example string",
			g:       facade.Gateway{Host: facade.GatewayRelayEU, Plan: facade.GatewayPlanLimited, Country: "de", Password: "xxxxxxxxx"},
			sid:     "aaaaaaaaa",
			conn:    "relay-eu.proxyshard.com:8080:plan-limited-country-de-sid-aaaaaaaaa:xxxxxxxxx",
			httpURL: "http://plan-limited-country-de-sid-aaaaaaaaa:xxxxxxxxx@relay-eu.proxyshard.com:8080",
		},
		{
			name:    "upper-case country is written in lower case; SOCKS5 port given",
			g:       facade.Gateway{Host: facade.GatewayResidentEU, Plan: facade.GatewayPlanPremium, Country: "NL", Password: "pw", SOCKS5Port: 1080},
			sid:     "Sess42",
			conn:    "resident.eu.proxyshard.com:8080:plan-premium-country-nl-sid-Sess42:pw",
			httpURL: "http://plan-premium-country-nl-sid-Sess42:pw@resident.eu.proxyshard.com:8080",
			sock:    "socks5://plan-premium-country-nl-sid-Sess42:pw@resident.eu.proxyshard.com:1080",
		},
		{
			name:    "password that needs escaping, resolved IPv4 host, other port",
			g:       facade.Gateway{Host: "203.0.113.9", Port: 9000, Plan: facade.GatewayPlanUnlimited, Country: "ANY", Password: "p@ss:w/rd?#%"},
			sid:     "s1",
			conn:    "203.0.113.9:9000:plan-unlimited-country-any-sid-s1:p@ss:w/rd?#%",
			httpURL: "http://plan-unlimited-country-any-sid-s1:p%40ss%3Aw%2Frd%3F%23%25@203.0.113.9:9000",
		},
		{
			name:    "undocumented tokens go after sid, in order",
			g:       facade.Gateway{Plan: facade.GatewayPlanPremium, Country: "us", Password: "pw", Undocumented: []facade.LoginToken{{Key: "city", Value: "new_york"}, {Key: "ttl", Value: "600"}}},
			sid:     "abc",
			conn:    "resident.proxyshard.com:8080:plan-premium-country-us-sid-abc-city-new_york-ttl-600:pw",
			httpURL: "http://plan-premium-country-us-sid-abc-city-new_york-ttl-600:pw@resident.proxyshard.com:8080",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := tt.g.Endpoint(tt.sid)
			require.NoError(t, err)
			assert.Equal(t, tt.sid, e.SessionID)
			assert.Equal(t, tt.conn, e.ConnectionString())
			assert.Equal(t, tt.httpURL, e.HTTPURL().String())

			// A consumer parsing the URL gets the login and password back.
			back, err := url.Parse(e.HTTPURL().String())
			require.NoError(t, err)
			pass, _ := back.User.Password()
			assert.Equal(t, e.Login, back.User.Username())
			assert.Equal(t, tt.g.Password, pass)

			socks, err := e.SOCKS5URL()
			if tt.sock == "" {
				require.ErrorIs(t, err, facade.ErrValidation)
				assert.Contains(t, err.Error(), "SOCKS5")
				assert.Nil(t, socks)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.sock, socks.String())
		})
	}
}

func TestGatewayPlanMapping(t *testing.T) {
	t.Parallel()
	tests := []struct {
		product   facade.ProductName
		proxyType facade.ProxyType
		plan      facade.GatewayPlan
	}{
		{facade.ProductResidentialStandard, facade.ProxyTypeStandard, facade.GatewayPlanLimited},
		{facade.ProductResidentialPremium, facade.ProxyTypePremium, facade.GatewayPlanPremium},
		{facade.ProductResidentialUnmetered, facade.ProxyTypeUnlimited, facade.GatewayPlanUnlimited},
	}
	for _, tt := range tests {
		t.Run(string(tt.product), func(t *testing.T) {
			pt, ok := facade.ProxyTypeOf(tt.product)
			require.True(t, ok)
			assert.Equal(t, tt.proxyType, pt)
			plan, err := facade.GatewayPlanFor(tt.product)
			require.NoError(t, err)
			assert.Equal(t, tt.plan, plan)
			plan, err = tt.proxyType.GatewayPlan()
			require.NoError(t, err)
			assert.Equal(t, tt.plan, plan)
		})
	}
	// The login's plan words are the documented ones, not the API's proxy_type.
	assert.Equal(t, "limited", string(facade.GatewayPlanLimited))
	assert.Equal(t, "standart", string(facade.ProxyTypeStandard))
	assert.True(t, facade.ProxyTypeStandard.Documented())
	assert.True(t, facade.ProxyTypePremium.Documented())
	assert.False(t, facade.ProxyTypeUnlimited.Documented())

	for _, p := range []facade.ProductName{facade.ProductDatacenter, facade.ProductISP, "Mobile Proxy"} {
		_, ok := facade.ProxyTypeOf(p)
		assert.False(t, ok, p)
		_, err := facade.GatewayPlanFor(p)
		assert.ErrorIs(t, err, facade.ErrValidation, p)
	}
	_, err := facade.ProxyType("mobile").GatewayPlan()
	assert.ErrorIs(t, err, facade.ErrValidation)
}

func TestGatewayRejectsBadInput(t *testing.T) {
	t.Parallel()
	ok := facade.Gateway{Plan: facade.GatewayPlanLimited, Password: "pw"}
	with := func(change func(*facade.Gateway)) facade.Gateway {
		g := ok
		change(&g)
		return g
	}
	tests := []struct {
		name  string
		g     facade.Gateway
		sid   string
		field string
	}{
		{"no plan", with(func(g *facade.Gateway) { g.Plan = "" }), "s", "plan"},
		{"API word standart as plan", with(func(g *facade.Gateway) { g.Plan = "standart" }), "s", "plan"},
		{"no password", with(func(g *facade.Gateway) { g.Password = "" }), "s", "password"},
		{"newline in password", with(func(g *facade.Gateway) { g.Password = "a\nb" }), "s", "password"},
		{"three-letter country", with(func(g *facade.Gateway) { g.Country = "DEU" }), "s", "country"},
		{"country with a digit", with(func(g *facade.Gateway) { g.Country = "D1" }), "s", "country"},
		{"country with a hyphen", with(func(g *facade.Gateway) { g.Country = "d-" }), "s", "country"},
		{"empty session id", ok, "", "session id"},
		{"hyphen in session id", ok, "ab-cd", "session id"},
		{"colon in session id", ok, "ab:cd", "session id"},
		{"non-ASCII session id", ok, "séance", "session id"},
		{"65-character session id", ok, strings.Repeat("a", 65), "session id"},
		{"host with a port", with(func(g *facade.Gateway) { g.Host = "resident.proxyshard.com:8080" }), "s", "host"},
		{"host with a scheme", with(func(g *facade.Gateway) { g.Host = "http://resident.proxyshard.com" }), "s", "host"},
		{"IPv6 host", with(func(g *facade.Gateway) { g.Host = "2001:db8::1" }), "s", "host"},
		{"port too large", with(func(g *facade.Gateway) { g.Port = 70000 }), "s", "port"},
		{"negative SOCKS5 port", with(func(g *facade.Gateway) { g.SOCKS5Port = -1 }), "s", "SOCKS5 port"},
		{"undocumented token named sid", with(func(g *facade.Gateway) { g.Undocumented = []facade.LoginToken{{Key: "sid", Value: "x"}} }), "s", "undocumented token 0"},
		{"undocumented token with upper-case key", with(func(g *facade.Gateway) {
			g.Undocumented = []facade.LoginToken{{Key: "ttl", Value: "60"}, {Key: "City", Value: "x"}}
		}), "s", "undocumented token 1"},
		{"undocumented token value with a hyphen", with(func(g *facade.Gateway) { g.Undocumented = []facade.LoginToken{{Key: "city", Value: "new-york"}} }), "s", "undocumented token 0"},
		{"undocumented token without value", with(func(g *facade.Gateway) { g.Undocumented = []facade.LoginToken{{Key: "ttl"}} }), "s", "undocumented token 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.g.Endpoint(tt.sid)
			require.ErrorIs(t, err, facade.ErrValidation)
			var ve *facade.ValidationError
			require.True(t, errors.As(err, &ve))
			assert.Equal(t, tt.field, ve.Field)
			assert.NotContains(t, err.Error(), "pw\n")

			if tt.sid != "" && tt.field != "session id" {
				_, err := tt.g.Sessions(3)
				assert.ErrorIs(t, err, facade.ErrValidation, "Sessions checks the same input")
			}
		})
	}
}

func TestGatewaySessionsAreDistinctSticky(t *testing.T) {
	t.Parallel()
	g := facade.Gateway{Plan: facade.GatewayPlanPremium, Country: "DE", Password: "pw"}
	sessions, err := g.Sessions(500)
	require.NoError(t, err)
	require.Len(t, sessions, 500)

	login := regexp.MustCompile(`^plan-premium-country-de-sid-([a-z0-9]{12})$`)
	seen := map[string]bool{}
	for _, s := range sessions {
		m := login.FindStringSubmatch(s.Login)
		require.NotNil(t, m, s.Login)
		assert.Equal(t, s.SessionID, m[1])
		assert.False(t, seen[s.SessionID], "session id %s twice", s.SessionID)
		seen[s.SessionID] = true
		// Every generated id is one Endpoint accepts.
		again, err := g.Endpoint(s.SessionID)
		require.NoError(t, err)
		assert.Equal(t, s, again)
	}

	for _, n := range []int{0, -1, 10001} {
		_, err := g.Sessions(n)
		assert.ErrorIs(t, err, facade.ErrValidation, n)
	}
	assert.NotEqual(t, facade.NewSessionID(), facade.NewSessionID())
}
