package facadetest_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade/facadetest"
	"github.com/proxyshard/proxyshard-go/gen"
)

func TestAccountsAreFoundByToken(t *testing.T) {
	s := newFake(t, facadetest.WithToken("tok-a"), facadetest.WithEmail("a@example.com"), facadetest.WithBalance(500),
		facadetest.WithAccount("tok-b", "b@example.com", 700))
	require.Equal(t, "tok-a", s.Token)
	tests := []struct {
		token, email string
		balance      int
	}{{"tok-a", "a@example.com", 500}, {"tok-b", "b@example.com", 700}}
	for _, tt := range tests {
		t.Run(tt.token, func(t *testing.T) {
			me, err := strictClient(t, s, tt.token).GetMeWithResponse(context.Background())
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, me.StatusCode())
			assert.Equal(t, gen.APIMeResponse{Email: tt.email, WalletBalance: tt.balance, ActiveOrders: 0}, *me.JSON200)
		})
	}
}

func TestUnauthorizedAnswersApiError(t *testing.T) {
	s := newFake(t)
	for _, token := range []string{"", "wrong"} {
		me, err := strictClient(t, s, token).GetMeWithResponse(context.Background())
		require.NoError(t, err)
		require.Equal(t, http.StatusUnauthorized, me.StatusCode())
		assert.Equal(t, gen.APIError{Success: false, Message: "Unauthorized"}, *me.JSON401)
	}
}

// One account's order does not exist for another: 404, and untouched.
func TestAnotherAccountsOrderIsNotFound(t *testing.T) {
	s := newFake(t, facadetest.WithAccount(otherToken, "other@example.com", 100000))
	mine, theirs := strictClient(t, s, s.Token), strictClient(t, s, otherToken)
	id := buy(t, theirs, datacenter(t, 2))
	ctx := context.Background()

	got, err := mine.GetOrderWithResponse(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, http.StatusNotFound, got.StatusCode())
	assert.Equal(t, "Order not found", got.JSON404.Message)

	tag, err := mine.SetOrderTagWithResponse(ctx, id, gen.SetOrderTagJSONRequestBody{Tag: "stolen"})
	require.NoError(t, err)
	assert.Equal(t, http.StatusNotFound, tag.StatusCode())
	assert.Empty(t, order(t, s, id).Tag)

	list, err := mine.ListOrdersWithResponse(ctx, &gen.ListOrdersParams{Status: gen.ListOrdersParamsStatusAll})
	require.NoError(t, err)
	assert.Empty(t, list.JSON200.Orders)
	assert.Len(t, s.Orders(otherToken), 1)
	assert.Empty(t, s.Orders(s.Token))
}

// Misusing the fake's own API is reported on the test, never a panic.
func TestMisuseIsReportedOnT(t *testing.T) {
	rec := &recordingT{TB: t}
	s := facadetest.NewServer(facadetest.WithT(rec))
	assert.Zero(t, s.Balance("nobody"))
	s.SetBalance("nobody", 5)
	s.InjectFault("noSuchOperation", facadetest.Fault{Status: 503})
	s.InjectFault("getMe", facadetest.Fault{Status: 200})
	s.Advance(-1)
	assert.Len(t, rec.reported(), 5)
}

// Every server's default account has a token of its own, and another
// server's token is a stranger to it.
func TestServersHaveTokensOfTheirOwn(t *testing.T) {
	a, b := newFake(t), newFake(t)
	require.NotEqual(t, a.Token, b.Token)
	assert.True(t, strings.HasPrefix(a.Token, facadetest.DefaultToken+"-"), a.Token)
	me, err := strictClient(t, b, a.Token).GetMeWithResponse(context.Background())
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, me.StatusCode())
}
