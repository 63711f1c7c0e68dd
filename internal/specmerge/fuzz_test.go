package specmerge

import (
	"encoding/json"
	"os"
	"testing"
)

// FuzzMerge feeds arbitrary bytes to the merge step, as a markdown page or
// a .json input: it must return a valid merged spec or an error, never panic.
// The seeds (the real pages, fragments of them, broken fences and JSON) run
// in every go test.
func FuzzMerge(f *testing.F) {
	for _, seed := range []struct {
		data   []byte
		isJSON bool
	}{
		{readSeed(f, "../../api/upstream/general.md"), false},
		{readSeed(f, "../../api/upstream/dc-isp-proxies.md"), false},
		{readSeed(f, "testdata/dc-isp-proxies.older.md"), false},
		{page(doc("/a", "get", "A", apiError)), false},
		{page(doc("/a", "get", "A", apiError), doc("/a", "get", "B", apiErrorOther)), false},
		{[]byte(doc("/x", "get", "X", apiError)), true},
		{[]byte("```json\n{}\n```\n"), false},
		{[]byte("```json\n"), false},
		{[]byte("~~~json\n{\"openapi\":\"3.0.3\"}\n~~~\n"), false},
		{[]byte("```json\n{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"T\",\"version\":\"1\"},\"paths\":[]}\n```\n"), false},
		{[]byte("```json\n{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"T\",\"version\":\"1\"},\"paths\":{},\"components\":{\"schemas\":[1]}}\n```\n"), false},
		{[]byte("```json\n{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"T\",\"version\":\"1\"},\"paths\":{},\"tags\":[1,{\"name\":1}]}\n```\n"), false},
		{[]byte("```json\nnull\n```\n"), false},
		{[]byte("null"), true},
		{[]byte{0xff, 0xfe, '`', '`', '`'}, false},
		{[]byte(""), false},
	} {
		f.Add(seed.data, seed.isJSON)
	}
	f.Fuzz(func(t *testing.T, data []byte, isJSON bool) {
		name := "fuzz.md"
		if isJSON {
			name = "fuzz.json"
		}
		out, err := Merge(Input{Name: name, Data: data})
		if err != nil {
			return
		}
		if !json.Valid(out) {
			t.Fatalf("Merge returned invalid JSON without an error:\n%s", out)
		}
		if err := validate(out); err != nil {
			t.Fatalf("Merge returned a spec that does not validate: %v", err)
		}
	})
}

func readSeed(f *testing.F, path string) []byte {
	f.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	return data
}
