package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/internal/spectest"
	"github.com/proxyshard/proxyshard-go/internal/tools/release"
)

var (
	currentDCISP = spectest.CurrentDCISP
	olderDCISP   = spectest.OlderDCISP
)

// plainOverlay names nothing upstream may remove, so a test can follow the
// breaking changes alone.
const plainOverlay = "overlay: 1.0.0\ninfo: {title: t, version: 1.0.0}\nactions:\n  - target: $.info\n    update: {x-test: plain}\n"

// apiDir is a temporary api folder: the merge of general.md with the given
// DC & ISP page, and the given overlay.
func apiDir(t *testing.T, dcISP, overlay string) string {
	t.Helper()
	dir := t.TempDir()
	writeSpec(t, dir, dcISP)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "overlay.yaml"), []byte(overlay), 0o644))
	return dir
}

func writeSpec(t *testing.T, dir, dcISP string) {
	t.Helper()
	spectest.WriteMerged(t, dir, dcISP)
}

func readOverlay(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(spectest.Overlay)
	require.NoError(t, err)
	return string(data)
}

type result struct {
	code           int
	stdout, stderr string
}

func specgate(args ...string) result {
	var stdout, stderr strings.Builder
	code := run(args, &stdout, &stderr)
	return result{code, stdout.String(), stderr.String()}
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(data)
}

// The whole cycle: release, upstream removes the add-on operations, the
// gate fails, a person acknowledges, the gate passes, the next release
// starts clean.
func TestGateAndReleaseCycle(t *testing.T) {
	dir := apiDir(t, currentDCISP, plainOverlay)
	released := filepath.Join(dir, "released.json")
	acks := filepath.Join(dir, "breaking-changes.yaml")

	r := specgate("-api", dir, "-release", "-version", "0.1.0")
	require.Equal(t, 0, r.code, r.stderr)
	ops := spectest.EffectiveOperations(t)
	assert.Contains(t, r.stdout, fmt.Sprintf("released.json now holds the effective spec released as 0.1.0 (%d operations)", ops))
	assert.Contains(t, read(t, acks), "acknowledged: []\n")
	firstRelease := read(t, released)

	r = specgate("-api", dir)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "current effective spec): no change\nGate passed.\n")

	// Upstream publishes the older page: four operations disappear.
	writeSpec(t, dir, olderDCISP)
	r = specgate("-api", dir)
	require.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "gate failed:\n4 breaking change(s) since the last release are not acknowledged:")
	for _, op := range spectest.AddonOperations {
		assert.Contains(t, r.stdout, "  BREAKING "+op+": api path removed without deprecation [api-path-removed-without-deprecation]\n")
		assert.Contains(t, r.stderr, op+": api path removed without deprecation")
	}
	suggestion := r.stdout[strings.Index(r.stdout, "To accept them"):]
	assert.Len(t, regexp.MustCompile(`(?m)^  - id: [0-9a-f]{12}$`).FindAllString(suggestion, -1), 4)

	// A release is refused while the gate fails.
	r = specgate("-api", dir, "-release", "-version", "0.2.0")
	require.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "not released, the gate fails")
	assert.Equal(t, firstRelease, read(t, released), "a refused release writes nothing")

	// The suggested entries without reasons acknowledge nothing.
	entries := suggestion[strings.Index(suggestion, "\n")+1:]
	require.NoError(t, os.WriteFile(acks, []byte("acknowledged:\n"+entries), 0o644))
	r = specgate("-api", dir)
	require.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "breaking-changes.yaml: entry 1: reason is empty")

	// With reasons the gate passes.
	filled := strings.ReplaceAll(entries, `reason: ""`, "reason: ProxyShard withdrew add-ons")
	require.NoError(t, os.WriteFile(acks, []byte("acknowledged:\n"+filled), 0o644))
	r = specgate("-api", dir)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "4 breaking change(s) acknowledged")
	assert.Contains(t, r.stdout, "Gate passed.")

	// A version can be released once.
	r = specgate("-api", dir, "-release", "-version", "0.1.0")
	require.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "already records release 0.1.0; set facade.Version to the next version first")
	assert.Equal(t, firstRelease, read(t, released), "a refused release writes nothing")

	// Releasing records the older spec and moves the acknowledgments into
	// the release's history, where CHANGELOG.md finds them.
	r = specgate("-api", dir, "-release", "-version", "0.2.0")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, fmt.Sprintf("released as 0.2.0 (%d operations)", ops-len(spectest.AddonOperations)))
	assert.Contains(t, r.stdout, "4 acknowledged breaking change(s) are part of this release, kept in "+filepath.Join(dir, "releases.yaml"))
	assert.Contains(t, read(t, acks), "acknowledged: []\n")
	assert.NotEqual(t, firstRelease, read(t, released))
	history, err := release.ReadHistory(filepath.Join(dir, "releases.yaml"))
	require.NoError(t, err)
	require.Len(t, history, 2)
	assert.Equal(t, "0.1.0", history[0].Version)
	assert.Empty(t, history[0].Acknowledged)
	assert.Equal(t, release.Digest([]byte(firstRelease)), history[0].Spec)
	assert.Equal(t, "0.2.0", history[1].Version)
	assert.Equal(t, release.Digest([]byte(read(t, released))), history[1].Spec)
	require.Len(t, history[1].Acknowledged, 4)
	assert.Equal(t, "ProxyShard withdrew add-ons", history[1].Acknowledged[0].Reason)
	r = specgate("-api", dir)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "no change")
}

