package facadetest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/proxyshard/proxyshard-go/facade/enum"
	"github.com/proxyshard/proxyshard-go/gen"
)

// account is one API user, found by its bearer token.
type account struct {
	token, email  string
	balance       int64 // cents
	orderIDs      []int // in purchase order
	grantedCycles map[enum.Cycle]bool
}

// bearerToken extracts the token of an "Authorization: Bearer <token>" header.
func bearerToken(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false
	}
	return token, true
}

func (st *state) addAccount(token, email string, balance int64) {
	st.accounts[token] = &account{token: token, email: email, balance: balance, grantedCycles: map[enum.Cycle]bool{}}
}

// GetMe answers the caller's profile.
func (st *state) GetMe(ctx context.Context, _ gen.GetMeRequestObject) (gen.GetMeResponseObject, error) {
	acct := callerAccount(ctx)
	active := 0
	for _, id := range acct.orderIDs {
		if st.orders[id].status == StatusActive {
			active++
		}
	}
	return gen.GetMe200JSONResponse{Email: acct.email, ActiveOrders: active, WalletBalance: int(acct.balance)}, nil
}

// AddAccount adds an account while the server runs (see WithAccount).
// An existing token keeps its account.
func (s *Server) AddAccount(token, email string, balanceCents int64) {
	s.st.lock()
	defer s.st.mu.Unlock()
	if _, ok := s.st.accounts[token]; !ok {
		s.st.addAccount(token, email, balanceCents)
	}
}

// Balance returns the wallet balance in cents of the account with token
// (0, reported as misuse, for an unknown token).
func (s *Server) Balance(token string) int64 {
	s.st.lock()
	defer s.st.mu.Unlock()
	acct, ok := s.st.accounts[token]
	if !ok {
		s.misuse("Balance: no account has the given token")
		return 0
	}
	return acct.balance
}

// SetBalance sets the wallet balance in cents (misuse for an unknown token).
func (s *Server) SetBalance(token string, cents int64) {
	s.st.lock()
	defer s.st.mu.Unlock()
	acct, ok := s.st.accounts[token]
	if !ok {
		s.misuse("SetBalance: no account has the given token")
		return
	}
	acct.balance = cents
}

// GrantCycle lets the account use a restricted cycle (CycleYearly);
// without it, switching to that cycle answers 403.
func (s *Server) GrantCycle(token string, cycleName enum.Cycle) {
	if err := s.grantCycle(token, cycleName); err != nil {
		s.misuse("GrantCycle: %v", err)
	}
}

func (s *Server) grantCycle(token string, cycleName enum.Cycle) error {
	if _, ok := cycles[cycleName]; !ok {
		return fmt.Errorf("unknown cycle %q", cycleName)
	}
	s.st.lock()
	defer s.st.mu.Unlock()
	acct, ok := s.st.accounts[token]
	if !ok {
		return errors.New("no account has the given token")
	}
	acct.grantedCycles[cycleName] = true
	return nil
}
