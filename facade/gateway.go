package facade

import (
	"crypto/rand"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// The residential gateway is not part of the API: residential traffic goes
// through ProxyShard's gateway with a login that encodes the targeting. Its
// documentation (the residential proxies page and the FAQ "Why Residential
// proxies are not saved") gives the connection string as
// host:port:username:password and the username as hyphen-joined tokens,
//
//	plan-<limited|unlimited|premium>-country-<code or any>-sid-<session id>
//
// The builder below writes exactly those tokens. Everything else the
// dashboard offers (region, city, ISP, TTL, device OS, session mode) has no
// published token; Gateway.Undocumented is the explicit way to add one.

// GatewayHost is a residential gateway's host name.
type GatewayHost string

// The host names ProxyShard's documentation shows. They are DNS names in
// front of balancers whose IPs change; the documentation allows resolving
// one and using the IPv4 address, which Gateway.Host also accepts.
const (
	GatewayResident   GatewayHost = "resident.proxyshard.com"
	GatewayResidentEU GatewayHost = "resident.eu.proxyshard.com"
	GatewayRelayEU    GatewayHost = "relay-eu.proxyshard.com" // the relay; it does not change the exit country
)

// GatewayPort is the port in every documented connection string. The port
// picks the protocol (HTTP or SOCKS5), and no SOCKS5 port is published: see
// Gateway.SOCKS5Port.
const GatewayPort = 8080

// GatewayPlan is the login's plan token. Its words differ from ProxyType's:
// the login says "limited" where the API says "standart".
type GatewayPlan string

// The documented plan words.
const (
	GatewayPlanLimited   GatewayPlan = "limited"   // Standard ("regular") Residential
	GatewayPlanUnlimited GatewayPlan = "unlimited" // Unmetered (Unlimited) Residential
	GatewayPlanPremium   GatewayPlan = "premium"   // Premium Residential
)

func (p GatewayPlan) validate() error {
	switch p {
	case GatewayPlanLimited, GatewayPlanUnlimited, GatewayPlanPremium:
		return nil
	case "":
		return invalid("plan", "is required: GatewayPlanFor(product) or ProxyType.GatewayPlan() gives it")
	}
	return invalid("plan", "%q is not a documented plan word (limited, unlimited, premium)", string(p))
}

// GatewayPlanFor is the plan word for a residential product.
func GatewayPlanFor(product ProductName) (GatewayPlan, error) {
	t, ok := ProxyTypeOf(product)
	if !ok {
		return "", invalid("product", "%q has no residential gateway login (only the three residential products do)", string(product))
	}
	return t.GatewayPlan()
}

// GatewayPlan is the plan word of the login for this package.
func (t ProxyType) GatewayPlan() (GatewayPlan, error) {
	switch t {
	case ProxyTypeStandard:
		return GatewayPlanLimited, nil
	case ProxyTypePremium:
		return GatewayPlanPremium, nil
	case ProxyTypeUnlimited:
		return GatewayPlanUnlimited, nil
	}
	return "", invalid("proxy type", "%q has no documented plan word (standart, premium, unlimited)", string(t))
}

// LoginToken is one key-value pair of a gateway login that ProxyShard does
// not document (a region, a city, a TTL, ...). It is sent as written, after
// the documented tokens; whether and how the gateway reads it is not
// published, so test it against the gateway before relying on it.
type LoginToken struct {
	Key   string // lower-case letters, not plan, country or sid
	Value string // letters, digits and underscores
}

// Gateway describes the residential connections of one traffic package and
// password; Endpoint and Sessions turn it into connection strings and URLs.
type Gateway struct {
	// Host is the gateway; empty means GatewayResident. Any DNS name or
	// IPv4 address is accepted (the documented ones are the constants).
	Host GatewayHost
	// Port is the HTTP port; 0 means GatewayPort.
	Port int
	// SOCKS5Port is the gateway's SOCKS5 port. ProxyShard publishes none,
	// so there is no default: leave it 0 and SOCKS5URL fails, or set the
	// port your dashboard shows when its Protocol field says SOCKS5.
	SOCKS5Port int
	// Plan is the package's plan word; see GatewayPlanFor and ProxyType.GatewayPlan.
	Plan GatewayPlan
	// Country is an ISO 3166-1 alpha-2 code such as "DE" (written in lower
	// case, as the documentation's examples do), or "" or "any" for any country.
	Country string
	// Password is the proxy password: TrafficProfile.ProxyPassword for the
	// owner, SubUser.ProxyPassword for a sub-user.
	Password string
	// Undocumented tokens are appended after sid, in order. They are the
	// only way to send a token ProxyShard does not document.
	Undocumented []LoginToken
}

// GatewayEndpoint is one sticky session: the session id ties it to one
// residential IP for as long as the gateway keeps that session. Another id
// gives another IP; older ids keep working.
type GatewayEndpoint struct {
	Host       string
	Port       int
	SOCKS5Port int // 0: unknown, see Gateway.SOCKS5Port
	Login      string
	Password   string
	SessionID  string
}

// Endpoint is the sticky session sessionID: 1 to 64 ASCII letters and
// digits (the login is hyphen-separated, so no hyphen; the documentation
// states no alphabet or length, this is what is safe in every format).
func (g Gateway) Endpoint(sessionID string) (GatewayEndpoint, error) {
	base, err := g.endpoint()
	if err != nil {
		return GatewayEndpoint{}, err
	}
	if err := validateSessionID(sessionID); err != nil {
		return GatewayEndpoint{}, err
	}
	return base.withSession(g, sessionID), nil
}

// maxSessions bounds Sessions: more than a dashboard generates at once,
// few enough that a mistaken count cannot exhaust memory.
const maxSessions = 10000

// Sessions returns n sticky sessions with distinct, random session ids,
// like the dashboard's Amount field.
func (g Gateway) Sessions(n int) ([]GatewayEndpoint, error) {
	base, err := g.endpoint()
	if err != nil {
		return nil, err
	}
	if n < 1 || n > maxSessions {
		return nil, invalid("number of sessions", "must be between 1 and %d, got %d", maxSessions, n)
	}
	out := make([]GatewayEndpoint, 0, n)
	seen := make(map[string]struct{}, n)
	for len(out) < n {
		id := NewSessionID()
		if _, dup := seen[id]; dup {
			continue
		}
		seen[id] = struct{}{}
		out = append(out, base.withSession(g, id))
	}
	return out, nil
}

// sessionIDLength is the length of NewSessionID's ids: 12 characters of 36
// is 62 bits, so ids drawn by many processes do not collide in practice.
const sessionIDLength = 12

const sessionIDAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// NewSessionID returns a random session id of lower-case letters and
// digits, the form of the documentation's example (sid-aaaaaaaaa).
func NewSessionID() string {
	var raw [sessionIDLength]byte
	_, _ = rand.Read(raw[:]) // crypto/rand.Read never fails
	id := make([]byte, sessionIDLength)
	for i, b := range raw {
		// 256 = 7*36 + 4: the first four characters are a trace more likely,
		// which matters for neither uniqueness nor the gateway.
		id[i] = sessionIDAlphabet[int(b)%len(sessionIDAlphabet)]
	}
	return string(id)
}

// endpoint checks everything but the session id and returns the parts
// every session shares; Login then holds the login up to "sid-".
func (g Gateway) endpoint() (GatewayEndpoint, error) {
	host, err := gatewayHost(g.Host)
	if err != nil {
		return GatewayEndpoint{}, err
	}
	port := g.Port
	if port == 0 {
		port = GatewayPort
	}
	if err := validatePort("port", port); err != nil {
		return GatewayEndpoint{}, err
	}
	if g.SOCKS5Port != 0 {
		if err := validatePort("SOCKS5 port", g.SOCKS5Port); err != nil {
			return GatewayEndpoint{}, err
		}
	}
	if err := g.Plan.validate(); err != nil {
		return GatewayEndpoint{}, err
	}
	country, err := loginCountry(g.Country)
	if err != nil {
		return GatewayEndpoint{}, err
	}
	if err := validateProxyPassword(g.Password); err != nil {
		return GatewayEndpoint{}, err
	}
	for i, tok := range g.Undocumented {
		if err := tok.validate(i); err != nil {
			return GatewayEndpoint{}, err
		}
	}
	return GatewayEndpoint{
		Host: host, Port: port, SOCKS5Port: g.SOCKS5Port, Password: g.Password,
		Login: "plan-" + string(g.Plan) + "-country-" + country + "-sid-",
	}, nil
}

func (e GatewayEndpoint) withSession(g Gateway, id string) GatewayEndpoint {
	e.SessionID = id
	var b strings.Builder
	b.WriteString(e.Login)
	b.WriteString(id)
	for _, tok := range g.Undocumented {
		b.WriteString("-" + tok.Key + "-" + tok.Value)
	}
	e.Login = b.String()
	return e
}

// ConnectionString is the documented form host:port:login:password, which
// browsers and proxy tools import. Nothing in it is escaped.
func (e GatewayEndpoint) ConnectionString() string {
	return e.Host + ":" + strconv.Itoa(e.Port) + ":" + e.Login + ":" + e.Password
}

// HTTPURL is the session as http://login:password@host:port with the
// credentials escaped, ready for http.ProxyURL.
func (e GatewayEndpoint) HTTPURL() *url.URL { return e.url("http", e.Port) }

// SOCKS5URL is the session as socks5://login:password@host:port. It fails
// unless Gateway.SOCKS5Port was set: ProxyShard publishes no SOCKS5 port,
// and a guessed one would fail far from here.
func (e GatewayEndpoint) SOCKS5URL() (*url.URL, error) {
	if e.SOCKS5Port == 0 {
		return nil, invalid("SOCKS5 port", "is not published by ProxyShard: set Gateway.SOCKS5Port to the port your dashboard shows for SOCKS5")
	}
	return e.url("socks5", e.SOCKS5Port), nil
}

func (e GatewayEndpoint) url(scheme string, port int) *url.URL {
	return &url.URL{Scheme: scheme, User: url.UserPassword(e.Login, e.Password), Host: net.JoinHostPort(e.Host, strconv.Itoa(port))}
}

// gatewayHost accepts a DNS name or an IPv4 address: an IPv6 address
// would make host:port:login:password ambiguous, and nothing says the
// gateway has one.
func gatewayHost(h GatewayHost) (string, error) {
	host := string(h)
	if host == "" {
		return string(GatewayResident), nil
	}
	if a, err := netip.ParseAddr(host); err == nil {
		if !a.Is4() {
			return "", invalid("host", "%s is not an IPv4 address; use a gateway name such as %s", host, GatewayResident)
		}
		return host, nil
	}
	if !isDNSName(host) {
		return "", invalid("host", "%q is not a host name; use a gateway such as %s", host, GatewayResident)
	}
	return host, nil
}

func isDNSName(s string) bool {
	if len(s) > 253 {
		return false
	}
	for label := range strings.SplitSeq(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !isASCIIAlnum(r) && r != '-' {
				return false
			}
		}
	}
	return true
}

