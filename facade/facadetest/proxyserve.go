package facadetest

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"strconv"
	"sync"
	"time"
)

// proxyServers (WithWorkingProxies) serves every proxy the fake sells, on
// the proxy's own loopback IP: an HTTP proxy (CONNECT and absolute-form requests) on the
// HTTP port and SOCKS5 on the SOCKS port, each with the order's username
// and password. The fake decides who may pass (auth); the servers only
// carry traffic, to loopback destinations unless anyDestination.
type proxyServers struct {
	httpPort, socksPort int
	auth                func(ip, username, password string) bool
	anyDestination      bool
	log                 *slog.Logger

	mu        sync.Mutex
	closed    bool
	listening map[string][2]int // IP served -> its HTTP and SOCKS5 ports
	listeners []net.Listener
	conns     map[net.Conn]struct{}
	wg        sync.WaitGroup
}

func newProxyServers(httpPort, socksPort int, anyDestination bool, log *slog.Logger) *proxyServers {
	return &proxyServers{httpPort: httpPort, socksPort: socksPort, anyDestination: anyDestination, log: log,
		listening: map[string][2]int{}, conns: map[net.Conn]struct{}{}}
}

// serve starts both servers on ip; an IP already served is left as it is
// (after a reset the fake hands out the same IPs again).
// It returns the ports ip is served on: the configured ones, or the ones
// the system picked where 0 was configured.
func (p *proxyServers) serve(ip string) (httpPort, socksPort int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if ports, ok := p.listening[ip]; ok || p.closed {
		return ports[0], ports[1]
	}
	ports := [2]int{p.httpPort, p.socksPort}
	for i, handle := range []func(net.Conn){p.handleHTTP, p.handleSOCKS} {
		addr := net.JoinHostPort(ip, strconv.Itoa(ports[i]))
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			// macOS, for one, has only 127.0.0.1 on loopback by default.
			p.log.Warn("cannot serve a sold proxy", "addr", addr, "error", err)
			continue
		}
		ports[i] = ln.Addr().(*net.TCPAddr).Port
		p.listeners = append(p.listeners, ln)
		p.wg.Add(1)
		go p.accept(ln, handle)
	}
	p.listening[ip] = ports
	return ports[0], ports[1]
}

func (p *proxyServers) accept(ln net.Listener, handle func(net.Conn)) {
	defer p.wg.Done()
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		if !p.track(conn) {
			_ = conn.Close()
			return
		}
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			defer p.untrack(conn)
			handle(conn)
		}()
	}
}

func (p *proxyServers) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	p.conns[c] = struct{}{}
	return true
}

func (p *proxyServers) untrack(c net.Conn) {
	_ = c.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.conns, c)
}

// close stops every listener and cuts every connection, then waits for
// the goroutines.
func (p *proxyServers) close() {
	p.mu.Lock()
	p.closed = true
	for _, ln := range p.listeners {
		_ = ln.Close()
	}
	for c := range p.conns {
		_ = c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}

// dial connects to a destination the fake allows: a literal loopback IP or
// "localhost" (resolved here, and only to loopback addresses), anything
// with anyDestination.
func (p *proxyServers) dial(ctx context.Context, hostport string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		return nil, err
	}
	if !p.anyDestination {
		ip, err := netip.ParseAddr(host)
		switch {
		case host == "localhost":
			host = "127.0.0.1"
		case err != nil || !ip.IsLoopback():
			return nil, errDestination
		}
	}
	d := net.Dialer{Timeout: 10 * time.Second}
	return d.DialContext(ctx, "tcp", net.JoinHostPort(host, port))
}

var errDestination = errors.New("destination not allowed: the fake's proxies reach loopback addresses only")

// pipe copies both ways until both directions end. fromClient reads the
// client's bytes, including any the handshake had already buffered.
func pipe(client net.Conn, fromClient io.Reader, dst net.Conn) {
	done := make(chan struct{}, 2)
	cp := func(to net.Conn, from io.Reader) {
		_, _ = io.Copy(to, from)
		if tc, ok := to.(interface{ CloseWrite() error }); ok {
			_ = tc.CloseWrite()
		}
		done <- struct{}{}
	}
	go cp(dst, fromClient)
	go cp(client, dst)
	<-done
	<-done
	_ = dst.Close()
}

// refuse logs why a proxy connection was refused; never the password.
func (p *proxyServers) refuse(c net.Conn, kind, reason string) {
	p.log.Info("proxy refused", "proxy", kind, "addr", c.LocalAddr().String(), "reason", reason)
}

func localIP(c net.Conn) string {
	addr, ok := c.LocalAddr().(*net.TCPAddr)
	if !ok {
		return ""
	}
	return addr.IP.String()
}
