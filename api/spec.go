// Package api holds ProxyShard's API contract: the published pages
// (upstream/), the merged spec (openapi.json), our overlay (overlay.yaml),
// and the Go side of the contract: the effective spec and its validator.
package api

import (
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/proxyshard/proxyshard-go/gen/spec"
)

// The effective spec is the one oapi-codegen embedded in gen/spec after
// applying the overlay that package gen is generated with: the generated
// code, the validator and the fake server all read that same document, so
// they cannot drift apart.
var loadSpec = sync.OnceValues(func() (*openapi3.T, error) {
	return spec.GetSpec()
})

// Spec returns the effective spec (merged pages + overlay). It is decoded
// once; callers must treat it as read-only, which makes it safe to share
// between goroutines.
func Spec() (*openapi3.T, error) {
	return loadSpec()
}
