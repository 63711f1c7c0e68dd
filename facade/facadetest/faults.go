package facadetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Fault makes the next calls of one operation misbehave, the way networks
// and gateways do. Faults are deliberate, so their answers are not checked
// against the spec.
type Fault struct {
	// Times is how many calls the fault affects; 0 means one.
	Times int
	// Status answers this status with an ApiError body, without applying
	// the call (429, 502, 503 ...).
	Status int
	// RetryAfter adds a Retry-After header (whole seconds, rounded up).
	RetryAfter time.Duration
	// Delay holds the call this long first; a client that gives up in the
	// meantime gets nothing and nothing is applied.
	Delay time.Duration
	// DropAfterApply applies the call, then closes the connection without
	// an answer: a purchase that happened whose answer never arrived.
	DropAfterApply bool
	// DropBeforeApply closes the connection without applying the call.
	DropBeforeApply bool
}

type armedFault struct {
	Fault
	left int
}

// faultQueue holds the faults per operation, used in the order injected.
type faultQueue struct {
	mu   sync.Mutex
	byOp map[string][]*armedFault
}

// next consumes one use of the operation's first fault, if any.
func (q *faultQueue) next(op string) Fault {
	q.mu.Lock()
	defer q.mu.Unlock()
	queue := q.byOp[op]
	if len(queue) == 0 {
		return Fault{}
	}
	f := queue[0]
	f.left--
	if f.left == 0 {
		q.byOp[op] = queue[1:]
	}
	return f.Fault
}

// InjectFault arms f for the next calls of operationID (an operationId such
// as "purchaseOrder"). Faults for one operation apply one after another.
func (s *Server) InjectFault(operationID string, f Fault) {
	if err := s.armFault(operationID, f); err != nil {
		s.misuse("InjectFault: %v", err)
	}
}

func (s *Server) armFault(operationID string, f Fault) error {
	switch {
	case !s.isOperation(operationID):
		return fmt.Errorf("unknown operation %q", operationID)
	case f.Times < 0:
		return fmt.Errorf("times %d is negative", f.Times)
	case f.Status != 0 && (f.Status < 400 || f.Status > 599):
		return fmt.Errorf("status %d is not between 400 and 599", f.Status)
	case f.DropAfterApply && f.DropBeforeApply:
		return errors.New("a fault drops before or after applying, not both")
	case f.Delay < 0 || f.RetryAfter < 0:
		return errors.New("delay and retry-after must not be negative")
	}
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.byOp[operationID] = append(s.faults.byOp[operationID], &armedFault{Fault: f, left: max(f.Times, 1)})
	return nil
}

// ClearFaults disarms the faults of operationID, or of every operation
// when operationID is "".
func (s *Server) ClearFaults(operationID string) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	if operationID == "" {
		clear(s.faults.byOp)
		return
	}
	delete(s.faults.byOp, operationID)
}

func (s *Server) isOperation(id string) bool {
	for _, op := range s.contract.v.Operations() {
		if op.ID == id {
			return true
		}
	}
	return false
}

func writeFault(w http.ResponseWriter, f Fault) {
	if f.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(f.RetryAfter.Seconds()))))
	}
	writeAPIError(w, f.Status, http.StatusText(f.Status))
}

// wait sleeps for d unless ctx ends or closing is closed first; it reports
// whether d passed.
func wait(ctx context.Context, closing <-chan struct{}, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-closing:
		return false
	}
}

// drop closes the client's connection without an answer.
func drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	// No connection to take over (HTTP/2, a wrapping writer): abort the
	// response, which net/http turns into a reset without logging.
	panic(http.ErrAbortHandler)
}
