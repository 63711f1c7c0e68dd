package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// Without a token the tour runs against the in-process fake, end to end.
func TestTourOnTheBuiltInFake(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out, env(nil), false))
	text := out.String()
	for _, want := range []string{
		"in-process fake API",
		"== Profile", "user@example.com: balance $1000.00",
		"== Products", "Datacenter Proxy in DE", "Unmetered Residential proxy",
		"== Quote", "Datacenter Proxy x2 in DE, monthly: $2.70 (was $3.00, 10% off)",
		"with 1 p0f_slots slot: $2.00 more, $4.70 in all",
		"== Buy", "order 1: Order paid successfully",
		"== Active orders", "order 1: Datacenter Proxy, monthly",
		"== Proxies of order 1", "http://ps1:", "socks5://ps1:",
		"== Fetch a page through a bought proxy",
		`: 200 "hello through the proxy"`,
		"== Signature", "order 1 has 1 p0f_slots slot(s), 0 in use",
		"signed IP 127.79.0.1 presents a win11 fingerprint (read back from the active proxies)",
		"== Residential traffic", "2 GB of Standart Residential Proxy", "owner: 2000000000 of 2000000000 bytes left",
		"== Sub-user", "with 1 GB of the owner's traffic",
		"== Three sticky sessions in Germany", "@resident.proxyshard.com:8080",
		"Done. Balance now $989.00.",
	} {
		assert.Contains(t, text, want)
	}
	assert.Regexp(t, `through http://127\.79\.0\.1:\d+: 200 "hello through the proxy"\nthrough socks5://127\.79\.0\.1:\d+: 200 "hello through the proxy"`, text)
}

// With a token the tour only reads unless purchases are allowed.
func TestTourWithATokenIsReadOnlyByDefault(t *testing.T) {
	fake := facadetest.NewServer(facadetest.WithT(t), facadetest.WithToken("real-looking-token"))
	vars := map[string]string{"PROXYSHARD_TOKEN": "real-looking-token", "PROXYSHARD_BASE_URL": fake.URL}

	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out, env(vars), false))
	assert.Contains(t, out.String(), "read-only")
	assert.Contains(t, out.String(), "No Datacenter or ISP order")
	assert.Contains(t, out.String(), "no Standard residential traffic on this account")
	assert.Zero(t, fake.Requests("createSubUser"), "no sub-user without -allow-purchases")
	for _, op := range []string{"purchaseOrder", "purchaseAddon", "setSignatures", "setOrderTag", "renewOrder"} {
		assert.Zero(t, fake.Requests(op), "%s must not be called without -allow-purchases", op)
	}
	assert.Positive(t, fake.Requests("calculateOrderPrice"))
	assert.Equal(t, int64(facadetest.DefaultBalance), fake.Balance("real-looking-token"))
	assert.NotContains(t, out.String(), "real-looking-token")

	out.Reset()
	require.NoError(t, run(context.Background(), &out, env(vars), true))
	assert.Equal(t, 2, fake.Requests("purchaseOrder"), "a Datacenter order and residential traffic")
	assert.Zero(t, fake.Requests("purchaseAddon"), "the slot is bought with the order")
	assert.Equal(t, 1, fake.Requests("createSubUser"))
	assert.Len(t, fake.Orders("real-looking-token"), 2)
	assert.Contains(t, out.String(), "Done. Balance now")

	// Read-only again: the existing order's proxies are shown, nothing bought.
	out.Reset()
	require.NoError(t, run(context.Background(), &out, env(vars), false))
	assert.Contains(t, out.String(), "== Proxies of order 1")
	assert.Contains(t, out.String(), "plan-limited-country-de-sid-", "the owner's sticky sessions")
	assert.Equal(t, 2, fake.Requests("purchaseOrder"))
	assert.Equal(t, 1, fake.Requests("createSubUser"))
}

func TestTourFailsCleanly(t *testing.T) {
	tests := []struct {
		name string
		vars map[string]string
		is   error
	}{
		{"plain http to a remote host", map[string]string{"PROXYSHARD_TOKEN": "t", "PROXYSHARD_BASE_URL": "http://user-api.proxyshard.com"}, facade.ErrValidation},
		{"wrong token", map[string]string{"PROXYSHARD_TOKEN": "wrong", "PROXYSHARD_BASE_URL": facadetest.NewServer(facadetest.WithT(t)).URL}, facade.ErrUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(context.Background(), &out, env(tt.vars), false)
			require.ErrorIs(t, err, tt.is)
		})
	}
}
