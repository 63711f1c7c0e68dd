package specdiff

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/internal/specmerge"
)

const overlayPath = "../../api/overlay.yaml"

// The "Datacenter & ISP Proxies" page as published now and as published
// before the add-on operations and the OS enum existed.
const (
	currentDCISP = "../../api/upstream/dc-isp-proxies.md"
	olderDCISP   = "../specmerge/testdata/dc-isp-proxies.older.md"
)

// The four add-on operations the older page lacks.
var addonOperations = []string{
	"GET /user/api/orders/{order_id}/addons/calculate",
	"POST /user/api/orders/{order_id}/addons/purchase",
	"POST /user/api/orders/{order_id}/addons/schedule",
	"POST /user/api/orders/{order_id}/addons/schedule/cancel",
}

const signatureSet = "POST /user/api/orders/{order_id}/signature/set"

// mergedSpec merges general.md with the given DC & ISP page into a temporary
// openapi.json and returns its path.
func mergedSpec(t *testing.T, dcISP string) string {
	t.Helper()
	general, err := os.ReadFile("../../api/upstream/general.md")
	require.NoError(t, err)
	page, err := os.ReadFile(dcISP)
	require.NoError(t, err)
	merged, err := specmerge.Merge(
		specmerge.Input{Name: "general.md", Data: general},
		specmerge.Input{Name: "dc-isp-proxies.md", Data: page})
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "openapi.json")
	require.NoError(t, os.WriteFile(path, merged, 0o644))
	return path
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
