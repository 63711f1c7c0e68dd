package release

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/proxyshard/proxyshard-go/internal/tools/specdiff"
)

// Files are the records a release keeps in agreement.
type Files struct {
	Changelog string // CHANGELOG.md
	Released  string // api/released.json: the effective spec of the last release
	History   string // api/releases.yaml: every release with its spec digest and acknowledgments
	Acks      string // api/breaking-changes.yaml: acknowledgments since the last release
}

// ModuleFiles are the records of the module rooted at root.
func ModuleFiles(root string) Files {
	return Files{
		Changelog: filepath.Join(root, "CHANGELOG.md"),
		Released:  filepath.Join(root, "api", "released.json"),
		History:   filepath.Join(root, "api", "releases.yaml"),
		Acks:      filepath.Join(root, "api", "breaking-changes.yaml"),
	}
}

// Check returns every disagreement between version (facade.Version), the
// changelog and the released spec, each saying what to do; nil when they agree.
//
// They agree when the last release in api/releases.yaml is version and
// recorded api/released.json as it is, CHANGELOG.md has one section per
// release (newest first, after Unreleased), and each breaking API change
// acknowledged for a release is listed in its section (those acknowledged
// since the last release in Unreleased).
func Check(f Files, version string) error {
	history, err := ReadHistory(f.History)
	if err != nil {
		return err
	}
	if len(history) == 0 {
		return fmt.Errorf("%s records no release: set facade.Version and run make release-spec", f.History)
	}
	var problems []error
	last := history[len(history)-1]
	if last.Version != version {
		problems = append(problems, fmt.Errorf("facade.Version is %s but the last release in %s is %s: after changing facade.Version run make release-spec", version, f.History, last.Version))
	}
	released, err := os.ReadFile(f.Released)
	if err != nil {
		return err
	}
	if Digest(released) != last.Spec {
		problems = append(problems, fmt.Errorf("%s is not the spec release %s recorded: only make release-spec writes it", f.Released, last.Version))
	}

	text, err := os.ReadFile(f.Changelog)
	if err != nil {
		return err
	}
	sections, err := ParseChangelog(string(text))
	if err != nil {
		return errors.Join(append(problems, err)...)
	}
	var listed, recorded []string
	for _, s := range sections[1:] {
		listed = append(listed, s.Version)
	}
	for _, r := range slices.Backward(history) {
		recorded = append(recorded, r.Version)
	}
	if !slices.Equal(listed, recorded) {
		problems = append(problems, fmt.Errorf("%s has sections for %v but %s records the releases %v (newest first): give each release one section, newest first",
			f.Changelog, listed, f.History, recorded))
	}

	byVersion := map[string]Section{}
	for _, s := range sections {
		byVersion[s.Version] = s
	}
	for _, r := range history {
		problems = append(problems, unlisted(f.Changelog, byVersion[r.Version], r.Version, r.Acknowledged)...)
	}
	pending, err := specdiff.ReadAcknowledgments(f.Acks)
	if err != nil {
		return errors.Join(append(problems, err)...)
	}
	problems = append(problems, unlisted(f.Changelog, sections[0], "Unreleased", pending)...)
	return errors.Join(problems...)
}

// unlisted names each acknowledged change the section does not list.
func unlisted(changelog string, s Section, version string, acks []specdiff.Acknowledgment) []error {
	var problems []error
	for _, a := range acks {
		if !strings.Contains(s.Body, a.Change) {
			problems = append(problems, fmt.Errorf("%s [%s] does not list the breaking API change acknowledged for it: add the line \"- %s\"", changelog, version, a.Change))
		}
	}
	return problems
}
