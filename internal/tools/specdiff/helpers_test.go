package specdiff

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/internal/spectest"
)

var (
	overlayPath     = spectest.Overlay
	currentDCISP    = spectest.CurrentDCISP
	olderDCISP      = spectest.OlderDCISP
	addonOperations = spectest.AddonOperations
	committedSpec   = filepath.Join(spectest.Root, "api", "openapi.json")
)

const signatureSet = spectest.SignatureSet

// mergedSpec merges general.md with the given DC & ISP page into a temporary
// openapi.json and returns its path.
func mergedSpec(t *testing.T, dcISP string) string {
	t.Helper()
	return spectest.WriteMerged(t, t.TempDir(), dcISP)
}

// effective is the effective spec of general.md + the given DC & ISP page.
func effective(t *testing.T, dcISP string) *Effective {
	t.Helper()
	e, err := LoadEffective(mergedSpec(t, dcISP), overlayPath)
	require.NoError(t, err)
	return e
}

// operations lists "METHOD path" -> operationId.
func operations(e *Effective) map[string]string {
	ops := map[string]string{}
	for path, item := range e.Spec.Paths.Map() {
		for method, op := range item.Operations() {
			ops[method+" "+path] = op.OperationID
		}
	}
	return ops
}

// where is how a change names its place: "METHOD path".
func where(c Change) string { return c.Operation + " " + c.Path }

// byRule groups changes by their rule, each as "METHOD path".
func byRule(changes []Change) map[string][]string {
	out := map[string][]string{}
	for _, c := range changes {
		out[c.Rule] = append(out[c.Rule], where(c))
	}
	return out
}
