package facade_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxyshard/proxyshard-go/facade"
	"github.com/proxyshard/proxyshard-go/facade/facadetest"
)

// now settles at once: the fake drops its answer only after it finished.
var now = facade.SettleGrace(0)

// settleTransports are the two ways a client reaches the API: plain
// HTTP/1.1 on loopback, and TLS with HTTP/2 as production does.
var settleTransports = []struct {
	name  string
	start func(t *testing.T, opts ...facadetest.Option) (*facade.Client, *facadetest.Server)
}{
	{"http1", func(t *testing.T, opts ...facadetest.Option) (*facade.Client, *facadetest.Server) {
		s := facadetest.NewServer(append([]facadetest.Option{facadetest.WithT(t)}, opts...)...)
		c, err := facade.New(s.Token, facade.WithBaseURL(s.URL), facade.WithRetry(fastRetries))
		require.NoError(t, err)
		return c, s
	}},
	{"tls-http2", func(t *testing.T, opts ...facadetest.Option) (*facade.Client, *facadetest.Server) {
		s := facadetest.New(append([]facadetest.Option{facadetest.WithT(t)}, opts...)...)
		srv := httptest.NewUnstartedServer(s.Handler())
		srv.EnableHTTP2 = true
		srv.StartTLS()
		t.Cleanup(srv.Close)
		hc := srv.Client()
		c, err := facade.New(s.Token, facade.WithBaseURL(srv.URL), facade.WithHTTPClient(hc), facade.WithRetry(fastRetries))
		require.NoError(t, err)
		// Prove the protocol: a read over the same client must use HTTP/2.
		res, err := hc.Get(srv.URL + "/user/api/products")
		require.NoError(t, err)
		_ = res.Body.Close()
		require.Equal(t, 2, res.ProtoMajor, "the TLS server must speak HTTP/2")
		return c, s
	}},
}

func dc(qty int) facade.Datacenter {
	return facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: qty}
}

// unknownPurchase takes a snapshot, then buys with the fault armed, and
// requires the purchase to end with an unknown outcome.
func unknownPurchase(t *testing.T, c *facade.Client, s *facadetest.Server, f facadetest.Fault, spec facade.PurchaseSpec) (*facade.Snapshot, error) {
	t.Helper()
	before, err := c.Snapshot(context.Background())
	require.NoError(t, err)
	s.InjectFault("purchaseOrder", f)
	_, err = c.Purchase(context.Background(), spec)
	require.ErrorIs(t, err, facade.ErrOutcomeUnknown)
	return before, err
}

// A fake that gets the address of one closed earlier is an account of its
// own: the client keeps its purchases per base URL and token, and the
// earlier fake's order 1 must not count as the new account's.
func TestSettleOnAFakeAtAnEarlierFakesAddress(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var serving atomic.Pointer[facadetest.Server]
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		serving.Load().Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	clientOfServing := func() (*facade.Client, *facadetest.Server) {
		s := facadetest.New(facadetest.WithT(t))
		serving.Store(s)
		c, err := facade.New(s.Token, facade.WithBaseURL(front.URL), facade.WithRetry(fastRetries))
		require.NoError(t, err)
		return c, s
	}

	earlier, _ := clientOfServing()
	_, err := earlier.Purchase(ctx, dc(1))
	require.NoError(t, err)

	c, s := clientOfServing()
	before, err := unknownPurchase(t, c, s, facadetest.Fault{DropAfterApply: true}, dc(1))
	got, err := c.Settle(ctx, before, err, now)
	require.NoError(t, err)
	requireBoughtLatest(t, s, got, 1)
}

// requireBoughtLatest requires the account to have n orders and the
// settlement to name the latest as bought; it returns that order's ID.
func requireBoughtLatest(t *testing.T, s *facadetest.Server, got *facade.Settlement, n int) int {
	t.Helper()
	orders := s.Orders(s.Token)
	require.Len(t, orders, n)
	assert.Equal(t, facade.Bought, got.Verdict, got.Reason)
	assert.Equal(t, orders[n-1].ID, got.OrderID)
	return orders[n-1].ID
}

