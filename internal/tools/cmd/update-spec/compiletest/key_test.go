package compiletest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The kept result is reused only while the inputs are the same: a change
// to the spec, the generator, gen/ or the gen.X names a caller uses makes
// the test run again; a change to how the facade is written does not.
func TestInputsKeyFollowsTheGeneratorAndTheSpecOnly(t *testing.T) {
	files := map[string]string{
		"go.mod":                           "module example\n",
		"api/overlay.yaml":                 "overlay: 1.0.0\n",
		"api/upstream/general.md":          "# page\n",
		"gen/proxyshard.gen.go":            "package gen\n",
		"internal/specmerge/merge.go":      "package specmerge\n",
		"internal/specmerge/merge_test.go": "package specmerge\n",
		"facade/client.go":                 "package facade\n\nvar _ = gen.PurchaseAddon\n",
		"facade/client_test.go":            "package facade\n",
		"README.md":                        "# readme\n",
		thisPackage + "compile_test.go":    "package compiletest\n",
	}
	chain := map[string]bool{"internal/specmerge": true}
	key := func(t *testing.T, change map[string]string) string {
		t.Helper()
		root := t.TempDir()
		names := []string{}
		for name, text := range files {
			if changed, ok := change[name]; ok {
				text = changed
			}
			require.NoError(t, os.MkdirAll(filepath.Join(root, filepath.Dir(name)), 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(root, name), []byte(text), 0o644))
			names = append(names, name)
		}
		k, err := hashInputs(root, names, chain)
		require.NoError(t, err)
		return k
	}
	base := key(t, nil)
	assert.Equal(t, base, key(t, nil), "the same files give the same key")

	same := map[string]map[string]string{
		"the facade's code, same gen names": {"facade/client.go": "package facade\n\n// Other code.\nvar _ = gen.PurchaseAddon\nvar _ = 1\n"},
		"a test file of the chain":          {"internal/specmerge/merge_test.go": "package specmerge // edited\n"},
		"a test file of the facade":         {"facade/client_test.go": "package facade // edited\n"},
		"the README":                        {"README.md": "# edited\n"},
	}
	for name, change := range same {
		assert.Equal(t, base, key(t, change), name)
	}
	changes := map[string]map[string]string{
		"the overlay":                   {"api/overlay.yaml": "overlay: 1.0.1\n"},
		"a published page":              {"api/upstream/general.md": "# page, edited\n"},
		"go.mod":                        {"go.mod": "module example\n\ngo 1.26\n"},
		"gen/":                          {"gen/proxyshard.gen.go": "package gen // edited\n"},
		"the generator's code":          {"internal/specmerge/merge.go": "package specmerge // edited\n"},
		"this test":                     {thisPackage + "compile_test.go": "package compiletest // edited\n"},
		"the gen names the facade uses": {"facade/client.go": "package facade\n\nvar _ = gen.RenewOrder\n"},
	}
	for name, change := range changes {
		assert.NotEqual(t, base, key(t, change), name)
	}
}
