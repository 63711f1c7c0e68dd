package facade

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"
)

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
