package facade_test

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/api"
	"github.com/proxyshard/proxyshard-go/facade"
)

// New refuses a token or user agent that net/http cannot send (or that
// would split a header), with an error that says what to do and never
// quotes the token.
func TestNewRefusesValuesThatCannotBeSent(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"\x00", "\x7f", "\x1b", "\r", "\n", "\t", "\r\nX-Evil: 1"} {
		token := testToken + bad + "tail"
		_, err := facade.New(token)
		var verr *facade.ValidationError
		require.ErrorAs(t, err, &verr, "token with %q", bad)
		assert.ErrorIs(t, err, facade.ErrValidation)
		assert.Equal(t, "token", verr.Field)
		assert.Contains(t, err.Error(), "copy it again")
		assert.NotContains(t, err.Error(), testToken)

		_, err = facade.New(testToken, facade.WithUserAgent("agent/1.0"+bad))
		require.ErrorAs(t, err, &verr, "user agent with %q", bad)
		assert.Equal(t, "user agent", verr.Field)
	}
	_, err := facade.New(testToken, facade.WithUserAgent("agent/1.0 (+https://example.com)"))
	assert.NoError(t, err)
}

// refusing refuses every request before sending it, the way
// api.ValidatingTransport refuses a request that breaks the contract, and
// counts the calls.
func refusing(calls *atomic.Int64) http.RoundTripper {
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		calls.Add(1)
		return nil, &api.ContractError{Operation: "purchaseOrder", Method: r.Method, Path: r.URL.Path,
			Side: api.SideRequest, Field: "body.product", Reason: "not one of the documented products"}
	})
}

// "Outcome unknown" only when the request may have reached the server: a
// purchase that provably never left (no TLS session, refused by a
// transport before sending) is an ordinary error that says so.
func TestRequestsThatNeverLeftAreNotOutcomeUnknown(t *testing.T) {
	t.Parallel()
	var hits atomic.Int64
	counting := http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) })
	untrusted := startServer(t, counting, true)
	plain := startServer(t, counting, false)

	tests := []struct {
		name   string
		client func(t *testing.T) *facade.Client
		check  func(t *testing.T, err error)
	}{
		{
			name: "TLS handshake fails: certificate not trusted",
			client: func(t *testing.T) *facade.Client {
				return newClient(t, untrusted.URL, facade.WithRetry(instantRetries)) // the default transport
			},
			check: func(t *testing.T, err error) {
				var cert *tls.CertificateVerificationError
				assert.ErrorAs(t, err, &cert)
			},
		},
		{
			name: "TLS handshake fails: the server does not speak TLS",
			client: func(t *testing.T) *facade.Client {
				return newClient(t, strings.Replace(plain.URL, "http:", "https:", 1), facade.WithRetry(instantRetries))
			},
			check: func(t *testing.T, err error) {
				assert.Contains(t, err.Error(), "server gave HTTP response to HTTPS client")
			},
		},
		{
			name: "a transport refuses it before sending",
			client: func(t *testing.T) *facade.Client {
				var calls atomic.Int64
				t.Cleanup(func() { assert.Equal(t, int64(1), calls.Load(), "attempts: a refusal is final") })
				return newClient(t, plain.URL, facade.WithRetry(instantRetries), facade.WithHTTPClient(&http.Client{Transport: refusing(&calls)}))
			},
			check: func(t *testing.T, err error) {
				var cerr *api.ContractError
				assert.ErrorAs(t, err, &cerr)
			},
		},
	}
	for _, tt := range tests {
		for _, fc := range fuzzCalls {
			if !fc.moneyMoving() {
				continue
			}
			t.Run(tt.name+"/"+fc.op, func(t *testing.T) {
				before := hits.Load()
				_, err := fc.call(context.Background(), tt.client(t))
				require.Error(t, err)
				assert.NotErrorIs(t, err, facade.ErrOutcomeUnknown)
				assert.Contains(t, err.Error(), "not sent")
				assert.Equal(t, before, hits.Load(), "requests the server received")
				tt.check(t, err)
				assertNoToken(t, err, "")
			})
		}
	}
}

