package facade_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade"
)

// Answers that are not the API's JSON must become errors, not zero values.
func TestUnreadableAnswersBecomeErrors(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat(" ", 10<<20) + `{"email":"a@b.c","active_orders":0,"wallet_balance":0}`
	tests := []struct {
		name    string
		handler http.HandlerFunc
		wantIs  error
		text    string
	}{
		{"HTML page with 200", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte("<!doctype html><title>Login</title>"))
		}, facade.ErrInvalidResponse, "HTML"},
		{"HTML page labelled JSON", func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, "\n<html>oops</html>")
		}, facade.ErrInvalidResponse, "HTML"},
		{"truncated JSON", func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, `{"email":"a@b.c","active_or`)
		}, facade.ErrInvalidResponse, "malformed JSON"},
		{"wrong JSON type", func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, `{"email":42}`)
		}, facade.ErrInvalidResponse, "body.email is an integer, want a string"},
		{"empty body", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, "") }, facade.ErrInvalidResponse, "empty"},
		{"null body", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, "null") }, facade.ErrInvalidResponse, "null"},
		{"body over 10 MiB", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, huge) }, facade.ErrInvalidResponse, "larger than"},
		{"body declared over 10 MiB", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", strconv.Itoa(20<<20))
			_, _ = w.Write([]byte(`{"email":"a@b.c"`))
		}, facade.ErrInvalidResponse, "larger than"},
		{"connection cut inside the body", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "500")
			_, _ = w.Write([]byte(`{"email":`))
			hijackClose(w)
		}, nil, "unexpected EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := serve(t, tt.handler)
			me, err := newClient(t, s.URL, facade.WithRetry(facade.RetryPolicy{MaxAttempts: 1})).Me(context.Background())
			require.Error(t, err)
			assert.Nil(t, me)
			if tt.wantIs != nil {
				assert.ErrorIs(t, err, tt.wantIs)
			}
			assert.Contains(t, err.Error(), tt.text)
			assert.Contains(t, err.Error(), "getMe")
		})
	}
}

// hijackClose drops the connection without finishing the response.
func hijackClose(w http.ResponseWriter) {
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// HTTP/2 has no connection to hand over: reset the stream instead.
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

func TestErrorAnswersBecomeAPIErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status  int
		body    string
		ctype   string
		wantIs  error
		message string
		rawBody string
	}{
		{401, `{"success":false,"message":"Invalid token"}`, "application/json", facade.ErrUnauthorized, "Invalid token", ""},
		{403, `{"success":false,"message":"Method is unavailable for this order"}`, "application/json", facade.ErrForbidden, "Method is unavailable for this order", ""},
		{404, `{"success":false,"message":"Order not found"}`, "application/json", facade.ErrNotFound, "Order not found", ""},
		{429, `{"success":false,"message":"slow down"}`, "application/json", facade.ErrRateLimited, "slow down", ""},
		{400, `{"success":false,"message":"Insufficient balance"}`, "application/json", nil, "Insufficient balance", ""},
		{502, `<html><body>Bad gateway</body></html>`, "text/html", nil, "", `<html><body>Bad gateway</body></html>`},
		{500, `not json`, "text/plain", nil, "", `not json`},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			s := serve(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.ctype)
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			})
			_, err := newClient(t, s.URL, facade.WithRetry(facade.RetryPolicy{MaxAttempts: 1})).GetOrder(context.Background(), 5)
			var apiErr *facade.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, "getOrder", apiErr.Operation)
			assert.Equal(t, tt.status, apiErr.StatusCode)
			assert.Equal(t, tt.message, apiErr.Message)
			assert.Equal(t, tt.rawBody, apiErr.Body)
			assert.Equal(t, 1, apiErr.Attempts)
			if tt.wantIs != nil {
				assert.ErrorIs(t, err, tt.wantIs)
			}
			for _, other := range []error{facade.ErrUnauthorized, facade.ErrForbidden, facade.ErrNotFound, facade.ErrRateLimited, facade.ErrValidation, facade.ErrOutcomeUnknown} {
				if !errors.Is(other, tt.wantIs) {
					assert.NotErrorIs(t, err, other)
				}
			}
		})
	}
}

func TestAPIErrorBodyIsTruncatedAndScrubbed(t *testing.T) {
	t.Parallel()
	// The token sits across the 512-byte cut: scrubbing before cutting must
	// leave no part of it.
	page := "<html>" + strings.Repeat("x", 500) + testToken + strings.Repeat("é", 400) + "</html>"
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(500)
		_, _ = w.Write([]byte(page))
	})
	_, err := newClient(t, s.URL).GetOrder(context.Background(), 5)
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.LessOrEqual(t, len(apiErr.Body), 512+len("…"))
	assert.NotContains(t, apiErr.Body, "tok-5f3a")
	assert.NotContains(t, err.Error(), "tok-5f3a")
	assert.True(t, strings.HasPrefix(apiErr.Body, "<html>xxx"))
	assert.Contains(t, apiErr.Body, "[REDAC", "the cut falls inside the replacement, not inside the token")
}

func TestSuccessFalseIsARefusal(t *testing.T) {
	t.Parallel()
	s := serve(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"success":false,"message":"Order is not on hold"}`)
	})
	err := newClient(t, s.URL).Renew(context.Background(), 3)
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "renewOrder", apiErr.Operation)
	assert.Equal(t, 200, apiErr.StatusCode)
	assert.Equal(t, "Order is not on hold", apiErr.Message)
	assert.NotErrorIs(t, err, facade.ErrOutcomeUnknown, "an explicit refusal is a known outcome")
}

// A closed port: every dial fails, so even a purchase may be tried again,
// and the result is a plain transport error, not an unknown outcome.
func TestPurchaseIsRetriedWhenTheConnectionCannotBeOpened(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())

	var attempts int
	counting := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		attempts++
		return http.DefaultTransport.RoundTrip(r)
	})}
	c := newClient(t, "http://"+addr, facade.WithHTTPClient(counting))
	_, err = c.Purchase(context.Background(), facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: 1})
	require.Error(t, err)
	assert.NotErrorIs(t, err, facade.ErrOutcomeUnknown)
	assert.Contains(t, err.Error(), "connection refused")
	assert.Equal(t, 3, attempts)
}
