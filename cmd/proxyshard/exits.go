package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/proxyshard/proxyshard-go/facade"
)

// The exit codes, as "proxyshard help" documents them.
const (
	exitOK      = 0
	exitFailure = 1 // anything not below
	exitUsage   = 2 // bad command line or no token: nothing was sent
	exitRefused = 3 // the API answered no
	exitUnknown = 4 // a payment may have been applied and it could not be settled
	exitNetwork = 5 // no usable answer
)

// usageError is a command line proxyshard cannot run; nothing was sent.
type usageError struct {
	msg string
	cmd *command // for the "see help" hint; nil for the top level
}

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

func usageFor(cmd *command, format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...), cmd: cmd}
}

// exitError carries a chosen exit code and a message that is already
// complete (what happened and what to do).
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// describe maps an error to its exit code and the lines for stderr: what
// went wrong, then what to do about it.
func describe(err error) (int, string) {
	var ue *usageError
	var ee *exitError
	var ve *facade.ValidationError
	var apiErr *facade.APIError
	switch {
	case errors.As(err, &ue):
		hint := `run "proxyshard help" for the commands`
		if ue.cmd != nil {
			hint = fmt.Sprintf("run \"proxyshard help %s\" for its arguments, flags and examples", ue.cmd.name)
		}
		return exitUsage, "proxyshard: " + ue.msg + "\n" + hint
	case errors.As(err, &ee):
		return ee.code, ee.msg
	case errors.As(err, &ve):
		return exitUsage, fmt.Sprintf("proxyshard: invalid %s: %s; nothing was sent", ve.Field, ve.Reason)
	case errors.Is(err, facade.ErrOutcomeUnknown):
		return exitUnknown, prefixed(err.Error()) + "\n" +
			`the payment may have been applied: look at "proxyshard orders" and "proxyshard me" before running the command again`
	case errors.As(err, &apiErr):
		return apiExit(apiErr)
	case errors.Is(err, context.Canceled):
		return exitFailure, prefixed(err.Error()) + "\ninterrupted"
	case errors.Is(err, facade.ErrInvalidResponse), errors.Is(err, facade.ErrPagination):
		return exitNetwork, prefixed(err.Error()) + "\nthe answer was not the API's: check --base-url (a proxy or a captive portal may be in the way)"
	case isNetwork(err):
		hint := certificateHint(err)
		if hint == "" {
			hint = "check the network and --base-url; reads can be run again"
		}
		return exitNetwork, prefixed(err.Error()) + "\n" + hint
	}
	// Neither the API's nor the network's: writing the output, say.
	return exitFailure, prefixed(err.Error())
}

// isNetwork reports whether err came from talking to the API: the HTTP
// client's errors are *url.Error, a deadline is the network being slow.
func isNetwork(err error) bool {
	var ue *url.Error
	var ne net.Error
	return errors.As(err, &ue) || errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded)
}

func apiExit(e *facade.APIError) (int, string) {
	msg := prefixed(e.Error())
	switch {
	case e.StatusCode == http.StatusUnauthorized:
		return exitRefused, msg + "\nthe token was refused: check $PROXYSHARD_TOKEN or the token file, and --base-url"
	case e.StatusCode == http.StatusNotFound:
		return exitRefused, msg + "\nno such order on this account: \"proxyshard orders\" lists them"
	case e.StatusCode == http.StatusForbidden:
		return exitRefused, msg + "\nthe account or the order does not allow this"
	case e.StatusCode == http.StatusTooManyRequests:
		wait := "a while"
		if e.RetryAfter > 0 {
			wait = e.RetryAfter.String()
		}
		return exitNetwork, msg + "\nthe API is rate limiting this account: wait " + wait + " and run it again"
	case e.StatusCode >= 500 || e.StatusCode < 200:
		return exitNetwork, msg + "\nthe API is having trouble: run it again later"
	case e.StatusCode >= 300 && e.StatusCode < 400:
		return exitNetwork, msg + "\nthe API answered with a redirect, which is not followed: check --base-url"
	}
	return exitRefused, msg + "\nthe API refused the request; its message above says why"
}

// prefixed starts a message with "proxyshard: " once; the facade's errors
// already do.
func prefixed(msg string) string {
	if strings.HasPrefix(msg, "proxyshard: ") {
		return msg
	}
	return "proxyshard: " + msg
}

// outcomeUnknown explains an error matching facade.ErrOutcomeUnknown of a
// request that is never sent again: what may have happened (format) and how
// to find out; any other error is returned as it is.
func outcomeUnknown(err error, format string, args ...any) error {
	if !errors.Is(err, facade.ErrOutcomeUnknown) {
		return err
	}
	return &exitError{code: exitUnknown, msg: prefixed(err.Error()) + "\n" + fmt.Sprintf(format, args...)}
}
