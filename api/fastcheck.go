package api

import (
	"encoding/json"
	"math"
	"strconv"
	"unsafe"

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

	members map[string]member // declared properties and required names
	// names and byName hold the same as members for an object of a few
	// members, where comparing the names in turn beats hashing the key.
	names    []string
	byName   []member
	required uint64 // bit i: the member with bit 1<<i is required
	closed   bool   // additionalProperties: false
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
		if len(f.members) <= maxListedMembers {
			for name, m := range f.members {
				f.names = append(f.names, name)
				f.byName = append(f.byName, m)
			}
		}
	}
	return f
}

// maxListedMembers is where a map lookup of a member's name starts to beat
// comparing it with each declared name.
const maxListedMembers = 16

// member finds a declared or required member by name.
func (f *fastSchema) member(name string) (member, bool) {
	if f.names != nil {
		for i, n := range f.names {
			if n == name {
				return f.byName[i], true
			}
		}
		return member{}, false
	}
	m, ok := f.members[name]
	return m, ok
}

// child compiles a sub-schema; ok is false when it cannot be compiled.
func (c *fastCompiler) child(ref *openapi3.SchemaRef) (*fastSchema, bool) {
	if ref == nil || ref.Value == nil {
		return nil, false
	}
	f := c.compile(ref.Value)
	return f, f != nil
}

// valid reports whether the JSON document data matches f. It is one pass
// over the bytes: the scanner checks the syntax as it goes, so a document
// json.Valid would refuse is never valid here either.
func (f *fastSchema) valid(data []byte) bool {
	sc := scanner{data: data}
	if !f.check(&sc) {
		return false
	}
	sc.space()
	return sc.pos == len(data)
}

