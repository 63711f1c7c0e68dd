package main

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Settling a purchase whose answer was lost compares the account before and
// after it (facade.Client.Settle); a purchase of the same product by another
// program in that time could be taken for this one. Two runs of "proxyshard
// buy" on one machine therefore take turns per account: each holds a lock
// file from its snapshot to its settlement.

// buyLockPoll is how often a waiting buy tries the lock again, unless
// app.lockPoll says otherwise.
const buyLockPoll = 100 * time.Millisecond

// lockBuys takes the account's buy lock, waiting for another run to finish,
// and returns its release. Where files cannot be locked it returns at once.
func (a *app) lockBuys(ctx context.Context, baseURL, token string) (func(), error) {
	dir := a.getenv("XDG_CACHE_HOME")
	if dir == "" {
		home := a.getenv("HOME")
		if home == "" {
			return func() {}, nil
		}
		dir = filepath.Join(home, ".cache")
	}
	dir = filepath.Join(dir, "proxyshard")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("the buy lock folder: %w", err)
	}
	// Named by a hash: neither the token nor the URL shows in the name.
	sum := sha256.Sum256([]byte(baseURL + "\x00" + token))
	f, err := os.OpenFile(filepath.Join(dir, "buy-"+hex.EncodeToString(sum[:8])+".lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("the buy lock: %w", err)
	}
	poll := cmp.Or(a.lockPoll, buyLockPoll)
	told := false
	for {
		ok, err := tryLock(f)
		if err != nil {
			_ = f.Close()
			return nil, fmt.Errorf("the buy lock: %w", err)
		}
		if ok {
			return func() { _ = f.Close() }, nil // closing the file releases the lock
		}
		if !told {
			_, _ = fmt.Fprintln(a.stderr, "proxyshard: waiting for another \"proxyshard buy\" on this account to finish...")
			told = true
		}
		select {
		case <-ctx.Done():
			_ = f.Close()
			return nil, ctx.Err()
		case <-time.After(poll):
		}
	}
}
