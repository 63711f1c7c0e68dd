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
// serve has already found the operation with the validator's route table
// (literal segments win); it travels with the request, so this mux only
// picks that operation's handler and fills in the path values the
// generated handlers read with r.PathValue.
type operationMux struct {
	registered map[string]http.HandlerFunc // "METHOD /path/{template}" -> handler
	byOp       map[*api.Operation]route
}

// route is one operation's handler and the positions of its path parameters.
type route struct {
	handler http.HandlerFunc
	params  map[int]string // segment index -> parameter name
}

func newOperationMux() *operationMux {
	return &operationMux{registered: map[string]http.HandlerFunc{}, byOp: map[*api.Operation]route{}}
}

// HandleFunc records a generated handler under its "METHOD /template" pattern.
func (m *operationMux) HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request)) {
	m.registered[pattern] = h
}

// bind links each operation to its registered handler, once.
func (m *operationMux) bind(ops []*api.Operation) {
	for _, op := range ops {
		h := m.registered[op.Method+" "+op.PathTemplate]
		if h == nil {
			continue
		}
		rt := route{handler: h, params: map[int]string{}}
		for i, seg := range strings.Split(strings.TrimPrefix(op.PathTemplate, "/"), "/") {
			if name, isParam := strings.CutPrefix(seg, "{"); isParam {
				rt.params[i] = strings.TrimSuffix(name, "}")
			}
		}
		m.byOp[op] = rt
	}
}

func (m *operationMux) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var op *api.Operation
	if ex := exchangeOf(r.Context()); ex != nil {
		op = ex.op
	}
	rt, ok := m.byOp[op]
	if !ok {
		writeAPIError(w, http.StatusNotFound, "Not found")
		return
	}
	if len(rt.params) == 0 {
		rt.handler(w, r)
		return
	}
	// The operation was found on the path as sent: /orders/1%2Frenew is
	// one segment "1%2Frenew", never the renew operation of order 1.
	for i, seg := range strings.Split(strings.TrimPrefix(r.URL.EscapedPath(), "/"), "/") {
		name, isParam := rt.params[i]
		if !isParam {
			continue
		}
		// The generated handlers take path values unescaped, as
		// http.ServeMux gives them.
		value, err := url.PathUnescape(seg)
		if err != nil {
			value = seg
		}
		r.SetPathValue(name, value)
	}
	rt.handler(w, r)
}
