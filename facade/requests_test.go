package facade_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade"
)

// tampering changes every request it is given, which a RoundTripper must
// not do, then sends it on unchanged in what matters.
func tampering(next http.RoundTripper) http.RoundTripper {
	return roundTripFunc(func(req *http.Request) (*http.Response, error) {
		out := req.Clone(req.Context())
		req.URL.Path = "/elsewhere"
		req.Header.Set("X-Tampered", "yes")
		req.Header.Del("Authorization")
		return next.RoundTrip(out)
	})
}

// Every call builds its own request; what one call's transport does to it
// must not reach the next call.
func TestRequestsAreNotShared(t *testing.T) {
	t.Parallel()
	type seen struct{ path, auth, tampered string }
	var mu sync.Mutex
	var got []seen
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, seen{r.URL.Path, r.Header.Get("Authorization"), r.Header.Get("X-Tampered")})
		mu.Unlock()
		writeJSON(w, http.StatusOK, `{"email":"a@example.com","active_orders":0,"wallet_balance":1}`)
	})
	c := newClient(t, s.URL, facade.WithHTTPClient(&http.Client{Transport: tampering(http.DefaultTransport)}))

	for range 3 {
		_, err := c.Me(context.Background())
		require.NoError(t, err)
	}
	want := seen{path: "/user/api/me", auth: "Bearer " + testToken}
	assert.Equal(t, []seen{want, want, want}, got)
}

// A cookie jar adds its cookies to the request's headers; with concurrent
// calls the race detector proves each call has headers of its own.
func TestRequestsHaveTheirOwnHeaders(t *testing.T) {
	t.Parallel()
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if _, err := r.Cookie("session"); err != nil {
			writeJSON(w, http.StatusBadRequest, `{"success":false,"message":"no cookie"}`)
			return
		}
		writeJSON(w, http.StatusOK, `{"email":"a@example.com","active_orders":0,"wallet_balance":1}`)
	})
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	u, err := url.Parse(s.URL)
	require.NoError(t, err)
	jar.SetCookies(u, []*http.Cookie{{Name: "session", Value: "s1"}})
	c := newClient(t, s.URL, facade.WithHTTPClient(&http.Client{Jar: jar}))

	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 5 {
				_, err := c.Me(context.Background())
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
	assert.EqualValues(t, 40, s.hits.Load())
}
