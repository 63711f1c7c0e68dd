package facadetest_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

// get answers a GET of path as token, status and body.
func get(t *testing.T, s *facadetest.Server, token, path string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, s.URL+path, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := s.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

// A read is answered again from the answer kept for it only while nothing
// changed: every change, through the API or the Server's methods, shows in
// the next read, and each caller and each query has an answer of its own.
func TestReadsSeeEveryChange(t *testing.T) {
	s := newFake(t, facadetest.WithAccount(otherToken, "other@example.com", 500_00))
	c := strictClient(t, s, s.Token)
	const me, orders = "/user/api/me", "/user/api/orders?status=all"

	_, before := get(t, s, s.Token, orders)
	_, again := get(t, s, s.Token, orders)
	assert.Equal(t, before, again)
	id := buy(t, c, datacenter(t, 1))
	_, after := get(t, s, s.Token, orders)
	assert.NotEqual(t, before, after, "a purchase through the API shows in the next read")
	assert.Contains(t, after, `"order_id":`)

	_, mine := get(t, s, s.Token, me)
	_, theirs := get(t, s, otherToken, me)
	assert.NotEqual(t, mine, theirs, "each account reads its own answer")
	_, one := get(t, s, s.Token, "/user/api/orders?status=all&limit=1")
	_, cancelled := get(t, s, s.Token, "/user/api/orders?status=cancelled")
	assert.NotEqual(t, one, cancelled, "each query reads its own answer")

	changes := []struct {
		name   string
		path   string
		change func()
		want   string
	}{
		{"SetBalance", me, func() { s.SetBalance(s.Token, 1234) }, `"wallet_balance":1234`},
		{"Advance", "/user/api/orders?status=on-hold", func() { s.Advance(31 * 24 * time.Hour) }, `"order_id":1`},
		{"AddAccount", me, func() { s.AddAccount("late-token", "late@example.com", 0) }, ""},
		{"Reset", orders, s.Reset, `"orders":[]`},
	}
	for _, ch := range changes {
		_, old := get(t, s, s.Token, ch.path)
		ch.change()
		if ch.want == "" {
			status, _ := get(t, s, "late-token", ch.path)
			assert.Equal(t, http.StatusOK, status, ch.name)
			continue
		}
		_, now := get(t, s, s.Token, ch.path)
		assert.NotEqual(t, old, now, ch.name)
		assert.Contains(t, now, ch.want, ch.name)
	}
	_, ok := s.Order(id)
	assert.False(t, ok, "Reset removed the order")
}

// A read made while a change is under way is never kept past it: readers
// and buyers at the same time, and every reader's last answer after the
// buying ends lists every order.
func TestConcurrentReadsAndChangesStayConsistent(t *testing.T) {
	s := newFake(t)
	c := strictClient(t, s, s.Token)
	const buys = 10
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
					status, _ := get(t, s, s.Token, "/user/api/orders?status=all")
					assert.Equal(t, http.StatusOK, status)
				}
			}
		})
	}
	for range buys {
		buy(t, c, datacenter(t, 1))
	}
	close(stop)
	wg.Wait()
	_, body := get(t, s, s.Token, "/user/api/orders?status=all")
	assert.Equal(t, buys, strings.Count(body, `"order_id":`))
	_, me := get(t, s, s.Token, "/user/api/me")
	assert.Contains(t, me, `"active_orders":10`)
}

// An answer is checked whenever it is made: a read answered well is kept
// and served again while nothing changes; made again after a change, it is
// checked again, and a bad one is caught, recorded and replaced by a 500.
func TestKeptReadsDoNotHideABadAnswer(t *testing.T) {
	rec := &recordingT{TB: t}
	s := facadetest.NewServer(facadetest.WithT(rec))
	defer s.Close()
	status, good := get(t, s, s.Token, "/user/api/me")
	require.Equal(t, http.StatusOK, status)

	facadetest.CorruptAnswers(s, "getMe", `{"email":42,"active_orders":0,"wallet_balance":0}`)
	status, kept := get(t, s, s.Token, "/user/api/me")
	assert.Equal(t, http.StatusOK, status, "nothing changed: the kept answer, not a new one")
	assert.Equal(t, good, kept)
	assert.Empty(t, s.Violations())

	s.SetBalance(s.Token, 1)
	status, body := get(t, s, s.Token, "/user/api/me")
	assert.Equal(t, http.StatusInternalServerError, status, "made again after the change, and checked")
	assert.Contains(t, body, "breaks the spec")
	require.Len(t, s.Violations(), 1)
	assert.Len(t, rec.reported(), 1)
	status, _ = get(t, s, s.Token, "/user/api/me")
	assert.Equal(t, http.StatusInternalServerError, status, "a bad answer is never kept")
	assert.Len(t, s.Violations(), 2)
}
