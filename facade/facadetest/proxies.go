package facadetest

import (
	"context"
	"fmt"
	"time"

	"github.com/proxyshard/proxyshard-go/gen"
)

// Every fake proxy listens on the same two ports of its own IP.
const (
	ProxyHTTPPort  = 8080
	ProxySocksPort = 1080
)

type proxy struct {
	ip, username, password string
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
	return ProxyState{IP: p.ip, Username: p.username, Password: p.password, HTTPPort: ProxyHTTPPort,
		SOCKSPort: ProxySocksPort, Signature: p.signature, DeleteNextPeriod: p.deleteNext}
}

// allocateProxies takes n IPs from the order's location; st.mu must be held.
// IPs come from 10.0.0.0/8 in sequence, unique across the whole fake.
func (st *state) allocateProxies(o *order, n int) {
	st.stock[stockKey{o.product.name, o.location}] -= n
	for range n {
		st.lastIP++
		o.proxies = append(o.proxies, &proxy{
			ip:       fmt.Sprintf("10.%d.%d.%d", st.lastIP>>16&0xff, st.lastIP>>8&0xff, st.lastIP&0xff),
			username: fmt.Sprintf("ps%d", o.id),
			password: fmt.Sprintf("pw%08x", uint32(o.id)*2654435761),
		})
	}
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
				HTTPPort: ProxyHTTPPort, SOCKSPort: ProxySocksPort, Until: until, Status: string(StatusActive)})
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
