// Command specmerge merges the published ProxyShard pages listed in a
// manifest, with the project's spec layer (api/supplement) on top, into one
// OpenAPI document. `go generate` runs it; see api/generate.go.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/proxyshard/proxyshard-go/internal/specmerge"
)

func main() {
	manifest := flag.String("manifest", "upstream/manifest.json", "manifest of the pages to merge; the spec layer is the supplement folder beside it")
	out := flag.String("out", "openapi.json", "where to write the merged spec")
	flag.Parse()
	if err := run(*manifest, *out, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "specmerge:", err)
		os.Exit(1)
	}
}

// run writes the merged spec. Items of the layer that gave way to the pages
// are printed, not fatal: the spec holds the pages' definitions, and make
// check (the spec gate) fails until the items are removed.
func run(manifestPath, out string, warn io.Writer) error {
	m, err := specmerge.ReadManifest(manifestPath)
	if err != nil {
		return err
	}
	result, err := m.BuildAPI(m.Dir())
	if err != nil {
		return err
	}
	for _, n := range result.Notices {
		_, _ = fmt.Fprintln(warn, "specmerge: notice:", n)
	}
	return specmerge.WriteFileAtomic(out, result.Spec)
}
