package answers

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// Decode decodes body into out and checks it against the documented shape
// in the same pass over the bytes, for the answers that have a generated
// decoder (decode.gen.go: the lists, where decoding is most of a call).
// handled is false, and nothing is done, for any other operation, status
// or type of out; the caller then uses encoding/json and Check.
//
// The result is what json.Unmarshal into a zero value followed by Check
// would give: the same values on success (names matched exactly, or else
// without regard to case as encoding/json does; the last of duplicate
// names wins; unknown names skipped; strings unescaped by encoding/json's
// rules), and an error wherever either of them fails (malformed or cut-off
// JSON, a value of the wrong JSON type, a number out of range, a required
// property missing, null where the spec allows none). decode_test.go
// holds the two to this over fixtures and fuzzed input.
func Decode(operationID string, status int, body []byte, out any) (handled bool, err error) {
	s := scanner{b: body}
	s.space()
	handled, err = decodeAnswer(&s, operationID, status, out)
	if !handled || err != nil {
		return handled, err
	}
	s.space()
	if s.i < len(s.b) {
		return true, s.syntax("has data after the answer")
	}
	return true, nil
}

// syntax reports JSON that is not well formed at the value being read.
func (s *scanner) syntax(reason string) error {
	e := s.errorAt(s.depth, reason)
	e.Syntax = true
	return e
}

// need reports a value cut off at s.i.
func (s *scanner) need() error {
	if s.i >= len(s.b) {
		return s.syntax("is cut off")
	}
	return nil
}

// wrongType names the JSON type found at s.i against the one wanted.
func (s *scanner) wrongType(want Kind) error {
	switch c := s.b[s.i]; {
	case c == 'n':
		return s.fail(fmt.Sprintf("is null, want %v", want))
	case c == '{', c == '[', c == '"', c == 't', c == 'f', isNumberStart(c):
		return s.fail(fmt.Sprintf("is %v, want %v", s.kind(), want))
	}
	return s.syntax("is not well-formed JSON")
}

func isNumberStart(c byte) bool { return c == '-' || (c >= '0' && c <= '9') }

func (s *scanner) literal(word string) error {
	if !strings.HasPrefix(unsafeString(s.b[s.i:]), word) {
		return s.syntax("is not well-formed JSON")
	}
	s.i += len(word)
	return nil
}

// openObject reads the '{' of an object at s.i.
func (s *scanner) openObject() error {
	if s.b[s.i] != '{' {
		return s.wrongType(Object)
	}
	if s.depth >= maxDepth {
		return s.fail("is nested too deeply")
	}
	s.i++
	return nil
}

// member reads up to the value of an object's next member and returns its
// name; more is false at the closing brace. first tells the first member
// (no comma before it).
func (s *scanner) member(first bool) (key string, more bool, err error) {
	s.space()
	if err := s.need(); err != nil {
		return "", false, err
	}
	if s.b[s.i] == '}' {
		s.i++
		return "", false, nil
	}
	if !first {
		if s.b[s.i] != ',' {
			return "", false, s.syntax("is not a well-formed object")
		}
		s.i++
		s.space()
		if err := s.need(); err != nil {
			return "", false, err
		}
	}
	if s.b[s.i] != '"' {
		return "", false, s.syntax("is not a well-formed object")
	}
	key, err = s.stringToken(true)
	if err != nil {
		return "", false, err
	}
	s.space()
	if err := s.need(); err != nil {
		return "", false, err
	}
	if s.b[s.i] != ':' {
		return "", false, s.syntax("is not a well-formed object")
	}
	s.i++
	s.space()
	return key, true, s.need()
}

// element reads up to an array's next item; more is false at the closing
// bracket.
func (s *scanner) element(first bool) (more bool, err error) {
	s.space()
	if err := s.need(); err != nil {
		return false, err
	}
	if s.b[s.i] == ']' && first {
		s.i++
		return false, nil
	}
	if !first {
		switch s.b[s.i] {
		case ']':
			s.i++
			return false, nil
		case ',':
			s.i++
		default:
			return false, s.syntax("is not a well-formed array")
		}
		s.space()
	}
	return true, s.need()
}

// stringToken reads the string at s.i (its opening quote) and returns its
// value as encoding/json would. A plain string (printable ASCII, no
// escapes) is the common case and is read here; any other is handed to
// encoding/json, so escapes, surrogates and invalid UTF-8 come out exactly
// as json.Unmarshal makes them. view returns a view of the body instead
// of a copy for a plain string (for names, which are only compared).
func (s *scanner) stringToken(view bool) (string, error) {
	start := s.i + 1
	for j := start; j < len(s.b); j++ {
		c := s.b[j]
		if c == '"' {
			s.i = j + 1
			if view {
				return unsafeString(s.b[start:j]), nil
			}
			return s.alloc.text(s.b, start, j), nil
		}
		if !plain[c] {
			return s.otherString()
		}
	}
	s.i = len(s.b)
	return "", s.syntax("is cut off")
}

