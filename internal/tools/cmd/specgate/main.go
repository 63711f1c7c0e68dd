// Command specgate keeps breaking API changes from reaching a release
// unnoticed. `make check` runs it: the current effective spec (api/openapi.json
// + api/overlay.yaml) is compared with the last released one
// (api/released.json), and every breaking change must be acknowledged with a
// reason in api/breaking-changes.yaml; items of the spec layer
// (api/supplement) that gave way to the published pages fail it too. `make release-spec` runs it with
// -release, which records the current spec as released for facade.Version and
// moves the acknowledgments into that release's entry of api/releases.yaml.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/proxyshard/proxyshard-go/internal/specmerge"
	"github.com/proxyshard/proxyshard-go/internal/tools/release"
	"github.com/proxyshard/proxyshard-go/internal/tools/specdiff"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// files are the spec files of the api folder the gate reads and writes.
type files struct {
	spec, overlay, released, acks, history string
	manifest, supplement                   string // the pages and the spec layer they are merged with
}

func apiFiles(dir string) files {
	return files{
		spec:       filepath.Join(dir, "openapi.json"),
		overlay:    filepath.Join(dir, "overlay.yaml"),
		released:   filepath.Join(dir, "released.json"),
		acks:       filepath.Join(dir, "breaking-changes.yaml"),
		history:    filepath.Join(dir, "releases.yaml"),
		manifest:   filepath.Join(dir, "upstream", "manifest.json"),
		supplement: filepath.Join(dir, "supplement"),
	}
}

func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("specgate", flag.ContinueOnError)
	flags.SetOutput(stderr)
	dir := flags.String("api", "api", "folder with openapi.json, overlay.yaml, released.json and breaking-changes.yaml")
	releasing := flags.Bool("release", false, "record the current effective spec as released and move the acknowledgments into api/releases.yaml")
	version := flags.String("version", "", "the version -release records (default: facade.Version, read from facade/version.go next to the api folder)")
	verbose := flags.Bool("v", false, "list every change since the release, not only the breaking ones")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	f := apiFiles(*dir)
	var err error
	if *releasing {
		if *version == "" {
			// Read, not imported: the gate must run while an upstream
			// removal keeps the facade from compiling.
			*version, err = release.ModuleVersion(filepath.Dir(filepath.Clean(*dir)))
		}
		if err == nil {
			err = releaseSpec(f, *version, stdout)
		}
	} else {
		err = gate(f, *verbose, stdout)
	}
	if err != nil {
		_, _ = fmt.Fprintln(stderr, "specgate:", err)
		return 1
	}
	return 0
}

// judge runs the gate on the files.
func judge(f files) (*specdiff.Verdict, *specdiff.Effective, error) {
	current, err := specdiff.LoadEffective(f.spec, f.overlay)
	if err != nil {
		return nil, nil, err
	}
	released, err := specdiff.LoadEffective(f.released, "")
	if err != nil {
		if _, statErr := os.Stat(f.released); errors.Is(statErr, fs.ErrNotExist) {
			return nil, nil, fmt.Errorf("%s is missing: run make release-spec to record the released spec", f.released)
		}
		return nil, nil, err
	}
	acks, err := specdiff.ReadAcknowledgments(f.acks)
	if err != nil {
		return nil, nil, err
	}
	verdict, err := specdiff.Gate(released, current, acks)
	if err != nil {
		return nil, nil, err
	}
	if verdict.LayerNotices, err = layerNotices(f); err != nil {
		return nil, nil, err
	}
	return verdict, current, nil
}

// gate prints the changes since the release (only the breaking ones unless
// verbose: make check should stay readable) and fails on what Verdict.Err names.
func gate(f files, verbose bool, out io.Writer) error {
	verdict, _, err := judge(f)
	if err != nil {
		return err
	}
	listed := verdict.Report
	if !verbose {
		listed = specdiff.Report{Changes: verdict.Report.Breaking()}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "Changes since the last release (%s -> current effective spec): %s\n", f.released, verdict.Report.Summary())
	if err := listed.WriteChanges(&b); err != nil {
		return err
	}
	if n := len(verdict.Acknowledged); n > 0 {
		fmt.Fprintf(&b, "%d breaking change(s) acknowledged in %s.\n", n, f.acks)
	}
	if n := len(verdict.Stale); n > 0 {
		fmt.Fprintf(&b, "%d acknowledgment(s) in %s match no current change and can go:\n", n, f.acks)
		for _, a := range verdict.Stale {
			fmt.Fprintf(&b, "  id %s: %s\n", a.ID, a.Change)
		}
	}
	gateErr := verdict.Err()
	if gateErr == nil {
		b.WriteString("Gate passed.\n")
		_, err := out.Write(b.Bytes())
		return err
	}
	if len(verdict.Unacknowledged) > 0 {
		fmt.Fprintf(&b, "To accept them, add these entries under \"acknowledged:\" in %s, each with its reason:\n", f.acks)
		if err := specdiff.SuggestAcknowledgments(&b, verdict.Unacknowledged); err != nil {
			return err
		}
	}
	if _, err := out.Write(b.Bytes()); err != nil {
		return err
	}
	return fmt.Errorf("gate failed:\n%w", gateErr)
}

