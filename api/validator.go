package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// Validator checks requests and responses against the effective spec.
// Everything it needs is worked out at NewValidator; afterwards it is only
// read, so one Validator is safe for concurrent use.
//
// A request is checked for its route (method and path, on any host), its
// path, query and header parameters, its Content-Type and its JSON body,
// and a POST for a declared length (see length.go). A
// response is checked for a documented status, that status's documented
// headers, Content-Type and JSON body; a status documented without content
// (the gateway answers 429/502/503/504) accepts any body.
//
// Deliberately not checked: the bearer token, since authentication is the
// server's decision and 401 is a documented answer; and query parameters
// the spec does not name, which OpenAPI allows.
//
// Validation reads decoded copies: it never writes schema defaults, or
// anything else, into the caller's request or body.
type Validator struct {
	ops      []*Operation // sorted by ID
	routes   routeTable
	reqOpts  []openapi3.SchemaValidationOption
	respOpts []openapi3.SchemaValidationOption
}

// NewValidator builds a Validator on the effective spec, api.Spec().
func NewValidator() (*Validator, error) {
	spec, err := Spec()
	if err != nil {
		return nil, fmt.Errorf("api: load spec: %w", err)
	}
	return newValidator(spec)
}

// defaultValidator is shared by every transport built without WithValidator.
var defaultValidator = sync.OnceValues(NewValidator)

func newValidator(spec *openapi3.T) (*Validator, error) {
	if spec.Paths == nil {
		return nil, fmt.Errorf("api: spec has no paths")
	}
	v := &Validator{}
	for path, item := range spec.Paths.Map() {
		for method, op := range item.Operations() {
			o, err := newOperation(path, method, item, op)
			if err != nil {
				return nil, fmt.Errorf("api: %w", err)
			}
			v.ops = append(v.ops, o)
		}
	}
	sort.Slice(v.ops, func(i, j int) bool { return v.ops[i].ID < v.ops[j].ID })
	for i := 1; i < len(v.ops); i++ {
		if v.ops[i].ID == v.ops[i-1].ID {
			return nil, fmt.Errorf("api: operationId %s is used twice", v.ops[i].ID)
		}
	}
	v.routes = newRouteTable(v.ops)
	// Without details, kin-openapi's messages leave out the schema and the
	// value: no body content in an error, and no cost growing with the body
	// when a oneOf formats the errors of all its variants.
	v.reqOpts = []openapi3.SchemaValidationOption{openapi3.DisableSchemaErrorDetails()}
	v.respOpts = []openapi3.SchemaValidationOption{openapi3.DisableSchemaErrorDetails()}
	// readOnly and writeOnly only mean something when the validator is told
	// the direction; kin-openapi then sorts property names on every object,
	// so the direction is passed only when the spec uses either keyword.
	if specUsesReadWriteOnly(spec) {
		v.reqOpts = append(v.reqOpts, openapi3.VisitAsRequest())
		v.respOpts = append(v.respOpts, openapi3.VisitAsResponse())
	}
	return v, nil
}

// Operations returns every documented operation, sorted by ID.
func (v *Validator) Operations() []*Operation {
	return append([]*Operation(nil), v.ops...)
}

// Find returns the operation documented for method and a URL path (without
// host or query) as sent, that is escaped (url.URL.EscapedPath): an encoded
// slash stays inside its segment. Literal segments win over {param} segments.
func (v *Validator) Find(method, path string) (*Operation, bool) {
	var vals pathValues
	op := v.routes.lookup(method, path, &vals)
	return op, op != nil
}

// ValidateRequest checks r against the operation it addresses. body is the
// complete request body (nil or empty for none); r.Body is never read. It
// returns the operation when the route matched, and a *ContractError on the
// first violation found.
func (v *Validator) ValidateRequest(r *http.Request, body []byte) (*Operation, error) {
	if r == nil || r.URL == nil {
		return nil, &ContractError{Side: SideRequest, Field: "route", Reason: "no request"}
	}
	var vals pathValues
	op := v.routes.lookup(r.Method, r.URL.EscapedPath(), &vals)
	if op == nil {
		return nil, v.routeError(r, SideRequest)
	}
	if field, reason, ok := v.checkRequest(op, r, &vals, body); !ok {
		return op, &ContractError{Operation: op.ID, Method: r.Method, Path: r.URL.Path, Side: SideRequest, Field: field, Reason: reason}
	}
	return op, nil
}

