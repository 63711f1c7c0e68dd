package api

import "net/http"

// ProxyShard refuses a POST that declares no length ("no Content-Length
// specified"), whatever the operation; its own desktop client therefore
// sends {} on POSTs that carry nothing. That is all that is known: what the
// server does with an empty body sent with Content-Length: 0 is not, so the
// validator accepts it, and refuses only a POST without Content-Length
// (a chunked HTTP/1.1 body, an HTTP/2 body of unknown length).
const lengthField = "header.Content-Length"

const lengthReason = "missing: ProxyShard refuses a POST that declares no length; send the body with its length ({} where nothing is to be sent)"

// declaresLength tells whether r goes, or came, over the wire with a
// Content-Length. A request a server received (RequestURI is set) says so
// in its header. A request about to be sent has none in its header: Go's
// transport writes one when the length is known, and for a POST also when
// there is no body at all (Content-Length: 0).
func declaresLength(r *http.Request) bool {
	if _, ok := r.Header["Content-Length"]; ok {
		return true
	}
	if len(r.TransferEncoding) > 0 {
		return false
	}
	if r.RequestURI != "" {
		return false
	}
	return r.ContentLength > 0 || (r.ContentLength == 0 && (r.Body == nil || r.Body == http.NoBody))
}
