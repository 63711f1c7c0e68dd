package facade_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every exported method of Client has a godoc example (ExampleClient_M, or
// ExampleClient_M_suffix), so a method added later comes with one.
// GoString and LogValue are shown by ExampleClient_String: the three make a
// Client print, format and log without its token.
func TestEveryClientMethodHasAnExample(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	methods := map[string]bool{}
	examples := map[string]bool{"GoString": true, "LogValue": true}
	exampleName := regexp.MustCompile(`^ExampleClient_([A-Z]\w*?)(_[a-z]\w*)?$`)
	for _, name := range files {
		src, err := os.ReadFile(name)
		require.NoError(t, err)
		f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.SkipObjectResolution)
		require.NoError(t, err)
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || !fn.Name.IsExported() {
				continue
			}
			switch {
			case strings.HasSuffix(name, "_test.go") && fn.Recv == nil:
				if m := exampleName.FindStringSubmatch(fn.Name.Name); m != nil {
					examples[m[1]] = true
				}
			case !strings.HasSuffix(name, "_test.go") && fn.Recv != nil && isClient(fn.Recv.List[0].Type):
				methods[fn.Name.Name] = true
			}
		}
	}
	require.Contains(t, methods, "Purchase", "the methods were found")
	for m := range methods {
		assert.True(t, examples[m], "Client.%s has no example: add func ExampleClient_%s with // Output:", m, m)
	}
}

// isClient tells the receivers Client and *Client.
func isClient(e ast.Expr) bool {
	if star, ok := e.(*ast.StarExpr); ok {
		e = star.X
	}
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "Client"
}
