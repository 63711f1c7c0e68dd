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
}

func newState(cfg config) *state {
	st := &state{
		now:      cfg.start,
		accounts: map[string]*account{},
		orders:   map[int]*order{},
		promos:   map[string]promo{PromoSave10: {percent: 10}},
		stock:    initialStock(),
	}
	st.addAccount(cfg.token, cfg.email, cfg.balance)
	for _, a := range cfg.extra {
		st.addAccount(a.token, a.email, a.balance)
	}
	return st
}
