package api

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
)

// DefaultMaxBodyBytes is how much of one body the validating transport
// reads to check it. No documented answer comes near it (lists are paged),
// so a larger body is itself reported as a violation; the call still gets
// the whole body, unchanged, in report mode.
const DefaultMaxBodyBytes = 10 << 20

// TransportOption configures ValidatingTransport.
type TransportOption func(*transportConfig)

type transportConfig struct {
	validator    *Validator
	recorder     *Recorder
	maxBodyBytes int64
}

// WithRecorder switches to report mode: violations go to rec and every call
// goes through as if the transport were not there.
func WithRecorder(rec *Recorder) TransportOption {
	return func(c *transportConfig) { c.recorder = rec }
}

// WithValidator uses v instead of a validator built on api.Spec().
func WithValidator(v *Validator) TransportOption {
	return func(c *transportConfig) { c.validator = v }
}

// WithMaxBodyBytes changes how much of one body is read to check it
// (DefaultMaxBodyBytes unless set; n <= 0 keeps the default).
func WithMaxBodyBytes(n int64) TransportOption {
	return func(c *transportConfig) {
		if n > 0 {
			c.maxBodyBytes = n
		}
	}
}

// ValidatingTransport checks every request against the effective spec
// before next sends it, and every response next returns. In the default
// fail mode a violation fails the call with a *ContractError (the request
// is then not sent, or the response is dropped); WithRecorder lets calls
// through and records instead. A nil next means http.DefaultTransport.
//
// The request next sends carries exactly the bytes the caller gave: the
// body is read through req.GetBody when the request has one, and otherwise
// buffered and sent from the buffer, still without a GetBody, so that the
// transport below can no more resend it than it could the caller's. The caller reads exactly the response body the
// server sent.
func ValidatingTransport(next http.RoundTripper, opts ...TransportOption) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	t := &validatingTransport{next: next, cfg: transportConfig{maxBodyBytes: DefaultMaxBodyBytes}}
	for _, opt := range opts {
		opt(&t.cfg)
	}
	if t.cfg.validator == nil {
		t.cfg.validator, t.initErr = defaultValidator()
	}
	return t
}

type validatingTransport struct {
	next    http.RoundTripper
	cfg     transportConfig
	initErr error
}

