package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/internal/specdiff"
	"github.com/proxyshard/proxyshard-go/internal/spectest"
)

// copyModule copies the module as the working tree has it (tracked files and
// new ones git does not ignore) into a temporary folder.
func copyModule(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("git", "-C", spectest.Root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	require.NoError(t, err, "git ls-files")
	dst := t.TempDir()
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		data, err := os.ReadFile(filepath.Join(spectest.Root, name))
		if os.IsNotExist(err) {
			continue // deleted in the working tree
		}
		require.NoError(t, err)
		target := filepath.Join(dst, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(target), 0o755))
		require.NoError(t, os.WriteFile(target, data, 0o644))
	}
	return dst
}

// goIn runs the go command in dir and returns its combined output.
func goIn(dir string, args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// When upstream removes an operation, regenerating removes it from gen/ and
// every caller stops compiling: nothing fails silently at run time. The
// module is copied, the update brings in the older DC & ISP page (no add-on
// operations), and the build must fail on the facade's use of them.
func TestRemovedOperationBreaksTheBuildOfItsCallers(t *testing.T) {
	// Everything the build needs is in the module cache already; the copy
	// must not reach the network.
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOFLAGS", strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=mod"))
	t.Setenv("GOWORK", "off")
	t.Setenv("GOTOOLCHAIN", "local")

	root := copyModule(t)
	out, err := goIn(root, "build", "./...")
	require.NoError(t, err, "the copied module must build before the update:\n%s", out)

	pages := t.TempDir()
	copyFile(t, filepath.Join(root, "api", "upstream", "general.md"), filepath.Join(pages, "general.md"))
	copyFile(t, filepath.Join(root, "internal", "specmerge", "testdata", "dc-isp-proxies.older.md"), filepath.Join(pages, "dc-isp-proxies.md"))

	var stdout, stderr bytes.Buffer
	code := run(t.Context(), []string{"-root", root, "-from", pages}, &stdout, &stderr, goGenerate)
	require.Equal(t, 0, code, stderr.String())
	assert.Contains(t, stdout.String(), "BREAKING POST /user/api/orders/{order_id}/addons/purchase: api path removed without deprecation")
	assert.Contains(t, stdout.String(), "; regenerated gen/.")

	generated, err := os.ReadFile(filepath.Join(root, "gen", "proxyshard.gen.go"))
	require.NoError(t, err)
	assert.NotContains(t, string(generated), "PurchaseAddon", "gen/ was regenerated without the operation")
	assert.Contains(t, string(generated), "SetSignatures", "the operations that remain are still generated")

	// -e: every error of our packages, not the first ten.
	out, err = goIn(root, "build", "-gcflags=github.com/proxyshard/proxyshard-go/...=-e", "./...")
	require.Error(t, err, "the build must fail once an operation the facade uses is gone")
	assert.Regexp(t, regexp.MustCompile(`facade/\S+\.go:\d+:\d+: undefined: gen\.PurchaseAddon`), out)

	// And the gate in make check fails until the removals are acknowledged.
	current, err := specdiff.LoadEffective(filepath.Join(root, "api", "openapi.json"), filepath.Join(root, "api", "overlay.yaml"))
	require.NoError(t, err)
	released, err := specdiff.LoadEffective(filepath.Join(root, "api", "released.json"), "")
	require.NoError(t, err)
	verdict, err := specdiff.Gate(released, current, nil)
	require.NoError(t, err)
	var removed []string
	for _, c := range verdict.Unacknowledged {
		if c.Rule == "api-path-removed-without-deprecation" {
			removed = append(removed, c.Operation+" "+c.Path)
		}
	}
	assert.ElementsMatch(t, spectest.AddonOperations, removed)
	assert.Error(t, verdict.Err())
}