// With our real overlay, the older page leaves actions that name the
// add-on operations with nothing to do: acknowledging the removals is not
// enough, the actions must go.
func TestGateFailsOnOverlayActionsThatSelectNothing(t *testing.T) {
	overlay := readOverlay(t)
	addonActions := len(spectest.AddonOnlyActions(t))
	require.Positive(t, addonActions)
	dir := apiDir(t, currentDCISP, overlay)
	require.Equal(t, 0, specgate("-api", dir, "-release", "-version", "0.1.0").code)
	released := read(t, filepath.Join(dir, "released.json"))

	writeSpec(t, dir, olderDCISP)
	r := specgate("-api", dir)
	require.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, fmt.Sprintf("%d overlay action(s) select nothing in the merged spec; remove or correct them:\n  $.paths['/user/api/orders/{order_id}/addons/calculate'].get\n", addonActions))

	r = specgate("-api", dir, "-release", "-version", "0.2.0")
	require.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "overlay action(s) select nothing")
	assert.Equal(t, released, read(t, filepath.Join(dir, "released.json")))
}

func TestGateErrors(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(t *testing.T, dir string)
		wantErr string
	}{
		{
			name:    "no released spec yet",
			setup:   func(t *testing.T, dir string) {},
			wantErr: "released.json is missing: run make release-spec",
		},
		{
			name: "a broken acknowledgment file",
			setup: func(t *testing.T, dir string) {
				require.Equal(t, 0, specgate("-api", dir, "-release", "-version", "0.1.0").code)
				require.NoError(t, os.WriteFile(filepath.Join(dir, "breaking-changes.yaml"), []byte("acknowledged:\n  - {id: x, reasn: y}\n"), 0o644))
			},
			wantErr: "field reasn not found",
		},
		{
			name: "a spec that does not load",
			setup: func(t *testing.T, dir string) {
				require.NoError(t, os.WriteFile(filepath.Join(dir, "openapi.json"), []byte("{"), 0o644))
			},
			wantErr: "openapi.json",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := apiDir(t, currentDCISP, plainOverlay)
			tt.setup(t, dir)
			r := specgate("-api", dir)
			assert.Equal(t, 1, r.code)
			assert.Contains(t, r.stderr, tt.wantErr)
		})
	}
}

// The committed api/ folder passes its own gate.
func TestCommittedSpecPassesTheGate(t *testing.T) {
	r := specgate("-api", filepath.Join(spectest.Root, "api"))
	assert.Equal(t, 0, r.code, r.stdout+r.stderr)
}

// An item of the spec layer that the pages now define makes the gate (and
// a release) fail until it is removed: the spec never says a thing twice.
func TestGateFailsOnSpecLayerItemsThatGaveWay(t *testing.T) {
	dir := apiDir(t, currentDCISP, plainOverlay)
	for _, name := range []string{"manifest.json", "general.md", "dc-isp-proxies.md"} {
		data, err := os.ReadFile(filepath.Join(spectest.Root, "api", "upstream", name))
		require.NoError(t, err)
		require.NoError(t, os.MkdirAll(filepath.Join(dir, "upstream"), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "upstream", name), data, 0o644))
	}
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "supplement"), 0o755))
	layer := filepath.Join(dir, "supplement", "extra.yaml")
	require.NoError(t, os.WriteFile(layer, []byte("paths:\n  /user/api/me:\n    get:\n      responses:\n        '418':\n          x-source: {facts: §3, ref: example}\n          description: teapot\n"), 0o644))
	r := specgate("-api", dir, "-release", "-version", "0.1.0")
	require.Equal(t, 0, r.code, r.stderr)

	// The pages already document what this item adds.
	require.NoError(t, os.WriteFile(layer, []byte("components:\n  schemas:\n    ApiError:\n      properties:\n        message:\n          x-source: {facts: §3, ref: example}\n          type: string\n"), 0o644))
	r = specgate("-api", dir)
	require.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "1 item(s) of the spec layer give way to the published pages; settle each in api/supplement/:\n  api/supplement/extra.yaml: components.schemas.ApiError.properties.message: the pages now define it the same way")
	r = specgate("-api", dir, "-release", "-version", "0.2.0")
	require.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "not released")
	assert.NotContains(t, r.stderr, "already records release")
}
