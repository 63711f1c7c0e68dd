package specmerge

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
)

// The rules of the spec layer. A supplement mirrors the OpenAPI document:
//
//   - A mapping WITH "x-source" is an item. Without "x-replaces" it is an
//     addition: the pages must not define that place (a new path, operation,
//     response, property, parameter or component). With "x-replaces" it is a
//     replacement: "x-replaces" holds, verbatim, what the pages define there,
//     and the item takes its place.
//   - A mapping WITHOUT "x-source" is a step: it names a place the pages
//     define and descends into it, so that items can extend an existing
//     operation or schema. Only a path item (under paths) and a section
//     (under components) are created by a step when the pages lack them.
//   - Under a step, "parameters" lists parameters matched by name and in, and
//     "required" may list the names of properties the same step adds.
//     Any other value under a step needs an item around it.
//
// Top-level keys starting with "x-" belong to the file (values to refer to
// with YAML anchors) and are not merged.
//
// "x-source" says where the fact comes from: {facts: <section of the API
// 1.1.0 facts>, ref: <the public reference that section names>}. It stays in
// the merged spec, so the effective spec shows what the pages do not say;
// "x-replaces" does not.
//
// The layer gives way to the pages. When the pages define what an addition
// adds, or no longer define what a replacement replaces or a step extends
// exactly as written, the pages' definition is used and the item becomes a
// Notice: make check fails on notices, make update-spec prints them, and
// nothing is ever defined twice.
const (
	sourceKey   = "x-source"
	replacesKey = "x-replaces"
)

// Notice reports a supplement item that gave way to the pages.
type Notice struct {
	File  string // the supplement file
	Where string // the item's place, e.g. components.schemas.ActiveProxyItem.properties.signature
	What  string // what happened and what to do
}

func (n Notice) String() string {
	return fmt.Sprintf("api/supplement/%s: %s: %s", n.File, n.Where, n.What)
}

const (
	noticeSame     = "the pages now define it the same way; remove it from the supplement"
	noticeDiffers  = "the pages now define it differently and their definition is used; check the difference, then remove it from the supplement"
	noticeCaughtUp = "the pages now say what this replacement says; remove it from the supplement"
	noticeChanged  = "the pages changed what this replaces (it no longer equals x-replaces) and their definition is used; if they now document it remove the replacement, else update x-replaces"
	noticeNoTarget = "the pages do not define what this extends or replaces, so nothing was applied; correct or remove it"
	noticeGone     = "the pages do not define what this replaces any more, so nothing was applied; remove it from the supplement"
)

// layer applies supplements to the merged pages and collects what gave way.
type layer struct {
	file    string
	owner   map[string]string // place -> supplement file of the item that added it
	notices []Notice
	errs    []error
}

func (l *layer) notice(where, what string) {
	l.notices = append(l.notices, Notice{File: l.file, Where: where, What: what})
}

func (l *layer) fail(where, format string, args ...any) {
	l.errs = append(l.errs, fmt.Errorf("api/supplement/%s: %s: %s", l.file, where, fmt.Sprintf(format, args...)))
}

// applyLayer applies every supplement, in order, to doc.
func applyLayer(doc map[string]any, supplements []Supplement) ([]Notice, error) {
	l := &layer{owner: map[string]string{}}
	for _, s := range supplements {
		sup, err := parseSupplement(s)
		if err != nil {
			return nil, err
		}
		l.file = s.Name
		for key := range sup {
			if strings.HasPrefix(key, "x-") {
				delete(sup, key) // the file's own definitions (YAML anchors), not part of the spec
			}
		}
		l.step(doc, sup, nil)
	}
	if len(l.errs) > 0 {
		return nil, errors.Join(l.errs...)
	}
	return l.notices, nil
}

// step descends into base, which the pages (or an earlier item) define, and
// applies sup's children.
func (l *layer) step(base, sup map[string]any, place []string) {
	if _, ok := sup[replacesKey]; ok {
		l.fail(render(place), "x-replaces without x-source: a replacement is an item and needs its source")
	}
	for _, key := range sortedKeys(sup) {
		if key == "required" || key == replacesKey {
			continue // required after properties; x-replaces reported above
		}
		value := sup[key]
		here := append(append([]string(nil), place...), key)
		if key == "parameters" {
			l.parameters(base, value, here)
			continue
		}
		child, isMap := value.(map[string]any)
		existing, exists := base[key]
		switch {
		case isMap && hasSource(child):
			if v, ok := l.item(child, existing, exists, here); ok {
				base[key] = v
			}
		case !isMap:
			l.fail(render(here), "a value under a step needs an item around it: an object with x-source (and x-replaces to replace what the pages say)")
		case !exists && createdByStep(place):
			// A new path (or component section) is a container: the
			// operations (components) in it are the items.
			created := map[string]any{}
			l.step(created, child, here)
			if len(created) > 0 {
				base[key] = created
			}
		case !exists:
			l.notice(render(here), noticeNoTarget)
		default:
			next, ok := existing.(map[string]any)
			if !ok {
				l.fail(render(here), "the pages define a %T here, not an object to extend", existing)
				continue
			}
			l.step(next, child, here)
		}
	}
	if req, ok := sup["required"]; ok {
		l.required(base, sup, req, append(append([]string(nil), place...), "required"))
	}
}