func validatePort(field string, port int) error {
	if port < 1 || port > 65535 {
		return invalid(field, "must be between 1 and 65535, got %d", port)
	}
	return nil
}

// loginCountry writes a country as the login's country token: "any" or a
// lower-case alpha-2 code. Whether the code names a country the package
// covers is for Countries to say, not for this check.
func loginCountry(c string) (string, error) {
	if c == "" || strings.EqualFold(c, "any") {
		return "any", nil
	}
	if len(c) != 2 || !isASCIILetter(rune(c[0])) || !isASCIILetter(rune(c[1])) {
		return "", invalid("country", "%q is not an ISO 3166-1 alpha-2 code such as DE, nor \"any\"", c)
	}
	return strings.ToLower(c), nil
}

func validateSessionID(id string) error {
	switch {
	case id == "":
		return invalid("session id", "is required; NewSessionID makes one")
	case len(id) > 64:
		return invalid("session id", "is %d characters long; at most 64", len(id))
	}
	for _, r := range id {
		if !isASCIIAlnum(r) {
			return invalid("session id", "%q has %q; only ASCII letters and digits are allowed (the login is hyphen-separated)", id, r)
		}
	}
	return nil
}

// validateProxyPassword refuses what would break a connection string line
// or be no password at all; anything else is escaped in the URLs.
func validateProxyPassword(p string) error {
	if p == "" {
		return invalid("password", "is required: the proxy password of the traffic profile or sub-user")
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f {
			return invalid("password", "contains a control character")
		}
	}
	return nil
}

// documentedLoginKeys are the tokens the builder writes itself.
var documentedLoginKeys = map[string]bool{"plan": true, "country": true, "sid": true}

func (t LoginToken) validate(i int) error {
	field := "undocumented token " + strconv.Itoa(i)
	if t.Key == "" || documentedLoginKeys[t.Key] {
		return invalid(field, "key %q must be set and must not be plan, country or sid (set those in Gateway)", t.Key)
	}
	for _, r := range t.Key {
		if r < 'a' || r > 'z' {
			return invalid(field, "key %q may hold only lower-case letters", t.Key)
		}
	}
	if t.Value == "" {
		return invalid(field, "value of %q is empty", t.Key)
	}
	for _, r := range t.Value {
		if !isASCIIAlnum(r) && r != '_' {
			return invalid(field, "value %q of %q may hold only letters, digits and underscores (the login is hyphen-separated)", t.Value, t.Key)
		}
	}
	return nil
}

func isASCIILetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }
func isASCIIAlnum(r rune) bool  { return isASCIILetter(r) || r >= '0' && r <= '9' }
