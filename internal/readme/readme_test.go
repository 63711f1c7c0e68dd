// Package readme holds the test that compiles the README's Go snippets.
package readme

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/internal/spectest"
)

// The packages a snippet may use without importing them itself, as a
// reader would add them. A snippet's own imports must be among these.
var imports = map[string]string{
	"context":  "context.Background",
	"errors":   "errors.Is",
	"fmt":      "fmt.Println",
	"net/http": "http.ProxyURL",
	"os":       "os.Getenv",
	"testing":  "testing.Short",
	"time":     "time.Second",
	"github.com/proxyshard/proxyshard-go/api":               "api.Spec",
	"github.com/proxyshard/proxyshard-go/facade":            "facade.New",
	"github.com/proxyshard/proxyshard-go/facade/facadetest": "facadetest.NewServer",
}

var (
	goBlock    = regexp.MustCompile("(?s)```go\n(.*?)```")
	importLine = regexp.MustCompile(`^import "([^"]+)"$`)
)

// Every Go snippet of the README compiles: each becomes the body of a
// function with ctx, t and token in scope, as in a test or a handler, and
// the package is compiled in place through an overlay, so nothing is
// written into the module.
func TestREADMESnippetsCompile(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(spectest.Root, "README.md"))
	require.NoError(t, err)
	blocks := goBlock.FindAllStringSubmatch(string(readme), -1)
	require.NotEmpty(t, blocks, "the README has Go snippets")

	var src strings.Builder
	src.WriteString("package readme\n\nimport (\n")
	paths := slices.Sorted(func(yield func(string) bool) {
		for p := range imports {
			if !yield(p) {
				return
			}
		}
	})
	for _, p := range paths {
		fmt.Fprintf(&src, "\t%q\n", p)
	}
	src.WriteString(")\n\n")
	for _, p := range paths {
		fmt.Fprintf(&src, "var _ = %s\n", imports[p])
	}
	for i, block := range blocks {
		fmt.Fprintf(&src, "\n// README snippet %d\nfunc snippet%d(ctx context.Context, t *testing.T, token string) error {\n\t_, _, _ = ctx, t, token\n", i+1, i+1)
		for _, line := range strings.Split(block[1], "\n") {
			if m := importLine.FindStringSubmatch(line); m != nil {
				_, known := imports[m[1]]
				require.True(t, known, "README snippet %d imports %s: add it to the imports of this test", i+1, m[1])
				continue
			}
			src.WriteString("\t" + line + "\n")
		}
		src.WriteString("\treturn nil\n}\n")
	}

	dir := t.TempDir()
	file := filepath.Join(dir, "snippets.go")
	require.NoError(t, os.WriteFile(file, []byte(src.String()), 0o644))
	// A file of this package that exists only in the overlay.
	target := filepath.Join(spectest.Root, "internal", "readme", "snippets.go")
	overlay, err := json.Marshal(map[string]map[string]string{"Replace": {target: file}})
	require.NoError(t, err)
	overlayFile := filepath.Join(dir, "overlay.json")
	require.NoError(t, os.WriteFile(overlayFile, overlay, 0o644))

	cmd := exec.Command("go", "build", "-overlay="+overlayFile, "./internal/readme")
	cmd.Dir = spectest.Root
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "the README's Go snippets do not compile (line numbers are of this source):\n%s\n%s", out, numbered(src.String()))
}

func numbered(src string) string {
	var b strings.Builder
	for i, line := range strings.Split(src, "\n") {
		fmt.Fprintf(&b, "%4d %s\n", i+1, line)
	}
	return b.String()
}
