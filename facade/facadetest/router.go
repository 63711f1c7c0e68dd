package facadetest

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/proxyshard/proxyshard-go/api"
)

// operationMux is the router the generated HandlerWithOptions registers its
// per-operation handlers on. http.ServeMux cannot be used: the API's paths
// POST /user/api/orders/{id}/renew and
// POST /user/api/orders/change-billing-cycle/{order_id} overlap with
// neither more specific than the other, and ServeMux panics on such a pair.
// The validator's route table already resolves them (literal segments win),
// so this mux routes by the operation it finds and fills in the path values
// the generated handlers read with r.PathValue.
type operationMux struct {
	v        *api.Validator
	handlers map[string]http.HandlerFunc // "METHOD /path/{template}" -> handler
}

func newOperationMux(v *api.Validator) *operationMux {
	return &operationMux{v: v, handlers: map[string]http.HandlerFunc{}}
}

// HandleFunc records a generated handler under its "METHOD /template" pattern.
func (m *operationMux) HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request)) {
	m.handlers[pattern] = h
}

func (m *operationMux) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Routing uses the path as sent: /orders/1%2Frenew is one segment
	// "1%2Frenew", never the renew operation of order 1.
	escaped := r.URL.EscapedPath()
	op, ok := m.v.Find(r.Method, escaped)
	if !ok || m.handlers[op.Method+" "+op.PathTemplate] == nil {
		writeAPIError(w, http.StatusNotFound, "Not found")
		return
	}
	h := m.handlers[op.Method+" "+op.PathTemplate]
	template := strings.Split(strings.TrimPrefix(op.PathTemplate, "/"), "/")
	path := strings.Split(strings.TrimPrefix(escaped, "/"), "/")
	for i, seg := range template {
		if name, isParam := strings.CutPrefix(seg, "{"); isParam && i < len(path) {
			// The generated handlers take path values unescaped, as
			// http.ServeMux gives them.
			value, err := url.PathUnescape(path[i])
			if err != nil {
				value = path[i]
			}
			r.SetPathValue(strings.TrimSuffix(name, "}"), value)
		}
	}
	h(w, r)
}
