package facadetest

import (
	"fmt"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/proxyshard/proxyshard-go/facade/enum"
)

// Option configures a fake server built by NewServer or New.
type Option func(*config)

type config struct {
	token   string
	email   string
	balance int64
	extra   []accountSeed
	t       testing.TB
	start   time.Time
	logger  *slog.Logger
	tls     bool
	grants  []grant
	proxies proxyNetwork
	// workingProxies: serve each sold IP (WithWorkingProxies).
	workingProxies, anyDestination bool
}

type grant struct {
	token string
	cycle enum.Cycle
}

type accountSeed struct {
	token, email string
	balance      int64
}

func defaultConfig() config {
	return config{
		token:   nextDefaultToken(),
		email:   DefaultEmail,
		balance: DefaultBalance,
		// The clock never ticks on its own; a test moves it with Advance.
		start:   time.Now().UTC().Truncate(time.Second),
		logger:  slog.New(slog.DiscardHandler),
		proxies: defaultProxyNetwork(),
	}
}

// Defaults of the account every fake server starts with. DefaultToken is
// the fake command's default token; a server made in the program gets
// DefaultToken followed by a number of its own (Server.Token says which).
const (
	DefaultToken   = "test-token"
	DefaultEmail   = "user@example.com"
	DefaultBalance = 100000 // cents: $1000.00
)

// servers numbers the fake servers made in this program.
var servers atomic.Int64

// nextDefaultToken gives each server's default account a token no other
// server in the program has. The facade keeps the purchases it sent per
// base URL and token (the record Client.Settle reads), and a new server
// may get the port of one closed earlier: with a shared token, the earlier
// server's purchases, its order 1 among them, would count as the new
// account's, and Settle would rule out the order it should find.
func nextDefaultToken() string {
	return fmt.Sprintf("%s-%d", DefaultToken, servers.Add(1))
}

// WithToken sets the bearer token of the default account.
func WithToken(tok string) Option { return func(c *config) { c.token = tok } }

// WithBalance sets the default account's starting wallet balance in cents.
func WithBalance(cents int64) Option { return func(c *config) { c.balance = cents } }

// WithEmail sets the default account's email.
func WithEmail(email string) Option { return func(c *config) { c.email = email } }

// WithAccount adds another account, reachable with its own bearer token.
// Accounts never see each other's orders.
func WithAccount(token, email string, balanceCents int64) Option {
	return func(c *config) { c.extra = append(c.extra, accountSeed{token, email, balanceCents}) }
}

// WithGrantedCycle lets the account with token use a restricted cycle
// from the start (see GrantCycle).
func WithGrantedCycle(token string, cycleName enum.Cycle) Option {
	return func(c *config) { c.grants = append(c.grants, grant{token, cycleName}) }
}

// WithT ties the fake to a test: a response the fake would send that breaks
// the spec fails t (t.Errorf with the violation), misuse of the fake's own
// API is reported on t, and the server is closed on t.Cleanup.
func WithT(t testing.TB) Option { return func(c *config) { c.t = t } }

// WithClock sets the fake's current time. It changes only through Advance.
func WithClock(start time.Time) Option { return func(c *config) { c.start = start.UTC() } }

// WithLogger logs one line per request (method, path, operation, status,
// duration). The bearer token is never logged.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithTLS makes NewServer serve HTTPS with HTTP/2, the transport the real
// API uses, on a certificate for 127.0.0.1 that Client trusts.
func WithTLS() Option { return func(c *config) { c.tls = true } }
