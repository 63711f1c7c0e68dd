package facadetest

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"slices"
	"strconv"
	"time"
)

// SOCKS5 as RFC 1928 describes it, with username/password authentication
// (RFC 1929) and the CONNECT command only: what a proxy user's client
// sends. Written here rather than taken from a library: the well-kept Go
// SOCKS5 servers are not available from the module proxy this project
// builds with, and the unmaintained one would add a dependency for these
// few lines.
const (
	socksVersion      = 5
	socksAuthUserPass = 2
	socksNoMethod     = 0xff
	socksConnect      = 1

	socksSucceeded        = 0
	socksNotAllowed       = 2
	socksHostUnreachable  = 4
	socksCmdNotSupported  = 7
	socksAddrNotSupported = 8
)

// handshakeTimeout bounds greeting, authentication and request.
const handshakeTimeout = 30 * time.Second

func (p *proxyServers) handleSOCKS(conn net.Conn) {
	_ = conn.SetDeadline(time.Now().Add(handshakeTimeout))
	br := bufio.NewReader(conn)
	if !p.socksAuthenticate(conn, br) {
		return
	}
	hostport, err := readSOCKSRequest(br)
	if err != nil {
		var code socksError
		if errors.As(err, &code) {
			p.refuse(conn, "socks5", err.Error())
			socksReply(conn, byte(code), nil)
		}
		return
	}
	dst, err := p.dial(context.Background(), hostport)
	if err != nil {
		p.refuse(conn, "socks5", err.Error())
		code := byte(socksHostUnreachable)
		if errors.Is(err, errDestination) {
			code = socksNotAllowed
		}
		socksReply(conn, code, nil)
		return
	}
	local, _ := dst.LocalAddr().(*net.TCPAddr)
	if !socksReply(conn, socksSucceeded, local) {
		_ = dst.Close()
		return
	}
	_ = conn.SetDeadline(time.Time{})
	pipe(conn, br, dst)
}

// socksAuthenticate reads the greeting and the username/password
// sub-negotiation, and answers both.
func (p *proxyServers) socksAuthenticate(conn net.Conn, br *bufio.Reader) bool {
	var hdr [2]byte
	if _, err := io.ReadFull(br, hdr[:]); err != nil || hdr[0] != socksVersion {
		return false
	}
	methods := make([]byte, hdr[1])
	if _, err := io.ReadFull(br, methods); err != nil {
		return false
	}
	if !slices.Contains(methods, socksAuthUserPass) {
		p.refuse(conn, "socks5", "the client offers no username/password authentication")
		_, _ = conn.Write([]byte{socksVersion, socksNoMethod})
		return false
	}
	if _, err := conn.Write([]byte{socksVersion, socksAuthUserPass}); err != nil {
		return false
	}
	ver, err := br.ReadByte()
	if err != nil || ver != 1 {
		return false
	}
	user, err := readShortString(br)
	if err != nil {
		return false
	}
	pass, err := readShortString(br)
	if err != nil {
		return false
	}
	if !p.auth(localIP(conn), user, pass) {
		p.refuse(conn, "socks5", "missing or wrong credentials")
		_, _ = conn.Write([]byte{1, 1})
		return false
	}
	_, err = conn.Write([]byte{1, 0})
	return err == nil
}

// socksError is a request the server answers with that reply code.
type socksError byte

func (e socksError) Error() string { return "SOCKS5 reply " + strconv.Itoa(int(e)) }

func readSOCKSRequest(br *bufio.Reader) (string, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(br, hdr[:]); err != nil {
		return "", err
	}
	if hdr[0] != socksVersion {
		return "", errors.New("not SOCKS5")
	}
	if hdr[1] != socksConnect {
		return "", socksError(socksCmdNotSupported)
	}
	var host string
	switch hdr[3] {
	case 1:
		var ip [4]byte
		if _, err := io.ReadFull(br, ip[:]); err != nil {
			return "", err
		}
		host = net.IP(ip[:]).String()
	case 3:
		name, err := readShortString(br)
		if err != nil {
			return "", err
		}
		host = name
	case 4:
		var ip [16]byte
		if _, err := io.ReadFull(br, ip[:]); err != nil {
			return "", err
		}
		host = net.IP(ip[:]).String()
	default:
		return "", socksError(socksAddrNotSupported)
	}
	var port [2]byte
	if _, err := io.ReadFull(br, port[:]); err != nil {
		return "", err
	}
	return net.JoinHostPort(host, strconv.Itoa(int(binary.BigEndian.Uint16(port[:])))), nil
}

func readShortString(br *bufio.Reader) (string, error) {
	n, err := br.ReadByte()
	if err != nil {
		return "", err
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(br, b); err != nil {
		return "", err
	}
	return string(b), nil
}

// socksReply answers a request; bound is the address the server used
// (zero when none).
func socksReply(conn net.Conn, code byte, bound *net.TCPAddr) bool {
	reply := []byte{socksVersion, code, 0, 1, 0, 0, 0, 0, 0, 0}
	if bound != nil {
		if ip4 := bound.IP.To4(); ip4 != nil {
			copy(reply[4:8], ip4)
			binary.BigEndian.PutUint16(reply[8:], uint16(bound.Port))
		}
	}
	_, err := conn.Write(reply)
	return err == nil
}
