// Command proxyshard-fake serves the in-memory fake ProxyShard User API
// (package facadetest) over HTTP, for the CI of clients in any language,
// the way stripe-mock serves Stripe's. Every request and answer is checked
// against the published spec; a request that breaks it is answered 400.
//
//	proxyshard-fake -addr 127.0.0.1:8089 -token T -balance 100000
//
// It logs one line per request (method, path, operation, status, duration;
// never the token) and shuts down cleanly on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

// shutdownGrace is how long requests in flight may take to finish.
const shutdownGrace = 5 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "proxyshard-fake:", err)
		os.Exit(1)
	}
}

// run serves the fake until ctx ends, then shuts the server down.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("proxyshard-fake", flag.ContinueOnError)
	fs.SetOutput(stdout)
	addr := fs.String("addr", "127.0.0.1:8089", "address to listen on")
	token := fs.String("token", facadetest.DefaultToken, "the bearer token the fake accepts")
	balance := fs.Int64("balance", facadetest.DefaultBalance, "starting wallet balance in cents")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	case *token == "":
		return errors.New("-token must not be empty")
	case *balance < 0:
		return errors.New("-balance must not be negative")
	}

	logger := slog.New(slog.NewTextHandler(stdout, nil))
	fake := facadetest.New(facadetest.WithToken(*token), facadetest.WithBalance(*balance), facadetest.WithLogger(logger))
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: fake.Handler(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	logger.Info("listening", "url", "http://"+ln.Addr().String())

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("stopped")
	return nil
}