// item puts an addition or a replacement in place, or gives way to the pages.
func (l *layer) item(sup map[string]any, existing any, exists bool, place []string) (any, bool) {
	where := render(place)
	if err := checkSource(sup[sourceKey]); err != nil {
		l.fail(where, "%v", err)
		return nil, false
	}
	id := strings.Join(place, "\x00")
	if first, ok := l.owner[id]; ok {
		l.errs = append(l.errs, &ConflictError{What: "supplement item " + where, First: "api/supplement/" + first, Second: "api/supplement/" + l.file})
		return nil, false
	}
	replaced, isReplacement := sup[replacesKey]
	value := withoutKey(sup, replacesKey)
	bare := stripMarks(sup)
	switch {
	case !isReplacement && !exists:
	case !isReplacement && reflect.DeepEqual(existing, bare):
		l.notice(where, noticeSame)
		return nil, false
	case !isReplacement:
		l.notice(where, noticeDiffers)
		return nil, false
	case !exists:
		l.notice(where, noticeGone)
		return nil, false
	case reflect.DeepEqual(existing, bare):
		l.notice(where, noticeCaughtUp)
		return nil, false
	case !reflect.DeepEqual(existing, replaced):
		l.notice(where, noticeChanged)
		return nil, false
	}
	l.owner[id] = l.file
	return value, true
}

// parameters extends an operation's (or path's) parameter list: each entry
// is matched with the pages' by name and in.
func (l *layer) parameters(base map[string]any, value any, place []string) {
	list, ok := value.([]any)
	if !ok {
		l.fail(render(place), "parameters must be a list")
		return
	}
	params, _ := base["parameters"].([]any)
	for _, entry := range list {
		p, _ := entry.(map[string]any)
		name, _ := p["name"].(string)
		in, _ := p["in"].(string)
		if name == "" || in == "" {
			l.fail(render(place), "every parameter names its name and in, so it can be matched with the pages'")
			continue
		}
		here := append(append([]string(nil), place...), "["+in+" "+name+"]")
		at := -1
		for i, q := range params {
			qm, _ := q.(map[string]any)
			if qm["name"] == name && qm["in"] == in {
				at = i
			}
		}
		switch {
		case hasSource(p):
			var existing any
			if at >= 0 {
				existing = params[at]
			}
			v, ok := l.item(p, existing, at >= 0, here)
			switch {
			case !ok:
			case at >= 0:
				params[at] = v
			default:
				params = append(params, v)
			}
		case at < 0:
			l.notice(render(here), noticeNoTarget)
		default:
			target, _ := params[at].(map[string]any)
			rest := withoutKey(p, "name")
			delete(rest, "in")
			l.step(target, rest, here)
		}
	}
	if len(params) > 0 {
		base["parameters"] = params
	}
}

// required adds to the pages' required list the properties the same step
// added; a property that gave way leaves required to the pages too.
func (l *layer) required(base, sup map[string]any, value any, place []string) {
	list, ok := value.([]any)
	if !ok {
		l.fail(render(place), "required must be a list of property names")
		return
	}
	props, _ := sup["properties"].(map[string]any)
	current, _ := base["required"].([]any)
	for _, entry := range list {
		name, _ := entry.(string)
		prop, _ := props[name].(map[string]any)
		if !hasSource(prop) {
			l.fail(render(place), "%q: a step may require only a property it adds (an item under properties)", entry)
			continue
		}
		if !addedProperty(base, name) {
			continue
		}
		if !containsString(current, name) {
			current = append(current, name)
		}
	}
	base["required"] = current
}

// addedProperty tells whether base now holds the layer's item for the
// property name (it was added, not given way).
func addedProperty(base map[string]any, name string) bool {
	props, _ := base["properties"].(map[string]any)
	prop, _ := props[name].(map[string]any)
	_, ok := prop[sourceKey]
	return ok
}

// createdByStep tells whether a step may create the container under place:
// a path item under paths, a section under components. Anywhere else a
// step names what the pages define, so a misspelt name is not a new object.
func createdByStep(place []string) bool {
	return len(place) == 1 && (place[0] == "paths" || place[0] == "components")
}

func checkSource(v any) error {
	src, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("x-source must be {facts: <section>, ref: <public reference>}")
	}
	for _, key := range sortedKeys(src) {
		if key != "facts" && key != "ref" {
			return fmt.Errorf("x-source has only facts and ref, not %q", key)
		}
	}
	for _, key := range []string{"facts", "ref"} {
		if s, _ := src[key].(string); strings.TrimSpace(s) == "" {
			return fmt.Errorf("x-source.%s is empty: say where this comes from", key)
		}
	}
	return nil
}

func hasSource(m map[string]any) bool {
	_, ok := m[sourceKey]
	return ok
}

func withoutKey(m map[string]any, key string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if k != key {
			out[k] = v
		}
	}
	return out
}

// stripMarks is an item as the pages would write it: without x-source and
// x-replaces anywhere.
func stripMarks(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, val := range t {
			if k != sourceKey && k != replacesKey {
				out[k] = stripMarks(val)
			}
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, val := range t {
			out[i] = stripMarks(val)
		}
		return out
	default:
		return v
	}
}

func containsString(list []any, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

var plainSegment = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// render writes a place the way a reader finds it, close to the overlay's
// JSONPath: paths['/user/api/me'].get.responses['200'].
func render(place []string) string {
	var b strings.Builder
	for i, seg := range place {
		switch {
		case strings.HasPrefix(seg, "["):
			b.WriteString(seg)
		case plainSegment.MatchString(seg):
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(seg)
		default:
			b.WriteString("['" + seg + "']")
		}
	}
	if b.Len() == 0 {
		return "(top level)"
	}
	return b.String()
}
