package api

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// kinValid is the reference: kin-openapi on the decoded body.
func kinValid(s *openapi3.Schema, body []byte) bool {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return false
	}
	return s.VisitJSON(v) == nil
}

func loadSchema(t testing.TB, src string) *openapi3.Schema {
	t.Helper()
	var s openapi3.Schema
	require.NoError(t, json.Unmarshal([]byte(src), &s))
	return &s
}

// specSchemas lists every JSON body schema of the effective spec, request
// and response, in a fixed order.
func specSchemas(t testing.TB) (names []string, schemas []*mediaType) {
	t.Helper()
	v, err := NewValidator()
	require.NoError(t, err)
	for _, op := range v.ops {
		if op.body != nil {
			for i := range op.body.media {
				names = append(names, op.ID+" request")
				schemas = append(schemas, &op.body.media[i])
			}
		}
		var statuses []int
		for status := range op.responses {
			statuses = append(statuses, status)
		}
		sort.Ints(statuses)
		for _, status := range statuses {
			for i := range op.responses[status].media {
				names = append(names, op.ID+" response "+strconv.Itoa(status))
				schemas = append(schemas, &op.responses[status].media[i])
			}
		}
	}
	return names, schemas
}

// Every body the spec documents is checked by the fast path: a schema that
// stopped compiling would silently slow every call down.
func TestFastCheckCompilesEverySchemaOfTheSpec(t *testing.T) {
	names, schemas := specSchemas(t)
	require.NotEmpty(t, schemas)
	for i, m := range schemas {
		assert.NotNil(t, m.fast, names[i])
	}
}

