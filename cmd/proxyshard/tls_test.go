package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

// tlsToken is one no message could contain by chance.
const tlsToken = "tok-3f9c2e71a8d4"

// tlsFake is the fake served over HTTPS with HTTP/2, as the real API is,
// on httptest's certificate for 127.0.0.1, behind a handler that counts the
// requests reaching it by protocol. It is the server WithTLS starts
// (httptest, EnableHTTP2, StartTLS), built here around Handler because
// NewServer offers no way to wrap its handler.
type tlsFake struct {
	*facadetest.Server
	srv    *httptest.Server
	url    string
	caFile string // the certificate in PEM, for SSL_CERT_FILE
	http2  atomic.Int64
	other  atomic.Int64 // requests that were not HTTP/2
}

func newTLSFake(t *testing.T) *tlsFake {
	t.Helper()
	f := &tlsFake{Server: facadetest.New(facadetest.WithT(t), facadetest.WithClock(epoch), facadetest.WithToken(tlsToken))}
	fake := f.Handler()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ProtoMajor == 2 {
			f.http2.Add(1)
		} else {
			f.other.Add(1)
		}
		fake.ServeHTTP(w, r)
	}))
	// A client that distrusts the certificate makes the server log a
	// handshake error; that is the expected outcome here, not noise.
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(func() { srv.Close(); f.Close() })
	f.srv, f.url = srv, srv.URL

	f.caFile = filepath.Join(t.TempDir(), "ca.pem")
	block := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	require.NoError(t, os.WriteFile(f.caFile, block, 0o644))
	return f
}

// buy creates an order directly, for a command that needs one.
func (f *tlsFake) buy(t *testing.T) {
	t.Helper()
	c, err := facade.New(f.Token, facade.WithBaseURL(f.url), facade.WithHTTPClient(f.srv.Client()))
	require.NoError(t, err)
	_, err = c.Purchase(context.Background(), dcSpec("DE", 1))
	require.NoError(t, err)
}

// skipWithoutSSLCertFile skips where Go's crypto/x509 does not read
// SSL_CERT_FILE: there the system's own verifier decides whom to trust.
func skipWithoutSSLCertFile(t *testing.T) {
	switch runtime.GOOS {
	case "darwin", "ios", "windows", "plan9":
		t.Skipf("on %s crypto/x509 ignores SSL_CERT_FILE and trusts only the system's store, so the fake's certificate cannot be trusted without installing it", runtime.GOOS)
	}
}

var buyArgs = []string{"buy", "--product", "dc", "--country", "DE", "--cycle", "monthly", "--yes", "--settle-wait", "0s"}

// TestMoneyOverTLSAndHTTP2 runs the command as its own process against the
// fake over HTTPS and HTTP/2, trusting the fake through SSL_CERT_FILE: the
// rules about money and the token hold on the transport the API uses, not
// only over plain HTTP/1.1.
func TestMoneyOverTLSAndHTTP2(t *testing.T) {
	skipWithoutSSLCertFile(t)
	t.Parallel() // a lost answer waits for the retries of its settlement
	setup := func(t *testing.T) (*tlsFake, map[string]string) {
		f := newTLSFake(t)
		return f, map[string]string{
			"PROXYSHARD_TOKEN":    f.Token,
			"PROXYSHARD_BASE_URL": f.url,
			"SSL_CERT_FILE":       f.caFile,
		}
	}
	for _, tc := range []struct {
		name   string
		faults map[string]facadetest.Fault
		code   int
		says   string // in stdout or stderr
	}{
		{name: "buy", code: exitOK, says: "order_id\t1\n"},
		// The purchase is applied and its HTTP/2 stream reset: the answer
		// is lost, and the purchase is found, never sent again.
		{name: "lost answer settled", code: exitOK, says: "bought; the answer was lost and the order was found",
			faults: map[string]facadetest.Fault{"purchaseOrder": {DropAfterApply: true}}},
		// The same, and the orders cannot be read to settle it.
		{name: "lost answer unsettled", code: exitUnknown, says: "could not find out whether the purchase was bought",
			faults: map[string]facadetest.Fault{
				"purchaseOrder": {DropAfterApply: true},
				"getOrder":      {Status: http.StatusServiceUnavailable, Times: 10},
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f, env := setup(t)
			for op, fault := range tc.faults {
				f.InjectFault(op, fault)
			}
			r := runProcess(t, env, buyArgs...)
			assert.Equal(t, tc.code, r.code, r.stderr)
			assert.Contains(t, r.stdout+r.stderr, tc.says)
			assert.Equal(t, 1, f.Requests("purchaseOrder"), "sent once, never again")
			assert.Len(t, f.Orders(f.Token), 1, "applied once")
			overHTTP2(t, f, r)
		})
	}

	// Under cron stdin is /dev/null, a character device but no terminal:
	// a purchase without --yes is a usage error, not a question nobody
	// answers, and nothing is sent.
	t.Run("no terminal and no --yes", func(t *testing.T) {
		t.Parallel()
		f, env := setup(t)
		var unconfirmed []string
		for _, a := range buyArgs {
			if a != "--yes" {
				unconfirmed = append(unconfirmed, a)
			}
		}
		r := runProcess(t, env, unconfirmed...)
		assert.Equal(t, exitUsage, r.code, r.stderr)
		assert.Contains(t, r.stderr, "there is no terminal to confirm on: pass --yes")
		assert.Zero(t, f.Requests("purchaseOrder"))
		noToken(t, f.Token, r)
	})

	// A money move with no settlement: the lost answer is exit 4 at once.
	t.Run("lost answer of a renewal", func(t *testing.T) {
		t.Parallel()
		f, env := setup(t)
		f.buy(t)
		f.Advance(32 * 24 * time.Hour)
		f.InjectFault("renewOrder", facadetest.Fault{DropAfterApply: true})
		r := runProcess(t, env, "renew", "1", "--yes")
		assert.Equal(t, exitUnknown, r.code, r.stderr)
		assert.Equal(t, 1, f.Requests("renewOrder"), "never resent")
		overHTTP2(t, f, r)
	})

	// Without SSL_CERT_FILE the fake's certificate is not trusted: the
	// command says so and how to trust a private authority, and nothing
	// reaches the API.
	t.Run("untrusted certificate", func(t *testing.T) {
		t.Parallel()
		f, env := setup(t)
		delete(env, "SSL_CERT_FILE")
		r := runProcess(t, env, buyArgs...)
		assert.Equal(t, exitNetwork, r.code, r.stderr)
		assert.Contains(t, r.stderr, "certificate is not trusted")
		assert.Contains(t, r.stderr, "SSL_CERT_FILE=")
		assert.Empty(t, r.stdout)
		assert.Zero(t, f.http2.Load()+f.other.Load(), "no request reaches the API")
		assert.Zero(t, f.TotalRequests())
		noToken(t, f.Token, r)
	})

	// Plain http to another machine would carry the token in clear text:
	// refused as a usage error before anything is sent.
	t.Run("plain http to another host", func(t *testing.T) {
		t.Parallel()
		f, env := setup(t)
		r := runProcess(t, env, append([]string{"--base-url", "http://api.example.com"}, buyArgs...)...)
		assert.Equal(t, exitUsage, r.code, r.stderr)
		assert.Contains(t, r.stderr, "plain http would send the token in clear text; use https")
		assert.Contains(t, r.stderr, "proxyshard help")
		assert.Empty(t, r.stdout)
		assert.Zero(t, f.TotalRequests())
		noToken(t, f.Token, r)
	})
}

