package facadetest

import (
	"context"
	"crypto/subtle"
	"encoding/binary"
	"fmt"
	"net/netip"
	"time"

	"github.com/proxyshard/proxyshard-go/gen"
)

// Every fake proxy listens on the same two ports of its own IP: these,
// unless WithProxyNetwork says otherwise.
const (
	ProxyHTTPPort  = 8080
	ProxySocksPort = 1080
)

// proxyNetwork is where the fake's proxy IPs come from and which ports
// they advertise.
type proxyNetwork struct {
	first               netip.Addr // the first IP handed out
	httpPort, socksPort int
	// onAllocate is told of each new IP (WithProxyNetwork).
	onAllocate func(ip string)
	// serve serves a new IP and returns its ports (WithWorkingProxies).
	serve func(ip string) (httpPort, socksPort int)
}

func defaultProxyNetwork() proxyNetwork {
	return proxyNetwork{first: netip.AddrFrom4([4]byte{10, 0, 0, 1}), httpPort: ProxyHTTPPort, socksPort: ProxySocksPort}
}

// WithProxyNetwork makes the fake hand out proxy IPs counting up from
// first, an IPv4 address (10.0.0.1 by default), advertised on httpPort and
// socksPort, and call onAllocate (if not nil) with each new IP before the
// purchase that takes it is answered, so that a server of one's own can
// serve it. onAllocate runs with the fake's state locked: it must not call
// the fake. WithWorkingProxies serves them with the fake's own servers.
func WithProxyNetwork(first netip.Addr, httpPort, socksPort int, onAllocate func(ip string)) Option {
	return func(c *config) {
		c.proxies = proxyNetwork{first: first, httpPort: httpPort, socksPort: socksPort, onAllocate: onAllocate}
		c.workingProxies = false
	}
}

// WithWorkingProxies makes every Datacenter/ISP IP the fake sells a real
// proxy: IPs count up from first, a loopback IPv4 address such as
// 127.77.0.1, and each is served on httpPort as an HTTP proxy (CONNECT and
// absolute-form requests) and on socksPort as SOCKS5, both with the order's
// username and password. A port of 0 lets the system pick a free one per
// IP (the answers then name it), which keeps parallel test runs apart. An IP whose order expires, is cancelled or loses
// it to del-np stops working; a wrong password is refused. Destinations are
// loopback addresses and localhost only, unless anyDestination. Linux
// routes all of 127.0.0.0/8 to loopback; an IP the system cannot bind
// (macOS has only 127.0.0.1 unless told) is logged and not served. Close
// stops the proxies and cuts their connections.
func WithWorkingProxies(first netip.Addr, httpPort, socksPort int, anyDestination bool) Option {
	return func(c *config) {
		c.proxies = proxyNetwork{first: first, httpPort: httpPort, socksPort: socksPort}
		c.workingProxies, c.anyDestination = true, anyDestination
	}
}

type proxy struct {
	ip, username, password string
	httpPort, socksPort    int
	signature              string // "" until signed; a signed IP keeps its slot
	deleteNext             bool   // marked by del-np: leaves the order at renewal
}

// ProxyState is a snapshot of one proxy IP of an order.
type ProxyState struct {
	IP               string `json:"ip"`
	Username         string `json:"username"`
	Password         string `json:"password"`
	HTTPPort         int    `json:"http_port"`
	SOCKSPort        int    `json:"socks_port"`
	Signature        string `json:"signature"`          // "" when unsigned
	DeleteNextPeriod bool   `json:"delete_next_period"` // marked by del-np
}

func (p *proxy) snapshot() ProxyState {
	return ProxyState{IP: p.ip, Username: p.username, Password: p.password, HTTPPort: p.httpPort,
		SOCKSPort: p.socksPort, Signature: p.signature, DeleteNextPeriod: p.deleteNext}
}

// allocateProxies takes n IPs from the order's location; st.mu must be held.
// IPs count up from the proxy network's first, unique across the fake.
func (st *state) allocateProxies(o *order, n int) {
	st.stock[stockKey{o.product.name, o.location}] -= n
	for range n {
		ip := addIPv4(st.proxyNet.first, st.lastIP)
		st.lastIP++
		p := &proxy{
			ip:       ip.String(),
			username: fmt.Sprintf("ps%d", o.id),
			password: fmt.Sprintf("pw%08x", uint32(o.id)*2654435761),
			httpPort: st.proxyNet.httpPort, socksPort: st.proxyNet.socksPort,
		}
		if st.proxyNet.serve != nil {
			p.httpPort, p.socksPort = st.proxyNet.serve(p.ip)
		}
		if st.proxyNet.onAllocate != nil {
			st.proxyNet.onAllocate(p.ip)
		}
		o.proxies = append(o.proxies, p)
	}
}

// addIPv4 returns the IPv4 address n after first.
func addIPv4(first netip.Addr, n uint32) netip.Addr {
	b := first.As4()
	var out [4]byte
	binary.BigEndian.PutUint32(out[:], binary.BigEndian.Uint32(b[:])+n)
	return netip.AddrFrom4(out)
}

// ProxyAuth says whether ip is a proxy of an active order whose username
// and password are the given ones: what a proxy server of the fake's
// checks before it carries traffic. An IP of an order that expired, was
// cancelled or lost it to del-np is refused, as is a wrong password.
func (s *Server) ProxyAuth(ip, username, password string) bool {
	s.st.lock()
	defer s.st.mu.Unlock()
	for _, o := range s.st.orders {
		if o.status != StatusActive {
			continue
		}
		if p := o.proxyByIP(ip); p != nil {
			return subtle.ConstantTimeCompare([]byte(p.username), []byte(username)) == 1 &&
				subtle.ConstantTimeCompare([]byte(p.password), []byte(password)) == 1
		}
	}
	return false
}

