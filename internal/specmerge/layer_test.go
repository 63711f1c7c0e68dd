package specmerge

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// base is one page: GET /a with a query parameter p, and ApiError.
var base = Input{Name: "a.md", Data: page(`{"openapi":"3.0.3","info":{"title":"T","version":"1"},` +
	`"components":{"schemas":{"ApiError":{"type":"object","properties":{"message":{"type":"string"}},"required":["message"]}}},` +
	`"paths":{"/a":{"get":{"summary":"A","parameters":[{"name":"p","in":"query","schema":{"type":"string"}}],` +
	`"responses":{"400":{"description":"bad","content":{"application/json":{"schema":{"$ref":"#/components/schemas/ApiError"}}}}}}}}}`)}

const src = "x-source: {facts: §3, ref: example/repo@abc spec.yaml}\n"

func sup(name, text string) Supplement { return Supplement{Name: name, Data: []byte(text)} }

func build(t *testing.T, supplements ...Supplement) (map[string]any, []Notice) {
	t.Helper()
	r, err := Build([]Input{base}, supplements)
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(r.Spec, &doc))
	return doc, r.Notices
}

func at(doc any, keys ...string) any {
	for _, k := range keys {
		doc = doc.(map[string]any)[k]
	}
	return doc
}

func TestLayerPutsItemsInPlace(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		check func(t *testing.T, doc map[string]any)
	}{
		{
			name: "a property added to a component schema, and required",
			text: `
components:
  schemas:
    ApiError:
      properties:
        code:
          ` + src + `
          type: integer
      required: [code]
`,
			check: func(t *testing.T, doc map[string]any) {
				code := at(doc, "components", "schemas", "ApiError", "properties", "code").(map[string]any)
				assert.Equal(t, "integer", code["type"])
				assert.Equal(t, map[string]any{"facts": "§3", "ref": "example/repo@abc spec.yaml"}, code["x-source"], "the source stays in the spec")
				assert.Equal(t, []any{"message", "code"}, at(doc, "components", "schemas", "ApiError", "required"))
			},
		},
		{
			name: "a new operation on a new path",
			text: `
paths:
  /b:
    post:
      ` + src + `
      summary: B
      responses:
        '200': {description: ok}
`,
			check: func(t *testing.T, doc map[string]any) {
				assert.Equal(t, "B", at(doc, "paths", "/b", "post", "summary"))
				assert.Equal(t, "A", at(doc, "paths", "/a", "get", "summary"), "the pages' operation is untouched")
			},
		},
		{
			name: "a parameter added to an existing operation",
			text: `
paths:
  /a:
    get:
      parameters:
        - name: q
          in: query
          ` + src + `
          schema: {type: integer}
`,
			check: func(t *testing.T, doc map[string]any) {
				params := at(doc, "paths", "/a", "get", "parameters").([]any)
				require.Len(t, params, 2)
				assert.Equal(t, "p", params[0].(map[string]any)["name"])
				assert.Equal(t, "q", params[1].(map[string]any)["name"])
			},
		},
		{
			name: "a replacement inside an existing parameter",
			text: `
paths:
  /a:
    get:
      parameters:
        - name: p
          in: query
          schema:
            ` + src + `
            x-replaces: {type: string}
            type: string
            enum: [x, y]
`,
			check: func(t *testing.T, doc map[string]any) {
				schema := at(doc, "paths", "/a", "get", "parameters").([]any)[0].(map[string]any)["schema"].(map[string]any)
				assert.Equal(t, []any{"x", "y"}, schema["enum"])
				assert.NotContains(t, schema, "x-replaces", "what was replaced is not part of the spec")
				assert.Contains(t, schema, "x-source")
			},
		},
		{
			name: "top-level x- keys are the file's own, named with anchors",
			text: "x-refs:\n  - &ref {facts: §3, ref: example}\ncomponents:\n  schemas:\n    ApiError:\n      properties:\n        code: {x-source: *ref, type: integer}\n",
			check: func(t *testing.T, doc map[string]any) {
				assert.NotContains(t, doc, "x-refs")
				assert.Equal(t, "example", at(doc, "components", "schemas", "ApiError", "properties", "code", "x-source", "ref"))
			},
		},
		{
			name: "a replaced response",
			text: `
paths:
  /a:
    get:
      responses:
        '400':
          ` + src + `
          x-replaces:
            description: bad
            content: {application/json: {schema: {$ref: '#/components/schemas/ApiError'}}}
          description: Validation error
          content: {application/json: {schema: {$ref: '#/components/schemas/ApiError'}}}
`,
			check: func(t *testing.T, doc map[string]any) {
				assert.Equal(t, "Validation error", at(doc, "paths", "/a", "get", "responses", "400", "description"))
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, notices := build(t, sup("s.yaml", tt.text))
			assert.Empty(t, notices)
			tt.check(t, doc)
		})
	}
}

