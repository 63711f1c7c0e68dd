// Package answers checks a 2xx JSON answer against the shape the effective
// spec documents for it: required properties present, and each value of
// the documented JSON type (null only where the spec allows it). The shapes
// are generated Go (shapes.gen.go, from internal/cmd/answershapes), so the
// check needs neither the spec nor an OpenAPI library at run time. It
// walks the bytes once and allocates nothing for an answer that passes.
// For the list answers, Decode (decode.go) does the decoding and this
// check in a single pass instead.
//
// Enum values and formats are not checked: a value the API adds later must
// still decode.
package answers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unsafe"
)

// Kind is a JSON type; Any accepts every value.
type Kind uint8

const (
	Any Kind = iota
	Object
	Array
	String
	Integer
	Number
	Boolean
)

var kindNames = [...]string{"any value", "an object", "an array", "a string", "an integer", "a number", "a boolean"}

func (k Kind) String() string { return kindNames[k] }

// Shape is the documented form of a JSON value.
type Shape struct {
	Kind       Kind
	Nullable   bool
	Required   []string // sorted
	Properties map[string]*Shape
	Items      *Shape
	// Req is this property's position in its object's Required, from 1;
	// 0 when it is optional.
	Req int
}

// Error names the first place an answer differs from its shape.
type Error struct {
	Field  string // such as "body.orders[3].order_id"
	Reason string // such as "is missing" or "is a string, want an integer"
	// Syntax is set when the bytes are not well-formed JSON (Decode only;
	// Check is given JSON that is).
	Syntax bool
}

func (e *Error) Error() string {
	if e.Syntax {
		return "malformed JSON: " + e.Field + " " + e.Reason
	}
	return e.Field + " " + e.Reason
}

// Check reports the first way body, a complete, well-formed JSON document,
// differs from what operationID documents for status. An operation or
// status without a documented JSON answer passes.
func Check(operationID string, status int, body []byte) error {
	shape := shapes[operationID][status]
	if shape == nil {
		return nil
	}
	s := scanner{b: body}
	s.space()
	return s.value(shape)
}

// maxDepth bounds nesting, so a hostile answer cannot exhaust the stack.
const maxDepth = 64

type scanner struct {
	b     []byte
	i     int
	depth int
	// path is where the value being checked sits, kept in place (no
	// allocation) and turned into a name such as body.orders[3].order_id
	// only for an error.
	path [maxDepth + 2]step
	// Decode only: what the decoded strings and pointers are cut from
	// (decode_alloc.go).
	alloc allocator
}

// step is one level of the path: a property name, or an index when key
// is empty.
type step struct {
	key   string
	index int
}

func (s *scanner) at(key string, index int) { s.path[s.depth+1] = step{key, index} }

func (s *scanner) fail(reason string) error {
	return s.failAt(s.depth, reason)
}

// failAt names the value at level n of the path (0: the body itself).
func (s *scanner) failAt(n int, reason string) error { return s.errorAt(n, reason) }

func (s *scanner) errorAt(n int, reason string) *Error {
	var b strings.Builder
	b.WriteString("body")
	for _, st := range s.path[1 : n+1] {
		if st.key == "" {
			b.WriteString("[" + strconv.Itoa(st.index) + "]")
		} else {
			b.WriteString("." + st.key)
		}
	}
	return &Error{Field: b.String(), Reason: reason}
}

func (s *scanner) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// value checks the value at s.i, at level s.depth of the path, against sh.
func (s *scanner) value(sh *Shape) error {
	if s.i >= len(s.b) {
		return s.fail("is cut off")
	}
	got := s.kind()
	if got == kindNull {
		if sh.Nullable || sh.Kind == Any {
			s.i += len("null")
			return nil
		}
		return s.fail(fmt.Sprintf("is null, want %v", sh.Kind))
	}
	if sh.Kind != Any && got != sh.Kind && (sh.Kind != Number || got != Integer) {
		return s.fail(fmt.Sprintf("is %v, want %v", got, sh.Kind))
	}
	switch got {
	case Object:
		return s.object(sh)
	case Array:
		return s.array(sh)
	case String:
		return s.skipString()
	default:
		s.skipScalar()
		return nil
	}
}

const kindNull Kind = 255

// kind tells the type of the value at s.i from its first bytes; a number
// with a fraction or an exponent is a Number, otherwise an Integer.
func (s *scanner) kind() Kind {
	switch s.b[s.i] {
	case '{':
		return Object
	case '[':
		return Array
	case '"':
		return String
	case 't', 'f':
		return Boolean
	case 'n':
		return kindNull
	default:
		for j := s.i; j < len(s.b); j++ {
			switch s.b[j] {
			case '.', 'e', 'E':
				return Number
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return Integer
			}
		}
		return Integer
	}
}

