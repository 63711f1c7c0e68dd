// Command specmerge merges the published ProxyShard pages listed in a
// manifest into one OpenAPI document. `go generate` runs it; see api/generate.go.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/proxyshard/proxyshard-go/internal/specmerge"
)

func main() {
	manifest := flag.String("manifest", "upstream/manifest.json", "manifest of the pages to merge")
	out := flag.String("out", "openapi.json", "where to write the merged spec")
	flag.Parse()
	if err := run(*manifest, *out); err != nil {
		fmt.Fprintln(os.Stderr, "specmerge:", err)
		os.Exit(1)
	}
}

func run(manifestPath, out string) error {
	m, err := specmerge.ReadManifest(manifestPath)
	if err != nil {
		return err
	}
	inputs, err := m.Inputs()
	if err != nil {
		return err
	}
	spec, err := specmerge.Merge(inputs...)
	if err != nil {
		return err
	}
	return specmerge.WriteFileAtomic(out, spec)
}
