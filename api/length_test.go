package api_test

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/api"
)

// verdictServer validates every request it receives, as the fake does, and
// answers 204; verdicts are read with last.
type verdictServer struct {
	*httptest.Server
	mu       sync.Mutex
	verdicts []error
	protos   []int
}

func newVerdictServer(t *testing.T, http2 bool) *verdictServer {
	t.Helper()
	v := newValidator(t)
	s := &verdictServer{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err == nil {
			_, err = v.ValidateRequest(r, body)
		}
		s.mu.Lock()
		s.verdicts = append(s.verdicts, err)
		s.protos = append(s.protos, r.ProtoMajor)
		s.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	if http2 {
		s.EnableHTTP2 = true
		s.StartTLS()
	} else {
		s.Start()
	}
	t.Cleanup(s.Close)
	return s
}

func (s *verdictServer) last(t *testing.T, proto int) error {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	require.NotEmpty(t, s.verdicts)
	require.Equal(t, proto, s.protos[len(s.protos)-1])
	return s.verdicts[len(s.verdicts)-1]
}

func requireLengthViolation(t *testing.T, err error) {
	t.Helper()
	var ce *api.ContractError
	require.True(t, errors.As(err, &ce), "want a *ContractError, got %v", err)
	assert.Equal(t, "header.Content-Length", ce.Field)
	assert.Contains(t, ce.Reason, "refuses a POST that declares no length")
}

// The server side over HTTP/1.1, on the wire as written: a POST without
// Content-Length is refused, with Content-Length: 0 or {} it is not.
func TestValidatorRefusesAPostWithoutContentLengthOverHTTP1(t *testing.T) {
	srv := newVerdictServer(t, false)
	send := func(t *testing.T, raw string) error {
		conn, err := net.Dial("tcp", srv.Listener.Addr().String())
		require.NoError(t, err)
		defer func() { _ = conn.Close() }()
		_, err = io.WriteString(conn, raw)
		require.NoError(t, err)
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		require.Equal(t, http.StatusNoContent, resp.StatusCode)
		return srv.last(t, 1)
	}
	head := "POST /user/api/orders/7/renew HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\n"
	requireLengthViolation(t, send(t, head+"Connection: close\r\n\r\n"))
	requireLengthViolation(t, send(t, head+"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n"))
	assert.NoError(t, send(t, head+"Content-Length: 0\r\nConnection: close\r\n\r\n"))
	assert.NoError(t, send(t, head+"Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"))
}

// The same over TLS and HTTP/2, where a body of unknown length goes without
// a content-length header.
func TestValidatorRefusesAPostWithoutContentLengthOverHTTP2(t *testing.T) {
	srv := newVerdictServer(t, true)
	client := srv.Client()
	send := func(t *testing.T, body io.Reader, length int64) error {
		r, err := http.NewRequest("POST", srv.URL+"/user/api/orders/7/renew", body)
		require.NoError(t, err)
		if body != nil {
			r.Header.Set("Content-Type", "application/json")
			r.ContentLength = length
		}
		resp, err := client.Do(r)
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		return srv.last(t, 2)
	}
	requireLengthViolation(t, send(t, io.MultiReader(strings.NewReader("{}")), -1))
	assert.NoError(t, send(t, nil, 0), "no body: Go sends content-length: 0")
	assert.NoError(t, send(t, strings.NewReader("{}"), 2))
}

// The client side: the validating transport stops a POST that would go out
// without Content-Length before it is sent, and passes one with none at all.
func TestTransportRefusesAPostWithoutContentLength(t *testing.T) {
	srv := newAPIServer(t, nil)
	client := &http.Client{Transport: api.ValidatingTransport(http.DefaultTransport)}

	r, err := http.NewRequest("POST", srv.URL+"/user/api/orders/7/renew", io.MultiReader(strings.NewReader("{}")))
	require.NoError(t, err)
	r.Header.Set("Content-Type", "application/json")
	_, err = client.Do(r) //nolint:bodyclose // no response on this path
	requireLengthViolation(t, err)
	assert.Empty(t, srv.requests(), "nothing reached the server")

	r, err = http.NewRequest("POST", srv.URL+"/user/api/orders/7/renew", nil)
	require.NoError(t, err)
	resp, err := client.Do(r)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	got := srv.requests()
	require.Len(t, got, 1)
	assert.Equal(t, int64(0), got[0].contentLength)
	assert.False(t, got[0].chunked)
}
