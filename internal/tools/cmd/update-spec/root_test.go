package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/internal/spectest"
)

// fakeRoot is a module root with what an update reads and writes: the
// manifest and pages, the spec layer, the merged spec, the overlay and gen/.
func fakeRoot(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for _, name := range []string{
		"api/upstream/manifest.json", "api/upstream/general.md", "api/upstream/dc-isp-proxies.md",
		"api/openapi.json", "api/overlay.yaml", "gen/proxyshard.gen.go", "gen/spec/spec.gen.go",
	} {
		target := filepath.Join(root, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(target), 0o755))
		copyFile(t, filepath.Join(spectest.Root, name), target)
	}
	supplements, err := filepath.Glob(filepath.Join(spectest.Supplement, "*.yaml"))
	require.NoError(t, err)
	for _, path := range supplements {
		name := filepath.Join("api", "supplement", filepath.Base(path))
		target := filepath.Join(root, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(target), 0o755))
		copyFile(t, filepath.Join(spectest.Root, name), target)
	}
	return root
}

// pagesDir is a FROM folder: general.md as published now and the given
// DC & ISP page under its manifest name.
func pagesDir(t *testing.T, dcISP string) string {
	t.Helper()
	dir := t.TempDir()
	copyFile(t, spectest.General, filepath.Join(dir, "general.md"))
	copyFile(t, dcISP, filepath.Join(dir, "dc-isp-proxies.md"))
	return dir
}

// tree reads every file under root, by relative path.
func tree(t *testing.T, root string) map[string]string {
	t.Helper()
	files := map[string]string{}
	require.NoError(t, filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		files[rel] = string(data)
		return err
	}))
	return files
}

// generator stands in for go generate: it records its calls and what
// api/openapi.json held when it ran.
type generator struct {
	calls    int
	sawSpec  string
	failWith error
}

func (g *generator) generate(_ context.Context, root string) error {
	g.calls++
	spec, err := os.ReadFile(filepath.Join(root, "api", "openapi.json"))
	if err != nil {
		return err
	}
	g.sawSpec = string(spec)
	for _, name := range []string{"proxyshard.gen.go", filepath.Join("spec", "spec.gen.go")} {
		if err := os.WriteFile(filepath.Join(root, "gen", name), []byte("package gen // regenerated\n"), 0o644); err != nil {
			return err
		}
	}
	if g.failWith != nil {
		// A generator that fails half-way leaves debris behind, in gen/
		// and in its subfolders.
		return errors.Join(g.failWith,
			os.WriteFile(filepath.Join(root, "gen", "partial.go"), []byte("package gen\n"), 0o644),
			os.WriteFile(filepath.Join(root, "gen", "spec", "partial.go"), []byte("package spec\n"), 0o644))
	}
	return nil
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(to, data, 0o644))
}

func writeString(path, s string) error { return os.WriteFile(path, []byte(s), 0o644) }
