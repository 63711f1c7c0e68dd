package specmerge

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// ConflictError reports one thing two inputs define differently. Pages of
// one snapshot must agree, so a conflict means the inputs mix snapshots or
// upstream published an inconsistency: a person has to decide.
type ConflictError struct {
	What   string // e.g. "operation POST /user/api/orders/{order_id}/signature/set"
	First  string // place of the first definition
	Second string // place of the differing one
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("conflict: %s is defined differently in %s and in %s", e.What, e.First, e.Second)
}

// httpMethods are the path item keys that hold operations.
var httpMethods = map[string]bool{
	"get": true, "put": true, "post": true, "delete": true,
	"options": true, "head": true, "patch": true, "trace": true,
}

// merger accumulates documents; owner remembers which block defined each key
// first, so a conflict can name both places.
type merger struct {
	doc       map[string]any
	tags      []any
	tagOwner  map[string]Block
	owner     map[string]Block
	conflicts []error
}

// Merge combines the OpenAPI blocks of all inputs, in order, into one
// document and returns it serialized deterministically: keys sorted,
// two-space indent, trailing newline. The result passes kin-openapi's
// Validate, or Merge fails.
func Merge(inputs ...Input) ([]byte, error) {
	r, err := Build(inputs, nil)
	if err != nil {
		return nil, err
	}
	return r.Spec, nil
}

// Result is the merged spec: the pages with the project's spec layer on top.
type Result struct {
	Spec []byte
	// Notices are the layer's items that gave way to the pages; the spec
	// holds the pages' definitions there.
	Notices []Notice
}

// Build merges the pages like Merge, then applies the supplements in order
// (see layer.go for the rules), and validates the result.
func Build(inputs []Input, supplements []Supplement) (*Result, error) {
	m := &merger{
		doc:      map[string]any{},
		tagOwner: map[string]Block{},
		owner:    map[string]Block{},
	}
	for _, in := range inputs {
		blocks, err := Extract(in)
		if err != nil {
			return nil, err
		}
		for _, b := range blocks {
			doc, err := parseBlock(b)
			if err != nil {
				return nil, err
			}
			m.add(b, doc)
		}
	}
	if len(m.conflicts) > 0 {
		return nil, errors.Join(m.conflicts...)
	}
	if len(m.tags) > 0 {
		m.doc["tags"] = m.tags
	}
	notices, err := applyLayer(m.doc, supplements)
	if err != nil {
		return nil, err
	}
	out, err := encode(m.doc)
	if err != nil {
		return nil, err
	}
	if err := validate(out); err != nil {
		return nil, fmt.Errorf("merged document: %w", err)
	}
	return &Result{Spec: out, Notices: notices}, nil
}

// parseBlock decodes a block and checks that it is a valid OpenAPI 3.0
// document on its own, so an error names the block rather than the merge.
func parseBlock(b Block) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(b.JSON))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: invalid JSON: %w", b.Place(), err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%s: invalid JSON: data after the document", b.Place())
	}
	version, _ := doc["openapi"].(string)
	if !strings.HasPrefix(version, "3.0.") {
		return nil, fmt.Errorf("%s: not an OpenAPI 3.0 document (its \"openapi\" field is %q)", b.Place(), version)
	}
	if err := validate(b.JSON); err != nil {
		return nil, fmt.Errorf("%s: %w", b.Place(), err)
	}
	return doc, nil
}

func validate(data []byte) error {
	loader := openapi3.NewLoader()
	spec, err := loader.LoadFromData(data)
	if err != nil {
		return fmt.Errorf("invalid OpenAPI document: %w", err)
	}
	if err := spec.Validate(context.Background()); err != nil {
		return fmt.Errorf("invalid OpenAPI document: %w", err)
	}
	return nil
}

func (m *merger) add(b Block, doc map[string]any) {
	for _, key := range sortedKeys(doc) {
		value := doc[key]
		switch key {
		case "tags":
			m.addTags(b, value)
		case "paths":
			for _, path := range sortedKeys(asMap(value)) {
				for _, field := range sortedKeys(asMap(asMap(value)[path])) {
					what := "path item field " + field + " of " + path
					if httpMethods[field] {
						what = "operation " + strings.ToUpper(field) + " " + path
					}
					m.put(b, what, []string{"paths", path, field}, asMap(asMap(value)[path])[field])
				}
			}
		case "components":
			for _, section := range sortedKeys(asMap(value)) {
				for _, name := range sortedKeys(asMap(asMap(value)[section])) {
					m.put(b, "component "+section+"/"+name, []string{"components", section, name}, asMap(asMap(value)[section])[name])
				}
			}
		default:
			m.put(b, "top-level field "+key, []string{key}, value)
		}
	}
}

// put stores value at path in the merged document: a first definition is
// taken, an identical one collapses, a different one is a conflict.
func (m *merger) put(b Block, what string, path []string, value any) {
	id := strings.Join(path, "\x00")
	parent := m.doc
	for _, p := range path[:len(path)-1] {
		next, ok := parent[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			parent[p] = next
		}
		parent = next
	}
	last := path[len(path)-1]
	existing, ok := parent[last]
	if !ok {
		parent[last] = value
		m.owner[id] = b
		return
	}
	if !reflect.DeepEqual(existing, value) {
		m.conflicts = append(m.conflicts, &ConflictError{What: what, First: m.owner[id].Place(), Second: b.Place()})
	}
}

func (m *merger) addTags(b Block, value any) {
	list, _ := value.([]any)
	for _, t := range list {
		name, _ := asMap(t)["name"].(string)
		first, seen := m.tagOwner[name]
		if !seen {
			m.tagOwner[name] = b
			m.tags = append(m.tags, t)
			continue
		}
		for _, known := range m.tags {
			if asMap(known)["name"] == name && !reflect.DeepEqual(known, t) {
				m.conflicts = append(m.conflicts, &ConflictError{What: "tag " + name, First: first.Place(), Second: b.Place()})
			}
		}
	}
}

func encode(doc map[string]any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep "<br>" and "&" in descriptions readable
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil { // Encode sorts map keys and ends with '\n'
		return nil, err
	}
	return buf.Bytes(), nil
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
