package specdiff

import (
	"fmt"
	"io"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/oasdiff/checker"
	"github.com/oasdiff/oasdiff/diff"
	"github.com/oasdiff/oasdiff/load"
)

// Change is one difference between two effective specs, as an oasdiff rule
// (or ours, see gotypes.go) describes it: an operation, parameter, request or response property or
// enum value added or removed, a constraint changed, and so on.
type Change struct {
	Rule        string // the oasdiff rule, e.g. "api-path-removed-without-deprecation"
	Fingerprint string // stable for the same change against the same base; acknowledgments use it
	Operation   string // HTTP method; empty for a change to the whole document
	Path        string
	Text        string
	Breaking    bool
}

// String is the change as one line: "POST /path: text [rule]".
func (c Change) String() string {
	where := c.Path
	if c.Operation != "" {
		where = c.Operation + " " + c.Path
	}
	if where == "" {
		return fmt.Sprintf("%s [%s]", c.Text, c.Rule)
	}
	return fmt.Sprintf("%s: %s [%s]", where, c.Text, c.Rule)
}

// Report is every change from a base spec to a revision, the breaking ones
// first.
type Report struct {
	Changes []Change
}

// Compare reports the changes from base to revision.
func Compare(base, revision *openapi3.T) (Report, error) {
	d, sources, err := diff.GetWithOperationsSourcesMap(diff.NewConfig(),
		&load.SpecInfo{Url: "base", Spec: base},
		&load.SpecInfo{Url: "revision", Spec: revision})
	if err != nil {
		return Report{}, fmt.Errorf("comparing specs: %w", err)
	}
	found := checker.CheckBackwardCompatibilityUntilLevel(checkerConfig(), d, sources, checker.INFO)
	localizer := checker.NewDefaultLocalizer()
	// Ours first: they are breaking, and the list puts the breaking first.
	r := Report{Changes: goTypeChanges(base, revision)}
	for _, c := range found { // oasdiff sorts by level, most severe first
		r.Changes = append(r.Changes, Change{
			Rule:        c.GetId(),
			Fingerprint: checker.Fingerprint(c),
			Operation:   c.GetOperation(),
			Path:        c.GetPath(),
			Text:        c.GetUncolorizedText(localizer),
			Breaking:    c.GetLevel() >= breakingLevel,
		})
	}
	return r, nil
}

// Breaking returns the breaking changes.
func (r Report) Breaking() []Change {
	var out []Change
	for _, c := range r.Changes {
		if c.Breaking {
			out = append(out, c)
		}
	}
	return out
}

// Summary is a count such as "6 changes, 4 breaking" or "no change".
func (r Report) Summary() string {
	switch n := len(r.Changes); n {
	case 0:
		return "no change"
	case 1:
		return fmt.Sprintf("1 change, %d breaking", len(r.Breaking()))
	default:
		return fmt.Sprintf("%d changes, %d breaking", n, len(r.Breaking()))
	}
}

// Write prints the summary and one line per change, breaking ones marked.
func (r Report) Write(w io.Writer) error {
	if _, err := fmt.Fprintln(w, r.Summary()); err != nil {
		return err
	}
	return r.WriteChanges(w)
}

// WriteChanges prints one line per change, breaking ones marked.
func (r Report) WriteChanges(w io.Writer) error {
	for _, c := range r.Changes {
		mark := "         "
		if c.Breaking {
			mark = "BREAKING "
		}
		if _, err := fmt.Fprintf(w, "  %s%s\n", mark, c); err != nil {
			return err
		}
	}
	return nil
}
