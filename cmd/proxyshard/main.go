// Command proxyshard is the command line for ProxyShard's User API: the
// wallet, the catalogue, orders and their proxies, exported in the formats
// other tools import, and every change the API offers. It is built on
// package facade only.
//
//	export PROXYSHARD_TOKEN=...            # or a token file, see "proxyshard help"
//	proxyshard orders                      # a table on a terminal, tab-separated in a pipe
//	proxyshard export --tag scraper -o proxies.txt
//	proxyshard buy --product dc --country DE --cycle monthly --quantity 10
//
// Run "proxyshard help" for the commands, "proxyshard help COMMAND" for one.
package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/proxyshard/proxyshard-go/facade"
)

func main() {
	os.Exit(runMain(newApp(os.Stdin, os.Stdout, os.Stderr, os.Getenv)))
}

// runMain runs the process's command line with a until it ends or the
// process is interrupted, and returns the exit code.
func runMain(a *app) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return a.run(ctx, os.Args[1:])
}

// app is one run of the command: its streams, environment and the global
// flags. Tests build it with their own streams and environment.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// outTTY: stdout is a terminal (tables for people, not tab-separated
	// lines); inTTY: a person can answer a confirmation on stdin.
	outTTY, inTTY bool
	// dial opens the connections of "check"; tests point it at a local proxy.
	dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// now times the proxies of "check"; tests stop it so that latencies,
	// and the width of the table, do not vary.
	now func() time.Time
	// retry is the client's retry policy; the zero value is the facade's
	// default. Tests shorten its waits, which only the facade's own tests
	// need to see at full length.
	retry facade.RetryPolicy
	// lockPoll is how often a waiting buy tries the lock again; zero is
	// buyLockPoll. Tests shorten it.
	lockPoll time.Duration

	global globalFlags
	// usedToken is the token client found, for the buy lock's name.
	usedToken string
}

func newApp(stdin *os.File, stdout, stderr *os.File, getenv func(string) string) *app {
	var d net.Dialer
	return &app{
		stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv,
		outTTY: isTerminal(stdout), inTTY: isTerminal(stdin),
		dial: d.DialContext, now: time.Now,
	}
}

// run executes one command line and returns the exit code.
func (a *app) run(ctx context.Context, args []string) int {
	err := a.dispatch(ctx, args)
	if err == nil {
		return exitOK
	}
	code, msg := describe(err)
	if msg != "" {
		_, _ = fmt.Fprintln(a.stderr, msg)
	}
	return code
}
