package facade

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"slices"
	"strings"
	"time"

	"github.com/proxyshard/proxyshard-go/gen"
)

// Every operation goes through do: one code path for headers, retries, the
// size cap, decoding and error mapping, so no method can forget one of them.

// requestBuilder builds one request against the base URL; gen's
// NewXxxRequest functions have this shape or are wrapped into it.
type requestBuilder func(server string) (*http.Request, error)

// fixedRequests are the operations without parameters, with gen's builders
// for them: their request is the same on every call, so New builds it once
// (a builder parses the base URL and the path and formats them back, a
// third of the facade's own cost of a call) and each call sends a copy.
var fixedRequests = map[string]requestBuilder{
	opGetMe.id:           gen.NewGetMeRequest,
	opListProducts.id:    gen.NewListProductsRequest,
	opAvailableCounts.id: gen.NewGetAvailableCountsRequest,
}

// buildFixed builds the requests of fixedRequests against server.
func buildFixed(server string) (map[string]*http.Request, error) {
	built := make(map[string]*http.Request, len(fixedRequests))
	for id, build := range fixedRequests {
		req, err := build(server)
		if err != nil {
			return nil, err
		}
		built[id] = req
	}
	return built, nil
}

// request returns a new request for op: a copy of the one New built, or
// what build makes. A copy has its own header map and URL, so neither
// prepare nor a transport that (against the rules) changes a request can
// alter the next call's.
func (c *Client) request(op operation, build requestBuilder) (*http.Request, error) {
	fixed, ok := c.fixed[op.id]
	if !ok {
		return build(c.server)
	}
	req := new(http.Request)
	*req = *fixed
	u := *fixed.URL
	req.URL = &u
	req.Header = make(http.Header, 4)
	return req, nil
}

func randomJitter() float64 { return rand.Float64() }

// do sends the request that build makes, resending it as op's class allows,
// and decodes a 2xx JSON answer into out.
func (c *Client) do(ctx context.Context, op operation, out any, build requestBuilder) error {
	req, err := c.request(op, build)
	if err != nil {
		// gen only fails on values it cannot put into a URL or JSON body.
		return c.redact.err(fmt.Errorf("proxyshard: %s: building the request: %w", op.id, err))
	}
	c.prepare(req)
	return c.redact.err(c.send(ctx, op, req, out))
}

func (c *Client) send(ctx context.Context, op operation, req *http.Request, out any) error {
	for attempt := 1; ; attempt++ {
		sentAt := c.now()
		res, err := c.attempt(ctx, op, req, out)
		if err == nil {
			return nil
		}
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			apiErr.Attempts = attempt
		}
		if wait, again := c.retry.next(op.class, attempt, res, c.jitter()); again {
			// A context that is done ends the wait at once, and the error
			// says both why it stopped and what failed before.
			c.logRetry(ctx, op, req, attempt, wait, err)
			if werr := sleep(ctx, wait); werr != nil {
				return fmt.Errorf("proxyshard: %s: %w before a retry, after: %w", op.id, werr, err)
			}
			continue
		}
		if op.class == moneyMoving && res.sent && !definite(res.status) {
			err = &OutcomeUnknownError{Operation: op.id, Method: req.Method, Path: req.URL.Path, SentAt: sentAt, Err: err}
		}
		c.logFailure(ctx, op, req, attempt, err)
		return err
	}
}

// definite reports whether an answer settles a money-moving call: a 2xx
// that could not be read does not (it may well have been applied), nor does
// a 5xx (a gateway may have lost the application's answer); a 4xx means the
// request was refused.
func definite(status int) bool { return status >= 400 && status < 500 }

