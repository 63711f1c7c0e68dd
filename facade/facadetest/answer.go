package facadetest

import "net/http"

// answer is a response the fake has made, held until it has been checked
// against the spec; only then is it sent, replaced or dropped. A kept
// answer (readcache.go) is sent to many requests: it is never changed once
// checked.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// answerWriter is the http.ResponseWriter the operation handlers write an
// answer into: the status, the header and the body as written, nothing
// copied or snapshotted.
type answerWriter struct{ a *answer }

func (w answerWriter) Header() http.Header {
	if w.a.header == nil {
		w.a.header = http.Header{}
	}
	return w.a.header
}

func (w answerWriter) WriteHeader(status int) {
	if w.a.status == 0 {
		w.a.status = status
	}
}

func (w answerWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	w.a.body = append(w.a.body, p...)
	return len(p), nil
}

// newAnswer runs write on a fresh answer and returns it.
func newAnswer(write func(http.ResponseWriter)) *answer {
	a := &answer{}
	write(answerWriter{a})
	if a.status == 0 {
		a.status = http.StatusOK
	}
	return a
}

// send writes a checked answer to the client. The header's values are
// shared, not copied: net/http only reads them.
func send(w http.ResponseWriter, a *answer) {
	h := w.Header()
	for name, values := range a.header {
		h[name] = values
	}
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body)
}
