package release

import (
	"fmt"
	"regexp"
	"strings"
)

// Section is one "## [...]" part of CHANGELOG.md.
type Section struct {
	Version string // "Unreleased" or MAJOR.MINOR.PATCH
	Date    string // YYYY-MM-DD; empty for Unreleased
	Body    string // everything up to the next section
}

var (
	sectionHeading  = regexp.MustCompile(`(?m)^## .*$`)
	releasedHeading = regexp.MustCompile(`^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$`)
	// Link definitions at the end ("[0.1.0]: https://...") belong to no section.
	linkDefinition = regexp.MustCompile(`(?m)^\[[^\]]+\]: \S+\s*$`)
)

// ParseChangelog splits CHANGELOG.md (Keep a Changelog 1.1.0) into its
// sections, newest first. The first must be "## [Unreleased]"; every other
// heading is "## [MAJOR.MINOR.PATCH] - YYYY-MM-DD".
func ParseChangelog(text string) ([]Section, error) {
	locs := sectionHeading.FindAllStringIndex(text, -1)
	if len(locs) == 0 || text[locs[0][0]:locs[0][1]] != "## [Unreleased]" {
		return nil, fmt.Errorf(`CHANGELOG.md: the first section must be "## [Unreleased]"`)
	}
	var sections []Section
	for i, loc := range locs {
		heading := text[loc[0]:loc[1]]
		end := len(text)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		body := linkDefinition.ReplaceAllString(text[loc[1]:end], "")
		if i == 0 {
			sections = append(sections, Section{Version: "Unreleased", Body: body})
			continue
		}
		m := releasedHeading.FindStringSubmatch(heading)
		if m == nil {
			return nil, fmt.Errorf(`CHANGELOG.md: heading %q: write "## [MAJOR.MINOR.PATCH] - YYYY-MM-DD"`, heading)
		}
		sections = append(sections, Section{Version: m[1], Date: m[2], Body: body})
	}
	return sections, nil
}

// Empty reports whether a section lists nothing: only blank lines and
// "### Added"-style subheadings.
func (s Section) Empty() bool {
	for _, line := range strings.Split(s.Body, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "### ") {
			return false
		}
	}
	return true
}
