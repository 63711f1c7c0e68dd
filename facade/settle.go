package facade

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Settling a purchase whose outcome is unknown.
//
// ProxyShard has no idempotency keys, so a purchase whose answer was lost
// cannot be asked about. What can be observed is the account: its orders
// and its wallet. Settle compares them with a Snapshot taken before the
// purchase and answers only what the observation proves:
//
//   - bought: exactly one new order can be this purchase, the wallet fell by
//     exactly what the new orders cost, and no other purchase of the same
//     product by this program on this account may have landed in the
//     meantime;
//   - not bought: no new order of the product exists, and the wallet fell by
//     exactly what the other new orders cost;
//   - ambiguous: anything else, with the orders that may be this purchase.
//
// What the account cannot show is who sent a purchase: the request carries
// nothing the order keeps. Purchases by this program are known: every
// Client of one account (same base URL origin and token) records its
// purchases in one ledger, so a concurrent one, through the same Client or
// another, never becomes a wrong answer. A purchase of the same product
// sent by another program with the same token between the snapshot and
// Settle is not known; if this purchase failed and that one succeeded, its
// order looks exactly like this one's. Settlement.Reason states this
// assumption whenever the answer depends on it.

// DefaultSettleGrace is how long Settle waits after the purchase returned
// before it looks: a server may still be working on a request whose client
// has given up, and an order that appears after the look would make "not
// bought" wrong.
const DefaultSettleGrace = 10 * time.Second

// Snapshot is what the account looked like before a purchase: take it with
// Client.Snapshot right before Client.Purchase, and pass it to Settle if
// the purchase ends with ErrOutcomeUnknown.
type Snapshot struct {
	Started    time.Time // when the observation began
	Taken      time.Time // when it ended; the purchase must be sent after this
	MaxOrderID int       // the highest order ID of the account (0 without orders)
	Balance    Cents     // the wallet
	orderIDs   map[int]struct{}
}

// Snapshot records the account's orders (every status) and wallet. It
// reads every page of the order list: one request per 100 orders, and one
// for the profile.
func (c *Client) Snapshot(ctx context.Context) (*Snapshot, error) {
	s := &Snapshot{Started: c.now(), orderIDs: map[int]struct{}{}}
	me, err := c.Me(ctx)
	if err != nil {
		return nil, err
	}
	s.Balance = me.Balance
	for o, err := range c.Orders(ctx, StatusAll) {
		if err != nil {
			return nil, err
		}
		s.orderIDs[o.ID] = struct{}{}
		s.MaxOrderID = max(s.MaxOrderID, o.ID)
	}
	s.Taken = c.now()
	return s, nil
}

// Verdict is the answer of Settle.
type Verdict string

const (
	// Bought: the purchase happened; Settlement.OrderID is its order.
	Bought Verdict = "bought"
	// NotBought: the purchase did not happen; buying again is safe.
	NotBought Verdict = "not bought"
	// Ambiguous: the observation cannot tell; Settlement.Candidates are the
	// orders that may be this purchase. A person has to look.
	Ambiguous Verdict = "ambiguous"
)

// Settlement is what Settle found.
type Settlement struct {
	Verdict    Verdict
	OrderID    int   // the order bought (Bought only)
	Candidates []int // orders that may be this purchase (Ambiguous only; may be empty)
	Reason     string
	// What was compared.
	NewOrders     []int // orders that appeared since the snapshot, any product
	BalanceBefore Cents
	BalanceAfter  Cents
	ObservedAt    time.Time
}

// String is the one-line answer: "bought: order 12", "not bought" or
// "ambiguous: candidates 12, 13".
func (s *Settlement) String() string {
	switch s.Verdict {
	case Bought:
		return "bought: order " + strconv.Itoa(s.OrderID)
	case Ambiguous:
		if len(s.Candidates) == 0 {
			return "ambiguous: no candidate order"
		}
		return "ambiguous: candidates " + joinInts(s.Candidates)
	}
	return string(s.Verdict)
}

// SettleOption changes how Settle observes.
type SettleOption func(*settleConfig)

type settleConfig struct{ grace time.Duration }

// SettleGrace replaces DefaultSettleGrace; 0 looks at once (right for a
// server known to have dropped the answer after it finished, as in tests).
func SettleGrace(d time.Duration) SettleOption {
	return func(c *settleConfig) { c.grace = max(d, 0) }
}

