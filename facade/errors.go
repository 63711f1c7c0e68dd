package facade

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// Targets for errors.Is. Every error the client returns matches at most one
// of the first five; ErrOutcomeUnknown may come on top of a transport or
// response error, and ErrInvalidResponse marks answers that could not be read.
var (
	// ErrUnauthorized: the server answered 401 (missing, wrong or revoked token).
	ErrUnauthorized = errors.New("proxyshard: unauthorized")
	// ErrForbidden: the server answered 403 (the operation is not available
	// for this order or account).
	ErrForbidden = errors.New("proxyshard: forbidden")
	// ErrNotFound: the server answered 404 (no such order for this account),
	// or a success answer that holds no sub-user for SubUser.
	ErrNotFound = errors.New("proxyshard: not found")
	// ErrValidation: the input was rejected locally and nothing was sent.
	// Rejections by the server are *APIError with StatusCode 400.
	ErrValidation = errors.New("proxyshard: invalid input")
	// ErrRateLimited: the server answered 429, after the retries the policy
	// allows. APIError.RetryAfter says how long the server asked to wait.
	ErrRateLimited = errors.New("proxyshard: rate limited")
	// ErrOutcomeUnknown: a money-moving call (purchase, renewal, add-on
	// purchase, billing-cycle change, add-bandwidth) or a traffic move
	// (sub-user creation, data add or subtract) may have reached the server
	// and no usable answer came back. It may or may not have happened; the
	// client does not resend it. Check the orders or traffic before trying again.
	ErrOutcomeUnknown = errors.New("proxyshard: outcome unknown")
	// ErrInvalidResponse: a success answer arrived that is not the API's
	// JSON (an HTML page, a malformed, truncated or empty body), or is JSON
	// that lacks a property the spec requires or has one of the wrong type
	// (the error names it, such as "body.orders[3].order_id is missing"),
	// or an answer of any status over the size cap.
	ErrInvalidResponse = errors.New("proxyshard: invalid response")
	// ErrPagination: the server's order pages cannot be followed safely: a
	// next link to another origin or path, or a page that repeats one already read.
	ErrPagination = errors.New("proxyshard: unusable page")
)

// maxErrorBody is how much of an unexpected answer an APIError keeps: enough
// to recognise a proxy's error page, little enough to log.
const maxErrorBody = 512

// APIError is an answer from the server that is not a success: any non-2xx
// status, or a 2xx whose body says success=false.
type APIError struct {
	Operation  string        // the operationId, such as "getOrder"
	StatusCode int           // the HTTP status
	Message    string        // the server's "message", if it sent one
	Body       string        // the start of the raw body (at most 512 bytes), credentials removed
	RetryAfter time.Duration // from a Retry-After header; 0 if none
	Attempts   int           // how many times the request was sent
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "proxyshard: %s: %d %s", e.Operation, e.StatusCode, http.StatusText(e.StatusCode))
	switch {
	case e.Message != "":
		b.WriteString(": " + e.Message)
	case e.Body != "":
		fmt.Fprintf(&b, ": unexpected body %q", e.Body)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	return b.String()
}

// Is maps the status to the sentinel errors, so callers can write
// errors.Is(err, facade.ErrNotFound) without knowing the status codes.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	}
	return false
}

// ValidationError is input rejected before anything was sent.
type ValidationError struct {
	Field  string // the input at fault, such as "quantity" or "ips[1]"
	Reason string
}

func (e *ValidationError) Error() string {
	return "proxyshard: invalid " + e.Field + ": " + e.Reason
}

// Is makes every ValidationError match ErrValidation.
func (e *ValidationError) Is(target error) bool { return target == ErrValidation }

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// OutcomeUnknownError is returned when a money-moving request may have
// reached the server but its answer was lost (dropped connection, timeout,
// cancelled context, 5xx, unreadable body). It is never retried
// automatically: ProxyShard has no idempotency keys, so a resend could
// charge twice. Reconcile first, for example by listing the orders.
type OutcomeUnknownError struct {
	Operation string    // the operationId, such as "purchaseOrder"
	Method    string    // the HTTP method
	Path      string    // the request path, such as /user/api/orders/purchase
	SentAt    time.Time // when the request was handed to the transport
	Err       error     // what went wrong
}

func (e *OutcomeUnknownError) Error() string {
	cause := ""
	if e.Err != nil {
		cause = strings.Replace(e.Err.Error(), netHTTPRewindAdvice, " (the client gives it no way to, on purpose)", 1)
	}
	return fmt.Sprintf("proxyshard: %s: outcome unknown: %s %s was sent at %s and no usable answer came, so it may have been applied; it was not resent, check before trying again: %s",
		e.Operation, e.Method, e.Path, e.SentAt.UTC().Format(time.RFC3339), cause)
}

// netHTTPRewindAdvice ends net/http's HTTP/2 error for a request it could
// not resend. Here that is the point, not a fault to fix: following the
// advice would let a money-moving request reach the server twice.
const netHTTPRewindAdvice = "; define Request.GetBody to avoid this error"

// Is makes every OutcomeUnknownError match ErrOutcomeUnknown.
func (e *OutcomeUnknownError) Is(target error) bool { return target == ErrOutcomeUnknown }

func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// responseError is a 2xx answer that cannot be read.
func responseError(op string, format string, args ...any) error {
	return fmt.Errorf("%w: %s: %s", ErrInvalidResponse, op, fmt.Sprintf(format, args...))
}

// redactor removes the bearer token from text that came from elsewhere
// (server bodies, transport errors) before it goes into an error or a log.
type redactor string

const redacted = "[REDACTED]"

func (r redactor) string(s string) string {
	if r == "" || !strings.Contains(s, string(r)) {
		return s
	}
	return strings.ReplaceAll(s, string(r), redacted)
}

// snippet is the start of a body for an APIError: the token removed first
// (so truncation cannot leave half of it), then cut to maxErrorBody bytes
// on a character boundary.
func (r redactor) snippet(body []byte) string {
	s := r.string(string(body))
	if len(s) <= maxErrorBody {
		return s
	}
	cut := maxErrorBody
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
