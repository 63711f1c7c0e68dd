package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/internal/specmerge"
	"github.com/proxyshard/proxyshard-go/internal/spectest"
)

func newUpdater(t *testing.T, root string, g *generator) *updater {
	t.Helper()
	m, err := specmerge.ReadManifest(filepath.Join(root, "api", "upstream", "manifest.json"))
	require.NoError(t, err)
	return &updater{root: root, manifest: m, generate: g.generate}
}

func pagesFrom(t *testing.T, u *updater, dir string) [][]byte {
	t.Helper()
	pages, err := readPages(dir, u.manifest.Pages)
	require.NoError(t, err)
	return pages
}

func TestUpdateWithUnchangedPagesChangesNothing(t *testing.T) {
	root := fakeRoot(t)
	before := tree(t, root)
	g := &generator{}
	u := newUpdater(t, root, g)

	out, err := u.apply(t.Context(), pagesFrom(t, u, pagesDir(t, spectest.CurrentDCISP)))
	require.NoError(t, err)
	assert.False(t, out.Wrote)
	assert.Empty(t, out.Changed)
	assert.Empty(t, out.Report.Changes)
	assert.Empty(t, out.UnmatchedActions)
	assert.Zero(t, g.calls, "nothing to regenerate")
	assert.Equal(t, before, tree(t, root), "the tree is untouched")
}

func TestUpdateToTheOlderPageWritesRegeneratesAndReports(t *testing.T) {
	root := fakeRoot(t)
	g := &generator{}
	u := newUpdater(t, root, g)

	out, err := u.apply(t.Context(), pagesFrom(t, u, pagesDir(t, spectest.OlderDCISP)))
	require.NoError(t, err)
	assert.True(t, out.Wrote)
	assert.Equal(t, []string{"dc-isp-proxies.md"}, out.Changed)

	var breaking []string
	for _, c := range out.Report.Breaking() {
		breaking = append(breaking, c.Operation+" "+c.Path)
	}
	assert.ElementsMatch(t, spectest.AddonOperations, breaking)
	assert.Equal(t, spectest.AddonOnlyActions(t), out.UnmatchedActions)

	after := tree(t, root)
	older, err := os.ReadFile(spectest.OlderDCISP)
	require.NoError(t, err)
	assert.Equal(t, string(older), after["api/upstream/dc-isp-proxies.md"], "the page is stored byte for byte")
	merged := string(spectest.Merged(t, spectest.OlderDCISP))
	assert.Equal(t, merged, after["api/openapi.json"])
	assert.Equal(t, 1, g.calls)
	assert.Equal(t, merged, g.sawSpec, "the generator runs on the new spec")
}

// A failure leaves every file as it was: before anything is written (the
// pages do not merge, a page is missing) and after (the generator fails).
func TestUpdateFailureChangesNothing(t *testing.T) {
	brokenPage := func(t *testing.T) string {
		dir := pagesDir(t, spectest.OlderDCISP)
		page := filepath.Join(dir, "dc-isp-proxies.md")
		data, err := os.ReadFile(page)
		require.NoError(t, err)
		// A block cut short, as a bad publish would leave it.
		broken := strings.Replace(string(data), `"paths":{"/user/api/orders/{order_id}/del-np/set"`, `"paths":{"/user/api/orders/{order_id}/del-np/set",`, 1)
		require.NotEqual(t, string(data), broken)
		require.NoError(t, os.WriteFile(page, []byte(broken), 0o644))
		return dir
	}
	conflicting := func(t *testing.T) string {
		// general.md redefining ApiError differently from the other page.
		dir := pagesDir(t, spectest.CurrentDCISP)
		page := filepath.Join(dir, "general.md")
		data, err := os.ReadFile(page)
		require.NoError(t, err)
		changed := strings.Replace(string(data), `"required":["success","message"]`, `"required":["message"]`, 1)
		require.NotEqual(t, string(data), changed)
		require.NoError(t, os.WriteFile(page, []byte(changed), 0o644))
		return dir
	}
	tests := []struct {
		name      string
		pages     func(t *testing.T) string
		generator *generator
		wantErr   []string
		wantCalls int
	}{
		{
			name:      "a page that no longer parses",
			pages:     brokenPage,
			generator: &generator{},
			wantErr:   []string{"the new pages do not merge; nothing was changed", "dc-isp-proxies.md block", "invalid JSON"},
		},
		{
			name:      "pages that conflict",
			pages:     conflicting,
			generator: &generator{},
			wantErr:   []string{"nothing was changed", "conflict: component schemas/ApiError", "general.md block", "dc-isp-proxies.md block"},
		},
		{
			name:      "the generator fails after the pages and the spec were written",
			pages:     func(t *testing.T) string { return pagesDir(t, spectest.OlderDCISP) },
			generator: &generator{failWith: errors.New("oapi-codegen: boom")},
			wantErr:   []string{"regenerating: oapi-codegen: boom", "every file was put back as it was"},
			wantCalls: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := fakeRoot(t)
			before := tree(t, root)
			u := newUpdater(t, root, tt.generator)

			_, err := u.apply(t.Context(), pagesFrom(t, u, tt.pages(t)))
			require.Error(t, err)
			for _, want := range tt.wantErr {
				assert.Contains(t, err.Error(), want)
			}
			assert.Equal(t, tt.wantCalls, tt.generator.calls)
			assert.Equal(t, before, tree(t, root), "every file is as it was")
		})
	}
}

func TestUpdateRejectsAManifestPathOutsideUpstream(t *testing.T) {
	root := fakeRoot(t)
	u := newUpdater(t, root, &generator{})
	u.manifest.Pages[0].File = "../openapi.json"
	_, err := u.apply(t.Context(), [][]byte{[]byte("x"), []byte("y")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `page file "../openapi.json" must be a plain file name`)
}

// When the pages start to document what the spec layer adds, the pages'
// definition is taken and the update says which item to remove: the spec
// never holds both.
func TestUpdateSaysWhenThePagesCatchUpWithTheSpecLayer(t *testing.T) {
	root := fakeRoot(t)
	dir := pagesDir(t, spectest.CurrentDCISP)
	page := filepath.Join(dir, "dc-isp-proxies.md")
	data, err := os.ReadFile(page)
	require.NoError(t, err)
	caughtUp := strings.Replace(string(data), `"ActiveProxyItem":{"type":"object","properties":{`,
		`"ActiveProxyItem":{"type":"object","properties":{"signature":{"type":"string","nullable":true},`, 1)
	require.NotEqual(t, string(data), caughtUp)
	require.NoError(t, os.WriteFile(page, []byte(caughtUp), 0o644))

	u := newUpdater(t, root, &generator{})
	out, err := u.apply(t.Context(), pagesFrom(t, u, dir))
	require.NoError(t, err)
	require.Len(t, out.Notices, 1)
	assert.Equal(t, "components.schemas.ActiveProxyItem.properties.signature", out.Notices[0].Where)
	assert.Contains(t, out.Notices[0].What, "the pages now define it differently")

	spec := tree(t, root)["api/openapi.json"]
	assert.Contains(t, spec, `"signature": {`+"\n"+`            "nullable": true,`+"\n"+`            "type": "string"`+"\n"+`          }`, "the pages' definition, without x-source")

	var printed strings.Builder
	require.NoError(t, printOutcome(&printed, "a folder", u.manifest, out))
	assert.Contains(t, printed.String(), "Items of the spec layer that give way to the new pages")
	assert.Contains(t, printed.String(), "  api/supplement/api-1.1.0.yaml: components.schemas.ActiveProxyItem.properties.signature: the pages now define it differently")
}
