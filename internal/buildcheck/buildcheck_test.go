package buildcheck_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/gen"
	"github.com/proxyshard/proxyshard-go/internal/buildcheck"
)

// The check finds a builder that differs from the standard one in the
// path, the query or the body, and passes one that does not.
func TestDifferencesAreFound(t *testing.T) {
	t.Parallel()
	assert.Empty(t, buildcheck.Differences(gen.BuildGetOrder, gen.NewGetOrderRequest))
	wrongPath := func(server string, id int) (*http.Request, error) {
		return gen.BuildGetOrder(server+"x/", id)
	}
	assert.NotEmpty(t, buildcheck.Differences(wrongPath, gen.NewGetOrderRequest))
	noQuery := func(server string, params *gen.ListOrdersParams) (*http.Request, error) {
		return gen.BuildListOrders(server, nil)
	}
	diffs := buildcheck.Differences(noQuery, gen.NewListOrdersRequest)
	require.NotEmpty(t, diffs)
	assert.Contains(t, strings.Join(diffs, "\n"), "URL")
	noBody := func(server string, id int, body gen.SetOrderTagJSONRequestBody) (*http.Request, error) {
		return gen.BuildSetOrderTag(server, id, gen.SetOrderTagJSONRequestBody{})
	}
	assert.Contains(t, strings.Join(buildcheck.Differences(noBody, gen.NewSetOrderTagRequest), "\n"), "body")
}

// The one difference: the standard builder resolves "." and ".." in a path
// parameter away (DELETE /user/api/proxies/sub-user/.. becomes DELETE
// /user/api/proxies/, another endpoint's path); the project's builder sends
// the parameter as given.
func TestBuildersKeepDotSegments(t *testing.T) {
	t.Parallel()
	req, err := gen.BuildDeleteSubUser("https://api.example.com/", "..")
	require.NoError(t, err)
	assert.Equal(t, "/user/api/proxies/sub-user/..", req.URL.Path)
	std, err := gen.NewDeleteSubUserRequest("https://api.example.com/", "..")
	require.NoError(t, err)
	assert.Equal(t, "/user/api/proxies/", std.URL.Path)
}
