package specdiff

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// baseSpec has one of everything the report must follow: operations, a
// query parameter with an enum, request and response properties with enums,
// an error response and operationIds.
const baseSpec = `{"openapi":"3.0.3","info":{"title":"T","version":"1"},"paths":{"/items":{
 "get":{"operationId":"listItems",
  "parameters":[{"in":"query","name":"status","schema":{"type":"string","enum":["a","b"]}}],
  "responses":{
   "200":{"description":"ok","content":{"application/json":{"schema":{"type":"object","properties":{
     "name":{"type":"string"},"state":{"type":"string","enum":["on","off"]}}}}}},
   "400":{"description":"bad"}}},
 "post":{"operationId":"addItem",
  "requestBody":{"content":{"application/json":{"schema":{"type":"object","properties":{
    "note":{"type":"string"},"kind":{"type":"string","enum":["x","y"]}}}}}},
  "responses":{"200":{"description":"ok"}}}}}}`

// revise returns baseSpec changed by edit.
func revise(t *testing.T, edit func(doc map[string]any)) *openapi3.T {
	t.Helper()
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(baseSpec), &doc))
	if edit != nil {
		edit(doc)
	}
	data, err := json.Marshal(doc)
	require.NoError(t, err)
	spec, err := openapi3.NewLoader().LoadFromData(data)
	require.NoError(t, err)
	require.NoError(t, spec.Validate(t.Context()))
	return spec
}

// at walks doc along keys (array indexes as ints) and returns the map there.
func at(doc map[string]any, keys ...any) map[string]any {
	var cur any = doc
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			cur = cur.(map[string]any)[k]
		case int:
			cur = cur.([]any)[k]
		}
	}
	return cur.(map[string]any)
}

func getOp(doc map[string]any) map[string]any  { return at(doc, "paths", "/items", "get") }
func postOp(doc map[string]any) map[string]any { return at(doc, "paths", "/items", "post") }
func respProps(doc map[string]any) map[string]any {
	return at(getOp(doc), "responses", "200", "content", "application/json", "schema", "properties")
}
func reqProps(doc map[string]any) map[string]any {
	return at(postOp(doc), "requestBody", "content", "application/json", "schema", "properties")
}

func TestCompareListsAdditionsAndRemovalsAndMarksTheBreakingOnes(t *testing.T) {
	tests := []struct {
		name         string
		edit         func(doc map[string]any)
		wantRule     string
		wantBreaking bool
	}{
		{"operation added", func(d map[string]any) {
			at(d, "paths", "/items")["delete"] = map[string]any{"responses": map[string]any{"204": map[string]any{"description": "gone"}}}
		}, "endpoint-added", false},
		{"operation removed", func(d map[string]any) { delete(at(d, "paths", "/items"), "post") }, "api-removed-without-deprecation", true},
		{"optional parameter added", func(d map[string]any) {
			getOp(d)["parameters"] = append(getOp(d)["parameters"].([]any), map[string]any{"in": "query", "name": "q", "schema": map[string]any{"type": "string"}})
		}, "new-optional-request-parameter", false},
		{"parameter removed", func(d map[string]any) { getOp(d)["parameters"] = []any{} }, "request-parameter-removed", true},
		{"parameter enum value added", func(d map[string]any) {
			at(getOp(d), "parameters", 0, "schema")["enum"] = []any{"a", "b", "c"}
		}, "request-parameter-enum-value-added", false},
		{"parameter enum value removed", func(d map[string]any) {
			at(getOp(d), "parameters", 0, "schema")["enum"] = []any{"a"}
		}, "request-parameter-enum-value-removed", true},
		{"request property added", func(d map[string]any) {
			reqProps(d)["extra"] = map[string]any{"type": "string"}
		}, "new-optional-request-property", false},
		{"request property removed", func(d map[string]any) { delete(reqProps(d), "note") }, "request-property-removed", true},
		{"request enum value added", func(d map[string]any) {
			reqProps(d)["kind"].(map[string]any)["enum"] = []any{"x", "y", "z"}
		}, "request-property-enum-value-added", false},
		{"request enum value removed", func(d map[string]any) {
			reqProps(d)["kind"].(map[string]any)["enum"] = []any{"x"}
		}, "request-property-enum-value-removed", true},
		{"response property added", func(d map[string]any) {
			respProps(d)["extra"] = map[string]any{"type": "string"}
		}, "response-optional-property-added", false},
		{"response property removed: the Go field disappears", func(d map[string]any) { delete(respProps(d), "name") }, "response-optional-property-removed", true},
		{"response enum value added", func(d map[string]any) {
			respProps(d)["state"].(map[string]any)["enum"] = []any{"on", "off", "paused"}
		}, "response-property-enum-value-added", true},
		{"response enum value removed: the Go constant disappears", func(d map[string]any) {
			respProps(d)["state"].(map[string]any)["enum"] = []any{"on"}
		}, "response-property-enum-value-removed", true},
		{"error response removed: the JSON400 field disappears", func(d map[string]any) {
			delete(getOp(d)["responses"].(map[string]any), "400")
		}, "response-non-success-status-removed", true},
		{"operationId changed: the client method is renamed", func(d map[string]any) { getOp(d)["operationId"] = "getItems" }, "api-operation-id-removed", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			report, err := Compare(revise(t, nil), revise(t, tt.edit))
			require.NoError(t, err)
			var found *Change
			for i, c := range report.Changes {
				if c.Rule == tt.wantRule {
					found = &report.Changes[i]
				}
			}
			require.NotNil(t, found, "no %s in %v", tt.wantRule, report.Changes)
			assert.Equal(t, tt.wantBreaking, found.Breaking, found.String())
			assert.Equal(t, "/items", found.Path)
			assert.NotEmpty(t, found.Text)
			assert.Len(t, found.Fingerprint, 12)
		})
	}
}

