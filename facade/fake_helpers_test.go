package facade_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/api"
	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

// fakeClient starts the fake (closed with the test; its own contract
// violations fail the test) and a client whose every request and response
// is checked against the spec by the validating transport.
func fakeClient(t *testing.T, opts ...facade.Option) (*facade.Client, *facadetest.Server) {
	t.Helper()
	s := facadetest.NewServer(facadetest.WithT(t))
	t.Cleanup(func() { require.Empty(t, s.Violations(), "contract violations in the fake's traffic") })
	return clientOf(t, s, opts...), s
}

// clientOf returns another client of fake s's account, with its own
// options, checked by the validating transport like fakeClient's.
func clientOf(t *testing.T, s *facadetest.Server, opts ...facade.Option) *facade.Client {
	t.Helper()
	hc := &http.Client{Transport: api.ValidatingTransport(nil)}
	all := append([]facade.Option{facade.WithBaseURL(s.URL), facade.WithHTTPClient(hc), facade.WithRetry(fastRetries)}, opts...)
	c, err := facade.New(s.Token, all...)
	require.NoError(t, err)
	return c
}
