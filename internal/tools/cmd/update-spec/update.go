package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"

	"github.com/proxyshard/proxyshard-go/internal/specmerge"
	"github.com/proxyshard/proxyshard-go/internal/tools/specdiff"
)

// updater replaces the published pages under root/api/upstream with new
// ones and regenerates, all or nothing.
type updater struct {
	root     string
	manifest *specmerge.Manifest
	// generate runs the generator chain in root; goGenerate outside tests.
	generate func(ctx context.Context, root string) error
}

// outcome is what an update found and did.
type outcome struct {
	Changed []string // pages whose bytes differ from the committed ones
	Report  specdiff.Report
	// UnmatchedActions are overlay actions that select nothing in the new spec.
	UnmatchedActions []string
	// Notices are items of the spec layer (api/supplement) that gave way to
	// the new pages, typically because the pages now document them.
	Notices []specmerge.Notice
	Wrote   bool // false when the pages are as committed
}

func (u *updater) path(parts ...string) string {
	return filepath.Join(append([]string{u.root}, parts...)...)
}

// apply stages the new pages in a temporary folder and merges them there;
// only a merge that succeeds, and an overlay that still loads on it, lets the
// update write api/upstream/ and api/openapi.json and run the generator.
// If anything fails after the first write, every file is put back.
func (u *updater) apply(ctx context.Context, pages [][]byte) (*outcome, error) {
	if len(pages) != len(u.manifest.Pages) {
		return nil, fmt.Errorf("%d pages for a manifest of %d", len(pages), len(u.manifest.Pages))
	}
	for _, p := range u.manifest.Pages {
		if p.File != filepath.Base(p.File) || p.File == "." || p.File == ".." {
			return nil, fmt.Errorf("manifest: page file %q must be a plain file name in api/upstream", p.File)
		}
	}
	stage, err := os.MkdirTemp("", "update-spec-*")
	if err != nil {
		return nil, err
	}
	defer func() { _ = os.RemoveAll(stage) }()
	for i, p := range u.manifest.Pages {
		if err := os.WriteFile(filepath.Join(stage, p.File), pages[i], 0o644); err != nil {
			return nil, err
		}
	}
	built, err := u.manifest.BuildAPI(stage)
	if err != nil {
		return nil, fmt.Errorf("the new pages do not merge; nothing was changed:\n%w", err)
	}
	merged := built.Spec
	stagedSpec := filepath.Join(stage, "openapi.json")
	if err := os.WriteFile(stagedSpec, merged, 0o644); err != nil {
		return nil, err
	}
	overlay := u.path("api", "overlay.yaml")
	next, err := specdiff.LoadEffective(stagedSpec, overlay)
	if err != nil {
		return nil, fmt.Errorf("the overlay does not apply to the new spec; nothing was changed:\n%w", err)
	}
	specPath := u.path("api", "openapi.json")
	previous, err := specdiff.LoadEffective(specPath, overlay)
	if err != nil {
		return nil, fmt.Errorf("the committed spec: %w", err)
	}
	report, err := specdiff.Compare(previous.Spec, next.Spec)
	if err != nil {
		return nil, err
	}
	out := &outcome{Report: report, UnmatchedActions: next.UnmatchedActions, Notices: built.Notices}

	// What to write: the pages that differ, and the merged spec.
	files := map[string][]byte{}
	for i, p := range u.manifest.Pages {
		target := u.path("api", "upstream", p.File)
		same, err := sameContent(target, pages[i])
		if err != nil {
			return nil, err
		}
		if !same {
			out.Changed = append(out.Changed, p.File)
			files[target] = pages[i]
		}
	}
	sameSpec, err := sameContent(specPath, merged)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 && sameSpec {
		return out, nil
	}
	files[specPath] = merged
	if err := u.write(ctx, files); err != nil {
		return nil, err
	}
	out.Wrote = true
	return out, nil
}

// write replaces the given files, then regenerates; on any failure every
// file, gen/ included, is put back as it was.
func (u *updater) write(ctx context.Context, files map[string][]byte) error {
	snap, err := takeSnapshot(slices.Collect(maps.Keys(files)), []string{u.path("gen")})
	if err != nil {
		return err
	}
	fail := func(err error) error {
		if rerr := snap.restore(); rerr != nil {
			return errors.Join(err, rerr)
		}
		return fmt.Errorf("%w\nevery file was put back as it was", err)
	}
	for path, data := range files {
		if err := specmerge.WriteFileAtomic(path, data); err != nil {
			return fail(err)
		}
	}
	if err := u.generate(ctx, u.root); err != nil {
		return fail(fmt.Errorf("regenerating: %w", err))
	}
	return nil
}

func sameContent(path string, data []byte) (bool, error) {
	current, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return bytes.Equal(current, data), nil
}

// goGenerate runs the whole generator chain, as `make generate` does.
func goGenerate(ctx context.Context, root string) error {
	cmd := exec.CommandContext(ctx, "go", "generate", "./...")
	cmd.Dir = root
	output, err := cmd.CombinedOutput()
	if err != nil {
		const keep = 4000 // the end of the output says what failed
		if len(output) > keep {
			output = output[len(output)-keep:]
		}
		return fmt.Errorf("go generate ./...: %w\n%s", err, output)
	}
	return nil
}
