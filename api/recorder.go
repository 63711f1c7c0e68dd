package api

import "sync"

// Recorder collects contract violations instead of failing calls (report
// mode). It is safe for concurrent use; the zero value is ready.
type Recorder struct {
	mu         sync.Mutex
	violations []*ContractError
}

// Record adds a violation.
func (r *Recorder) Record(e *ContractError) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.violations = append(r.violations, e)
}

// Violations returns the violations recorded so far, oldest first.
func (r *Recorder) Violations() []*ContractError {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*ContractError(nil), r.violations...)
}
