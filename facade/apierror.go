package facade

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/proxyshard/proxyshard-go/gen"
)

// apiError turns a non-2xx answer into an *APIError, keeping the server's
// message when the body is the API's error JSON and the start of the body
// otherwise (a proxy's HTML page, say).
func (c *Client) apiError(op operation, resp *http.Response, body []byte, res attemptResult) error {
	e := &APIError{Operation: op.id, StatusCode: resp.StatusCode, Attempts: 1}
	if res.hasRetryAfter {
		e.RetryAfter = res.retryAfter
	}
	var msg gen.APIError
	if !strings.Contains(strings.ToLower(resp.Header.Get("Content-Type")), "html") &&
		json.Unmarshal(body, &msg) == nil && msg.Message != "" {
		e.Message = c.redact.string(msg.Message)
	} else {
		e.Body = c.redact.snippet(body)
	}
	return e
}