// object checks an object; its properties are one level down the path.
func (s *scanner) object(sh *Shape) error {
	if s.depth >= maxDepth {
		return s.fail("is nested too deeply")
	}
	var seen uint64 // bit i: Required[i] was present
	s.i++           // {
	s.space()
	if s.i < len(s.b) && s.b[s.i] == '}' {
		s.i++
		return s.missing(sh, seen)
	}
	for s.i < len(s.b) {
		s.space()
		key, err := s.key()
		if err != nil {
			return err
		}
		s.space()
		if s.i >= len(s.b) || s.b[s.i] != ':' {
			return s.fail("is not a well-formed object")
		}
		s.i++
		s.space()
		prop := sh.Properties[key]
		if prop == nil {
			prop = anyShape
		} else if prop.Req > 0 && prop.Req <= 64 {
			seen |= 1 << (prop.Req - 1)
		}
		if err := s.child(prop, key, 0); err != nil {
			return err
		}
		end, ok := s.after('}')
		if !ok {
			break
		}
		if end {
			return s.missing(sh, seen)
		}
	}
	return s.fail("is not a well-formed object")
}

// child checks the value at s.i, one level down the path: property key,
// or item index when key is empty.
func (s *scanner) child(sh *Shape, key string, index int) error {
	s.at(key, index)
	s.depth++
	err := s.value(sh)
	s.depth--
	return err
}

// after reads what follows a member: the closing byte (end) or a comma;
// ok is false when it is neither.
func (s *scanner) after(closing byte) (end, ok bool) {
	s.space()
	if s.i >= len(s.b) {
		return false, false
	}
	switch s.b[s.i] {
	case closing:
		s.i++
		return true, true
	case ',':
		s.i++
		return false, true
	}
	return false, false
}

var anyShape = &Shape{}

// missing names the first required property not seen.
func (s *scanner) missing(sh *Shape, seen uint64) error {
	for r, name := range sh.Required {
		if r < 64 && seen&(1<<r) == 0 {
			s.at(name, 0)
			return s.failAt(s.depth+1, "is missing")
		}
	}
	return nil
}

// array checks an array; its items are one level down the path.
func (s *scanner) array(sh *Shape) error {
	if s.depth >= maxDepth {
		return s.fail("is nested too deeply")
	}
	items := sh.Items
	if items == nil {
		items = anyShape
	}
	s.i++ // [
	s.space()
	if s.i < len(s.b) && s.b[s.i] == ']' {
		s.i++
		return nil
	}
	for n := 0; s.i < len(s.b); n++ {
		s.space()
		if err := s.child(items, "", n); err != nil {
			return err
		}
		end, ok := s.after(']')
		if !ok {
			break
		}
		if end {
			return nil
		}
	}
	return s.fail("is not a well-formed array")
}

// key reads an object key. One without escapes is a view of the body (no
// allocation); one with escapes is decoded.
func (s *scanner) key() (string, error) {
	start := s.i
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return "", s.fail("is not a well-formed object")
	}
	end := closingQuote(s.b, s.i+1)
	if end < 0 {
		s.i = len(s.b)
		return "", s.fail("is cut off")
	}
	s.i = end + 1
	raw := s.b[start+1 : end]
	if bytes.IndexByte(raw, '\\') < 0 {
		return unsafeString(raw), nil
	}
	var k string
	if err := json.Unmarshal(s.b[start:end+1], &k); err != nil {
		return "", s.fail("has a malformed key")
	}
	return k, nil
}

// closingQuote returns the index of the quote that ends the string whose
// contents start at from, or -1. It jumps from quote to quote (IndexByte
// is vectorised) and skips a quote preceded by an odd run of backslashes.
func closingQuote(b []byte, from int) int {
	for {
		q := bytes.IndexByte(b[from:], '"')
		if q < 0 {
			return -1
		}
		q += from
		n := 0
		for j := q - 1; j >= from && b[j] == '\\'; j-- {
			n++
		}
		if n%2 == 0 {
			return q
		}
		from = q + 1
	}
}

// unsafeString views b as a string without copying it: the body is not
// changed while it is checked, and a key is copied (by concatenation) only
// into an error.
func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

func (s *scanner) skipString() error {
	end := closingQuote(s.b, s.i+1)
	if end < 0 {
		s.i = len(s.b)
		return s.fail("is cut off")
	}
	s.i = end + 1
	return nil
}

func (s *scanner) skipScalar() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return
		}
		s.i++
	}
}
