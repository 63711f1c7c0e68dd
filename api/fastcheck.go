package api

import (
	"encoding/json"
	"math"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"
)

// fastSchema is a JSON schema compiled at NewValidator to check a raw JSON
// body in one pass, without decoding it into maps and without kin-openapi's
// per-call setup: on the hot path of a validating transport that is most
// of the cost of a check.
//
// It only answers "valid or not", and only for the keywords below; a schema
// using anything else is not compiled and kin-openapi checks it. When the
// fast check says "not valid", kin-openapi checks again and has the last
// word, and its error names the field; so the fast check may be stricter
// than kin-openapi (it is, for an object repeating a key), never laxer.
// FuzzFastCheckAgreesWithKinOpenAPI holds it to that.
type fastSchema struct {
	empty    bool // kin-openapi's IsEmpty: any value but null
	nullable bool
	kinds    uint8 // JSON kinds the type allows; all when no type is given
	integer  bool  // numbers must be whole

	not   *fastSchema
	oneOf []*fastSchema
	enum  []any // string, float64 or bool, as the spec's JSON holds them

	min, max         *float64
	exclMin, exclMax bool

	minItems uint64
	maxItems *uint64
	items    *fastSchema

	members  map[string]member // declared properties and required names
	required uint64            // bit i: the member with bit 1<<i is required
	closed   bool              // additionalProperties: false
}

type member struct {
	schema *fastSchema // nil: required but not declared, any value
	bit    uint64      // 0 when not required
}

const (
	kindString uint8 = 1 << iota
	kindNumber
	kindBoolean
	kindArray
	kindObject
	kindAll = kindString | kindNumber | kindBoolean | kindArray | kindObject
)

var kindOfType = map[string]uint8{
	openapi3.TypeString: kindString, openapi3.TypeNumber: kindNumber, openapi3.TypeInteger: kindNumber,
	openapi3.TypeBoolean: kindBoolean, openapi3.TypeArray: kindArray, openapi3.TypeObject: kindObject,
}

// compileFast compiles s, or returns nil when s (or a schema under it) uses
// a keyword the fast check does not implement, or is recursive.
func compileFast(s *openapi3.Schema) *fastSchema {
	c := fastCompiler{done: map[*openapi3.Schema]*fastSchema{}, busy: map[*openapi3.Schema]bool{}}
	return c.compile(s)
}

type fastCompiler struct {
	done map[*openapi3.Schema]*fastSchema
	busy map[*openapi3.Schema]bool
}

func (c *fastCompiler) compile(s *openapi3.Schema) *fastSchema {
	if s == nil || c.busy[s] {
		return nil
	}
	if f, ok := c.done[s]; ok {
		return f
	}
	c.busy[s] = true
	defer delete(c.busy, s)
	f := c.compileOne(s)
	c.done[s] = f
	return f
}

func (c *fastCompiler) compileOne(s *openapi3.Schema) *fastSchema {
	if s.IsEmpty() {
		return &fastSchema{empty: true}
	}
	// Take away every keyword implemented here; if what is left still
	// constrains values, kin-openapi must check this schema.
	rest := *s
	rest.OneOf, rest.Not, rest.Type, rest.Enum, rest.Nullable = nil, nil, nil, nil, false
	rest.Min, rest.Max, rest.MinItems, rest.MaxItems, rest.Items = nil, nil, 0, nil, nil
	rest.Properties, rest.Required = nil, nil
	if s.ExclusiveMin.Value == nil {
		rest.ExclusiveMin = openapi3.ExclusiveBound{}
	}
	if s.ExclusiveMax.Value == nil {
		rest.ExclusiveMax = openapi3.ExclusiveBound{}
	}
	if s.AdditionalProperties.Schema == nil {
		rest.AdditionalProperties = openapi3.AdditionalProperties{}
	}
	if !rest.IsEmpty() || s.Discriminator != nil || len(s.Required) > 64 {
		return nil
	}

	f := &fastSchema{nullable: s.Nullable, kinds: kindAll, min: s.Min, max: s.Max,
		exclMin:  s.ExclusiveMin.Bool != nil && *s.ExclusiveMin.Bool,
		exclMax:  s.ExclusiveMax.Bool != nil && *s.ExclusiveMax.Bool,
		minItems: s.MinItems, maxItems: s.MaxItems,
		closed: s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has}
	if s.Type != nil {
		types := s.Type.Slice()
		if len(types) != 1 || kindOfType[types[0]] == 0 {
			return nil
		}
		f.kinds = kindOfType[types[0]]
		f.integer = types[0] == openapi3.TypeInteger
	}
	for _, e := range s.Enum {
		switch e.(type) {
		case string, float64, bool:
			f.enum = append(f.enum, e)
		default:
			return nil
		}
	}
	var ok bool
	if s.Not != nil {
		if f.not, ok = c.child(s.Not); !ok {
			return nil
		}
	}
	for _, ref := range s.OneOf {
		branch, ok := c.child(ref)
		if !ok || branch == nil {
			return nil
		}
		f.oneOf = append(f.oneOf, branch)
	}
	if s.Items != nil {
		if f.items, ok = c.child(s.Items); !ok {
			return nil
		}
	}
	if len(s.Properties) > 0 || len(s.Required) > 0 {
		f.members = map[string]member{}
		for name, ref := range s.Properties {
			prop, ok := c.child(ref)
			if !ok || prop == nil {
				return nil
			}
			f.members[name] = member{schema: prop}
		}
		for i, name := range s.Required {
			m := f.members[name]
			m.bit = 1 << i
			f.members[name] = m
			f.required |= m.bit
		}
	}
	return f
}

