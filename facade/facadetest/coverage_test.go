package facadetest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

func TestCountersAndCoverageTable(t *testing.T) {
	s := newFake(t)
	c := strictClient(t, s, s.Token)
	ctx := context.Background()
	for range 2 {
		_, err := c.GetMeWithResponse(ctx)
		require.NoError(t, err)
	}
	_, err := strictClient(t, s, "").GetMeWithResponse(ctx)
	require.NoError(t, err)
	resp, err := http.Get(s.URL + "/user/api/nowhere")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)

	assert.Equal(t, 3, s.Requests("getMe"))
	assert.Zero(t, s.Requests("listOrders"))
	assert.Equal(t, 4, s.TotalRequests())
	cov := s.Coverage()
	operations := len(facadetest.DocumentedStatuses(t))
	assert.Len(t, cov, operations)
	assert.Equal(t, map[int]int{200: 2, 401: 1}, cov["getMe"])
	assert.Empty(t, cov["listOrders"])

	lines := strings.Split(strings.TrimRight(s.CoverageTable(), "\n"), "\n")
	require.Len(t, lines, 1+operations)
	assert.Equal(t, []string{"operation", "200", "400", "401", "403", "404", "429", "502", "503", "504"}, strings.Fields(lines[0]))
	rows := map[string][]string{}
	for _, line := range lines[1:] {
		fields := strings.Fields(line)
		rows[fields[0]] = fields[1:]
	}
	assert.Len(t, rows, operations)
	assert.Equal(t, []string{"2", "-", "1", "-", "-", "0", "0", "0", "0"}, rows["getMe"], "getMe documents no 400, 403 or 404")
	assert.Equal(t, []string{"0", "-", "-", "-", "-", "0", "0", "0", "0"}, rows["getHealth"], "the health probe needs no token, so no 401")
	assert.Equal(t, []string{"0", "0", "0", "0", "0", "0", "0", "0", "0"}, rows["changeBillingCycle"])
}

// The fake's Handler serves on a server of one's own, as the command does;
// a path no operation has is a 404 with ApiError.
func TestHandlerOnItsOwn(t *testing.T) {
	s := facadetest.New()
	tests := []struct {
		method, path string
		status       int
	}{
		{http.MethodGet, "/user/api/me", http.StatusOK},
		{http.MethodGet, "/user/api/nowhere", http.StatusNotFound},
		{http.MethodDelete, "/user/api/me", http.StatusNotFound},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(tt.method, tt.path, nil)
		req.Header.Set("Authorization", "Bearer "+s.Token)
		s.Handler().ServeHTTP(rec, req)
		assert.Equal(t, tt.status, rec.Code, tt.method+" "+tt.path)
		assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	}
	assert.Empty(t, s.URL)
	assert.Equal(t, 3, s.TotalRequests())
}
