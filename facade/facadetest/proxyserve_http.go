package facadetest

import (
	"bufio"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
)

// proxyIdleTimeout is how long an HTTP proxy client may wait between requests.
const proxyIdleTimeout = 2 * time.Minute

// hopHeaders belong to one connection and are not forwarded (RFC 9110
// section 7.6.1), the proxy's credentials among them.
var hopHeaders = []string{"Connection", "Proxy-Connection", "Keep-Alive", "Proxy-Authorization",
	"Proxy-Authenticate", "Te", "Trailer", "Transfer-Encoding", "Upgrade"}

// handleHTTP serves one client of an HTTP proxy: CONNECT tunnels and
// absolute-form requests (GET http://host/path), each with Basic
// Proxy-Authorization for the order's username and password.
func (p *proxyServers) handleHTTP(conn net.Conn) {
	br := bufio.NewReader(conn)
	forward := &http.Transport{Proxy: nil, DialContext: func(ctx context.Context, _, addr string) (net.Conn, error) { return p.dial(ctx, addr) }, DisableKeepAlives: true, ResponseHeaderTimeout: 30 * time.Second}
	for {
		_ = conn.SetReadDeadline(time.Now().Add(proxyIdleTimeout))
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		_ = conn.SetReadDeadline(time.Time{})
		user, pass, ok := proxyCredentials(req)
		if !ok || !p.auth(localIP(conn), user, pass) {
			p.refuse(conn, "http", "missing or wrong credentials")
			writeProxyStatus(conn, http.StatusProxyAuthRequired, `Proxy-Authenticate: Basic realm="proxyshard-fake"`)
			return
		}
		if req.Method == http.MethodConnect {
			p.tunnel(conn, br, req.Host)
			return
		}
		if !req.URL.IsAbs() || req.URL.Scheme != "http" {
			p.refuse(conn, "http", "not an absolute-form http:// request")
			writeProxyStatus(conn, http.StatusBadRequest, "")
			return
		}
		if !p.forward(conn, forward, req) {
			return
		}
	}
}

// tunnel answers CONNECT and carries bytes both ways.
func (p *proxyServers) tunnel(conn net.Conn, br *bufio.Reader, hostport string) {
	dst, err := p.dial(context.Background(), hostport)
	if err != nil {
		p.refuse(conn, "http", err.Error())
		writeProxyStatus(conn, dialStatus(err), "")
		return
	}
	if _, err := fmt.Fprint(conn, "HTTP/1.1 200 Connection established\r\n\r\n"); err != nil {
		_ = dst.Close()
		return
	}
	pipe(conn, br, dst)
}

// forward sends an absolute-form request on and writes the answer back;
// it reports whether the connection may carry another request.
func (p *proxyServers) forward(conn net.Conn, t *http.Transport, req *http.Request) bool {
	out := req.Clone(context.Background())
	out.RequestURI = ""
	for _, h := range hopHeaders {
		out.Header.Del(h)
	}
	resp, err := t.RoundTrip(out)
	if err != nil {
		p.refuse(conn, "http", err.Error())
		writeProxyStatus(conn, dialStatus(err), "")
		return false
	}
	defer func() { _ = resp.Body.Close() }()
	for _, h := range hopHeaders {
		resp.Header.Del(h)
	}
	if err := resp.Write(conn); err != nil {
		return false
	}
	return !req.Close && !resp.Close
}

func dialStatus(err error) int {
	if errors.Is(err, errDestination) {
		return http.StatusForbidden
	}
	return http.StatusBadGateway
}

// proxyCredentials reads "Proxy-Authorization: Basic base64(user:pass)".
func proxyCredentials(r *http.Request) (user, pass string, ok bool) {
	scheme, encoded, found := strings.Cut(r.Header.Get("Proxy-Authorization"), " ")
	if !found || !strings.EqualFold(scheme, "Basic") {
		return "", "", false
	}
	raw, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return "", "", false
	}
	return strings.Cut(string(raw), ":")
}

func writeProxyStatus(conn net.Conn, status int, header string) {
	if header != "" {
		header += "\r\n"
	}
	_, _ = fmt.Fprintf(conn, "HTTP/1.1 %d %s\r\n%sContent-Length: 0\r\nConnection: close\r\n\r\n", status, http.StatusText(status), header)
}