func TestSettleAnswersWhatHappened(t *testing.T) {
	t.Parallel()
	for _, tr := range settleTransports {
		t.Run(tr.name, func(t *testing.T) {
			ctx := context.Background()
			c, s := tr.start(t)
			_, err := c.Purchase(ctx, dc(1)) // an older order, not a candidate
			require.NoError(t, err)

			before, err := unknownPurchase(t, c, s, facadetest.Fault{DropAfterApply: true}, dc(2))
			got, err := c.Settle(ctx, before, err, now)
			require.NoError(t, err)
			id := requireBoughtLatest(t, s, got, 2)
			assert.Equal(t, fmt.Sprintf("bought: order %d", id), got.String())
			assert.Equal(t, before.Balance-300, got.BalanceAfter)

			before, err = unknownPurchase(t, c, s, facadetest.Fault{DropBeforeApply: true}, dc(3))
			got, err = c.Settle(ctx, before, err, now)
			require.NoError(t, err)
			assert.Len(t, s.Orders(s.Token), 2, "nothing was bought")
			assert.Equal(t, facade.NotBought, got.Verdict, got.Reason)
			assert.Equal(t, "not bought", got.String())
			assert.Empty(t, got.NewOrders)
		})
	}
}

func TestSettleNeverGuessesBetweenOwnPurchases(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, s := fakeClient(t)

	// The settled purchase failed, another one of the same product landed
	// with its answer lost too: the one new order may be either's.
	before, errA := unknownPurchase(t, c, s, facadetest.Fault{DropBeforeApply: true}, dc(1))
	s.InjectFault("purchaseOrder", facadetest.Fault{DropAfterApply: true})
	_, errB := c.Purchase(ctx, dc(1))
	require.ErrorIs(t, errB, facade.ErrOutcomeUnknown)
	got, err := c.Settle(ctx, before, errA, now)
	require.NoError(t, err)
	bOrder := s.Orders(s.Token)[0].ID
	assert.Equal(t, facade.Ambiguous, got.Verdict, got.Reason)
	assert.Equal(t, []int{bOrder}, got.Candidates)
	assert.Equal(t, fmt.Sprintf("ambiguous: candidates %d", bOrder), got.String())

	// Both landed: two candidates.
	before, errA = unknownPurchase(t, c, s, facadetest.Fault{DropAfterApply: true}, dc(1))
	s.InjectFault("purchaseOrder", facadetest.Fault{DropAfterApply: true})
	_, errB = c.Purchase(ctx, dc(1))
	require.ErrorIs(t, errB, facade.ErrOutcomeUnknown)
	got, err = c.Settle(ctx, before, errA, now)
	require.NoError(t, err)
	assert.Equal(t, facade.Ambiguous, got.Verdict, got.Reason)
	assert.Len(t, got.Candidates, 2)
}

func TestSettleExcludesWhatIsKnown(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, s := fakeClient(t)
	other, err := facade.New(s.Token, facade.WithBaseURL(s.URL))
	require.NoError(t, err)

	before, errA := unknownPurchase(t, c, s, facadetest.Fault{DropBeforeApply: true}, dc(1))
	// A purchase of the same product by this client whose answer arrived,
	// and one of another product by another program: neither is a candidate.
	mine, err := c.Purchase(ctx, dc(1))
	require.NoError(t, err)
	_, err = other.Purchase(ctx, facade.ISP{Location: "DE", Cycle: "monthly", Quantity: 1})
	require.NoError(t, err)

	got, err := c.Settle(ctx, before, errA, now)
	require.NoError(t, err)
	assert.Equal(t, facade.NotBought, got.Verdict, got.Reason)
	assert.Len(t, got.NewOrders, 2)
	assert.NotContains(t, got.Candidates, mine.OrderID)
}

