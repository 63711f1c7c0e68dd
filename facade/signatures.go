package facade

import (
	"context"
	"net/netip"
	"slices"

	"github.com/proxyshard/proxyshard-go/gen"
)

// OS is an operating system whose TCP/IP fingerprint (p0f signature) a
// proxy IP presents.
type OS string

// The signatures the API offers.
const (
	OSiOS     OS = "ios"
	OSMacOS   OS = "macos"
	OSAndroid OS = "android"
	OSLinux   OS = "linux"
	OSWin10   OS = "win10"
	OSWin11   OS = "win11"
)

// Valid reports whether the API accepts os as a signature.
func (os OS) Valid() bool { return gen.SignatureOS(os).Valid() }

// SetSignatures gives proxy IPs of an order an OS fingerprint. The order
// needs the p0f_slots add-on (see BuyAddon); each IP signed for the first
// time takes a slot for good, changing an IP's OS takes none. It returns
// how many IPs the server updated. Sending the same map twice leaves the
// same state, so it is retried like a read.
func (c *Client) SetSignatures(ctx context.Context, orderID int, signatures map[netip.Addr]OS) (int, error) {
	if err := validateOrderID(orderID); err != nil {
		return 0, err
	}
	if len(signatures) == 0 {
		return 0, invalid("signatures", "are empty")
	}
	// Sorted, so the same map always makes the same request.
	addrs := make([]netip.Addr, 0, len(signatures))
	for addr := range signatures {
		addrs = append(addrs, addr)
	}
	slices.SortFunc(addrs, netip.Addr.Compare)
	items := make([]gen.SignatureItem, 0, len(addrs))
	for _, addr := range addrs {
		os := signatures[addr]
		if !os.Valid() {
			return 0, invalid("signatures["+addr.String()+"]", "%q is not one of ios, macos, android, linux, win10, win11", string(os))
		}
		items = append(items, gen.SignatureItem{Signature: gen.SignatureOS(os)})
	}
	ips, err := proxyIPs("signatures", addrs)
	if err != nil {
		return 0, err
	}
	for i := range items {
		items[i].IP = ips[i]
	}
	req, err := gen.BuildSetSignatures(c.server, orderID, gen.SetSignaturesRequest{Items: items})
	ans, err := opSetSignatures.call(ctx, c, req, err)
	if err != nil {
		return 0, err
	}
	return deref(ans.Updated), nil
}
