package facade

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http/httptrace"
	"sync/atomic"
)

// errSecondCopy ends an attempt whose transport set out to send the request
// a second time. net/http resends on its own in places the facade cannot
// switch off: an HTTP/2 request without a body after a stream reset
// (REFUSED_STREAM, PROTOCOL_ERROR) or a GOAWAY, on a new connection each
// time, with nothing but the context to stop it. Only the facade's retry
// policy decides about resends, so an attempt is one copy at most.
var errSecondCopy = errors.New("the transport started to send the request a second time within one attempt; stopped before it was written")

// wire watches one attempt through net/http's httptrace hooks: whether a
// connection was ever obtained, whether request headers were written, and
// whether a TLS handshake failed. net/http calls the hooks from its own
// goroutines, so the fields are atomic. The hooks live in the same
// allocation as the state they record.
type wire struct {
	ctx        context.Context // the attempt's
	cancel     context.CancelFunc
	trace      httptrace.ClientTrace
	gotConn    atomic.Bool
	written    atomic.Int32
	tlsFail    atomic.Bool
	untrusted  atomic.Bool // the handshake failed as isUntrustedServer says
	secondCopy atomic.Bool // the hooks cancelled the attempt to stop a second copy
}

// newWire returns the watch for an attempt whose context is ctx. On
// HTTP/2, GotConn comes right before each copy is written; once headers
// went out, another GotConn is a resend, and cancelling the context there
// keeps the copy off the wire (net/http's HTTP/2 client checks the context
// before it encodes the headers). HTTP/1.1 gives no such point: there
// net/http resends only a request without a body (the client gives it no
// GetBody), and only after a reused connection turned out closed, at most
// once per such connection.
func newWire(ctx context.Context, cancel context.CancelFunc) *wire {
	w := &wire{ctx: ctx, cancel: cancel}
	w.trace = httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) {
			if w.written.Load() > 0 && isHTTP2(info) {
				w.stopSecondCopy()
			}
			w.gotConn.Store(true)
		},
		WroteHeaders: func() { w.written.Add(1) },
		TLSHandshakeDone: func(_ tls.ConnectionState, err error) {
			if err != nil {
				w.tlsFail.Store(true)
				// net/http replaces a RecordHeaderError with its own text
				// before returning, so it is judged here.
				w.untrusted.Store(isUntrustedServer(err))
			}
		},
	}
	return w
}

// stopSecondCopy cancels the attempt. The attempt's error names the second
// copy only when that is what ended it: not when the deadline or the
// caller's context had ended it already.
func (w *wire) stopSecondCopy() {
	if w.ctx.Err() == nil {
		w.secondCopy.Store(true)
	}
	w.cancel()
}

// stoppedSecondCopy reports whether the hooks ended the attempt to keep a
// second copy off the wire.
func (w *wire) stoppedSecondCopy() bool { return w.secondCopy.Load() }

// mayHaveSent reports whether the request may have reached the server,
// given the error the transport returned. It is false only when nothing
// was written and the error proves why: no connection was ever obtained
// because the dial, the proxy tunnel or the TLS handshake failed, or the
// request was refused before a connection was looked for. A transport
// that does not call httptrace hooks (not net/http's) never gets the benefit
// of the doubt unless its error is one of those.
func (w *wire) mayHaveSent(err error) bool {
	if w.gotConn.Load() || w.written.Load() > 0 {
		return true
	}
	return !w.tlsFail.Load() && !isDialError(err) && !isLocalRefusal(err)
}

// isLocalRefusal reports whether err is a refusal to send made on this
// machine: the client's own (ErrOffOrigin), or a transport's that says so
// with a NotSent method, as api.ValidatingTransport's *api.ContractError
// does for a request that breaks the contract. With no connection
// obtained, such a request never left the machine.
func isLocalRefusal(err error) bool {
	var ns interface{ NotSent() bool }
	return errors.Is(err, ErrOffOrigin) || errors.As(err, &ns) && ns.NotSent()
}

// final reports whether resending cannot help, given the error the
// transport returned: isFinal, or a handshake that failed for good.
func (w *wire) final(err error) bool { return w.untrusted.Load() || isFinal(err) }

// isFinal reports whether resending cannot help: the client refused the
// request, a transport says so with a Final method, as *api.ContractError
// does (a contract violation is reported, never retried into a success),
// or the TLS handshake failed in a way the next handshake would repeat.
func isFinal(err error) bool {
	var f interface{ Final() bool }
	return errors.Is(err, ErrOffOrigin) || errors.As(err, &f) && f.Final() || isUntrustedServer(err)
}

// isUntrustedServer reports whether the server's certificate was refused
// (unknown authority, another host's name, expired) or the server does not
// speak TLS at all. Each is a matter of configuration, the base URL or the
// machine's trust store, that a resend a second later meets again; retrying
// would only hide the error behind backoff.
func isUntrustedServer(err error) bool {
	var (
		verify   *tls.CertificateVerificationError
		record   tls.RecordHeaderError
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
	)
	return errors.As(err, &verify) || errors.As(err, &record) ||
		errors.As(err, &unknown) || errors.As(err, &hostname) || errors.As(err, &invalid)
}

// isHTTP2 reports whether the connection speaks HTTP/2 (negotiated by ALPN).
func isHTTP2(info httptrace.GotConnInfo) bool {
	tc, ok := info.Conn.(interface{ ConnectionState() tls.ConnectionState })
	return ok && tc.ConnectionState().NegotiatedProtocol == "h2"
}
