package facadetest

import (
	"fmt"
	"time"
)

// holdGrace is how long an order stays on-hold past its expiry before the
// fake cancels it and returns its IPs to stock.
const holdGrace = 72 * time.Hour

// Now returns the fake's current time.
func (s *Server) Now() time.Time {
	s.st.lock()
	defer s.st.mu.Unlock()
	return s.st.now
}

// Advance moves the fake's clock forward and lets time act on every order:
// an expired order renews if it has auto-renewal and the wallet covers it,
// otherwise it goes on-hold; an order on-hold for holdGrace past its expiry
// is cancelled.
func (s *Server) Advance(d time.Duration) {
	if err := s.advance(d); err != nil {
		s.misuse("Advance: %v", err)
	}
}

func (s *Server) advance(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("the clock cannot go back (%v)", d)
	}
	s.st.lock()
	defer s.st.mu.Unlock()
	s.st.now = s.st.now.Add(d)
	s.st.expireOrders()
	return nil
}

// expireOrders applies the clock to every order; st.mu must be held.
func (st *state) expireOrders() {
	for _, o := range st.sortedOrders() {
		acct := st.accounts[o.owner]
		// A long Advance may span several periods; each renewal moves
		// expiresAt forward, so the loop ends.
		for o.status == StatusActive && o.cycle.months > 0 && !st.now.Before(o.expiresAt) {
			if o.autoRenewal && st.renew(acct, o, o.expiresAt) == nil {
				continue
			}
			o.status = StatusOnHold
		}
		if o.status == StatusOnHold && !st.now.Before(o.expiresAt.Add(holdGrace)) {
			o.status = StatusCancelled
			st.releaseProxies(o, func(*proxy) bool { return true })
		}
	}
}