// releaseProxies returns the IPs for which drop is true to stock.
func (st *state) releaseProxies(o *order, drop func(*proxy) bool) {
	kept := o.proxies[:0]
	for _, p := range o.proxies {
		if drop(p) {
			st.stock[stockKey{o.product.name, o.location}]++
			continue
		}
		kept = append(kept, p)
	}
	o.proxies = kept
}

func (o *order) proxyByIP(ip string) *proxy {
	for _, p := range o.proxies {
		if p.ip == ip {
			return p
		}
	}
	return nil
}

func (o *order) signedProxies() int {
	n := 0
	for _, p := range o.proxies {
		if p.signature != "" {
			n++
		}
	}
	return n
}

// signatureOf is the IP's OS signature as the API reports it: null while unset.
func signatureOf(p *proxy) *string {
	if p.signature == "" {
		return nil
	}
	return ptr(p.signature)
}

// ListActiveProxies lists an active Datacenter/ISP order's IPs; an order
// that is not active has none.
func (st *state) ListActiveProxies(ctx context.Context, req gen.ListActiveProxiesRequestObject) (gen.ListActiveProxiesResponseObject, error) {
	_, o, f := st.ownedOrder(ctx, req.Params.OrderID)
	if f != nil {
		return nil, f
	}
	if !o.product.dcISP {
		return nil, forbidden("Method is unavailable for this order")
	}
	data := make([]gen.ActiveProxyItem, 0, len(o.proxies))
	if o.status == StatusActive {
		until := o.expiresAt.UTC().Format(time.RFC3339)
		for _, p := range o.proxies {
			data = append(data, gen.ActiveProxyItem{IP: p.ip, Username: p.username, Password: p.password,
				HTTPPort: p.httpPort, SOCKSPort: p.socksPort, Until: until, Status: string(StatusActive),
				Signature: signatureOf(p)})
		}
	}
	return gen.ListActiveProxies200JSONResponse{Success: true, Data: data, OrderTag: o.tag}, nil
}

// SetDelNp marks (value true) or unmarks IPs for deletion at the next
// renewal. Quantity and price_paid follow at once; an order must keep at
// least one IP, and every IP must be the order's, or nothing changes.
func (st *state) SetDelNp(ctx context.Context, req gen.SetDelNpRequestObject) (gen.SetDelNpResponseObject, error) {
	if req.Body == nil || len(req.Body.Items) == 0 {
		return nil, badRequest("items must not be empty")
	}
	_, o, f := st.ownedDCISPOrder(ctx, req.OrderID, "del-np")
	if f != nil {
		return nil, f
	}
	if o.status == StatusCancelled {
		return nil, badRequest("Order is cancelled")
	}
	marks := make(map[*proxy]bool, len(o.proxies))
	for _, p := range o.proxies {
		marks[p] = p.deleteNext
	}
	for _, item := range req.Body.Items {
		p := o.proxyByIP(item.IP)
		if p == nil {
			return nil, badRequest("IP %s is not in this order", item.IP)
		}
		marks[p] = item.Value
	}
	keep := 0
	for _, marked := range marks {
		if !marked {
			keep++
		}
	}
	if keep == 0 {
		return nil, badRequest("keep=0: an order must keep at least one IP")
	}
	for p, marked := range marks {
		p.deleteNext = marked
	}
	o.quantity = keep
	_, o.pricePaid = priceOf(o.product, o.cycle, keep, o.discount)
	return gen.SetDelNp200JSONResponse{Success: ptr(true), Message: ptr("del-np updated")}, nil
}

// SetSignatures signs IPs with an OS fingerprint. Each newly signed IP takes
// one p0f slot for good; re-signing an IP takes none. Not enough free slots,
// an unknown OS or a foreign IP changes nothing.
func (st *state) SetSignatures(ctx context.Context, req gen.SetSignaturesRequestObject) (gen.SetSignaturesResponseObject, error) {
	if req.Body == nil || len(req.Body.Items) == 0 {
		return nil, badRequest("items must not be empty")
	}
	_, o, f := st.ownedDCISPOrder(ctx, req.OrderID, "the OS signature")
	if f != nil {
		return nil, f
	}
	switch {
	case o.status != StatusActive:
		return nil, badRequest("Order is not active")
	case o.p0fSlots() == 0:
		return nil, badRequest("The p0f_slots add-on is not active on this order")
	}
	wanted := make(map[*proxy]string, len(req.Body.Items))
	newlySigned := 0
	for _, item := range req.Body.Items {
		if !item.Signature.Valid() {
			return nil, badRequest("Unknown signature %q", item.Signature)
		}
		p := o.proxyByIP(item.IP)
		if p == nil {
			return nil, badRequest("IP %s is not in this order", item.IP)
		}
		if _, seen := wanted[p]; !seen && p.signature == "" {
			newlySigned++
		}
		wanted[p] = string(item.Signature)
	}
	if free := o.p0fSlots() - o.signedProxies(); newlySigned > free {
		return nil, badRequest("Not enough p0f slots: %d free, %d needed", free, newlySigned)
	}
	for p, sig := range wanted {
		p.signature = sig
	}
	return gen.SetSignatures200JSONResponse{Success: ptr(true), Message: ptr("Signatures updated"), Updated: ptr(len(wanted))}, nil
}