// overHTTP2: requests reached the fake, all over HTTP/2, and no output
// holds the token.
func overHTTP2(t *testing.T, f *tlsFake, r result) {
	t.Helper()
	assert.Positive(t, f.http2.Load())
	assert.Zero(t, f.other.Load(), "every request over HTTP/2")
	noToken(t, f.Token, r)
}

func noToken(t *testing.T, token string, r result) {
	t.Helper()
	assert.NotContains(t, r.stdout, token)
	assert.NotContains(t, r.stderr, token)
}

// TestCertificateHints: a failed TLS handshake says what to do, not only
// Go's x509 text, and stays a network error (exit 5).
func TestCertificateHints(t *testing.T) {
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	t.Cleanup(srv.Close)
	leaf := srv.Certificate()
	viaHTTP := func(err error) error {
		return fmt.Errorf("proxyshard: getMe: not sent, nothing reached the server: %w",
			&url.Error{Op: "Get", URL: "https://api.example.org/user/api/me", Err: &tls.CertificateVerificationError{Err: err}})
	}
	for _, tc := range []struct {
		err  error
		hint string
	}{
		{viaHTTP(x509.UnknownAuthorityError{Cert: leaf}), privateCAHint()},
		{viaHTTP(x509.SystemRootsError{}), "certificate is not trusted"},
		{viaHTTP(x509.HostnameError{Certificate: leaf, Host: "api.example.org"}), "for another host: check --base-url"},
		{viaHTTP(x509.CertificateInvalidError{Cert: leaf, Reason: x509.Expired}), "this machine's clock"},
		{&url.Error{Op: "Get", URL: "https://127.0.0.1:1/", Err: tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}}, "the server does not speak TLS"},
		{&url.Error{Op: "Get", URL: "https://127.0.0.1:1/", Err: syscall.ECONNREFUSED}, "check the network and --base-url"},
	} {
		code, msg := describe(tc.err)
		assert.Equal(t, exitNetwork, code, msg)
		assert.Contains(t, msg, tc.hint)
	}
}

// TestHTTPSToPlainHTTP: https:// to a server that speaks plain HTTP fails
// the handshake with a hint at the scheme, and reaches no handler.
func TestHTTPSToPlainHTTP(t *testing.T) {
	e := newEnv(t)
	e.vars["PROXYSHARD_BASE_URL"] = strings.Replace(e.fake.URL, "http://", "https://", 1)
	r := e.run(false, "", "me")
	assert.Equal(t, exitNetwork, r.code, r.stderr)
	assert.Contains(t, r.stderr, "the server does not speak TLS")
	assert.Zero(t, e.fake.TotalRequests())
}