func TestFastCheckAgreesWithKinOpenAPI(t *testing.T) {
	tests := []struct {
		name, schema, body string
		want               bool
	}{
		{"integer", `{"type":"integer"}`, `10`, true},
		{"integer written as a whole float", `{"type":"integer"}`, `1.0e1`, true},
		{"integer fraction", `{"type":"integer"}`, `1.5`, false},
		{"integer as string", `{"type":"integer"}`, `"1"`, false},
		{"integer too large for float64", `{"type":"integer"}`, `1e400`, false},
		{"minimum", `{"type":"integer","minimum":1}`, `0`, false},
		{"negative zero", `{"type":"integer","minimum":0}`, `-0`, true},
		{"negative below the minimum", `{"type":"integer","minimum":-5}`, `-6`, false},
		{"15 digits, at the maximum", `{"type":"integer","maximum":999999999999999}`, `999999999999999`, true},
		{"15 digits, past the maximum", `{"type":"integer","maximum":999999999999998}`, `999999999999999`, false},
		{"16 digits, past the maximum", `{"type":"integer","maximum":1000000000000000}`, `1000000000000001`, false},
		{"20 digits", `{"type":"integer","maximum":1e19}`, `10000000000000000001`, true},
		{"an object of many members", manyMembers, `{"m0":0,"m16":16,"m17":"x"}`, false},
		{"an object of many members, passing", manyMembers, `{"m0":0,"m16":16,"other":"x"}`, true},
		{"an object of many members, one missing", manyMembers, `{"m16":16}`, false},
		{"maximum", `{"type":"integer","maximum":100}`, `100`, true},
		{"exclusive maximum", `{"type":"number","maximum":100,"exclusiveMaximum":true}`, `100`, false},
		{"exclusive minimum", `{"type":"number","minimum":0,"exclusiveMinimum":true}`, `0.001`, true},
		{"null, not nullable", `{"type":"string"}`, `null`, false},
		{"null, nullable", `{"type":"string","nullable":true}`, `null`, true},
		{"null, empty schema", `{}`, `null`, false},
		{"anything, empty schema", `{}`, `[{"a":[1,{}]}]`, true},
		{"enum", `{"type":"string","enum":["active","all"]}`, `"all"`, true},
		{"enum miss", `{"type":"string","enum":["active","all"]}`, `"All"`, false},
		{"enum with an escape", `{"type":"string","enum":["active","all"]}`, `"\u0061ll"`, true},
		{"enum non-ASCII", `{"type":"string","enum":["café"]}`, `"café"`, true},
		{"enum on a number", `{"enum":[1,2]}`, `2.0`, true},
		{"enum on a boolean", `{"enum":[true]}`, `false`, false},
		{"enum against an object", `{"enum":["a"]}`, `{"a":1}`, false},
		{"required present", `{"type":"object","required":["a"],"properties":{"a":{"type":"string"}}}`, `{"a":"x"}`, true},
		{"required missing", `{"type":"object","required":["a"],"properties":{"a":{"type":"string"}}}`, `{"b":"x"}`, false},
		{"required, undeclared", `{"type":"object","required":["a"]}`, `{"a":[1]}`, true},
		{"key with an escape", `{"type":"object","required":["a"],"properties":{"a":{"type":"string"}}}`, `{"\u0061":5}`, false},
		{"additional properties allowed", `{"type":"object","properties":{"a":{"type":"string"}}}`, `{"b":{"c":[1,2,{"d":null}]}}`, true},
		{"additional properties forbidden", `{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}`, `{"b":1}`, false},
		{"object expected", `{"type":"object"}`, `[]`, false},
		{"array items", `{"type":"array","items":{"type":"integer"}}`, `[1, 2 ,3]`, true},
		{"array item wrong", `{"type":"array","items":{"type":"integer"}}`, `[1,"2"]`, false},
		{"array min items", `{"type":"array","minItems":1}`, `[]`, false},
		{"array max items", `{"type":"array","maxItems":1}`, `[[],[]]`, false},
		{"nested", `{"type":"object","properties":{"items":{"type":"array","items":{"type":"object","required":["ip"],"properties":{"ip":{"type":"string"}}}}}}`,
			`{"items":[{"ip":"1"},{"ip":2}]}`, false},
		{"whitespace everywhere", `{"type":"object","properties":{"a":{"type":"array","items":{"type":"boolean"}}}}`, " {\n \"a\" :\t[ true ,false ] } \r\n", true},
		{"trailing garbage", `{"type":"object"}`, `{} {}`, false},
		{"not valid JSON", `{"type":"object"}`, `{"a":}`, false},
		{"not", `{"type":"string","not":{"enum":["x"]}}`, `"x"`, false},
		{"not passes", `{"type":"string","not":{"enum":["x"]}}`, `"y"`, true},
		{"oneOf exactly one", `{"oneOf":[{"type":"string"},{"type":"integer"}]}`, `3`, true},
		{"oneOf two match", `{"oneOf":[{"type":"number"},{"type":"integer"}]}`, `3`, false},
		{"oneOf none", `{"oneOf":[{"type":"string"},{"type":"integer"}]}`, `true`, false},
		{"oneOf accepting null", `{"oneOf":[{"type":"string","nullable":true},{"type":"integer"}]}`, `null`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := loadSchema(t, tt.schema)
			f := compileFast(s)
			require.NotNil(t, f, "compiles")
			assert.Equal(t, tt.want, kinValid(s, []byte(tt.body)), "kin-openapi")
			assert.Equal(t, tt.want, f.valid([]byte(tt.body)), "fast check")
		})
	}
}

// manyMembers declares more members than fastSchema lists by name, so
// they are looked up in its map.
var manyMembers = func() string {
	props := make([]string, maxListedMembers+2)
	for i := range props {
		props[i] = `"m` + strconv.Itoa(i) + `":{"type":"integer"}`
	}
	return `{"type":"object","required":["m0"],"properties":{` + strings.Join(props, ",") + `}}`
}()

