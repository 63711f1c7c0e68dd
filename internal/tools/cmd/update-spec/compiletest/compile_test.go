// Package compiletest runs `update-spec` on a copy of the whole module and
// compiles the result. It is a package of its own because it reads every
// file of the module, so `go test` reruns it, and only it, after any edit;
// the test itself then runs again only when its inputs changed
// (inputs_test.go).
package compiletest

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

	"github.com/proxyshard/proxyshard-go/internal/spectest"
)

// copyModule copies the given files of the module into a temporary folder.
func copyModule(t *testing.T, files []string) string {
	t.Helper()
	dst := t.TempDir()
	for _, name := range files {
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

// goIn runs the go command in dir and returns its standard output and its
// standard error.
func goIn(dir string, args ...string) (stdout, stderr string, err error) {
	var out, errOut bytes.Buffer
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	return out.String(), errOut.String(), err
}

// compileAll compiles every package of the module in dir, commands included,
// as `go build ./...` does, but links no binary: a removed operation is a
// compile error, and linking the module's five commands cost more CPU than
// everything else in this test.
func compileAll(dir string, buildFlags ...string) (string, error) {
	args := append([]string{"list", "-export", "-f", "{{with .Error}}{{.}}{{end}}"}, buildFlags...)
	stdout, stderr, err := goIn(dir, append(args, "./...")...)
	return stdout + stderr, err
}

// When upstream removes an operation, regenerating removes it from gen/ and
// every caller stops compiling: nothing fails silently at run time. The
// module is copied, the update brings in the older DC & ISP page (no add-on
// operations), and the build must fail on the facade's use of them.
func TestRemovedOperationBreaksTheBuildOfItsCallers(t *testing.T) {
	files := moduleFiles(t)
	key := inputsKey(t, spectest.Root, files)
	if passedBefore(key) {
		t.Logf("passed before on the same generator and spec inputs (%s, in %s); CI=true runs it again", key[:12], passedDir())
		return
	}
	defer rememberPass(t, key)

	// Everything the build needs is in the module cache already (deps_test.go
	// makes sure of it); the copy must not reach the network. -trimpath keeps the temporary folder's
	// name out of the build, so the build cache serves every package (and
	// the commands `go run` builds) that did not change since the last run.
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOFLAGS", strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=mod -trimpath"))
	t.Setenv("GOWORK", "off")
	t.Setenv("GOTOOLCHAIN", "local")

	root := copyModule(t, files)
	out, err := compileAll(root)
	require.NoError(t, err, "the copied module must build before the update:\n%s", out)

	pages := t.TempDir()
	copyFile(t, filepath.Join(root, "api", "upstream", "general.md"), filepath.Join(pages, "general.md"))
	copyFile(t, filepath.Join(root, "internal", "specmerge", "testdata", "dc-isp-proxies.older.md"), filepath.Join(pages, "dc-isp-proxies.md"))

	// The command as `make update-spec FROM=...` runs it, from the spec
	// tools' module.
	tools := filepath.Join(root, "internal", "tools")
	stdout, stderr, err := goIn(tools, "run", "./cmd/update-spec", "-root", root, "-from", pages)
	require.NoError(t, err, stderr)
	assert.Contains(t, stdout, "BREAKING POST /user/api/orders/{order_id}/addons/purchase: api path removed without deprecation")
	assert.Contains(t, stdout, "; regenerated gen/.")

	generated, err := os.ReadFile(filepath.Join(root, "gen", "proxyshard.gen.go"))
	require.NoError(t, err)
	assert.NotContains(t, string(generated), "PurchaseAddon", "gen/ was regenerated without the operation")
	assert.Contains(t, string(generated), "SetSignatures", "the operations that remain are still generated")

	// -e: every error of our packages, not the first ten.
	out, err = compileAll(root, "-gcflags=github.com/proxyshard/proxyshard-go/...=-e")
	require.Error(t, err, "the build must fail once an operation the facade uses is gone")
	assert.Regexp(t, regexp.MustCompile(`facade/\S+\.go:\d+:\d+: undefined: gen\.PurchaseAddon`), out)

	// And the gate in make check fails until the removals are acknowledged,
	// naming exactly the four removed operations.
	stdout, _, err = goIn(tools, "run", "./cmd/specgate", "-api", filepath.Join(root, "api"))
	require.Error(t, err, "the gate must fail on unacknowledged removals:\n%s", stdout)
	removed := regexp.MustCompile(`(?m)^\s*BREAKING (\S+ \S+): api path removed without deprecation \[api-path-removed-without-deprecation\]$`).FindAllStringSubmatch(stdout, -1)
	var operations []string
	for _, m := range removed {
		operations = append(operations, m[1])
	}
	assert.ElementsMatch(t, spectest.AddonOperations, operations, stdout)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(to, data, 0o644))
}
