package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGateway(t *testing.T) {
	e := newEnv(t)
	e.vars["PROXYSHARD_GATEWAY_PASSWORD"] = "gw-secret"
	for _, form := range []string{"terminal", "pipe"} {
		t.Run(form, func(t *testing.T) {
			args := []string{"gateway", "--product", "standard", "--country", "DE", "--session", "shop1", "--session", "shop2"}
			r := e.run(form == "terminal", "", args...)
			require.Equal(t, exitOK, r.code, r.stderr)
			golden(t, "gateway."+form, e.transcript(r, args))
		})
	}
	r := e.run(false, "", "gateway", "--product", "premium", "--country", "US", "--format", "http", "--session", "a1")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, "http://plan-premium-country-us-sid-a1:gw-secret@resident.proxyshard.com:8080\n", r.stdout)

	r = e.run(false, "", "gateway", "--product", "unmetered", "--sessions", "3")
	require.Equal(t, exitOK, r.code, r.stderr)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.Len(t, lines, 3)
	assert.NotEqual(t, lines[0], lines[1], "every session has its own id")
	assert.Contains(t, lines[0], ":plan-unlimited-country-any-sid-")
	assert.Zero(t, e.fake.TotalRequests(), "the gateway list needs no API call")

	for _, bad := range [][]string{
		{"gateway"},
		{"gateway", "--product", "dc"},
		{"gateway", "--product", "standard", "--format", "csv"},
		{"gateway", "--product", "standard", "--session", "a-b"},
		{"gateway", "--product", "standard", "--sessions", "0"},
		{"gateway", "--product", "standard", "--country", "Germany"},
	} {
		r := e.run(false, "", bad...)
		assert.Equal(t, exitUsage, r.code, "%v: %s", bad, r.stderr)
	}
	delete(e.vars, "PROXYSHARD_GATEWAY_PASSWORD")
	r = e.run(false, "", "gateway", "--product", "standard")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "PROXYSHARD_GATEWAY_PASSWORD")
}
