package facade

import (
	"errors"
	"net"
	"net/url"
	"reflect"
)

// err is the last line of defence: an error whose text holds the token (a
// transport error quoting a header line the server echoed, say) is rebuilt
// with scrubbed copies all the way down its chain, so that neither its
// text nor anything reachable through errors.Unwrap or errors.As shows the
// token. The types callers look for keep their type (*OutcomeUnknownError,
// *APIError, *url.Error, *net.OpError); any other link becomes a scrubbed
// stand-in that still matches errors.Is targets the original matched.
func (r redactor) err(err error) error {
	if err == nil || r == "" || !r.holds(err) {
		return err
	}
	return r.scrub(err)
}

// holds reports whether the token is in err's text or in a field of a link
// of its chain that the text may leave out (a *url.Error's URL).
func (r redactor) holds(err error) bool {
	found := false
	walk(err, func(e error) bool {
		found = r.in(e.Error())
		if ue, ok := e.(*url.Error); ok && !found { //nolint:errorlint // one link of the chain at a time, on purpose
			found = r.in(ue.URL)
		}
		return !found
	})
	return found
}

func (r redactor) in(s string) bool { return r.string(s) != s }

// walk calls visit on every error in err's tree until visit returns false.
func walk(err error, visit func(error) bool) bool {
	if err == nil {
		return true
	}
	if !visit(err) {
		return false
	}
	switch u := err.(type) { //nolint:errorlint // one link of the chain at a time, on purpose
	case interface{ Unwrap() error }:
		return walk(u.Unwrap(), visit)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			if !walk(e, visit) {
				return false
			}
		}
	}
	return true
}

func (r redactor) scrub(err error) error {
	if err == nil || !r.holds(err) {
		return err
	}
	switch e := err.(type) { //nolint:errorlint // one link of the chain at a time, on purpose
	case *OutcomeUnknownError:
		cp := *e
		cp.Err = r.scrub(e.Err)
		return &cp
	case *APIError:
		cp := *e
		cp.Message, cp.Body = r.string(e.Message), r.string(e.Body)
		return &cp
	case *url.Error:
		cp := *e
		cp.URL = r.string(e.URL)
		cp.Err = r.scrub(e.Err)
		return &cp
	case *net.OpError:
		cp := *e
		cp.Err = r.scrub(e.Err)
		return &cp
	}
	var ne net.Error
	s := &scrubbedError{msg: r.string(err.Error()), is: isItself(err), timeout: errors.As(err, &ne) && ne.Timeout()}
	switch u := err.(type) { //nolint:errorlint // one link of the chain at a time, on purpose
	case interface{ Unwrap() error }:
		s.next = []error{r.scrub(u.Unwrap())}
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			s.next = append(s.next, r.scrub(e))
		}
	}
	return s
}

// isItself answers errors.Is for orig alone (its own Is method, or
// equality), not for what it wraps: those links answer through Unwrap.
func isItself(orig error) func(error) bool {
	return func(target error) bool {
		if is, ok := orig.(interface{ Is(error) bool }); ok && is.Is(target) {
			return true
		}
		return reflect.TypeOf(orig).Comparable() && orig == target //nolint:errorlint // one link of the chain at a time, on purpose
	}
}

// scrubbedError stands in for an error whose text held the token. The
// original stays out of reach, of Unwrap and of fmt's %#v alike: Unwrap
// gives scrubbed copies of what it wrapped.
type scrubbedError struct {
	msg     string
	is      func(error) bool
	timeout bool
	next    []error
}

func (e *scrubbedError) Error() string        { return e.msg }
func (e *scrubbedError) Unwrap() []error      { return e.next }
func (e *scrubbedError) Is(target error) bool { return e.is(target) }
func (e *scrubbedError) Timeout() bool        { return e.timeout } // what a caller asking net.Error learns of the original
