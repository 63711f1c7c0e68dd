package facade_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every exported method of every exported type has a godoc example
// (ExampleT_M, or ExampleT_M_suffix), so a method added later comes with one.
// Two kinds are exempt. GoString and LogValue: ExampleClient_String shows
// the three that make a Client print, format and log without its token.
// And the methods an error type has for the errors package (Error, Is,
// Unwrap, As), once the type has an example of its own (ExampleT) showing
// how a caller tells it apart with errors.Is and errors.As.
func TestEveryExportedMethodHasAnExample(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	methods := map[string][]string{} // type -> its exported methods
	examples := map[string]bool{}    // "T.M" for ExampleT_M, "T" for ExampleT
	methodExample := regexp.MustCompile(`^Example([A-Z][A-Za-z0-9]*)_([A-Z][A-Za-z0-9]*)(_[a-z]\w*)?$`)
	typeExample := regexp.MustCompile(`^Example([A-Z][A-Za-z0-9]*)(_[a-z]\w*)?$`)
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
				if m := methodExample.FindStringSubmatch(fn.Name.Name); m != nil {
					examples[m[1]+"."+m[2]] = true
				} else if m := typeExample.FindStringSubmatch(fn.Name.Name); m != nil {
					examples[m[1]] = true
				}
			case !strings.HasSuffix(name, "_test.go") && fn.Recv != nil:
				if typ := receiverType(fn.Recv.List[0].Type); ast.IsExported(typ) {
					methods[typ] = append(methods[typ], fn.Name.Name)
				}
			}
		}
	}
	require.Contains(t, methods["Client"], "Purchase", "the methods were found")
	require.Contains(t, methods["Proxy"], "HTTPURL", "value receivers count too")
	for typ, ms := range methods {
		isError := slices.Contains(ms, "Error")
		for _, m := range ms {
			switch {
			case m == "GoString" || m == "LogValue":
			case isError && errorMethods[m]:
				assert.True(t, examples[typ], "%s.%s has no example: %s is an error, so add func Example%s showing errors.Is / errors.As, with // Output:", typ, m, typ, typ)
			default:
				assert.True(t, examples[typ+"."+m], "%s.%s has no example: add func Example%s_%s with // Output:", typ, m, typ, m)
			}
		}
	}
}

// errorMethods are what the errors package and fmt call on an error; an
// example of the error type shows them together.
var errorMethods = map[string]bool{"Error": true, "Is": true, "Unwrap": true, "As": true}

// receiverType names the type of a receiver: T, *T, T[P] or *T[P].
func receiverType(e ast.Expr) string {
	if star, ok := e.(*ast.StarExpr); ok {
		e = star.X
	}
	switch x := e.(type) {
	case *ast.IndexExpr:
		e = x.X
	case *ast.IndexListExpr:
		e = x.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}
