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
	if len(v.Unacknowledged) == 0 && len(v.UnmatchedActions) == 0 {
		return nil
	}
	return &GateError{Unacknowledged: v.Unacknowledged, UnmatchedActions: v.UnmatchedActions}
}

// GateError lists what stops the gate.
type GateError struct {
	Unacknowledged   []Change
	UnmatchedActions []string
}

func (e *GateError) Error() string {
	var b strings.Builder
	if n := len(e.Unacknowledged); n > 0 {
		fmt.Fprintf(&b, "%d breaking change(s) since the last release are not acknowledged:", n)
		for _, c := range e.Unacknowledged {
			fmt.Fprintf(&b, "\n  %s (id %s)", c, c.Fingerprint)
		}
	}
	if n := len(e.UnmatchedActions); n > 0 {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%d overlay action(s) select nothing in the merged spec; remove or correct them:", n)
		for _, t := range e.UnmatchedActions {
			fmt.Fprintf(&b, "\n  %s", t)
		}
	}
	return b.String()
}
