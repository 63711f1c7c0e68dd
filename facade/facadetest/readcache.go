package facadetest

// The fake answers a read (a GET) again with the answer it made and checked
// for the same request, as long as nothing changed since: encoding and
// checking a page of orders is most of the fake's cost per request, and a
// client polling or paging reads the same answer many times. Every answer
// is still checked: a kept answer is the very bytes that passed the check,
// and the check depends on nothing else (operation, status, header, body).
//
// Anything that may change what a read answers moves state.version on, and
// the kept answers are dropped: every operation that is not a GET, and
// every method of the Server that takes st.mu (the clock, the control API,
// Reset, proxy use), through state.lock. Read handlers take st.mu without
// moving it (lockAndAccount); they change nothing.

// maxKeptAnswers bounds the answers kept between two changes: a client
// walking a long listing page by page does not grow the fake without end.
const maxKeptAnswers = 1024

// lock takes st.mu for a change: what reads answered until now is dropped.
// Every Server method that reads or changes the state locks with it; only
// the read handlers and the answer lookup lock st.mu directly.
func (st *state) lock() {
	st.mu.Lock()
	st.changed()
}

// changed records a change; st.mu must be held.
func (st *state) changed() {
	st.version++
	st.kept = nil
}

// appendReadKey appends the name of a read request to buf: who asked (the
// token; "" for a public operation), the path as sent and the query as
// sent. Read handlers answer from nothing else: no GET takes a header
// parameter or a body. A []byte, so that a lookup allocates nothing.
func appendReadKey(buf []byte, token, path, rawQuery string) []byte {
	buf = append(buf, token...)
	buf = append(buf, ' ')
	buf = append(buf, path...)
	buf = append(buf, '?')
	return append(buf, rawQuery...)
}

// authenticateAndFind says whether token is an account's (a public
// operation passes ""), and returns the answer kept for key, if any, in
// one hold of st.mu.
func (st *state) authenticateAndFind(token string, public bool, key []byte) (authed bool, kept *answer) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if !public {
		if _, authed = st.accounts[token]; !authed {
			return false, nil
		}
	}
	if key != nil {
		kept = st.kept[string(key)]
	}
	return true, kept
}

// keep stores a checked answer to a read made at version, unless the state
// changed since.
func (st *state) keep(key string, version uint64, a *answer) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.version != version {
		return
	}
	if st.kept == nil || len(st.kept) >= maxKeptAnswers {
		st.kept = map[string]*answer{}
	}
	st.kept[key] = a
}
