// Command update-spec brings in a new version of ProxyShard's published
// pages: it downloads every page the manifest lists (or takes them from a
// folder with -from), merges them, and only if that succeeds writes
// api/upstream/ and api/openapi.json and regenerates gen/. It prints what
// changed between the previous and the new effective spec, breaking changes
// marked. `make update-spec [FROM=DIR]` runs it.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/proxyshard/proxyshard-go/internal/specmerge"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, goGenerate)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer, generate func(context.Context, string) error) int {
	flags := flag.NewFlagSet("update-spec", flag.ContinueOnError)
	flags.SetOutput(stderr)
	root := flags.String("root", ".", "module root")
	from := flags.String("from", "", "take the pages from this folder (by their manifest file names) instead of downloading them")
	baseURL := flags.String("base-url", "", "download from this scheme://host instead of the manifest's (tests)")
	timeout := flags.Duration("timeout", 30*time.Second, "time limit for each page download")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if err := update(ctx, *root, *from, *baseURL, *timeout, generate, stdout); err != nil {
		_, _ = fmt.Fprintln(stderr, "update-spec:", err)
		return 1
	}
	return 0
}

func update(ctx context.Context, root, from, baseURL string, timeout time.Duration, generate func(context.Context, string) error, out io.Writer) error {
	manifest, err := specmerge.ReadManifest(filepath.Join(root, "api", "upstream", "manifest.json"))
	if err != nil {
		return err
	}
	var pages [][]byte
	source := from
	if from != "" {
		pages, err = readPages(from, manifest.Pages)
	} else {
		source = "the published URLs"
		pages, err = downloadPages(ctx, &http.Client{Timeout: timeout}, baseURL, manifest.Pages)
		if err != nil {
			err = fmt.Errorf("%w\nnothing was changed; offline, save the pages in a folder and run make update-spec FROM=folder", err)
		}
	}
	if err != nil {
		return err
	}
	u := &updater{root: root, manifest: manifest, generate: generate}
	result, err := u.apply(ctx, pages)
	if err != nil {
		return err
	}
	return printOutcome(out, source, manifest, result)
}

func printOutcome(w io.Writer, source string, manifest *specmerge.Manifest, o *outcome) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Pages from %s:\n", source)
	changed := map[string]bool{}
	for _, f := range o.Changed {
		changed[f] = true
	}
	for _, p := range manifest.Pages {
		state := "unchanged"
		if changed[p.File] {
			state = "changed"
		}
		fmt.Fprintf(&b, "  %-24s %s\n", p.File, state)
	}
	b.WriteString("API changes, previous -> new effective spec: ")
	if err := o.Report.Write(&b); err != nil {
		return err
	}
	if len(o.UnmatchedActions) > 0 {
		fmt.Fprintf(&b, "Overlay actions that select nothing in the new spec (remove or correct them in api/overlay.yaml; make check fails until then):\n")
		for _, t := range o.UnmatchedActions {
			fmt.Fprintf(&b, "  %s\n", t)
		}
	}
	if len(o.Notices) > 0 {
		fmt.Fprintf(&b, "Items of the spec layer that give way to the new pages (the pages' definitions are used; make check fails until each is settled in api/supplement/):\n")
		for _, n := range o.Notices {
			fmt.Fprintf(&b, "  %s\n", n)
		}
	}
	switch {
	case !o.Wrote:
		b.WriteString("Nothing written: the pages and api/openapi.json are as committed.\n")
	default:
		fmt.Fprintf(&b, "Wrote api/openapi.json")
		for _, f := range o.Changed {
			fmt.Fprintf(&b, ", api/upstream/%s", f)
		}
		b.WriteString("; regenerated gen/.\n")
		if n := len(o.Report.Breaking()); n > 0 {
			fmt.Fprintf(&b, "%d breaking change(s): make check fails until each breaking change since the last release is acknowledged with a reason in api/breaking-changes.yaml; make check prints the entries to fill in.\n", n)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
