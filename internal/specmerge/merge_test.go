package specmerge

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// page wraps OpenAPI documents in markdown the way the docs site does: prose
// around each block, other fences, and the site's footer.
func page(docs ...string) []byte {
	var b strings.Builder
	b.WriteString("# Title\n\nSome prose with `code` and a ```inline fence``` mention.\n\n")
	for i, d := range docs {
		b.WriteString("## Operation " + string(rune('A'+i)) + "\n\n> description\n\n```json\n" + d + "\n```\n\n")
	}
	b.WriteString("---\n\n# Agent Instructions\n\n```\nGET https://docs.example/page.md?ask=<question>\n```\n")
	return []byte(b.String())
}

// doc builds a one-operation OpenAPI document with a shared component.
func doc(path, method, summary, errorSchema string) string {
	return `{"openapi":"3.0.3","info":{"title":"T","version":"1"},"tags":[{"name":"General"}],` +
		`"components":{"schemas":{"ApiError":` + errorSchema + `}},` +
		`"paths":{"` + path + `":{"` + method + `":{"summary":"` + summary + `","responses":{"400":{"description":"bad","content":{"application/json":{"schema":{"$ref":"#/components/schemas/ApiError"}}}}}}}}}`
}

const apiError = `{"type":"object","properties":{"message":{"type":"string"}}}`
const apiErrorOther = `{"type":"object","properties":{"message":{"type":"integer"}}}`

func upstream(t *testing.T, name string) Input {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "api", "upstream", name))
	require.NoError(t, err)
	return Input{Name: name, Data: data}
}

func testdata(t *testing.T, name string) Input {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return Input{Name: name, Data: data}
}

