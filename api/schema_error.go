package api

import (
	"errors"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"
)

// describeSchemaError turns kin-openapi's error for value into the field it
// concerns, written from field ("body" -> "body.items[0].signature"), and a
// reason. A value that matches no oneOf variant is reported by kin-openapi
// at the union, which says little; the field and reason then come from the
// variant the value was meant for.
func describeSchemaError(field string, value any, err error, opts []openapi3.SchemaValidationOption) (string, string) {
	var se *openapi3.SchemaError
	if !errors.As(err, &se) {
		return field, err.Error()
	}
	for _, token := range se.JSONPointer() {
		switch v := value.(type) {
		case []any:
			field += "[" + token + "]"
			value = nil
			if i, err := strconv.Atoi(token); err == nil && i >= 0 && i < len(v) {
				value = v[i]
			}
		case map[string]any:
			field += "." + token
			value = v[token]
		default:
			field += "." + token
			value = nil
		}
	}
	if se.SchemaField == "oneOf" && !errors.Is(se, openapi3.ErrOneOfConflict) {
		if branchErr := intendedVariantError(se.Schema, value, opts); branchErr != nil {
			return describeSchemaError(field, value, branchErr, opts)
		}
	}
	return field, se.Reason
}

// intendedVariantError picks, among the oneOf variants value fails, the one
// it was meant for: a variant that rejects it over an enum or a "not" (such
// as a product name that belongs to another variant) is for other values.
// It returns that variant's first error, or nil when no variant stands out.
func intendedVariantError(union *openapi3.Schema, value any, opts []openapi3.SchemaValidationOption) error {
	opts = append(opts[:len(opts):len(opts)], openapi3.MultiErrors())
	for _, ref := range union.OneOf {
		if ref.Value == nil {
			continue
		}
		err := ref.Value.VisitJSON(value, opts...)
		if err == nil {
			continue
		}
		leaves := schemaErrorLeaves(err, nil)
		if len(leaves) == 0 || rejectsByDiscriminator(leaves) {
			continue
		}
		return leaves[0]
	}
	return nil
}

func rejectsByDiscriminator(leaves []*openapi3.SchemaError) bool {
	for _, e := range leaves {
		if e.SchemaField == "enum" || e.SchemaField == "not" {
			return true
		}
	}
	return false
}

// schemaErrorLeaves flattens the MultiError kin-openapi returns with
// MultiErrors() into its individual schema errors, in order.
func schemaErrorLeaves(err error, out []*openapi3.SchemaError) []*openapi3.SchemaError {
	var multi openapi3.MultiError
	if errors.As(err, &multi) {
		for _, e := range multi {
			out = schemaErrorLeaves(e, out)
		}
		return out
	}
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		out = append(out, se)
	}
	return out
}

// specUsesReadWriteOnly reports whether any schema reachable from the
// operations marks a property readOnly or writeOnly.
func specUsesReadWriteOnly(spec *openapi3.T) bool {
	seen := map[*openapi3.Schema]bool{}
	var walk func(ref *openapi3.SchemaRef) bool
	walk = func(ref *openapi3.SchemaRef) bool {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return false
		}
		s := ref.Value
		seen[s] = true
		if s.ReadOnly || s.WriteOnly {
			return true
		}
		for _, p := range s.Properties {
			if walk(p) {
				return true
			}
		}
		for _, list := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf, s.AllOf} {
			for _, r := range list {
				if walk(r) {
					return true
				}
			}
		}
		return walk(s.Items) || walk(s.Not) || (s.AdditionalProperties.Schema != nil && walk(s.AdditionalProperties.Schema))
	}
	for _, item := range spec.Paths.Map() {
		for _, op := range item.Operations() {
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				for _, m := range op.RequestBody.Value.Content {
					if walk(m.Schema) {
						return true
					}
				}
			}
			for _, r := range op.Responses.Map() {
				if r.Value == nil {
					continue
				}
				for _, m := range r.Value.Content {
					if walk(m.Schema) {
						return true
					}
				}
			}
		}
	}
	return false
}
