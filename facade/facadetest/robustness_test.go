package facadetest_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/api"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

// send makes one raw request to s as its default account and returns the
// status. The answer passes through the validating transport in report
// mode: an answer outside the spec is recorded in the returned recorder.
// WithT also fails the test when the fake itself had to replace an answer
// that broke the spec.
func send(t *testing.T, s *facadetest.Server, method, path, body string) (int, *api.Recorder) {
	t.Helper()
	rec := &api.Recorder{}
	client := &http.Client{Transport: api.ValidatingTransport(nil, api.WithRecorder(rec)), Timeout: 10 * time.Second}
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+s.Token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	require.NoError(t, err, "%s %s: the fake must answer", method, path)
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, rec
}

func responseViolations(rec *api.Recorder) []*api.ContractError {
	var out []*api.ContractError
	for _, v := range rec.Violations() {
		if v.Side == api.SideResponse {
			out = append(out, v)
		}
	}
	return out
}

// Every integer parameter, in the path, the query or a body, at the
// extremes of its type and beyond: the fake answers a status its spec
// documents for the operation, never panics, never a 500.
func TestIntegerParametersAtTheirExtremes(t *testing.T) {
	s := newFake(t)
	c := strictClient(t, s, s.Token)
	id := buy(t, c, datacenter(t, 2))
	extremes := []string{
		"0", "-1",
		fmt.Sprint(math.MaxInt32), fmt.Sprint(math.MinInt32), fmt.Sprint(math.MaxInt32 + 1),
		fmt.Sprint(math.MaxInt64), fmt.Sprint(math.MinInt64),
		"9223372036854775808", "-9223372036854775809", "99999999999999999999999999",
		"1e3", "1.5",
	}
	templates := []struct{ method, path, body string }{
		{http.MethodGet, "/user/api/orders?status=all&offset=%s", ""},
		{http.MethodGet, "/user/api/orders?status=all&limit=%s", ""},
		{http.MethodGet, "/user/api/orders?status=all&offset=%[1]s&limit=%[1]s", ""},
		{http.MethodGet, "/user/api/orders?status=all&offset=%s&limit=100", ""},
		{http.MethodGet, "/user/api/orders/%s", ""},
		{http.MethodPost, "/user/api/orders/%s/renew", ""},
		{http.MethodPost, "/user/api/orders/%s/tag", `{"tag":"x"}`},
		{http.MethodGet, "/user/api/orders/calculate?product=Datacenter+Proxy&location=DE&cycle=monthly&quantity=%s", ""},
		{http.MethodPost, "/user/api/orders/edit-auto-renewal/%s?auto_renewal=true", ""},
		{http.MethodPost, "/user/api/orders/change-billing-cycle/%s", `{"cycle":"quarterly"}`},
		{http.MethodGet, "/user/api/proxies/active?order_id=%s", ""},
		{http.MethodGet, "/user/api/orders/%s/addons/calculate?addon_key=p0f_slots&add_qty=1", ""},
		{http.MethodGet, fmt.Sprintf("/user/api/orders/%d/addons/calculate?addon_key=p0f_slots&add_qty=%%s", id), ""},
		{http.MethodPost, fmt.Sprintf("/user/api/orders/%d/addons/purchase", id), `{"addon_key":"p0f_slots","add_qty":%s}`},
		{http.MethodPost, fmt.Sprintf("/user/api/orders/%d/addons/schedule", id), `{"addon_key":"p0f_slots","action":"downgrade","next_qty":%s}`},
		{http.MethodPost, "/user/api/orders/purchase", `{"product":"Datacenter Proxy","location":"DE","cycle":"monthly","quantity":%s}`},
		{http.MethodPost, "/user/api/orders/purchase", `{"product":"Standart Residential Proxy","quantity":%s}`},
	}
	for _, tpl := range templates {
		for _, n := range extremes {
			path, body := tpl.path, tpl.body
			if body != "" && strings.Contains(body, "%s") {
				body = fmt.Sprintf(body, n)
			} else {
				path = fmt.Sprintf(path, n)
			}
			status, rec := send(t, s, tpl.method, path, body)
			assert.NotEqual(t, http.StatusInternalServerError, status, "%s %s %s", tpl.method, path, body)
			assert.Empty(t, responseViolations(rec), "%s %s %s: answered outside the spec", tpl.method, path, body)
		}
	}
	assert.Equal(t, int64(facadetest.DefaultBalance-2*150), s.Balance(s.Token), "no extreme quantity bought or charged anything")
	assert.Len(t, s.Orders(s.Token), 1)
}