// child compiles a sub-schema; ok is false when it cannot be compiled.
func (c *fastCompiler) child(ref *openapi3.SchemaRef) (*fastSchema, bool) {
	if ref == nil || ref.Value == nil {
		return nil, false
	}
	f := c.compile(ref.Value)
	return f, f != nil
}

// valid reports whether the JSON document data matches f.
func (f *fastSchema) valid(data []byte) bool {
	if !json.Valid(data) {
		return false
	}
	sc := scanner{data: data}
	if !f.check(&sc) {
		return false
	}
	sc.space()
	return sc.pos == len(data)
}

// check consumes one value and reports whether it matches, following
// kin-openapi's order: null, empty schema, not, oneOf, enum, then the
// keywords of the value's kind.
func (f *fastSchema) check(sc *scanner) bool {
	sc.space()
	start := sc.pos
	if sc.peek() == 'n' {
		if f.nullable {
			sc.pos += len("null")
			return true
		}
		if f.empty || !f.checkNot(sc, start) || len(f.oneOf) == 0 {
			return false
		}
		// kin-openapi stops after a oneOf that accepts null.
		return f.checkOneOf(sc, start)
	}
	if f.empty {
		sc.skip()
		return true
	}
	if !f.checkNot(sc, start) || (len(f.oneOf) > 0 && !f.checkOneOf(sc, start)) {
		return false
	}
	sc.pos = start
	switch c := sc.peek(); c {
	case '"':
		return f.kinds&kindString != 0 && f.checkString(sc)
	case 't', 'f':
		sc.skip()
		return f.kinds&kindBoolean != 0 && f.inEnum(c == 't')
	case '[':
		return f.kinds&kindArray != 0 && f.checkArray(sc)
	case '{':
		return f.kinds&kindObject != 0 && f.checkObject(sc)
	default:
		return f.kinds&kindNumber != 0 && f.checkNumber(sc)
	}
}

func (f *fastSchema) checkNot(sc *scanner, start int) bool {
	if f.not == nil {
		return true
	}
	matched := f.not.check(sc)
	sc.pos = start
	return !matched
}

// checkOneOf leaves the scanner after the value.
func (f *fastSchema) checkOneOf(sc *scanner, start int) bool {
	matches := 0
	for _, branch := range f.oneOf {
		sc.pos = start
		if branch.check(sc) {
			matches++
		}
	}
	sc.pos = start
	sc.skip()
	return matches == 1
}

func (f *fastSchema) inEnum(v any) bool {
	if len(f.enum) == 0 {
		return true
	}
	for _, e := range f.enum {
		if e == v {
			return true
		}
	}
	return false
}

func (f *fastSchema) checkString(sc *scanner) bool {
	raw, plain := sc.str()
	if len(f.enum) == 0 {
		return true
	}
	if plain {
		for _, e := range f.enum {
			if s, ok := e.(string); ok && s == string(raw) {
				return true
			}
		}
		return false
	}
	return f.inEnum(decodeString(raw))
}

