package facade_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade"
)

func TestNewRejectsUnsafeConfiguration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		token   string
		baseURL string
		field   string
	}{
		{"empty token", "", "https://user-api.proxyshard.com", "token"},
		{"blank token", "  \t", "https://user-api.proxyshard.com", "token"},
		{"token with a line break", "abc\r\nX-Evil: 1", "https://user-api.proxyshard.com", "token"},
		{"plain http to a remote host", testToken, "http://user-api.proxyshard.com", "base URL"},
		{"plain http to a private address", testToken, "http://10.0.0.1:8080", "base URL"},
		{"other scheme", testToken, "ftp://user-api.proxyshard.com", "base URL"},
		{"no host", testToken, "https://", "base URL"},
		{"credentials in the URL", testToken, "https://user:pw@user-api.proxyshard.com", "base URL"},
		{"query in the URL", testToken, "https://user-api.proxyshard.com/?x=1", "base URL"},
		{"unparsable", testToken, "https://[::1", "base URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := facade.New(tt.token, facade.WithBaseURL(tt.baseURL))
			require.Error(t, err)
			assert.Nil(t, c)
			assert.ErrorIs(t, err, facade.ErrValidation)
			var ve *facade.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field)
			if tt.token != "" && strings.TrimSpace(tt.token) != "" {
				assert.NotContains(t, err.Error(), tt.token)
			}
		})
	}
}

func TestNewAcceptsHTTPSAndLoopback(t *testing.T) {
	t.Parallel()
	for _, u := range []string{"https://user-api.proxyshard.com", "https://example.com/prefix/", "http://127.0.0.1:8080", "http://[::1]:80", "http://localhost:1"} {
		c, err := facade.New(testToken, facade.WithBaseURL(u))
		require.NoError(t, err, u)
		assert.Equal(t, strings.TrimSuffix(u, "/"), c.BaseURL())
	}
	c, err := facade.New(testToken)
	require.NoError(t, err)
	assert.Equal(t, facade.DefaultBaseURL, c.BaseURL())
}

func TestClientFormattingHidesTheToken(t *testing.T) {
	t.Parallel()
	c, err := facade.New(testToken)
	require.NoError(t, err)
	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("client", "c", c)
	for _, s := range []string{fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprintf("%v", *c), logged.String()} {
		assert.NotContains(t, s, testToken)
		assert.NotContains(t, s, "SECRET")
	}
	assert.Contains(t, fmt.Sprint(c), facade.DefaultBaseURL)
}

func TestEveryRequestCarriesTokenUserAgentAndAccept(t *testing.T) {
	t.Parallel()
	var got http.Header
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		writeJSON(w, 200, `{"email":"a@b.c","active_orders":2,"wallet_balance":1234}`)
	})
	me, err := newClient(t, s.URL).Me(context.Background())
	require.NoError(t, err)
	assert.Equal(t, &facade.Profile{Email: "a@b.c", ActiveOrders: 2, Balance: 1234}, me)
	assert.Equal(t, "Bearer "+testToken, got.Get("Authorization"))
	assert.Equal(t, facade.DefaultUserAgent, got.Get("User-Agent"))
	assert.Contains(t, facade.DefaultUserAgent, "proxyshard-go/"+facade.Version)
	assert.Equal(t, "application/json", got.Get("Accept"))

	_, err = newClient(t, s.URL, facade.WithUserAgent("mytool/1.0")).Me(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "mytool/1.0", got.Get("User-Agent"))

	// Zero values of options keep the defaults instead of breaking the client.
	_, err = newClient(t, s.URL, nil, facade.WithUserAgent(""), facade.WithHTTPClient(nil), facade.WithLogger(nil)).Me(context.Background())
	require.NoError(t, err)
	assert.Equal(t, facade.DefaultUserAgent, got.Get("User-Agent"))
}

