package facade_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/http2"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/internal/testutil"
)

// h2Fault is what the HTTP/2 server does after it has read a request in full.
type h2Fault struct {
	name string
	act  h2Action
}

// h2Faults are every way an HTTP/2 server can fail a request it has read:
// a stream reset with each error code, a GOAWAY that disowns the stream
// (the one net/http resends after), a GOAWAY that owns it followed by the
// connection's end, and the connection's end alone.
func h2Faults() []h2Fault {
	var faults []h2Fault
	for code := http2.ErrCodeNo; code <= http2.ErrCodeHTTP11Required; code++ {
		faults = append(faults, h2Fault{"RST_STREAM " + code.String(), func(w *h2Conn, id uint32, _ string, _ int64) { w.reset(id, code) }})
	}
	return append(faults,
		h2Fault{"GOAWAY before the stream", func(w *h2Conn, _ uint32, _ string, _ int64) { w.goAway(0, http2.ErrCodeNo) }},
		h2Fault{"GOAWAY PROTOCOL_ERROR before the stream", func(w *h2Conn, _ uint32, _ string, _ int64) {
			w.goAway(0, http2.ErrCodeProtocol)
		}},
		h2Fault{"GOAWAY after the stream, then connection lost", func(w *h2Conn, id uint32, _ string, _ int64) {
			w.goAway(id, http2.ErrCodeNo)
			w.drop()
		}},
		h2Fault{"connection lost after the request was read", func(w *h2Conn, _ uint32, _ string, _ int64) { w.drop() }},
	)
}

// TestHTTP2Faults runs every operation against every HTTP/2 fault over TLS
// and counts what the server received: a money-moving request at most
// once, a read or "set" at most as often as the retry policy allows (the
// transport's own resends are stopped), and every call ends with an error
// that says whether money may have moved.
//
// Every money-moving operation runs against every fault; of the others, a
// read and a "set" do (they share one code path with the rest, which
// TestCallersRetryingTransportCannotResend covers one by one).
func TestHTTP2Faults(t *testing.T) {
	t.Parallel()
	for _, fault := range h2Faults() {
		for _, fc := range fuzzCalls {
			if !fc.moneyMoving() && fc.op != "getMe" && fc.op != "setOrderTag" {
				continue
			}
			t.Run(fault.name+"/"+fc.op, func(t *testing.T) {
				t.Parallel()
				s := newH2Server(t, fault.act)
				logs := &testutil.SyncBuffer{}
				c, err := facade.New(testToken,
					facade.WithBaseURL(s.URL),
					facade.WithHTTPClient(s.Client),
					facade.WithRetry(instantRetries),
					facade.WithLogger(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
				require.NoError(t, err)
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()

				start := time.Now()
				_, err = fc.call(ctx, c)
				elapsed := time.Since(start)
				t.Logf("%s %s: %d received in %v: %v", fault.name, fc.op, s.Requests(), elapsed.Round(time.Millisecond), err)

				require.Error(t, err)
				assert.Less(t, elapsed, 5*time.Second, "bounded in time")
				assert.GreaterOrEqual(t, s.Requests(), int64(1))
				assert.LessOrEqual(t, s.Requests(), int64(fc.maxRequests), "requests the server read in full: %v", err)
				assert.NotErrorIs(t, err, context.DeadlineExceeded)
				if fc.moneyMoving() {
					assert.ErrorIs(t, err, facade.ErrOutcomeUnknown)
					assert.NotContains(t, err.Error(), "define Request.GetBody", "advice that would let it be sent twice")
				} else {
					assert.NotErrorIs(t, err, facade.ErrOutcomeUnknown)
				}
				if fc.op == "getMe" && secondCopyFaults[fault.name] {
					// net/http set out to resend the read by itself; the
					// attempt was stopped, and says so.
					assert.ErrorContains(t, err, "to send the request a second time within one attempt")
				}
				assertNoToken(t, err, logs.String())
			})
		}
	}
}

// secondCopyFaults are the faults after which net/http resends a request
// without a body on a new connection by itself (RELIABILITY.md).
var secondCopyFaults = map[string]bool{
	"RST_STREAM PROTOCOL_ERROR": true,
	"RST_STREAM REFUSED_STREAM": true,
	"GOAWAY before the stream":  true,
}

// retrying is a caller's middleware that resends a failed request
// whenever it can rewind the body, as retry middleware commonly does.
func retrying(next http.RoundTripper, tries int) http.RoundTripper {
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		for i := 1; ; i++ {
			resp, err := next.RoundTrip(r)
			if err == nil || i == tries {
				return resp, err
			}
			if r.Body != nil && r.Body != http.NoBody {
				if r.GetBody == nil {
					return nil, err
				}
				body, gerr := r.GetBody()
				if gerr != nil {
					return nil, err
				}
				r = r.Clone(r.Context())
				r.Body = body
			}
		}
	})
}

// A caller's own transport that resends whatever it can rewind gets no
// second copy of a money-moving request out, and its resends of a read are
// stopped at one per attempt.
func TestCallersRetryingTransportCannotResend(t *testing.T) {
	t.Parallel()
	for _, fc := range fuzzCalls {
		t.Run(fc.op, func(t *testing.T) {
			t.Parallel()
			s := newH2Server(t, func(w *h2Conn, id uint32, _ string, _ int64) { w.reset(id, http2.ErrCodeInternal) })
			hc := &http.Client{Transport: retrying(s.Client.Transport, 10)}
			c, err := facade.New(testToken, facade.WithBaseURL(s.URL), facade.WithHTTPClient(hc), facade.WithRetry(instantRetries))
			require.NoError(t, err)
			_, err = fc.call(context.Background(), c)
			require.Error(t, err)
			assert.LessOrEqual(t, s.Requests(), int64(fc.maxRequests), fmt.Sprintf("%v", err))
			if fc.moneyMoving() {
				assert.True(t, errors.Is(err, facade.ErrOutcomeUnknown), "%v", err)
			}
		})
	}
}