// Where the fast check may differ, it is stricter, and then kin-openapi
// decides: encoding/json keeps the last of repeated keys.
func TestFastCheckIsStricterOnRepeatedKeys(t *testing.T) {
	s := loadSchema(t, `{"type":"object","properties":{"tag":{"type":"string"}}}`)
	body := []byte(`{"tag":5,"tag":"x"}`)
	assert.True(t, kinValid(s, body))
	assert.False(t, compileFast(s).valid(body))
}

func TestFastCheckLeavesUnsupportedSchemasToKinOpenAPI(t *testing.T) {
	for _, src := range []string{
		`{"type":"string","pattern":"^a"}`,
		`{"type":"string","format":"date-time"}`,
		`{"type":"string","minLength":1}`,
		`{"allOf":[{"type":"object"}]}`,
		`{"anyOf":[{"type":"object"}]}`,
		`{"type":"number","multipleOf":2}`,
		`{"type":"array","uniqueItems":true}`,
		`{"type":"object","additionalProperties":{"type":"string"}}`,
		`{"type":"object","properties":{"a":{"type":"string","readOnly":true}}}`,
		`{"type":"object","properties":{"a":{"type":"string","pattern":"x"}}}`,
		`{"type":["string","null"]}`,
		`{"enum":[["a"]]}`,
	} {
		assert.Nil(t, compileFast(loadSchema(t, src)), src)
	}
}