// A body on an operation that takes none is the client's mistake, recorded
// as a violation; the operations that document no 400 still answer within
// their spec, as a server that ignores the body does.
func TestBodyWhereNoneBelongs(t *testing.T) {
	s := newFake(t)
	for _, path := range []string{"/user/api/me", "/user/api/proxies/products", "/user/api/proxies/available-count"} {
		status, rec := send(t, s, http.MethodGet, path, `{"unexpected":true}`)
		assert.Equal(t, http.StatusOK, status, path)
		assert.Empty(t, responseViolations(rec), path)
	}
	violations := s.Violations()
	require.Len(t, violations, 3, "each body is recorded as the client's mistake")
	for _, v := range violations {
		assert.Equal(t, api.SideRequest, v.Side)
		assert.Equal(t, "body", v.Field)
	}

	// An operation that documents 400 answers it.
	status, _ := send(t, s, http.MethodGet, "/user/api/orders?status=all", `{"unexpected":true}`)
	assert.Equal(t, http.StatusBadRequest, status)
}

// The fake routes on the path as sent: an encoded slash is part of one
// segment, and dot segments are segments like any other, so neither can
// reach an operation the path does not name.
func TestEncodedSlashesAndDotSegmentsReachNoOtherOperation(t *testing.T) {
	s := newFake(t)
	c := strictClient(t, s, s.Token)
	id := buy(t, c, datacenter(t, 1))
	s.Advance(31 * 24 * time.Hour)
	require.Equal(t, facadetest.StatusOnHold, order(t, s, id).Status)
	balance := s.Balance(s.Token)

	tests := []struct {
		method, path string
		status       int
	}{
		{http.MethodPost, fmt.Sprintf("/user/api/orders/%d%%2Frenew", id), http.StatusNotFound},
		{http.MethodPost, fmt.Sprintf("/user/api/orders/%d%%2frenew", id), http.StatusNotFound},
		{http.MethodGet, fmt.Sprintf("/user/api/orders/%d%%2Frenew", id), http.StatusBadRequest},
		{http.MethodPost, fmt.Sprintf("/user/api/orders/x/../%d/renew", id), http.StatusNotFound},
		{http.MethodPost, fmt.Sprintf("/user/api/orders/./%d/renew", id), http.StatusNotFound},
		{http.MethodPost, fmt.Sprintf("/user/api/orders/../orders/%d/renew", id), http.StatusNotFound},
		{http.MethodPost, "/user/api/orders/%2E%2E/renew", http.StatusBadRequest},
		{http.MethodGet, "/user/api/orders/..", http.StatusBadRequest},
		{http.MethodGet, "/user/api/./me", http.StatusNotFound},
		{http.MethodGet, "/user/api/me/.", http.StatusNotFound},
		{http.MethodGet, "/user/api%2Fme", http.StatusNotFound},
		{http.MethodGet, "/user/api/me%2F", http.StatusNotFound},
		{http.MethodGet, fmt.Sprintf("/user/api/orders/%%%X", '0'+id%10), http.StatusOK}, // an escaped digit is still the id's digit
	}
	for _, tt := range tests {
		status, rec := send(t, s, tt.method, tt.path, "")
		assert.Equal(t, tt.status, status, "%s %s", tt.method, tt.path)
		assert.Empty(t, responseViolations(rec), "%s %s", tt.method, tt.path)
	}
	assert.Equal(t, 1, s.Requests("renewOrder"), "only /orders/%2E%2E/renew names renewOrder (of order \"..\")")
	assert.Equal(t, facadetest.StatusOnHold, order(t, s, id).Status)
	assert.Equal(t, balance, s.Balance(s.Token))
}

