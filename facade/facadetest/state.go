package facadetest

import (
	"sync"
	"time"
)

// state is everything the fake remembers. One mutex guards all of it: every
// operation reads and changes accounts, orders and stock as one step, which
// is what makes a purchase atomic and concurrent purchases unable to
// overdraw a wallet.
type state struct {
	mu          sync.Mutex
	now         time.Time
	accounts    map[string]*account
	orders      map[int]*order // every account's, by id
	lastOrderID int
	lastIP      uint32
	promos      map[string]promo
	stock       map[stockKey]int
	proxyNet    proxyNetwork

	// Residential traffic (residential.go), per account and package.
	pools         map[poolKey]*trafficPool
	bought        map[poolKey]int64 // bytes ever bought
	deletedSpent  map[poolKey]int64 // bytes used by sub-users since deleted
	lastSubUserID int

	// Answers to reads, kept until the next change (readcache.go).
	version uint64
	kept    map[string]*answer
}

func newState(cfg config) *state {
	st := &state{}
	st.fill(cfg)
	return st
}

// fill sets st to what cfg starts with; st.mu must be held through lock
// (or st new).
func (st *state) fill(cfg config) {
	st.now = cfg.start
	st.proxyNet = cfg.proxies
	st.accounts = map[string]*account{}
	st.orders = map[int]*order{}
	st.lastOrderID, st.lastIP = 0, 0
	st.promos = map[string]promo{PromoSave10: {percent: 10}}
	st.stock = initialStock()
	st.pools = map[poolKey]*trafficPool{}
	st.bought = map[poolKey]int64{}
	st.deletedSpent = map[poolKey]int64{}
	st.lastSubUserID = 0
	st.addAccount(cfg.token, cfg.email, cfg.balance)
	for _, a := range cfg.extra {
		st.addAccount(a.token, a.email, a.balance)
	}
	for _, g := range cfg.grants {
		if acct, ok := st.accounts[g.token]; ok {
			acct.grantedCycles[g.cycle] = true
		}
	}
}

// Reset puts the fake back to how it started: the accounts, clock,
// catalog and stock its options gave it, no orders, no faults, counters
// and violations at zero.
func (s *Server) Reset() {
	s.st.lock()
	s.st.fill(s.cfg)
	s.st.mu.Unlock()
	s.ClearFaults("")
	s.traffic.reset()
	s.contract.reset()
}
