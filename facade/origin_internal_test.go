package facade

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSameOrigin(t *testing.T) {
	t.Parallel()
	origin, err := url.Parse("https://api.example.com")
	require.NoError(t, err)
	v6, err := url.Parse("http://[::1]:8080")
	require.NoError(t, err)
	for _, tt := range []struct {
		origin *url.URL
		target string
		same   bool
	}{
		{origin, "https://api.example.com/user/api/me", true},
		{origin, "https://api.example.com:443/user/api/me", true},
		{origin, "HTTPS://API.Example.COM/x", true},
		{origin, "https://api.example.com:8443/x", false},
		{origin, "http://api.example.com/x", false},
		{origin, "http://api.example.com:443/x", false},
		{origin, "https://api.example.com.evil.test/x", false},
		{origin, "https://evil.test/?api.example.com", false},
		{origin, "https://api.example.co/x", false},
		{v6, "http://[::1]:8080/x", true},
		{v6, "http://[::1]/x", false},
		{v6, "http://[::2]:8080/x", false},
	} {
		u, err := url.Parse(tt.target)
		require.NoError(t, err)
		assert.Equal(t, tt.same, sameOrigin(u, tt.origin), "%s against %s", tt.target, tt.origin)
	}
}

// sameOrigin runs twice on every call; with the default port left out, as
// in the real base URL, it must still not allocate.
func TestSameOriginAllocatesNothing(t *testing.T) {
	origin, err := url.Parse("https://api.example.com")
	require.NoError(t, err)
	u, err := url.Parse("https://api.example.com/user/api/me")
	require.NoError(t, err)
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = sameOrigin(u, origin) }))
}
