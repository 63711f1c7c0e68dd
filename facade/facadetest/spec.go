package facadetest

import (
	"slices"
	"strconv"
	"sync"

	"github.com/proxyshard/proxyshard-go/api"
)

// What the fake reads from the effective spec besides what the validator
// checks: the statuses each operation documents, and which operations need
// no token.
type specFacts struct {
	statuses map[string][]int // operationId -> documented statuses, sorted
	public   map[string]bool  // operationId -> declares no security
}

var facts = sync.OnceValues(func() (specFacts, error) {
	spec, err := api.Spec()
	if err != nil {
		return specFacts{}, err
	}
	f := specFacts{statuses: map[string][]int{}, public: map[string]bool{}}
	for _, item := range spec.Paths.Map() {
		for _, op := range item.Operations() {
			codes := []int{}
			for code := range op.Responses.Map() {
				if n, err := strconv.Atoi(code); err == nil {
					codes = append(codes, n)
				}
			}
			slices.Sort(codes)
			f.statuses[op.OperationID] = codes
			security := spec.Security
			if op.Security != nil {
				security = *op.Security
			}
			f.public[op.OperationID] = len(security) == 0
		}
	}
	return f, nil
})

// documentedStatuses maps every operationId of the effective spec to the
// HTTP statuses it documents, sorted.
func documentedStatuses() (map[string][]int, error) {
	f, err := facts()
	return f.statuses, err
}

// documents says whether the spec documents status for the operation.
func documents(operationID string, status int) bool {
	f, err := facts()
	return err == nil && slices.Contains(f.statuses[operationID], status)
}

// public says whether the operation is served without a token (the spec
// declares an empty security requirement for it).
func public(operationID string) bool {
	f, err := facts()
	return err == nil && f.public[operationID]
}