// With api.ValidatingTransport in fail mode, an answer that breaks the
// contract ends the call with the *api.ContractError: it is not retried,
// so a one-off violation cannot end in a success and be lost. In report
// mode it is recorded, and the call is not retried because of it either.
func TestContractViolationIsFinal(t *testing.T) {
	t.Parallel()
	const valid = `{"active_orders":0,"email":"user@example.com","wallet_balance":100}`
	for _, fc := range []fuzzCall{fuzzCalls[0], fuzzCalls[len(fuzzCalls)-4]} { // getMe, purchaseOrder
		t.Run(fc.op, func(t *testing.T) {
			var hits atomic.Int64
			s := serve(t, func(w http.ResponseWriter, r *http.Request) {
				if hits.Add(1) == 1 {
					writeJSON(w, 200, `{"unexpected":true}`) // lacks every required field
					return
				}
				writeJSON(w, 200, fc.ok)
			})
			hc := &http.Client{Transport: api.ValidatingTransport(nil)}
			c := newClient(t, s.URL, facade.WithHTTPClient(hc), facade.WithRetry(instantRetries))
			_, err := fc.call(context.Background(), c)
			var cerr *api.ContractError
			require.ErrorAs(t, err, &cerr)
			assert.Equal(t, api.SideResponse, cerr.Side)
			assert.Equal(t, int64(1), hits.Load(), "requests the server received")
			assert.Equal(t, fc.moneyMoving(), errors.Is(err, facade.ErrOutcomeUnknown), "%v", err)
		})
	}
	t.Run("report mode records it", func(t *testing.T) {
		var hits atomic.Int64
		s := serve(t, func(w http.ResponseWriter, r *http.Request) {
			if hits.Add(1) == 1 {
				writeJSON(w, 200, `{"unexpected":true}`)
				return
			}
			writeJSON(w, 200, valid)
		})
		rec := &api.Recorder{}
		hc := &http.Client{Transport: api.ValidatingTransport(nil, api.WithRecorder(rec))}
		c := newClient(t, s.URL, facade.WithHTTPClient(hc), facade.WithRetry(instantRetries))
		_, err := c.Me(context.Background())
		var cerr *api.ContractError
		assert.False(t, errors.As(err, &cerr), "report mode lets the call through: %v", err)
		assert.Equal(t, int64(1), hits.Load(), "requests the server received")
		require.Len(t, rec.Violations(), 1)
		assert.Equal(t, "getMe", rec.Violations()[0].Operation)
	})
}

// A server the client cannot trust (an unknown authority, or no TLS at
// all) is refused at the first handshake and not dialled again: the next
// handshake would fail the same way, and backoff would only delay the
// error. The server sees one connection and no request.
func TestUntrustedServerIsNotRetried(t *testing.T) {
	t.Parallel()
	var hits atomic.Int64
	counting := http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) })
	for _, tt := range []struct {
		name string
		tls  bool
		want string
	}{
		{"certificate not trusted", true, "certificate signed by unknown authority"},
		{"the server does not speak TLS", false, "server gave HTTP response to HTTPS client"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var conns atomic.Int64
			s := httptest.NewUnstartedServer(counting)
			s.Config.ConnState = func(_ net.Conn, state http.ConnState) {
				if state == http.StateNew {
					conns.Add(1)
				}
			}
			if tt.tls {
				s.StartTLS()
			} else {
				s.Start()
			}
			t.Cleanup(s.Close)
			c := newClient(t, strings.Replace(s.URL, "http:", "https:", 1), facade.WithRetry(instantRetries))
			_, err := c.Me(context.Background())
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Equal(t, int64(1), conns.Load(), "connections: one handshake, no retry")
			assert.Zero(t, hits.Load(), "requests the server received")
		})
	}
}
