package api

import (
	"sort"
	"strings"
)

// maxPathParams bounds the parameters one path template may hold, so a
// lookup keeps their values on the stack. NewValidator refuses more.
const maxPathParams = 8

// routeTable finds the operation for a method and a URL path. Operations
// are grouped by method and by segment count, and within a group sorted so
// that literal segments come before {param} segments, position by
// position: the first template that matches is the most specific one, and
// /user/api/orders/calculate never matches /user/api/orders/{id}.
// Hosts play no part: the API can sit behind any base URL host.
type routeTable struct {
	byMethod map[string][][]*Operation // method -> segment count -> candidates
}

func newRouteTable(ops []*Operation) routeTable {
	t := routeTable{byMethod: map[string][][]*Operation{}}
	for _, op := range ops {
		groups := t.byMethod[op.Method]
		for len(groups) <= len(op.segments) {
			groups = append(groups, nil)
		}
		groups[len(op.segments)] = append(groups[len(op.segments)], op)
		t.byMethod[op.Method] = groups
	}
	for _, groups := range t.byMethod {
		for _, group := range groups {
			sort.SliceStable(group, func(i, j int) bool { return moreSpecific(group[i], group[j]) })
		}
	}
	return t
}

// moreSpecific orders two templates of equal length: at the first position
// where one has a literal and the other a parameter, the literal wins.
func moreSpecific(a, b *Operation) bool {
	for i := range a.segments {
		aLit, bLit := a.segments[i].param == nil, b.segments[i].param == nil
		if aLit != bLit {
			return aLit
		}
	}
	return a.PathTemplate < b.PathTemplate
}

// pathValues holds the raw text of each {param} segment of a matched path.
type pathValues struct {
	n      int
	values [maxPathParams]string
}

// lookup matches path against the templates documented for method. It
// allocates nothing: segments are compared in place.
func (t routeTable) lookup(method, path string, vals *pathValues) *Operation {
	groups := t.byMethod[method]
	if len(path) == 0 || path[0] != '/' {
		return nil
	}
	rest := path[1:]
	count := strings.Count(rest, "/") + 1
	if count >= len(groups) {
		return nil
	}
	for _, op := range groups[count] {
		if op.match(rest, vals) {
			return op
		}
	}
	return nil
}

func (o *Operation) match(rest string, vals *pathValues) bool {
	vals.n = 0
	for i := range o.segments {
		s := rest
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			s, rest = rest[:j], rest[j+1:]
		}
		seg := &o.segments[i]
		if seg.param == nil {
			if s != seg.literal {
				return false
			}
			continue
		}
		if s == "" {
			return false
		}
		vals.values[vals.n] = s
		vals.n++
	}
	return true
}

// methodsFor lists the methods documented for path, for a message that
// says "wrong method" rather than "unknown path".
func (t routeTable) methodsFor(path string) []string {
	var methods []string
	var vals pathValues
	for _, m := range methodOrder {
		if t.lookup(m, path, &vals) != nil {
			methods = append(methods, m)
		}
	}
	return methods
}
