package specdiff

import (
	"fmt"
	"strings"
)

// Verdict is the current effective spec judged against the last released one.
type Verdict struct {
	Report         Report   // every change from the release to now
	Unacknowledged []Change // breaking and not acknowledged: the gate fails
	Acknowledged   []Change // breaking and acknowledged
	// Stale acknowledgments match no current change: harmless, worth removing.
	Stale []Acknowledgment
	// UnmatchedActions are overlay actions that select nothing: the gate
	// fails, since the generator skips them silently (see LoadEffective).
	UnmatchedActions []string
	// LayerNotices are items of the spec layer (api/supplement) that gave
	// way to the pages: the gate fails until a person settles each.
	LayerNotices []string
}

// Gate compares released with current and sorts the breaking changes into
// acknowledged and not.
func Gate(released, current *Effective, acks []Acknowledgment) (*Verdict, error) {
	report, err := Compare(released.Spec, current.Spec)
	if err != nil {
		return nil, err
	}
	v := &Verdict{Report: report, UnmatchedActions: current.UnmatchedActions}
	used := map[string]bool{}
	byID := map[string]bool{}
	for _, a := range acks {
		byID[a.ID] = true
	}
	for _, c := range report.Breaking() {
		if byID[c.Fingerprint] {
			used[c.Fingerprint] = true
			v.Acknowledged = append(v.Acknowledged, c)
			continue
		}
		v.Unacknowledged = append(v.Unacknowledged, c)
	}
	for _, a := range acks {
		if !used[a.ID] {
			v.Stale = append(v.Stale, a)
		}
	}
	return v, nil
}

// Err is nil when the gate passes, a *GateError otherwise.
func (v *Verdict) Err() error {
	if len(v.Unacknowledged) == 0 && len(v.UnmatchedActions) == 0 && len(v.LayerNotices) == 0 {
		return nil
	}
	return &GateError{Unacknowledged: v.Unacknowledged, UnmatchedActions: v.UnmatchedActions, LayerNotices: v.LayerNotices}
}

// GateError lists what stops the gate.
type GateError struct {
	Unacknowledged   []Change
	UnmatchedActions []string
	LayerNotices     []string
}

func (e *GateError) Error() string {
	var b strings.Builder
	unacknowledged := make([]string, len(e.Unacknowledged))
	for i, c := range e.Unacknowledged {
		unacknowledged[i] = fmt.Sprintf("%s (id %s)", c, c.Fingerprint)
	}
	listSection(&b, "breaking change(s) since the last release are not acknowledged:", unacknowledged)
	listSection(&b, "overlay action(s) select nothing in the merged spec; remove or correct them:", e.UnmatchedActions)
	listSection(&b, "item(s) of the spec layer give way to the published pages; settle each in api/supplement/:", e.LayerNotices)
	return b.String()
}

// listSection writes "<n> <title>" and the items, one per line, after any
// section before it; nothing when there are no items.
func listSection(b *strings.Builder, title string, items []string) {
	if len(items) == 0 {
		return
	}
	if b.Len() > 0 {
		b.WriteString("\n")
	}
	fmt.Fprintf(b, "%d %s", len(items), title)
	for _, item := range items {
		fmt.Fprintf(b, "\n  %s", item)
	}
}
