package testutil

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The tests' goroutine-leak check, on runtime.Stack alone: a goroutine is a
// leak unless it existed before (a Baseline), is the checking one, or is the
// testing package's or the runtime's own. Goroutines get time to end: a
// closed connection's reader exits a moment after Close returns.

// Baseline is the goroutines alive when it was taken, by id: Leaks does not
// count them.
type Baseline map[string]bool

// TakeBaseline records the goroutines alive now.
func TakeBaseline() Baseline {
	b := Baseline{}
	for _, g := range goroutines(true) {
		b[g.id] = true
	}
	return b
}

// Leaks returns the stacks of the goroutines that are not in b (nil: any),
// not the caller and not the testing package's or the runtime's, after
// giving them about 0.4 s in all to end (20 tries, the waits doubling from
// 1 µs up to 100 ms). None left: nil.
func Leaks(b Baseline) []string {
	self := goroutines(false)[0].id
	var leaked []string
	for try := 0; ; try++ {
		leaked = leaked[:0]
		for _, g := range goroutines(true) {
			if g.id != self && !b[g.id] && !g.background() {
				leaked = append(leaked, g.stack)
			}
		}
		if len(leaked) == 0 || try == 20 {
			break
		}
		time.Sleep(min(time.Microsecond<<try, 100*time.Millisecond))
	}
	if len(leaked) == 0 {
		return nil
	}
	return leaked
}

// NoLeaks fails t, listing them, if goroutines that are not in b outlive
// the wait of Leaks.
func NoLeaks(t testing.TB, b Baseline) {
	t.Helper()
	if leaked := Leaks(b); leaked != nil {
		t.Errorf("%d goroutine(s) still running:\n\n%s", len(leaked), strings.Join(leaked, "\n\n"))
	}
}

// RunWithoutLeaks runs the package's tests and turns a passing run into a
// failing one if any goroutine outlives them. In TestMain:
// os.Exit(testutil.RunWithoutLeaks(m)).
func RunWithoutLeaks(m *testing.M) int {
	code := m.Run()
	if code != 0 {
		return code
	}
	if leaked := Leaks(nil); leaked != nil {
		fmt.Fprintf(os.Stderr, "the tests passed, but %d goroutine(s) outlived them:\n\n%s\n", len(leaked), strings.Join(leaked, "\n\n"))
		return 1
	}
	return 0
}

// goroutine is one record of a runtime.Stack dump.
type goroutine struct {
	id, state string
	functions []string // innermost first; the "created by" function is not one of them
	stack     string
}

// background tells the goroutines that are not the code under test's: the
// testing package's, waiting for tests (parallel and subtests included) to
// finish; the signal handling os/signal starts; a cgo thread in a system
// call; the execution tracer.
func (g goroutine) background() bool {
	if len(g.functions) == 0 {
		return false
	}
	switch g.functions[0] {
	case "testing.RunTests", "testing.(*T).Run", "testing.(*T).Parallel", "testing.runFuzzing", "testing.runFuzzTests":
		return strings.HasPrefix(g.state, "chan receive")
	case "os/signal.signal_recv", "os/signal.loop":
		return true
	}
	return g.calls("runtime.ensureSigM") || g.calls("runtime.ReadTrace") ||
		(g.calls("runtime.goexit") && strings.HasPrefix(g.state, "syscall"))
}

func (g goroutine) calls(function string) bool {
	for _, f := range g.functions {
		if f == function {
			return true
		}
	}
	return false
}

// goroutines parses runtime.Stack: every goroutine, or only the caller's.
func goroutines(all bool) []goroutine {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, all)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var gs []goroutine
	for _, record := range strings.Split(strings.TrimSpace(string(buf)), "\n\n") {
		gs = append(gs, parseGoroutine(record))
	}
	return gs
}

// parseGoroutine reads one record: a header such as
// "goroutine 7 [chan receive, 2 minutes]:", then per frame a function line
// and a tab-indented position line, and last "created by F in goroutine N".
func parseGoroutine(record string) goroutine {
	header, frames, _ := strings.Cut(record, "\n")
	g := goroutine{stack: record}
	rest, _ := strings.CutPrefix(header, "goroutine ")
	g.id, rest, _ = strings.Cut(rest, " ")
	if _, state, ok := strings.Cut(rest, "["); ok {
		g.state, _, _ = strings.Cut(state, "]")
	}
	for _, line := range strings.Split(frames, "\n") {
		if strings.HasPrefix(line, "created by ") {
			break
		}
		if i := strings.LastIndexByte(line, '('); i > 0 && !strings.HasPrefix(line, "\t") {
			g.functions = append(g.functions, line[:i])
		}
	}
	return g
}