func (v *Validator) routeError(r *http.Request, side Side) *ContractError {
	e := &ContractError{Method: r.Method, Path: r.URL.Path, Side: side, Field: "route"}
	if methods := v.routes.methodsFor(r.URL.EscapedPath()); len(methods) > 0 {
		e.Reason = fmt.Sprintf("method %s is not documented for this path (documented: %s)", r.Method, strings.Join(methods, ", "))
	} else {
		e.Reason = "no documented operation has this path"
	}
	return e
}

func (v *Validator) checkRequest(op *Operation, r *http.Request, vals *pathValues, body []byte) (field, reason string, ok bool) {
	if r.Method == http.MethodPost && !declaresLength(r) {
		return lengthField, lengthReason, false
	}
	k := 0
	for i := range op.segments {
		p := op.segments[i].param
		if p == nil {
			continue
		}
		values := vals.values[k : k+1]
		if strings.IndexByte(values[0], '%') >= 0 {
			// Routing saw the segment escaped; its value is the unescaped text.
			text, err := url.PathUnescape(values[0])
			if err != nil {
				return p.field, "malformed escape in the path: " + err.Error(), false
			}
			values = []string{text}
		}
		if field, reason, ok = v.checkParam(p, values, v.reqOpts); !ok {
			return field, reason, false
		}
		k++
	}

	if len(op.params) > 0 {
		var query url.Values
		var buf [4]string
		for _, p := range op.params {
			var values []string
			if strings.HasPrefix(p.field, "query.") {
				var plain bool
				if query == nil {
					values, plain = plainQueryValues(r.URL.RawQuery, p.name, buf[:0])
				}
				if !plain {
					if query == nil {
						var err error
						if query, err = url.ParseQuery(r.URL.RawQuery); err != nil {
							return "query", "malformed query string: " + err.Error(), false
						}
					}
					values = query[p.name]
				}
			} else {
				values = r.Header.Values(p.name)
			}
			if field, reason, ok = v.checkParam(p, values, v.reqOpts); !ok {
				return field, reason, false
			}
		}
	}

	if op.body == nil {
		if len(body) > 0 {
			return "body", "this operation takes no request body", false
		}
		return "", "", true
	}
	if len(body) == 0 {
		if op.body.required {
			return "body", "a request body is required", false
		}
		return "", "", true
	}
	m, field, reason, ok := contentType(op.body.media, r.Header.Get("Content-Type"))
	if !ok {
		return field, reason, false
	}
	return v.checkBody(m, body, v.reqOpts)
}

// plainQueryValues returns the values of key in a raw query string,
// appended to buf, without building url.Values. It reads only queries that
// need no unescaping and cannot be malformed to url.ParseQuery (no '%',
// '+' or ';', and too short to exceed its limit on parameters); plain is
// false for any other, and url.ParseQuery reads it.
func plainQueryValues(raw, key string, buf []string) (values []string, plain bool) {
	if len(raw) > 1000 || strings.ContainsAny(raw, "%+;") {
		return nil, false
	}
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if name, value, _ := strings.Cut(pair, "="); pair != "" && name == key {
			buf = append(buf, value)
		}
	}
	return buf, true
}

