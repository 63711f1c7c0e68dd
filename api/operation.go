package api

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Operation is one documented operation, with everything the validator
// needs worked out once at NewValidator so a check does no spec lookups.
type Operation struct {
	ID, Method, PathTemplate string

	segments []segment    // the path template split on "/"
	params   []*parameter // query and header parameters, in spec order
	body     *requestBody // nil: the operation takes no body

	responses       map[int]*response
	rangeResponses  [6]*response // "1XX".."5XX", by first digit
	defaultResponse *response
	documented      string // the documented statuses, for messages
}

type segment struct {
	literal string
	param   *parameter // nil for a literal segment
}

type requestBody struct {
	required bool
	media    []mediaType
}

type response struct {
	media   []mediaType // empty: the spec describes no body, any body passes
	headers []*parameter
}

// mediaType is one documented content type. A JSON type carries the schema
// its body must match (nil: any JSON).
type mediaType struct {
	name   string // "application/json", "application/*" or "*/*"
	json   bool
	schema *openapi3.Schema
	fast   *fastSchema // schema compiled for the fast check; nil: kin-openapi only
}

func newOperation(path, method string, item *openapi3.PathItem, op *openapi3.Operation) (*Operation, error) {
	if op.OperationID == "" {
		return nil, fmt.Errorf("%s %s has no operationId", method, path)
	}
	o := &Operation{ID: op.OperationID, Method: method, PathTemplate: path, responses: map[int]*response{}}
	wrap := func(err error) error { return fmt.Errorf("operation %s (%s %s): %w", o.ID, method, path, err) }

	pathParams := map[string]*parameter{}
	// Operation-level parameters override path-level ones of the same name and location.
	seen := map[string]bool{}
	for _, list := range []openapi3.Parameters{op.Parameters, item.Parameters} {
		for _, ref := range list {
			p := ref.Value
			if p == nil || seen[p.In+" "+p.Name] {
				continue
			}
			seen[p.In+" "+p.Name] = true
			cp, err := newParameter(p)
			if err != nil {
				return nil, wrap(err)
			}
			switch p.In {
			case openapi3.ParameterInPath:
				pathParams[p.Name] = cp
			case openapi3.ParameterInQuery, openapi3.ParameterInHeader:
				o.params = append(o.params, cp)
			}
		}
	}

	params := 0
	for _, s := range strings.Split(strings.TrimPrefix(path, "/"), "/") {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			p := pathParams[s[1:len(s)-1]]
			if p == nil {
				return nil, wrap(fmt.Errorf("path parameter %s is not declared", s))
			}
			if params++; params > maxPathParams {
				return nil, wrap(fmt.Errorf("more than %d path parameters", maxPathParams))
			}
			o.segments = append(o.segments, segment{param: p})
			continue
		}
		o.segments = append(o.segments, segment{literal: s})
	}

	if rb := op.RequestBody; rb != nil && rb.Value != nil {
		media, err := newMediaTypes(rb.Value.Content)
		if err != nil {
			return nil, wrap(fmt.Errorf("request body: %w", err))
		}
		o.body = &requestBody{required: rb.Value.Required, media: media}
	}

	if op.Responses == nil {
		return nil, wrap(fmt.Errorf("no responses"))
	}
	var documented []string
	for code, ref := range op.Responses.Map() {
		r, err := newResponse(ref.Value)
		if err != nil {
			return nil, wrap(fmt.Errorf("response %s: %w", code, err))
		}
		documented = append(documented, code)
		switch {
		case code == "default":
			o.defaultResponse = r
		case len(code) == 3 && strings.HasSuffix(code, "XX") && code[0] >= '1' && code[0] <= '5':
			o.rangeResponses[code[0]-'0'] = r
		default:
			status, err := strconv.Atoi(code)
			if err != nil {
				return nil, wrap(fmt.Errorf("response status %q is not a number", code))
			}
			o.responses[status] = r
		}
	}
	sort.Strings(documented)
	o.documented = strings.Join(documented, ", ")
	return o, nil
}

func newMediaTypes(content openapi3.Content) ([]mediaType, error) {
	names := make([]string, 0, len(content))
	for name := range content {
		names = append(names, name)
	}
	sort.Strings(names)
	media := make([]mediaType, 0, len(names))
	for _, name := range names {
		m := mediaType{name: strings.ToLower(name), json: isJSONMediaType(name)}
		if ref := content[name].Schema; ref != nil {
			if ref.Value == nil {
				return nil, fmt.Errorf("media type %s: unresolved schema %s", name, ref.Ref)
			}
			m.schema = ref.Value
			m.fast = compileFast(ref.Value)
		}
		media = append(media, m)
	}
	return media, nil
}

func newResponse(r *openapi3.Response) (*response, error) {
	if r == nil {
		return nil, fmt.Errorf("unresolved response")
	}
	media, err := newMediaTypes(r.Content)
	if err != nil {
		return nil, err
	}
	out := &response{media: media}
	names := make([]string, 0, len(r.Headers))
	for name := range r.Headers {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		h := r.Headers[name].Value
		if h == nil {
			return nil, fmt.Errorf("header %s: unresolved", name)
		}
		p, err := newParameter(&openapi3.Parameter{Name: name, In: openapi3.ParameterInHeader, Required: h.Required, Schema: h.Schema})
		if err != nil {
			return nil, err
		}
		out.headers = append(out.headers, p)
	}
	return out, nil
}

// response finds what the spec documents for status: the exact code first,
// then its range ("4XX"), then "default"; nil when it is undocumented.
func (o *Operation) response(status int) *response {
	if r := o.responses[status]; r != nil {
		return r
	}
	if status >= 100 && status < 600 {
		if r := o.rangeResponses[status/100]; r != nil {
			return r
		}
	}
	return o.defaultResponse
}

// findMediaType returns the documented media type a Content-Type header
// selects: the exact type first, then "type/*", then "*/*". Parameters such
// as charset take no part.
func findMediaType(media []mediaType, contentType string) (*mediaType, bool) {
	base := contentType
	if i := strings.IndexByte(base, ';'); i >= 0 {
		base = base[:i]
	}
	base = strings.TrimSpace(base)
	slash := strings.IndexByte(base, '/')
	if slash <= 0 || slash == len(base)-1 {
		return nil, false
	}
	for i := range media {
		if strings.EqualFold(media[i].name, base) {
			return &media[i], true
		}
	}
	for i := range media {
		if m := media[i].name; strings.HasSuffix(m, "/*") && strings.EqualFold(m[:len(m)-1], base[:slash+1]) {
			return &media[i], true
		}
	}
	for i := range media {
		if media[i].name == "*/*" {
			return &media[i], true
		}
	}
	return nil, false
}

func isJSONMediaType(name string) bool {
	name = strings.ToLower(name)
	return name == "application/json" || strings.HasSuffix(name, "+json")
}

func mediaTypeNames(media []mediaType) string {
	names := make([]string, len(media))
	for i, m := range media {
		names[i] = m.name
	}
	return strings.Join(names, ", ")
}

// methodOrder lists HTTP methods in the order the route table and messages use.
var methodOrder = []string{
	http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
	http.MethodDelete, http.MethodOptions, http.MethodTrace,
}
