package facade_test

import (
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
