package facade_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade"
)

// testToken is long and unusual so that finding it in a message is proof of a leak.
const testToken = "tok-5f3a9c2e-SECRET-d41d8cd9"

// fastRetries keeps retry tests quick while still exercising the waits.
var fastRetries = facade.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond, MaxRetryAfter: 5 * time.Second}

// handlerServer is a loopback server for faults the fake cannot produce; it
// counts the requests it receives.
type handlerServer struct {
	*httptest.Server
	hits atomic.Int64
}

func serve(t *testing.T, h http.HandlerFunc) *handlerServer {
	t.Helper()
	s := &handlerServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func newClient(t *testing.T, baseURL string, opts ...facade.Option) *facade.Client {
	t.Helper()
	c, err := facade.New(testToken, append([]facade.Option{facade.WithBaseURL(baseURL), facade.WithRetry(fastRetries)}, opts...)...)
	require.NoError(t, err)
	return c
}

// writeJSON answers with a JSON body and status.
func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// failure is what a table row expects of a call's error.
type failure struct {
	wantErr  bool
	wantIs   []error
	wantNot  []error
	status   int // of the *APIError in the chain; 0: not checked
	attempts int // that *APIError's Attempts
}

// assertFailure checks err against f; it reports whether the call failed,
// so the caller can go on checking what a failure must show.
func assertFailure(t *testing.T, err error, f failure) bool {
	t.Helper()
	if !f.wantErr {
		require.NoError(t, err)
		return false
	}
	require.Error(t, err)
	for _, target := range f.wantIs {
		assert.ErrorIs(t, err, target)
	}
	for _, target := range f.wantNot {
		assert.NotErrorIs(t, err, target)
	}
	if f.status != 0 {
		var apiErr *facade.APIError
		require.True(t, errors.As(err, &apiErr), "want an *APIError in %v", err)
		assert.Equal(t, f.status, apiErr.StatusCode)
		assert.Equal(t, f.attempts, apiErr.Attempts)
	}
	return true
}

// roundTripFunc is the tests' one http.RoundTripper: a function. Transports
// with state (counters, canned answers) keep it in a struct of their own
// and hand out a roundTripFunc over it.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
