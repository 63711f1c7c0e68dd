package facade_test

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A program that imports only the facade carries neither the embedded spec
// (gen/spec) nor the packages that read it (kin-openapi, api): about 2 MB of
// binary and milliseconds of start-up its users would pay for nothing
// (BENCHMARKS.md, "Footprint"). Whatever the facade needs from the spec
// comes from generated Go code.
func TestFacadeLinksNeitherTheSpecNorKinOpenAPI(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	require.NoError(t, err, "go list: %s", out)
	deps := strings.Fields(string(out))
	require.Contains(t, deps, "github.com/proxyshard/proxyshard-go/gen", "the listing is of the facade's dependencies")
	for _, pkg := range deps {
		assert.False(t, strings.HasPrefix(pkg, "github.com/getkin/kin-openapi"), "the facade depends on %s", pkg)
		assert.NotContains(t, []string{
			"github.com/proxyshard/proxyshard-go/gen/spec",
			"github.com/proxyshard/proxyshard-go/api",
		}, pkg, "the facade depends on the spec")
	}
}

// A user's module graph takes in every requirement of this module's go.mod,
// so it requires only what the module's own packages and tests import; a
// library that only the spec tools or the benchmarks need belongs in their
// modules (internal/tools, bench), where users never see it (README, "What
// you pull in"). A new requirement needs its reason here.
func TestGoModRequiresNoToolLibrary(t *testing.T) {
	t.Parallel()
	direct := map[string]string{
		"github.com/getkin/kin-openapi":           "the validator (api) and the fake",
		"github.com/oapi-codegen/oapi-codegen/v2": "the generator go generate runs (tools.go)",
		"github.com/oapi-codegen/runtime":         "the generated client",
		"github.com/stretchr/testify":             "the tests",
		"go.yaml.in/yaml/v3":                      "the spec layer's YAML (internal/specmerge)",
		"golang.org/x/net":                        "the HTTP/2 fault tests' server",
	}
	out, err := exec.Command("go", "mod", "edit", "-json", "../go.mod").Output()
	require.NoError(t, err, "go mod edit -json")
	var mod struct {
		Require []struct {
			Path     string
			Indirect bool
		}
	}
	require.NoError(t, json.Unmarshal(out, &mod))
	var got []string
	for _, r := range mod.Require {
		assert.NotContains(t, []string{"github.com/oasdiff/oasdiff", "go.uber.org/goleak"}, r.Path, "a tool's library is back in go.mod")
		if !r.Indirect {
			got = append(got, r.Path)
			assert.Contains(t, direct, r.Path, "go.mod requires %s: if only tools or benchmarks need it, move it to their module; otherwise add it here with its reason", r.Path)
		}
	}
	assert.Len(t, got, len(direct), "go.mod's direct requirements: %v", got)
}