// CloseIdleConnections passes the call on, so http.Client.CloseIdleConnections
// still reaches the real transport's pool through the validator.
func (t *validatingTransport) CloseIdleConnections() {
	if c, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

func (t *validatingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.initErr != nil {
		closeRequestBody(req)
		return nil, t.initErr
	}
	out, body, complete, err := t.readRequestBody(req)
	if err != nil {
		return nil, err
	}
	var op *Operation
	var violation *ContractError
	if complete {
		op, err = t.cfg.validator.ValidateRequest(req, body)
		violation = asContractError(err)
	} else {
		op, _ = t.cfg.validator.Find(req.Method, req.URL.EscapedPath())
		violation = t.tooLarge(op, req, SideRequest)
	}
	if violation != nil {
		if t.cfg.recorder == nil {
			closeRequestBody(out)
			return nil, violation
		}
		t.cfg.recorder.Record(violation)
	}

	resp, err := t.next.RoundTrip(out)
	if err != nil || op == nil {
		// Without an operation there is nothing to check the response
		// against; the route was already reported.
		return resp, err
	}
	return t.checkResponse(op, req, resp)
}

// readRequestBody returns the request to send and the body to check.
// complete is false when the body is larger than the cap; then only the
// first bytes are read and the request still carries all of them.
func (t *validatingTransport) readRequestBody(req *http.Request) (out *http.Request, body []byte, complete bool, err error) {
	if req.Body == nil || req.Body == http.NoBody {
		return req, nil, true, nil
	}
	if req.GetBody != nil {
		// A fresh copy to read; req.Body goes out untouched.
		rc, err := req.GetBody()
		if err != nil {
			closeRequestBody(req)
			return nil, nil, false, fmt.Errorf("api: read request body: %w", err)
		}
		body, complete, err = readCapped(rc, req.ContentLength, t.cfg.maxBodyBytes)
		closeQuietly(rc)
		if err != nil {
			closeRequestBody(req)
			return nil, nil, false, fmt.Errorf("api: read request body: %w", err)
		}
		return req, body, complete, nil
	}
	// No way to get a second copy: buffer the body and send the buffer. A
	// RoundTripper must not change the caller's request, so the buffer goes
	// on a shallow copy.
	body, complete, err = readCapped(req.Body, req.ContentLength, t.cfg.maxBodyBytes)
	if err != nil {
		closeRequestBody(req)
		return nil, nil, false, fmt.Errorf("api: read request body: %w", err)
	}
	out = new(http.Request)
	*out = *req
	if complete {
		closeRequestBody(req)
		// No GetBody on the copy either: a request its sender made
		// impossible to rewind must stay so, or net/http (HTTP/2 after a
		// stream reset, say) would send it again by itself.
		out.Body = newReplayBody(body)
	} else {
		out.Body = readCloser{io.MultiReader(bytes.NewReader(body), req.Body), req.Body}
	}
	return out, body, complete, nil
}

// checkResponse reads and checks the response body and gives the caller
// one with the same bytes.
func (t *validatingTransport) checkResponse(op *Operation, req *http.Request, resp *http.Response) (*http.Response, error) {
	if resp.Body == nil {
		resp.Body = http.NoBody
	}
	orig := resp.Body
	body, complete, readErr := readCapped(orig, resp.ContentLength, t.cfg.maxBodyBytes)
	var violation *ContractError
	switch {
	case readErr != nil:
		// A broken body is the network's fault, not the contract's: the
		// caller gets the bytes that arrived and then the same error, as
		// without this transport.
		closeQuietly(orig)
		resp.Body = readCloser{io.MultiReader(bytes.NewReader(body), errReader{readErr}), io.NopCloser(nil)}
		return resp, nil //nolint:nilerr // the error reaches the caller through the body
	case !complete:
		resp.Body = readCloser{io.MultiReader(bytes.NewReader(body), orig), orig}
		violation = t.tooLarge(op, req, SideResponse)
	default:
		closeQuietly(orig)
		resp.Body = newReplayBody(body)
		violation = asContractError(t.cfg.validator.ValidateResponse(op, req, resp.StatusCode, resp.Header, body))
	}
	if violation == nil {
		return resp, nil
	}
	if t.cfg.recorder == nil {
		closeQuietly(resp.Body)
		return nil, violation
	}
	t.cfg.recorder.Record(violation)
	return resp, nil
}

func (t *validatingTransport) tooLarge(op *Operation, req *http.Request, side Side) *ContractError {
	e := &ContractError{Method: req.Method, Path: req.URL.Path, Side: side, Field: "body",
		Reason: fmt.Sprintf("larger than %d bytes; not validated", t.cfg.maxBodyBytes)}
	if op != nil {
		e.Operation = op.ID
	}
	return e
}

// readCapped reads r to the end, or until it has more than max bytes
// (complete false). sizeHint (a Content-Length, -1 when unknown) sizes the
// buffer so a body of known length costs one allocation.
func readCapped(r io.Reader, sizeHint, max int64) (buf []byte, complete bool, err error) {
	size := int64(512)
	if sizeHint >= 0 && sizeHint < max {
		size = sizeHint + 1 // one spare byte to see the end without growing
	}
	buf = make([]byte, 0, size)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		limit := min(int64(cap(buf)), max+1)
		n, err := r.Read(buf[len(buf):limit])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > max {
			return buf, false, nil
		}
		if err == io.EOF {
			return buf, true, nil
		}
		if err != nil {
			return buf, false, err
		}
	}
}

// replayBody hands out a buffered body; one allocation instead of
// io.NopCloser(bytes.NewReader(b)).
type replayBody struct{ bytes.Reader }

func newReplayBody(b []byte) *replayBody {
	r := &replayBody{}
	r.Reset(b)
	return r
}

func (*replayBody) Close() error { return nil }

type readCloser struct {
	io.Reader
	io.Closer
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

func closeRequestBody(req *http.Request) {
	if req != nil && req.Body != nil {
		closeQuietly(req.Body)
	}
}

// closeQuietly closes a body whose Close error tells nobody anything: its
// bytes were read to the end, or the call is failing for another reason.
func closeQuietly(c io.Closer) {
	_ = c.Close()
}