// stall opens a connection to s and sends the headers of a request with a
// body of n bytes, then only half of the body.
func stall(t *testing.T, s *facadetest.Server, n int) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.URL, "http://"))
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	_, err = fmt.Fprintf(conn, "POST /user/api/orders/purchase HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"+
		"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", s.Token, n, strings.Repeat(" ", n/2))
	require.NoError(t, err)
	return conn
}

// Close returns promptly although a client stalls in the middle of its
// body, a request is held by a delay fault, and a client trickles its body.
func TestCloseDoesNotWaitForStalledClients(t *testing.T) {
	t.Parallel()
	s := facadetest.NewServer()
	facadetest.SetCloseGrace(s, 50*time.Millisecond)
	stall(t, s, 100)
	s.InjectFault("getMe", facadetest.Fault{Delay: time.Hour})
	delayed := make(chan error, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodGet, s.URL+"/user/api/me", nil)
		req.Header.Set("Authorization", "Bearer "+s.Token)
		resp, err := (&http.Client{Transport: &http.Transport{}}).Do(req)
		if err == nil {
			_ = resp.Body.Close()
		}
		delayed <- err
	}()
	require.Eventually(t, func() bool { return s.TotalRequests() == 2 }, 5*time.Second, 5*time.Millisecond,
		"the stalled and the delayed request have arrived")

	closed := make(chan struct{})
	start := time.Now()
	go func() { s.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close blocked on a stalled client")
	}
	assert.Less(t, time.Since(start), 5*time.Second)
	select {
	case err := <-delayed:
		assert.Error(t, err, "the delayed call ends without an answer")
	case <-time.After(5 * time.Second):
		t.Fatal("the delayed call still hangs after Close")
	}
}

// A client that stalls in the middle of its body longer than the fake
// waits gets a documented 400 and its connection back; nothing is bought.
func TestStalledBodyTimesOut(t *testing.T) {
	t.Parallel()
	s := newFake(t)
	facadetest.SetBodyTimeout(s, 100*time.Millisecond)
	conn := stall(t, s, 64)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(5*time.Second)))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err, "the fake answers instead of waiting for ever")
	defer resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Empty(t, s.Orders(s.Token))
}

// A stalled client is also told nothing: its connection ends, it never
// gets an answer the fake made up from half a body.
func TestStalledClientGetsNoAnswerAfterClose(t *testing.T) {
	t.Parallel()
	s := facadetest.NewServer()
	facadetest.SetCloseGrace(s, 50*time.Millisecond)
	conn := stall(t, s, 64)
	require.Eventually(t, func() bool { return s.TotalRequests() == 1 }, 5*time.Second, 5*time.Millisecond)
	s.Close()
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(5*time.Second)))
	line, err := bufio.NewReader(conn).ReadString('\n')
	assert.Empty(t, line)
	assert.ErrorIs(t, err, io.EOF)
	assert.Empty(t, s.Orders(s.Token), "half a purchase buys nothing")
}

// WithTLS serves HTTPS with HTTP/2, the transport production uses; Client
// trusts the fake's certificate.
func TestTLSWithHTTP2(t *testing.T) {
	s := newFake(t, facadetest.WithTLS())
	require.True(t, strings.HasPrefix(s.URL, "https://127.0.0.1:"), s.URL)
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, s.URL+"/user/api/me", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+s.Token)
	resp, err := s.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, 2, resp.ProtoMajor, "HTTP/2")
	assert.NotNil(t, s.Certificate())

	_, err = http.Get(s.URL + "/user/api/me")
	assert.Error(t, err, "a client that does not trust the certificate fails")

	s.InjectFault("purchaseOrder", facadetest.Fault{DropAfterApply: true})
	body := strings.NewReader(`{"product":"Datacenter Proxy","location":"DE","cycle":"monthly","quantity":1}`)
	req, err = http.NewRequest(http.MethodPost, s.URL+"/user/api/orders/purchase", body)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+s.Token)
	req.Header.Set("Content-Type", "application/json")
	req.GetBody = nil // one attempt only: the stream reset must not be replayed
	_, err = s.Client().Do(req)
	assert.Error(t, err, "a dropped answer over HTTP/2 is a reset stream")
	assert.Len(t, s.Orders(s.Token), 1, "applied once, answer dropped")
}