// Two clients of one account share what they bought: another client's
// purchase is no candidate once its answer arrived, and a rival while its
// outcome is unknown, never a guess.
func TestSettleKnowsOtherClientsOfTheAccount(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, s := fakeClient(t)
	other, err := facade.New(s.Token, facade.WithBaseURL(s.URL))
	require.NoError(t, err)

	before, errA := unknownPurchase(t, c, s, facadetest.Fault{DropBeforeApply: true}, dc(1))
	mine, err := other.Purchase(ctx, dc(1)) // the same product, answered
	require.NoError(t, err)
	got, err := c.Settle(ctx, before, errA, now)
	require.NoError(t, err)
	assert.Equal(t, facade.NotBought, got.Verdict, got.Reason)
	assert.Equal(t, []int{mine.OrderID}, got.NewOrders)

	before, errA = unknownPurchase(t, c, s, facadetest.Fault{DropBeforeApply: true}, dc(1))
	s.InjectFault("purchaseOrder", facadetest.Fault{DropAfterApply: true})
	_, errB := other.Purchase(ctx, dc(1)) // the same product, answer lost
	require.ErrorIs(t, errB, facade.ErrOutcomeUnknown)
	got, err = c.Settle(ctx, before, errA, now)
	require.NoError(t, err)
	assert.Equal(t, facade.Ambiguous, got.Verdict, got.Reason)

	// Either client can settle the other's purchase; a client of another
	// account cannot.
	got, err = other.Settle(ctx, before, errA, now)
	require.NoError(t, err)
	assert.Equal(t, facade.Ambiguous, got.Verdict)
	s.AddAccount("token-2", "two@example.com", 1000)
	stranger, err := facade.New("token-2", facade.WithBaseURL(s.URL))
	require.NoError(t, err)
	_, err = stranger.Settle(ctx, before, errA, now)
	require.ErrorIs(t, err, facade.ErrValidation)
}

func TestSettleWalletThatOrdersDoNotExplain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, s := fakeClient(t)
	before, err := unknownPurchase(t, c, s, facadetest.Fault{DropAfterApply: true}, dc(1))
	s.SetBalance(s.Token, s.Balance(s.Token)+150) // a top-up the size of the purchase
	got, serr := c.Settle(ctx, before, err, now)
	require.NoError(t, serr)
	assert.Equal(t, facade.Ambiguous, got.Verdict)
	assert.Contains(t, got.Reason, "unexplained")
	assert.Equal(t, []int{s.Orders(s.Token)[0].ID}, got.Candidates)
}

func TestSettleOnlyWhatItCanSettle(t *testing.T) {
	ctx := context.Background()
	c, s := fakeClient(t)
	before, err := c.Snapshot(ctx)
	require.NoError(t, err)

	_, perr := c.Purchase(ctx, facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: 0})
	_, err = c.Settle(ctx, before, perr, now)
	require.ErrorIs(t, err, facade.ErrValidation, "a purchase refused before sending has nothing to settle")

	_, err = c.Settle(ctx, before, &facade.OutcomeUnknownError{Operation: "purchaseOrder"}, now)
	require.ErrorIs(t, err, facade.ErrValidation, "an error this client did not return")

	stale, uerr := unknownPurchase(t, c, s, facadetest.Fault{DropAfterApply: true}, dc(1))
	late, err := c.Snapshot(ctx)
	require.NoError(t, err)
	_, err = c.Settle(ctx, late, uerr, now)
	require.ErrorIs(t, err, facade.ErrValidation, "a snapshot taken after the purchase")
	_, err = c.Settle(ctx, nil, uerr, now)
	require.ErrorIs(t, err, facade.ErrValidation)

	requests := s.TotalRequests()
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	_, err = c.Settle(short, stale, uerr) // the default grace outlasts the context
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, requests, s.TotalRequests(), "nothing is read before the grace has passed")
}

