package facade

import (
	"context"
	"fmt"
	"net/http"

	"github.com/proxyshard/proxyshard-go/gen"
)

// undescribedBody is the model of an answer whose body the spec does not
// describe: decodeJSON accepts any body for it.
type undescribedBody struct{}

// Health probes the API's health endpoint. It needs no token and none is
// sent. A nil error means the service answered 2xx.
func (c *Client) Health(ctx context.Context) error {
	req, err := gen.BuildGetHealth(c.server)
	return opHealth.callWithoutToken(ctx, c, req, err)
}

// Live probes the API's liveness endpoint, without a token.
func (c *Client) Live(ctx context.Context) error {
	req, err := gen.BuildGetLiveness(c.server)
	return opLiveness.callWithoutToken(ctx, c, req, err)
}

// callWithoutToken is call for the operations the spec declares public:
// the token is not sent where it is not needed.
func (e endpoint[Answer]) callWithoutToken(ctx context.Context, c *Client, req *http.Request, buildErr error) error {
	if buildErr != nil {
		return c.redact.err(fmt.Errorf("proxyshard: %s: building the request: %w", e.id, buildErr))
	}
	c.prepare(req)
	req.Header.Del("Authorization")
	_, err := send(ctx, c, e.operation, req, new(Answer))
	return c.redact.err(err)
}
