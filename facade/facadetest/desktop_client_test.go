package facadetest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

// desktopRequest is a request as ProxyShard's own desktop client writes it:
// the bearer token, Accept: */*, no User-Agent, compact JSON with its
// Content-Type, and {} on a POST that carries nothing.
func desktopRequest(t *testing.T, s *facadetest.Server, method, target, body string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(method, s.URL+target, strings.NewReader(body))
	require.NoError(t, err)
	r.Header.Set("Authorization", "Bearer "+s.Token)
	r.Header.Set("Accept", "*/*")
	r.Header.Set("User-Agent", "") // net/http then sends none
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	return r
}

// The fake (and the validator it answers through) accepts the desktop
// client's wire habits, over HTTP/1.1 and over TLS with HTTP/2: a space
// in the query as +, addons_json percent-encoded, {} for body-less POSTs.
func TestFakeAcceptsTheDesktopClientsWireHabits(t *testing.T) {
	for _, tt := range []struct {
		name  string
		opts  []facadetest.Option
		proto int
	}{{"HTTP/1.1", nil, 1}, {"TLS and HTTP/2", []facadetest.Option{facadetest.WithTLS()}, 2}} {
		t.Run(tt.name, func(t *testing.T) {
			s := newFake(t, tt.opts...)
			client := s.Client()
			do := func(method, target, body string) map[string]any {
				t.Helper()
				r := desktopRequest(t, s, method, target, body)
				resp, err := client.Do(r)
				require.NoError(t, err)
				defer func() { _ = resp.Body.Close() }()
				data, err := io.ReadAll(resp.Body)
				require.NoError(t, err)
				require.Equal(t, http.StatusOK, resp.StatusCode, "%s %s: %s", method, target, data)
				assert.Equal(t, tt.proto, resp.ProtoMajor)
				var out map[string]any
				if strings.HasPrefix(string(data), "{") {
					require.NoError(t, json.Unmarshal(data, &out))
				}
				return out
			}
			addons := url.QueryEscape(`[{"addon_key":"p0f_slots","qty":2}]`)
			require.Contains(t, addons, "%5B%7B%22addon_key%22")
			quote := do("GET", "/user/api/orders/calculate?product=Datacenter+Proxy&location=DE&cycle=monthly&quantity=2&addons_json="+addons, "")
			assert.EqualValues(t, 2*facadetest.P0FSlotPriceCents, quote["addons_price"])

			bought := do("POST", "/user/api/orders/purchase", `{"product":"Datacenter Proxy","location":"DE","cycle":"monthly","quantity":2,"addons":[{"addon_key":"p0f_slots","qty":2}]}`)
			id := int(bought["order_id"].(float64))
			o, ok := s.Order(id)
			require.True(t, ok)
			assert.Equal(t, 2, o.P0FSlots)

			target := "/user/api/orders/edit-auto-renewal/" + strconv.Itoa(id) + "?auto_renewal=true"
			do("POST", target, `{}`)
			do("POST", target, "") // Content-Length: 0
			tag := do("POST", "/user/api/orders/"+strconv.Itoa(id)+"/tag", `{"tag":"none"}`)
			assert.Equal(t, true, tag["success"])
			do("GET", "/user/api/proxies/active?order_id="+strconv.Itoa(id), "")
			assert.Empty(t, s.Violations())
		})
	}
}

// A POST that declares no length is what the server refuses ("no
// Content-Length specified"): the fake answers 400, whatever the protocol.
func TestFakeRefusesAPostWithoutContentLength(t *testing.T) {
	for _, opts := range [][]facadetest.Option{nil, {facadetest.WithTLS()}} {
		s := newFake(t, opts...)
		r := desktopRequest(t, s, "POST", "/user/api/orders/purchase", "")
		r.Body = io.NopCloser(strings.NewReader(`{"product":"Datacenter Proxy","location":"DE","cycle":"monthly"}`))
		r.ContentLength = -1 // chunked over HTTP/1.1, no content-length over HTTP/2
		r.Header.Set("Content-Type", "application/json")
		resp, err := s.Client().Do(r)
		require.NoError(t, err)
		data, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
		assert.Contains(t, string(data), "Content-Length")
		assert.Empty(t, s.Orders(s.Token), "nothing was bought")
	}
}
