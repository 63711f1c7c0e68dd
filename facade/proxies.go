package facade

import (
	"context"
	"net"
	"net/netip"
	"net/url"
	"strconv"

	"github.com/proxyshard/proxyshard-go/gen"
)

// Proxy is one active proxy of an order with its credentials.
type Proxy struct {
	IP        string // as the API sent it; see Addr
	HTTPPort  int
	SOCKSPort int
	Username  string
	Password  string
	Status    string
	Until     Timestamp // when the proxy expires; the API sends a date or a date-time
	// Signature is the OS fingerprint SetSignatures gave this IP, "" while
	// it has none; read it back to see that a signature took effect.
	Signature OS
}

// Addr parses IP, for SetSignatures, RemoveProxies and KeepProxies.
func (p Proxy) Addr() (netip.Addr, error) { return netip.ParseAddr(p.IP) }

// HTTPURL is the proxy as http://user:pass@ip:port, credentials escaped,
// ready for http.ProxyURL:
//
//	transport := &http.Transport{Proxy: http.ProxyURL(p.HTTPURL())}
func (p Proxy) HTTPURL() *url.URL { return p.url("http", p.HTTPPort) }

// SOCKS5URL is the proxy as socks5://user:pass@ip:port, credentials escaped.
func (p Proxy) SOCKS5URL() *url.URL { return p.url("socks5", p.SOCKSPort) }

func (p Proxy) url(scheme string, port int) *url.URL {
	return &url.URL{Scheme: scheme, User: url.UserPassword(p.Username, p.Password), Host: p.hostPort(port)}
}

func (p Proxy) hostPort(port int) string { return net.JoinHostPort(p.IP, strconv.Itoa(port)) }

// IPPortUserPass is the HTTP proxy as "ip:port:user:pass", the line format
// many proxy tools import. The credentials are not escaped.
func (p Proxy) IPPortUserPass() string {
	return p.hostPort(p.HTTPPort) + ":" + p.Username + ":" + p.Password
}

// UserPassAtIPPort is the HTTP proxy as "user:pass@ip:port". The
// credentials are not escaped.
func (p Proxy) UserPassAtIPPort() string {
	return p.Username + ":" + p.Password + "@" + p.hostPort(p.HTTPPort)
}

// ActiveProxies returns the proxies of a Datacenter or ISP order.
func (c *Client) ActiveProxies(ctx context.Context, orderID int) ([]Proxy, error) {
	if err := validateOrderID(orderID); err != nil {
		return nil, err
	}
	req, err := gen.BuildListActiveProxies(c.server, &gen.ListActiveProxiesParams{OrderID: orderID})
	ans, err := opListActiveProxies.call(ctx, c, req, err)
	if err != nil {
		return nil, err
	}
	out := make([]Proxy, 0, len(ans.Data))
	for _, p := range ans.Data {
		out = append(out, Proxy{
			IP: p.IP, HTTPPort: p.HTTPPort, SOCKSPort: p.SOCKSPort, Username: p.Username, Password: p.Password,
			Status: p.Status, Until: parseTimestamp(p.Until), Signature: OS(deref(p.Signature)),
		})
	}
	return out, nil
}

// RemoveProxies marks IPs of a Datacenter or ISP order for deletion
// (del-np); the server then recalculates the order's quantity and price.
// It must keep at least one IP. Marking is a "set" (the same call twice
// leaves the same marks), so it is retried like a read.
func (c *Client) RemoveProxies(ctx context.Context, orderID int, ips ...netip.Addr) error {
	return c.setDelNp(ctx, orderID, ips, true)
}

// KeepProxies clears the deletion mark that RemoveProxies set.
func (c *Client) KeepProxies(ctx context.Context, orderID int, ips ...netip.Addr) error {
	return c.setDelNp(ctx, orderID, ips, false)
}

func (c *Client) setDelNp(ctx context.Context, orderID int, addrs []netip.Addr, remove bool) error {
	if err := validateOrderID(orderID); err != nil {
		return err
	}
	if len(addrs) == 0 {
		return invalid("ips", "are empty")
	}
	ips, err := proxyIPs("ips", addrs)
	if err != nil {
		return err
	}
	items := make([]gen.DelNpItem, len(ips))
	for i, ip := range ips {
		items[i] = gen.DelNpItem{IP: ip, Value: remove}
	}
	req, err := gen.BuildSetDelNp(c.server, orderID, gen.SetDelNpRequest{Items: items})
	_, err = opSetDelNp.call(ctx, c, req, err)
	return err
}

// proxyIPs checks addresses and writes them as the API does: IPv4 in
// dotted form (an IPv4-mapped IPv6 address is unmapped), no zone, each once.
func proxyIPs(field string, addrs []netip.Addr) ([]string, error) {
	out := make([]string, len(addrs))
	seen := make(map[netip.Addr]struct{}, len(addrs))
	for i, a := range addrs {
		at := field + "[" + strconv.Itoa(i) + "]"
		switch {
		case !a.IsValid():
			return nil, invalid(at, "is the zero netip.Addr")
		case a.Zone() != "":
			return nil, invalid(at, "%s has a zone, which a proxy IP cannot have", a)
		}
		a = a.Unmap()
		if _, dup := seen[a]; dup {
			return nil, invalid(at, "%s is listed twice", a)
		}
		seen[a] = struct{}{}
		out[i] = a.String()
	}
	return out, nil
}
