package facade

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/proxyshard/proxyshard-go/gen"
	"github.com/proxyshard/proxyshard-go/internal/answers"
)

// decodeJSON decodes a 2xx body into the operation's model, turning the
// ways a broken server or an intercepting proxy answers into
// ErrInvalidResponse: not JSON, or JSON that lacks a property the spec
// requires or has one of the wrong type (which would otherwise decode into
// a zero, such as a balance of $0.00).
func decodeJSON[Answer any](op string, status int, h http.Header, body []byte, out *Answer) error {
	if _, undescribed := any(out).(*undescribedBody); undescribed {
		// The spec describes no body for this answer (the health probes):
		// the status is the whole answer.
		return nil
	}
	trimmed := bytes.TrimSpace(body)
	switch {
	case strings.Contains(strings.ToLower(h.Get("Content-Type")), "html") || bytes.HasPrefix(trimmed, []byte("<")):
		return responseError(op, "got an HTML page instead of JSON")
	case len(trimmed) == 0:
		return responseError(op, "empty body")
	case bytes.Equal(trimmed, []byte("null")):
		// Every answer is an object or array; null would leave out zero.
		return responseError(op, "null body")
	}
	// The lists have decoders generated from the spec and gen's types that
	// check the answer as they read it: one pass over the bytes, no
	// reflection. They accept and refuse exactly what the two steps below
	// do (internal/answers/decode_test.go).
	if handled, err := answers.Decode(op, status, body, out); handled {
		if err != nil {
			return responseError(op, "%v", err)
		}
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return responseError(op, "malformed JSON: %v", err)
	}
	if err := answers.Check(op, status, body); err != nil {
		return responseError(op, "%v", err)
	}
	return nil
}

// refusal turns a 2xx answer whose body says "success": false into an
// *APIError: the server declined, whatever the status says. The body is
// read as the API's error shape, which every refusal has; an answer
// without "success" is no refusal.
func (c *Client) refusal(op operation, body []byte) error {
	if !bytes.Contains(body, []byte("false")) {
		return nil // no "success": false in it; skips a second decode of every answer
	}
	// An answer that is not an object (getAvailableCounts' list) cannot
	// refuse. A page whose orders say "auto_renewal": false is read in one
	// pass over its top level, not decoded a second time.
	success, message, ok := answers.Verdict(body)
	if !ok {
		verdict := gen.APIError{Success: true} // Unmarshal leaves it so for a non-object
		_ = json.Unmarshal(body, &verdict)
		success, message = verdict.Success, verdict.Message
	}
	if success {
		return nil
	}
	e := &APIError{Operation: op.id, StatusCode: http.StatusOK, Attempts: 1, Message: "success=false"}
	if message != "" {
		e.Message = c.redact.string(message)
	}
	return e
}
