// Command proxyshard-fake serves the in-memory fake ProxyShard User API
// (package facadetest) over HTTP, for the CI of clients in any language,
// the way stripe-mock serves Stripe's. Every request and answer is checked
// against the published spec; a request that breaks it is answered 400.
//
//	proxyshard-fake -addr 127.0.0.1:8089 -token T -balance 100000
//	proxyshard-fake -tls -ca-file ca.pem   # HTTPS with HTTP/2, as production
//
// It logs one line per request (method, path, operation, status, duration;
// never the token) and shuts down on SIGINT or SIGTERM within
// -shutdown-grace, cutting connections that have not finished by then.
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
	"strings"
	"syscall"
	"time"

	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

// Timeouts that keep a slow or stalled client from holding the server.
const (
	readHeaderTimeout = 10 * time.Second
	idleTimeout       = 2 * time.Minute
)

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
	o, err := parseFlags(args, stdout)
	if err != nil {
		return err
	}
	logger := o.logger(stdout)
	requestLog := logger
	if o.quiet {
		requestLog = slog.New(slog.DiscardHandler)
	}
	var (
		handler, control http.Handler
		stopServing      = func() {}
		validating       *validatingProxy
	)
	if o.upstream != nil {
		if validating, handler, err = newValidatingProxy(o.upstream, requestLog); err != nil {
			return err
		}
		control = validating.control()
	} else {
		fake := facadetest.New(o.fakeOptions(logger)...)
		handler, control, stopServing = fake.Handler(), fake.ControlHandler(), fake.Close
	}
	if !o.noControl {
		handler = withControl(control, handler)
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: readHeaderTimeout,
		IdleTimeout:       idleTimeout,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	scheme := "http"
	if o.tls {
		if srv.TLSConfig, err = serverTLS(o.caFile); err != nil {
			return err
		}
		scheme = "https"
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	served := make(chan error, 1)
	go func() {
		if srv.TLSConfig != nil {
			served <- srv.ServeTLS(ln, "", "") // the certificate is in TLSConfig
			return
		}
		served <- srv.Serve(ln)
	}()
	logger.Info("listening", "url", scheme+"://"+ln.Addr().String())

	select {
	case err = <-served:
		stopServing()
	case <-ctx.Done():
		err = shutdown(srv, stopServing, served, o.grace, logger)
	}
	if validating != nil {
		if n := validating.summary(stdout); n > 0 && o.failOnViolations && err == nil {
			err = fmt.Errorf("%d contract violations (-fail-on-violations)", n)
		}
	}
	return err
}

// withControl serves the control API under its prefix and the API
// everywhere else. No http.ServeMux in front of the API: it would clean
// dot segments and redirect, and the fake answers such paths itself.
func withControl(control, api http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, facadetest.ControlPrefix) {
			control.ServeHTTP(w, r)
			return
		}
		api.ServeHTTP(w, r)
	})
}

// shutdown stops the server within grace: requests held by a delay fault
// end at once, others may finish until grace is over, then every
// connection still open is closed.
func shutdown(srv *http.Server, stopServing func(), served <-chan error, grace time.Duration, logger *slog.Logger) error {
	stopServing()
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		logger.Warn("closing connections that outlived the shutdown grace", "grace", grace)
		if err := srv.Close(); err != nil {
			return fmt.Errorf("close: %w", err)
		}
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("stopped")
	return nil
}