// attempt sends req once. The result tells the retry policy what happened.
func (c *Client) attempt(ctx context.Context, op operation, req *http.Request, out any) (attemptResult, error) {
	if err := ctx.Err(); err != nil {
		// Checked here so that a context already done is known to have sent nothing.
		return attemptResult{}, fmt.Errorf("proxyshard: %s: %w", op.id, err)
	}
	// The attempt's own context: the wire hooks cancel it to keep a second
	// copy of the request off the wire.
	actx, cancelAttempt := context.WithCancelCause(ctx)
	defer cancelAttempt(nil)
	if deadline, ok := ctx.Deadline(); c.timeout > 0 && (!ok || time.Until(deadline) > c.timeout) {
		var cancel context.CancelFunc
		actx, cancel = context.WithTimeout(actx, c.timeout)
		defer cancel()
	}
	w := &wire{cancel: cancelAttempt}
	r := req.WithContext(httptrace.WithClientTrace(actx, w.trace()))
	// The body is the facade's to hand out, once per attempt, and the
	// transport gets no way to make another (no GetBody): net/http and
	// HTTP/2 resend a request by itself whenever it can rewind the body,
	// and a money-moving request must reach the server at most once.
	r.GetBody = nil
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return attemptResult{}, fmt.Errorf("proxyshard: %s: %w", op.id, err)
		}
		r.Body = body
	}
	resp, err := c.http.Do(r)
	if err != nil {
		if errors.Is(context.Cause(actx), errSecondCopy) {
			err = fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, errSecondCopy)
		}
		res := attemptResult{sent: w.mayHaveSent(err), final: isFinal(err)}
		if !res.sent {
			return res, fmt.Errorf("proxyshard: %s: not sent, nothing reached the server: %w", op.id, err)
		}
		return res, fmt.Errorf("proxyshard: %s: %w", op.id, err)
	}
	defer func() { _ = resp.Body.Close() }()

	res := attemptResult{status: resp.StatusCode, sent: true}
	if ra := resp.Header.Get("Retry-After"); ra != "" {
		res.retryAfter, res.hasRetryAfter = parseRetryAfter(ra, c.now())
	}
	body, err := readCapped(resp.Body, resp.ContentLength, c.maxBody)
	if err != nil {
		if errors.Is(err, ErrInvalidResponse) {
			return res, fmt.Errorf("proxyshard: %s: %w", op.id, err)
		}
		// The answer broke off: as good as no answer.
		res.status = 0
		return res, fmt.Errorf("proxyshard: %s: reading the answer to %d: %w", op.id, resp.StatusCode, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return res, c.apiError(op, resp, body, res)
	}
	if err := decodeJSON(op, resp.Header, body, out); err != nil {
		return res, err
	}
	return res, nil
}

// readCapped reads a whole body, failing once it passes limit bytes. size
// is the declared Content-Length (-1 if unknown): a body declared too large
// is refused unread, and a known size is read into one exact allocation
// (a growing buffer would allocate two or three times for a small answer).
func readCapped(r io.Reader, size, limit int64) ([]byte, error) {
	if size > limit {
		return nil, fmt.Errorf("%w: body of %d bytes is larger than %d", ErrInvalidResponse, size, limit)
	}
	hint := int64(512)
	if size >= 0 {
		hint = size + 1 // the extra byte lets the final Read report EOF without a regrowth
	}
	buf := make([]byte, 0, hint)
	for {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, len(buf)) // double: few copies for a large unknown size
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, fmt.Errorf("%w: body larger than %d bytes", ErrInvalidResponse, limit)
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// decodeJSON decodes a 2xx body, turning the ways a broken server or an
// intercepting proxy answers into ErrInvalidResponse.
func decodeJSON(op operation, h http.Header, body []byte, out any) error {
	trimmed := bytes.TrimSpace(body)
	switch {
	case strings.Contains(strings.ToLower(h.Get("Content-Type")), "html") || bytes.HasPrefix(trimmed, []byte("<")):
		return responseError(op.id, "got an HTML page instead of JSON")
	case len(trimmed) == 0:
		return responseError(op.id, "empty body")
	case bytes.Equal(trimmed, []byte("null")):
		// Every answer is an object or array; null would leave out nil.
		return responseError(op.id, "null body")
	}
	if out == nil {
		out = new(json.RawMessage)
	}
	if err := json.Unmarshal(body, out); err != nil {
		return responseError(op.id, "malformed JSON: %v", err)
	}
	return nil
}

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

// refused turns a 2xx answer whose body says success=false into an
// *APIError: the server declined, whatever the status says.
func (c *Client) refused(op operation, success *bool, message *string) error {
	if success == nil || *success {
		return nil
	}
	e := &APIError{Operation: op.id, StatusCode: http.StatusOK, Attempts: 1, Message: "success=false"}
	if message != nil && *message != "" {
		e.Message = c.redact.string(*message)
	}
	return e
}

func (c *Client) logRetry(ctx context.Context, op operation, req *http.Request, attempt int, wait time.Duration, err error) {
	if c.log.Enabled(ctx, slog.LevelDebug) {
		c.log.LogAttrs(ctx, slog.LevelDebug, "proxyshard: retrying",
			slog.String("operation", op.id), slog.String("method", req.Method), slog.String("path", req.URL.Path),
			slog.Int("attempt", attempt), slog.Duration("wait", wait), slog.String("error", c.redact.string(err.Error())))
	}
}

// logFailure logs a failed call at Debug, except an unknown outcome: that
// one needs a person to look at the orders, so it is a warning.
func (c *Client) logFailure(ctx context.Context, op operation, req *http.Request, attempt int, err error) {
	level := slog.LevelDebug
	if errors.Is(err, ErrOutcomeUnknown) {
		level = slog.LevelWarn
	}
	if c.log.Enabled(ctx, level) {
		c.log.LogAttrs(ctx, level, "proxyshard: request failed",
			slog.String("operation", op.id), slog.String("method", req.Method), slog.String("path", req.URL.Path),
			slog.Int("attempts", attempt), slog.String("error", c.redact.string(err.Error())))
	}
}
