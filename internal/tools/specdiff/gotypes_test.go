package specdiff

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func loadDoc(t *testing.T, answer, request string) *openapi3.T {
	t.Helper()
	doc := `{"openapi":"3.0.3","info":{"title":"T","version":"1"},
	"components":{"schemas":{"Ok":{"type":"object","properties":{"success":{"type":"boolean"}}}}},
	"paths":{"/x":{"post":{"requestBody":{"content":{"application/json":{"schema":` + request + `}}},
	"responses":{"200":{"description":"ok","content":{"application/json":{"schema":` + answer + `}}}}}}}}`
	spec, err := openapi3.NewLoader().LoadFromData([]byte(doc))
	require.NoError(t, err)
	return spec
}

// A body whose generated type is renamed breaks code that names the type,
// though the wire (and oasdiff) sees no change; a body that gains a name
// it did not have breaks nothing.
func TestCompareReportsRenamedBodyTypes(t *testing.T) {
	const named = `{"type":"object","x-go-type-name":"XAnswer","properties":{"success":{"type":"boolean"}}}`
	const unnamed = `{"type":"object","properties":{"success":{"type":"boolean"}}}`
	const req = `{"type":"object","x-go-type-name":"XRequest"}`
	tests := []struct {
		name          string
		before, after *openapi3.T
		wantText      string // "" when nothing is reported
	}{
		{"a $ref answer becomes a named inline one", loadDoc(t, `{"$ref":"#/components/schemas/Ok"}`, req), loadDoc(t, named, req),
			"the generated type of the response 200 changed from Ok to XAnswer"},
		{"a request body renamed", loadDoc(t, named, req), loadDoc(t, named, `{"type":"object","x-go-type-name":"YRequest"}`),
			"the generated type of the request body changed from XRequest to YRequest"},
		{"an unnamed answer gets a name", loadDoc(t, unnamed, req), loadDoc(t, named, req), ""},
		{"nothing changes", loadDoc(t, named, req), loadDoc(t, named, req), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Compare(tt.before, tt.after)
			require.NoError(t, err)
			var ours []Change
			for _, c := range r.Changes {
				if c.Rule == ruleBodyTypeRenamed {
					ours = append(ours, c)
				}
			}
			if tt.wantText == "" {
				assert.Empty(t, ours)
				return
			}
			require.Len(t, ours, 1)
			assert.True(t, ours[0].Breaking)
			assert.Equal(t, "POST", ours[0].Operation)
			assert.Equal(t, "/x", ours[0].Path)
			assert.Equal(t, tt.wantText, ours[0].Text)
			assert.Regexp(t, `^[0-9a-f]{12}$`, ours[0].Fingerprint)
			assert.Equal(t, r.Changes[0], ours[0], "breaking changes come first")
		})
	}
}