func TestMerge(t *testing.T) {
	tests := []struct {
		name    string
		inputs  []Input
		wantErr []string // substrings the error must contain; nil means success
		check   func(t *testing.T, merged map[string]any)
	}{
		{
			name: "identical components collapse into one",
			inputs: []Input{
				{Name: "a.md", Data: page(doc("/a", "get", "A", apiError))},
				{Name: "b.md", Data: page(doc("/b", "post", "B", apiError))},
			},
			check: func(t *testing.T, merged map[string]any) {
				schemas := merged["components"].(map[string]any)["schemas"].(map[string]any)
				assert.Len(t, schemas, 1)
				assert.Contains(t, schemas, "ApiError")
				assert.Len(t, merged["paths"], 2)
				assert.Len(t, merged["tags"], 1, "the repeated tag is listed once")
			},
		},
		{
			name: "prose, other fences and the footer are ignored",
			inputs: []Input{
				{Name: "a.md", Data: page(doc("/a", "get", "A", apiError), doc("/a", "post", "A2", apiError))},
			},
			check: func(t *testing.T, merged map[string]any) {
				ops := merged["paths"].(map[string]any)["/a"].(map[string]any)
				assert.Len(t, ops, 2, "both methods of one path are kept")
			},
		},
		{
			name:   "a .json input is one document",
			inputs: []Input{{Name: "one.json", Data: []byte(doc("/x", "get", "X", apiError))}},
			check: func(t *testing.T, merged map[string]any) {
				assert.Contains(t, merged["paths"], "/x")
			},
		},
		{
			name: "a differing component is a conflict naming both places",
			inputs: []Input{
				{Name: "a.md", Data: page(doc("/a", "get", "A", apiError))},
				{Name: "b.md", Data: page(doc("/b", "get", "B", apiError), doc("/c", "get", "C", apiErrorOther))},
			},
			wantErr: []string{"conflict", "component schemas/ApiError", "a.md block 1 (line 9)", "b.md block 2 (line 17)"},
		},
		{
			name: "a differing operation is a conflict naming both places",
			inputs: []Input{
				{Name: "a.md", Data: page(doc("/a", "get", "A", apiError))},
				{Name: "b.md", Data: page(doc("/a", "get", "changed", apiError))},
			},
			wantErr: []string{"operation GET /a", "a.md block 1", "b.md block 1"},
		},
		{
			name: "older and current DC & ISP snapshots conflict on signature/set",
			inputs: []Input{
				testdata(t, "dc-isp-proxies.older.md"),
				upstream(t, "dc-isp-proxies.md"),
			},
			wantErr: []string{"operation POST /user/api/orders/{order_id}/signature/set", "dc-isp-proxies.older.md block 3", "dc-isp-proxies.md block 3"},
		},
		{
			name:    "broken JSON names the page and the block",
			inputs:  []Input{{Name: "a.md", Data: page(doc("/a", "get", "A", apiError), `{"openapi":"3.0.3",`)}},
			wantErr: []string{"a.md block 2 (line 17)", "invalid JSON"},
		},
		{
			name:    "a block that is not OpenAPI is a clear error",
			inputs:  []Input{{Name: "a.md", Data: page(`{"name":"not a spec"}`)}},
			wantErr: []string{"a.md block 1", "not an OpenAPI 3.0 document"},
		},
		{
			name:    "an invalid OpenAPI document names the page and the block",
			inputs:  []Input{{Name: "a.md", Data: page(`{"openapi":"3.0.3","info":{"title":"T","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Missing"}}}}}}}}}`)}},
			wantErr: []string{"a.md block 1", "invalid OpenAPI document"},
		},
		{
			name:    "a page without any JSON block is an error",
			inputs:  []Input{{Name: "empty.md", Data: []byte("# nothing here\n")}},
			wantErr: []string{"empty.md", "no ```json OpenAPI block"},
		},
		{
			name:    "an unclosed fence is an error",
			inputs:  []Input{{Name: "a.md", Data: []byte("```json\n{}\n")}},
			wantErr: []string{"a.md block 1 (line 1)", "never closed"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Merge(tt.inputs...)
			if tt.wantErr != nil {
				require.Error(t, err)
				for _, want := range tt.wantErr {
					assert.Contains(t, err.Error(), want)
				}
				return
			}
			require.NoError(t, err)
			var merged map[string]any
			require.NoError(t, json.Unmarshal(out, &merged))
			tt.check(t, merged)
		})
	}
}

func TestMergeCurrentPagesDescribeEighteenOperations(t *testing.T) {
	out, err := Merge(upstream(t, "general.md"), upstream(t, "dc-isp-proxies.md"))
	require.NoError(t, err)
	n, err := CountOperations(out)
	require.NoError(t, err)
	assert.Equal(t, 18, n)
}

func TestMergeIsDeterministic(t *testing.T) {
	first, err := Merge(upstream(t, "general.md"), upstream(t, "dc-isp-proxies.md"))
	require.NoError(t, err)
	for range 5 {
		again, err := Merge(upstream(t, "general.md"), upstream(t, "dc-isp-proxies.md"))
		require.NoError(t, err)
		require.Equal(t, first, again)
	}
	assert.True(t, strings.HasSuffix(string(first), "}\n"), "ends with a newline")
	assert.True(t, strings.HasPrefix(string(first), "{\n  \""), "two-space indent")
	assert.NotContains(t, string(first), `\u003c`, "HTML characters are not escaped")
}

func TestCommittedSpecIsTheMergeOfTheManifest(t *testing.T) {
	m, err := ReadManifest(filepath.Join("..", "..", "api", "upstream", "manifest.json"))
	require.NoError(t, err)
	result, err := m.BuildAPI(m.Dir())
	require.NoError(t, err)
	assert.Empty(t, result.Notices, "every item of the spec layer applies")
	committed, err := os.ReadFile(filepath.Join("..", "..", "api", "openapi.json"))
	require.NoError(t, err)
	assert.Equal(t, string(committed), string(result.Spec), "api/openapi.json is stale: run make generate")
}
