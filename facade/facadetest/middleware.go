package facadetest

import (
	"context"
	"net/http"

	"github.com/proxyshard/proxyshard-go/gen"
)

// Every operation handler runs inside lockAndAccount: it holds the state's
// one mutex for the whole call, so a handler reads and changes accounts,
// orders and stock as one step (a purchase is atomic, concurrent purchases
// cannot overdraw), and it finds the caller's account. A handler therefore
// never locks st.mu and gets its caller with callerAccount.

type tokenKey struct{}

type accountKey struct{}

// withToken stores the bearer token serve authenticated (none for an
// operation the spec declares public).
func withToken(ctx context.Context, token string) context.Context {
	return context.WithValue(ctx, tokenKey{}, token)
}

// lockAndAccount is the strict handlers' middleware.
func (st *state) lockAndAccount(next gen.StrictHandlerFunc, _ string) gen.StrictHandlerFunc {
	return func(ctx context.Context, w http.ResponseWriter, r *http.Request, request any) (any, error) {
		st.mu.Lock()
		defer st.mu.Unlock()
		if token, _ := ctx.Value(tokenKey{}).(string); token != "" {
			acct, ok := st.accounts[token]
			if !ok {
				// The account went away since serve authenticated it.
				return nil, unauthorized()
			}
			ctx = context.WithValue(ctx, accountKey{}, acct)
		}
		return next(ctx, w, r, request)
	}
}

// callerAccount returns the account of the call; nil only in an operation
// the spec declares public (no security).
func callerAccount(ctx context.Context) *account {
	acct, _ := ctx.Value(accountKey{}).(*account)
	return acct
}