// Where the pages define what an item adds or change what it replaces, the
// pages win and the item becomes a notice: never two definitions.
func TestLayerGivesWayToThePages(t *testing.T) {
	pagesOnly, err := Merge(base)
	require.NoError(t, err)
	tests := []struct {
		name  string
		text  string
		where string
		what  string
	}{
		{
			name:  "an addition the pages now define the same way",
			text:  "components:\n  schemas:\n    ApiError:\n      properties:\n        message:\n          " + src + "          type: string\n",
			where: "components.schemas.ApiError.properties.message",
			what:  noticeSame,
		},
		{
			name:  "an addition the pages now define differently",
			text:  "components:\n  schemas:\n    ApiError:\n      properties:\n        message:\n          " + src + "          type: integer\n",
			where: "components.schemas.ApiError.properties.message",
			what:  noticeDiffers,
		},
		{
			name:  "a parameter the pages now define",
			text:  "paths:\n  /a:\n    get:\n      parameters:\n        - {name: p, in: query, schema: {type: string}, " + strings.TrimSuffix(src, "\n") + "}\n",
			where: "paths['/a'].get.parameters[query p]",
			what:  noticeSame,
		},
		{
			name:  "a replacement of something the pages changed since",
			text:  "components:\n  schemas:\n    ApiError:\n      properties:\n        message:\n          " + src + "          x-replaces: {type: integer}\n          type: number\n",
			where: "components.schemas.ApiError.properties.message",
			what:  noticeChanged,
		},
		{
			name:  "a replacement the pages caught up with",
			text:  "components:\n  schemas:\n    ApiError:\n      properties:\n        message:\n          " + src + "          x-replaces: {type: integer}\n          type: string\n",
			where: "components.schemas.ApiError.properties.message",
			what:  noticeCaughtUp,
		},
		{
			name:  "a replacement of something the pages dropped",
			text:  "components:\n  schemas:\n    ApiError:\n      properties:\n        gone:\n          " + src + "          x-replaces: {type: integer}\n          type: string\n",
			where: "components.schemas.ApiError.properties.gone",
			what:  noticeGone,
		},
		{
			name:  "a step into something the pages do not define",
			text:  "components:\n  schemas:\n    Missing:\n      properties:\n        x:\n          " + src + "          type: string\n",
			where: "components.schemas.Missing",
			what:  noticeNoTarget,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Build([]Input{base}, []Supplement{sup("s.yaml", tt.text)})
			require.NoError(t, err)
			require.Len(t, r.Notices, 1)
			assert.Equal(t, Notice{File: "s.yaml", Where: tt.where, What: tt.what}, r.Notices[0])
			assert.Contains(t, r.Notices[0].String(), "api/supplement/s.yaml: "+tt.where+": ")
			assert.Equal(t, string(pagesOnly), string(r.Spec), "the spec holds the pages' definitions only")
		})
	}
}

func TestLayerErrors(t *testing.T) {
	tests := []struct {
		name string
		sups []Supplement
		want []string
	}{
		{"a value without an item", []Supplement{sup("s.yaml", "components:\n  schemas:\n    ApiError:\n      description: changed\n")},
			[]string{"api/supplement/s.yaml: components.schemas.ApiError.description", "needs an item around it"}},
		{"a source without a reference", []Supplement{sup("s.yaml", "paths:\n  /b:\n    x-source: {facts: §3}\n    get: {responses: {'200': {description: ok}}}\n")},
			[]string{"paths['/b']", "x-source.ref is empty"}},
		{"a source that is a string", []Supplement{sup("s.yaml", "paths:\n  /b:\n    x-source: somewhere\n    get: {responses: {'200': {description: ok}}}\n")},
			[]string{"x-source must be {facts: <section>, ref: <public reference>}"}},
		{"x-replaces without a source", []Supplement{sup("s.yaml", "components:\n  schemas:\n    ApiError:\n      x-replaces: {}\n")},
			[]string{"components.schemas.ApiError", "x-replaces without x-source"}},
		{"required names a property the step does not add", []Supplement{sup("s.yaml", "components:\n  schemas:\n    ApiError:\n      required: [message]\n")},
			[]string{"components.schemas.ApiError.required", `"message": a step may require only a property it adds`}},
		{"two files add the same", []Supplement{
			sup("a.yaml", "paths:\n  /b:\n    "+src+"    get: {responses: {'200': {description: ok}}}\n"),
			sup("b.yaml", "paths:\n  /b:\n    "+src+"    get: {responses: {'200': {description: ok}}}\n")},
			[]string{"conflict: supplement item paths['/b'] is defined differently in api/supplement/a.yaml and in api/supplement/b.yaml"}},
		{"an unquoted response code", []Supplement{sup("s.yaml", "paths:\n  /a:\n    get:\n      responses:\n        200:\n          "+src+"          description: ok\n")},
			[]string{"s.yaml: every key must be a string (quote response codes: '200')"}},
		{"an openapi field", []Supplement{sup("s.yaml", "openapi: 3.0.3\n")}, []string{"s.yaml", "no \"openapi\" field"}},
		{"broken YAML", []Supplement{sup("s.yaml", "paths: [\n")}, []string{"s.yaml: invalid YAML"}},
		{"an item that makes the spec invalid", []Supplement{sup("s.yaml", "paths:\n  /b:\n    "+src+"    get: {responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Nope'}}}}}}\n")},
			[]string{"merged document: invalid OpenAPI document"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Build([]Input{base}, tt.sups)
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

// A later file may extend what an earlier one added; the order is the
// files' names, so the result does not depend on the directory listing.
func TestLayerFilesBuildOnEachOther(t *testing.T) {
	first := sup("a.yaml", "paths:\n  /b:\n    get:\n      "+src+"      responses: {'200': {description: ok}}\n")
	second := sup("b.yaml", "paths:\n  /b:\n    get:\n      parameters:\n        - {name: q, in: query, schema: {type: string}, "+strings.TrimSuffix(src, "\n")+"}\n")
	doc, notices := build(t, first, second)
	assert.Empty(t, notices)
	assert.Len(t, at(doc, "paths", "/b", "get", "parameters"), 1)
	r1, err := Build([]Input{base}, []Supplement{first, second})
	require.NoError(t, err)
	r2, err := Build([]Input{base}, []Supplement{first, second})
	require.NoError(t, err)
	assert.Equal(t, r1.Spec, r2.Spec)
}