func releaseSpec(f files, version string, out io.Writer) error {
	history, err := release.ReadHistory(f.history)
	if err != nil {
		return err
	}
	for _, r := range history {
		if r.Version == version {
			return fmt.Errorf("not released: %s already records release %s; set facade.Version to the next version first", f.history, version)
		}
	}
	current, err := specdiff.LoadEffective(f.spec, f.overlay)
	if err != nil {
		return err
	}
	var acks []specdiff.Acknowledgment
	if _, statErr := os.Stat(f.released); statErr == nil {
		// Only a spec that passes the gate is released: every breaking
		// change since the last release has been acknowledged.
		verdict, _, err := judge(f)
		if err != nil {
			return err
		}
		if err := verdict.Err(); err != nil {
			return fmt.Errorf("not released, the gate fails:\n%w", err)
		}
		acks, err = releasedAcknowledgments(f, verdict)
		if err != nil {
			return err
		}
	}
	notices, err := layerNotices(f)
	if err != nil {
		return err
	}
	if len(current.UnmatchedActions) > 0 || len(notices) > 0 {
		return fmt.Errorf("not released: %w", &specdiff.GateError{UnmatchedActions: current.UnmatchedActions, LayerNotices: notices})
	}
	spec, err := specdiff.EncodeSpec(current.Spec)
	if err != nil {
		return err
	}
	historyFile, err := release.EncodeHistory(append(history, release.Release{Version: version, Spec: release.Digest(spec), Acknowledged: acks}))
	if err != nil {
		return err
	}
	if err := specmerge.WriteFileAtomic(f.released, spec); err != nil {
		return err
	}
	if err := specmerge.WriteFileAtomic(f.history, historyFile); err != nil {
		return err
	}
	var empty bytes.Buffer
	if err := specdiff.WriteNoAcknowledgments(&empty); err != nil {
		return err
	}
	if err := specmerge.WriteFileAtomic(f.acks, empty.Bytes()); err != nil {
		return err
	}
	_, err = fmt.Fprintf(out, "%s now holds the effective spec released as %s (%d operations).\n%s emptied: %d acknowledged breaking change(s) are part of this release, kept in %s for CHANGELOG.md.\n",
		f.released, version, countOperations(current), f.acks, len(acks), f.history)
	return err
}

// layerNotices merges the pages with the spec layer, as the generator does,
// and returns what of the layer gave way to the pages. An api folder
// without a spec layer has none.
func layerNotices(f files) ([]string, error) {
	if _, err := os.Stat(f.supplement); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	m, err := specmerge.ReadManifest(f.manifest)
	if err != nil {
		return nil, err
	}
	result, err := m.BuildAPI(m.Dir())
	if err != nil {
		return nil, err
	}
	var notices []string
	for _, n := range result.Notices {
		notices = append(notices, n.String())
	}
	return notices, nil
}

// releasedAcknowledgments are the acknowledgments of the changes the
// release carries; stale ones (matching no change) are left behind.
func releasedAcknowledgments(f files, verdict *specdiff.Verdict) ([]specdiff.Acknowledgment, error) {
	all, err := specdiff.ReadAcknowledgments(f.acks)
	if err != nil {
		return nil, err
	}
	carried := map[string]bool{}
	for _, c := range verdict.Acknowledged {
		carried[c.Fingerprint] = true
	}
	var acks []specdiff.Acknowledgment
	for _, a := range all {
		if carried[a.ID] {
			acks = append(acks, a)
		}
	}
	return acks, nil
}

func countOperations(e *specdiff.Effective) int {
	n := 0
	for _, item := range e.Spec.Paths.Map() {
		n += len(item.Operations())
	}
	return n
}
