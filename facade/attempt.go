package facade

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptrace"
	"time"
)

// reply is a whole 2xx answer, read but not yet decoded.
type reply struct {
	header http.Header
	body   []byte
}

// attempt sends req once and reads the answer. The attemptResult tells the
// retry policy what happened; a non-2xx answer is an *APIError.
func (c *Client) attempt(ctx context.Context, op operation, req *http.Request) (attemptResult, reply, error) {
	if err := ctx.Err(); err != nil {
		// Checked here so that a context already done is known to have sent nothing.
		return attemptResult{}, reply{}, fmt.Errorf("proxyshard: %s: %w", op.id, err)
	}
	actx, cancel := c.attemptContext(ctx)
	defer cancel()
	w := newWire(actx, cancel)
	r := req.WithContext(httptrace.WithClientTrace(actx, &w.trace))
	// The body is the facade's to hand out, once per attempt, and the
	// transport gets no way to make another (no GetBody): net/http and
	// HTTP/2 resend a request by itself whenever it can rewind the body,
	// and a money-moving request must reach the server at most once.
	r.GetBody = nil
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return attemptResult{}, reply{}, fmt.Errorf("proxyshard: %s: %w", op.id, err)
		}
		r.Body = body
	}
	resp, err := c.http.Do(r)
	if err != nil {
		if w.stoppedSecondCopy() {
			err = fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, errSecondCopy)
		}
		res := attemptResult{sent: w.mayHaveSent(err), final: w.final(err)}
		if !res.sent {
			return res, reply{}, fmt.Errorf("proxyshard: %s: not sent, nothing reached the server: %w", op.id, err)
		}
		return res, reply{}, fmt.Errorf("proxyshard: %s: %w", op.id, err)
	}
	defer func() { _ = resp.Body.Close() }()

	res := attemptResult{status: resp.StatusCode, sent: true}
	if ra := resp.Header.Get("Retry-After"); ra != "" {
		res.retryAfter, res.hasRetryAfter = parseRetryAfter(ra, c.now())
	}
	body, err := readCapped(resp.Body, resp.ContentLength, c.maxBody)
	if err != nil {
		if errors.Is(err, ErrInvalidResponse) {
			return res, reply{}, fmt.Errorf("proxyshard: %s: %w", op.id, err)
		}
		// The answer broke off: as good as no answer.
		res.status = 0
		return res, reply{}, fmt.Errorf("proxyshard: %s: reading the answer to %d: %w", op.id, resp.StatusCode, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return res, reply{}, c.apiError(op, resp, body, res)
	}
	return res, reply{header: resp.Header, body: body}, nil
}

// attemptContext is the attempt's own context: ctx bounded by the attempt
// timeout (unless ctx ends sooner anyway), and always one the wire hooks
// can cancel to keep a second copy of the request off the wire. One
// context, not one for the timeout and one for the hooks: each layer costs
// allocations and a registration with its parent on every call.
func (c *Client) attemptContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if deadline, ok := ctx.Deadline(); c.deadlines != nil && (!ok || time.Until(deadline) > c.deadlines.timeout) {
		d := c.deadlines.start(ctx)
		return d, d.stop
	}
	return context.WithCancel(ctx)
}