func TestCompareIdenticalSpecsReportsNoChange(t *testing.T) {
	e := effective(t, currentDCISP)
	report, err := Compare(e.Spec, effective(t, currentDCISP).Spec)
	require.NoError(t, err)
	assert.Empty(t, report.Changes)
	assert.Equal(t, "no change", report.Summary())
}

// Real upstream history: the add-on operations and the OS enum of
// signature/set appeared between the older and the current page.
func TestCompareOlderToCurrentDCISPPage(t *testing.T) {
	report, err := Compare(effective(t, olderDCISP).Spec, effective(t, currentDCISP).Spec)
	require.NoError(t, err)

	rules := byRule(report.Changes)
	assert.ElementsMatch(t, addonOperations, rules["endpoint-added"], "the four add-on operations appeared")
	assert.Equal(t, []string{signatureSet}, rules["request-property-became-enum"])

	for _, c := range report.Changes {
		switch c.Rule {
		case "endpoint-added":
			assert.False(t, c.Breaking, "a new operation breaks nobody: %s", c)
			assert.Equal(t, "endpoint added", c.Text)
		case "request-property-became-enum":
			// Requests that sent any string now must send one of six OS
			// names, and the Go field becomes the SignatureOS type.
			assert.True(t, c.Breaking, c.String())
			assert.Contains(t, c.Text, "items/items/signature")
			assert.Contains(t, c.Text, "enum")
		}
	}
	assert.Equal(t, []string{signatureSet}, whereAll(report.Breaking()), "only the OS enum narrows what clients may send")
}

// The same history backwards: the four add-on operations disappear.
func TestCompareCurrentToOlderDCISPPage(t *testing.T) {
	report, err := Compare(effective(t, currentDCISP).Spec, effective(t, olderDCISP).Spec)
	require.NoError(t, err)

	assert.ElementsMatch(t, addonOperations, whereAll(report.Breaking()), "exactly the four removed operations break clients")
	for _, c := range report.Breaking() {
		assert.Equal(t, "api-path-removed-without-deprecation", c.Rule)
	}
	rules := byRule(report.Changes)
	assert.Equal(t, []string{signatureSet}, rules["request-property-became-not-enum"], "the OS enum is gone, which breaks nobody")
}

func TestReportWrite(t *testing.T) {
	report, err := Compare(effective(t, currentDCISP).Spec, effective(t, olderDCISP).Spec)
	require.NoError(t, err)
	var out strings.Builder
	require.NoError(t, report.Write(&out))
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.NotEmpty(t, lines)
	assert.Equal(t, report.Summary(), lines[0])
	assert.Regexp(t, `^\d+ changes, 4 breaking$`, lines[0])
	assert.Contains(t, out.String(), "  BREAKING POST /user/api/orders/{order_id}/addons/purchase: api path removed without deprecation [api-path-removed-without-deprecation]\n")
	assert.Contains(t, out.String(), "           POST /user/api/orders/{order_id}/signature/set: removed the enum constraint")
}

func whereAll(changes []Change) []string {
	out := []string{}
	for _, c := range changes {
		out = append(out, where(c))
	}
	return out
}
