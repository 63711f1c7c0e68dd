package facade_test

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/proxyshard/proxyshard-go/api"
	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/gen"
)

// The benchmarks in this file time GET /me call by call: the clients take
// turns within one loop, in a new random order every cycle, each over its
// own connection to the same server. A burst of load from elsewhere then
// falls on all of them alike, where across benchmarks (make bench-rounds
// included) it falls on whichever one runs at the time, and a round's
// ratio moves by more than the differences measured. Each reports the
// median of its call times against the first one's median: a median,
// because a collection or a preemption lands on single calls.

// timedCall is one of the calls that take turns.
type timedCall struct {
	name string
	call func()
}

// alternate runs calls in turn and reports the median call time of the
// first one as ns/call and every other one's median over it as
// NAME/FIRST.
func alternate(b *testing.B, calls ...timedCall) {
	times := make([][]time.Duration, len(calls))
	order := make([]int, len(calls))
	for i := range order {
		order[i] = i
	}
	defer measure(b)()
	turn := 0
	for b.Loop() {
		if turn == 0 {
			rand.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		}
		k := order[turn]
		start := time.Now()
		calls[k].call()
		times[k] = append(times[k], time.Since(start))
		turn = (turn + 1) % len(calls)
	}
	median := func(d []time.Duration) float64 {
		slices.Sort(d)
		return float64(d[len(d)/2])
	}
	for _, d := range times {
		if len(d) == 0 {
			return // too few calls to compare; the first run of a benchmark makes one
		}
	}
	first := median(times[0])
	b.ReportMetric(first, calls[0].name+"-ns/call")
	for k := 1; k < len(calls); k++ {
		b.ReportMetric(median(times[k])/first, calls[k].name+"/"+calls[0].name)
	}
}

// rawMe is BenchmarkCallRaw's call, with what with adds to it.
func rawMe(b *testing.B, baseURL string, with func(*http.Request) (*http.Request, func())) func() {
	return rawCall(b, benchTransport(b), baseURL+"/user/api/me",
		func(me *gen.APIMeResponse) bool { return me.WalletBalance == 123456 }, with)
}

// BenchmarkAlternatingMe is the goal's comparison: the generated client,
// the facade, the facade without its attempt timeout and the facade over
// api.ValidatingTransport against the raw call.
func BenchmarkAlternatingMe(b *testing.B) {
	base := benchServer(b)
	alternate(b,
		timedCall{"raw", rawMe(b, base, nil)},
		timedCall{"gen", genCall(b, base)},
		timedCall{"facade", facadeCall(b, base, benchTransport(b))},
		timedCall{"facade-no-attempt-timeout", facadeCall(b, base, benchTransport(b), facade.WithAttemptTimeout(0))},
		timedCall{"validated", facadeCall(b, base, api.ValidatingTransport(benchTransport(b)))},
	)
}

// BenchmarkAlternatingMeParts splits the facade's cost over the network:
// the raw call with, one at a time, what the facade's request carries
// into net/http (a context that can be cancelled, the httptrace watch, its
// two other headers), then all of them, against the facade itself. What
// the facade costs above "all" is its own code (building with gen, the
// attempt deadline's bookkeeping, the origin guard, reading and decoding
// the answer). "timeout" is a 30 s context.WithTimeout, a runtime timer
// per call, which the facade's attempt deadline does without.
func BenchmarkAlternatingMeParts(b *testing.B) {
	base := benchServer(b)
	cancel := func(req *http.Request) (*http.Request, func()) {
		ctx, cancel := context.WithCancel(req.Context())
		return req.WithContext(ctx), cancel
	}
	timeout := func(req *http.Request) (*http.Request, func()) {
		ctx, cancel := context.WithTimeout(req.Context(), facade.DefaultAttemptTimeout)
		return req.WithContext(ctx), cancel
	}
	watch := func(req *http.Request) (*http.Request, func()) {
		var gotConn atomic.Bool
		var written atomic.Int32
		ctx := httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
			GotConn:      func(httptrace.GotConnInfo) { gotConn.Store(true) },
			WroteHeaders: func() { written.Add(1) },
		})
		return req.WithContext(ctx), func() {}
	}
	headers := func(req *http.Request) (*http.Request, func()) {
		req.Header.Set("User-Agent", facade.DefaultUserAgent)
		req.Header.Set("Accept", "application/json")
		return req, func() {}
	}
	all := func(req *http.Request) (*http.Request, func()) {
		req, stop := cancel(req)
		req, _ = watch(req)
		req, _ = headers(req)
		return req, stop
	}
	alternate(b,
		timedCall{"raw", rawMe(b, base, nil)},
		timedCall{"cancel", rawMe(b, base, cancel)},
		timedCall{"timeout", rawMe(b, base, timeout)},
		timedCall{"cancel+watch", rawMe(b, base, func(req *http.Request) (*http.Request, func()) {
			req, stop := cancel(req)
			req, _ = watch(req)
			return req, stop
		})},
		timedCall{"headers", rawMe(b, base, headers)},
		timedCall{"all", rawMe(b, base, all)},
		timedCall{"facade", facadeCall(b, base, benchTransport(b))},
	)
}

// BenchmarkAlternatingMeValidatedParts splits the validating transport's
// cost over the network: the facade over a RoundTripper that only passes
// the call on, over one that also reads the whole answer and hands back a
// copy, as api.ValidatingTransport does before it checks it, and over
// api.ValidatingTransport itself.
func BenchmarkAlternatingMeValidatedParts(b *testing.B) {
	base := benchServer(b)
	alternate(b,
		timedCall{"facade", facadeCall(b, base, benchTransport(b))},
		timedCall{"pass-on", facadeCall(b, base, passOn{benchTransport(b)})},
		timedCall{"read-first", facadeCall(b, base, readFirst{benchTransport(b)})},
		timedCall{"validated", facadeCall(b, base, api.ValidatingTransport(benchTransport(b)))},
	)
}

// passOn only passes the call on.
type passOn struct{ next http.RoundTripper }

func (t passOn) RoundTrip(r *http.Request) (*http.Response, error) { return t.next.RoundTrip(r) }

// readFirst reads the whole answer before it returns, and returns a copy.
type readFirst struct{ next http.RoundTripper }

func (t readFirst) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}
