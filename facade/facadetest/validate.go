package facadetest

import (
	"errors"
	"net/http"
	"sync"
	"testing"

	"github.com/proxyshard/proxyshard-go/api"
)

// One validator serves every fake: it is read-only once built.
var sharedValidator = sync.OnceValues(api.NewValidator)

// contract checks the fake's traffic against the effective spec. An invalid
// request is the client's mistake: it is answered 400 and recorded. An
// invalid response is the fake's own mistake: it is recorded, fails the
// test given with WithT, and is replaced by a 500, so the fake cannot drift
// from the spec unnoticed.
type contract struct {
	v  *api.Validator
	t  testing.TB
	mu sync.Mutex // guards the recorder's replacement by reset
	// recorder holds the violations since the start or the last reset.
	recorder *api.Recorder
}

func (c *contract) record(e *api.ContractError) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.recorder.Record(e)
}

func (c *contract) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.recorder = &api.Recorder{}
}

// checkRequest returns the request's violation, recorded, or nil.
func (c *contract) checkRequest(r *http.Request, body []byte) *api.ContractError {
	_, err := c.v.ValidateRequest(r, body)
	if err == nil {
		return nil
	}
	e := asContractError(err, r, api.SideRequest)
	c.record(e)
	return e
}

// checkResponse returns the violation of a response the fake is about to
// send, recorded and reported on t, or nil.
func (c *contract) checkResponse(op *api.Operation, r *http.Request, a *answer) *api.ContractError {
	err := c.v.ValidateResponse(op, r, a.status, a.header, a.body)
	if err == nil {
		return nil
	}
	e := asContractError(err, r, api.SideResponse)
	e.Operation = op.ID
	c.record(e)
	if c.t != nil {
		c.t.Errorf("facadetest: the fake's own response breaks the spec: %v", e)
	}
	return e
}

func asContractError(err error, r *http.Request, side api.Side) *api.ContractError {
	var e *api.ContractError
	if errors.As(err, &e) {
		return e
	}
	return &api.ContractError{Method: r.Method, Path: r.URL.Path, Side: side, Field: "route", Reason: err.Error()}
}

// Violations returns every contract violation seen so far, oldest first:
// invalid requests (answered 400) and the fake's own invalid responses
// (answered 500).
func (s *Server) Violations() []*api.ContractError {
	s.contract.mu.Lock()
	defer s.contract.mu.Unlock()
	return s.contract.recorder.Violations()
}
