package specmerge

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"go.yaml.in/yaml/v3"
)

// Supplement is one file of the project's own spec layer (api/supplement/):
// what ProxyShard's server does that its published pages do not (yet) say.
// It is a partial OpenAPI document in YAML, applied on top of the merged
// pages; see applyLayer for the rules.
type Supplement struct {
	Name string // how notices and errors name the file, e.g. "api-1.1.0.yaml"
	Data []byte
}

// ReadSupplements reads every *.yaml file of dir in file-name order, the
// order they are applied in. A missing dir is an empty layer.
func ReadSupplements(dir string) ([]Supplement, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && filepath.Ext(e.Name()) == ".yaml" {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	out := make([]Supplement, 0, len(names))
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		out = append(out, Supplement{Name: name, Data: data})
	}
	return out, nil
}

// parseSupplement decodes a supplement into the same shapes the pages decode
// to (string-keyed maps, json.Number), so that its values compare equal to
// the pages' when they say the same.
func parseSupplement(s Supplement) (map[string]any, error) {
	var doc any
	dec := yaml.NewDecoder(bytes.NewReader(s.Data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: empty supplement", s.Name)
		}
		return nil, fmt.Errorf("%s: invalid YAML: %w", s.Name, err)
	}
	raw, err := json.Marshal(doc)
	if err != nil {
		// yaml gives map[any]any for a key that is not a string,
		// typically a response code written without quotes.
		return nil, fmt.Errorf("%s: every key must be a string (quote response codes: '200'): %w", s.Name, err)
	}
	jd := json.NewDecoder(bytes.NewReader(raw))
	jd.UseNumber()
	var out map[string]any
	if err := jd.Decode(&out); err != nil || out == nil {
		return nil, fmt.Errorf("%s: the supplement must be a mapping with OpenAPI fields (paths, components)", s.Name)
	}
	if _, ok := out["openapi"]; ok {
		return nil, fmt.Errorf("%s: a supplement adds to the pages' document and has no \"openapi\" field of its own", s.Name)
	}
	return out, nil
}