// The header values every request carries are built together; a caller
// adding to one of them through Raw's request editors changes that one only.
func TestAddingToOneHeaderLeavesTheOthers(t *testing.T) {
	t.Parallel()
	var got http.Header
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		writeJSON(w, 200, `{"email":"a@b.c","active_orders":2,"wallet_balance":1234}`)
	})
	c := newClient(t, s.URL)
	resp, err := c.Raw().GetMeWithResponse(context.Background(), func(_ context.Context, r *http.Request) error {
		r.Header.Add("User-Agent", "extra/1")
		r.Header.Add("Accept", "text/plain")
		return nil
	})
	require.NoError(t, err)
	require.Equal(t, 200, resp.StatusCode())
	// net/http sends the first User-Agent only; the second must not have
	// landed in Accept either.
	assert.Equal(t, []string{facade.DefaultUserAgent}, got.Values("User-Agent"))
	assert.Equal(t, []string{"application/json", "text/plain"}, got.Values("Accept"))
	assert.Equal(t, []string{"Bearer " + testToken}, got.Values("Authorization"))

	// The next call carries the client's values alone again.
	_, err = c.Me(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{facade.DefaultUserAgent}, got.Values("User-Agent"))
	assert.Equal(t, []string{"application/json"}, got.Values("Accept"))
}

func TestBaseURLPathPrefixIsKept(t *testing.T) {
	t.Parallel()
	var path string
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		path = r.URL.Path
		writeJSON(w, 200, `{"email":"a@b.c","active_orders":0,"wallet_balance":0}`)
	})
	_, err := newClient(t, s.URL+"/gateway").Me(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "/gateway/user/api/me", path)
}

func TestRedirectsAreNotFollowed(t *testing.T) {
	t.Parallel()
	elsewhere := serve(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{}`) })
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+"/user/api/me", http.StatusFound)
	})
	_, err := newClient(t, s.URL).Me(context.Background())
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusFound, apiErr.StatusCode)
	assert.Zero(t, elsewhere.hits.Load(), "the redirect target must not be called")

	// A caller's own client is copied, not changed.
	mine := &http.Client{}
	_, err = newClient(t, s.URL, facade.WithHTTPClient(mine)).Me(context.Background())
	require.Error(t, err)
	assert.Nil(t, mine.CheckRedirect)
	assert.Zero(t, elsewhere.hits.Load())
}

func TestRawUsesTheSameCredentialsAndServer(t *testing.T) {
	t.Parallel()
	var auth string
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		auth = r.Header.Get("Authorization")
		writeJSON(w, 200, `{"email":"raw@b.c","active_orders":0,"wallet_balance":7}`)
	})
	resp, err := newClient(t, s.URL).Raw().GetMeWithResponse(context.Background())
	require.NoError(t, err)
	require.NotNil(t, resp.JSON200)
	assert.Equal(t, "raw@b.c", resp.JSON200.Email)
	assert.Equal(t, "Bearer "+testToken, auth)
}

func TestClientIsSafeForConcurrentUse(t *testing.T) {
	t.Parallel()
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"email":"a@b.c","active_orders":1,"wallet_balance":1}`)
	})
	c := newClient(t, s.URL)
	var wg sync.WaitGroup
	for range 32 {
		wg.Go(func() {
			_, err := c.Me(context.Background())
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	assert.EqualValues(t, 32, s.hits.Load())
}

// The server rejects a POST without a JSON body even where it reads none.
func TestBodylessPostsSendAnEmptyJSONObject(t *testing.T) {
	t.Parallel()
	type seen struct{ method, path, query, contentType, body string }
	var got []seen
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = append(got, seen{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Get("Content-Type"), string(b)})
		writeJSON(w, 200, `{"success":true,"message":"done"}`)
	})
	c := newClient(t, s.URL)
	require.NoError(t, c.Renew(context.Background(), 9))
	require.NoError(t, c.SetAutoRenewal(context.Background(), 9, true))
	assert.Equal(t, []seen{
		{"POST", "/user/api/orders/9/renew", "", "application/json", "{}"},
		{"POST", "/user/api/orders/edit-auto-renewal/9", "auto_renewal=true", "application/json", "{}"},
	}, got)
}
