// Command measure compares what a program pays for importing the facade:
// it builds internal/footprint/facade and internal/footprint/raw (the same
// job with net/http alone), then reports binary sizes, the time package
// initialisation takes (GODEBUG=inittrace=1) and the wall time of whole runs
// against the in-process fake, interleaved so that load on the machine hits
// both alike. BENCHMARKS.md ("Footprint") records its output.
//
//	go run ./internal/footprint/measure -runs 200
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"time"

	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

type probe struct {
	name, pkg, bin string
	size           int64
	wall           []time.Duration
	// init holds each package's initialisation times, one per run. Their
	// medians are summed: a single run's total is at the mercy of one
	// preemption on a loaded machine.
	init map[string][]time.Duration
}

func main() {
	runs := flag.Int("runs", 200, "runs of each program")
	flag.Parse()
	if err := measure(*runs); err != nil {
		fmt.Fprintln(os.Stderr, "measure:", err)
		os.Exit(1)
	}
}

func measure(runs int) error {
	dir, err := os.MkdirTemp("", "footprint")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(dir) }()
	probes := []*probe{
		{name: "net/http + encoding/json", pkg: "./internal/footprint/raw"},
		{name: "facade", pkg: "./internal/footprint/facade"},
	}
	for _, p := range probes {
		p.bin = filepath.Join(dir, filepath.Base(p.pkg))
		if out, err := exec.Command("go", "build", "-o", p.bin, p.pkg).CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %w\n%s", p.pkg, err, out)
		}
		info, err := os.Stat(p.bin)
		if err != nil {
			return err
		}
		p.size = info.Size()
		p.init = map[string][]time.Duration{}
	}

	fake := facadetest.NewServer(facadetest.WithBalance(5000))
	defer fake.Close()
	env := append(os.Environ(), "PROXYSHARD_TOKEN="+fake.Token, "PROXYSHARD_BASE_URL="+fake.URL, "GODEBUG=inittrace=1")
	for range runs {
		for _, p := range probes {
			if err := p.run(env); err != nil {
				return err
			}
		}
	}

	base := probes[0]
	fmt.Printf("%d runs each, interleaved\n", runs)
	fmt.Printf("%-26s %12s %10s %12s\n", "program", "binary", "init", "whole run")
	for _, p := range probes {
		fmt.Printf("%-26s %9.2f MB %10s %12s\n", p.name, float64(p.size)/1e6, p.initTime().Round(time.Microsecond), median(p.wall).Round(time.Microsecond))
	}
	for _, p := range probes[1:] {
		fmt.Printf("%s - baseline: %+.2f MB binary, %+v init, %+v whole run\n", p.name, float64(p.size-base.size)/1e6,
			(p.initTime() - base.initTime()).Round(time.Microsecond), (median(p.wall) - median(base.wall)).Round(time.Microsecond))
		var extra []string
		for pkg := range p.init {
			if _, shared := base.init[pkg]; !shared {
				extra = append(extra, pkg)
			}
		}
		slices.Sort(extra)
		fmt.Printf("packages initialised only with the %s: %v\n", p.name, extra)
	}
	return nil
}

// initTime sums the median initialisation time of each package.
func (p *probe) initTime() time.Duration {
	var total time.Duration
	for _, times := range p.init {
		total += median(times)
	}
	return total
}

// inittrace lines: "init net/http @1.2 ms, 0.051 ms clock, ..."
var initClock = regexp.MustCompile(`^init (\S+) @\S+ ms, ([0-9.]+) ms clock`)

func (p *probe) run(env []string) error {
	cmd := exec.Command(p.bin)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	out, err := cmd.Output()
	p.wall = append(p.wall, time.Since(start))
	if err != nil {
		return fmt.Errorf("%s: %w\n%s%s", p.name, err, out, stderr.Bytes())
	}
	if string(out) != "$50.00\n" {
		return fmt.Errorf("%s printed %q, want the fake's balance $50.00", p.name, out)
	}
	lines := bufio.NewScanner(&stderr)
	for lines.Scan() {
		if m := initClock.FindStringSubmatch(lines.Text()); m != nil {
			ms, err := strconv.ParseFloat(m[2], 64)
			if err != nil {
				return err
			}
			p.init[m[1]] = append(p.init[m[1]], time.Duration(ms*float64(time.Millisecond)))
		}
	}
	return nil
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}