// The fast check reads the bytes once, checking the syntax as it goes: no
// document json.Valid refuses passes, whatever the schema, and with the
// empty schema it passes exactly what json.Valid passes (but null, and
// beyond 64 levels of nesting).
func TestFastCheckRefusesWhatIsNotJSON(t *testing.T) {
	order := `{"order_id":7,"product_id":1,"product_name":"Datacenter Proxy","cycle_id":1,"cycle_name":"Monthly","status":"active","expires_at":"2026-01-02T03:04:05Z","tag":"a\u00e9\n"}`
	docs := []string{
		`{"success":true,"orders":[` + order + `,` + order + `],"count":2,"limit":100,"offset":0,"next":null,"x":[-0.5e+3,1E2,0,[],{},true,false,null,"\"\\\/\b\f\n\r\t"]}`,
		`01`, `-`, `-a`, `1.`, `.5`, `1e`, `1e+`, `+1`, `0x10`, `1_0`, `NaN`, `Infinity`, `-Infinity`,
		`tru`, `truex`, `nul`, `nulll`, `f`, `"\x"`, `"\u12"`, `"\u12g4"`, "\"a\x01\"", `"abc`, `"\`,
		`[1,]`, `[,1]`, `[1 2]`, `{"a":1,}`, `{,"a":1}`, `{"a" 1}`, `{"a":1 "b":2}`, `{a:1}`, `{1:1}`, `{"a"}`,
		`[}`, `{]`, `[[]`, `[]]`, `{"a":[}`, `[{]}`, ` `, ``, `}`, `]`, `:`, `,`, "\xef\xbb\xbf{}", `[1]x`,
		"{\"a\":\"caf\xc3\xa9\",\"b\":\"\xff\"}",
		strings.Repeat("[", 64) + strings.Repeat("]", 64),
	}
	var prefixes []string
	for i := range len(docs[0]) {
		prefixes = append(prefixes, docs[0][:i])
	}
	schemas := []string{`{}`, `{"type":"object"}`, `{"type":"array","items":{}}`, `{"type":"string"}`, `{"type":"number"}`}
	names, specs := specSchemas(t)
	for _, doc := range append(docs, prefixes...) {
		want := json.Valid([]byte(doc))
		for _, src := range schemas {
			f := compileFast(loadSchema(t, src))
			if got := f.valid([]byte(doc)); got && !want {
				t.Errorf("%s passes %q, which is not JSON", src, doc)
			} else if src == `{}` && got != want && doc != "null" {
				t.Errorf("%s: %v for %q, json.Valid %v", src, got, doc, want)
			}
		}
		if want {
			continue
		}
		for i, m := range specs {
			if m.fast != nil && m.fast.valid([]byte(doc)) {
				t.Errorf("%s passes %q, which is not JSON", names[i], doc)
			}
		}
	}
}

// Recursive schemas are left to kin-openapi, which guards its recursion.
func TestFastCheckLeavesRecursiveSchemasToKinOpenAPI(t *testing.T) {
	s := &openapi3.Schema{Type: &openapi3.Types{"object"}}
	s.Properties = openapi3.Schemas{"child": &openapi3.SchemaRef{Value: s}}
	assert.Nil(t, compileFast(s))
}

// A body the fast check passes, kin-openapi passes too; the reverse only
// fails for repeated keys and for values nested deeper than 64 levels,
// where the fast check is stricter by design.
func FuzzFastCheckAgreesWithKinOpenAPI(f *testing.F) {
	names, schemas := specSchemas(f)
	bodies := []string{
		`{"email":"user@example.com","active_orders":1,"wallet_balance":100000}`,
		`{"success":false,"message":"Unauthorized"}`,
		`{"product":"Datacenter Proxy","location":"DE","cycle":"monthly","quantity":10}`,
		`{"product":"Mobile Proxy","cycle":"weekly","location":null}`,
		`{"product":"Unmetered Residential proxy","cycle":"monthly"}`,
		`{"items":[{"ip":"10.0.0.1","signature":"win11"}]}`,
		`[{"country":"DE","product":"x","amount":1}]`,
		`{"success":true,"order":{"addons":[{"addon_key":"p0f_slots","pending":{"action":"downgrade","next_qty":1}}]}}`,
		`{"success":true,"orders":[{"order_id":7,"product_id":1,"product_name":"x","cycle_id":1,"cycle_name":"m","tag":null}]}`,
		`{"a":1,"a":2}`, `null`, `[]`, `"x"`, `1e999`, `{"\u0070roduct":"ISP Proxy"}`,
	}
	for i := range schemas {
		for _, b := range bodies {
			f.Add(uint16(i), b)
		}
	}
	f.Fuzz(func(t *testing.T, which uint16, body string) {
		m := schemas[int(which)%len(schemas)]
		if m.fast == nil {
			return
		}
		fast, kin := m.fast.valid([]byte(body)), kinValid(m.schema, []byte(body))
		if fast && !kin {
			t.Fatalf("%s: the fast check passes %q, kin-openapi does not", names[int(which)%len(schemas)], body)
		}
		if kin && !fast && !hasRepeatedKeys([]byte(body)) && nesting([]byte(body)) <= 64 {
			t.Fatalf("%s: kin-openapi passes %q, the fast check does not", names[int(which)%len(schemas)], body)
		}
	})
}

// nesting is how deeply arrays and objects nest in a JSON document; 0 when
// it is not JSON.
func nesting(data []byte) int {
	dec := json.NewDecoder(bytes.NewReader(data))
	depth, deepest := 0, 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return deepest
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
			deepest = max(deepest, depth)
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
}

// hasRepeatedKeys reports whether any object in a JSON document repeats a key.
func hasRepeatedKeys(data []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		keys     map[string]bool
		isObject bool
		wantKey  bool
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err != nil { // the end, or not JSON at all
			return false
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch tok := tok.(type) {
		case json.Delim:
			switch tok {
			case '{', '[':
				if top != nil && top.isObject {
					top.wantKey = true
				}
				stack = append(stack, &frame{keys: map[string]bool{}, isObject: tok == '{', wantKey: tok == '{'})
			default:
				stack = stack[:len(stack)-1]
			}
		case string:
			if top != nil && top.isObject && top.wantKey {
				if top.keys[tok] {
					return true
				}
				top.keys[tok] = true
				top.wantKey = false
				continue
			}
			if top != nil && top.isObject {
				top.wantKey = true
			}
		default:
			if top != nil && top.isObject {
				top.wantKey = true
			}
		}
	}
}