// check consumes one value and reports whether it is well-formed JSON and
// matches, following kin-openapi's order: null, empty schema, not, oneOf,
// enum, then the keywords of the value's kind. On false the scanner's
// position is meaningless.
func (f *fastSchema) check(sc *scanner) bool {
	sc.space()
	start := sc.pos
	if sc.peek() == 'n' {
		if !sc.literal("null") {
			return false
		}
		if f.nullable {
			return true
		}
		if f.empty || !f.checkNot(sc, start) || len(f.oneOf) == 0 {
			return false
		}
		// kin-openapi stops after a oneOf that accepts null.
		return f.checkOneOf(sc, start)
	}
	if f.empty {
		return sc.skip()
	}
	if !f.checkNot(sc, start) || (len(f.oneOf) > 0 && !f.checkOneOf(sc, start)) {
		return false
	}
	sc.pos = start
	switch c := sc.peek(); c {
	case '"':
		return f.kinds&kindString != 0 && f.checkString(sc)
	case 't':
		return sc.literal("true") && f.kinds&kindBoolean != 0 && f.inEnum(true)
	case 'f':
		return sc.literal("false") && f.kinds&kindBoolean != 0 && f.inEnum(false)
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
	matches, end := 0, start
	for _, branch := range f.oneOf {
		sc.pos = start
		if branch.check(sc) {
			matches++
			end = sc.pos // the branch read the whole value, well-formed
		}
	}
	sc.pos = end
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
	raw, plain, ok := sc.str()
	if !ok {
		return false
	}
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
	if !sc.number() {
		return false
	}
	text := sc.data[start:sc.pos]
	n, exact := smallInteger(text)
	if !exact {
		var err error
		if n, err = strconv.ParseFloat(string(text), 64); err != nil {
			return false // out of range: encoding/json rejects it too
		}
	}
	return f.inRange(n) && f.inEnum(n)
}

// smallInteger reads a well-formed number of at most 15 digits without a
// fraction or exponent (every id, count and amount in cents), which a
// float64 holds exactly, without strconv; exact is false for any other.
func smallInteger(text []byte) (n float64, exact bool) {
	digits := text
	if len(digits) > 0 && digits[0] == '-' {
		digits = digits[1:]
	}
	if len(digits) == 0 || len(digits) > 15 {
		return 0, false
	}
	var v int64
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	if len(digits) < len(text) {
		v = -v
	}
	return float64(v), true
}

// inRange checks a number against integer, minimum and maximum.
func (f *fastSchema) inRange(n float64) bool {
	if f.integer && n != math.Trunc(n) {
		return false
	}
	if f.min != nil && (n < *f.min || f.exclMin && n == *f.min) {
		return false
	}
	return f.max == nil || n <= *f.max && !(f.exclMax && n == *f.max)
}

// validText reports whether the text of a scalar parameter, read as kind
// (as parameter.decode reads it), matches f, without decoding it into an
// interface and without kin-openapi's per-call setup. It answers only the
// plain cases; false sends the parameter to kin-openapi, which decides.
func (f *fastSchema) validText(kind, text string) bool {
	if f.empty || f.not != nil || len(f.oneOf) > 0 {
		return false
	}
	switch kind {
	case openapi3.TypeString:
		if f.kinds&kindString == 0 {
			return false
		}
		if len(f.enum) == 0 {
			return true
		}
		for _, e := range f.enum {
			if s, ok := e.(string); ok && s == text {
				return true
			}
		}
		return false
	case openapi3.TypeInteger:
		// Enums of numbers compare typed values in kin-openapi; left to it.
		n, err := strconv.ParseInt(text, 10, 64)
		return err == nil && f.kinds&kindNumber != 0 && len(f.enum) == 0 && f.inRange(float64(n))
	}
	return false
}

func (f *fastSchema) checkArray(sc *scanner) bool {
	if len(f.enum) > 0 {
		return false // enums hold scalars only
	}
	sc.pos++ // [
	var n uint64
	sc.space()
	if sc.peek() == ']' {
		sc.pos++
	} else {
		for {
			if f.items != nil {
				if !f.items.check(sc) {
					return false
				}
			} else if !sc.skip() {
				return false
			}
			n++
			sc.space()
			if c := sc.peek(); c == ']' {
				sc.pos++
				break
			} else if c != ',' {
				return false
			}
			sc.pos++
		}
	}
	return n >= f.minItems && (f.maxItems == nil || n <= *f.maxItems)
}

func (f *fastSchema) checkObject(sc *scanner) bool {
	if len(f.enum) > 0 {
		return false
	}
	sc.pos++ // {
	var seen uint64
	sc.space()
	if sc.peek() == '}' {
		sc.pos++
		return f.required == 0
	}
	for {
		raw, plain, ok := sc.key()
		if !ok {
			return false
		}
		var m member
		var declared bool
		if plain {
			m, declared = f.member(unsafeString(raw))
		} else {
			m, declared = f.member(decodeString(raw))
		}
		switch {
		case declared && m.schema != nil:
			if !m.schema.check(sc) {
				return false
			}
		case declared || !f.closed:
			if !sc.skip() {
				return false
			}
		default:
			return false
		}
		seen |= m.bit
		sc.space()
		if c := sc.peek(); c == '}' {
			sc.pos++
			break
		} else if c != ',' {
			return false
		}
		sc.pos++
		sc.space()
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

// scanner walks a JSON document and checks its syntax as it goes, as
// encoding/json's scanner does (the same grammar, no check of UTF-8 inside
// strings). Its methods return false on bytes that are not JSON, and never
// read past the end. Nesting needs no limit of its own: checked values nest
// only as deep as the (non-recursive) schemas, and skip stops at 64 levels,
// far below encoding/json's 10,000.
type scanner struct {
	data []byte
	pos  int
}

// peek returns the byte at pos, or 0 at the end (0 starts no JSON value).
func (sc *scanner) peek() byte {
	if sc.pos < len(sc.data) {
		return sc.data[sc.pos]
	}
	return 0
}

func (sc *scanner) space() {
	// Most values follow their colon or comma directly.
	if sc.pos < len(sc.data) && sc.data[sc.pos] > ' ' {
		return
	}
	i := sc.pos
	for i < len(sc.data) {
		switch sc.data[i] {
		case ' ', '\t', '\n', '\r':
			i++
			continue
		}
		break
	}
	sc.pos = i
}

func (sc *scanner) literal(word string) bool {
	if len(sc.data)-sc.pos < len(word) || string(sc.data[sc.pos:sc.pos+len(word)]) != word {
		return false
	}
	sc.pos += len(word)
	return true
}

// str consumes a string and returns its raw contents; plain means they
// hold no escape and no byte outside ASCII, so they are the value itself.
func (sc *scanner) str() (raw []byte, plain, ok bool) {
	if sc.peek() != '"' {
		return nil, false, false
	}
	sc.pos++
	start := sc.pos
	plain = true
	for sc.pos < len(sc.data) {
		// Plain bytes in a local index (kept in a register), then the
		// byte that ends the run.
		data, i := sc.data, sc.pos
		for i < len(data) && plainByte[data[i]] {
			i++
		}
		sc.pos = i
		if i == len(data) {
			break
		}
		c := data[i]
		switch {
		case c == '"':
			raw = sc.data[start:sc.pos]
			sc.pos++
			return raw, plain, true
		case c == '\\':
			plain = false
			if !sc.escape() {
				return nil, false, false
			}
		case c < 0x20:
			return nil, false, false
		default:
			if c >= 0x80 {
				plain = false
			}
			sc.pos++
		}
	}
	return nil, false, false
}

// plainByte marks the bytes a string holds as they are: printable ASCII
// but the quote and the backslash.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// unsafeString views a member's name in the body as a string, only to
// compare it: the body is not changed while it is checked.
func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// escape consumes one escape sequence inside a string, backslash included.
func (sc *scanner) escape() bool {
	sc.pos++ // backslash
	switch sc.peek() {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		sc.pos++
		return true
	case 'u':
		sc.pos++
		for range 4 {
			if !isHex(sc.peek()) {
				return false
			}
			sc.pos++
		}
		return true
	}
	return false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// key consumes an object member's name and the colon after it.
func (sc *scanner) key() (raw []byte, plain, ok bool) {
	if raw, plain, ok = sc.str(); !ok {
		return nil, false, false
	}
	sc.space()
	if sc.peek() != ':' {
		return nil, false, false
	}
	sc.pos++
	return raw, plain, true
}

// number consumes a number as JSON writes it:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (sc *scanner) number() bool {
	if sc.peek() == '-' {
		sc.pos++
	}
	switch c := sc.peek(); {
	case c == '0':
		sc.pos++
	case '1' <= c && c <= '9':
		sc.digits()
	default:
		return false
	}
	if sc.peek() == '.' {
		sc.pos++
		if !sc.digits() {
			return false
		}
	}
	if c := sc.peek(); c == 'e' || c == 'E' {
		sc.pos++
		if c := sc.peek(); c == '+' || c == '-' {
			sc.pos++
		}
		if !sc.digits() {
			return false
		}
	}
	return true
}

// digits consumes [0-9]* and reports whether there was at least one.
func (sc *scanner) digits() bool {
	start := sc.pos
	for sc.pos < len(sc.data) && '0' <= sc.data[sc.pos] && sc.data[sc.pos] <= '9' {
		sc.pos++
	}
	return sc.pos > start
}

// skip consumes one well-formed value of any kind, nesting included,
// without recursion: open containers are a stack of bits (1: object). It
// refuses more than 64 levels inside the value, which no documented body
// comes near; kin-openapi then decides, as for any body refused here.
func (sc *scanner) skip() bool {
	var objects uint64 // bit i: level i is an object
	depth := 0
	for {
		// A value.
		sc.space()
		switch c := sc.peek(); c {
		case '"':
			if _, _, ok := sc.str(); !ok {
				return false
			}
		case '{', '[':
			if depth == 64 {
				return false
			}
			if c == '{' {
				objects |= 1 << depth
			} else {
				objects &^= 1 << depth
			}
			sc.pos++
			sc.space()
			if sc.peek() == c+2 { // '{'+2 is '}', '['+2 is ']'
				sc.pos++
				break
			}
			depth++
			if c == '{' {
				if _, _, ok := sc.key(); !ok {
					return false
				}
			}
			continue
		case 't':
			if !sc.literal("true") {
				return false
			}
		case 'f':
			if !sc.literal("false") {
				return false
			}
		case 'n':
			if !sc.literal("null") {
				return false
			}
		default:
			if !sc.number() {
				return false
			}
		}
		// After a value: close containers, or go on to the next member.
		for {
			if depth == 0 {
				return true
			}
			object := objects&(1<<(depth-1)) != 0
			sc.space()
			c := sc.peek()
			if object && c == '}' || !object && c == ']' {
				sc.pos++
				depth--
				continue
			}
			if c != ',' {
				return false
			}
			sc.pos++
			if object {
				sc.space()
				if _, _, ok := sc.key(); !ok {
					return false
				}
			}
			break
		}
	}
}