// checkParam checks the values one parameter was given (none when absent).
func (v *Validator) checkParam(p *parameter, values []string, opts []openapi3.SchemaValidationOption) (field, reason string, ok bool) {
	if len(values) == 0 {
		if p.required {
			return p.field, "required parameter is missing", false
		}
		return "", "", true
	}
	if !p.array && len(values) > 1 {
		return p.field, fmt.Sprintf("given %d times; it takes one value", len(values)), false
	}
	if !p.array {
		if p.fast != nil && p.fast.validText(p.kind, values[0]) {
			return "", "", true
		}
		value, err := p.decode(values[0])
		if err != nil {
			return p.field, err.Error(), false
		}
		if err := p.schema.VisitJSON(value, opts...); err != nil {
			field, reason = describeSchemaError(p.field, value, err, opts)
			return field, reason, false
		}
		return "", "", true
	}
	items := make([]any, len(values))
	for i, text := range values {
		value, err := p.decode(text)
		if err != nil {
			return fmt.Sprintf("%s[%d]", p.field, i), err.Error(), false
		}
		items[i] = value
	}
	if err := p.schema.VisitJSON(items, opts...); err != nil {
		field, reason = describeSchemaError(p.field, items, err, opts)
		return field, reason, false
	}
	return "", "", true
}

// contentType finds the documented media type the Content-Type header
// selects, or says why none does.
func contentType(media []mediaType, header string) (m *mediaType, field, reason string, ok bool) {
	if header == "" {
		return nil, "header.Content-Type", "missing (documented: " + mediaTypeNames(media) + ")", false
	}
	if m, ok = findMediaType(media, header); !ok {
		return nil, "header.Content-Type", fmt.Sprintf("%q is not documented (documented: %s)", header, mediaTypeNames(media)), false
	}
	return m, "", "", true
}

// checkBody checks a JSON body against its schema: the fast check first,
// then, for a body it does not pass, kin-openapi on the decoded body, which
// decides and names the field. Bodies of other documented media types pass
// as they are: there is nothing to check them against.
func (v *Validator) checkBody(m *mediaType, body []byte, opts []openapi3.SchemaValidationOption) (field, reason string, ok bool) {
	if !m.json {
		return "", "", true
	}
	if m.fast != nil && m.fast.valid(body) {
		return "", "", true
	}
	var value any
	if err := json.Unmarshal(body, &value); err != nil {
		return "body", "not valid JSON: " + err.Error(), false
	}
	if m.schema == nil {
		return "", "", true
	}
	if err := m.schema.VisitJSON(value, opts...); err != nil {
		field, reason = describeSchemaError("body", value, err, opts)
		return field, reason, false
	}
	return "", "", true
}

// ValidateResponse checks a response to r: the status must be documented
// for op, and its headers, Content-Type and body must match what is
// documented for that status. op may be nil, then it is looked up from r.
func (v *Validator) ValidateResponse(op *Operation, r *http.Request, status int, h http.Header, body []byte) error {
	if r == nil || r.URL == nil {
		return &ContractError{Side: SideResponse, Field: "route", Reason: "no request"}
	}
	if op == nil {
		var ok bool
		if op, ok = v.Find(r.Method, r.URL.EscapedPath()); !ok {
			return v.routeError(r, SideResponse)
		}
	}
	if field, reason, ok := v.checkResponse(op, status, h, body); !ok {
		return &ContractError{Operation: op.ID, Method: r.Method, Path: r.URL.Path, Side: SideResponse, Field: field, Reason: reason}
	}
	return nil
}

func (v *Validator) checkResponse(op *Operation, status int, h http.Header, body []byte) (field, reason string, ok bool) {
	resp := op.response(status)
	if resp == nil {
		return "status", fmt.Sprintf("%d is not documented for this operation (documented: %s)", status, op.documented), false
	}
	for _, p := range resp.headers {
		if field, reason, ok = v.checkParam(p, h.Values(p.name), v.respOpts); !ok {
			return field, reason, false
		}
	}
	if len(resp.media) == 0 {
		return "", "", true
	}
	m, field, reason, ok := contentType(resp.media, h.Get("Content-Type"))
	if !ok {
		return field, fmt.Sprintf("%s for status %d", reason, status), false
	}
	if len(body) == 0 && m.json {
		return "body", fmt.Sprintf("empty; status %d documents a %s body", status, m.name), false
	}
	return v.checkBody(m, body, v.respOpts)
}
