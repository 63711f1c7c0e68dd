package api

import (
	"fmt"
	"math"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"
)

// parameter is a path, query or header parameter (or a documented response
// header) with the decoder its schema type calls for. Only what travels as
// plain text is supported: scalars, and arrays of scalars in the query as
// repeated keys (style form, explode). Anything else fails NewValidator, so
// a spec change the validator cannot check is noticed at once, not ignored.
type parameter struct {
	name     string
	field    string // "query.limit", "path.order_id", "header.Retry-After"
	required bool
	schema   *openapi3.Schema
	array    bool        // repeated query keys make up the value
	kind     string      // type of the value, or of each item when array
	fast     *fastSchema // nil when the schema is not compiled (or array)
}

func newParameter(p *openapi3.Parameter) (*parameter, error) {
	if p.Schema == nil || p.Schema.Value == nil {
		return nil, fmt.Errorf("parameter %s in %s has no schema", p.Name, p.In)
	}
	switch p.In {
	case openapi3.ParameterInPath, openapi3.ParameterInQuery, openapi3.ParameterInHeader:
	default:
		return nil, fmt.Errorf("parameter %s: location %q is not supported", p.Name, p.In)
	}
	out := &parameter{name: p.Name, field: p.In + "." + p.Name, required: p.Required, schema: p.Schema.Value}
	kind, err := scalarKind(out.schema)
	if err == nil {
		out.kind = kind
		out.fast = compileFast(out.schema)
		return out, nil
	}
	if !out.schema.Type.Is(openapi3.TypeArray) || p.In != openapi3.ParameterInQuery || out.schema.Items == nil || out.schema.Items.Value == nil {
		return nil, fmt.Errorf("parameter %s in %s: %w", p.Name, p.In, err)
	}
	if sm, err := p.SerializationMethod(); err != nil || sm.Style != openapi3.SerializationForm || !sm.Explode {
		return nil, fmt.Errorf("parameter %s in %s: only arrays of style form, explode, are supported", p.Name, p.In)
	}
	if out.kind, err = scalarKind(out.schema.Items.Value); err != nil {
		return nil, fmt.Errorf("parameter %s in %s items: %w", p.Name, p.In, err)
	}
	out.array = true
	return out, nil
}

func scalarKind(s *openapi3.Schema) (string, error) {
	for _, kind := range []string{openapi3.TypeString, openapi3.TypeInteger, openapi3.TypeNumber, openapi3.TypeBoolean} {
		if s.Type.Is(kind) {
			return kind, nil
		}
	}
	return "", fmt.Errorf("schema type %v is not a scalar", s.Type.Slice())
}

// decode turns the text of a parameter into the JSON value its schema
// checks. It is strict where servers differ: booleans are "true" or
// "false" only, numbers are plain decimal.
func (p *parameter) decode(text string) (any, error) {
	switch p.kind {
	case openapi3.TypeInteger:
		n, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not an integer", text)
		}
		return n, nil
	case openapi3.TypeNumber:
		f, err := strconv.ParseFloat(text, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("%q is not a number", text)
		}
		return f, nil
	case openapi3.TypeBoolean:
		switch text {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		return nil, fmt.Errorf("%q is not a boolean (true or false)", text)
	}
	return text, nil
}
