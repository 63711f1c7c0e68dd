package facadetest

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
)

// traffic counts requests per operation and answers per status.
type traffic struct {
	mu       sync.Mutex
	total    int
	requests map[string]int         // operationId -> calls
	answers  map[string]map[int]int // operationId -> status -> answers
}

func newTraffic(ops []string) *traffic {
	t := &traffic{requests: map[string]int{}, answers: map[string]map[int]int{}}
	for _, op := range ops {
		t.answers[op] = map[int]int{}
	}
	return t
}

func (t *traffic) reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.total = 0
	clear(t.requests)
	for _, byStatus := range t.answers {
		clear(byStatus)
	}
}

// request counts one request; op is "" when no operation matched.
func (t *traffic) request(op string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.total++
	if op != "" {
		t.requests[op]++
	}
}

func (t *traffic) answered(op string, status int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.answers[op] == nil {
		t.answers[op] = map[int]int{}
	}
	t.answers[op][status]++
}

// Requests returns how many requests addressed the operation, whatever
// their answer (faults, 401 and 400 included).
func (s *Server) Requests(operationID string) int {
	s.traffic.mu.Lock()
	defer s.traffic.mu.Unlock()
	return s.traffic.requests[operationID]
}

// TotalRequests returns how many requests reached the fake, including
// those no operation matched.
func (s *Server) TotalRequests() int {
	s.traffic.mu.Lock()
	defer s.traffic.mu.Unlock()
	return s.traffic.total
}

// Coverage returns operationId -> status -> answers sent. Every operation
// of the spec is present, with an empty map when it was never answered.
// Dropped connections have no status and are not counted.
func (s *Server) Coverage() map[string]map[int]int {
	s.traffic.mu.Lock()
	defer s.traffic.mu.Unlock()
	out := make(map[string]map[int]int, len(s.traffic.answers))
	for op, byStatus := range s.traffic.answers {
		out[op] = maps.Clone(byStatus)
	}
	return out
}

// CoverageTable renders Coverage as a text table: one row per operation
// (all of them), one column per status seen or documented anywhere. A
// documented status never answered shows 0; "-" marks a status the
// operation does not document and never answered.
func (s *Server) CoverageTable() string { return CoverageTable(s.Coverage()) }

// CoverageTable renders a coverage map (operationId -> status -> answers)
// as Server.CoverageTable does; cmd/proxyshard-fake's validating proxy mode
// prints its own traffic with it.
func CoverageTable(cov map[string]map[int]int) string {
	documented, _ := documentedStatuses()
	columns := map[int]bool{}
	for op, byStatus := range cov {
		for status := range byStatus {
			columns[status] = true
		}
		for _, status := range documented[op] {
			columns[status] = true
		}
	}
	statuses := slices.Sorted(maps.Keys(columns))

	ops := slices.Sorted(maps.Keys(cov))
	width := len("operation")
	for _, op := range ops {
		width = max(width, len(op))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-*s", width, "operation")
	for _, status := range statuses {
		fmt.Fprintf(&b, " %5d", status)
	}
	b.WriteByte('\n')
	for _, op := range ops {
		fmt.Fprintf(&b, "%-*s", width, op)
		for _, status := range statuses {
			n, seen := cov[op][status]
			if !seen && !slices.Contains(documented[op], status) {
				fmt.Fprintf(&b, " %5s", "-")
				continue
			}
			fmt.Fprintf(&b, " %5d", n)
		}
		b.WriteByte('\n')
	}
	return b.String()
}
