package facadetest_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade/facadetest"
	"github.com/proxyshard/proxyshard-go/internal/testutil"
)

// TestMain fails the package if any goroutine outlives the tests.
func TestMain(m *testing.M) { os.Exit(testutil.RunWithoutLeaks(m)) }

// A fake that answered, delayed (with the client giving up mid-delay),
// dropped and failed requests leaves no goroutine once it is closed.
func TestClosedFakeLeavesNoGoroutine(t *testing.T) {
	before := testutil.TakeBaseline()
	s := facadetest.NewServer()
	s.InjectFault("getMe", facadetest.Fault{Delay: time.Minute})
	s.InjectFault("getMe", facadetest.Fault{DropBeforeApply: true})
	s.InjectFault("getMe", facadetest.Fault{DropAfterApply: true})
	s.InjectFault("getMe", facadetest.Fault{Status: http.StatusServiceUnavailable})
	client := &http.Client{Transport: &http.Transport{}}

	tests := []struct {
		name    string
		timeout time.Duration
		status  int // 0: the call fails without an answer
	}{
		{name: "delayed until the client gives up", timeout: 50 * time.Millisecond},
		{name: "dropped before apply"},
		{name: "dropped after apply"},
		{name: "injected 503", status: http.StatusServiceUnavailable},
		{name: "answered", status: http.StatusOK},
	}
	for _, tt := range tests {
		timeout := tt.timeout
		if timeout == 0 {
			timeout = 5 * time.Second // a bound on a hung call, never reached when the fake answers
		}
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/user/api/me", nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+s.Token)
		resp, err := client.Do(req)
		if tt.status == 0 {
			assert.Error(t, err, tt.name)
		} else if assert.NoError(t, err, tt.name) {
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			assert.Equal(t, tt.status, resp.StatusCode, tt.name)
		}
		cancel()
	}

	client.CloseIdleConnections()
	s.Close()
	testutil.NoLeaks(t, before)
}