func (f *fastSchema) checkNumber(sc *scanner) bool {
	start := sc.pos
	sc.skip()
	n, err := strconv.ParseFloat(string(sc.data[start:sc.pos]), 64)
	if err != nil {
		return false // out of range: encoding/json rejects it too
	}
	if f.integer && n != math.Trunc(n) {
		return false
	}
	if f.min != nil && (n < *f.min || f.exclMin && n == *f.min) {
		return false
	}
	if f.max != nil && (n > *f.max || f.exclMax && n == *f.max) {
		return false
	}
	return f.inEnum(n)
}

func (f *fastSchema) checkArray(sc *scanner) bool {
	if len(f.enum) > 0 {
		return false // enums hold scalars only
	}
	sc.pos++ // [
	var n uint64
	for {
		sc.space()
		if sc.peek() == ']' {
			sc.pos++
			break
		}
		if n > 0 {
			sc.pos++ // ,
		}
		if f.items != nil {
			if !f.items.check(sc) {
				return false
			}
		} else {
			sc.skip()
		}
		n++
	}
	return n >= f.minItems && (f.maxItems == nil || n <= *f.maxItems)
}

func (f *fastSchema) checkObject(sc *scanner) bool {
	if len(f.enum) > 0 {
		return false
	}
	sc.pos++ // {
	var seen uint64
	for first := true; ; first = false {
		sc.space()
		if sc.peek() == '}' {
			sc.pos++
			break
		}
		if !first {
			sc.pos++ // ,
			sc.space()
		}
		raw, plain := sc.str()
		var m member
		var declared bool
		if plain {
			m, declared = f.members[string(raw)]
		} else {
			m, declared = f.members[decodeString(raw)]
		}
		sc.space()
		sc.pos++ // :
		switch {
		case declared && m.schema != nil:
			if !m.schema.check(sc) {
				return false
			}
		case declared || !f.closed:
			sc.skip()
		default:
			return false
		}
		seen |= m.bit
	}
	return seen&f.required == f.required
}

// decodeString decodes a JSON string's contents as encoding/json does
// (escapes, and invalid UTF-8 replaced), for the rare string that needs it.
func decodeString(raw []byte) string {
	quoted := make([]byte, 0, len(raw)+2)
	quoted = append(append(append(quoted, '"'), raw...), '"')
	var s string
	_ = json.Unmarshal(quoted, &s)
	return s
}

// scanner walks a JSON document that json.Valid accepted, so it never
// meets a syntax error.
type scanner struct {
	data []byte
	pos  int
}

func (sc *scanner) peek() byte { return sc.data[sc.pos] }

func (sc *scanner) space() {
	for sc.pos < len(sc.data) {
		switch sc.data[sc.pos] {
		case ' ', '\t', '\n', '\r':
			sc.pos++
		default:
			return
		}
	}
}

// str consumes a string and returns its raw contents; plain means they
// hold no escape and no byte outside ASCII, so they are the value itself.
func (sc *scanner) str() (raw []byte, plain bool) {
	sc.pos++ // opening quote
	start := sc.pos
	plain = true
	for {
		c := sc.data[sc.pos]
		switch c {
		case '"':
			raw = sc.data[start:sc.pos]
			sc.pos++
			return raw, plain
		case '\\':
			plain = false
			sc.pos += 2
		default:
			if c >= 0x80 {
				plain = false
			}
			sc.pos++
		}
	}
}

// skip consumes one value of any kind, nesting included, without recursion.
func (sc *scanner) skip() {
	sc.space()
	depth := 0
	for {
		switch c := sc.data[sc.pos]; c {
		case '"':
			sc.str()
		case '{', '[':
			depth++
			sc.pos++
		case '}', ']':
			depth--
			sc.pos++
		case ',', ':', ' ', '\t', '\n', '\r':
			sc.pos++
		default: // number or literal
			for sc.pos < len(sc.data) && !isDelimiter(sc.data[sc.pos]) {
				sc.pos++
			}
		}
		if depth == 0 {
			return
		}
	}
}

func isDelimiter(c byte) bool {
	switch c {
	case ',', ']', '}', ' ', '\t', '\n', '\r', ':':
		return true
	}
	return false
}