// Settle answers whether the purchase that returned purchaseErr (an error
// matching ErrOutcomeUnknown from Purchase on this account) happened, by
// comparing the account with before, a Snapshot taken before the purchase
// was sent. It only reads, so it can be called again after a read error.
// Usage:
//
//	before, err := client.Snapshot(ctx)
//	...
//	res, err := client.Purchase(ctx, order)
//	if errors.Is(err, facade.ErrOutcomeUnknown) {
//		s, serr := client.Settle(ctx, before, err)
//		// s.Verdict is Bought (s.OrderID), NotBought or Ambiguous (s.Candidates)
//	}
func (c *Client) Settle(ctx context.Context, before *Snapshot, purchaseErr error, opts ...SettleOption) (*Settlement, error) {
	cfg := settleConfig{grace: DefaultSettleGrace}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	var unknown *OutcomeUnknownError
	if !errors.As(purchaseErr, &unknown) || unknown.Operation != opPurchaseOrder.id {
		return nil, invalid("purchase error", "is not the outcome-unknown error of a purchase; there is nothing to settle")
	}
	if before == nil || before.orderIDs == nil {
		return nil, invalid("snapshot", "is missing; take one with Snapshot before Purchase")
	}
	target, ok := c.purchases.find(unknown)
	if !ok {
		return nil, invalid("purchase error", "did not come from a Purchase of this account in this program (or was forgotten among more than %d later purchases)", maxLedger)
	}
	if target.start.Before(before.Taken) {
		return nil, invalid("snapshot", "was taken after the purchase was sent; it cannot show what the purchase changed")
	}
	if err := sleep(ctx, time.Until(target.end.Add(cfg.grace))); err != nil {
		return nil, fmt.Errorf("proxyshard: settle: %w while waiting for the server to finish", err)
	}
	after, err := c.observeSince(ctx, before)
	if err != nil {
		return nil, err
	}
	known, rivals := c.purchases.others(target, before.Started, cfg.grace)
	return judge(target, before, after, known, rivals), nil
}

// observation is the account after the purchase.
type observation struct {
	at        time.Time
	balance   Cents
	newOrders []*OrderDetail // orders not in the snapshot
}

