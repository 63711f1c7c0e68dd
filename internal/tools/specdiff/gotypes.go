package specdiff

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// ruleBodyTypeRenamed is our rule beside oasdiff's: the Go type of an
// operation's JSON request body or success answer got another name. The
// wire may not change at all (oasdiff sees nothing), but the generated
// client's body parameter or JSON200 field changes type, so code that names
// the old type stops compiling.
const ruleBodyTypeRenamed = "generated-body-type-renamed"

// goTypeChanges lists, for the operations both specs have, every JSON
// request body and 2xx answer whose generated type name differs.
func goTypeChanges(base, revision *openapi3.T) []Change {
	if base.Paths == nil || revision.Paths == nil {
		return nil
	}
	var out []Change
	for path, item := range revision.Paths.Map() {
		old := base.Paths.Value(path)
		if old == nil {
			continue
		}
		for method, op := range item.Operations() {
			before := old.GetOperation(method)
			if before == nil {
				continue
			}
			for _, b := range bodyTypeNames(before) {
				for _, a := range bodyTypeNames(op) {
					if a.where == b.where && a.name != "" && b.name != "" && a.name != b.name {
						out = append(out, bodyTypeRenamed(method, path, b, a))
					}
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

type bodyType struct{ where, name string }

// bodyTypeNames names the generated types of an operation's JSON bodies:
// the schema's x-go-type-name, or the component a $ref names.
func bodyTypeNames(op *openapi3.Operation) []bodyType {
	var out []bodyType
	if op.RequestBody != nil && op.RequestBody.Value != nil {
		out = append(out, bodyType{"request body", goTypeName(op.RequestBody.Value.Content.Get("application/json"))})
	}
	if op.Responses != nil {
		for code, resp := range op.Responses.Map() {
			if strings.HasPrefix(code, "2") && resp.Value != nil {
				out = append(out, bodyType{"response " + code, goTypeName(resp.Value.Content.Get("application/json"))})
			}
		}
	}
	return out
}

func goTypeName(m *openapi3.MediaType) string {
	if m == nil || m.Schema == nil {
		return ""
	}
	if m.Schema.Value != nil {
		if name, ok := m.Schema.Value.Extensions["x-go-type-name"].(string); ok {
			return name
		}
	}
	if ref := m.Schema.Ref; ref != "" {
		return ref[strings.LastIndex(ref, "/")+1:]
	}
	return ""
}

func bodyTypeRenamed(method, path string, before, after bodyType) Change {
	c := Change{
		Rule: ruleBodyTypeRenamed, Operation: strings.ToUpper(method), Path: path, Breaking: true,
		Text: fmt.Sprintf("the generated type of the %s changed from %s to %s", before.where, before.name, after.name),
	}
	sum := sha256.Sum256([]byte(c.String()))
	c.Fingerprint = hex.EncodeToString(sum[:])[:12]
	return c
}