// TestSettleConcurrentNeverWrong buys from many goroutines at once, every
// purchase losing its answer before or after it was applied, and checks
// each answer against what the fake really did. Each goroutine buys a
// quantity of its own, so the fake's orders tell whose purchase landed.
func TestSettleConcurrentNeverWrong(t *testing.T) {
	t.Parallel()
	const buyers = 12
	for _, tr := range settleTransports {
		t.Run(tr.name, func(t *testing.T) {
			ctx := context.Background()
			c, s := tr.start(t)
			for i := range buyers {
				s.InjectFault("purchaseOrder", facadetest.Fault{DropAfterApply: i%2 == 0, DropBeforeApply: i%2 == 1})
			}
			type answer struct {
				qty int
				got *facade.Settlement
			}
			answers := make(chan answer, buyers)
			var wg sync.WaitGroup
			for i := range buyers {
				wg.Go(func() {
					before, err := c.Snapshot(ctx)
					if !assert.NoError(t, err) {
						return
					}
					_, err = c.Purchase(ctx, dc(i+1))
					if !assert.ErrorIs(t, err, facade.ErrOutcomeUnknown) {
						return
					}
					got, err := c.Settle(ctx, before, err, now)
					if assert.NoError(t, err) {
						answers <- answer{i + 1, got}
					}
				})
			}
			wg.Wait()
			close(answers)

			byQty := map[int]int{}
			for _, o := range s.Orders(s.Token) {
				byQty[o.Quantity] = o.ID
			}
			require.Len(t, byQty, buyers/2, "half the purchases were applied")
			n := 0
			for a := range answers {
				n++
				landed, ok := byQty[a.qty]
				switch a.got.Verdict {
				case facade.Bought:
					assert.True(t, ok && landed == a.got.OrderID, "quantity %d: %s, but the fake has %v", a.qty, a.got, byQty)
				case facade.NotBought:
					assert.False(t, ok, "quantity %d: not bought, but the fake has order %d", a.qty, landed)
				case facade.Ambiguous:
					if ok {
						assert.Contains(t, a.got.Candidates, landed, "quantity %d: %s", a.qty, a.got)
					}
				default:
					t.Errorf("quantity %d: verdict %q", a.qty, a.got.Verdict)
				}
			}
			assert.Equal(t, buyers, n)
		})
	}
}

// A purchase that fails for good (a 4xx) is no rival: the settlement of
// another one stays definite.
func TestSettleIgnoresRefusedPurchases(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, s := fakeClient(t)
	before, errA := unknownPurchase(t, c, s, facadetest.Fault{DropAfterApply: true}, dc(1))
	s.InjectFault("purchaseOrder", facadetest.Fault{Status: http.StatusBadRequest})
	_, err := c.Purchase(ctx, dc(1))
	var apiErr *facade.APIError
	require.True(t, errors.As(err, &apiErr))
	got, err := c.Settle(ctx, before, errA, now)
	require.NoError(t, err)
	assert.Equal(t, facade.Bought, got.Verdict, got.Reason)
}

func ExampleClient_Settle() {
	client, fake := exampleClient()
	defer fake.Close()
	ctx := context.Background()
	fake.InjectFault("purchaseOrder", facadetest.Fault{DropAfterApply: true}) // bought, answer lost

	order := facade.Datacenter{Location: "DE", Cycle: "monthly", Quantity: 2}
	before, err := client.Snapshot(ctx)
	if err != nil {
		log.Fatal(err)
	}
	_, err = client.Purchase(ctx, order)
	if errors.Is(err, facade.ErrOutcomeUnknown) {
		// SettleGrace(0) because the fake finished before it dropped the
		// answer; against ProxyShard keep the default.
		s, err := client.Settle(ctx, before, err, facade.SettleGrace(0))
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(s)
	}
	// Output: bought: order 1
}
