package specmerge

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Manifest lists the published pages that make up the spec, in merge order.
// Files are relative to the manifest's folder.
type Manifest struct {
	Pages []Page `json:"pages"`
	dir   string
}

// Page is one published documentation page.
type Page struct {
	File string `json:"file"`
	URL  string `json:"url"` // the docs site's markdown form of the page
}

// ReadManifest reads a manifest file.
func ReadManifest(path string) (*Manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(m.Pages) == 0 {
		return nil, fmt.Errorf("%s: lists no pages", path)
	}
	m.dir = filepath.Dir(path)
	return &m, nil
}

// Dir is the folder that holds the manifest and its pages.
func (m *Manifest) Dir() string { return m.dir }

// Inputs reads every page the manifest lists.
func (m *Manifest) Inputs() ([]Input, error) {
	return m.InputsFrom(m.dir)
}

// InputsFrom reads the manifest's pages from another folder (an update's source).
func (m *Manifest) InputsFrom(dir string) ([]Input, error) {
	inputs := make([]Input, 0, len(m.Pages))
	for _, p := range m.Pages {
		data, err := os.ReadFile(filepath.Join(dir, p.File))
		if err != nil {
			return nil, err
		}
		inputs = append(inputs, Input{Name: p.File, Data: data})
	}
	return inputs, nil
}

// SupplementDir is where the spec layer lives: api/supplement, beside the
// manifest's folder api/upstream.
func (m *Manifest) SupplementDir() string { return filepath.Join(m.dir, "..", "supplement") }

// BuildAPI merges the manifest's pages, read from pagesDir, with the spec
// layer beside the manifest: api/openapi.json as the generator writes it.
func (m *Manifest) BuildAPI(pagesDir string) (*Result, error) {
	inputs, err := m.InputsFrom(pagesDir)
	if err != nil {
		return nil, err
	}
	supplements, err := ReadSupplements(m.SupplementDir())
	if err != nil {
		return nil, err
	}
	return Build(inputs, supplements)
}

// WriteFileAtomic replaces path only once data is completely written, so a
// failed run never leaves a half-written spec behind.
func WriteFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer func() { _ = os.Remove(tmp.Name()) }() // gone after the rename; cleans up on failure
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
