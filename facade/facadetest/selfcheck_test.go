package facadetest_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/api"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

// An answer of the fake's own that breaks the spec must not reach the
// client as if it were fine: with WithT it fails the test, and in every
// case it is recorded and replaced by a 500.
func TestOwnInvalidAnswerIsCaught(t *testing.T) {
	tests := []struct {
		name   string
		withT  bool
		wantOn int // reports on the test
	}{
		{"with WithT the test fails", true, 1},
		{"without WithT it is recorded", false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recordingT{TB: t}
			opts := []facadetest.Option{}
			if tt.withT {
				opts = append(opts, facadetest.WithT(rec))
			}
			s := facadetest.NewServer(opts...)
			defer s.Close()
			facadetest.CorruptAnswers(s, "getMe", `{"email":42,"active_orders":0,"wallet_balance":0}`)

			c, clientSide := reportingClient(t, s, s.Token)
			me, err := c.GetMeWithResponse(context.Background())
			require.NoError(t, err)
			assert.Equal(t, http.StatusInternalServerError, me.StatusCode())
			assert.Contains(t, string(me.Body), "breaks the spec")

			violations := s.Violations()
			require.Len(t, violations, 1)
			assert.Equal(t, &api.ContractError{Operation: "getMe", Method: "GET", Path: "/user/api/me",
				Side: api.SideResponse, Field: violations[0].Field, Reason: violations[0].Reason}, violations[0])
			assert.Contains(t, violations[0].Field, "email")
			require.Len(t, rec.reported(), tt.wantOn)
			if tt.withT {
				assert.Contains(t, rec.reported()[0], "getMe")
			}
			assert.NotEmpty(t, clientSide.Violations(), "a 500 is not documented, so the client sees a violation too")

			// Other operations are unaffected.
			list, err := c.ListProductsWithResponse(context.Background())
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, list.StatusCode())
		})
	}
}
