// Command release tags a release once its records agree: `make release`.
//
// It refuses unless facade.Version, CHANGELOG.md and the released spec agree
// (internal/tools/release.Check), the release carries everything (Unreleased is
// empty, no acknowledgment is pending, the current effective spec is the
// released one), the working tree is committed and the tag is new. Then it
// creates the annotated tag vVERSION; pushing it is left to the person.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/proxyshard/proxyshard-go/internal/tools/release"
	"github.com/proxyshard/proxyshard-go/internal/tools/specdiff"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("release", flag.ContinueOnError)
	flags.SetOutput(stderr)
	root := flags.String("root", ".", "the module root")
	version := flags.String("version", "", "the version to release (default: facade.Version, read from facade/version.go)")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	// Read from the source, not linked in: like the spec tools, the release
	// tool must build while the facade does not.
	if *version == "" {
		v, err := release.ModuleVersion(*root)
		if err != nil {
			_, _ = fmt.Fprintf(stderr, "release: not tagged: %v\n", err)
			return 1
		}
		*version = v
	}
	tag, err := tagRelease(*root, *version)
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "release: not tagged:\n%v\n", err)
		return 1
	}
	_, _ = fmt.Fprintf(stdout, "Tagged %s. Publish it with: git push origin %s\n", tag, tag)
	return 0
}

func tagRelease(root, version string) (string, error) {
	if err := ready(root, version); err != nil {
		return "", err
	}
	tag := "v" + version
	status, err := git(root, "status", "--porcelain")
	if err != nil {
		return "", err
	}
	if status != "" {
		return "", fmt.Errorf("the working tree has uncommitted changes; commit them first:\n%s", status)
	}
	if _, err := git(root, "rev-parse", "-q", "--verify", "refs/tags/"+tag); err == nil {
		return "", fmt.Errorf("tag %s exists already: set facade.Version to the next version and run make release-spec", tag)
	}
	if _, err := git(root, "tag", "-a", tag, "-m", "proxyshard-go "+version); err != nil {
		return "", err
	}
	return tag, nil
}

// ready returns every reason the tree cannot be released as version.
func ready(root, version string) error {
	f := release.ModuleFiles(root)
	problems := []error{release.Check(f, version)}

	text, err := os.ReadFile(f.Changelog)
	if err != nil {
		return err
	}
	if sections, err := release.ParseChangelog(string(text)); err == nil && !sections[0].Empty() {
		problems = append(problems, unreleasedLeft(f.Changelog, sections, version))
	}
	pending, err := specdiff.ReadAcknowledgments(f.Acks)
	if err != nil {
		return err
	}
	if len(pending) > 0 {
		problems = append(problems, fmt.Errorf("%s has %d acknowledgment(s) no release carries: run make release-spec", f.Acks, len(pending)))
	}
	problems = append(problems, specReleased(root, f))
	return errors.Join(problems...)
}

// unreleasedLeft says what to do with the entries still under [Unreleased],
// which no release carries: name the section for version the way
// CONTRIBUTING.md ("Releasing") does; or, when version has its section
// already, they are the next release's, unless they belong in version's.
func unreleasedLeft(changelog string, sections []release.Section, version string) error {
	for _, s := range sections[1:] {
		if s.Version == version {
			return fmt.Errorf("%s [Unreleased] lists changes that %s would not carry: its section \"## [%s] - %s\" exists already. "+
				"To release them, set facade.Version to the next version and follow CONTRIBUTING.md, \"Releasing\" "+
				"(make release-spec, then rename \"## [Unreleased]\" to \"## [NEXT] - YYYY-MM-DD\" under a new empty \"## [Unreleased]\"); "+
				"if they belong in %s itself, move them into its section", changelog, version, version, s.Date, version)
		}
	}
	return fmt.Errorf("%s [Unreleased] is not empty and %s has no section yet: rename \"## [Unreleased]\" to \"## [%s] - YYYY-MM-DD\" (the release date), "+
		"put a new empty \"## [Unreleased]\" above it and add the link for %s at the end (CONTRIBUTING.md, \"Releasing\")", changelog, version, version, version)
}

// specReleased fails when the current effective spec differs from the
// released one: the release would not describe the API it ships.
func specReleased(root string, f release.Files) error {
	current, err := specdiff.LoadEffective(filepath.Join(root, "api", "openapi.json"), filepath.Join(root, "api", "overlay.yaml"))
	if err != nil {
		return err
	}
	released, err := specdiff.LoadEffective(f.Released, "")
	if err != nil {
		return err
	}
	verdict, err := specdiff.Gate(released, current, nil)
	if err != nil {
		return err
	}
	if n := len(verdict.Report.Changes); n > 0 {
		return fmt.Errorf("the effective spec has %d change(s) since %s (make spec-gate V=1 lists them): set facade.Version to the next version and run make release-spec", n, f.Released)
	}
	return nil
}

func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(string(out)), nil
}
