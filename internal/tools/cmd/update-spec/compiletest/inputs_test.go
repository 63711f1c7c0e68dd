package compiletest

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/internal/spectest"
)

// The test copies the module, regenerates it and builds it twice: far more
// than every other test of the module together. Its outcome depends on the
// generator chain and the spec, not on how the facade or the commands are
// written, so its result is kept by a hash of exactly those inputs and the
// test reruns only when one of them changes (or in CI, always). The inputs:
//
//   - every file of the packages the chain is built from: update-spec,
//     specgate, the specmerge command and answershapes, and the packages of
//     this repository they import (go list -deps);
//   - every file under gen/ and every file that is not Go source, except
//     the Markdown at the root and bench/ (a module of its own); that covers
//     the pages, the spec layer, the overlay, the generator configs, go.mod
//     and go.sum (the generator's version) and the older page the test uses;
//   - of any other Go source, only the gen.X names it uses: the test needs
//     the facade to use the operations upstream removes, nothing else of it;
//   - this package's own files and the Go version.
//
// _test.go files outside this package are not inputs: the test builds no
// tests. Every other Go file must compile anyway: `go test ./...` builds it.
var chainCommands = []string{
	"./cmd/update-spec", "./cmd/specgate",
	"github.com/proxyshard/proxyshard-go/internal/cmd/specmerge", "github.com/proxyshard/proxyshard-go/internal/cmd/answershapes",
}

const thisPackage = "internal/tools/cmd/update-spec/compiletest/"

// genName finds the names a Go file uses from package gen.
var genName = regexp.MustCompile(`\bgen\.[A-Z]\w*`)

// inputsKey is the hash of the test's inputs under root.
func inputsKey(t *testing.T, root string, files []string) string {
	t.Helper()
	key, err := hashInputs(root, files, chainDirs(t, root))
	require.NoError(t, err)
	return key
}

// chainDirs lists the folders (relative to root, with slashes) of the
// packages under root the generator chain is built from, in the root
// module and in the spec tools' module (internal/tools), where it is listed.
func chainDirs(t *testing.T, root string) map[string]bool {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list", "-deps", "-f", "{{if .Module}}{{.Dir}}{{end}}"}, chainCommands...)...)
	cmd.Dir = filepath.Join(root, "internal", "tools")
	out, err := cmd.Output()
	require.NoError(t, err, "go list -deps of the generator chain")
	chain := map[string]bool{}
	for _, dir := range strings.Fields(string(out)) {
		rel, err := filepath.Rel(root, dir)
		require.NoError(t, err)
		if rel = filepath.ToSlash(rel); !strings.HasPrefix(rel, "../") {
			chain[rel] = true // not a dependency in the module cache
		}
	}
	return chain
}

func hashInputs(root string, files []string, chain map[string]bool) (string, error) {
	h := sha256.New()
	h.Write([]byte(runtime.Version() + "\x00"))
	for _, name := range slices.Sorted(slices.Values(files)) {
		whole, isInput := inputKind(name, chain)
		if !isInput {
			continue
		}
		data, err := os.ReadFile(filepath.Join(root, name))
		if os.IsNotExist(err) {
			continue // deleted in the working tree
		}
		if err != nil {
			return "", err
		}
		if !whole {
			data = []byte(strings.Join(slices.Compact(slices.Sorted(slices.Values(genName.FindAllString(string(data), -1)))), " "))
		}
		h.Write([]byte(name + "\x00"))
		h.Write(data)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// inputKind says whether a file of the module is an input, and whether
// all of it (whole) or only the gen.X names it uses.
func inputKind(name string, chain map[string]bool) (whole, isInput bool) {
	dir := filepath.ToSlash(filepath.Dir(name))
	switch {
	case strings.HasPrefix(name, thisPackage):
		return true, true
	case strings.HasPrefix(name, "bench/"), !strings.Contains(name, "/") && strings.HasSuffix(name, ".md"):
		return false, false
	case strings.HasSuffix(name, "_test.go"):
		return false, false
	case !strings.HasSuffix(name, ".go"), strings.HasPrefix(name, "gen/"), chain[dir]:
		return true, true
	default:
		return false, true
	}
}

// passedDir holds an empty file per inputs key the test passed on; in the
// user's cache folder, so every checkout of the module shares it.
func passedDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "proxyshard-go", "update-spec-compiletest")
}

// passedBefore says whether the test passed on these inputs before; always
// false in CI (CI set), which runs the test for real.
func passedBefore(key string) bool {
	if os.Getenv("CI") != "" || passedDir() == "" {
		return false
	}
	_, err := os.Stat(filepath.Join(passedDir(), key))
	return err == nil
}

// rememberPass records key once the test has passed on it.
func rememberPass(t *testing.T, key string) {
	dir := passedDir()
	if dir == "" || t.Failed() {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err == nil {
		_ = os.WriteFile(filepath.Join(dir, key), nil, 0o644)
	}
}

// moduleFiles lists the module as the working tree has it: tracked files
// and new ones git does not ignore.
func moduleFiles(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("git", "-C", spectest.Root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	require.NoError(t, err, "git ls-files")
	return strings.Split(strings.TrimRight(string(out), "\x00"), "\x00")
}
