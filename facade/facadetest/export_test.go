package facadetest

import (
	"testing"
	"time"
)

// CorruptAnswers makes the fake replace the body of the answers to op it
// makes from now on, just before its own contract check, to prove that
// check catches a bad answer. A read answered with a kept answer is not
// made again, so it is not corrupted.
func CorruptAnswers(s *Server, op, body string) {
	s.tamper = func(answered string, a *answer) {
		if answered == op {
			a.body = []byte(body)
		}
	}
}

// SetBodyTimeout shortens how long the fake waits for a request body.
func SetBodyTimeout(s *Server, d time.Duration) { s.bodyTimeout = d }

// SetCloseGrace shortens how long Close lets requests in flight finish
// before it cuts the connections of clients that stall.
func SetCloseGrace(s *Server, d time.Duration) { s.closeGrace = d }

// DocumentedStatuses is the fake's own reading of the spec, the one list of
// operations and their documented statuses the tests compare against.
func DocumentedStatuses(t testing.TB) map[string][]int {
	t.Helper()
	docs, err := documentedStatuses()
	if err != nil {
		t.Fatal(err)
	}
	return docs
}
