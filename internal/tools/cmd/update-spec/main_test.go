package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/internal/spectest"
)

func updateSpec(ctx context.Context, g *generator, args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(ctx, args, &stdout, &stderr, g.generate)
	return code, stdout.String(), stderr.String()
}

func TestRunReportsNoChangeForUnchangedPages(t *testing.T) {
	_, byPath := publishedPages(t)
	srv := docsSite(t, byPath)
	tests := []struct {
		name   string
		args   func(root string) []string
		source string
	}{
		{name: "FROM=DIR", args: func(root string) []string {
			return []string{"-root", root, "-from", pagesDir(t, spectest.CurrentDCISP)}
		}},
		{name: "downloaded", args: func(root string) []string {
			return []string{"-root", root, "-base-url", srv.URL}
		}, source: "Pages from the published URLs:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := fakeRoot(t)
			before := tree(t, root)
			g := &generator{}
			code, stdout, stderr := updateSpec(t.Context(), g, tt.args(root)...)
			require.Equal(t, 0, code, stderr)
			assert.Contains(t, stdout, "  general.md               unchanged\n  dc-isp-proxies.md        unchanged\n")
			assert.Contains(t, stdout, "API changes, previous -> new effective spec: no change\n")
			assert.Contains(t, stdout, "Nothing written")
			assert.Contains(t, stdout, tt.source)
			assert.Zero(t, g.calls)
			assert.Equal(t, before, tree(t, root))
		})
	}
}

func TestRunReportsTheOlderPage(t *testing.T) {
	root := fakeRoot(t)
	code, stdout, stderr := updateSpec(t.Context(), &generator{}, "-root", root, "-from", pagesDir(t, spectest.OlderDCISP))
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "  dc-isp-proxies.md        changed\n")
	assert.Contains(t, stdout, "API changes, previous -> new effective spec: 6 changes, 4 breaking\n")
	for _, op := range spectest.AddonOperations {
		assert.Contains(t, stdout, "  BREAKING "+op+": api path removed without deprecation [api-path-removed-without-deprecation]\n")
	}
	assert.Contains(t, stdout, "           "+spectest.SignatureSet+": removed the enum constraint from the request property `items/items/signature`")
	assert.Contains(t, stdout, "Overlay actions that select nothing in the new spec (remove or correct them in api/overlay.yaml; make check fails until then):\n  $.paths['/user/api/orders/{order_id}/addons/calculate'].get\n")
	assert.Contains(t, stdout, "Wrote api/openapi.json, api/upstream/dc-isp-proxies.md; regenerated gen/.\n")
	assert.Contains(t, stdout, "4 breaking change(s): make check fails until")
}

func TestRunStopsOnAPageThatNoLongerParses(t *testing.T) {
	root := fakeRoot(t)
	before := tree(t, root)
	pages := pagesDir(t, spectest.CurrentDCISP)
	// The docs site answering with an error page instead of markdown.
	require.NoError(t, writeString(pages+"/dc-isp-proxies.md", "<html><body>502 Bad Gateway</body></html>\n"))

	code, stdout, stderr := updateSpec(t.Context(), &generator{}, "-root", root, "-from", pages)
	assert.Equal(t, 1, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "update-spec: the new pages do not merge; nothing was changed:\ndc-isp-proxies.md: no ```json OpenAPI block found")
	assert.Equal(t, before, tree(t, root))
}

func TestRunDownloadFailureSuggestsFrom(t *testing.T) {
	srv := docsSite(t, nil)
	root := fakeRoot(t)
	code, _, stderr := updateSpec(t.Context(), &generator{}, "-root", root, "-base-url", srv.URL)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "HTTP status 404")
	assert.True(t, strings.HasSuffix(stderr, "nothing was changed; offline, save the pages in a folder and run make update-spec FROM=folder\n"))
}
