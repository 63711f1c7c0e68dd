package facade

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
)

// Every operation goes through call: one code path for headers, retries,
// the size cap, decoding, refusals and error mapping, so no method can
// forget one of them. A method reads: validate its input, build the request
// with gen, call, map the generated model to the facade's types.

// call sends req, which gen built (buildErr is gen's error, if any),
// resends it as the operation's class allows, and returns the 2xx answer
// decoded into the operation's model. An answer that says
// "success": false is an *APIError, whatever the operation.
func (e endpoint[Answer]) call(ctx context.Context, c *Client, req *http.Request, buildErr error) (*Answer, error) {
	if buildErr != nil {
		// gen only fails on values it cannot put into a URL or JSON body.
		return nil, c.redact.err(fmt.Errorf("proxyshard: %s: building the request: %w", e.id, buildErr))
	}
	c.prepare(req)
	ans := new(Answer)
	body, err := send(ctx, c, e.operation, req, ans)
	if err != nil {
		return nil, c.redact.err(err)
	}
	if err := c.refusal(e.operation, body); err != nil {
		return nil, err
	}
	return ans, nil
}

// send makes attempts until one brings a 2xx answer that decodes into out
// (and returns its body), or the retry policy says stop. A money-moving
// request that may have reached the server and got no definite answer ends
// as an *OutcomeUnknownError.
func send[Answer any](ctx context.Context, c *Client, op operation, req *http.Request, out *Answer) ([]byte, error) {
	for attempt := 1; ; attempt++ {
		sentAt := c.now()
		res, ans, err := c.attempt(ctx, op, req)
		if err == nil {
			err = decodeJSON(op.id, res.status, ans.header, ans.body, out)
		}
		if err == nil {
			return ans.body, nil
		}
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			apiErr.Attempts = attempt
		}
		// A context that ended during the attempt leaves nothing to retry:
		// err already says so.
		if wait, again := c.retry.next(op.class, attempt, res, c.jitter()); again && ctx.Err() == nil {
			// A context that ends during the wait ends it at once, and the
			// error says both what failed and why no retry followed.
			c.logRetry(ctx, op, req, attempt, wait, err)
			if werr := c.sleep(ctx, wait); werr != nil {
				return nil, fmt.Errorf("%w; no retry: the context ended during the %v wait: %w", err, wait, werr)
			}
			continue
		}
		if op.class == moneyMoving && res.sent && !definite(res.status) {
			err = &OutcomeUnknownError{Operation: op.id, Method: req.Method, Path: req.URL.Path, SentAt: sentAt, Err: err}
		}
		c.logFailure(ctx, op, req, attempt, err)
		return nil, err
	}
}

// definite reports whether an answer settles a money-moving call: a 2xx
// that could not be read does not (it may well have been applied), nor does
// a 5xx (a gateway may have lost the application's answer); a 4xx means the
// request was refused.
func definite(status int) bool { return status >= 400 && status < 500 }

func randomJitter() float64 { return rand.Float64() }