// plain marks the bytes a string can hold as they are: printable ASCII
// but the backslash.
var plain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '\\'
	}
	return t
}()

// otherString reads a string with escapes, control bytes or non-ASCII
// bytes through encoding/json.
func (s *scanner) otherString() (string, error) {
	end := closingQuote(s.b, s.i+1)
	if end < 0 {
		s.i = len(s.b)
		return "", s.syntax("is cut off")
	}
	var v string
	if err := json.Unmarshal(s.b[s.i:end+1], &v); err != nil {
		return "", s.syntax("is not a well-formed string")
	}
	s.i = end + 1
	return v, nil
}

// integer reads the number at s.i as an int64. A fraction or an exponent,
// or a value out of range, is an error, as json.Unmarshal into an int
// makes it.
func (s *scanner) integer() (int64, error) {
	start := s.i
	neg := s.b[s.i] == '-'
	if neg {
		s.i++
	}
	if s.i >= len(s.b) || s.b[s.i] < '0' || s.b[s.i] > '9' {
		return 0, s.syntax("is not a well-formed number")
	}
	var n uint64
	overflow := false
	if s.b[s.i] == '0' {
		s.i++
	} else {
		for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
			d := uint64(s.b[s.i] - '0')
			if n > (math.MaxUint64-d)/10 {
				overflow = true
			} else {
				n = n*10 + d
			}
			s.i++
		}
	}
	if s.i < len(s.b) {
		switch s.b[s.i] {
		case '.', 'e', 'E':
			s.i = start
			if err := s.skipNumber(); err != nil {
				return 0, err
			}
			return 0, s.fail("is a number, want an integer")
		}
	}
	switch {
	case !neg && !overflow && n <= math.MaxInt64:
		return int64(n), nil
	case neg && !overflow && n <= 1<<63:
		return -int64(n-1) - 1, nil
	}
	return 0, s.fail("is an integer out of range")
}

// skip reads over any well-formed value (a property the spec does not
// name, or one the decoded type lacks), checking its syntax as
// encoding/json does.
func (s *scanner) skip() error {
	if err := s.need(); err != nil {
		return err
	}
	switch c := s.b[s.i]; {
	case c == '{':
		if err := s.openObject(); err != nil {
			return err
		}
		for first := true; ; first = false {
			key, more, err := s.member(first)
			if err != nil || !more {
				return err
			}
			s.at(key, 0)
			s.depth++
			err = s.skip()
			s.depth--
			if err != nil {
				return err
			}
		}
	case c == '[':
		if s.depth >= maxDepth {
			return s.fail("is nested too deeply")
		}
		s.i++
		for n := 0; ; n++ {
			more, err := s.element(n == 0)
			if err != nil || !more {
				return err
			}
			s.at("", n)
			s.depth++
			err = s.skip()
			s.depth--
			if err != nil {
				return err
			}
		}
	case c == '"':
		return s.skipValidString()
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	case isNumberStart(c):
		return s.skipNumber()
	}
	return s.syntax("is not well-formed JSON")
}

// skipValidString reads over a string, checking its escapes and that it
// holds no control byte.
func (s *scanner) skipValidString() error {
	for j := s.i + 1; j < len(s.b); j++ {
		switch c := s.b[j]; {
		case c == '"':
			s.i = j + 1
			return nil
		case c < 0x20:
			return s.syntax("is not a well-formed string")
		case c == '\\':
			j++
			if j >= len(s.b) {
				break
			}
			switch s.b[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if j+4 >= len(s.b) {
					j = len(s.b)
					break
				}
				for _, h := range s.b[j+1 : j+5] {
					if !isHex(h) {
						return s.syntax("is not a well-formed string")
					}
				}
				j += 4
			default:
				return s.syntax("is not a well-formed string")
			}
		}
	}
	s.i = len(s.b)
	return s.syntax("is cut off")
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// skipNumber reads over a number in JSON's grammar:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (s *scanner) skipNumber() error {
	if s.b[s.i] == '-' {
		s.i++
	}
	switch {
	case s.i < len(s.b) && s.b[s.i] == '0':
		s.i++
	case s.digits() == 0:
		return s.syntax("is not a well-formed number")
	}
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		if s.digits() == 0 {
			return s.syntax("is not a well-formed number")
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if s.digits() == 0 {
			return s.syntax("is not a well-formed number")
		}
	}
	return nil
}

func (s *scanner) digits() int {
	start := s.i
	for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
		s.i++
	}
	return s.i - start
}

// missingOf names the first of required (sorted) whose bit in seen is
// clear, for an object at the current level.
func (s *scanner) missingOf(required []string, seen uint64) error {
	for r, name := range required {
		if seen&(1<<r) == 0 {
			s.at(name, 0)
			return s.failAt(s.depth+1, "is missing")
		}
	}
	return nil
}
