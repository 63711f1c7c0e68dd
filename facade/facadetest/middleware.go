package facadetest

import (
	"context"
	"net/http"

	"github.com/proxyshard/proxyshard-go/api"
	"github.com/proxyshard/proxyshard-go/gen"
)

// Every operation handler runs inside lockAndAccount: it holds the state's
// one mutex for the whole call, so a handler reads and changes accounts,
// orders and stock as one step (a purchase is atomic, concurrent purchases
// cannot overdraw), and it finds the caller's account. A handler therefore
// never locks st.mu and gets its caller with callerAccount.

// exchange is what serve worked out about a request, handed to the router
// and the handlers in the request's context (one value, one allocation).
type exchange struct {
	op    *api.Operation
	read  bool   // a GET: the handler changes nothing
	token string // the bearer token serve authenticated; "" for a public operation
	// Set by lockAndAccount, under st.mu:
	account *account
	version uint64 // the state's version the answer was made at
}

type exchangeKey struct{}

func withExchange(ctx context.Context, ex *exchange) context.Context {
	return context.WithValue(ctx, exchangeKey{}, ex)
}

func exchangeOf(ctx context.Context) *exchange {
	ex, _ := ctx.Value(exchangeKey{}).(*exchange)
	return ex
}

// lockAndAccount is the strict handlers' middleware.
func (st *state) lockAndAccount(next gen.StrictHandlerFunc, _ string) gen.StrictHandlerFunc {
	return func(ctx context.Context, w http.ResponseWriter, r *http.Request, request any) (any, error) {
		ex := exchangeOf(ctx)
		st.mu.Lock()
		defer st.mu.Unlock()
		if !ex.read {
			st.changed()
		}
		ex.version = st.version
		if ex.token != "" {
			acct, ok := st.accounts[ex.token]
			if !ok {
				// The account went away since serve authenticated it.
				return nil, unauthorized()
			}
			ex.account = acct
		}
		return next(ctx, w, r, request)
	}
}

// callerAccount returns the account of the call; nil only in an operation
// the spec declares public (no security).
func callerAccount(ctx context.Context) *account {
	if ex := exchangeOf(ctx); ex != nil {
		return ex.account
	}
	return nil
}
