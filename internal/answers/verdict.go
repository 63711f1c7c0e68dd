package answers

import "strings"

// Verdict reads a 2xx answer as the API's refusal shape, {"success": false,
// "message": "..."}: the last boolean "success" and the last string
// "message" of the top-level object, names matched as encoding/json
// matches them (without regard to case), anything else skipped. success
// is true when there is no boolean "success".
//
// It gives what json.Unmarshal into gen.APIError{Success: true} gives
// (verdict_test.go holds it to that), in one pass that allocates only the
// message; ok is false, and the caller should ask encoding/json, for
// bytes it does not read to the end (malformed, or nested past maxDepth).
func Verdict(body []byte) (success bool, message string, ok bool) {
	success = true
	s := scanner{b: body}
	s.space()
	if s.i >= len(s.b) {
		return true, "", false
	}
	if s.b[s.i] != '{' {
		// Not an object: nothing to read, but only well-formed JSON
		// leaves encoding/json's zero verdict as it was.
		return true, "", s.skip() == nil && s.end()
	}
	s.i++
	for first := true; ; first = false {
		key, more, err := s.member(first)
		if err != nil {
			return true, "", false
		}
		if !more {
			break
		}
		switch c := s.b[s.i]; {
		case (c == 't' || c == 'f') && strings.EqualFold(key, "success"):
			success = c == 't'
			err = s.skip()
		case c == '"' && strings.EqualFold(key, "message"):
			var m string
			if m, err = s.stringToken(true); err == nil {
				message = strings.Clone(m)
			}
		default:
			err = s.skip()
		}
		if err != nil {
			return true, "", false
		}
	}
	if !s.end() {
		return true, "", false
	}
	return success, message, true
}

// end reports whether only whitespace follows.
func (s *scanner) end() bool {
	s.space()
	return s.i == len(s.b)
}