// observeSince reads the wallet, then the orders. A purchase that lands
// between the two reads leaves the wallet unexplained by the orders, which
// makes the answer ambiguous rather than wrong.
func (c *Client) observeSince(ctx context.Context, before *Snapshot) (*observation, error) {
	me, err := c.Me(ctx)
	if err != nil {
		return nil, err
	}
	obs := &observation{balance: me.Balance}
	var ids []int
	for o, err := range c.Orders(ctx, StatusAll) {
		if err != nil {
			return nil, err
		}
		if _, old := before.orderIDs[o.ID]; !old {
			ids = append(ids, o.ID)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		d, err := c.GetOrder(ctx, id)
		if err != nil {
			return nil, err
		}
		obs.newOrders = append(obs.newOrders, d)
	}
	obs.at = c.now()
	return obs, nil
}

// judge decides from the observation; it answers Bought or NotBought only
// when nothing observed allows the other answer.
func judge(target purchaseRecord, before *Snapshot, after *observation, known map[int]bool, rivals int) *Settlement {
	s := &Settlement{BalanceBefore: before.Balance, BalanceAfter: after.balance, ObservedAt: after.at}
	var spent Cents
	var candidates []*OrderDetail
	for _, o := range after.newOrders {
		s.NewOrders = append(s.NewOrders, o.ID)
		spent += o.PricePaid + o.AddonsPricePaid
		if o.Product == target.product && !known[o.ID] {
			candidates = append(candidates, o)
		}
	}
	for _, o := range candidates {
		s.Candidates = append(s.Candidates, o.ID)
	}
	unexplained := before.Balance - after.balance - spent
	walletNote := fmt.Sprintf("the wallet went from %s to %s and the %d new order(s) cost %s", before.Balance, after.balance, len(after.newOrders), spent)
	ambiguous := func(why string) *Settlement {
		s.Verdict = Ambiguous
		s.Reason = why + "; look at the orders and the wallet's history before buying again"
		return s
	}
	if unexplained != 0 {
		return ambiguous(walletNote + ", which leaves " + unexplained.String() + " unexplained (a renewal, an add-on, a top-up or a purchase still landing)")
	}
	switch {
	case len(candidates) == 0:
		s.Verdict = NotBought
		s.Reason = fmt.Sprintf("no %s order appeared since the snapshot and %s", target.product, walletNote)
		s.Candidates = nil
		return s
	case len(candidates) > 1:
		return ambiguous(fmt.Sprintf("%d new %s orders may be this purchase", len(candidates), target.product))
	case rivals > 0:
		return ambiguous(fmt.Sprintf("%d other %s purchase(s) by this program may have landed in the same time", rivals, target.product))
	}
	if why := target.mismatch(candidates[0]); why != "" {
		return ambiguous(fmt.Sprintf("the only new %s order, %d, %s", target.product, candidates[0].ID, why))
	}
	s.Verdict = Bought
	s.OrderID = candidates[0].ID
	s.Candidates = nil
	s.Reason = fmt.Sprintf("order %d is the only new %s order and %s; this assumes no other program bought %s with this account between %s and %s",
		s.OrderID, target.product, walletNote, target.product, before.Started.UTC().Format(time.RFC3339), after.at.UTC().Format(time.RFC3339))
	return s
}

// purchaseRecord is one Purchase call, as the ledger keeps it.
type purchaseRecord struct {
	seq        uint64
	product    ProductName
	cycle      Cycle
	quantity   int
	dcISP      bool // the order keeps the quantity as sent
	start, end time.Time
	done       bool
	orderID    int                  // the order bought, when the answer said so
	unknown    *OutcomeUnknownError // the error returned when the outcome is unknown
}

// mismatch says why an order cannot be this purchase, or "" if it can.
// It only ever turns an answer into Ambiguous, so a field the server
// normalises can at worst cost an answer, never make one wrong.
func (r purchaseRecord) mismatch(o *OrderDetail) string {
	if r.cycle != "" && o.Cycle != "" && !strings.EqualFold(string(r.cycle), string(o.Cycle)) {
		return fmt.Sprintf("has cycle %q, not %q", o.Cycle, r.cycle)
	}
	if r.dcISP && o.Quantity != 0 && o.Quantity != r.quantity {
		return fmt.Sprintf("has %d IPs, not %d", o.Quantity, r.quantity)
	}
	return ""
}

// maxLedger bounds the purchases a ledger remembers; Settle answers
// Ambiguous instead of Bought when the ones it needs were forgotten.
const maxLedger = 1024

// purchaseLedger is every purchase this program sent recently on one
// account, so that Settle can tell the program's concurrent purchases from
// the one it settles.
type purchaseLedger struct {
	mu        sync.Mutex
	seq       uint64
	records   []*purchaseRecord
	forgotten time.Time // the latest end of a record dropped from the ledger
}

// ledgers holds one ledger per account: clients made with New for the same
// origin and token share it, so purchases through two clients of one
// account are known to each other's Settle.
var ledgers = struct {
	sync.Mutex
	byAccount map[[sha256.Size]byte]*purchaseLedger
}{byAccount: map[[sha256.Size]byte]*purchaseLedger{}}

// ledgerFor returns the account's ledger. It is keyed by a hash, so the
// table does not hold the token itself.
func ledgerFor(origin *url.URL, token string) *purchaseLedger {
	key := sha256.Sum256([]byte(strings.ToLower(origin.Scheme) + "://" + strings.ToLower(hostPort(origin)) + "\x00" + token))
	ledgers.Lock()
	defer ledgers.Unlock()
	l, ok := ledgers.byAccount[key]
	if !ok {
		l = &purchaseLedger{}
		ledgers.byAccount[key] = l
	}
	return l
}

// begin records a purchase about to be sent.
func (l *purchaseLedger) begin(pu purchase, now time.Time) *purchaseRecord {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seq++
	r := &purchaseRecord{seq: l.seq, product: pu.product, cycle: pu.cycle, quantity: pu.quantity,
		dcISP: pu.product == ProductDatacenter || pu.product == ProductISP, start: now}
	if len(l.records) >= maxLedger {
		l.forget()
	}
	l.records = append(l.records, r)
	return r
}

// forget drops the oldest finished record; l.mu must be held.
func (l *purchaseLedger) forget() {
	for i, r := range l.records {
		if r.done {
			if r.end.After(l.forgotten) {
				l.forgotten = r.end
			}
			l.records = slices.Delete(l.records, i, i+1)
			return
		}
	}
}

// finish records how a purchase ended.
func (l *purchaseLedger) finish(r *purchaseRecord, res *PurchaseResult, err error, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	r.done, r.end = true, now
	if res != nil {
		r.orderID = res.OrderID
	}
	var unknown *OutcomeUnknownError
	if errors.As(err, &unknown) {
		r.unknown = unknown
	}
}

func (l *purchaseLedger) find(unknown *OutcomeUnknownError) (purchaseRecord, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, r := range l.records {
		if r.unknown == unknown {
			return *r, true
		}
	}
	return purchaseRecord{}, false
}

// others returns the orders the account's other purchases are known to
// have bought, and how many other purchases of the target's product may
// have landed since since without the client knowing their order (still
// in flight, or of unknown outcome and not long enough ago).
func (l *purchaseLedger) others(target purchaseRecord, since time.Time, grace time.Duration) (known map[int]bool, rivals int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	known = map[int]bool{}
	if l.forgotten.Add(grace).After(since) {
		rivals++ // a forgotten purchase may have landed in the window
	}
	for _, r := range l.records {
		switch {
		case r.seq == target.seq:
		case r.orderID > 0:
			known[r.orderID] = true
		case r.product != target.product:
		case !r.done, r.unknown != nil && r.end.Add(grace).After(since):
			rivals++
		}
	}
	return known, rivals
}

func joinInts(ids []int) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.Itoa(id)
	}
	return strings.Join(parts, ", ")
}
