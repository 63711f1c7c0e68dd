// Package spectest gives the tests of the spec tools the real upstream
// history: ProxyShard's current pages and the older "Datacenter & ISP
// Proxies" snapshot that predates the add-on operations and the OS enum.
package spectest

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/internal/specmerge"
)

// Root is the module root, found from this file so that every test package
// can use it whatever its folder.
var Root = func() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}()

// Paths of the published pages and of the spec files, under Root.
var (
	General      = filepath.Join(Root, "api", "upstream", "general.md")
	CurrentDCISP = filepath.Join(Root, "api", "upstream", "dc-isp-proxies.md")
	OlderDCISP   = filepath.Join(Root, "internal", "specmerge", "testdata", "dc-isp-proxies.older.md")
	Overlay      = filepath.Join(Root, "api", "overlay.yaml")
	Supplement   = filepath.Join(Root, "api", "supplement")
)

// AddonOperations are the four operations the older page lacks.
var AddonOperations = []string{
	"GET /user/api/orders/{order_id}/addons/calculate",
	"POST /user/api/orders/{order_id}/addons/purchase",
	"POST /user/api/orders/{order_id}/addons/schedule",
	"POST /user/api/orders/{order_id}/addons/schedule/cancel",
}

// SignatureSet is the operation whose signature gained the OS enum.
const SignatureSet = "POST /user/api/orders/{order_id}/signature/set"

// Merged merges general.md with the given DC & ISP page, as the manifest
// names them, with the project's spec layer on top: api/openapi.json as the
// generator would write it for those pages.
func Merged(t testing.TB, dcISP string) []byte {
	t.Helper()
	general, err := os.ReadFile(General)
	require.NoError(t, err)
	page, err := os.ReadFile(dcISP)
	require.NoError(t, err)
	supplements, err := specmerge.ReadSupplements(Supplement)
	require.NoError(t, err)
	result, err := specmerge.Build([]specmerge.Input{
		{Name: "general.md", Data: general},
		{Name: "dc-isp-proxies.md", Data: page},
	}, supplements)
	require.NoError(t, err)
	return result.Spec
}

// WriteMerged writes Merged to dir/openapi.json and returns the path.
func WriteMerged(t testing.TB, dir, dcISP string) string {
	t.Helper()
	path := filepath.Join(dir, "openapi.json")
	require.NoError(t, os.WriteFile(path, Merged(t, dcISP), 0o644))
	return path
}

// AddonOnlyActions are the targets of the overlay's actions that name paths,
// all of them add-on paths, in the overlay's order: on the older page, which
// has no add-on operations, exactly these select nothing.
func AddonOnlyActions(t testing.TB) []string {
	t.Helper()
	overlay, err := os.ReadFile(Overlay)
	require.NoError(t, err)
	var targets []string
	for _, m := range actionTarget.FindAllStringSubmatch(string(overlay), -1) {
		paths := quotedPath.FindAllStringSubmatch(m[1], -1)
		only := len(paths) > 0
		for _, p := range paths {
			only = only && strings.Contains(p[1], "/addons/")
		}
		if only {
			targets = append(targets, m[1])
		}
	}
	return targets
}

var (
	actionTarget = regexp.MustCompile(`(?m)^\s*- target: (.*?)\s*$`)
	quotedPath   = regexp.MustCompile(`'(/[^']*)'`)
)

// EffectiveOperations counts the operations of the committed effective
// spec, api/openapi.json, so that tests follow the spec as it grows instead
// of pinning a number by hand.
func EffectiveOperations(t testing.TB) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(Root, "api", "openapi.json"))
	require.NoError(t, err)
	n, err := specmerge.CountOperations(data)
	require.NoError(t, err)
	return n
}
