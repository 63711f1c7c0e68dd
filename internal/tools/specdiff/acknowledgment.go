package specdiff

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Acknowledgment accepts one breaking change on purpose.
type Acknowledgment struct {
	ID     string `yaml:"id"`     // the change's fingerprint, as the gate prints it
	Change string `yaml:"change"` // the change as the gate prints it, for the reader
	Reason string `yaml:"reason"` // why it is accepted; required
}

type acknowledgmentFile struct {
	Acknowledged []Acknowledgment `yaml:"acknowledged"`
}

// AcknowledgmentError is a problem in the acknowledgment file.
type AcknowledgmentError struct {
	Path    string
	Entry   int // 1-based; 0 when the file as a whole is wrong
	Problem string
}

func (e *AcknowledgmentError) Error() string {
	if e.Entry == 0 {
		return fmt.Sprintf("%s: %s", e.Path, e.Problem)
	}
	return fmt.Sprintf("%s: entry %d: %s", e.Path, e.Entry, e.Problem)
}

// ReadAcknowledgments reads the acknowledgment file. A missing file
// acknowledges nothing. Every entry needs an id and a reason, and an id may
// appear once.
func ReadAcknowledgments(path string) ([]Acknowledgment, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true) // a misspelt "reason" must not pass as an empty one
	var file acknowledgmentFile
	if err := dec.Decode(&file); err != nil && !errors.Is(err, io.EOF) {
		return nil, &AcknowledgmentError{Path: path, Problem: err.Error()}
	}
	seen := map[string]int{}
	for i, a := range file.Acknowledged {
		n := i + 1
		switch {
		case strings.TrimSpace(a.ID) == "":
			return nil, &AcknowledgmentError{Path: path, Entry: n, Problem: "id is empty"}
		case strings.TrimSpace(a.Reason) == "":
			return nil, &AcknowledgmentError{Path: path, Entry: n, Problem: fmt.Sprintf("reason is empty (id %s): say why this breaking change is accepted", a.ID)}
		case seen[a.ID] != 0:
			return nil, &AcknowledgmentError{Path: path, Entry: n, Problem: fmt.Sprintf("id %s is already acknowledged by entry %d", a.ID, seen[a.ID])}
		}
		seen[a.ID] = n
	}
	return file.Acknowledged, nil
}

// acknowledgmentHeader explains the file to whoever opens it.
const acknowledgmentHeader = `# Breaking changes between api/released.json (the spec of the last release)
# and the current effective spec that are accepted on purpose. make check
# fails on a breaking change that is not listed here; make release-spec moves
# the list into the release's entry of api/releases.yaml, and CHANGELOG.md
# lists each change under the release (a test checks it). Each entry: id (as the gate prints it), change (its text, for the
# reader) and reason (why it is accepted; required). For example:
#
# acknowledged:
#   - id: 2543fd316aab
#     change: "POST /user/api/orders/{order_id}/addons/purchase: api path removed without deprecation [api-path-removed-without-deprecation]"
#     reason: ProxyShard withdrew add-ons; the facade drops them in the same release.
`

// WriteNoAcknowledgments writes an acknowledgment file that accepts nothing,
// as a release leaves it (api/releases.yaml keeps what it accepted).
func WriteNoAcknowledgments(w io.Writer) error {
	_, err := io.WriteString(w, acknowledgmentHeader+"acknowledged: []\n")
	return err
}

// SuggestAcknowledgments writes file entries for the given changes, with the
// reason left for a person to fill in.
func SuggestAcknowledgments(w io.Writer, changes []Change) error {
	for _, c := range changes {
		entry := []Acknowledgment{{ID: c.Fingerprint, Change: c.String(), Reason: ""}}
		out, err := yaml.Marshal(entry)
		if err != nil {
			return err
		}
		for _, line := range strings.SplitAfter(strings.TrimRight(string(out), "\n"), "\n") {
			if _, err := io.WriteString(w, "  "+line); err != nil {
				return err
			}
		}
		if _, err := io.WriteString(w, "\n"); err != nil {
			return err
		}
	}
	return nil
}
