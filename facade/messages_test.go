package facade_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

// Mistakes a newcomer makes, each answered with what to do instead rather
// than with what goes wrong later (a 404 read as "no such order", Go's URL
// parser, a complaint about another field).
func TestMisleadingInputGetsAHint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		baseURL string
		want    string
	}{
		{
			name:    "base URL ending in /user/api",
			baseURL: "https://api.proxyshard.example/user/api",
			want:    "proxyshard: invalid base URL: ends in /user/api, which every request path already starts with; drop it: https://api.proxyshard.example",
		},
		{
			name:    "base URL ending in /user/api/",
			baseURL: "https://api.proxyshard.example/user/api/",
			want:    "drop it: https://api.proxyshard.example",
		},
		{
			name:    "base URL with a path prefix, then /user/api",
			baseURL: "https://gw.example/proxyshard/user/api",
			want:    "drop it: https://gw.example/proxyshard",
		},
		{
			name:    "base URL without a scheme, with a port",
			baseURL: "api.proxyshard.example:443",
			want:    `proxyshard: invalid base URL: "api.proxyshard.example:443" has no scheme; write it as https://api.proxyshard.example:443`,
		},
		{
			name:    "base URL without a scheme",
			baseURL: "api.proxyshard.example",
			want:    "write it as https://api.proxyshard.example",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := facade.New("token", facade.WithBaseURL(tt.baseURL))
			require.ErrorIs(t, err, facade.ErrValidation)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "first path segment")
		})
	}
}

func TestMisspeltProductNamesTheAPISpelling(t *testing.T) {
	t.Parallel()
	s := facadetest.NewServer(facadetest.WithT(t))
	client, err := facade.New(s.Token, facade.WithBaseURL(s.URL))
	require.NoError(t, err)
	for _, name := range []facade.ProductName{"Standard Residential Proxy", "standard residential proxy", "datacenter proxy"} {
		_, err := client.Quote(t.Context(), facade.OtherProduct{Name: name, Cycle: "lifetime"})
		require.ErrorIs(t, err, facade.ErrValidation, name)
		assert.NotContains(t, err.Error(), "cycle")
		if strings.Contains(strings.ToLower(string(name)), "standard") {
			assert.Contains(t, err.Error(), `is not a product; the API writes "Standart Residential Proxy": use ResidentialStandard`)
		} else {
			assert.Contains(t, err.Error(), `the API writes "Datacenter Proxy": use Datacenter`)
		}
	}
	assert.Zero(t, s.TotalRequests(), "refused before sending")

	// A product the API added later is not mistaken for a misspelling.
	_, err = client.Quote(t.Context(), facade.OtherProduct{Name: "Mobile Proxy", Cycle: "monthly"})
	assert.NotErrorIs(t, err, facade.ErrValidation)
}

// A context that ends while a read is in flight says so once, with the
// operation once, and does not speak of a retry that never happened.
func TestExpiredContextSaysWhatHappenedOnce(t *testing.T) {
	s := facadetest.NewServer(facadetest.WithT(t))
	s.InjectFault("getMe", facadetest.Fault{Delay: 5 * time.Second})
	client, err := facade.New(s.Token, facade.WithBaseURL(s.URL))
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	_, err = client.Me(ctx)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	msg := err.Error()
	assert.Equal(t, 1, strings.Count(msg, "proxyshard: getMe:"), msg)
	assert.Equal(t, 1, strings.Count(msg, "context deadline exceeded"), msg)
	assert.NotContains(t, msg, "retry")
	assert.Equal(t, 1, s.Requests("getMe"), "nothing was retried")
}

// A context that ends during the wait before a retry names what failed
// and why no retry followed, with the operation once.
func TestContextEndingDuringTheWaitSaysNoRetry(t *testing.T) {
	s := facadetest.NewServer(facadetest.WithT(t))
	s.InjectFault("getMe", facadetest.Fault{Status: 503, RetryAfter: 10 * time.Second})
	client, err := facade.New(s.Token, facade.WithBaseURL(s.URL))
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	_, err = client.Me(ctx)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	var apiErr *facade.APIError
	require.True(t, errors.As(err, &apiErr), "the failure before the wait is kept: %v", err)
	assert.Equal(t, 503, apiErr.StatusCode)
	msg := err.Error()
	assert.Equal(t, 1, strings.Count(msg, "proxyshard: getMe:"), msg)
	assert.Contains(t, msg, "; no retry: the context ended during the 10s wait: context deadline exceeded")
	assert.Equal(t, 1, s.Requests("getMe"))
}
