// Package specdiff compares effective specs: it reports what changed between
// two of them (oasdiff's rules, with the breaking changes marked) and gates
// the current spec against the last released one, so that a breaking change
// reaches users only once a person has acknowledged it with a reason.
package specdiff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/util"
)

// Effective is an effective spec: the merged spec with our overlay applied by
// oapi-codegen's own loader, the function the generator calls, so the spec
// compared here is the spec the generated code is built from.
type Effective struct {
	Spec *openapi3.T
	// UnmatchedActions are the targets of overlay actions that select nothing
	// in the merged spec. Such an action does nothing, typically because
	// upstream removed what it names; in order of the overlay.
	UnmatchedActions []string
}

// LoadEffective applies the overlay at overlayPath to the spec at specPath.
// With an empty overlayPath the spec is loaded as it is (api/released.json is
// already effective).
//
// The overlay is applied strictly first. When the only complaint is actions
// that select nothing, it is applied again leniently, as the generator does
// (see oapi-codegen.yaml), and those actions are listed rather than fatal:
// an update that removes an operation must still regenerate, so that the
// removal shows up as compile errors instead of a stale gen/.
func LoadEffective(specPath, overlayPath string) (*Effective, error) {
	opts := util.LoadSwaggerWithOverlayOpts{
		Path:   overlayPath,
		Strict: true,
		// Our specs have no remote references; refusing them keeps the
		// gate and the update from reaching the network through a $ref.
		AllowRemoteRefsFrom: []string{},
	}
	spec, err := util.LoadSwaggerWithOverlay(specPath, opts)
	if err == nil {
		return &Effective{Spec: spec}, nil
	}
	unmatched := unmatchedTargets(err)
	if len(unmatched) == 0 {
		return nil, fmt.Errorf("%s: %w", specPath, err)
	}
	opts.Strict = false
	spec, err = util.LoadSwaggerWithOverlay(specPath, opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", specPath, err)
	}
	return &Effective{Spec: spec, UnmatchedActions: unmatched}, nil
}

// The overlay library reports each target that selects nothing as
// `selector "<target>" did not match any targets`, and oapi-codegen passes
// that text on without a typed error. TestLoadEffective pins the format
// against the real older page, so an upgrade that changes it fails there.
var unmatchedSelector = regexp.MustCompile(`selector ("(?:[^"\\]|\\.)*") did not match any targets`)

func unmatchedTargets(err error) []string {
	var targets []string
	seen := map[string]bool{}
	for _, m := range unmatchedSelector.FindAllStringSubmatch(err.Error(), -1) {
		target, uerr := strconv.Unquote(m[1])
		if uerr != nil || seen[target] {
			continue
		}
		seen[target] = true
		targets = append(targets, target)
	}
	return targets
}

// EncodeSpec serializes a spec the way api/openapi.json is written: keys
// sorted, two-space indent, HTML characters kept readable, trailing newline.
// It is how api/released.json is written.
func EncodeSpec(spec *openapi3.T) ([]byte, error) {
	raw, err := spec.MarshalJSON()
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // keep numbers exactly as the spec has them
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("re-reading the encoded spec: %w", err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
